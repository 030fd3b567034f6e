/**
 * 复盘 (review, issue #17): engagement that is not noise (the response each post and activity
 * got), retention cohorts (heat map and curves, by source, monthly writers new and returning, core
 * members gone silent, retention across a pause), funnels by source and live code, and the ISOOC
 * health of each group with the dead-group early warnings; operator KPIs and conversion with ROI
 * (ReviewKpi.tsx). Tabs are addresses: /review, /review/retention, /review/funnels, /review/health,
 * /review/operators, /review/conversion, /review/digest (the weekly digest: components/Digest.tsx).
 * Tables turn into cards on a phone (AppLayout). The four 复盘 reads are stored reports refreshed in
 * the background (src/review/stored.ts): each tab says when its figures were computed ("数据更新于
 * HH:mm") and has a button that recomputes them now.
 */
import { Alert, Button, Card, Col, List, Progress, Row, Segmented, Space, Statistic, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { reviewApi, type ReviewFunnels, type ReviewHealth } from '../api/index.ts';
import { Chart } from '../components/Chart.tsx';
import { DigestTab } from '../components/Digest.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { EmptyState, ErrorState, TableSkeleton } from '../components/states.tsx';
import { fmtDateTime, fmtNumber, fmtPercent, today, toDay } from '../lib/format.ts';
import { useAsync } from '../lib/useAsync.ts';
import { ExportTable } from '../components/ExportTable.tsx';
import { Conversion, Operators } from './ReviewKpi.tsx';

const TABS = ['engagement', 'retention', 'funnels', 'health', 'operators', 'conversion', 'digest'] as const;
type TabKey = (typeof TABS)[number];

function useDays(initial: number): [number, (n: number) => void, { from: string; to: string }] {
  const [days, setDays] = useState(initial);
  const end = today();
  return [days, setDays, { from: toDay(end.subtract(days - 1, 'day')), to: toDay(end) }];
}

function DaysPicker({ value, onChange, options }: { value: number; onChange: (n: number) => void; options: number[] }) {
  const { t } = useTranslation();
  return <Segmented aria-label={t('review.period')} value={value} onChange={(v) => onChange(Number(v))}
    options={options.map((n) => ({ value: n, label: t('range.lastDays', { count: n }) }))} />;
}

/** When the stored figures were computed, and a button that recomputes them now (then reloads the tab). */
function Freshness({ computedAt, refresh, onDone }: { computedAt: string | undefined; refresh: () => Promise<unknown>; onDone: () => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  if (!computedAt) return null;
  const at = fmtDateTime(computedAt);
  const time = at.slice(0, 10) === toDay(today()) ? at.slice(11) : at;
  return (
    <Space size="small" data-testid="review-freshness">
      <Typography.Text type="secondary" title={t('review.freshHelp')}>{t('review.updatedAt', { time })}</Typography.Text>
      <Button size="small" icon={<ReloadOutlined />} loading={busy} data-testid="review-refresh"
        onClick={() => { setBusy(true); refresh().then(onDone, () => undefined).finally(() => setBusy(false)); }}>{t('review.refresh')}</Button>
    </Space>
  );
}

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : fmtPercent(v, 0));

function Engagement() {
  const { t } = useTranslation();
  const [days, setDays, range] = useDays(30);
  const data = useAsync((signal) => reviewApi.engagement(range, signal), [range.from, range.to]);
  if (data.error) return <ErrorState error={data.error} onRetry={data.reload} />;
  const d = data.data;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="review-engagement">
      <Space wrap>
        <DaysPicker value={days} onChange={setDays} options={[7, 30, 90]} />
        <Freshness computedAt={d?.computedAt} refresh={() => reviewApi.refresh({ kind: 'engagement', ...range })} onDone={data.reload} />
      </Space>
      {!d ? <TableSkeleton /> : (<>
        <Row gutter={[16, 16]}>
          <Col xs={12} md={6}><Card size="small"><Statistic title={t('review.engagement.posts')} value={d.summary.posts} /></Card></Col>
          <Col xs={12} md={6}><Card size="small"><Statistic title={t('review.engagement.responseRate')} value={pct(d.summary.responseRate)} /></Card></Col>
          <Col xs={12} md={6}><Card size="small"><Statistic title={t('review.engagement.breadth')} value={pct(d.summary.breadth)} /></Card></Col>
          <Col xs={12} md={6}><Card size="small"><Statistic title={t('review.engagement.firstResponse')}
            value={d.summary.medianFirstResponseSeconds === null ? '—' : t('review.minutes', { count: Math.round(d.summary.medianFirstResponseSeconds / 60) })} /></Card></Col>
        </Row>
        <Typography.Text type="secondary">{t('review.engagement.help', { minutes: d.windowMinutes, hunters: d.summary.hunters })}</Typography.Text>
        <Card title={t('review.engagement.postsTitle')} size="small">
          {d.posts.length === 0 ? <EmptyState title={t('review.engagement.none')} /> : (
            <ExportTable exportFrom={{ source: '/api/review/engagement', query: range, rows: 'posts', name: t('review.engagement.postsTitle') }} rowKey="key" size="small" pagination={{ pageSize: 10 }} dataSource={d.posts} data-testid="review-posts" columns={[
              { title: t('review.engagement.post'), dataIndex: 'title', render: (v: string, r) => <><Tag>{t(`review.kinds.${r.kind}`)}</Tag>{v}</> },
              { title: t('review.engagement.at'), dataIndex: 'at', render: (v: string) => fmtDateTime(v) },
              { title: t('review.engagement.responders'), dataIndex: 'responders', align: 'right' },
              { title: t('review.engagement.replies'), key: 'r', align: 'right', render: (_: unknown, r) => `${r.replies} / ${r.reactions} / ${r.entries}` },
              { title: t('review.engagement.breadth'), dataIndex: 'breadth', align: 'right', render: pct },
              { title: t('review.engagement.hunters'), dataIndex: 'hunters', align: 'right' },
              { title: t('review.engagement.firstResponse'), dataIndex: 'firstResponseSeconds', align: 'right', render: (v: number | null) => (v === null ? '—' : t('review.minutes', { count: Math.round(v / 60) })) },
            ]} />
          )}
        </Card>
        <Card title={t('review.engagement.chatterTitle')} size="small">
          <ExportTable exportFrom={{ source: '/api/review/engagement', query: range, rows: 'groups', name: t('review.engagement.chatterTitle') }} rowKey="groupId" size="small" pagination={{ pageSize: 10 }} dataSource={d.groups} data-testid="review-chatter" columns={[
            { title: t('review.group'), dataIndex: 'name', render: (v: string, r) => <Link to={`/groups/${r.groupId}`}>{v}</Link> },
            { title: t('review.engagement.messages'), dataIndex: 'messages', align: 'right', render: (v: number) => fmtNumber(v) },
            { title: t('review.engagement.chatter'), dataIndex: 'chatterRatio', align: 'right', render: pct },
          ]} />
        </Card>
      </>)}
    </Space>
  );
}

function Retention() {
  const { t } = useTranslation();
  const [days, setDays, range] = useDays(180);
  const [grain, setGrain] = useState<'week' | 'month'>('week');
  const data = useAsync((signal) => reviewApi.retention({ ...range, grain }, signal), [range.from, range.to, grain]);
  if (data.error) return <ErrorState error={data.error} onRetry={data.reload} />;
  const d = data.data;
  const points = d ? Math.max(0, ...d.cohorts.map((c) => c.curve.findLastIndex((x) => x !== null) + 1)) : 0;
  const heat = d ? d.cohorts.flatMap((c, y) => c.curve.slice(0, points).map((v, x) => [x, y, v === null ? '-' : Math.round(v * 100)])) : [];
  const period = (i: number) => t(grain === 'week' ? 'review.retention.weekN' : 'review.retention.monthN', { n: i });
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="review-retention">
      <Space wrap>
        <DaysPicker value={days} onChange={setDays} options={[90, 180, 365]} />
        <Segmented aria-label={t('review.retention.grain')} value={grain} onChange={(v) => setGrain(v as 'week' | 'month')}
          options={[{ value: 'week', label: t('review.retention.byWeek') }, { value: 'month', label: t('review.retention.byMonth') }]} />
        <Freshness computedAt={d?.computedAt} refresh={() => reviewApi.refresh({ kind: 'retention', ...range, grain })} onDone={data.reload} />
      </Space>
      {!d ? <TableSkeleton /> : d.cohorts.length === 0 ? <EmptyState title={t('review.retention.none')} /> : (<>
        <Card title={t('review.retention.heatTitle')} size="small">
          <Chart testId="review-heatmap" height={Math.max(200, 40 + d.cohorts.length * 26)} option={{
            tooltip: { formatter: (p: { value: [number, number, number | string] }) => `${d.cohorts[p.value[1]]!.cohort} · ${period(p.value[0])}: ${p.value[2]}%` },
            grid: { left: 90, right: 20, top: 10, bottom: 60 },
            xAxis: { type: 'category', data: Array.from({ length: points }, (_, i) => period(i)) },
            yAxis: { type: 'category', data: d.cohorts.map((c) => `${c.cohort} (${c.size})`), inverse: true },
            visualMap: { min: 0, max: 100, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, inRange: { color: ['#f0f5ff', '#1668dc'] } },
            series: [{ type: 'heatmap', data: heat, label: { show: true, fontSize: 10 } }],
          }} />
        </Card>
        <Card title={t('review.retention.curvesTitle')} size="small">
          <Chart testId="review-curves" option={{
            tooltip: { trigger: 'axis' }, legend: { type: 'scroll', bottom: 0 }, grid: { left: 40, right: 20, top: 10, bottom: 40 },
            xAxis: { type: 'category', data: Array.from({ length: points }, (_, i) => period(i)) },
            yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
            series: d.cohorts.slice(-8).map((c) => ({ type: 'line', name: c.cohort, data: c.curve.slice(0, points).map((v) => (v === null ? null : Math.round(v * 100))) })),
          }} />
        </Card>
        <Card title={t('review.retention.milestonesTitle')} size="small">
          <ExportTable exportFrom={{ source: '/api/review/retention', query: { ...range, grain }, rows: 'cohorts', name: t('review.retention.milestonesTitle') }} rowKey="cohort" size="small" pagination={{ pageSize: 12 }} dataSource={d.cohorts} data-testid="review-cohorts" columns={[
            { title: t('review.retention.cohort'), dataIndex: 'cohort' },
            { title: t('review.retention.size'), dataIndex: 'size', align: 'right' },
            { title: 'D1', key: 'd1', align: 'right', render: (_: unknown, r) => pct(r.d1.rate) },
            { title: 'W1', key: 'w1', align: 'right', render: (_: unknown, r) => pct(r.w1.rate) },
            { title: 'M1', key: 'm1', align: 'right', render: (_: unknown, r) => pct(r.m1.rate) },
          ]} />
        </Card>
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <Card title={t('review.retention.bySource')} size="small">
              <ExportTable exportFrom={{ source: '/api/review/retention', query: { ...range, grain }, rows: 'bySource', name: t('review.retention.bySource') }} rowKey="source" size="small" pagination={false} dataSource={d.bySource} columns={[
                { title: t('review.source'), dataIndex: 'source' },
                { title: t('review.retention.size'), dataIndex: 'size', align: 'right' },
                { title: 'D1', key: 'd1', align: 'right', render: (_: unknown, r) => pct(r.d1.rate) },
                { title: 'W1', key: 'w1', align: 'right', render: (_: unknown, r) => pct(r.w1.rate) },
                { title: 'M1', key: 'm1', align: 'right', render: (_: unknown, r) => pct(r.m1.rate) },
              ]} />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={t('review.retention.monthly')} size="small">
              <Chart testId="review-monthly" height={220} option={{
                tooltip: { trigger: 'axis' }, legend: { bottom: 0 }, grid: { left: 40, right: 20, top: 10, bottom: 40 },
                xAxis: { type: 'category', data: d.monthly.map((m) => m.month.slice(0, 7)) }, yAxis: { type: 'value' },
                series: [
                  { type: 'bar', stack: 'w', name: t('review.retention.new'), data: d.monthly.map((m) => m.new) },
                  { type: 'bar', stack: 'w', name: t('review.retention.returning'), data: d.monthly.map((m) => m.returning) },
                ],
              }} />
            </Card>
          </Col>
        </Row>
        <Card title={t('review.retention.core', { count: d.core.length, of: d.coreOf })} size="small">
          <ExportTable exportFrom={{ source: '/api/review/retention', query: { ...range, grain }, rows: 'core', name: 'core' }} rowKey="memberId" size="small" pagination={{ pageSize: 10 }} dataSource={d.core} data-testid="review-core" columns={[
            { title: t('review.member'), dataIndex: 'memberId', render: (v: number) => <Link to={`/members/${v}`}>#{v}</Link> },
            { title: t('review.engagement.messages'), dataIndex: 'messages', align: 'right' },
            { title: t('review.retention.lastDay'), dataIndex: 'lastDay' },
            { title: t('review.retention.silent'), dataIndex: 'silent', render: (v: boolean, r) => (v ? <Tag color="red">{t('review.retention.silentFor', { count: r.silentDays })}</Tag> : <Tag color="green">{t('review.retention.active')}</Tag>) },
          ]} />
        </Card>
        {d.gap ? <Alert type="info" showIcon message={t('review.retention.gap', { from: d.gap.from, to: d.gap.to, days: d.gap.days, back: d.gap.cameBack, before: d.gap.before, rate: pct(d.gap.rate), fresh: d.gap.newAfter })} /> : null}
      </>)}
    </Space>
  );
}

function Funnels() {
  const { t } = useTranslation();
  const [days, setDays, range] = useDays(90);
  const data = useAsync((signal) => reviewApi.funnels(range, signal), [range.from, range.to]);
  if (data.error) return <ErrorState error={data.error} onRetry={data.reload} />;
  const d = data.data;
  type FunnelLine = ReviewFunnels['bySource'][number] & { name?: string };
  const funnelExport = [
    { key: 'key', label: t('review.source') }, { key: 'scanned', label: t('review.funnels.scanned') }, { key: 'joined', label: t('review.funnels.joined') },
    { key: 'firstMessage', label: t('review.funnels.firstMessage') }, { key: 'firstMessageRate', label: `${t('review.funnels.firstMessage')} %` },
    { key: 'activeW1', label: t('review.funnels.activeW1') }, { key: 'w1Rate', label: `${t('review.funnels.activeW1')} %` },
  ];
  const columns = (first: string): TableColumnsType<FunnelLine> => [
    { title: first, dataIndex: 'key', render: (v: string, r: FunnelLine) => r.name ?? v },
    { title: t('review.funnels.scanned'), dataIndex: 'scanned', align: 'right' as const, render: (v: number | null) => (v === null ? '—' : v) },
    { title: t('review.funnels.joined'), dataIndex: 'joined', align: 'right' as const },
    { title: t('review.funnels.firstMessage'), key: 'f', align: 'right' as const, render: (_: unknown, r: { firstMessage: number; firstMessageRate: number }) => `${r.firstMessage} (${pct(r.firstMessageRate)})` },
    { title: t('review.funnels.activeW1'), key: 'w', align: 'right' as const, render: (_: unknown, r: { activeW1: number; w1Rate: number | null }) => `${r.activeW1} (${pct(r.w1Rate)})` },
    { title: t('review.funnels.converted'), key: 'c', align: 'right' as const, render: (_: unknown, r: { converted: number; convertedRate: number }) => `${r.converted} (${pct(r.convertedRate)})` },
  ];
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="review-funnels">
      <Space wrap>
        <DaysPicker value={days} onChange={setDays} options={[30, 90, 180]} />
        <Freshness computedAt={d?.computedAt} refresh={() => reviewApi.refresh({ kind: 'funnels', ...range })} onDone={data.reload} />
      </Space>
      {!d ? <TableSkeleton /> : (<>
        <Row gutter={[16, 16]}>
          <Col xs={12} md={8}><Card size="small"><Statistic title={t('review.funnels.referral')} value={d.referral.k} precision={2} suffix={<Typography.Text type="secondary">({d.referral.referred}/{d.referral.other})</Typography.Text>} /></Card></Col>
          <Col xs={12} md={8}><Card size="small"><Statistic title={t('review.funnels.kolCoverage')} value={pct(d.kolCoverage.share)} suffix={<Typography.Text type="secondary">({d.kolCoverage.withKol}/{d.kolCoverage.groups})</Typography.Text>} /></Card></Col>
        </Row>
        <Card title={t('review.funnels.bySource')} size="small">
          <Chart testId="review-funnel-chart" height={220} option={{
            tooltip: { trigger: 'axis' }, legend: { bottom: 0 }, grid: { left: 40, right: 20, top: 10, bottom: 40 },
            xAxis: { type: 'category', data: d.bySource.map((r) => r.key) }, yAxis: { type: 'value' },
            series: [
              { type: 'bar', name: t('review.funnels.joined'), data: d.bySource.map((r) => r.joined) },
              { type: 'bar', name: t('review.funnels.firstMessage'), data: d.bySource.map((r) => r.firstMessage) },
              { type: 'bar', name: t('review.funnels.activeW1'), data: d.bySource.map((r) => r.activeW1) },
              { type: 'bar', name: t('review.funnels.converted'), data: d.bySource.map((r) => r.converted) },
            ],
          }} />
          <ExportTable exportFrom={{ source: '/api/review/funnels', query: range, rows: 'bySource', name: t('review.funnels.bySource'), columns: funnelExport }} rowKey="key" size="small" pagination={false} dataSource={d.bySource} columns={columns(t('review.source'))} data-testid="review-funnel-sources" />
        </Card>
        <Card title={t('review.funnels.byCode')} size="small">
          {d.byCode.length === 0 ? <EmptyState title={t('review.funnels.noCodes')} /> :
            <ExportTable exportFrom={{ source: '/api/review/funnels', query: range, rows: 'byCode', name: t('review.funnels.byCode'), columns: [{ key: 'name', label: t('review.funnels.code') }, ...funnelExport] }} rowKey="key" size="small" pagination={false} dataSource={d.byCode} columns={columns(t('review.funnels.code'))} data-testid="review-funnel-codes" />}
        </Card>
        <Typography.Text type="secondary">{t('review.funnels.convertedHelp', { count: d.converted.members, rate: pct(d.converted.rate) })}</Typography.Text>
      </>)}
    </Space>
  );
}

const partColor = (s: number) => (s >= 4 ? '#52c41a' : s >= 2 ? '#faad14' : '#ff4d4f');

function Health() {
  const { t } = useTranslation();
  // Keys built from the server's codes, with the server's English as the fallback.
  const tx = t as unknown as (key: string, options: Record<string, unknown>) => string;
  const data = useAsync((signal) => reviewApi.health(signal), []);
  if (data.error) return <ErrorState error={data.error} onRetry={data.reload} />;
  const d = data.data;
  if (!d) return <TableSkeleton />;
  type G = ReviewHealth['groups'][number];
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="review-health">
      <Freshness computedAt={d.computedAt} refresh={() => reviewApi.refresh({ kind: 'health' })} onDone={data.reload} />
      <Card title={t('review.health.warnings', { count: d.warnings.length })} size="small">
        {d.warnings.length === 0 ? <EmptyState title={t('review.health.noWarnings')} /> : (
          <List dataSource={d.warnings} data-testid="review-warnings" renderItem={(w) => (
            <List.Item>
              <List.Item.Meta
                title={<Space wrap><Link to={`/groups/${w.groupId}`}>{w.name}</Link><Tag color="red">{t('review.health.risk', { risk: pct(w.risk) })}</Tag><Typography.Text type="secondary">{t('review.health.age', { count: w.ageDays })}</Typography.Text></Space>}
                description={<>
                  <ul style={{ margin: 0, paddingInlineStart: 18 }}>{w.reasonCodes.map((r, i) => <li key={r.code}>{tx(`review.reasons.${r.code}`, { ...r.values, defaultValue: w.reasons[i] })}</li>)}</ul>
                  <div>{t('review.health.suggest')}: <Link to="/automations">{tx(`review.suggestions.${w.suggestion.code}`, { defaultValue: w.suggestion.title })}</Link> <Typography.Text code>{w.suggestion.rule.name}</Typography.Text></div>
                </>} />
            </List.Item>
          )} />
        )}
      </Card>
      <Card title={t('review.health.scores')} size="small">
        <Typography.Paragraph type="secondary">{t('review.health.help')}</Typography.Paragraph>
        <ExportTable<G> exportFrom={{ source: '/api/review/health', rows: 'groups', name: t('review.health.scores'), columns: [{ key: 'name', label: t('review.group') }, { key: 'members', label: t('review.retention.size') }, { key: 'score', label: t('review.health.score') }, { key: 'warning.risk', label: t('review.health.warning') }] }} rowKey="groupId" size="small" pagination={{ pageSize: 20 }} dataSource={d.groups} data-testid="review-health-table"
          expandable={{ expandedRowRender: (g) => (
            <List size="small" dataSource={g.parts} renderItem={(p) => <List.Item><b>{t(`review.parts.${p.part}`)} {p.score}/5</b>: {tx(`review.explain.${p.part}${p.part === 'operate' && !p.values['posts'] ? 'None' : ''}`, { ...p.values, defaultValue: p.explain })}</List.Item>} />
          ) }}
          columns={[
            { title: t('review.group'), dataIndex: 'name', render: (v: string, r) => <Link to={`/groups/${r.groupId}`}>{v}</Link> },
            { title: t('review.health.score'), dataIndex: 'score', align: 'right', render: (v: number) => <Progress type="circle" size={36} percent={v * 20} format={() => v.toFixed(1)} strokeColor={partColor(v)} aria-label={t('review.health.score')} /> },
            ...(['interest', 'structure', 'output', 'operate', 'copy'] as const).map((part) => ({
              title: t(`review.parts.${part}`), key: part, align: 'center' as const,
              render: (_: unknown, r: G) => { const p = r.parts.find((x) => x.part === part)!; return <Tag color={partColor(p.score)}>{p.score}</Tag>; },
            })),
            { title: t('review.health.warning'), key: 'w', render: (_: unknown, r: G) => (r.warning ? <Tag color={r.warning.alert ? 'red' : 'default'}>{pct(r.warning.risk)}</Tag> : '—') },
          ]} />
      </Card>
    </Space>
  );
}

export default function Review() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const tab = (useParams().tab ?? 'engagement') as TabKey;
  const active = TABS.includes(tab) ? tab : 'engagement';
  return (
    <div className="qy-page" data-testid="review-page">
      <PageHeader title={t('review.title')} subtitle={t('review.subtitle')} />
      <Tabs activeKey={active} onChange={(key) => navigate(key === 'engagement' ? '/review' : `/review/${key}`)} destroyOnHidden items={TABS.map((k) => ({
        key: k, label: <span data-testid={`review-tab-${k}`}>{t(`review.tabs.${k}`)}</span>,
        children: k === 'engagement' ? <Engagement /> : k === 'retention' ? <Retention /> : k === 'funnels' ? <Funnels /> : k === 'health' ? <Health /> : k === 'operators' ? <Operators /> : k === 'conversion' ? <Conversion /> : <DigestTab />,
      }))} />
    </div>
  );
}
