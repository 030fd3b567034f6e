/** A workspace and a sandbox account named after `slug`, as the scope ingest works in. */
import type { Database } from '../../src/db/database.ts';
import type { IngestScope } from '../../src/events/ingest.ts';
import { ensurePlatformAccount, ensureWorkspace } from '../../src/workspaces/workspaces.ts';

export async function ingestScope(db: Database, slug: string): Promise<IngestScope> {
  const w = await ensureWorkspace(db, slug);
  const a = await ensurePlatformAccount(db, w.id, 'sandbox', `bot-${slug}`, 'bot');
  return { workspaceId: w.id, accountId: a.id, timezone: w.timezone };
}
