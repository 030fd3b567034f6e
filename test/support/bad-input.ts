/**
 * Input Postgres cannot take, for the regression tests of issue #11 item 7 (500s on bad input),
 * and the check that such a request is refused with a 400 that names each bad field.
 */
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';

/** A NUL character in the middle of otherwise fine text. */
export const NUL = 'a\u0000b';
/** An unpaired (lone) high surrogate, as JSON can carry it: "\ud800". */
export const LONE_SURROGATE = 'x\uD800y';
/** The same, percent-encoded for a URL (a NUL is %00). */
export const NUL_IN_URL = 'a%00b';

/** The request answered 400 bad_request with an issue at each of the paths (`query.q`, `body.tags.0`, …). */
export function assertRefused(res: LightMyRequestResponse, paths: string[], message?: RegExp): void {
  assert.equal(res.statusCode, 400, `expected 400, got ${res.statusCode}: ${res.body}`);
  const body = res.json() as { error: string; message: string; issues?: Array<{ path: string; message: string }> };
  assert.equal(body.error, 'bad_request');
  const got = (body.issues ?? []).map((i) => i.path);
  for (const p of paths) assert.ok(got.includes(p), `no issue at ${p}: ${res.body}`);
  if (message) assert.ok((body.issues ?? []).some((i) => message.test(i.message)), `no issue says ${message}: ${res.body}`);
}
