/**
 * The group list for the console: filtered, sorted and paginated on the server, limited to what
 * the actor may see (src/auth/access.ts). Every figure comes from the rollups (group_daily and
 * the writers it keeps per day) and groups.member_count, never from the event log. Days are the
 * workspace's: "today" is the current date in its time zone; "the last 7 days" are today and the
 * 6 before it.
 *
 * Two steps: the cheap figures that filters and sorts need (size, messages, health) for every
 * group in scope, each looked up by key (LATERAL over group_daily's primary key, so the plan does
 * not depend on fresh statistics); then the rest (sparkline, active members, operator, tags) for
 * the page only.
 */
import type { Queryable } from '../db/database.ts';
import { groupScopeSql, type Actor } from '../auth/access.ts';
import { DEFAULT_STAGE_SETTINGS, type HealthSettings, type StageSettings } from '../workspaces/settings.ts';

export const groupSorts = ['name', 'size', 'messagesPerDay', 'activeMembers7d', 'createdAt'] as const;
export type GroupSort = (typeof groupSorts)[number];
export const healths = ['healthy', 'quiet', 'silent', 'full'] as const;
export type Health = (typeof healths)[number];
/** A group's stage in its life (src/workspaces/settings.ts, docs/group-stage.md). */
export const groupStages = ['new', 'growing', 'mature', 'declining', 'dormant'] as const;
export type GroupStage = (typeof groupStages)[number];

export interface GroupItem {
  id: number;
  platformGroupId: string;
  platform: string;
  name: string;
  size: number;
  capacity: number;
  purpose: string | null;
  layer: string | null;
  status: string;
  operator: { id: number; name: string } | null;
  tags: string[];
  /** Average over the last 7 days. */
  messagesPerDay: number;
  /** Messages per day, the last 14 days, oldest first. */
  sparkline: number[];
  activeMembers7d: number;
  joins7d: number;
  leaves7d: number;
  ageDays: number;
  health: Health;
  stage: GroupStage;
  /**
   * The day health and the 7-day figures are measured at when the group had no event for
   * ARCHIVED_AFTER_DAYS (archived or imported history): its last day with activity; else null (today).
   */
  measuredAt: string | null;
}

/** A group with no event for this many days is measured at its last activity, not today. */
export const ARCHIVED_AFTER_DAYS = 30;

export interface GroupListInput {
  limit: number;
  offset: number;
  sort: GroupSort;
  order: 'asc' | 'desc';
  q?: string | undefined;
  purpose?: string | undefined;
  layer?: string | undefined;
  operatorId?: number | undefined;
  tag?: string | undefined;
  health?: Health[] | undefined;
  stage?: GroupStage[] | undefined;
}

export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Health of group g from its figures f (see src/workspaces/settings.ts). $h… are pushed by healthSql. */
function healthSql(h: HealthSettings, params: unknown[]): string {
  params.push(h.fullRatio, h.quietMessagesPerDay);
  const full = `$${params.length - 1}::float8`, quiet = `$${params.length}::float8`;
  return `case when g.capacity > 0 and g.member_count >= ${full} * g.capacity then 'full'
    when f.messages_silent = 0 then 'silent'
    when f.messages7d / 7.0 < ${quiet} then 'quiet' else 'healthy' end`;
}

/**
 * Cheap figures of group g as f, at its day r (refSql): messages of the 7 days to it and of the
 * silence window, joins, leaves; with `stage`, also what its stage needs (stageSql) from the same
 * index range of group_daily: messages of the 3 weeks before those 7 days and of the dormancy
 * window, and net joins of the 7 days.
 */
function figuresSql(h: HealthSettings, params: unknown[], stage?: StageSettings): string {
  params.push(h.silentDays);
  const silent = `$${params.length}::int`;
  let trend = '';
  let days = `greatest(7, ${silent})`;
  if (stage) {
    params.push(stage.dormantDays);
    const dormant = `$${params.length}::int`;
    trend = `,
      coalesce(sum(d.messages) filter (where d.day <= r.day - 7 and d.day > r.day - 28), 0)::int as m_prev,
      coalesce(sum(d.messages) filter (where d.day > r.day - ${dormant}), 0)::int as m_dormant,
      coalesce(sum(d.joins - d.leaves) filter (where d.day > r.day - 7), 0)::int as net7`;
    days = `greatest(28, ${silent}, ${dormant})`;
  }
  return `cross join lateral (select
      coalesce(sum(d.messages) filter (where d.day > r.day - 7), 0)::int as messages7d,
      coalesce(sum(d.messages) filter (where d.day > r.day - ${silent}), 0)::int as messages_silent,
      coalesce(sum(d.joins) filter (where d.day > r.day - 7), 0)::int as joins7d,
      coalesce(sum(d.leaves) filter (where d.day > r.day - 7), 0)::int as leaves7d${trend}
    from group_daily d where d.workspace_id = g.workspace_id and d.group_id = g.id
      and d.day > r.day - ${days} and d.day <= r.day) f`;
}

/**
 * Stage of group g (see src/workspaces/settings.ts), as st: from its figures f (figuresSql with the
 * stage's columns), its age (from its first day: the earlier of its creation and its first day with
 * activity) and size. Measured at its day r like health; a group measured at its last activity
 * (archived: no event for 30 days, at least dormantDays) is dormant.
 */
function stageSql(s: StageSettings, params: unknown[]): string {
  params.push(s.newDays, s.dormantDays, s.trendShare, s.sizeShare);
  const [newDays, dormantDays, trend, sizeShare] = [4, 3, 2, 1].map((k) => `$${params.length - k + 1}`);
  return `cross join lateral (select least((g.created_at at time zone w.tz)::date,
      (select min(d.day) from group_daily d where d.workspace_id = g.workspace_id and d.group_id = g.id)) as first_day) fd
    cross join lateral (select case
      when r.archived is not null or (f.m_dormant = 0 and r.day - fd.first_day >= ${dormantDays}::int) then 'dormant'
      when r.day - fd.first_day < ${newDays}::int then 'new'
      when (f.m_prev > 0 and f.messages7d * 3 <= (1 - ${trend}::float8) * f.m_prev) or -f.net7 >= ${sizeShare}::float8 * greatest(g.member_count - f.net7, 1) then 'declining'
      when f.messages7d * 3 >= (1 + ${trend}::float8) * f.m_prev and f.messages7d > 0 or f.net7 >= ${sizeShare}::float8 * greatest(g.member_count - f.net7, 1) then 'growing'
      else 'mature' end as stage) st`;
}

/**
 * The day group g is measured at, as r: today, or its last day with activity (groups.last_active_day,
 * kept by the rollups) when that is more than ARCHIVED_AFTER_DAYS ago.
 */
const refSql = `cross join lateral (select case when g.last_active_day < w.today - ${ARCHIVED_AFTER_DAYS} then g.last_active_day else w.today end as day,
      case when g.last_active_day < w.today - ${ARCHIVED_AFTER_DAYS} then g.last_active_day end as archived) r`;

const activeSql = `cross join lateral (select count(distinct x)::int as active7d from group_daily a cross join lateral unnest(a.active_member_ids) x
    where a.workspace_id = g.workspace_id and a.group_id = g.id and a.day > r.day - 7 and a.day <= r.day) a`;

const todaySql = (param: string) => `(select (now() at time zone timezone)::date as today, timezone as tz from workspaces where id = ${param})`;

const sortExpr: Record<GroupSort, string> = {
  name: 'g.name', size: 'g.member_count', messagesPerDay: 'f.messages7d', activeMembers7d: 'a.active7d', createdAt: 'g.created_at',
};

export async function listGroups(db: Queryable, actor: Actor, health: HealthSettings, input: GroupListInput, stage: StageSettings = DEFAULT_STAGE_SETTINGS): Promise<{ items: GroupItem[]; total: number }> {
  const params: unknown[] = [];
  const where = [groupScopeSql(actor, 'g', params)];
  const add = (cond: (p: string) => string, value: unknown) => { params.push(value); where.push(cond(`$${params.length}`)); };
  if (input.q) add((p) => `g.name ilike ${p}`, likePattern(input.q));
  if (input.purpose) add((p) => `g.purpose = ${p}`, input.purpose);
  if (input.layer) add((p) => `g.layer = ${p}`, input.layer);
  if (input.operatorId !== undefined) add((p) => `g.owner_staff_id = ${p}`, input.operatorId);
  if (input.tag) add((p) => `exists (select 1 from group_tags t where t.workspace_id = g.workspace_id and t.group_id = g.id and t.tag = ${p})`, input.tag);
  // The 7-day figures of every group in scope only when the health filter or the sort needs them:
  // by name, size or age the page's groups are found without reading group_daily at all.
  const needsStage = Boolean(input.stage?.length);
  const needsFigures = Boolean(input.health?.length) || input.sort === 'messagesPerDay' || needsStage;
  const figures = needsFigures ? figuresSql(health, params, needsStage ? stage : undefined) : '';
  const healthExpr = needsFigures ? healthSql(health, params) : 'null';
  const stageJoin = needsStage ? stageSql(stage, params) : '';
  const filters: string[] = [];
  if (input.health?.length) { params.push(input.health); filters.push(`health = any($${params.length}::text[])`); }
  if (needsStage) { params.push(input.stage); filters.push(`stage = any($${params.length}::text[])`); }
  const healthFilter = filters.length ? `where ${filters.join(' and ')}` : '';
  const dir = input.order === 'desc' ? 'desc' : 'asc';
  const needsActive = input.sort === 'activeMembers7d';
  params.push(input.limit, input.offset);
  const rows = await db.query<{ id: number; total: number }>(
    `with w as ${todaySql('$1')},
     base as (
       select g.id, ${sortExpr[input.sort]} as key, ${healthExpr} as health, ${needsStage ? 'st.stage' : 'null'} as stage
       from groups g cross join w ${needsFigures || needsActive || needsStage ? refSql : ''} ${figures} ${needsActive ? activeSql : ''} ${stageJoin}
       where ${where.join(' and ')})
     select id, count(*) over ()::int as total from base ${healthFilter}
     order by key ${dir}, id ${dir} limit $${params.length - 1} offset $${params.length}`, params);
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && input.offset > 0) {
    // Past the last page: the window count has no row to ride on.
    total = (await listGroups(db, actor, health, { ...input, offset: 0, limit: 1 }, stage)).total;
  }
  return { items: await groupItems(db, actor.workspaceId, health, rows.map((r) => r.id), stage), total };
}

type ItemRow = Omit<GroupItem, 'messagesPerDay'> & { messages7d: number };

/** Every field of the given groups, in the order given (ids must already be in the actor's scope). */
export async function groupItems(db: Queryable, workspaceId: number, health: HealthSettings, ids: number[], stage: StageSettings = DEFAULT_STAGE_SETTINGS): Promise<GroupItem[]> {
  if (ids.length === 0) return [];
  const params: unknown[] = [workspaceId, ids];
  const figures = figuresSql(health, params, stage);
  const healthExpr = healthSql(health, params);
  const stageJoin = stageSql(stage, params);
  // What is read for the group alone (operator, platform, tags, sparkline, active members) is in
  // subqueries of the select list, each planned on its own: as joins, the planner searched the
  // order of a dozen relations, which cost PGlite more than running the query.
  const rows = await db.query<ItemRow>(
    `with w as ${todaySql('$1')}
     select g.id, g.platform_group_id as "platformGroupId",
            coalesce((select platform from platform_accounts where workspace_id = $1 and id = g.account_id), 'unknown') as platform, g.name,
            g.member_count as size, g.capacity, g.purpose, g.layer, g.status,
            (select json_build_object('id', u.id, 'name', u.name) from users u where u.id = g.owner_staff_id) as operator,
            coalesce((select array_agg(tag order by tag) from group_tags where workspace_id = $1 and group_id = g.id), '{}') as tags,
            f.messages7d,
            (select array_agg(coalesce(d.messages, 0) order by s.i desc)
               from generate_series(13, 0, -1) as s(i)
               left join group_daily d on d.workspace_id = $1 and d.group_id = g.id and d.day = r.day - s.i) as sparkline,
            (select count(distinct x)::int from group_daily a cross join lateral unnest(a.active_member_ids) x
               where a.workspace_id = g.workspace_id and a.group_id = g.id and a.day > r.day - 7 and a.day <= r.day) as "activeMembers7d",
            f.joins7d as "joins7d", f.leaves7d as "leaves7d",
            greatest(0, w.today - (g.created_at at time zone w.tz)::date)::int as "ageDays",
            ${healthExpr} as health, st.stage, r.archived::text as "measuredAt"
     from unnest($2::int8[]) with ordinality as p(id, ord)
     cross join w
     cross join lateral (select * from groups where workspace_id = $1 and id = p.id) g
     ${refSql}
     ${figures}
     ${stageJoin}
     order by p.ord`, params);
  return rows.map(({ messages7d, ...r }) => ({ ...r, messagesPerDay: Math.round((messages7d / 7) * 100) / 100 }));
}
