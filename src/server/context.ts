/**
 * What the HTTP app is given by whoever starts it (the serve command, tests): its dependencies,
 * passed to each route file explicitly rather than looked up.
 */
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Connector } from '../connectors/connector.ts';
import type { Database } from '../db/database.ts';
import type { IngestQueue } from '../events/ingest-queue.ts';

/** Answers one webhook delivery of a platform account: its connector verifies and ingests it. */
export type WebhookHandler = (rawBody: string, headers: Record<string, string | string[] | undefined>) => Promise<{ status: number; body: unknown }>;

export interface ServerOptions {
  config: Config;
  db: Database;
  logger: Logger;
  /** Where routes that receive events submit them. */
  ingest: IngestQueue;
  /**
   * The workspace every /api request is served in. Until accounts exist this is the one
   * workspace of the installation; an auth layer will resolve it per request instead.
   */
  workspaceId: number;
  /** Webhook handlers of the sandbox accounts, by platform account id. */
  webhooks?: Map<number, WebhookHandler>;
  /** Connectors by platform account id, for the routes that act on platforms. */
  connectors?: Map<number, Connector>;
}

export interface ServerContext {
  config: Config;
  db: Database;
  ingest: IngestQueue;
  webhooks: Map<number, WebhookHandler>;
  connectors: Map<number, Connector>;
}
