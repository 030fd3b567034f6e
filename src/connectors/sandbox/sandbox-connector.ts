/**
 * The connector for the sandbox platform (src/platform-sandbox): receives its signed webhooks,
 * translates native updates into Qunyun's envelope for the sink, and carries out operators'
 * actions through its bot API. It acknowledges a delivery (HTTP 200) only after the sink has
 * stored the events, so a crash before that makes the platform deliver them again.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  PlatformError, type ActionName, type Capabilities, type Connector, type EventSink, type InviteLink, type OutgoingPhoto,
  type InviteLinkOptions, type OutgoingMessage,
} from '../connector.ts';
import { translateNative } from './translate.ts';

export interface SandboxConnectorOptions {
  baseUrl: string;
  token: string;
  webhookSecret: string;
  /** If set, start() registers this URL as the account's webhook (with webhookSecret). */
  webhookUrl?: string;
  /** Attempts for a rate-limited call before giving up (default 5). */
  maxAttempts?: number;
  /** How to wait out a 429; tests inject a clock-advancing sleep. */
  sleep?: (ms: number) => Promise<void>;
  /** The outbound guard's fetch when the base URL is operator-given (the runtime); default the global fetch. */
  fetch?: typeof globalThis.fetch;
}

export interface WebhookAnswer { status: number; body: unknown }

export interface SandboxConnector extends Connector {
  handleWebhook(rawBody: string | Buffer, headers: Record<string, string | string[] | undefined>): Promise<WebhookAnswer>;
  getMe(): Promise<{ id: string; name: string; account_id: string }>;
  getGroups(): Promise<Array<{ id: string; title: string; capacity: number; member_count: number; owner_id?: string }>>;
  getGroupMembers(groupId: string): Promise<Array<{ id: string; name: string; is_bot: boolean; joined_at: number }>>;
  /** Calls any bot API method; rejects with PlatformError. */
  call<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
}

const ALL: ActionName[] = [
  'sendToGroup', 'sendToMember', 'createInviteLink', 'approveJoinRequest', 'declineJoinRequest',
  'mute', 'kick', 'renameGroup', 'createGroup', 'deleteMessage', 'restrict', 'unrestrict', 'ban', 'unban',
];

/** The sandbox platform supports every connector action. */
export const SANDBOX_CAPABILITIES = {
  ...Object.fromEntries(ALL.map((a) => [a, { supported: true as const }])),
  buttons: { supported: true, note: 'a press comes back as a button event' },
  sendPhoto: { supported: true, note: 'the platform keeps the PNG and serves it at /photos/<message id>' },
} as Capabilities;

export function createSandboxConnector(options: SandboxConnectorOptions): SandboxConnector {
  const base = options.baseUrl.replace(/\/+$/, '');
  const maxAttempts = options.maxAttempts ?? 5;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const secret = Buffer.from(options.webhookSecret, 'utf8');
  const capabilities = SANDBOX_CAPABILITIES;
  let sink: EventSink | undefined;

  async function call<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await (options.fetch ?? fetch)(`${base}/bot/${options.token}/${method}`, {
          method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params),
        });
      } catch (e) {
        // Never the socket's words (they tell a closed port from an open one) nor the URL (it holds the token).
        if (e instanceof PlatformError) throw new PlatformError(`sandbox ${method}: ${e.message}`, e.status, e.code);
        throw new PlatformError(`sandbox ${method}: could not reach the sandbox platform`, 0, 'network');
      }
      const body = (await res.json().catch(() => null)) as
        { ok?: boolean; result?: T; error?: string; error_code?: number; description?: string; parameters?: { retry_after?: number } } | null;
      if (res.ok && body?.ok) return body.result as T;
      const retryAfterS = body?.parameters?.retry_after ?? (Number(res.headers.get('retry-after')) || undefined);
      const retryAfterMs = retryAfterS !== undefined ? retryAfterS * 1000 : undefined;
      if (res.status === 429 && attempt < maxAttempts) {
        await sleep(retryAfterMs ?? 1000);
        continue;
      }
      throw new PlatformError(
        `sandbox ${method}: ${body?.description ?? res.statusText}`, res.status,
        body?.error ?? String(body?.error_code ?? res.status), retryAfterMs,
      );
    }
  }

  function verify(rawBody: Buffer, header: string | string[] | undefined): boolean {
    const value = Array.isArray(header) ? header[0] : header;
    if (!value || !value.startsWith('sha256=')) return false;
    const given = Buffer.from(value.slice(7), 'hex');
    const expected = createHmac('sha256', secret).update(rawBody).digest();
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  return {
    platform: 'sandbox',
    capabilities,
    call,
    async start(s) {
      sink = s;
      if (options.webhookUrl) await call('setWebhook', { url: options.webhookUrl, secret: options.webhookSecret });
    },
    async stop() {
      sink = undefined;
    },

    async handleWebhook(rawBody, headers) {
      const raw = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
      const signature = headers['x-sandbox-signature'] ?? Object.entries(headers).find(([k]) => k.toLowerCase() === 'x-sandbox-signature')?.[1];
      if (!verify(raw, signature)) return { status: 401, body: { error: 'invalid or missing x-sandbox-signature' } };
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw.toString('utf8'));
      } catch (e) {
        return { status: 400, body: { error: `body is not valid JSON: ${(e as Error).message}` } };
      }
      const events = (parsed as { events?: unknown } | null)?.events;
      if (!parsed || typeof parsed !== 'object' || !Array.isArray(events)) {
        return { status: 400, body: { error: 'body must be an object {deliveryId, events: [...]}' } };
      }
      // Checked after the request is validated, so a stopped connector still rejects bad requests.
      const target = sink;
      if (!target) return { status: 503, body: { error: 'connector not started' } };
      try {
        const result = await target(events.map(translateNative));
        return { status: 200, body: { ok: true, received: events.length, result } };
      } catch (e) {
        return { status: 503, body: { error: `events not stored: ${(e as Error).message}` } };
      }
    },

    async sendToGroup(groupId, message: OutgoingMessage) {
      const r = await call<{ message_id: string }>('sendMessage', {
        groupId, text: message.text, replyTo: message.replyTo, clientKey: message.clientKey, ...(message.buttons?.length ? { buttons: message.buttons } : {}),
      });
      return { messageId: r.message_id };
    },
    async sendPhoto(groupId, photo: OutgoingPhoto) {
      const r = await call<{ message_id: string }>('sendPhoto', {
        groupId, png: Buffer.from(photo.png).toString('base64'), caption: photo.caption, replyTo: photo.replyTo, clientKey: photo.clientKey,
      });
      return { messageId: r.message_id };
    },
    async sendToMember(userId, message: OutgoingMessage) {
      const r = await call<{ message_id: string }>('sendDirect', { userId, text: message.text, clientKey: message.clientKey });
      return { messageId: r.message_id };
    },
    async createInviteLink(groupId, o: InviteLinkOptions): Promise<InviteLink> {
      return call<InviteLink>('createInviteLink', {
        groupId, name: o.name, source: o.source, memberLimit: o.memberLimit, requiresApproval: o.requiresApproval,
        expireDate: o.expiresAt ? Math.floor(o.expiresAt.getTime() / 1000) : undefined,
      });
    },
    async approveJoinRequest(groupId, userId) {
      await call('approveJoinRequest', { groupId, userId });
    },
    async declineJoinRequest(groupId, userId) {
      await call('declineJoinRequest', { groupId, userId });
    },
    async mute(groupId, userId, until) {
      await call('restrictMember', { groupId, userId, untilMs: until.getTime() });
    },
    async kick(groupId, userId) {
      await call('kickMember', { groupId, userId });
    },
    async deleteMessage(groupId, messageId) {
      try {
        await call('deleteMessage', { groupId, messageId });
      } catch (e) {
        if (e instanceof PlatformError && e.code === 'message_not_found') return; // already gone
        throw e;
      }
    },
    async restrict(groupId, userId, options) {
      await call('restrictMember', { groupId, userId, untilMs: 8.64e15, ...(options?.textOnly ? { textOnly: true } : {}) });
    },
    async unrestrict(groupId, userId) {
      await call('restrictMember', { groupId, userId, untilMs: 0 });
    },
    async ban(groupId, userId) {
      await call('banMember', { groupId, userId });
    },
    async unban(groupId, userId) {
      await call('unbanMember', { groupId, userId });
    },
    async renameGroup(groupId, name) {
      await call('setGroupName', { groupId, name });
    },
    async createGroup(o) {
      return call<{ groupId: string }>('createGroup', { name: o.name, capacity: o.capacity });
    },
    getMe: () => call('getMe'),
    getGroups: () => call('getGroups'),
    getGroupMembers: (groupId) => call('getGroupMembers', { groupId }),
  };
}
