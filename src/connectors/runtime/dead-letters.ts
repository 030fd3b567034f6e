/**
 * Dead letters written by a connector: a platform update it could not translate is kept raw with
 * the reason, in the same table as ingest's (events that failed validation), so an operator
 * finds both in one place, and the connector can acknowledge the update instead of having the
 * platform deliver it again forever.
 */
import type { Queryable } from '../../db/database.ts';
import { storableJson, storableText } from '../../db/storable.ts';

/** Keeps an update a connector could not translate, with the reason, beside ingest's dead letters. */
export async function deadLetterRaw(db: Queryable, workspaceId: number, accountId: number, raw: unknown, reason: string): Promise<void> {
  let json: string;
  try {
    json = storableJson(raw ?? null);
  } catch {
    json = storableJson(String(raw));
  }
  await db.query('insert into dead_letters (workspace_id, account_id, reason, raw) values ($1, $2, $3, $4::jsonb)',
    [workspaceId, accountId, storableText(reason.slice(0, 2000)), json]);
}
