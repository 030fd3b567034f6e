/**
 * Moderation (issue #13 item 10): the queue of decisions with their evidence (undo, not spam,
 * confirm, appeal link, ban), the rules with a dry run before enabling and per-rule hits per day
 * and undo rate, the workspace's ban list (CSV import/export) and members' appeals. Tabs are
 * addresses (/moderation/queue, /rules, /bans, /appeals).
 */
import { App as AntApp, Button, Card, Col, Descriptions, Empty, Input, InputNumber, Modal, Popconfirm, Row, Segmented, Select, Space, Statistic, Switch, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import {
  moderationApi, type ModerationAppeal, type ModerationBan, type ModerationDecision, type ModerationDryRun, type ModerationEvidence,
  type ModerationQueueState, type ModerationRuleVersion,
} from '../api/index.ts';
import { Chart, dayAxisBase } from '../components/Chart.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { EmptyState, ErrorState, TableSkeleton } from '../components/states.tsx';
import { fmtDateTime, fmtNumber, fmtPercent, fmtRelative } from '../lib/format.ts';
import { useAsync } from '../lib/useAsync.ts';
import { usePermissions } from '../state/session.tsx';
import { ExportTable } from '../components/ExportTable.tsx';

const TABS = ['queue', 'rules', 'bans', 'appeals'] as const;
type TabKey = (typeof TABS)[number];

export default function Moderation() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const param = useParams().tab as TabKey | undefined;
  const tab: TabKey = param && TABS.includes(param) ? param : 'queue';
  return (
    <>
      <PageHeader title={t('moderation.title')} subtitle={t('moderation.subtitle')} />
      <Tabs
        activeKey={tab}
        onChange={(k) => navigate(`/moderation/${k}`)}
        destroyOnHidden
        items={[
          { key: 'queue', label: <span data-testid="mod-tab-queue">{t('moderation.tabs.queue')}</span>, children: <Queue /> },
          { key: 'rules', label: <span data-testid="mod-tab-rules">{t('moderation.tabs.rules')}</span>, children: <Rules /> },
          { key: 'bans', label: <span data-testid="mod-tab-bans">{t('moderation.tabs.bans')}</span>, children: <Bans /> },
          { key: 'appeals', label: <span data-testid="mod-tab-appeals">{t('moderation.tabs.appeals')}</span>, children: <Appeals /> },
        ]}
      />
    </>
  );
}

/** The message with the evidence's spans marked, then each finding in words. */
export function Evidence({ text, evidence }: { text: string | null; evidence: ModerationEvidence[] }) {
  const { t } = useTranslation();
  const marked = useMemo(() => {
    if (!text) return null;
    const spans = evidence.filter((e) => e.span && e.span.length === 2).map((e) => [e.span![0]!, e.span![1]!] as const).sort((a, b) => a[0] - b[0]);
    const out: ReactNode[] = [];
    let pos = 0;
    for (const [s, e] of spans) {
      if (s < pos || e > text.length) continue;
      if (s > pos) out.push(text.slice(pos, s));
      out.push(<mark key={s} className="qy-evidence-mark">{text.slice(s, e)}</mark>);
      pos = e;
    }
    out.push(text.slice(pos));
    return out;
  }, [text, evidence]);
  return (
    <div className="qy-evidence" data-testid="evidence">
      {marked ? <Typography.Paragraph className="qy-evidence-text">{marked}</Typography.Paragraph> : null}
      <ul className="qy-evidence-list">
        {evidence.slice(0, 4).map((e, i) => (
          <li key={i}>
            <Tag>{t(`moderation.category.${e.category}`, { defaultValue: e.category })}</Tag>
            <span className="qy-muted">{e.detector}</span>
            {e.matched ? <> · <code>{e.matched}</code></> : null}
            {e.note ? <> · {e.note}</> : null}
            {e.score !== undefined ? <> · {fmtPercent(e.score, 0)}</> : null}
            {e.features?.length ? <> · {e.features.slice(0, 3).map((f) => f.feature).join(', ')}</> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

const STATE_COLOR: Record<string, string> = { applied: 'blue', review: 'gold', task: 'orange', confirmed: 'green', undone: 'default' };

function Queue() {
  const { t } = useTranslation();
  const { message, modal } = AntApp.useApp();
  const { isAdmin } = usePermissions();
  const [state, setState] = useState<ModerationQueueState | 'all'>('all');
  const [page, setPage] = useState(1);
  const list = useAsync((signal) => moderationApi.queue({ ...(state === 'all' ? {} : { state }), limit: 20, offset: (page - 1) * 20 }, signal), [state, page]);
  const act = async (d: ModerationDecision, verb: 'undo' | 'not-spam' | 'confirm') => {
    await moderationApi.act(d.id, verb);
    message.success(t(`moderation.done.${verb}`));
    list.reload();
  };
  const link = async (d: ModerationDecision, send: boolean) => {
    const r = await moderationApi.appealLink(d.id, send);
    modal.info({ title: t('moderation.appealLink'), content: <Typography.Paragraph copyable data-testid="appeal-url">{r.url}</Typography.Paragraph> });
  };
  const ban = (d: ModerationDecision) => {
    if (!d.member) return;
    let reason = d.rule ?? '';
    modal.confirm({
      title: t('moderation.banTitle', { name: d.member.name }),
      content: <Input defaultValue={reason} onChange={(e) => { reason = e.target.value; }} aria-label={t('moderation.reason')} />,
      onOk: async () => { await moderationApi.ban(d.member!.id, reason || 'spam'); message.success(t('moderation.done.ban')); list.reload(); },
    });
  };
  const columns: TableProps<ModerationDecision>['columns'] = [
    { title: t('moderation.when'), key: 'when', width: 120, render: (_, d) => <span title={fmtDateTime(d.occurredAt)}>{fmtRelative(d.occurredAt)}</span> },
    { title: t('moderation.where'), key: 'where', width: 160, render: (_, d) => <><div>{d.group.name}</div><div className="qy-muted">{d.member?.name ?? '–'}</div></> },
    { title: t('moderation.evidence'), key: 'evidence', render: (_, d) => <Evidence text={d.text} evidence={d.evidence} /> },
    {
      title: t('moderation.decision'), key: 'decision', width: 220,
      render: (_, d) => (
        <Space direction="vertical" size={2}>
          <span>
            <Tag color={STATE_COLOR[d.state] ?? 'default'}>{t(`moderation.state.${d.state}`, { defaultValue: d.state })}</Tag>
            <Tag>{t(`moderation.source.${d.source}`, { defaultValue: d.source })}</Tag>
          </span>
          <span>{d.rule ?? '–'}{d.score !== null ? ` · ${fmtPercent(d.score, 0)}` : ''}{d.strike ? ` · ${t('moderation.strike', { n: d.strike })}` : ''}</span>
          <span>{d.actions.map((a) => <Tag key={a} color="red">{t(`moderation.step.${a}`, { defaultValue: a })}{a === 'mute' && d.muteMinutes ? ` ${d.muteMinutes}′` : ''}</Tag>)}</span>
          {d.delivery.length ? <span className="qy-muted">{d.delivery.map((x) => `${t(`moderation.kind.${x.kind}`, { defaultValue: x.kind })}: ${t(`moderation.delivery.${x.state}`, { defaultValue: x.state })}`).join(' · ')}</span> : null}
          {d.task ? <Typography.Text type="warning" style={{ whiteSpace: 'pre-line' }}>{d.task}</Typography.Text> : null}
          {d.appeal ? <Typography.Text type="secondary">{t('moderation.appealed')}: {d.appeal.text}</Typography.Text> : null}
        </Space>
      ),
    },
    {
      title: t('moderation.actionsCol'), key: 'actions', width: 150,
      render: (_, d) => d.state === 'undone' ? <span className="qy-muted">{t('moderation.state.undone')}</span> : (
        <Space direction="vertical" size={4}>
          {d.state === 'review' || d.state === 'task' || d.state === 'applied' ? <Button size="small" type="primary" onClick={() => void act(d, 'confirm')} data-testid={`confirm-${d.id}`}>{d.state === 'task' ? t('moderation.taskDone') : t('moderation.confirm')}</Button> : null}
          <Popconfirm title={t('moderation.undoConfirm')} onConfirm={() => act(d, 'undo')}><Button size="small" data-testid={`undo-${d.id}`}>{t('moderation.undo')}</Button></Popconfirm>
          <Button size="small" onClick={() => void act(d, 'not-spam')} data-testid={`not-spam-${d.id}`}>{t('moderation.notSpam')}</Button>
          {d.member ? <Button size="small" type="link" onClick={() => void link(d, false)}>{t('moderation.appealLink')}</Button> : null}
          {isAdmin && d.member ? <Button size="small" danger type="link" onClick={() => ban(d)}>{t('moderation.ban')}</Button> : null}
        </Space>
      ),
    },
  ];
  return (
    <Card>
      <Space style={{ marginBottom: 12 }} wrap>
        <Segmented
          value={state}
          onChange={(v) => { setState(v as ModerationQueueState | 'all'); setPage(1); }}
          options={(['all', 'open', 'applied', 'task', 'undone'] as const).map((s) => ({ value: s, label: t(`moderation.filter.${s}`) }))}
        />
        {list.data ? <span className="qy-muted">{t('moderation.total', { n: fmtNumber(list.data.total) })}</span> : null}
      </Space>
      {list.error && !list.data ? <ErrorState error={list.error} onRetry={list.reload} />
        : !list.data ? <TableSkeleton rows={6} />
        : list.data.total === 0 ? <EmptyState title={t('moderation.queueEmpty')} description={t('moderation.queueEmptyText')} />
        : (
          <ExportTable<ModerationDecision> exportFrom={{ source: '/api/moderation/decisions', query: state === 'all' ? {} : { state }, name: t('nav.moderation') }}
            rowKey="id" columns={columns} dataSource={list.data.items} size="middle" data-testid="mod-queue"
            pagination={{ current: page, pageSize: 20, total: list.data.total, onChange: setPage, showSizeChanger: false }}
          />
        )}
    </Card>
  );
}

interface DraftForm { keywords: string; action: 'delete' | 'review' | 'mute' | 'ban'; verification: boolean; minutes: number; trustAfter: number; days: number; note: string }

function Rules() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const { isAdmin } = usePermissions();
  const rules = useAsync((signal) => moderationApi.rules(signal), []);
  const stats = useAsync((signal) => moderationApi.stats(30, signal), []);
  const [form, setForm] = useState<DraftForm | null>(null);
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<{ version: ModerationRuleVersion; dryRun: ModerationDryRun } | null>(null);
  const current = rules.data?.current as { rules: { builtins?: boolean; rules?: Array<Record<string, unknown>> }; ladder: unknown; options: { verification: { enabled: boolean; minutes: number }; trustAfterCleanMessages: number } } | undefined;
  const initial = (): DraftForm => {
    const custom = current?.rules.rules?.find((r) => r['id'] === 'workspace:keywords');
    return {
      keywords: ((custom?.['keywords'] as string[] | undefined) ?? []).join('\n'), action: (custom?.['action'] as DraftForm['action']) ?? 'delete',
      verification: current?.options.verification.enabled ?? false, minutes: current?.options.verification.minutes ?? 5,
      trustAfter: current?.options.trustAfterCleanMessages ?? 20, days: 7, note: '',
    };
  };
  const f = form ?? (current ? initial() : null);
  const saveAndRun = async () => {
    if (!f || !current) return;
    setRunning(true);
    try {
      const keywords = f.keywords.split('\n').map((s) => s.trim()).filter(Boolean);
      const others = (current.rules.rules ?? []).filter((r) => r['id'] !== 'workspace:keywords');
      const draft = {
        rules: { builtins: current.rules.builtins ?? true, rules: [...others, ...(keywords.length ? [{ id: 'workspace:keywords', name: t('moderation.customRule'), detector: 'keywords', category: 'custom', keywords, action: f.action, severity: 'high' }] : [])] },
        ladder: current.ladder,
        options: { ...current.options, verification: { ...current.options.verification, enabled: f.verification, minutes: f.minutes }, trustAfterCleanMessages: f.trustAfter },
        ...(f.note ? { note: f.note } : {}),
      } as never;
      const version = await moderationApi.saveDraft(draft);
      const dryRun = await moderationApi.dryRun(version.version, f.days);
      setResult({ version, dryRun });
      rules.reload();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setRunning(false);
    }
  };
  const enable = async (version: number) => {
    await moderationApi.enable(version);
    message.success(t('moderation.enabled', { version }));
    setResult(null);
    rules.reload();
  };
  if (rules.error && !rules.data) return <ErrorState error={rules.error} onRetry={rules.reload} />;
  if (!rules.data || !f) return <TableSkeleton rows={4} />;
  const versions: TableProps<ModerationRuleVersion>['columns'] = [
    { title: t('moderation.version'), dataIndex: 'version', width: 80, render: (v: number) => <>v{v}{rules.data!.inForce === v ? <Tag color="green" style={{ marginLeft: 6 }}>{t('moderation.inForce')}</Tag> : null}</> },
    { title: t('moderation.note'), dataIndex: 'note', render: (v: string | null) => v ?? '–' },
    { title: t('moderation.dryRunCol'), key: 'dry', render: (_, v) => { const d = v.dryRun as ModerationDryRun | null; return d ? t('moderation.dryRunShort', { matched: d.matched, messages: d.messages, days: d.days }) : '–'; } },
    { title: t('moderation.created'), dataIndex: 'createdAt', width: 150, render: (v: string) => fmtDateTime(v) },
    { title: '', key: 'enable', width: 100, render: (_, v) => isAdmin && rules.data!.inForce !== v.version ? <Button size="small" onClick={() => void enable(v.version)}>{t('moderation.enable')}</Button> : null },
  ];
  const days = [...new Set((stats.data?.items ?? []).flatMap((s) => s.days.map((d) => d.day)))].sort();
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title={t('moderation.editTitle')} extra={<span className="qy-muted">{t('moderation.examples', { spam: rules.data.examples.spam, ham: rules.data.examples.ham })}</span>}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Typography.Text strong>{t('moderation.keywords')}</Typography.Text>
            <Input.TextArea rows={6} value={f.keywords} onChange={(e) => setForm({ ...f, keywords: e.target.value })} placeholder={t('moderation.keywordsPlaceholder')} data-testid="mod-keywords" aria-label={t('moderation.keywords')} />
            <Space style={{ marginTop: 8 }} wrap>
              <span>{t('moderation.firstAction')}</span>
              <Select value={f.action} onChange={(v) => setForm({ ...f, action: v })} style={{ width: 140 }} aria-label={t('moderation.firstAction')}
                options={(['delete', 'review', 'mute', 'ban'] as const).map((a) => ({ value: a, label: t(`moderation.engineAction.${a}`) }))} />
            </Space>
          </Col>
          <Col xs={24} md={12}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('moderation.verification')}>
                <Space><Switch checked={f.verification} onChange={(v) => setForm({ ...f, verification: v })} aria-label={t('moderation.verification')} />
                  <InputNumber min={1} max={1440} value={f.minutes} onChange={(v) => setForm({ ...f, minutes: Number(v ?? 5) })} addonAfter={t('moderation.minutes')} aria-label={t('moderation.minutes')} /></Space>
              </Descriptions.Item>
              <Descriptions.Item label={t('moderation.trustAfter')}>
                <InputNumber min={1} max={10000} value={f.trustAfter} onChange={(v) => setForm({ ...f, trustAfter: Number(v ?? 20) })} aria-label={t('moderation.trustAfter')} />
              </Descriptions.Item>
              <Descriptions.Item label={t('moderation.dryRunDays')}>
                <InputNumber min={1} max={90} value={f.days} onChange={(v) => setForm({ ...f, days: Number(v ?? 7) })} aria-label={t('moderation.dryRunDays')} />
              </Descriptions.Item>
              <Descriptions.Item label={t('moderation.note')}>
                <Input value={f.note} maxLength={500} onChange={(e) => setForm({ ...f, note: e.target.value })} aria-label={t('moderation.note')} />
              </Descriptions.Item>
            </Descriptions>
          </Col>
        </Row>
        {isAdmin ? <Button type="primary" loading={running} onClick={() => void saveAndRun()} data-testid="mod-dry-run">{t('moderation.saveAndDryRun')}</Button>
          : <Typography.Text type="secondary">{t('moderation.adminsOnly')}</Typography.Text>}
      </Card>
      {result ? <DryRunResult version={result.version.version} run={result.dryRun} onEnable={isAdmin ? () => void enable(result.version.version) : undefined} /> : null}
      {current ? <LadderSummary ladder={current.ladder as LadderView} /> : null}
      <Card title={t('moderation.perRule')}>
        {!stats.data ? <TableSkeleton rows={3} /> : stats.data.items.length === 0 ? <Empty description={t('moderation.noHits')} /> : (
          <>
            <Chart testId="mod-rule-chart" option={{ ...dayAxisBase(days), series: stats.data.items.slice(0, 6).map((s) => ({ name: s.rule, type: 'bar', stack: 'hits', data: days.map((d) => s.days.find((x) => x.day === d)?.hits ?? 0) })) }} />
            <Table rowKey="rule" size="small" pagination={false} dataSource={stats.data.items}
              columns={[
                { title: t('moderation.rule'), dataIndex: 'rule' },
                { title: t('moderation.hits'), dataIndex: 'hits', align: 'right' },
                { title: t('moderation.undoneCol'), dataIndex: 'undone', align: 'right' },
                { title: <Tooltip title={t('moderation.undoRateHelp')}>{t('moderation.undoRate')}</Tooltip>, dataIndex: 'undoRate', align: 'right', render: (v: number) => fmtPercent(v) },
              ]} />
          </>
        )}
      </Card>
      <Card title={t('moderation.versions')}>
        <Table<ModerationRuleVersion> rowKey="version" size="small" columns={versions} dataSource={rules.data.versions} pagination={{ pageSize: 10 }} locale={{ emptyText: t('moderation.builtinOnly') }} />
      </Card>
    </Space>
  );
}

interface LadderView { default: { steps: Array<{ delete?: boolean; warn?: boolean; muteMinutes?: number; kick?: boolean; ban?: boolean }>; resetAfterHours: number } }

/** The ladder in force, step by step (the steps a rule without its own ladder takes). */
function LadderSummary({ ladder }: { ladder: LadderView }) {
  const { t } = useTranslation();
  const steps = ladder.default.steps;
  return (
    <Card title={t('moderation.ladder.title')} size="small" data-testid="mod-ladder">
      <Space wrap>
        {steps.map((s, i) => (
          <Tag key={i} color={s.ban || s.kick ? 'red' : s.muteMinutes ? 'orange' : 'gold'}>
            {t('moderation.ladder.strike', { n: i + 1 })}: {[
              s.delete ? t('moderation.step.delete') : null, s.warn ? t('moderation.step.warn') : null,
              s.muteMinutes ? t('moderation.ladder.muteFor', { minutes: s.muteMinutes }) : null,
              s.kick ? t('moderation.step.kick') : null, s.ban ? t('moderation.step.ban') : null,
            ].filter(Boolean).join(' + ')}
          </Tag>
        ))}
      </Space>
      <div className="qy-muted" style={{ marginTop: 8 }}>{t('moderation.ladder.reset', { hours: ladder.default.resetAfterHours })} · {t('moderation.ladder.last')}</div>
    </Card>
  );
}

function DryRunResult({ version, run, onEnable }: { version: number; run: ModerationDryRun; onEnable: (() => void) | undefined }) {
  const { t } = useTranslation();
  return (
    <Card title={t('moderation.dryRunTitle', { version, days: run.days })} data-testid="mod-dry-run-result" extra={onEnable ? <Button type="primary" onClick={onEnable} data-testid="mod-enable">{t('moderation.enableThis', { version })}</Button> : null}>
      <Row gutter={16}>
        <Col xs={12} md={6}><Statistic title={t('moderation.messages')} value={run.messages} /></Col>
        <Col xs={12} md={6}><Statistic title={t('moderation.wouldAct')} value={run.matched} /></Col>
        <Col xs={12} md={6}><Statistic title={t('moderation.newly')} value={run.newlyMatched} /></Col>
        <Col xs={12} md={6}><Statistic title={t('moderation.noLonger')} value={run.noLongerMatched} /></Col>
      </Row>
      {run.truncated ? <Typography.Text type="warning">{t('moderation.truncated')}</Typography.Text> : null}
      <Space wrap style={{ margin: '12px 0' }}>
        {Object.entries(run.byAction).map(([a, n]) => <Tag key={a}>{a.split('+').map((s) => t(`moderation.step.${s}`, { defaultValue: s })).join(' + ')}: {n}</Tag>)}
      </Space>
      {run.byCategory.map((c) => (
        <Card key={c.category} type="inner" size="small" style={{ marginBottom: 8 }} title={<>{t(`moderation.category.${c.category}`, { defaultValue: c.category })} · {c.count}</>}>
          {c.examples.map((e, i) => (
            <div key={i} className="qy-dry-example">
              <span className="qy-muted">{e.group} · {e.member} · {e.rule}</span>
              <Evidence text={e.text} evidence={e.evidence} />
            </div>
          ))}
        </Card>
      ))}
    </Card>
  );
}

function Bans() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const { isAdmin } = usePermissions();
  const [page, setPage] = useState(1);
  const [all, setAll] = useState(false);
  const [importing, setImporting] = useState<string | null>(null);
  const list = useAsync((signal) => moderationApi.bans({ all: all ? 'true' : 'false', limit: 20, offset: (page - 1) * 20 }, signal), [page, all]);
  const lift = async (b: ModerationBan) => { await moderationApi.lift(b.id); message.success(t('moderation.done.lift')); list.reload(); };
  const doImport = async () => {
    if (!importing) return;
    const r = await moderationApi.importCsv(importing);
    message.success(t('moderation.imported', { banned: r.banned, already: r.already, rejected: r.rejected.length }));
    setImporting(null);
    list.reload();
  };
  const columns: TableProps<ModerationBan>['columns'] = [
    { title: t('moderation.person'), key: 'who', render: (_, b) => <>{b.memberName ?? '–'}<div className="qy-muted">{b.identities.map((i) => `${i.platform}:${i.userId}`).join(' · ')}</div></> },
    { title: t('moderation.reason'), dataIndex: 'reason' },
    { title: t('moderation.sourceCol'), dataIndex: 'source', width: 100, render: (v: string) => <Tag>{t(`moderation.banSource.${v}`, { defaultValue: v })}</Tag> },
    { title: t('moderation.by'), key: 'by', width: 140, render: (_, b) => <>{b.createdBy?.name ?? t('moderation.automatic')}<div className="qy-muted">{fmtDateTime(b.createdAt)}</div></> },
    { title: '', key: 'lift', width: 100, render: (_, b) => b.liftedAt ? <span className="qy-muted">{t('moderation.lifted')}</span> : isAdmin ? <Popconfirm title={t('moderation.liftConfirm')} onConfirm={() => lift(b)}><Button size="small">{t('moderation.lift')}</Button></Popconfirm> : null },
  ];
  return (
    <Card extra={isAdmin ? (
      <Space>
        <Button href={moderationApi.exportUrl}>{t('moderation.export')}</Button>
        <Button onClick={() => setImporting('')}>{t('moderation.import')}</Button>
      </Space>) : null}
      title={<Space><span>{t('moderation.banList')}</span><Switch size="small" checked={all} onChange={setAll} aria-label={t('moderation.showLifted')} /><span className="qy-muted">{t('moderation.showLifted')}</span></Space>}>
      {list.error && !list.data ? <ErrorState error={list.error} onRetry={list.reload} />
        : !list.data ? <TableSkeleton rows={4} />
        : <ExportTable<ModerationBan> exportFrom={{ source: '/api/moderation/bans', query: { all: all ? 'true' : 'false' }, name: t('nav.moderation') }} rowKey="id" size="middle" columns={columns} dataSource={list.data.items} data-testid="mod-bans"
            locale={{ emptyText: t('moderation.noBans') }} pagination={{ current: page, pageSize: 20, total: list.data.total, onChange: setPage, showSizeChanger: false }} />}
      <Modal open={importing !== null} title={t('moderation.import')} onCancel={() => setImporting(null)} onOk={() => void doImport()} okText={t('moderation.import')}>
        <Typography.Paragraph type="secondary">{t('moderation.importHelp')}</Typography.Paragraph>
        <input type="file" accept=".csv,text/csv" aria-label={t('moderation.import')} onChange={(e) => { const file = e.target.files?.[0]; if (file) void file.text().then(setImporting); }} />
        <Input.TextArea rows={6} value={importing ?? ''} onChange={(e) => setImporting(e.target.value)} style={{ marginTop: 8 }} aria-label="CSV" />
      </Modal>
    </Card>
  );
}

function Appeals() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [page, setPage] = useState(1);
  const list = useAsync((signal) => moderationApi.appeals({ limit: 20, offset: (page - 1) * 20 }, signal), [page]);
  const decide = async (a: ModerationAppeal, accept: boolean) => { await moderationApi.decideAppeal(a.id, accept); message.success(t(accept ? 'moderation.done.accept' : 'moderation.done.reject')); list.reload(); };
  const columns: TableProps<ModerationAppeal>['columns'] = [
    { title: t('moderation.when'), dataIndex: 'createdAt', width: 140, render: (v: string) => fmtDateTime(v) },
    { title: t('moderation.person'), key: 'who', width: 140, render: (_, a) => a.member?.name ?? '–' },
    { title: t('moderation.appealText'), dataIndex: 'text' },
    { title: t('moderation.decidedOn'), key: 'on', render: (_, a) => <><div>{a.decisionText ?? '–'}</div><div className="qy-muted">{a.rule}</div></> },
    { title: '', key: 'decide', width: 170, render: (_, a) => a.state !== 'open' ? <Tag>{t(`moderation.appealState.${a.state}`, { defaultValue: a.state })}</Tag> : (
      <Space><Button size="small" type="primary" onClick={() => void decide(a, true)}>{t('moderation.accept')}</Button><Button size="small" onClick={() => void decide(a, false)}>{t('moderation.reject')}</Button></Space>) },
  ];
  if (list.error && !list.data) return <ErrorState error={list.error} onRetry={list.reload} />;
  if (!list.data) return <TableSkeleton rows={4} />;
  return (
    <Card>
      <ExportTable<ModerationAppeal> exportFrom={{ source: '/api/moderation/appeals', name: t('nav.moderation') }} rowKey="id" columns={columns} dataSource={list.data.items} locale={{ emptyText: t('moderation.noAppeals') }}
        pagination={{ current: page, pageSize: 20, total: list.data.total, onChange: setPage, showSizeChanger: false }} />
    </Card>
  );
}
