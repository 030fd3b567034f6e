/**
 * Secrets handed to browsers (session cookies, known-device cookies, invite links): 32 random
 * bytes, base64url. Only their SHA-256 is stored, so a copy of the database cannot be used to sign in.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a), y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The CSRF token of a session: an HMAC keyed by the session's own (secret, HTTP-only) token, so it
 * is fixed for the session, needs no storage, cannot be computed without the session cookie, and
 * a token of another session (or one an attacker planted as a cookie) does not match.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('qunyun csrf v1').digest('base64url');
}
