/**
 * Why a platform account is in `error`, and when the connector runtime tries it again. A fault is
 * what an operator must be told: a code the console translates (zh-CN, en) with its parameters,
 * and an English message for the API, the stored last_error and the log. Accounts in error are
 * retried with capped exponential backoff, so that an account whose platform was down, or whose
 * setup was fixed (a trusted IP added, the clock set right), comes back without anyone pressing
 * a button — and the account list says when the next try is.
 */
import { AccountConfigError } from './account-config.ts';

/** A reason an account cannot work; `code` names it for the console, `message` says it in English. */
export interface AccountFault {
  code: string;
  message: string;
  params?: Record<string, string | number>;
}

/** What a running connector tells the runtime about its account's health. */
export interface AccountHealth {
  /** The account cannot work (a setup fault found while running): it shows in error and is retried. */
  fault(fault: AccountFault): void;
  /**
   * The account worked again: its fault is cleared if it is one of `codes` (what this success
   * proves fixed, e.g. an API call answered clears "IP not allowed" but not "clock skew"), or any.
   */
  ok(codes?: readonly string[]): void;
}

export interface RetryPolicy {
  /** First wait after a failure (default 30 s); doubles per failed try. */
  baseMs: number;
  /** Longest wait between tries (default 30 min). */
  maxMs: number;
  /** 0..1 jitter source (default Math.random); tests pass () => 1 for exact delays. */
  random?: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 30_000, maxMs: 30 * 60_000 };

/** The wait before try number `attempt` (1 = the first retry): base·2^(attempt-1), capped, with jitter in [50 %, 100 %]. */
export function retryDelayMs(attempt: number, policy: RetryPolicy): number {
  const raw = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (0.5 + (policy.random ?? Math.random)() / 2));
}

/** A stored config that does not validate cannot heal by waiting: it is not retried until it is edited. */
export const CONFIG_INVALID = 'config_invalid';

/** A start failure or a thrown error as a fault: the error's own code when it has one. */
export function faultOf(err: unknown, scrub: (s: string) => string = (s) => s): AccountFault {
  const e = err as { fault?: AccountFault; message?: string; name?: string };
  if (e?.fault && typeof e.fault.code === 'string') return { ...e.fault, message: scrub(e.fault.message) };
  if (err instanceof AccountConfigError) return { code: CONFIG_INVALID, message: scrub(err.message) };
  return { code: 'start_failed', message: scrub(String(e?.message ?? err)) };
}

/** An error that carries an operator-facing fault (thrown by a connector's start or check). */
export class AccountFaultError extends Error {
  readonly fault: AccountFault;
  constructor(fault: AccountFault) {
    super(fault.message);
    this.name = 'AccountFaultError';
    this.fault = fault;
  }
}
