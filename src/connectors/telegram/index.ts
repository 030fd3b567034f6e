/**
 * Telegram: a connector for groups run by a Telegram bot (Bot API through grammY), the throttle
 * that keeps its sends under Telegram's flood limits, a set-up check for the bot's token and admin
 * rights, and a fake Bot API server for tests and benchmarks.
 *
 * Known gaps in what reaches Qunyun:
 * - Join requests (approval links) are stored as join_request events for the figures; the request
 *   itself (its link, its decision) is kept in a JoinRequestStore until decided — in the database
 *   when the connector runtime runs it (join_requests), in memory when the connector is used alone.
 *   There is no API route or console page to decide them yet.
 * - Joins and leaves come from chat_member updates only, which Telegram sends to admin bots that
 *   asked for them; the connector asks, but a bot without admin rights sees no joins.
 * - A group upgraded to a supergroup changes its id (migrate_to_chat_id); not followed yet.
 */
export { createTelegramConnector, DEFAULT_ALLOWED_UPDATES, pollBackoffMs, TELEGRAM_CAPABILITIES, telegramFault } from './telegram-connector.ts';
export { memoryJoinRequestStore } from './join-requests.ts';
export type { JoinRequestStatus, JoinRequestStore, StoredJoinRequest } from './join-requests.ts';
export type { TelegramConnector, TelegramConnectorOptions, WebhookAnswer } from './telegram-connector.ts';
export { createDispatcher } from './dispatcher.ts';
export type { Clock, Dispatcher, DispatcherMetrics, DispatcherOptions, RateWindow } from './dispatcher.ts';
export { checkTelegramBot, REQUIRED_RIGHTS, TelegramSetupError } from './check-bot.ts';
export type { TelegramBotCheck } from './check-bot.ts';
export { translateUpdate, TranslateMemory } from './translate.ts';
export type { BotMembership, PendingJoinRequest, Translation } from './translate.ts';
export { redactToken, toPlatformError } from './errors.ts';
