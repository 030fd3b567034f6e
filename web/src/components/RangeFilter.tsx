/**
 * A date-range picker with 7/30/90-day presets and "all history" (from the first day with
 * activity, resolved by the server); days are workspace-zone `YYYY-MM-DD`. Beside it, the grain of
 * the series: chosen by the range (auto) or day, week or month.
 */
import { Button, DatePicker, Segmented } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Grain } from '../api/index.ts';
import { today, toDay } from '../lib/format.ts';
import type { DayRange } from '../lib/range.ts';

export { lastDays, rangeQuery, type DayRange } from '../lib/range.ts';

export function RangeFilter({ value, onChange, testId, shown, grain }: {
  value: DayRange;
  onChange: (range: DayRange) => void;
  testId?: string;
  /** The range the server answered for (all history: from the first day), shown in the picker. */
  shown?: { from: string; to: string } | undefined;
  /** The grain the server drew the series at, shown when the range chooses it. */
  grain?: Grain | undefined;
}) {
  const { t } = useTranslation();
  const end = today();
  const presets = [7, 30, 90].map((n) => ({
    label: t('range.lastDays', { count: n }),
    value: [end.subtract(n - 1, 'day'), end] as [Dayjs, Dayjs],
  }));
  const display = value.all && shown ? shown : value;
  const auto = grain ? t('history.autoGrain', { grain: t(`history.grain.${grain}`) }) : t('history.auto');
  return (
    <span className="qy-range">
      <span data-testid={testId}>
        <DatePicker.RangePicker
          allowClear={false}
          presets={presets}
          aria-label={t('history.range')}
          value={[dayjs(display.from), dayjs(display.to)]}
          disabledDate={(d) => d.isAfter(end, 'day') || d.isBefore(dayjs('1970-01-01'), 'day')}
          onChange={(range) => {
            if (range?.[0] && range[1]) onChange({ from: toDay(range[0]), to: toDay(range[1]), ...(value.grain ? { grain: value.grain } : {}) });
          }}
        />
      </span>
      <Button
        type={value.all ? 'primary' : 'default'}
        aria-pressed={!!value.all}
        data-testid={testId ? `${testId}-all` : undefined}
        onClick={() => onChange({ ...value, all: true, to: toDay(end) })}
      >
        {t('history.all')}
      </Button>
      <Segmented<Grain | 'auto'>
        size="middle"
        aria-label={t('history.grainLabel')}
        data-testid={testId ? `${testId}-grain` : undefined}
        value={value.grain ?? 'auto'}
        options={[
          { value: 'auto', label: auto },
          ...(['day', 'week', 'month'] as const).map((g) => ({ value: g, label: t(`history.grain.${g}`) })),
        ]}
        onChange={(g) => {
          const { grain: _old, ...rest } = value;
          onChange(g === 'auto' ? rest : { ...rest, grain: g });
        }}
      />
    </span>
  );
}
