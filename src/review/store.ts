/**
 * Reads the figures of 复盘 for what the actor sees (an operator: their groups) and hands them to
 * the pure functions of this folder. Daily writers, joins and leaves come from the rollups
 * (group_daily with its writers per day; group_member_daily for each writer's messages per day,
 * hence core members; workspace_monthly for monthly actives); the response to
 * a post is read from the log around the post (events_group_time_idx: a window of minutes per
 * post), joins from memberships, scans from the live codes' reservations.
 */
import type { Queryable } from '../db/database.ts';
import { groupScopeSql, isScopedToAssignedGroups, type Actor } from '../auth/access.ts';
import { addDays } from '../analytics/grain.ts';
import { postEngagement, summarize, type EngagementSummary, type Post, type PostEngagement, type Response } from './engagement.ts';
import { acrossGap, bySource, cohorts, coreMembers, dayOffset, longestGap, newAndReturning, type AcrossGap, type Cohort, type CohortGrain, type CohortMember, type CoreMember, type Gap, type MonthWriters, type SourceRetention } from './retention.ts';
import { funnels, referralCoefficient, type FunnelJoin, type FunnelRow } from './funnel.ts';
import { convertedMemberships } from '../orders/store.ts';
import { deadGroupWarning, firstWeekSignals, healthScore, type DeadGroupWarning, type FirstWeekDay, type HealthPart } from './health.ts';

export interface Range { from: string; to: string }
interface ScopeGroup { id: number; name: string; members: number; capacity: number; created: string; firstDay: string | null }
interface Scope { zone: string; today: string; groups: ScopeGroup[]; ids: number[] }

/** The actor's groups (active ones) and the workspace's zone and today. */
async function scopeOf(db: Queryable, actor: Actor, groupId?: number): Promise<Scope> {
  const params: unknown[] = [];
  const scope = groupScopeSql(actor, 'g', params);
  if (groupId !== undefined) params.push(groupId);
  const rows = await db.query<{ id: number; name: string; members: number; capacity: number; created: string; firstDay: string | null; zone: string; today: string }>(
    `select g.id, g.name, g.member_count as members, g.capacity, (g.created_at at time zone w.timezone)::date::text as created,
            (select min(day)::text from group_daily d where d.workspace_id = g.workspace_id and d.group_id = g.id) as "firstDay",
            w.timezone as zone, (now() at time zone w.timezone)::date::text as today
     from groups g join workspaces w on w.id = g.workspace_id
     where ${scope} and g.status = 'active' ${groupId !== undefined ? `and g.id = $${params.length}` : ''} order by g.id`, params);
  const [w] = rows.length ? rows : await db.query<{ zone: string; today: string }>(
    `select timezone as zone, (now() at time zone timezone)::date::text as today from workspaces where id = $1`, [actor.workspaceId]);
  const groups = rows.map((r) => ({ id: Number(r.id), name: r.name, members: r.members, capacity: r.capacity, created: r.created, firstDay: r.firstDay }));
  return { zone: w!.zone, today: w!.today, groups, ids: groups.map((g) => g.id) };
}

// ---- Engagement ---------------------------------------------------------------------------

export interface EngagementReport {
  range: Range; windowMinutes: number;
  summary: EngagementSummary;
  posts: PostEngagement[];
  groups: Array<{ groupId: number; name: string; messages: number; chatter: number; chatterRatio: number }>;
}

/**
 * Posts (pushes sent, activities) in the range and the responses each got within the window: the
 * latest `maxPosts` of them (the weekly digest, which reads every group at once, asks for more).
 */
export async function engagementReport(db: Queryable, actor: Actor, range: Range, windowMinutes = 120, groupId?: number, withChatter = true, maxPosts = 500): Promise<EngagementReport> {
  const s = await scopeOf(db, actor, groupId);
  const windowMs = windowMinutes * 60_000;
  const p = [actor.workspaceId, s.ids, range.from, range.to, s.zone];
  const inRange = (col: string) => `(${col} at time zone $5)::date between $3::date and $4::date`;
  const rawPosts = await db.query<{ key: string; kind: Post['kind']; groupId: number; at: Date; title: string; messageId: string | null; activityId: number | null; audience: number }>(
    `with posts as (
       select 'push:' || id as key, 'push' as kind, group_id, created_at as at, left(text, 80) as title, platform_message_id as message_id, null::int8 as activity_id
       from pushes where workspace_id = $1 and group_id = any($2::int8[]) and state = 'sent' and ${inRange('created_at')}
       union all
       select 'activity:' || id, kind, group_id, created_at, title, null, id from activities
       where workspace_id = $1 and group_id = any($2::int8[]) and kind in ('poll', 'quiz', 'draw') and ${inRange('created_at')})
     select p.key, p.kind, p.group_id as "groupId", p.at, p.title, p.message_id as "messageId", p.activity_id as "activityId",
            (select count(*) from memberships m where m.workspace_id = $1 and m.group_id = p.group_id
               and m.first_joined_at <= p.at and (m.active or m.left_at > p.at))::int as audience
     from posts p order by p.at desc limit ${Math.max(1, Math.trunc(maxPosts))}`, p);
  const posts: Post[] = rawPosts.map((r) => ({ key: r.key, kind: r.kind, groupId: Number(r.groupId), at: new Date(r.at).getTime(), title: r.title, audience: r.audience }));
  const responses = await postResponses(db, actor.workspaceId, rawPosts.map((r) => ({ key: r.key, groupId: Number(r.groupId), at: new Date(r.at), messageId: r.messageId, activityId: r.activityId === null ? null : Number(r.activityId), draw: r.kind === 'draw' })), windowMs);
  const list = postEngagement(posts, responses, windowMs);
  // The chatter ratio reads every message of the range: skipped where only the posts are needed (health).
  const chatter = !withChatter ? [] : await db.query<{ groupId: number; messages: number; chatter: number }>(
    `with m as (
       select group_id, message_id, payload->>'replyTo' as reply_to from events
       where workspace_id = $1 and group_id = any($2::int8[]) and type = 'message' and coalesce((payload->>'isBot')::boolean, false) = false
         and occurred_at >= ($3::date::timestamp at time zone $5) and occurred_at < (($4::date + 1)::timestamp at time zone $5)),
     replied as (select distinct group_id, reply_to from m where reply_to is not null)
     select m.group_id as "groupId", count(*)::int as messages,
            count(*) filter (where m.reply_to is null and r.reply_to is null and coalesce(c.reactions, 0) <= 0)::int as chatter
     from m left join replied r on r.group_id = m.group_id and r.reply_to = m.message_id
     left join message_changes c on c.workspace_id = $1 and c.group_id = m.group_id and c.message_id = m.message_id
     group by m.group_id`, p);
  const byId = new Map(s.groups.map((g) => [g.id, g.name]));
  return {
    range, windowMinutes, summary: summarize(list), posts: list,
    groups: chatter.map((c) => ({ groupId: Number(c.groupId), name: byId.get(Number(c.groupId)) ?? '', messages: c.messages, chatter: c.chatter, chatterRatio: c.messages ? Math.round((c.chatter / c.messages) * 1000) / 1000 : 0 }))
      .sort((a, b) => b.messages - a.messages),
  };
}

/** Replies to and reactions on a push's message, entries of an activity, within the window; bots and hunters marked. */
async function postResponses(db: Queryable, ws: number, posts: Array<{ key: string; groupId: number; at: Date; messageId: string | null; activityId: number | null; draw: boolean }>, windowMs: number): Promise<Response[]> {
  if (posts.length === 0) return [];
  const rows = await db.query<{ key: string; memberId: number; at: Date; kind: Response['kind']; bot: boolean; hunter: boolean }>(
    `with p as (select * from unnest($2::text[], $3::int8[], $4::timestamptz[], $5::text[], $6::int8[], $7::boolean[]) as p(key, g, at, mid, aid, draw)),
     r as (
       select p.key, e.member_id, e.occurred_at as at, case when e.type = 'message' then 'reply' else 'reaction' end as kind,
              coalesce((e.payload->>'isBot')::boolean, false) as bot, false as draw, p.g, p.at as posted
       from p join lateral (select * from events e where e.workspace_id = $1 and e.group_id = p.g
         and e.occurred_at >= p.at and e.occurred_at <= p.at + $8 * interval '1 millisecond'
         and ((e.type = 'message' and e.payload->>'replyTo' = p.mid) or (e.type = 'reaction' and e.message_id = p.mid and (e.payload->>'added')::boolean))) e on true
       where p.mid is not null
       union all
       select p.key, x.member_id, x.at, 'entry', false, p.draw, p.g, p.at from p
       join activity_entries x on x.workspace_id = $1 and x.activity_id = p.aid and x.question = 0
       where p.aid is not null)
     select r.key, r.member_id as "memberId", r.at, r.kind,
            r.bot or exists (select 1 from member_identities i where i.workspace_id = $1 and i.member_id = r.member_id and i.is_bot) as bot,
            -- A hunter: a draw entrant who wrote nothing in the group in the 30 days before the draw.
            r.draw and not exists (select 1 from events e where e.workspace_id = $1 and e.member_id = r.member_id and e.group_id = r.g
              and e.type = 'message' and e.occurred_at < r.posted and e.occurred_at >= r.posted - interval '30 days') as hunter
     from r where r.member_id is not null`,
    [ws, posts.map((x) => x.key), posts.map((x) => x.groupId), posts.map((x) => x.at), posts.map((x) => x.messageId), posts.map((x) => x.activityId), posts.map((x) => x.draw), windowMs]);
  return rows.map((r) => ({ postKey: r.key, memberId: Number(r.memberId), at: new Date(r.at).getTime(), kind: r.kind, bot: r.bot, hunter: r.hunter }));
}

// ---- Retention ----------------------------------------------------------------------------

export interface RetentionReport {
  range: Range; grain: CohortGrain; today: string;
  cohorts: Cohort[]; bySource: SourceRetention[];
  monthly: MonthWriters[];
  core: CoreMember[]; coreOf: number;
  gap: (Gap & AcrossGap) | null;
}

/**
 * Each membership that began in the range with the days its member wrote in that group
 * (group_member_daily: a range of its key per group), and whether they wrote at all since joining.
 * Both sides are bounded by plain ranges the planner can estimate (the join's day as a time range;
 * the writers by the scope's groups): bounded by the local date of the join and by "the groups
 * of j", they were estimated at 10 rows and joined by a nested loop that rebuilt the set of groups
 * for each of 200,000 memberships (13 s on a quiet server at 1,000 groups and 1M messages; 0.8 s
 * now, one hash join).
 * `firstDays`: only the days up to that many days after the join (the funnels need days 7–13, not
 * every later day: less to aggregate and to send).
 */
async function joinsWithActiveDays(db: Queryable, ws: number, s: Scope, range: Range, firstDays?: number): Promise<Array<{ g: number; mem: number; joined: string; source: string; inviter: boolean; days: string[]; wrote: boolean }>> {
  if (s.ids.length === 0) return [];
  const rows = await db.query<{ g: number; mem: number; joined: string; source: string; inviter: boolean; days: string[]; wrote: boolean }>(
    `with j as (
       select group_id as g, member_id as mem, (first_joined_at at time zone $5)::date as joined, coalesce(source, 'unknown') as source,
              (inviter_member_id is not null or source = 'referral') as inviter
       from memberships where workspace_id = $1 and group_id = any($2::int8[])
         and first_joined_at >= ($3::date::timestamp at time zone $5) and first_joined_at < (($4::date + 1)::timestamp at time zone $5)),
     a as (
       select d.group_id as g, d.member_id as mem, d.day from group_member_daily d
       where d.workspace_id = $1 and d.group_id = any($2::int8[]) and d.day >= $3::date)
     select j.g, j.mem, j.joined::text as joined, j.source, j.inviter,
            coalesce(array_agg(a.day::text order by a.day) filter (where a.day is not null and ($6::int is null or a.day <= j.joined + $6::int)), '{}') as days,
            bool_or(a.day is not null) as wrote
     from j left join a on a.g = j.g and a.mem = j.mem and a.day >= j.joined
     group by j.g, j.mem, j.joined, j.source, j.inviter`, [ws, s.ids, range.from, range.to, s.zone, firstDays ?? null]);
  return rows.map((r) => ({ ...r, g: Number(r.g), mem: Number(r.mem) }));
}

export async function retentionReport(db: Queryable, actor: Actor, range: Range, grain: CohortGrain, groupId?: number): Promise<RetentionReport> {
  const s = await scopeOf(db, actor, groupId);
  const ws = actor.workspaceId;
  const joins = await joinsWithActiveDays(db, ws, s, range);
  const members: CohortMember[] = joins.map((j) => ({ memberId: j.mem, joined: j.joined, source: j.source, activeDays: j.days }));
  // Monthly writers: stored per workspace (workspace_monthly); an operator's or one group's from group_daily.
  const whole = !isScopedToAssignedGroups(actor) && groupId === undefined;
  const firstMonth = `${range.from.slice(0, 7)}-01`;
  const months = whole
    ? await db.query<{ month: string; ids: number[] }>(
        `select month::text as month, active_member_ids as ids from workspace_monthly where workspace_id = $1 and month between $2::date and $3::date order by month`,
        [ws, firstMonth, range.to])
    : await db.query<{ month: string; ids: number[] }>(
        `select date_trunc('month', d.day)::date::text as month, array_agg(distinct x) as ids
         from group_daily d cross join lateral unnest(d.active_member_ids) x
         where d.workspace_id = $1 and d.group_id = any($2::int8[]) and d.day between $3::date and $4::date group by 1 order by 1`,
        [ws, s.ids, firstMonth, range.to]);
  const before = whole
    ? await db.query<{ id: number }>(`select distinct x as id from workspace_monthly w cross join lateral unnest(w.active_member_ids) x where w.workspace_id = $1 and w.month < $2::date`, [ws, firstMonth])
    : await db.query<{ id: number }>(`select distinct x as id from group_daily d cross join lateral unnest(d.active_member_ids) x where d.workspace_id = $1 and d.group_id = any($2::int8[]) and d.day < $3::date`, [ws, s.ids, firstMonth]);
  const monthly = newAndReturning(months.map((m) => ({ month: m.month, ids: m.ids.map(Number) })), before.map((b) => Number(b.id)));
  // Core members of the range: message counts per member and day (group_member_daily, stored).
  const writers = await db.query<{ memberId: number; messages: number; lastDay: string }>(
    `select member_id as "memberId", sum(messages)::int as messages, max(day)::text as "lastDay"
     from group_member_daily where workspace_id = $1 and group_id = any($2::int8[]) and day between $3::date and $4::date
     group by member_id`, [ws, s.ids, range.from, range.to]);
  const core = coreMembers(writers.map((w) => ({ ...w, memberId: Number(w.memberId) })), s.today);
  // The longest pause in the groups' history, and who wrote again after it (90 days each side).
  const days = await db.query<{ day: string }>(
    `select distinct day::text as day from group_daily where workspace_id = $1 and group_id = any($2::int8[]) and messages > 0 order by 1`, [ws, s.ids]);
  const gap = longestGap(days.map((d) => d.day));
  let across: (Gap & AcrossGap) | null = null;
  if (gap) {
    const side = async (from: string, to: string) => (await db.query<{ id: number }>(
      `select distinct x as id from group_daily d cross join lateral unnest(d.active_member_ids) x
       where d.workspace_id = $1 and d.group_id = any($2::int8[]) and d.day between $3::date and $4::date`, [ws, s.ids, from, to])).map((r) => Number(r.id));
    across = { ...gap, ...acrossGap(await side(addDays(gap.from, -90), addDays(gap.from, -1)), await side(addDays(gap.to, 1), addDays(gap.to, 90))) };
  }
  return { range, grain, today: s.today, cohorts: cohorts(members, grain, s.today), bySource: bySource(members, s.today), monthly, core, coreOf: writers.length, gap: across };
}

// ---- Funnels ------------------------------------------------------------------------------

export interface FunnelReport {
  range: Range;
  bySource: FunnelRow[];
  byCode: Array<FunnelRow & { name: string }>;
  referral: { referred: number; other: number; k: number };
  kolCoverage: { groups: number; withKol: number; share: number };
  /** Members of the range's joins who paid a matched order after joining (src/orders). */
  converted: { members: number; rate: number };
}

export async function funnelReport(db: Queryable, actor: Actor, range: Range): Promise<FunnelReport> {
  const s = await scopeOf(db, actor);
  const ws = actor.workspaceId;
  const joins = await joinsWithActiveDays(db, ws, s, range, 13);
  const paid = await convertedMemberships(db, ws, joins, s.zone);
  const toFunnel = (j: (typeof joins)[number], key: string): FunnelJoin => ({
    key, memberId: j.mem, joined: j.joined, inviter: j.inviter, firstMessage: j.wrote, converted: paid.has(`${j.g}:${j.mem}`),
    activeW1: dayOffset(j.joined, s.today) > 13 ? j.days.some((d) => { const k = dayOffset(j.joined, d); return k >= 7 && k <= 13; }) : null,
  });
  const codes = await db.query<{ codeId: number; name: string; g: number; mem: number }>(
    `select a.code_id as "codeId", c.name, a.group_id as g, a.member_id as mem from code_attributions a
     join live_codes c on c.workspace_id = a.workspace_id and c.id = a.code_id
     where a.workspace_id = $1 and a.group_id = any($2::int8[]) and (a.joined_at at time zone $5)::date between $3::date and $4::date`,
    [ws, s.ids, range.from, range.to, s.zone]);
  const scans = await db.query<{ codeId: number; name: string; n: number }>(
    `select r.code_id as "codeId", c.name, count(*)::int as n from code_reservations r
     join live_codes c on c.workspace_id = r.workspace_id and c.id = r.code_id
     where r.workspace_id = $1 and (r.group_id is null or r.group_id = any($2::int8[])) and (r.created_at at time zone $5)::date between $3::date and $4::date
     group by 1, 2`, [ws, s.ids, range.from, range.to, s.zone]);
  const byMembership = new Map(joins.map((j) => [`${j.g}:${j.mem}`, j]));
  const names = new Map<string, string>();
  const codeJoins: FunnelJoin[] = [];
  for (const c of codes) {
    names.set(String(c.codeId), c.name);
    const j = byMembership.get(`${Number(c.g)}:${Number(c.mem)}`);
    if (j) codeJoins.push(toFunnel(j, String(c.codeId)));
  }
  for (const sc of scans) names.set(String(sc.codeId), sc.name);
  const kol = await db.query<{ withKol: number }>(
    `select count(distinct m.group_id)::int as "withKol" from memberships m join kols k on k.workspace_id = m.workspace_id and k.member_id = m.member_id and k.status = 'kol'
     where m.workspace_id = $1 and m.group_id = any($2::int8[]) and m.active`, [ws, s.ids]);
  const withKol = kol[0]?.withKol ?? 0;
  return {
    range,
    bySource: funnels(joins.map((j) => toFunnel(j, j.source))),
    byCode: funnels(codeJoins, new Map(scans.map((x) => [String(x.codeId), x.n]))).map((r) => ({ ...r, name: names.get(r.key) ?? r.key })),
    referral: referralCoefficient(joins),
    kolCoverage: { groups: s.ids.length, withKol, share: s.ids.length ? Math.round((withKol / s.ids.length) * 1000) / 1000 : 0 },
    converted: { members: paid.size, rate: joins.length ? Math.round((paid.size / joins.length) * 1000) / 1000 : 0 },
  };
}

// ---- Health -------------------------------------------------------------------------------

export interface GroupHealth { groupId: number; name: string; members: number; score: number; parts: HealthPart[]; warning: DeadGroupWarning | null }
export interface HealthReport { today: string; groups: GroupHealth[]; warnings: Array<DeadGroupWarning & { groupId: number; name: string; ageDays: number }> }

/** Health of the actor's groups; `maxPosts`: how many of the 30 days' latest posts are read for the response to posts. */
export async function healthReport(db: Queryable, actor: Actor, options: { maxPosts?: number } = {}): Promise<HealthReport> {
  const s = await scopeOf(db, actor);
  const ws = actor.workspaceId;
  const t = s.today;
  const from30 = addDays(t, -29), from60 = addDays(t, -59);
  // Grouped once per group (not a subquery per group over the whole 60 days: that grew with groups × writers).
  const figs = await db.query<{ g: number; messages: number; joins: number; leaves: number; w30: number; wPrev: number; kept: number }>(
    `with d as (select group_id as g, day, messages, joins, leaves, active_member_ids as ids from group_daily
                where workspace_id = $1 and group_id = any($2::int8[]) and day between $3::date and $4::date),
     w as (select g, x, bool_or(day >= $5::date) as recent, bool_or(day < $5::date) as earlier from d cross join lateral unnest(ids) x group by g, x),
     ds as (select g, sum(messages) filter (where day >= $5::date) as messages, sum(joins) filter (where day >= $5::date) as joins,
                   sum(leaves) filter (where day >= $5::date) as leaves from d group by g),
     wc as (select g, count(*) filter (where recent) as w30, count(*) filter (where earlier) as prev, count(*) filter (where earlier and recent) as kept from w group by g)
     select g.id as g, coalesce(ds.messages, 0)::int as messages, coalesce(ds.joins, 0)::int as joins, coalesce(ds.leaves, 0)::int as leaves,
            coalesce(wc.w30, 0)::int as w30, coalesce(wc.prev, 0)::int as "wPrev", coalesce(wc.kept, 0)::int as kept
     from unnest($2::int8[]) as g(id) left join ds on ds.g = g.id left join wc on wc.g = g.id`, [ws, s.ids, from60, t, from30]);
  // Core members of the 30 days: messages per member and day, stored (group_member_daily).
  const counts = await db.query<{ g: number; mem: number; n: number; last: string }>(
    `select group_id as g, member_id as mem, sum(messages)::int as n, max(day)::text as last from group_member_daily
     where workspace_id = $1 and group_id = any($2::int8[]) and day between $3::date and $4::date group by 1, 2`, [ws, s.ids, from30, t]);
  const writersOf = new Map<number, Array<{ memberId: number; messages: number; lastDay: string }>>();
  for (const c of counts) {
    const l = writersOf.get(Number(c.g)) ?? [];
    l.push({ memberId: Number(c.mem), messages: c.n, lastDay: c.last });
    writersOf.set(Number(c.g), l);
  }
  const engagement = await engagementReport(db, actor, { from: from30, to: t }, 120, undefined, false, options.maxPosts);
  const posts = new Map<number, { n: number; answered: number }>();
  for (const p of engagement.posts) {
    const e = posts.get(p.groupId) ?? { n: 0, answered: 0 };
    e.n++; if (p.responders > 0) e.answered++;
    posts.set(p.groupId, e);
  }
  const kols = await db.query<{ g: number; n: number }>(
    `select m.group_id as g, count(*)::int as n from memberships m join kols k on k.workspace_id = m.workspace_id and k.member_id = m.member_id and k.status = 'kol'
     where m.workspace_id = $1 and m.group_id = any($2::int8[]) and m.active group by 1`, [ws, s.ids]);
  const kolOf = new Map(kols.map((k) => [Number(k.g), k.n]));
  // First weeks of groups between 7 and 30 days old (the warning's window).
  const young = s.groups.filter((g) => { const age = dayOffset(start(g), t); return age >= 7 && age < 30; });
  const weeks = young.length === 0 ? [] : await db.query<{ g: number; day: string; messages: number; joins: number; leaves: number; ids: number[] }>(
    `select group_id as g, day::text as day, messages, joins, leaves, active_member_ids as ids from group_daily
     where workspace_id = $1 and group_id = any($2::int8[]) and day between $3::date and $4::date`,
    [ws, young.map((g) => g.id), young.reduce((m, g) => (start(g) < m ? start(g) : m), t), t]);
  const warnings: HealthReport['warnings'] = [];
  const warningOf = new Map<number, DeadGroupWarning>();
  for (const g of young) {
    const first = start(g);
    const days: FirstWeekDay[] = Array.from({ length: 7 }, (_, i) => {
      const r = weeks.find((w) => Number(w.g) === g.id && w.day === addDays(first, i));
      return r ? { messages: r.messages, joins: r.joins, leaves: r.leaves, writers: r.ids.map(Number) } : { messages: 0, joins: 0, leaves: 0, writers: [] };
    });
    const w = deadGroupWarning(firstWeekSignals(days));
    warningOf.set(g.id, w);
    if (w.alert) warnings.push({ ...w, groupId: g.id, name: g.name, ageDays: dayOffset(first, t) });
  }
  const figOf = new Map(figs.map((f) => [Number(f.g), f]));
  const groups = s.groups.map((g): GroupHealth => {
    const f = figOf.get(g.id)!;
    const p = posts.get(g.id) ?? { n: 0, answered: 0 };
    const h = healthScore({
      members: g.members, capacity: g.capacity, writers30d: f.w30, writersPrev30d: f.wPrev, writersKept: f.kept,
      messages30d: f.messages, joins30d: f.joins, leaves30d: f.leaves, posts30d: p.n, postsAnswered30d: p.answered,
      coreMembers: coreMembers(writersOf.get(g.id) ?? [], t).length, kols: kolOf.get(g.id) ?? 0,
    });
    return { groupId: g.id, name: g.name, members: g.members, score: h.score, parts: h.parts, warning: warningOf.get(g.id) ?? null };
  }).sort((a, b) => a.score - b.score || a.groupId - b.groupId);
  warnings.sort((a, b) => b.risk - a.risk);
  return { today: t, groups, warnings };
}

/** A group's day 1: the earlier of its creation and its first day with activity (imported history is old). */
function start(g: ScopeGroup): string {
  return g.firstDay !== null && g.firstDay < g.created ? g.firstDay : g.created;
}

