/**
 * Seats in a group code's pool, taken in batches (group commit): the newcomers who open a code's
 * page within the same few milliseconds are routed together, in ONE statement for all of them, and
 * each is answered when that statement is done (their reservation is durable).
 *
 * Why: one statement per newcomer, each locking the pool's hot row (fill-first sends everyone to
 * the same group), made Postgres round trips and row locks the limit of a busy code (about
 * 1,000 routings a second on two cores, p99 over 150 ms). Batched, a process runs one statement per
 * batch per code: while one is in flight the next newcomers queue, and go together in the next.
 *
 * How a batch is routed. The rules (routing.ts bestCandidate, the first of rankCandidates: tiers, fill-first, round-robin, by
 * source) run here over the pool as the last statement returned it: each newcomer in turn takes
 * the best group with room, counting the seats given earlier in the batch. The statement then, for
 * each group the batch asks seats in:
 *   - locks the group's row (in group order, so two processes never deadlock each other) and reads
 *     its load as it is after any concurrent update (SELECT … FOR UPDATE in READ COMMITTED),
 *   - grants min(asked, limit - load) seats, the limit never above the group's cap or the code's
 *     current hard cap, raises the load by that much and inserts one reservation per seat granted,
 * all in one statement, so a group's load can never pass its cap whatever any other process does,
 * and a seat is either granted with its reservation or not at all. Newcomers whose group was
 * filled meanwhile by another process get no seat in that statement and go into the next batch,
 * ranked again on the pool as that statement returned it (fresh). The same statement reads the
 * code's current status, rule and limits (a change made by any process counts at once), the
 * visitors' pending seats (opening the page again gives the same seat) and the pool after the batch.
 *
 * The pool seen by the ranking is fresh: a batch that finds newcomers already queued uses the pool
 * the previous statement just returned. A batch after a pause ranks on the pool kept from before
 * it, and its statement first checks a digest of the code and its open pool (md5 over the rows the
 * ranking reads): if any process changed them meanwhile, it seats nobody and returns the pool as it
 * is, and the batch is ranked again on that. So a lone newcomer is routed exactly as the rules rank
 * the pool now, in one round trip when nothing changed, two when something did.
 *
 * Batches are kept per database handle (a transaction handle gets its own) and per code.
 */
import type { Queryable } from '../db/database.ts';
import type { CodeRow } from './codes.ts';
import { bestCandidate, firstWithRoom, inRuleOrder, tierLimits, type PoolGroup } from './routing.ts';
import type { RoutingRule } from './types.ts';

export interface SeatAsk { source: string; visitor: string | null; entryId: number | null; now: Date | undefined }

export type SeatAnswer =
  | { kind: 'group'; reservationId: number; groupId: number; url: string | null; reused: boolean; openNext: boolean }
  | { kind: 'full'; openNext: boolean }
  | { kind: 'unavailable'; reason: 'paused' | 'expired' };

/** How long a routed newcomer's seat is held for them before it is given back (re-exported by route.ts). */
export const RESERVATION_MINUTES = 30;

/** How many statements a newcomer may go through before the pool is taken to be full for them. */
const MAX_ROUNDS = 20;
/** At most this many newcomers in one statement. */
const MAX_BATCH = 500;

interface Waiting extends SeatAsk { rounds: number; settled: boolean; resolve(a: SeatAnswer): void; reject(e: unknown): void }

interface CodeState { status: string; expired: boolean; rule: RoutingRule; firstPhase: number; sweetSpotMin: number; sweetSpotMax: number; hardCap: number; hasTemplate: boolean }

interface View { code: CodeState | null; pool: Array<PoolGroup & { url: string | null }>; /** A digest of the code and open pool the view shows. */ version: string }

interface Batcher { queue: Waiting[]; running: boolean; view: View | null; /** The view is from before a pause: the statement checks it is still the pool's. */ verify: boolean }

const batchers = new WeakMap<Queryable, Map<string, Batcher>>();

/** Routes one newcomer of a group code: queued with the others of this code and process. */
export function takeSeat(db: Queryable, code: Pick<CodeRow, 'workspaceId' | 'id'>, ask: SeatAsk): Promise<SeatAnswer> {
  let perDb = batchers.get(db);
  if (!perDb) batchers.set(db, (perDb = new Map()));
  const key = `${code.workspaceId}:${code.id}`;
  let b = perDb.get(key);
  if (!b) {
    if (perDb.size > 1000) perDb.clear();
    perDb.set(key, (b = { queue: [], running: false, view: null, verify: false }));
  }
  const batcher = b;
  return new Promise<SeatAnswer>((resolve, reject) => {
    const w: Waiting = {
      ...ask, rounds: 0, settled: false,
      resolve: (a) => { w.settled = true; resolve(a); },
      reject: (e) => { w.settled = true; reject(e); },
    };
    batcher.queue.push(w);
    if (!batcher.running) void run(db, code.workspaceId, code.id, batcher);
  });
}

async function run(db: Queryable, workspaceId: number, codeId: number, b: Batcher): Promise<void> {
  b.running = true;
  b.verify = b.view !== null; // kept from before a pause: checked by the first statement
  try {
    while (b.queue.length) {
      // Newcomers with the same clock (a caller's `now`, else the server's) go together.
      const first = b.queue[0]!;
      const at = first.now?.getTime();
      const batch: Waiting[] = [];
      const rest: Waiting[] = [];
      for (const w of b.queue) (batch.length < MAX_BATCH && w.now?.getTime() === at ? batch : rest).push(w);
      b.queue = rest;
      try {
        await runBatch(db, workspaceId, codeId, b, batch, first.now ?? new Date());
      } catch (err) {
        b.view = null;
        // A deadlock with another writer of the pool rows (the attribution reactor's transaction,
        // the upkeep job) rolled the statement back whole: the batch goes again, a few times.
        const code = (err as { code?: unknown } | null)?.code;
        const open = batch.filter((w) => !w.settled);
        const again = (code === '40P01' || code === '40001') ? open.filter((w) => (w.rounds += 1) <= MAX_ROUNDS) : [];
        for (const w of open) if (!again.includes(w)) w.reject(err);
        b.queue = [...again, ...b.queue];
      }
    }
  } finally {
    b.running = false;
  }
}

async function runBatch(db: Queryable, workspaceId: number, codeId: number, b: Batcher, batch: Waiting[], now: Date): Promise<void> {
  // One visitor opening the page twice at once: one seat, both answered with it.
  const byVisitor = new Map<string, Waiting[]>();
  let asks: Waiting[] = [];
  for (const w of batch) {
    if (w.visitor === null) { asks.push(w); continue; }
    const same = byVisitor.get(w.visitor);
    if (same) same.push(w);
    else { byVisitor.set(w.visitor, [w]); asks.push(w); }
  }
  const answer = (w: Waiting, a: SeatAnswer) => {
    w.resolve(a);
    if (w.visitor !== null) for (const o of byVisitor.get(w.visitor)!.slice(1)) o.resolve(a.kind === 'group' ? { ...a, reused: true, openNext: false } : a);
  };
  const unavailable = (code: CodeState | null): SeatAnswer | null =>
    !code || code.status === 'paused' ? { kind: 'unavailable', reason: 'paused' } // (no code: deleted meanwhile)
      : code.expired ? { kind: 'unavailable', reason: 'expired' } : null;
  const giveAgain = (o: Outcome) => {
    const again = new Map(o.again.map((a) => [a.visitor, a]));
    asks = asks.filter((w) => {
      const a = w.visitor !== null ? again.get(w.visitor) : undefined;
      if (a) answer(w, { kind: 'group', reservationId: a.id, groupId: a.groupId, url: a.url, reused: true, openNext: false });
      return !a;
    });
  };

  // The pool as it is now, when no statement returned it yet (and the visitors' pending seats).
  if (!b.view) {
    const read = await statement(db, workspaceId, codeId, now, asks, [], null);
    b.view = read;
    b.verify = false;
    const no = unavailable(read.code);
    if (no) { for (const w of asks) answer(w, no); return; }
    giveAgain(read);
    if (!asks.length) return;
  }
  const placed = assign(b.view, asks);
  const verified = b.verify ? b.view.version : null;
  const r = await statement(db, workspaceId, codeId, now, asks, placed, verified);
  b.view = r;
  b.verify = false;
  // The view kept from before a pause was no longer the pool's: nobody was seated; all again on the pool just returned.
  const stale = verified !== null && r.version !== verified && r.seats.length === 0;
  const code = r.code;
  const no = unavailable(code);
  if (!code || no) { for (const w of asks) answer(w, no!); return; }
  const sent = asks;
  giveAgain(r);
  const urls = new Map(r.pool.map((g) => [g.groupId, g.url]));
  // Reservations by what they were made for; newcomers alike (same group, source, entry, no visitor) are interchangeable.
  const seats = new Map<string, number[]>();
  for (const s of r.seats) {
    const k = seatKey(s.groupId, s.visitor, s.source, s.entryId);
    seats.set(k, [...(seats.get(k) ?? []), s.id]);
  }
  // Every open group at or past the sweet spot's bottom: the next group should be opened (asked once per batch).
  let openNext = code.hasTemplate && r.pool.every((g) => g.load >= Math.min(code.sweetSpotMin, g.cap));
  const retry: Waiting[] = [];
  const still = new Set(asks);
  sent.forEach((w, i) => {
    if (!still.has(w)) return; // given their pending seat again
    const groupId = placed[i]?.groupId;
    const id = groupId !== undefined ? seats.get(seatKey(groupId, w.visitor, w.source, w.entryId))?.shift() : undefined;
    if (id !== undefined) {
      answer(w, { kind: 'group', reservationId: id, groupId: groupId!, url: urls.get(groupId!) ?? null, reused: false, openNext });
      openNext = false;
      return;
    }
    // No seat in this statement: full if the pool as it is now has no room for them, else again in the next batch.
    if (!bestCandidate(r.pool, code, code.rule, w.source) || w.rounds >= MAX_ROUNDS) {
      answer(w, { kind: 'full', openNext: code.hasTemplate });
      return;
    }
    if (!stale) w.rounds += 1;
    retry.push(w);
  });
  // Those not seated yet go first in the next batch, with the pool just returned; their twins wait with them.
  const twins = retry.flatMap((w) => (w.visitor !== null ? byVisitor.get(w.visitor)!.slice(1) : []));
  b.queue = [...retry, ...twins, ...b.queue];
}

const seatKey = (groupId: number, visitor: string | null, source: string, entryId: number | null) => `${groupId}\u0000${visitor ?? ''}\u0000${source}\u0000${entryId ?? ''}`;

/** Each newcomer of the batch in turn takes the best group with room, counting seats given before them in the batch. */
function assign(view: View, asks: readonly SeatAsk[]): Array<{ groupId: number; limit: number } | null> {
  const code = view.code;
  if (!code || code.status !== 'active' || code.expired) return asks.map(() => null);
  const pool = view.pool.map((g) => ({ ...g }));
  const byId = new Map(pool.map((g) => [g.groupId, g]));
  // Fill-first and by-source order the pool by position and source only: ordered once per source
  // for the batch (the loads counted below change which group has room, not the order).
  const tiers = tierLimits(code);
  const orders = new Map<string, PoolGroup[]>();
  const ordered = (source: string) => {
    let order = orders.get(source);
    if (!order) orders.set(source, (order = inRuleOrder(pool, code.rule, source)));
    return order;
  };
  return asks.map((w) => {
    const best = code.rule === 'round_robin' ? bestCandidate(pool, code, code.rule, w.source) : firstWithRoom(ordered(w.source), tiers);
    if (!best) return null;
    const g = byId.get(best.groupId)!;
    g.load += 1;
    g.routed += 1;
    return best;
  });
}

interface Outcome extends View {
  again: Array<{ visitor: string; id: number; groupId: number; url: string | null }>;
  seats: Array<{ id: number; groupId: number; visitor: string | null; source: string; entryId: number | null }>;
}

/**
 * The batch's statement: the code now, the visitors' pending seats, the seats granted (with their
 * reservations) and the open pool after them. `placed[i]` is the group and limit newcomer i asks
 * a seat in (none: only read).
 */
async function statement(db: Queryable, workspaceId: number, codeId: number, now: Date, asks: readonly SeatAsk[], placed: ReadonlyArray<{ groupId: number; limit: number } | null>, verify: string | null): Promise<Outcome> {
  const rows = await db.query<{ code: Record<string, unknown> | null; pool: unknown[][]; again: unknown[][]; seats: unknown[][]; version: string }>(
    `with c as (
       select status, (expires_at is not null and expires_at <= $3) as expired, rule, first_phase, sweet_spot_min, sweet_spot_max, hard_cap,
              template is not null as has_template
       from live_codes where workspace_id = $1 and id = $2),
     pool_before as (
       select p.group_id, p.position, p.source, p.cap, p.load, p.routed from live_code_groups p
       where p.workspace_id = $1 and p.code_id = $2 and p.status = 'open'),
     live as (
       select * from c where status = 'active' and not expired
         and ($10::text is null or $10::text = (select md5(concat_ws('|', (select row(c.*)::text from c),
           (select string_agg(concat_ws(',', group_id, position, source, cap, load, routed), ';' order by group_id) from pool_before)))))),
     req as (
       select * from unnest($5::text[], $6::text[], $7::bigint[], $8::bigint[], $9::int[]) with ordinality as q(visitor, source, entry_id, group_id, lim, ord)),
     again as (
       -- one lookup per visitor in code_reservations_visitor_idx (tables.ts: why the pending-seats
       -- index cannot be taken for it)
       select v.visitor, r.id, r.group_id,
              (select p.link_url from live_code_groups p where p.workspace_id = $1 and p.code_id = $2 and p.group_id = r.group_id) as link_url
       from (select distinct visitor from unnest($5::text[]) visitor where visitor is not null) v
       cross join lateral (
         select r.id, r.group_id from code_reservations r
         where r.workspace_id = $1 and r.code_id = $2 and r.visitor = v.visitor and r.state = 'pending' and r.expires_at > $3
         limit 1) r),
     ask as (
       select q.*, row_number() over (partition by q.group_id order by q.ord) as n
       from req q, live
       where q.group_id is not null and (q.visitor is null or not exists (select 1 from again a where a.visitor = q.visitor))),
     demand as (select group_id, count(*)::int as n, max(lim) as lim from ask group by group_id),
     cur as (
       select p.group_id, p.load, least(d.lim, p.cap, live.hard_cap) as lim, d.n
       from live_code_groups p join demand d on d.group_id = p.group_id, live
       where p.workspace_id = $1 and p.code_id = $2 and p.status = 'open'
       order by p.group_id
       for update of p),
     seat as (
       update live_code_groups p set load = cur.load + least(cur.n, cur.lim - cur.load), routed = p.routed + least(cur.n, cur.lim - cur.load)
       from cur
       where p.workspace_id = $1 and p.code_id = $2 and p.group_id = cur.group_id and cur.load < cur.lim
       returning p.group_id, p.load, p.routed, least(cur.n, cur.lim - cur.load) as granted),
     r as (
       insert into code_reservations (workspace_id, code_id, group_id, source, entry_id, visitor, created_at, expires_at)
       select $1, $2, a.group_id, a.source, a.entry_id, a.visitor, $3, $3::timestamptz + make_interval(mins => $4)
       from ask a join seat s on s.group_id = a.group_id
       where a.n <= s.granted
       returning id, group_id, visitor, source, entry_id),
     pool_after as (
       select p.group_id, p.position, p.source, p.cap, coalesce(s.load, p.load) as load, coalesce(s.routed, p.routed) as routed, p.link_url
       from live_code_groups p left join seat s on s.group_id = p.group_id
       where p.workspace_id = $1 and p.code_id = $2 and p.status = 'open')
     select
       (select row_to_json(c) from c) as code,
       (select coalesce(json_agg(json_build_array(group_id, position, source, cap, load, routed, link_url) order by position), '[]') from pool_after) as pool,
       md5(concat_ws('|', (select row(c.*)::text from c),
         (select string_agg(concat_ws(',', group_id, position, source, cap, load, routed), ';' order by group_id) from pool_after))) as version,
       (select coalesce(json_agg(json_build_array(visitor, id, group_id, link_url)), '[]') from again) as again,
       (select coalesce(json_agg(json_build_array(id, group_id, visitor, source, entry_id)), '[]') from r) as seats`,
    [workspaceId, codeId, now, RESERVATION_MINUTES,
      asks.map((a) => a.visitor), asks.map((a) => a.source), asks.map((a) => a.entryId),
      asks.map((_, i) => placed[i]?.groupId ?? null), asks.map((_, i) => placed[i]?.limit ?? null), verify],
    'take-seats');
  const row = rows[0]!;
  const c = row.code;
  return {
    code: c ? {
      status: String(c.status), expired: Boolean(c.expired), rule: c.rule as RoutingRule, firstPhase: Number(c.first_phase),
      sweetSpotMin: Number(c.sweet_spot_min), sweetSpotMax: Number(c.sweet_spot_max), hardCap: Number(c.hard_cap), hasTemplate: Boolean(c.has_template),
    } : null,
    pool: json(row.pool).map((g) => ({
      groupId: Number(g[0]), position: Number(g[1]), source: g[2] === null ? null : String(g[2]), cap: Number(g[3]), load: Number(g[4]), routed: Number(g[5]),
      url: g[6] === null ? null : String(g[6]),
    })),
    version: row.version,
    again: json(row.again).map((a) => ({ visitor: String(a[0]), id: Number(a[1]), groupId: Number(a[2]), url: a[3] === null ? null : String(a[3]) })),
    seats: json(row.seats).map((s) => ({ id: Number(s[0]), groupId: Number(s[1]), visitor: s[2] === null ? null : String(s[2]), source: String(s[3]), entryId: s[4] === null ? null : Number(s[4]) })),
  };
}

/** json columns come back parsed from both drivers; a string is parsed here in case. */
function json(v: unknown): unknown[][] {
  return (typeof v === 'string' ? JSON.parse(v) : v) as unknown[][];
}
