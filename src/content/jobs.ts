/**
 * The content calendar's job on pg-boss: every minute, each workspace's tick (store.ts) posts
 * the planned entries whose slot has come, reminds the tasks due in 30 minutes and moves live
 * sessions on. One schedule per name, so several processes do not multiply the runs; and a tick
 * that runs twice posts once (row locks, unique outbox keys).
 */
import type { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import { runContentTick } from './store.ts';

export const CONTENT_QUEUE = 'content-tick';

/** Workspaces with a planned entry or a live session not done: the others have nothing to tick. */
export async function contentWorkspaces(db: Database): Promise<number[]> {
  return (await db.query<{ id: number }>(
    `select distinct workspace_id as id from calendar_entries where status = 'planned'
     union select distinct workspace_id from live_sessions where status in ('planned', 'running') order by 1`)).map((r) => Number(r.id));
}

export async function registerContentJobs(boss: PgBoss, db: Database, logger: Logger, pollingIntervalSeconds = 2): Promise<void> {
  await boss.createQueue(CONTENT_QUEUE, { retryLimit: 1, expireInSeconds: 300 });
  await boss.work(CONTENT_QUEUE, { pollingIntervalSeconds }, async () => {
    for (const ws of await contentWorkspaces(db)) {
      const r = await runContentTick(db, ws);
      if (r.posted + r.reminded + r.missed + r.liveSteps + r.liveReports > 0) logger.info({ workspaceId: ws, ...r }, 'content calendar tick');
    }
  });
  await boss.schedule(CONTENT_QUEUE, '* * * * *');
}
