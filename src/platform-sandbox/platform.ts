/**
 * The sandbox chat platform's HTTP face on loopback: bot API, client API for simulated users,
 * the client feed of operators' posts, and webhook delivery of native events per account.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBotApi, type BotLimits } from './bot-api.ts';
import { createClientApi } from './client-api.ts';
import { Delivery, type DeliveryStats, type FaultOptions } from './delivery.ts';
import { ApiError } from './native.ts';
import { World, type Account } from './world.ts';

export interface SandboxPlatformOptions {
  seed?: number;
  faults?: Partial<FaultOptions>;
  /** After each acknowledged delivery, the acked event ids are appended here, one per line. */
  ackJournalPath?: string;
  limits?: Partial<BotLimits>;
  /** Wall clock for rate limits (tests freeze it). */
  now?: () => number;
  /** Webhook batch size and backoff. */
  delivery?: { batchMax?: number; backoffMinMs?: number; backoffMaxMs?: number };
}

export interface AddAccountInput {
  id?: string;
  name?: string;
  token?: string;
  webhook?: { url: string; secret: string };
}

export interface SandboxStats extends DeliveryStats {
  accounts: number; groups: number; members: number; messages: number; botPosts: number; clientActions: number;
}

export interface SandboxPlatform {
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
  addAccount(input?: AddAccountInput): Account;
  readonly accounts: ReadonlyMap<string, Account>;
  setWebhook(accountId: string, webhook: { url: string; secret: string } | undefined): void;
  flushDeliveries(timeoutMs: number): Promise<void>;
  stats(): SandboxStats;
  /** The platform clock: the latest simulated time seen from clients, else the wall clock. */
  clock(): number;
}

const MAX_BODY = 64 * 1024 * 1024;

export function createSandboxPlatform(options: SandboxPlatformOptions = {}): SandboxPlatform {
  const seed = options.seed ?? 1;
  const limits: BotLimits = { groupMaxMembers: 500, botPerGroupPerMinute: 20, botPerAccountPerSecond: 30, ...options.limits };
  const now = options.now ?? Date.now;
  const delivery = new Delivery({
    seed,
    duplicateRate: options.faults?.duplicateRate ?? 0.01,
    reorderWindow: options.faults?.reorderWindow ?? 20,
    deliveryFailureRate: options.faults?.deliveryFailureRate ?? 0,
    ...(options.ackJournalPath ? { ackJournalPath: options.ackJournalPath } : {}),
    batchMax: options.delivery?.batchMax ?? 500,
    backoffMinMs: options.delivery?.backoffMinMs ?? 50,
    backoffMaxMs: options.delivery?.backoffMaxMs ?? 2000,
  });
  const world = new World((accountId, ev) => delivery.enqueue(accountId, ev), limits.groupMaxMembers);
  let simNow = 0;
  let clientActions = 0;
  let baseUrl = '';
  const clock = () => simNow || now();

  const bot = createBotApi({
    world, limits, now, eventTime: clock, baseUrl: () => baseUrl,
    setWebhook: (id, hook) => setWebhook(id, hook),
  });
  const client = createClientApi({ world, observeTime: (at) => { if (at > simNow) simNow = at; } });

  function setWebhook(accountId: string, webhook: { url: string; secret: string } | undefined): void {
    const a = world.accounts.get(accountId);
    if (!a) throw new Error(`unknown account ${accountId}`);
    if (webhook) a.webhook = webhook;
    else delete a.webhook;
    delivery.setWebhook(accountId, webhook);
  }

  function feed(url: URL): unknown {
    const since = Number(url.searchParams.get('since') ?? 0) || 0;
    const invitesSince = Number(url.searchParams.get('invitesSince') ?? 0) || 0;
    const account = url.searchParams.get('account');
    const posts = world.botPosts.slice(since).filter((p) => !account || p.accountId === account).slice(0, 10_000);
    const invites = world.inviteLog.slice(invitesSince)
      .filter((l) => !account || world.groups.get(l.groupId)?.accountId === account)
      .map((l) => ({ code: l.code, groupId: l.groupId, source: l.source, staffId: l.staffId, requiresApproval: l.requiresApproval }));
    const last = posts[posts.length - 1];
    return { next: last ? last.seq : since, posts, invitesNext: world.inviteLog.length, invites };
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const parts = url.pathname.split('/').filter(Boolean);
    try {
      if (parts[0] === 'bot' && parts.length === 3 && req.method === 'POST') {
        const account = world.byToken.get(parts[1]!);
        if (!account) throw new ApiError(401, 'unauthorized', 'Unauthorized: unknown bot token');
        const params = await readJson(req);
        const result = bot(account, parts[2]!, (params ?? {}) as Record<string, unknown>);
        return send(res, 200, { ok: true, result });
      }
      if (parts[0] === 'photos' && parts.length === 2 && req.method === 'GET') {
        const photo = world.photos.get(decodeURIComponent(parts[1]!));
        if (!photo) throw new ApiError(404, 'not_found', `no photo ${parts[1]}`);
        res.writeHead(200, { 'content-type': 'image/png', 'content-length': photo.png.length });
        res.end(photo.png);
        return;
      }
      if (parts[0] === 'client') {
        if (parts[1] === 'actions' && req.method === 'POST') {
          const results = client(await readJson(req));
          clientActions += results.length;
          return send(res, 200, { ok: true, results });
        }
        if (parts[1] === 'clock' && req.method === 'POST') {
          const body = (await readJson(req)) as { at?: unknown } | null;
          const at = typeof body?.at === 'string' ? Date.parse(body.at) : NaN;
          if (!Number.isFinite(at)) throw new ApiError(400, 'bad_time', 'at must be an ISO time');
          if (at > simNow) simNow = at;
          return send(res, 200, { ok: true, result: { now: new Date(clock()).toISOString() } });
        }
        if (parts[1] === 'feed' && req.method === 'GET') return send(res, 200, { ok: true, result: feed(url) });
      }
      throw new ApiError(404, 'not_found', `no route ${req.method} ${url.pathname}`);
    } catch (e) {
      if (!(e instanceof ApiError)) {
        send(res, 500, { ok: false, error_code: 500, error: 'internal', description: String(e) });
        return;
      }
      const body: Record<string, unknown> = { ok: false, error_code: e.status, error: e.code, description: e.message };
      if (e.retryAfterSeconds !== undefined) {
        body.parameters = { retry_after: e.retryAfterSeconds };
        res.setHeader('retry-after', String(e.retryAfterSeconds));
      }
      send(res, e.status, body);
    }
  }

  const server = createServer((req, res) => void route(req, res));
  server.keepAliveTimeout = 30_000;

  return {
    async listen(port = 0, host = '127.0.0.1') {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
      const addr = server.address() as AddressInfo;
      baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${addr.port}`;
      return baseUrl;
    },
    async close() {
      delivery.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    addAccount(input = {}) {
      const n = world.accounts.size + 1;
      const id = input.id ?? `acct${n}`;
      const account: Account = {
        id, name: input.name ?? `Sandbox Bot ${n}`, token: input.token ?? `${id}:${randomBytes(12).toString('hex')}`,
        botUserId: `bot-${id}`,
      };
      world.addAccount(account);
      if (input.webhook) setWebhook(id, input.webhook);
      return account;
    },
    accounts: world.accounts,
    setWebhook,
    flushDeliveries: (timeoutMs) => delivery.flush(timeoutMs),
    stats() {
      let members = 0;
      for (const g of world.groups.values()) members += g.members.size;
      return {
        ...delivery.stats(), accounts: world.accounts.size, groups: world.groups.size, members,
        messages: world.messages.size, botPosts: world.botPosts.length, clientActions,
      };
    },
    clock,
  };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new ApiError(413, 'too_large', 'request body too large');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return null;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new ApiError(400, 'bad_json', 'request body is not valid JSON');
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
