/**
 * The rollups and their one definition. The projector (src/events/projector.ts) adds each slice of
 * newly stored events to them by seq; `rebuildRollups` recomputes them from the event log in time
 * chunks. Both go through `addToRollups`, the one statement that defines them, fed from the log;
 * the rebuild test (rollups.test.ts) checks that projecting a community and rebuilding give
 * identical rows.
 *
 * Rollups (days in the workspace's time zone):
 * - group_daily: messages, joins, leaves and reactions per group and day, and the sorted ids of the
 *   members who wrote (active members of the day; of a week: the union of 7 days);
 * - group_member_daily: messages per member, group and day (core members and last days of 复盘);
 * - group_join_sources: joins per group, day and source;
 * - workspace_daily: messages, joins, leaves, the members who wrote that day in any group (sorted
 *   ids and their number) and the distinct writers of the 7 days ending that day (for the last
 *   days of the log, days up to 6 days later get the weekly count);
 * - groups.last_active_day: each group's newest day of group_daily;
 * - workspace_monthly: the members who wrote in each calendar month in any group (sorted ids and
 *   their number: monthly actives).
 * Every upsert adds (or inserts if absent; arrays merge as sets), so the log may be fed in slices
 * of any size, in any order, as long as each event is fed once.
 */
import type { Database, Queryable } from '../db/database.ts';
import { lockProjection } from './locks.ts';

/** Memory for the rollup statement's sorts and hashes, within its transaction only. */
const ROLLUP_WORK_MEM = '32MB';

/** Which events of a workspace's log to add: a range of seq (projector) or a time chunk of some groups (rebuild). */
export type LogSlice =
  | { afterSeq: number; upToSeq: number }
  | { groups: number[]; from: Date; to: Date; upToSeq: number };

/**
 * Adds the events of the slice to every rollup, in one statement that reads the slice once.
 * Returns how many events it counted (messages, joins, leaves, reactions).
 */
export async function addToRollups(tx: Queryable, workspace: { id: number; timezone: string }, slice: LogSlice): Promise<number> {
  return (await addToRollupsReadingWriters(tx, workspace, slice, false)).counted;
}

/**
 * The slice's writers, one row per membership (account, group, member) with their first and last
 * message: the projector needs them to put writers into their groups, and reading them here, from
 * the rows the rollups read anyway, spares a second pass over the slice's messages.
 */
export interface SliceWriters {
  acc: number[]; g: number[]; mem: number[];
  /** First and last message, as the database's text of the time (passed back as it came). */
  first: string[]; last: string[];
  /** First message, in epoch milliseconds (compared in the process). */
  firstMs: number[];
}

/** addToRollups, also returning the slice's writers when asked (the projector). */
export async function addToRollupsReadingWriters(tx: Queryable, workspace: { id: number; timezone: string }, slice: LogSlice, withWriters: boolean): Promise<{ counted: number; writers: SliceWriters | undefined }> {
  const [filter, params] = 'afterSeq' in slice
    ? ['seq > $3 and seq <= $4', [slice.afterSeq, slice.upToSeq]]
    : ['group_id = any($5::int8[]) and occurred_at >= $3 and occurred_at < $4 and seq <= $6', [slice.from, slice.to, slice.groups, slice.upToSeq]];
  // The slice's rows (read once, scanned by every rollup), its sorts and hashes fit in memory
  // rather than spilling to temporary files at the default 4 MB (a slice of 50,000 events needs ~10).
  // No JIT (see NO_JIT in projector.ts). Both for this transaction only.
  await tx.query(`select set_config('work_mem', '${ROLLUP_WORK_MEM}', true), set_config('jit', 'off', true)`);
  const rows = await tx.query<{ n: number; acc?: unknown; g?: unknown; mem?: unknown; first?: unknown; last?: unknown; first_ms?: unknown }>(
    `with u as materialized (
       select account_id as acc, group_id as g, member_id as mem, occurred_at as t, (occurred_at at time zone $2) as local,
              (type = 'message')::int as msg, (type = 'join')::int as j, (type = 'leave')::int as l,
              (type = 'reaction' and (payload->>'added')::boolean)::int as r,
              case when type = 'join' then coalesce(payload->'via'->>'source', 'unknown') end as src
       from events where workspace_id = $1 and ${filter} and type in ('message', 'join', 'leave', 'reaction')),
     -- A day before today written (a late or imported event, a rebuild): workspaces.past_rollups_rev
     -- moves in this transaction, so that figures of past days kept under it are dropped (today as
     -- of the transaction's start; the readers keep only days before yesterday, see schema.ts).
     past as (
       update workspaces set past_rollups_rev = past_rollups_rev + 1
       where id = $1 and exists (select 1 from u where local < date_trunc('day', now() at time zone $2))),
     -- Each group-day's writers of the slice merge into its sorted array.
     daily as (
       insert into group_daily (workspace_id, group_id, day, messages, joins, leaves, reactions, active_member_ids)
       select $1, g, local::date, sum(msg), sum(j), sum(l), sum(r),
              coalesce(array_agg(distinct mem) filter (where msg = 1 and mem is not null), '{}')
       from u group by 2, 3
       on conflict (workspace_id, group_id, day) do update set messages = group_daily.messages + excluded.messages,
         joins = group_daily.joins + excluded.joins, leaves = group_daily.leaves + excluded.leaves,
         reactions = group_daily.reactions + excluded.reactions,
         active_member_ids = case when cardinality(excluded.active_member_ids) = 0 then group_daily.active_member_ids
           else array(select x from unnest(group_daily.active_member_ids) x union select x from unnest(excluded.active_member_ids) x order by 1) end),
     -- Messages per member, group and day (the core members of 复盘).
     member_daily as (
       insert into group_member_daily (workspace_id, group_id, day, member_id, messages)
       select $1, g, local::date, mem, count(*) from u where msg = 1 and mem is not null group by 2, 3, 4
       on conflict (workspace_id, group_id, day, member_id) do update set messages = group_member_daily.messages + excluded.messages),
     -- Each group's last day with activity (the newest day of its group_daily rows).
     latest as (
       update groups t set last_active_day = greatest(t.last_active_day, x.day)
       from (select g, max(local)::date as day from u group by g) x
       where t.workspace_id = $1 and t.id = x.g and t.last_active_day is distinct from greatest(t.last_active_day, x.day)),
     sources as (
       insert into group_join_sources (workspace_id, group_id, day, source, joins)
       select $1, g, local::date, src, count(*) from u where j = 1 group by 2, 3, 4
       on conflict (workspace_id, group_id, day, source) do update set joins = group_join_sources.joins + excluded.joins),
     -- The workspace's writers: each member-day of the slice beside that member's days within 6
     -- days of it, as they were before this statement (a statement does not see its own writes):
     -- whether the member had written that day already, their last day before it (stored or in
     -- the slice) and their first stored day after it. The slice's writers meet the other days in
     -- a full join on purpose: the planner can only guess the sizes of both (PGlite keeps no
     -- statistics up to date), and a full join cannot be a nested loop, which would compare every
     -- pair; it is a hash or merge join, whatever the sizes turn out to be. The rows of stored
     -- writers absent from the slice fall into one group without a member, dropped after the
     -- fence (before it, the planner would turn the full join into a left one).
     pairs as materialized (select distinct mem, local::date as day from u where msg = 1 and mem is not null),
     -- The member's other days: stored (fresh = false), and the slice's own.
     days as (
       select x as mem, w.day, false as fresh from workspace_daily w cross join lateral unnest(w.active_member_ids) x
       where w.workspace_id = $1
         and w.day = any(array(select distinct d.day + k from (select distinct day from pairs) d cross join generate_series(-6, 6) k))
       union all select mem, day, true from pairs),
     matched as materialized (
       select p.mem as member_id, p.day, bool_or(o.day = p.day and not o.fresh) as seen,
              max(o.day) filter (where o.day < p.day and o.day >= p.day - 6) as prev,
              min(o.day) filter (where o.day > p.day and o.day <= p.day + 6 and not o.fresh) as next
       from pairs p full join days o on o.mem = p.mem
       group by p.mem, p.day),
     -- The member-days new to the workspace: active members of the day.
     md as (select member_id, day, prev, next from matched where member_id is not null and seen is not true),
     -- Weekly actives: a member counts in the 7-day window ending on day D once, when the first
     -- of their days in that window arrives. A new day d falls in the windows D = d … d + 6; of
     -- those, the ones that already held one of the member's days are out: up to 6 days after
     -- their last day before d (stored before this statement, or new in it), and from their first
     -- stored day after d on. Each member's new days thus count in windows that do not overlap,
     -- and need no distinct. The stored days are those before this statement, so the result does
     -- not depend on the order in which days arrive.
     spans as (
       select lo, hi from (
         select greatest(day, coalesce(prev + 7, day)) as lo, least(day + 6, coalesce(next - 1, day + 6)) as hi from md) s
       where lo <= hi),
     -- Spans share their bounds (a few dozen pairs per slice): each pair is expanded once, with its count.
     weekly as (select lo + k as day, sum(n)::int8 as n from (select lo, hi, count(*) as n from spans group by 1, 2) s
                cross join generate_series(0, 6) as k where k <= hi - lo group by 1),
     mdays as (select day, count(*) as n, array_agg(member_id order by member_id) as ids from md group by day),
     -- Monthly actives: the member-days new to the workspace merge, as sets, into their calendar
     -- month's sorted writers (a member already there that month adds nothing).
     monthly_new as (
       select date_trunc('month', day)::date as month, array_agg(distinct member_id order by member_id) as ids
       from md group by 1),
     -- Merged here, once per month, so that the count is the merged array's length rather than a
     -- second union (a month's array holds every writer of the month: large over a big history).
     -- Materialized: inlined, the insert below would evaluate the merge twice (ids and their count).
     monthly_merged as materialized (
       select n.month, case when o.ids is null then n.ids
                            else array(select x from unnest(o.ids) x union select x from unnest(n.ids) x order by 1) end as ids
       from monthly_new n
       left join lateral (select active_member_ids as ids from workspace_monthly
                          where workspace_id = $1 and month = n.month) o on true),
     monthly as (
       insert into workspace_monthly (workspace_id, month, active_members, active_member_ids)
       select $1, month, cardinality(ids), ids from monthly_merged
       on conflict (workspace_id, month) do update set
         active_member_ids = excluded.active_member_ids, active_members = excluded.active_members),
     -- One upsert per day of workspace_daily: two in one statement could not see each other.
     counted as (
       select local::date as day, sum(msg) as m, sum(j) as j, sum(l) as l, 0 as a, 0 as w from u where msg + j + l > 0 group by 1
       union all select day, 0, 0, 0, n, 0 from mdays
       union all select day, 0, 0, 0, 0, n from weekly),
     wdaily as (
       insert into workspace_daily (workspace_id, day, messages, joins, leaves, active_members, active_members_7d, active_member_ids)
       select $1, c.day, sum(m), sum(j), sum(l), sum(a), sum(w), coalesce((select ids from mdays where mdays.day = c.day), '{}')
       from counted c group by c.day
       on conflict (workspace_id, day) do update set messages = workspace_daily.messages + excluded.messages,
         joins = workspace_daily.joins + excluded.joins, leaves = workspace_daily.leaves + excluded.leaves,
         active_members = workspace_daily.active_members + excluded.active_members,
         active_members_7d = workspace_daily.active_members_7d + excluded.active_members_7d,
         -- The new ids are not in the array yet (md holds only members not seen that day).
         active_member_ids = case when cardinality(excluded.active_member_ids) = 0 then workspace_daily.active_member_ids
           else array(select x from unnest(workspace_daily.active_member_ids || excluded.active_member_ids) x order by 1) end)
     select (select count(*)::int from u) as n${withWriters ? `,
       w.acc, w.g, w.mem, w.first, w.last, w.first_ms
     from (select coalesce(array_agg(acc), '{}') as acc, coalesce(array_agg(g), '{}') as g, coalesce(array_agg(mem), '{}') as mem,
                  coalesce(array_agg(first::text), '{}') as first, coalesce(array_agg(last::text), '{}') as last,
                  coalesce(array_agg(floor(extract(epoch from first) * 1000)::float8), '{}') as first_ms
           from (select acc, g, mem, min(t) as first, max(t) as last from u
                 where msg = 1 and mem is not null group by 1, 2, 3) x) w` : ''}`,
    [workspace.id, workspace.timezone, ...params]);
  const row = rows[0];
  const counted = row?.n ?? 0;
  if (!withWriters || !row) return { counted, writers: undefined };
  const num = (a: unknown) => (a as Array<string | number>).map(Number);
  return { counted, writers: { acc: num(row.acc), g: num(row.g), mem: num(row.mem), first: row.first as string[], last: row.last as string[], firstMs: num(row.first_ms) } };
}

export const ROLLUP_TABLES = ['group_daily', 'group_member_daily', 'group_join_sources', 'workspace_daily', 'workspace_monthly'] as const;

export interface RebuildProgress { workspaceId: number; chunk: number; chunks: number; events: number }

export interface RebuildOptions {
  /** Only this workspace (default: every workspace). */
  workspaceId?: number | undefined;
  /** Length of one chunk of the event log, each rebuilt in its own transaction. */
  chunkHours?: number;
  /** After each chunk; awaited, so that a caller may record the progress before the next chunk. */
  onProgress?: (p: RebuildProgress) => void | Promise<void>;
}

/**
 * Recomputes every rollup of the workspace(s) from the event log, set-based, one time chunk per
 * transaction (PGlite has one session: long transactions would hold up the server). The figures
 * are incomplete while it runs. Also recounts groups.member_count from memberships.
 *
 * The projector may go on meanwhile: the rollups are cleared under its lock, and the rebuild adds
 * only events up to the projector's watermark at that moment, the projector only those after it.
 */
export async function rebuildRollups(db: Database, options: RebuildOptions = {}): Promise<{ workspaces: number; events: number }> {
  const chunkMs = (options.chunkHours ?? 24) * 3_600_000;
  const workspaces = await db.query<{ id: number; timezone: string }>(
    `select id, timezone from workspaces ${options.workspaceId !== undefined ? 'where id = $1' : ''} order by id`,
    options.workspaceId !== undefined ? [options.workspaceId] : []);
  let total = 0;
  for (const ws of workspaces) {
    const upToSeq = await db.transaction(async (tx) => {
      await lockProjection(tx, ws.id);
      for (const table of ROLLUP_TABLES) await tx.query(`delete from ${table} where workspace_id = $1`, [ws.id]);
      await tx.query('update workspaces set past_rollups_rev = past_rollups_rev + 1 where id = $1', [ws.id]);
      await tx.query(`update groups g set member_count = (select count(*) from memberships m
        where m.workspace_id = g.workspace_id and m.group_id = g.id and m.active), last_active_day = null where g.workspace_id = $1`, [ws.id]);
      const [row] = await tx.query<{ seq: number }>('select projected_seq as seq from workspaces where id = $1', [ws.id]);
      return row!.seq;
    });
    // Every group, so that each chunk reads events_group_time_idx group by group (group_id = any):
    // the log has no index on time alone, and a scan of the whole log per chunk would not end.
    const groups = (await db.query<{ id: number }>('select id from groups where workspace_id = $1 order by id', [ws.id])).map((g) => g.id);
    const span = await db.query<{ first: Date | null; last: Date | null }>(
      `select min(e.first) as first, max(e.last) as last from unnest($2::int8[]) as g(id)
       cross join lateral (select min(occurred_at) as first, max(occurred_at) as last from events
         where workspace_id = $1 and group_id = g.id) e`, [ws.id, groups]);
    const first = span[0]?.first, last = span[0]?.last;
    if (!first || !last) continue;
    const start = Math.floor(first.getTime() / chunkMs) * chunkMs;
    const chunks = Math.floor((last.getTime() - start) / chunkMs) + 1;
    for (let i = 0; i < chunks; i++) {
      const from = new Date(start + i * chunkMs), to = new Date(start + (i + 1) * chunkMs);
      // Under the projector's lock: weekly actives of two slices written at once could not see each other.
      const n = await db.transaction(async (tx) => {
        await lockProjection(tx, ws.id);
        return addToRollups(tx, ws, { groups, from, to, upToSeq });
      });
      total += n;
      await options.onProgress?.({ workspaceId: ws.id, chunk: i + 1, chunks, events: n });
    }
  }
  return { workspaces: workspaces.length, events: total };
}
