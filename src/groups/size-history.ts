/**
 * A group's size over time, with one definition everywhere (issue #12): at a moment T, the
 * memberships that had begun by T (a join, or the member's first message there: first_joined_at)
 * and had not ended by then (still active, or their last leave at or after T). It comes from the
 * memberships themselves, not from "size now minus later net joins", which drifts wherever the log
 * has no joins (IRC, most exports) or repeats them. A member who left and came back counts
 * through the gap (a membership keeps its first join and its last leave only).
 *
 * Read with one pass over the group's memberships (its primary key range): +1 on the day each
 * began, −1 on the day each ended, summed up to each day asked for.
 */
import type { Queryable } from '../db/database.ts';

/** Size at the end of each day (workspace time zone), for days in ascending order. */
export async function groupSizes(db: Queryable, workspaceId: number, groupId: number, days: readonly string[]): Promise<Map<string, number>> {
  if (days.length === 0) return new Map();
  const rows = await db.query<{ day: string; size: number }>(
    `with w as (select timezone as tz from workspaces where id = $1),
     ms as (select first_joined_at, active, left_at from memberships
            where workspace_id = $1 and group_id = $2 and first_joined_at is not null),
     deltas as (
       select (ms.first_joined_at at time zone w.tz)::date as day, count(*) as n from ms, w group by 1
       union all
       select (ms.left_at at time zone w.tz)::date, -count(*) from ms, w where not ms.active and ms.left_at is not null group by 1),
     net as (select day, sum(n) as n from deltas group by day)
     select x.day::text as day, greatest(0, coalesce((select sum(n) from net where net.day <= x.day), 0))::int as size
     from unnest($3::date[]) as x(day)`,
    [workspaceId, groupId, days]);
  return new Map(rows.map((r) => [r.day, r.size]));
}

/**
 * The same definition for a set of groups at the end of one day: memberships (a person in two
 * groups counts twice) and distinct people. `groupFilter` is SQL over memberships `m`, with the
 * caller's parameters; `dayParam` the placeholder of the day, `zoneParam` of the workspace's time
 * zone. The end of the day is computed once (a scalar subquery), not per membership: as a join it
 * was converted to the zone for each of 200,000 rows, most of the query's time.
 */
export function sizeAtSql(groupFilter: string, dayParam: string, zoneParam: string): string {
  const t = `(select ((${dayParam} + 1)::timestamp at time zone ${zoneParam}::text))`;
  return `(select json_build_object('memberships', count(*), 'people', count(distinct m.member_id))
     from memberships m
     where m.workspace_id = $1 ${groupFilter} and m.first_joined_at < ${t} and (m.active or m.left_at >= ${t}))`;
}
