/**
 * The HTTP app over a test database, quiet, for requests with inject().
 */
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import type { ThrottlePolicy } from '../../src/auth/throttle.ts';
import { loadConfig } from '../../src/config.ts';
import type { Database } from '../../src/db/database.ts';
import { createIngestQueue, type IngestQueue } from '../../src/events/ingest-queue.ts';
import type { JobSender } from '../../src/jobs/recompute.ts';
import type { ConnectorRuntime } from '../../src/connectors/runtime/index.ts';
import { buildServer, type WebhookHandler } from '../../src/server/app.ts';

export interface TestServerOptions {
  webDist?: string;
  throttle?: ThrottlePolicy;
  /** Environment variables for the configuration (e.g. PUBLIC_URL, TRUST_PROXY). */
  env?: Record<string, string>;
  /** Where background jobs go (a worker's pg-boss); without it they wait for a worker. */
  jobs?: JobSender;
  /** The connectors the server acts through (tests pass fakes); default: a runtime of its own. */
  runtime?: ConnectorRuntime;
}

export async function testServer(db: Database, workspaceId?: number, webhooks?: Map<number, WebhookHandler>, options: TestServerOptions = {}): Promise<{ app: FastifyInstance; ingest: IngestQueue; close(): Promise<void> }> {
  const ingest = createIngestQueue(db, { batchSize: 100, flushMs: 5 });
  const { env, ...rest } = options;
  const app = await buildServer({
    config: loadConfig(env ?? {}), db, logger: pino({ level: 'silent' }), ingest,
    ...(workspaceId !== undefined ? { workspaceId } : {}), ...(webhooks ? { webhooks } : {}), ...rest,
  });
  await app.ready();
  return { app, ingest, async close() { await app.close(); await ingest.close(); } };
}
