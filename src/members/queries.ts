/**
 * Reading members for the operator: the list (search by name, filter by group, paginated on the
 * server, newest first) and one member with identities, groups and activity. Days are the
 * workspace's. The days a member was active come from member_group_daily, which records presence
 * only; a member's message counts come from that member's own events (events_member_time_idx,
 * one index range per member and period), never from a scan of the log. Per-member figures are
 * looked up by key (LATERAL … LIMIT), so their plans do not depend on fresh statistics.
 */
import type { Queryable } from '../db/database.ts';

export interface MemberSummary {
  id: number;
  displayName: string;
  firstSeenAt: string;
  /** Groups the member is in now. */
  groups: number;
  /** Messages in the last 30 days (today included), all groups. */
  messages30d: number;
  /** Last day the member posted, in the workspace's time zone. */
  lastActiveOn: string | null;
}

export interface MemberIdentity { accountId: number; platform: string; platformUserId: string; displayName: string; isBot: boolean }

export interface MemberGroup {
  groupId: number;
  name: string;
  active: boolean;
  firstJoinedAt: string | null;
  joinedAt: string | null;
  leftAt: string | null;
  source: string | null;
  inviterMemberId: number | null;
  staffId: string | null;
  leaveReason: string | null;
  messages30d: number;
}

export interface MemberDetail extends MemberSummary {
  identities: MemberIdentity[];
  memberships: MemberGroup[];
  /** Messages per day over the last 30 days, oldest first, quiet days included. */
  daily: Array<{ day: string; messages: number }>;
}

export interface MemberPageInput {
  limit: number;
  /** Part of the display name, any case. */
  q?: string | undefined;
  /** Only members in this group now. */
  groupId?: number | undefined;
  /** Keyset: members with a smaller id than this. */
  beforeId?: number | undefined;
  offset?: number | undefined;
}

export interface MemberPage { items: MemberSummary[]; total: number; next: number | null }

/** Today in the workspace's zone, and the instant its 30-day window (today and the 29 days before) starts. */
const today = `(select timezone as tz, (now() at time zone timezone)::date as today,
  (((now() at time zone timezone)::date - 29)::timestamp at time zone timezone) as since30
  from workspaces where id = $1)`;

/** Escapes LIKE's wildcards so that the search text matches literally. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function listMembers(db: Queryable, workspaceId: number, input: MemberPageInput): Promise<MemberPage> {
  const params: unknown[] = [workspaceId];
  const where = ['m.workspace_id = $1'];
  if (input.q) {
    params.push(likePattern(input.q));
    where.push(`m.display_name ilike $${params.length}`);
  }
  if (input.groupId !== undefined) {
    params.push(input.groupId);
    where.push(`exists (select 1 from memberships ms
      where ms.workspace_id = $1 and ms.group_id = $${params.length} and ms.member_id = m.id and ms.active)`);
  }
  const filter = where.join(' and ');
  const totalParams = [...params];
  if (input.beforeId !== undefined) {
    params.push(input.beforeId);
    where.push(`m.id < $${params.length}`);
  }
  params.push(input.limit + 1, input.offset ?? 0);
  const rows = await db.query<{ id: number }>(
    `select m.id from members m where ${where.join(' and ')}
     order by m.id desc limit $${params.length - 1} offset $${params.length}`, params);
  const more = rows.length > input.limit;
  const ids = (more ? rows.slice(0, input.limit) : rows).map((r) => r.id);
  const [items, total] = await Promise.all([
    memberSummaries(db, workspaceId, ids),
    db.query<{ n: number }>(`select count(*)::int as n from members m where ${filter}`, totalParams),
  ]);
  return { items, total: total[0]?.n ?? 0, next: more ? ids.at(-1)! : null };
}

const summaryColumns = `m.id, m.display_name as "displayName", m.first_seen_at as "firstSeenAt", s.groups,
  a.messages30d, l.day as "lastActiveOn"`;

const summaryFigures = `
  cross join lateral (select count(*)::int as groups from memberships ms
    where ms.workspace_id = $1 and ms.member_id = m.id and ms.active) s
  cross join lateral (select count(*)::int as messages30d from events
    where workspace_id = $1 and member_id = m.id and occurred_at >= w.since30 and type = 'message') a
  left join lateral (select day from member_group_daily
    where workspace_id = $1 and member_id = m.id order by day desc limit 1) l on true`;

type SummaryRow = Omit<MemberSummary, 'firstSeenAt'> & { firstSeenAt: Date };
const toSummary = (r: SummaryRow): MemberSummary => ({ ...r, firstSeenAt: r.firstSeenAt.toISOString() });
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The figures of the given members, in the order given. */
export async function memberSummaries(db: Queryable, workspaceId: number, ids: number[]): Promise<MemberSummary[]> {
  if (ids.length === 0) return [];
  const rows = await db.query<SummaryRow>(
    `with w as ${today}
     select ${summaryColumns}
     from unnest($2::int8[]) with ordinality as p(id, ord)
     cross join w
     cross join lateral (select * from members where workspace_id = $1 and id = p.id) m
     ${summaryFigures}
     order by p.ord`, [workspaceId, ids]);
  return rows.map(toSummary);
}

export async function getMember(db: Queryable, workspaceId: number, id: number): Promise<MemberDetail | undefined> {
  const rows = await db.query<SummaryRow>(
    `with w as ${today}
     select ${summaryColumns}
     from w cross join lateral (select * from members where workspace_id = $1 and id = $2) m
     ${summaryFigures}`, [workspaceId, id]);
  const row = rows[0];
  if (!row) return undefined;
  type GroupRow = Omit<MemberGroup, 'firstJoinedAt' | 'joinedAt' | 'leftAt'> & { firstJoinedAt: Date | null; joinedAt: Date | null; leftAt: Date | null };
  const [identities, groups, daily] = await Promise.all([
    db.query<MemberIdentity>(
      `select i.account_id as "accountId", coalesce(a.platform, '') as platform, i.platform_user_id as "platformUserId",
              i.display_name as "displayName", i.is_bot as "isBot"
       from member_identities i
       left join lateral (select platform from platform_accounts where workspace_id = $1 and id = i.account_id) a on true
       where i.workspace_id = $1 and i.member_id = $2
       order by i.account_id, i.platform_user_id`, [workspaceId, id]),
    db.query<GroupRow>(
      `with w as ${today}
       select ms.group_id as "groupId", g.name, ms.active, ms.first_joined_at as "firstJoinedAt", ms.joined_at as "joinedAt",
              ms.left_at as "leftAt", ms.source, ms.inviter_member_id as "inviterMemberId", ms.staff_id as "staffId",
              ms.leave_reason as "leaveReason", c.n as "messages30d"
       from w cross join memberships ms
       cross join lateral (select name from groups where workspace_id = $1 and id = ms.group_id) g
       cross join lateral (select count(*)::int as n from events
         where workspace_id = $1 and member_id = $2 and occurred_at >= w.since30 and group_id = ms.group_id and type = 'message') c
       where ms.workspace_id = $1 and ms.member_id = $2
       order by ms.active desc, ms.joined_at desc nulls last, ms.group_id`, [workspaceId, id]),
    db.query<{ day: string; messages: number }>(
      `with w as ${today},
       sent as (select (e.occurred_at at time zone w.tz)::date as day, count(*)::int as n
         from w cross join events e
         where e.workspace_id = $1 and e.member_id = $2 and e.occurred_at >= w.since30 and e.type = 'message'
         group by 1)
       select x.day, coalesce(sent.n, 0) as messages
       from w cross join generate_series(0, 29) as s(i)
       cross join lateral (select w.today - 29 + s.i as day) x
       left join sent on sent.day = x.day
       order by x.day`, [workspaceId, id]),
  ]);
  return {
    ...toSummary(row),
    identities,
    memberships: groups.map((g) => ({ ...g, firstJoinedAt: iso(g.firstJoinedAt), joinedAt: iso(g.joinedAt), leftAt: iso(g.leftAt) })),
    daily,
  };
}
