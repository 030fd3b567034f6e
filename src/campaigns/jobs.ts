/**
 * The campaigns' scheduled work on the worker's pg-boss (every 5 minutes, one run at a time across
 * processes): referrals whose friend has now stayed long enough are credited, held verdicts are
 * looked at again (a lifted ban, the silent-friends share), and 比 campaigns that ended give their
 * rank rewards, once.
 */
import type { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import { awardRanks, listCampaigns, openReferrals, reassess } from './store.ts';

export const CAMPAIGNS_QUEUE = 'campaigns';
export const CAMPAIGNS_CRON = '*/5 * * * *';

export async function runCampaignUpkeep(db: Database, now = new Date()): Promise<{ changed: number; ranked: number }> {
  const workspaces = await db.query<{ workspace_id: number }>(`select distinct workspace_id from campaigns where status <> 'ended' or kind = 'rank'`);
  let changed = 0, ranked = 0;
  for (const { workspace_id } of workspaces) {
    const ws = Number(workspace_id);
    const ids = await openReferrals(db, ws);
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      changed += await db.transaction((tx) => reassess(tx, ws, chunk, now));
    }
    for (const c of await listCampaigns(db, ws)) ranked += await db.transaction((tx) => awardRanks(tx, c, now));
  }
  return { changed, ranked };
}

export async function registerCampaignJobs(boss: PgBoss, db: Database, logger: Logger): Promise<void> {
  await boss.createQueue(CAMPAIGNS_QUEUE, { retryLimit: 0, expireInSeconds: 4 * 60, policy: 'stately' });
  await boss.work(CAMPAIGNS_QUEUE, { pollingIntervalSeconds: 2 }, async () => {
    const done = await runCampaignUpkeep(db);
    if (done.changed || done.ranked) logger.info(done, 'campaigns upkeep done');
  });
  await boss.schedule(CAMPAIGNS_QUEUE, CAMPAIGNS_CRON);
}
