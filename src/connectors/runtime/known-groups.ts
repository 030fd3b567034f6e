/**
 * What Qunyun knows of a WeCom group, read from the database for the connector's reconcile
 * (reconcile.ts diffs WeCom's current view against it): the group's name and its active members
 * as platform user ids with the time of the join that was recorded, and its former members with
 * the time of their recorded leave (a join_time after it is a new join). The database is the truth
 * across restarts; the connector's own memory would forget everything it learned.
 */
import type { Queryable } from '../../db/database.ts';
import type { KnownGroup } from '../wecom/index.ts';

export async function loadKnownGroup(db: Queryable, workspaceId: number, accountId: number, chatId: string): Promise<KnownGroup | undefined> {
  const rows = await db.query<{ name: string; status: string; user_id: string | null; join_time: number | null; left_at: number | null; active: boolean | null }>(
    `select g.name, g.status, mi.platform_user_id as user_id, m.active,
            floor(extract(epoch from m.joined_at))::int8 as join_time,
            floor(extract(epoch from m.left_at))::int8 as left_at
     from groups g
     left join memberships m on m.workspace_id = g.workspace_id and m.group_id = g.id
     left join member_identities mi on mi.workspace_id = m.workspace_id and mi.account_id = g.account_id and mi.member_id = m.member_id
     where g.workspace_id = $1 and g.account_id = $2 and g.platform_group_id = $3`,
    [workspaceId, accountId, chatId]);
  if (rows.length === 0) return undefined;
  const known = rows.filter((r): r is typeof r & { user_id: string } => r.user_id !== null);
  const members = known.filter((r) => r.active)
    .map((r) => ({ userId: r.user_id, ...(r.join_time !== null ? { joinTime: Number(r.join_time) } : {}) }));
  const former = known.filter((r) => !r.active && r.left_at !== null).map((r) => ({ userId: r.user_id, leftAt: Number(r.left_at) }));
  return { name: rows[0]!.name, members, former };
}
