/**
 * The automation engine: from what happened (stored events, schedule slots, silences, sizes,
 * activity events) to executions. It finds candidate rules in the index, loads the facts their
 * conditions and templates need in a few set-based queries, evaluates the pure functions of
 * conditions.ts and plan.ts, and then, in the caller's transaction:
 * - claims each execution by inserting its key (`on conflict do nothing returning`): a
 *   duplicated, re-read or reordered cause, or a second process, claims nothing and does nothing;
 * - writes the claimed executions' effects: posts and private messages as outbox actions (the
 *   dispatcher sends them within platform rate limits), tags, console notifications, the group's
 *   operator, and activity starts through the registered starter.
 * Never calls a platform itself.
 */
import type { Queryable } from '../db/database.ts';
import { enqueueActions, type OutboxAction } from '../outbox/outbox.ts';
import { failingCondition, needsMember, stageOf, type MemberFacts } from './conditions.ts';
import { currentActivityStarter, currentTrustLevelSource } from './hooks.ts';
import { inScope, matchKeyword, type GroupFacts } from './match.ts';
import { describeAction, executionKey, originOf, planActions, type PlannedAction, type TemplateVars } from './plan.ts';
import { DEFAULT_LATE_JOIN_DAYS, type Rule, type TriggerKind } from './rules.ts';
import { ruleIndex } from './store.ts';

/** One rule firing for one group (and member), before its conditions are checked. */
export interface Candidate {
  rule: Rule;
  trigger: TriggerKind;
  cause: string;
  causeDetail: Record<string, unknown>;
  groupId: number;
  memberId: number | null;
  at: Date;
  vars: TemplateVars;
  /** A join seen more than a day after it happened: how late (days) and the rule's window. */
  late?: { days: number; windowDays: number };
}

/** What happened to a candidate: executed (with its actions), already executed, or a condition failed. */
export interface Outcome {
  candidate: Candidate;
  status: 'executed' | 'duplicate' | 'condition_failed' | 'skipped';
  actions: PlannedAction[];
  failed?: string;
  /** Why a skipped one did nothing (recorded in the execution log). */
  skipped?: string;
}

/** Facts of the groups, one query. */
export async function loadGroups(tx: Queryable, workspaceId: number, groupIds: readonly number[]): Promise<Map<number, GroupFacts>> {
  const out = new Map<number, GroupFacts>();
  if (groupIds.length === 0) return out;
  const rows = await tx.query<GroupFacts>(
    `select g.id, g.layer, g.name, g.purpose, g.member_count as size, g.owner_staff_id as "ownerStaffId",
            coalesce((select array_agg(t.tag order by t.tag) from group_tags t where t.workspace_id = g.workspace_id and t.group_id = g.id), '{}') as tags
       from groups g where g.workspace_id = $1 and g.id = any($2::bigint[])`, [workspaceId, [...new Set(groupIds)]]);
  for (const r of rows) out.set(r.id, r);
  return out;
}

/** What member facts the candidate rules read: the stage and the trust level cost extra lookups. */
export interface MemberNeeds { stage: boolean; trust: boolean }

/** Facts of members in groups (name, tags, join time in that group; stage and trust level when needed), one query. */
export async function loadMembers(tx: Queryable, workspaceId: number, pairs: ReadonlyArray<{ groupId: number; memberId: number }>, now: Date,
  needs: MemberNeeds = { stage: true, trust: true }): Promise<Map<string, MemberFacts>> {
  const out = new Map<string, MemberFacts>();
  const unique = [...new Map(pairs.map((p) => [`${p.groupId}:${p.memberId}`, p])).values()];
  if (unique.length === 0) return out;
  const stage = needs.stage
    ? `(select count(*)::int from memberships a where a.workspace_id = m.workspace_id and a.member_id = m.id and a.active) as "activeGroups",
       (select max(e.occurred_at) from events e where e.workspace_id = m.workspace_id and e.member_id = m.id and e.type = 'message') as "lastMessageAt"`
    : `1 as "activeGroups", null::timestamptz as "lastMessageAt"`;
  const rows = await tx.query<{ groupId: number; id: number; name: string; tags: string[]; firstSeenAt: Date; joinedAt: Date | null; inGroup: boolean | null; activeGroups: number; lastMessageAt: Date | null }>(
    `select p.group_id as "groupId", m.id, m.display_name as name, m.first_seen_at as "firstSeenAt", ms.joined_at as "joinedAt", ms.active as "inGroup",
            coalesce((select array_agg(t.tag order by t.tag) from member_tags t where t.workspace_id = m.workspace_id and t.member_id = m.id), '{}') as tags,
            ${stage}
       from unnest($2::bigint[], $3::bigint[]) as p(group_id, member_id)
       join members m on m.workspace_id = $1 and m.id = p.member_id
       left join memberships ms on ms.workspace_id = $1 and ms.group_id = p.group_id and ms.member_id = p.member_id`,
    [workspaceId, unique.map((p) => p.groupId), unique.map((p) => p.memberId)]);
  const source = needs.trust ? currentTrustLevelSource() : null;
  const levels = source ? await source(tx, workspaceId, [...new Set(rows.map((r) => r.id))]) : new Map<number, number>();
  for (const r of rows) {
    out.set(`${r.groupId}:${r.id}`, {
      id: r.id, name: r.name, tags: r.tags, trustLevel: levels.get(r.id) ?? null, joinedAt: r.joinedAt, inGroup: r.inGroup === true,
      // Without a stage condition among the rules the stage is not read: 'active' is a placeholder no condition sees.
      stage: needs.stage ? stageOf({ activeGroups: r.activeGroups, firstSeenAt: r.firstSeenAt, lastMessageAt: r.lastMessageAt, now }) : 'active',
    });
  }
  return out;
}

export interface EvaluateOptions {
  timezone: string;
  now: Date;
  /** Dry run: evaluate and plan, write nothing. */
  dryRun?: boolean;
  /** Group facts the caller already loaded (the reactor), to spare a query. */
  groups?: Map<number, GroupFacts>;
}

/**
 * Checks the candidates' conditions and (unless a dry run) executes those that hold and were not
 * executed before. Returns an outcome per candidate.
 */
export async function evaluate(tx: Queryable, workspaceId: number, candidates: readonly Candidate[], opts: EvaluateOptions): Promise<Outcome[]> {
  if (candidates.length === 0) return [];
  const groups = opts.groups ?? await loadGroups(tx, workspaceId, candidates.map((c) => c.groupId));
  const pairs = candidates.filter((c) => c.memberId !== null).map((c) => ({ groupId: c.groupId, memberId: c.memberId! }));
  const needs: MemberNeeds = {
    stage: candidates.some((c) => c.rule.conditions.some((x) => x.kind === 'member_stage')),
    trust: candidates.some((c) => c.rule.conditions.some((x) => x.kind === 'trust_level')),
  };
  const members = pairs.length > 0 ? await loadMembers(tx, workspaceId, pairs, opts.now, needs) : new Map<string, MemberFacts>();
  const outcomes: Outcome[] = [];
  for (const c of candidates) {
    const group = groups.get(c.groupId);
    if (!group) continue;
    const member = c.memberId === null ? null : members.get(`${c.groupId}:${c.memberId}`) ?? null;
    if (c.late) {
      const skipped = lateJoinSkip(c.late, member?.inGroup ?? false);
      if (skipped) { outcomes.push({ candidate: c, status: 'skipped', actions: [], skipped }); continue; }
    }
    if (needsMember(c.rule) && !member) { outcomes.push({ candidate: c, status: 'condition_failed', actions: [], failed: 'member unknown' }); continue; }
    const failed = failingCondition(c.rule, { group, member, now: c.at, timezone: opts.timezone });
    if (failed) { outcomes.push({ candidate: c, status: 'condition_failed', actions: [], failed: failed.kind }); continue; }
    const vars: TemplateVars = {
      group: group.name, purpose: group.purpose, size: group.size, name: member?.name, names: member?.name, ...c.vars,
    };
    const actions = planActions({ rule: c.rule, cause: c.cause, groupId: c.groupId, memberId: c.memberId, groupOperatorId: group.ownerStaffId, vars });
    outcomes.push({ candidate: c, status: 'executed', actions });
  }
  if (opts.dryRun) return outcomes;
  await recordSkipped(tx, workspaceId, outcomes.filter((o) => o.status === 'skipped'));
  const toRun = outcomes.filter((o) => o.status === 'executed');
  if (toRun.length === 0) return outcomes;
  const claimed = new Set((await tx.query<{ key: string }>(
    `insert into automation_executions (workspace_id, key, rule_id, version, trigger, cause, group_id, member_id, actions)
     select $1, x.key, x.rule_id, x.version, x.trigger, x.cause::jsonb, x.group_id, x.member_id, x.actions::jsonb
       from unnest($2::text[], $3::bigint[], $4::int[], $5::text[], $6::text[], $7::bigint[], $8::bigint[], $9::text[])
         as x(key, rule_id, version, trigger, cause, group_id, member_id, actions)
     on conflict (workspace_id, key) do nothing returning key`,
    [workspaceId,
      toRun.map((o) => executionKey(o.candidate.rule, o.candidate.cause)),
      toRun.map((o) => o.candidate.rule.id), toRun.map((o) => o.candidate.rule.version), toRun.map((o) => o.candidate.trigger),
      toRun.map((o) => JSON.stringify(o.candidate.causeDetail)), toRun.map((o) => o.candidate.groupId), toRun.map((o) => o.candidate.memberId),
      toRun.map((o) => JSON.stringify(o.actions.map((a) => ({ key: a.key, kind: a.kind, description: describeAction(a) }))))],
  )).map((r) => r.key));
  const effects: Array<{ action: PlannedAction; rule: Rule }> = [];
  for (const o of toRun) {
    if (!claimed.has(executionKey(o.candidate.rule, o.candidate.cause))) { o.status = 'duplicate'; continue; }
    for (const action of o.actions) effects.push({ action, rule: o.candidate.rule });
  }
  await applyEffects(tx, workspaceId, effects);
  return outcomes;
}

/**
 * Why a late-reported join does not run its rule: beyond the rule's window, or the member has
 * left the group since. Null when it runs.
 */
export function lateJoinSkip(late: { days: number; windowDays: number }, inGroup: boolean): string | null {
  const days = Math.floor(late.days * 10) / 10;
  if (late.days > late.windowDays) return `late join: seen ${days} days after it happened, beyond the rule's ${late.windowDays}-day window`;
  if (!inGroup) return `late join: seen ${days} days after it happened, and the member is no longer in the group`;
  return null;
}

/** Skipped executions are claimed like the others (once per rule version and cause), with no actions and their reason. */
async function recordSkipped(tx: Queryable, workspaceId: number, skipped: readonly Outcome[]): Promise<void> {
  if (skipped.length === 0) return;
  const claimed = new Set((await tx.query<{ key: string }>(
    `insert into automation_executions (workspace_id, key, rule_id, version, trigger, cause, group_id, member_id, actions, skipped)
     select $1, x.key, x.rule_id, x.version, x.trigger, x.cause::jsonb, x.group_id, x.member_id, '[]'::jsonb, x.skipped
       from unnest($2::text[], $3::bigint[], $4::int[], $5::text[], $6::text[], $7::bigint[], $8::bigint[], $9::text[])
         as x(key, rule_id, version, trigger, cause, group_id, member_id, skipped)
     on conflict (workspace_id, key) do nothing returning key`,
    [workspaceId, skipped.map((o) => executionKey(o.candidate.rule, o.candidate.cause)),
      skipped.map((o) => o.candidate.rule.id), skipped.map((o) => o.candidate.rule.version), skipped.map((o) => o.candidate.trigger),
      skipped.map((o) => JSON.stringify(o.candidate.causeDetail)), skipped.map((o) => o.candidate.groupId), skipped.map((o) => o.candidate.memberId),
      skipped.map((o) => o.skipped!)])).map((r) => r.key));
  for (const o of skipped) if (!claimed.has(executionKey(o.candidate.rule, o.candidate.cause))) o.status = 'duplicate';
}

async function applyEffects(tx: Queryable, workspaceId: number, effects: ReadonlyArray<{ action: PlannedAction; rule: Rule }>): Promise<void> {
  // Set-based: one statement per kind of effect, whatever the number of executions in the batch.
  const outbox: OutboxAction[] = [];
  const tags: Array<{ memberId: number; tag: string }> = [];
  const untags: Array<{ memberId: number; tag: string }> = [];
  const notes: Array<{ key: string; userId: number | null; groupId: number; text: string; origin: string }> = [];
  for (const { action: a, rule } of effects) {
    const origin = originOf(rule);
    switch (a.kind) {
      // A category (optional) makes the message pass the push guard rails in the dispatcher (docs/pushes.md).
      case 'post': outbox.push({ key: a.key, kind: 'post', groupId: a.groupId, payload: { text: a.text, ...(a.category ? { category: a.category } : {}) }, origin }); break;
      case 'private_message': outbox.push({ key: a.key, kind: 'private_message', groupId: a.groupId, memberId: a.memberId, payload: { text: a.text, ...(a.category ? { category: a.category } : {}) }, origin }); break;
      case 'tag': tags.push(a); break;
      case 'untag': untags.push(a); break;
      case 'notify_operator':
        notes.push({ key: a.key, userId: a.userId, groupId: a.groupId, text: a.text, origin });
        if (a.chatMemberId !== null) outbox.push({ key: `${a.key}:chat`, kind: 'private_message', groupId: a.groupId, memberId: a.chatMemberId, payload: { text: a.text }, origin });
        break;
      case 'assign_operator':
        await tx.query('update groups set owner_staff_id = $3 where workspace_id = $1 and id = $2', [workspaceId, a.groupId, a.userId]);
        break;
      case 'start_activity': {
        const starter = currentActivityStarter();
        const result = starter
          ? await starter(tx, workspaceId, { key: a.key, activity: a.activity, params: a.params, groupId: a.groupId, memberId: a.memberId, origin })
          : { started: false, detail: 'no activity feature is installed' };
        await tx.query(`update automation_executions set actions = (select jsonb_agg(case when x->>'key' = $3
            then x || jsonb_build_object('started', $4::boolean, 'detail', $5::text) else x end) from jsonb_array_elements(actions) x)
          where workspace_id = $1 and key = $2`, [workspaceId, a.key.replace(/:a\d+$/, ''), a.key, result.started, result.detail ?? null]);
        break;
      }
    }
  }
  if (tags.length > 0) {
    await tx.query(`insert into member_tags (workspace_id, member_id, tag) select $1, * from unnest($2::bigint[], $3::text[]) on conflict do nothing`,
      [workspaceId, tags.map((x) => x.memberId), tags.map((x) => x.tag)]);
  }
  if (untags.length > 0) {
    await tx.query(`delete from member_tags t using unnest($2::bigint[], $3::text[]) as x(member_id, tag)
      where t.workspace_id = $1 and t.member_id = x.member_id and t.tag = x.tag`, [workspaceId, untags.map((x) => x.memberId), untags.map((x) => x.tag)]);
  }
  if (notes.length > 0) {
    await tx.query(`insert into automation_notifications (workspace_id, key, user_id, group_id, text, origin)
      select $1, * from unnest($2::text[], $3::bigint[], $4::bigint[], $5::text[], $6::text[]) on conflict (workspace_id, key) do nothing`,
      [workspaceId, notes.map((n) => n.key), notes.map((n) => n.userId), notes.map((n) => n.groupId), notes.map((n) => n.text), notes.map((n) => n.origin)]);
  }
  if (outbox.length > 0) await enqueueActions(tx, workspaceId, outbox);
}

/** A stored event as the reactor hands it over (src/events/reactors.ts). */
export interface StoredEvent {
  seq: number; accountId: number; imported: boolean; type: string; groupId: number; memberId: number | null; messageId?: string | null;
  occurredAt: Date; payload: { eventId: string; text?: string; name?: string };
}

const EVENT_TRIGGERS: Record<string, TriggerKind[]> = { join: ['join'], leave: ['leave'], message: ['message', 'keyword'] };

/**
 * Events older than this when the reactor reaches them (a backfilled history, a connector that
 * was down for days) trigger no leave, message or keyword rule: a keyword reply days late does
 * more harm than good. Joins are late joins instead: a join rule (and the welcome ritual) still
 * answers one within its window while the member is in the group, and the execution log says
 * why one was skipped. The benchmark, which replays a simulated month as if live, lifts it.
 */
let maxEventAgeMs = 24 * 3600_000;
export function setMaxEventAge(ms: number): void { maxEventAgeMs = ms; }
export function isStale(occurredAt: Date, now: Date): boolean { return now.getTime() - occurredAt.getTime() > maxEventAgeMs; }

/**
 * The events a rule may answer: not from a bot (its identity says so), and not Qunyun's own posts
 * coming back from the platform (a keyword reply containing its keyword would answer itself).
 */
export async function fromPeople<E extends Pick<StoredEvent, 'type' | 'accountId' | 'memberId' | 'groupId'> & { messageId?: string | null }>(tx: Queryable, workspaceId: number, events: readonly E[]): Promise<E[]> {
  const members = [...new Set(events.map((e) => e.memberId).filter((m): m is number => m !== null))];
  if (members.length === 0) return [...events];
  const bots = new Set((await tx.query<{ memberId: number }>(
    `select distinct member_id as "memberId" from member_identities where workspace_id = $1 and member_id = any($2::bigint[]) and is_bot`,
    [workspaceId, members])).map((r) => r.memberId));
  const messages = events.filter((e) => e.type === 'message' && e.messageId);
  // Message ids are unique per group (Telegram numbers messages per chat): matched as (group, id),
  // through the index outbox_actions_message_idx (hand-written in the automation migration).
  const own = messages.length === 0 ? new Set<string>() : new Set((await tx.query<{ key: string }>(
    `select o.group_id || ':' || o.platform_message_id as key from outbox_actions o
       join unnest($2::bigint[], $3::text[]) as x(group_id, message_id) on o.platform_message_id = x.message_id and o.group_id = x.group_id
      where o.workspace_id = $1 and o.platform_message_id is not null`,
    [workspaceId, messages.map((e) => e.groupId), messages.map((e) => e.messageId!)])).map((r) => r.key));
  return events.filter((e) => !(e.memberId !== null && bots.has(e.memberId)) && !(e.messageId && own.has(`${e.groupId}:${e.messageId}`)));
}

/** Candidates of stored events for the event triggers (join, leave, message, keyword), from the index, with the facts of their groups. */
export async function eventCandidates(tx: Queryable, workspaceId: number, events: readonly StoredEvent[]): Promise<{ candidates: Candidate[]; groups: Map<number, GroupFacts> }> {
  const index = await ruleIndex(tx, workspaceId);
  const now = new Date();
  const relevant = await fromPeople(tx, workspaceId, events.filter((e) => !e.imported && (e.type === 'join' || !isStale(e.occurredAt, now)) && EVENT_TRIGGERS[e.type]?.some((k) => index.has(k))));
  if (relevant.length === 0) return { candidates: [], groups: new Map() };
  const groups = await loadGroups(tx, workspaceId, relevant.map((e) => e.groupId));
  return { candidates: candidatesOf(index, groups, relevant, now), groups };
}

/**
 * Candidates of events. With `now` (the reactor), a join older than the stale limit is marked
 * late with its rule's window; the dry run passes none (it replays history as if live).
 */
export function candidatesOf(index: { candidates: (k: TriggerKind, g: GroupFacts) => Rule[] }, groups: Map<number, GroupFacts>, events: readonly StoredEvent[], now?: Date): Candidate[] {
  const out: Candidate[] = [];
  for (const e of events) {
    const group = groups.get(e.groupId);
    if (!group) continue;
    for (const kind of EVENT_TRIGGERS[e.type] ?? []) {
      for (const rule of index.candidates(kind, group)) {
        const vars: TemplateVars = {};
        if (kind === 'keyword') {
          const kw = matchKeyword(rule, e.payload.text);
          if (kw === null) continue;
          vars.keyword = kw;
        }
        const late = now && kind === 'join' && isStale(e.occurredAt, now)
          ? { days: (now.getTime() - e.occurredAt.getTime()) / 86_400_000, windowDays: (rule.trigger.kind === 'join' ? rule.trigger.lateWithinDays : undefined) ?? DEFAULT_LATE_JOIN_DAYS }
          : undefined;
        out.push({
          rule, trigger: kind, cause: `e${e.accountId}:${e.payload.eventId}`, groupId: e.groupId, memberId: e.memberId, at: late ? now! : e.occurredAt, vars,
          causeDetail: { seq: e.seq, eventId: e.payload.eventId, type: e.type, occurredAt: e.occurredAt.toISOString(), ...(late ? { lateDays: Math.floor(late.days * 10) / 10 } : {}) },
          ...(late ? { late } : {}),
        });
      }
    }
  }
  return out;
}

export interface AutomationEvent {
  /** e.g. streak_reached */
  name: string;
  groupId: number;
  memberId: number | null;
  /** `value` is compared with the trigger's atLeast; every field is a template variable. */
  data?: Record<string, string | number>;
  /** Unique per occurrence (e.g. `streak:<member>:<day>`): the same key twice executes once. Default: name, group, member and data. */
  key?: string;
}

/**
 * For the activities feature: an activity event (a streak reached, a draw finished, …) runs the
 * rules with an `activity` trigger of that name, inside the caller's transaction.
 */
export async function emitAutomationEvent(tx: Queryable, workspaceId: number, event: AutomationEvent): Promise<Outcome[]> {
  const index = await ruleIndex(tx, workspaceId);
  if (!index.has('activity')) return [];
  const [g] = [...(await loadGroups(tx, workspaceId, [event.groupId])).values()];
  if (!g) return [];
  const [ws] = await tx.query<{ timezone: string }>('select timezone from workspaces where id = $1', [workspaceId]);
  const key = event.key ?? `${event.name}:g${event.groupId}:m${event.memberId ?? '-'}:${JSON.stringify(event.data ?? {})}`;
  const value = Number(event.data?.value);
  const now = new Date();
  const candidates = index.candidates('activity', g)
    .filter((r) => r.trigger.kind === 'activity' && r.trigger.event === event.name && (r.trigger.atLeast === undefined || value >= r.trigger.atLeast))
    .map((rule): Candidate => ({
      rule, trigger: 'activity', cause: `act:${key}`, groupId: event.groupId, memberId: event.memberId, at: now,
      vars: { event: event.name, ...(event.data ?? {}) }, causeDetail: { event: event.name, key, data: event.data ?? {} },
    }));
  return evaluate(tx, workspaceId, candidates, { timezone: ws?.timezone ?? 'Asia/Shanghai', now });
}

/** For the jobs: rules of a kind with the groups of the workspace they cover. */
export async function rulesWithGroups(tx: Queryable, workspaceId: number, kind: TriggerKind): Promise<Array<{ rule: Rule; groups: GroupFacts[] }>> {
  const index = await ruleIndex(tx, workspaceId);
  const rules = index.ofKind(kind);
  if (rules.length === 0) return [];
  const all = await tx.query<GroupFacts>(
    `select g.id, g.layer, g.name, g.purpose, g.member_count as size, g.owner_staff_id as "ownerStaffId",
            coalesce((select array_agg(t.tag order by t.tag) from group_tags t where t.workspace_id = g.workspace_id and t.group_id = g.id), '{}') as tags
       from groups g where g.workspace_id = $1 and g.status = 'active'`, [workspaceId]);
  return rules.map((rule) => ({ rule, groups: all.filter((g) => inScope(rule, g)) }));
}
