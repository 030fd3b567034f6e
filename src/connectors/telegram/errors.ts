/**
 * Bot API failures → PlatformError. The HTTP status is Telegram's error_code; `code` is a stable
 * slug for the cases Qunyun acts on, since Telegram says its descriptions may change. Every
 * failure says the method, the status and the reason: a server (or a proxy in front of it) that
 * answers without Telegram's error code is said as such rather than as "undefined undefined". A
 * server that cannot be reached, or answers with no JSON at all, reads the same whatever the port
 * held (no socket error or fetched body is quoted: the URL is operator-given), and no message
 * carries the bot token (grammY's network errors name the request URL, which has it in its path).
 */
import { GrammyError, HttpError } from 'grammy';
import { PlatformError } from '../connector.ts';
import { redactText } from '../../log/redact.ts';
import { OutboundError } from '../../net/outbound.ts';

const KNOWN: Array<[RegExp, string]> = [
  [/chat not found/i, 'chat_not_found'],
  [/not enough rights|CHAT_ADMIN_REQUIRED|need administrator rights/i, 'not_enough_rights'],
  [/bot was kicked/i, 'bot_kicked'],
  [/bot is not a member/i, 'bot_not_member'],
  [/bot was blocked by the user/i, 'blocked_by_user'],
  [/can't initiate conversation/i, 'user_not_started'],
  [/user not found|USER_ID_INVALID|PARTICIPANT_ID_INVALID/i, 'user_not_found'],
  [/HIDE_REQUESTER_MISSING|USER_ALREADY_PARTICIPANT/i, 'no_join_request'],
  [/only for supergroups/i, 'supergroup_only'],
  [/group chat was upgraded to a supergroup/i, 'migrated'],
];

const BY_STATUS: Record<number, string> = {
  400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 429: 'rate_limited',
};

/** Hides bot tokens (`<digits>:<secret>`, and whatever follows /bot in a Bot API URL). */
export function redactToken(text: string): string {
  return text.replace(/\/bot[^/\s]+\//g, '/bot***/').replace(/\b\d{3,}:[A-Za-z0-9_-]{8,}/g, '***');
}

export function toPlatformError(e: unknown, method: string): PlatformError | Error {
  if (e instanceof PlatformError) return e;
  if (e instanceof GrammyError) {
    if (typeof e.error_code !== 'number') {
      // `{ok:false}` without error_code, or some other JSON: not a Bot API answer (a proxy, a
      // gateway, or not a Bot API server at all). Its text is not quoted: it may be an internal page.
      return new PlatformError(`telegram ${method}: 502 the Bot API server answered without an error code`, 502, 'bad_answer');
    }
    const status = e.error_code;
    const description = typeof e.description === 'string' && e.description !== '' ? e.description : '(no description)';
    const known = KNOWN.find(([re]) => re.test(description))?.[1];
    const code = status === 429 ? 'rate_limited' : status === 401 ? 'unauthorized' : known ?? BY_STATUS[status] ?? `http_${status}`;
    const retryAfter = e.parameters?.retry_after;
    const retryAfterMs = typeof retryAfter === 'number' ? retryAfter * 1000 : undefined;
    const hint = status === 401 ? ' (the bot token is wrong or was revoked)' : '';
    return new PlatformError(`telegram ${method}: ${status} ${redactText(description)}${hint}`, status, code, retryAfterMs);
  }
  if (e instanceof HttpError) {
    // Refused by the outbound guard: say why. Anything else — a closed port, an open one that is
    // not a Bot API server, an answer that is not JSON — reads the same, and never quotes the
    // socket's error or the answer (it may be an internal page; the URL holds the token).
    const cause = e.error;
    if (cause instanceof OutboundError && cause.refused) return new PlatformError(`telegram ${method}: ${cause.message}`, cause.status, cause.code);
    return new PlatformError(`telegram ${method}: could not reach the Bot API server`, 0, 'network');
  }
  return e instanceof Error ? e : new Error(String(e));
}

/** Calls the Bot API and rethrows its failures as PlatformError. */
export async function callApi<T>(method: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toPlatformError(e, method);
  }
}
