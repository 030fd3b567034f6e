/**
 * Read-only API keys for BI tools (Metabase, Superset, a spreadsheet's web query): an owner
 * creates one in settings and sees its secret once; only its SHA-256 is stored. A key is sent as
 * `Authorization: Bearer qyk_…` (never in the URL, which request logs keep), works in its one
 * workspace with a viewer's reach (every GET route a viewer may call: lists, figures, exports),
 * and is refused on every other method (src/server/auth-hooks.ts). Each key may make
 * RATE_LIMIT requests per RATE_WINDOW_MS in each process (the rows of one export count once).
 * Creating and revoking are audited; a revoked key fails at once.
 */
import { z } from 'zod';
import type { Queryable } from '../db/database.ts';
import { hashToken, newToken } from '../auth/tokens.ts';
import { AppError } from '../errors.ts';

export const API_KEY_PREFIX = 'qyk_';
export const RATE_LIMIT = 120;
export const RATE_WINDOW_MS = 60_000;

export const ApiKeyName = z.string().trim().min(1).max(100);

export interface ApiKey {
  id: number; name: string; prefix: string; createdAt: Date; createdBy: { id: number; name: string } | null;
  lastUsedAt: Date | null; revokedAt: Date | null;
}

/** Whether an Authorization header carries an API key (any Bearer token of our form). */
export function apiKeyOf(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return m && m[1]!.startsWith(API_KEY_PREFIX) ? m[1] : undefined;
}

export async function createApiKey(db: Queryable, workspaceId: number, name: string, createdBy: number): Promise<{ key: ApiKey; secret: string }> {
  const secret = `${API_KEY_PREFIX}${newToken()}`;
  const [row] = await db.query<{ id: number }>(
    `insert into api_keys (workspace_id, name, prefix, token_hash, created_by) values ($1, $2, $3, $4, $5) returning id`,
    [workspaceId, ApiKeyName.parse(name), secret.slice(0, API_KEY_PREFIX.length + 6), hashToken(secret), createdBy]);
  const key = (await listApiKeys(db, workspaceId)).find((k) => k.id === Number(row!.id))!;
  return { key, secret };
}

export async function listApiKeys(db: Queryable, workspaceId: number): Promise<ApiKey[]> {
  const rows = await db.query<{ id: number; name: string; prefix: string; createdAt: Date; createdById: number | null; createdByName: string | null; lastUsedAt: Date | null; revokedAt: Date | null }>(
    `select k.id, k.name, k.prefix, k.created_at as "createdAt", k.created_by as "createdById", u.name as "createdByName",
            k.last_used_at as "lastUsedAt", k.revoked_at as "revokedAt"
     from api_keys k left join users u on u.id = k.created_by where k.workspace_id = $1 order by k.revoked_at is not null, k.id desc`, [workspaceId]);
  return rows.map((r) => ({
    id: Number(r.id), name: r.name, prefix: r.prefix, createdAt: r.createdAt, lastUsedAt: r.lastUsedAt, revokedAt: r.revokedAt,
    createdBy: r.createdById === null ? null : { id: Number(r.createdById), name: r.createdByName ?? '' },
  }));
}

/** Revokes the key (idempotent); not_found for a key of another workspace. */
export async function revokeApiKey(db: Queryable, workspaceId: number, id: number, by: number): Promise<{ name: string; alreadyRevoked: boolean }> {
  const [row] = await db.query<{ name: string; revokedAt: Date | null }>(
    'select name, revoked_at as "revokedAt" from api_keys where workspace_id = $1 and id = $2 for update', [workspaceId, id]);
  if (!row) throw new AppError('not_found', `no API key ${id}`);
  if (!row.revokedAt) await db.query('update api_keys set revoked_at = now(), revoked_by = $3 where workspace_id = $1 and id = $2', [workspaceId, id, by]);
  return { name: row.name, alreadyRevoked: row.revokedAt !== null };
}

export interface KeyActor { keyId: number; workspaceId: number; createdBy: number }

/** The live key of a secret, or undefined (unknown or revoked). Marks it used (once a minute at most). */
export async function resolveApiKey(db: Queryable, secret: string): Promise<KeyActor | undefined> {
  const [row] = await db.query<{ id: number; workspaceId: number; createdBy: number | null; stale: boolean }>(
    `select id, workspace_id as "workspaceId", created_by as "createdBy", (last_used_at is null or last_used_at < now() - interval '1 minute') as stale
     from api_keys where token_hash = $1 and revoked_at is null`, [hashToken(secret)]);
  if (row?.stale) await db.query('update api_keys set last_used_at = now() where workspace_id = $1 and id = $2', [row.workspaceId, row.id]);
  if (!row) return undefined;
  return { keyId: Number(row.id), workspaceId: Number(row.workspaceId), createdBy: Number(row.createdBy ?? 0) };
}

/**
 * A fixed-window counter per key, in this process: `take` answers how many seconds to wait when
 * the key has used up its window, else 0. Memory: one entry per key used in the last window.
 */
export function createKeyRateLimiter(limit = RATE_LIMIT, windowMs = RATE_WINDOW_MS, now: () => number = Date.now) {
  const windows = new Map<number, { start: number; used: number }>();
  return {
    take(keyId: number): number {
      const t = now();
      if (windows.size > 10_000) for (const [k, w] of windows) if (t - w.start >= windowMs) windows.delete(k);
      let w = windows.get(keyId);
      if (!w || t - w.start >= windowMs) { w = { start: t, used: 0 }; windows.set(keyId, w); }
      if (w.used >= limit) return Math.max(1, Math.ceil((w.start + windowMs - t) / 1000));
      w.used++;
      return 0;
    },
  };
}
