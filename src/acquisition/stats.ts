/**
 * Figures of live codes for the console: per code, newcomers routed and joins attributed (for staff
 * codes: customers who added the staff member) by source and by staff member, groups opened; and the monthly staff statement (statements.ts) from the
 * month's attributions (join time in the workspace zone) and whether each member is still there.
 */
import type { Queryable } from '../db/database.ts';
import { statement, type AttributedJoin, type StatementLine } from './statements.ts';

export interface CodeFigures {
  routed: number;
  joined: number;
  pending: number;
  bySource: Array<{ source: string; routed: number; joined: number }>;
  byStaff: Array<{ staffUserId: number | null; name: string; routed: number; joined: number }>;
  groupsOpened: number;
  openTasks: Array<{ id: number; kind: string; text: string; createdAt: Date }>;
}

export async function codeFigures(db: Queryable, workspaceId: number, codeId: number): Promise<CodeFigures> {
  const [sources, staff, totals, opened, tasks] = await Promise.all([
    db.query<{ source: string; routed: number; joined: number }>(
      `select source, sum(routed)::int as routed, sum(joined)::int as joined from (
         select source, count(*) as routed, 0 as joined from code_reservations where workspace_id = $1 and code_id = $2 group by source
         union all
         select source, 0, count(*) from code_attributions where workspace_id = $1 and code_id = $2 group by source
         union all
         select source, 0, count(*) from code_contact_arrivals where workspace_id = $1 and code_id = $2 group by source) x
       group by source order by joined desc, routed desc, source`, [workspaceId, codeId]),
    // Per staff member: newcomers routed to them (staff codes), joins credited to them (group codes:
    // the code's staff member) and customers who added them (staff codes, add_external_contact).
    db.query<{ staffUserId: number | null; name: string; routed: number; joined: number }>(
      `select x.staff_user_id as "staffUserId", coalesce(u.name, '') as name, sum(x.routed)::int as routed, sum(x.joined)::int as joined from (
         select staff_user_id, count(*) as routed, 0 as joined from code_reservations where workspace_id = $1 and code_id = $2 and staff_user_id is not null group by 1
         union all
         select staff_user_id, 0, count(*) from code_attributions where workspace_id = $1 and code_id = $2 group by 1
         union all
         select staff_user_id, 0, count(*) from code_contact_arrivals where workspace_id = $1 and code_id = $2 group by 1) x
       left join users u on u.id = x.staff_user_id
       group by 1, 2 order by joined desc, routed desc, name`, [workspaceId, codeId]),
    db.query<{ routed: number; joined: number; pending: number }>(
      `select count(*)::int as routed, count(*) filter (where state = 'joined')::int as joined, count(*) filter (where state = 'pending')::int as pending
       from code_reservations where workspace_id = $1 and code_id = $2`, [workspaceId, codeId]),
    db.query<{ n: number }>('select count(*)::int as n from live_code_groups where workspace_id = $1 and code_id = $2 and opened', [workspaceId, codeId]),
    db.query<{ id: number; kind: string; text: string; createdAt: Date }>(
      `select id, kind, text, created_at as "createdAt" from code_tasks where workspace_id = $1 and code_id = $2 and status = 'open' order by id`, [workspaceId, codeId]),
  ]);
  const joinedTotal = await db.query<{ n: number }>(
    `select ((select count(*) from code_attributions where workspace_id = $1 and code_id = $2)
          + (select count(*) from code_contact_arrivals where workspace_id = $1 and code_id = $2))::int as n`, [workspaceId, codeId]);
  return { routed: totals[0]?.routed ?? 0, joined: joinedTotal[0]?.n ?? 0, pending: totals[0]?.pending ?? 0, bySource: sources, byStaff: staff, groupsOpened: opened[0]?.n ?? 0, openTasks: tasks };
}

/** The month's (YYYY-MM, workspace zone) statement per staff member. */
export async function monthlyStatement(db: Queryable, workspaceId: number, month: string, zone: string, now = new Date()): Promise<StatementLine[]> {
  const rows = await db.query<AttributedJoin>(
    `select a.staff_user_id as "staffUserId", coalesce(u.name, '') as "staffName", a.code_id as "codeId", c.name as "codeName", a.source,
            a.joined_at as "joinedAt", case when m.active then null else coalesce(m.left_at, a.joined_at) end as "leftAt",
            c.retention_days as "retentionDays", c.credit_per_join as "creditPerJoin"
     from code_attributions a
     join live_codes c on c.workspace_id = a.workspace_id and c.id = a.code_id
     left join users u on u.id = a.staff_user_id
     left join memberships m on m.workspace_id = a.workspace_id and m.group_id = a.group_id and m.member_id = a.member_id
     where a.workspace_id = $1 and to_char(a.joined_at at time zone $3, 'YYYY-MM') = $2`, [workspaceId, month, zone]);
  return statement(rows, now);
}
