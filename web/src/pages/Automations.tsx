/**
 * Automations (自动化): rules (trigger → conditions → actions) with an editor and its dry run,
 * the execution log with each action's delivery state, and the welcome ritual per group with the
 * recent welcome batches (a failed delivery shown with its reason).
 */
import { DeleteOutlined, ExperimentOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Drawer, Form, Input, InputNumber, Popconfirm, Select, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { automationApi, type AutomationRule, type DryRun, type Execution, type RuleDefinition, type WelcomeBatch, type WelcomeSettings } from '../api/automation.ts';
import { groupsApi } from '../api/index.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { EmptyState, ErrorState, TableSkeleton } from '../components/states.tsx';
import { errorText } from '../lib/errors.ts';
import { fmtDateTime } from '../lib/format.ts';
import { useAsync } from '../lib/useAsync.ts';
import { usePermissions } from '../state/session.tsx';
import { ExportTable } from '../components/ExportTable.tsx';

const TRIGGERS = ['join', 'leave', 'message', 'keyword', 'schedule', 'inactivity', 'threshold', 'activity'] as const;
const CONDITIONS = ['member_tag', 'member_stage', 'trust_level', 'days_since_join', 'group_layer', 'group_tag', 'group_size', 'quiet_hours', 'day_type'] as const;
const ACTIONS = ['post', 'private_message', 'tag', 'untag', 'notify_operator', 'start_activity', 'assign_operator'] as const;
const SCOPES = ['workspace', 'layer', 'group_tag', 'groups'] as const;

type Loose = Record<string, unknown> & { kind: string };
type T = (key: string, options?: Record<string, unknown>) => string;

/** Keys here are built from rule kinds and states (automation.trigger.<kind>, …): untyped, each present in both languages. */
function useT(): T {
  return useTranslation().t as unknown as T;
}

export default function Automations() {
  const t = useT();
  const navigate = useNavigate();
  const tabs = [
    { key: 'rules', label: t('automation.tabs.rules'), children: <RulesTab /> },
    { key: 'log', label: t('automation.tabs.log'), children: <LogTab /> },
    { key: 'welcome', label: t('automation.tabs.welcome'), children: <WelcomeTab /> },
    { key: 'notifications', label: t('automation.tabs.notifications'), children: <NotificationsTab /> },
  ];
  const requested = useParams().tab;
  const active = tabs.some((x) => x.key === requested) ? requested! : 'rules';
  return (
    <div className="qy-page" data-testid="automations-page">
      <PageHeader title={t('automation.title')} subtitle={t('automation.subtitle')} />
      <Card>
        <Tabs activeKey={active} onChange={(key) => navigate(`/automations/${key}`)} destroyOnHidden
          items={tabs.map((x) => ({ ...x, label: <span data-testid={`automation-tab-${x.key}`}>{x.label}</span> }))} />
      </Card>
    </div>
  );
}

function StateTag({ state, error }: { state: string; error?: string | null }) {
  const t = useT();
  const color = state === 'sent' || state === 'done' ? 'green' : state === 'failed' || state === 'unsupported' ? 'red' : state === 'awaiting_confirmation' ? 'gold' : 'blue';
  return (
    <span>
      <Tag color={color} data-testid={`delivery-${state}`}>{t(`automation.state.${state}`, { defaultValue: state })}</Tag>
      {error ? <Typography.Text type="danger">{error}</Typography.Text> : null}
    </span>
  );
}

function triggerText(t: T, def: RuleDefinition): string {
  const tr = def.trigger as Loose;
  const base = t(`automation.trigger.${tr.kind}`);
  if (tr.kind === 'keyword') return `${base}: ${(tr.keywords as string[]).join(' / ')}`;
  if (tr.kind === 'schedule') return `${base}: ${String(tr.cron)}`;
  if (tr.kind === 'inactivity') return `${base}: ${t(`automation.of.${String(tr.of)}`)} ${String(tr.days)} ${t('automation.days')}`;
  if (tr.kind === 'threshold') return `${base}: ${String(tr.size)}`;
  if (tr.kind === 'activity') return `${base}: ${String(tr.event)}${tr.atLeast !== undefined ? ` ≥ ${String(tr.atLeast)}` : ''}`;
  return base;
}

function RulesTab() {
  const t = useT();
  const { message } = AntApp.useApp();
  const { canEdit: canWrite } = usePermissions();
  const state = useAsync((signal) => automationApi.list(signal), []);
  const [editing, setEditing] = useState<AutomationRule | 'new' | null>(null);
  if (state.error && !state.data) return <ErrorState error={state.error} onRetry={state.reload} />;
  if (!state.data) return <TableSkeleton />;
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} disabled={!canWrite} onClick={() => setEditing('new')} data-testid="automation-new">{t('automation.new')}</Button>
      </Space>
      {state.data.items.length === 0 ? <EmptyState title={t('automation.empty')} description={t('automation.emptyHint')} /> : (
        <Table<AutomationRule>
          rowKey="id" dataSource={state.data.items} pagination={false} data-testid="automation-rules"
          onRow={(r) => ({ onClick: () => setEditing(r), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('automation.name'), dataIndex: 'name' },
            { title: t('automation.triggerTitle'), render: (_, r) => triggerText(t, r.definition) },
            { title: t('automation.actionsTitle'), render: (_, r) => r.definition.actions.map((a) => <Tag key={a.kind + JSON.stringify(a)}>{t(`automation.action.${a.kind}`)}</Tag>) },
            { title: t('automation.version'), dataIndex: 'version', render: (v: number) => `v${v}` },
            { title: t('automation.enabled'), dataIndex: 'enabled', render: (v: boolean) => (v ? <Tag color="green">{t('automation.on')}</Tag> : <Tag>{t('automation.off')}</Tag>) },
            { title: t('automation.executions'), dataIndex: 'executions' },
            { title: t('automation.lastExecuted'), dataIndex: 'lastExecutedAt', render: (v: string | null) => (v ? fmtDateTime(v) : '—') },
          ]}
        />
      )}
      <Drawer open={editing !== null} onClose={() => setEditing(null)} width={720} destroyOnHidden
        title={editing === 'new' ? t('automation.new') : editing ? `${editing.name} · v${editing.version}` : ''}>
        {editing !== null ? (
          <RuleEditor
            rule={editing === 'new' ? null : editing}
            onSaved={() => { setEditing(null); state.reload(); message.success(t('automation.saved')); }}
          />
        ) : null}
      </Drawer>
    </>
  );
}

const emptyRule = (): RuleDefinition => ({ name: '', enabled: true, scope: { kind: 'workspace' }, trigger: { kind: 'join' }, conditions: [], actions: [{ kind: 'post', template: '欢迎 {name} 加入「{group}」！' }] } as RuleDefinition);

/** Form values: lists as text where the API takes arrays. */
function toForm(def: RuleDefinition): Record<string, unknown> {
  const tr = def.trigger as Loose;
  const sc = def.scope as Loose | undefined;
  return {
    ...def,
    trigger: { ...tr, keywords: Array.isArray(tr.keywords) ? (tr.keywords as string[]).join(', ') : undefined },
    scope: { ...(sc ?? { kind: 'workspace' }), groupIds: Array.isArray(sc?.groupIds) ? (sc!.groupIds as number[]).join(', ') : undefined },
    conditions: (def.conditions ?? []).map((c) => {
      const x = c as Loose;
      return { ...x, list: Array.isArray(x.stages) ? (x.stages as string[]) : Array.isArray(x.layers) ? (x.layers as string[]).join(', ') : Array.isArray(x.days) ? x.days : undefined };
    }),
  };
}

const splitList = (v: unknown) => String(v ?? '').split(/[,，\s]+/).map((s) => s.trim()).filter(Boolean);

function fromForm(v: Record<string, unknown>): RuleDefinition {
  const tr = v.trigger as Loose;
  const sc = v.scope as Loose;
  const trigger: Loose = { kind: tr.kind };
  if (tr.kind === 'keyword') Object.assign(trigger, { keywords: splitList(tr.keywords), match: tr.match ?? 'contains' });
  if (tr.kind === 'schedule') trigger.cron = tr.cron;
  if (tr.kind === 'join' && tr.lateWithinDays != null) trigger.lateWithinDays = tr.lateWithinDays;
  if (tr.kind === 'inactivity') Object.assign(trigger, { of: tr.of ?? 'group', days: tr.days });
  if (tr.kind === 'threshold') trigger.size = tr.size;
  if (tr.kind === 'activity') Object.assign(trigger, { event: tr.event, ...(tr.atLeast != null ? { atLeast: tr.atLeast } : {}) });
  const scope: Loose = { kind: sc?.kind ?? 'workspace' };
  if (scope.kind === 'layer') scope.layer = sc.layer;
  if (scope.kind === 'group_tag') scope.tag = sc.tag;
  if (scope.kind === 'groups') scope.groupIds = splitList(sc.groupIds).map(Number);
  const conditions = ((v.conditions as Loose[] | undefined) ?? []).map((c) => {
    const out: Loose = { kind: c.kind };
    if (c.kind === 'member_tag' || c.kind === 'group_tag') Object.assign(out, { tag: c.tag, has: c.has ?? true });
    if (c.kind === 'member_stage') out.stages = c.list;
    if (c.kind === 'group_layer') out.layers = splitList(c.list);
    if (c.kind === 'day_type') out.days = c.list;
    if (['trust_level', 'days_since_join', 'group_size'].includes(c.kind)) Object.assign(out, c.min != null ? { min: c.min } : {}, c.max != null ? { max: c.max } : {});
    if (c.kind === 'quiet_hours') Object.assign(out, { from: c.from, to: c.to });
    return out;
  });
  const actions = ((v.actions as Loose[] | undefined) ?? []).map((a) => {
    const out: Loose = { kind: a.kind };
    if (['post', 'private_message', 'notify_operator'].includes(a.kind)) out.template = a.template;
    if (a.kind === 'tag' || a.kind === 'untag') out.tag = a.tag;
    if (a.kind === 'notify_operator' && a.userId) out.userId = a.userId;
    if (a.kind === 'start_activity') Object.assign(out, { activity: a.activity, params: {} });
    if (a.kind === 'assign_operator') out.userId = a.userId;
    return out;
  });
  return { name: String(v.name ?? ''), enabled: Boolean(v.enabled), scope, trigger, conditions, actions } as unknown as RuleDefinition;
}

function RuleEditor({ rule, onSaved }: { rule: AutomationRule | null; onSaved: () => void }) {
  const t = useT();
  const { message } = AntApp.useApp();
  const { canEdit: canWrite } = usePermissions();
  const [form] = Form.useForm<Record<string, unknown>>();
  const [busy, setBusy] = useState(false);
  const [dry, setDry] = useState<DryRun | null>(null);
  const [days, setDays] = useState(7);
  const trigger = Form.useWatch(['trigger', 'kind'], form) as string | undefined;
  const scope = Form.useWatch(['scope', 'kind'], form) as string | undefined;
  const conditions = (Form.useWatch('conditions', form) as Loose[] | undefined) ?? [];
  const actions = (Form.useWatch('actions', form) as Loose[] | undefined) ?? [];
  useEffect(() => { form.setFieldsValue(toForm(rule?.definition ?? emptyRule())); }, [rule, form]);

  const save = async () => {
    const values = await form.validateFields();
    setBusy(true);
    try {
      const def = fromForm(values);
      if (rule) await automationApi.update(rule.id, def); else await automationApi.create(def);
      onSaved();
    } catch (e) {
      message.error(errorText(e as Error));
    } finally { setBusy(false); }
  };
  const runDry = async () => {
    setBusy(true);
    try { setDry(await automationApi.dryRun({ rule: fromForm(form.getFieldsValue(true)), ...(rule ? { id: rule.id } : {}), days })); }
    catch (e) { message.error(errorText(e as Error)); }
    finally { setBusy(false); }
  };
  const remove = async () => { if (rule) { await automationApi.remove(rule.id); onSaved(); } };

  return (
    <Form form={form} layout="vertical" disabled={!canWrite || busy} data-testid="automation-editor">
      <Space wrap align="start">
        <Form.Item name="name" label={t('automation.name')} rules={[{ required: true, message: t('automation.nameRequired') }]}><Input style={{ width: 320 }} data-testid="rule-name" /></Form.Item>
        <Form.Item name="enabled" label={t('automation.enabled')} valuePropName="checked"><Switch /></Form.Item>
      </Space>
      <Typography.Title level={5}>{t('automation.scopeTitle')}</Typography.Title>
      <Space wrap align="start">
        <Form.Item name={['scope', 'kind']}><Select style={{ width: 200 }} options={SCOPES.map((s) => ({ value: s, label: t(`automation.scope.${s}`) }))} aria-label={t('automation.scopeTitle')} /></Form.Item>
        {scope === 'layer' ? <Form.Item name={['scope', 'layer']} rules={[{ required: true }]}><Input placeholder={t('automation.layerPlaceholder')} /></Form.Item> : null}
        {scope === 'group_tag' ? <Form.Item name={['scope', 'tag']} rules={[{ required: true }]}><Input placeholder={t('automation.tagPlaceholder')} /></Form.Item> : null}
        {scope === 'groups' ? <Form.Item name={['scope', 'groupIds']} rules={[{ required: true }]}><Input placeholder={t('automation.groupIdsPlaceholder')} /></Form.Item> : null}
      </Space>
      <Typography.Title level={5}>{t('automation.triggerTitle')}</Typography.Title>
      <Space wrap align="start">
        <Form.Item name={['trigger', 'kind']}><Select style={{ width: 200 }} options={TRIGGERS.map((k) => ({ value: k, label: t(`automation.trigger.${k}`) }))} aria-label={t('automation.triggerTitle')} data-testid="rule-trigger" /></Form.Item>
        {trigger === 'keyword' ? <>
          <Form.Item name={['trigger', 'keywords']} rules={[{ required: true }]}><Input placeholder={t('automation.keywordsPlaceholder')} data-testid="rule-keywords" /></Form.Item>
          <Form.Item name={['trigger', 'match']} initialValue="contains"><Select style={{ width: 120 }} options={['contains', 'exact'].map((m) => ({ value: m, label: t(`automation.match.${m}`) }))} aria-label={t('automation.matchLabel')} /></Form.Item>
        </> : null}
        {trigger === 'join' ? <Form.Item name={['trigger', 'lateWithinDays']} extra={t('automation.lateWithinHint')}><InputNumber min={1} max={30} placeholder="3" addonBefore={t('automation.lateWithin')} addonAfter={t('automation.days')} aria-label={t('automation.lateWithin')} /></Form.Item> : null}
        {trigger === 'schedule' ? <Form.Item name={['trigger', 'cron']} rules={[{ required: true }]} extra={t('automation.cronHint')}><Input placeholder="0 9 * * 1-5" /></Form.Item> : null}
        {trigger === 'inactivity' ? <>
          <Form.Item name={['trigger', 'of']} initialValue="group"><Select style={{ width: 120 }} options={['group', 'member'].map((m) => ({ value: m, label: t(`automation.of.${m}`) }))} aria-label={t('automation.ofLabel')} /></Form.Item>
          <Form.Item name={['trigger', 'days']} rules={[{ required: true }]}><InputNumber min={1} max={365} addonAfter={t('automation.days')} aria-label={t('automation.days')} /></Form.Item>
        </> : null}
        {trigger === 'threshold' ? <Form.Item name={['trigger', 'size']} rules={[{ required: true }]}><InputNumber min={1} addonBefore={t('automation.sizeReaches')} aria-label={t('automation.sizeReaches')} /></Form.Item> : null}
        {trigger === 'activity' ? <>
          <Form.Item name={['trigger', 'event']} rules={[{ required: true }]}><Input placeholder="streak_reached" /></Form.Item>
          <Form.Item name={['trigger', 'atLeast']}><InputNumber addonBefore="≥" aria-label={t('automation.atLeast')} /></Form.Item>
        </> : null}
      </Space>
      <Typography.Title level={5}>{t('automation.conditionsTitle')}</Typography.Title>
      <Form.List name="conditions">
        {(fields, { add, remove: drop }) => (
          <>
            {fields.map((f) => {
              const kind = conditions[f.name]?.kind;
              return (
                <Space key={f.key} wrap align="start">
                  <Form.Item name={[f.name, 'kind']}><Select style={{ width: 180 }} options={CONDITIONS.map((k) => ({ value: k, label: t(`automation.condition.${k}`) }))} aria-label={t('automation.conditionsTitle')} /></Form.Item>
                  {kind === 'member_tag' || kind === 'group_tag' ? <>
                    <Form.Item name={[f.name, 'has']} initialValue={true}><Select style={{ width: 100 }} options={[{ value: true, label: t('automation.has') }, { value: false, label: t('automation.hasNot') }]} aria-label={t('automation.has')} /></Form.Item>
                    <Form.Item name={[f.name, 'tag']} rules={[{ required: true }]}><Input placeholder={t('automation.tagPlaceholder')} /></Form.Item>
                  </> : null}
                  {kind === 'member_stage' ? <Form.Item name={[f.name, 'list']} rules={[{ required: true }]}><Select mode="multiple" style={{ width: 240 }} options={['new', 'active', 'silent', 'churned'].map((s) => ({ value: s, label: t(`stage.${s}`) }))} aria-label={t('automation.condition.member_stage')} /></Form.Item> : null}
                  {kind === 'group_layer' ? <Form.Item name={[f.name, 'list']} rules={[{ required: true }]}><Input placeholder={t('automation.layerPlaceholder')} /></Form.Item> : null}
                  {kind === 'day_type' ? <Form.Item name={[f.name, 'list']} rules={[{ required: true }]}><Select mode="multiple" style={{ width: 280 }} options={['workday', 'rest_day', 'holiday', 'makeup_workday'].map((s) => ({ value: s, label: t(`automation.dayType.${s}`) }))} aria-label={t('automation.condition.day_type')} /></Form.Item> : null}
                  {kind === 'trust_level' || kind === 'days_since_join' || kind === 'group_size' ? <>
                    <Form.Item name={[f.name, 'min']}><InputNumber addonBefore="≥" aria-label="min" /></Form.Item>
                    <Form.Item name={[f.name, 'max']}><InputNumber addonBefore="≤" aria-label="max" /></Form.Item>
                  </> : null}
                  {kind === 'quiet_hours' ? <>
                    <Form.Item name={[f.name, 'from']} initialValue="22:00" rules={[{ required: true, pattern: /^\d\d:\d\d$/ }]}><Input style={{ width: 90 }} aria-label={t('automation.quietFrom')} /></Form.Item>
                    <Form.Item name={[f.name, 'to']} initialValue="08:00" rules={[{ required: true, pattern: /^\d\d:\d\d$/ }]}><Input style={{ width: 90 }} aria-label={t('automation.quietTo')} /></Form.Item>
                  </> : null}
                  <Button type="text" icon={<MinusCircleOutlined />} onClick={() => drop(f.name)} aria-label={t('automation.remove')} />
                </Space>
              );
            })}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ kind: 'member_tag', has: true })}>{t('automation.addCondition')}</Button>
          </>
        )}
      </Form.List>
      <Typography.Title level={5} style={{ marginTop: 16 }}>{t('automation.actionsTitle')}</Typography.Title>
      <Form.List name="actions">
        {(fields, { add, remove: drop }) => (
          <>
            {fields.map((f) => {
              const kind = actions[f.name]?.kind;
              return (
                <Space key={f.key} wrap align="start">
                  <Form.Item name={[f.name, 'kind']}><Select style={{ width: 160 }} options={ACTIONS.map((k) => ({ value: k, label: t(`automation.action.${k}`) }))} aria-label={t('automation.actionsTitle')} /></Form.Item>
                  {kind === 'post' || kind === 'private_message' || kind === 'notify_operator' ? (
                    <Form.Item name={[f.name, 'template']} rules={[{ required: true }]} extra={t('automation.templateHint')}><Input.TextArea rows={2} style={{ width: 380 }} aria-label={t('automation.template')} data-testid="rule-template" /></Form.Item>
                  ) : null}
                  {kind === 'tag' || kind === 'untag' ? <Form.Item name={[f.name, 'tag']} rules={[{ required: true }]}><Input placeholder={t('automation.tagPlaceholder')} /></Form.Item> : null}
                  {kind === 'start_activity' ? <Form.Item name={[f.name, 'activity']} rules={[{ required: true }]}><Input placeholder="checkin / lottery / poll" /></Form.Item> : null}
                  {kind === 'assign_operator' || kind === 'notify_operator' ? <Form.Item name={[f.name, 'userId']} rules={kind === 'assign_operator' ? [{ required: true }] : []}><InputNumber min={1} placeholder={t('automation.userId')} aria-label={t('automation.userId')} /></Form.Item> : null}
                  <Button type="text" icon={<MinusCircleOutlined />} onClick={() => drop(f.name)} aria-label={t('automation.remove')} />
                </Space>
              );
            })}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ kind: 'post', template: '' })}>{t('automation.addAction')}</Button>
          </>
        )}
      </Form.List>
      <Space style={{ marginTop: 20 }} wrap>
        <Button type="primary" onClick={() => void save()} loading={busy} data-testid="rule-save">{rule ? t('automation.saveVersion') : t('automation.create')}</Button>
        <InputNumber min={1} max={90} value={days} onChange={(v) => setDays(v ?? 7)} addonAfter={t('automation.days')} aria-label={t('automation.dryRunDays')} disabled={busy} />
        <Button icon={<ExperimentOutlined />} onClick={() => void runDry()} disabled={busy} data-testid="rule-dry-run">{t('automation.dryRun')}</Button>
        {rule ? <Popconfirm title={t('automation.confirmDelete')} onConfirm={() => void remove()}><Button danger icon={<DeleteOutlined />}>{t('automation.delete')}</Button></Popconfirm> : null}
      </Space>
      {dry ? <DryRunResult result={dry} /> : null}
    </Form>
  );
}

function DryRunResult({ result }: { result: DryRun }) {
  const t = useT();
  return (
    <div style={{ marginTop: 16 }} data-testid="dry-run-result">
      <Alert type="info" showIcon title={t('automation.dryRunSummary', { days: result.days, evaluated: result.evaluated, would: result.wouldExecute, skipped: result.skippedByConditions })}
        description={[result.note, result.truncated ? t('automation.truncated') : null].filter(Boolean).join(' ') || undefined} />
      <Table rowKey={(r) => `${r.at}-${r.groupId}-${r.memberId ?? ''}`} size="small" dataSource={result.items} pagination={{ pageSize: 10 }} style={{ marginTop: 8 }}
        columns={[
          { title: t('automation.at'), dataIndex: 'at', render: (v: string) => fmtDateTime(v) },
          { title: t('automation.group'), dataIndex: 'groupName' },
          { title: t('automation.member'), dataIndex: 'memberName', render: (v: string | null) => v ?? '—' },
          { title: t('automation.actionsTitle'), dataIndex: 'actions', render: (v: string[]) => v.map((a) => <div key={a}>{a}</div>) },
        ]} />
    </div>
  );
}

function LogTab() {
  const t = useT();
  const [failed, setFailed] = useState(false);
  const [page, setPage] = useState(1);
  const state = useAsync((signal) => automationApi.executions({ ...(failed ? { state: 'failed' as const } : {}), limit: 20, offset: (page - 1) * 20 }, signal), [failed, page]);
  if (state.error && !state.data) return <ErrorState error={state.error} onRetry={state.reload} />;
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Switch checked={failed} onChange={(v) => { setFailed(v); setPage(1); }} aria-label={t('automation.failedOnly')} />
        <span>{t('automation.failedOnly')}</span>
      </Space>
      <ExportTable<Execution>
        exportFrom={{ source: '/api/automations/executions', query: failed ? { state: 'failed' } : {}, name: t('nav.automations') }}
        rowKey="id" loading={state.loading} dataSource={state.data?.items ?? []} data-testid="automation-log"
        pagination={{ current: page, pageSize: 20, total: state.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: t('automation.at'), dataIndex: 'executedAt', render: (v: string) => fmtDateTime(v) },
          { title: t('automation.rule'), render: (_, r) => `#${r.ruleId} v${r.version}` },
          { title: t('automation.triggerTitle'), dataIndex: 'trigger', render: (v: string) => t(`automation.trigger.${v}`) },
          { title: t('automation.cause'), dataIndex: 'cause', render: (c: Record<string, unknown>) => <Typography.Text code>{String(c.eventId ?? c.slot ?? c.silentSince ?? c.event ?? c.size ?? '')}</Typography.Text> },
          { title: t('automation.group'), dataIndex: 'groupName', render: (v: string | null) => v ?? '—' },
          { title: t('automation.member'), dataIndex: 'memberName', render: (v: string | null) => v ?? '—' },
          { title: t('automation.delivery'), render: (_, r) => r.skipped
            ? <span data-testid="execution-skipped"><Tag>{t('automation.skipped')}</Tag> <Typography.Text type="secondary">{r.skipped}</Typography.Text></span>
            : r.actions.map((a) => <div key={a.key}><StateTag state={a.state} error={a.error} /> {t(`automation.action.${a.kind}`)}</div>) },
        ]}
      />
    </>
  );
}

function WelcomeTab() {
  const t = useT();
  const { message } = AntApp.useApp();
  const { canEdit: canWrite } = usePermissions();
  const groups = useAsync((signal) => groupsApi.list({ limit: 200, offset: 0 } as never, signal), []);
  const [groupId, setGroupId] = useState<number | undefined>(undefined);
  const [form] = Form.useForm<WelcomeSettings & { seeds: string }>();
  const [busy, setBusy] = useState(false);
  const [failedOnly, setFailedOnly] = useState(false);
  const settings = useAsync((signal) => (groupId ? automationApi.welcome(groupId, signal) : Promise.resolve(undefined)), [groupId]);
  const batches = useAsync((signal) => automationApi.welcomeBatches(failedOnly, signal), [failedOnly, settings.data]);
  useEffect(() => {
    if (!groupId && groups.data?.items[0]) setGroupId(groups.data.items[0].id);
  }, [groups.data, groupId]);
  useEffect(() => {
    if (settings.data) form.setFieldsValue({ ...settings.data.settings, seeds: settings.data.settings.seedMemberIds.join(', ') });
  }, [settings.data, form]);
  const save = async () => {
    if (!groupId) return;
    const { seeds, ...values } = await form.validateFields();
    setBusy(true);
    try {
      await automationApi.saveWelcome(groupId, { ...values, seedMemberIds: splitList(seeds).map(Number) });
      message.success(t('automation.saved'));
      settings.reload();
    } catch (e) { message.error(errorText(e as Error)); } finally { setBusy(false); }
  };
  return (
    <div data-testid="welcome-tab">
      <Space style={{ marginBottom: 12 }} wrap>
        <span>{t('automation.welcome.group')}</span>
        <Select style={{ width: 260 }} value={groupId} onChange={setGroupId} loading={groups.loading} showSearch optionFilterProp="label"
          options={(groups.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }))} aria-label={t('automation.welcome.group')} data-testid="welcome-group" />
        {settings.data ? <Tag>{t('automation.welcome.pending', { count: settings.data.pending })}</Tag> : null}
        {settings.data?.inherited ? <Tag color="blue">{t('automation.welcome.inherited')}</Tag> : null}
      </Space>
      <Form form={form} layout="vertical" disabled={!canWrite || busy || !settings.data} className="qy-narrow-form" data-testid="welcome-form">
        <Form.Item name="enabled" label={t('automation.welcome.enabled')} valuePropName="checked"><Switch data-testid="welcome-enabled" /></Form.Item>
        <Form.Item name="template" label={t('automation.welcome.template')} extra={t('automation.welcome.templateHint')} rules={[{ required: true }]}><Input.TextArea rows={3} /></Form.Item>
        <Form.Item name="purpose" label={t('automation.welcome.purpose')}><Input /></Form.Item>
        <Form.Item name="rulesLink" label={t('automation.welcome.rulesLink')}><Input /></Form.Item>
        <Space wrap>
          <Form.Item name="batchSize" label={t('automation.welcome.batchSize')}><InputNumber min={1} max={100} /></Form.Item>
          <Form.Item name="batchMinutes" label={t('automation.welcome.batchMinutes')}><InputNumber min={0} max={1440} /></Form.Item>
          <Form.Item name="lateJoinDays" label={t('automation.welcome.lateJoinDays')} extra={t('automation.welcome.lateJoinDaysHint')}><InputNumber min={0} max={30} /></Form.Item>
        </Space>
        <Form.Item name="introPrompt" label={t('automation.welcome.introPrompt')}><Input.TextArea rows={2} /></Form.Item>
        <Form.Item name="nicknamePattern" label={t('automation.welcome.nicknamePattern')} extra={t('automation.welcome.nicknameHint')}><Input placeholder="城市-姓名-行业" /></Form.Item>
        <Form.Item name="nicknameReminder" label={t('automation.welcome.nicknameReminder')}><Input.TextArea rows={2} /></Form.Item>
        <Form.Item name="seeds" label={t('automation.welcome.seeds')} extra={t('automation.welcome.seedsHint')}><Input /></Form.Item>
        <Form.Item name="greetingTemplate" label={t('automation.welcome.greeting')}><Input.TextArea rows={2} /></Form.Item>
        <Button type="primary" onClick={() => void save()} loading={busy} data-testid="welcome-save">{t('automation.save')}</Button>
      </Form>
      <Typography.Title level={5} style={{ marginTop: 24 }}>{t('automation.welcome.batches')}</Typography.Title>
      <Space style={{ marginBottom: 8 }}>
        <Switch checked={failedOnly} onChange={setFailedOnly} aria-label={t('automation.failedOnly')} />
        <span>{t('automation.failedOnly')}</span>
      </Space>
      <Table<WelcomeBatch>
        rowKey="id" loading={batches.loading} dataSource={batches.data?.items ?? []} pagination={{ pageSize: 10 }} data-testid="welcome-batches"
        columns={[
          { title: t('automation.at'), dataIndex: 'createdAt', render: (v: string) => fmtDateTime(v) },
          { title: t('automation.group'), dataIndex: 'groupName' },
          { title: t('automation.welcome.newcomers'), dataIndex: 'names', render: (v: string[]) => v.join('、') },
          { title: t('automation.delivery'), render: (_, b) => <StateTag state={b.state} error={b.error} /> },
          { title: t('automation.welcome.nicknames'), dataIndex: 'nicknameReminded' },
          { title: t('automation.welcome.greetings'), render: (_, b) => `${b.greetingsDone}/${b.greetingsOpen + b.greetingsDone}` },
        ]}
      />
    </div>
  );
}

function NotificationsTab() {
  const t = useT();
  const state = useAsync((signal) => automationApi.notifications(signal), []);
  if (state.error && !state.data) return <ErrorState error={state.error} onRetry={state.reload} />;
  if (!state.data) return <TableSkeleton />;
  if (state.data.items.length === 0) return <EmptyState title={t('automation.noNotifications')} description={t('automation.noNotificationsHint')} />;
  return (
    <Table rowKey="id" dataSource={state.data.items} pagination={{ pageSize: 20 }} data-testid="automation-notifications"
      columns={[
        { title: t('automation.at'), dataIndex: 'createdAt', render: (v: string) => fmtDateTime(v) },
        { title: t('automation.notification'), dataIndex: 'text' },
        { title: t('automation.rule'), dataIndex: 'origin', render: (v: string) => <Typography.Text code>{v.replace(/^automation:rule:/, '#')}</Typography.Text> },
      ]} />
  );
}
