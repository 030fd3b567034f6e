/**
 * Passwords are stored only as argon2id hashes (@node-rs/argon2: a prebuilt native module, no
 * compiler needed), with the library's defaults (19 MiB, 2 passes), OWASP's recommended minimum.
 * The policy every new password follows (set-up, invitations, `qunyun user create`, password
 * change): MIN_PASSWORD_LENGTH characters, not one of the bundled common passwords, not one short
 * piece repeated.
 */
import { readFileSync } from 'node:fs';
import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../errors.ts';

/**
 * 12 characters, counted as characters (a Chinese passphrase counts its characters, not bytes):
 * OWASP ASVS 4 (2.1.1) asks for at least 12. Sign-in is throttled, so length guards mostly against
 * offline guessing of a leaked hash table, where every character multiplies the work; and one
 * console password reaches every group, member and platform account of a workspace.
 */
export const MIN_PASSWORD_LENGTH = 12;

let common: Set<string> | undefined;
/** The bundled list of common passwords (src/auth/common-passwords.txt, lower case). */
function commonPasswords(): Set<string> {
  common ??= new Set(readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
    .split('\n').filter((line) => line !== '' && !line.startsWith('#')));
  return common;
}

/** Why the password is refused, or undefined when it follows the policy. */
export function passwordProblem(password: string): string | undefined {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `a password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  const folded = password.trim().toLowerCase();
  if (commonPasswords().has(folded)) return 'this password is one of the most common ones: choose another';
  // One short piece repeated ('aaaaaaaaaaaa', 'abcabcabcabc', '121212121212') is as weak as the piece.
  if (/^(.{1,4})\1+$/su.test(folded)) return 'a password cannot be one short piece repeated';
  return undefined;
}

/**
 * Throws 400 when the password does not follow the policy: set-up, invitations (new accounts),
 * `qunyun user create` and password changes all go through here. `field` names the field in the
 * error's issues (the console shows it under that field).
 */
export function checkPasswordPolicy(password: string, field = 'body.password'): void {
  const problem = passwordProblem(password);
  if (problem) throw new AppError('bad_request', problem, { issues: [{ path: field, message: problem }] });
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
