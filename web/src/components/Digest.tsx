/**
 * The weekly digest (周报) in the console: the newest stored digest of the signed-in user (made
 * each Monday 08:00 by the server: src/reports/digest-store.ts), or, before the first one, last
 * week computed now; past digests below. The same digest is sent to the operator's linked chat
 * and e-mail as text. Shown as the 复盘 page's "周报" tab (/review/digest).
 */
import { Alert, Card, Col, List, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { reportsApi, type WeeklyDigest } from '../api/reports.ts';
import { fmtNumber, fmtPercent } from '../lib/format.ts';
import { useAsync } from '../lib/useAsync.ts';
import { EmptyState, ErrorState, TableSkeleton } from './states.tsx';

const delta = (now: number, before: number) => (now === before ? '±0' : now > before ? `+${fmtNumber(now - before)}` : `-${fmtNumber(before - now)}`);

export function DigestView({ digest }: { digest: WeeklyDigest }) {
  const { t } = useTranslation();
  const tx = t as unknown as (key: string, options?: Record<string, unknown>) => string;
  const d = digest;
  const stat = (key: 'messages' | 'writers' | 'joins' | 'leaves') => (
    <Col xs={12} md={6} key={key}>
      <Card size="small">
        <Statistic title={t(`digest.${key}`)} value={fmtNumber(d.thisWeek[key])} />
        <Typography.Text type="secondary">{t('digest.vsLast', { delta: delta(d.thisWeek[key], d.lastWeek[key]) })}</Typography.Text>
      </Card>
    </Col>
  );
  const moved = d.perGroup.filter((g) => g.score !== null);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="digest-view">
      <Typography.Title level={4} style={{ margin: 0 }} data-testid="digest-week">{t('digest.week', { from: d.week.from, to: d.week.to })}</Typography.Title>
      <Typography.Text type="secondary">{t('digest.groups')} {d.groups} · {t('digest.members')} {fmtNumber(d.members)} · {t('digest.responseRate')} {d.responseRate === null ? '—' : fmtPercent(d.responseRate, 0)} ({t('digest.posts', { count: d.posts })})</Typography.Text>
      <Row gutter={[12, 12]}>{(['messages', 'writers', 'joins', 'leaves'] as const).map(stat)}</Row>
      <Card size="small" title={t('digest.next')} data-testid="digest-next">
        <List size="small" dataSource={d.next} renderItem={(s) => <List.Item>{tx(`digest.step.${s.code}`, s.values)}</List.Item>} />
      </Card>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('digest.warnings')}>
            {d.warnings.length === 0 ? <Typography.Text type="secondary">{t('digest.noWarnings')}</Typography.Text> : (
              <List size="small" dataSource={d.warnings} renderItem={(w) => (
                <List.Item><Space wrap><Link to={`/groups/${w.groupId}`}>{w.name}</Link><Tag color="red">{t('digest.risk', { risk: fmtPercent(w.risk, 0) })}</Tag></Space></List.Item>
              )} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('digest.topPosts')}>
            {d.topPosts.length === 0 ? <Typography.Text type="secondary">{t('digest.noPosts')}</Typography.Text> : (
              <List size="small" dataSource={d.topPosts} renderItem={(p) => (
                <List.Item><span>{p.title} · <Link to={`/groups/${p.groupId}`}>{p.groupName}</Link></span><Tag>{t('digest.responders')} {p.responders}</Tag></List.Item>
              )} />
            )}
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('digest.health')}>
        <Table rowKey="groupId" size="small" pagination={{ pageSize: 10 }} dataSource={moved} data-testid="digest-groups" columns={[
          { title: t('digest.group'), dataIndex: 'name', render: (v: string, r) => <Link to={`/groups/${r.groupId}`}>{v}</Link> },
          { title: t('digest.messages'), dataIndex: 'messages', align: 'right' },
          { title: t('digest.writers'), dataIndex: 'writers', align: 'right' },
          { title: t('digest.score'), dataIndex: 'score', align: 'right', render: (v: number | null) => (v === null ? '—' : v.toFixed(1)) },
          { title: t('digest.previous'), dataIndex: 'previousScore', align: 'right', render: (v: number | null, r) => (v === null ? '—' : <span>{v.toFixed(1)} {r.score !== null && r.score !== v ? <Tag color={r.score > v ? 'green' : 'red'}>{r.score > v ? '↑' : '↓'}</Tag> : null}</span>) },
        ]} />
      </Card>
    </Space>
  );
}

export function DigestTab() {
  const { t } = useTranslation();
  const stored = useAsync((signal) => reportsApi.digests(signal), []);
  const preview = useAsync((signal) => reportsApi.preview(signal), []);
  const [picked, setPicked] = useState<number | null>(null);
  if (stored.error) return <ErrorState error={stored.error} onRetry={stored.reload} />;
  if (!stored.data) return <TableSkeleton />;
  const items = stored.data.items;
  const current = items.find((d) => d.id === picked) ?? items[0];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="review-digest">
      <Typography.Text type="secondary">{t('digest.subtitle')}</Typography.Text>
      {items.length > 1 ? (
        <Select aria-label={t('digest.history')} style={{ minWidth: 220 }} value={current!.id} onChange={setPicked}
          options={items.map((d) => ({ value: d.id, label: t('digest.week', { from: d.digest.week.from, to: d.digest.week.to }) }))} />
      ) : null}
      {current ? (<>
        <Space wrap>{current.chatQueuedAt ? <Tag color="blue">{t('digest.sentChat')}</Tag> : null}{current.emailedAt ? <Tag color="green">{t('digest.sentEmail')}</Tag> : null}</Space>
        <DigestView digest={current.digest} />
      </>) : (<>
        <Alert type="info" showIcon message={t('digest.none')} />
        {preview.error ? <ErrorState error={preview.error} onRetry={preview.reload} /> : !preview.data ? <TableSkeleton /> : preview.data.groups === 0 ? <EmptyState title={t('digest.none')} /> : <DigestView digest={preview.data} />}
      </>)}
    </Space>
  );
}
