/**
 * The weekly digest's job on pg-boss: every 15 minutes, each workspace's digest tick
 * (digest-store.ts), which makes last week's digests from Monday 08:00 in the workspace's own time
 * zone and e-mails them where SMTP is configured. One schedule per name, so several processes do
 * not multiply the runs; and the digest's unique key makes each one once even if they did.
 */
import type { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import { runDigestTick, type DigestDeps } from './digest-store.ts';

export const DIGEST_QUEUE = 'weekly-digest';
export const DIGEST_CRON = '*/15 * * * *';

export async function registerDigestJobs(boss: PgBoss, db: Database, logger: Logger, deps: Omit<DigestDeps, 'log'>, pollingIntervalSeconds = 2): Promise<void> {
  await boss.createQueue(DIGEST_QUEUE, { retryLimit: 1, expireInSeconds: 1800 });
  await boss.work(DIGEST_QUEUE, { pollingIntervalSeconds }, async () => {
    const workspaces = (await db.query<{ id: number }>('select id from workspaces order by id')).map((r) => Number(r.id));
    for (const ws of workspaces) {
      const r = await runDigestTick(db, ws, { ...deps, log: (msg, detail) => logger.warn(detail, msg) });
      if (r.made + r.emailed + r.emailFailed > 0) logger.info({ workspaceId: ws, ...r }, 'weekly digests');
    }
  });
  await boss.schedule(DIGEST_QUEUE, DIGEST_CRON);
}
