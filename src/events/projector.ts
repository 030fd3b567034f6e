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
import { projectChanges } from './projections.ts';
import { addToRollups } from './rollups.ts';

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
  for (;;) {
    const n = await db.transaction((tx) => projectSlice(tx, workspaceId, slice));
    total += n;
    if (n > 0) await analyzeWhenDue(db, n);
    if (n < slice) return total;
  }
}

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

async function projectSlice(tx: Queryable, workspaceId: number, slice: number): Promise<number> {
  await lockProjection(tx, workspaceId);
  const [ws] = await tx.query<{ timezone: string; seq: number }>(
    'select timezone, projected_seq as seq from workspaces where id = $1', [workspaceId]);
  if (!ws) return 0;
  const [range] = await tx.query<{ n: number; hi: number | null }>(
    `select count(*)::int as n, max(seq) as hi from (
       select seq from events where workspace_id = $1 and seq > $2 order by seq limit $3) s`,
    [workspaceId, ws.seq, slice]);
  if (!range || range.n === 0 || range.hi === null) return 0;
  const afterSeq = ws.seq, upToSeq = range.hi;
  await addToRollups(tx, { id: workspaceId, timezone: ws.timezone }, { afterSeq, upToSeq });
  await projectChanges(tx, { workspaceId, afterSeq, upToSeq });
  await tx.query('update workspaces set projected_seq = $2 where id = $1', [workspaceId, upToSeq]);
  return range.n;
}
