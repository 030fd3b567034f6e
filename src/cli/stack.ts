/**
 * The running Qunyun process that serve and simulate share: database (migrated), workspace,
 * ingest queue, worker, HTTP server. Stopping closes them in the reverse order, so that every
 * event received is stored before the database closes.
 */
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import type { Config } from '../config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { createIngestQueue, type IngestQueue } from '../events/ingest-queue.ts';
import { startWorker, type Worker } from '../jobs/worker.ts';
import { buildServer, type WebhookHandler } from '../server/app.ts';
import { ensureWorkspace, type Workspace } from '../workspaces/workspaces.ts';

/** Until accounts exist, an installation serves this one workspace. */
export const DEFAULT_WORKSPACE = 'default';

export interface Stack {
  config: Config;
  logger: Logger;
  db: Database;
  workspace: Workspace;
  ingest: IngestQueue;
  worker: Worker | undefined;
  app: FastifyInstance;
  /** Handlers of the sandbox accounts' webhooks, read by the server at each request. */
  webhooks: Map<number, WebhookHandler>;
  /** Base URL the server listens on. */
  url: string;
  /** Runs fn first at stop (e.g. to stop a simulation before the server goes). */
  onStop(fn: () => Promise<void>): void;
  stop(): Promise<void>;
}

export function createLogger(config: Config): Logger {
  return pino({ level: config.LOG_LEVEL, base: { service: 'qunyun' } });
}

export async function startStack(config: Config, options: { host: string; port: number; worker: boolean; logger?: Logger }): Promise<Stack> {
  const logger = options.logger ?? createLogger(config);
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  const closers: Array<() => Promise<void>> = [() => db.close()];
  const stop = async () => {
    for (const close of closers.splice(0).reverse()) {
      await close().catch((err: unknown) => logger.error({ err }, 'shutdown step failed'));
    }
  };
  try {
    await migrate(db);
    const workspace = await ensureWorkspace(db, DEFAULT_WORKSPACE, 'Default workspace');
    const ingest = createIngestQueue(db, { batchSize: config.INGEST_BATCH_SIZE, flushMs: config.INGEST_FLUSH_MS });
    closers.push(() => ingest.close());
    const worker = options.worker ? await startWorker({ db, logger }) : undefined;
    if (worker) closers.push(() => worker.stop());
    const webhooks = new Map<number, WebhookHandler>();
    const app = await buildServer({ config, db, logger, ingest, workspaceId: workspace.id, webhooks });
    closers.push(() => app.close());
    const address = await app.listen({ host: options.host, port: options.port });
    return {
      config, logger, db, workspace, ingest, worker, app, webhooks, url: address, stop,
      onStop(fn) { closers.push(fn); },
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
