/**
 * The shared ban-list lookup (CAS-style) against a loopback fake: a listed user is banned, the
 * answer is cached for the given minutes, and any failure (an error status, a body that is not
 * JSON, a server that does not answer in time, no server at all) means allow and is not cached.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createOutbound, parseAllowList } from '../net/outbound.ts';
import { createCasLookup } from './cas.ts';

let url = '';
let calls = 0;
let mode: 'ok' | 'error' | 'garbage' | 'slow' = 'ok';
const server = createServer((req, res) => {
  calls++;
  const id = new URL(req.url ?? '/', 'http://x').searchParams.get('user_id');
  if (mode === 'slow') return void setTimeout(() => res.end('{"ok":true}'), 1500);
  if (mode === 'error') { res.statusCode = 500; return void res.end('{"ok":true}'); }
  if (mode === 'garbage') return void res.end('<html>');
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(id === '666' ? { ok: true, result: { offenses: 3 } } : { ok: false, description: 'Record not found.' }));
});
before(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/check?user_id={id}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

test('a listed user is banned, others are not; answers are cached', async () => {
  let now = 0;
  const cas = createCasLookup(createOutbound({ allow: parseAllowList('127.0.0.1') }), { now: () => now });
  mode = 'ok';
  calls = 0;
  assert.equal(await cas.isBanned(url, '666', 10), true);
  assert.equal(await cas.isBanned(url, '777', 10), false);
  assert.equal(await cas.isBanned(url, '666', 10), true);
  assert.equal(calls, 2, 'the second look-up of 666 came from the cache');
  now += 11 * 60_000;
  assert.equal(await cas.isBanned(url, '666', 10), true);
  assert.equal(calls, 3, 'asked again once the cache expired');
});

test('an error, an unreadable answer, a timeout or no server means allow, and is not cached', async () => {
  const cas = createCasLookup(createOutbound({ allow: parseAllowList('127.0.0.1') }), { timeoutMs: 300 });
  for (const m of ['error', 'garbage', 'slow'] as const) {
    mode = m;
    assert.equal(await cas.isBanned(url, '666', 10), false, m);
  }
  mode = 'ok';
  assert.equal(await cas.isBanned(url, '666', 10), true, 'not cached: asked again');
  assert.equal(await cas.isBanned('http://127.0.0.1:1/check?user_id={id}', '666', 10), false, 'no server');
  const guarded = createCasLookup(createOutbound());
  assert.equal(await guarded.isBanned(url, '666', 10), false, 'a private address the operator did not allow is refused: allow');
});
