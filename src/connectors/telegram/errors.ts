/**
 * Bot API failures → PlatformError. The HTTP status is Telegram's error_code; `code` is a stable
 * slug for the cases Qunyun acts on, since Telegram says its descriptions may change.
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

export function toPlatformError(e: unknown, method: string): PlatformError | Error {
  if (e instanceof PlatformError) return e;
  if (e instanceof GrammyError && typeof e.error_code === 'number' && typeof e.description === 'string') {
    const status = e.error_code;
    const known = KNOWN.find(([re]) => re.test(e.description))?.[1];
    const code = status === 429 ? 'rate_limited' : status === 401 ? 'unauthorized' : known ?? BY_STATUS[status] ?? `http_${status}`;
    const retryAfterMs = e.parameters.retry_after !== undefined ? e.parameters.retry_after * 1000 : undefined;
    const hint = status === 401 ? ' (the bot token is wrong or was revoked)' : '';
    return new PlatformError(`telegram ${method}: ${status} ${redactText(e.description)}${hint}`, status, code, retryAfterMs);
  }
  if (e instanceof HttpError || e instanceof GrammyError) {
    // Refused by the outbound guard: say why. Anything else — a closed port, an open one that is
    // not a Bot API server, an answer that is not JSON — reads the same, and never quotes the
    // socket's error or the answer (it may be an internal page; the URL holds the token).
    const cause = e instanceof HttpError ? e.error : undefined;
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
