/**
 * Join requests in the database, for the connector of one platform account (workspace-scoped):
 * the store behind the Telegram connector's pendingJoinRequests() and its approvals. A request
 * waits here until an operator decides it, across restarts; the decision is kept too, so that
 * deciding again does not reach the platform, and a join after an approval still gets the
 * request's link and source. A request delivered again changes nothing; a newer one from the
 * same user (after a decline) opens the request again.
 */
import type { Queryable } from '../../db/database.ts';
import type { JoinRequestStore, StoredJoinRequest } from '../telegram/join-requests.ts';

interface Row {
  group_id: string; user_id: string; name: string; requested_at: Date; invite_code: string | null;
  source: string | null; bio: string | null; status: StoredJoinRequest['status']; decided_at: Date | null;
}

const columns = `platform_group_id as group_id, platform_user_id as user_id, name, requested_at, invite_code, source, bio, status, decided_at`;

function toRequest(r: Row): StoredJoinRequest {
  return {
    groupId: r.group_id, userId: r.user_id, name: r.name, requestedAt: new Date(r.requested_at).toISOString(),
    ...(r.invite_code !== null ? { inviteCode: r.invite_code } : {}),
    ...(r.source !== null ? { source: r.source } : {}),
    ...(r.bio !== null ? { bio: r.bio } : {}),
    status: r.status,
    ...(r.decided_at !== null ? { decidedAt: new Date(r.decided_at).toISOString() } : {}),
  };
}

export function databaseJoinRequestStore(db: Queryable, workspaceId: number, accountId: number): JoinRequestStore {
  return {
    async save(r) {
      await db.query(
        `insert into join_requests (workspace_id, account_id, platform_group_id, platform_user_id, name, requested_at, invite_code, source, bio)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         on conflict (workspace_id, account_id, platform_group_id, platform_user_id) do update
           set name = excluded.name, requested_at = excluded.requested_at, invite_code = excluded.invite_code,
               source = excluded.source, bio = excluded.bio, status = 'pending', decided_at = null
           where join_requests.requested_at < excluded.requested_at`,
        [workspaceId, accountId, r.groupId, r.userId, r.name, r.requestedAt, r.inviteCode ?? null, r.source ?? null, r.bio ?? null]);
    },
    async get(groupId, userId) {
      const rows = await db.query<Row>(
        `select ${columns} from join_requests
         where workspace_id = $1 and account_id = $2 and platform_group_id = $3 and platform_user_id = $4`,
        [workspaceId, accountId, groupId, userId]);
      return rows[0] && toRequest(rows[0]);
    },
    async decide(groupId, userId, status) {
      // A request never seen (decided straight from its ids) is recorded with its decision.
      await db.query(
        `insert into join_requests (workspace_id, account_id, platform_group_id, platform_user_id, requested_at, status, decided_at)
         values ($1, $2, $3, $4, now(), $5, now())
         on conflict (workspace_id, account_id, platform_group_id, platform_user_id) do update
           set status = excluded.status, decided_at = excluded.decided_at`,
        [workspaceId, accountId, groupId, userId, status]);
    },
    async pending(groupId) {
      const rows = await db.query<Row>(
        `select ${columns} from join_requests
         where workspace_id = $1 and account_id = $2 and status = 'pending' and ($3::text is null or platform_group_id = $3)
         order by requested_at, platform_user_id limit 1000`,
        [workspaceId, accountId, groupId ?? null]);
      return rows.map((r) => {
        const { status: _s, decidedAt: _d, ...rest } = toRequest(r);
        return rest;
      });
    },
  };
}
