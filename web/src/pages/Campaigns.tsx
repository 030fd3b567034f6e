/**
 * Referral campaigns (裂变活动): the list with each campaign's funnel, setting one up over a live
 * code, and a campaign's live funnel (visits → joins → credited → rewarded), leaderboard and fraud
 * review queue (release / reject / reopen, each with a reason). Cards, so it reads on a phone.
 */
import { App as AntApp, Button, Card, Col, Form, Input, InputNumber, List, Modal, Row, Select, Space, Statistic, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { campaignsApi, type CampaignReferral, type NewCampaign } from '../api/campaigns.ts';
import { codesApi } from '../api/codes.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { EmptyState, ErrorState, TableSkeleton } from '../components/states.tsx';
import { fmtNumber } from '../lib/format.ts';
import { useAsync } from '../lib/useAsync.ts';
import { usePermissions } from '../state/session.tsx';
import { ExportButton } from '../components/ExportTable.tsx';

const KINDS = ['invite', 'help', 'team', 'cut', 'coupon', 'rank'] as const;

export default function Campaigns() {
  const { t } = useTranslation();
  const { id } = useParams();
  return (
    <>
      <PageHeader title={t('campaigns.title')} subtitle={t('campaigns.subtitle')} />
      {id ? <CampaignView id={Number(id)} /> : <CampaignList />}
    </>
  );
}

function CampaignList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { canEdit } = usePermissions();
  const list = useAsync((signal) => campaignsApi.list(signal), []);
  const [creating, setCreating] = useState(false);
  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  if (!list.data) return <TableSkeleton rows={4} />;
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        {canEdit && <Button type="primary" data-testid="campaign-create" onClick={() => setCreating(true)}>{t('campaigns.create')}</Button>}
        <ExportButton size="middle" from={{ source: '/api/campaigns', name: t('campaigns.title'), columns: [
          { key: 'campaign.name', label: t('campaigns.name') }, { key: 'campaign.kind', label: t('campaigns.kind') }, { key: 'campaign.status', label: t('campaigns.status') },
          { key: 'campaign.stock', label: t('campaigns.stock') }, { key: 'funnel', label: t('review.tabs.funnels') },
        ] }} />
      </Space>
      {list.data.items.length === 0 ? <EmptyState title={t('campaigns.empty')} description={t('campaigns.emptyHint')} /> : (
        <List data-testid="campaigns-list" grid={{ gutter: 12, xs: 1, md: 2, xl: 3 }} dataSource={list.data.items} renderItem={(item) => (
          <List.Item>
            <Card title={<Button type="link" style={{ padding: 0 }} onClick={() => navigate(`/campaigns/${item.campaign.id}`)}>{item.campaign.name}</Button>}
              extra={<Tag color={item.campaign.status === 'active' ? 'green' : 'default'}>{t(`campaigns.statuses.${item.campaign.status}`)}</Tag>}>
              <Typography.Paragraph type="secondary">{t(`campaigns.kinds.${item.campaign.kind}`)} · {t('campaigns.stockLeft', { left: item.campaign.stock, total: item.campaign.stockTotal })}</Typography.Paragraph>
              <Typography.Text>{t('campaigns.funnelLine', { visits: fmtNumber(item.funnel.visits), joins: fmtNumber(item.funnel.joins), credited: fmtNumber(item.funnel.credited), rewarded: fmtNumber(item.funnel.rewarded) })}</Typography.Text>
            </Card>
          </List.Item>
        )} />
      )}
      {creating && <CreateCampaign onClose={() => setCreating(false)} onCreated={(id) => navigate(`/campaigns/${id}`)} />}
    </>
  );
}

interface FormValues { name: string; codeId: number; kind: NewCampaign['settings']['kind']; goal: number; reward: string; friendReward?: string; stock: number; stayDays: number }

function CreateCampaign({ onClose, onCreated }: { onClose: () => void; onCreated: (id: number) => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const codes = useAsync((signal) => codesApi.list(signal), []);
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  async function submit(v: FormValues) {
    setSaving(true);
    try {
      const created = await campaignsApi.create({
        name: v.name, codeId: v.codeId, stock: v.stock,
        settings: { kind: v.kind, goal: v.goal, tiers: [{ at: v.kind === 'rank' || v.kind === 'coupon' ? 1 : v.goal, reward: v.reward }], ...(v.friendReward ? { friendReward: v.friendReward } : {}), fraud: { stayDays: v.stayDays } } as NewCampaign['settings'],
      });
      message.success(t('campaigns.created'));
      onCreated(created.campaign.id);
    } catch (err) {
      message.error((err as Error).message);
    } finally { setSaving(false); }
  }
  return (
    <Modal open title={t('campaigns.create')} onCancel={onClose} onOk={() => form.submit()} okButtonProps={{ loading: saving, id: 'campaign-save' }} okText={t('campaigns.save')}>
      <Form<FormValues> form={form} layout="vertical" onFinish={submit} initialValues={{ kind: 'invite', goal: 3, stock: 100, stayDays: 3 }}>
        <Form.Item name="name" label={t('campaigns.name')} rules={[{ required: true }]}><Input maxLength={60} data-testid="campaign-name" /></Form.Item>
        <Form.Item name="codeId" label={t('campaigns.code')} rules={[{ required: true }]}>
          <Select data-testid="campaign-code" loading={!codes.data} options={(codes.data?.items ?? []).map((c) => ({ value: c.code.id, label: c.code.name }))} />
        </Form.Item>
        <Form.Item name="kind" label={t('campaigns.kind')}><Select options={KINDS.map((k) => ({ value: k, label: t(`campaigns.kinds.${k}`) }))} /></Form.Item>
        <Form.Item name="goal" label={t('campaigns.goal')} rules={[{ required: true }]}><InputNumber min={1} max={10000} style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="reward" label={t('campaigns.reward')} rules={[{ required: true }]}><Input maxLength={120} data-testid="campaign-reward" /></Form.Item>
        <Form.Item name="friendReward" label={t('campaigns.friendReward')}><Input maxLength={120} /></Form.Item>
        <Form.Item name="stock" label={t('campaigns.stock')} rules={[{ required: true }]}><InputNumber min={0} max={10_000_000} style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="stayDays" label={t('campaigns.stayDays')} extra={t('campaigns.stayDaysHint')}><InputNumber min={0} max={90} style={{ width: '100%' }} /></Form.Item>
      </Form>
    </Modal>
  );
}

function CampaignView({ id }: { id: number }) {
  const { t } = useTranslation();
  const detail = useAsync((signal) => campaignsApi.get(id, signal), [id]);
  if (detail.error) return <ErrorState error={detail.error} onRetry={detail.reload} />;
  if (!detail.data) return <TableSkeleton rows={6} />;
  const { campaign, funnel, leaderboard, proof } = detail.data;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title={campaign.name} extra={<a href={campaign.url} target="_blank" rel="noreferrer">{t('campaigns.publicPage')}</a>}>
        <Typography.Paragraph type="secondary">{t(`campaigns.kinds.${campaign.kind}`)} · {t('campaigns.stockLeft', { left: campaign.stock, total: campaign.stockTotal })}</Typography.Paragraph>
        <Row gutter={[12, 12]} data-testid="campaign-funnel">
          {(['visits', 'joins', 'credited', 'rewarded'] as const).map((k) => (
            <Col key={k} xs={12} md={6}><Statistic title={t(`campaigns.funnel.${k}`)} value={funnel[k]} /></Col>
          ))}
          {(['pending', 'held', 'withdrawn', 'rejected'] as const).map((k) => (
            <Col key={k} xs={12} md={6}><Statistic title={t(`campaigns.statusesRef.${k}`)} value={funnel[k]} valueStyle={{ fontSize: 18 }} /></Col>
          ))}
        </Row>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card title={t('campaigns.leaderboard')} data-testid="campaign-leaderboard">
            {leaderboard.length === 0 ? <Typography.Text type="secondary">{t('campaigns.noneYet')}</Typography.Text> : (
              <List size="small" dataSource={leaderboard} renderItem={(l) => (
                <List.Item extra={<b>{l.count}</b>}><Space><Tag color={l.rank <= 3 ? 'gold' : 'default'}>#{l.rank}</Tag>{l.name}</Space></List.Item>
              )} />
            )}
            <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>{t('campaigns.paid', { n: proof.total })}</Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24} lg={14}><ReviewQueue id={id} onChanged={detail.reload} /></Col>
      </Row>
    </Space>
  );
}

/** A rule's reason in the console's language, from its code and numbers (reasons stored before codes keep their English text). */
function reasonText(t: (key: string, options: Record<string, unknown>) => string, x: CampaignReferral['reasons'][number]): string {
  return x.code ? t(`campaigns.reasons.${x.code}`, { ...x.params, defaultValue: x.text }) : x.text;
}

function ReviewQueue({ id, onChanged }: { id: number; onChanged: () => void }) {
  const { t } = useTranslation();
  const { canEdit } = usePermissions();
  const { message } = AntApp.useApp();
  const queue = useAsync((signal) => campaignsApi.referrals(id, signal), [id]);
  const [deciding, setDeciding] = useState<{ item: CampaignReferral; decision: 'release' | 'reject' | 'reopen' } | null>(null);
  const [note, setNote] = useState('');
  async function decide() {
    if (!deciding || !note.trim()) return;
    try {
      await campaignsApi.review(id, deciding.item.id, deciding.decision, note.trim());
      message.success(t('campaigns.review.done'));
      setDeciding(null); setNote('');
      queue.reload(); onChanged();
    } catch (err) { message.error((err as Error).message); }
  }
  return (
    <Card title={t('campaigns.review.title')} data-testid="campaign-review">
      {queue.error ? <ErrorState error={queue.error} onRetry={queue.reload} compact /> : !queue.data ? <TableSkeleton rows={3} /> : queue.data.items.length === 0
        ? <Typography.Text type="secondary">{t('campaigns.review.empty')}</Typography.Text> : (
          <List dataSource={queue.data.items} renderItem={(r) => (
            <List.Item key={r.id} actions={canEdit ? [
              ...(r.status !== 'credited' ? [<Button key="release" size="small" onClick={() => setDeciding({ item: r, decision: 'release' })}>{t('campaigns.review.release')}</Button>] : []),
              ...(r.status !== 'rejected' ? [<Button key="reject" size="small" danger onClick={() => setDeciding({ item: r, decision: 'reject' })}>{t('campaigns.review.reject')}</Button>] : []),
              ...(r.override ? [<Button key="reopen" size="small" onClick={() => setDeciding({ item: r, decision: 'reopen' })}>{t('campaigns.review.reopen')}</Button>] : []),
            ] : []}>
              <List.Item.Meta
                title={<Space wrap><Tag color={r.status === 'held' ? 'orange' : r.status === 'credited' ? 'green' : 'red'}>{t(`campaigns.statusesRef.${r.status}`)}</Tag>{t('campaigns.review.line', { inviter: r.inviterName, invitee: r.inviteeName })}</Space>}
                description={<>{r.reasons.map((x, i) => <div key={i} data-testid="campaign-reason">{t(`campaigns.rules.${x.rule}`, { defaultValue: x.rule })}: {reasonText(t as unknown as (key: string, options: Record<string, unknown>) => string, x)}</div>)}{r.note ? <div>{t('campaigns.review.note')}: {r.note}</div> : null}</>}
              />
            </List.Item>
          )} />
        )}
      <Modal open={deciding !== null} title={deciding ? t(`campaigns.review.${deciding.decision}`) : ''} onCancel={() => setDeciding(null)} onOk={decide} okButtonProps={{ disabled: !note.trim() }}>
        <label htmlFor="review-note">{t('campaigns.review.reason')}</label>
        <Input.TextArea id="review-note" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
      </Modal>
    </Card>
  );
}
