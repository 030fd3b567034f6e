/**
 * The rollups and their one definition. The projector (src/events/projector.ts) adds each slice of
 * newly stored events to them by seq; `rebuildRollups` recomputes them from the event log in time
 * chunks. Both go through `addToRollups`, the one statement that defines them, fed from the log;
 * the rebuild test (rollups.test.ts) checks that projecting a community and rebuilding give
 * identical rows.
 *
 * Rollups (days in the workspace's time zone):
 * - group_daily: messages, joins, leaves and reactions per group and day;
 * - group_join_sources: joins per group, day and source;
 * - workspace_daily: messages, joins, leaves, distinct active members of the day and of the 7 days
 *   ending that day (for the last days of the log, days up to 6 days later get the weekly count);
 * - member_group_daily: presence of a member in a group on a day (wrote at least once); its
 *   index by member and day also answers whether a member wrote anywhere on a day.
 * Every upsert adds (or inserts if absent), so the log may be fed in slices of any size, in any
 * order, as long as each event is fed once.
 */
import type { Database, Queryable } from '../db/database.ts';
import { lockProjection } from './locks.ts';

/** Which events of a workspace's log to add: a range of seq (projector) or a time chunk of some groups (rebuild). */
export type LogSlice =
  | { afterSeq: number; upToSeq: number }
  | { groups: number[]; from: Date; to: Date; upToSeq: number };

/**
 * Adds the events of the slice to every rollup, in one statement that reads the slice once.
 * Returns how many events it counted (messages, joins, leaves, reactions).
 */
export async function addToRollups(tx: Queryable, workspace: { id: number; timezone: string }, slice: LogSlice): Promise<number> {
  const [filter, params] = 'afterSeq' in slice
    ? ['seq > $3 and seq <= $4', [slice.afterSeq, slice.upToSeq]]
    : ['group_id = any($5::int8[]) and occurred_at >= $3 and occurred_at < $4 and seq <= $6', [slice.from, slice.to, slice.groups, slice.upToSeq]];
  const rows = await tx.query<{ n: number }>(
    `with u as materialized (
       select group_id as g, member_id as mem, (occurred_at at time zone $2) as local,
              (type = 'message')::int as msg, (type = 'join')::int as j, (type = 'leave')::int as l,
              (type = 'reaction' and (payload->>'added')::boolean)::int as r,
              case when type = 'join' then coalesce(payload->'via'->>'source', 'unknown') end as src
       from events where workspace_id = $1 and ${filter} and type in ('message', 'join', 'leave', 'reaction')),
     daily as (
       insert into group_daily (workspace_id, group_id, day, messages, joins, leaves, reactions)
       select $1, g, local::date, sum(msg), sum(j), sum(l), sum(r) from u group by 2, 3
       on conflict (workspace_id, group_id, day) do update set messages = group_daily.messages + excluded.messages,
         joins = group_daily.joins + excluded.joins, leaves = group_daily.leaves + excluded.leaves,
         reactions = group_daily.reactions + excluded.reactions),
     sources as (
       insert into group_join_sources (workspace_id, group_id, day, source, joins)
       select $1, g, local::date, src, count(*) from u where j = 1 group by 2, 3, 4
       on conflict (workspace_id, group_id, day, source) do update set joins = group_join_sources.joins + excluded.joins),
     mgd as (
       insert into member_group_daily (workspace_id, group_id, member_id, day)
       select distinct $1::int8, g, mem, local::date from u where msg = 1 and mem is not null
       on conflict do nothing returning member_id, day),
     -- Each member-day of the slice with the member's other days within 6 days of it, as they were
     -- before this statement (a statement does not see its own inserts), read in one index range:
     -- whether the member had written that day already, their last day before it and their first
     -- day after it.
     near as (
       select d.member_id, d.day, n.seen, n.prev, n.next
       from (select distinct member_id, day from mgd) d
       cross join lateral (select bool_or(e.day = d.day) as seen,
                                  max(e.day) filter (where e.day < d.day) as prev,
                                  min(e.day) filter (where e.day > d.day) as next
                           from member_group_daily e
                           where e.workspace_id = $1 and e.member_id = d.member_id
                             and e.day between d.day - 6 and d.day + 6) n),
     -- The member-days new to the workspace: active members of the day.
     md as (select member_id, day, prev, next from near where seen is not true),
     -- Weekly actives: a member counts in the 7-day window ending on day D once, when the first
     -- of their days in that window arrives. A new day d falls in the windows D = d … d + 6; of
     -- those, the ones that already held one of the member's earlier days are out: up to 6 days
     -- after the member's last day before d, and from their first day after d on. Distinct, so
     -- that several new days in one window count once; the days "before" are those before this
     -- statement, so the result does not depend on the order in which days arrive.
     weekly as (
       select x.d as day, count(*) as n from (
         select distinct md.member_id, md.day + k as d
         from md cross join generate_series(0, 6) as k
         where md.day + k >= coalesce(md.prev + 7, md.day) and md.day + k < coalesce(md.next, md.day + 7)) x
       group by x.d),
     -- One upsert per day of workspace_daily: two in one statement could not see each other.
     counted as (
       select local::date as day, sum(msg) as m, sum(j) as j, sum(l) as l, 0 as a, 0 as w from u where msg + j + l > 0 group by 1
       union all select day, 0, 0, 0, count(*), 0 from md group by day
       union all select day, 0, 0, 0, 0, n from weekly),
     wdaily as (
       insert into workspace_daily (workspace_id, day, messages, joins, leaves, active_members, active_members_7d)
       select $1, day, sum(m), sum(j), sum(l), sum(a), sum(w) from counted group by day
       on conflict (workspace_id, day) do update set messages = workspace_daily.messages + excluded.messages,
         joins = workspace_daily.joins + excluded.joins, leaves = workspace_daily.leaves + excluded.leaves,
         active_members = workspace_daily.active_members + excluded.active_members,
         active_members_7d = workspace_daily.active_members_7d + excluded.active_members_7d)
     select count(*)::int as n from u`,
    [workspace.id, workspace.timezone, ...params]);
  return rows[0]?.n ?? 0;
}

export const ROLLUP_TABLES = ['group_daily', 'group_join_sources', 'member_group_daily', 'workspace_daily'] as const;

export interface RebuildProgress { workspaceId: number; chunk: number; chunks: number; events: number }

export interface RebuildOptions {
  /** Only this workspace (default: every workspace). */
  workspaceId?: number | undefined;
  /** Length of one chunk of the event log, each rebuilt in its own transaction. */
  chunkHours?: number;
  onProgress?: (p: RebuildProgress) => void;
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
      await tx.query(`update groups g set member_count = (select count(*) from memberships m
        where m.workspace_id = g.workspace_id and m.group_id = g.id and m.active) where g.workspace_id = $1`, [ws.id]);
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
      options.onProgress?.({ workspaceId: ws.id, chunk: i + 1, chunks, events: n });
    }
  }
  return { workspaces: workspaces.length, events: total };
}
