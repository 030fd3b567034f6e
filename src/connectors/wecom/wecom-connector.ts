/**
 * The WeCom customer-group connector. Callbacks are verified and decrypted (crypto.ts, with a
 * replay guard); a change_external_chat event is only a trigger to re-read the group
 * (groupchat/get) and diff it against what Qunyun knows (reconcile.ts). WeCom sends a callback
 * again only after a network error or a timeout, never because of our answer, so the callback is
 * answered "success" once its events are stored or, when that cannot be done now (the API down,
 * the member list not updated yet), once the callback is kept (pending-callbacks.ts): the
 * connector retries kept callbacks itself, with backoff. WeCom's repeat of a callback already
 * taken is answered "success" with no second effect. Setup faults (IP not allowed, a group the
 * app cannot see, a wrong clock, …) go to the account's health, so the operator sees them.
 * `reconcileAll` re-reads every group, for the events WeCom lost or reordered.
 *
 * Most moderation actions have no WeCom API for customer groups; they reject with
 * ActionNotSupported saying what an operator can do instead.
 */
import {
  ActionNotSupported, PlatformError, type ActionName, type Capabilities, type Connector, type EventSink, type InviteLink,
  type InviteLinkOptions, type OutgoingMessage,
} from '../connector.ts';
import type { IngestResult } from '../../events/ingest.ts';
import type { PlatformEventInput } from '../../events/envelope.ts';
import { CallbackFormatError, parseCallbackEvent, type ExternalChatChange } from './callback-event.ts';
import { createWecomClient, silentLogger, type WecomClient, type WecomLogger } from './client.ts';
import { createReplayGuard, createWecomCrypto, parseCallbackEnvelope, WecomCryptoError, type ReplayGuard } from './crypto.ts';
import { WecomApiError } from './errors.ts';
import { diffGroup, knownAfter, readIsStale, type KnownGroup, type ReconcileTrigger } from './reconcile.ts';
import type { GroupChat } from './api-types.ts';
import { createArchiveReader, type ArchiveReader } from './archive-reader.ts';
import { AccountFaultError, type AccountFault, type AccountHealth } from '../runtime/account-health.ts';
import { createMemoryPendingStore, type PendingCallbackStore } from './pending-callbacks.ts';

export interface WecomConnectorOptions {
  corpId: string;
  secret: string;
  /** Callback Token and EncodingAESKey from the app's 接收消息 settings. */
  token: string;
  encodingAesKey: string;
  agentId?: string;
  apiRoot?: string;
  fetch?: typeof globalThis.fetch;
  logger?: WecomLogger;
  /** The chat-archive sidecar, when the corp has 会话内容存档 (read with createArchiveReader). */
  archive?: { sidecarUrl: string };
  /**
   * What Qunyun knows of a group (the database is the source of truth); undefined = never seen.
   * Without it the connector keeps what it learned in memory, which a restart forgets.
   */
  loadKnownGroup?: (chatId: string) => Promise<KnownGroup | undefined>;
  /** Maps a join way's state to the join's source (default: the state itself). */
  sourceFromState?: (state: string) => string;
  /** Owners to list in reconcileAll; WeCom requires them when the app sees more than 1000 people (81017). */
  ownerIds?: string[];
  /** Who confirms mass messages to a group (default: the group's owner, whom WeCom accepts). */
  massSender?: (chatId: string) => string | Promise<string>;
  replayGuard?: ReplayGuard;
  /** Where setup faults found while running go (the connector runtime: the account shows in error). */
  health?: AccountHealth;
  /** Callbacks acknowledged but not processed yet, retried with backoff (default: in memory). */
  pendingStore?: PendingCallbackStore;
  /** Stores a callback this connector cannot use (an unknown ChangeType) for an operator: the dead letters. */
  deadLetter?: (raw: unknown, reason: string) => Promise<void>;
  /** A customer added a staff member through a contact way (add_external_contact with a State); rejects to have WeCom call again. */
  onContactAdded?: (contact: { userId: string; externalUserId: string; state: string; createTime: number }) => Promise<void>;
  /**
   * Retry of kept callbacks: first wait (default 5 s, doubling to maxMs 10 min, at most maxAttempts 12
   * tries), and the wait before reading again a group whose member list lags its callback (lagMs, 3 s).
   */
  pendingRetry?: { baseMs?: number; maxMs?: number; lagMs?: number; maxAttempts?: number };
  now?: () => number;
  /** Passed to the API client (tests). */
  client?: Partial<Parameters<typeof createWecomClient>[0]>;
}

export interface PendingReport { processed: number; kept: number; dropped: number }

type ReconcileResult = IngestResult & { events: number; stale?: boolean };

/** API errors that mean the account's setup is wrong: shown on the account, not only in the log. */
const API_FAULTS = ['wecom_ip_not_allowed', 'wecom_invalid_credentials', 'wecom_no_permission', 'wecom_chat_not_visible'];

export function apiFault(e: unknown, chatId?: string): AccountFault | undefined {
  if (!(e instanceof WecomApiError)) return undefined;
  const errmsg = e.message;
  switch (e.errcode) {
    case 60020: {
      const ip = /from ip: ?([0-9a-fA-F.:]+)/.exec(errmsg)?.[1] ?? 'unknown';
      return {
        code: 'wecom_ip_not_allowed', params: { ip },
        message: `WeCom refuses calls from this server's IP ${ip} (errcode 60020): add it to the app's trusted IPs (企业可信IP) in the WeCom admin console`,
      };
    }
    case 40050:
      return {
        code: 'wecom_chat_not_visible', params: { chatId: chatId ?? '' },
        message: `WeCom says group ${chatId ?? ''} does not exist for this app (errcode 40050): its owner is probably outside the app's visible range (可见范围), or the secret is not the customer-contact (客户联系) one`,
      };
    case 40001: case 40013: case 40091: case 41004:
      return { code: 'wecom_invalid_credentials', params: { errcode: e.errcode }, message: `WeCom refuses the corp ID or secret (errcode ${e.errcode}): check them in the account settings` };
    case 48002: case 48006: case 50002: case 60011: case 60021:
      return {
        code: 'wecom_no_permission', params: { errcode: e.errcode, api: e.api },
        message: `WeCom does not let this app call ${e.api} (errcode ${e.errcode}): add the app to 客户联系 → 可调用接口的应用 and widen its visible range`,
      };
    default:
      return undefined;
  }
}

export function clockSkewFault(skewSeconds: number): AccountFault {
  const ahead = skewSeconds < 0;
  const seconds = Math.abs(Math.round(skewSeconds));
  return {
    code: 'wecom_clock_skew', params: { seconds, direction: ahead ? 'ahead' : 'behind' },
    message: `this server's clock is ${seconds} s ${ahead ? 'ahead of' : 'behind'} WeCom's; callbacks are accepted within 300 s: set the server's time right (NTP)`,
  };
}

/** What handleCallback answers: the HTTP status and body to send; `reason` is for the log, not the wire. */
export interface CallbackAnswer { status: number; body: string; reason?: string }

export interface ReconcileReport {
  groups: number;
  events: number;
  stored: number;
  duplicates: number;
  failed: Array<{ chatId: string; error: string }>;
}

export interface WecomConnector extends Connector {
  readonly client: WecomClient;
  /** The chat-archive reader, when `archive` was configured. */
  readonly archive: ArchiveReader | undefined;
  handleCallback(method: string, query: Record<string, string | string[] | undefined>, rawBody: string | Buffer): Promise<CallbackAnswer>;
  /** Re-reads one group and stores the difference; returns the events stored. */
  reconcileGroup(chatId: string): Promise<IngestResult & { events: number }>;
  /** Lists every group (by cursor) and reconciles each. */
  reconcileAll(): Promise<ReconcileReport>;
  /** Retries the kept callbacks that are due (a timer does it on its own; tests and the runtime may call it). */
  processPending(): Promise<PendingReport>;
  /** Whether WeCom answers this server (IP, secret, permission) and the clocks agree; rejects with an AccountFaultError. */
  check(): Promise<void>;
  sendToGroup(groupId: string, message: OutgoingMessage): Promise<{ messageId: string; state: 'awaiting_confirmation' }>;
}

const OWNER_TASK = 'create a task for the group owner to do it in the WeCom client';

export const WECOM_CAPABILITIES: Capabilities = {
  sendToGroup: { supported: true, note: 'WeCom sends it as a mass-message task that a staff member must confirm in the WeCom client' },
  sendToMember: {
    supported: false,
    reason: 'this connector posts to customer groups only',
    instead: 'a 1:1 mass-message task (add_msg_template, chat_type "single") that the member\'s staff contact confirms',
  },
  createInviteLink: {
    supported: true,
    note: 'a join way (加入群聊 QR code) whose state names the source; full groups spill into new ones. No approval, expiry or member limit',
  },
  approveJoinRequest: { supported: false, reason: 'WeCom customer groups have no join requests to approve', instead: 'gate entry before handing out the join-way QR code' },
  declineJoinRequest: { supported: false, reason: 'WeCom customer groups have no join requests to decline', instead: 'gate entry before handing out the join-way QR code' },
  mute: { supported: false, reason: 'WeCom offers no API to mute members of a customer group', instead: OWNER_TASK },
  kick: { supported: false, reason: 'WeCom offers no API to remove external members from a customer group', instead: OWNER_TASK },
  renameGroup: { supported: false, reason: 'WeCom offers no API to rename a customer group', instead: OWNER_TASK },
  deleteMessage: { supported: false, reason: "WeCom offers no API to recall a member's message in a customer group", instead: OWNER_TASK },
  restrict: { supported: false, reason: 'WeCom customer groups have no restricted state: newcomers cannot be held until they press a button or answer a question', instead: 'gate entry before handing out the join-way QR code' },
  unrestrict: { supported: false, reason: 'WeCom customer groups have no restricted state', instead: OWNER_TASK },
  ban: { supported: false, reason: 'WeCom offers no API to remove or block external members of a customer group', instead: OWNER_TASK },
  unban: { supported: false, reason: 'WeCom customer groups keep no ban list', instead: 'invite the member again' },
  sendPhoto: {
    supported: false,
    reason: 'this connector sends text mass-message tasks only (an image needs a media upload it does not do)',
    instead: 'open the card in the console (GET /api/daily-card.png with the day, member and group) and post it in the group from the WeCom client',
  },
  buttons: { supported: false, reason: 'WeCom group messages carry no buttons', instead: 'members check in by sending 打卡' },
  createGroup: {
    supported: false,
    reason: 'WeCom offers no API to create a customer group',
    instead: 'createInviteLink on an existing group: its join way auto-creates the next group (room_base_name + serial) when the current ones are full',
  },
};

export function createWecomConnector(options: WecomConnectorOptions): WecomConnector {
  const log = options.logger ?? silentLogger;
  const now = options.now ?? Date.now;
  const client = createWecomClient({
    corpId: options.corpId, secret: options.secret, logger: log, now,
    ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}), ...(options.fetch ? { fetch: options.fetch } : {}), ...options.client,
  });
  const guard = options.replayGuard ?? createReplayGuard({ now });
  const crypto = createWecomCrypto({ token: options.token, encodingAesKey: options.encodingAesKey, receiveId: options.corpId, replayGuard: guard });
  const memory = new Map<string, KnownGroup | null>();
  const loadKnown = options.loadKnownGroup ?? (async (chatId: string) => memory.get(chatId) ?? undefined);
  const locks = new Map<string, Promise<unknown>>();
  const sentByKey = new Map<string, string>();
  let sink: EventSink | undefined;

  /** One reconcile per group at a time, so two triggers never diff against the same stale state. */
  function serialized<T>(chatId: string, work: () => Promise<T>): Promise<T> {
    const before = locks.get(chatId) ?? Promise.resolve();
    const run = before.then(work, work);
    const tail = run.catch(() => undefined);
    locks.set(chatId, tail);
    void tail.then(() => {
      if (locks.get(chatId) === tail) locks.delete(chatId);
    });
    return run;
  }

  const nowSeconds = () => Math.floor(now() / 1000);
  const health = options.health;
  const pending = options.pendingStore ?? createMemoryPendingStore();
  const retryBaseMs = options.pendingRetry?.baseMs ?? 5000;
  const retryMaxMs = options.pendingRetry?.maxMs ?? 10 * 60_000;
  const lagMs = options.pendingRetry?.lagMs ?? 3000;
  const maxAttempts = options.pendingRetry?.maxAttempts ?? 12;
  /** A group still read as before its change after this many tries is taken as it is. */
  const maxStaleTries = 3;
  let pendingTimer: { at: number; timer: NodeJS.Timeout } | undefined;
  let processing: Promise<PendingReport> | undefined;
  const inflight = new Map<string, Promise<CallbackAnswer>>();

  /** Tells the runtime about a setup fault behind an API error; true when it was one. */
  function reportApiFault(e: unknown, chatId?: string): boolean {
    const fault = apiFault(e, chatId);
    if (fault) health?.fault(fault);
    return fault !== undefined;
  }

  /** Reads the group and the known state, stores the difference, then remembers the new state. */
  async function reconcileLocked(target: EventSink, chatId: string, trigger?: ReconcileTrigger, acceptStale = true): Promise<ReconcileResult> {
    let chat: GroupChat | undefined;
    try {
      chat = await client.getGroupChat(chatId);
      health?.ok(API_FAULTS);
    } catch (e) {
      if (!(e instanceof WecomApiError && e.errcode === 49008)) {
        reportApiFault(e, chatId);
        throw e;
      }
    }
    if (chat && !acceptStale && trigger && readIsStale(chat, trigger)) {
      // WeCom lists the change some seconds after its callback: read again later rather than diff an old list.
      return { stored: 0, duplicates: 0, rejected: [], events: 0, stale: true };
    }
    const known = await loadKnown(chatId);
    const events: PlatformEventInput[] = chat
      ? diffGroup(chat, known, { now: nowSeconds(), ...(trigger ? { trigger } : {}), ...(options.sourceFromState ? { sourceFromState: options.sourceFromState } : {}) })
      : dismissedEvents(chatId, trigger?.createTime ?? nowSeconds(), known);
    const result = events.length > 0 ? await target(events) : { stored: 0, duplicates: 0, rejected: [] };
    if (!options.loadKnownGroup) memory.set(chatId, chat ? knownAfter(chat, known, events) : null);
    return { ...result, events: events.length };
  }

  /** A dismissed group: its members' memberships end with it, then the group closes. */
  function dismissedEvents(chatId: string, when: number, known: KnownGroup | undefined): PlatformEventInput[] {
    const at = new Date(when * 1000).toISOString();
    return [
      ...(known?.members ?? []).map((k): PlatformEventInput => ({
        eventId: `wc:leave:${chatId}:${k.userId}:${k.joinTime ?? 'unknown'}`, type: 'leave', occurredAt: at, groupId: chatId, userId: k.userId, reason: 'left',
      })),
      { eventId: `wc:dismiss:${chatId}`, type: 'group_dismissed', occurredAt: at, groupId: chatId },
    ];
  }

  async function applyChange(target: EventSink, change: ExternalChatChange, acceptStale: boolean): Promise<ReconcileResult> {
    if (change.changeType === 'dismiss') {
      return serialized(change.chatId, async () => {
        const known = await loadKnown(change.chatId);
        const events = dismissedEvents(change.chatId, change.createTime, known);
        const result = await target(events);
        if (!options.loadKnownGroup) memory.set(change.chatId, null);
        return { ...result, events: events.length };
      });
    }
    const trigger: ReconcileTrigger = {
      createTime: change.createTime, memChangeList: change.memChangeList,
      ...(change.updateDetail ? { updateDetail: change.updateDetail } : {}), ...(change.quitScene !== undefined ? { quitScene: change.quitScene } : {}),
      ...(change.lastMemVer ? { lastMemVer: change.lastMemVer } : {}), ...(change.curMemVer ? { curMemVer: change.curMemVer } : {}),
    };
    return serialized(change.chatId, () => reconcileLocked(target, change.chatId, trigger, acceptStale));
  }

  function schedulePending(at: number): void {
    if (!sink) return;
    if (pendingTimer && pendingTimer.at <= at) return;
    if (pendingTimer) clearTimeout(pendingTimer.timer);
    const timer = setTimeout(() => {
      pendingTimer = undefined;
      void processPending().catch((e: unknown) => log.warn({ error: (e as Error).message }, 'WeCom kept callbacks: retry failed'));
    }, Math.max(0, at - now()));
    timer.unref();
    pendingTimer = { at, timer };
  }

  /** Keeps a callback to process later (answered "success" to WeCom once it is kept). */
  async function keep(key: string, chatId: string, xml: string, error: string, delayMs: number): Promise<void> {
    const at = now() + delayMs;
    await pending.add({ key, chatId, xml, error, nextAttemptAt: new Date(at) });
    schedulePending(at);
  }

  const backoffMs = (attempts: number) => Math.min(retryMaxMs, retryBaseMs * 2 ** Math.max(0, attempts - 1));

  /** Processes the kept callbacks whose next try is due; the rest wait for their time. */
  function processPending(): Promise<PendingReport> {
    if (processing) return processing;
    processing = (async () => {
      const report: PendingReport = { processed: 0, kept: 0, dropped: 0 };
      const target = sink;
      if (!target) return report;
      for (const item of await pending.due(new Date(now()), 100)) {
        let event;
        try {
          event = parseCallbackEvent(item.xml);
        } catch (e) {
          await options.deadLetter?.({ wecomCallback: item.xml }, `kept WeCom callback does not parse: ${(e as Error).message}`);
          await pending.done(item.id);
          report.dropped++;
          continue;
        }
        if (event.kind !== 'change_external_chat') {
          await pending.done(item.id);
          continue;
        }
        try {
          const r = await applyChange(target, event, item.attempts >= maxStaleTries);
          if (r.stale) {
            await pending.failed(item.id, 'WeCom does not list the change yet', new Date(now() + lagMs));
            report.kept++;
          } else {
            await pending.done(item.id);
            report.processed++;
          }
        } catch (e) {
          const error = (e as Error).message;
          if (item.attempts >= maxAttempts) {
            // The scheduled full reconcile still catches whatever this callback was about.
            await options.deadLetter?.({ wecomCallback: item.xml }, `WeCom callback given up after ${item.attempts} tries: ${error}`);
            await pending.done(item.id);
            report.dropped++;
          } else {
            await pending.failed(item.id, error, new Date(now() + backoffMs(item.attempts + 1)));
            report.kept++;
          }
        }
      }
      const next = await pending.nextDue();
      if (next) schedulePending(next.getTime());
      return report;
    })().finally(() => {
      processing = undefined;
    });
    return processing;
  }

  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

  async function handleCallback(method: string, rawQuery: Record<string, string | string[] | undefined>, rawBody: string | Buffer): Promise<CallbackAnswer> {
    const q = { msg_signature: first(rawQuery.msg_signature), timestamp: first(rawQuery.timestamp), nonce: first(rawQuery.nonce), echostr: first(rawQuery.echostr) };
    const reject = (status: number, reason: string): CallbackAnswer => {
      log.warn({ method, status, reason }, 'WeCom callback rejected');
      return { status, body: status === 400 ? 'bad request' : 'rejected', reason };
    };
    if (!q.msg_signature || !q.timestamp || !q.nonce) return reject(400, 'msg_signature, timestamp and nonce are required');
    const signed = { msg_signature: q.msg_signature, timestamp: q.timestamp, nonce: q.nonce };

    if (method === 'GET') {
      if (!q.echostr) return reject(400, 'echostr is required for URL verification');
      try {
        return { status: 200, body: crypto.verifyUrl({ ...signed, echostr: q.echostr }) };
      } catch (e) {
        // One answer for every crypto failure: the reason goes to the log only (no padding oracle).
        if (e instanceof WecomCryptoError) return reject(403, `${e.code}: ${e.message}`);
        throw e;
      }
    }
    if (method !== 'POST') return reject(405, `method ${method} is not used by WeCom callbacks`);

    const body = typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8');
    const key = JSON.stringify([signed.timestamp, signed.nonce, signed.msg_signature]);
    let xml: string;
    try {
      xml = crypto.decryptCallback(signed, body);
      health?.ok(['wecom_clock_skew']);
    } catch (e) {
      if (!(e instanceof WecomCryptoError)) throw e;
      if (e.code === 'replay') {
        // The signature was checked first: this is WeCom sending a callback again (its retry after a
        // timeout). Answer as the first one is answered; it has no second effect.
        const first = inflight.get(key);
        if (first) return first;
        log.debug({ timestamp: signed.timestamp }, 'WeCom callback repeated; already processed');
        return { status: 200, body: 'success' };
      }
      if (e.code === 'stale_timestamp' && /^[0-9]{1,12}$/.test(signed.timestamp)) {
        // Signed by WeCom, but more than 300 s from our clock: a clock is wrong. Say so on the
        // account, and still take the change (it only makes Qunyun re-read the group).
        const skew = Number(signed.timestamp) - nowSeconds();
        health?.fault(clockSkewFault(skew));
        xml = crypto.decrypt(parseCallbackEnvelope(body).encrypt).message;
      } else {
        return reject(e.code === 'malformed_body' ? 400 : 403, `${e.code}: ${e.message}`);
      }
    }
    const replayKey = { timestamp: signed.timestamp, nonce: signed.nonce, signature: signed.msg_signature };
    const answer = processCallback(xml, key, replayKey);
    inflight.set(key, answer);
    try {
      return await answer;
    } finally {
      inflight.delete(key);
    }
  }

  async function processCallback(xml: string, key: string, replayKey: { timestamp: string; nonce: string; signature: string }): Promise<CallbackAnswer> {
    // Only when nothing was kept: WeCom's retry of this same request must then get through the replay guard.
    const fail = (status: number, reason: string): CallbackAnswer => {
      guard.forget(replayKey);
      log.warn({ status, reason }, 'WeCom callback not processed nor kept');
      return { status, body: 'retry', reason };
    };
    let event;
    try {
      event = parseCallbackEvent(xml);
    } catch (e) {
      if (e instanceof CallbackFormatError) return { status: 400, body: 'bad request', reason: e.message };
      throw e;
    }
    if (event.kind === 'other') {
      log.debug({ msgType: event.msgType, event: event.event }, 'WeCom callback ignored: not a customer-group change');
      return { status: 200, body: 'success' };
    }
    if (event.kind === 'contact_added') {
      // A customer added a staff member (a staff code's contact way, when State is set). Not
      // answered until it is stored, so WeCom calls back again if storing fails; a repeat is
      // recognised by the receiver (once per code and customer).
      if (!options.onContactAdded || event.state === undefined) return { status: 200, body: 'success' };
      try {
        await options.onContactAdded({ userId: event.userId, externalUserId: event.externalUserId, state: event.state, createTime: event.createTime });
      } catch (e) {
        return fail(503, `contact arrival not stored: ${(e as Error).message}`);
      }
      return { status: 200, body: 'success' };
    }
    if (event.kind === 'unknown_change') {
      // A kind WeCom added later: kept for an operator (dead letters), acknowledged so WeCom does not count failures.
      try {
        await options.deadLetter?.({ wecomCallback: xml }, event.reason);
      } catch (e) {
        return fail(503, `could not dead-letter: ${(e as Error).message}`);
      }
      log.warn({ chatId: event.chatId, changeType: event.changeType }, 'WeCom callback dead-lettered: unknown ChangeType');
      return { status: 200, body: 'success' };
    }
    const target = sink;
    if (!target) return fail(503, 'connector not started');
    try {
      const r = await applyChange(target, event, false);
      if (r.stale) await keep(key, event.chatId, xml, 'WeCom does not list the change yet', lagMs);
      return { status: 200, body: 'success' };
    } catch (e) {
      const reason = (e as Error).message;
      try {
        // WeCom does not send an answered callback again: keep it and retry it here.
        await keep(key, event.chatId, xml, reason, backoffMs(1));
        log.warn({ chatId: event.chatId, reason }, 'WeCom callback kept: it is retried with backoff');
        return { status: 200, body: 'success' };
      } catch (k) {
        return fail(503, `events not stored: ${reason}; not kept: ${(k as Error).message}`);
      }
    }
  }

  async function reconcileAll(): Promise<ReconcileReport> {
    const target = sink;
    if (!target) throw new Error('WeCom connector not started: reconcileAll needs a sink');
    const report: ReconcileReport = { groups: 0, events: 0, stored: 0, duplicates: 0, failed: [] };
    const chats: string[] = [];
    try {
      for await (const { chat_id: chatId } of client.listAllGroupChats(options.ownerIds ? { ownerIds: options.ownerIds } : {})) chats.push(chatId);
    } catch (e) {
      // A setup fault (IP, secret, permission) shows on the account, not only in the job's log.
      reportApiFault(e);
      throw e;
    }
    for (const chatId of chats) {
      report.groups++;
      try {
        const r = await serialized(chatId, () => reconcileLocked(target, chatId));
        report.events += r.events;
        report.stored += r.stored;
        report.duplicates += r.duplicates;
      } catch (e) {
        // One unreadable group must not stop the others; a sink failure stops everything.
        if (!(e instanceof PlatformError)) throw e;
        report.failed.push({ chatId, error: e.message });
        log.warn({ chatId, error: e.message }, 'WeCom reconcile skipped a group');
      }
    }
    return report;
  }

  const unsupported = (action: ActionName): never => {
    const c = WECOM_CAPABILITIES[action];
    if (c.supported) throw new Error(`${action} is supported`);
    throw new ActionNotSupported('wecom', action, c.reason, c.instead);
  };

  return {
    platform: 'wecom',
    capabilities: WECOM_CAPABILITIES,
    client,
    archive: options.archive ? createArchiveReader({ sidecarUrl: options.archive.sidecarUrl, logger: log, ...(options.fetch ? { fetch: options.fetch } : {}) }) : undefined,
    handleCallback,
    reconcileAll,
    processPending,
    async check() {
      try {
        await client.listGroupChats({ limit: 1, ...(options.ownerIds?.length ? { owner_filter: { userid_list: options.ownerIds.slice(0, 100) } } : {}) });
      } catch (e) {
        const fault = apiFault(e);
        if (fault) throw new AccountFaultError(fault);
        // 81017 (the app sees > 1000 people: list by owner) is WeCom answering this server: reachable, allowed.
        if (!(e instanceof WecomApiError && e.errcode === 81017)) throw e;
      }
      const offset = client.serverClockOffsetMs();
      if (offset !== undefined && Math.abs(offset) > 300_000) throw new AccountFaultError(clockSkewFault(offset / 1000));
    },
    async reconcileGroup(chatId) {
      const target = sink;
      if (!target) throw new Error('WeCom connector not started: reconcileGroup needs a sink');
      return serialized(chatId, () => reconcileLocked(target, chatId));
    },
    async start(s) {
      sink = s;
      // Callbacks kept before a restart are tried again at once.
      void processPending().catch((e: unknown) => log.warn({ error: (e as Error).message }, 'WeCom kept callbacks: retry failed'));
    },
    async stop() {
      sink = undefined;
      if (pendingTimer) clearTimeout(pendingTimer.timer);
      pendingTimer = undefined;
    },

    async sendToGroup(groupId, message) {
      // WeCom has no idempotency key; this only stops a repeat within this process.
      const previous = message.clientKey ? sentByKey.get(message.clientKey) : undefined;
      if (previous) return { messageId: previous, state: 'awaiting_confirmation' };
      const sender = options.massSender ? await options.massSender(groupId) : (await client.getGroupChat(groupId, false)).owner;
      const r = await client.addMsgTemplate({ chat_type: 'group', sender, chat_id_list: [groupId], text: { content: message.text } });
      if (r.fail_list.includes(groupId)) {
        throw new PlatformError(`WeCom add_msg_template: ${sender} cannot send to group ${groupId}`, 422, 'send_failed');
      }
      if (message.clientKey) sentByKey.set(message.clientKey, r.msgid);
      return { messageId: r.msgid, state: 'awaiting_confirmation' };
    },
    sendToMember: async () => unsupported('sendToMember'),

    async createInviteLink(groupId, o: InviteLinkOptions): Promise<InviteLink> {
      const option = o.requiresApproval ? 'approval' : o.expiresAt ? 'an expiry time' : o.memberLimit !== undefined ? 'a member limit' : undefined;
      if (option) {
        throw new ActionNotSupported('wecom', 'createInviteLink', `WeCom join ways cannot have ${option}`,
          'create the join way without it; groups cap themselves (200 members, 500 upgraded) and auto_create_room opens the next');
      }
      const state = o.source ?? 'invite_link';
      if ([...state].length > 30) throw new PlatformError(`WeCom join-way state "${state}" is longer than 30 characters`, 400, 'invalid_argument');
      const chat = await client.getGroupChat(groupId, false);
      const baseName = [...(chat.name || 'Group')].slice(0, 36).join('');
      const configId = await client.addJoinWay({
        scene: 2, chat_id_list: [groupId], state, auto_create_room: 1, room_base_name: baseName, room_base_id: 2,
        ...(o.name ? { remark: [...o.name].slice(0, 30).join('') } : {}),
      });
      const way = await client.getJoinWay(configId);
      if (!way.qr_code) throw new PlatformError('WeCom get_join_way: no qr_code in the answer', 502, 'bad_response');
      return { url: way.qr_code, code: configId };
    },
    approveJoinRequest: async () => unsupported('approveJoinRequest'),
    declineJoinRequest: async () => unsupported('declineJoinRequest'),
    mute: async () => unsupported('mute'),
    kick: async () => unsupported('kick'),
    renameGroup: async () => unsupported('renameGroup'),
    deleteMessage: async () => unsupported('deleteMessage'),
    restrict: async () => unsupported('restrict'),
    unrestrict: async () => unsupported('unrestrict'),
    ban: async () => unsupported('ban'),
    unban: async () => unsupported('unban'),
    createGroup: async () => unsupported('createGroup'),
  };
}
