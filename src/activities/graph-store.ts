/**
 * The reply and mention graph read from the event log: who replied to whom (a message's replyTo
 * resolved to the replied message's sender) and who mentioned whom (platform user ids resolved
 * to members), between distinct members, over a window. Trust levels and KOLs are computed from it.
 */
import type { Queryable } from '../db/database.ts';

export interface GraphEdge { from: number; to: number; groupId: number; kind: 'reply' | 'mention'; parentText: string | null; at: Date }

export async function interactionsSince(db: Queryable, workspaceId: number, since: Date, groupIds: number[] | null = null): Promise<GraphEdge[]> {
  const scope = groupIds ? 'and c.group_id = any($3::int8[])' : '';
  const params: unknown[] = [workspaceId, since, ...(groupIds ? [groupIds] : [])];
  const replies = await db.query<{ child: number; parent: number; group_id: number; parent_text: string | null; at: Date }>(
    `select c.member_id as child, p.member_id as parent, c.group_id, p.payload->>'text' as parent_text, c.occurred_at as at
     from events c join events p on p.workspace_id = c.workspace_id and p.group_id = c.group_id and p.type = 'message'
       and p.message_id = c.payload->>'replyTo'
     where c.workspace_id = $1 and c.type = 'message' and c.occurred_at >= $2 and c.payload ? 'replyTo'
       and c.member_id is not null and p.member_id is not null and c.member_id <> p.member_id ${scope}`, params);
  const mentions = await db.query<{ child: number; parent: number; group_id: number; at: Date }>(
    `select c.member_id as child, mi.member_id as parent, c.group_id, c.occurred_at as at
     from events c cross join lateral jsonb_array_elements_text(c.payload->'mentions') as u(uid)
     join member_identities mi on mi.workspace_id = c.workspace_id and mi.account_id = c.account_id and mi.platform_user_id = u.uid
     where c.workspace_id = $1 and c.type = 'message' and c.occurred_at >= $2 and c.payload ? 'mentions'
       and c.member_id is not null and c.member_id <> mi.member_id ${scope}`, params);
  return [
    ...replies.map((r) => ({ from: Number(r.child), to: Number(r.parent), groupId: Number(r.group_id), kind: 'reply' as const, parentText: r.parent_text, at: new Date(r.at) })),
    ...mentions.map((r) => ({ from: Number(r.child), to: Number(r.parent), groupId: Number(r.group_id), kind: 'mention' as const, parentText: null, at: new Date(r.at) })),
  ];
}
