/**
 * The timed side of automation, run by the worker every minute (queue `automation-tick`, one
 * pg-boss schedule whatever the number of processes) and callable directly by tests:
 * - schedule: the latest due cron slot of each schedule rule, per group in its scope;
 * - inactivity: groups whose last active day is N days back, members silent N days in a group;
 * - threshold: groups whose size reached X;
 * - welcome batches that waited M minutes.
 * Each cause is unique (slot, silence since, size crossing), so a tick run twice, or by two
 * processes at once, executes every rule once per cause (the execution key).
 */
import type { Database } from '../db/database.ts';
import { evaluate, rulesWithGroups, type Candidate } from './engine.ts';
import { localTime } from './conditions.ts';
import { dueSlot } from './schedule.ts';
import { flushWelcomes } from './welcome-store.ts';

export const AUTOMATION_QUEUE = 'automation-tick';
export const AUTOMATION_CRON = '* * * * *';
const DAY_MS = 86_400_000;
/** Silent members looked at per rule and tick (the next tick takes the rest). */
const MEMBER_SCAN_LIMIT = 2000;

export interface TickResult { executed: number; welcomes: number }

export async function runAutomationTick(db: Database, workspaceId: number, now = new Date()): Promise<TickResult> {
  const [ws] = await db.query<{ timezone: string }>('select timezone from workspaces where id = $1', [workspaceId]);
  if (!ws) return { executed: 0, welcomes: 0 };
  const candidates = await db.transaction((tx) => timedCandidates(tx, workspaceId, ws.timezone, now));
  let executed = 0;
  for (let i = 0; i < candidates.length; i += 500) {
    const outcomes = await db.transaction((tx) => evaluate(tx, workspaceId, candidates.slice(i, i + 500), { timezone: ws.timezone, now }));
    executed += outcomes.filter((o) => o.status === 'executed').length;
  }
  const welcomes = await db.transaction((tx) => flushWelcomes(tx, workspaceId, now));
  return { executed, welcomes };
}

/** The candidates of the timed triggers at `now` (the dry run reuses them for inactivity and threshold). */
export async function timedCandidates(tx: Parameters<typeof rulesWithGroups>[0], workspaceId: number, timezone: string, now: Date): Promise<Candidate[]> {
  const out: Candidate[] = [];
  for (const { rule, groups } of await rulesWithGroups(tx, workspaceId, 'schedule')) {
    if (rule.trigger.kind !== 'schedule') continue;
    const slot = dueSlot(rule.trigger.cron, timezone, new Date(now.getTime() - 60 * 60_000), now);
    if (!slot) continue;
    for (const g of groups) {
      out.push({ rule, trigger: 'schedule', cause: `slot:${slot.toISOString()}:g${g.id}`, causeDetail: { slot: slot.toISOString() }, groupId: g.id, memberId: null, at: slot, vars: {} });
    }
  }
  for (const { rule, groups } of await rulesWithGroups(tx, workspaceId, 'threshold')) {
    if (rule.trigger.kind !== 'threshold') continue;
    for (const g of groups) {
      if (g.size < rule.trigger.size) continue;
      out.push({ rule, trigger: 'threshold', cause: `size:g${g.id}:${rule.trigger.size}`, causeDetail: { size: g.size, threshold: rule.trigger.size }, groupId: g.id, memberId: null, at: now, vars: { count: g.size } });
    }
  }
  const today = localTime(now, timezone).day;
  for (const { rule, groups } of await rulesWithGroups(tx, workspaceId, 'inactivity')) {
    if (rule.trigger.kind !== 'inactivity' || groups.length === 0) continue;
    const days = rule.trigger.days;
    if (rule.trigger.of === 'group') {
      const rows = await tx.query<{ id: number; lastActiveDay: string }>(
        `select id, coalesce(last_active_day, (created_at at time zone $4)::date)::text as "lastActiveDay" from groups
          where workspace_id = $1 and id = any($2::bigint[]) and coalesce(last_active_day, (created_at at time zone $4)::date) <= $3::date - $5::int`,
        [workspaceId, groups.map((g) => g.id), today, timezone, days]);
      for (const r of rows) {
        out.push({ rule, trigger: 'inactivity', cause: `silent:g${r.id}:${r.lastActiveDay}`, causeDetail: { silentSince: r.lastActiveDay }, groupId: r.id, memberId: null, at: now, vars: { days } });
      }
    } else {
      const rows = await tx.query<{ groupId: number; memberId: number; since: Date }>(
        `select ms.group_id as "groupId", ms.member_id as "memberId", coalesce(l.at, ms.joined_at, ms.state_at) as since
           from memberships ms
           left join lateral (select max(e.occurred_at) as at from events e where e.workspace_id = ms.workspace_id and e.member_id = ms.member_id
                               and e.group_id = ms.group_id and e.type = 'message') l on true
          where ms.workspace_id = $1 and ms.active and ms.group_id = any($2::bigint[]) and coalesce(l.at, ms.joined_at, ms.state_at) < $3
            and not exists (select 1 from automation_executions x where x.workspace_id = $1 and x.rule_id = $4 and x.version = $5
                              and x.group_id = ms.group_id and x.member_id = ms.member_id and x.executed_at >= coalesce(l.at, ms.joined_at, ms.state_at))
          limit ${MEMBER_SCAN_LIMIT}`,
        [workspaceId, groups.map((g) => g.id), new Date(now.getTime() - days * DAY_MS), rule.id, rule.version]);
      for (const r of rows) {
        out.push({
          rule, trigger: 'inactivity', cause: `silent:g${r.groupId}:m${r.memberId}:${r.since.toISOString()}`, causeDetail: { silentSince: r.since.toISOString() },
          groupId: r.groupId, memberId: r.memberId, at: now, vars: { days },
        });
      }
    }
  }
  return out;
}

/** Workspaces that have automation rules or welcome settings (the tick visits only these). */
export async function automatedWorkspaces(db: Database): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    `select workspace_id as id from automation_state union select distinct workspace_id from welcome_settings`);
  return rows.map((r) => r.id);
}
