/**
 * Database upkeep the embedded engine does not do by itself. PGlite runs no autovacuum, so
 * without this the rollups that the projector updates in place would bloat and the planner would work
 * from statistics of an empty database. On a Postgres server autovacuum does the vacuuming; a
 * fresh `analyze` of the tables the read API joins is all that is added there.
 * On both engines it also deletes what has stopped meaning anything: expired sessions, invitations
 * that expired unused a grace period ago, and sign-in throttle rows whose window and lock are over.
 */
import type { Database, Queryable } from '../db/database.ts';
import { projectAllPending } from '../events/projector.ts';

/** Tables updated in place by ingest and the projector, or looked up by every read; the append-only event log is not among them. */
export const maintainedTables = [
  'group_daily', 'group_member_daily', 'group_join_sources', 'workspace_daily', 'workspaces',
  'memberships', 'member_identities', 'members', 'groups', 'message_changes',
  // Rows deleted by purgeExpired (below) and sessions renewed in place.
  'sessions', 'login_throttle',
] as const;

export interface PurgePolicy {
  /** Days an invitation that expired unused is kept (its link answers "expired", not "unknown"). */
  inviteGraceDays: number;
  /**
   * Hours after its window started that a login_throttle row with no lock running is dropped: far
   * longer than any window or lock of src/auth/throttle.ts, so that only rows whose window and
   * lock have both ended go, whatever the throttle's settings.
   */
  throttleStaleHours: number;
}

export const defaultPurgePolicy: PurgePolicy = { inviteGraceDays: 30, throttleStaleHours: 24 };

export interface Purged { sessions: number; invites: number; throttle: number }

/** Deletes expired sessions, long-expired unused invitations and stale throttle rows; plain SQL, one short statement each. */
export async function purgeExpired(db: Queryable, policy: PurgePolicy = defaultPurgePolicy): Promise<Purged> {
  const count = async (sql: string, params: unknown[] = []) => (await db.query<{ n: number }>(`with d as (${sql} returning 1) select count(*)::int as n from d`, params))[0]!.n;
  const sessions = await count('delete from sessions where expires_at <= now()');
  // Accepted invitations stay: they say who came in through whom.
  const invites = await count(`delete from staff_invites where accepted_at is null and expires_at <= now() - make_interval(days => $1)`, [policy.inviteGraceDays]);
  const throttle = await count(
    `delete from login_throttle where (locked_until is null or locked_until <= now()) and window_start <= now() - make_interval(hours => $1)`,
    [policy.throttleStaleHours]);
  return { sessions, invites, throttle };
}

export async function runMaintenance(db: Database): Promise<{ command: string; tables: readonly string[]; projected: number; purged: Purged }> {
  // Events whose projection failed are retried when their workspace stores more; a workspace
  // that went quiet gets them here.
  const projected = await projectAllPending(db);
  const purged = await purgeExpired(db);
  // VACUUM cannot run inside a transaction: it goes as a statement of its own.
  const command = db.engine === 'pglite' ? 'vacuum analyze' : 'analyze';
  await db.query(`${command} ${maintainedTables.join(', ')}`);
  return { command, tables: maintainedTables, projected, purged };
}
