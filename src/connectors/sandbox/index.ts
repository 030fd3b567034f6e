/**
 * Connector for the sandbox platform (src/platform-sandbox): signed webhooks in, bot API out.
 * Use it for development, the demo and load tests; it supports every connector action.
 */
export { createSandboxConnector, SANDBOX_CAPABILITIES } from './sandbox-connector.ts';
export type { SandboxConnector, SandboxConnectorOptions, WebhookAnswer } from './sandbox-connector.ts';
export { translateNative } from './translate.ts';
