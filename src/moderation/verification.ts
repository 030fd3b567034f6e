/**
 * Newcomer verification (issue #13 item 4): on a join, where the platform can hold a member
 * (Telegram restrictChatMember, the sandbox), the newcomer is held and asked to press a button
 * within N minutes, or (mode question) to answer the operator's question in the group: the hold
 * then still lets them send plain text, and their next message is the answer, compared with the
 * accepted answers after normalisation. Pressing the button or a right answer lifts the hold; a
 * wrong answer removes them at once, and a newcomer who does nothing is removed when the deadline
 * passes (expireVerifications, run every minute by the worker). WeCom customer groups cannot hold
 * anyone: there it is off, and its capabilities say why.
 *
 * Every step goes through the outbox under a key derived from the join (group, member, the join's
 * seq): a duplicated join, a second press or two workers expiring at once act once.
 */
import { storableJson } from '../db/storable.ts';
import { randomBytes } from 'node:crypto';
import type { Database, Queryable } from '../db/database.ts';
import { enqueueActions, type OutboxAction } from './outbox.ts';
import { normalise } from './normalise.ts';
import { fill, questionFor, type VerificationOptions } from './settings.ts';

export const BUTTON_PREFIX = 'qv:';

/** An accepted answer as it is compared: normalised as messages are (case, width, traditional, separators dropped). */
export const answerForm = (text: string): string => normalise(text).text;

/**
 * Holds the newcomer and asks them to press the button, or to answer the group's question (the
 * hold then lets them send text). Nothing when this join was already handled.
 */
export async function startVerification(tx: Queryable, workspaceId: number, join: { groupId: number; memberId: number; seq: number; name: string; now: Date }, options: VerificationOptions): Promise<boolean> {
  const token = randomBytes(9).toString('base64url');
  const deadline = new Date(join.now.getTime() + options.minutes * 60_000);
  const q = questionFor(options, join.groupId);
  const answers = q ? [...new Set(q.answers.map(answerForm).filter((a) => a.length > 0))] : null;
  const rows = await tx.query<{ token: string }>(
    `insert into moderation_verifications (workspace_id, group_id, member_id, join_seq, state, token, deadline, created_at, kind, answers)
     values ($1, $2, $3, $4, 'pending', $5, $6, $7, $8, $9)
     on conflict (workspace_id, group_id, member_id) do update
       set join_seq = excluded.join_seq, state = 'pending', token = excluded.token, deadline = excluded.deadline, created_at = excluded.created_at,
           resolved_at = null, kind = excluded.kind, answers = excluded.answers
       where moderation_verifications.join_seq < excluded.join_seq
     returning token`,
    [workspaceId, join.groupId, join.memberId, join.seq, token, deadline, join.now, answers ? 'question' : 'button', answers]);
  if (!rows[0]) return false;
  const base = `moderation:verify:${join.groupId}:${join.memberId}:${join.seq}`;
  const origin = `moderation:verification:${join.groupId}:${join.memberId}`;
  const prompt = q
    ? { text: fill(options.questionPrompt, { name: join.name, minutes: options.minutes, question: q.question }), buttons: [] }
    : { text: fill(options.prompt, { name: join.name, minutes: options.minutes }), buttons: [{ text: options.button, data: `${BUTTON_PREFIX}${rows[0].token}` }] };
  await enqueueActions(tx, workspaceId, [
    { key: `${base}:restrict`, kind: 'restrict', groupId: join.groupId, memberId: join.memberId, payload: q ? { textOnly: true } : {}, origin },
    { key: `${base}:prompt`, kind: 'post_buttons', groupId: join.groupId, origin, payload: prompt },
  ] as OutboxAction[]);
  return true;
}

/**
 * A message of a newcomer asked a question: it is their answer. Right (equal to an accepted answer
 * after normalisation): the hold is lifted. Wrong: they are removed at once, as a decision. Null
 * when the member has no question pending in the group (the message is moderated as usual).
 */
export async function answerQuestion(tx: Queryable, workspaceId: number, answer: { groupId: number; memberId: number; text: string; now: Date }): Promise<'passed' | 'failed' | null> {
  const rows = await tx.query<{ join_seq: number; answers: string[] | null; deadline: Date; created_at: Date }>(
    `select join_seq, answers, deadline, created_at from moderation_verifications
     where workspace_id = $1 and group_id = $2 and member_id = $3 and state = 'pending' and kind = 'question' for update`,
    [workspaceId, answer.groupId, answer.memberId]);
  const v = rows[0];
  if (!v) return null;
  const given = answerForm(answer.text);
  const right = given.length > 0 && (v.answers ?? []).includes(given);
  if (right) {
    await tx.query(`update moderation_verifications set state = 'passed', resolved_at = $4 where workspace_id = $1 and group_id = $2 and member_id = $3`,
      [workspaceId, answer.groupId, answer.memberId, answer.now]);
    await enqueueActions(tx, workspaceId, [{
      key: `moderation:verify:${answer.groupId}:${answer.memberId}:${v.join_seq}:unrestrict`, kind: 'unrestrict',
      groupId: answer.groupId, memberId: answer.memberId, payload: {}, origin: `moderation:verification:${answer.groupId}:${answer.memberId}`,
    } as OutboxAction]);
    return 'passed';
  }
  await failVerification(tx, workspaceId, { group_id: answer.groupId, member_id: answer.memberId, join_seq: v.join_seq }, answer.now,
    `answered the verification question wrongly ("${answer.text.slice(0, 100)}")`);
  return 'failed';
}

/** A newcomer who failed verification: the row marked failed, a decision (source verification) and one kick. */
async function failVerification(tx: Queryable, workspaceId: number, v: { group_id: number; member_id: number; join_seq: number }, now: Date, note: string): Promise<void> {
  await tx.query(`update moderation_verifications set state = 'failed', resolved_at = $4 where workspace_id = $1 and group_id = $2 and member_id = $3`,
    [workspaceId, v.group_id, v.member_id, now]);
  const key = `verification:${v.group_id}:${v.member_id}:${v.join_seq}`;
  const d = await tx.query<{ id: number }>(
    `insert into moderation_decisions (workspace_id, key, source, group_id, member_id, rule, category, score, evidence, actions, state, occurred_at)
     values ($1, $2, 'verification', $3, $4, 'verification', 'newcomer', 1, $5, '{kick}', 'applied', $6)
     on conflict (workspace_id, key) do nothing returning id`,
    [workspaceId, key, v.group_id, v.member_id, storableJson([{ detector: 'newcomer', rule: 'verification', category: 'newcomer', note }]), now]);
  if (!d[0]) return;
  await enqueueActions(tx, workspaceId, [{
    key: `moderation:verify:${v.group_id}:${v.member_id}:${v.join_seq}:kick`, kind: 'kick', groupId: v.group_id, memberId: v.member_id,
    payload: {}, origin: `moderation:decision:${d[0].id}`,
  } as OutboxAction]);
}

/** A pressed button: the newcomer whose token it is passes, and their hold is lifted. */
export async function pressButton(tx: Queryable, workspaceId: number, press: { groupId: number; memberId: number; data: string; now: Date }): Promise<boolean> {
  if (!press.data.startsWith(BUTTON_PREFIX)) return false;
  const token = press.data.slice(BUTTON_PREFIX.length);
  const rows = await tx.query<{ join_seq: number }>(
    `update moderation_verifications set state = 'passed', resolved_at = $5
     where workspace_id = $1 and group_id = $2 and member_id = $3 and token = $4 and state = 'pending' returning join_seq`,
    [workspaceId, press.groupId, press.memberId, token, press.now]);
  if (!rows[0]) return false; // someone else's button, a second press, or too late
  await enqueueActions(tx, workspaceId, [{
    key: `moderation:verify:${press.groupId}:${press.memberId}:${rows[0].join_seq}:unrestrict`, kind: 'unrestrict',
    groupId: press.groupId, memberId: press.memberId, payload: {}, origin: `moderation:verification:${press.groupId}:${press.memberId}`,
  } as OutboxAction]);
  return true;
}

/**
 * Removes the newcomers whose deadline passed without a press: each becomes a decision (source
 * verification) and a kick. Safe with several processes: rows are claimed with skip locked.
 */
export async function expireVerifications(db: Database, workspaceId: number, now = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    const due = await tx.query<{ group_id: number; member_id: number; join_seq: number; deadline: Date; created_at: Date }>(
      `select group_id, member_id, join_seq, deadline, created_at from moderation_verifications
       where workspace_id = $1 and state = 'pending' and deadline <= $2 order by deadline limit 500 for update skip locked`, [workspaceId, now]);
    for (const v of due) {
      const minutes = Math.round((v.deadline.getTime() - v.created_at.getTime()) / 60_000);
      await failVerification(tx, workspaceId, v, v.deadline, `did not verify within ${minutes} minutes`);
    }
    return due.length;
  });
}

/** Every workspace with a verification past its deadline (for the worker's sweep). */
export async function workspacesWithDueVerifications(db: Queryable, now = new Date()): Promise<number[]> {
  const rows = await db.query<{ workspace_id: number }>(`select distinct workspace_id from moderation_verifications where state = 'pending' and deadline <= $1`, [now]);
  return rows.map((r) => r.workspace_id);
}
