/**
 * Live codes (群活码 / 渠道活码): the list with each code's figures, creating a code, the approval
 * queue of entry thresholds (门槛) and the monthly staff statements (CSV download). Tabs share one
 * page so the menu keeps one entry; the code itself is CodeDetail.tsx.
 */
import { App as AntApp, Button, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { codesApi, type CodeEntry, type CodeListItem, type NewCode } from '../api/codes.ts';
import { settingsApi } from '../api/index.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { EmptyState, ErrorState, TableSkeleton } from '../components/states.tsx';
import { fmtNumber } from '../lib/format.ts';
import { dynamicLabel } from '../lib/i18nLabel.ts';
import { useAsync } from '../lib/useAsync.ts';
import { usePermissions } from '../state/session.tsx';
import { ExportTable } from '../components/ExportTable.tsx';

type Tab = 'list' | 'approvals' | 'statements';

export default function Codes() {
  const { t } = useTranslation();
  const { tab } = useParams();
  const navigate = useNavigate();
  const active: Tab = tab === 'approvals' || tab === 'statements' ? tab : 'list';
  const { isAdmin } = usePermissions();
  const tabs = [
    { key: 'list', label: t('codes.tabs.list'), children: <CodeList /> },
    { key: 'approvals', label: t('codes.tabs.approvals'), children: <Approvals /> },
    ...(isAdmin ? [{ key: 'statements', label: t('codes.tabs.statements'), children: <Statements /> }] : []),
  ];
  return (
    <>
      <PageHeader title={t('codes.title')} subtitle={t('codes.subtitle')} />
      <Tabs activeKey={active} onChange={(key) => navigate(key === 'list' ? '/codes' : `/codes/tab/${key}`)}
        items={tabs.map((x) => ({ ...x, label: <span data-testid={`codes-tab-${x.key}`}>{x.label}</span> }))} destroyOnHidden />
    </>
  );
}

function CodeList() {
  const { t } = useTranslation();
  const { canEdit } = usePermissions();
  const list = useAsync((signal) => codesApi.list(signal), []);
  const [creating, setCreating] = useState(false);
  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  if (!list.data) return <TableSkeleton rows={5} />;
  const create = canEdit ? <Button type="primary" data-testid="code-create" onClick={() => setCreating(true)}>{t('codes.create')}</Button> : null;
  return (
    <>
      <Space style={{ marginBottom: 12 }}>{create}</Space>
      {list.data.items.length === 0 ? <EmptyState title={t('codes.empty')} description={t('codes.emptyHint')} /> : (
        <ExportTable<CodeListItem> exportFrom={{ source: '/api/codes', name: t('nav.codes') }} rowKey={(r) => r.code.id} dataSource={list.data.items} pagination={false} data-testid="codes-table"
          columns={[
            { title: t('codes.name'), key: 'name', render: (_, r) => <Link to={`/codes/${r.code.id}`}>{r.code.name}</Link> },
            { title: t('codes.kind'), key: 'kind', render: (_, r) => t(`codes.kinds.${r.code.kind}`) },
            { title: t('codes.status'), key: 'status', render: (_, r) => <Tag color={r.code.status === 'active' ? 'green' : 'default'}>{t(`codes.statuses.${r.code.status}`)}</Tag> },
            { title: t('codes.source'), key: 'source', render: (_, r) => r.code.source },
            { title: t('codes.threshold'), key: 'threshold', render: (_, r) => t(`codes.thresholds.${r.code.threshold.kind}`) },
            { title: t('codes.groups'), key: 'groups', align: 'right', render: (_, r) => fmtNumber(r.groups) },
            { title: t('codes.routed'), key: 'routed', align: 'right', render: (_, r) => fmtNumber(r.figures.routed) },
            { title: t('codes.joined'), key: 'joined', align: 'right', render: (_, r) => fmtNumber(r.figures.joined) },
          ]} />
      )}
      {creating ? <CreateCode onClose={(created) => { setCreating(false); if (created) list.reload(); }} /> : null}
    </>
  );
}

interface CreateForm {
  name: string; source: string; kind: 'group' | 'staff'; rule: NewCode['rule']; firstPhase: number; sweetSpotMin: number; sweetSpotMax: number; hardCap: number;
  threshold: 'none' | 'form' | 'approval' | 'poster' | 'paid'; questions?: string; price?: number; shopUrl?: string; templateAccount?: number; namePattern?: string; rules?: string; welcome?: string;
}

function CreateCode({ onClose }: { onClose: (created: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<CreateForm>();
  const [saving, setSaving] = useState(false);
  const { isAdmin } = usePermissions();
  // Platform accounts are listed to admins; an operator's code has no template (no next group opened).
  const accounts = useAsync((signal) => (isAdmin ? settingsApi.accounts({ limit: 100, offset: 0 }, signal) : Promise.resolve({ items: [], total: 0 })), [isAdmin]);
  const threshold = Form.useWatch('threshold', form);
  async function submit(v: CreateForm) {
    const questions = (v.questions ?? '').split('\n').map((s) => s.trim()).filter(Boolean).map((label, i) => ({ key: `q${i + 1}`, label, required: true, tagPrefix: `${label}:` }));
    const thresholdValue: NewCode['threshold'] = v.threshold === 'form' ? { kind: 'form', questions }
      : v.threshold === 'approval' ? { kind: 'approval', questions }
      : v.threshold === 'poster' ? { kind: 'poster', instructions: '' }
      : v.threshold === 'paid' ? { kind: 'paid', priceCents: Math.round((v.price ?? 0) * 100), currency: 'CNY', ...(v.shopUrl ? { shopUrl: v.shopUrl } : {}) }
      : { kind: 'none' };
    setSaving(true);
    try {
      const created = await codesApi.create({
        name: v.name, source: v.source, kind: v.kind, rule: v.rule, firstPhase: v.firstPhase, sweetSpotMin: v.sweetSpotMin, sweetSpotMax: v.sweetSpotMax, hardCap: v.hardCap,
        threshold: thresholdValue,
        ...(v.templateAccount && v.namePattern ? { template: { accountId: v.templateAccount, namePattern: v.namePattern, rules: v.rules ?? '', welcome: v.welcome ?? '', admins: [] } } : {}),
      } as NewCode);
      message.success(t('codes.created'));
      onClose(true);
      navigate(`/codes/${created.code.id}`);
    } catch {
      setSaving(false);
    }
  }
  return (
    <Modal open title={t('codes.create')} onCancel={() => onClose(false)} onOk={() => form.submit()} confirmLoading={saving} okText={t('codes.save')} width={640}>
      <Form<CreateForm> form={form} layout="vertical" onFinish={submit} data-testid="code-form"
        initialValues={{ kind: 'group', rule: 'fill_first', firstPhase: 100, sweetSpotMin: 150, sweetSpotMax: 200, hardCap: 350, threshold: 'none', namePattern: '{n} 群' }}>
        <Form.Item name="name" label={t('codes.name')} rules={[{ required: true }]}><Input maxLength={60} /></Form.Item>
        <Form.Item name="source" label={t('codes.source')} rules={[{ required: true }]} extra={t('codes.sourceHint')}><Input maxLength={24} /></Form.Item>
        <Space wrap>
          <Form.Item name="kind" label={t('codes.kind')}><Select style={{ width: 160 }} options={(['group', 'staff'] as const).map((k) => ({ value: k, label: t(`codes.kinds.${k}`) }))} /></Form.Item>
          <Form.Item name="rule" label={t('codes.rule')}><Select style={{ width: 160 }} options={(['fill_first', 'round_robin', 'by_source'] as const).map((k) => ({ value: k, label: t(`codes.rules.${k}`) }))} /></Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="firstPhase" label={t('codes.firstPhase')}><InputNumber min={1} /></Form.Item>
          <Form.Item name="sweetSpotMin" label={t('codes.sweetSpotMin')}><InputNumber min={1} /></Form.Item>
          <Form.Item name="sweetSpotMax" label={t('codes.sweetSpotMax')}><InputNumber min={1} /></Form.Item>
          <Form.Item name="hardCap" label={t('codes.hardCap')}><InputNumber min={1} /></Form.Item>
        </Space>
        <Form.Item name="threshold" label={t('codes.threshold')}>
          <Select options={(['none', 'form', 'approval', 'poster', 'paid'] as const).map((k) => ({ value: k, label: t(`codes.thresholds.${k}`) }))} />
        </Form.Item>
        {threshold === 'form' || threshold === 'approval' ? <Form.Item name="questions" label={t('codes.questions')} extra={t('codes.questionsHint')} rules={[{ required: threshold === 'form' }]}><Input.TextArea rows={3} /></Form.Item> : null}
        {threshold === 'paid' ? <Space wrap><Form.Item name="price" label={t('codes.price')} rules={[{ required: true }]}><InputNumber min={0.01} step={1} /></Form.Item><Form.Item name="shopUrl" label={t('codes.shopUrl')}><Input /></Form.Item></Space> : null}
        <Typography.Text strong>{t('codes.template')}</Typography.Text>
        <Typography.Paragraph type="secondary">{t('codes.templateHint')}</Typography.Paragraph>
        <Space wrap>
          <Form.Item name="templateAccount" label={t('codes.templateAccount')}>
            <Select allowClear style={{ width: 200 }} loading={!accounts.data} options={(accounts.data?.items ?? []).map((a) => ({ value: a.id, label: `${a.name} (${a.platform})` }))} />
          </Form.Item>
          <Form.Item name="namePattern" label={t('codes.namePattern')}><Input style={{ width: 200 }} /></Form.Item>
        </Space>
        <Form.Item name="rules" label={t('codes.rulesText')}><Input.TextArea rows={2} /></Form.Item>
        <Form.Item name="welcome" label={t('codes.welcome')}><Input.TextArea rows={2} /></Form.Item>
      </Form>
    </Modal>
  );
}

function Approvals() {
  const { t } = useTranslation();
  const { canEdit } = usePermissions();
  const queue = useAsync((signal) => codesApi.entries(signal), []);
  if (queue.error) return <ErrorState error={queue.error} onRetry={queue.reload} />;
  if (!queue.data) return <TableSkeleton rows={5} />;
  if (queue.data.items.length === 0) return <EmptyState title={t('codes.approvals.empty')} />;
  const decide = async (id: number, d: 'approve' | 'reject') => { await codesApi.decide(id, d); queue.reload(); };
  return (
    <ExportTable<CodeEntry> exportFrom={{ source: '/api/code-entries', name: t('nav.codes') }} rowKey="id" dataSource={queue.data.items} pagination={false} data-testid="approvals-table"
      columns={[
        { title: t('codes.approvals.name'), dataIndex: 'name' },
        { title: t('codes.approvals.code'), dataIndex: 'codeName' },
        { title: t('codes.threshold'), key: 'kind', render: (_, e) => dynamicLabel(`codes.thresholds.${e.kind}`, e.kind) },
        { title: t('codes.approvals.answers'), key: 'answers', render: (_, e) => Object.values(e.answers).join(' · ') || '—' },
        { title: t('codes.approvals.proof'), key: 'proof', render: (_, e) => e.hasProof ? <a href={codesApi.proofUrl(e.id)} target="_blank" rel="noreferrer">{t('codes.approvals.view')}</a> : '—' },
        { title: t('codes.approvals.at'), key: 'at', render: (_, e) => dayjs(e.createdAt).format('MM-DD HH:mm') },
        ...(canEdit ? [{ title: t('codes.approvals.decide'), key: 'decide', render: (_: unknown, e: CodeEntry) => (
          <Space>
            <Button size="small" type="primary" data-testid={`approve-${e.id}`} onClick={() => void decide(e.id, 'approve')}>{t('codes.approvals.approve')}</Button>
            <Button size="small" danger onClick={() => void decide(e.id, 'reject')}>{t('codes.approvals.reject')}</Button>
          </Space>
        ) }] : []),
      ]} />
  );
}

function Statements() {
  const { t, i18n } = useTranslation();
  const [month, setMonth] = useState(dayjs().format('YYYY-MM'));
  const st = useAsync((signal) => codesApi.statement(month, signal), [month]);
  type Line = NonNullable<typeof st.data>['lines'][number];
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <DatePicker picker="month" value={dayjs(`${month}-01`)} allowClear={false} onChange={(d) => d && setMonth(d.format('YYYY-MM'))} aria-label={t('codes.statements.month')} />
        <Button href={codesApi.csvUrl(month, i18n.language)} data-testid="statement-csv">{t('codes.statements.csv')}</Button>
        <Button href={codesApi.xlsxUrl(month, i18n.language)} data-testid="statement-xlsx">{t('codes.statements.xlsx')}</Button>
      </Space>
      <Typography.Paragraph type="secondary">{t('codes.statements.hint')}</Typography.Paragraph>
      {st.error ? <ErrorState error={st.error} onRetry={st.reload} /> : !st.data ? <TableSkeleton rows={4} /> : st.data.lines.length === 0 ? <EmptyState title={t('codes.statements.empty')} /> : (
        <ExportTable<Line> exportFrom={{ source: '/api/staff-statements', query: { month }, rows: 'lines', name: t('codes.statements.title', { defaultValue: 'statement' }) }} rowKey={(l) => String(l.staffUserId)} dataSource={st.data.lines} pagination={false} data-testid="statements-table"
          columns={[
            { title: t('codes.statements.staff'), key: 'staff', render: (_, l) => l.staffName || t('codes.statements.nobody') },
            { title: t('codes.statements.joins'), dataIndex: 'joins', align: 'right' },
            { title: t('codes.statements.credited'), dataIndex: 'credited', align: 'right' },
            { title: t('codes.statements.pending'), dataIndex: 'pending', align: 'right' },
            { title: t('codes.statements.lost'), dataIndex: 'lost', align: 'right' },
            { title: t('codes.statements.credit'), dataIndex: 'credit', align: 'right' },
            { title: t('codes.statements.sources'), key: 'src', render: (_, l) => Object.entries(l.bySource).map(([s, n]) => `${s} ${n}`).join(' · ') },
          ]} />
      )}
    </>
  );
}
