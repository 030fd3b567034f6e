/**
 * The connector runtime: runs one connector per platform account that is not disabled, built from
 * the account's stored config, with a sink that submits to the ingest queue in the account's scope
 * (workspace, account, workspace time zone). It routes webhook deliveries to the right connector,
 * hands connectors to the routes that act on platforms, records each account's status (active /
 * error with the reason) and last event, and carries out WeCom's periodic work (full reconcile,
 * chat-archive pull with a resumable seq). Secrets never reach a log line or a stored error.
 */
import type { Logger } from 'pino';
import type { Database } from '../../db/database.ts';
import type { IngestQueue } from '../../events/ingest-queue.ts';
import type { IngestResult, IngestScope } from '../../events/ingest.ts';
import { sourceFromState } from '../../actions/join-way-state.ts';
import { getWorkspace, type PlatformAccount } from '../../workspaces/workspaces.ts';
import type { Connector, EventSink } from '../connector.ts';
import { createSandboxConnector } from '../sandbox/index.ts';
import { createTelegramConnector, type TelegramConnectorOptions } from '../telegram/index.ts';
import { ArchivePullError, createWecomConnector, type ReconcileReport, type WecomConnector, type WecomConnectorOptions } from '../wecom/index.ts';
import { parseAccountConfig, type AccountConfig } from './account-config.ts';
import { CONFIG_INVALID, DEFAULT_RETRY, faultOf, retryDelayMs, type AccountFault, type AccountHealth, type RetryPolicy } from './account-health.ts';
import { loadKnownGroup } from './known-groups.ts';
import { deadLetterRaw } from './dead-letters.ts';
import { recordContactArrival } from '../../acquisition/contact-arrivals.ts';
import { databaseJoinRequestStore } from './join-requests.ts';
import { createDbPendingStore } from './pending-store.ts';
import { projectPending } from '../../events/projector.ts';
import { redactText } from '../../log/redact.ts';
import { createOutbound, type Outbound } from '../../net/outbound.ts';

export interface WebhookRequest {
  method: string;
  query: Record<string, string | string[] | undefined>;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}
export interface WebhookReply { status: number; body: unknown; contentType?: string }
export type PlatformWebhook = (req: WebhookRequest) => Promise<WebhookReply>;

export interface RuntimeOptions {
  db: Database;
  ingest: IngestQueue;
  logger: Logger;
  /** Base URL at which platforms reach this server; asked when an account starts. */
  publicUrl: () => string;
  /**
   * The guard every request to an account's platform goes through (its URLs are operator-given);
   * default: every private address refused. Tests on loopback fakes pass one that allows 127.0.0.1.
   */
  outbound?: Outbound;
  /** Extra connector options (tests: short retry delays, no real sleeps). */
  connectorOptions?: { telegram?: Partial<TelegramConnectorOptions>; wecom?: Partial<WecomConnectorOptions> };
  /** How accounts in error are retried (default: 30 s doubling up to 30 min). */
  retry?: Partial<RetryPolicy>;
}

/**
 * An account in error may still be running (a fault found while it ran, e.g. WeCom refusing this
 * server's IP: its callbacks are still taken and kept) or not (it could not start). Either way it
 * is tried again at `nextRetryAt`.
 */
export type RunState =
  | { state: 'running' }
  | { state: 'stopped' }
  | { state: 'error'; error: string; fault: AccountFault; attempts: number; nextRetryAt?: string; running: boolean };

export interface ConnectorRuntime {
  /** The outbound guard of this installation: account set-up checks go through it too. */
  readonly outbound: Outbound;
  /** Base URL at which platforms reach this server, without a trailing slash. */
  publicUrl(): string;
  /** Starts every account that is not disabled; an account that fails is marked error, the others go on. */
  startAll(): Promise<void>;
  /** (Re)starts one account from its stored config. */
  startAccount(accountId: number): Promise<RunState>;
  stopAccount(accountId: number): Promise<void>;
  connector(accountId: number): Connector | undefined;
  webhook(platform: string, accountId: number): PlatformWebhook | undefined;
  runState(accountId: number): RunState;
  /** Full reconcile of every running WeCom account (the scheduled job). */
  reconcileWecom(): Promise<Array<{ accountId: number; report?: ReconcileReport; error?: string }>>;
  /** Tries an account in error again now (what its retry timer does); resolves with its new state. */
  retryAccount(accountId: number): Promise<RunState>;
  /** Pulls the chat archive of every running WeCom account that has one, from its stored seq. */
  pullArchives(): Promise<Array<{ accountId: number; seq?: number; stored?: number; error?: string }>>;
  stop(): Promise<void>;
}

interface Running {
  account: PlatformAccount;
  config: AccountConfig;
  connector: Connector;
  webhook: PlatformWebhook;
  scope: IngestScope;
}

/** Writes of last_event_at are at most this often per account. */
const LAST_EVENT_EVERY_MS = 5000;

export function createConnectorRuntime(options: RuntimeOptions): ConnectorRuntime {
  const { db, ingest, logger } = options;
  const outbound = options.outbound ?? createOutbound();
  const running = new Map<number, Running>();
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  /** Accounts in error: why, how many tries failed in a row, and the timer of the next try. */
  const faults = new Map<number, { fault: AccountFault; attempts: number; nextRetryAt?: number; timer?: NodeJS.Timeout }>();
  let stopping = false;
  const starting = new Map<number, Promise<RunState>>();
  const archiveBusy = new Map<number, Promise<unknown>>();
  const lastEventWrite = new Map<number, number>();

  async function loadAccount(accountId: number): Promise<PlatformAccount | undefined> {
    const rows = await db.query<PlatformAccount>(
      `select workspace_id as "workspaceId", id, platform, external_id as "externalId", name, config, status
       from platform_accounts where id = $1`, [accountId]);
    return rows[0];
  }

  async function setStatus(account: PlatformAccount, status: 'active' | 'error', error: string | null): Promise<void> {
    // A disabled account stays disabled whatever its connector did on the way down.
    await db.query(
      `update platform_accounts set status = $3, last_error = $4 where workspace_id = $1 and id = $2 and status <> 'disabled'`,
      [account.workspaceId, account.id, status, error]);
  }

  function cancelRetry(accountId: number): void {
    const f = faults.get(accountId);
    if (f?.timer) clearTimeout(f.timer);
  }

  /** Puts the account in error with its reason and schedules the next try (backoff by failed tries in a row). */
  async function markFault(account: PlatformAccount, fault: AccountFault): Promise<void> {
    cancelRetry(account.id);
    const attempts = (faults.get(account.id)?.attempts ?? 0) + 1;
    const entry: { fault: AccountFault; attempts: number; nextRetryAt?: number; timer?: NodeJS.Timeout } = { fault, attempts };
    faults.set(account.id, entry);
    if (!stopping && fault.code !== CONFIG_INVALID) {
      const delay = retryDelayMs(attempts, retry);
      entry.nextRetryAt = Date.now() + delay;
      entry.timer = setTimeout(() => {
        if (faults.get(account.id) !== entry) return;
        void retryAccount(account.id).catch((err: unknown) => logger.warn({ err, account: account.id }, 'account retry failed'));
      }, delay);
      entry.timer.unref();
    }
    await setStatus(account, 'error', fault.message);
  }

  async function clearFault(account: PlatformAccount): Promise<void> {
    if (!faults.has(account.id)) return;
    cancelRetry(account.id);
    faults.delete(account.id);
    await setStatus(account, 'active', null);
    logger.info({ account: account.id, platform: account.platform }, 'account works again');
  }

  /** Handed to a connector: what it finds while running moves its account in and out of error. */
  function healthOf(account: PlatformAccount, secrets: string[]): AccountHealth {
    return {
      fault(f) {
        const fault = { ...f, message: scrub(f.message, secrets) };
        const known = faults.get(account.id);
        if (known && known.fault.code === fault.code && known.fault.message === fault.message) return;
        logger.warn({ account: account.id, platform: account.platform, fault: fault.code, error: fault.message }, 'account fault');
        void markFault(account, fault).catch((err: unknown) => logger.warn({ err, account: account.id }, 'could not record the account fault'));
      },
      ok(codes) {
        const known = faults.get(account.id);
        if (!known || !running.has(account.id) || (codes && !codes.includes(known.fault.code))) return;
        void clearFault(account).catch((err: unknown) => logger.warn({ err, account: account.id }, 'could not clear the account fault'));
      },
    };
  }

  async function retryAccount(accountId: number): Promise<RunState> {
    const r = running.get(accountId);
    if (!faults.has(accountId)) return runState(accountId);
    if (!r) return startAccountSerialized(accountId, true);
    // Running with a fault: ask the connector whether the cause is gone.
    try {
      await r.connector.check?.();
      await clearFault(r.account);
    } catch (err) {
      await markFault(r.account, faultOf(err, (m) => scrub(m, secretValues(r.config))));
    }
    return runState(accountId);
  }

  function runState(accountId: number): RunState {
    const f = faults.get(accountId);
    if (f) {
      return {
        state: 'error', error: f.fault.message, fault: f.fault, attempts: f.attempts, running: running.has(accountId),
        ...(f.nextRetryAt !== undefined ? { nextRetryAt: new Date(f.nextRetryAt).toISOString() } : {}),
      };
    }
    return running.has(accountId) ? { state: 'running' } : { state: 'stopped' };
  }

  function sinkFor(account: PlatformAccount, scope: IngestScope): EventSink {
    return async (events): Promise<IngestResult> => {
      const result = await ingest.submit(scope, events);
      const now = Date.now();
      if (result.stored > 0 && now - (lastEventWrite.get(account.id) ?? 0) >= LAST_EVENT_EVERY_MS) {
        lastEventWrite.set(account.id, now);
        // Bookkeeping only: the events are stored, so a failure here must not fail the delivery.
        await db.query('update platform_accounts set last_event_at = now() where workspace_id = $1 and id = $2', [account.workspaceId, account.id])
          .catch((err: unknown) => logger.warn({ err, account: account.id }, 'could not record the last event time'));
      }
      return result;
    };
  }

  function build(account: PlatformAccount, parsed: AccountConfig, health: AccountHealth): { connector: Connector; webhook: PlatformWebhook } {
    const base = options.publicUrl().replace(/\/+$/, '');
    const log = logger.child({ account: account.id, platform: account.platform });
    switch (parsed.platform) {
      case 'sandbox': {
        const c = parsed.config;
        const connector = createSandboxConnector({
          baseUrl: c.baseUrl, token: c.token, webhookSecret: c.webhookSecret, webhookUrl: `${base}/webhooks/sandbox/${account.id}`, fetch: outbound.fetch,
        });
        return { connector, webhook: (req) => connector.handleWebhook(req.body, req.headers) };
      }
      case 'telegram': {
        const c = parsed.config;
        const connector = createTelegramConnector({
          token: c.token, mode: c.mode, logger: log, fetch: outbound.fetch, ...(c.apiRoot ? { apiRoot: c.apiRoot } : {}),
          deadLetter: (update, reason) => deadLetterRaw(db, account.workspaceId, account.id, update, reason),
          joinRequests: databaseJoinRequestStore(db, account.workspaceId, account.id), health,
          ...(c.mode === 'webhook' ? { webhook: { url: `${base}/webhooks/telegram/${account.id}`, secretToken: c.secretToken } } : {}),
          ...options.connectorOptions?.telegram,
        });
        return { connector, webhook: (req) => connector.handleWebhook(req.body, req.headers) };
      }
      case 'wecom': {
        const c = parsed.config;
        const connector = createWecomConnector({
          corpId: c.corpId, secret: c.secret, token: c.token, encodingAesKey: c.encodingAesKey, logger: log, fetch: outbound.fetch,
          ...(c.agentId ? { agentId: c.agentId } : {}), ...(c.apiRoot ? { apiRoot: c.apiRoot } : {}),
          ...(c.archive ? { archive: c.archive } : {}),
          // What the group looked like after every event stored so far: projected first.
          loadKnownGroup: async (chatId) => {
            await projectPending(db, account.workspaceId);
            return loadKnownGroup(db, account.workspaceId, account.id, chatId);
          },
          sourceFromState, health,
          pendingStore: createDbPendingStore(db, account.workspaceId, account.id),
          deadLetter: (raw, reason) => deadLetterRaw(db, account.workspaceId, account.id, raw, reason),
          // A customer added a staff member through a staff code's contact way (src/acquisition).
          onContactAdded: async (contact) => { await recordContactArrival(db, account.workspaceId, account.id, contact); },
          ...options.connectorOptions?.wecom,
        });
        return {
          connector,
          webhook: async (req) => {
            const a = await connector.handleCallback(req.method, req.query, req.body);
            return { status: a.status, body: a.body, contentType: 'text/plain; charset=utf-8' };
          },
        };
      }
    }
  }

  async function startLocked(accountId: number, isRetry = false): Promise<RunState> {
    // A start asked for by someone (not the retry timer) begins a fresh series of tries.
    const attempts = isRetry ? faults.get(accountId)?.attempts ?? 0 : 0;
    await stopLocked(accountId);
    const account = await loadAccount(accountId);
    if (!account || account.status === 'disabled') return { state: 'stopped' };
    let parsed: AccountConfig;
    let secrets: string[] = [];
    try {
      parsed = parseAccountConfig(account.platform, account.config);
      secrets = secretValues(parsed);
      const workspace = await getWorkspace(db, account.workspaceId);
      if (!workspace) throw new Error(`workspace ${account.workspaceId} does not exist`);
      const scope: IngestScope = { workspaceId: account.workspaceId, accountId: account.id, timezone: workspace.timezone };
      const { connector, webhook } = build(account, parsed, healthOf(account, secrets));
      await connector.start(sinkFor(account, scope));
      // Stored first: whoever sees it running also reads it active.
      await setStatus(account, 'active', null);
      running.set(account.id, { account, config: parsed, connector, webhook, scope });
      logger.info({ account: account.id, platform: account.platform }, 'connector started');
      return { state: 'running' };
    } catch (err) {
      const fault = faultOf(err, (m) => scrub(m, secrets));
      faults.set(account.id, { fault, attempts });
      await markFault(account, fault);
      logger.warn({ account: account.id, platform: account.platform, error: fault.message, attempts: attempts + 1 }, 'connector could not start; it will be tried again');
      return runState(account.id);
    }
  }

  async function stopLocked(accountId: number): Promise<void> {
    const r = running.get(accountId);
    running.delete(accountId);
    cancelRetry(accountId);
    faults.delete(accountId);
    if (!r) return;
    await r.connector.stop().catch((err: unknown) => logger.warn({ err, account: accountId }, 'connector did not stop cleanly'));
  }

  /** One start or stop per account at a time, in the order asked. */
  function serialized(accountId: number, work: () => Promise<RunState>): Promise<RunState> {
    const before = starting.get(accountId) ?? Promise.resolve<RunState>({ state: 'stopped' });
    const next = before.catch(() => undefined).then(work);
    starting.set(accountId, next);
    void next.finally(() => { if (starting.get(accountId) === next) starting.delete(accountId); }).catch(() => undefined);
    return next;
  }

  function startAccountSerialized(accountId: number, isRetry: boolean): Promise<RunState> {
    return serialized(accountId, () => startLocked(accountId, isRetry));
  }

  function wecomAccounts(): Array<Running & { connector: WecomConnector }> {
    return [...running.values()].filter((r): r is Running & { connector: WecomConnector } => r.config.platform === 'wecom');
  }

  async function pullOne(r: Running & { connector: WecomConnector }): Promise<{ seq: number; stored: number }> {
    const reader = r.connector.archive!;
    const rows = await db.query<{ cursor: { archiveSeq?: number } }>(
      'select cursor from platform_accounts where workspace_id = $1 and id = $2', [r.account.workspaceId, r.account.id]);
    const from = Number(rows[0]?.cursor?.archiveSeq ?? 0);
    const save = (seq: number) => db.query(
      `update platform_accounts set cursor = jsonb_set(cursor, '{archiveSeq}', to_jsonb($3::int8)) where workspace_id = $1 and id = $2`,
      [r.account.workspaceId, r.account.id, seq]);
    try {
      const result = await reader.pull(sinkFor(r.account, r.scope), from);
      if (result.seq !== from) await save(result.seq);
      return { seq: result.seq, stored: result.stored };
    } catch (err) {
      // Keep what was stored: the next pull resumes after it rather than from the start.
      if (err instanceof ArchivePullError && err.committedSeq !== from) await save(err.committedSeq);
      throw err;
    }
  }

  return {
    outbound,
    publicUrl: () => options.publicUrl().replace(/\/+$/, ''),
    async startAll() {
      // Sandbox accounts without a token are the demo community's (sandbox-community.ts): it runs
      // their connector itself, and their platform does not outlive the process that made them.
      const rows = await db.query<{ id: number }>(
        `select id from platform_accounts where status <> 'disabled' and platform in ('sandbox', 'telegram', 'wecom')
           and not (platform = 'sandbox' and not config ? 'token') order by id`);
      await Promise.all(rows.map((r) => this.startAccount(r.id)));
    },
    startAccount: (accountId) => startAccountSerialized(accountId, false),
    retryAccount,
    async stopAccount(accountId) {
      await serialized(accountId, async () => { await stopLocked(accountId); return { state: 'stopped' }; });
    },
    connector: (accountId) => running.get(accountId)?.connector,
    webhook(platform, accountId) {
      const r = running.get(accountId);
      return r && r.account.platform === platform ? r.webhook : undefined;
    },
    runState,
    async reconcileWecom() {
      const out: Array<{ accountId: number; report?: ReconcileReport; error?: string }> = [];
      for (const r of wecomAccounts()) {
        try {
          out.push({ accountId: r.account.id, report: await r.connector.reconcileAll() });
        } catch (err) {
          const error = scrub((err as Error).message, secretValues(r.config));
          logger.warn({ account: r.account.id, error }, 'WeCom reconcile failed');
          out.push({ accountId: r.account.id, error });
        }
      }
      return out;
    },
    async pullArchives() {
      const out: Array<{ accountId: number; seq?: number; stored?: number; error?: string }> = [];
      for (const r of wecomAccounts()) {
        if (!r.connector.archive) continue;
        // A pull still under way (a slow sidecar, a big backlog) is not started twice.
        const busy = archiveBusy.get(r.account.id);
        if (busy) { out.push({ accountId: r.account.id, error: 'a pull is already under way' }); continue; }
        const p = pullOne(r);
        archiveBusy.set(r.account.id, p);
        try {
          out.push({ accountId: r.account.id, ...(await p) });
        } catch (err) {
          const error = scrub((err as Error).message, secretValues(r.config));
          logger.warn({ account: r.account.id, error }, 'WeCom archive pull failed');
          out.push({ accountId: r.account.id, error });
        } finally {
          archiveBusy.delete(r.account.id);
        }
      }
      return out;
    },
    async stop() {
      stopping = true;
      for (const id of faults.keys()) cancelRetry(id);
      await Promise.all([...new Set([...running.keys(), ...faults.keys()])].map((id) => this.stopAccount(id)));
      faults.clear();
    },
  };
}

function secretValues(parsed: AccountConfig): string[] {
  const c = parsed.config as Record<string, unknown>;
  return ['token', 'secret', 'secretToken', 'webhookSecret', 'encodingAesKey'].map((k) => c[k]).filter((v): v is string => typeof v === 'string' && v.length >= 6);
}

/** A platform library may echo a token in its message (a URL): never let it through. */
export function scrub(message: string, secrets: string[]): string {
  let out = message;
  for (const s of secrets) out = out.split(s).join('***');
  return redactText(out);
}
