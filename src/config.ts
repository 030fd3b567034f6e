/**
 * The whole configuration of a Qunyun process, read from the environment once at start-up and
 * validated with zod. Nothing else in the code reads process.env: it receives a Config.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { parseAllowList, type AllowEntry } from './net/outbound.ts';

/**
 * TRUST_PROXY as Fastify's trustProxy takes it: false; a number of proxy hops (`true` means 1: one
 * reverse proxy in front, whose own X-Forwarded-For entry is the client); or a comma-separated list
 * of proxy addresses and CIDR ranges (only those are trusted to say who the client is). Never
 * Fastify's `true`, which believes any X-Forwarded-For a client makes up.
 */
export type TrustProxy = false | number | string[];

/**
 * TRUST_PROXY as Fastify's trustProxy option. A number of hops becomes a function trusting the
 * nearest `hops` addresses (the socket's peer, then X-Forwarded-For from the right): Fastify itself
 * no longer trusts a bare number, because a client that reaches the server directly could then
 * claim any address. So hops suit a server reachable only through its proxies (listening on
 * 127.0.0.1 behind it, the default HOST); otherwise list the proxies' addresses.
 */
export function trustProxyOption(value: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (value === false) return false;
  if (typeof value === 'number') return (_address: string, hop: number) => hop < value;
  return value;
}

function isAddressOrCidr(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  if (rest.length > 0 || !address) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

const TrustProxySchema = z.string().trim().transform((value, ctx): TrustProxy => {
  const lower = value.toLowerCase();
  if (['false', 'no', 'off', '0'].includes(lower)) return false;
  if (['true', 'yes', 'on'].includes(lower)) return 1;
  if (/^\d+$/.test(lower)) {
    const hops = Number(lower);
    if (hops > 10) ctx.addIssue({ code: 'custom', message: 'at most 10 proxy hops' });
    return hops;
  }
  const entries = value.split(',').map((e) => e.trim()).filter(Boolean);
  const wrong = entries.filter((e) => !isAddressOrCidr(e));
  if (entries.length === 0 || wrong.length > 0) {
    ctx.addIssue({ code: 'custom', message: `false, true (1 hop), a number of hops, or a comma-separated list of proxy addresses/CIDRs; not an address: ${wrong.join(', ') || value}` });
    return z.NEVER;
  }
  return entries;
});

const ConfigSchema = z.object({
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional()
    .describe('Postgres server to use; without it Qunyun runs on an embedded PGlite database in DATA_DIR'),
  DATA_DIR: z.string().min(1).default('./data').describe('folder of the embedded database and the sandbox state'),
  PGLITE_SHARED_BUFFERS: z.string().regex(/^\d+(kB|MB|GB)$/, 'a size such as 32MB').default('32MB')
    .describe('shared buffers of the embedded database (memory versus speed)'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, '')).optional()
    .describe('base URL at which platforms reach this server (webhooks, WeCom callback URL); default: the address it listens on'),
  TRUST_PROXY: TrustProxySchema.default(false)
    .describe('behind reverse proxies: `false` (default), `true` (= 1 hop), a number of hops, or a comma-separated list of proxy addresses/CIDRs whose X-Forwarded-For/-Proto is believed (client IPs for sign-in throttling and the audit log, Secure cookies under https)'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Secret the sandbox platform signs its webhooks with (HMAC-SHA256). */
  SANDBOX_WEBHOOK_SECRET: z.string().min(16).default('qunyun-sandbox-dev-secret'),
  OUTBOUND_ALLOW_PRIVATE: z.string().default('').transform((s, ctx): AllowEntry[] => {
    try {
      return parseAllowList(s);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message });
      return z.NEVER;
    }
  }).describe('private addresses Qunyun may reach for account set-up (a self-hosted Bot API server): comma-separated '
    + 'addresses, ranges or host names with an optional port, e.g. 127.0.0.1:8081,10.0.0.0/8; by default every loopback, '
    + 'private and link-local address is refused'),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional()
    .describe('SMTP server for e-mail (the weekly digest): smtp://user:pass@host:587 (STARTTLS when offered) or smtps://user:pass@host:465; without it nothing is e-mailed'),
  SMTP_FROM: z.string().trim().min(3).max(300).default('Qunyun <qunyun@localhost>')
    .describe('sender of e-mails: an address, or "Name <address>"'),
  /** Events per ingest transaction. */
  INGEST_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(1000),
  /** How long an event may wait for its batch to fill before it is written anyway. */
  INGEST_FLUSH_MS: z.coerce.number().int().min(0).max(10_000).default(20),
  REVIEW_REFRESH_MINUTES: z.coerce.number().int().min(1).max(1440).default(10)
    .describe('复盘 reports (src/review/stored.ts): a stored report is served as it is for this long after new events arrive, then refreshed in the background'),
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {}

/** Parses the environment; throws a ConfigError naming every variable that is wrong. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const picked: Record<string, string | undefined> = {};
  for (const key of Object.keys(ConfigSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const parsed = ConfigSchema.safeParse(picked);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export const configDescriptions = Object.fromEntries(
  Object.entries(ConfigSchema.shape).map(([k, v]) => [k, v.description ?? '']),
);
