/**
 * Passwords are stored only as argon2id hashes (@node-rs/argon2: a prebuilt native module, no
 * compiler needed), with the library's defaults (19 MiB, 2 passes), OWASP's recommended minimum.
 */
import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../errors.ts';

export const MIN_PASSWORD_LENGTH = 8;

export function checkPasswordPolicy(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new AppError('bad_request', `a password needs at least ${MIN_PASSWORD_LENGTH} characters`);
}

export async function hashPassword(password: string): Promise<string> {
  // Algorithm 2 is argon2id; named by number because the library's const enum cannot be imported
  // under type stripping.
  return hash(password, { algorithm: 2 });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * A hash to verify against when the email is unknown, so that an unknown email takes as long as a
 * wrong password and sign-in timing does not reveal which emails have accounts.
 */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword('qunyun-decoy-password');
  return decoy;
}
