/**
 * What Qunyun knows of a WeCom group, read from the database for the connector's reconcile
 * (reconcile.ts diffs WeCom's current view against it): the group's name and its active members
 * as platform user ids with the time of the join that was recorded. The database is the truth
 * across restarts; the connector's own memory would forget everything it learned.
 */
import type { Queryable } from '../../db/database.ts';
import type { KnownGroup } from '../wecom/index.ts';

export async function loadKnownGroup(db: Queryable, workspaceId: number, accountId: number, chatId: string): Promise<KnownGroup | undefined> {
  const rows = await db.query<{ name: string; status: string; user_id: string | null; join_time: number | null }>(
    `select g.name, g.status, mi.platform_user_id as user_id,
            floor(extract(epoch from m.joined_at))::int8 as join_time
     from groups g
     left join memberships m on m.workspace_id = g.workspace_id and m.group_id = g.id and m.active
     left join member_identities mi on mi.workspace_id = m.workspace_id and mi.account_id = g.account_id and mi.member_id = m.member_id
     where g.workspace_id = $1 and g.account_id = $2 and g.platform_group_id = $3`,
    [workspaceId, accountId, chatId]);
  if (rows.length === 0) return undefined;
  const members = rows
    .filter((r): r is typeof r & { user_id: string } => r.user_id !== null)
    .map((r) => ({ userId: r.user_id, ...(r.join_time !== null ? { joinTime: Number(r.join_time) } : {}) }));
  return { name: rows[0]!.name, members };
}
