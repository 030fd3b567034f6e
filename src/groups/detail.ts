/**
 * One group for its page: the list's fields, a daily series over a range, joins by source, the
 * most active members and the latest messages; and the group's members. Callers check access
 * first (assertGroupAccess). Figures come from the rollups and memberships; two reads touch the
 * event log, each a bounded index range of this group (events_group_time_idx): the latest 50
 * messages (the `messages` view) and the messages of the range per member, for the 10 top members.
 */
import type { Queryable } from '../db/database.ts';
import type { HealthSettings } from '../workspaces/settings.ts';
import { groupItems, type GroupItem } from './queries.ts';
import { groupSizes } from './size-history.ts';

/** Every day from `from` to `to` (YYYY-MM-DD, inclusive). */
function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); t <= end; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

export interface GroupDetail extends GroupItem {
  /** `partial`: today, a day not over yet. */
  series: Array<{ day: string; size: number; messages: number; joins: number; leaves: number; activeMembers: number; partial: boolean }>;
  joinsBySource: Array<{ source: string; joins: number }>;
  topMembers: Array<{ id: number; name: string; messages: number }>;
  recentMessages: Array<{ id: number; member: { id: number; name: string }; sentAt: string; kind: string; text: string | null; replyTo: number | null }>;
}

/** A stable number for a platform message id (the console keys and links messages by number). */
const messageNumber = (account: string, mid: string) => `('x' || substr(md5(${account}::text || ':' || ${mid}), 1, 12))::bit(48)::int8`;

export async function getGroupDetail(db: Queryable, workspaceId: number, health: HealthSettings, id: number, range: { from: string; to: string }): Promise<GroupDetail | undefined> {
  const [item] = await groupItems(db, workspaceId, health, [id]);
  if (!item) return undefined;
  const p = [workspaceId, id, range.from, range.to];
  const [series, joinsBySource, top, recent, sizes] = await Promise.all([
    db.query<GroupDetail['series'][number]>(
      `with w as (select (now() at time zone timezone)::date as today from workspaces where id = $1),
       days as (select d::date as day from generate_series($3::date, $4::date, interval '1 day') as s(d))
       select x.day::text as day, 0 as size, x.day = w.today as partial,
              coalesce(d.messages, 0)::int as messages, coalesce(d.joins, 0)::int as joins, coalesce(d.leaves, 0)::int as leaves,
              coalesce(cardinality(d.active_member_ids), 0)::int as "activeMembers"
       from days x cross join w
       left join group_daily d on d.workspace_id = $1 and d.group_id = $2 and d.day = x.day
       order by x.day`, p),
    db.query<{ source: string; joins: number }>(
      `select source, sum(joins)::int as joins from group_join_sources
       where workspace_id = $1 and group_id = $2 and day between $3::date and $4::date
       group by source order by 2 desc, 1`, p),
    // The most active: by messages in the range, counted from the group's events of the range
    // (events_group_time_idx); ties by member id.
    db.query<{ id: number; name: string; messages: number }>(
      `with w as (select timezone as tz from workspaces where id = $1),
       top as (select e.member_id, count(*)::int as n from events e, w
               where e.workspace_id = $1 and e.group_id = $2 and e.type = 'message' and e.member_id is not null
                 and e.occurred_at >= ($3::date::timestamp at time zone w.tz) and e.occurred_at < (($4::date + 1)::timestamp at time zone w.tz)
               group by e.member_id order by n desc, e.member_id limit 10)
       select m.id, m.display_name as name, top.n as messages
       from top join members m on m.workspace_id = $1 and m.id = top.member_id
       order by top.n desc, m.id`, p),
    db.query<{ id: number; memberId: number; memberName: string; sentAt: Date; kind: string; text: string | null; replyTo: number | null }>(
      `select ${messageNumber('x.account_id', 'x.platform_message_id')} as id, x.member_id as "memberId",
              coalesce(m.display_name, '') as "memberName", x.sent_at as "sentAt", x.kind,
              case when x.deleted_at is null then x.text end as text,
              case when x.reply_to is null then null else ${messageNumber('x.account_id', 'x.reply_to')} end as "replyTo"
       from (select * from messages where workspace_id = $1 and group_id = $2 order by sent_at desc limit 50) x
       left join members m on m.workspace_id = $1 and m.id = x.member_id
       order by x.sent_at desc`, [workspaceId, id]),
    // Size on a day: the memberships that had begun and not ended by its end (src/groups/size-history.ts).
    groupSizes(db, workspaceId, id, daysOf(range.from, range.to)),
  ]);
  return {
    ...item,
    series: series.map((d) => ({ ...d, size: sizes.get(d.day) ?? 0 })),
    joinsBySource,
    topMembers: top,
    recentMessages: recent.map((r) => ({
      id: r.id, member: { id: r.memberId, name: r.memberName }, sentAt: r.sentAt.toISOString(), kind: r.kind, text: r.text, replyTo: r.replyTo,
    })),
  };
}

export interface GroupMemberRow { id: number; name: string; joinedAt: string; source: string | null; active: boolean; messages30d: number }

/**
 * The members of a group, in it now first, latest joiners first. messages30d counts each listed
 * member's messages in this group over the last 30 days (one index range per member).
 */
export async function listGroupMembers(db: Queryable, workspaceId: number, groupId: number, page: { limit: number; offset: number }): Promise<{ items: GroupMemberRow[]; total: number }> {
  const [rows, total] = await Promise.all([
    db.query<Omit<GroupMemberRow, 'joinedAt'> & { joinedAt: Date }>(
      `with w as (select ((now() at time zone timezone)::date - 29)::timestamp at time zone timezone as since30 from workspaces where id = $1)
       select ms.member_id as id, m.display_name as name, coalesce(ms.joined_at, ms.first_joined_at, ms.state_at) as "joinedAt", ms.source, ms.active, c.n as "messages30d"
       from (select * from memberships where workspace_id = $1 and group_id = $2
             order by active desc, coalesce(joined_at, first_joined_at) desc nulls last, member_id limit $3 offset $4) ms
       cross join w
       join members m on m.workspace_id = $1 and m.id = ms.member_id
       cross join lateral (select count(*)::int as n from events e where e.workspace_id = $1 and e.member_id = ms.member_id
         and e.occurred_at >= w.since30 and e.group_id = $2 and e.type = 'message') c
       order by ms.active desc, coalesce(ms.joined_at, ms.first_joined_at) desc nulls last, ms.member_id`, [workspaceId, groupId, page.limit, page.offset]),
    db.query<{ n: number }>('select count(*)::int as n from memberships where workspace_id = $1 and group_id = $2', [workspaceId, groupId]),
  ]);
  return { items: rows.map((r) => ({ ...r, joinedAt: r.joinedAt.toISOString() })), total: total[0]?.n ?? 0 };
}
