/**
 * The Telegram connector: receives a bot's updates (webhook or getUpdates long polling), translates
 * them into Qunyun's envelope for the sink, and carries out operators' actions through grammY's
 * Bot API client. Updates are acknowledged only after the sink has stored their events: the webhook
 * answers 200 only then (503 makes Telegram retry), and polling advances its offset only then.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from 'pino';
import {
  ActionNotSupported, PlatformError, type Capabilities, type Connector, type EventSink, type InviteLink,
  type InviteLinkOptions, type OutgoingMessage,
} from '../connector.ts';
import { createDispatcher, type Dispatcher, type DispatcherOptions } from './dispatcher.ts';
import { callApi } from './errors.ts';
import { TranslateMemory, translateUpdate, type BotMembership, type PendingJoinRequest } from './translate.ts';

type Log = Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;

export interface TelegramConnectorOptions {
  token: string;
  /** Bot API server root without a trailing slash (a fake in tests; default https://api.telegram.org). */
  apiRoot?: string;
  /** The outbound guard's fetch when apiRoot is operator-given (the runtime); default grammY's own. */
  fetch?: typeof globalThis.fetch;
  mode: 'webhook' | 'polling';
  /** Required in webhook mode: start() registers `url` with `secretToken`. */
  webhook?: { url: string; secretToken: string };
  logger?: Log;
  /** Update kinds to ask for; chat_member and message_reaction are only sent when listed. */
  allowedUpdates?: string[];
  /** getUpdates long-poll timeout, seconds (default 30). */
  pollTimeoutSeconds?: number;
  /** Wait after a failed poll or a sink that rejected, before trying again (default 1000 ms). */
  retryDelayMs?: number;
  /** Limits of the outgoing-message throttle (defaults follow Telegram's FAQ). */
  dispatch?: DispatcherOptions;
}

export interface WebhookAnswer { status: number; body: unknown }

export interface TelegramConnector extends Connector {
  /** Handles one webhook POST from Telegram; the caller writes `status` and `body` back. */
  handleWebhook(rawBody: string | Buffer, headers: Record<string, string | string[] | undefined>): Promise<WebhookAnswer>;
  /** Join requests seen and not yet approved or declined (the envelope has no event for them). */
  pendingJoinRequests(groupId?: string): PendingJoinRequest[];
  /** Groups the bot was seen added to or removed from (my_chat_member): the Bot API cannot list them. */
  knownGroups(): BotMembership[];
  readonly dispatcher: Dispatcher;
  /** grammY's Bot API client, for calls the Connector interface does not cover. */
  readonly api: Bot['api'];
}

export const DEFAULT_ALLOWED_UPDATES = [
  'message', 'edited_message', 'chat_member', 'my_chat_member', 'chat_join_request', 'message_reaction',
];

const NO_SEND = {
  can_send_messages: false, can_send_audios: false, can_send_documents: false, can_send_photos: false,
  can_send_videos: false, can_send_video_notes: false, can_send_voice_notes: false, can_send_polls: false,
  can_send_other_messages: false, can_add_web_page_previews: false, can_change_info: false,
  can_invite_users: false, can_pin_messages: false, can_manage_topics: false,
};

/** What a Telegram bot can do in its groups (the same for every bot; rights are checked per group). */
export const TELEGRAM_CAPABILITIES: Capabilities = {
  sendToGroup: { supported: true, note: 'throttled to ~30 messages/s per bot and 20/min per group' },
  sendToMember: { supported: true, note: 'only to users who have started the bot (403 otherwise)' },
  createInviteLink: { supported: true, note: 'the link is named after its source (≤ 32 characters) for attribution' },
  approveJoinRequest: { supported: true, note: 'needs the can_invite_users admin right' },
  declineJoinRequest: { supported: true, note: 'needs the can_invite_users admin right' },
  mute: { supported: true, note: 'supergroups only; needs can_restrict_members' },
  kick: { supported: true, note: 'ban then unban, so the member may rejoin; needs can_restrict_members' },
  renameGroup: { supported: true, note: 'needs can_change_info' },
  createGroup: {
    supported: false,
    reason: 'the Bot API has no method to create a group: bots cannot create chats',
    instead: 'create the group in a Telegram app, make it a supergroup, and add the bot as an administrator '
      + '(rights: delete messages, restrict members, invite users, change info); Qunyun sees it when the bot is added',
  },
};

export function createTelegramConnector(options: TelegramConnectorOptions): TelegramConnector {
  if (options.mode === 'webhook' && !options.webhook) throw new Error('telegram connector: webhook mode needs webhook.url and webhook.secretToken');
  const bot = new Bot(options.token, { client: { ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}), ...(options.fetch ? { fetch: options.fetch as never } : {}) } });
  const api = bot.api;
  const log = options.logger;
  const allowed = options.allowedUpdates ?? DEFAULT_ALLOWED_UPDATES;
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const memory = new TranslateMemory();
  const requests = new Map<string, PendingJoinRequest>();
  const groups = new Map<string, BotMembership>();
  const sentByKey = new Map<string, Promise<{ messageId: string }>>();
  const dispatcher = createDispatcher(options.dispatch);
  // Compared as digests, so timingSafeEqual gets equal lengths and the length leaks nothing.
  const secretDigest = options.webhook ? createHash('sha256').update(options.webhook.secretToken).digest() : undefined;
  let sink: EventSink | undefined;
  let polling: { controller: AbortController; done: Promise<void> } | undefined;

  const chat = (id: string) => (/^-?\d+$/.test(id) ? Number(id) : id);
  const user = (id: string) => {
    const n = Number(id);
    if (!Number.isSafeInteger(n)) throw new PlatformError(`telegram: user id must be numeric, got ${id}`, 400, 'user_not_found');
    return n;
  };

  /** Translates a batch and keeps what the envelope cannot carry (join requests, the bot's groups). */
  function translate(updates: Update[]): unknown[] {
    const events: unknown[] = [];
    for (const u of updates) {
      const t = translateUpdate(u, memory);
      events.push(...t.events);
      if (t.joinRequest) requests.set(`${t.joinRequest.groupId}:${t.joinRequest.userId}`, t.joinRequest);
      if (t.bot) groups.set(t.bot.groupId, t.bot);
    }
    return events;
  }

  async function pollLoop(signal: AbortSignal): Promise<void> {
    let offset: number | undefined;
    const pause = (ms: number) => new Promise<void>((r) => {
      const t = setTimeout(r, ms);
      signal.addEventListener('abort', () => { clearTimeout(t); r(); }, { once: true });
    });
    while (!signal.aborted) {
      let updates: Update[];
      try {
        updates = await callApi('getUpdates', () => api.getUpdates({
          ...(offset !== undefined ? { offset } : {}), timeout: options.pollTimeoutSeconds ?? 30, limit: 100,
          allowed_updates: allowed as never,
        }, signal as never));
      } catch (e) {
        if (signal.aborted) return;
        const pe = e as PlatformError;
        log?.warn({ err: pe }, 'telegram getUpdates failed');
        await pause(pe.retryAfterMs ?? retryDelayMs);
        continue;
      }
      if (updates.length === 0) continue;
      const events = translate(updates);
      const target = sink;
      if (!target) return;
      if (events.length > 0) {
        try {
          await target(events);
        } catch (e) {
          // Not stored: keep the offset, so the next getUpdates returns the same updates.
          log?.error({ err: e }, 'telegram events not stored; fetching the same updates again');
          await pause(retryDelayMs);
          continue;
        }
      }
      offset = updates[updates.length - 1]!.update_id + 1;
    }
  }

  function send(chatId: string, message: OutgoingMessage): Promise<{ messageId: string }> {
    // The Bot API has no idempotency key: a key already sent by this process returns the first result.
    if (message.clientKey) {
      const known = sentByKey.get(message.clientKey);
      if (known) return known;
    }
    const p = dispatcher.enqueue(chatId, () => callApi('sendMessage', () => api.sendMessage(chat(chatId), message.text, {
      ...(message.replyTo ? { reply_parameters: { message_id: Number(message.replyTo), allow_sending_without_reply: true } } : {}),
    }))).then((m) => ({ messageId: String(m.message_id) }));
    if (message.clientKey) {
      const key = message.clientKey;
      sentByKey.set(key, p);
      p.catch(() => sentByKey.delete(key));
      if (sentByKey.size > 10_000) sentByKey.delete(sentByKey.keys().next().value!);
    }
    return p;
  }

  return {
    platform: 'telegram',
    capabilities: TELEGRAM_CAPABILITIES,
    dispatcher,
    api,

    async start(s) {
      sink = s;
      if (options.mode === 'webhook') {
        const w = options.webhook!;
        await callApi('setWebhook', () => api.setWebhook(w.url, { secret_token: w.secretToken, allowed_updates: allowed as never }));
        return;
      }
      // getUpdates is refused while a webhook is set.
      await callApi('deleteWebhook', () => api.deleteWebhook({ drop_pending_updates: false }));
      const controller = new AbortController();
      polling = { controller, done: pollLoop(controller.signal) };
    },

    async stop() {
      const p = polling;
      polling = undefined;
      if (p) {
        p.controller.abort();
        await p.done;
      }
      sink = undefined;
    },

    async handleWebhook(rawBody, headers) {
      if (!secretDigest) return { status: 404, body: { error: 'this connector is not in webhook mode' } };
      const h = headers['x-telegram-bot-api-secret-token'];
      const given = Array.isArray(h) ? h[0] : h;
      if (given === undefined || !timingSafeEqual(createHash('sha256').update(given).digest(), secretDigest)) {
        return { status: 401, body: { error: 'missing or wrong X-Telegram-Bot-Api-Secret-Token' } };
      }
      let update: Update;
      try {
        update = JSON.parse(typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8')) as Update;
      } catch (e) {
        return { status: 400, body: { error: `body is not valid JSON: ${(e as Error).message}` } };
      }
      if (!update || typeof update !== 'object' || !Number.isInteger(update.update_id)) {
        return { status: 400, body: { error: 'body must be a Telegram Update with an integer update_id' } };
      }
      const target = sink;
      if (!target) return { status: 503, body: { error: 'connector not started' } };
      const events = translate([update]);
      if (events.length === 0) return { status: 200, body: { ok: true, events: 0 } };
      try {
        const result = await target(events);
        return { status: 200, body: { ok: true, events: events.length, result } };
      } catch (e) {
        return { status: 503, body: { error: `events not stored: ${(e as Error).message}` } };
      }
    },

    sendToGroup: (groupId, message) => send(groupId, message),
    sendToMember: (userId, message) => send(userId, message),

    async createInviteLink(groupId, o: InviteLinkOptions): Promise<InviteLink> {
      if (o.requiresApproval && o.memberLimit !== undefined) {
        throw new PlatformError('telegram createChatInviteLink: a link that requires approval cannot have a member limit', 400, 'invalid_options');
      }
      // Named after the source: the join's chat_member update carries the link and its name back.
      const name = (o.source ?? o.name)?.slice(0, 32);
      const link = await callApi('createChatInviteLink', () => api.createChatInviteLink(chat(groupId), {
        ...(name ? { name } : {}),
        ...(o.memberLimit !== undefined ? { member_limit: o.memberLimit } : {}),
        ...(o.requiresApproval ? { creates_join_request: true } : {}),
        ...(o.expiresAt ? { expire_date: Math.floor(o.expiresAt.getTime() / 1000) } : {}),
      }));
      return { url: link.invite_link, code: link.invite_link };
    },

    async approveJoinRequest(groupId, userId) {
      const key = `${groupId}:${userId}`;
      const req = requests.get(key);
      await callApi('approveChatJoinRequest', () => api.approveChatJoinRequest(chat(groupId), user(userId)));
      requests.delete(key);
      if (req?.inviteCode) memory.approvedVia.set(key, { inviteCode: req.inviteCode, ...(req.source ? { source: req.source } : {}) });
    },
    async declineJoinRequest(groupId, userId) {
      await callApi('declineChatJoinRequest', () => api.declineChatJoinRequest(chat(groupId), user(userId)));
      requests.delete(`${groupId}:${userId}`);
    },

    async mute(groupId, userId, until) {
      await callApi('restrictChatMember', () => api.restrictChatMember(chat(groupId), user(userId), NO_SEND, {
        until_date: Math.floor(until.getTime() / 1000), use_independent_chat_permissions: true,
      }));
    },
    async kick(groupId, userId) {
      const key = `${groupId}:${userId}`;
      memory.kicking.add(key);
      try {
        await callApi('banChatMember', () => api.banChatMember(chat(groupId), user(userId)));
        // Lifting the ban at once makes it a kick: the member may come back through a link.
        await callApi('unbanChatMember', () => api.unbanChatMember(chat(groupId), user(userId), { only_if_banned: true }));
      } finally {
        // Long enough for the ban's chat_member update to arrive and be read as a kick.
        setTimeout(() => memory.kicking.delete(key), 10 * 60_000).unref();
      }
    },
    async renameGroup(groupId, name) {
      await callApi('setChatTitle', () => api.setChatTitle(chat(groupId), name.slice(0, 128)));
    },
    async createGroup() {
      const c = TELEGRAM_CAPABILITIES.createGroup as { reason: string; instead: string };
      throw new ActionNotSupported('telegram', 'createGroup', c.reason, c.instead);
    },

    pendingJoinRequests: (groupId) => [...requests.values()].filter((r) => groupId === undefined || r.groupId === groupId),
    knownGroups: () => [...groups.values()],
  };
}
