/**
 * The two advisory locks of the event log, per workspace (transaction-scoped, released at commit).
 *
 * - Append: ingest stores one batch of a workspace at a time, so seq values become visible in
 *   order. A reader that has seen seq N has seen every smaller seq of the workspace; the projector
 *   relies on it to follow the log without skipping an event that was still being written.
 * - Projection: one projector per workspace at a time, and the rollup rebuild takes it too, so
 *   that no slice of the log is added twice and weekly actives see each other's days.
 *
 * On PGlite there is one session: advisory locks never block there, and transactions run one
 * after another anyway.
 */
import type { Queryable } from '../db/database.ts';

const APPEND = 0x5159_0001;
const PROJECTION = 0x5159_0002;

export async function lockAppend(tx: Queryable, workspaceId: number): Promise<void> {
  await tx.query('select pg_advisory_xact_lock($1::int, $2::int)', [APPEND, workspaceId]);
}

export async function lockProjection(tx: Queryable, workspaceId: number): Promise<void> {
  await tx.query('select pg_advisory_xact_lock($1::int, $2::int)', [PROJECTION, workspaceId]);
}
