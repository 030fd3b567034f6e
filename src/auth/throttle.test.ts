/**
 * The throttle's reservation is atomic on both engines: however many attempts arrive at once, no
 * more than the limit are granted (before the fix, a check and a later record let 19 of 31 through).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../test/support/engines.ts';
import { AppError } from '../errors.ts';
import { defaultThrottlePolicy, reserveAttempt, settleAttempt } from './throttle.ts';

forEachEngine('sign-in throttle', (ctx) => {
  test('31 concurrent reservations for one account: exactly 5 granted, the rest 423', async () => {
    const results = await Promise.allSettled(Array.from({ length: 31 }, (_, i) =>
      reserveAttempt(ctx().db, { kind: 'client', ip: `10.9.0.${i + 1}`, email: 'concurrent@example.com' }, defaultThrottlePolicy)));
    const granted = results.filter((r) => r.status === 'fulfilled');
    assert.equal(granted.length, 5);
    for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as AppError).code, 'locked');
    // Refused attempts gave their IP slot back: only the five granted ones count for their IPs.
    const ips = await ctx().db.query<{ n: number }>(`select coalesce(sum(failures), 0)::int as n from login_throttle where key like 'ip:10.9.0.%'`);
    assert.equal(ips[0]!.n, 5);
  });

  test('31 concurrent reservations from one address over many accounts: exactly the IP limit granted, the rest 429', async () => {
    const policy = { ...defaultThrottlePolicy, ipMaxFailures: 7 };
    const results = await Promise.allSettled(Array.from({ length: 31 }, (_, i) =>
      reserveAttempt(ctx().db, { kind: 'client', ip: '10.9.1.1', email: `many-${i}@example.com` }, policy)));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 7);
    for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as AppError).code, 'rate_limited');
  });

  test('a right password gives the slots back; the fifth reservation locks until it is settled right', async () => {
    const db = ctx().db;
    const scope = { kind: 'client' as const, ip: '10.9.2.1', email: 'settle@example.com' };
    for (let i = 0; i < 4; i++) await reserveAttempt(db, scope);
    const fifth = await reserveAttempt(db, scope);
    await assert.rejects(reserveAttempt(db, scope), (err: AppError) => err.code === 'locked' && err.retryAfterSeconds! > 14 * 60);
    await settleAttempt(db, fifth, true);
    const rows = await db.query<{ key: string; failures: number }>(`select key, failures from login_throttle where key in ('email:settle@example.com', 'ip:10.9.2.1')`);
    assert.deepEqual(rows, [{ key: 'ip:10.9.2.1', failures: 4 }], 'the account is clear, the IP keeps its four failures');
    await reserveAttempt(db, scope);
  });
});
