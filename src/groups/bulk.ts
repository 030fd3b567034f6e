/**
 * Bulk actions on groups from the console's list: tag, untag, set the layer (operators may, on
 * their own groups), assign to an operator (admins and owners only). One id out of the actor's
 * reach makes the whole request 404, so that nothing is half done: everything is checked first,
 * then the change is applied in chunks of bounded size, each its own short transaction
 * (src/db/chunks.ts), so that other requests are served in between. Each chunk is idempotent
 * (setting the same tag, layer or owner again changes nothing): if the server stops mid-way,
 * sending the same request again completes it. The audit record is written with the last chunk.
 */
import { chunksOf, ROWS_PER_CHUNK, yieldToEventLoop } from '../db/chunks.ts';
import type { Database, Queryable } from '../db/database.ts';
import { assertGroupsAccess, hasRole, type Actor } from '../auth/access.ts';
import { recordAudit } from '../audit/record.ts';
import { AppError } from '../errors.ts';

export type BulkGroupAction =
  | { action: 'tag' | 'untag' | 'setLayer'; value: string }
  | { action: 'assign'; value: number | null };

export async function bulkGroups(db: Database, actor: Actor, ids: number[], change: BulkGroupAction): Promise<{ updated: number }> {
  await assertGroupsAccess(db, actor, ids, { write: true });
  if (change.action === 'assign' && !hasRole(actor.role, 'admin')) throw new AppError('forbidden', 'only admins and owners assign groups');
  const unique = [...new Set(ids)];
  const ws = actor.workspaceId;
  if (change.action === 'assign' && change.value !== null) {
    const staff = await db.query<{ role: string }>('select role from workspace_staff where workspace_id = $1 and user_id = $2', [ws, change.value]);
    if (!staff[0]) throw new AppError('not_found', `no staff member ${change.value}`);
    if (staff[0].role === 'viewer') throw new AppError('bad_request', 'a viewer cannot be assigned groups');
  }
  const chunks = chunksOf(unique, ROWS_PER_CHUNK);
  let updated = 0;
  for (const [i, part] of chunks.entries()) {
    if (i > 0) await yieldToEventLoop();
    await db.transaction(async (tx) => {
      updated += await applyChunk(tx, ws, part, change);
      if (i === chunks.length - 1) {
        await recordAudit(tx, actor, { action: `group.${change.action}`, target: `groups:${unique.join(',')}`, detail: { value: change.value, updated } });
      }
    });
  }
  return { updated };
}

async function applyChunk(tx: Queryable, ws: number, ids: number[], change: BulkGroupAction): Promise<number> {
  switch (change.action) {
    case 'tag':
      return (await tx.query(`insert into group_tags (workspace_id, group_id, tag) select $1, id, $3 from unnest($2::int8[]) as id
        on conflict do nothing returning group_id`, [ws, ids, change.value])).length;
    case 'untag':
      return (await tx.query('delete from group_tags where workspace_id = $1 and group_id = any($2::int8[]) and tag = $3 returning group_id', [ws, ids, change.value])).length;
    case 'setLayer':
      return (await tx.query('update groups set layer = $3 where workspace_id = $1 and id = any($2::int8[]) returning id', [ws, ids, change.value])).length;
    case 'assign':
      return (await tx.query('update groups set owner_staff_id = $3 where workspace_id = $1 and id = any($2::int8[]) returning id', [ws, ids, change.value])).length;
  }
}
