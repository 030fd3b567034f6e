/**
 * Known devices: browsers a user has signed in from before. Per-account lock-out stops password
 * guessing, but it also lets anyone who knows an email lock its owner out for ACCOUNT_LOCK_MINUTES,
 * again and again. So a successful sign-in leaves a `qy_device` cookie (HTTP-only, long-lived,
 * a random token whose SHA-256 is stored with the user), and a sign-in that carries a valid one
 * for the account tried is throttled on that device alone (src/auth/throttle.ts): the owner's
 * browser gets in with the right password while strangers' guesses keep the account locked for
 * everyone else. The device still needs the password; its own wrong passwords lock only itself.
 * Changing the password or signing out everywhere forgets the user's other devices.
 */
import type { Queryable } from '../db/database.ts';
import { hashToken, newToken } from './tokens.ts';

export const DEVICE_COOKIE = 'qy_device';
export const DEVICE_DAYS = 365;
const DEVICE_MS = DEVICE_DAYS * 86_400_000;

/** The stored hash of a device token that is known for the user of this email, if it is. */
export async function knownDeviceFor(db: Queryable, token: string | undefined, email: string): Promise<string | undefined> {
  if (!token || token.length > 200) return undefined;
  const tokenHash = hashToken(token);
  const rows = await db.query<{ tokenHash: string }>(
    `select d.token_hash as "tokenHash" from known_devices d join users u on u.id = d.user_id
     where d.token_hash = $1 and u.email = $2 and d.expires_at > now()`, [tokenHash, email]);
  return rows[0]?.tokenHash;
}

/**
 * After a successful sign-in: the device's token if it is already known for this user (its expiry
 * pushed forward), else a new one to set as the cookie.
 */
export async function rememberDevice(db: Queryable, userId: number, token: string | undefined): Promise<{ token: string; expiresAt: Date; isNew: boolean }> {
  const expiresAt = new Date(Date.now() + DEVICE_MS);
  if (token && token.length <= 200) {
    const touched = await db.query(
      `update known_devices set last_used_at = now(), expires_at = $3 where token_hash = $1 and user_id = $2 returning token_hash`,
      [hashToken(token), userId, expiresAt]);
    if (touched.length > 0) return { token, expiresAt, isNew: false };
  }
  const fresh = newToken();
  await db.query('insert into known_devices (token_hash, user_id, expires_at) values ($1, $2, $3)', [hashToken(fresh), userId, expiresAt]);
  // Expired rows of this user go as new ones come: the table stays the size of the live devices.
  await db.query('delete from known_devices where user_id = $1 and expires_at <= now()', [userId]);
  return { token: fresh, expiresAt, isNew: true };
}

/** Forgets every device of the user but the one of this token (if given). */
export async function forgetOtherDevices(db: Queryable, userId: number, keepToken: string | undefined): Promise<void> {
  await db.query('delete from known_devices where user_id = $1 and token_hash <> $2', [userId, keepToken ? hashToken(keepToken) : '']);
}
