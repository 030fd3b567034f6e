/**
 * Dry run: what a rule (saved or being edited) would have done over the last N days, from the
 * stored events (join, leave, message, keyword) or the schedule's slots; for inactivity and
 * threshold, what it would do now. Nothing is written. Conditions read today's member and group
 * facts (tags, layer, size) and the time of each event; activity events are not stored, so a
 * rule with an activity trigger has nothing to replay.
 */
import type { Database } from '../db/database.ts';
import { candidatesOf, evaluate, fromPeople, loadGroups, type Candidate, type StoredEvent } from './engine.ts';
import { timedCandidates } from './jobs.ts';
import { inScope, RuleIndex } from './match.ts';
import { describeAction } from './plan.ts';
import type { Rule } from './rules.ts';
import { slotsBetween } from './schedule.ts';

export interface DryRunItem { at: string; groupId: number; groupName: string; memberId: number | null; memberName: string | null; actions: string[] }
export interface DryRunResult {
  days: number; evaluated: number; wouldExecute: number; skippedByConditions: number;
  items: DryRunItem[]; truncated: boolean; note: string | null;
}

const EVENT_LIMIT = 20_000;
const ITEM_LIMIT = 200;

export async function dryRun(db: Database, workspaceId: number, rule: Rule, days: number, now = new Date()): Promise<DryRunResult> {
  const [ws] = await db.query<{ timezone: string }>('select timezone from workspaces where id = $1', [workspaceId]);
  const timezone = ws?.timezone ?? 'Asia/Shanghai';
  const since = new Date(now.getTime() - days * 86_400_000);
  const allGroups = await db.query<{ id: number }>(`select id from groups where workspace_id = $1`, [workspaceId]);
  const groups = [...(await loadGroups(db, workspaceId, allGroups.map((g) => g.id))).values()].filter((g) => inScope(rule, g));
  let candidates: Candidate[] = [];
  let note: string | null = null;
  let truncated = false;
  const kind = rule.trigger.kind;
  if (kind === 'join' || kind === 'leave' || kind === 'message' || kind === 'keyword') {
    const type = kind === 'keyword' ? 'message' : kind;
    const rows = await db.query<{ seq: number; accountId: number; type: string; groupId: number; memberId: number | null; messageId: string | null; occurredAt: Date; payload: StoredEvent['payload'] }>(
      `select seq, account_id as "accountId", type, group_id as "groupId", member_id as "memberId", message_id as "messageId", occurred_at as "occurredAt", payload
         from events where workspace_id = $1 and type = $2 and occurred_at >= $3 and occurred_at <= $4 and group_id = any($5::bigint[])
        order by occurred_at limit ${EVENT_LIMIT + 1}`, [workspaceId, type, since, now, groups.map((g) => g.id)]);
    truncated = rows.length > EVENT_LIMIT;
    const index = new RuleIndex([{ ...rule, enabled: true }]);
    const people = await fromPeople(db, workspaceId, rows.slice(0, EVENT_LIMIT));
    candidates = candidatesOf(index, new Map(groups.map((g) => [g.id, g])), people.map((r) => ({ ...r, imported: false })));
  } else if (rule.trigger.kind === 'schedule') {
    for (const slot of slotsBetween(rule.trigger.cron, timezone, since, now, 500)) {
      for (const g of groups) candidates.push({ rule, trigger: 'schedule', cause: `slot:${slot.toISOString()}:g${g.id}`, causeDetail: {}, groupId: g.id, memberId: null, at: slot, vars: {} });
    }
  } else if (kind === 'inactivity' || kind === 'threshold') {
    note = 'inactivity and threshold rules: what the rule would do now';
    const timed = await timedCandidates(db, workspaceId, timezone, now);
    candidates = timed.filter((c) => c.rule.id === rule.id);
    if (rule.id === 0 || candidates.length === 0) {
      // An unsaved rule is not in the index: evaluate it directly on the groups.
      candidates = [];
      if (rule.trigger.kind === 'threshold') {
        for (const g of groups) if (g.size >= rule.trigger.size) candidates.push({ rule, trigger: 'threshold', cause: `size:g${g.id}`, causeDetail: {}, groupId: g.id, memberId: null, at: now, vars: { count: g.size } });
      } else if (rule.trigger.kind === 'inactivity' && rule.trigger.of === 'group') {
        const cutoff = new Date(now.getTime() - rule.trigger.days * 86_400_000).toISOString().slice(0, 10);
        const rows = await db.query<{ id: number }>(`select id from groups where workspace_id = $1 and id = any($2::bigint[]) and coalesce(last_active_day, created_at::date) <= $3::date`,
          [workspaceId, groups.map((g) => g.id), cutoff]);
        for (const r of rows) candidates.push({ rule, trigger: 'inactivity', cause: `silent:g${r.id}`, causeDetail: {}, groupId: r.id, memberId: null, at: now, vars: { days: rule.trigger.days } });
      }
    }
  } else {
    note = 'activity events are not stored: there is nothing to replay';
  }
  const outcomes = await evaluate(db, workspaceId, candidates, { timezone, now, dryRun: true });
  const names = new Map(groups.map((g) => [g.id, g.name]));
  const memberIds = [...new Set(outcomes.map((o) => o.candidate.memberId).filter((m): m is number => m !== null))];
  const memberNames = new Map((memberIds.length ? await db.query<{ id: number; name: string }>(
    'select id, display_name as name from members where workspace_id = $1 and id = any($2::bigint[])', [workspaceId, memberIds]) : []).map((m) => [m.id, m.name]));
  const executed = outcomes.filter((o) => o.status === 'executed');
  return {
    days, evaluated: outcomes.length, wouldExecute: executed.length,
    skippedByConditions: outcomes.filter((o) => o.status === 'condition_failed').length,
    truncated: truncated || executed.length > ITEM_LIMIT, note,
    items: executed.slice(0, ITEM_LIMIT).map((o) => ({
      at: o.candidate.at.toISOString(), groupId: o.candidate.groupId, groupName: names.get(o.candidate.groupId) ?? '',
      memberId: o.candidate.memberId, memberName: o.candidate.memberId === null ? null : memberNames.get(o.candidate.memberId) ?? null,
      actions: o.actions.map(describeAction),
    })),
  };
}
