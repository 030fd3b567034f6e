/**
 * A member's profile: identities, groups, editable tags (PUT), activity and timeline, stage; for
 * owners and admins, exporting and erasing the person's data (PIPL/GDPR), the erasure behind a
 * dialog that asks for the member's name or ERASE.
 */
import { DeleteOutlined, DownloadOutlined, LoginOutlined, LogoutOutlined, MessageOutlined, SaveOutlined, TagOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Descriptions, Input, Modal, Select, Skeleton, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, membersApi, type MemberDetail } from '../api/index.ts';
import { StageTag } from '../components/bits.tsx';
import { MemberActions, OutcomeAlert, type Outcome } from '../components/GroupActions.tsx';
import { Chart, dayAxisBase } from '../components/Chart.tsx';
import { EmptyState, ErrorState } from '../components/states.tsx';
import { TrustPanel } from '../components/TrustPanel.tsx';
import { fmtDate, fmtDateTime, fmtDay } from '../lib/format.ts';
import { dynamicLabel } from '../lib/i18nLabel.ts';
import { useAsync } from '../lib/useAsync.ts';
import { usePermissions } from '../state/session.tsx';

const timelineIcon = { join: <LoginOutlined />, leave: <LogoutOutlined />, message: <MessageOutlined />, tag: <TagOutlined /> };
const timelineColor = { join: 'green', leave: 'red', message: 'blue', tag: 'purple' };

export function MemberProfile({ id, knownTags, onTagsSaved, onErased }: { id: number; knownTags: string[]; onTagsSaved: (tags: string[]) => void; onErased?: () => void }) {
  const { t } = useTranslation();
  const state = useAsync((signal) => membersApi.get(id, signal), [id]);
  const m = state.data;
  const { canEdit } = usePermissions();
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  if (state.error && !m) {
    if (state.error instanceof ApiError && state.error.status === 404) {
      return <EmptyState title={t('member.notFoundTitle')} description={t('member.notFoundText')} />;
    }
    return <ErrorState error={state.error} onRetry={state.reload} />;
  }
  if (!m) return <Skeleton active avatar paragraph={{ rows: 10 }} />;

  return (
    <div className="qy-profile" data-testid="member-profile">
      <div className="qy-profile-head">
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="member-name">
          {m.name}
        </Typography.Title>
        <StageTag stage={m.stage} />
        {m.erasedAt ? <Tag data-testid="member-erased">{t('member.erasedTag')}</Tag> : null}
      </div>
      <Typography.Text type="secondary">
        {t('member.firstSeen', { date: fmtDate(m.firstSeenAt) })} · {t(`stage.${m.stage}Hint`)}
      </Typography.Text>

      {m.erasedAt ? <Alert type="info" showIcon message={t('member.erasedHint', { date: fmtDate(m.erasedAt) })} /> : null}
      <PrivacyActions
        member={m}
        onErased={() => {
          state.reload();
          onErased?.();
        }}
      />

      {m.erasedAt ? null : <TagEditor member={m} knownTags={knownTags} onSaved={onTagsSaved} />}

      {m.erasedAt ? null : <TrustPanel memberId={m.id} />}
      <Card size="small" title={t('member.identities')}>
        <Descriptions size="small" column={1}>
          {m.identities.map((identity) => (
            <Descriptions.Item key={`${identity.platform}:${identity.platformUserId}`} label={dynamicLabel(`platform.${identity.platform}`, identity.platform)}>
              {identity.displayName ? `${identity.displayName} ` : ''}<Typography.Text type="secondary" copyable={{ text: identity.platformUserId }}>({identity.platformUserId})</Typography.Text>
            </Descriptions.Item>
          ))}
        </Descriptions>
      </Card>

      <LinkedPeople memberId={m.id} />

      <Card size="small" title={t('member.groups')} data-testid="member-groups">
        <OutcomeAlert outcome={outcome} testId="member-action-outcome" />
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={m.groups}
          locale={{ emptyText: t('member.noGroups') }}
          columns={[
            { title: t('groups.name'), key: 'name', render: (_, g) => <Link to={`/groups/${g.id}`}>{g.name}</Link> },
            { title: t('groupDetail.source'), dataIndex: 'source', render: (v: string | null) => (v ? dynamicLabel(`source.${v}`, v) : '–') },
            { title: t('groupDetail.joinedAt'), dataIndex: 'joinedAt', render: (v: string) => fmtDate(v) },
            {
              title: t('member.membership'),
              key: 'state',
              render: (_, g) => (g.leftAt ? <Tag>{t('member.leftOn', { date: fmtDate(g.leftAt) })}</Tag> : g.active ? <Tag color="green">{t('groupDetail.active')}</Tag> : <Tag color="orange">{t('groupDetail.inactive')}</Tag>),
            },
            ...(canEdit && !m.erasedAt
              ? [{
                  title: t('groupActions.actions'), key: 'actions', align: 'right' as const,
                  render: (_: unknown, g: MemberDetail['groups'][number]) => (g.active
                    ? <MemberActions groupId={g.id} member={{ id: m.id, name: m.name }} onDone={(o) => { setOutcome(o); if (o.ok) state.reload(); }} />
                    : null),
                }]
              : []),
          ]}
        />
      </Card>

      <Card size="small" title={t('member.activity')}>
        <ActivityChart activity={m.activity} />
      </Card>

      <Card size="small" title={t('member.timeline')} data-testid="member-timeline">
        {m.timeline.length === 0 ? (
          <Typography.Text type="secondary">{t('member.noTimeline')}</Typography.Text>
        ) : (
          <Timeline
            items={m.timeline.map((e, i) => ({
              key: i,
              color: timelineColor[e.type],
              icon: timelineIcon[e.type],
              content: (
                <div>
                  <Typography.Text strong>{t(`timeline.${e.type}`)}</Typography.Text>
                  {e.groupName ? <Typography.Text> · {e.groupName}</Typography.Text> : null}
                  {e.text ? <div className="qy-timeline-text">{e.text}</div> : null}
                  <div>
                    <Typography.Text type="secondary">{fmtDateTime(e.at)}</Typography.Text>
                  </div>
                </div>
              ),
            }))}
          />
        )}
      </Card>
    </div>
  );
}

/**
 * Linked identities: the members who are the same person (another platform, another account).
 * Admins link one by its member number and unlink; the ban list covers every linked member.
 */
function LinkedPeople({ memberId }: { memberId: number }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const { isAdmin } = usePermissions();
  const state = useAsync((signal) => membersApi.links(memberId, signal), [memberId]);
  const [other, setOther] = useState('');
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<unknown>, done: 'member.linked_ok' | 'member.unlinked_ok') => {
    setBusy(true);
    try {
      await work();
      message.success(t(done));
      setOther('');
      state.reload();
    } catch {
      // the client showed the server's message
    } finally {
      setBusy(false);
    }
  };
  const items = state.data?.items ?? [];
  const otherId = Number(other);
  return (
    <Card size="small" title={t('member.linked')} data-testid="member-linked">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>{t('member.linkedHint')}</Typography.Paragraph>
      {items.length === 0 ? <Typography.Text type="secondary">{t('member.linkedNone')}</Typography.Text> : (
        <Space direction="vertical" style={{ width: '100%' }}>
          {items.map((p) => (
            <Space key={p.id} wrap>
              <Link to={`/members/${p.id}`}>{p.name}</Link>
              {p.identities.map((i) => <Tag key={`${i.platform}:${i.platformUserId}`}>{dynamicLabel(`platform.${i.platform}`, i.platform)} {i.platformUserId}</Tag>)}
            </Space>
          ))}
        </Space>
      )}
      {isAdmin ? (
        <Space wrap style={{ marginTop: 8 }}>
          <Input aria-label={t('member.linkMemberId')} placeholder={t('member.linkMemberId')} inputMode="numeric" value={other}
            onChange={(e) => setOther(e.target.value.replace(/\D/g, ''))} style={{ width: 180 }} data-testid="member-link-input" />
          <Button disabled={!(otherId > 0) || otherId === memberId} loading={busy} onClick={() => void run(() => membersApi.link(memberId, otherId), 'member.linked_ok')} data-testid="member-link">
            {t('member.link')}
          </Button>
          {items.length > 0 ? (
            <Button danger loading={busy} onClick={() => void run(() => membersApi.unlink(memberId), 'member.unlinked_ok')} data-testid="member-unlink">{t('member.unlink')}</Button>
          ) : null}
        </Space>
      ) : null}
    </Card>
  );
}

/** Owner and admin only: download everything held about the person; erase it, after typing their name or ERASE. */
function PrivacyActions({ member, onErased }: { member: MemberDetail; onErased: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const { isAdmin } = usePermissions();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  if (!isAdmin) return null;
  const confirmed = typed.trim() === 'ERASE' || (typed.trim() !== '' && typed.trim() === member.name.trim());
  const erase = async () => {
    setBusy(true);
    try {
      await membersApi.erase(member.id);
      message.success(t('member.erased'));
      setOpen(false);
      onErased();
    } catch {
      // the client showed the server's message
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space wrap>
      <Button icon={<DownloadOutlined />} href={membersApi.exportUrl(member.id)} download={`member-${member.id}.json`} data-testid="member-export">
        {t('member.exportData')}
      </Button>
      {member.erasedAt ? null : (
        <Button danger icon={<DeleteOutlined />} onClick={() => setOpen(true)} data-testid="member-erase">
          {t('member.eraseData')}
        </Button>
      )}
      <Modal
        open={open}
        title={t('member.eraseTitle', { name: member.name })}
        onCancel={() => setOpen(false)}
        afterOpenChange={(visible) => {
          if (!visible) setTyped('');
        }}
        okText={t('member.eraseOk')}
        okButtonProps={{ danger: true, disabled: !confirmed, loading: busy, ...({ 'data-testid': 'member-erase-confirm' } as object) }}
        onOk={() => void erase()}
        destroyOnHidden
      >
        <Typography.Paragraph>{t('member.eraseText')}</Typography.Paragraph>
        <Typography.Paragraph type="secondary">{t('member.eraseExportFirst')}</Typography.Paragraph>
        <Typography.Text strong>{t('member.eraseConfirmLabel', { name: member.name })}</Typography.Text>
        <Input autoFocus value={typed} onChange={(e) => setTyped(e.target.value)} placeholder="ERASE" data-testid="member-erase-input" style={{ marginTop: 8 }} />
      </Modal>
    </Space>
  );
}

function TagEditor({ member, knownTags, onSaved }: { member: MemberDetail; knownTags: string[]; onSaved: (tags: string[]) => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const { canEdit } = usePermissions();
  const [tags, setTags] = useState<string[]>(member.tags);
  const [saved, setSaved] = useState<string[]>(member.tags);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setTags(member.tags);
    setSaved(member.tags);
  }, [member]);
  const dirty = tags.length !== saved.length || tags.some((tag, i) => tag !== saved[i]);
  const options = useMemo(() => [...new Set([...knownTags, ...saved])].map((v) => ({ value: v, label: v })), [knownTags, saved]);

  if (!canEdit) {
    return (
      <Card size="small" title={t('members.tags')}>
        {saved.length ? saved.map((tag) => <Tag key={tag} color="geekblue">{tag}</Tag>) : <Typography.Text type="secondary">{t('member.noTags')}</Typography.Text>}
      </Card>
    );
  }

  const save = async () => {
    setBusy(true);
    try {
      const cleaned = [...new Set(tags.map((tag) => tag.trim()).filter(Boolean))];
      const result = await membersApi.setTags(member.id, cleaned);
      const next = result?.tags ?? cleaned;
      setSaved(next);
      setTags(next);
      onSaved(next);
      message.success(t('member.tagsSaved'));
    } catch {
      // the client showed the server's message
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('members.tags')}>
      <Space.Compact style={{ width: '100%' }}>
        <Select
          mode="tags"
          style={{ width: '100%' }}
          value={tags}
          onChange={setTags}
          options={options}
          placeholder={t('member.tagsPlaceholder')}
          aria-label={t('members.tags')}
          tokenSeparators={[',', '，']}
          data-testid="member-tags-select"
        />
        <Button type="primary" icon={<SaveOutlined />} disabled={!dirty} loading={busy} onClick={() => void save()} data-testid="member-tags-save">
          {t('action.save')}
        </Button>
      </Space.Compact>
    </Card>
  );
}

function ActivityChart({ activity }: { activity: { day: string; messages: number }[] }) {
  const { t, i18n } = useTranslation();
  const option = useMemo(
    () => ({
      ...dayAxisBase(activity.map((a) => fmtDay(a.day))),
      legend: { show: false },
      grid: { left: 4, right: 8, top: 12, bottom: 4, containLabel: true },
      series: [{ name: t('kpi.messages'), type: 'bar', barMaxWidth: 10, data: activity.map((a) => a.messages) }],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [activity, i18n.language],
  );
  if (activity.every((a) => a.messages === 0)) return <Typography.Text type="secondary">{t('member.noActivity')}</Typography.Text>;
  return <Chart option={option} height={160} testId="chart-member-activity" later />;
}
