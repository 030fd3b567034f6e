/**
 * Finds what an operator's action is carried out on: a group's platform account, its running
 * connector and the platform's id of the group, and a member's platform user id on that account.
 */
import { ActionNotSupported, type ActionName, type Connector } from '../connectors/connector.ts';
import type { Queryable } from '../db/database.ts';
import { AppError } from '../errors.ts';

export interface ActionDeps {
  db: Queryable;
  /** The running connector of a platform account, if it runs. */
  connector(accountId: number): Connector | undefined;
}

export interface GroupTarget {
  workspaceId: number;
  groupId: number;
  platformGroupId: string;
  accountId: number;
  platform: string;
  connector: Connector;
}

export async function groupTarget(deps: ActionDeps, workspaceId: number, groupId: number): Promise<GroupTarget> {
  const rows = await deps.db.query<{ platform_group_id: string; account_id: number; platform: string | null; status: string | null; last_error: string | null }>(
    `select g.platform_group_id, g.account_id, a.platform, a.status, a.last_error
     from groups g left join platform_accounts a on a.workspace_id = g.workspace_id and a.id = g.account_id
     where g.workspace_id = $1 and g.id = $2`, [workspaceId, groupId]);
  const row = rows[0];
  if (!row) throw new AppError('not_found', `no group ${groupId}`);
  const connector = deps.connector(row.account_id);
  if (!connector || row.platform === null) {
    const why = row.status === 'disabled' ? 'is disabled' : row.status === 'error' ? `failed: ${row.last_error ?? 'unknown error'}` : 'is not connected';
    throw new AppError('conflict', `the platform account of group ${groupId} ${why}; nothing was done`);
  }
  return { workspaceId, groupId, platformGroupId: row.platform_group_id, accountId: row.account_id, platform: row.platform, connector };
}

/** The member's platform user id in the group's account; they must be in the group now. */
export async function memberInGroup(db: Queryable, target: GroupTarget, memberId: number): Promise<string> {
  const rows = await db.query<{ user_id: string; active: boolean | null }>(
    `select mi.platform_user_id as user_id, m.active
     from member_identities mi
     left join memberships m on m.workspace_id = mi.workspace_id and m.group_id = $3 and m.member_id = mi.member_id
     where mi.workspace_id = $1 and mi.account_id = $2 and mi.member_id = $4
     order by m.active desc nulls last limit 1`,
    [target.workspaceId, target.accountId, target.groupId, memberId]);
  const row = rows[0];
  if (!row || row.active === null) throw new AppError('not_found', `member ${memberId} is not in group ${target.groupId}`);
  if (!row.active) throw new AppError('conflict', `member ${memberId} has left group ${target.groupId}`);
  return row.user_id;
}

/** Says at once when the platform cannot do the action, before anything else is looked up. */
export function requireCapability(target: GroupTarget, action: ActionName): void {
  const c = target.connector.capabilities[action];
  if (!c.supported) throw new ActionNotSupported(target.platform, action, c.reason, c.instead);
}
