/**
 * Members for the console: the list (search, tag, group, stage; sorted and paginated on the
 * server) and one member's profile. An operator sees the members of their groups only, and of
 * those members only what happened in their groups (src/auth/access.ts).
 *
 * A member's last message and message counts come from that member's own events
 * (events_member_time_idx: one index range per member, read from its newest end for the last
 * message), never from a scan of the log.
 *
 * Stage (lifecycle), decided in this order: churned — in no group now; new — first seen in the
 * last NEW_DAYS days; active — wrote in the last ACTIVE_DAYS days; silent — otherwise.
 */
import type { Queryable } from '../db/database.ts';
import { isScopedToAssignedGroups, memberScopeSql, type Actor } from '../auth/access.ts';
import { likePattern } from '../groups/queries.ts';

export const NEW_DAYS = 7;
export const ACTIVE_DAYS = 14;
export const memberSorts = ['name', 'lastActiveAt', 'messages30d', 'groups'] as const;
export type MemberSort = (typeof memberSorts)[number];
export const stages = ['new', 'active', 'silent', 'churned'] as const;
export type Stage = (typeof stages)[number];

export interface MemberRow { id: number; name: string; tags: string[]; groups: number; lastActiveAt: string | null; messages30d: number; stage: Stage }

export interface MemberListInput {
  limit: number; offset: number; sort: MemberSort; order: 'asc' | 'desc';
  q?: string | undefined; tag?: string | undefined; groupId?: number | undefined; stage?: Stage | undefined;
}

/** The groups of memberships `ms` that count for the actor: all, or (operator) theirs. $1 workspace, $2 operator. */
const inScope = (actor: Actor, alias: string) => isScopedToAssignedGroups(actor)
  ? `and ${alias}.group_id in (select id from groups where workspace_id = $1 and owner_staff_id = $2)` : '';

/** Figures of member m as f: groups now, messages in 30 days, last message, stage. */
function figures(actor: Actor): string {
  return `cross join lateral (select count(*) filter (where ms.active)::int as groups from memberships ms
      where ms.workspace_id = $1 and ms.member_id = m.id ${inScope(actor, 'ms')}) gs
    cross join lateral (select count(*)::int as messages30d, max(e.occurred_at) as last_at from events e
      where e.workspace_id = $1 and e.member_id = m.id and e.occurred_at >= w.since30 and e.type = 'message' ${inScope(actor, 'e')}) c
    left join lateral (select max(e.occurred_at) as at from events e where e.workspace_id = $1 and e.member_id = m.id
      and e.type = 'message' ${inScope(actor, 'e')}) la on true
    cross join lateral (select (la.at at time zone w.tz)::date as day) l
    cross join lateral (select case when gs.groups = 0 then 'churned'
      when m.first_seen_at >= ((w.today - ${NEW_DAYS - 1})::timestamp at time zone w.tz) then 'new'
      when l.day >= w.today - ${ACTIVE_DAYS - 1} then 'active' else 'silent' end as stage) st`;
}

const today = `(select timezone as tz, (now() at time zone timezone)::date as today,
  (((now() at time zone timezone)::date - 29)::timestamp at time zone timezone) as since30 from workspaces where id = $1)`;

const sortExpr: Record<MemberSort, string> = { name: 'm.display_name', lastActiveAt: 'la.at', messages30d: 'c.messages30d', groups: 'gs.groups' };

export async function listMembers(db: Queryable, actor: Actor, input: MemberListInput): Promise<{ items: MemberRow[]; total: number }> {
  const params: unknown[] = [];
  const where = [memberScopeSql(actor, 'm', params)];
  const add = (cond: (p: string) => string, value: unknown) => { params.push(value); where.push(cond(`$${params.length}`)); };
  if (input.q) add((p) => `m.display_name ilike ${p}`, likePattern(input.q));
  if (input.tag) add((p) => `exists (select 1 from member_tags t where t.workspace_id = m.workspace_id and t.member_id = m.id and t.tag = ${p})`, input.tag);
  if (input.groupId !== undefined) {
    add((p) => `exists (select 1 from memberships ms2 where ms2.workspace_id = m.workspace_id and ms2.group_id = ${p} and ms2.member_id = m.id and ms2.active)`, input.groupId);
  }
  // Figures are computed only when a sort or the stage filter needs them for every row.
  const needsFigures = input.sort !== 'name' || input.stage !== undefined;
  let stageFilter = '';
  if (input.stage) { params.push(input.stage); stageFilter = `and st.stage = $${params.length}`; }
  const dir = input.order === 'desc' ? 'desc' : 'asc';
  const nulls = dir === 'desc' ? 'nulls last' : 'nulls first';
  params.push(input.limit, input.offset);
  const rows = await db.query<{ id: number; total: number }>(
    `with w as ${today}
     select m.id, count(*) over ()::int as total from members m cross join w ${needsFigures ? figures(actor) : ''}
     where ${where.join(' and ')} ${stageFilter}
     order by ${sortExpr[input.sort]} ${dir} ${nulls}, m.id ${dir} limit $${params.length - 1} offset $${params.length}`, params);
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && input.offset > 0) total = (await listMembers(db, actor, { ...input, offset: 0, limit: 1 })).total;
  return { items: await memberRows(db, actor, rows.map((r) => r.id)), total };
}

/** The list's fields of the given members, in the order given (ids already in the actor's scope). */
export async function memberRows(db: Queryable, actor: Actor, ids: number[]): Promise<MemberRow[]> {
  if (ids.length === 0) return [];
  const rows = await db.query<Omit<MemberRow, 'lastActiveAt'> & { lastActiveAt: Date | null }>(
    `with w as ${today}
     select m.id, m.display_name as name, coalesce(tg.tags, '{}') as tags, gs.groups, la.at as "lastActiveAt", c.messages30d, st.stage
     from unnest($${isScopedToAssignedGroups(actor) ? 3 : 2}::int8[]) with ordinality as p(id, ord)
     cross join w
     cross join lateral (select * from members where workspace_id = $1 and id = p.id) m
     ${figures(actor)}
     cross join lateral (select array_agg(tag order by tag) as tags from member_tags where workspace_id = $1 and member_id = m.id) tg
     order by p.ord`, isScopedToAssignedGroups(actor) ? [actor.workspaceId, actor.userId, ids] : [actor.workspaceId, ids]);
  return rows.map((r) => ({ ...r, lastActiveAt: r.lastActiveAt ? r.lastActiveAt.toISOString() : null }));
}

export interface MemberDetail {
  id: number; name: string; firstSeenAt: string; stage: Stage; tags: string[];
  /** When the person's data was erased (src/members/privacy.ts): the name is a placeholder then. */
  erasedAt: string | null;
  identities: Array<{ platform: string; platformUserId: string; displayName: string | null }>;
  groups: Array<{ id: number; name: string; active: boolean; joinedAt: string; leftAt: string | null; source: string | null }>;
  timeline: Array<{ at: string; type: 'join' | 'leave' | 'message' | 'tag'; groupName?: string; text?: string }>;
  activity: Array<{ day: string; messages: number }>;
}

/** One member's profile (access already checked). timeline: newest first, at most 100 entries. */
export async function getMemberDetail(db: Queryable, actor: Actor, id: number): Promise<MemberDetail | undefined> {
  const [row] = await memberRows(db, actor, [id]);
  if (!row) return undefined;
  const scoped = isScopedToAssignedGroups(actor);
  const p = scoped ? [actor.workspaceId, actor.userId, id] : [actor.workspaceId, id];
  const me = scoped ? '$3' : '$2';
  const [first, identities, groups, timeline, activity] = await Promise.all([
    db.query<{ at: Date; erasedAt: Date | null }>(`select first_seen_at as at, erased_at as "erasedAt" from members where workspace_id = $1 and id = ${me}`, p),
    db.query<MemberDetail['identities'][number]>(
      `select coalesce(a.platform, 'unknown') as platform, i.platform_user_id as "platformUserId", i.display_name as "displayName"
       from member_identities i left join platform_accounts a on a.workspace_id = i.workspace_id and a.id = i.account_id
       where i.workspace_id = $1 and i.member_id = ${me} order by i.account_id, i.platform_user_id`, p),
    db.query<{ id: number; name: string; active: boolean; joinedAt: Date; leftAt: Date | null; source: string | null }>(
      `select ms.group_id as id, g.name, ms.active, coalesce(ms.joined_at, ms.first_joined_at, ms.state_at) as "joinedAt", ms.left_at as "leftAt", ms.source
       from memberships ms join groups g on g.workspace_id = ms.workspace_id and g.id = ms.group_id
       where ms.workspace_id = $1 and ms.member_id = ${me} ${inScope(actor, 'ms')}
       order by ms.active desc, ms.joined_at desc nulls last, ms.group_id`, p),
    db.query<{ at: Date; type: 'join' | 'leave' | 'message' | 'tag'; groupName: string | null; text: string | null }>(
      `(select e.occurred_at as at, e.type, g.name as "groupName", case when e.type = 'message' then e.payload->>'text' end as text
        from events e left join groups g on g.workspace_id = e.workspace_id and g.id = e.group_id
        where e.workspace_id = $1 and e.member_id = ${me} and e.type in ('join', 'leave', 'message') ${inScope(actor, 'e')}
        order by e.occurred_at desc limit 100)
       union all
       (select created_at, 'tag', null, tag from member_tags where workspace_id = $1 and member_id = ${me} order by created_at desc limit 100)
       order by at desc limit 100`, p),
    db.query<{ day: string; messages: number }>(
      `with w as ${today},
       sent as (select (e.occurred_at at time zone w.tz)::date as day, count(*)::int as n from w cross join events e
         where e.workspace_id = $1 and e.member_id = ${me} and e.occurred_at >= w.since30 and e.type = 'message' ${inScope(actor, 'e')} group by 1)
       select x.day::text as day, coalesce(sent.n, 0) as messages
       from w cross join generate_series(0, 29) as s(i) cross join lateral (select w.today - 29 + s.i as day) x
       left join sent on sent.day = x.day order by x.day`, p),
  ]);
  return {
    id: row.id, name: row.name, firstSeenAt: first[0]!.at.toISOString(), stage: row.stage, tags: row.tags,
    erasedAt: first[0]!.erasedAt ? first[0]!.erasedAt.toISOString() : null, identities,
    groups: groups.map((g) => ({ ...g, joinedAt: g.joinedAt.toISOString(), leftAt: g.leftAt ? g.leftAt.toISOString() : null })),
    timeline: timeline.map((t) => ({
      at: t.at.toISOString(), type: t.type, ...(t.groupName ? { groupName: t.groupName } : {}), ...(t.text ? { text: t.text } : {}),
    })),
    activity,
  };
}
