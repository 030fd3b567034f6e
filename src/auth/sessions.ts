/**
 * Sessions: a random token in an HTTP-only cookie, its hash in the database. A session expires
 * after SESSION_IDLE_DAYS without use: each use pushes the expiry forward (sliding), written at
 * most once per RENEW_AFTER_MS so that reads do not each cost a write. A session works in one
 * workspace at a time, which the user can switch among theirs.
 */
import type { Queryable } from '../db/database.ts';
import type { Role } from './access.ts';
import { hashToken, newToken } from './tokens.ts';

export const SESSION_COOKIE = 'qy_session';
export const SESSION_IDLE_DAYS = 14;
const IDLE_MS = SESSION_IDLE_DAYS * 86_400_000;
const RENEW_AFTER_MS = 60 * 60_000;

export interface SessionInfo {
  tokenHash: string;
  userId: number;
  workspaceId: number;
  role: Role;
  expiresAt: Date;
  /** True when this lookup pushed the expiry forward: the cookie is sent again with the new date. */
  renewed: boolean;
}

export async function createSession(db: Queryable, userId: number, workspaceId: number, client: { ip: string; userAgent?: string | undefined }): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = new Date(Date.now() + IDLE_MS);
  await db.query(
    `insert into sessions (token_hash, user_id, workspace_id, expires_at, ip, user_agent) values ($1, $2, $3, $4, $5, $6)`,
    [hashToken(token), userId, workspaceId, expiresAt, client.ip, client.userAgent?.slice(0, 300) ?? null]);
  return { token, expiresAt };
}

/**
 * The live session of a token, with the user's role in its workspace. A user removed from that
 * workspace is moved to another of theirs; a user left with none is signed out.
 */
export async function resolveSession(db: Queryable, token: string): Promise<SessionInfo | undefined> {
  const tokenHash = hashToken(token);
  const rows = await db.query<{ userId: number; workspaceId: number; role: Role | null; expiresAt: Date; renewedAt: Date }>(
    `select s.user_id as "userId", s.workspace_id as "workspaceId", ws.role, s.expires_at as "expiresAt", s.renewed_at as "renewedAt"
     from sessions s left join workspace_staff ws on ws.workspace_id = s.workspace_id and ws.user_id = s.user_id
     where s.token_hash = $1 and s.expires_at > now()`, [tokenHash]);
  const row = rows[0];
  if (!row) return undefined;
  let { workspaceId, role } = row;
  if (role === null) {
    const other = (await db.query<{ workspaceId: number; role: Role }>(
      `select workspace_id as "workspaceId", role from workspace_staff where user_id = $1 order by workspace_id limit 1`, [row.userId]))[0];
    if (!other) {
      await db.query('delete from sessions where token_hash = $1', [tokenHash]);
      return undefined;
    }
    ({ workspaceId, role } = other);
    await db.query('update sessions set workspace_id = $2 where token_hash = $1', [tokenHash, workspaceId]);
  }
  let expiresAt = row.expiresAt;
  let renewed = false;
  if (Date.now() - row.renewedAt.getTime() > RENEW_AFTER_MS) {
    expiresAt = new Date(Date.now() + IDLE_MS);
    await db.query('update sessions set expires_at = $2, renewed_at = now() where token_hash = $1', [tokenHash, expiresAt]);
    renewed = true;
  }
  return { tokenHash, userId: row.userId, workspaceId, role, expiresAt, renewed };
}

export async function deleteSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.query('delete from sessions where token_hash = $1', [tokenHash]);
}

export async function switchSessionWorkspace(db: Queryable, tokenHash: string, workspaceId: number): Promise<void> {
  await db.query('update sessions set workspace_id = $2 where token_hash = $1', [tokenHash, workspaceId]);
}

/** Signs a user out everywhere in a workspace (removed from it): their other workspaces stay. */
export async function endSessionsIn(db: Queryable, workspaceId: number, userId: number): Promise<void> {
  await db.query('delete from sessions where workspace_id = $1 and user_id = $2', [workspaceId, userId]);
}

/** Signs the user out of every session but this one (a password change); how many ended. */
export async function endOtherSessions(db: Queryable, userId: number, keepTokenHash: string): Promise<number> {
  return (await db.query('delete from sessions where user_id = $1 and token_hash <> $2 returning token_hash', [userId, keepTokenHash])).length;
}

/** Signs the user out everywhere, in every workspace (sign out everywhere); how many ended. */
export async function endAllSessions(db: Queryable, userId: number): Promise<number> {
  return (await db.query('delete from sessions where user_id = $1 returning token_hash', [userId])).length;
}
