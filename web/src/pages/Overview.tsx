/** KPIs against the previous period and the trends of the chosen range (7/30/90 days or custom). */
import { ApiOutlined } from '@ant-design/icons';
import { Button, Card, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { overviewApi, type Overview as OverviewData, type Totals } from '../api/index.ts';
import { Delta, Hint } from '../components/bits.tsx';
import { Chart, dayAxisBase } from '../components/Chart.tsx';
import { barsWithPartial, lineWithPartial, partialDayLabels } from '../components/partialDay.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { RangeFilter } from '../components/RangeFilter.tsx';
import { rangeFromParams, rangeQuery, type DayRange } from '../lib/range.ts';
import { pointLabels } from '../lib/grain.ts';
import { ChartSkeleton, EmptyState, ErrorState, KpiSkeleton } from '../components/states.tsx';
import { fmtNumber } from '../lib/format.ts';
import { useAsync } from '../lib/useAsync.ts';
import { usePermissions } from '../state/session.tsx';

const KPIS: { key: keyof Totals; upIsGood: boolean; digits?: number }[] = [
  { key: 'members', upIsGood: true },
  { key: 'people', upIsGood: true },
  { key: 'groups', upIsGood: true },
  { key: 'joins', upIsGood: true },
  { key: 'leaves', upIsGood: false },
  { key: 'messages', upIsGood: true },
  { key: 'activeMembersDaily', upIsGood: true, digits: 1 },
  { key: 'activeMembersWeekly', upIsGood: true },
];

function useRange(): [DayRange, (r: DayRange) => void] {
  const [params, setParams] = useSearchParams();
  const range = rangeFromParams(params);
  return [range, (r) => setParams({ ...(r.all ? { all: 'true' } : { from: r.from, to: r.to }), ...(r.grain ? { grain: r.grain } : {}) }, { replace: true })];
}

export default function Overview() {
  const { t } = useTranslation();
  const [range, setRange] = useRange();
  const { isAdmin } = usePermissions();
  const state = useAsync((signal) => overviewApi.get(rangeQuery(range), signal), [range.from, range.to, range.all, range.grain]);
  const data = state.data;

  const header = (
    <PageHeader
      title={t('overview.title')}
      subtitle={t('overview.subtitle')}
      extra={<RangeFilter value={range} onChange={setRange} testId="overview-range" shown={data?.range} grain={data?.grain} />}
    />
  );

  if (state.error && !data) {
    return (
      <div className="qy-page" data-testid="overview-page">
        {header}
        <Card>
          <ErrorState error={state.error} onRetry={state.reload} />
        </Card>
      </div>
    );
  }

  if (!data) {
    return (
      <div className="qy-page" data-testid="overview-page">
        {header}
        <KpiSkeleton count={7} />
        <div className="qy-chart-grid">
          {[0, 1, 2].map((i) => (
            <Card key={i} title={<span className="qy-skeleton-title" />}>
              <ChartSkeleton />
            </Card>
          ))}
        </div>
      </div>
    );
  }

  if (data.totals.groups === 0 && data.totals.members === 0) {
    return (
      <div className="qy-page" data-testid="overview-page">
        {header}
        <Card>
          <EmptyState
            title={t('overview.emptyTitle')}
            description={t('overview.emptyText')}
            action={
              isAdmin ? (
                <Link to="/settings/accounts?connect=1">
                  <Button type="primary" icon={<ApiOutlined />}>
                    {t('overview.emptyAction')}
                  </Button>
                </Link>
              ) : null
            }
          />
        </Card>
      </div>
    );
  }

  return (
    <div className={`qy-page${state.loading ? ' qy-refreshing' : ''}`} data-testid="overview-page">
      {header}
      <div className="qy-kpis" data-testid="overview-kpis">
        {KPIS.map(({ key, upIsGood, digits }) => (
          <Card key={key} className="qy-kpi" data-testid={`kpi-${key}`}>
            <Hint title={() => t(`kpi.${key}Hint`)}>
              <Typography.Text type="secondary" className="qy-kpi-label">
                {t(`kpi.${key}`)}
              </Typography.Text>
            </Hint>
            <div className="qy-kpi-value">{fmtNumber(data.totals[key], digits ?? 0)}</div>
            <div className="qy-kpi-foot">
              <Delta current={data.totals[key]} previous={data.previous[key]} upIsGood={upIsGood} />
              <Typography.Text type="secondary" className="qy-kpi-prev">
                {t('overview.previous', { value: fmtNumber(data.previous[key], digits ?? 0) })}
              </Typography.Text>
            </div>
          </Card>
        ))}
      </div>
      <OverviewCharts data={data} />
    </div>
  );
}

function OverviewCharts({ data }: { data: OverviewData }) {
  const { t, i18n } = useTranslation();
  const options = useMemo(() => {
    const partial = data.series.map((p) => p.partial);
    const days = partialDayLabels(pointLabels(data.series, data.grain), partial, t('figures.partialDay'));
    const base = dayAxisBase(days);
    const lineBase = dayAxisBase(days, false);
    return {
      messages: {
        ...lineBase,
        legend: { show: false },
        series: lineWithPartial({ name: t('kpi.messages'), type: 'line', smooth: true, showSymbol: false, areaStyle: { opacity: 0.12 } }, data.series.map((p) => p.messages), partial),
      },
      joins: {
        ...base,
        color: ['#52c41a', '#ff7875', '#1668dc'],
        series: [
          { name: t('kpi.joins'), type: 'bar', barMaxWidth: 14, data: barsWithPartial(data.series.map((p) => p.joins), partial) },
          { name: t('kpi.leaves'), type: 'bar', barMaxWidth: 14, data: barsWithPartial(data.series.map((p) => p.leaves), partial) },
          ...lineWithPartial({ name: t('overview.net'), type: 'line', smooth: true, showSymbol: false }, data.series.map((p) => p.joins - p.leaves), partial),
        ],
      },
      active: {
        ...lineBase,
        legend: { show: false },
        color: ['#722ed1'],
        series: lineWithPartial({ name: t('overview.activeMembers'), type: 'line', smooth: true, showSymbol: false, areaStyle: { opacity: 0.1 } }, data.series.map((p) => p.activeMembers), partial),
      },
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data, i18n.language]);

  const quiet = data.series.every((p) => p.messages === 0 && p.joins === 0 && p.leaves === 0);
  const empty = <EmptyState title={t('overview.noActivityTitle')} description={t('overview.noActivityText')} />;
  return (
    <div className="qy-chart-grid">
      <Card title={t('overview.chartMessages')} className="qy-chart-card qy-chart-wide" extra={<span className="qy-muted" data-testid="overview-grain" data-grain={data.grain}>{t(`history.by.${data.grain}`)}</span>}>
        {quiet ? empty : <Chart option={options.messages} testId="chart-messages" />}
      </Card>
      <Card title={t('overview.chartJoins')} className="qy-chart-card">
        {quiet ? empty : <Chart option={options.joins} testId="chart-joins" later />}
      </Card>
      <Card title={t('overview.chartActive')} className="qy-chart-card">
        {quiet ? empty : <Chart option={options.active} testId="chart-active" later />}
      </Card>
    </div>
  );
}
