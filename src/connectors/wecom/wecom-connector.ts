/**
 * The WeCom customer-group connector. Callbacks are verified and decrypted (crypto.ts, with a
 * replay guard); a change_external_chat event is only a trigger to re-read the group
 * (groupchat/get) and diff it against what Qunyun knows (reconcile.ts). The callback is answered
 * "success" only after the sink has stored the resulting events; otherwise WeCom retries it.
 * `reconcileAll` does the same for every group, for the events WeCom lost or reordered.
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
import { createReplayGuard, createWecomCrypto, WecomCryptoError, type ReplayGuard } from './crypto.ts';
import { WecomApiError } from './errors.ts';
import { diffGroup, knownAfter, type KnownGroup, type ReconcileTrigger } from './reconcile.ts';
import type { GroupChat } from './api-types.ts';
import { createArchiveReader, type ArchiveReader } from './archive-reader.ts';
import type { AccountHealth } from '../runtime/account-health.ts';

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
  now?: () => number;
  /** Passed to the API client (tests). */
  client?: Partial<Parameters<typeof createWecomClient>[0]>;
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

  /** Reads the group and the known state, stores the difference, then remembers the new state. */
  async function reconcileLocked(target: EventSink, chatId: string, trigger?: ReconcileTrigger): Promise<IngestResult & { events: number }> {
    let chat: GroupChat | undefined;
    try {
      chat = await client.getGroupChat(chatId);
    } catch (e) {
      if (!(e instanceof WecomApiError && e.errcode === 49008)) throw e;
    }
    const known = await loadKnown(chatId);
    const events: PlatformEventInput[] = chat
      ? diffGroup(chat, known, { now: nowSeconds(), ...(trigger ? { trigger } : {}), ...(options.sourceFromState ? { sourceFromState: options.sourceFromState } : {}) })
      : [dismissed(chatId, trigger?.createTime ?? nowSeconds())];
    const result = events.length > 0 ? await target(events) : { stored: 0, duplicates: 0, rejected: [] };
    if (!options.loadKnownGroup) memory.set(chatId, chat ? knownAfter(chat, known, events) : null);
    return { ...result, events: events.length };
  }

  function dismissed(chatId: string, when: number): PlatformEventInput {
    return { eventId: `wc:dismiss:${chatId}`, type: 'group_dismissed', occurredAt: new Date(when * 1000).toISOString(), groupId: chatId };
  }

  async function applyChange(target: EventSink, change: ExternalChatChange): Promise<void> {
    if (change.changeType === 'dismiss') {
      await serialized(change.chatId, async () => {
        await target([dismissed(change.chatId, change.createTime)]);
        if (!options.loadKnownGroup) memory.set(change.chatId, null);
      });
      return;
    }
    const trigger: ReconcileTrigger = {
      createTime: change.createTime, memChangeList: change.memChangeList,
      ...(change.updateDetail ? { updateDetail: change.updateDetail } : {}), ...(change.quitScene !== undefined ? { quitScene: change.quitScene } : {}),
    };
    await serialized(change.chatId, () => reconcileLocked(target, change.chatId, trigger));
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

    let xml: string;
    try {
      xml = crypto.decryptCallback(signed, typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8'));
    } catch (e) {
      if (e instanceof WecomCryptoError) return reject(e.code === 'malformed_body' ? 400 : 403, `${e.code}: ${e.message}`);
      throw e;
    }
    const replayKey = { timestamp: signed.timestamp, nonce: signed.nonce, signature: signed.msg_signature };
    // From here on a failure must let WeCom's retry of this same request through the replay guard.
    const fail = (status: number, reason: string): CallbackAnswer => {
      guard.forget(replayKey);
      log.warn({ status, reason }, 'WeCom callback not processed; WeCom will retry it');
      return { status, body: 'retry', reason };
    };
    let event;
    try {
      event = parseCallbackEvent(xml);
    } catch (e) {
      if (e instanceof CallbackFormatError) return reject(400, e.message);
      throw e;
    }
    if (event.kind === 'other') {
      log.debug({ msgType: event.msgType, event: event.event }, 'WeCom callback ignored: not a customer-group change');
      return { status: 200, body: 'success' };
    }
    const target = sink;
    if (!target) return fail(503, 'connector not started');
    try {
      await applyChange(target, event);
      return { status: 200, body: 'success' };
    } catch (e) {
      return fail(503, `events not stored: ${(e as Error).message}`);
    }
  }

  async function reconcileAll(): Promise<ReconcileReport> {
    const target = sink;
    if (!target) throw new Error('WeCom connector not started: reconcileAll needs a sink');
    const report: ReconcileReport = { groups: 0, events: 0, stored: 0, duplicates: 0, failed: [] };
    for await (const { chat_id: chatId } of client.listAllGroupChats(options.ownerIds ? { ownerIds: options.ownerIds } : {})) {
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
    async reconcileGroup(chatId) {
      const target = sink;
      if (!target) throw new Error('WeCom connector not started: reconcileGroup needs a sink');
      return serialized(chatId, () => reconcileLocked(target, chatId));
    },
    async start(s) {
      sink = s;
    },
    async stop() {
      sink = undefined;
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
    createGroup: async () => unsupported('createGroup'),
  };
}
