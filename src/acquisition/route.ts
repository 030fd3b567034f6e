/**
 * Routing a newcomer who opened a live code's page: a seat in a group of the pool (group codes) or
 * a slot of a staff member's day (staff codes), taken in one statement each so that any number of
 * processes routing at once never put a group over its cap or a staff member over their daily cap.
 *
 * Group codes route in ONE statement (one round trip, prepared once per connection): the visitor's
 * pending seat again, else the first group with room in the rule's order, locked, its load raised
 * and the reservation inserted (routeStatement below). The seat itself:
 * `update live_code_groups set load = load + 1 … where load < limit` and the
 * reservation inserted from its `returning`, one statement: Postgres locks the row and checks the
 * condition again on the row as it is after any concurrent update, so the last seat goes once.
 * Under a burst, fill-first is kept as far as concurrency allows: a row being taken by another
 * router is skipped for the next group with room (never over a cap), so routers work in parallel.
 * Call these with the database, not inside a transaction: a row whose check failed after waiting
 * stays locked until the end of the transaction, and two such transactions could deadlock.
 */
import type { Queryable } from '../db/database.ts';
import type { CodeRow } from './codes.ts';
import { inWorkingHours, localTime, rankStaff, type StaffSlot } from './staff-rotation.ts';

/** How long a routed newcomer's seat is held for them before it is given back. */
export const RESERVATION_MINUTES = 30;

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
  const now = req.now ?? new Date();
  const state = availability(code, now);
  if (state !== 'ok') return { kind: 'unavailable', reason: state };
  // First without waiting: a group another router is taking a seat in right now is passed over for
  // the next one with room, so a burst spreads over the groups instead of queueing on one row. Only
  // when every group with room was being taken (rare) again, waiting for the rows, so a busy pool
  // is never mistaken for a full one.
  for (const wait of [false, true]) {
    const row = await routeStatement(db, code, req, now, wait);
    if (!row) return { kind: 'unavailable', reason: 'paused' }; // the code was deleted meanwhile
    if (row.code_status === 'paused') return { kind: 'unavailable', reason: 'paused' };
    if (row.expired) return { kind: 'unavailable', reason: 'expired' };
    if (row.again_id !== null) return { kind: 'group', reservationId: row.again_id, groupId: row.again_group!, url: row.again_url, reused: true, openNext: false };
    if (row.seat_id !== null) {
      // Every open group at or past the sweet spot's bottom once this seat is taken: open the next.
      const openNext = row.has_template && (row.below === 0 || (row.below === 1 && row.below_group === row.seat_group && row.seat_load! >= row.seat_threshold!));
      return { kind: 'group', reservationId: row.seat_id, groupId: row.seat_group!, url: row.seat_url, reused: false, openNext };
    }
    if (row.room === 0) break;
  }
  return { kind: 'full', openNext: code.template !== null };
}

interface RouteRow {
  code_status: string; expired: boolean; has_template: boolean;
  again_id: number | null; again_group: number | null; again_url: string | null;
  seat_id: number | null; seat_group: number | null; seat_url: string | null; seat_load: number | null; seat_threshold: number | null;
  room: number; below: number; below_group: number | null;
}

/**
 * Routing in one statement (one round trip, one short transaction): the code's current rule,
 * limits and status are read from its row (a change made by any process counts at once, whatever
 * this process cached), the visitor's pending seat is given again, else the first group with room
 * in the rule's order — tier by tier (first phase, sweet spot, hard cap; never above the group's
 * own cap), within a tier the visitor's source's groups first (by_source), the least routed first
 * (round_robin), then pool order — is locked, its load raised if still below the limit, and the
 * reservation inserted. Postgres checks `load < limit` again on the locked row as it is after any
 * concurrent update, so the last seat goes once whatever the number of processes.
 */
async function routeStatement(db: Queryable, code: CodeRow, req: RouteRequest, now: Date, wait: boolean): Promise<RouteRow | undefined> {
  const rows = await db.query<RouteRow>(
    `with c as (
       select status, expires_at, rule, first_phase, sweet_spot_min, sweet_spot_max, hard_cap, template is not null as has_template
       from live_codes where workspace_id = $1 and id = $2),
     live as (select * from c where status = 'active' and (expires_at is null or expires_at > $4)),
     again as (
       select r.id, r.group_id, p.link_url from code_reservations r
       join live_code_groups p on p.workspace_id = r.workspace_id and p.code_id = r.code_id and p.group_id = r.group_id
       where $3::text is not null and r.workspace_id = $1 and r.code_id = $2 and r.visitor = $3 and r.state = 'pending' and r.expires_at > $4
       limit 1),
     tiers as (select distinct t from live, unnest(array[live.first_phase, live.sweet_spot_max, live.hard_cap]) t where t <= live.hard_cap),
     pick as (
       select p.group_id, least(tiers.t, p.cap) as lim
       from live_code_groups p, live, tiers
       where p.workspace_id = $1 and p.code_id = $2 and p.status = 'open' and p.load < least(tiers.t, p.cap)
         and (live.rule <> 'by_source' or p.source is null or p.source = $5)
         and not exists (select 1 from again)
       order by tiers.t, (live.rule = 'by_source' and p.source is not distinct from $5) desc,
         case when live.rule = 'round_robin' then p.routed else 0 end, p.position
       limit 1
       for update of p ${wait ? '' : 'skip locked'}),
     seat as (
       update live_code_groups p set load = p.load + 1, routed = p.routed + 1
       from pick where p.workspace_id = $1 and p.code_id = $2 and p.group_id = pick.group_id and p.load < pick.lim
       returning p.group_id, p.link_url, p.load, p.cap),
     r as (
       insert into code_reservations (workspace_id, code_id, group_id, source, entry_id, visitor, created_at, expires_at)
       select $1, $2, group_id, $5, $6, $3, $4, $4::timestamptz + make_interval(mins => $7) from seat returning id, group_id),
     stats as (
       select count(*) filter (where p.load < least(live.hard_cap, p.cap) and (live.rule <> 'by_source' or p.source is null or p.source = $5))::int as room,
              count(*) filter (where p.load < least(live.sweet_spot_min, p.cap))::int as below,
              min(p.group_id) filter (where p.load < least(live.sweet_spot_min, p.cap)) as below_group
       from live_code_groups p, live where p.workspace_id = $1 and p.code_id = $2 and p.status = 'open')
     select c.status as code_status, (c.expires_at is not null and c.expires_at <= $4) as expired, c.has_template,
            a.id as again_id, a.group_id as again_group, a.link_url as again_url,
            s.id as seat_id, s.group_id as seat_group, s.link_url as seat_url, s.load as seat_load, s.threshold as seat_threshold,
            coalesce(stats.room, 0) as room, coalesce(stats.below, 0) as below, stats.below_group
     from c left join again a on true
     left join (select r.id, r.group_id, seat.link_url, seat.load, least(c.sweet_spot_min, seat.cap) as threshold from r join seat on seat.group_id = r.group_id, c) s on true
     left join stats on true`,
    [code.workspaceId, code.id, req.visitor, now, req.source, req.entryId, RESERVATION_MINUTES], wait ? 'route-group-wait' : 'route-group');
  return rows[0];
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
