/**
 * Sign-in throttling, stored in the database so that it holds across restarts and processes:
 * - per account (the email tried): ACCOUNT_MAX_FAILURES wrong passwords in a row lock it for
 *   ACCOUNT_LOCK_MINUTES (423 with retryAfterSeconds), even for the right password, and a success
 *   resets the count. The lock applies to unknown emails too, so a lock does not reveal whether
 *   an account exists.
 * - per client IP: IP_MAX_FAILURES failures within IP_WINDOW_MINUTES answer 429 with Retry-After
 *   until the window ends (a flood over many accounts).
 */
import type { Queryable } from '../db/database.ts';
import { AppError } from '../errors.ts';

export interface ThrottlePolicy {
  accountMaxFailures: number;
  accountLockMinutes: number;
  ipMaxFailures: number;
  ipWindowMinutes: number;
}

export const defaultThrottlePolicy: ThrottlePolicy = { accountMaxFailures: 5, accountLockMinutes: 15, ipMaxFailures: 30, ipWindowMinutes: 10 };

const ipKey = (ip: string) => `ip:${ip}`;
const accountKey = (email: string) => `email:${email}`;

interface Row { key: string; failures: number; windowStart: Date; lockedUntil: Date | null }

const secondsUntil = (t: Date) => Math.max(1, Math.ceil((t.getTime() - Date.now()) / 1000));

/** Throws 429 or 423 when this IP or this account may not try now. */
export async function assertMayTry(db: Queryable, ip: string, email: string): Promise<void> {
  const rows = await db.query<Row>(
    `select key, failures, window_start as "windowStart", locked_until as "lockedUntil" from login_throttle
     where key = any($1::text[])`, [[ipKey(ip), accountKey(email)]]);
  const now = Date.now();
  for (const row of rows) {
    if (row.lockedUntil && row.lockedUntil.getTime() > now) {
      const retryAfterSeconds = secondsUntil(row.lockedUntil);
      if (row.key.startsWith('ip:')) throw new AppError('rate_limited', 'too many sign-in attempts from this address; try again later', { retryAfterSeconds });
      throw new AppError('locked', 'too many wrong passwords: this account is locked for a while', { retryAfterSeconds });
    }
  }
}

/**
 * Counts a failure for the IP and the account; locks whichever reached its limit. One statement
 * per key, so that concurrent failures all count.
 */
export async function recordFailure(db: Queryable, ip: string, email: string, policy: ThrottlePolicy = defaultThrottlePolicy): Promise<void> {
  // The account: consecutive failures (reset by a success), locked at the limit; the count starts
  // again after a lock has run out.
  await db.query(
    `insert into login_throttle as t (key, failures, window_start) values ($1, 1, now())
     on conflict (key) do update set
       failures = case when t.locked_until is not null and t.locked_until <= now() then 1 else t.failures + 1 end,
       window_start = case when t.locked_until is not null and t.locked_until <= now() then now() else t.window_start end,
       locked_until = case when t.locked_until is not null and t.locked_until <= now() then null else t.locked_until end`,
    [accountKey(email)]);
  await db.query(
    `update login_throttle set locked_until = now() + make_interval(mins => $2)
     where key = $1 and failures >= $3 and locked_until is null`, [accountKey(email), policy.accountLockMinutes, policy.accountMaxFailures]);
  // The IP: failures within a fixed window; over the limit it is blocked until the window ends.
  await db.query(
    `insert into login_throttle as t (key, failures, window_start) values ($1, 1, now())
     on conflict (key) do update set
       failures = case when t.window_start <= now() - make_interval(mins => $2) then 1 else t.failures + 1 end,
       window_start = case when t.window_start <= now() - make_interval(mins => $2) then now() else t.window_start end,
       locked_until = null`,
    [ipKey(ip), policy.ipWindowMinutes]);
  await db.query(
    `update login_throttle set locked_until = window_start + make_interval(mins => $2)
     where key = $1 and failures >= $3`, [ipKey(ip), policy.ipWindowMinutes, policy.ipMaxFailures]);
}

/** A successful sign-in clears the account's failures (not the IP's: a flood may include a hit). */
export async function recordSuccess(db: Queryable, email: string): Promise<void> {
  await db.query('delete from login_throttle where key = $1', [accountKey(email)]);
}
