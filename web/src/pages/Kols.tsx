/**
 * KOLs (意见领袖): the current KOLs and the top candidates from the reply and mention graph of the
 * last 30 days (PageRank, distinct repliers), KOL coverage per group (share of active members who
 * interacted with a KOL), and a member's trust level with its reasons in a drawer.
 */
import { App as AntApp, Button, Card, Drawer, Progress, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { activitiesApi, type KolRow } from '../api/index.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { EmptyState, ErrorState, TableSkeleton } from '../components/states.tsx';
import { TrustPanel } from '../components/TrustPanel.tsx';
import { fmtPercent } from '../lib/format.ts';
import { dynamicLabel } from '../lib/i18nLabel.ts';
import { useAsync } from '../lib/useAsync.ts';
import { usePermissions } from '../state/session.tsx';
import { ExportTable } from '../components/ExportTable.tsx';

export default function Kols() {
  const { t } = useTranslation();
  const { isAdmin } = usePermissions();
  const { message } = AntApp.useApp();
  const data = useAsync((signal) => activitiesApi.kols(signal), []);
  const [member, setMember] = useState<KolRow | null>(null);
  const [running, setRunning] = useState(false);
  const review = async () => {
    setRunning(true);
    try {
      const r = await activitiesApi.review();
      message.success(t('activities.kol.reviewDone', r));
      data.reload();
    } finally {
      setRunning(false);
    }
  };
  const columns = [
    { title: t('activities.member'), dataIndex: 'name', render: (v: string, row: KolRow) => <a onClick={() => setMember(row)}>{v}</a> },
    { title: t('activities.kol.status'), dataIndex: 'status', render: (s: string) => <Tag color={s === 'kol' ? 'gold' : s === 'eliminated' ? 'default' : 'blue'}>{dynamicLabel(`activities.kol.statuses.${s}`, String(s))}</Tag> },
    { title: t('activities.kol.pagerank'), dataIndex: 'pagerank', align: 'right' as const, render: (v: number) => (v * 100).toFixed(2) },
    { title: t('activities.kol.repliers'), dataIndex: 'distinctRepliers', align: 'right' as const },
    { title: t('activities.kol.tasks'), key: 'tasks', render: (_: unknown, r: KolRow) => (r.tasksDue ? `${r.tasksDone}/${r.tasksDue}` : '—') },
    { title: t('activities.kol.reasons'), dataIndex: 'reasons', render: (v: string[]) => v.join('; ') },
  ];
  return (
    <>
      <PageHeader title={t('activities.kol.pageTitle')} subtitle={t('activities.kol.pageSubtitle')}
        extra={isAdmin ? <Button onClick={review} loading={running} data-testid="kol-review">{t('activities.kol.review')}</Button> : null} />
      {data.error ? <ErrorState error={data.error} onRetry={data.reload} /> : !data.data ? <TableSkeleton /> : (
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <Card title={t('activities.kol.coverage')} size="small">
            <ExportTable exportFrom={{ source: '/api/kols', rows: 'coverage', name: 'KOL' }} rowKey="groupId" size="small" pagination={{ pageSize: 10 }} dataSource={data.data.coverage} data-testid="kol-coverage" columns={[
              { title: t('activities.group'), dataIndex: 'groupName' },
              { title: t('activities.kol.kols'), dataIndex: 'kols', align: 'right' },
              { title: t('activities.kol.activeMembers'), dataIndex: 'members', align: 'right' },
              { title: t('activities.kol.covered'), dataIndex: 'share', render: (v: number, r) => <Progress percent={Math.round(v * 100)} size="small" format={() => `${fmtPercent(v, 0)} (${r.covered})`} aria-label={t('activities.kol.covered')} /> },
            ]} />
          </Card>
          <Card title={t('activities.kol.current')} size="small">
            {data.data.kols.length ? <ExportTable exportFrom={{ source: '/api/kols', rows: 'kols', name: 'KOL' }} rowKey="memberId" size="small" pagination={false} dataSource={data.data.kols} columns={columns} data-testid="kol-table" />
              : <EmptyState title={t('activities.kol.none')} description={t('activities.kol.noneHelp')} />}
          </Card>
          <Card title={t('activities.kol.candidates')} size="small">
            <Table rowKey="memberId" size="small" pagination={false} dataSource={data.data.candidates} columns={columns} data-testid="kol-candidates" />
          </Card>
        </Space>
      )}
      <Drawer open={member !== null} onClose={() => setMember(null)} width={480} title={member?.name} destroyOnHidden>
        {member ? <TrustPanel memberId={member.memberId} /> : null}
      </Drawer>
    </>
  );
}
