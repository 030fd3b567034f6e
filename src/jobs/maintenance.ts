/**
 * Database upkeep the embedded engine does not do by itself. PGlite runs no autovacuum, so
 * without this the rollups that the projector updates in place would bloat and the planner would work
 * from statistics of an empty database. On a Postgres server autovacuum does the vacuuming; a
 * fresh `analyze` of the tables the read API joins is all that is added there.
 */
import type { Database } from '../db/database.ts';
import { projectAllPending } from '../events/projector.ts';

/** Tables updated in place by ingest and the projector, or looked up by every read; the append-only event log is not among them. */
export const maintainedTables = [
  'group_daily', 'group_join_sources', 'workspace_daily', 'workspaces',
  'memberships', 'member_identities', 'members', 'groups', 'message_changes',
] as const;

export async function runMaintenance(db: Database): Promise<{ command: string; tables: readonly string[]; projected: number }> {
  // Events whose projection failed are retried when their workspace stores more; a workspace
  // that went quiet gets them here.
  const projected = await projectAllPending(db);
  // VACUUM cannot run inside a transaction: it goes as a statement of its own.
  const command = db.engine === 'pglite' ? 'vacuum analyze' : 'analyze';
  await db.query(`${command} ${maintainedTables.join(', ')}`);
  return { command, tables: maintainedTables, projected };
}
