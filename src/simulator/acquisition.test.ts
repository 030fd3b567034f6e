import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { createSandboxPlatform } from '../platform-sandbox/index.ts';
import { startWebhookRecorder } from '../platform-sandbox/webhook-recorder.ts';
import { resolveParams } from './params.ts';
import { CodeArrivals } from './acquisition.ts';
import { Driver } from './run.ts';

const closers: Array<() => Promise<void>> = [];
after(async () => { for (const c of closers.reverse()) await c(); });

test('newcomers scan a live code from its sources, join the group Qunyun picks through its link, and are counted when the pool is full', async () => {
  const p = createSandboxPlatform({ limits: { botPerAccountPerSecond: 1_000_000, botPerGroupPerMinute: 1000 } });
  const url = await p.listen();
  closers.push(() => p.close());
  const account = p.addAccount({ id: 'shop' });
  const hook = await startWebhookRecorder();
  closers.push(() => hook.close());
  p.setWebhook('shop', { url: hook.url, secret: 's' });
  const call = async (method: string, body: unknown) =>
    ((await (await fetch(`${url}/bot/${account.token}/${method}`, { method: 'POST', body: JSON.stringify(body) })).json()) as { result: any }).result;

  // Stand-in for Qunyun's route of one code over two groups: 30 seats in all, then "full".
  const start = new Date('2025-03-03T00:00:00+08:00');
  const driver = new Driver({ clientUrl: url, account: 'shop', seed: 9, groups: 2, days: 2, start, liveCode: { routeUrl: 'pending' } });
  await driver.interval(start.getTime(), start.getTime() + 3_600_000);
  const groups = (await call('getGroups', {})) as Array<{ id: string }>;
  assert.ok(groups.length >= 1);
  const links: string[] = [];
  for (const g of groups.slice(0, 2)) links.push((await call('createInviteLink', { groupId: g.id, source: 'shop', name: 'code 1' })).url);
  const asked: string[] = [];
  let seats = 30;
  const qunyun = createServer((req, res) => {
    asked.push(req.url ?? '');
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(seats-- > 0 ? { kind: 'group', url: links[seats % links.length] } : { kind: 'full', url: null }));
  });
  await new Promise<void>((r) => qunyun.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => qunyun.close(() => r())));
  const route = `http://127.0.0.1:${(qunyun.address() as AddressInfo).port}/api/public/codes/abc/route`;
  const codes = new CodeArrivals(resolveParams({ codeArrivalsPerHour: 4 }), { routeUrl: route }, 9, 's9');
  Object.assign(driver, { codes });
  await driver.readFeed();
  for (let h = 1; h < 48; h++) await driver.interval(start.getTime() + h * 3_600_000, start.getTime() + (h + 1) * 3_600_000);
  await p.flushDeliveries(20_000);

  const c = codes.counts;
  assert.ok(c.asked > 30, `newcomers scanned the code (${c.asked})`);
  assert.equal(c.routed, 30, 'every seat Qunyun gave was used');
  assert.equal(c.full, c.asked - 30);
  assert.equal(c.unknownLink + c.failed, 0);
  const sources = new Set(asked.map((u) => new URL(u, 'http://x').searchParams.get('s')));
  assert.ok(sources.size >= 3, `several sources: ${[...sources].join(', ')}`);
  const joins = hook.deliveries.flatMap((d) => d.events).filter((e) => e.kind === 'member_joined' && (e.member?.id ?? e.from?.id ?? '').includes('.code.'));
  // The platform delivers some events twice (its faults): counted once by event id, as ingest does.
  assert.equal(new Set(joins.map((e) => e.event_id)).size, 30, 'each routed newcomer joined once');
  assert.ok(joins.every((e) => e.join?.invite_link?.code), 'through the code\'s link');
});
