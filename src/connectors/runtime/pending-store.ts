/**
 * The database side of what connectors keep for later (src/connectors/wecom/pending-callbacks.ts):
 * callbacks acknowledged to the platform but not processed yet, in table pending_callbacks, per
 * account, so that they survive a restart; and the dead letters a connector writes for payloads it
 * cannot use (the same table ingest dead-letters invalid events into).
 */
import type { Queryable } from '../../db/database.ts';
import type { PendingCallbackStore } from '../wecom/pending-callbacks.ts';

export function createDbPendingStore(db: Queryable, workspaceId: number, accountId: number): PendingCallbackStore {
  return {
    async add(item) {
      await db.query(
        `insert into pending_callbacks (workspace_id, account_id, key, group_ref, payload, attempts, next_attempt_at, last_error)
         values ($1, $2, $3, $4, $5, 1, $6, $7) on conflict (workspace_id, account_id, key) do nothing`,
        [workspaceId, accountId, item.key, item.chatId, item.xml, item.nextAttemptAt, item.error]);
    },
    async due(now, limit) {
      return db.query<{ id: number; xml: string; attempts: number }>(
        `select id, payload as xml, attempts from pending_callbacks
         where workspace_id = $1 and account_id = $2 and next_attempt_at <= $3 order by id limit $4`,
        [workspaceId, accountId, now, limit]);
    },
    async nextDue() {
      const rows = await db.query<{ at: Date | null }>(
        'select min(next_attempt_at) as at from pending_callbacks where workspace_id = $1 and account_id = $2', [workspaceId, accountId]);
      return rows[0]?.at ?? undefined;
    },
    async done(id) {
      await db.query('delete from pending_callbacks where workspace_id = $1 and id = $2', [workspaceId, id]);
    },
    async failed(id, error, nextAttemptAt) {
      await db.query(
        'update pending_callbacks set attempts = attempts + 1, last_error = $3, next_attempt_at = $4 where workspace_id = $1 and id = $2',
        [workspaceId, id, error.slice(0, 2000), nextAttemptAt]);
    },
  };
}

