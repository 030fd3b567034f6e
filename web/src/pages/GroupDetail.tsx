/** One group: size and activity over time, joins by source, top members, recent messages, members. */
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Descriptions, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, groupsApi, type GroupDetail as Detail, type GroupMember, type JoinRequest } from '../api/index.ts';
import { GroupStageTag, HealthBadge } from '../components/bits.tsx';
import { GroupActionsCard, MemberActions, OutcomeAlert, type Outcome } from '../components/GroupActions.tsx';
import { Chart, dayAxisBase } from '../components/Chart.tsx';
import { barsWithPartial, lineWithPartial, partialDayLabels } from '../components/partialDay.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { RangeFilter } from '../components/RangeFilter.tsx';
import { lastDays, rangeQuery, type DayRange } from '../lib/range.ts';
import { pointLabels } from '../lib/grain.ts';
import { ChartSkeleton, EmptyState, ErrorState, KpiSkeleton, TableSkeleton } from '../components/states.tsx';
import { fmtDateTime, fmtNumber, fmtRelative } from '../lib/format.ts';
import { dynamicLabel } from '../lib/i18nLabel.ts';
import { useAsync } from '../lib/useAsync.ts';
import { usePermissions } from '../state/session.tsx';
import { ExportTable } from '../components/ExportTable.tsx';

export default function GroupDetail() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const [range, setRange] = useState<DayRange>(() => lastDays(30));
  const state = useAsync((signal) => groupsApi.get(id, rangeQuery(range), signal), [id, range.from, range.to, range.all, range.grain]);
  const g = state.data;
  const { canEdit } = usePermissions();

  const back = (
    <Link to="/groups">
      <Button type="text" icon={<ArrowLeftOutlined />} data-testid="back-to-groups">
        {t('groupDetail.back')}
      </Button>
    </Link>
  );

  if (!Number.isInteger(id) || (state.error instanceof ApiError && state.error.status === 404)) {
    return (
      <div className="qy-page" data-testid="group-page">
        {back}
        <Card>
          <EmptyState title={t('groupDetail.notFoundTitle')} description={t('groupDetail.notFoundText')} action={<Link to="/groups"><Button type="primary">{t('groupDetail.back')}</Button></Link>} />
        </Card>
      </div>
    );
  }
  if (state.error && !g) {
    return (
      <div className="qy-page" data-testid="group-page">
        {back}
        <Card>
          <ErrorState error={state.error} onRetry={state.reload} />
        </Card>
      </div>
    );
  }
  if (!g) {
    return (
      <div className="qy-page" data-testid="group-page">
        {back}
        <Skeleton active title={{ width: 260 }} paragraph={{ rows: 1 }} />
        <KpiSkeleton count={4} />
        <Card>
          <ChartSkeleton height={300} />
        </Card>
      </div>
    );
  }

  return (
    <div className={`qy-page${state.loading ? ' qy-refreshing' : ''}`} data-testid="group-page">
      {back}
      <PageHeader
        title={
          <span data-testid="group-name">
            {g.name} <HealthBadge health={g.health} /> <GroupStageTag stage={g.stage} />
          </span>
        }
        subtitle={`${dynamicLabel(`platform.${g.platform}`, g.platform)} · ${g.platformGroupId}`}
        extra={<RangeFilter value={range} onChange={setRange} testId="group-range" shown={g.range} grain={g.grain} />}
      />
      {g.measuredAt ? (
        <Alert type="info" showIcon className="qy-measured-at" data-testid="group-measured-at" title={t('history.measuredAt', { day: g.measuredAt })} />
      ) : null}
      <Card className="qy-facts">
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
          <Descriptions.Item label={t('groups.size')}>
            {fmtNumber(g.size)} / {fmtNumber(g.capacity)}
          </Descriptions.Item>
          <Descriptions.Item label={t('groups.purpose')}>{g.purpose ?? '–'}</Descriptions.Item>
          <Descriptions.Item label={t('groups.layer')}>{g.layer ?? '–'}</Descriptions.Item>
          <Descriptions.Item label={t('groups.operator')}>{g.operator?.name ?? t('groups.unassigned')}</Descriptions.Item>
          <Descriptions.Item label={t('groups.messagesPerDay')}>{fmtNumber(g.messagesPerDay, 1)}</Descriptions.Item>
          <Descriptions.Item label={t('groups.activeMembers7d')}>{fmtNumber(g.activeMembers7d)}</Descriptions.Item>
          <Descriptions.Item label={t('groupDetail.joinsLeaves7d')}>
            <span className="qy-good">+{fmtNumber(g.joins7d)}</span> / <span className="qy-bad">−{fmtNumber(g.leaves7d)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('groups.age')}>{t('groups.days', { count: g.ageDays })}</Descriptions.Item>
          <Descriptions.Item label={t('groups.tag')} span="filled">
            {g.tags.length ? g.tags.map((tag) => <Tag key={tag} color="geekblue">{tag}</Tag>) : <span className="qy-muted">{t('groupDetail.noTags')}</span>}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <GroupActivity g={g} />
      <div className="qy-three-col">
        <GroupSources g={g} />
        <Card title={t('groupDetail.topMembers')} data-testid="top-members">
          {g.topMembers.length === 0 ? (
            <EmptyState title={t('groupDetail.noMessagesTitle')} description={t('groupDetail.noMessagesText')} />
          ) : (
            <div className="qy-top-list">
              {g.topMembers.map((m, i) => (
                <div key={m.id} className="qy-top-row">
                  <span className="qy-rank">{i + 1}</span>
                  <Link to={`/members/${m.id}`}>{m.name}</Link>
                  <span className="qy-top-bar" style={{ width: `${Math.max(4, (m.messages / Math.max(1, g.topMembers[0]!.messages)) * 80)}px` }} />
                  <span className="qy-secondary qy-num">{fmtNumber(m.messages)}</span>
                </div>
              ))}
            </div>
          )}
        </Card>
        <Card title={t('groupDetail.recentMessages')} data-testid="recent-messages">
          {g.recentMessages.length === 0 ? (
            <EmptyState title={t('groupDetail.noMessagesTitle')} description={t('groupDetail.noMessagesText')} />
          ) : (
            <div className="qy-messages">
              {g.recentMessages.map((m) => (
                <div key={m.id} className="qy-message">
                  <div className="qy-message-head">
                    <Link to={`/members/${m.member.id}`}>{m.member.name}</Link>
                    <span className="qy-secondary" title={fmtDateTime(m.sentAt)}>
                      {fmtRelative(m.sentAt)}
                    </span>
                  </div>
                  <div className="qy-message-text">
                    {m.replyTo ? <Tag>{t('groupDetail.reply')}</Tag> : null}
                    {m.text ?? <span className="qy-secondary">[{dynamicLabel(`messageKind.${m.kind}`, m.kind)}]</span>}
                  </div>
                </div>
              ))}
            </div>
          )}
        </Card>
      </div>
      <GroupActionsCard groupId={g.id} canEdit={canEdit} onChanged={() => undefined} />
      <GroupJoinRequests id={g.id} />
      <GroupMembers id={g.id} canEdit={canEdit} />
    </div>
  );
}

function GroupActivity({ g }: { g: Detail }) {
  const { t, i18n } = useTranslation();
  const option = useMemo(() => {
    const partial = g.series.map((p) => p.partial);
    const days = partialDayLabels(pointLabels(g.series, g.grain), partial, t('figures.partialDay'));
    const base = dayAxisBase(days);
    return {
      ...base,
      grid: { ...base.grid, top: 60 },
      legend: { ...base.legend, top: 0 },
      yAxis: [
        { type: 'value', name: t('groupDetail.size'), minInterval: 1, splitLine: { lineStyle: { type: 'dashed' } } },
        { type: 'value', name: t('kpi.messages'), minInterval: 1, splitLine: { show: false } },
      ],
      series: [
        { name: t('groupDetail.size'), type: 'line', smooth: true, showSymbol: false, data: g.series.map((p) => p.size) },
        { name: t('kpi.messages'), type: 'bar', yAxisIndex: 1, barMaxWidth: 12, data: barsWithPartial(g.series.map((p) => p.messages), partial), itemStyle: { opacity: 0.7 } },
        ...lineWithPartial({ name: t('overview.activeMembers'), type: 'line', yAxisIndex: 1, smooth: true, showSymbol: false, lineStyle: { type: 'dashed' } }, g.series.map((p) => p.activeMembers), partial),
      ],
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [g, i18n.language]);
  return (
    <Card
      title={t('groupDetail.chartActivity')}
      extra={<span className="qy-muted">{t(`history.by.${g.grain}`)} · {g.range.from} – {g.range.to}</span>}
      data-testid="group-activity"
      data-grain={g.grain}
      data-points={g.series.length}
      data-first={g.series[0]?.day ?? ''}
      data-last={g.series.at(-1)?.day ?? ''}
    >
      {g.series.length === 0 ? <EmptyState title={t('overview.noActivityTitle')} description={t('overview.noActivityText')} /> : <Chart option={option} height={300} testId="chart-group-activity" />}
    </Card>
  );
}

function GroupSources({ g }: { g: Detail }) {
  const { t, i18n } = useTranslation();
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      legend: { bottom: 0, type: 'scroll' },
      series: [
        {
          type: 'pie',
          radius: ['45%', '70%'],
          center: ['50%', '45%'],
          label: { show: false },
          data: g.joinsBySource.map((s) => ({ name: dynamicLabel(`source.${s.source}`, s.source), value: s.joins })),
        },
      ],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [g, i18n.language],
  );
  return (
    <Card title={t('groupDetail.chartSources')} data-testid="joins-by-source">
      {g.joinsBySource.length === 0 ? <EmptyState title={t('groupDetail.noJoinsTitle')} description={t('groupDetail.noJoinsText')} /> : <Chart option={option} height={280} testId="chart-group-sources" later />}
    </Card>
  );
}

function GroupMembers({ id, canEdit }: { id: number; canEdit: boolean }) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const state = useAsync((signal) => groupsApi.members(id, { limit: pageSize, offset: (page - 1) * pageSize }, signal), [id, page, pageSize]);
  return (
    <Card title={t('groupDetail.members')} data-testid="group-members">
      <OutcomeAlert outcome={outcome} testId="member-action-outcome" />
      {state.error && !state.data ? (
        <ErrorState compact error={state.error} onRetry={state.reload} />
      ) : !state.data ? (
        <TableSkeleton rows={5} />
      ) : (
        <ExportTable<GroupMember>
          exportFrom={{ source: `/api/groups/${id}/members`, name: t('nav.members') }}
          rowKey="id"
          size="small"
          loading={state.loading}
          dataSource={state.data.items}
          locale={{ emptyText: <EmptyState title={t('groupDetail.noMembersTitle')} description={t('groupDetail.noMembersText')} /> }}
          pagination={{
            current: page,
            pageSize,
            total: state.data.total,
            showSizeChanger: true,
            onChange: (p, s) => {
              setPage(s === pageSize ? p : 1);
              setPageSize(s);
            },
            showTotal: (total) => t('members.total', { count: total }),
          }}
          columns={[
            { title: t('members.name'), key: 'name', render: (_, m) => <Link to={`/members/${m.id}`}>{m.name}</Link> },
            { title: t('groupDetail.joinedAt'), dataIndex: 'joinedAt', render: (v: string) => fmtDateTime(v) },
            { title: t('groupDetail.source'), dataIndex: 'source', render: (v: string | null) => (v ? dynamicLabel(`source.${v}`, v) : '–') },
            { title: t('members.messages30d'), dataIndex: 'messages30d', align: 'right', render: (v: number) => fmtNumber(v) },
            { title: t('groupDetail.activeNow'), dataIndex: 'active', render: (v: boolean) => (v ? <Tag color="green">{t('groupDetail.active')}</Tag> : <Tag>{t('groupDetail.inactive')}</Tag>) },
            ...(canEdit
              ? [{
                  title: t('groupActions.actions'), key: 'actions', align: 'right' as const,
                  render: (_: unknown, m: GroupMember) => (m.active
                    ? <MemberActions groupId={id} member={m} onDone={(o) => { setOutcome(o); if (o.ok) state.reload(); }} />
                    : null),
                }]
              : []),
          ]}
        />
      )}
    </Card>
  );
}

/** Requests to join waiting for approval (Telegram links that create join requests); shown only when there are some. */
function GroupJoinRequests({ id }: { id: number }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const { canEdit } = usePermissions();
  const [busy, setBusy] = useState<string | null>(null);
  const state = useAsync((signal) => groupsApi.joinRequests(id, signal), [id]);
  const items = state.data?.items ?? [];
  if (items.length === 0) return null;
  const decide = async (r: JoinRequest, decision: 'approve' | 'decline') => {
    if (r.memberId === null) return;
    setBusy(`${r.userId}:${decision}`);
    try {
      await groupsApi.decideJoinRequest(id, r.memberId, decision);
      message.success(t(decision === 'approve' ? 'groupDetail.approved' : 'groupDetail.declined'));
      state.reload();
    } catch {
      // The client reports the server's message.
    } finally {
      setBusy(null);
    }
  };
  return (
    <Card title={<>{t('groupDetail.joinRequests')} <Tag color="orange">{t('groupDetail.joinRequestsCount', { count: items.length })}</Tag></>} data-testid="join-requests">
      <Table<JoinRequest>
        rowKey="userId"
        size="small"
        loading={state.loading}
        dataSource={items}
        pagination={false}
        columns={[
          { title: t('members.name'), key: 'name', render: (_, r) => (r.memberId !== null ? <Link to={`/members/${r.memberId}`}>{r.name || r.userId}</Link> : r.name || r.userId) },
          { title: t('groupDetail.source'), dataIndex: 'source', render: (v: string | null) => (v ? dynamicLabel(`source.${v}`, v) : '–') },
          { title: t('groupDetail.requestedAt'), dataIndex: 'requestedAt', render: (v: string) => <span title={fmtDateTime(v)}>{fmtRelative(v)}</span> },
          { title: '', dataIndex: 'bio', render: (v: string | null) => (v ? <Typography.Text type="secondary">{v}</Typography.Text> : null) },
          ...(canEdit
            ? [{
                title: '',
                key: 'actions',
                align: 'right' as const,
                render: (_: unknown, r: JoinRequest) => (
                  <Space>
                    <Button size="small" type="primary" disabled={r.memberId === null} loading={busy === `${r.userId}:approve`} onClick={() => void decide(r, 'approve')} data-testid={`approve-${r.userId}`}>
                      {t('groupDetail.approve')}
                    </Button>
                    <Button size="small" disabled={r.memberId === null} loading={busy === `${r.userId}:decline`} onClick={() => void decide(r, 'decline')} data-testid={`decline-${r.userId}`}>
                      {t('groupDetail.decline')}
                    </Button>
                  </Space>
                ),
              }]
            : []),
        ]}
      />
    </Card>
  );
}
