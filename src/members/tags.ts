/**
 * Operators' tags on members: replace one member's tags, or add and remove tags on many. Operators
 * may, on the members of their groups; each change is audited in the same transaction.
 * A bulk change checks every member first (one out of reach: 404, nothing done), then applies in
 * chunks of bounded size, each its own short transaction (src/db/chunks.ts), so that other
 * requests are served in between. Each chunk is idempotent (insert on conflict do nothing, delete):
 * if the server stops mid-way, sending the same request again completes it. The audit record is
 * written with the last chunk.
 * An erased member (src/members/privacy.ts) takes no tags again: one is refused (409), many leave them out.
 */
import { chunksOf, ROWS_PER_CHUNK, yieldToEventLoop } from '../db/chunks.ts';
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
  const chunks = chunksOf(unique, ROWS_PER_CHUNK / Math.max(1, plus.length + minus.length));
  const touched = new Set<number>();
  for (const [i, part] of chunks.entries()) {
    if (i > 0) await yieldToEventLoop();
    await db.transaction(async (tx) => {
      const added = await tx.query<{ member_id: number }>(
        `insert into member_tags (workspace_id, member_id, tag)
         select $1, m.id, t from members m cross join unnest($3::text[]) as t
         where m.workspace_id = $1 and m.id = any($2::int8[]) and m.erased_at is null
         on conflict do nothing returning member_id`, [actor.workspaceId, part, plus]);
      const removed = await tx.query<{ member_id: number }>(
        'delete from member_tags where workspace_id = $1 and member_id = any($2::int8[]) and tag = any($3::text[]) returning member_id',
        [actor.workspaceId, part, minus]);
      for (const r of [...added, ...removed]) touched.add(Number(r.member_id));
      if (i === chunks.length - 1) {
        await recordAudit(tx, actor, { action: 'member.tags.bulk', target: `members:${unique.join(',')}`, detail: { add: plus, remove: minus, updated: touched.size } });
      }
    });
  }
  return { updated: touched.size };
}
