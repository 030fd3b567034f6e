/**
 * A fake Telegram Bot API on loopback, for tests and benchmarks of the Telegram connector without
 * the network. It follows the documented API: `/bot<token>/<method>` with JSON, form or query
 * parameters; `{ok:true,result}` or `{ok:false,error_code,description,parameters?}` with the
 * same HTTP status; 401 for a wrong token; flood control with 429 + retry_after; getUpdates long
 * polling (offset confirms, allowed_updates filters) or webhook delivery with the secret-token
 * header, retried on non-2xx and sometimes delivered twice (seeded).
 *
 * Tests drive users through `world` (plain functions, not HTTP): join via a link, post, react …
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update } from 'grammy/types';
import { createMethods, FloodControl, type RateWindow } from './fake-bot-api-methods.ts';
import { ApiFailure, FakeTelegramWorld } from './fake-bot-api-world.ts';

export { FakeTelegramWorld, ApiFailure, fullRights, allRights } from './fake-bot-api-world.ts';
export type { AdminRights, FakeChat } from './fake-bot-api-world.ts';
export type { RateWindow } from './fake-bot-api-methods.ts';

export interface FakeBotApiOptions {
  /** Default '123456789:TEST-fake-token-shaped-like-a-real-one' (a real token's length); the bot's id is the part before ':'. */
  token?: string;
  botUsername?: string;
  now?: () => number;
  /** Flood control (defaults: 30 messages/s per bot, 20 messages/min per group); false turns it off. */
  limits?: { perBot?: RateWindow; perGroup?: RateWindow } | false;
  webhook?: { retryDelayMs?: number; maxAttempts?: number; duplicateRate?: number; seed?: number };
  /** false: getUpdates answers at once whatever its timeout (a Bot API server that does not long-poll). */
  longPoll?: boolean;
  /** Methods this server does not have: answered 404 Not Found (an older or partial Bot API server). */
  missingMethods?: string[];
}

export interface FakeBotApi {
  readonly token: string;
  readonly world: FakeTelegramWorld;
  /** `apiRoot` for grammY (no trailing slash). */
  readonly url: string;
  /** Every method call received with a valid token, in order. */
  readonly calls: Array<{ method: string; params: Record<string, unknown> }>;
  readonly stats: { rejected429: number; webhookAttempts: number; webhookDuplicates: number };
  /** The next `times` calls of `method` fail with this error (e.g. 429 with retry_after). */
  failNext(method: string, error: { error_code: number; description: string; retry_after?: number }, times?: number): void;
  /** Forgets the failures queued by failNext for `method` (all methods when none is given). */
  clearFailures(method?: string): void;
  /** The next `times` calls of `method` are answered with this raw HTTP status and body (a proxy's error page, an envelope without error_code). */
  answerNext(method: string, answer: { status: number; body: string; contentType?: string }, times?: number): void;
  webhookInfo(): { url: string; secretToken?: string; allowedUpdates?: string[] };
  close(): Promise<void>;
}

interface Waiter { wake: () => void; terminate: () => void }

export async function startFakeBotApi(options: FakeBotApiOptions = {}): Promise<FakeBotApi> {
  const token = options.token ?? '123456789:TEST-fake-token-shaped-like-a-real-one';
  const world = new FakeTelegramWorld(Number(token.split(':')[0]) || 123456789, options.botUsername ?? 'qunyun_test_bot', options.now ?? Date.now);
  const flood = options.limits === false ? undefined : new FloodControl(
    options.limits?.perBot ?? { limit: 30, windowMs: 1000 }, options.limits?.perGroup ?? { limit: 20, windowMs: 60_000 },
  );
  const methods = createMethods(world, flood);
  const calls: FakeBotApi['calls'] = [];
  const faults = new Map<string, Array<{ error_code: number; description: string; retry_after?: number }>>();
  const raws = new Map<string, Array<{ status: number; body: string; contentType?: string }>>();
  const missing = new Set(options.missingMethods ?? []);
  const stats = { rejected429: 0, webhookAttempts: 0, webhookDuplicates: 0 };
  let webhook: { url: string; secretToken?: string; allowedUpdates?: string[]; lastErrorDate?: number; lastErrorMessage?: string } | undefined;
  let poller: Waiter | undefined;
  let closed = false;
  const hook = { retryDelayMs: 20, maxAttempts: 20, duplicateRate: 0, seed: 1, ...options.webhook };
  let rng = hook.seed >>> 0;
  const random = () => {
    // mulberry32: a seeded, repeatable choice of which deliveries are duplicated.
    rng = (rng + 0x6d2b79f5) >>> 0;
    let t = rng;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  function setAllowed(raw: unknown): string[] | undefined {
    if (raw === undefined) return world.allowedUpdates;
    if (!Array.isArray(raw)) throw new ApiFailure(400, "Bad Request: can't parse allowed_updates JSON array");
    world.allowedUpdates = raw.map(String);
    return world.allowedUpdates;
  }

  async function getUpdates(p: Record<string, unknown>, res: ServerResponse): Promise<Update[]> {
    if (webhook) throw new ApiFailure(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    setAllowed(p.allowed_updates);
    const offset = p.offset === undefined ? undefined : Number(p.offset);
    const limit = Math.min(100, Math.max(1, p.limit === undefined ? 100 : Number(p.limit)));
    const timeoutMs = options.longPoll === false ? 0 : Math.max(0, Number(p.timeout ?? 0)) * 1000;
    // Confirms every update below the offset; a negative offset keeps only the last -offset.
    if (offset !== undefined && offset > 0) {
      while (world.pending.length > 0 && world.pending[0]!.update_id < offset) world.pending.shift();
    } else if (offset !== undefined && offset < 0) {
      world.pending.splice(0, Math.max(0, world.pending.length + offset));
    }
    if (world.pending.length === 0 && timeoutMs > 0 && !closed) {
      poller?.terminate();
      const outcome = await new Promise<'update' | 'timeout' | 'terminated'>((resolve) => {
        const timer = setTimeout(() => finish('timeout'), timeoutMs);
        const off = world.onUpdate(() => finish('update'));
        const waiter: Waiter = { wake: () => finish('update'), terminate: () => finish('terminated') };
        poller = waiter;
        res.on('close', () => finish('terminated'));
        function finish(o: 'update' | 'timeout' | 'terminated') {
          clearTimeout(timer);
          off();
          if (poller === waiter) poller = undefined;
          resolve(o);
        }
      });
      if (outcome === 'terminated') throw new ApiFailure(409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running');
    }
    return world.pending.slice(0, limit);
  }

  async function deliverLoop(): Promise<void> {
    // One delivery at a time, in order (max_connections = 1): the next waits for a 2xx.
    let attempt = 0;
    while (webhook && !closed && world.pending.length > 0) {
      const target = webhook;
      const update = world.pending[0]!;
      stats.webhookAttempts++;
      const ok = await post(target, update);
      if (webhook !== target) continue;
      if (ok) {
        attempt = 0;
        world.pending.shift();
        if (random() < hook.duplicateRate) {
          stats.webhookDuplicates++;
          await post(target, update);
        }
        continue;
      }
      attempt++;
      if (attempt >= hook.maxAttempts) {
        // Telegram gives up "after a reasonable amount of attempts".
        world.pending.shift();
        attempt = 0;
        continue;
      }
      await new Promise((r) => setTimeout(r, hook.retryDelayMs * attempt));
    }
    delivering = false;
  }
  let delivering = false;
  const kickDelivery = () => {
    if (!webhook || delivering || closed) return;
    delivering = true;
    void deliverLoop();
  };
  world.onUpdate(kickDelivery);

  async function post(target: NonNullable<typeof webhook>, update: Update): Promise<boolean> {
    try {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (target.secretToken) headers['x-telegram-bot-api-secret-token'] = target.secretToken;
      const res = await fetch(target.url, { method: 'POST', headers, body: JSON.stringify(update) });
      await res.arrayBuffer().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) return true;
      target.lastErrorMessage = `Wrong response from the webhook: ${res.status} ${res.statusText}`;
    } catch (e) {
      target.lastErrorMessage = `Connection failed: ${(e as Error).message}`;
    }
    target.lastErrorDate = world.seconds();
    return false;
  }

  const control: Record<string, (p: Record<string, unknown>) => unknown> = {
    setWebhook(p) {
      const url = String(p.url ?? '');
      if (url === '') return control.deleteWebhook!(p);
      if (!/^https?:\/\//.test(url)) throw new ApiFailure(400, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
      const secret = p.secret_token === undefined ? undefined : String(p.secret_token);
      if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) throw new ApiFailure(400, 'Bad Request: secret token contains unallowed characters');
      if (p.drop_pending_updates === true || p.drop_pending_updates === 'true') world.pending.length = 0;
      poller?.terminate();
      const allowed = setAllowed(p.allowed_updates);
      webhook = { url, ...(secret ? { secretToken: secret } : {}), ...(allowed ? { allowedUpdates: allowed } : {}) };
      queueMicrotask(kickDelivery);
      return true;
    },
    deleteWebhook(p) {
      webhook = undefined;
      if (p.drop_pending_updates === true || p.drop_pending_updates === 'true') world.pending.length = 0;
      return true;
    },
    getWebhookInfo() {
      return {
        url: webhook?.url ?? '', has_custom_certificate: false, pending_update_count: world.pending.length,
        ...(webhook ? { max_connections: 1 } : {}),
        ...(webhook?.lastErrorDate ? { last_error_date: webhook.lastErrorDate, last_error_message: webhook.lastErrorMessage } : {}),
        ...(world.allowedUpdates ? { allowed_updates: world.allowedUpdates } : {}),
      };
    },
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!m) return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    if (m[1] !== token) return reply(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = m[2]!;
    try {
      const params = { ...Object.fromEntries(url.searchParams), ...(await readParams(req)) };
      normalize(params);
      calls.push({ method, params });
      const raw = raws.get(method)?.shift();
      if (raw) {
        res.writeHead(raw.status, { 'content-type': raw.contentType ?? 'application/json', 'content-length': Buffer.byteLength(raw.body) });
        res.end(raw.body);
        return;
      }
      if (missing.has(method)) throw new ApiFailure(404, 'Not Found: method not found');
      const fault = faults.get(method)?.shift();
      if (fault) throw new ApiFailure(fault.error_code, fault.description, fault.retry_after);
      let result: unknown;
      if (method === 'getUpdates') result = await getUpdates(params, res);
      else if (control[method]) result = control[method]!(params);
      else if (methods[method]) result = methods[method]!(params);
      else throw new ApiFailure(404, 'Not Found');
      reply(res, 200, { ok: true, result });
    } catch (e) {
      if (!(e instanceof ApiFailure)) return reply(res, 500, { ok: false, error_code: 500, description: `Internal Server Error: ${(e as Error).message}` });
      if (e.code === 429) stats.rejected429++;
      reply(res, e.code, {
        ok: false, error_code: e.code, description: e.message,
        ...(e.retryAfter !== undefined ? { parameters: { retry_after: e.retryAfter } } : {}),
      });
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e) => reply(res, 500, { ok: false, error_code: 500, description: String(e) }));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;

  return {
    token, world, calls, stats,
    url: `http://127.0.0.1:${port}`,
    failNext(method, error, times = 1) {
      const list = faults.get(method) ?? [];
      for (let i = 0; i < times; i++) list.push(error);
      faults.set(method, list);
    },
    clearFailures(method) {
      if (method === undefined) faults.clear();
      else faults.delete(method);
    },
    answerNext(method, answer, times = 1) {
      const list = raws.get(method) ?? [];
      for (let i = 0; i < times; i++) list.push(answer);
      raws.set(method, list);
    },
    webhookInfo: () => ({
      url: webhook?.url ?? '', ...(webhook?.secretToken ? { secretToken: webhook.secretToken } : {}),
      ...(webhook?.allowedUpdates ? { allowedUpdates: webhook.allowedUpdates } : {}),
    }),
    async close() {
      closed = true;
      webhook = undefined;
      poller?.terminate();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * JSON, application/x-www-form-urlencoded or multipart/form-data bodies. In multipart (a file
 * upload), a field `attach://<name>` names the part holding the file: it becomes
 * `{ filename, contentType, bytes }` (sendPhoto with grammY's InputFile).
 */
async function readParams(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const body = Buffer.concat(chunks);
  const type = String(req.headers['content-type'] ?? '');
  if (type.includes('multipart/form-data')) {
    let form: FormData;
    try {
      form = await new Response(body, { headers: { 'content-type': type } }).formData();
    } catch {
      throw new ApiFailure(400, 'Bad Request: can\'t parse multipart/form-data');
    }
    const out: Record<string, unknown> = {};
    const files = new Map<string, { filename: string; contentType: string; bytes: Buffer }>();
    for (const [k, v] of form.entries()) {
      if (typeof v === 'string') out[k] = v;
      else files.set(k, { filename: v.name, contentType: v.type, bytes: Buffer.from(await v.arrayBuffer()) });
    }
    for (const [k, v] of Object.entries(out)) {
      if (typeof v === 'string' && v.startsWith('attach://')) {
        const f = files.get(v.slice('attach://'.length));
        if (!f) throw new ApiFailure(400, `Bad Request: file ${v} not found in the request`);
        out[k] = f;
      }
    }
    for (const [k, f] of files) if (!(k in out)) out[k] = f;
    return out;
  }
  const raw = body.toString('utf8');
  if (raw.trim() === '') return {};
  if (type.includes('application/json')) {
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch {
      throw new ApiFailure(400, "Bad Request: can't parse JSON object");
    }
    return v && typeof v === 'object' ? v as Record<string, unknown> : {};
  }
  return Object.fromEntries(new URLSearchParams(raw));
}

/** Form and query values are strings; objects and arrays arrive JSON-encoded in them. */
function normalize(params: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(params)) {
    if (typeof v !== 'string') continue;
    if (/^[[{]/.test(v)) {
      try { params[k] = JSON.parse(v); } catch { /* left as the string it was */ }
    } else if (v === 'true' || v === 'false') params[k] = v === 'true';
  }
}
