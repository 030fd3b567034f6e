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
 * Seat leases (a busy code). With fill-first both processes seat newcomers in the same group, so
 * their statements queued on that one row's lock and on each other's commit (a preempted backend
 * holding it stalled the other process too): the routing tail at 2,000 a second. So while
 * newcomers of a code arrive on a process at `leasePolicy.rate` a second or more (not for
 * round-robin, whose order moves with every seat), a statement that locks a group's row to seat
 * newcomers there also takes a block of seats more (about 0.1 s of arrivals, at most the room
 * left under the limit, never past it: the same locked `load + n ≤ limit`), recorded in
 * live_code_leases under this batcher's holder id. Later batches whose newcomers all fit in the
 * lease are seated by a lighter statement that decrements the lease row (this process's own row)
 * and inserts the reservations, without locking or even reading the pool (the lease's seats are
 * in its group's load already, so the cap holds whatever any process does). The lease is used only
 * while its group is open and within the code's current cap; otherwise it is refused and every
 * lease of the batcher is given back, as they are when the pool (its groups, positions, sources,
 * caps) or the code's rule or limits change. The ranking counts this process's leased seats as room, and
 * a newcomer is told the pool is full only when it has no room even counting every process's
 * leased seats (room only in another's: waits a little and tries again, up to a second); and no
 * lease is taken once the whole pool has less room than ten leases, so its last seats are never
 * held by one process while another's newcomers are told it is full. Unused leased seats go
 * back to the load (and `routed`) in the statement that deletes the lease: when no newcomer came
 * for `leasePolicy.idleMs`, when the code was paused or deleted, on shutdown (giveBackLeases,
 * stack.ts), and, for a process that crashed, by the upkeep job once a lease was not used for
 * LEASE_TTL_SECONDS (reclaimLeases, jobs.ts). Meanwhile a group's load counts them, as it counts
 * pending reservations. The lighter statement does not refresh the kept pool: while a lease lasts
 * (a tenth of a second) its group is used even if another group ahead of it got room meanwhile.
 * Single newcomers in turn (and bursts below the rate) are routed exactly as without leases.
 *
 * Batches are kept per database handle (a transaction handle gets its own) and per code.
 */
import { randomUUID } from 'node:crypto';
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
/**
 * Seat leases: taken only while newcomers of the code arrive on this process at `rate` a second or
 * more; a lease is about `seconds` of arrivals at the current rate, at most `max` seats; unused
 * leased seats are given back after `idleMs` without a newcomer; none is taken once the pool has
 * less room than `endOfPool` leases. (Tests change it to exercise leases.)
 */
export const leasePolicy = { rate: 300, seconds: 0.1, max: 200, idleMs: 250, endOfPool: 10 };
/** A lease not used for this long may be given back by the upkeep job (its process is gone). */
const LEASE_TTL_SECONDS = 120;
/** Waiting for another process's leased seats (the pool's only room): this long between rounds. */
const LEASE_WAIT_MS = 50;

interface Waiting extends SeatAsk { rounds: number; settled: boolean; resolve(a: SeatAnswer): void; reject(e: unknown): void }

interface CodeState { status: string; expired: boolean; rule: RoutingRule; firstPhase: number; sweetSpotMin: number; sweetSpotMax: number; hardCap: number; hasTemplate: boolean }

interface View { code: CodeState | null; pool: Array<PoolGroup & { url: string | null }>; /** A digest of the code and open pool the view shows. */ version: string }

interface Batcher {
  queue: Waiting[]; running: boolean; view: View | null; /** The view is from before a pause: the statement checks it is still the pool's. */ verify: boolean;
  db: Queryable; workspaceId: number; codeId: number;
  /** Names this batcher's leases (live_code_leases.holder). */
  holder: string;
  /** Seats leased and not handed out yet, per group, as the last statement left them. */
  lease: Map<number, number>;
  /** Seats other processes hold in leases, per group, as the last statement saw them. */
  others: Map<number, number>;
  /** Arrivals per second, decayed over a second (rateAt: when last counted). */
  rate: number; rateAt: number;
  /** Give every lease back before the next batch (a lease was refused, the code was paused or deleted). */
  dropLeases: boolean;
  /** Give the leases back now that the code is idle (set by the idle timer). */
  idle: boolean;
  timer: ReturnType<typeof setTimeout> | null;
  /** Wait this long before the next batch (its newcomers wait for seats another process leased). */
  pauseMs: number;
  /** The code's rule and limits and the open pool's groups, positions, sources and caps when the leases were taken. */
  shape: string;
}

const batchers = new WeakMap<Queryable, Map<string, Batcher>>();
/** Batchers holding (or that held) leases: given back on shutdown (giveBackLeases). */
const leasing = new Set<Batcher>();

/** Routes one newcomer of a group code: queued with the others of this code and process. */
export function takeSeat(db: Queryable, code: Pick<CodeRow, 'workspaceId' | 'id'>, ask: SeatAsk): Promise<SeatAnswer> {
  let perDb = batchers.get(db);
  if (!perDb) batchers.set(db, (perDb = new Map()));
  const key = `${code.workspaceId}:${code.id}`;
  let b = perDb.get(key);
  if (!b) {
    if (perDb.size > 1000) perDb.clear(); // (their leases, if any, are given back by the upkeep job)
    perDb.set(key, (b = {
      queue: [], running: false, view: null, verify: false, db, workspaceId: code.workspaceId, codeId: code.id, holder: randomUUID(),
      lease: new Map(), others: new Map(), rate: 0, rateAt: 0, dropLeases: false, idle: false, timer: null, pauseMs: 0, shape: '',
    }));
  }
  const batcher = b;
  const t = performance.now();
  batcher.rate = batcher.rate * Math.exp(-(t - batcher.rateAt) / 1000) + 1;
  batcher.rateAt = t;
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
    for (;;) {
      if (b.dropLeases || (b.idle && !b.queue.length)) {
        b.idle = false;
        await giveBack(b);
      }
      if (!b.queue.length) break;
      if (b.pauseMs) {
        const ms = b.pauseMs;
        b.pauseMs = 0;
        await new Promise((r) => setTimeout(r, ms));
      }
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
    if (b.queue.length) void run(db, workspaceId, codeId, b); // (arrived while the leases were given back)
    else if (b.lease.size && !b.timer) armIdle(b);
  }
}

/** Gives this batcher's unused leased seats back once no newcomer arrived for leasePolicy.idleMs. */
function armIdle(b: Batcher): void {
  b.timer = setTimeout(() => {
    b.timer = null;
    if (!b.lease.size) return;
    const quiet = performance.now() - b.rateAt;
    if (b.running || quiet < leasePolicy.idleMs) { armIdle(b); return; }
    b.idle = true;
    void run(b.db, b.workspaceId, b.codeId, b);
  }, leasePolicy.idleMs);
  b.timer.unref?.();
}

/**
 * The unused seats of this batcher's leases go back to their groups' loads (and `routed`), in the
 * statement that deletes the leases, so a seat is given back once. Never throws: a lease left
 * behind is given back by the upkeep job when it expires.
 */
async function giveBack(b: Batcher): Promise<void> {
  b.dropLeases = false;
  if (!b.lease.size) return;
  try {
    await b.db.query(
      `with l as (delete from live_code_leases where workspace_id = $1 and code_id = $2 and holder = $3 returning group_id, seats),
       -- the groups' rows locked in group order, as routing locks them (no deadlock with a batch of another process)
       g as (
         select p.group_id from live_code_groups p
         where p.workspace_id = $1 and p.code_id = $2 and p.group_id in (select group_id from l where seats > 0)
         order by p.group_id for update)
       update live_code_groups p set load = greatest(0, p.load - l.seats), routed = greatest(0, p.routed - l.seats)
       from l where p.workspace_id = $1 and p.code_id = $2 and p.group_id = l.group_id and l.seats > 0 and p.group_id in (select group_id from g)`,
      [b.workspaceId, b.codeId, b.holder], 'give-back-seats');
  } catch {
    // (the upkeep job gives them back)
  }
  b.lease.clear();
  b.view = null; // the loads went down: read the pool again
  leasing.delete(b);
}

/** On shutdown, once no request comes any more: every lease of this process (of `db`, else all) is given back. */
export async function giveBackLeases(db?: Queryable): Promise<void> {
  await Promise.all([...leasing].filter((b) => !db || b.db === db).map(async (b) => {
    for (let i = 0; b.running && i < 200; i++) await new Promise((r) => setTimeout(r, 10));
    if (b.timer) { clearTimeout(b.timer); b.timer = null; }
    if (b.running) return; // (still busy after 2 s: the upkeep job gives them back)
    b.running = true;
    try { await giveBack(b); } finally { b.running = false; }
  }));
}

/**
 * Seats given back by the upkeep job: leases of processes that stopped using them for
 * LEASE_TTL_SECONDS (a process that crashed or lost its database) go back to their groups' loads.
 */
export async function reclaimLeases(db: Queryable, workspaceId: number, now = new Date()): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `with l as (delete from live_code_leases where workspace_id = $1 and expires_at <= $2 returning code_id, group_id, seats),
     per as (select code_id, group_id, sum(seats)::int as n from l group by 1, 2),
     g as (
       select p.code_id, p.group_id from live_code_groups p join per on per.code_id = p.code_id and per.group_id = p.group_id and per.n > 0
       where p.workspace_id = $1 order by p.code_id, p.group_id for update of p),
     u as (
       update live_code_groups p set load = greatest(0, p.load - per.n), routed = greatest(0, p.routed - per.n) from per
       where p.workspace_id = $1 and p.code_id = per.code_id and p.group_id = per.group_id and per.n > 0
         and (p.code_id, p.group_id) in (select code_id, group_id from g) returning 1)
     select coalesce((select sum(n)::int from per), 0) as n`, [workspaceId, now]);
  return rows[0]?.n ?? 0;
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
    const read = await statement(db, workspaceId, codeId, now, asks, [], null, b, [], new Map());
    b.view = read;
    b.verify = false;
    b.others = read.others;
    const no = unavailable(read.code);
    if (no) { if (b.lease.size) b.dropLeases = true; for (const w of asks) answer(w, no); return; }
    giveAgain(read);
    if (!asks.length) return;
  }
  const placed = assign(b.view, asks, b.lease);
  // Per group: the newcomers placed there all take seats of this process's lease when it has enough;
  // else they are seated from the group's load, and a busy code leases more seats there at the same time.
  const perGroup = new Map<number, number>();
  for (const p of placed) if (p) perGroup.set(p.groupId, (perGroup.get(p.groupId) ?? 0) + 1);
  const fromLease = new Set([...perGroup].filter(([g, n]) => n <= (b.lease.get(g) ?? 0)).map(([g]) => g));
  const leased = placed.map((p) => p !== null && fromLease.has(p.groupId));
  const extra = new Map<number, number>();
  const code0 = b.view.code;
  if (b.rate >= leasePolicy.rate && code0 && code0.rule !== 'round_robin') {
    const size = Math.min(leasePolicy.max, Math.ceil(b.rate * leasePolicy.seconds));
    // Not near the end of the pool: its last seats go to whoever comes, never wait in a lease.
    const room = b.view.pool.reduce((n, g) => n + Math.max(0, Math.min(g.cap, code0.hardCap) - g.load), 0);
    if (room - asks.length >= leasePolicy.endOfPool * size) for (const g of perGroup.keys()) if (!fromLease.has(g)) extra.set(g, size);
  }
  // Every newcomer seated from the lease: a lighter statement, which neither reads the pool nor
  // checks the kept view (the lease's seats are this process's whatever the others did).
  const onlyLeased = asks.length > 0 && leased.every(Boolean);
  const verified = b.verify && !onlyLeased ? b.view.version : null;
  const r = onlyLeased
    ? { ...await leasedStatement(db, workspaceId, codeId, now, asks, placed, b), pool: b.view.pool, version: b.view.version, others: b.others }
    : await statement(db, workspaceId, codeId, now, asks, placed, verified, b, leased, extra);
  b.view = r;
  if (!onlyLeased) b.verify = false;
  b.others = r.others;
  for (const [g, n] of r.mine) b.lease.set(g, n);
  if (b.lease.size) leasing.add(b);
  // A lease the statement could not use (given back by the upkeep job, the group closed, the cap
  // lowered): every lease of this batcher is given back before the next batch, and they go again.
  if (r.refused.length) b.dropLeases = true;
  // The pool or the code's rule or limits changed (a group added, closed, moved; a tier): the leases go back.
  const now_ = shapeOf(r);
  if (b.lease.size && b.shape && now_ !== b.shape) b.dropLeases = true;
  b.shape = now_;
  // The view kept from before a pause was no longer the pool's: nobody was seated; all again on the pool just returned.
  const stale = verified !== null && r.version !== verified && r.seats.length === 0;
  const code = r.code;
  const no = unavailable(code);
  if (!code || no) { if (b.lease.size) b.dropLeases = true; for (const w of asks) answer(w, no!); return; }
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
    // No seat in this statement: full if the pool as it is now has no room for them (not even in
    // seats this or another process leased), else again in the next batch.
    if (!bestCandidate(withoutLeases(r.pool, b.lease, b.others), code, code.rule, w.source) || w.rounds >= MAX_ROUNDS) {
      answer(w, { kind: 'full', openNext: code.hasTemplate });
      return;
    }
    // Room only in seats another process leased: wait a little for it to use them or give them back.
    if (!bestCandidate(withoutLeases(r.pool, b.lease, new Map()), code, code.rule, w.source)) b.pauseMs = LEASE_WAIT_MS;
    if (!stale) w.rounds += 1;
    retry.push(w);
  });
  // Those not seated yet go first in the next batch, with the pool just returned; their twins wait with them.
  const twins = retry.flatMap((w) => (w.visitor !== null ? byVisitor.get(w.visitor)!.slice(1) : []));
  b.queue = [...retry, ...twins, ...b.queue];
}

const seatKey = (groupId: number, visitor: string | null, source: string, entryId: number | null) => `${groupId}\u0000${visitor ?? ''}\u0000${source}\u0000${entryId ?? ''}`;

/** What the ranking depends on besides the loads (the lighter statement returns no pool: the kept one counts then). */
function shapeOf(v: View): string {
  const c = v.code;
  return JSON.stringify([c && [c.rule, c.firstPhase, c.sweetSpotMax, c.hardCap], v.pool.map((g) => [g.groupId, g.position, g.source, g.cap])]);
}

/** The pool with the seats of the given leases counted as room (a lease's seats are in its group's load). */
function withoutLeases<G extends PoolGroup>(pool: readonly G[], ...leases: ReadonlyArray<ReadonlyMap<number, number>>): G[] {
  return pool.map((g) => ({ ...g, load: leases.reduce((load, l) => load - (l.get(g.groupId) ?? 0), g.load) }));
}

/**
 * Each newcomer of the batch in turn takes the best group with room, counting seats given before
 * them in the batch; the seats of this process's leases count as room (they are in the loads).
 */
function assign(view: View, asks: readonly SeatAsk[], lease: ReadonlyMap<number, number>): Array<{ groupId: number; limit: number } | null> {
  const code = view.code;
  if (!code || code.status !== 'active' || code.expired) return asks.map(() => null);
  const pool = withoutLeases(view.pool, lease);
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
  /** This batcher's leases the statement took or used: seats left per group. */
  mine: Map<number, number>;
  /** Seats other processes hold in leases, per group. */
  others: Map<number, number>;
  /** Groups whose seats this batcher asked from its lease and did not get (the lease is gone, the group closed, the cap lowered). */
  refused: number[];
}

/**
 * The two statements' shared parts ($1 workspace, $2 code, $3 now, $5 the batch's visitors): the
 * code as it is now, and each visitor's pending seat (opening the page again gives the same seat),
 * one lookup per visitor in code_reservations_visitor_idx (tables.ts: why the pending-seats index
 * cannot be taken for it).
 */
const CODE_NOW = `c as (
       select status, (expires_at is not null and expires_at <= $3) as expired, rule, first_phase, sweet_spot_min, sweet_spot_max, hard_cap,
              template is not null as has_template
       from live_codes where workspace_id = $1 and id = $2)`;
const PENDING_AGAIN = `again as (
       select v.visitor, r.id, r.group_id,
              (select p.link_url from live_code_groups p where p.workspace_id = $1 and p.code_id = $2 and p.group_id = r.group_id) as link_url
       from (select distinct visitor from unnest($5::text[]) visitor where visitor is not null) v
       cross join lateral (
         select r.id, r.group_id from code_reservations r
         where r.workspace_id = $1 and r.code_id = $2 and r.visitor = v.visitor and r.state = 'pending' and r.expires_at > $3
         limit 1) r)`;

/**
 * Seats taken from this batcher's leases (`lease_ask`: seats per group), `holder` and `ttl` the
 * statement's parameters: the lease row only (the group's row is read, not locked), and only while
 * the group is open and its load within the cap as it is now.
 */
const leaseUse = (holder: string, ttl: string) => `used as (
       update live_code_leases l set seats = l.seats - u.n, expires_at = now() + make_interval(secs => ${ttl})
       from lease_ask u, live_code_groups p, live
       where l.workspace_id = $1 and l.code_id = $2 and l.holder = ${holder} and l.group_id = u.group_id and l.seats >= u.n and l.expires_at > now()
         and p.workspace_id = $1 and p.code_id = $2 and p.group_id = u.group_id and p.status = 'open' and p.load <= least(p.cap, live.hard_cap)
       returning l.group_id, l.seats)`;

/**
 * The batch's statement: the code now, the visitors' pending seats, the seats granted (with their
 * reservations) and the open pool after them. `placed[i]` is the group and limit newcomer i asks
 * a seat in (none: only read); `leased[i]`: the seat comes from this batcher's lease of the group
 * (its row is not locked: the lease's seats are in its load already); `extra`: seats to lease in
 * groups asked from their load, granted only up to the room left after the batch.
 */
async function statement(db: Queryable, workspaceId: number, codeId: number, now: Date, asks: readonly SeatAsk[],
  placed: ReadonlyArray<{ groupId: number; limit: number } | null>, verify: string | null,
  b: Batcher, leased: readonly boolean[], extra: ReadonlyMap<number, number>): Promise<Outcome> {
  const rows = await db.query<{ code: Record<string, unknown> | null; pool: unknown[][]; again: unknown[][]; seats: unknown[][]; version: string; mine: unknown[][]; others: unknown[][]; refused: unknown[] }>(
    `with ${CODE_NOW},
     pool_before as (
       select p.group_id, p.position, p.source, p.cap, p.load, p.routed from live_code_groups p
       where p.workspace_id = $1 and p.code_id = $2 and p.status = 'open'),
     live as (
       select * from c where status = 'active' and not expired
         and ($10::text is null or $10::text = (select md5(concat_ws('|', (select row(c.*)::text from c),
           (select string_agg(concat_ws(',', group_id, position, source, cap, load, routed), ';' order by group_id) from pool_before)))))),
     req as (
       select * from unnest($5::text[], $6::text[], $7::bigint[], $8::bigint[], $9::int[], $11::boolean[]) with ordinality as q(visitor, source, entry_id, group_id, lim, leased, ord)),
     ${PENDING_AGAIN},
     ask as (
       select q.*, row_number() over (partition by q.group_id, q.leased order by q.ord) as n
       from req q, live
       where q.group_id is not null and (q.visitor is null or not exists (select 1 from again a where a.visitor = q.visitor))),
     demand as (
       select a.group_id, count(*)::int as n, max(a.lim) as lim, coalesce(max(x.extra), 0) as extra
       from ask a left join unnest($13::bigint[], $14::int[]) x(group_id, extra) on x.group_id = a.group_id
       where not a.leased group by a.group_id),
     cur as (
       select p.group_id, p.load, least(d.lim, p.cap, live.hard_cap) as lim, d.n, d.extra
       from live_code_groups p join demand d on d.group_id = p.group_id, live
       where p.workspace_id = $1 and p.code_id = $2 and p.status = 'open'
       order by p.group_id
       for update of p),
     grant_ as (
       select group_id, load, least(n, lim - load) as granted, greatest(0, least(extra, lim - load - n)) as leased
       from cur where load < lim),
     seat as (
       update live_code_groups p set load = g.load + g.granted + g.leased, routed = p.routed + g.granted + g.leased
       from grant_ g
       where p.workspace_id = $1 and p.code_id = $2 and p.group_id = g.group_id
       returning p.group_id, p.load, p.routed, g.granted, g.leased),
     refill as (
       insert into live_code_leases as l (workspace_id, code_id, group_id, holder, seats, expires_at)
       select $1, $2, s.group_id, $12, s.leased, now() + make_interval(secs => $15) from seat s where s.leased > 0
       on conflict (workspace_id, code_id, group_id, holder) do update set seats = l.seats + excluded.seats, expires_at = excluded.expires_at
       returning group_id, seats),
     lease_ask as (select group_id, count(*)::int as n from ask where leased group by group_id),
     ${leaseUse('$12', '$15')},
     r as (
       insert into code_reservations (workspace_id, code_id, group_id, source, entry_id, visitor, created_at, expires_at)
       select $1, $2, a.group_id, a.source, a.entry_id, a.visitor, $3, $3::timestamptz + make_interval(mins => $4)
       from ask a
       where (not a.leased and exists (select 1 from seat s where s.group_id = a.group_id and a.n <= s.granted))
          or (a.leased and exists (select 1 from used u where u.group_id = a.group_id))
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
       (select coalesce(json_agg(json_build_array(id, group_id, visitor, source, entry_id)), '[]') from r) as seats,
       (select coalesce(json_agg(json_build_array(group_id, seats)), '[]') from (select * from refill union all select * from used) m) as mine,
       (select coalesce(json_agg(json_build_array(group_id, n)), '[]') from (
          select group_id, sum(seats)::int as n from live_code_leases
          where workspace_id = $1 and code_id = $2 and holder <> $12 and seats > 0 group by group_id) o) as others,
       (select coalesce(json_agg(group_id), '[]') from lease_ask where group_id not in (select group_id from used)) as refused`,
    [workspaceId, codeId, now, RESERVATION_MINUTES,
      asks.map((a) => a.visitor), asks.map((a) => a.source), asks.map((a) => a.entryId),
      asks.map((_, i) => placed[i]?.groupId ?? null), asks.map((_, i) => placed[i]?.limit ?? null), verify,
      asks.map((_, i) => leased[i] ?? false), b.holder, [...extra.keys()], [...extra.values()], LEASE_TTL_SECONDS],
    'take-seats');
  const row = rows[0]!;
  return {
    code: codeState(row.code),
    pool: json(row.pool).map((g) => ({
      groupId: Number(g[0]), position: Number(g[1]), source: g[2] === null ? null : String(g[2]), cap: Number(g[3]), load: Number(g[4]), routed: Number(g[5]),
      url: g[6] === null ? null : String(g[6]),
    })),
    version: row.version,
    again: json(row.again).map((a) => ({ visitor: String(a[0]), id: Number(a[1]), groupId: Number(a[2]), url: a[3] === null ? null : String(a[3]) })),
    seats: json(row.seats).map((s) => ({ id: Number(s[0]), groupId: Number(s[1]), visitor: s[2] === null ? null : String(s[2]), source: String(s[3]), entryId: s[4] === null ? null : Number(s[4]) })),
    mine: new Map(json(row.mine).map((m) => [Number(m[0]), Number(m[1])])),
    others: new Map(json(row.others).map((o) => [Number(o[0]), Number(o[1])])),
    refused: (json(row.refused) as unknown[]).map(Number),
  };
}

/**
 * The batch's statement when every newcomer is seated from this batcher's leases: the code now,
 * the visitors' pending seats, the leased seats used (the lease rows only) with their reservations.
 */
async function leasedStatement(db: Queryable, workspaceId: number, codeId: number, now: Date, asks: readonly SeatAsk[],
  placed: ReadonlyArray<{ groupId: number; limit: number } | null>, b: Batcher): Promise<Omit<Outcome, 'pool' | 'version' | 'others'>> {
  const rows = await db.query<{ code: Record<string, unknown> | null; again: unknown[][]; seats: unknown[][]; mine: unknown[][]; refused: unknown[] }>(
    `with ${CODE_NOW},
     live as (select * from c where status = 'active' and not expired),
     req as (
       select * from unnest($5::text[], $6::text[], $7::bigint[], $8::bigint[]) with ordinality as q(visitor, source, entry_id, group_id, ord)),
     ${PENDING_AGAIN},
     ask as (
       select q.* from req q, live
       where q.group_id is not null and (q.visitor is null or not exists (select 1 from again a where a.visitor = q.visitor))),
     lease_ask as (select group_id, count(*)::int as n from ask group by group_id),
     ${leaseUse('$9', '$10')},
     r as (
       insert into code_reservations (workspace_id, code_id, group_id, source, entry_id, visitor, created_at, expires_at)
       select $1, $2, a.group_id, a.source, a.entry_id, a.visitor, $3, $3::timestamptz + make_interval(mins => $4)
       from ask a where exists (select 1 from used u where u.group_id = a.group_id)
       returning id, group_id, visitor, source, entry_id)
     select
       (select row_to_json(c) from c) as code,
       (select coalesce(json_agg(json_build_array(visitor, id, group_id, link_url)), '[]') from again) as again,
       (select coalesce(json_agg(json_build_array(id, group_id, visitor, source, entry_id)), '[]') from r) as seats,
       (select coalesce(json_agg(json_build_array(group_id, seats)), '[]') from used) as mine,
       (select coalesce(json_agg(group_id), '[]') from lease_ask where group_id not in (select group_id from used)) as refused`,
    [workspaceId, codeId, now, RESERVATION_MINUTES,
      asks.map((a) => a.visitor), asks.map((a) => a.source), asks.map((a) => a.entryId),
      asks.map((_, i) => placed[i]?.groupId ?? null), b.holder, LEASE_TTL_SECONDS],
    'take-leased-seats');
  const row = rows[0]!;
  return {
    code: codeState(row.code),
    again: json(row.again).map((a) => ({ visitor: String(a[0]), id: Number(a[1]), groupId: Number(a[2]), url: a[3] === null ? null : String(a[3]) })),
    seats: json(row.seats).map((s) => ({ id: Number(s[0]), groupId: Number(s[1]), visitor: s[2] === null ? null : String(s[2]), source: String(s[3]), entryId: s[4] === null ? null : Number(s[4]) })),
    mine: new Map(json(row.mine).map((m) => [Number(m[0]), Number(m[1])])),
    refused: (json(row.refused) as unknown[]).map(Number),
  };
}

function codeState(c: Record<string, unknown> | null): CodeState | null {
  return c ? {
    status: String(c.status), expired: Boolean(c.expired), rule: c.rule as RoutingRule, firstPhase: Number(c.first_phase),
    sweetSpotMin: Number(c.sweet_spot_min), sweetSpotMax: Number(c.sweet_spot_max), hardCap: Number(c.hard_cap), hasTemplate: Boolean(c.has_template),
  } : null;
}

/** json columns come back parsed from both drivers; a string is parsed here in case. */
function json(v: unknown): unknown[][] {
  return (typeof v === 'string' ? JSON.parse(v) : v) as unknown[][];
}
