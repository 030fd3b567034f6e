/**
 * Secrets never reach a log line or an API answer. Two nets: fields named like secrets (token,
 * secret, secretToken, encodingAesKey, …) are censored by pino's `redact`, and text — error
 * messages, stacks, URLs, a database error's parameters — is scrubbed of what a secret looks
 * like wherever it appears: a Telegram bot token (123456789:AA…), `access_token=` / `corpsecret=`
 * query values, and `"secret":"…"` inside JSON. The HTTP error handler and the connectors' error
 * mapping run their messages through `redactText` too.
 */
import pino from 'pino';

export const REDACTED = '[redacted]';

/** Field names whose value is a secret, wherever they appear in a logged object. */
export const SECRET_KEYS = ['token', 'secret', 'secretToken', 'webhookSecret', 'encodingAesKey', 'password', 'corpsecret', 'access_token', 'sessionToken', 'authorization', 'secretKey'];

const BOT_TOKEN = /\d{3,}:[A-Za-z0-9_-]{30,}/g;
/** A read-only API key (src/reports/api-keys.ts). */
const API_KEY = /qyk_[A-Za-z0-9_-]{16,}/g;
const QUERY_SECRET = /\b(access_token|corpsecret|secret|token|secret_token|encodingaeskey)=[^&\s"'#<>]+/gi;
const JSON_SECRET = new RegExp(`("(?:${SECRET_KEYS.join('|')})\\\\?"\\s*:\\s*\\\\?")(?:[^"\\\\]|\\\\.)*?(\\\\?")`, 'gi');

/** The text with anything that looks like a secret replaced by [redacted]. */
export function redactText(text: string): string {
  return text
    .replace(BOT_TOKEN, REDACTED)
    .replace(API_KEY, REDACTED)
    .replace(QUERY_SECRET, (_m, key: string) => `${key}=${REDACTED}`)
    .replace(JSON_SECRET, (_m, open: string, close: string) => `${open}${REDACTED}${close}`);
}

const secretKey = new Set(SECRET_KEYS.map((k) => k.toLowerCase()));

/** A copy of a plain value with secret fields censored and every string scrubbed (depth-limited). */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object' || depth > 6) return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    // A database error's bound parameters may be a whole account config: never logged.
    out[k] = secretKey.has(k.toLowerCase()) || k === 'params' ? REDACTED : redactValue(v, depth + 1);
  }
  return out;
}

/** pino's error serializer, then scrubbed: message, stack, cause, and any field a library added. */
export function serializeError(err: unknown): unknown {
  const plain = err instanceof Error ? pino.stdSerializers.err(err) : err;
  return redactValue(plain);
}

/** The options every Qunyun logger is made with (src/cli/stack.ts). */
export function loggerOptions(): Pick<pino.LoggerOptions, 'redact' | 'serializers' | 'hooks'> {
  const paths = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);
  return {
    redact: {
      paths: [...paths, 'req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'req.headers["x-telegram-bot-api-secret-token"]'],
      censor: REDACTED,
    },
    serializers: { err: serializeError, error: serializeError },
    hooks: {
      // The message itself (a warning may quote a platform's answer).
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? redactText(a) : a)) as Parameters<typeof method>);
      },
    },
  };
}
