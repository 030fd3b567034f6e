/**
 * Activities: polls, quizzes and draws (start one in a group, close it, see results and the
 * delivery of its posts; a closed draw shows its seed, commitment and re-verification), the
 * check-in leaderboard, and the daily card (日签) preview rendered by the server.
 * Tabs are addresses: /activities, /activities/leaderboard, /activities/card.
 */
import { App as AntApp, Alert, Button, Card, Descriptions, Drawer, Form, Input, InputNumber, Modal, Radio, Select, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { activitiesApi, groupsApi, type Activity, type NewActivity } from '../api/index.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { EmptyState, ErrorState, TableSkeleton } from '../components/states.tsx';
import { fmtDateTime, fmtNumber } from '../lib/format.ts';
import { dynamicLabel } from '../lib/i18nLabel.ts';
import { useAsync } from '../lib/useAsync.ts';
import { usePermissions } from '../state/session.tsx';
import { ExportTable } from '../components/ExportTable.tsx';

const TABS = ['list', 'leaderboard', 'card'] as const;
type TabKey = (typeof TABS)[number];

function GroupSelect({ value, onChange, allowClear }: { value?: number; onChange?: (v: number | undefined) => void; allowClear?: boolean }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const groups = useAsync((signal) => groupsApi.list({ q: search || undefined, limit: 30, sort: 'name', order: 'asc' }, signal), [search]);
  return (
    <Select
      showSearch filterOption={false} onSearch={setSearch} value={value} onChange={(v) => onChange?.(v)} allowClear={allowClear}
      placeholder={t('activities.group')} style={{ minWidth: 220 }} data-testid="activity-group"
      options={(groups.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }))}
    />
  );
}

function StartActivity({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (a: Activity) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const kind = Form.useWatch('kind', form) as NewActivity['kind'] | undefined;
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    const lines = (s: string) => String(s ?? '').split('\n').map((x) => x.trim()).filter(Boolean);
    const base = { groupId: v.groupId as number, title: v.title as string, ...(v.closesInHours ? { closesAt: new Date(Date.now() + v.closesInHours * 3_600_000).toISOString() } : {}) };
    const input: NewActivity = v.kind === 'poll'
      ? { ...base, kind: 'poll', config: { options: lines(v.options) } }
      : v.kind === 'quiz'
        ? { ...base, kind: 'quiz', config: { questions: [{ text: v.question, options: lines(v.options), answer: v.answer ?? 0, points: 1 }], bonusPlaces: 3 } }
        : { ...base, kind: 'draw', config: {
          keyword: v.keyword || '抽奖', winners: v.winners ?? 1, totalCents: Math.round((v.totalYuan ?? 0) * 100), prize: v.prize ?? '',
          eligibility: { activeWithinDays: v.activeWithinDays ?? 30, excludeBanned: true, excludeHunters: v.excludeHunters ?? true, hunterMinOtherMessages: 1 },
        } };
    setSaving(true);
    try {
      const a = await activitiesApi.create(input);
      form.resetFields();
      onCreated(a);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open={open} title={t('activities.start')} onCancel={onClose} onOk={submit} confirmLoading={saving} okText={t('activities.startOk')} okButtonProps={{ 'data-testid': 'activity-submit' } as never} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ kind: 'draw', winners: 1, keyword: '抽奖', activeWithinDays: 30, excludeHunters: true, totalYuan: 0 }}>
        <Form.Item name="kind" label={t('activities.kind')}>
          <Radio.Group optionType="button" options={(['draw', 'poll', 'quiz'] as const).map((k) => ({ value: k, label: dynamicLabel(`activities.kinds.${k}`, String(k)) }))} />
        </Form.Item>
        <Form.Item name="groupId" label={t('activities.group')} rules={[{ required: true, message: t('activities.groupRequired') }]}><GroupSelect /></Form.Item>
        <Form.Item name="title" label={t('activities.title')} rules={[{ required: true, max: 100 }]}><Input data-testid="activity-title" /></Form.Item>
        {kind === 'draw' ? (
          <>
            <Space wrap>
              <Form.Item name="keyword" label={t('activities.keyword')}><Input style={{ width: 120 }} /></Form.Item>
              <Form.Item name="winners" label={t('activities.winners')}><InputNumber min={1} max={500} /></Form.Item>
              <Form.Item name="totalYuan" label={t('activities.redPacket')}><InputNumber min={0} step={1} /></Form.Item>
            </Space>
            <Form.Item name="prize" label={t('activities.prize')}><Input /></Form.Item>
            <Space wrap>
              <Form.Item name="activeWithinDays" label={t('activities.activeWithinDays')}><InputNumber min={0} max={365} /></Form.Item>
              <Form.Item name="excludeHunters" label={t('activities.excludeHunters')} valuePropName="checked"><Switch /></Form.Item>
            </Space>
          </>
        ) : null}
        {kind === 'quiz' ? <Form.Item name="question" label={t('activities.question')} rules={[{ required: true }]}><Input /></Form.Item> : null}
        {kind === 'poll' || kind === 'quiz' ? (
          <Form.Item name="options" label={t('activities.options')} extra={t('activities.optionsHelp')} rules={[{ required: true }]}><Input.TextArea rows={4} /></Form.Item>
        ) : null}
        {kind === 'quiz' ? <Form.Item name="answer" label={t('activities.answer')}><InputNumber min={0} max={5} /></Form.Item> : null}
        <Form.Item name="closesInHours" label={t('activities.closesInHours')} extra={t('activities.closesHelp')}><InputNumber min={1} max={24 * 30} /></Form.Item>
      </Form>
    </Modal>
  );
}

function ActivityResult({ id, onChanged }: { id: number; onChanged: () => void }) {
  const { t } = useTranslation();
  const { canEdit } = usePermissions();
  const { message } = AntApp.useApp();
  const detail = useAsync((signal) => activitiesApi.get(id, signal), [id]);
  if (detail.error) return <ErrorState error={detail.error} onRetry={detail.reload} />;
  if (!detail.data) return <TableSkeleton rows={4} />;
  const { activity: a, deliveries, verification } = detail.data;
  const r = (a.result ?? {}) as Record<string, unknown>;
  const close = async () => {
    await activitiesApi.close(a.id);
    message.success(t('activities.closed'));
    detail.reload();
    onChanged();
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="activity-detail">
      <Descriptions column={1} size="small" bordered items={[
        { key: 'kind', label: t('activities.kind'), children: dynamicLabel(`activities.kinds.${a.kind}`, String(a.kind)) },
        { key: 'group', label: t('activities.group'), children: a.groupName },
        { key: 'state', label: t('activities.state'), children: <Tag color={a.state === 'open' ? 'green' : 'default'}>{dynamicLabel(`activities.states.${a.state}`, String(a.state))}</Tag> },
        { key: 'entries', label: t('activities.entries'), children: fmtNumber(a.entries) },
        ...(a.commitment ? [{ key: 'commitment', label: t('activities.commitment'), children: <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>{a.commitment}</Typography.Text> }] : []),
        ...(a.seed ? [{ key: 'seed', label: t('activities.seed'), children: <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>{a.seed}</Typography.Text> }] : []),
      ]} />
      {a.state === 'open' && canEdit ? <Button type="primary" onClick={close} data-testid="activity-close">{t('activities.closeNow')}</Button> : null}
      {a.kind === 'draw' && a.state === 'closed' ? (
        <Card size="small" title={t('activities.drawResult')}>
          <Typography.Paragraph>{((r.winnerNames as string[] | undefined) ?? []).map((n, i) => (
            <Tag key={i} color="gold">🏆 {n}{Array.isArray(r.shares) && (r.shares as number[])[i] !== undefined ? ` ¥${((r.shares as number[])[i]! / 100).toFixed(2)}` : ''}</Tag>
          ))}</Typography.Paragraph>
          <Typography.Paragraph type="secondary">{t('activities.drawCounts', { entrants: r.entrants ?? 0, eligible: (r.entries as unknown[] | undefined)?.length ?? 0 })}</Typography.Paragraph>
          {((r.excluded as { name: string; reason: string }[] | undefined) ?? []).map((x, i) => <Tag key={i}>{x.name}: {dynamicLabel(`activities.exclusion.${x.reason}`, String(x.reason))}</Tag>)}
          {verification ? <Alert style={{ marginTop: 12 }} type={verification.ok ? 'success' : 'error'} showIcon message={verification.ok ? t('activities.verified') : verification.problems.join('; ')} /> : null}
          <Typography.Paragraph style={{ marginTop: 12 }}>
            <a href={activitiesApi.drawRecordUrl(a.id)} download>{t('activities.downloadRecord')}</a> · <Typography.Text code>qunyun draw verify --file draw-{a.id}.json</Typography.Text>
          </Typography.Paragraph>
        </Card>
      ) : null}
      {a.kind === 'poll' && a.state === 'closed' ? (
        <Card size="small" title={t('activities.pollResult')}>
          {((a.config.options as string[]) ?? []).map((o, i) => <div key={i}>{i + 1}. {o}: <b>{(r.counts as number[] | undefined)?.[i] ?? 0}</b></div>)}
        </Card>
      ) : null}
      {a.kind === 'quiz' && a.state === 'closed' ? (
        <Card size="small" title={t('activities.quizResult')}>
          {((r.scores as { name: string; score: number; correct: number }[] | undefined) ?? []).slice(0, 10).map((s, i) => <div key={i}>{i + 1}. {s.name}: {s.score}</div>)}
        </Card>
      ) : null}
      <Card size="small" title={t('activities.deliveries')}>
        <Table size="small" rowKey="key" pagination={false} dataSource={deliveries} columns={[
          { title: t('activities.post'), dataIndex: 'text', render: (v: string | null) => <Typography.Paragraph ellipsis={{ rows: 2, expandable: true }} style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{v}</Typography.Paragraph> },
          { title: t('activities.delivery'), dataIndex: 'state', width: 120, render: (v: string, row) => <Tag color={v === 'sent' ? 'green' : v === 'failed' || v === 'unsupported' ? 'red' : 'blue'} title={row.error ?? row.instead ?? undefined}>{dynamicLabel(`activities.deliveryStates.${v}`, String(v))}</Tag> },
        ]} />
      </Card>
    </Space>
  );
}

function ActivityList() {
  const { t } = useTranslation();
  const { canEdit } = usePermissions();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<number | null>(null);
  const list = useAsync((signal) => activitiesApi.list({ limit: 20, offset: (page - 1) * 20 }, signal), [page]);
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        {canEdit ? <Button type="primary" onClick={() => setCreating(true)} data-testid="activity-new">{t('activities.start')}</Button> : null}
      </Space>
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : !list.data ? <TableSkeleton /> : list.data.items.length === 0 ? (
        <EmptyState title={t('activities.empty')} description={t('activities.emptyHelp')} />
      ) : (
        <ExportTable<Activity> exportFrom={{ source: '/api/activities', name: t('nav.activities') }} rowKey="id" dataSource={list.data.items} data-testid="activity-table"
          pagination={{ current: page, pageSize: 20, total: list.data.total, onChange: setPage }}
          onRow={(row) => ({ onClick: () => setOpenId(row.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('activities.title'), dataIndex: 'title' },
            { title: t('activities.kind'), dataIndex: 'kind', render: (k: string) => dynamicLabel(`activities.kinds.${k}`, String(k)) },
            { title: t('activities.group'), dataIndex: 'groupName' },
            { title: t('activities.state'), dataIndex: 'state', render: (s: string) => <Tag color={s === 'open' ? 'green' : 'default'}>{dynamicLabel(`activities.states.${s}`, String(s))}</Tag> },
            { title: t('activities.entries'), dataIndex: 'entries', align: 'right', render: (n: number) => fmtNumber(n) },
            { title: t('activities.createdAt'), dataIndex: 'createdAt', render: (v: string) => fmtDateTime(v) },
          ]} />
      )}
      <StartActivity open={creating} onClose={() => setCreating(false)} onCreated={(a) => { setCreating(false); list.reload(); setOpenId(a.id); }} />
      <Drawer open={openId !== null} onClose={() => setOpenId(null)} width={560} title={t('activities.detail')} destroyOnHidden>
        {openId !== null ? <ActivityResult id={openId} onChanged={list.reload} /> : null}
      </Drawer>
    </>
  );
}

function Leaderboard() {
  const { t } = useTranslation();
  const [groupId, setGroupId] = useState<number | undefined>(undefined);
  const board = useAsync((signal) => activitiesApi.leaderboard({ groupId }, signal), [groupId]);
  return (
    <>
      <Space style={{ marginBottom: 12 }}><GroupSelect value={groupId} onChange={setGroupId} allowClear /></Space>
      {board.error ? <ErrorState error={board.error} onRetry={board.reload} /> : !board.data ? <TableSkeleton /> : board.data.rows.length === 0 ? (
        <EmptyState title={t('activities.noCheckins')} description={t('activities.noCheckinsHelp')} />
      ) : (
        <ExportTable exportFrom={{ source: '/api/checkins/leaderboard', query: { groupId }, rows: 'rows', name: t('nav.activities') }} rowKey="memberId" dataSource={board.data.rows} pagination={false} data-testid="leaderboard-table" columns={[
          { title: '#', key: 'rank', width: 56, render: (_v, _r, i) => i + 1 },
          { title: t('activities.member'), dataIndex: 'name' },
          { title: t('activities.streak'), dataIndex: 'streak', align: 'right', render: (n: number) => <b>{fmtNumber(n)}</b> },
          { title: t('activities.longest'), dataIndex: 'longest', align: 'right' },
          { title: t('activities.total'), dataIndex: 'total', align: 'right' },
          { title: t('activities.lastDay'), dataIndex: 'lastDay' },
        ]} />
      )}
    </>
  );
}

function CardPreview() {
  const { t } = useTranslation();
  const [text, setText] = useState('每天进步一点点，坚持就是胜利。');
  const [name, setName] = useState('张晓燕');
  const [day, setDay] = useState('');
  const [groupId, setGroupId] = useState<number | undefined>(undefined);
  const [src, setSrc] = useState(activitiesApi.dailyCardUrl({ text, name }));
  const render = () => setSrc(activitiesApi.dailyCardUrl({ text, name, day: day || undefined, groupId }));
  return (
    <Space align="start" wrap size="large">
      <Form layout="vertical" style={{ width: 320 }}>
        <Form.Item label={t('activities.cardText')}><Input.TextArea rows={3} value={text} maxLength={120} onChange={(e) => setText(e.target.value)} /></Form.Item>
        <Form.Item label={t('activities.cardName')}><Input value={name} maxLength={40} onChange={(e) => setName(e.target.value)} /></Form.Item>
        <Form.Item label={t('activities.cardDay')} extra={t('activities.cardDayHelp')}><Input value={day} placeholder="2026-02-17" onChange={(e) => setDay(e.target.value)} /></Form.Item>
        <Form.Item label={t('activities.group')}><GroupSelect value={groupId} onChange={setGroupId} allowClear /></Form.Item>
        <Button type="primary" onClick={render} data-testid="card-render">{t('activities.cardRender')}</Button>
      </Form>
      <img src={src} alt={t('activities.cardAlt')} width={375} height={500} style={{ border: '1px solid #d9d9d9', borderRadius: 8 }} data-testid="daily-card" />
    </Space>
  );
}

export default function Activities() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const tab = (useParams().tab ?? 'list') as TabKey;
  const active = TABS.includes(tab) ? tab : 'list';
  return (
    <>
      <PageHeader title={t('activities.pageTitle')} subtitle={t('activities.pageSubtitle')} />
      <Tabs activeKey={active} onChange={(key) => navigate(key === 'list' ? '/activities' : `/activities/${key}`)} destroyOnHidden items={[
        { key: 'list', label: <span data-testid="activities-tab-list">{t('activities.tabs.list')}</span>, children: <ActivityList /> },
        { key: 'leaderboard', label: <span data-testid="activities-tab-leaderboard">{t('activities.tabs.leaderboard')}</span>, children: <Leaderboard /> },
        { key: 'card', label: <span data-testid="activities-tab-card">{t('activities.tabs.card')}</span>, children: <CardPreview /> },
      ]} />
    </>
  );
}
