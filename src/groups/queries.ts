/**
 * Reading groups and their figures for the operator: the list (sorted, paginated on the server)
 * and one group with its daily series. Every figure comes from the rollups that ingest keeps
 * (group_daily, member_group_daily, group_join_sources) and from memberships, never from the
 * event log. Days are the workspace's: "today" is the current date in its time zone, and "the
 * last 7 days" are today and the 6 days before it.
 *
 * Figures are looked up per group by key (LATERAL over the page's ids), so the plans stay the
 * same however stale the planner's statistics are (PGlite has no autovacuum).
 */
import type { Queryable } from '../db/database.ts';

export const groupSorts = ['name', 'size', 'messages_7d', 'created_at'] as const;
export type GroupSort = (typeof groupSorts)[number];
export type SortOrder = 'asc' | 'desc';

export interface GroupSummary {
  id: number;
  platformGroupId: string;
  name: string;
  capacity: number;
  /** Members in the group now (active memberships). */
  size: number;
  purpose: string;
  layer: string;
  status: string;
  createdAt: string;
  /** Messages per day, averaged over the last 7 days. */
  messagesPerDay: number;
  messagesToday: number;
  activeMembersToday: number;
  /** Distinct members who posted in the last 7 days. */
  activeMembers7d: number;
  joins7d: number;
  leaves7d: number;
}

export interface GroupDay { day: string; messages: number; joins: number; leaves: number; activeMembers: number }

export interface GroupDetail extends GroupSummary {
  accountId: number;
  /** Today in the workspace's time zone. */
  today: string;
  /** The last 30 days, oldest first, days without activity included. */
  daily: GroupDay[];
  /** Joins of the last 30 days by source, most first. */
  joinsBySource: Array<{ source: string; joins: number }>;
}

/** Where a page starts: after this sort key and id (keyset), or at an offset. */
export interface GroupPageInput {
  limit: number;
  sort: GroupSort;
  order: SortOrder;
  after?: { key: string; id: number } | undefined;
  offset?: number | undefined;
}

export interface GroupPage {
  items: GroupSummary[];
  total: number;
  /** Key of the last item when more may follow. */
  next: { key: string; id: number } | null;
}

const today = `(select (now() at time zone timezone)::date as today from workspaces where id = $1)`;

/** The sort key of group g per sort, and the type its cursor value is read back as. */
const sortKeys: Record<GroupSort, { expr: string; type: string }> = {
  name: { expr: 'g.name', type: 'text' },
  created_at: { expr: 'g.created_at', type: 'timestamptz' },
  size: {
    expr: `(select count(*) from memberships m where m.workspace_id = g.workspace_id and m.group_id = g.id and m.active)`,
    type: 'int8',
  },
  messages_7d: {
    expr: `(select coalesce(sum(d.messages), 0) from group_daily d
            where d.workspace_id = g.workspace_id and d.group_id = g.id and d.day between w.today - 6 and w.today)`,
    type: 'int8',
  },
};

export async function listGroups(db: Queryable, workspaceId: number, input: GroupPageInput): Promise<GroupPage> {
  const { expr, type } = sortKeys[input.sort];
  const dir = input.order === 'desc' ? 'desc' : 'asc';
  const params: unknown[] = [workspaceId, input.limit + 1, input.offset ?? 0];
  let after = '';
  if (input.after) {
    params.push(input.after.key, input.after.id);
    after = `where (k.key, k.id) ${dir === 'asc' ? '>' : '<'} ($4::${type}, $5::int8)`;
  }
  const keys = await db.query<{ id: number; key: string }>(
    `with w as ${today},
     k as (select g.id, ${expr} as key from groups g cross join w where g.workspace_id = $1)
     select k.id, k.key::text as key from k ${after}
     order by k.key ${dir}, k.id ${dir} limit $2 offset $3`, params);
  const more = keys.length > input.limit;
  const page = more ? keys.slice(0, input.limit) : keys;
  const [items, total] = await Promise.all([
    groupSummaries(db, workspaceId, page.map((k) => k.id)),
    db.query<{ n: number }>('select count(*)::int as n from groups where workspace_id = $1', [workspaceId]),
  ]);
  const last = page.at(-1);
  return { items, total: total[0]?.n ?? 0, next: more && last ? { key: last.key, id: last.id } : null };
}

const summaryColumns = `g.id, g.platform_group_id as "platformGroupId", g.name, g.capacity, s.size, g.purpose, g.layer,
  g.status, g.created_at as "createdAt", d.messages7d, d.messages_today as "messagesToday",
  a.active_today as "activeMembersToday", a.active7d as "activeMembers7d", d.joins7d, d.leaves7d`;

const summaryFigures = `
  cross join lateral (select count(*)::int as size from memberships m
    where m.workspace_id = $1 and m.group_id = g.id and m.active) s
  cross join lateral (select coalesce(sum(messages), 0)::int as messages7d,
      coalesce(sum(messages) filter (where day = w.today), 0)::int as messages_today,
      coalesce(sum(joins), 0)::int as joins7d, coalesce(sum(leaves), 0)::int as leaves7d
    from group_daily where workspace_id = $1 and group_id = g.id and day between w.today - 6 and w.today) d
  cross join lateral (select count(distinct member_id) filter (where day = w.today)::int as active_today,
      count(distinct member_id)::int as active7d
    from member_group_daily where workspace_id = $1 and group_id = g.id and day between w.today - 6 and w.today) a`;

type SummaryRow = Omit<GroupSummary, 'createdAt' | 'messagesPerDay'> & { createdAt: Date; messages7d: number };

function toSummary(row: SummaryRow): GroupSummary {
  const { messages7d, createdAt, ...rest } = row;
  return { ...rest, createdAt: createdAt.toISOString(), messagesPerDay: Math.round((messages7d / 7) * 100) / 100 };
}

/** The figures of the given groups, in the order given. */
export async function groupSummaries(db: Queryable, workspaceId: number, ids: number[]): Promise<GroupSummary[]> {
  if (ids.length === 0) return [];
  const rows = await db.query<SummaryRow & { ord: number }>(
    `with w as ${today}
     select ${summaryColumns}
     from unnest($2::int8[]) with ordinality as p(id, ord)
     cross join w
     cross join lateral (select * from groups where workspace_id = $1 and id = p.id) g
     ${summaryFigures}
     order by p.ord`, [workspaceId, ids]);
  return rows.map(toSummary);
}

export async function getGroup(db: Queryable, workspaceId: number, id: number): Promise<GroupDetail | undefined> {
  const rows = await db.query<SummaryRow & { accountId: number; today: string }>(
    `with w as ${today}
     select ${summaryColumns}, g.account_id as "accountId", w.today
     from w cross join lateral (select * from groups where workspace_id = $1 and id = $2) g
     ${summaryFigures}`, [workspaceId, id]);
  const row = rows[0];
  if (!row) return undefined;
  const [daily, joinsBySource] = await Promise.all([
    db.query<GroupDay>(
      `with w as ${today}
       select x.day, coalesce(d.messages, 0)::int as messages, coalesce(d.joins, 0)::int as joins,
              coalesce(d.leaves, 0)::int as leaves, a.n as "activeMembers"
       from w cross join generate_series(0, 29) as s(i)
       cross join lateral (select w.today - 29 + s.i as day) x
       left join group_daily d on d.workspace_id = $1 and d.group_id = $2 and d.day = x.day
       cross join lateral (select count(*)::int as n from member_group_daily m
         where m.workspace_id = $1 and m.group_id = $2 and m.day = x.day) a
       order by x.day`, [workspaceId, id]),
    db.query<{ source: string; joins: number }>(
      `with w as ${today}
       select j.source, sum(j.joins)::int as joins
       from w join group_join_sources j on j.workspace_id = $1 and j.group_id = $2 and j.day between w.today - 29 and w.today
       group by j.source order by 2 desc, 1`, [workspaceId, id]),
  ]);
  const { accountId, today: day, ...summary } = row;
  return { ...toSummary(summary), accountId, today: day, daily, joinsBySource };
}
