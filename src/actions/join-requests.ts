/**
 * Join requests of a group that admits members by approval (a Telegram invite link that creates
 * join requests): the pending ones, as the connector runtime keeps them (join_requests), and an
 * operator's approval or decline, carried out through the group's connector. Deciding is
 * idempotent: a request already decided that way answers the same and the platform is not called
 * again (the connector checks the stored decision).
 */
import type { Queryable } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { onPlatform } from './errors.ts';
import { groupTarget, requireCapability, type ActionDeps } from './targets.ts';

export interface JoinRequestView {
  /** The requester as a Qunyun member (made when the request's event was stored), if known. */
  memberId: number | null;
  userId: string;
  name: string;
  requestedAt: string;
  source: string | null;
  inviteCode: string | null;
  bio: string | null;
}

export async function listJoinRequests(db: Queryable, workspaceId: number, groupId: number): Promise<{ items: JoinRequestView[] }> {
  const rows = await db.query<{
    member_id: number | null; user_id: string; name: string; requested_at: Date; source: string | null; invite_code: string | null; bio: string | null;
  }>(
    `select mi.member_id, jr.platform_user_id as user_id, jr.name, jr.requested_at, jr.source, jr.invite_code, jr.bio
     from groups g
     join join_requests jr on jr.workspace_id = g.workspace_id and jr.account_id = g.account_id
       and jr.platform_group_id = g.platform_group_id and jr.status = 'pending'
     left join member_identities mi on mi.workspace_id = jr.workspace_id and mi.account_id = jr.account_id and mi.platform_user_id = jr.platform_user_id
     where g.workspace_id = $1 and g.id = $2
     order by jr.requested_at, jr.platform_user_id limit 500`,
    [workspaceId, groupId]);
  return {
    items: rows.map((r) => ({
      memberId: r.member_id === null ? null : Number(r.member_id), userId: r.user_id, name: r.name,
      requestedAt: new Date(r.requested_at).toISOString(), source: r.source, inviteCode: r.invite_code, bio: r.bio,
    })),
  };
}

/** Approves or declines the member's request to join the group, on the platform. */
export async function decideJoinRequest(deps: ActionDeps, workspaceId: number, groupId: number, memberId: number, decision: 'approve' | 'decline'): Promise<{ status: 'approved' | 'declined' }> {
  const target = await groupTarget(deps, workspaceId, groupId);
  await onPlatform(async () => requireCapability(target, decision === 'approve' ? 'approveJoinRequest' : 'declineJoinRequest'));
  const rows = await deps.db.query<{ user_id: string }>(
    'select platform_user_id as user_id from member_identities where workspace_id = $1 and account_id = $2 and member_id = $3 limit 1',
    [workspaceId, target.accountId, memberId]);
  const userId = rows[0]?.user_id;
  if (userId === undefined) throw new AppError('not_found', `member ${memberId} has no identity on the account of group ${groupId}`);
  await onPlatform(() => decision === 'approve'
    ? target.connector.approveJoinRequest(target.platformGroupId, userId)
    : target.connector.declineJoinRequest(target.platformGroupId, userId));
  return { status: decision === 'approve' ? 'approved' : 'declined' };
}
