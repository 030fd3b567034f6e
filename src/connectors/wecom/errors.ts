/**
 * WeCom errcodes mapped to Qunyun's PlatformError codes (platforms.md §2.8; wording from WeCom's
 * global error table as carried by WxJava's WxCpErrorMsgEnum). Branch on errcode, never
 * on errmsg: WeCom says its messages may change. `status` is the HTTP status an operator-facing API
 * would answer with for the same situation (WeCom itself answers HTTP 200 with an errcode).
 */
import { PlatformError } from '../connector.ts';

export type WecomErrorCode =
  | 'busy' | 'rate_limited' | 'invalid_credential' | 'token_expired' | 'permission'
  | 'ip_not_allowed' | 'owner_filter_required' | 'invalid_argument' | 'not_found' | 'conflict'
  | 'quota_exceeded' | 'network' | 'bad_response' | 'unknown';

/** The platform error with WeCom's own errcode kept for logs and support. */
export class WecomApiError extends PlatformError {
  readonly errcode: number;
  readonly api: string;
  constructor(api: string, errcode: number, errmsg: string, code: WecomErrorCode, status: number, retryAfterMs?: number) {
    super(`WeCom ${api}: errcode ${errcode} (${code}): ${errmsg}`, status, code, retryAfterMs);
    this.name = 'WecomApiError';
    this.errcode = errcode;
    this.api = api;
  }
}

/** Access-token errors: refresh the token (single-flight) and retry the call once. */
export const TOKEN_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);

/** Worth retrying with backoff: WeCom did not do the work. */
export const RETRYABLE_ERRCODES: ReadonlySet<number> = new Set([-1, 6000, 41063, 41096, 45009, 45033]);

/**
 * A per-minute limit blocks the caller for 60 s (platforms.md §2.7), so that is the wait we tell
 * callers who will reschedule the work after our own bounded retries have given up.
 */
const RATE_LIMIT_BLOCK_MS = 60_000;

const TABLE = new Map<number, [WecomErrorCode, number]>([
  [-1, ['busy', 503]], // 系统繁忙: retry, at most 3 times
  [6000, ['busy', 503]], // data version conflict: concurrent writers, retry later
  [41063, ['busy', 503]], // mass message still being dispatched
  [41096, ['busy', 503]], // welcome message being sent by another app
  [45009, ['rate_limited', 429]], // api freq out of limit
  [45033, ['rate_limited', 429]], // too many concurrent calls
  [40001, ['invalid_credential', 401]], // invalid secret
  [40013, ['invalid_credential', 401]], // invalid corpid
  [40091, ['invalid_credential', 401]], // secret of another corp
  [41001, ['invalid_credential', 401]], // access_token missing
  [41004, ['invalid_credential', 401]], // secret missing
  [40014, ['token_expired', 401]], // invalid access_token
  [42001, ['token_expired', 401]], // access_token expired
  [48002, ['permission', 403]], // API not permitted for this app
  [48006, ['permission', 403]], // permission withdrawn after long non-use
  [50002, ['permission', 403]], // member outside the app's range
  [60011, ['permission', 403]], // no privilege for that member/department/tag
  [60021, ['permission', 403]], // userid outside the app's visible range
  [60020, ['ip_not_allowed', 403]], // egress IP not among the app's trusted IPs
  [81017, ['owner_filter_required', 400]], // visible range > 1000: pass owner_filter
  [40003, ['invalid_argument', 400]], // invalid userid
  [40035, ['invalid_argument', 400]], // invalid parameter
  [40058, ['invalid_argument', 400]], // invalid parameter
  [40063, ['invalid_argument', 400]], // empty parameter
  [40096, ['invalid_argument', 400]], // invalid external userid
  [41048, ['invalid_argument', 400]], // no customer to send to
  [50100, ['invalid_argument', 400]], // invalid pagination cursor
  [40050, ['not_found', 404]], // chat id does not exist
  [49008, ['not_found', 404]], // the owner dismissed the group
  [90501, ['not_found', 404]], // not an external group chat
  [41051, ['conflict', 409]], // welcome message already sent
  [90500, ['conflict', 409]], // owner has not resigned
  [40126, ['quota_exceeded', 429]], // corp tag limit (3000)
  [41045, ['quota_exceeded', 429]], // API-created contact/join ways limit
  [41055, ['quota_exceeded', 429]], // group welcome template limit (100)
]);

export function wecomError(api: string, errcode: number, errmsg: string): WecomApiError {
  const [code, status] = TABLE.get(errcode) ?? ['unknown', 502];
  const retryAfterMs = code === 'rate_limited' ? RATE_LIMIT_BLOCK_MS : undefined;
  return new WecomApiError(api, errcode, errmsg, code, status, retryAfterMs);
}
