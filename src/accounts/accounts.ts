/**
 * Platform accounts as the console's settings page manages them: listing them with their status,
 * figures and capabilities (never their secrets), adding a Telegram bot, a WeCom corp app or a
 * sandbox bot (each checked against its platform first, so a wrong token or secret is said at
 * once), renaming, and enabling or disabling them — the connector runtime starts and stops the
 * connector to match.
 */
import { randomBytes } from 'node:crypto';
import { checkTelegramBot, TelegramSetupError } from '../connectors/telegram/index.ts';
import { createSandboxConnector } from '../connectors/sandbox/index.ts';
import { createWecomClient } from '../connectors/wecom/index.ts';
import type { ConnectorRuntime } from '../connectors/runtime/index.ts';
import { publicConfig, SandboxConfig, TelegramConfig, WecomConfig } from '../connectors/runtime/index.ts';
import type { Queryable } from '../db/database.ts';
import { platformFailure } from '../actions/errors.ts';
import { AppError } from '../errors.ts';
import { redactText } from '../log/redact.ts';
import { OutboundError, type Outbound } from '../net/outbound.ts';
import type { z } from 'zod';
import { capabilitiesOf, type CapabilityInfo } from './capabilities.ts';

export interface AccountView {
  id: number;
  platform: string;
  name: string;
  externalId: string;
  status: 'active' | 'error' | 'disabled';
  lastEventAt: string | null;
  groups: number;
  /** Supported capabilities by name (receiveMessages, sendMessages, mute, …). */
  capabilities: string[];
  unsupported: Array<{ capability: string; reason: string; instead?: string }>;
  error?: string;
  /** Why it is in error, as a code the console translates (wecom_ip_not_allowed, wecom_clock_skew, …) with its parameters. */
  fault?: { code: string; params?: Record<string, string | number> };
  /** When the connector runtime tries an account in error again, and how many tries failed in a row. */
  retry?: { nextAt: string | null; attempts: number };
  /** The config without its secrets (mode, apiRoot, corpId, agentId, archive, baseUrl). */
  settings: Record<string, unknown>;
  /** Where the platform delivers to (Telegram webhook, WeCom callback URL to copy into the app's settings). */
  webhookUrl?: string;
  /** WeCom: when the callback URL last passed WeCom's verification (null: not yet). */
  callbackVerifiedAt?: string | null;
}

export interface AccountDeps {
  db: Queryable;
  runtime: ConnectorRuntime;
}

interface Row {
  id: number; platform: string; name: string; externalId: string; status: string; lastEventAt: Date | null;
  lastError: string | null; config: Record<string, unknown>; groups: number; callbackVerifiedAt: string | null;
}

const WEBHOOK_PATH: Record<string, string> = { telegram: 'telegram', wecom: 'wecom', sandbox: 'sandbox' };

function view(runtime: ConnectorRuntime, r: Row): AccountView {
  const caps = capabilitiesOf(r.platform, r.config);
  const status = r.status === 'disabled' ? 'disabled' : r.status === 'error' ? 'error' : 'active';
  const path = WEBHOOK_PATH[r.platform];
  const polling = r.platform === 'telegram' && r.config.mode === 'polling';
  const run = runtime.runState(r.id);
  const live = run.state === 'error' && status !== 'disabled' ? run : undefined;
  return {
    id: r.id, platform: r.platform, name: r.name, externalId: r.externalId, status: live ? 'error' : status,
    lastEventAt: r.lastEventAt ? r.lastEventAt.toISOString() : null,
    groups: r.groups,
    capabilities: caps.filter((c) => c.supported).map((c) => c.capability),
    unsupported: caps.filter((c): c is CapabilityInfo & { reason: string } => !c.supported && c.reason !== undefined)
      .map((c) => ({ capability: c.capability, reason: c.reason, ...(c.instead ? { instead: c.instead } : {}) })),
    ...(live ? { error: live.error } : status === 'error' && r.lastError ? { error: r.lastError } : {}),
    ...(live ? {
      fault: { code: live.fault.code, ...(live.fault.params ? { params: live.fault.params } : {}) },
      retry: { nextAt: live.nextRetryAt ?? null, attempts: live.attempts },
    } : {}),
    settings: publicConfig(r.platform, r.config),
    ...(path && !polling ? { webhookUrl: `${runtime.publicUrl()}/webhooks/${path}/${r.id}` } : {}),
    ...(r.platform === 'wecom' ? { callbackVerifiedAt: r.callbackVerifiedAt ? new Date(r.callbackVerifiedAt).toISOString() : null } : {}),
  };
}

const select = `select a.id, a.platform, a.name, a.external_id as "externalId", a.status, a.last_event_at as "lastEventAt",
    a.last_error as "lastError", a.config, a.cursor->>'callbackVerifiedAt' as "callbackVerifiedAt",
    (select count(*)::int from groups g where g.workspace_id = a.workspace_id and g.account_id = a.id and g.status <> 'dismissed') as groups
  from platform_accounts a`;

export async function listAccounts(deps: AccountDeps, workspaceId: number, page: { limit: number; offset: number }): Promise<{ items: AccountView[]; total: number }> {
  const [rows, total] = await Promise.all([
    deps.db.query<Row>(`${select} where a.workspace_id = $1 order by a.id limit $2 offset $3`, [workspaceId, page.limit, page.offset]),
    deps.db.query<{ n: number }>('select count(*)::int as n from platform_accounts where workspace_id = $1', [workspaceId]),
  ]);
  return { items: rows.map((r) => view(deps.runtime, r)), total: total[0]?.n ?? 0 };
}

export async function getAccount(deps: AccountDeps, workspaceId: number, id: number): Promise<AccountView> {
  const rows = await deps.db.query<Row>(`${select} where a.workspace_id = $1 and a.id = $2`, [workspaceId, id]);
  if (!rows[0]) throw new AppError('not_found', `no account ${id}`);
  return view(deps.runtime, rows[0]);
}

export async function accountCapabilities(deps: AccountDeps, workspaceId: number, id: number): Promise<CapabilityInfo[]> {
  const rows = await deps.db.query<{ platform: string; config: Record<string, unknown> }>(
    'select platform, config from platform_accounts where workspace_id = $1 and id = $2', [workspaceId, id]);
  if (!rows[0]) throw new AppError('not_found', `no account ${id}`);
  return capabilitiesOf(rows[0].platform, rows[0].config);
}

export type NewAccount =
  | { platform: 'telegram'; name?: string | undefined; token: string; mode: 'webhook' | 'polling'; apiRoot?: string | undefined }
  | { platform: 'wecom'; name: string; corpId: string; secret: string; token: string; encodingAesKey: string; agentId?: string | undefined; apiRoot?: string | undefined; archive?: { sidecarUrl: string } | undefined }
  | { platform: 'sandbox'; name?: string | undefined; baseUrl: string; token: string; webhookSecret?: string | undefined };

const secret = () => randomBytes(24).toString('base64url');

/** A config as stored, or a 400 naming the wrong fields (never their values). */
function parsed<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new AppError('bad_request', `invalid account: ${r.error.issues.map((i) => `${i.path.join('.') || '(account)'}: ${i.message}`).join('; ')}`);
}

/**
 * Asks the platform who the account is; a wrong token or secret is refused here, clearly. Every
 * request goes through the outbound guard: the URLs are the operator's to choose, not the network's.
 */
async function identify(input: NewAccount, outbound: Outbound): Promise<{ externalId: string; name: string; config: Record<string, unknown> }> {
  const strip = <T extends Record<string, unknown>>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  try {
    switch (input.platform) {
      case 'telegram': {
        const config = parsed(TelegramConfig, strip({ token: input.token, mode: input.mode, secretToken: secret(), apiRoot: input.apiRoot }));
        const check = await checkTelegramBot(config.token, config.apiRoot, { fetch: outbound.fetch });
        return { externalId: check.bot.id, name: input.name ?? `@${check.bot.username}`, config };
      }
      case 'wecom': {
        const { platform: _p, name, ...rest } = input;
        const config = parsed(WecomConfig, strip(rest));
        // The sidecar is pulled every minute from then on: refused now, not at each pull.
        if (config.archive) await outbound.check(config.archive.sidecarUrl);
        const client = createWecomClient({
          corpId: config.corpId, secret: config.secret, ...(config.apiRoot ? { apiRoot: config.apiRoot } : {}), maxAttempts: 1, fetch: outbound.fetch,
        });
        await client.getAccessToken();
        // One account per corp: callbacks of every app of the corp would otherwise reach two accounts.
        return { externalId: config.corpId, name, config };
      }
      case 'sandbox': {
        const config = parsed(SandboxConfig, { baseUrl: input.baseUrl, token: input.token, webhookSecret: input.webhookSecret ?? secret() });
        const me = await createSandboxConnector({ baseUrl: config.baseUrl, token: config.token, webhookSecret: config.webhookSecret, fetch: outbound.fetch }).getMe();
        return { externalId: me.account_id, name: input.name ?? me.name, config };
      }
    }
  } catch (err) {
    if (err instanceof TelegramSetupError) throw new AppError('platform_refused', err.message);
    if (err instanceof OutboundError) throw new AppError(err.refused ? 'platform_refused' : 'platform_unavailable', err.refused ? err.message : 'could not reach the archive sidecar');
    throw platformFailure(err) ?? err;
  }
}

/** The same corp twice (whatever the app: each would re-read the same groups) is a conflict naming the account that has it. */
async function refuseSecondCorp(db: Queryable, workspaceId: number, corpId: string): Promise<void> {
  const rows = await db.query<{ id: number; name: string }>(
    `select id, name from platform_accounts where workspace_id = $1 and platform = 'wecom'
       and (config->>'corpId' = $2 or external_id = $2 or external_id like $3) order by id limit 1`,
    [workspaceId, corpId, `${corpId.replace(/[\\%_]/g, (c) => `\\${c}`)}:%`]);
  if (rows[0]) {
    throw new AppError('conflict', `WeCom corp ${corpId} is already connected as account "${rows[0].name}" (id ${rows[0].id}); change that account instead`);
  }
}

export async function createAccount(deps: AccountDeps, workspaceId: number, input: NewAccount): Promise<AccountView> {
  if (input.platform === 'wecom') await refuseSecondCorp(deps.db, workspaceId, input.corpId);
  const who = await identify(input, deps.runtime.outbound);
  let rows: Array<{ id: number }>;
  try {
    rows = await deps.db.query<{ id: number }>(
      `insert into platform_accounts (workspace_id, platform, external_id, name, config) values ($1, $2, $3, $4, $5)
       on conflict (workspace_id, platform, external_id) do nothing returning id`,
      [workspaceId, input.platform, who.externalId, who.name, JSON.stringify(who.config)]);
  } catch (err) {
    // The database's error carries the statement's parameters, the config's secrets among them:
    // only its words go on (the logger scrubs them too), never the error itself.
    throw new Error(`storing the ${input.platform} account failed: ${redactText(String((err as Error).message))}`);
  }
  if (!rows[0]) throw new AppError('conflict', `this ${input.platform} account (${who.externalId}) is already connected to the workspace`);
  await deps.runtime.startAccount(rows[0].id);
  return getAccount(deps, workspaceId, rows[0].id);
}

export async function updateAccount(deps: AccountDeps, workspaceId: number, id: number, change: { name?: string | undefined; enabled?: boolean | undefined }): Promise<AccountView> {
  const before = await getAccount(deps, workspaceId, id);
  if (change.name !== undefined) {
    await deps.db.query('update platform_accounts set name = $3 where workspace_id = $1 and id = $2', [workspaceId, id, change.name]);
  }
  if (change.enabled === false && before.status !== 'disabled') {
    await deps.db.query(`update platform_accounts set status = 'disabled', last_error = null where workspace_id = $1 and id = $2`, [workspaceId, id]);
    await deps.runtime.stopAccount(id);
  } else if (change.enabled === true) {
    // Also the way to retry an account in error: its connector is built again from its config.
    await deps.db.query(`update platform_accounts set status = 'active', last_error = null where workspace_id = $1 and id = $2`, [workspaceId, id]);
    await deps.runtime.startAccount(id);
  }
  return getAccount(deps, workspaceId, id);
}
