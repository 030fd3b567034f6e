/**
 * 内容日历: the week's calendar (theme × day × slot per group layer; entries are dragged between
 * cells with native HTML5 drag and drop, or moved with a form — on a phone the week is a list per
 * day), A/B tests with their verdict, and live sessions with their report.
 * Tabs are addresses: /content, /content/experiments, /content/live.
 */
import { Alert, App as AntApp, Button, Card, Descriptions, Drawer, Form, Input, InputNumber, Modal, Segmented, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { contentApi, type CalendarEntry, type Experiment, type LiveSession } from '../api/content.ts';
import { groupsApi } from '../api/index.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { usePhone } from '../components/responsive.ts';
import { EmptyState, ErrorState, TableSkeleton } from '../components/states.tsx';
import { fmtDateTime, fmtNumber, fmtPercent } from '../lib/format.ts';
import { useAsync } from '../lib/useAsync.ts';
import { usePermissions } from '../state/session.tsx';

const TABS = ['calendar', 'experiments', 'live'] as const;
type TabKey = (typeof TABS)[number];
const CATEGORIES = ['activity', 'hot', 'professional', 'personal', 'universal', 'product'] as const;
const CATEGORY_COLOR: Record<string, string> = { activity: 'magenta', hot: 'volcano', professional: 'blue', personal: 'green', universal: 'cyan', product: 'gold' };
const SLOT_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

function EntryChip({ e, draggable }: { e: CalendarEntry; draggable: boolean }) {
  const { t } = useTranslation();
  const onDragStart = (ev: DragEvent) => {
    ev.dataTransfer.setData('text/plain', String(e.id));
    ev.dataTransfer.effectAllowed = 'move';
  };
  return (
    <div draggable={draggable && e.status === 'planned'} onDragStart={onDragStart} data-testid={`entry-${e.id}`} className="content-entry"
      style={{ cursor: draggable && e.status === 'planned' ? 'grab' : 'default', marginBottom: 4, padding: '2px 6px', borderRadius: 4, background: 'rgba(22,119,255,0.08)', opacity: e.status === 'planned' ? 1 : 0.6 }}>
      <Tag color={CATEGORY_COLOR[e.category] ?? 'default'} style={{ marginInlineEnd: 4 }}>{t(`content.category.${e.category}`, { defaultValue: e.category })}</Tag>
      <span>{e.theme}</span>
      {e.kind === 'task' ? <Tag style={{ marginInlineStart: 4 }}>{t('content.task')}</Tag> : null}
      {e.status !== 'planned' ? <Typography.Text type="secondary" style={{ marginInlineStart: 4 }}>{t(`content.status.${e.status}`, { defaultValue: e.status })}{e.status === 'done' && e.kind === 'post' ? ` · ${e.posted}` : ''}</Typography.Text> : null}
    </div>
  );
}

function NewEntryModal({ open, day, slot, layer, onClose, onSaved }: { open: boolean; day: string; slot: string; layer: string; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await contentApi.createEntry({ day: v.day, slot: v.slot, layer: v.layer, theme: v.theme, kind: v.kind, category: v.category, text: v.text ?? '' });
      form.resetFields();
      onSaved();
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open={open} title={t('content.newEntry')} onCancel={onClose} onOk={submit} confirmLoading={saving} destroyOnHidden okButtonProps={{ 'data-testid': 'entry-submit' } as never}>
      <Form form={form} layout="vertical" initialValues={{ day, slot, layer, kind: 'post', category: 'professional' }}>
        <Space wrap>
          <Form.Item name="day" label={t('content.day')} rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/ }]}><Input style={{ width: 130 }} /></Form.Item>
          <Form.Item name="slot" label={t('content.slot')} rules={[{ required: true, pattern: SLOT_RE }]}><Input style={{ width: 90 }} /></Form.Item>
          <Form.Item name="layer" label={t('content.layer')} rules={[{ required: true }]}><Input style={{ width: 120 }} /></Form.Item>
        </Space>
        <Form.Item name="theme" label={t('content.theme')} rules={[{ required: true, max: 200 }]}><Input data-testid="entry-theme" /></Form.Item>
        <Space wrap>
          <Form.Item name="kind" label={t('content.kind')}><Select style={{ width: 140 }} options={[{ value: 'post', label: t('content.post') }, { value: 'task', label: t('content.task') }]} /></Form.Item>
          <Form.Item name="category" label={t('content.categoryLabel')}><Select style={{ width: 160 }} options={CATEGORIES.map((c) => ({ value: c, label: t(`content.category.${c}`) }))} /></Form.Item>
        </Space>
        <Form.Item name="text" label={t('content.text')}><Input.TextArea rows={3} data-testid="entry-text" /></Form.Item>
      </Form>
    </Modal>
  );
}

function MoveModal({ entry, onClose, onMoved }: { entry: CalendarEntry | null; onClose: () => void; onMoved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const submit = async () => {
    const v = await form.validateFields();
    await contentApi.moveEntry(entry!.id, { day: v.day, slot: v.slot });
    onMoved();
  };
  return (
    <Modal open={entry !== null} title={t('content.move')} onCancel={onClose} onOk={submit} destroyOnHidden>
      {entry ? (
        <Form form={form} layout="vertical" initialValues={{ day: entry.day, slot: entry.slot }}>
          <Form.Item name="day" label={t('content.day')} rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/ }]}><Input /></Form.Item>
          <Form.Item name="slot" label={t('content.slot')} rules={[{ required: true, pattern: SLOT_RE }]}><Input /></Form.Item>
        </Form>
      ) : null}
    </Modal>
  );
}

/** When a group's members respond: the suggested slots (response-weighted activity by weekday × hour). */
function BestTimeCard() {
  const { t } = useTranslation();
  const [groupId, setGroupId] = useState<number | undefined>(undefined);
  const groups = useAsync((signal) => groupsApi.list({ limit: 100, sort: 'name', order: 'asc' }, signal), []);
  const best = useAsync((signal) => (groupId ? contentApi.bestTime(groupId, signal) : Promise.resolve(null)), [groupId]);
  return (
    <Card size="small" title={t('content.bestTime')} style={{ marginTop: 12 }} data-testid="best-time">
      <Space wrap align="center">
        <Select aria-label={t('content.groups')} placeholder={t('content.pickGroup')} style={{ minWidth: 220 }} value={groupId} onChange={setGroupId}
          options={(groups.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }))} />
        {best.data ? (best.data.top.length === 0 ? <Typography.Text type="secondary">{t('content.noActivity')}</Typography.Text>
          : best.data.top.map((s) => <Tag key={`${s.weekday}-${s.hour}`} color="blue">{t(`content.weekdays.${s.weekday}` as never)} {String(s.hour).padStart(2, '0')}:00</Tag>)) : null}
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>{t('content.bestTimeHint')}</Typography.Paragraph>
    </Card>
  );
}

function CalendarTab() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const phone = usePhone();
  const { canEdit } = usePermissions();
  const [week, setWeek] = useState(() => dayjs().format('YYYY-MM-DD'));
  const data = useAsync((signal) => contentApi.week(week, signal), [week]);
  const [layer, setLayer] = useState<string | undefined>(undefined);
  const [adding, setAdding] = useState<{ day: string; slot: string } | null>(null);
  const [moving, setMoving] = useState<CalendarEntry | null>(null);
  const [over, setOver] = useState<string | null>(null);
  if (data.error) return <ErrorState error={data.error} onRetry={data.reload} />;
  if (!data.data) return <TableSkeleton />;
  const w = data.data;
  const current = layer && w.layers.includes(layer) ? layer : (w.layers.includes('basic') ? 'basic' : w.layers[0] ?? 'basic');
  const entries = w.entries.filter((e) => e.layer === current);
  const weekday = (d: string) => t(`content.weekdays.${dayjs(d).day()}`);
  const drop = async (ev: DragEvent, day: string, slot: string) => {
    ev.preventDefault();
    setOver(null);
    const id = Number(ev.dataTransfer.getData('text/plain'));
    const e = w.entries.find((x) => x.id === id);
    if (!e || (e.day === day && e.slot === slot)) return;
    await contentApi.moveEntry(id, { day, slot });
    message.success(t('content.moved', { theme: e.theme, day, slot }));
    data.reload();
  };
  const feed = async () => {
    const r = await contentApi.rotateFeed();
    Modal.info({ title: t('content.feedTitle'), content: <Typography.Paragraph copyable data-testid="feed-url">{`${location.origin}${r.path}`}</Typography.Paragraph> });
  };
  const toolbar = (
    <Space wrap style={{ marginBottom: 12 }}>
      <Button onClick={() => setWeek(dayjs(w.week).subtract(7, 'day').format('YYYY-MM-DD'))} aria-label={t('content.prevWeek')}>‹</Button>
      <Typography.Text strong data-testid="calendar-week">{t('content.weekOf', { day: w.week })}</Typography.Text>
      <Button onClick={() => setWeek(dayjs(w.week).add(7, 'day').format('YYYY-MM-DD'))} aria-label={t('content.nextWeek')}>›</Button>
      <Segmented value={current} onChange={(v) => setLayer(String(v))} options={w.layers.map((l) => ({ value: l, label: t(`layer.${l}`, { defaultValue: l }) }))} data-testid="calendar-layers" />
      {canEdit ? <Button type="primary" onClick={() => setAdding({ day: w.days[0]!, slot: w.slots[0] ?? '20:00' })} data-testid="entry-add">{t('content.newEntry')}</Button> : null}
      <Button onClick={feed}>{t('content.feed')}</Button>
    </Space>
  );
  const modals = (
    <>
      <NewEntryModal open={adding !== null} day={adding?.day ?? ''} slot={adding?.slot ?? ''} layer={current} onClose={() => setAdding(null)} onSaved={() => { setAdding(null); data.reload(); }} />
      <MoveModal entry={moving} onClose={() => setMoving(null)} onMoved={() => { setMoving(null); data.reload(); }} />
    </>
  );
  if (phone) {
    return (
      <div data-testid="calendar-list">
        {toolbar}
        {w.days.map((d) => {
          const list = entries.filter((e) => e.day === d);
          return (
            <Card key={d} size="small" title={`${weekday(d)} ${d}`} style={{ marginBottom: 8 }}>
              {list.length === 0 ? <Typography.Text type="secondary">{t('content.nothingPlanned')}</Typography.Text> : list.map((e) => (
                <Space key={e.id} style={{ display: 'flex', justifyContent: 'space-between' }}>
                  <span>{e.slot}</span>
                  <EntryChip e={e} draggable={false} />
                  {canEdit && e.status === 'planned' ? <Button size="small" onClick={() => setMoving(e)}>{t('content.move')}</Button> : null}
                </Space>
              ))}
            </Card>
          );
        })}
        <BestTimeCard />
        {modals}
      </div>
    );
  }
  return (
    <div data-testid="calendar-grid">
      {toolbar}
      <div style={{ overflowX: 'auto' }}>
        <table style={{ borderCollapse: 'collapse', width: '100%', minWidth: 900, tableLayout: 'fixed' }}>
          <thead>
            <tr>
              <th style={{ width: 70 }}>{t('content.slot')}</th>
              {w.days.map((d) => <th key={d} style={{ padding: 6, textAlign: 'left' }}>{weekday(d)}<br /><Typography.Text type="secondary">{d.slice(5)}</Typography.Text></th>)}
            </tr>
          </thead>
          <tbody>
            {w.slots.map((s) => (
              <tr key={s}>
                <th scope="row" style={{ verticalAlign: 'top', padding: 6 }}>{s}</th>
                {w.days.map((d) => {
                  const cell = `${d} ${s}`;
                  const list = entries.filter((e) => e.day === d && e.slot === s);
                  return (
                    <td key={d} data-testid={`cell-${d}-${s}`} onDragOver={(ev) => { if (canEdit) { ev.preventDefault(); setOver(cell); } }} onDragLeave={() => setOver(null)}
                      onDrop={(ev) => void drop(ev, d, s)} onDoubleClick={() => canEdit && setAdding({ day: d, slot: s })}
                      style={{ border: '1px solid rgba(5,5,5,0.06)', verticalAlign: 'top', padding: 4, height: 64, background: over === cell ? 'rgba(22,119,255,0.12)' : undefined }}>
                      {list.map((e) => <EntryChip key={e.id} e={e} draggable={canEdit} />)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('content.dragHint')}</Typography.Paragraph>
      <BestTimeCard />
      {modals}
    </div>
  );
}

function ResultDrawer({ experiment, onClose }: { experiment: Experiment | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const r = useAsync((signal) => (experiment ? contentApi.result(experiment.id, signal) : Promise.resolve(null)), [experiment?.id]);
  const v = r.data?.verdict;
  return (
    <Drawer open={experiment !== null} onClose={onClose} title={experiment?.name} size="large" destroyOnHidden>
      {r.error ? <ErrorState error={r.error} /> : !r.data ? <TableSkeleton rows={3} /> : (
        <div data-testid="experiment-result">
          {v ? <Alert type={v.kind === 'adopt' ? 'success' : 'info'} showIcon data-testid="experiment-verdict" style={{ marginBottom: 12 }}
            title={i18n.language.startsWith('zh') ? v.zh : v.en}
            description={t('content.testUsed', { method: t(`content.method.${v.method}`, { defaultValue: v.method }), alpha: v.alpha, deff: r.data.designEffect.toFixed(1) })} /> : null}
          {r.data.holdoutVerdict ? <Alert type="warning" style={{ marginBottom: 12 }} title={t('content.holdoutVerdict')} description={i18n.language.startsWith('zh') ? r.data.holdoutVerdict.zh : r.data.holdoutVerdict.en} /> : null}
          <Table rowKey="arm" size="small" pagination={false} dataSource={[...r.data.arms, ...(r.data.holdout ? [r.data.holdout] : [])]} columns={[
            { title: t('content.arm'), dataIndex: 'arm', render: (a: string) => (a === 'holdout' ? t('content.holdout') : a) },
            { title: t('content.units'), dataIndex: 'units', render: (n: number) => fmtNumber(n) },
            { title: t('content.reached'), dataIndex: 'reached', render: (n: number) => fmtNumber(n) },
            { title: t('content.responseRate'), key: 'rate', render: (_: unknown, a: { reached: number; responded: number }) => (a.reached ? fmtPercent(a.responded / a.reached) : '—') },
            { title: t('content.leaves'), dataIndex: 'left', render: (n: number) => fmtNumber(n) },
            { title: t('content.conversions'), dataIndex: 'converted', render: (n: number) => fmtNumber(n) },
          ]} />
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{r.data.complete ? t('content.windowClosed') : t('content.windowOpen')}</Typography.Paragraph>
        </div>
      )}
    </Drawer>
  );
}

function NewExperimentModal({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const submit = async () => {
    const v = await form.validateFields();
    const e = await contentApi.createExperiment({ name: v.name, category: v.category, holdoutShare: (v.holdout ?? 0) / 100, windowHours: v.windowHours, variants: [{ name: 'A', text: v.a }, { name: 'B', text: v.b }] });
    if (v.layer) await contentApi.startExperiment(e.id, { layer: v.layer });
    form.resetFields();
    onSaved();
  };
  return (
    <Modal open={open} title={t('content.newExperiment')} onCancel={onClose} onOk={submit} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ category: 'activity', holdout: 10, windowHours: 24, layer: 'basic' }}>
        <Form.Item name="name" label={t('content.experimentName')} rules={[{ required: true, max: 200 }]}><Input /></Form.Item>
        <Form.Item name="a" label={t('content.variantA')} rules={[{ required: true }]}><Input.TextArea rows={2} /></Form.Item>
        <Form.Item name="b" label={t('content.variantB')} rules={[{ required: true }]}><Input.TextArea rows={2} /></Form.Item>
        <Space wrap>
          <Form.Item name="category" label={t('content.categoryLabel')}><Select style={{ width: 150 }} options={CATEGORIES.map((c) => ({ value: c, label: t(`content.category.${c}`) }))} /></Form.Item>
          <Form.Item name="holdout" label={t('content.holdoutPercent')}><InputNumber min={0} max={50} /></Form.Item>
          <Form.Item name="windowHours" label={t('content.windowHours')}><InputNumber min={1} max={720} /></Form.Item>
          <Form.Item name="layer" label={t('content.startOnLayer')}><Input style={{ width: 120 }} /></Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

function ExperimentsTab() {
  const { t } = useTranslation();
  const { canEdit } = usePermissions();
  const list = useAsync((signal) => contentApi.experiments(signal), []);
  const [open, setOpen] = useState<Experiment | null>(null);
  const [creating, setCreating] = useState(false);
  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  if (!list.data) return <TableSkeleton />;
  return (
    <>
      {canEdit ? <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setCreating(true)}>{t('content.newExperiment')}</Button> : null}
      {list.data.items.length === 0 ? <EmptyState title={t('content.noExperiments')} description={t('content.noExperimentsHint')} /> : (
        <Table<Experiment> rowKey="id" dataSource={list.data.items} pagination={false} data-testid="experiment-table" columns={[
          { title: t('content.experimentName'), dataIndex: 'name', render: (n: string, e) => <Button type="link" onClick={() => setOpen(e)} data-testid={`experiment-${e.id}`}>{n}</Button> },
          { title: t('content.variants'), key: 'v', render: (_, e) => e.variants.map((v) => <Tag key={v.name}>{v.name}: {v.text.slice(0, 20)}</Tag>) },
          { title: t('content.categoryLabel'), dataIndex: 'category', render: (c: string) => t(`content.category.${c}`, { defaultValue: c }) },
          { title: t('content.holdoutPercent'), dataIndex: 'holdoutShare', render: (h: number) => fmtPercent(h, 0) },
          { title: t('content.statusLabel'), dataIndex: 'status', render: (s: string) => t(`content.status.${s}`, { defaultValue: s }) },
          { title: t('content.startedAt'), dataIndex: 'startedAt', render: (d: string | null) => fmtDateTime(d) },
        ]} />
      )}
      <ResultDrawer experiment={open} onClose={() => setOpen(null)} />
      <NewExperimentModal open={creating} onClose={() => setCreating(false)} onSaved={() => { setCreating(false); list.reload(); }} />
    </>
  );
}

function LiveReportDrawer({ session, onClose }: { session: LiveSession | null; onClose: () => void }) {
  const { t } = useTranslation();
  const r = useAsync((signal) => (session ? contentApi.liveSession(session.id, signal) : Promise.resolve(null)), [session?.id]);
  const s = r.data;
  return (
    <Drawer open={session !== null} onClose={onClose} title={session?.title} size="large" destroyOnHidden>
      {r.error ? <ErrorState error={r.error} /> : !s ? <TableSkeleton rows={3} /> : (
        <div data-testid="live-report">
          <Descriptions size="small" column={1} items={[
            { key: 'start', label: t('content.startsAt'), children: fmtDateTime(s.startsAt) },
            { key: 'status', label: t('content.statusLabel'), children: t(`content.status.${s.status}`, { defaultValue: s.status }) },
            { key: 'budget', label: t('content.budget'), children: t('content.budgetValue', { messages: s.maxMessages, minutes: s.maxMinutes }) },
            ...(s.report ? [
              { key: 'used', label: t('content.messagesUsed'), children: `${s.report.messagesUsed} / ${s.report.messagesBudget}` },
              { key: 'spoke', label: t('content.membersWhoSpoke'), children: fmtNumber(s.report.membersWhoSpoke) },
              { key: 'msgs', label: t('content.memberMessages'), children: fmtNumber(s.report.memberMessages) },
              { key: 'q', label: t('content.questions'), children: fmtNumber(s.report.questions) },
            ] : []),
          ]} />
          {s.report ? (
            <>
              <Table rowKey="at" size="small" pagination={false} style={{ marginTop: 12 }} dataSource={s.report.steps} columns={[
                { title: t('content.step'), dataIndex: 'kind', render: (k: string) => t(`content.steps.${k}`, { defaultValue: k }) },
                { title: t('content.time'), dataIndex: 'at', render: (a: string) => fmtDateTime(a) },
                { title: t('content.posted'), dataIndex: 'posted' },
                { title: t('content.replies'), dataIndex: 'replies' },
              ]} />
              {s.report.sampleQuestions.length ? <Card size="small" title={t('content.sampleQuestions')} style={{ marginTop: 12 }}>{s.report.sampleQuestions.map((q, i) => <div key={i}>· {q}</div>)}</Card> : null}
            </>
          ) : <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>{t('content.noReportYet')}</Typography.Paragraph>}
        </div>
      )}
    </Drawer>
  );
}

function NewLiveModal({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const groups = useAsync((signal) => groupsApi.list({ limit: 100, sort: 'name', order: 'asc' }, signal), []);
  const submit = async () => {
    const v = await form.validateFields();
    await contentApi.createLive({ title: v.title, guest: v.guest, groupIds: v.groupIds, startsAt: dayjs(v.startsAt).toISOString() });
    form.resetFields();
    onSaved();
  };
  return (
    <Modal open={open} title={t('content.newLive')} onCancel={onClose} onOk={submit} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ startsAt: dayjs().add(1, 'day').hour(20).minute(0).format('YYYY-MM-DDTHH:mm') }}>
        <Form.Item name="title" label={t('content.liveTitle')} rules={[{ required: true, max: 200 }]}><Input /></Form.Item>
        <Form.Item name="guest" label={t('content.guest')} rules={[{ required: true, max: 100 }]}><Input /></Form.Item>
        <Form.Item name="groupIds" label={t('content.groups')} rules={[{ required: true }]}>
          <Select mode="multiple" options={(groups.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }))} />
        </Form.Item>
        <Form.Item name="startsAt" label={t('content.startsAt')} rules={[{ required: true }]}><Input type="datetime-local" /></Form.Item>
        <Typography.Paragraph type="secondary">{t('content.liveScriptHint')}</Typography.Paragraph>
      </Form>
    </Modal>
  );
}

function LiveTab() {
  const { t } = useTranslation();
  const { canEdit } = usePermissions();
  const list = useAsync((signal) => contentApi.liveSessions(signal), []);
  const [open, setOpen] = useState<LiveSession | null>(null);
  const [creating, setCreating] = useState(false);
  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  if (!list.data) return <TableSkeleton />;
  return (
    <>
      {canEdit ? <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setCreating(true)}>{t('content.newLive')}</Button> : null}
      {list.data.items.length === 0 ? <EmptyState title={t('content.noLive')} /> : (
        <Table<LiveSession> rowKey="id" dataSource={list.data.items} pagination={false} data-testid="live-table" columns={[
          { title: t('content.liveTitle'), dataIndex: 'title', render: (n: string, s) => <Button type="link" onClick={() => setOpen(s)} data-testid={`live-${s.id}`}>{n}</Button> },
          { title: t('content.startsAt'), dataIndex: 'startsAt', render: (d: string) => fmtDateTime(d) },
          { title: t('content.statusLabel'), dataIndex: 'status', render: (s: string) => t(`content.status.${s}`, { defaultValue: s }) },
          { title: t('content.progress'), key: 'p', render: (_, s) => `${s.stepsPosted} / ${s.steps.length}` },
          { title: t('content.membersWhoSpoke'), key: 'spoke', render: (_, s) => (s.report ? fmtNumber(s.report.membersWhoSpoke) : '—') },
        ]} />
      )}
      <LiveReportDrawer session={open} onClose={() => setOpen(null)} />
      <NewLiveModal open={creating} onClose={() => setCreating(false)} onSaved={() => { setCreating(false); list.reload(); }} />
    </>
  );
}

export default function Content() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const tab = (useParams().tab ?? 'calendar') as TabKey;
  const active = TABS.includes(tab) ? tab : 'calendar';
  return (
    <>
      <PageHeader title={t('content.pageTitle')} subtitle={t('content.pageSubtitle')} />
      <Tabs activeKey={active} onChange={(key) => navigate(key === 'calendar' ? '/content' : `/content/${key}`)} destroyOnHidden items={[
        { key: 'calendar', label: <span data-testid="content-tab-calendar">{t('content.tabs.calendar')}</span>, children: <CalendarTab /> },
        { key: 'experiments', label: <span data-testid="content-tab-experiments">{t('content.tabs.experiments')}</span>, children: <ExperimentsTab /> },
        { key: 'live', label: <span data-testid="content-tab-live">{t('content.tabs.live')}</span>, children: <LiveTab /> },
      ]} />
    </>
  );
}
