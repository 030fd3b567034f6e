/**
 * Moderation decisions as operators see and change them: recording a decision with its evidence
 * and carrying out its ladder steps through the outbox (keys derived from the decision's key, so
 * a duplicated event never acts twice), the queue, undo (unmute, unban, restore the message),
 * confirm and "not spam" (both labelled examples for the classifier), and per rule: hits per day
 * and undo rate, the false-positive estimate an operator sees.
 */
import { storableJson } from '../db/storable.ts';
import type { Queryable } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { banMember, liftBan } from './bans.ts';
import { addExample } from './examples.ts';
import { ladderFor, nextStrike, stepsFor, type LadderConfig, type StepAction } from './ladder.ts';
import { enqueueActions, type OutboxAction } from './outbox.ts';
import { canTake, manualTask } from './platforms.ts';
import { rulesInForce } from './rule-versions.ts';
import { fill, type ModerationOptions } from './settings.ts';
import type { Decision as EngineDecision } from './types.ts';

/** Evidence as stored: the engine's (src/moderation/types.ts Evidence) or the operations side's (a report, the ban list). */
export interface StoredEvidence {
  detector: string; rule: string; category: string; span?: number[]; text?: string; matched?: string; note?: string; score?: number;
  features?: Array<{ feature: string; weight: number }>;
}

export type DecisionSource = 'auto' | 'join' | 'report' | 'verification' | 'operator';
export type DecisionState = 'applied' | 'review' | 'task' | 'confirmed' | 'undone';

export interface DecisionInput {
  /** Unique per workspace for what was decided about: `event:<account>:<platform event id>`, `report:<id>`. */
  key: string;
  via: DecisionSource;
  eventSeq: number | null;
  groupId: number;
  memberId: number | null;
  messageId: string | null;
  text: string | null;
  engine: Pick<EngineDecision, 'action' | 'rule' | 'category' | 'score' | 'evidence'>;
  occurredAt: Date;
  rulesVersion: number | null;
  now: Date;
}

export interface DecisionContext {
  ladder: LadderConfig;
  options: ModerationOptions;
  platform: string;
  groupName: string;
  memberName: string;
  /** The member's platform user id in the group's account (for the outbox payload). */
  ruleName?: string;
}

export interface Recorded { id: number; created: boolean; actions: StepAction[]; state: DecisionState }

/** The outbox actions of one decision's steps, keyed by the decision's key so they are enqueued once. */
function stepActions(input: Pick<StepInput, 'key' | 'groupId' | 'memberId' | 'messageId' | 'now'>, decisionId: number, steps: StepAction[], muteMinutes: number | null, warning: string): OutboxAction[] {
  const origin = `moderation:decision:${decisionId}`;
  const base = (kind: string) => ({ key: `moderation:${input.key}:${kind}`, groupId: input.groupId, origin });
  const out: OutboxAction[] = [];
  for (const s of steps) {
    if (s === 'delete' && input.messageId) out.push({ ...base('delete'), kind: 'delete_message', ...(input.memberId ? { memberId: input.memberId } : {}), payload: { messageId: input.messageId } } as OutboxAction);
    if (s === 'warn') out.push({ ...base('warn'), kind: 'post', payload: { text: warning } } as OutboxAction);
    if (s === 'mute' && input.memberId && muteMinutes) {
      out.push({ ...base('mute'), kind: 'mute', memberId: input.memberId, payload: { until: new Date(input.now.getTime() + muteMinutes * 60_000).toISOString(), minutes: muteMinutes } } as OutboxAction);
    }
    if (s === 'kick' && input.memberId) out.push({ ...base('kick'), kind: 'kick', memberId: input.memberId, payload: {} } as OutboxAction);
  }
  return out;
}

/**
 * Records a decision (once per key) and carries out its ladder steps: strikes counted under the
 * rule, steps enqueued in the outbox, a ban put on the workspace's list. What the group's platform
 * cannot do becomes the decision's task for an operator. Runs in the caller's transaction.
 */
export async function recordDecision(tx: Queryable, workspaceId: number, input: DecisionInput, ctx: DecisionContext): Promise<Recorded> {
  const e = input.engine;
  const review = e.action === 'review';
  const inserted = await tx.query<{ id: number }>(
    `insert into moderation_decisions (workspace_id, key, source, event_seq, group_id, member_id, message_id, text, rule, category, score, evidence,
       state, rules_version, occurred_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     on conflict (workspace_id, key) do nothing returning id`,
    [workspaceId, input.key, input.via, input.eventSeq, input.groupId, input.memberId, input.messageId, input.text, e.rule, e.category,
      e.score, storableJson(e.evidence ?? []), review ? 'review' : 'applied', input.rulesVersion, input.occurredAt]);
  if (!inserted[0]) {
    const prev = await tx.query<{ id: number; actions: string[]; state: DecisionState }>('select id, actions, state from moderation_decisions where workspace_id = $1 and key = $2', [workspaceId, input.key]);
    return { id: prev[0]!.id, created: false, actions: prev[0]!.actions as StepAction[], state: prev[0]!.state };
  }
  const id = inserted[0].id;
  if (review || e.action === 'allow' || !e.rule) return { id, created: true, actions: [], state: 'review' };
  return applySteps(tx, workspaceId, id, { ...input, rule: e.rule, category: e.category, action: e.action }, ctx);
}

interface StepInput {
  key: string; groupId: number; memberId: number | null; messageId: string | null; text: string | null;
  rule: string; category: string | null; action: EngineDecision['action']; occurredAt: Date; now: Date;
}

/** Counts the strike and carries out the ladder's steps for a recorded decision. */
async function applySteps(tx: Queryable, workspaceId: number, id: number, input: StepInput, ctx: DecisionContext): Promise<Recorded> {
  // Strikes: one more under this rule, unless the last one has reset.
  let strike = 1;
  const ladder = ladderFor(ctx.ladder, input.rule);
  if (input.memberId !== null) {
    const prev = await tx.query<{ count: number; first_at: Date; last_at: Date }>(
      'select count, first_at, last_at from moderation_strikes where workspace_id = $1 and member_id = $2 and rule = $3 for update',
      [workspaceId, input.memberId, input.rule]);
    const next = nextStrike(prev[0] && prev[0].count > 0 ? { count: prev[0].count, firstAt: prev[0].first_at, lastAt: prev[0].last_at } : null, input.occurredAt, ladder);
    strike = next.count;
    await tx.query(
      `insert into moderation_strikes (workspace_id, member_id, rule, count, first_at, last_at) values ($1, $2, $3, $4, $5, $6)
       on conflict (workspace_id, member_id, rule) do update set count = excluded.count, first_at = excluded.first_at, last_at = excluded.last_at`,
      [workspaceId, input.memberId, input.rule, next.count, next.firstAt, next.lastAt]);
  }
  const outcome = stepsFor(ladder, strike, input.action);
  const steps = outcome.actions.filter((s) => (s === 'delete' ? input.messageId !== null : s === 'warn' ? true : input.memberId !== null));
  const task = manualTask(ctx.platform, steps, ctx.memberName, ctx.groupName, outcome.muteMinutes);
  const automatic = steps.filter((s) => canTake(ctx.platform, s));
  const warning = fill(ctx.options.warning, { name: ctx.memberName, rule: ctx.ruleName ?? input.rule, strike });
  await enqueueActions(tx, workspaceId, stepActions(input, id, automatic.filter((s) => s !== 'ban'), outcome.muteMinutes, warning));
  if (steps.includes('ban') && input.memberId !== null) {
    await banMember(tx, workspaceId, {
      memberId: input.memberId, reason: `${ctx.ruleName ?? input.rule} (${input.category ?? 'rule'})`, via: 'auto', decisionId: id,
      evidence: { decision: id, rule: input.rule, text: input.text?.slice(0, 500) ?? null },
    }, null);
  }
  const state: DecisionState = task ? 'task' : 'applied';
  await tx.query('update moderation_decisions set actions = $3, mute_minutes = $4, strike = $5, state = $6, task = $7 where workspace_id = $1 and id = $2',
    [workspaceId, id, steps, outcome.muteMinutes, strike, state, task]);
  return { id, created: true, actions: steps, state };
}

/** What the ladder needs to know about a decision's group and member (names for the warning and the task). */
export async function decisionContext(tx: Queryable, workspaceId: number, groupId: number, memberId: number | null): Promise<DecisionContext> {
  const inForce = await rulesInForce(tx, workspaceId);
  const rows = await tx.query<{ name: string; platform: string; member_name: string | null }>(
    `select g.name, a.platform, (select display_name from members where workspace_id = $1 and id = $3) as member_name
     from groups g join platform_accounts a on a.workspace_id = g.workspace_id and a.id = g.account_id where g.workspace_id = $1 and g.id = $2`,
    [workspaceId, groupId, memberId]);
  const r = rows[0];
  if (!r) throw new AppError('not_found', `no group ${groupId}`);
  return { ladder: inForce.ladder, options: inForce.options, platform: r.platform, groupName: r.name, memberName: r.member_name ?? `#${memberId}` };
}

export interface QueueItem {
  id: number;
  source: string;
  state: string;
  group: { id: number; name: string };
  member: { id: number; name: string } | null;
  messageId: string | null;
  text: string | null;
  rule: string | null;
  category: string | null;
  score: number | null;
  evidence: StoredEvidence[];
  actions: string[];
  muteMinutes: number | null;
  strike: number | null;
  task: string | null;
  rulesVersion: number | null;
  occurredAt: string;
  createdAt: string;
  reviewedBy: { id: number; name: string } | null;
  reviewedAt: string | null;
  /** What the outbox did with each step (queued, sent, failed, unsupported…). */
  delivery: Array<{ kind: string; state: string; error: string | null }>;
  appeal: { id: number; state: string; text: string } | null;
}

type QueueRow = {
  id: number; source: string; state: string; group_id: number; group_name: string | null; member_id: number | null; member_name: string | null;
  message_id: string | null; text: string | null; rule: string | null; category: string | null; score: number | null; evidence: StoredEvidence[];
  actions: string[]; mute_minutes: number | null; strike: number | null; task: string | null; rules_version: number | null;
  occurred_at: Date; created_at: Date; reviewed_by: number | null; reviewer_name: string | null; reviewed_at: Date | null;
  appeal_id: number | null; appeal_state: string | null; appeal_text: string | null;
};

export interface QueueFilter { state?: DecisionState | 'open' | undefined; rule?: string | undefined; groupIds?: number[] | null; limit: number; offset: number }

/** The queue, newest first. `open` = what waits for an operator: review, task, or with an open appeal. */
export async function listQueue(db: Queryable, workspaceId: number, f: QueueFilter): Promise<{ items: QueueItem[]; total: number }> {
  const params: unknown[] = [workspaceId];
  const where: string[] = ['d.workspace_id = $1'];
  if (f.state === 'open') where.push(`(d.state in ('review', 'task') or exists (select 1 from moderation_appeals ap where ap.workspace_id = d.workspace_id and ap.decision_id = d.id and ap.state = 'open'))`);
  else if (f.state) { params.push(f.state); where.push(`d.state = $${params.length}`); }
  if (f.rule) { params.push(f.rule); where.push(`d.rule = $${params.length}`); }
  if (f.groupIds) { params.push(f.groupIds); where.push(`d.group_id = any($${params.length}::bigint[])`); }
  const w = where.join(' and ');
  const [rows, total] = await Promise.all([
    db.query<QueueRow>(
      `select d.id, d.source, d.state, d.group_id, g.name as group_name, d.member_id, m.display_name as member_name, d.message_id, d.text, d.rule,
              d.category, d.score, d.evidence, d.actions, d.mute_minutes, d.strike, d.task, d.rules_version, d.occurred_at, d.created_at,
              d.reviewed_by, u.name as reviewer_name, d.reviewed_at, ap.id as appeal_id, ap.state as appeal_state, ap.text as appeal_text
       from moderation_decisions d
       left join groups g on g.workspace_id = d.workspace_id and g.id = d.group_id
       left join members m on m.workspace_id = d.workspace_id and m.id = d.member_id
       left join users u on u.id = d.reviewed_by
       left join moderation_appeals ap on ap.workspace_id = d.workspace_id and ap.decision_id = d.id
       where ${w} order by d.created_at desc, d.id desc limit $${params.length + 1} offset $${params.length + 2}`,
      [...params, f.limit, f.offset]),
    db.query<{ n: number }>(`select count(*)::int as n from moderation_decisions d where ${w}`, params),
  ]);
  const delivery = await deliveryOf(db, workspaceId, rows.map((r) => r.id));
  return {
    items: rows.map((r) => ({
      id: r.id, source: r.source, state: r.state, group: { id: r.group_id, name: r.group_name ?? `#${r.group_id}` },
      member: r.member_id !== null ? { id: r.member_id, name: r.member_name ?? `#${r.member_id}` } : null,
      messageId: r.message_id, text: r.text, rule: r.rule, category: r.category, score: r.score, evidence: r.evidence ?? [], actions: r.actions,
      muteMinutes: r.mute_minutes, strike: r.strike, task: r.task, rulesVersion: r.rules_version,
      occurredAt: r.occurred_at.toISOString(), createdAt: r.created_at.toISOString(),
      reviewedBy: r.reviewed_by !== null ? { id: r.reviewed_by, name: r.reviewer_name ?? '' } : null, reviewedAt: r.reviewed_at?.toISOString() ?? null,
      delivery: delivery.get(r.id) ?? [],
      appeal: r.appeal_id !== null ? { id: r.appeal_id, state: r.appeal_state!, text: r.appeal_text ?? '' } : null,
    })),
    total: total[0]?.n ?? 0,
  };
}

async function deliveryOf(db: Queryable, workspaceId: number, ids: number[]): Promise<Map<number, QueueItem['delivery']>> {
  const out = new Map<number, QueueItem['delivery']>();
  if (!ids.length) return out;
  const rows = await db.query<{ origin: string; kind: string; state: string; error: string | null }>(
    `select origin, kind, state, error from outbox_actions where workspace_id = $1 and origin = any($2::text[]) order by origin, kind`,
    [workspaceId, ids.map((id) => `moderation:decision:${id}`)]);
  for (const r of rows) {
    const id = Number(r.origin.slice('moderation:decision:'.length));
    const list = out.get(id) ?? [];
    list.push({ kind: r.kind, state: r.state, error: r.error });
    out.set(id, list);
  }
  return out;
}

type DecisionRow = { id: number; key: string; category: string | null; group_id: number; member_id: number | null; message_id: string | null; text: string | null; rule: string | null; state: string; actions: string[]; member_name: string | null };

async function lockDecision(tx: Queryable, workspaceId: number, id: number): Promise<DecisionRow> {
  const rows = await tx.query<DecisionRow>(
    `select d.id, d.key, d.category, d.group_id, d.member_id, d.message_id, d.text, d.rule, d.state, d.actions, m.display_name as member_name
     from moderation_decisions d left join members m on m.workspace_id = d.workspace_id and m.id = d.member_id
     where d.workspace_id = $1 and d.id = $2 for update of d`, [workspaceId, id]);
  if (!rows[0]) throw new AppError('not_found', `no moderation decision ${id}`);
  return rows[0];
}

/**
 * Undoes a decision: lifts its mute (unrestrict), lifts its ban (every group), restores a deleted
 * message (the bot posts it again, naming its author: platforms cannot undelete), takes its strike
 * back, and labels its text as not spam for the classifier. A removal cannot be undone on the
 * platform (the member may come back through a link). Undoing twice does nothing more.
 */
export async function undoDecision(tx: Queryable, workspaceId: number, id: number, userId: number | null, why: 'undo' | 'not_spam' | 'appeal'): Promise<{ undone: boolean }> {
  const d = await lockDecision(tx, workspaceId, id);
  if (d.state === 'undone') return { undone: false };
  const origin = `moderation:decision:${id}`;
  const actions: OutboxAction[] = [];
  if (d.actions.includes('mute') && d.member_id !== null) {
    actions.push({ key: `moderation:undo:${id}:unmute`, kind: 'unrestrict', groupId: d.group_id, memberId: d.member_id, payload: {}, origin } as OutboxAction);
  }
  if (d.actions.includes('delete') && d.text) {
    actions.push({ key: `moderation:undo:${id}:restore`, kind: 'post', groupId: d.group_id, payload: { text: `【恢复 Restored】${d.member_name ?? ''}: ${d.text}`.slice(0, 4000) }, origin } as OutboxAction);
  }
  // Steps still waiting in the outbox are not taken at all.
  await cancelQueued(tx, workspaceId, origin);
  await enqueueActions(tx, workspaceId, actions);
  if (d.actions.includes('ban')) {
    const bans = await tx.query<{ id: number }>('select id from moderation_bans where workspace_id = $1 and decision_id = $2 and lifted_at is null', [workspaceId, id]);
    for (const b of bans) await liftBan(tx, workspaceId, b.id, userId);
  }
  if (d.member_id !== null && d.rule && d.actions.length) {
    await tx.query('update moderation_strikes set count = greatest(count - 1, 0) where workspace_id = $1 and member_id = $2 and rule = $3', [workspaceId, d.member_id, d.rule]);
  }
  await tx.query(`update moderation_decisions set state = 'undone', reviewed_by = $3, reviewed_at = now() where workspace_id = $1 and id = $2`, [workspaceId, id, userId]);
  if (d.text) await addExample(tx, workspaceId, { text: d.text, label: 'ham', via: why, decisionId: id }, userId);
  return { undone: true };
}

/** An operator confirms a decision was right: its text becomes a spam example; a task is marked done. */
export async function confirmDecision(tx: Queryable, workspaceId: number, id: number, userId: number | null): Promise<void> {
  const d = await lockDecision(tx, workspaceId, id);
  if (d.state === 'undone') throw new AppError('conflict', `decision ${id} was undone`);
  if (d.state === 'review' && d.member_id !== null) {
    // A decision waiting for review (a report, a low-confidence match) is carried out now, on the ladder.
    const ctx = await decisionContext(tx, workspaceId, d.group_id, d.member_id);
    const now = new Date();
    await applySteps(tx, workspaceId, id, {
      key: d.key, groupId: d.group_id, memberId: d.member_id, messageId: d.message_id, text: d.text, rule: d.rule ?? 'report',
      category: d.category, action: 'delete', occurredAt: now, now,
    }, ctx);
  }
  await tx.query(`update moderation_decisions set state = 'confirmed', reviewed_by = $3, reviewed_at = now() where workspace_id = $1 and id = $2`, [workspaceId, id, userId]);
  if (d.text) await addExample(tx, workspaceId, { text: d.text, label: 'spam', via: 'confirmed', decisionId: id }, userId);
}

/** Steps of a decision still queued in the outbox are not carried out: closed as failed, saying why. */
async function cancelQueued(tx: Queryable, workspaceId: number, origin: string): Promise<void> {
  await tx.query(`update outbox_actions set state = 'failed', error = 'cancelled: the decision was undone before this step was carried out', finished_at = now()
    where workspace_id = $1 and origin = $2 and state = 'queued'`, [workspaceId, origin]);
}

export interface RuleStats { rule: string; hits: number; undone: number; undoRate: number; days: Array<{ day: string; hits: number }> }

/** Per rule over the last `days` days (workspace zone): hits per day and the share undone. */
export async function ruleStats(db: Queryable, workspaceId: number, days: number, timezone: string): Promise<RuleStats[]> {
  const rows = await db.query<{ rule: string; day: string; hits: number; undone: number }>(
    `select rule, (created_at at time zone $3)::date::text as day, count(*)::int as hits, count(*) filter (where state = 'undone')::int as undone
     from moderation_decisions where workspace_id = $1 and rule is not null and created_at >= now() - make_interval(days => $2)
     group by 1, 2 order by 1, 2`, [workspaceId, days, timezone]);
  const by = new Map<string, RuleStats>();
  for (const r of rows) {
    const s = by.get(r.rule) ?? { rule: r.rule, hits: 0, undone: 0, undoRate: 0, days: [] };
    s.hits += r.hits; s.undone += r.undone; s.days.push({ day: r.day, hits: r.hits });
    by.set(r.rule, s);
  }
  return [...by.values()].map((s) => ({ ...s, undoRate: s.hits ? s.undone / s.hits : 0 })).sort((a, b) => b.hits - a.hits);
}
