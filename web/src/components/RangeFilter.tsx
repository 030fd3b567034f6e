/** A date-range picker with 7/30/90-day presets; days are workspace-zone `YYYY-MM-DD`. */
import { DatePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { today, toDay } from '../lib/format.ts';

export interface DayRange {
  from: string;
  to: string;
}

export function lastDays(n: number): DayRange {
  const end = today();
  return { from: toDay(end.subtract(n - 1, 'day')), to: toDay(end) };
}

export function RangeFilter({ value, onChange, testId }: { value: DayRange; onChange: (range: DayRange) => void; testId?: string }) {
  const { t } = useTranslation();
  const end = today();
  const presets = [7, 30, 90].map((n) => ({
    label: t('range.lastDays', { count: n }),
    value: [end.subtract(n - 1, 'day'), end] as [Dayjs, Dayjs],
  }));
  return (
    <span data-testid={testId}>
      <DatePicker.RangePicker
        allowClear={false}
        presets={presets}
        value={[dayjs(value.from), dayjs(value.to)]}
        disabledDate={(d) => d.isAfter(end, 'day') || d.isBefore(end.subtract(365, 'day'), 'day')}
        onChange={(range) => {
          if (range?.[0] && range[1]) onChange({ from: toDay(range[0]), to: toDay(range[1]) });
        }}
      />
    </span>
  );
}
