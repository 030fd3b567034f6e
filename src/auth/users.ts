/**
 * Users (login identities of the installation) and their places in workspaces (workspace_staff).
 * Emails are compared lower-cased and trimmed.
 */
import type { Database, Queryable } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { ensureWorkspace, type Workspace } from '../workspaces/workspaces.ts';
import type { Role } from './access.ts';
import { checkPasswordPolicy, hashPassword } from './passwords.ts';

export interface User { id: number; email: string; name: string }

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export async function anyUserExists(db: Queryable): Promise<boolean> {
  const rows = await db.query<{ x: number }>('select 1 as x from users limit 1');
  return rows.length > 0;
}

export async function findUserByEmail(db: Queryable, email: string): Promise<(User & { passwordHash: string }) | undefined> {
  const rows = await db.query<User & { passwordHash: string }>(
    'select id, email, name, password_hash as "passwordHash" from users where email = $1', [normalizeEmail(email)]);
  return rows[0];
}

export async function getUser(db: Queryable, id: number): Promise<User | undefined> {
  return (await db.query<User>('select id, email, name from users where id = $1', [id]))[0];
}

/** Creates a user; 409 when the email is taken. */
export async function createUser(db: Queryable, input: { email: string; name: string; password: string }): Promise<User> {
  checkPasswordPolicy(input.password);
  const passwordHash = await hashPassword(input.password);
  const rows = await db.query<User>(
    `insert into users (email, name, password_hash) values ($1, $2, $3)
     on conflict (email) do nothing returning id, email, name`, [normalizeEmail(input.email), input.name.trim(), passwordHash]);
  if (!rows[0]) throw new AppError('conflict', 'a user with this email exists already');
  return rows[0];
}

/** Sets a new password (policy checked; `field` names it in the error's issues). */
export async function setPassword(db: Queryable, userId: number, password: string, field = 'body.newPassword'): Promise<void> {
  checkPasswordPolicy(password, field);
  await db.query('update users set password_hash = $2 where id = $1', [userId, await hashPassword(password)]);
}

/** Gives the user a role in the workspace (or changes it). */
export async function setStaffRole(db: Queryable, workspaceId: number, userId: number, role: Role): Promise<void> {
  await db.query(
    `insert into workspace_staff (workspace_id, user_id, role) values ($1, $2, $3)
     on conflict (workspace_id, user_id) do update set role = excluded.role`, [workspaceId, userId, role]);
}

export async function roleIn(db: Queryable, workspaceId: number, userId: number): Promise<Role | undefined> {
  const rows = await db.query<{ role: Role }>('select role from workspace_staff where workspace_id = $1 and user_id = $2', [workspaceId, userId]);
  return rows[0]?.role;
}

export async function workspacesOf(db: Queryable, userId: number): Promise<Array<{ id: number; name: string; role: Role }>> {
  return db.query(
    `select w.id, w.name, s.role from workspace_staff s join workspaces w on w.id = s.workspace_id
     where s.user_id = $1 order by w.name, w.id`, [userId]);
}

/** A slug from a workspace's name: ASCII letters and digits, or `ws` with a random suffix. */
export function slugFor(name: string): string {
  const base = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return `${base || 'ws'}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * The first owner and their workspace, in one transaction, only while no user exists: 409 after.
 * An existing workspace (the installation's default one, which may already hold data) is taken
 * over and renamed rather than a second one created.
 */
export async function setupFirstOwner(db: Database, input: { email: string; name: string; password: string; workspaceName: string }, defaultSlug: string): Promise<{ user: User; workspace: Workspace }> {
  checkPasswordPolicy(input.password);
  return db.transaction(async (tx) => {
    // Serialises concurrent set-ups: the second waits, then sees the first user.
    await tx.query('lock table users in exclusive mode');
    if (await anyUserExists(tx)) throw new AppError('conflict', 'Qunyun is set up already: sign in');
    const ws = await ensureWorkspace(tx, defaultSlug, input.workspaceName);
    const renamed = (await tx.query<Workspace>(
      'update workspaces set name = $2 where id = $1 returning id, slug, name, timezone', [ws.id, input.workspaceName.trim()]))[0]!;
    const user = await createUser(tx, input);
    await setStaffRole(tx, renamed.id, user.id, 'owner');
    return { user, workspace: renamed };
  });
}

/**
 * A user with a role in a workspace (by slug or name; created if none matches), for the CLI and
 * the demo: creates the user if the email is new, else keeps their password. Audited.
 */
export async function ensureUserWithRole(db: Database, input: { email: string; name: string; password: string; workspace: string; role: Role }): Promise<{ user: User; workspace: Workspace; created: boolean }> {
  return db.transaction(async (tx) => {
    const found = (await tx.query<Workspace>('select id, slug, name, timezone from workspaces where slug = $1 or name = $1 order by (slug = $1) desc, id limit 1', [input.workspace]))[0];
    const workspace = found ?? await ensureWorkspace(tx, input.workspace === 'default' ? 'default' : slugFor(input.workspace), input.workspace);
    const existing = await findUserByEmail(tx, input.email);
    const user = existing ? { id: existing.id, email: existing.email, name: existing.name } : await createUser(tx, input);
    await setStaffRole(tx, workspace.id, user.id, input.role);
    await tx.query(`insert into audit_log (workspace_id, actor_user_id, action, target, detail) values ($1, null, 'staff.cli', $2, $3)`,
      [workspace.id, `user:${user.id}`, JSON.stringify({ role: input.role, created: !existing })]);
    return { user, workspace, created: !existing };
  });
}
