/**
 * The activities' background jobs on pg-boss (one schedule per name, so several processes do not
 * multiply the runs): every minute, close the activities whose time is up (closing is idempotent
 * under the activity's row lock); every night at 03:00 (UTC), the trust-level job and the KOL review.
 */
import type { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import { runKolReview } from './kol-store.ts';
import { closeDueActivities } from './store.ts';
import { updateTrustLevels } from './trust-store.ts';

export const ACTIVITIES_CLOSE_QUEUE = 'activities-close';
export const TRUST_KOL_QUEUE = 'activities-trust-kol';

async function workspaceIds(db: Database): Promise<number[]> {
  return (await db.query<{ id: number }>('select id from workspaces order by id')).map((r) => Number(r.id));
}

export async function registerActivityJobs(boss: PgBoss, db: Database, logger: Logger, pollingIntervalSeconds = 2): Promise<void> {
  await boss.createQueue(ACTIVITIES_CLOSE_QUEUE, { retryLimit: 1, expireInSeconds: 300 });
  await boss.work(ACTIVITIES_CLOSE_QUEUE, { pollingIntervalSeconds }, async () => {
    for (const ws of await workspaceIds(db)) {
      const n = await closeDueActivities(db, ws);
      if (n) logger.info({ workspaceId: ws, closed: n }, 'activities closed');
    }
  });
  await boss.createQueue(TRUST_KOL_QUEUE, { retryLimit: 1, expireInSeconds: 3600 });
  await boss.work(TRUST_KOL_QUEUE, { pollingIntervalSeconds }, async () => {
    for (const ws of await workspaceIds(db)) {
      const trust = await updateTrustLevels(db, ws);
      const kols = await runKolReview(db, ws);
      logger.info({ workspaceId: ws, trust, kols }, 'trust levels and KOL review done');
    }
  });
  await boss.schedule(ACTIVITIES_CLOSE_QUEUE, '* * * * *');
  await boss.schedule(TRUST_KOL_QUEUE, '0 3 * * *');
}
