/**
 * The background worker: pg-boss running in the same process as the server, on the same
 * database. On PGlite it goes through pg-boss's in-process adapter (fromPglite), so jobs and
 * events share the one embedded session; on Postgres it has a small pool of its own.
 * Schedules: maintenance (catching up projections, vacuum/analyze: see maintenance.ts) every 10 minutes;
 * moderation's verification deadlines every minute; automation-tick every minute (schedule,
 * inactivity and threshold rules; welcome batches: src/automation/jobs.ts).
 * weekly-digest every 15 minutes (each workspace's Monday 08:00: src/reports/jobs.ts).
 * review-refresh every 5 minutes: the stored 复盘 reports (src/review/stored.ts), warmed and refreshed.
 * Queues: rollups-recompute, sent when a workspace's time zone changes (recompute.ts); recomputes
 * left pending (no worker then, or a crash) are sent again at start and by each maintenance run.
 */
import { PgBoss, fromPglite } from 'pg-boss';
import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import { runMaintenance } from './maintenance.ts';
import { RECOMPUTE_QUEUE, resendPendingRecomputes, runRecompute } from './recompute.ts';
import { AUTOMATION_CRON, AUTOMATION_QUEUE, automatedWorkspaces, runAutomationTick } from '../automation/jobs.ts';
import { registerActivityJobs } from '../activities/jobs.ts';
import { registerContentJobs } from '../content/jobs.ts';
import { registerDigestJobs } from '../reports/jobs.ts';
import type { Mailer } from '../reports/mail.ts';
import { refreshReviewReports } from '../review/stored.ts';
import { expireVerifications, workspacesWithDueVerifications } from '../moderation/verification.ts';

export const MAINTENANCE_QUEUE = 'maintenance';
/** Newcomers who did not verify in time are removed (src/moderation/verification.ts): every minute. */
export const VERIFICATIONS_QUEUE = 'moderation-verifications';
const MAINTENANCE_CRON = '*/10 * * * *';
/** The stored 复盘 reports of each workspace: default ones warmed, stale ones read lately refreshed. */
export const REVIEW_REFRESH_QUEUE = 'review-refresh';
const REVIEW_REFRESH_CRON = '*/5 * * * *';

export interface WorkerOptions {
  db: Database;
  logger: Logger;
  /** How often idle workers look for jobs (pg-boss's default is 2 s). */
  pollingIntervalSeconds?: number;
  /** Where weekly digests are e-mailed from (src/reports/mail.ts); without it none are. */
  mailer?: Mailer | undefined;
  /** The console's address, for the link in a digest. */
  publicUrl?: string | undefined;
  /** How long a stored 复盘 report stays fresh after the log advanced (REVIEW_REFRESH_MINUTES). */
  reviewRefreshMinutes?: number | undefined;
}

export interface Worker {
  boss: PgBoss;
  /** Stops taking jobs, lets running ones finish, and leaves the database open (it is the caller's). */
  stop(): Promise<void>;
}

export async function startWorker(options: WorkerOptions): Promise<Worker> {
  const { db, logger } = options;
  const native = db.native;
  const boss = 'pglite' in native
    ? new PgBoss({ db: fromPglite(native.pglite), backend: 'pglite' })
    : new PgBoss({ connectionString: native.connectionString, max: 3, application_name: 'qunyun-worker' });
  boss.on('error', (err) => logger.error({ err }, 'job queue error'));
  await boss.start();

  await boss.createQueue(MAINTENANCE_QUEUE, { retryLimit: 1, expireInSeconds: 600 });
  await boss.work(MAINTENANCE_QUEUE, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, async (jobs) => {
    for (const job of jobs) {
      const done = await runMaintenance(db);
      logger.info({ job: job.id, ...done }, 'maintenance done');
      await resendPendingRecomputes(db, boss);
    }
  });
  await boss.createQueue(RECOMPUTE_QUEUE, { retryLimit: 2, expireInSeconds: 6 * 3600 });
  await boss.work<{ workspaceId: number }>(RECOMPUTE_QUEUE, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, async (jobs) => {
    for (const job of jobs) {
      const state = await runRecompute(db, job.data.workspaceId);
      logger.info({ job: job.id, workspaceId: job.data.workspaceId, state }, 'rollups recompute finished');
    }
  });
  await boss.createQueue(VERIFICATIONS_QUEUE, { retryLimit: 1, expireInSeconds: 300 });
  await boss.work(VERIFICATIONS_QUEUE, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, async () => {
    for (const workspaceId of await workspacesWithDueVerifications(db)) {
      const removed = await expireVerifications(db, workspaceId);
      if (removed) logger.info({ workspaceId, removed }, 'newcomers who did not verify in time removed');
    }
  });
  // Automation's timed triggers and due welcome batches (src/automation/jobs.ts); every cause has
  // one execution key, so a tick that runs twice or in two processes executes once.
  await boss.createQueue(AUTOMATION_QUEUE, { retryLimit: 1, expireInSeconds: 300 });
  await boss.work(AUTOMATION_QUEUE, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, async () => {
    for (const workspaceId of await automatedWorkspaces(db)) {
      const done = await runAutomationTick(db, workspaceId);
      if (done.executed + done.welcomes > 0) logger.info({ workspaceId, ...done }, 'automation tick');
    }
  });
  await boss.schedule(AUTOMATION_QUEUE, AUTOMATION_CRON);
  // Several processes may run this at once: each report is computed by the one holding its lease.
  await boss.createQueue(REVIEW_REFRESH_QUEUE, { retryLimit: 0, expireInSeconds: 1800 });
  await boss.work(REVIEW_REFRESH_QUEUE, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, async () => {
    for (const { id } of await db.query<{ id: number }>('select id from workspaces order by id')) {
      const done = await refreshReviewReports(db, Number(id), { refreshMinutes: options.reviewRefreshMinutes ?? 10 });
      if (done.refreshed + done.warmed + done.dropped > 0) logger.info({ workspaceId: Number(id), ...done }, '复盘 reports refreshed');
    }
  });
  await boss.schedule(REVIEW_REFRESH_QUEUE, REVIEW_REFRESH_CRON);
  await resendPendingRecomputes(db, boss);
  await registerActivityJobs(boss, db, logger, options.pollingIntervalSeconds ?? 2);
  await registerContentJobs(boss, db, logger, options.pollingIntervalSeconds ?? 2);
  await registerDigestJobs(boss, db, logger, { mailer: options.mailer, publicUrl: options.publicUrl }, options.pollingIntervalSeconds ?? 2);
  // Only one schedule per name is kept: starting several processes does not multiply the runs.
  await boss.schedule(MAINTENANCE_QUEUE, MAINTENANCE_CRON);
  await boss.schedule(VERIFICATIONS_QUEUE, '* * * * *');

  let stopped: Promise<void> | undefined;
  return {
    boss,
    stop() {
      stopped ??= boss.stop({ graceful: true, close: !('pglite' in native), timeout: 30_000 });
      return stopped;
    },
  };
}
