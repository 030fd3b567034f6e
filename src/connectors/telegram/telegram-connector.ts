/**
 * The Telegram connector: receives a bot's updates (webhook or getUpdates long polling), translates
 * them into Qunyun's envelope for the sink, and carries out operators' actions through grammY's
 * Bot API client. Updates are acknowledged only after the sink has stored their events: the webhook
 * answers 200 only then (503 makes Telegram retry), and polling advances its offset only then.
 *
 * An update that cannot be translated is dead-lettered with its reason and acknowledged like the
 * others: Telegram would otherwise deliver it again forever, and polling would stall on it. The
 * poll loop never rejects; it backs off after a failure (exponential, with jitter) and after an
 * empty answer that came back long before the long-poll timeout (a server that does not long-poll).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Bot, InputFile } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from 'pino';
import {
  ActionNotSupported, PlatformError, type Capabilities, type Connector, type EventSink, type InviteLink,
  type InviteLinkOptions, type OutgoingMessage, type OutgoingPhoto, type OutgoingPoll,
} from '../connector.ts';
import type { AccountFault, AccountHealth } from '../runtime/account-health.ts';
import { createDispatcher, type Dispatcher, type DispatcherOptions } from './dispatcher.ts';
import { callApi } from './errors.ts';
import { memoryJoinRequestStore, type JoinRequestStore } from './join-requests.ts';
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
  /** First wait after a failed poll or a sink that rejected (default 1000 ms); doubles per failure in a row. */
  retryDelayMs?: number;
  /** Longest wait between failed polls (default 60 000 ms). */
  maxRetryDelayMs?: number;
  /** Wait after an empty answer that came back in under half the long-poll timeout (default 1000 ms). */
  emptyPollDelayMs?: number;
  /** 0..1 jitter source for the backoff (default Math.random). */
  random?: () => number;
  /**
   * Where an update that cannot be translated goes, with the reason (inside Qunyun: the dead
   * letters). Resolves once kept; a rejection makes the update come again. Default: logged, dropped.
   */
  deadLetter?: (update: unknown, reason: string) => Promise<void>;
  /** Where join requests are kept until decided (default: in memory). */
  joinRequests?: JoinRequestStore;
  /**
   * Told when polling finds the account cannot work (token revoked, another process polling, the
   * server unreachable several times in a row) and when it works again; the runtime shows the
   * account in error and retries it.
   */
  health?: AccountHealth;
  /** Limits of the outgoing-message throttle (defaults follow Telegram's FAQ). */
  dispatch?: DispatcherOptions;
}

export interface WebhookAnswer { status: number; body: unknown }

export interface TelegramConnector extends Connector {
  /** Handles one webhook POST from Telegram; the caller writes `status` and `body` back. */
  handleWebhook(rawBody: string | Buffer, headers: Record<string, string | string[] | undefined>): Promise<WebhookAnswer>;
  /** Join requests seen and not yet approved or declined, oldest first. */
  pendingJoinRequests(groupId?: string): Promise<PendingJoinRequest[]>;
  /** Groups the bot was seen added to or removed from (my_chat_member): the Bot API cannot list them. */
  knownGroups(): BotMembership[];
  readonly dispatcher: Dispatcher;
  /** grammY's Bot API client, for calls the Connector interface does not cover. */
  readonly api: Bot['api'];
}

export const DEFAULT_ALLOWED_UPDATES = [
  'message', 'edited_message', 'chat_member', 'my_chat_member', 'chat_join_request', 'message_reaction', 'callback_query', 'poll_answer',
];

const NO_SEND = {
  can_send_messages: false, can_send_audios: false, can_send_documents: false, can_send_photos: false,
  can_send_videos: false, can_send_video_notes: false, can_send_voice_notes: false, can_send_polls: false,
  can_send_other_messages: false, can_add_web_page_previews: false, can_change_info: false,
  can_invite_users: false, can_pin_messages: false, can_manage_topics: false,
};

/** A member's ordinary permissions, given back when a hold or mute is lifted (the group's own defaults still apply). */
const ALL_SEND = {
  can_send_messages: true, can_send_audios: true, can_send_documents: true, can_send_photos: true,
  can_send_videos: true, can_send_video_notes: true, can_send_voice_notes: true, can_send_polls: true,
  can_send_other_messages: true, can_add_web_page_previews: true,
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
  deleteMessage: { supported: true, note: 'messages younger than 48 hours; needs can_delete_messages' },
  restrict: { supported: true, note: 'supergroups only; needs can_restrict_members' },
  unrestrict: { supported: true, note: "gives back the group's default permissions; needs can_restrict_members" },
  ban: { supported: true, note: 'the member cannot come back through any link until unbanned; needs can_restrict_members' },
  unban: { supported: true, note: 'needs can_restrict_members' },
  renameGroup: { supported: true, note: 'needs can_change_info' },
  sendPhoto: { supported: true, note: 'sendPhoto with the PNG uploaded as multipart/form-data; counts against the send limits' },
  buttons: { supported: true, note: 'an inline keyboard; a press comes back as a callback_query, answered once stored' },
  sendPoll: { supported: true, note: 'non-anonymous, so votes come back as poll_answer updates; 2–10 options of ≤ 100 characters; votes on polls sent before a restart are not placed' },
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
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 60_000;
  const emptyPollDelayMs = options.emptyPollDelayMs ?? 1000;
  const pollTimeoutSeconds = options.pollTimeoutSeconds ?? 30;
  const random = options.random ?? Math.random;
  const memory = new TranslateMemory();
  const joins = options.joinRequests ?? memoryJoinRequestStore();
  const deciding = new Map<string, Promise<void>>();
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

  /**
   * Translates a batch update by update: one that cannot be translated (a field missing, a shape
   * Qunyun does not know) is set aside with its reason instead of failing the others.
   */
  function translate(updates: Update[]) {
    const events: unknown[] = [];
    const requests: PendingJoinRequest[] = [];
    const failed: Array<{ update: Update; reason: string }> = [];
    for (const u of updates) {
      try {
        const t = translateUpdate(u, memory);
        events.push(...t.events);
        if (t.joinRequest) requests.push(t.joinRequest);
        if (t.bot) groups.set(t.bot.groupId, t.bot);
      } catch (e) {
        failed.push({ update: u, reason: `telegram update ${String(u?.update_id)} could not be translated: ${(e as Error)?.message ?? String(e)}` });
      }
    }
    return { events, requests, failed };
  }

  /** A join after an approval made before a restart: its attribution comes from the stored request. */
  async function recallApprovals(updates: Update[]): Promise<void> {
    for (const u of updates) {
      const cm = u?.chat_member;
      const groupId = cm?.chat?.id, userId = cm?.new_chat_member?.user?.id;
      if (!cm || cm.invite_link || groupId === undefined || userId === undefined) continue;
      const key = `${groupId}:${userId}`;
      if (memory.approvedVia.has(key)) continue;
      const r = await joins.get(String(groupId), String(userId));
      if (r?.status === 'approved' && r.inviteCode) memory.approvedVia.set(key, { inviteCode: r.inviteCode, ...(r.source ? { source: r.source } : {}) });
    }
  }

  /**
   * Stores what a batch of updates says: its events through the sink, its join requests, and
   * the updates that could not be translated as dead letters. Resolves when all of it is kept,
   * only then may the updates be acknowledged; a rejection means the batch must come again.
   */
  async function keep(updates: Update[], target: EventSink) {
    await recallApprovals(updates);
    const batch = translate(updates);
    const result = batch.events.length > 0 ? await target(batch.events) : undefined;
    for (const r of batch.requests) await joins.save(r);
    // A pressed button spins in the member's app until answered; stored first, answered after (best effort).
    for (const u of updates) {
      if (u?.callback_query) void callApi('answerCallbackQuery', () => api.answerCallbackQuery(u.callback_query!.id)).catch(() => undefined);
    }
    for (const f of batch.failed) {
      if (options.deadLetter) await options.deadLetter(f.update, f.reason);
      else log?.warn({ updateId: f.update?.update_id, reason: f.reason }, 'telegram update dropped: it could not be translated');
    }
    return { events: batch.events.length, deadLettered: batch.failed.length, result };
  }

  /** The lasting failure polling last reported to the runtime (cleared by the next good poll). */
  let faulted: AccountFault | undefined;
  function reportFailure(e: unknown, failures: number) {
    const fault = telegramFault(e);
    // A 401 or 409 is said at once; the network and 5xx only once they last, 429 is flood control.
    const lasting = fault.code === 'telegram_unauthorized' || fault.code === 'telegram_conflict'
      || (fault.code === 'telegram_unreachable' && failures >= UNREACHABLE_AFTER);
    if (!lasting) return;
    faulted = fault;
    options.health?.fault(fault);
  }
  function reportWorking() {
    if (!faulted) return;
    faulted = undefined;
    options.health?.ok();
  }

  /** Wait before the next try after `failures` failures in a row: doubling, capped, jittered (50–100 %); at least a 429's retry_after. */
  const backoff = (failures: number, atLeastMs = 0) =>
    Math.max(atLeastMs, pollBackoffMs(failures, retryDelayMs, maxRetryDelayMs, random));

  async function pollLoop(signal: AbortSignal): Promise<void> {
    let offset: number | undefined;
    let failures = 0;
    const pause = (ms: number) => new Promise<void>((r) => {
      if (signal.aborted) return r();
      const t = setTimeout(done, ms);
      function done() { clearTimeout(t); signal.removeEventListener('abort', done); r(); }
      signal.addEventListener('abort', done, { once: true });
    });
    while (!signal.aborted) {
      const target = sink;
      if (!target) return;
      let updates: Update[];
      const asked = Date.now();
      try {
        updates = await callApi('getUpdates', () => api.getUpdates({
          ...(offset !== undefined ? { offset } : {}), timeout: pollTimeoutSeconds, limit: 100,
          allowed_updates: allowed as never,
        }, signal as never));
        if (!Array.isArray(updates)) throw new Error('getUpdates answered something that is not a list of updates');
      } catch (e) {
        if (signal.aborted) return;
        failures++;
        reportFailure(e, failures);
        const wait = backoff(failures, (e as PlatformError).retryAfterMs ?? 0);
        log?.warn({ err: (e as Error).message, failures, retryInMs: wait }, 'telegram getUpdates failed');
        await pause(wait);
        continue;
      }
      reportWorking();
      if (updates.length === 0) {
        failures = 0;
        // A server that does not hold the request open would be asked again at once, forever.
        const elapsed = Date.now() - asked;
        if (pollTimeoutSeconds === 0 || elapsed < (pollTimeoutSeconds * 1000) / 2) await pause(emptyPollDelayMs);
        continue;
      }
      try {
        await keep(updates, target);
      } catch (e) {
        // Not stored: keep the offset, so the next getUpdates returns the same updates.
        failures++;
        const wait = backoff(failures);
        log?.error({ err: (e as Error)?.message ?? String(e), failures, retryInMs: wait }, 'telegram updates not stored; fetching the same updates again');
        await pause(wait);
        continue;
      }
      failures = 0;
      // Past the highest id of this answer (ids may restart lower after a quiet week, so not of all time);
      // an update without a numeric id cannot move it, nor make it NaN.
      const ids = updates.map((u) => u?.update_id).filter((id): id is number => Number.isSafeInteger(id));
      if (ids.length > 0) offset = Math.max(...ids) + 1;
    }
  }

  function send(chatId: string, message: OutgoingMessage): Promise<{ messageId: string }> {
    return once(message.clientKey, () => dispatcher.enqueue(chatId, () => callApi('sendMessage', () => api.sendMessage(chat(chatId), message.text, {
      ...(message.replyTo ? { reply_parameters: { message_id: Number(message.replyTo), allow_sending_without_reply: true } } : {}),
      ...(message.buttons?.length ? { reply_markup: { inline_keyboard: [message.buttons.map((b) => ({ text: b.text, callback_data: b.data.slice(0, 64) }))] } } : {}),
    }))).then((m) => ({ messageId: String(m.message_id) })));
  }

  /** A PNG uploaded as multipart/form-data (grammY's InputFile), throttled like a message. */
  function sendPhoto(chatId: string, photo: OutgoingPhoto): Promise<{ messageId: string }> {
    return once(photo.clientKey, () => dispatcher.enqueue(chatId, () => callApi('sendPhoto', () => api.sendPhoto(chat(chatId),
      new InputFile(photo.png, photo.filename ?? 'card.png'), {
        ...(photo.caption ? { caption: photo.caption.slice(0, 1024) } : {}),
        ...(photo.replyTo ? { reply_parameters: { message_id: Number(photo.replyTo), allow_sending_without_reply: true } } : {}),
      }))).then((m) => ({ messageId: String(m.message_id) })));
  }

  /** A non-anonymous native poll; its id is remembered so that its poll_answer votes find their group. */
  function sendPoll(chatId: string, poll: OutgoingPoll): Promise<{ messageId: string }> {
    return once(poll.clientKey, () => dispatcher.enqueue(chatId, () => callApi('sendPoll', () => api.sendPoll(chat(chatId),
      poll.question.slice(0, 300), poll.options.slice(0, 10).map((o) => ({ text: o.slice(0, 100) })), { is_anonymous: false }))).then((m) => {
      if (m.poll) {
        memory.polls.set(m.poll.id, { groupId: String(m.chat.id), messageId: String(m.message_id) });
        if (memory.polls.size > 10_000) memory.polls.delete(memory.polls.keys().next().value!);
      }
      return { messageId: String(m.message_id) };
    }));
  }

  function once(clientKey: string | undefined, run: () => Promise<{ messageId: string }>): Promise<{ messageId: string }> {
    // The Bot API has no idempotency key: a key already sent by this process returns the first result.
    if (clientKey) {
      const known = sentByKey.get(clientKey);
      if (known) return known;
    }
    const p = run();
    if (clientKey) {
      const key = clientKey;
      sentByKey.set(key, p);
      p.catch(() => sentByKey.delete(key));
      if (sentByKey.size > 10_000) sentByKey.delete(sentByKey.keys().next().value!);
    }
    return p;
  }

  /**
   * Approves or declines once: a request already decided that way is not sent again (a second
   * click, a retry after a restart), and decisions on one request run one at a time. When Telegram
   * no longer has the request but the user is a member, it was approved (e.g. just before a crash).
   */
  function decide(groupId: string, userId: string, status: 'approved' | 'declined'): Promise<void> {
    const key = `${groupId}:${userId}`;
    const before = deciding.get(key) ?? Promise.resolve();
    const next = before.catch(() => undefined).then(async () => {
      const req = await joins.get(groupId, userId);
      if (req?.status !== status) {
        const method = status === 'approved' ? 'approveChatJoinRequest' : 'declineChatJoinRequest';
        try {
          await callApi(method, () => status === 'approved'
            ? api.approveChatJoinRequest(chat(groupId), user(userId))
            : api.declineChatJoinRequest(chat(groupId), user(userId)));
        } catch (e) {
          if (!(status === 'approved' && e instanceof PlatformError && e.code === 'no_join_request' && await isMember(groupId, userId))) throw e;
        }
        await joins.decide(groupId, userId, status);
      }
      if (status === 'approved' && req?.inviteCode) memory.approvedVia.set(key, { inviteCode: req.inviteCode, ...(req.source ? { source: req.source } : {}) });
    });
    deciding.set(key, next);
    void next.finally(() => { if (deciding.get(key) === next) deciding.delete(key); }).catch(() => undefined);
    return next;
  }

  async function isMember(groupId: string, userId: string): Promise<boolean> {
    try {
      const m = await api.getChatMember(chat(groupId), user(userId));
      return m.status === 'member' || m.status === 'administrator' || m.status === 'creator' || (m.status === 'restricted' && m.is_member);
    } catch {
      return false;
    }
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
        await withFault(callApi('setWebhook', () => api.setWebhook(w.url, { secret_token: w.secretToken, allowed_updates: allowed as never })));
        return;
      }
      // getUpdates is refused while a webhook is set.
      await withFault(callApi('deleteWebhook', () => api.deleteWebhook({ drop_pending_updates: false })));
      const controller = new AbortController();
      // The loop handles its own failures; this is the last guard: a poll loop must never reject unhandled.
      const done = pollLoop(controller.signal).catch((e: unknown) => {
        log?.error({ err: (e as Error)?.message ?? String(e) }, 'telegram polling stopped by an unexpected error');
      });
      polling = { controller, done };
    },

    /**
     * The runtime's retry of an account in error: while polling fails for a lasting reason, that
     * reason (the poll loop keeps trying on its own); otherwise, does the token work (getMe)?
     */
    async check() {
      if (polling && faulted) throw Object.assign(new Error(faulted.message), { fault: faulted });
      await withFault(callApi('getMe', () => api.getMe()));
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
      try {
        // An update that cannot be translated is dead-lettered and answered 200: Telegram would retry a 503 forever.
        const kept = await keep([update], target);
        return { status: 200, body: { ok: true, events: kept.events, ...(kept.deadLettered ? { deadLettered: kept.deadLettered } : {}), ...(kept.result ? { result: kept.result } : {}) } };
      } catch (e) {
        return { status: 503, body: { error: `events not stored: ${(e as Error)?.message ?? String(e)}` } };
      }
    },

    sendToGroup: (groupId, message) => send(groupId, message),
    sendToMember: (userId, message) => send(userId, message),
    sendPhoto: (groupId, photo) => sendPhoto(groupId, photo),
    sendPoll: (groupId, poll) => sendPoll(groupId, poll),

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

    approveJoinRequest: (groupId, userId) => decide(groupId, userId, 'approved'),
    declineJoinRequest: (groupId, userId) => decide(groupId, userId, 'declined'),

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
    async deleteMessage(groupId, messageId) {
      try {
        await callApi('deleteMessage', () => api.deleteMessage(chat(groupId), Number(messageId)));
      } catch (e) {
        // Already deleted (by its author, an admin, or an earlier try): the effect is there.
        if (e instanceof PlatformError && e.status === 400 && /message to delete not found/i.test(e.message)) return;
        throw e;
      }
    },
    async restrict(groupId, userId, options) {
      const permissions = options?.textOnly ? { ...NO_SEND, can_send_messages: true } : NO_SEND;
      await callApi('restrictChatMember', () => api.restrictChatMember(chat(groupId), user(userId), permissions, { use_independent_chat_permissions: true }));
    },
    async unrestrict(groupId, userId) {
      await callApi('restrictChatMember', () => api.restrictChatMember(chat(groupId), user(userId), ALL_SEND, { use_independent_chat_permissions: true }));
    },
    async ban(groupId, userId) {
      await callApi('banChatMember', () => api.banChatMember(chat(groupId), user(userId)));
    },
    async unban(groupId, userId) {
      await callApi('unbanChatMember', () => api.unbanChatMember(chat(groupId), user(userId), { only_if_banned: true }));
    },
    async renameGroup(groupId, name) {
      await callApi('setChatTitle', () => api.setChatTitle(chat(groupId), name.slice(0, 128)));
    },
    async createGroup() {
      const c = TELEGRAM_CAPABILITIES.createGroup as { reason: string; instead: string };
      throw new ActionNotSupported('telegram', 'createGroup', c.reason, c.instead);
    },

    pendingJoinRequests: (groupId) => joins.pending(groupId),
    knownGroups: () => [...groups.values()],
  };
}

/** The wait after `failures` failures in a row: base·2^(failures−1), capped at `maxMs`, times 50–100 % jitter. */
export function pollBackoffMs(failures: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const raw = Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(failures, 32) - 1));
  return Math.round(raw * (0.5 + random() / 2));
}

/** Failures of getUpdates in a row (network, 5xx) before the account is said to be in error. */
const UNREACHABLE_AFTER = 3;

/** What an operator is told about a failure of the Bot API: a code the console translates, and the message. */
export function telegramFault(e: unknown): AccountFault {
  const message = (e as Error)?.message ?? String(e);
  if (e instanceof PlatformError) {
    if (e.status === 401) return { code: 'telegram_unauthorized', message };
    if (e.status === 409) return { code: 'telegram_conflict', message };
    if (e.status === 0 || e.status >= 500) return { code: 'telegram_unreachable', message };
  }
  return { code: 'telegram_failed', message };
}

/** Rejects with the error carrying its fault, so that the runtime shows the account's error with its code. */
async function withFault<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof Error) throw Object.assign(e, { fault: telegramFault(e) });
    throw e;
  }
}
