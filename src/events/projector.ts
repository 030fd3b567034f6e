/**
 * The projector: follows a workspace's event log by seq and gives each stored event its effect
 * exactly once, in slices of many events, each in one transaction that also moves the workspace's
 * watermark (workspaces.projected_seq). Effects: the rollups (src/events/rollups.ts) and the
 * projections of joins, leaves, edits, deletions, reactions, renames and profiles
 * (src/events/projections.ts).
 *
 * Why apart from storing: an event is acknowledged to its platform once it is in the log, and the
 * log is the truth. Projecting many batches at once costs far less per event than projecting each
 * delivery (a group's day is upserted once per slice, not once per batch; a group's size moves
 * once), and on Postgres it runs beside the next batches being stored. Figures trail the
 * log by one slice at most; a crash between the two loses nothing, since the next projection
 * starts from the watermark.
 */
import type { Database, Queryable } from '../db/database.ts';
import { lockProjection } from './locks.ts';
import { projectChanges, type MembershipStates } from './projections.ts';
import { addToRollupsReadingWriters, type SliceWriters } from './rollups.ts';

export interface ProjectOptions {
  /** Events per transaction at most. */
  slice?: number;
}

/** Events per slice by default: big enough to amortize, short enough not to hold PGlite's one session long. */
export const DEFAULT_SLICE = 50_000;

/**
 * Projects every event of the workspace stored so far and not yet projected. Returns how many
 * events it projected.
 */
export async function projectPending(db: Database, workspaceId: number, options: ProjectOptions = {}): Promise<number> {
  const slice = options.slice ?? DEFAULT_SLICE;
  let total = 0;
  const known = knownOf(db, workspaceId);
  for (;;) {
    let done: SliceDone;
    try {
      done = await db.transaction((tx) => projectSlice(tx, workspaceId, slice, known));
    } catch (err) {
      known.forget();
      throw err;
    }
    // Only what has committed is known.
    if (done.n > 0) known.learn(done);
    const n = done.n;
    total += n;
    if (n > 0) await analyzeWhenDue(db, n);
    if (n < slice) return total;
  }
}

/**
 * The memberships this process knows to be active, as of the log position it last projected, with
 * their first event (epoch ms). Most of a slice's writers are members already in the group: the
 * projector need not look them up, which was a third of its work. Valid only for the slice that
 * starts where the last one this process projected ended: when another process projected in
 * between (or a slice failed), it starts over empty. Only the projector writes memberships, so
 * nothing else can make it stale.
 */
class KnownMemberships {
  private seq = -1;
  private pairs = new Map<string, number>();
  /** A bound on memory: past it the process starts over (it only costs lookups). */
  static readonly MAX = 2_000_000;

  /** The writers of a slice starting after `afterSeq` that must be looked up. */
  unknown(afterSeq: number, w: SliceWriters): SliceWriters {
    if (afterSeq !== this.seq) { this.pairs.clear(); return w; }
    const out: SliceWriters = { acc: [], g: [], mem: [], first: [], last: [], firstMs: [] };
    for (let i = 0; i < w.g.length; i++) {
      const first = this.pairs.get(`${w.g[i]}:${w.mem[i]}`);
      // In the group already, since before this first message (by a whole millisecond, so that a
      // rounding never hides an earlier first event): nothing to write.
      if (first !== undefined && first < w.firstMs[i]!) continue;
      out.acc.push(w.acc[i]!); out.g.push(w.g[i]!); out.mem.push(w.mem[i]!);
      out.first.push(w.first[i]!); out.last.push(w.last[i]!); out.firstMs.push(w.firstMs[i]!);
    }
    return out;
  }

  learn(done: SliceDone): void {
    if (done.afterSeq !== this.seq) this.pairs.clear();
    const s = done.states;
    for (let i = 0; i < s.g.length; i++) {
      const key = `${s.g[i]}:${s.mem[i]}`;
      const first = s.firstMs[i];
      if (s.active[i] && first !== null && first !== undefined) this.pairs.set(key, first);
      else this.pairs.delete(key);
    }
    if (this.pairs.size > KnownMemberships.MAX) this.pairs.clear();
    this.seq = done.upToSeq;
  }

  forget(): void {
    this.seq = -1;
    this.pairs.clear();
  }
}

const knownByDb = new WeakMap<Database, Map<number, KnownMemberships>>();
function knownOf(db: Database, workspaceId: number): KnownMemberships {
  let m = knownByDb.get(db);
  if (!m) { m = new Map(); knownByDb.set(db, m); }
  let k = m.get(workspaceId);
  if (!k) { k = new KnownMemberships(); m.set(workspaceId, k); }
  return k;
}

interface SliceDone { n: number; afterSeq: number; upToSeq: number; states: MembershipStates }

/** Events projected per database since its statistics were last refreshed, and at that time. */
const growth = new WeakMap<Database, { since: number; at: number }>();

/**
 * Refreshes the planner's statistics of the tables the projector and the read API look up, each
 * time they may have doubled: PGlite has no autovacuum, and a bulk load outruns Postgres's. Off
 * the path that acknowledges events. A tenth of the usual sample: what matters here is that row
 * counts keep up with the load; the maintenance job's full analyze (src/jobs/maintenance.ts)
 * refines the rest every 10 minutes.
 */
async function analyzeWhenDue(db: Database, projected: number): Promise<void> {
  const g = growth.get(db) ?? { since: 0, at: 0 };
  growth.set(db, g);
  g.since += projected;
  if (g.since < Math.max(20_000, g.at)) return;
  g.at += g.since;
  g.since = 0;
  await db.transaction(async (tx) => {
    await tx.query('set local default_statistics_target = 10');
    await tx.query('analyze member_identities, members, groups, memberships');
  });
}

/** Projects what every workspace has pending (after a restart: what a crash left unprojected). */
export async function projectAllPending(db: Database, options: ProjectOptions = {}): Promise<number> {
  const behind = await db.query<{ id: number }>(
    `select w.id from workspaces w
     where exists (select 1 from events e where e.workspace_id = w.id and e.seq > w.projected_seq) order by w.id`);
  let total = 0;
  for (const w of behind) total += await projectPending(db, w.id, options);
  return total;
}

const NOTHING: MembershipStates = { written: 0, g: [], mem: [], active: [], firstMs: [] };

/**
 * The slice's statements run without JIT compilation. Their row estimates (arrays of thousands of
 * writers, subplans per membership) put their cost above Postgres's JIT thresholds, and compiling
 * the changes statement (174 functions, inlined and optimized) cost about 5 times the CPU of
 * running it: 2.9-3.6 s against 0.6 s per slice of 50,000 events at 1M events. PGlite has no JIT;
 * the setting is accepted and changes nothing there.
 */
const NO_JIT = `select set_config('jit', 'off', true)`;

async function projectSlice(tx: Queryable, workspaceId: number, slice: number, known: KnownMemberships): Promise<SliceDone> {
  await lockProjection(tx, workspaceId);
  await tx.query(NO_JIT);
  const [ws] = await tx.query<{ timezone: string; seq: number }>(
    'select timezone, projected_seq as seq from workspaces where id = $1', [workspaceId]);
  const none = { n: 0, afterSeq: 0, upToSeq: 0, states: NOTHING };
  if (!ws) return none;
  const [range] = await tx.query<{ n: number; hi: number | null }>(
    `select count(*)::int as n, max(seq) as hi from (
       select seq from events where workspace_id = $1 and seq > $2 order by seq limit $3) s`,
    [workspaceId, ws.seq, slice]);
  if (!range || range.n === 0 || range.hi === null) return none;
  const afterSeq = Number(ws.seq), upToSeq = Number(range.hi);
  const { writers } = await addToRollupsReadingWriters(tx, { id: workspaceId, timezone: ws.timezone }, { afterSeq, upToSeq }, true);
  const states = await projectChanges(tx, { workspaceId, afterSeq, upToSeq }, known.unknown(afterSeq, writers!));
  // memberships_rev: moved when the slice wrote memberships (figures kept under it, see schema.ts).
  await tx.query('update workspaces set projected_seq = $2, memberships_rev = memberships_rev + $3 where id = $1', [workspaceId, upToSeq, states.written > 0 ? 1 : 0]);
  return { n: range.n, afterSeq, upToSeq, states };
}
