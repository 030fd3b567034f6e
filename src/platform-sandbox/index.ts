/**
 * The sandbox platform: a small in-memory chat platform (Telegram/WeCom-like) served over HTTP on
 * loopback, so Qunyun can be developed, demonstrated and load-tested without a real account.
 * Bots (connectors) use the bot API and receive signed webhooks in the platform's native format;
 * simulated users act through the client API. See platform.ts for the HTTP surface.
 */
export { createSandboxPlatform } from './platform.ts';
export type { SandboxPlatform, SandboxPlatformOptions, SandboxStats, AddAccountInput } from './platform.ts';
export type { Account } from './world.ts';
export type { NativeEvent, NativeKind, ContentType } from './native.ts';
export type { ActionResult } from './client-api.ts';
export { MAX_ACTIONS_PER_BATCH } from './client-api.ts';
export { signBody } from './delivery.ts';
