/**
 * The whole configuration of a Qunyun process, read from the environment once at start-up and
 * validated with zod. Nothing else in the code reads process.env: it receives a Config.
 */
import { z } from 'zod';
import { parseAllowList, type AllowEntry } from './net/outbound.ts';

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
  TRUST_PROXY: z.stringbool().default(false)
    .describe('behind a reverse proxy: trust X-Forwarded-For/-Proto (client IPs for sign-in throttling, Secure cookies under https)'),
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
  /** Events per ingest transaction. */
  INGEST_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(1000),
  /** How long an event may wait for its batch to fill before it is written anyway. */
  INGEST_FLUSH_MS: z.coerce.number().int().min(0).max(10_000).default(20),
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
