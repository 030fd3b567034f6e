/**
 * One live code: its QR code (download PNG/SVG, per source), the public link, pause/resume, the
 * groups of its pool with their load against the cap and which were opened from the template,
 * operator tasks (open a group where the platform cannot), joins by source and by staff member.
 */
import { Alert, App as AntApp, Button, Card, Col, Input, InputNumber, Progress, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { codesApi, type CodeDetail as Detail, type PoolGroup } from '../api/codes.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { ErrorState, PageSkeleton } from '../components/states.tsx';
import { fmtNumber } from '../lib/format.ts';
import { dynamicLabel } from '../lib/i18nLabel.ts';
import { useAsync } from '../lib/useAsync.ts';
import { usePermissions } from '../state/session.tsx';

export default function CodeDetail() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const { canEdit } = usePermissions();
  const { message } = AntApp.useApp();
  const detail = useAsync((signal) => codesApi.get(id, signal), [id]);
  const [qrSource, setQrSource] = useState('');
  const [groupId, setGroupId] = useState<number | null>(null);
  if (detail.error) return <ErrorState error={detail.error} onRetry={detail.reload} />;
  if (!detail.data) return <PageSkeleton />;
  const { code, pool, figures, staff } = detail.data;
  const update = (next: Detail) => detail.setData(() => next);
  const link = code.url + (qrSource ? `?s=${encodeURIComponent(qrSource)}` : '');
  return (
    <>
      <PageHeader title={code.name} subtitle={<>{t(`codes.kinds.${code.kind}`)} · {t(`codes.rules.${code.rule}`)} · {t(`codes.thresholds.${code.threshold.kind}`)}</>}
        extra={canEdit ? (
          <Button data-testid="code-pause" onClick={async () => update(await codesApi.setStatus(code.id, code.status === 'active' ? 'paused' : 'active'))}>
            {code.status === 'active' ? t('codes.pause') : t('codes.resume')}
          </Button>
        ) : null} />
      {code.status === 'paused' ? <Alert type="warning" showIcon message={t('codes.pausedHint')} style={{ marginBottom: 16 }} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8}>
          <Card title={t('codes.qr')}>
            <img src={codesApi.qrUrl(code.id, 'png', qrSource || undefined)} alt={t('codes.qrAlt', { name: code.name })} width={200} height={200} style={{ display: 'block', margin: '0 auto' }} data-testid="code-qr" />
            <Typography.Paragraph copyable={{ text: link }} style={{ wordBreak: 'break-all', marginTop: 8 }}><a href={link} target="_blank" rel="noreferrer">{link}</a></Typography.Paragraph>
            <Input placeholder={t('codes.qrSource')} aria-label={t('codes.qrSource')} value={qrSource} maxLength={24} onChange={(e) => setQrSource(e.target.value.replace(/[~?&#]/g, ''))} />
            <Space style={{ marginTop: 8 }}>
              <Button href={codesApi.qrUrl(code.id, 'png', qrSource || undefined)}>PNG</Button>
              <Button href={codesApi.qrUrl(code.id, 'svg', qrSource || undefined)}>SVG</Button>
            </Space>
          </Card>
        </Col>
        <Col xs={24} md={16}>
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}><Card><Statistic title={t('codes.routed')} value={figures.routed} /></Card></Col>
            <Col xs={12} md={6}><Card><Statistic title={t('codes.joined')} value={figures.joined} /></Card></Col>
            <Col xs={12} md={6}><Card><Statistic title={t('codes.pending')} value={figures.pending} /></Card></Col>
            <Col xs={12} md={6}><Card><Statistic title={t('codes.groupsOpened')} value={figures.groupsOpened} /></Card></Col>
          </Row>
          {figures.openTasks.length > 0 ? (
            <Card title={t('codes.tasks')} style={{ marginTop: 16 }}>
              {figures.openTasks.map((task) => (
                <Alert key={task.id} type="info" showIcon style={{ marginBottom: 8 }} message={task.text}
                  action={canEdit ? <Button size="small" onClick={async () => { await codesApi.taskDone(task.id); detail.reload(); }}>{t('codes.taskDone')}</Button> : null} />
              ))}
            </Card>
          ) : null}
        </Col>
      </Row>
      {code.kind === 'group' ? (
        <Card title={t('codes.pool')} style={{ marginTop: 16 }} extra={canEdit ? (
          <Space wrap>
            <InputNumber placeholder={t('codes.groupId')} aria-label={t('codes.groupId')} min={1} value={groupId} onChange={(v) => setGroupId(v)} />
            <Button disabled={!groupId} onClick={async () => { if (groupId) { update(await codesApi.addGroup(code.id, groupId)); setGroupId(null); } }}>{t('codes.addGroup')}</Button>
            <Button onClick={async () => { const r = await codesApi.openGroup(code.id); message.info(dynamicLabel(`codes.openOutcome.${r.outcome}`, r.outcome)); detail.reload(); }}>{t('codes.openGroup')}</Button>
          </Space>
        ) : null}>
          <Typography.Paragraph type="secondary">{t('codes.limits', { first: code.firstPhase, min: code.sweetSpotMin, max: code.sweetSpotMax, cap: code.hardCap })}</Typography.Paragraph>
          <Table<PoolGroup> rowKey="groupId" dataSource={pool} pagination={false} data-testid="pool-table"
            columns={[
              { title: t('codes.group'), key: 'name', render: (_, g) => <Link to={`/groups/${g.groupId}`}>{g.name}</Link> },
              { title: t('codes.load'), key: 'load', render: (_, g) => <Progress percent={Math.round((100 * g.load) / Math.max(1, g.cap))} format={() => `${g.load}/${g.cap}`} size="small" status={g.load >= g.cap ? 'exception' : 'normal'} aria-label={t('codes.load')} /> },
              { title: t('codes.members'), dataIndex: 'memberCount', align: 'right' },
              { title: t('codes.routed'), dataIndex: 'routed', align: 'right' },
              { title: t('codes.status'), key: 'status', render: (_, g) => <Space>{g.opened ? <Tag color="blue">{t('codes.openedTag')}</Tag> : null}<Tag>{t(`codes.poolStatus.${g.status}`, { defaultValue: g.status })}</Tag></Space> },
              ...(canEdit ? [{ title: '', key: 'close', render: (_: unknown, g: PoolGroup) => g.status === 'open' ? <Button size="small" onClick={async () => update(await codesApi.closeGroup(code.id, g.groupId))}>{t('codes.closeGroup')}</Button> : null }] : []),
            ]} />
        </Card>
      ) : (
        <Card title={t('codes.staff')} style={{ marginTop: 16 }}>
          <Table<Detail['staff'][number]> rowKey="staffUserId" dataSource={staff} pagination={false}
            columns={[
              { title: t('codes.statements.staff'), dataIndex: 'name' },
              { title: t('codes.dailyCap'), key: 'cap', render: (_, s) => `${s.routedToday}/${s.dailyCap}` },
              { title: t('codes.backup'), key: 'backup', render: (_, s) => (s.backup ? <Tag>{t('codes.backup')}</Tag> : null) },
            ]} />
        </Card>
      )}
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} md={12}>
          <Card title={t('codes.bySource')}>
            <Table<Detail['figures']['bySource'][number]> rowKey="source" dataSource={figures.bySource} pagination={false} size="small" data-testid="by-source"
              columns={[{ title: t('codes.source'), dataIndex: 'source' }, { title: t('codes.routed'), dataIndex: 'routed', align: 'right', render: (v: number) => fmtNumber(v) }, { title: t('codes.joined'), dataIndex: 'joined', align: 'right', render: (v: number) => fmtNumber(v) }]} />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card title={t('codes.byStaff')}>
            <Table<Detail['figures']['byStaff'][number]> rowKey={(r) => String(r.staffUserId)} dataSource={figures.byStaff} pagination={false} size="small"
              columns={[{ title: t('codes.statements.staff'), key: 'n', render: (_, r) => r.name || t('codes.statements.nobody') },
                ...(code.kind === 'staff' ? [{ title: t('codes.routed'), dataIndex: 'routed', align: 'right' as const, render: (v: number) => fmtNumber(v) }] : []),
                { title: t(code.kind === 'staff' ? 'codes.added' : 'codes.joined'), dataIndex: 'joined', align: 'right', render: (v: number) => fmtNumber(v) }]} />
          </Card>
        </Col>
      </Row>
    </>
  );
}
