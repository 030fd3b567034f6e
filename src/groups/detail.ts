/**
 * One group for its page: the list's fields, a daily series over a range, joins by source, the
 * most active members and the latest messages; and the group's members. Callers check access
 * first (assertGroupAccess). Figures come from the rollups and memberships; two reads touch the
 * event log, each a bounded index range of this group (events_group_time_idx): the latest 50
 * messages (the `messages` view) and the messages of the range per member, for the 10 top members.
 */
import { bucketIndex, bucketsOf, chooseGrain, type Grain } from '../analytics/grain.ts';
import type { Queryable } from '../db/database.ts';
import type { HealthSettings, StageSettings } from '../workspaces/settings.ts';
import { groupItems, type GroupItem } from './queries.ts';
import { groupSizes } from './size-history.ts';

/** Every day from `from` to `to` (YYYY-MM-DD, inclusive). */
function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); t <= end; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

export interface GroupDetail extends GroupItem {
  range: { from: string; to: string };
  /** The grain of the series: asked for, or chosen by the range (src/analytics/grain.ts). */
  grain: Grain;
  /** The group's first day with activity (group_daily), or null: where "all history" starts. */
  firstDay: string | null;
  /**
   * One point per day, week or month: `day` is its first day in the range, `end` its last; size is at
   * `end`; `partial`: the point holds today, which is not over yet.
   */
  series: Array<{ day: string; end: string; size: number; messages: number; joins: number; leaves: number; activeMembers: number; partial: boolean }>;
  joinsBySource: Array<{ source: string; joins: number }>;
  topMembers: Array<{ id: number; name: string; messages: number }>;
  recentMessages: Array<{ id: number; member: { id: number; name: string }; sentAt: string; kind: string; text: string | null; replyTo: number | null }>;
}

/** A stable number for a platform message id (the console keys and links messages by number). */
const messageNumber = (account: string, mid: string) => `('x' || substr(md5(${account}::text || ':' || ${mid}), 1, 12))::bit(48)::int8`;

/** The group's first day with activity (its oldest group_daily row, by key), or null. */
export async function groupFirstDay(db: Queryable, workspaceId: number, id: number): Promise<string | null> {
  const [r] = await db.query<{ d: string }>(
    'select day::text as d from group_daily where workspace_id = $1 and group_id = $2 order by day limit 1', [workspaceId, id]);
  return r?.d ?? null;
}

type DayPoint = GroupDetail['series'][number];

export async function getGroupDetail(db: Queryable, workspaceId: number, health: HealthSettings, id: number, range: { from: string; to: string }, grainAsked?: Grain, stage?: StageSettings): Promise<GroupDetail | undefined> {
  const [item] = await groupItems(db, workspaceId, health, [id], stage);
  if (!item) return undefined;
  const grain = grainAsked ?? chooseGrain(range.from, range.to);
  const p = [workspaceId, id, range.from, range.to];
  const [daily, joinsBySource, top, recent, firstDay] = await Promise.all([
    // Sizes come after, from the memberships (src/groups/size-history.ts), at each point's end.
    db.query<DayPoint>(
      `with w as (select (now() at time zone timezone)::date as today from workspaces where id = $1),
       days as (select d::date as day from generate_series($3::date, $4::date, interval '1 day') as s(d))
       select x.day::text as day, x.day::text as "end", 0 as size, x.day = w.today as partial,
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
    groupFirstDay(db, workspaceId, id),
  ]);
  // Size at the end of each point: the memberships begun and not ended by then.
  const ends = grain === 'day' ? daysOf(range.from, range.to) : bucketsOf(range.from, range.to, grain).map((b) => b.end);
  const sizes = await groupSizes(db, workspaceId, id, ends);
  const withSizes = daily.map((d) => ({ ...d, size: sizes.get(d.day) ?? 0 }));
  return {
    ...item,
    range,
    grain,
    firstDay,
    series: grain === 'day' ? withSizes : await bucketSeries(db, workspaceId, id, range, grain, withSizes),
    joinsBySource,
    topMembers: top,
    recentMessages: recent.map((r) => ({
      id: r.id, member: { id: r.memberId, name: r.memberName }, sentAt: r.sentAt.toISOString(), kind: r.kind, text: r.text, replyTo: r.replyTo,
    })),
  };
}

/**
 * The daily points gathered into weeks or months: messages, joins and leaves summed, the size of
 * the bucket's last day, and its active members the union of its days' writers (group_daily).
 */
async function bucketSeries(db: Queryable, workspaceId: number, id: number, range: { from: string; to: string }, grain: Exclude<Grain, 'day'>, daily: DayPoint[]): Promise<DayPoint[]> {
  const buckets = bucketsOf(range.from, range.to, grain);
  const at = bucketIndex(buckets);
  const out = buckets.map((b) => ({ day: b.start, end: b.end, size: 0, messages: 0, joins: 0, leaves: 0, activeMembers: 0, partial: false }));
  for (const d of daily) {
    const b = out[at(d.day)]!;
    b.messages += d.messages; b.joins += d.joins; b.leaves += d.leaves;
    if (d.day === b.end) b.size = d.size;
    if (d.partial) b.partial = true;
  }
  const actives = await db.query<{ i: number; n: number }>(
    `select (b.i - 1)::int as i, (select count(distinct x) from group_daily a cross join lateral unnest(a.active_member_ids) x
       where a.workspace_id = $1 and a.group_id = $2 and a.day between b.s and b.e)::int as n
     from unnest($3::date[], $4::date[]) with ordinality as b(s, e, i)`,
    [workspaceId, id, buckets.map((b) => b.start), buckets.map((b) => b.end)]);
  for (const r of actives) out[r.i]!.activeMembers = r.n;
  return out;
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
