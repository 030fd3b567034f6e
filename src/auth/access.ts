/**
 * Who may see and change what. Every route that reads or changes a workspace's data goes through
 * here, so that the rules live in one file:
 * - Every row belongs to one workspace: an id of another workspace is "not found" (404), never
 *   "forbidden", so that ids of other tenants cannot be probed.
 * - Roles rank owner > admin > operator > viewer. A route declares the least role it needs
 *   (`config: { minRole }`, enforced by src/server/auth-hooks.ts).
 * - An operator sees only the groups assigned to them (`groups.owner_staff_id` = their user id:
 *   one assigned operator per group) and the members of those groups, everywhere: lists, details,
 *   figures, bulk actions. A group that is not theirs is "not found" to them.
 * - A viewer reads everything in the workspace and changes nothing (403).
 */
import type { Queryable } from '../db/database.ts';
import { AppError } from '../errors.ts';

export const ROLES = ['owner', 'admin', 'operator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** The signed-in user acting in their current workspace, as every route sees them. */
export type Actor = {
  userId: number; workspaceId: number; role: Role; ip: string;
  /** Set when a read-only API key (src/reports/api-keys.ts) acts: userId is then the key's creator, role viewer. */
  apiKeyId?: number | undefined;
};

const rank: Record<Role, number> = { viewer: 0, operator: 1, admin: 2, owner: 3 };

/** Whether `role` is `min` or above. */
export function hasRole(role: Role, min: Role): boolean {
  return rank[role] >= rank[min];
}

/** Whether the actor sees only their assigned groups. */
export function isScopedToAssignedGroups(actor: Actor): boolean {
  return actor.role === 'operator';
}

/**
 * The condition that limits a query on `groups` (aliased `alias`) to what the actor may see. Pushes
 * its parameters onto `params` and refers to them by position, so it composes with any query:
 *   const params: unknown[] = [];
 *   const where = groupScopeSql(actor, 'g', params);
 *   db.query(`select … from groups g where ${where}`, params)
 */
export function groupScopeSql(actor: Actor, alias: string, params: unknown[]): string {
  params.push(actor.workspaceId);
  const ws = `${alias}.workspace_id = $${params.length}`;
  if (!isScopedToAssignedGroups(actor)) return ws;
  params.push(actor.userId);
  return `${ws} and ${alias}.owner_staff_id = $${params.length}`;
}

/**
 * The condition that limits a query on `members` (aliased `alias`) to what the actor may see:
 * for an operator, members who are or were in one of their groups.
 */
export function memberScopeSql(actor: Actor, alias: string, params: unknown[]): string {
  params.push(actor.workspaceId);
  const ws = `${alias}.workspace_id = $${params.length}`;
  if (!isScopedToAssignedGroups(actor)) return ws;
  params.push(actor.userId);
  return `${ws} and exists (select 1 from memberships ms_scope join groups g_scope
      on g_scope.workspace_id = ms_scope.workspace_id and g_scope.id = ms_scope.group_id
    where ms_scope.workspace_id = ${alias}.workspace_id and ms_scope.member_id = ${alias}.id
      and g_scope.owner_staff_id = $${params.length})`;
}

function assertWrite(actor: Actor, write: boolean): void {
  if (write && !hasRole(actor.role, 'operator')) throw new AppError('forbidden', 'your role may not change anything');
}

/**
 * Throws not_found when the group is not in the actor's workspace or (operator) not assigned to
 * them, forbidden when a viewer asks to write. Resolves when the actor may go ahead.
 */
export async function assertGroupAccess(db: Queryable, actor: Actor, groupId: number, options: { write: boolean }): Promise<void> {
  await assertGroupsAccess(db, actor, [groupId], options);
}

/** assertGroupAccess for several groups at once: one id out of reach makes the whole request 404. */
export async function assertGroupsAccess(db: Queryable, actor: Actor, groupIds: readonly number[], options: { write: boolean }): Promise<void> {
  const ids = [...new Set(groupIds)];
  if (ids.length > 0) {
    const params: unknown[] = [ids];
    const where = groupScopeSql(actor, 'g', params);
    const rows = await db.query<{ n: number }>(`select count(*)::int as n from groups g where g.id = any($1::int8[]) and ${where}`, params);
    if ((rows[0]?.n ?? 0) !== ids.length) {
      throw new AppError('not_found', ids.length === 1 ? `no group ${ids[0]}` : 'one or more groups were not found');
    }
  }
  assertWrite(actor, options.write);
}

/** The same rule for members: an operator reaches the members of their groups only. */
export async function assertMembersAccess(db: Queryable, actor: Actor, memberIds: readonly number[], options: { write: boolean }): Promise<void> {
  const ids = [...new Set(memberIds)];
  if (ids.length > 0) {
    const params: unknown[] = [ids];
    const where = memberScopeSql(actor, 'm', params);
    const rows = await db.query<{ n: number }>(`select count(*)::int as n from members m where m.id = any($1::int8[]) and ${where}`, params);
    if ((rows[0]?.n ?? 0) !== ids.length) {
      throw new AppError('not_found', ids.length === 1 ? `no member ${ids[0]}` : 'one or more members were not found');
    }
  }
  assertWrite(actor, options.write);
}

export async function assertMemberAccess(db: Queryable, actor: Actor, memberId: number, options: { write: boolean }): Promise<void> {
  await assertMembersAccess(db, actor, [memberId], options);
}
