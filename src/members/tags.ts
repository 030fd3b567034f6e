/**
 * Operators' tags on members: replace one member's tags, or add and remove tags on many. Operators
 * may, on the members of their groups; each change is audited in the same transaction. An erased
 * member (src/members/privacy.ts) takes no tags again: one is refused (409), many leave them out.
 */
import type { Database } from '../db/database.ts';
import { assertMembersAccess, type Actor } from '../auth/access.ts';
import { recordAudit } from '../audit/record.ts';
import { AppError } from '../errors.ts';

const clean = (tags: string[]) => [...new Set(tags.map((t) => t.trim()).filter(Boolean))].sort();

export async function setMemberTags(db: Database, actor: Actor, memberId: number, tags: string[]): Promise<{ tags: string[] }> {
  await assertMembersAccess(db, actor, [memberId], { write: true });
  const wanted = clean(tags);
  return db.transaction(async (tx) => {
    const [erased] = await tx.query('select 1 from members where workspace_id = $1 and id = $2 and erased_at is not null', [actor.workspaceId, memberId]);
    if (erased) throw new AppError('conflict', `member ${memberId} was erased: their tags are gone for good`);
    await tx.query('delete from member_tags where workspace_id = $1 and member_id = $2 and not (tag = any($3::text[]))', [actor.workspaceId, memberId, wanted]);
    await tx.query(`insert into member_tags (workspace_id, member_id, tag) select $1, $2, t from unnest($3::text[]) as t on conflict do nothing`,
      [actor.workspaceId, memberId, wanted]);
    await recordAudit(tx, actor, { action: 'member.tags.set', target: `member:${memberId}`, detail: { tags: wanted } });
    return { tags: wanted };
  });
}

export async function bulkTagMembers(db: Database, actor: Actor, ids: number[], add: string[], remove: string[]): Promise<{ updated: number }> {
  await assertMembersAccess(db, actor, ids, { write: true });
  const unique = [...new Set(ids)], plus = clean(add), minus = clean(remove);
  return db.transaction(async (tx) => {
    const added = await tx.query<{ member_id: number }>(
      `insert into member_tags (workspace_id, member_id, tag)
       select $1, m.id, t from members m cross join unnest($3::text[]) as t
       where m.workspace_id = $1 and m.id = any($2::int8[]) and m.erased_at is null
       on conflict do nothing returning member_id`, [actor.workspaceId, unique, plus]);
    const removed = await tx.query<{ member_id: number }>(
      'delete from member_tags where workspace_id = $1 and member_id = any($2::int8[]) and tag = any($3::text[]) returning member_id',
      [actor.workspaceId, unique, minus]);
    const updated = new Set([...added, ...removed].map((r) => r.member_id)).size;
    await recordAudit(tx, actor, { action: 'member.tags.bulk', target: `members:${unique.join(',')}`, detail: { add: plus, remove: minus, updated } });
    return { updated };
  });
}
