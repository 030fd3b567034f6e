/**
 * An API error in the console's language. The server's `message` is English (for logs and API
 * users); the console says what happened from the error's code and status instead, and keeps the
 * server's words only where they carry the platform's own reason (a refusal, a conflict naming
 * the account that has it, what to do instead) — shown as the detail, after a translated headline.
 * Network failures ("Failed to fetch") are said in words too.
 */
import i18n from '../i18n/index.ts';
import { ApiError } from '../api/client.ts';

export interface ErrorWords {
  /** The headline, always in the console's language. */
  title: string;
  /** The platform's (or server's) own reason, when it adds something the code does not say. */
  detail?: string;
  /** What to do instead (not_supported). */
  instead?: string;
}

const KNOWN = new Set([
  'network', 'bad_request', 'unauthorized', 'forbidden', 'csrf', 'not_found', 'conflict', 'gone', 'payload_too_large',
  'unsupported_media_type', 'locked', 'not_supported', 'platform_refused', 'rate_limited', 'internal', 'platform_unavailable', 'unavailable',
]);
/** Codes whose server message is the platform's reason or names the thing in conflict: worth showing. */
const REASONED = new Set(['platform_refused', 'platform_unavailable', 'not_supported', 'conflict']);

export function describeError(error: unknown): ErrorWords {
  const t = i18n.t as unknown as (key: string, options?: Record<string, unknown>) => string;
  if (!(error instanceof ApiError)) return { title: t('apiError.network') };
  const code = error.status === 0 ? 'network' : KNOWN.has(error.code) ? error.code : `http_${Math.floor(error.status / 100)}xx`;
  const title = t(`apiError.${code}`, { seconds: error.retryAfterSeconds ?? 60, defaultValue: t('apiError.unknown', { status: error.status }) });
  const words: ErrorWords = { title };
  if (REASONED.has(code) && error.message && !/^HTTP \d+$/.test(error.message)) words.detail = error.message;
  if (error.instead) words.instead = error.instead;
  return words;
}

/** One line: the headline, then the platform's reason. */
export function errorText(error: unknown): string {
  const w = describeError(error);
  return [w.title, w.detail, w.instead ? `${i18n.t('apiError.instead')}: ${w.instead}` : undefined].filter(Boolean).join(' — ');
}
