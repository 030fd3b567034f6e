/**
 * The demo community started twice on one database (serve --demo, stopped, started again): the
 * second start reattaches to the first community (one bot account, the same groups) and goes on
 * storing its new events; the demo's sign-in is answered by GET /api/setup only in demo mode, and
 * its request logs are at debug.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Writable } from 'node:stream';
import pino from 'pino';
import { forEachEngine } from '../../test/support/engines.ts';
import { loadConfig } from '../config.ts';
import { startSandboxCommunity } from './sandbox-community.ts';
import { DEMO_OWNER, demoBanner, demoNamespace } from './serve.ts';
import { startStack } from './stack.ts';

forEachEngine('demo community', (t) => {
  const config = loadConfig({ LOG_LEVEL: 'silent' });
  const counts = async () => {
    const db = t().db;
    const [accounts] = await db.query<{ n: number }>(`select count(*)::int as n from platform_accounts where platform = 'sandbox'`);
    const [groups] = await db.query<{ n: number; names: number }>(`select count(*)::int as n, count(distinct name)::int as names from groups`);
    const [events] = await db.query<{ n: number }>(`select count(*)::int as n from events`);
    return { accounts: accounts!.n, groups: groups!.n, names: groups!.names, events: events!.n };
  };
  const logs: string[] = [];
  const runDemo = async (demo: boolean) => {
    logs.length = 0;
    const sink = new Writable({ write(chunk, _enc, done) { logs.push(String(chunk)); done(); } });
    const stack = await startStack(config, {
      host: '127.0.0.1', port: 0, worker: false, db: t().db, logger: pino({ level: 'info' }, sink), ...(demo ? { demo: DEMO_OWNER } : {}),
    });
    try {
      const setup = await (await fetch(`${stack.url}/api/setup`)).json() as { demo?: { email: string; password: string } };
      const community = await startSandboxCommunity(stack, {
        seed: 5, groups: 4, mode: { kind: 'live', historyDays: 0.25 }, namespace: demoNamespace(5, 4), resume: true,
      });
      await community.done;
      await community.stop();
      return setup;
    } finally {
      await stack.stop();
    }
  };

  test('a second start reattaches to the community of the first instead of adding one beside it', async () => {
    const first = await runDemo(true);
    const once = await counts();
    assert.equal(once.accounts, 1);
    assert.equal(once.groups, 4);
    assert.ok(once.events > 0);
    const [last] = await t().db.query<{ at: Date }>('select max(occurred_at) as at from events');
    await runDemo(true);
    const twice = await counts();
    assert.deepEqual([twice.accounts, twice.groups, twice.names], [1, 4, once.names], 'the same bot account and groups');
    // The resumed run starts at the last stored event. How many events the seconds since then hold
    // depends on the hour (the community sleeps at night in Asia/Shanghai), so only that nothing
    // was lost or replaced is asserted here, and where it resumed.
    assert.ok(twice.events >= once.events, `the resumed run lost nothing (${once.events} → ${twice.events})`);
    const resumed = logs.map((l) => JSON.parse(l) as { msg?: string; from?: string }).find((l) => l.msg?.includes('resuming from its last event'));
    assert.equal(resumed?.from, last!.at.toISOString(), 'resumed at the last stored event');
    assert.deepEqual(first.demo, DEMO_OWNER, 'in demo mode the sign-in page is told the demo sign-in');
    assert.deepEqual(logs.filter((l) => /incoming request|request completed/.test(l)), [], 'requests are logged at debug in the demo');
    assert.ok(logs.some((l) => l.includes('reattached')), 'the log says the community was reattached');
  });

  test('GET /api/setup names no demo sign-in outside demo mode', async () => {
    const setup = await runDemo(false);
    assert.equal('demo' in setup, false);
    assert.ok(logs.some((l) => l.includes('incoming request')), 'outside the demo, requests are logged at info');
  });
});

test('the demo banner gives the address and the sign-in', () => {
  const banner = demoBanner('http://127.0.0.1:3000', 'Default workspace');
  for (const part of ['http://127.0.0.1:3000', DEMO_OWNER.email, DEMO_OWNER.password]) assert.ok(banner.includes(part), part);
});
