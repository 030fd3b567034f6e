/**
 * Bulk actions on groups from the console's list: tag, untag, set the layer (operators may, on
 * their own groups), assign to an operator (admins and owners only). One id out of the actor's
 * reach makes the whole request 404, so that nothing is half done.
 */
import type { Database } from '../db/database.ts';
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
  return db.transaction(async (tx) => {
    let updated: number;
    const ws = actor.workspaceId;
    switch (change.action) {
      case 'tag': {
        const rows = await tx.query(`insert into group_tags (workspace_id, group_id, tag) select $1, id, $3 from unnest($2::int8[]) as id
          on conflict do nothing returning group_id`, [ws, unique, change.value]);
        updated = rows.length;
        break;
      }
      case 'untag': {
        const rows = await tx.query('delete from group_tags where workspace_id = $1 and group_id = any($2::int8[]) and tag = $3 returning group_id', [ws, unique, change.value]);
        updated = rows.length;
        break;
      }
      case 'setLayer': {
        const rows = await tx.query('update groups set layer = $3 where workspace_id = $1 and id = any($2::int8[]) returning id', [ws, unique, change.value]);
        updated = rows.length;
        break;
      }
      case 'assign': {
        if (change.value !== null) {
          const staff = await tx.query<{ role: string }>('select role from workspace_staff where workspace_id = $1 and user_id = $2', [ws, change.value]);
          if (!staff[0]) throw new AppError('not_found', `no staff member ${change.value}`);
          if (staff[0].role === 'viewer') throw new AppError('bad_request', 'a viewer cannot be assigned groups');
        }
        const rows = await tx.query('update groups set owner_staff_id = $3 where workspace_id = $1 and id = any($2::int8[]) returning id', [ws, unique, change.value]);
        updated = rows.length;
        break;
      }
    }
    await recordAudit(tx, actor, { action: `group.${change.action}`, target: `groups:${unique.join(',')}`, detail: { value: change.value, updated } });
    return { updated };
  });
}
