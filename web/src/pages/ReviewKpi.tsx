/**
 * 复盘 tabs of issue #17 items 5 and 6: 运营考核 (operator KPIs tied to outcomes: the leaderboard,
 * a chart of the four rates per operator, and the comparison of groups) and 转化与 ROI (orders
 * imported from a shop's CSV/XLSX export or its signed webhook, ROI per campaign, live code and
 * group against the costs set, the orders with what each is attributed to, unmatched orders to map
 * to a member). Every table reads a GET route that answers plain rows (exportable as they are).
 */
import { Alert, App as AntApp, Button, Card, Col, Form, InputNumber, List, Modal, Progress, Row, Select, Space, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, membersApi, ordersApi, reviewApi, type OrderRoiRow, type OrderRow, type ReviewKpis } from '../api/index.ts';
import { Chart } from '../components/Chart.tsx';
import { EmptyState, ErrorState, TableSkeleton } from '../components/states.tsx';
import { fmtDateTime, fmtNumber, fmtPercent, today, toDay } from '../lib/format.ts';
import { useAsync } from '../lib/useAsync.ts';
import { ExportTable } from '../components/ExportTable.tsx';
import { usePermissions } from '../state/session.tsx';

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : fmtPercent(v, 0));
const yuan = (cents: number | null | undefined) => (cents === null || cents === undefined ? '—'
  : `¥${(cents / 100).toLocaleString('zh-CN', { minimumFractionDigits: cents % 100 === 0 ? 0 : 2, maximumFractionDigits: 2 })}`);

function useRange(days: number) {
  const end = today();
  return { from: toDay(end.subtract(days - 1, 'day')), to: toDay(end) };
}

function Period({ value, onChange }: { value: number; onChange: (n: number) => void }) {
  const { t } = useTranslation();
  return (
    <Select aria-label={t('review.period')} value={value} onChange={onChange} style={{ width: 140 }}
      options={[30, 90, 180].map((n) => ({ value: n, label: t('range.lastDays', { count: n }) }))} />
  );
}

// ---- 运营考核 -------------------------------------------------------------------------------

type OperatorRow = ReviewKpis['operators'][number];
type GroupRow = ReviewKpis['groups'][number];

export function Operators() {
  const { t } = useTranslation();
  const [days, setDays] = useState(30);
  const range = useRange(days);
  const data = useAsync((signal) => reviewApi.kpis(range, signal), [range.from, range.to]);
  if (data.error) return <ErrorState error={data.error} onRetry={data.reload} />;
  const d = data.data;
  const rateCol = (key: 'retention' | 'responseRate' | 'conversion' | 'taskCompletion') => ({
    title: t(`review.kpi.${key}`), key, align: 'right' as const,
    sorter: (a: OperatorRow, b: OperatorRow) => (a[key].rate ?? -1) - (b[key].rate ?? -1),
    render: (_: unknown, r: OperatorRow) => <span title={`${r[key].done} / ${r[key].of}`}>{pct(r[key].rate)}</span>,
  });
  const groupRate = (key: 'retention' | 'responseRate' | 'conversion' | 'taskCompletion') => ({
    title: t(`review.kpi.${key}`), dataIndex: key, align: 'right' as const, render: pct,
    sorter: (a: GroupRow, b: GroupRow) => (a[key] ?? -1) - (b[key] ?? -1),
  });
  const opColumns: TableColumnsType<OperatorRow> = [
    { title: t('review.kpi.rank'), dataIndex: 'rank', width: 64, render: (v: number | null) => (v === null ? '—' : v <= 3 ? <Tag color={['gold', 'default', 'orange'][v - 1]}>{`#${v}`}</Tag> : `#${v}`) },
    { title: t('review.kpi.operator'), dataIndex: 'name' },
    { title: t('review.kpi.score'), dataIndex: 'score', width: 140, sorter: (a, b) => (a.score ?? -1) - (b.score ?? -1), render: (v: number | null) => (v === null ? '—' : <Progress percent={v} size="small" format={(p) => `${p}`} aria-label={t('review.kpi.score')} />) },
    { title: t('review.kpi.groups'), dataIndex: 'groups', align: 'right' },
    rateCol('retention'), rateCol('responseRate'), rateCol('conversion'), rateCol('taskCompletion'),
    { title: t('review.kpi.revenue'), dataIndex: 'revenueCents', align: 'right', sorter: (a, b) => a.revenueCents - b.revenueCents, render: yuan },
  ];
  const groupColumns: TableColumnsType<GroupRow> = [
    { title: t('review.group'), dataIndex: 'name', render: (v: string, r) => <Link to={`/groups/${r.groupId}`}>{v}</Link> },
    { title: t('review.kpi.operator'), dataIndex: 'operatorName', render: (v: string | null) => v ?? <Typography.Text type="secondary">{t('review.kpi.unassigned')}</Typography.Text> },
    { title: t('review.kpi.members'), dataIndex: 'members', align: 'right', sorter: (a, b) => a.members - b.members },
    groupRate('retention'), groupRate('responseRate'), groupRate('conversion'), groupRate('taskCompletion'),
    { title: t('review.kpi.revenue'), dataIndex: 'revenueCents', align: 'right', sorter: (a, b) => a.revenueCents - b.revenueCents, render: yuan },
  ];
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="review-operators">
      <Period value={days} onChange={setDays} />
      <Typography.Text type="secondary">{t('review.kpi.help')}</Typography.Text>
      {!d ? <TableSkeleton /> : (<>
        <Card title={t('review.kpi.leaderboard')} size="small">
          {d.operators.length === 0 ? <EmptyState title={t('review.kpi.noOperators')} description={t('review.kpi.noOperatorsHelp')} /> : (<>
            <Chart testId="review-kpi-chart" height={Math.max(200, 60 + d.operators.length * 48)} option={{
              tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null ? '—' : `${v}%`) },
              legend: { bottom: 0, type: 'scroll' }, grid: { left: 90, right: 20, top: 10, bottom: 40 },
              yAxis: { type: 'category', data: d.operators.map((o) => o.name), inverse: true },
              xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
              series: (['retention', 'responseRate', 'conversion', 'taskCompletion'] as const).map((k) => ({
                type: 'bar', name: t(`review.kpi.${k}`), data: d.operators.map((o) => (o[k].rate === null ? null : Math.round(o[k].rate * 100))),
              })),
            }} />
            <ExportTable exportFrom={{ source: '/api/review/kpis', query: range, rows: 'operators', name: t('review.kpi.leaderboard') }} rowKey="userId" size="small" pagination={false} dataSource={d.operators} columns={opColumns} data-testid="review-leaderboard" />
          </>)}
        </Card>
        <Card title={t('review.kpi.groupsTitle')} size="small">
          {d.groups.length === 0 ? <EmptyState title={t('review.kpi.noGroups')} /> :
            <ExportTable exportFrom={{ source: '/api/review/kpis', query: range, rows: 'groups', name: t('review.kpi.groupsTitle') }} rowKey="groupId" size="small" pagination={{ pageSize: 20 }} dataSource={d.groups} columns={groupColumns} data-testid="review-kpi-groups" />}
        </Card>
      </>)}
    </Space>
  );
}

// ---- 转化与 ROI -----------------------------------------------------------------------------

function readFile(file: File): Promise<{ format: 'csv' | 'xlsx'; content: string }> {
  if (/\.xlsx$/i.test(file.name)) {
    return file.arrayBuffer().then((buf) => {
      const bytes = new Uint8Array(buf);
      let bin = '';
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return { format: 'xlsx' as const, content: btoa(bin) };
    });
  }
  return file.text().then((content) => ({ format: 'csv' as const, content }));
}

function ImportOrders({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ message: string; rows: Array<{ row: string; column: string; message: string }> } | null>(null);
  // The server's code and values in the console's language; its English where it has no code.
  const tx = t as unknown as (key: string, options: Record<string, unknown>) => string;
  const words = (i: { message: string; code?: string | undefined; values?: Record<string, string | number> | undefined }) =>
    i.code ? tx(`review.orders.errors.${i.code}`, { ...i.values, defaultValue: i.message }) : i.message;
  const submit = async () => {
    if (!file) return;
    setBusy(true); setErrors(null);
    try {
      const body = await readFile(file);
      const r = await ordersApi.importFile({ ...body, fileName: file.name });
      message.success(t('review.orders.imported', { stored: r.stored, duplicates: r.duplicates, unmatched: r.unmatched }));
      setOpen(false); setFile(null); onDone();
    } catch (e) {
      if (e instanceof ApiError) {
        setErrors({ message: e.message, rows: e.issues.map((i) => {
          const dot = i.path.indexOf('.');
          const column = dot < 0 ? '' : i.path.slice(dot + 1);
          return { row: dot < 0 ? i.path : i.path.slice(0, dot), column: column && tx(`review.orders.columns.${column}`, { defaultValue: column }), message: words(i) };
        }) });
      } else setErrors({ message: String(e), rows: [] });
    } finally { setBusy(false); }
  };
  return (<>
    <Button type="primary" onClick={() => { setOpen(true); setErrors(null); }} data-testid="orders-import">{t('review.orders.import')}</Button>
    <Modal open={open} title={t('review.orders.import')} onCancel={() => setOpen(false)} onOk={() => void submit()} okText={t('review.orders.importOk')}
      okButtonProps={{ disabled: !file, loading: busy, 'data-testid': 'orders-import-ok' } as Record<`data-${string}`, string>}>
      <Typography.Paragraph type="secondary">{t('review.orders.importHelp')}</Typography.Paragraph>
      <input type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-label={t('review.orders.file')}
        data-testid="orders-file" onChange={(e) => { setFile(e.target.files?.[0] ?? null); setErrors(null); }} />
      {errors && (
        <Alert type="error" style={{ marginTop: 12 }} showIcon data-testid="orders-import-errors" message={t('review.orders.importFailed')} description={
          errors.rows.length === 0 ? errors.message : (
            <List size="small" dataSource={errors.rows.slice(0, 50)} renderItem={(e) => (
              <List.Item>{e.row === '1' && !e.column ? e.message : t('review.orders.rowError', { row: e.row, column: e.column, message: e.message })}</List.Item>
            )} />
          )} />
      )}
    </Modal>
  </>);
}

function CostButton({ kind, row, onDone }: { kind: 'campaign' | 'code' | 'group'; row: OrderRoiRow; onDone: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState<number | null>(row.costCents === null ? null : row.costCents / 100);
  const save = async () => {
    await ordersApi.setCost({ kind, targetId: row.key, costCents: value === null ? null : Math.round(value * 100) });
    setOpen(false); onDone();
  };
  return (<>
    <Button size="small" type="link" onClick={() => setOpen(true)} aria-label={t('review.roi.setCostFor', { name: row.name })}>{t('review.roi.setCost')}</Button>
    <Modal open={open} title={t('review.roi.costOf', { name: row.name })} onCancel={() => setOpen(false)} onOk={() => void save()}>
      <Form layout="vertical">
        <Form.Item label={t('review.roi.costYuan')} help={t('review.roi.costHelp')}>
          <InputNumber min={0} step={100} value={value} onChange={(v) => setValue(v)} style={{ width: '100%' }} aria-label={t('review.roi.costYuan')} data-testid="cost-input" />
        </Form.Item>
      </Form>
    </Modal>
  </>);
}

function MapCustomer({ order, onDone }: { order: OrderRow; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [open, setOpen] = useState(false);
  const [options, setOptions] = useState<Array<{ value: number; label: string }>>([]);
  const [memberId, setMemberId] = useState<number | null>(null);
  const kind = order.customerId ? 'customer_id' as const : 'phone' as const;
  const value = order.customerId ?? order.phone;
  if (!value) return null;
  const search = async (q: string) => {
    if (!q.trim()) return;
    const page = await membersApi.list({ q, limit: 20 });
    setOptions(page.items.map((m) => ({ value: m.id, label: `${m.name} (#${m.id})` })));
  };
  const save = async () => {
    if (memberId === null) return;
    const r = await ordersApi.mapCustomer({ kind, value, memberId });
    message.success(t('review.orders.mapped', { count: r.matched }));
    setOpen(false); onDone();
  };
  return (<>
    <Button size="small" type="link" onClick={() => setOpen(true)}>{t('review.orders.map')}</Button>
    <Modal open={open} title={t('review.orders.mapTitle', { value })} onCancel={() => setOpen(false)} onOk={() => void save()} okButtonProps={{ disabled: memberId === null }}>
      <Typography.Paragraph type="secondary">{t('review.orders.mapHelp')}</Typography.Paragraph>
      <Select showSearch filterOption={false} onSearch={(q) => void search(q)} options={options} value={memberId ?? undefined} onChange={setMemberId}
        placeholder={t('review.orders.memberSearch')} aria-label={t('review.orders.memberSearch')} style={{ width: '100%' }} />
    </Modal>
  </>);
}

function WebhookSettings() {
  const { t } = useTranslation();
  const data = useAsync((signal) => ordersApi.settings(signal), []);
  const [window, setWindow] = useState<number | null>(null);
  if (data.error) return <ErrorState error={data.error} onRetry={data.reload} compact />;
  const s = data.data;
  if (!s) return <TableSkeleton rows={2} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text>{t('review.orders.webhookUrl')}</Typography.Text>
      <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>{`${location.origin}${s.webhookPath}`}</Typography.Text>
      <Typography.Text>{t('review.orders.secret')}</Typography.Text>
      <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>{s.webhookSecret}</Typography.Text>
      <Typography.Text type="secondary">{t('review.orders.signatureHelp')}</Typography.Text>
      <Space wrap>
        <span>{t('review.orders.window')}</span>
        <InputNumber min={1} max={365} value={window ?? s.windowDays} onChange={(v) => setWindow(v)} aria-label={t('review.orders.window')} addonAfter={t('review.orders.days')} />
        <Button onClick={() => void ordersApi.updateSettings({ windowDays: window ?? s.windowDays }).then(data.reload)}>{t('action.save')}</Button>
        <Button danger onClick={() => void ordersApi.updateSettings({ rotateSecret: true }).then(data.reload)}>{t('review.orders.rotate')}</Button>
      </Space>
    </Space>
  );
}

export function Conversion() {
  const { t } = useTranslation();
  const { isAdmin } = usePermissions();
  const [days, setDays] = useState(30);
  const range = useRange(days);
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((v) => v + 1);
  const roi = useAsync((signal) => ordersApi.roi(range, signal), [range.from, range.to, version]);
  const orders = useAsync((signal) => ordersApi.list({ ...range, status: 'all' }, signal), [range.from, range.to, version]);
  if (roi.error) return <ErrorState error={roi.error} onRetry={roi.reload} />;
  const r = roi.data;
  const roiColumns = (kind: 'campaign' | 'code' | 'group', label: string): TableColumnsType<OrderRoiRow> => [
    { title: label, dataIndex: 'name', render: (v: string, row) => (kind === 'group' ? <Link to={`/groups/${row.key}`}>{v}</Link> : v) },
    { title: t('review.roi.orders'), dataIndex: 'orders', align: 'right' },
    { title: t('review.roi.buyers'), dataIndex: 'buyers', align: 'right' },
    { title: t('review.roi.revenue'), dataIndex: 'revenueCents', align: 'right', render: yuan },
    { title: t('review.roi.cost'), dataIndex: 'costCents', align: 'right', render: yuan },
    { title: 'ROI', dataIndex: 'roi', align: 'right', render: (v: number | null) => (v === null ? '—' : <Typography.Text strong style={{ color: v < 0 ? '#a8071a' : '#237804' }}>{fmtPercent(v, 0)}</Typography.Text>) },
    ...(isAdmin ? [{ title: t('review.roi.actions'), key: 'cost', render: (_: unknown, row: OrderRoiRow) => <CostButton kind={kind} row={row} onDone={reload} /> }] : []),
  ];
  const chartRows = r ? [...r.byCampaign.map((x) => ({ ...x, label: `${t('review.roi.campaignTag')} ${x.name}` })), ...r.byGroup.map((x) => ({ ...x, label: x.name }))].slice(0, 12) : [];
  const list = orders.data?.items ?? [];
  const unmatched = list.filter((o) => o.memberId === null);
  const orderColumns: TableColumnsType<OrderRow> = [
    { title: t('review.orders.orderId'), dataIndex: 'orderId' },
    { title: t('review.orders.paidAt'), dataIndex: 'paidAt', render: (v: string) => fmtDateTime(v) },
    { title: t('review.orders.amount'), dataIndex: 'amountCents', align: 'right', render: yuan },
    { title: t('review.member'), dataIndex: 'memberName', render: (v: string | null, o) => (o.memberId === null ? <Tag color="warning">{t('review.orders.unmatched')}</Tag> : <Link to={`/members/${o.memberId}`}>{v ?? `#${o.memberId}`}</Link>) },
    { title: t('review.group'), dataIndex: 'groupName', render: (v: string | null, o) => (v ? <>{v} {o.groupBy && <Typography.Text type="secondary">({t(`review.orders.by.${o.groupBy}`)})</Typography.Text>}</> : '—') },
    { title: t('review.orders.touch'), key: 'touch', render: (_: unknown, o) => (
      <Space size={4} wrap>
        {o.pushId !== null && <Tag color="blue">{t('review.orders.push', { id: o.pushId })}</Tag>}
        {o.codeName && <Tag color="green">{o.codeName}</Tag>}
        {o.campaignName && <Tag color="magenta">{o.campaignName}</Tag>}
      </Space>
    ) },
  ];
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="review-conversion">
      <Space wrap>
        <Period value={days} onChange={setDays} />
        {isAdmin && <ImportOrders onDone={reload} />}
      </Space>
      {!r ? <TableSkeleton /> : (<>
        <Row gutter={[16, 16]}>
          <Col xs={12} md={6}><Card size="small"><Statistic title={t('review.roi.orders')} value={r.totals.orders} /></Card></Col>
          <Col xs={12} md={6}><Card size="small"><Statistic title={t('review.roi.revenue')} value={yuan(r.totals.revenueCents)} /></Card></Col>
          <Col xs={12} md={6}><Card size="small"><Statistic title={t('review.roi.buyers')} value={r.totals.buyers} /></Card></Col>
          <Col xs={12} md={6}><Card size="small"><Statistic title={t('review.orders.unmatched')} value={r.totals.unmatched} /></Card></Col>
        </Row>
        <Typography.Text type="secondary">{t('review.roi.help', { days: r.windowDays })}</Typography.Text>
        {chartRows.length > 0 && (
          <Card title={t('review.roi.chartTitle')} size="small">
            <Chart testId="review-roi-chart" height={Math.max(200, 60 + chartRows.length * 36)} option={{
              tooltip: { trigger: 'axis' }, legend: { bottom: 0 }, grid: { left: 110, right: 20, top: 10, bottom: 40 },
              yAxis: { type: 'category', data: chartRows.map((x) => x.label), inverse: true, axisLabel: { width: 100, overflow: 'truncate' } },
              xAxis: { type: 'value', axisLabel: { formatter: (v: number) => `¥${fmtNumber(v)}` } },
              series: [
                { type: 'bar', name: t('review.roi.revenue'), data: chartRows.map((x) => x.revenueCents / 100) },
                { type: 'bar', name: t('review.roi.cost'), data: chartRows.map((x) => (x.costCents === null ? null : x.costCents / 100)) },
              ],
            }} />
          </Card>
        )}
        <Card title={t('review.roi.byCampaign')} size="small">
          {r.byCampaign.length === 0 ? <EmptyState title={t('review.roi.none')} /> :
            <ExportTable exportFrom={{ source: '/api/orders/roi', query: range, rows: 'byCampaign', name: t('review.roi.byCampaign') }} rowKey="key" size="small" pagination={false} dataSource={r.byCampaign} columns={roiColumns('campaign', t('review.roi.campaign'))} data-testid="roi-campaigns" />}
        </Card>
        <Card title={t('review.roi.byGroup')} size="small">
          {r.byGroup.length === 0 ? <EmptyState title={t('review.roi.none')} /> :
            <ExportTable exportFrom={{ source: '/api/orders/roi', query: range, rows: 'byGroup', name: t('review.roi.byGroup') }} rowKey="key" size="small" pagination={false} dataSource={r.byGroup} columns={roiColumns('group', t('review.group'))} data-testid="roi-groups" />}
        </Card>
        <Card title={t('review.roi.byCode')} size="small">
          {r.byCode.length === 0 ? <EmptyState title={t('review.roi.none')} /> :
            <ExportTable exportFrom={{ source: '/api/orders/roi', query: range, rows: 'byCode', name: t('review.roi.byCode') }} rowKey="key" size="small" pagination={false} dataSource={r.byCode} columns={roiColumns('code', t('review.funnels.code'))} data-testid="roi-codes" />}
        </Card>
      </>)}
      {isAdmin && unmatched.length > 0 && (
        <Card title={t('review.orders.unmatchedTitle', { count: unmatched.length })} size="small">
          <Table rowKey="id" size="small" pagination={{ pageSize: 10 }} dataSource={unmatched} data-testid="orders-unmatched" columns={[
            { title: t('review.orders.orderId'), dataIndex: 'orderId' },
            { title: t('review.orders.amount'), dataIndex: 'amountCents', align: 'right', render: yuan },
            { title: t('review.orders.buyer'), key: 'buyer', render: (_: unknown, o: OrderRow) => [o.platformUserId, o.phone, o.customerId].filter(Boolean).join(' / ') },
            { title: t('review.roi.actions'), key: 'map', render: (_: unknown, o: OrderRow) => <MapCustomer order={o} onDone={reload} /> },
          ]} />
        </Card>
      )}
      <Card title={t('review.orders.title')} size="small">
        {orders.error ? <ErrorState error={orders.error} onRetry={orders.reload} compact /> : !orders.data ? <TableSkeleton rows={3} /> :
          list.length === 0 ? <EmptyState title={t('review.orders.none')} description={isAdmin ? t('review.orders.noneHelp') : undefined} /> :
            <ExportTable exportFrom={{ source: '/api/orders', query: { ...range, status: 'all' }, name: t('review.orders.title') }} rowKey="id" size="small" pagination={{ pageSize: 10 }} dataSource={list} columns={orderColumns} data-testid="orders-table" />}
      </Card>
      {isAdmin && <Card title={t('review.orders.webhookTitle')} size="small"><WebhookSettings /></Card>}
    </Space>
  );
}
