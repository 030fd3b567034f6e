/**
 * What a platform account's stored config (platform_accounts.config) must hold, per platform,
 * validated with zod before a connector is built from it, and the fields that are secrets: those
 * never leave the server (API answers, logs) — `publicConfig` is the only view of a config that may.
 */
import { z } from 'zod';
import { operatorUrl } from '../../net/outbound.ts';

/** An operator-given base URL: http(s), no user:password, query or fragment; trailing slash dropped. */
const url = operatorUrl;

/** A bot token as @BotFather gives it (the API's input; stored configs keep the looser check below). */
export const TELEGRAM_TOKEN = /^\d+:[A-Za-z0-9_-]{20,}$/;
export const telegramToken = z.string().max(200).regex(TELEGRAM_TOKEN, 'a bot token looks like 123456789:AA… (digits, a colon, then at least 20 letters, digits, _ or -; from @BotFather)');

/** A WeCom corp ID (ww… or wx…, letters and digits) and an app's AgentId (digits). */
export const wecomCorpId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a corp ID is letters and digits, like ww0123456789abcdef (我的企业 → 企业信息)');
export const wecomAgentId = z.string().regex(/^\d{1,20}$/, 'an AgentId is digits, like 1000002');

export const SandboxConfig = z.object({
  baseUrl: url,
  token: z.string().min(1),
  webhookSecret: z.string().min(16),
}).strict();

/** Telegram's allowed characters for a webhook secret token. */
const secretToken = z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, '16–256 characters of A-Z, a-z, 0-9, _ and -');

export const TelegramConfig = z.object({
  token: z.string().regex(/^\d+:[A-Za-z0-9_-]+$/, 'a bot token looks like 123456789:AA… (from @BotFather)'),
  mode: z.enum(['webhook', 'polling']),
  secretToken,
  apiRoot: url.optional(),
}).strict();

export const WecomConfig = z.object({
  corpId: wecomCorpId,
  secret: z.string().min(1),
  /** The callback Token of the app's 接收消息 settings. */
  token: z.string().min(1).max(32),
  encodingAesKey: z.string().regex(/^[A-Za-z0-9]{43}$/, 'the EncodingAESKey is 43 letters and digits'),
  agentId: wecomAgentId.optional(),
  apiRoot: url.optional(),
  archive: z.object({ sidecarUrl: url }).strict().optional(),
}).strict();

export type SandboxConfig = z.infer<typeof SandboxConfig>;
export type TelegramConfig = z.infer<typeof TelegramConfig>;
export type WecomConfig = z.infer<typeof WecomConfig>;

export type AccountConfig =
  | { platform: 'sandbox'; config: SandboxConfig }
  | { platform: 'telegram'; config: TelegramConfig }
  | { platform: 'wecom'; config: WecomConfig };

export const CONNECTED_PLATFORMS = ['sandbox', 'telegram', 'wecom'] as const;
export type ConnectedPlatform = (typeof CONNECTED_PLATFORMS)[number];

const schemas = { sandbox: SandboxConfig, telegram: TelegramConfig, wecom: WecomConfig } as const;

/** Secret fields per platform: dropped from every view of a config that leaves the server. */
const SECRETS: Record<ConnectedPlatform, readonly string[]> = {
  sandbox: ['token', 'webhookSecret'],
  telegram: ['token', 'secretToken'],
  wecom: ['secret', 'token', 'encodingAesKey'],
};

export function isConnectedPlatform(platform: string): platform is ConnectedPlatform {
  return (CONNECTED_PLATFORMS as readonly string[]).includes(platform);
}

export class AccountConfigError extends Error {}

/** Validates a stored config; the message names the wrong fields, never their values. */
export function parseAccountConfig(platform: string, config: unknown): AccountConfig {
  if (!isConnectedPlatform(platform)) throw new AccountConfigError(`platform ${platform} has no connector`);
  const r = schemas[platform].safeParse(config);
  if (!r.success) {
    const fields = r.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`).join('; ');
    throw new AccountConfigError(`invalid ${platform} account config: ${fields}`);
  }
  return { platform, config: r.data } as AccountConfig;
}

/** The config without its secrets, e.g. { mode: 'webhook' } for Telegram. */
export function publicConfig(platform: string, config: Record<string, unknown>): Record<string, unknown> {
  const secret = new Set(isConnectedPlatform(platform) ? SECRETS[platform] : Object.keys(config));
  return Object.fromEntries(Object.entries(config).filter(([k]) => !secret.has(k)));
}
