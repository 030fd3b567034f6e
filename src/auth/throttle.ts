/**
 * Sign-in throttling, stored in the database so that it holds across restarts and processes:
 * - per account (the email tried): ACCOUNT_MAX_FAILURES wrong passwords in a row lock it for
 *   ACCOUNT_LOCK_MINUTES (423 with retryAfterSeconds), even for the right password, and a success
 *   resets the count. The lock applies to unknown emails too, so a lock does not reveal whether
 *   an account exists.
 * - per client IP: IP_MAX_FAILURES failures within IP_WINDOW_MINUTES answer 429 with Retry-After
 *   until the window ends (a flood over many accounts).
 * - per known device (src/auth/devices.ts): a browser that signed in to the account before is
 *   throttled on its own key instead of the two above, with the account's limits, so that a
 *   stranger's guesses, which lock the account, do not lock its owner out.
 *
 * Counting is atomic: an attempt is RESERVED before its password is checked, by one
 * `insert … on conflict do update … where <under the limit> returning` per key, which increments
 * the count only while it is under the limit. Concurrent attempts queue on the row, so at most
 * the limit's worth of passwords are ever checked, however many arrive at once; the rest are
 * refused unchecked. A wrong password keeps its slot (it is the failure); a right one gives it
 * back (resets the account or device, returns the IP's slot).
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
const deviceKey = (deviceHash: string) => `device:${deviceHash}`;

const secondsUntil = (t: Date) => Math.max(1, Math.ceil((t.getTime() - Date.now()) / 1000));

/** Who is trying: a client (IP and email), or a device known to the account (src/auth/devices.ts). */
export type AttemptScope = { kind: 'client'; ip: string; email: string } | { kind: 'device'; deviceHash: string };

/** A reserved attempt, to be settled once the password is checked. */
export interface Attempt { scope: AttemptScope; policy: ThrottlePolicy }

/**
 * Reserves a slot of a consecutive-failure key (account or device): granted while the key is not
 * locked; the reservation that reaches the limit locks it at once (a right password then unlocks
 * it, a wrong one leaves it locked). A lock that ran out starts the count again.
 */
async function reserveLockable(db: Queryable, key: string, policy: ThrottlePolicy): Promise<boolean> {
  const rows = await db.query<{ failures: number }>(
    `insert into login_throttle as t (key, failures, window_start, locked_until)
     values ($1, 1, now(), case when 1 >= $2 then now() + make_interval(mins => $3) end)
     on conflict (key) do update set
       failures = case when t.locked_until <= now() then 1 else t.failures + 1 end,
       window_start = case when t.locked_until <= now() then now() else t.window_start end,
       locked_until = case when (case when t.locked_until <= now() then 1 else t.failures + 1 end) >= $2
                           then now() + make_interval(mins => $3) end
     where t.locked_until is null or t.locked_until <= now()
     returning failures`, [key, policy.accountMaxFailures, policy.accountLockMinutes]);
  return rows.length > 0;
}

/** Reserves a slot of an IP's window: granted while the window holds fewer than the limit. */
async function reserveWindow(db: Queryable, key: string, policy: ThrottlePolicy): Promise<boolean> {
  const rows = await db.query<{ failures: number }>(
    `insert into login_throttle as t (key, failures, window_start) values ($1, 1, now())
     on conflict (key) do update set
       failures = case when t.window_start <= now() - make_interval(mins => $2) then 1 else t.failures + 1 end,
       window_start = case when t.window_start <= now() - make_interval(mins => $2) then now() else t.window_start end,
       locked_until = null
     where t.window_start <= now() - make_interval(mins => $2) or t.failures < $3
     returning failures`, [key, policy.ipWindowMinutes, policy.ipMaxFailures]);
  return rows.length > 0;
}

async function lockedError(db: Queryable, key: string, policy: ThrottlePolicy): Promise<AppError> {
  const row = (await db.query<{ lockedUntil: Date | null }>('select locked_until as "lockedUntil" from login_throttle where key = $1', [key]))[0];
  const until = row?.lockedUntil ?? new Date(Date.now() + policy.accountLockMinutes * 60_000);
  return new AppError('locked', 'too many wrong passwords: this account is locked for a while', { retryAfterSeconds: secondsUntil(until) });
}

async function rateLimitedError(db: Queryable, key: string, policy: ThrottlePolicy): Promise<AppError> {
  const row = (await db.query<{ windowStart: Date }>('select window_start as "windowStart" from login_throttle where key = $1', [key]))[0];
  const until = new Date((row?.windowStart.getTime() ?? Date.now()) + policy.ipWindowMinutes * 60_000);
  return new AppError('rate_limited', 'too many sign-in attempts from this address; try again later', { retryAfterSeconds: secondsUntil(until) });
}

async function giveBackIpSlot(db: Queryable, ip: string): Promise<void> {
  await db.query('update login_throttle set failures = greatest(failures - 1, 0) where key = $1', [ipKey(ip)]);
}

/**
 * Reserves one password check, or throws 429 (this IP) or 423 (this account or device) without
 * counting anything. Settle the attempt with `settleAttempt` once the password is checked.
 */
export async function reserveAttempt(db: Queryable, scope: AttemptScope, policy: ThrottlePolicy = defaultThrottlePolicy): Promise<Attempt> {
  if (scope.kind === 'device') {
    if (!(await reserveLockable(db, deviceKey(scope.deviceHash), policy))) throw await lockedError(db, deviceKey(scope.deviceHash), policy);
    return { scope, policy };
  }
  if (!(await reserveWindow(db, ipKey(scope.ip), policy))) throw await rateLimitedError(db, ipKey(scope.ip), policy);
  if (!(await reserveLockable(db, accountKey(scope.email), policy))) {
    // Nothing is checked: the IP's slot goes back.
    await giveBackIpSlot(db, scope.ip);
    throw await lockedError(db, accountKey(scope.email), policy);
  }
  return { scope, policy };
}

/**
 * Settles a reserved attempt. A wrong password keeps its slots (it is the failure). A right one
 * clears the account (a client) or the device (a known device: the account's count is left to
 * run out, so that a stranger's lock is not lifted by the owner signing in) and gives the IP's
 * slot back (not the whole IP count: a flood may include a hit).
 */
export async function settleAttempt(db: Queryable, attempt: Attempt, ok: boolean): Promise<void> {
  if (!ok) return;
  const { scope } = attempt;
  if (scope.kind === 'device') {
    await db.query('delete from login_throttle where key = $1', [deviceKey(scope.deviceHash)]);
    return;
  }
  await db.query('delete from login_throttle where key = $1', [accountKey(scope.email)]);
  await giveBackIpSlot(db, scope.ip);
}

/** Whether the key of this scope is locked now (after a failure: did this failure lock it?). */
export async function isLocked(db: Queryable, scope: AttemptScope): Promise<boolean> {
  const key = scope.kind === 'device' ? deviceKey(scope.deviceHash) : accountKey(scope.email);
  const rows = await db.query<{ locked: boolean }>('select locked_until > now() as locked from login_throttle where key = $1', [key]);
  return rows[0]?.locked === true;
}
