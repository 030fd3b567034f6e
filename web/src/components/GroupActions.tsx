/**
 * Acting on a group from its page: post to it (WeCom: a task awaiting the owner's confirmation),
 * create an invite link / join way with a source and see the joins through each, and the group's
 * push and link history; on a member row, mute for a while and remove. Every action shows the
 * platform's answer: done, or its refusal with the reason, or what to do instead.
 */
import { Alert, Button, Card, Modal, Select, Space, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { groupActionsApi } from '../api/index.ts';
import { errorText } from '../lib/errors.ts';
import { fmtDateTime } from '../lib/format.ts';
import { useAfterFirstPaint } from '../lib/afterPaint.ts';
import { ConfirmOnDemand } from './bits.tsx';
import { TableSkeleton } from './states.tsx';

/** The outcome of the last action, shown where it was done. */
export type Outcome = { ok: true; text: string } | { ok: false; text: string };

export function OutcomeAlert({ outcome, testId }: { outcome: Outcome | null; testId: string }) {
  if (!outcome) return null;
  return <Alert type={outcome.ok ? 'success' : 'error'} showIcon title={outcome.text} data-testid={testId} data-outcome={outcome.ok ? 'ok' : 'refused'} style={{ marginBottom: 12 }} />;
}

// The card's tabs are a chunk of their own, asked for when the card renders after the first paint.
const GroupActionsTabs = lazy(() => import('./GroupActionsTabs.tsx'));

export function GroupActionsCard({ groupId, canEdit, onChanged }: { groupId: number; canEdit: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const [version, setVersion] = useState(0);
  const bump = () => { setVersion((v) => v + 1); onChanged(); };
  // Below the page's figures and members: rendered once they are painted (lib/afterPaint.ts).
  const shown = useAfterFirstPaint();
  return (
    <Card title={t('groupActions.title')} data-testid="group-actions">
      {shown ? (
        <Suspense fallback={<TableSkeleton rows={3} />}>
          <GroupActionsTabs groupId={groupId} canEdit={canEdit} version={version} onDone={bump} />
        </Suspense>
      ) : <TableSkeleton rows={3} />}
    </Card>
  );
}

/** Mute (for a chosen duration) and remove, on a member of the group. */
export function MemberActions({ groupId, member, onDone }: { groupId: number; member: { id: number; name: string }; onDone: (outcome: Outcome) => void }) {
  const { t } = useTranslation();
  const [muteOpen, setMuteOpen] = useState(false);
  // The mute dialog is mounted at the first click, like ConfirmOnDemand: a closed antd Modal (and
  // its title and options) in each of the group page's 20 member rows cost its hooks in the first render.
  const [muteMounted, setMuteMounted] = useState(false);
  const [minutes, setMinutes] = useState(60);
  const [busy, setBusy] = useState<'mute' | 'kick' | null>(null);
  const mute = async () => {
    setBusy('mute');
    try {
      const done = await groupActionsApi.mute(groupId, member.id, minutes);
      onDone({ ok: true, text: t('groupActions.muted', { name: member.name, until: fmtDateTime(done.until) }) });
      setMuteOpen(false);
    } catch (error) {
      onDone({ ok: false, text: errorText(error) });
      setMuteOpen(false);
    } finally {
      setBusy(null);
    }
  };
  const kick = async () => {
    setBusy('kick');
    try {
      await groupActionsApi.kick(groupId, member.id);
      onDone({ ok: true, text: t('groupActions.kicked', { name: member.name }) });
    } catch (error) {
      onDone({ ok: false, text: errorText(error) });
    } finally {
      setBusy(null);
    }
  };
  const durations = [10, 60, 24 * 60, 7 * 24 * 60];
  return (
    <Space size={4}>
      <Button size="small" loading={busy === 'mute'} onClick={() => { setMuteMounted(true); setMuteOpen(true); }} data-testid={`mute-${member.id}`}>{t('groupActions.mute')}</Button>
      <ConfirmOnDemand title={() => t('groupActions.kickConfirm', { name: member.name })} okText={t('groupActions.kick')} okButtonProps={{ danger: true, ...({ 'data-testid': `kick-confirm-${member.id}` } as object) }} onConfirm={() => void kick()}>
        <Button size="small" danger loading={busy === 'kick'} data-testid={`kick-${member.id}`}>{t('groupActions.kick')}</Button>
      </ConfirmOnDemand>
      {muteMounted ? <Modal open={muteOpen} title={t('groupActions.muteTitle', { name: member.name })} onCancel={() => setMuteOpen(false)} onOk={() => void mute()}
        okText={t('groupActions.mute')} okButtonProps={{ loading: busy === 'mute', ...({ 'data-testid': `mute-confirm-${member.id}` } as object) }} destroyOnHidden>
        <Typography.Paragraph>{t('groupActions.muteFor')}</Typography.Paragraph>
        <Select value={minutes} onChange={setMinutes} style={{ width: '100%' }} data-testid="mute-duration" aria-label={t('groupActions.muteFor')}
          options={durations.map((m) => ({ value: m, label: m >= 1440 ? t('groupActions.durationDays', { count: m / 1440 }) : m >= 60 ? t('groupActions.durationHours', { count: m / 60 }) : t('groupActions.durationMinutes', { count: m }) }))} />
      </Modal> : null}
    </Space>
  );
}
