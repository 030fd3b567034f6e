/**
 * The one way a password is checked against an account: sign-in, accepting an invitation as an
 * existing account, and changing one's password all come here, so that each goes through the same
 * throttle and lock-out (src/auth/throttle.ts) and no route is a free password oracle. A request
 * from a device known to the account (src/auth/devices.ts) is throttled on that device instead.
 */
import type { Queryable } from '../db/database.ts';
import { knownDeviceFor } from './devices.ts';
import { decoyHash, verifyPassword } from './passwords.ts';
import { isLocked, reserveAttempt, settleAttempt, type AttemptScope, type ThrottlePolicy } from './throttle.ts';
import { findUserByEmail, normalizeEmail, type User } from './users.ts';

export interface CredentialInput {
  email: string;
  password: string;
  ip: string;
  /** The `qy_device` cookie, if the request carries one. */
  deviceToken: string | undefined;
}

export type CredentialResult =
  | { ok: true; user: User; knownDevice: boolean }
  /** `user` is the account of the email (undefined: no account); `locked`: this failure locked it. */
  | { ok: false; user: User | undefined; locked: boolean; knownDevice: boolean };

/**
 * Checks the password, or throws 429/423 (AppError) without checking it when the IP, the account
 * or the device has no attempt left. An unknown email takes as long as a wrong password.
 */
export async function checkCredentials(db: Queryable, input: CredentialInput, policy: ThrottlePolicy): Promise<CredentialResult> {
  const email = normalizeEmail(input.email);
  const deviceHash = await knownDeviceFor(db, input.deviceToken, email);
  const scope: AttemptScope = deviceHash ? { kind: 'device', deviceHash } : { kind: 'client', ip: input.ip, email };
  const attempt = await reserveAttempt(db, scope, policy);
  const found = await findUserByEmail(db, email);
  const ok = await verifyPassword(found?.passwordHash ?? (await decoyHash()), input.password);
  await settleAttempt(db, attempt, Boolean(found && ok));
  const user = found ? { id: found.id, email: found.email, name: found.name } : undefined;
  if (user && ok) return { ok: true, user, knownDevice: Boolean(deviceHash) };
  return { ok: false, user, locked: await isLocked(db, scope), knownDevice: Boolean(deviceHash) };
}
