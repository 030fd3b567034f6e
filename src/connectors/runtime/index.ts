/**
 * Runs the real connectors inside Qunyun: one connector per configured platform account, built
 * from its stored (validated) config, feeding the ingest queue, reachable by the webhook routes
 * and the operator-action routes, with WeCom's scheduled reconcile and archive pull.
 */
export { createConnectorRuntime, scrub } from './runtime.ts';
export type { ConnectorRuntime, PlatformWebhook, RunState, RuntimeOptions, WebhookReply, WebhookRequest } from './runtime.ts';
export {
  AccountConfigError, CONNECTED_PLATFORMS, isConnectedPlatform, parseAccountConfig, publicConfig,
  SandboxConfig, TelegramConfig, WecomConfig,
} from './account-config.ts';
export type { AccountConfig, ConnectedPlatform } from './account-config.ts';
export { AccountFaultError, DEFAULT_RETRY, faultOf, retryDelayMs } from './account-health.ts';
export type { AccountFault, AccountHealth, RetryPolicy } from './account-health.ts';
export { loadKnownGroup } from './known-groups.ts';
export { registerConnectorJobs, WECOM_ARCHIVE_QUEUE, WECOM_RECONCILE_QUEUE } from './jobs.ts';
