/**
 * The group page's actions card's tabs: post to the group and its push history, and invite links
 * with their joins. A chunk of its own (forms, number inputs, switches), loaded when the card
 * renders, after the page's figures and members are painted (components/GroupActions.tsx).
 */
import { CopyOutlined, LinkOutlined, SendOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Form, Input, InputNumber, Select, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { groupActionsApi, type GroupInviteLink, type Push, type PushState } from '../api/index.ts';
import { errorText } from '../lib/errors.ts';
import { fmtDateTime, fmtNumber, fmtRelative } from '../lib/format.ts';
import { dynamicLabel } from '../lib/i18nLabel.ts';
import { useAsync } from '../lib/useAsync.ts';
import { EmptyState, ErrorState, TableSkeleton } from './states.tsx';
import { OutcomeAlert, type Outcome } from './GroupActions.tsx';

const pushColor: Record<PushState, string> = { sent: 'green', awaiting_confirmation: 'orange', failed: 'red' };

export default function GroupActionsTabs({ groupId, canEdit, version, onDone }: { groupId: number; canEdit: boolean; version: number; onDone: () => void }) {
  const { t } = useTranslation();
  const [tab, setTab] = useState('post');
  return (
    <Tabs activeKey={tab} onChange={setTab} items={[
      { key: 'post', label: <span data-testid="group-actions-tab-post">{t('groupActions.post')}</span>, children: <PostPanel groupId={groupId} canEdit={canEdit} version={version} onDone={onDone} /> },
      { key: 'links', label: <span data-testid="group-actions-tab-links">{t('groupActions.links')}</span>, children: <LinksPanel groupId={groupId} canEdit={canEdit} version={version} onDone={onDone} /> },
    ]} />
  );
}

function PostPanel({ groupId, canEdit, version, onDone }: { groupId: number; canEdit: boolean; version: number; onDone: () => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const history = useAsync((signal) => groupActionsApi.pushes(groupId, { limit: 20 }, signal), [groupId, version]);
  const post = async () => {
    setBusy(true);
    setOutcome(null);
    try {
      const push = await groupActionsApi.post(groupId, text.trim());
      setOutcome(push.state === 'failed'
        ? { ok: false, text: t('groupActions.postFailed', { reason: push.error ?? '' }) }
        : { ok: true, text: push.state === 'awaiting_confirmation' ? t('groupActions.postAwaiting') : t('groupActions.postSent') });
      if (push.state !== 'failed') setText('');
      onDone();
    } catch (error) {
      setOutcome({ ok: false, text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      {canEdit ? (
        <>
          <OutcomeAlert outcome={outcome} testId="post-outcome" />
          <Input.TextArea value={text} onChange={(e) => setText(e.target.value)} maxLength={4000} autoSize={{ minRows: 3, maxRows: 8 }}
            placeholder={t('groupActions.postPlaceholder')} aria-label={t('groupActions.post')} data-testid="post-text" />
          <div className="qy-modal-foot">
            <Button type="primary" icon={<SendOutlined />} disabled={!text.trim()} loading={busy} onClick={() => void post()} data-testid="post-submit">{t('groupActions.send')}</Button>
          </div>
        </>
      ) : null}
      <Typography.Title level={5}>{t('groupActions.pushHistory')}</Typography.Title>
      {history.error && !history.data ? <ErrorState compact error={history.error} onRetry={history.reload} />
        : !history.data ? <TableSkeleton rows={3} />
        : (
          <Table<Push> rowKey="id" size="small" dataSource={history.data.items} pagination={false} data-testid="push-history" className="qy-wide-table"
            locale={{ emptyText: <EmptyState title={t('groupActions.noPushes')} /> }}
            columns={[
              { title: t('groupActions.when'), dataIndex: 'createdAt', width: 120, render: (v: string) => <span title={fmtDateTime(v)}>{fmtRelative(v)}</span> },
              { title: t('groupActions.text'), dataIndex: 'text', render: (v: string, p) => <div style={{ minWidth: 200, maxWidth: 520 }}><div className="qy-message-text">{v}</div>{p.error ? <Typography.Text type="danger" className="qy-small">{p.error}</Typography.Text> : null}</div> },
              { title: t('settings.status'), dataIndex: 'state', width: 130, render: (s: PushState) => <Tag color={pushColor[s]}>{t(`groupActions.pushState.${s}`)}</Tag> },
            ]} />
        )}
    </div>
  );
}

const SOURCES = ['qr_code', 'post', 'invite_link', 'staff', 'referral', 'live', 'shop_poster', 'wechat_moments'];

function LinksPanel({ groupId, canEdit, version, onDone }: { groupId: number; canEdit: boolean; version: number; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ source: string; name?: string; memberLimit?: number; requiresApproval?: boolean }>();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [created, setCreated] = useState<GroupInviteLink | null>(null);
  const links = useAsync((signal) => groupActionsApi.inviteLinks(groupId, { limit: 50 }, signal), [groupId, version]);
  const submit = async (v: { source: string; name?: string; memberLimit?: number; requiresApproval?: boolean }) => {
    setBusy(true);
    setOutcome(null);
    try {
      const link = await groupActionsApi.createInviteLink(groupId, {
        source: v.source.trim(), ...(v.name?.trim() ? { name: v.name.trim() } : {}),
        ...(v.memberLimit ? { memberLimit: v.memberLimit } : {}), ...(v.requiresApproval ? { requiresApproval: true } : {}),
      });
      setCreated(link);
      setOutcome({ ok: true, text: t('groupActions.linkCreated') });
      form.resetFields();
      onDone();
    } catch (error) {
      setOutcome({ ok: false, text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };
  const copy = async (url: string) => {
    try { await navigator.clipboard.writeText(url); message.success(t('settings.copied')); } catch { message.info(t('settings.copyManually')); }
  };
  return (
    <div>
      {canEdit ? (
        <>
          <OutcomeAlert outcome={outcome} testId="link-outcome" />
          {created ? (
            <Space.Compact style={{ width: '100%', marginBottom: 12 }}>
              <Input readOnly value={created.url} data-testid="link-url" aria-label={t('groupActions.linkUrl')} onFocus={(e) => e.target.select()} />
              <Button icon={<CopyOutlined />} onClick={() => void copy(created.url)}>{t('action.copy')}</Button>
            </Space.Compact>
          ) : null}
          <Form form={form} layout="inline" onFinish={submit} disabled={busy} style={{ rowGap: 8 }} initialValues={{ source: 'qr_code' }}>
            <Form.Item name="source" label={t('groupActions.source')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
              <Select showSearch style={{ width: 150 }} data-testid="link-source"
                options={SOURCES.map((s) => ({ value: s, label: dynamicLabel(`source.${s}`, s) }))} />
            </Form.Item>
            <Form.Item name="name" label={t('groupActions.linkName')}><Input maxLength={32} placeholder={t('connect.optional')} data-testid="link-name" style={{ width: 150 }} /></Form.Item>
            <Form.Item name="memberLimit" label={t('groupActions.memberLimit')}><InputNumber min={1} max={99999} placeholder={t('connect.optional')} style={{ width: 110 }} /></Form.Item>
            <Form.Item name="requiresApproval" label={t('groupActions.requiresApproval')} valuePropName="checked"><Switch /></Form.Item>
            <Form.Item><Button type="primary" htmlType="submit" icon={<LinkOutlined />} loading={busy} data-testid="link-create">{t('groupActions.createLink')}</Button></Form.Item>
          </Form>
        </>
      ) : null}
      <Typography.Title level={5} style={{ marginTop: 16 }}>{t('groupActions.linkHistory')}</Typography.Title>
      {links.error && !links.data ? <ErrorState compact error={links.error} onRetry={links.reload} />
        : !links.data ? <TableSkeleton rows={3} />
        : (
          <Table<GroupInviteLink> rowKey="id" size="small" dataSource={links.data.items} pagination={false} data-testid="link-history" className="qy-wide-table"
            locale={{ emptyText: <EmptyState title={t('groupActions.noLinks')} /> }}
            columns={[
              { title: t('groupActions.source'), dataIndex: 'source', render: (v: string, l) => <Space orientation="vertical" size={0}><Tag color="blue">{dynamicLabel(`source.${v}`, v)}</Tag>{l.name ? <Typography.Text type="secondary" className="qy-small">{l.name}</Typography.Text> : null}</Space> },
              { title: t('groupActions.linkUrl'), dataIndex: 'url', render: (v: string) => <Typography.Text className="qy-mono qy-small" copyable ellipsis style={{ maxWidth: 260 }}>{v}</Typography.Text> },
              { title: t('groupActions.createdBy'), key: 'by', render: (_, l) => <span>{l.createdBy?.name ?? '–'}<div className="qy-small qy-muted">{fmtDateTime(l.createdAt)}</div></span> },
              { title: t('groupActions.joins'), dataIndex: 'joins', align: 'right', render: (v: number, l) => <span data-testid={`link-joins-${l.id}`}>{fmtNumber(v)}</span> },
            ]} />
        )}
    </div>
  );
}
