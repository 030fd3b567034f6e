/**
 * Recomputing a workspace's rollups after its time zone changed, in the background. Days of every
 * figure are counted in the workspace's zone, so a change of zone moves events between days; until
 * now the figures stayed in the old zone until someone ran `qunyun rollups rebuild`. Now the change
 * (PATCH /api/workspace) marks the workspace `queued` in rollup_recomputes in the same transaction
 * and sends a pg-boss job; the job rebuilds the rollups chunk by chunk (rebuildRollups) and writes
 * its progress after each chunk, which the API and the console show ("recomputing 40%").
 *
 * A recompute that no job picked up (no worker running at the time of the change, or a crash) is
 * sent again when the worker starts and by each maintenance run. A change of zone during a run
 * queues another run; the first one then does not mark the workspace done.
 */
import type { PgBoss } from 'pg-boss';
import type { Database, Queryable } from '../db/database.ts';
import { rebuildRollups } from '../events/rollups.ts';

export const RECOMPUTE_QUEUE = 'rollups-recompute';

export type RecomputeState = 'queued' | 'running' | 'done' | 'failed';

export interface RecomputeStatus {
  state: RecomputeState;
  /** The time zone being recomputed to. */
  timezone: string;
  /** 0…1: chunks of the event log done. */
  progress: number;
  requestedAt: string;
  finishedAt: string | null;
}

/** What sends jobs: the worker's pg-boss (absent when no worker runs in this process). */
export type JobSender = Pick<PgBoss, 'send'>;

/**
 * Marks the workspace for a recompute in its new zone (call in the transaction that changed it).
 * requested_at identifies the run (to the millisecond, as a JavaScript Date reads it back).
 */
export async function markRecompute(tx: Queryable, workspaceId: number, timezone: string): Promise<void> {
  await tx.query(
    `insert into rollup_recomputes (workspace_id, timezone, state, chunks_done, chunks, requested_at, finished_at, error)
     values ($1, $2, 'queued', 0, 0, date_trunc('milliseconds', clock_timestamp()), null, null)
     on conflict (workspace_id) do update set timezone = excluded.timezone, state = 'queued', chunks_done = 0, chunks = 0,
       requested_at = excluded.requested_at, finished_at = null, error = null`, [workspaceId, timezone]);
}

/** Sends the job of a workspace marked for a recompute. */
export async function sendRecompute(jobs: JobSender, workspaceId: number): Promise<void> {
  await jobs.send(RECOMPUTE_QUEUE, { workspaceId });
}

/** Sends a job for every recompute left queued or running (no worker at the time, or a crash). */
export async function resendPendingRecomputes(db: Queryable, jobs: JobSender): Promise<number> {
  const rows = await db.query<{ id: number }>(`select workspace_id as id from rollup_recomputes where state in ('queued', 'running')`);
  for (const r of rows) await sendRecompute(jobs, r.id);
  return rows.length;
}

export async function recomputeStatus(db: Queryable, workspaceId: number): Promise<RecomputeStatus | null> {
  const [r] = await db.query<{ state: RecomputeState; timezone: string; done: number; chunks: number; requested: Date; finished: Date | null }>(
    `select state, timezone, chunks_done as done, chunks, requested_at as requested, finished_at as finished
     from rollup_recomputes where workspace_id = $1`, [workspaceId]);
  if (!r) return null;
  const progress = r.state === 'done' ? 1 : r.chunks > 0 ? Math.floor((r.done / r.chunks) * 100) / 100 : 0;
  return { state: r.state, timezone: r.timezone, progress, requestedAt: r.requested.toISOString(), finishedAt: r.finished?.toISOString() ?? null };
}

export interface RecomputeOptions {
  chunkHours?: number;
  /** Called after each chunk's progress is written (tests read the status there). */
  onProgress?: (done: number, chunks: number) => Promise<void> | void;
}

/**
 * Runs the recompute of one workspace: rebuilds its rollups in its current zone and records the
 * progress. Does nothing when no recompute is pending. Returns the final state.
 */
export async function runRecompute(db: Database, workspaceId: number, options: RecomputeOptions = {}): Promise<RecomputeState | null> {
  const [claimed] = await db.query<{ requested: Date }>(
    `update rollup_recomputes set state = 'running', chunks_done = 0, chunks = 0
     where workspace_id = $1 and state in ('queued', 'running') returning requested_at as requested`, [workspaceId]);
  if (!claimed) return null;
  // Writes of this run count only while no newer change of zone queued another one.
  const mine = 'workspace_id = $1 and requested_at = $2';
  try {
    await rebuildRollups(db, {
      workspaceId,
      ...(options.chunkHours ? { chunkHours: options.chunkHours } : {}),
      onProgress: async (p) => {
        await db.query(`update rollup_recomputes set chunks_done = $3, chunks = $4 where ${mine}`, [workspaceId, claimed.requested, p.chunk, p.chunks]);
        await options.onProgress?.(p.chunk, p.chunks);
      },
    });
    const done = await db.query(`update rollup_recomputes set state = 'done', finished_at = now() where ${mine} returning 1`, [workspaceId, claimed.requested]);
    return done.length > 0 ? 'done' : 'queued';
  } catch (err) {
    await db.query(`update rollup_recomputes set state = 'failed', finished_at = now(), error = $3 where ${mine}`,
      [workspaceId, claimed.requested, err instanceof Error ? err.message.slice(0, 500) : String(err)]);
    throw err;
  }
}
