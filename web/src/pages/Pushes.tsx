/**
 * 推送 Pushes: the content library (topics and templates with {variables}, media, tags, author),
 * creating and scheduling a push (targets, channels, time, an explicit guard-rail override with its
 * reason), the pushes with reach per channel, response and fatigue, the WeCom confirmation state
 * per staff member, and the guard-rail settings (caps, quiet hours, holidays, activity days).
 */
import { App as AntApp, Button, Card, Checkbox, DatePicker, Descriptions, Drawer, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tabs, Tag, TimePicker } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import {
  GUARD_RULES, PUSH_CATEGORIES, PUSH_CHANNELS, pushesApi,
  type GuardSettings, type NewPush, type Push, type PushContent, type PushContentInput,
} from '../api/pushes.ts';
import { groupsApi } from '../api/index.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { EmptyState, ErrorState, TableSkeleton } from '../components/states.tsx';
import { fmtDateTime, fmtPercent } from '../lib/format.ts';
import { dynamicLabel } from '../lib/i18nLabel.ts';
import { useAsync } from '../lib/useAsync.ts';
import { usePermissions } from '../state/session.tsx';
import { ExportTable } from '../components/ExportTable.tsx';

const dl = (key: string) => dynamicLabel(key, key.split('.').pop() ?? key);
const pct = (v: number | null) => (v === null ? '—' : fmtPercent(v));

export default function Pushes() {
  const { t } = useTranslation();
  const { tab = 'pushes' } = useParams();
  const navigate = useNavigate();
  return (
    <>
      <PageHeader title={t('pushes.title')} subtitle={t('pushes.subtitle')} />
      <Tabs activeKey={tab} onChange={(k) => navigate(k === 'pushes' ? '/pushes' : `/pushes/${k}`)} destroyOnHidden items={[
        { key: 'pushes', label: t('pushes.tabs.pushes'), children: <PushList /> },
        { key: 'library', label: t('pushes.tabs.library'), children: <Library /> },
        { key: 'guard', label: t('pushes.tabs.guard'), children: <Guard /> },
      ]} />
    </>
  );
}

function PushList() {
  const { t } = useTranslation();
  const { canEdit: canWrite } = usePermissions();
  const data = useAsync((signal) => pushesApi.list(signal), []);
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<number | null>(null);
  const reach = (p: Push) => p.reach.map((r) => (
    <div key={r.channel}>{dl(`pushes.channels.${r.channel}`)}: {r.sent + r.awaitingConfirmation}/{r.targets} · {t('pushes.members', { n: r.membersReached })}
      {r.skipped ? <Tag color="orange" style={{ marginLeft: 4 }}>{t('pushes.skipped', { n: r.skipped })}</Tag> : null}
      {r.unsupported ? <Tag style={{ marginLeft: 4 }}>{t('pushes.unsupported', { n: r.unsupported })}</Tag> : null}
    </div>));
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {canWrite ? <Button type="primary" onClick={() => setCreating(true)} data-testid="push-new">{t('pushes.new')}</Button> : null}
      {data.error ? <ErrorState error={data.error} onRetry={data.reload} /> : !data.data ? <TableSkeleton /> : data.data.items.length === 0
        ? <EmptyState title={t('pushes.none')} description={t('pushes.noneHelp')} />
        : <ExportTable exportFrom={{ source: '/api/pushes', name: t('nav.pushes') }} rowKey="id" size="small" pagination={false} dataSource={data.data.items} data-testid="push-table" columns={[
          { title: t('pushes.push'), dataIndex: 'title', render: (v: string, p: Push) => <a onClick={() => setOpen(p.id)}>{v}</a> },
          { title: t('pushes.category'), dataIndex: 'category', render: (c: string) => <Tag>{dl(`pushes.categories.${c}`)}</Tag> },
          { title: t('pushes.scheduledAt'), dataIndex: 'scheduledAt', render: (v: string) => fmtDateTime(v) },
          { title: t('pushes.reach'), key: 'reach', render: (_: unknown, p: Push) => reach(p) },
          { title: t('pushes.responseRate'), key: 'response', align: 'right' as const, render: (_: unknown, p: Push) => pct(p.response.responseRate) },
          { title: t('pushes.fatigue'), key: 'fatigue', render: (_: unknown, p: Push) => t('pushes.fatigueLine', { leaves: p.response.leaves, leaveRate: pct(p.response.leaveRate), silence: pct(p.response.silenceRate) }) },
          { title: t('pushes.state'), dataIndex: 'state', render: (s: string) => <Tag color={s === 'cancelled' ? 'default' : 'blue'}>{dl(`pushes.states.${s}`)}</Tag> },
        ]} />}
      <NewPushModal open={creating} onClose={(saved) => { setCreating(false); if (saved) data.reload(); }} />
      <Drawer open={open !== null} onClose={() => setOpen(null)} width={560} title={t('pushes.detail')} destroyOnHidden>
        {open !== null ? <PushDetailPanel id={open} onChanged={data.reload} /> : null}
      </Drawer>
    </Space>
  );
}

function PushDetailPanel({ id, onChanged }: { id: number; onChanged: () => void }) {
  const { t } = useTranslation();
  const { canEdit: canWrite } = usePermissions();
  const { message } = AntApp.useApp();
  const data = useAsync((signal) => pushesApi.get(id, signal), [id]);
  if (data.error) return <ErrorState error={data.error} onRetry={data.reload} />;
  if (!data.data) return <TableSkeleton />;
  const p = data.data;
  const cancel = async () => {
    const r = await pushesApi.cancel(p.id);
    message.success(t('pushes.cancelled', { n: r.cancelled }));
    data.reload();
    onChanged();
  };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="push-detail">
      <Descriptions size="small" column={1} bordered items={[
        { key: 'title', label: t('pushes.push'), children: p.title },
        { key: 'category', label: t('pushes.category'), children: dl(`pushes.categories.${p.category}`) },
        { key: 'body', label: t('pushes.body'), children: <span style={{ whiteSpace: 'pre-wrap' }}>{p.body}</span> },
        { key: 'at', label: t('pushes.scheduledAt'), children: fmtDateTime(p.scheduledAt) },
        { key: 'override', label: t('pushes.override'), children: p.guardOverride ? `${p.guardOverride.rules.map((r) => dl(`pushes.rules.${r}`)).join(', ')} — ${p.guardOverride.reason}` : t('pushes.noOverride') },
      ]} />
      <Card size="small" title={t('pushes.reach')}>
        <Table rowKey="channel" size="small" pagination={false} dataSource={p.reach} data-testid="push-reach" columns={[
          { title: t('pushes.channel'), dataIndex: 'channel', render: (c: string) => dl(`pushes.channels.${c}`) },
          { title: t('pushes.sent'), dataIndex: 'sent', align: 'right' as const },
          { title: t('pushes.awaiting'), dataIndex: 'awaitingConfirmation', align: 'right' as const },
          { title: t('pushes.queued'), dataIndex: 'queued', align: 'right' as const },
          { title: t('pushes.skippedCol'), dataIndex: 'skipped', align: 'right' as const },
          { title: t('pushes.membersReached'), dataIndex: 'membersReached', align: 'right' as const },
          { title: t('pushes.instead'), dataIndex: 'instead', render: (v: string | null) => v ?? '—' },
        ]} />
      </Card>
      <Card size="small" title={t('pushes.responseAndFatigue')}>
        <Descriptions size="small" column={1} data-testid="push-response" items={[
          { key: 'r', label: t('pushes.responseRate'), children: `${pct(p.response.responseRate)} (${t('pushes.responders', { n: p.response.responders })})` },
          { key: 'l', label: t('pushes.leaves'), children: `${p.response.leaves} (${pct(p.response.leaveRate)})` },
          { key: 'm', label: t('pushes.mutes'), children: p.response.mutes === null ? t('pushes.mutesUnknown') : p.response.mutes },
          { key: 's', label: t('pushes.silence'), children: `${p.response.silenced} (${pct(p.response.silenceRate)})` },
        ]} />
      </Card>
      {p.confirmations.length ? (
        <Card size="small" title={t('pushes.confirmations')}>
          <Table rowKey={(r) => String(r.staffId)} size="small" pagination={false} dataSource={p.confirmations} columns={[
            { title: t('pushes.staff'), dataIndex: 'staffName', render: (v: string | null) => v ?? t('pushes.unassigned') },
            { title: t('pushes.awaiting'), dataIndex: 'awaiting', align: 'right' as const },
            { title: t('pushes.confirmed'), dataIndex: 'confirmed', align: 'right' as const },
          ]} />
        </Card>
      ) : null}
      {canWrite && p.state !== 'cancelled' ? (
        <Popconfirm title={t('pushes.cancelConfirm')} onConfirm={cancel}><Button danger>{t('pushes.cancel')}</Button></Popconfirm>
      ) : null}
    </Space>
  );
}

interface PushForm {
  title: string; libraryId?: number; category: NewPush['category']; body: string; channels: NewPush['channels'];
  groups?: number[]; layers?: string[]; groupTags?: string[]; memberTags?: string[]; stages?: Array<'new' | 'active' | 'silent'>;
  at?: dayjs.Dayjs; overrideRules?: Array<(typeof GUARD_RULES)[number]>; overrideReason?: string;
}

function NewPushModal({ open, onClose }: { open: boolean; onClose: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const { isAdmin } = usePermissions();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<PushForm>();
  const [saving, setSaving] = useState(false);
  const library = useAsync((signal) => (open ? pushesApi.library(signal) : Promise.resolve({ items: [] as PushContent[] })), [open]);
  const groups = useAsync((signal) => (open ? groupsApi.list({ limit: 200, offset: 0 }, signal) : Promise.resolve(null)), [open]);
  const groupOptions = (groups.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }));
  const fromLibrary = (id: number) => {
    const c = library.data?.items.find((i) => i.id === id);
    if (c) form.setFieldsValue({ title: c.title, category: c.category, body: [c.body, ...c.media.map((m) => m.url)].join('\n') });
  };
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const r = await pushesApi.create({
        title: v.title, category: v.category, body: v.body, media: [], channels: v.channels,
        ...(v.libraryId ? { libraryId: v.libraryId } : {}),
        targets: { groups: v.groups, layers: v.layers, groupTags: v.groupTags, memberTags: v.memberTags, stages: v.stages },
        ...(v.at ? { scheduledAt: v.at.toISOString() } : {}),
        guardOverride: v.overrideRules?.length ? { rules: v.overrideRules, reason: v.overrideReason ?? '' } : null,
      });
      message.success(t('pushes.created', { n: r.deliveries }));
      form.resetFields();
      onClose(true);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open={open} title={t('pushes.new')} onCancel={() => onClose(false)} onOk={submit} confirmLoading={saving} okText={t('pushes.schedule')} destroyOnHidden width={640}>
      <Form form={form} layout="vertical" initialValues={{ category: 'professional', channels: ['group_post'] }} data-testid="push-form">
        <Form.Item name="libraryId" label={t('pushes.fromLibrary')}>
          <Select allowClear onChange={(id: number) => id && fromLibrary(id)} options={(library.data?.items ?? []).map((i) => ({ value: i.id, label: i.title }))} aria-label={t('pushes.fromLibrary')} />
        </Form.Item>
        <Form.Item name="title" label={t('pushes.push')} rules={[{ required: true }]}><Input aria-label={t('pushes.push')} /></Form.Item>
        <Form.Item name="category" label={t('pushes.category')} rules={[{ required: true }]}>
          <Select options={PUSH_CATEGORIES.map((c) => ({ value: c, label: dl(`pushes.categories.${c}`) }))} aria-label={t('pushes.category')} />
        </Form.Item>
        <Form.Item name="body" label={t('pushes.body')} extra={t('pushes.bodyHelp')} rules={[{ required: true }]}><Input.TextArea rows={4} aria-label={t('pushes.body')} /></Form.Item>
        <Form.Item name="channels" label={t('pushes.channel')} rules={[{ required: true }]}>
          <Checkbox.Group options={PUSH_CHANNELS.map((c) => ({ value: c, label: dl(`pushes.channels.${c}`) }))} />
        </Form.Item>
        <Form.Item name="groups" label={t('pushes.targetGroups')}><Select mode="multiple" options={groupOptions} optionFilterProp="label" aria-label={t('pushes.targetGroups')} /></Form.Item>
        {isAdmin ? (
          <>
            <Form.Item name="layers" label={t('pushes.targetLayers')}><Select mode="tags" aria-label={t('pushes.targetLayers')} /></Form.Item>
            <Form.Item name="groupTags" label={t('pushes.targetGroupTags')}><Select mode="tags" aria-label={t('pushes.targetGroupTags')} /></Form.Item>
            <Form.Item name="memberTags" label={t('pushes.targetMemberTags')}><Select mode="tags" aria-label={t('pushes.targetMemberTags')} /></Form.Item>
            <Form.Item name="stages" label={t('pushes.targetStages')}>
              <Select mode="multiple" options={(['new', 'active', 'silent'] as const).map((s) => ({ value: s, label: dl(`pushes.stages.${s}`) }))} aria-label={t('pushes.targetStages')} />
            </Form.Item>
          </>
        ) : null}
        <Form.Item name="at" label={t('pushes.scheduledAt')} extra={t('pushes.scheduledHelp')}><DatePicker showTime aria-label={t('pushes.scheduledAt')} /></Form.Item>
        {isAdmin ? (
          <>
            <Form.Item name="overrideRules" label={t('pushes.override')} extra={t('pushes.overrideHelp')}>
              <Checkbox.Group options={GUARD_RULES.map((r) => ({ value: r, label: dl(`pushes.rules.${r}`) }))} />
            </Form.Item>
            <Form.Item noStyle shouldUpdate>
              {({ getFieldValue }) => (getFieldValue('overrideRules')?.length ? (
                <Form.Item name="overrideReason" label={t('pushes.overrideReason')} rules={[{ required: true, min: 3 }]}><Input aria-label={t('pushes.overrideReason')} /></Form.Item>
              ) : null)}
            </Form.Item>
          </>
        ) : null}
      </Form>
    </Modal>
  );
}

function Library() {
  const { t } = useTranslation();
  const { canEdit: canWrite } = usePermissions();
  const { message } = AntApp.useApp();
  const data = useAsync((signal) => pushesApi.library(signal), []);
  const [editing, setEditing] = useState<PushContent | 'new' | null>(null);
  const [form] = Form.useForm<PushContentInput & { mediaText?: string }>();
  const openEdit = (c: PushContent | 'new') => {
    setEditing(c);
    form.setFieldsValue(c === 'new' ? { title: '', category: 'professional', body: '', tags: [], mediaText: '' }
      : { title: c.title, category: c.category, body: c.body, tags: c.tags, mediaText: c.media.map((m) => m.url).join('\n') });
  };
  const save = async () => {
    const v = await form.validateFields();
    const media = (v.mediaText ?? '').split('\n').map((s) => s.trim()).filter(Boolean).map((url) => ({ kind: /\.(png|jpe?g|gif|webp)$/i.test(url) ? 'image' as const : 'link' as const, url }));
    const input = { title: v.title, category: v.category, body: v.body, tags: v.tags ?? [], media };
    if (editing === 'new') await pushesApi.createContent(input);
    else if (editing) await pushesApi.updateContent(editing.id, input);
    message.success(t('pushes.saved'));
    setEditing(null);
    data.reload();
  };
  const remove = async (id: number) => { await pushesApi.removeContent(id); data.reload(); };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {canWrite ? <Button type="primary" onClick={() => openEdit('new')} data-testid="content-new">{t('pushes.newContent')}</Button> : null}
      {data.error ? <ErrorState error={data.error} onRetry={data.reload} /> : !data.data ? <TableSkeleton /> : data.data.items.length === 0
        ? <EmptyState title={t('pushes.noContent')} description={t('pushes.noContentHelp')} />
        : <ExportTable exportFrom={{ source: '/api/pushes/library', name: t('nav.pushes') }} rowKey="id" size="small" pagination={{ pageSize: 20 }} dataSource={data.data.items} data-testid="content-table" columns={[
          { title: t('pushes.contentTitle'), dataIndex: 'title', render: (v: string, c: PushContent) => (canWrite ? <a onClick={() => openEdit(c)}>{v}</a> : v) },
          { title: t('pushes.category'), dataIndex: 'category', render: (c: string) => <Tag>{dl(`pushes.categories.${c}`)}</Tag> },
          { title: t('pushes.tags'), dataIndex: 'tags', render: (tags: string[]) => tags.map((x) => <Tag key={x}>{x}</Tag>) },
          { title: t('pushes.author'), dataIndex: 'authorName', render: (v: string | null) => v ?? '—' },
          { title: t('pushes.updatedAt'), dataIndex: 'updatedAt', render: (v: string) => fmtDateTime(v) },
          ...(canWrite ? [{ title: '', key: 'x', render: (_: unknown, c: PushContent) => (
            <Popconfirm title={t('pushes.removeConfirm')} onConfirm={() => remove(c.id)}><Button size="small" danger aria-label={t('pushes.remove')}>{t('pushes.remove')}</Button></Popconfirm>) }] : []),
        ]} />}
      <Modal open={editing !== null} title={editing === 'new' ? t('pushes.newContent') : t('pushes.editContent')} onCancel={() => setEditing(null)} onOk={save} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="title" label={t('pushes.contentTitle')} rules={[{ required: true }]}><Input aria-label={t('pushes.contentTitle')} /></Form.Item>
          <Form.Item name="category" label={t('pushes.category')} rules={[{ required: true }]}>
            <Select options={PUSH_CATEGORIES.map((c) => ({ value: c, label: dl(`pushes.categories.${c}`) }))} aria-label={t('pushes.category')} />
          </Form.Item>
          <Form.Item name="body" label={t('pushes.body')} extra={t('pushes.bodyHelp')} rules={[{ required: true }]}><Input.TextArea rows={4} aria-label={t('pushes.body')} /></Form.Item>
          <Form.Item name="mediaText" label={t('pushes.media')} extra={t('pushes.mediaHelp')}><Input.TextArea rows={2} aria-label={t('pushes.media')} /></Form.Item>
          <Form.Item name="tags" label={t('pushes.tags')}><Select mode="tags" aria-label={t('pushes.tags')} /></Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

function Guard() {
  const { t } = useTranslation();
  const { isAdmin } = usePermissions();
  const { message } = AntApp.useApp();
  const data = useAsync((signal) => pushesApi.guard(signal), []);
  const [form] = Form.useForm<{ commercialMax: number; hotMax: number; quiet: [dayjs.Dayjs, dayjs.Dayjs] | null; whenCapped: 'skip' | 'defer'; avoid: number[]; holidayCategories: string[] }>();
  if (data.error) return <ErrorState error={data.error} onRetry={data.reload} />;
  if (!data.data) return <TableSkeleton />;
  const s = data.data.settings;
  const capOf = (name: string) => s.caps.find((c) => c.name === name)?.max ?? 0;
  const save = async () => {
    const v = await form.validateFields();
    const settings: GuardSettings = {
      ...s,
      caps: s.caps.map((c) => (c.name === 'commercial' ? { ...c, max: v.commercialMax } : c.name === 'hot' ? { ...c, max: v.hotMax } : c)),
      quietHours: v.quiet ? { from: v.quiet[0].format('HH:mm'), to: v.quiet[1].format('HH:mm') } : null,
      whenCapped: v.whenCapped, activityAvoidWeekdays: v.avoid, holidayCategories: v.holidayCategories as GuardSettings['holidayCategories'],
    };
    await pushesApi.saveGuard(settings);
    message.success(t('pushes.saved'));
    data.reload();
  };
  return (
    <Card size="small" title={t('pushes.guardTitle', { zone: data.data.timezone })} data-testid="guard-settings">
      <p>{t('pushes.guardHelp')}</p>
      <Form form={form} layout="vertical" disabled={!isAdmin} initialValues={{
        commercialMax: capOf('commercial'), hotMax: capOf('hot'), whenCapped: s.whenCapped, avoid: s.activityAvoidWeekdays, holidayCategories: s.holidayCategories,
        quiet: s.quietHours ? [dayjs(`2000-01-01T${s.quietHours.from}`), dayjs(`2000-01-01T${s.quietHours.to}`)] : null,
      }}>
        <Form.Item name="commercialMax" label={t('pushes.commercialCap')}><InputNumber min={0} max={100} aria-label={t('pushes.commercialCap')} /></Form.Item>
        <Form.Item name="hotMax" label={t('pushes.hotCap')}><InputNumber min={0} max={100} aria-label={t('pushes.hotCap')} /></Form.Item>
        <Form.Item name="quiet" label={t('pushes.quietHours')}><TimePicker.RangePicker format="HH:mm" order={false} aria-label={t('pushes.quietHours')} /></Form.Item>
        <Form.Item name="holidayCategories" label={t('pushes.holidayCategories')}>
          <Select mode="multiple" options={PUSH_CATEGORIES.map((c) => ({ value: c, label: dl(`pushes.categories.${c}`) }))} aria-label={t('pushes.holidayCategories')} />
        </Form.Item>
        <Form.Item name="avoid" label={t('pushes.activityDays')}>
          <Checkbox.Group options={[1, 2, 3, 4, 5, 6, 0].map((d) => ({ value: d, label: dl(`pushes.weekdays.${d}`) }))} />
        </Form.Item>
        <Form.Item name="whenCapped" label={t('pushes.whenCapped')}>
          <Select options={[{ value: 'skip', label: t('pushes.capSkip') }, { value: 'defer', label: t('pushes.capDefer') }]} aria-label={t('pushes.whenCapped')} />
        </Form.Item>
        {isAdmin ? <Button type="primary" onClick={save} data-testid="guard-save">{t('pushes.save')}</Button> : null}
      </Form>
    </Card>
  );
}
