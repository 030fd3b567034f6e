/**
 * Bot API failures → PlatformError. The HTTP status is Telegram's error_code; `code` is a stable
 * slug for the cases Qunyun acts on, since Telegram says its descriptions may change.
 */
import { GrammyError, HttpError } from 'grammy';
import { PlatformError } from '../connector.ts';

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
  if (e instanceof GrammyError) {
    const status = e.error_code;
    const known = KNOWN.find(([re]) => re.test(e.description))?.[1];
    const code = status === 429 ? 'rate_limited' : status === 401 ? 'unauthorized' : known ?? BY_STATUS[status] ?? `http_${status}`;
    const retryAfterMs = e.parameters.retry_after !== undefined ? e.parameters.retry_after * 1000 : undefined;
    const hint = status === 401 ? ' (the bot token is wrong or was revoked)' : '';
    return new PlatformError(`telegram ${method}: ${status} ${e.description}${hint}`, status, code, retryAfterMs);
  }
  if (e instanceof HttpError) {
    return new PlatformError(`telegram ${method}: network error: ${(e.error as Error)?.message ?? e.message}`, 0, 'network');
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
