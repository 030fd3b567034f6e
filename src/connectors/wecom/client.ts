/**
 * A small client for WeCom's server API (qyapi.weixin.qq.com/cgi-bin): the access token is fetched
 * once, cached until shortly before it expires, and refreshed by one caller at a time when WeCom
 * says it is invalid (40001/40014/42001) — concurrent callers wait for that same refresh and each
 * retries its call once. Errcodes become WecomApiError (errors.ts); "system busy" and rate limits
 * are retried with bounded exponential backoff, everything else is thrown at once.
 *
 * Only the customer-group APIs Qunyun uses have typed helpers; `call` reaches any other.
 */
import { PlatformError } from '../connector.ts';
import type {
  ContactWay, CorpTagGroup, GroupChat, GroupChatListRequest, GroupChatListResponse, GroupMsgSendResultResponse, JoinWay,
  JoinWayInfo, MsgTemplateRequest, MsgTemplateResponse, WecomResponse, WelcomeTemplate,
} from './api-types.ts';
import { RETRYABLE_ERRCODES, TOKEN_ERRCODES, wecomError } from './errors.ts';
import { OutboundError } from '../../net/outbound.ts';

/** The part of a pino logger the WeCom code uses. */
export interface WecomLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export const silentLogger: WecomLogger = { debug() {}, info() {}, warn() {} };

export interface WecomClientOptions {
  corpId: string;
  secret: string;
  /** Default https://qyapi.weixin.qq.com; tests point it at the fake server. */
  apiRoot?: string;
  fetch?: typeof globalThis.fetch;
  logger?: WecomLogger;
  /** Attempts for a busy / rate-limited call, the first included (default 4: WeCom advises ≤ 3 retries). */
  maxAttempts?: number;
  /** First backoff delay; doubles per attempt, capped at maxDelayMs (defaults 1 s and 30 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
  /** The token is refreshed this long before WeCom's expires_in runs out (default 300 s). */
  tokenMarginSeconds?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** 0..1, spreads retries of many callers apart; tests pass () => 1 for exact delays. */
  random?: () => number;
}

export interface CallOptions {
  /** Reads may be retried after a network failure; writes may not (WeCom may have done them). */
  idempotent?: boolean;
}

export interface ListGroupChatsOptions {
  statusFilter?: 0 | 1 | 2 | 3;
  /** Owners to list; WeCom requires it (≤ 100 per call, chunked here) when the app sees > 1000 people. */
  ownerIds?: string[];
  /** Page size, 1..1000 (default 1000). */
  limit?: number;
}

export interface WecomClient {
  readonly corpId: string;
  /** POSTs JSON to /cgi-bin/<api>?access_token=…; resolves with the body when errcode is 0. */
  call<T extends WecomResponse = WecomResponse>(api: string, body?: unknown, options?: CallOptions): Promise<T>;
  getAccessToken(): Promise<string>;
  /** WeCom's clock minus ours, from the Date header of its last answer (ms); undefined before any answer. */
  serverClockOffsetMs(): number | undefined;
  listGroupChats(request: GroupChatListRequest): Promise<GroupChatListResponse>;
  /** Every group chat, page after page by cursor. */
  listAllGroupChats(options?: ListGroupChatsOptions): AsyncGenerator<{ chat_id: string; status: number }>;
  getGroupChat(chatId: string, needName?: boolean): Promise<GroupChat>;
  addJoinWay(way: JoinWay): Promise<string>;
  getJoinWay(configId: string): Promise<JoinWayInfo>;
  updateJoinWay(configId: string, way: JoinWay): Promise<void>;
  delJoinWay(configId: string): Promise<void>;
  /** 「联系我」: a staff member's contact-way QR code (staff codes, 渠道活码). */
  addContactWay(way: ContactWay): Promise<{ configId: string; qrCode: string }>;
  addMsgTemplate(request: MsgTemplateRequest): Promise<{ msgid: string; fail_list: string[] }>;
  getGroupMsgSendResult(request: { msgid: string; userid: string; limit?: number; cursor?: string }): Promise<GroupMsgSendResultResponse>;
  addWelcomeTemplate(template: WelcomeTemplate): Promise<string>;
  editWelcomeTemplate(templateId: string, template: WelcomeTemplate): Promise<void>;
  getWelcomeTemplate(templateId: string): Promise<WelcomeTemplate>;
  delWelcomeTemplate(templateId: string): Promise<void>;
  getCorpTagList(request?: { tag_id?: string[]; group_id?: string[] }): Promise<CorpTagGroup[]>;
  addCorpTag(request: { group_id?: string; group_name?: string; tag: Array<{ name: string; order?: number }> }): Promise<CorpTagGroup>;
  /** externalcontact/mark_tag: puts corp tags on a customer of a staff member (at least one of add_tag / remove_tag). */
  markTag(request: { userid: string; external_userid: string; add_tag?: string[]; remove_tag?: string[] }): Promise<void>;
}

interface CachedToken { value: string; refreshAt: number }

export function createWecomClient(options: WecomClientOptions): WecomClient {
  const root = (options.apiRoot ?? 'https://qyapi.weixin.qq.com').replace(/\/+$/, '');
  const doFetch = options.fetch ?? globalThis.fetch;
  const log = options.logger ?? silentLogger;
  const maxAttempts = options.maxAttempts ?? 4;
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const marginSeconds = options.tokenMarginSeconds ?? 300;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;

  let token: CachedToken | undefined;
  let refreshing: Promise<string> | undefined;
  let clockOffsetMs: number | undefined;

  const backoff = (attempt: number) => Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)) * (0.5 + random() / 2);

  /** One HTTP exchange; returns the parsed body, throws PlatformError for transport failures. */
  async function exchange(api: string, url: string, init: RequestInit): Promise<WecomResponse & Record<string, unknown>> {
    let res: Response;
    try {
      res = await doFetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (e) {
      // Refused by the outbound guard: say why. Otherwise never the socket's words (they tell a
      // closed port from an open one) nor the URL (its query holds the secret or the token).
      if (e instanceof OutboundError && e.refused) throw new PlatformError(`WeCom ${api}: ${e.message}`, e.status, e.code);
      throw new PlatformError(`WeCom ${api}: could not reach the WeCom API server`, 0, 'network');
    }
    const date = Date.parse(res.headers.get('date') ?? '');
    if (!Number.isNaN(date)) clockOffsetMs = date - now();
    const text = await res.text().catch(() => '');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!res.ok || typeof body !== 'object' || body === null || typeof (body as { errcode?: unknown }).errcode !== 'number') {
      // Every WeCom answer carries errcode; anything else is a proxy, an outage or not WeCom at all.
      // Said as a network failure is (no status, no body: the answer may be an internal page).
      log.debug({ api, status: res.status }, 'WeCom answer without an errcode');
      throw new PlatformError(`WeCom ${api}: could not reach the WeCom API server`, 502, 'bad_response');
    }
    return body as WecomResponse & Record<string, unknown>;
  }

  /** Runs `once` until it succeeds or fails for good, retrying busy / rate-limited answers with backoff. */
  async function withRetries<T>(api: string, idempotent: boolean, once: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await once();
      } catch (e) {
        const errcode = (e as { errcode?: number }).errcode;
        const retryable = (errcode !== undefined && RETRYABLE_ERRCODES.has(errcode))
          || (idempotent && e instanceof PlatformError && e.code === 'network');
        if (!retryable || attempt >= maxAttempts) throw e;
        const delay = backoff(attempt);
        log.warn({ api, errcode, attempt, delayMs: Math.round(delay) }, 'WeCom call failed, retrying after backoff');
        await sleep(delay);
      }
    }
  }

  async function fetchToken(): Promise<string> {
    const url = `${root}/cgi-bin/gettoken?corpid=${encodeURIComponent(options.corpId)}&corpsecret=${encodeURIComponent(options.secret)}`;
    const body = await withRetries('gettoken', true, async () => {
      const b = await exchange('gettoken', url, { method: 'GET' });
      if (b.errcode !== 0) throw wecomError('gettoken', b.errcode, b.errmsg);
      return b;
    });
    const value = body.access_token;
    const expiresIn = Number(body.expires_in);
    if (typeof value !== 'string' || value.length === 0 || !(expiresIn > 0)) {
      throw new PlatformError('WeCom gettoken: answer has no access_token/expires_in', 502, 'bad_response');
    }
    // Keep a margin so a token is never used in its last moments; short test tokens get half their life.
    const margin = Math.min(marginSeconds, expiresIn / 2);
    token = { value, refreshAt: now() + (expiresIn - margin) * 1000 };
    log.debug({ expiresIn }, 'WeCom access token fetched');
    return value;
  }

  /** Single flight: whoever comes while a fetch is under way waits for that same fetch. */
  function refresh(stale: string | undefined): Promise<string> {
    if (refreshing) return refreshing;
    // Someone else already replaced the token this caller found invalid: use theirs.
    if (token && token.value !== stale && now() < token.refreshAt) return Promise.resolve(token.value);
    token = undefined;
    refreshing = fetchToken().finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  }

  function getAccessToken(): Promise<string> {
    if (token && now() < token.refreshAt) return Promise.resolve(token.value);
    return refresh(undefined);
  }

  async function call<T extends WecomResponse>(api: string, body: unknown = {}, callOptions: CallOptions = {}): Promise<T> {
    return withRetries(api, callOptions.idempotent ?? false, async () => {
      let current = await getAccessToken();
      for (let tokenRetry = 0; ; tokenRetry++) {
        const url = `${root}/cgi-bin/${api}?access_token=${encodeURIComponent(current)}`;
        const b = await exchange(api, url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        if (b.errcode === 0) return b as unknown as T;
        if (TOKEN_ERRCODES.has(b.errcode) && tokenRetry === 0) {
          log.info({ api, errcode: b.errcode }, 'WeCom rejected the access token; refreshing it and retrying once');
          current = await refresh(current);
          continue;
        }
        throw wecomError(api, b.errcode, b.errmsg);
      }
    });
  }

  const read = { idempotent: true };

  async function* listAllGroupChats(o: ListGroupChatsOptions = {}): AsyncGenerator<{ chat_id: string; status: number }> {
    const owners = o.ownerIds;
    const chunks: Array<string[] | undefined> = [];
    if (owners === undefined) chunks.push(undefined);
    else for (let i = 0; i < owners.length; i += 100) chunks.push(owners.slice(i, i + 100));
    for (const chunk of chunks) {
      let cursor: string | undefined;
      do {
        const page = await call<GroupChatListResponse>('externalcontact/groupchat/list', {
          status_filter: o.statusFilter ?? 0, limit: o.limit ?? 1000,
          ...(chunk ? { owner_filter: { userid_list: chunk } } : {}), ...(cursor ? { cursor } : {}),
        }, read);
        yield* page.group_chat_list;
        cursor = page.next_cursor || undefined;
      } while (cursor);
    }
  }

  return {
    corpId: options.corpId,
    call,
    getAccessToken,
    serverClockOffsetMs: () => clockOffsetMs,
    listGroupChats: (request) => call<GroupChatListResponse>('externalcontact/groupchat/list', request, read),
    listAllGroupChats,
    async getGroupChat(chatId, needName = true) {
      const r = await call<WecomResponse & { group_chat: GroupChat }>('externalcontact/groupchat/get', { chat_id: chatId, need_name: needName ? 1 : 0 }, read);
      return r.group_chat;
    },
    async addJoinWay(way) {
      return (await call<WecomResponse & { config_id: string }>('externalcontact/groupchat/add_join_way', way)).config_id;
    },
    async getJoinWay(configId) {
      return (await call<WecomResponse & { join_way: JoinWayInfo }>('externalcontact/groupchat/get_join_way', { config_id: configId }, read)).join_way;
    },
    async updateJoinWay(configId, way) {
      await call('externalcontact/groupchat/update_join_way', { config_id: configId, ...way });
    },
    async addContactWay(way) {
      const r = await call<WecomResponse & { config_id: string; qr_code: string }>('externalcontact/add_contact_way', way);
      return { configId: r.config_id, qrCode: r.qr_code };
    },
    async delJoinWay(configId) {
      await call('externalcontact/groupchat/del_join_way', { config_id: configId });
    },
    async addMsgTemplate(request) {
      const r = await call<MsgTemplateResponse>('externalcontact/add_msg_template', request);
      if (!r.msgid) throw new PlatformError('WeCom add_msg_template: answer has no msgid', 502, 'bad_response');
      return { msgid: r.msgid, fail_list: r.fail_list ?? [] };
    },
    getGroupMsgSendResult: (request) => call<GroupMsgSendResultResponse>('externalcontact/get_groupmsg_send_result', request, read),
    async addWelcomeTemplate(template) {
      return (await call<WecomResponse & { template_id: string }>('externalcontact/group_welcome_template/add', template)).template_id;
    },
    async editWelcomeTemplate(templateId, template) {
      await call('externalcontact/group_welcome_template/edit', { template_id: templateId, ...template });
    },
    async getWelcomeTemplate(templateId) {
      const r = await call<WecomResponse & WelcomeTemplate>('externalcontact/group_welcome_template/get', { template_id: templateId }, read);
      const { errcode: _c, errmsg: _m, ...template } = r;
      return template;
    },
    async delWelcomeTemplate(templateId) {
      await call('externalcontact/group_welcome_template/del', { template_id: templateId });
    },
    async getCorpTagList(request = {}) {
      return (await call<WecomResponse & { tag_group: CorpTagGroup[] }>('externalcontact/get_corp_tag_list', request, read)).tag_group;
    },
    async addCorpTag(request) {
      return (await call<WecomResponse & { tag_group: CorpTagGroup }>('externalcontact/add_corp_tag', request)).tag_group;
    },
    async markTag(request) {
      await call('externalcontact/mark_tag', request);
    },
  };
}
