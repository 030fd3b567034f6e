/**
 * What the HTTP app is given by whoever starts it (the serve command, tests): its dependencies,
 * passed to each route file explicitly rather than looked up.
 */
import type { Logger } from 'pino';
import type { ThrottlePolicy } from '../auth/throttle.ts';
import type { Config } from '../config.ts';
import type { ConnectorRuntime } from '../connectors/runtime/index.ts';
import type { Database } from '../db/database.ts';
import type { IngestQueue } from '../events/ingest-queue.ts';
import type { JobSender } from '../jobs/recompute.ts';

/** Answers one webhook delivery of a platform account: its connector verifies and ingests it. */
export type WebhookHandler = (rawBody: string, headers: Record<string, string | string[] | undefined>) => Promise<{ status: number; body: unknown }>;

export interface ServerOptions {
  config: Config;
  db: Database;
  logger: Logger;
  /** Where routes that receive events submit them. */
  ingest: IngestQueue;
  /**
   * The installation's default workspace (demo data lands in it); the first owner's set-up takes
   * it over. Each /api request is served in the workspace of its session (request.actor).
   */
  workspaceId?: number;
  /** Slug of the default workspace, which set-up takes over (default 'default'). */
  defaultWorkspaceSlug?: string;
  /** Sign-in throttling (tests lower it). */
  throttle?: ThrottlePolicy;
  /** The built console (default web/dist of the repository). */
  webDist?: string;
  /** Webhook handlers of the sandbox accounts, by platform account id. */
  webhooks?: Map<number, WebhookHandler>;
  /**
   * The connectors of the platform accounts (webhooks, operator actions, account settings). Without
   * one the server makes its own, which starts accounts only when they are added or enabled.
   */
  runtime?: ConnectorRuntime;
  /** Where background jobs are sent (the worker's pg-boss); without it they wait for a worker to start. */
  jobs?: JobSender;
  /** Serving the demo (`serve --demo`): its sign-in, shown on the sign-in page; request logs at debug. */
  demo?: DemoSignIn;
}

/** The demo owner's sign-in: public by design (printed at start), answered only in demo mode. */
export interface DemoSignIn { email: string; password: string }

export interface ServerContext {
  config: Config;
  /** The base URL of links the server hands out: PUBLIC_URL, else the address it listens on. */
  publicUrl: () => string;
  db: Database;
  defaultWorkspaceSlug: string;
  throttle?: ThrottlePolicy | undefined;
  ingest: IngestQueue;
  webhooks: Map<number, WebhookHandler>;
  runtime: ConnectorRuntime;
  jobs?: JobSender | undefined;
  demo?: DemoSignIn | undefined;
}
