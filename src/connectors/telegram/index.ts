/**
 * Telegram: a connector for groups run by a Telegram bot (Bot API through grammY), the throttle
 * that keeps its sends under Telegram's flood limits, a set-up check for the bot's token and admin
 * rights, and a fake Bot API server for tests and benchmarks.
 *
 * Known gaps in what reaches Qunyun:
 * - Join requests (approval links) have no envelope event; the connector keeps them in memory
 *   (pendingJoinRequests()) until approved or declined, so they are lost on restart.
 * - Joins and leaves come from chat_member updates only, which Telegram sends to admin bots that
 *   asked for them; the connector asks, but a bot without admin rights sees no joins.
 * - A group upgraded to a supergroup changes its id (migrate_to_chat_id); not followed yet.
 */
export { createTelegramConnector, DEFAULT_ALLOWED_UPDATES, TELEGRAM_CAPABILITIES } from './telegram-connector.ts';
export type { TelegramConnector, TelegramConnectorOptions, WebhookAnswer } from './telegram-connector.ts';
export { createDispatcher } from './dispatcher.ts';
export type { Clock, Dispatcher, DispatcherMetrics, DispatcherOptions, RateWindow } from './dispatcher.ts';
export { checkTelegramBot, REQUIRED_RIGHTS, TelegramSetupError } from './check-bot.ts';
export type { TelegramBotCheck } from './check-bot.ts';
export { translateUpdate, TranslateMemory } from './translate.ts';
export type { BotMembership, PendingJoinRequest, Translation } from './translate.ts';
export { toPlatformError } from './errors.ts';
