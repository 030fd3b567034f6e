/**
 * The one error type of Qunyun, at the bottom of the house: domain folders, connectors and the
 * HTTP layer throw AppError with a string code; the HTTP error handler (src/server/errors.ts) maps
 * codes to statuses and answers every error with the same body.
 */
export const statuses = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  /** The CSRF double-submit token is missing or wrong (the console's contract names it 'csrf'). */
  csrf: 403,
  not_found: 404,
  conflict: 409,
  /** Existed once, no longer usable (an invite used or expired). */
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  /** Locked out (too many wrong passwords); retryAfterSeconds says until when. */
  locked: 423,
  /** The platform has no way to do this: `instead` says what the operator can do. */
  not_supported: 422,
  /** The platform refused the action; the message carries its reason. */
  platform_refused: 422,
  rate_limited: 429,
  internal: 500,
  /** The platform did not answer, or answered with an error of its own. */
  platform_unavailable: 502,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof statuses;

/** One thing wrong with a request: where, in words; optionally a code and its values (e.g. an import's row errors). */
export interface Issue { path: string; message: string; code?: string; values?: Record<string, string | number> }

export class AppError extends Error {
  readonly code: ErrorCode;
  /** For 423 and 429: seconds until a retry may succeed (also sent as Retry-After). */
  readonly retryAfterSeconds: number | undefined;
  /** For not_supported: what the operator can do instead. */
  readonly instead: string | undefined;
  /** For bad_request: which field was wrong and why, as the validation errors say it (code and values: for the console's words). */
  readonly issues: Issue[] | undefined;
  constructor(code: ErrorCode, message: string, options: { retryAfterSeconds?: number; instead?: string; issues?: Issue[] } = {}) {
    super(message);
    this.code = code;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.instead = options.instead;
    this.issues = options.issues;
  }
  get status(): number { return statuses[this.code]; }
}

