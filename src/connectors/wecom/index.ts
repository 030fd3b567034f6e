/**
 * WeCom (企业微信) customer groups (客户群) for Qunyun: an API client with a single-flight access
 * token and errcode mapping, the connector that turns encrypted change_external_chat callbacks
 * and periodic full reconciles into envelope events (joins attributed through join-way `state`),
 * and a reader for the chat archive (会话内容存档) through a sidecar. The fakes (fake-*.ts) are for
 * tests and the simulator only; nothing in the product imports them.
 */
export { createWecomConnector, WECOM_CAPABILITIES } from './wecom-connector.ts';
export type { CallbackAnswer, ReconcileReport, WecomConnector, WecomConnectorOptions } from './wecom-connector.ts';
export { createWecomClient, silentLogger } from './client.ts';
export type { ListGroupChatsOptions, WecomClient, WecomClientOptions, WecomLogger } from './client.ts';
export { WecomApiError, wecomError } from './errors.ts';
export type { WecomErrorCode } from './errors.ts';
export { diffGroup, knownAfter } from './reconcile.ts';
export type { FormerMember, KnownGroup, KnownMember, ReconcileTrigger } from './reconcile.ts';
export { ArchivePullError, createArchiveReader } from './archive-reader.ts';
export type { ArchiveReader, ArchiveReaderOptions, PullResult } from './archive-reader.ts';
export { mapArchiveRecord } from './archive-mapping.ts';
export type { ArchiveRecord } from './archive-mapping.ts';
export { createReplayGuard, createWecomCrypto, WecomCryptoError } from './crypto.ts';
export type * from './api-types.ts';
