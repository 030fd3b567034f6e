/**
 * Workspaces (tenants) and the platform accounts configured in them. Every other row in the
 * database belongs to one workspace.
 */
import type { Queryable } from '../db/database.ts';

export interface Workspace { id: number; slug: string; name: string; timezone: string }
export interface PlatformAccount {
  workspaceId: number; id: number; platform: string; externalId: string; name: string;
  config: Record<string, unknown>; status: string;
}

/** Returns the workspace with this slug, creating it the first time. */
export async function ensureWorkspace(db: Queryable, slug: string, name = slug, timezone = 'Asia/Shanghai'): Promise<Workspace> {
  const rows = await db.query<Workspace>(
    `insert into workspaces (slug, name, timezone) values ($1, $2, $3)
     on conflict (slug) do update set slug = excluded.slug
     returning id, slug, name, timezone`, [slug, name, timezone]);
  return rows[0]!;
}

export async function getWorkspace(db: Queryable, id: number): Promise<Workspace | undefined> {
  const rows = await db.query<Workspace>('select id, slug, name, timezone from workspaces where id = $1', [id]);
  return rows[0];
}

const accountColumns = `workspace_id as "workspaceId", id, platform, external_id as "externalId", name, config, status`;

/** Returns the account of this platform and external id, creating it (with config) the first time. */
export async function ensurePlatformAccount(
  db: Queryable, workspaceId: number, platform: string, externalId: string, name: string,
  config: Record<string, unknown> = {},
): Promise<PlatformAccount> {
  const rows = await db.query<PlatformAccount>(
    `insert into platform_accounts (workspace_id, platform, external_id, name, config) values ($1, $2, $3, $4, $5)
     on conflict (workspace_id, platform, external_id) do update set name = excluded.name, config = excluded.config
     returning ${accountColumns}`, [workspaceId, platform, externalId, name, JSON.stringify(config)]);
  return rows[0]!;
}

export async function listPlatformAccounts(db: Queryable, workspaceId: number): Promise<PlatformAccount[]> {
  return db.query<PlatformAccount>(`select ${accountColumns} from platform_accounts where workspace_id = $1 order by id`, [workspaceId]);
}
