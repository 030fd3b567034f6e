/**
 * The running Qunyun process that serve and simulate share: database (migrated), workspace,
 * ingest queue, worker, HTTP server, and the connectors of the platform accounts configured in the
 * database (with WeCom's scheduled reconcile and archive pull on the worker). Stopping closes them
 * in the reverse order, so that every event received is stored before the database closes.
 */
import type { FastifyInstance } from 'fastify';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from '../config.ts';
import { openConfiguredDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { createIngestQueue, type IngestQueue } from '../events/ingest-queue.ts';
import { projectAllPending } from '../events/projector.ts';
import { createConnectorRuntime, registerConnectorJobs, type ConnectorRuntime, type RuntimeOptions } from '../connectors/runtime/index.ts';
import type { Connector } from '../connectors/connector.ts';
import { startWorker, type Worker } from '../jobs/worker.ts';
import { startReactorLoop, type ReactorLoop } from '../jobs/reactors.ts';
import { startDispatcher } from '../outbox/dispatcher.ts';
import { registerAcquisitionJobs } from '../acquisition/jobs.ts';
import { registerCampaignJobs } from '../campaigns/jobs.ts';
import { startAdminSocket } from './admin-socket.ts';
import { buildServer, type WebhookHandler } from '../server/app.ts';
import type { DemoSignIn } from '../server/context.ts';
import { loggerOptions } from '../log/redact.ts';
import { createOutbound } from '../net/outbound.ts';
import { createMailer } from '../reports/mail.ts';
import { ensureWorkspace, type Workspace } from '../workspaces/workspaces.ts';
import { giveBackLeases } from '../acquisition/seat-batches.ts';

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
  /** Handlers of the demo community's sandbox webhooks, read by the server at each request. */
  webhooks: Map<number, WebhookHandler>;
  /** The connectors of the platform accounts configured in the database. */
  runtime: ConnectorRuntime;
  /**
   * Connectors started outside the runtime (the demo's sandbox community), by account id: operators'
   * actions and the outbox dispatcher find them as they find the runtime's.
   */
  extraConnectors: Map<number, Connector>;
  /** Base URL the server listens on. */
  url: string;
  /** Runs fn first at stop (e.g. to stop a simulation before the server goes). */
  onStop(fn: () => Promise<void>): void;
  stop(): Promise<void>;
}

/** The process's logger: secrets are censored by field name and scrubbed from messages and errors (src/log/redact.ts). */
export function createLogger(config: Config, destination?: DestinationStream): Logger {
  const options = { level: config.LOG_LEVEL, base: { service: 'qunyun' }, ...loggerOptions() };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * The demo's logger: lines for a person reading a terminal (time, level, message) rather than JSON,
 * through pino-pretty when it is installed (a development checkout, where `npm run demo` runs);
 * JSON otherwise. Secrets are censored as in createLogger.
 */
export async function createDemoLogger(config: Config): Promise<Logger> {
  try {
    const { default: pretty } = await import('pino-pretty');
    return createLogger(config, pretty({ colorize: process.stdout.isTTY, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service', singleLine: true }));
  } catch {
    return createLogger(config);
  }
}

export interface StackOptions {
  host: string;
  port: number;
  worker: boolean;
  logger?: Logger;
  /** An open database to use instead of the configured one (tests); the caller closes it. */
  db?: Database;
  /** Passed to the connectors the runtime builds (tests: short retry delays). */
  connectorOptions?: RuntimeOptions['connectorOptions'];
  /** Serving the demo: its sign-in is shown on the sign-in page; request logs at debug. */
  demo?: DemoSignIn;
}

export async function startStack(config: Config, options: StackOptions): Promise<Stack> {
  const logger = options.logger ?? createLogger(config);
  const db = options.db ?? await openConfiguredDatabase(config);
  const closers: Array<() => Promise<void>> = options.db ? [] : [() => db.close()];
  const stop = async () => {
    for (const close of closers.splice(0).reverse()) {
      await close().catch((err: unknown) => logger.error({ err }, 'shutdown step failed'));
    }
  };
  try {
    await migrate(db);
    // On the embedded database this process is the only one that may open the folder: CLI
    // commands such as `qunyun user create` ask it through the admin socket (admin-socket.ts).
    if (!options.db && db.engine === 'pglite') {
      // Without it (a file system with no Unix sockets) the server still runs; user create then says to stop it.
      const socket = await startAdminSocket({ dataDir: config.DATA_DIR, db, logger })
        .catch((err: unknown) => { logger.warn({ err }, 'no admin socket: qunyun user create will ask to stop the server'); return undefined; });
      if (socket) closers.push(() => socket.close());
    }
    const workspace = await ensureWorkspace(db, DEFAULT_WORKSPACE, 'Default workspace');
    // Events stored before a crash and not yet projected get their effects now.
    const projected = await projectAllPending(db);
    if (projected > 0) logger.info({ events: projected }, 'projected events left from the last run');
    let reactors: ReactorLoop | undefined;
    const ingest = createIngestQueue(db, {
      batchSize: config.INGEST_BATCH_SIZE, flushMs: config.INGEST_FLUSH_MS,
      onProjectionError: (err) => logger.error({ err }, 'projecting stored events failed; retried with the next batch'),
      onProjected: (workspaceId) => reactors?.projected(workspaceId),
    });
    closers.push(() => ingest.close());
    const mailer = createMailer(config);
    const worker = options.worker ? await startWorker({ db, logger, mailer, publicUrl: config.PUBLIC_URL, reviewRefreshMinutes: config.REVIEW_REFRESH_MINUTES }) : undefined;
    if (worker) closers.push(() => worker.stop());
    if (mailer) closers.push(async () => mailer.close());
    // The background part answers members' events (reactors) after the projector. Whatever it has
    // not reached when it stops is answered at the next start: each reactor keeps a cursor.
    if (worker) {
      reactors = startReactorLoop({ db, logger });
      const loop = reactors;
      closers.push(async () => { await loop.runNow(); await loop.stop(); });
    }
    const webhooks = new Map<number, WebhookHandler>();
    const extraConnectors = new Map<number, Connector>();
    // The address is known only once the server listens; connectors start after that.
    let address = '';
    const runtime = createConnectorRuntime({
      db, ingest, logger, publicUrl: () => config.PUBLIC_URL ?? address,
      outbound: createOutbound({ allow: config.OUTBOUND_ALLOW_PRIVATE }),
      ...(options.connectorOptions ? { connectorOptions: options.connectorOptions } : {}),
    });
    // The server sees the demo's connectors beside the runtime's, so operators' actions reach them.
    const serverRuntime: ConnectorRuntime = Object.assign(Object.create(runtime) as ConnectorRuntime, {
      connector: (accountId: number) => runtime.connector(accountId) ?? extraConnectors.get(accountId),
    });
    // Seats this process leased and did not hand out go back once the server has closed (closers run in reverse).
    closers.push(() => giveBackLeases(db));
    const app = await buildServer({ config, db, logger, ingest, workspaceId: workspace.id, webhooks, runtime: serverRuntime, ...(worker ? { jobs: worker.boss } : {}), ...(options.demo ? { demo: options.demo } : {}) });
    closers.push(() => app.close());
    address = await app.listen({ host: options.host, port: options.port });
    // Stopped before the server closes: no delivery is taken that could no longer be stored.
    closers.push(() => runtime.stop());
    if (worker) await registerConnectorJobs(worker.boss, runtime, logger);
    if (worker) await registerAcquisitionJobs(worker.boss, { db, connector: (accountId) => runtime.connector(accountId) }, logger);
    if (worker) await registerCampaignJobs(worker.boss, db, logger);
    await runtime.startAll();
    if (worker) {
      // Automated actions go out once the connectors run; stopped before them (closers run in reverse).
      const dispatcher = startDispatcher({ deps: { db, connector: (accountId) => serverRuntime.connector(accountId) }, logger });
      closers.push(() => dispatcher.stop());
    }
    return {
      config, logger, db, workspace, ingest, worker, app, webhooks, runtime, extraConnectors, url: address, stop,
      onStop(fn) { closers.push(fn); },
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
