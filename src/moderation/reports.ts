/**
 * Members' reports: `/report` sent as a reply to a message (Telegram, the sandbox) is a report of
 * that message. It is stored once (the reporting event's seq), the command itself is deleted where
 * the platform can, and the reported message goes to the operators' queue as a decision to review
 * (source report) with the report as evidence. Confirming it applies the ladder; "not spam"
 * dismisses it; both label the text for the classifier.
 */
import { storableJson } from '../db/storable.ts';
import type { Queryable } from '../db/database.ts';
import { enqueueActions, type OutboxAction } from './outbox.ts';
import { canTake } from './platforms.ts';

export interface ReportInput {
  seq: number;
  groupId: number;
  reporterMemberId: number | null;
  /** The reported message (platform id). */
  messageId: string;
  /** The `/report` message itself, deleted to keep the group clean. */
  reportMessageId: string;
  platform: string;
  at: Date;
}

export async function recordReport(tx: Queryable, workspaceId: number, r: ReportInput): Promise<number | null> {
  const target = await tx.query<{ member_id: number | null; text: string | null; occurred_at: Date; seq: number }>(
    `select member_id, payload->>'text' as text, occurred_at, seq from events
     where workspace_id = $1 and group_id = $2 and message_id = $3 and type = 'message' order by seq limit 1`, [workspaceId, r.groupId, r.messageId]);
  const t = target[0];
  const rows = await tx.query<{ id: number }>(
    `insert into moderation_reports (workspace_id, event_seq, group_id, reporter_member_id, message_id, member_id, text, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (workspace_id, event_seq) do nothing returning id`,
    [workspaceId, r.seq, r.groupId, r.reporterMemberId, r.messageId, t?.member_id ?? null, t?.text ?? null, r.at]);
  if (!rows[0]) return null;
  const reportId = rows[0].id;
  if (canTake(r.platform, 'delete')) {
    await enqueueActions(tx, workspaceId, [{
      key: `moderation:report:${r.seq}:delete-command`, kind: 'delete_message', groupId: r.groupId, payload: { messageId: r.reportMessageId }, origin: `moderation:report:${reportId}`,
    } as OutboxAction]);
  }
  // One queue entry per reported message: more reports of it add evidence instead of entries.
  const key = `report:${r.groupId}:${r.messageId}`;
  const evidence = { detector: 'report', rule: 'report', category: 'custom', note: `reported by member ${r.reporterMemberId ?? '?'} (report ${reportId})` };
  const d = await tx.query<{ id: number }>(
    `insert into moderation_decisions (workspace_id, key, source, event_seq, group_id, member_id, message_id, text, rule, category, score, evidence, state, occurred_at)
     values ($1, $2, 'report', $3, $4, $5, $6, $7, 'report', 'report', 1, $8, 'review', $9)
     on conflict (workspace_id, key) do update set evidence = moderation_decisions.evidence || excluded.evidence
     returning id`,
    [workspaceId, key, t?.seq ?? null, r.groupId, t?.member_id ?? null, r.messageId, t?.text ?? null, storableJson([evidence]), t?.occurred_at ?? r.at]);
  await tx.query('update moderation_reports set decision_id = $3 where workspace_id = $1 and id = $2', [workspaceId, reportId, d[0]!.id]);
  return reportId;
}
