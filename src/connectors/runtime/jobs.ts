/**
 * The connector runtime's scheduled work on the worker's pg-boss: WeCom's full reconcile (every
 * 30 minutes: catches the change events WeCom lost or reordered) and the chat-archive pull (every
 * minute: group messages only reach Qunyun this way). pg-boss keeps one schedule per name, so
 * several processes do not multiply the runs; each run acts on the connectors of the process
 * that takes the job.
 */
import type { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { ConnectorRuntime } from './runtime.ts';

export const WECOM_RECONCILE_QUEUE = 'wecom-reconcile';
export const WECOM_ARCHIVE_QUEUE = 'wecom-archive';
export const WECOM_RECONCILE_CRON = '*/30 * * * *';
export const WECOM_ARCHIVE_CRON = '* * * * *';

export async function registerConnectorJobs(boss: PgBoss, runtime: ConnectorRuntime, logger: Logger, options: { pollingIntervalSeconds?: number } = {}): Promise<void> {
  const polling = { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 };
  // stately: one job queued and one running at most, so a run that outlives its schedule is not piled up.
  await boss.createQueue(WECOM_RECONCILE_QUEUE, { retryLimit: 0, expireInSeconds: 25 * 60, policy: 'stately' });
  await boss.createQueue(WECOM_ARCHIVE_QUEUE, { retryLimit: 0, expireInSeconds: 10 * 60, policy: 'stately' });
  await boss.work(WECOM_RECONCILE_QUEUE, polling, async () => {
    const results = await runtime.reconcileWecom();
    if (results.length > 0) logger.info({ results }, 'WeCom reconcile done');
  });
  await boss.work(WECOM_ARCHIVE_QUEUE, polling, async () => {
    const results = await runtime.pullArchives();
    const stored = results.reduce((n, r) => n + (r.stored ?? 0), 0);
    if (stored > 0 || results.some((r) => r.error)) logger.info({ results }, 'WeCom archive pulled');
  });
  await boss.schedule(WECOM_RECONCILE_QUEUE, WECOM_RECONCILE_CRON);
  await boss.schedule(WECOM_ARCHIVE_QUEUE, WECOM_ARCHIVE_CRON);
}
