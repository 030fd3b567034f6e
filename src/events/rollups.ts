/**
 * The rollups and their one definition. Ingest (src/events/ingest.ts) adds each newly stored batch
 * to them; `rebuildRollups` recomputes them from the event log with the SAME SQL fragments below,
 * fed from the log instead of from the inserted rows. Both must change together: the rebuild test
 * (rollups.test.ts) checks that ingesting a community and rebuilding give identical rows, so a
 * change to one side only fails it.
 *
 * Rollups (days and hours in the workspace's time zone):
 * - group_hourly, group_daily: messages, joins, leaves (and reactions per day) per group;
 * - group_join_sources: joins per group, day and source;
 * - workspace_daily: messages, joins, leaves, distinct active members of the day and of the 7 days
 *   ending that day (for the last days of the log, days up to 6 days later get the weekly count);
 * - member_group_daily: presence of a member in a group on a day (wrote at least once);
 * - member_daily: presence of a member anywhere in the workspace on a day.
 * Every upsert adds (or inserts if absent), so a period may be fed in any number of chunks.
 */
import type { Database } from '../db/database.ts';

/**
 * CTEs adding the events of a preceding CTE `ins` (columns type, occurred_at, group_id,
 * member_id, payload) to the counting rollups. Parameters: $1 workspace id, $3 time zone.
 */
export const COUNT_ROLLUP_CTES = `
     u as (
       select group_id as g, member_id as mem, (occurred_at at time zone $3) as local,
              (type = 'message')::int as msg, (type = 'join')::int as j, (type = 'leave')::int as l,
              (type = 'reaction' and (payload->>'added')::boolean)::int as r,
              case when type = 'join' then coalesce(payload->'via'->>'source', 'unknown') end as src
       from ins where type in ('message', 'join', 'leave', 'reaction')),
     hourly as (
       insert into group_hourly (workspace_id, group_id, hour, messages, joins, leaves)
       select $1, g, date_trunc('hour', local), sum(msg), sum(j), sum(l) from u where r = 0 group by 2, 3
       on conflict (workspace_id, group_id, hour) do update set messages = group_hourly.messages + excluded.messages,
         joins = group_hourly.joins + excluded.joins, leaves = group_hourly.leaves + excluded.leaves),
     daily as (
       insert into group_daily (workspace_id, group_id, day, messages, joins, leaves, reactions)
       select $1, g, local::date, sum(msg), sum(j), sum(l), sum(r) from u group by 2, 3
       on conflict (workspace_id, group_id, day) do update set messages = group_daily.messages + excluded.messages,
         joins = group_daily.joins + excluded.joins, leaves = group_daily.leaves + excluded.leaves,
         reactions = group_daily.reactions + excluded.reactions),
     wdaily as (
       insert into workspace_daily (workspace_id, day, messages, joins, leaves)
       select $1, local::date, sum(msg), sum(j), sum(l) from u where msg + j + l > 0 group by 2
       on conflict (workspace_id, day) do update set messages = workspace_daily.messages + excluded.messages,
         joins = workspace_daily.joins + excluded.joins, leaves = workspace_daily.leaves + excluded.leaves),
     sources as (
       insert into group_join_sources (workspace_id, group_id, day, source, joins)
       select $1, g, local::date, src, count(*) from u where j = 1 group by 2, 3, 4
       on conflict (workspace_id, group_id, day, source) do update set joins = group_join_sources.joins + excluded.joins)`;

/**
 * Follows a CTE `mgd` (an insert into member_group_daily … on conflict do nothing returning
 * member_id, day): records the members' days in member_daily and counts the members new to a day
 * in workspace_daily. Parameter $1: workspace id. A complete statement's tail.
 */
export const ACTIVE_DAY_TAIL = `,
     md as (
       insert into member_daily (workspace_id, day, member_id)
       select distinct $1::int8, day, member_id from mgd
       on conflict do nothing returning day, member_id),
     -- Weekly actives: a member counts in the 7-day window ending on day D (D = d … d + 6) once,
     -- when the first of their days in that window arrives. The not-exists reads member_daily as
     -- it was before this statement, so several new days of one member in a window count once
     -- (distinct), and the result does not depend on the order in which days arrive.
     weekly as (
       select x.d, count(*) as n from (
         select distinct md.member_id, md.day + k as d from md cross join generate_series(0, 6) as k
         where not exists (select 1 from member_daily e where e.workspace_id = $1 and e.member_id = md.member_id
                             and e.day between md.day + k - 6 and md.day + k)) x
       group by x.d),
     counts as (
       select coalesce(a.day, w.d) as day, coalesce(a.n, 0) as active, coalesce(w.n, 0) as active7d
       from (select day, count(*) as n from md group by day) a full join weekly w on w.d = a.day)
     insert into workspace_daily (workspace_id, day, active_members, active_members_7d)
     select $1, day, active, active7d from counts
     on conflict (workspace_id, day) do update set active_members = workspace_daily.active_members + excluded.active_members,
       active_members_7d = workspace_daily.active_members_7d + excluded.active_members_7d`;

export const ROLLUP_TABLES = ['group_hourly', 'group_daily', 'group_join_sources', 'member_group_daily', 'member_daily', 'workspace_daily'] as const;

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
 */
export async function rebuildRollups(db: Database, options: RebuildOptions = {}): Promise<{ workspaces: number; events: number }> {
  const chunkMs = (options.chunkHours ?? 24) * 3_600_000;
  const workspaces = await db.query<{ id: number; timezone: string }>(
    `select id, timezone from workspaces ${options.workspaceId !== undefined ? 'where id = $1' : ''} order by id`,
    options.workspaceId !== undefined ? [options.workspaceId] : []);
  let total = 0;
  for (const ws of workspaces) {
    for (const table of ROLLUP_TABLES) await db.query(`delete from ${table} where workspace_id = $1`, [ws.id]);
    await db.query(`update groups g set member_count = (select count(*) from memberships m
      where m.workspace_id = g.workspace_id and m.group_id = g.id and m.active) where g.workspace_id = $1`, [ws.id]);
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
      const n = await db.transaction(async (tx) => {
        const params = [ws.id, groups, ws.timezone, from, to];
        const source = `events where workspace_id = $1 and group_id = any($2::int8[]) and occurred_at >= $4 and occurred_at < $5`;
        const counted = await tx.query<{ n: number }>(
          `with ins as (select type, occurred_at, group_id, member_id, payload from ${source}
                        and type in ('message', 'join', 'leave', 'reaction')),
           ${COUNT_ROLLUP_CTES}
           select count(*)::int as n from ins`, params);
        await tx.query(
          `with mgd as (
             insert into member_group_daily (workspace_id, group_id, member_id, day)
             select distinct $1::int8, group_id, member_id, (occurred_at at time zone $3)::date from ${source}
               and type = 'message' and member_id is not null
             on conflict do nothing returning member_id, day)
           ${ACTIVE_DAY_TAIL}`, params);
        return counted[0]?.n ?? 0;
      });
      total += n;
      options.onProgress?.({ workspaceId: ws.id, chunk: i + 1, chunks, events: n });
    }
  }
  return { workspaces: workspaces.length, events: total };
}
