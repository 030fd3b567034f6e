/**
 * Routing a newcomer who opened a live code's page: a seat in a group of the pool (group codes) or
 * a slot of a staff member's day (staff codes), taken in one statement each so that any number of
 * processes routing at once never put a group over its cap or a staff member over their daily cap.
 *
 * Group codes route in batches (seat-batches.ts): the newcomers of a code arriving together are
 * seated in ONE statement that locks the pool rows it raises, grants seats up to each group's
 * limit as the row is after any concurrent update, and inserts their reservations; each newcomer is
 * answered once that statement is done. Call these with the database, not inside a transaction:
 * rows locked there stay locked until the end of the transaction.
 */
import type { Queryable } from '../db/database.ts';
import type { CodeRow } from './codes.ts';
import { RESERVATION_MINUTES, takeSeat } from './seat-batches.ts';
import { inWorkingHours, localTime, rankStaff, type StaffSlot } from './staff-rotation.ts';

export { RESERVATION_MINUTES };

export type RouteResult =
  | { kind: 'group'; reservationId: number; groupId: number; url: string | null; reused: boolean; openNext: boolean }
  | { kind: 'staff'; reservationId: number; staffUserId: number; url: string | null; reused: boolean }
  | { kind: 'full'; openNext: boolean }
  | { kind: 'unavailable'; reason: 'paused' | 'expired' };

export function availability(code: Pick<CodeRow, 'status' | 'expiresAt'>, now: Date): 'ok' | 'paused' | 'expired' {
  if (code.status === 'paused') return 'paused';
  if (code.expiresAt && code.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'ok';
}

export interface RouteRequest { source: string; visitor: string | null; entryId: number | null; now?: Date }

export async function routeToGroup(db: Queryable, code: CodeRow, req: RouteRequest): Promise<RouteResult> {
  const state = availability(code, req.now ?? new Date());
  if (state !== 'ok') return { kind: 'unavailable', reason: state };
  return takeSeat(db, code, { source: req.source, visitor: req.visitor, entryId: req.entryId, now: req.now });
}

export async function routeToStaff(db: Queryable, code: CodeRow, zone: string, req: RouteRequest): Promise<RouteResult> {
  const now = req.now ?? new Date();
  const state = availability(code, now);
  if (state !== 'ok') return { kind: 'unavailable', reason: state };
  if (req.visitor) {
    const again = await db.query<{ id: number; staff_user_id: number; contact_url: string | null }>(
      `select r.id, r.staff_user_id, s.contact_url from code_reservations r
       join live_code_staff s on s.workspace_id = r.workspace_id and s.code_id = r.code_id and s.staff_user_id = r.staff_user_id
       where r.workspace_id = $1 and r.code_id = $2 and r.visitor = $3 and r.state = 'pending' and r.expires_at > $4 limit 1`,
      [code.workspaceId, code.id, req.visitor, now]);
    const r = again[0];
    if (r) return { kind: 'staff', reservationId: r.id, staffUserId: r.staff_user_id, url: r.contact_url, reused: true };
  }
  const day = localTime(now, zone).day;
  const staff = await db.query<StaffSlot & { contactUrl: string | null }>(
    `select s.staff_user_id as "staffUserId", s.daily_cap as "dailyCap", s.backup, s.position, s.contact_url as "contactUrl",
            coalesce(d.routed, 0) as "routedToday"
     from live_code_staff s left join live_code_staff_daily d
       on d.workspace_id = s.workspace_id and d.code_id = s.code_id and d.staff_user_id = s.staff_user_id and d.day = $3
     where s.workspace_id = $1 and s.code_id = $2`, [code.workspaceId, code.id, day]);
  const ranked = rankStaff(staff, inWorkingHours(code.staffSettings?.hours, now, zone));
  for (const s of ranked) {
    const rows = await db.query<{ id: number }>(
      `with slot as (
         insert into live_code_staff_daily as d (workspace_id, code_id, staff_user_id, day, routed) values ($1, $2, $3, $4, 1)
         on conflict (workspace_id, code_id, staff_user_id, day) do update set routed = d.routed + 1 where d.routed < $5
         returning staff_user_id)
       insert into code_reservations (workspace_id, code_id, staff_user_id, source, entry_id, visitor, created_at, expires_at)
       select $1, $2, staff_user_id, $6, $7, $8, $9, $9::timestamptz + make_interval(mins => $10) from slot returning id`,
      [code.workspaceId, code.id, s.staffUserId, day, s.dailyCap, req.source, req.entryId, req.visitor, now, RESERVATION_MINUTES]);
    if (rows[0]) {
      const url = staff.find((x) => x.staffUserId === s.staffUserId)?.contactUrl ?? null;
      return { kind: 'staff', reservationId: rows[0].id, staffUserId: s.staffUserId, url, reused: false };
    }
  }
  return { kind: 'full', openNext: false };
}

/**
 * Gives back the seats of reservations nobody used in time. The group's load goes down by the
 * seats released, in the same statement that marks them expired, so a seat is given back once.
 */
export async function expireReservations(db: Queryable, workspaceId: number, now = new Date()): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `with e as (
       update code_reservations set state = 'expired'
       where workspace_id = $1 and state = 'pending' and expires_at <= $2 returning code_id, group_id),
     per as (select code_id, group_id, count(*)::int as n from e where group_id is not null group by 1, 2),
     u as (
       update live_code_groups p set load = greatest(0, p.load - per.n) from per
       where p.workspace_id = $1 and p.code_id = per.code_id and p.group_id = per.group_id returning 1)
     select (select count(*)::int from e) as n`, [workspaceId, now]);
  return rows[0]?.n ?? 0;
}
