/**
 * The live codes' scheduled work on the worker's pg-boss (every 5 minutes, one run at a time
 * across processes): seats of reservations nobody used are given back, so are the seats of leases
 * no process used for two minutes (a process that crashed holding them; seat-batches.ts), and the platform links
 * behind codes that expire within a day are replaced (refreshLinks) before a newcomer meets a dead
 * one. Each run acts through the connectors of the process that takes the job.
 */
import type { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { ActionDeps } from '../actions/targets.ts';
import { refreshLinks } from './open-group.ts';
import { expireReservations } from './route.ts';
import { reclaimLeases } from './seat-batches.ts';

export const LIVE_CODES_QUEUE = 'live-codes';
export const LIVE_CODES_CRON = '*/5 * * * *';

export async function runLiveCodeUpkeep(deps: ActionDeps, now = new Date()): Promise<{ expired: number; reclaimed: number; refreshed: number; failed: number }> {
  const workspaces = await deps.db.query<{ workspace_id: number }>('select distinct workspace_id from live_codes');
  let expired = 0, reclaimed = 0, refreshed = 0, failed = 0;
  for (const { workspace_id: ws } of workspaces) {
    expired += await expireReservations(deps.db, ws, now);
    reclaimed += await reclaimLeases(deps.db, ws, now);
    const r = await refreshLinks(deps, ws, now);
    refreshed += r.refreshed;
    failed += r.failed.length;
  }
  return { expired, reclaimed, refreshed, failed };
}

export async function registerAcquisitionJobs(boss: PgBoss, deps: ActionDeps, logger: Logger): Promise<void> {
  await boss.createQueue(LIVE_CODES_QUEUE, { retryLimit: 0, expireInSeconds: 4 * 60, policy: 'stately' });
  await boss.work(LIVE_CODES_QUEUE, { pollingIntervalSeconds: 2 }, async () => {
    const done = await runLiveCodeUpkeep(deps);
    if (done.expired || done.reclaimed || done.refreshed || done.failed) logger.info(done, 'live codes upkeep done');
  });
  await boss.schedule(LIVE_CODES_QUEUE, LIVE_CODES_CRON);
}
