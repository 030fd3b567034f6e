/**
 * The overview: totals of a period, the same for the period of the same length just before, and a
 * daily series, for what the actor sees. Owners, admins and viewers see the whole workspace, read
 * from workspace_daily (a few dozen rows whatever the number of groups);
 * operators see their groups, read from group_daily of those groups (with its writers per day).
 *
 * - members: memberships at the period's end, a person counted once per group they are in; people:
 *   distinct people in any of the groups then. Both from the memberships (src/groups/size-history.ts),
 *   the one definition of a group's size over time.
 * - groups: groups created by the period's end.
 * - activeMembersDaily: distinct members who wrote, averaged over the period's days that had a
 *   group (from the first group's first event) and have begun (up to today);
 *   activeMembersWeekly: distinct members who wrote in the period's last 7 days.
 * - series: a day per day of the period; today's is `partial` (the day is not over).
 * An operator's distinct writers of days before yesterday are kept per process under the
 * workspace's past_rollups_rev (see `keptFor`); today's and yesterday's are counted on each read.
 */
import type { Queryable } from '../db/database.ts';
import { groupScopeSql, isScopedToAssignedGroups, type Actor } from '../auth/access.ts';
import { addDays, bucketIndex, bucketsOf, chooseGrain, daysBetween, type Bucket, type Grain } from './grain.ts';
import { sizeAtSql } from '../groups/size-history.ts';

export interface Totals { members: number; people: number; groups: number; joins: number; leaves: number; messages: number; activeMembersDaily: number; activeMembersWeekly: number }
/** `partial`: the point holds today, which is not over yet. */
export interface SeriesPoint { day: string; end: string; messages: number; joins: number; leaves: number; activeMembers: number; partial: boolean }
export interface Overview {
  range: { from: string; to: string };
  /** The grain of the series: asked for, or chosen by the range (src/analytics/grain.ts). */
  grain: Grain;
  totals: Totals;
  previous: Totals;
  /** One point per day, week or month: `day` is its first day in the range, `end` its last. */
  series: SeriesPoint[];
}

export { addDays };

interface DayRow { day: string; messages: number; joins: number; leaves: number; activeMembers: number }

/** The first day with any activity the actor sees (their groups' for an operator), or null. */
export async function firstActiveDay(db: Queryable, actor: Actor): Promise<string | null> {
  if (!isScopedToAssignedGroups(actor)) {
    const [r] = await db.query<{ d: string | null }>('select min(day)::text as d from workspace_daily where workspace_id = $1', [actor.workspaceId]);
    return r?.d ?? null;
  }
  const params: unknown[] = [];
  const scope = groupScopeSql(actor, 'g', params);
  const [r] = await db.query<{ d: string | null }>(
    `select min(f.day)::text as d from groups g cross join lateral (select day from group_daily d
       where d.workspace_id = g.workspace_id and d.group_id = g.id order by day limit 1) f where ${scope}`, params);
  return r?.d ?? null;
}

export async function getOverview(db: Queryable, actor: Actor, range: { from: string; to: string }, grainAsked?: Grain): Promise<Overview> {
  return overviewOnce(db, actor, range, grainAsked, true);
}

async function overviewOnce(db: Queryable, actor: Actor, range: { from: string; to: string }, grainAsked: Grain | undefined, useKept: boolean): Promise<Overview> {
  const grain = grainAsked ?? chooseGrain(range.from, range.to);
  const days = daysBetween(range.from, range.to);
  const prevFrom = addDays(range.from, -days), prevTo = addDays(range.from, -1);
  const scoped = isScopedToAssignedGroups(actor);
  const params: unknown[] = [];
  const scope = groupScopeSql(actor, 'g', params); // $1 workspace (, $2 operator)
  const n = params.length;
  params.push(prevFrom, range.to, addDays(range.to, -6), addDays(prevTo, -6), prevTo);
  const [pFrom, pTo, weekFrom, prevWeekFrom, prevEnd] = [n + 1, n + 2, n + 3, n + 4, n + 5].map((i) => `$${i}::date`) as [string, string, string, string, string];
  const allDays = Array.from({ length: 2 * days }, (_, i) => addDays(prevFrom, i));
  // An operator's writers of past days, kept (see `kept` below): the days still to count, and the
  // weekly figures when kept (null: counted in the query).
  const scopeKey = `${actor.workspaceId}|${actor.role}|${actor.userId}`;
  const guess = scoped && useKept ? keptFor(db, lastScope(db).get(scopeKey)) : undefined;
  const weekKey = weekRangeKey(addDays(range.to, -6), range.to), prevWeekKey = weekRangeKey(addDays(prevTo, -6), prevTo);
  const needDays = guess ? allDays.filter((d) => !guess.has(d)) : allDays;
  if (scoped) params.push(needDays, guess?.get(weekKey) ?? null, guess?.get(prevWeekKey) ?? null);
  const [need, keptWeekly, keptPrevWeekly] = [n + 6, n + 7, n + 8].map((i) => `$${i}`) as [string, string, string];

  const groupsCte = `sg as (select g.id, g.member_count, (g.created_at at time zone w.tz)::date as created from groups g, w where ${scope})`;
  const w = `w as (select timezone as tz, (now() at time zone timezone)::date as today, past_rollups_rev as rev from workspaces where id = $1)`;
  // An operator's days: their groups' rows read by key and summed per day; the writers of each
  // day not kept (today, yesterday, and days not asked before) counted in one grouped pass, made
  // distinct by hashing (day, writer) pairs: count(distinct) sorted the 100,000 pairs of 10M
  // messages on disk (180 ms against 20).
  const dailySql = scoped
    ? `select day::text as day, sum(messages)::int as messages, sum(joins)::int as joins, sum(leaves)::int as leaves, 0 as "activeMembers"
       from group_daily where workspace_id = $1 and group_id = any(array(select id from sg)) and day between ${pFrom} and ${pTo}
       group by day`
    : `select day::text as day, messages, joins, leaves, active_members as "activeMembers"
       from workspace_daily where workspace_id = $1 and day between ${pFrom} and ${pTo}
         and (messages + joins + leaves + active_members) > 0`;
  const activesSql = scoped
    ? `(select json_agg(json_build_array(day::text, n)) from (select day, count(*)::int as n from (
         select distinct a.day, x from group_daily a cross join lateral unnest(a.active_member_ids) x
         where a.workspace_id = $1 and a.group_id = any(array(select id from sg)) and a.day = any(${need}::date[])) u group by day) t)`
    : 'null::json';
  const weeklySql = (from: string, to: string, kept: string) => scoped
    ? `coalesce(${kept}::int, (select count(distinct x) from group_daily a cross join lateral unnest(a.active_member_ids) x where a.workspace_id = $1
         and a.group_id in (select id from sg) and a.day between ${from} and ${to})::int)`
    // Kept per day by ingest: the 7 days ending on `to` (src/events/rollups.ts).
    : `coalesce((select active_members_7d from workspace_daily where workspace_id = $1 and day = ${to} and day - 6 = ${from}), 0)`;
  const rows = await db.query<{ daily: DayRow[] | null; actives: Array<[string, number]> | null; rev: number; pastRev: number; tz: string; ids: number[] | null; groups: number; prevGroups: number; weekly: number; prevWeekly: number; firstDay: string | null; today: string }>(
    `with ${w}, ${groupsCte},
     daily as (${dailySql})
     select (select json_agg(daily order by day) from daily) as daily, ${activesSql} as actives,
            (select memberships_rev from workspaces where id = $1) as rev, (select tz from w) as tz, (select rev from w) as "pastRev",
            ${scoped ? '(select array_agg(id order by id) from sg)' : 'null::int8[]'} as ids,
            (select count(*)::int from sg where created <= ${pTo}) as groups,
            (select count(*)::int from sg where created <= ${prevEnd}) as "prevGroups",
            (${scoped
              ? 'select min(f.day) from sg cross join lateral (select day from group_daily where workspace_id = $1 and group_id = sg.id order by day limit 1) f'
              : 'select min(day) from workspace_daily where workspace_id = $1'})::text as "firstDay",
            (select today::text from w) as today,
            ${weeklySql(weekFrom, pTo, keptWeekly)} as weekly, ${weeklySql(prevWeekFrom, prevEnd, keptPrevWeekly)} as "prevWeekly"`, params);
  const r = rows[0]!;
  const actives = new Map<string, number>();
  if (scoped) {
    const ids = (r.ids ?? []).map(Number);
    const key = scopeKeyOf(actor.workspaceId, Number(r.pastRev), r.tz, ids);
    // What was kept holds only under the revision, zone and groups this snapshot has: if they moved
    // since, count everything again (rare: a past day written, the operator's groups changed).
    if (guess && guess.key !== key) return overviewOnce(db, actor, range, grainAsked, false);
    lastScope(db).set(scopeKey, key);
    if (lastScope(db).size > KEPT_ENTRIES) lastScope(db).delete(lastScope(db).keys().next().value!);
    const kept = keptFor(db, key, true)!;
    // Days before yesterday are kept: a write of any day before today moves the revision (as of
    // the writer's start), so a day two days back cannot change without moving it.
    const keepable = (day: string) => day < addDays(r.today, -1);
    const counted = new Map((r.actives ?? []).map(([d, c]) => [d, Number(c)]));
    for (const d of allDays) {
      const c = guess?.get(d) ?? counted.get(d) ?? 0;
      actives.set(d, c);
      if (!guess?.has(d) && keepable(d)) kept.set(d, c);
    }
    if (keepable(range.to)) kept.set(weekKey, Number(r.weekly));
    if (keepable(prevTo)) kept.set(prevWeekKey, Number(r.prevWeekly));
    if (kept.size > KEPT_DAYS) kept.clear();
  }
  const { size, prevSize } = await sizesAt(db, actor.workspaceId, { rev: Number(r.rev), tz: r.tz, ids: r.ids?.map(Number) ?? null }, range.to, prevTo);
  const byDay = new Map((r.daily ?? []).map((d) => [d.day, d]));
  const filled = allDays.map((day) => {
    const d = byDay.get(day) ?? { day, messages: 0, joins: 0, leaves: 0, activeMembers: 0 };
    return scoped ? { ...d, activeMembers: actives.get(day) ?? 0 } : d;
  });
  const previous = filled.slice(0, days), current = filled.slice(days);
  const sum = (list: DayRow[], k: 'messages' | 'joins' | 'leaves' | 'activeMembers') => list.reduce((s, d) => s + Number(d[k]), 0);
  // Days that count for the daily average: from the first group's first event, up to today.
  const countedDays = (list: DayRow[]) => list.filter((d) => r.firstDay !== null && d.day >= r.firstDay && d.day <= r.today).length;
  const totals = (list: DayRow[], size: Size, groups: number, weekly: number): Totals => {
    const n = countedDays(list);
    return {
      members: Number(size.memberships), people: Number(size.people), groups,
      joins: sum(list, 'joins'), leaves: sum(list, 'leaves'), messages: sum(list, 'messages'),
      activeMembersDaily: n === 0 ? 0 : Math.round((sum(list, 'activeMembers') / n) * 100) / 100, activeMembersWeekly: weekly,
    };
  };
  let series: SeriesPoint[];
  if (grain === 'day') {
    series = current.map((d) => ({ day: d.day, end: d.day, messages: Number(d.messages), joins: Number(d.joins), leaves: Number(d.leaves), activeMembers: Number(d.activeMembers), partial: d.day === r.today }));
  } else {
    const buckets = bucketsOf(range.from, range.to, grain);
    const at = bucketIndex(buckets);
    series = buckets.map((b) => ({ day: b.start, end: b.end, messages: 0, joins: 0, leaves: 0, activeMembers: 0, partial: b.start <= r.today && r.today <= b.end }));
    for (const d of current) {
      const p = series[at(d.day)]!;
      p.messages += Number(d.messages); p.joins += Number(d.joins); p.leaves += Number(d.leaves);
    }
    const actives = await bucketActives(db, actor, grain, buckets);
    actives.forEach((n, i) => { series[i]!.activeMembers = n; });
  }
  return {
    range,
    grain,
    totals: totals(current, size, r.groups, r.weekly),
    previous: totals(previous, prevSize, r.prevGroups, r.prevWeekly),
    series,
  };
}

/**
 * An operator's distinct writers of past days (and of past 7-day windows), kept per process (and
 * per database handle) under what they depend on: the workspace's past_rollups_rev (moved in the
 * same transaction as every write of the rollups for a day before today: late and imported events,
 * a rebuild; src/events/rollups.ts), its time zone and the operator's groups. Only days before
 * yesterday are kept, so a write that began the day before (and commits after midnight) has moved
 * the revision for any day kept. Counting a day's writers is the union of its groups' writer arrays
 * (100,000 pairs over 60 days at 10M messages, most of an operator's overview); today's and
 * yesterday's are counted on every read.
 * `lastScope`: the key each operator's last read found, to know what is kept before the query;
 * the query returns the key of its snapshot, and what was kept is used only when they match.
 */
const keptCache = new WeakMap<Queryable, Map<string, Map<string, number>>>();
const scopeCache = new WeakMap<Queryable, Map<string, string>>();
const KEPT_ENTRIES = 1_000;
const KEPT_DAYS = 5_000;

function scopeKeyOf(ws: number, rev: number, tz: string, ids: number[]): string {
  return [ws, rev, tz, ids.join(',')].join('|');
}
function weekRangeKey(from: string, to: string): string { return `${from}..${to}`; }
function lastScope(db: Queryable): Map<string, string> {
  let m = scopeCache.get(db);
  if (!m) { m = new Map(); scopeCache.set(db, m); }
  return m;
}
function keptFor(db: Queryable, key: string | undefined, create = false): (Map<string, number> & { key: string }) | undefined {
  if (key === undefined) return undefined;
  let all = keptCache.get(db);
  if (!all) { all = new Map(); keptCache.set(db, all); }
  let m = all.get(key);
  if (!m && create) {
    m = new Map();
    all.set(key, m);
    if (all.size > KEPT_ENTRIES) all.delete(all.keys().next().value!);
  }
  if (!m) return undefined;
  return Object.assign(m, { key });
}

interface Size { memberships: number; people: number }

/**
 * The sizes at the end of two days (the period's and the one before's), kept per process (and per
 * database handle) under what they depend on: the workspace's memberships_rev (moved in the same
 * transaction as every write of memberships, src/events/projector.ts), its time zone, the scope's
 * groups and the days. A kept entry is exact, never stale: the revision is read in the snapshot the
 * sizes are computed from. Computing them reads every membership of the scope (200,000 of 100,000
 * members: 100 ms and more on a busy server, most of an owner's overview); the memberships change
 * far less often than the overview is read (joins, leaves and new writers, not messages).
 */
const sizeCache = new WeakMap<Queryable, Map<string, { size: Size; prevSize: Size }>>();
const SIZE_CACHE_ENTRIES = 1_000;

async function sizesAt(db: Queryable, ws: number, at: { rev: number; tz: string; ids: number[] | null }, day: string, prevDay: string): Promise<{ size: Size; prevSize: Size }> {
  let cache = sizeCache.get(db);
  if (!cache) { cache = new Map(); sizeCache.set(db, cache); }
  const key = (rev: number) => [ws, rev, at.tz, day, prevDay, at.ids === null ? '*' : at.ids.join(',')].join('|');
  const hit = cache.get(key(at.rev));
  if (hit) return hit;
  const params: unknown[] = [ws, day, prevDay, at.tz];
  let inScope = '';
  if (at.ids !== null) { params.push(at.ids); inScope = 'and m.group_id = any($5::int8[])'; }
  const [r] = await db.query<{ rev: number; size: Size; prevSize: Size }>(
    `select (select memberships_rev from workspaces where id = $1) as rev,
            ${sizeAtSql(inScope, '$2::date', '$4')} as size, ${sizeAtSql(inScope, '$3::date', '$4')} as "prevSize"`, params);
  const out = { size: r!.size, prevSize: r!.prevSize };
  cache.set(key(Number(r!.rev)), out);
  if (cache.size > SIZE_CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  return out;
}

/**
 * Distinct writers of each week or month bucket, from the rollups only: a whole week is the stored
 * weekly actives of its last day, a whole month the stored monthly actives (workspace_monthly); a
 * bucket clipped by the range (and every bucket of an operator, whose groups are a part of the
 * workspace) is the union of the daily writers of its days.
 */
async function bucketActives(db: Queryable, actor: Actor, grain: Exclude<Grain, 'day'>, buckets: Bucket[]): Promise<number[]> {
  const out = buckets.map(() => 0);
  const scoped = isScopedToAssignedGroups(actor);
  const unionOf = scoped ? buckets.map((_, i) => i) : buckets.flatMap((b, i) => (b.whole ? [] : [i]));
  if (!scoped) {
    const whole = buckets.filter((b) => b.whole);
    if (whole.length > 0) {
      const stored = grain === 'week'
        ? await db.query<{ day: string; n: number }>(
            'select day::text as day, active_members_7d as n from workspace_daily where workspace_id = $1 and day = any($2::date[])',
            [actor.workspaceId, whole.map((b) => b.end)])
        : await db.query<{ day: string; n: number }>(
            'select month::text as day, active_members as n from workspace_monthly where workspace_id = $1 and month = any($2::date[])',
            [actor.workspaceId, whole.map((b) => b.start)]);
      const byDay = new Map(stored.map((r) => [r.day, Number(r.n)]));
      buckets.forEach((b, i) => { if (b.whole) out[i] = byDay.get(grain === 'week' ? b.end : b.start) ?? 0; });
    }
  }
  if (unionOf.length === 0) return out;
  const params: unknown[] = [];
  const scope = groupScopeSql(actor, 'g', params);
  const n = params.length;
  params.push(unionOf.map((i) => buckets[i]!.start), unionOf.map((i) => buckets[i]!.end));
  const rows = await db.query<{ i: number; n: number }>(scoped
    ? `select (b.i - 1)::int as i, (select count(distinct x) from group_daily a cross join lateral unnest(a.active_member_ids) x
         where a.workspace_id = $1 and a.group_id in (select g.id from groups g where ${scope}) and a.day between b.s and b.e)::int as n
       from unnest($${n + 1}::date[], $${n + 2}::date[]) with ordinality as b(s, e, i)`
    : `select (b.i - 1)::int as i, (select count(distinct x) from workspace_daily w cross join lateral unnest(w.active_member_ids) x
         where w.workspace_id = $1 and w.day between b.s and b.e)::int as n
       from unnest($${n + 1}::date[], $${n + 2}::date[]) with ordinality as b(s, e, i)`, params);
  for (const r of rows) out[unionOf[r.i]!] = Number(r.n);
  return out;
}
