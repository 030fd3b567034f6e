/**
 * Reads the figures of the operator KPIs (src/review/kpi.ts) for the groups the actor sees: joins
 * and W1 retention from memberships and group_member_daily, the response to posts from the
 * engagement report (src/review/store.ts), buyers and revenue from the attributed orders
 * (src/orders/store.ts), pushes by state, activities run, and each operator's calendar entries
 * due and done. An operator sees their own groups and their own row; everyone else the workspace.
 */
import type { Queryable } from '../db/database.ts';
import { groupScopeSql, isScopedToAssignedGroups, type Actor } from '../auth/access.ts';
import { conversionByGroup } from '../orders/store.ts';
import { engagementReport, type Range } from './store.ts';
import { groupKpi, operatorKpis, type GroupFigures, type GroupKpi, type OperatorKpi } from './kpi.ts';

export interface KpiReport {
  range: Range; today: string;
  groups: Array<GroupKpi & { operatorName: string | null }>;
  operators: OperatorKpi[];
}

export async function kpiReport(db: Queryable, actor: Actor, range: Range): Promise<KpiReport> {
  const ws = actor.workspaceId;
  const params: unknown[] = [];
  const scope = groupScopeSql(actor, 'g', params);
  const groups = await db.query<{ id: number; name: string; op: number | null; opName: string | null; members: number }>(
    `select g.id, g.name, g.owner_staff_id as op, u.name as "opName", g.member_count as members
     from groups g left join users u on u.id = g.owner_staff_id
       and exists (select 1 from workspace_staff s where s.workspace_id = g.workspace_id and s.user_id = g.owner_staff_id)
     where ${scope} and g.status = 'active' order by g.id`, params);
  const ids = groups.map((g) => Number(g.id));
  const [w] = await db.query<{ zone: string; today: string }>(`select timezone as zone, (now() at time zone timezone)::date::text as today from workspaces where id = $1`, [ws]);
  const { zone, today } = w!;
  const p = [ws, ids, range.from, range.to, zone, today];
  // Newcomers of the range, and (joined 14+ days before today) whether they wrote in their days 7–13.
  const joins = ids.length === 0 ? [] : await db.query<{ g: number; newcomers: number; eligible: number; retained: number }>(
    `with j as (
       select group_id as g, member_id as mem, (first_joined_at at time zone $5)::date as joined from memberships
       where workspace_id = $1 and group_id = any($2::int8[]) and (first_joined_at at time zone $5)::date between $3::date and $4::date)
     select j.g, count(*)::int as newcomers, count(*) filter (where j.joined <= $6::date - 14)::int as eligible,
            count(*) filter (where j.joined <= $6::date - 14 and exists (select 1 from group_member_daily d where d.workspace_id = $1 and d.group_id = j.g
              and d.member_id = j.mem and d.day between j.joined + 7 and j.joined + 13))::int as retained
     from j group by j.g`, p);
  const pushes = ids.length === 0 ? [] : await db.query<{ g: number; n: number; sent: number }>(
    `select group_id as g, count(*)::int as n, count(*) filter (where state = 'sent')::int as sent from pushes
     where workspace_id = $1 and group_id = any($2::int8[]) and (created_at at time zone $5)::date between $3::date and $4::date group by 1`, p.slice(0, 5));
  const activities = ids.length === 0 ? [] : await db.query<{ g: number; n: number }>(
    `select group_id as g, count(*)::int as n from activities
     where workspace_id = $1 and group_id = any($2::int8[]) and (created_at at time zone $5)::date between $3::date and $4::date group by 1`, p.slice(0, 5));
  const engagement = ids.length === 0 ? null : await engagementReport(db, actor, range, 120, undefined, false);
  const posts = new Map<number, { n: number; answered: number }>();
  for (const x of engagement?.posts ?? []) {
    const e = posts.get(x.groupId) ?? { n: 0, answered: 0 };
    e.n++; if (x.responders > 0) e.answered++;
    posts.set(x.groupId, e);
  }
  const sales = await conversionByGroup(db, actor, range);
  const by = <T extends { g: number }>(rows: T[]) => new Map(rows.map((r) => [Number(r.g), r]));
  const joinOf = by(joins), pushOf = by(pushes), actOf = by(activities);
  const figures: Array<GroupFigures & { operatorName: string | null }> = groups.map((g) => {
    const id = Number(g.id);
    const j = joinOf.get(id), ps = pushOf.get(id), s = sales.get(id), e = posts.get(id);
    return {
      groupId: id, name: g.name, operatorId: g.op === null || g.opName === null ? null : Number(g.op), operatorName: g.op === null ? null : g.opName,
      members: g.members, newcomers: j?.newcomers ?? 0, w1Eligible: j?.eligible ?? 0, w1Retained: j?.retained ?? 0,
      posts: e?.n ?? 0, answered: e?.answered ?? 0, buyers: s?.buyers ?? 0, orders: s?.orders ?? 0, revenueCents: s?.revenueCents ?? 0,
      pushes: ps?.n ?? 0, pushesSent: ps?.sent ?? 0, activities: actOf.get(id)?.n ?? 0,
    };
  });
  // Operators: staff with groups assigned (an operator: only themselves), and their calendar entries due in the range.
  const staff = await db.query<{ userId: number; name: string; due: number; done: number }>(
    `select u.id as "userId", u.name,
            (select count(*) from calendar_entries c where c.workspace_id = $1 and c.assignee_user_id = u.id and c.status <> 'cancelled'
               and c.day between $2::date and $3::date and c.run_at <= now())::int as due,
            (select count(*) from calendar_entries c where c.workspace_id = $1 and c.assignee_user_id = u.id and c.status = 'done'
               and c.day between $2::date and $3::date and c.run_at <= now())::int as done
     from workspace_staff s join users u on u.id = s.user_id
     where s.workspace_id = $1 ${isScopedToAssignedGroups(actor) ? 'and u.id = $4' : ''}`,
    isScopedToAssignedGroups(actor) ? [ws, range.from, range.to, actor.userId] : [ws, range.from, range.to]);
  const operators = operatorKpis(figures, staff.map((s) => ({ userId: Number(s.userId), name: s.name, calendarDue: s.due, calendarDone: s.done })));
  return {
    range, today,
    groups: figures.map((f) => ({ ...groupKpi(f), operatorName: f.operatorName })),
    operators,
  };
}
