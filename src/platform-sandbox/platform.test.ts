import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { createSandboxPlatform, type SandboxPlatformOptions } from './index.ts';
import { startWebhookRecorder, type WebhookRecorder } from './webhook-recorder.ts';

const T0 = '2025-03-03T12:00:00.000Z';
const closers: Array<() => Promise<void>> = [];
after(async () => {
  for (const c of closers.reverse()) await c();
});

async function platform(options: SandboxPlatformOptions = {}) {
  const p = createSandboxPlatform({ faults: { duplicateRate: 0, reorderWindow: 1 }, ...options });
  const url = await p.listen();
  closers.push(() => p.close());
  const account = p.addAccount({ id: 'shop' });
  return { p, url, account };
}

async function post(url: string, body: unknown): Promise<{ status: number; headers: Headers; json: any }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, headers: res.headers, json: await res.json() };
}

function actions(url: string, list: Array<Record<string, unknown>>) {
  return post(`${url}/client/actions`, { actions: list.map((a, i) => ({ at: T0, key: `k${i}`, ...a })) });
}

async function recorder(respond?: Parameters<typeof startWebhookRecorder>[0]): Promise<WebhookRecorder> {
  const r = await startWebhookRecorder(respond);
  closers.push(() => r.close());
  return r;
}

describe('sandbox platform: bot API', () => {
  test('per-group rate limit answers 429 with retry_after and Retry-After, and lifts after the window', async () => {
    let now = 1_000_000;
    const { url, account } = await platform({ now: () => now });
    await actions(url, [{ type: 'create_group', key: 'g1', name: 'G1', ownerId: 'u1' }]);
    const bot = `${url}/bot/${account.token}`;
    for (let i = 0; i < 20; i++) {
      now += 100;
      assert.equal((await post(`${bot}/sendMessage`, { groupId: 'g1', text: `hi ${i}` })).status, 200);
    }
    const limited = await post(`${bot}/sendMessage`, { groupId: 'g1', text: 'one more' });
    assert.equal(limited.status, 429);
    assert.equal(limited.json.ok, false);
    assert.equal(limited.json.error_code, 429);
    assert.ok(limited.json.parameters.retry_after >= 1 && limited.json.parameters.retry_after <= 60);
    assert.equal(limited.headers.get('retry-after'), String(limited.json.parameters.retry_after));
    now += limited.json.parameters.retry_after * 1000;
    assert.equal((await post(`${bot}/sendMessage`, { groupId: 'g1', text: 'later' })).status, 200);
  });

  test('per-account rate limit: 30 sends per second across groups', async () => {
    let now = 5_000_000;
    const { url, account } = await platform({ now: () => now });
    await actions(url, ['a', 'b', 'c'].map((g) => ({ type: 'create_group', key: g, name: g, ownerId: 'o' })));
    const bot = `${url}/bot/${account.token}`;
    for (let i = 0; i < 30; i++) assert.equal((await post(`${bot}/sendMessage`, { groupId: i % 2 ? 'a' : 'b', text: 'x' })).status, 200);
    const limited = await post(`${bot}/sendMessage`, { groupId: 'c', text: 'x' });
    assert.equal(limited.status, 429);
    assert.equal(limited.json.parameters.retry_after, 1);
    now += 1000;
    assert.equal((await post(`${bot}/sendMessage`, { groupId: 'c', text: 'x' })).status, 200);
  });

  test('clientKey makes sendMessage idempotent; errors carry status and code', async () => {
    const { p, url, account } = await platform();
    await actions(url, [{ type: 'create_group', key: 'g', name: 'G', ownerId: 'o' }]);
    const bot = `${url}/bot/${account.token}`;
    const a = await post(`${bot}/sendMessage`, { groupId: 'g', text: 'promo', clientKey: 'push-1' });
    const b = await post(`${bot}/sendMessage`, { groupId: 'g', text: 'promo', clientKey: 'push-1' });
    assert.equal(a.json.result.message_id, b.json.result.message_id);
    assert.equal(p.stats().botPosts, 1);
    assert.equal((await post(`${url}/bot/wrong-token/getMe`, {})).status, 401);
    const missing = await post(`${bot}/sendMessage`, { groupId: 'nope', text: 'x' });
    assert.equal(missing.status, 404);
    assert.equal(missing.json.error, 'group_not_found');
    assert.equal((await post(`${bot}/sendMessage`, { groupId: 'g' })).status, 400);
    assert.equal((await post(`${bot}/createGroup`, { name: 'huge', capacity: 501 })).status, 400);
  });

  test('joins to a full group are refused; approving into a full group is 409', async () => {
    const { url, account } = await platform();
    const bot = `${url}/bot/${account.token}`;
    const r = await actions(url, [
      { type: 'create_group', key: 'g', name: 'Small', ownerId: 'o', capacity: 2 },
      { type: 'join', groupId: 'g', userId: 'u1' },
      { type: 'join', groupId: 'g', userId: 'u2' },
      { type: 'join', groupId: 'g', userId: 'u3' },
    ]);
    assert.deepEqual(r.json.results.map((x: { ok: boolean }) => x.ok), [true, true, true, false]);
    assert.equal(r.json.results[3].error, 'group_full');
    const link = await post(`${bot}/createInviteLink`, { groupId: 'g', requiresApproval: true, source: 'post' });
    const req = await post(`${url}/client/actions`, { actions: [{ type: 'join', key: 'j4', at: T0, groupId: 'g', userId: 'u4', inviteCode: link.json.result.code }] });
    assert.equal(req.json.results[0].pending, true);
    const approve = await post(`${bot}/approveJoinRequest`, { groupId: 'g', userId: 'u4' });
    assert.equal(approve.status, 409);
    assert.equal(approve.json.error, 'group_full');
  });

  test('muted members cannot post; a repeated client key changes nothing', async () => {
    const { p, url, account } = await platform();
    await actions(url, [{ type: 'create_group', key: 'g', name: 'G', ownerId: 'o' }, { type: 'join', groupId: 'g', userId: 'u1' }]);
    await post(`${url}/bot/${account.token}/restrictMember`, { groupId: 'g', userId: 'u1', untilMs: Date.parse(T0) + 3_600_000 });
    const r = await post(`${url}/client/actions`, { actions: [
      { type: 'message', key: 'm1', at: T0, groupId: 'g', userId: 'u1', text: 'hello' },
      { type: 'message', key: 'm2', at: '2025-03-03T14:00:00.000Z', groupId: 'g', userId: 'u1', text: 'hello again' },
      { type: 'message', key: 'm2', at: '2025-03-03T14:00:00.000Z', groupId: 'g', userId: 'u1', text: 'hello again' },
    ] });
    assert.equal(r.json.results[0].error, 'muted');
    assert.equal(r.json.results[1].ok, true);
    assert.equal(r.json.results[2].duplicate, true);
    assert.equal(p.stats().messages, 1);
  });
});

describe('sandbox platform: webhook delivery', () => {
  test('retries until the webhook answers 2xx, signing every delivery', async () => {
    const hook = await recorder((_raw, _h, n) => (n < 3 ? 500 : 200));
    const { p, url } = await platform({ delivery: { backoffMinMs: 5, backoffMaxMs: 20 } });
    p.setWebhook('shop', { url: hook.url, secret: 'top-secret-value' });
    await actions(url, [{ type: 'create_group', key: 'g', name: 'G', ownerId: 'o' }, { type: 'join', groupId: 'g', userId: 'u1' }]);
    await p.flushDeliveries(10_000);
    assert.deepEqual(hook.deliveries.map((d) => d.status).slice(0, 4), [500, 500, 500, 200]);
    for (const d of hook.deliveries) {
      const expected = `sha256=${createHmac('sha256', 'top-secret-value').update(d.raw).digest('hex')}`;
      assert.equal(d.headers['x-sandbox-signature'], expected);
    }
    const last = hook.deliveries.at(-1)!;
    assert.deepEqual(last.events.map((e) => e.event_id), ['c:g', 'c:k1']);
    assert.deepEqual(last.events.map((e) => e.kind), ['chat_created', 'member_joined']);
    assert.equal(p.stats().pending, 0);
  });

  test('injects duplicates and reordering at the seeded rates, and none without', async () => {
    async function run(faults: SandboxPlatformOptions['faults']) {
      const hook = await recorder();
      const p = createSandboxPlatform({ seed: 7, faults });
      const url = await p.listen();
      closers.push(() => p.close());
      p.addAccount({ id: 'a', webhook: { url: hook.url, secret: 's' } });
      const list: Array<Record<string, unknown>> = [{ type: 'create_group', key: 'g', name: 'G', ownerId: 'o' }, { type: 'join', key: 'j', groupId: 'g', userId: 'u' }];
      for (let i = 0; i < 2000; i++) list.push({ type: 'message', key: `m${i}`, groupId: 'g', userId: 'u', text: `t${i}` });
      await post(`${url}/client/actions`, { actions: list.map((a) => ({ at: T0, ...a })) });
      await p.flushDeliveries(10_000);
      const received = hook.deliveries.flatMap((d) => d.events);
      let outOfOrder = 0;
      for (const d of hook.deliveries) for (let i = 1; i < d.events.length; i++) if (d.events[i]!.update_id < d.events[i - 1]!.update_id) outOfOrder++;
      return { unique: new Set(received.map((e) => e.event_id)).size, total: received.length, outOfOrder, stats: p.stats() };
    }
    const faulty = await run({ duplicateRate: 0.05, reorderWindow: 20 });
    assert.equal(faulty.unique, 2002);
    const dups = faulty.total - faulty.unique;
    assert.equal(dups, faulty.stats.duplicatesSent);
    assert.ok(dups > 2002 * 0.02 && dups < 2002 * 0.09, `duplicates ${dups}`);
    assert.ok(faulty.outOfOrder > 100, `out of order ${faulty.outOfOrder}`);
    const clean = await run({ duplicateRate: 0, reorderWindow: 1 });
    assert.equal(clean.total, 2002);
    assert.equal(clean.outOfOrder, 0);
  });

  test('event ids are deterministic and every acked id reaches the ack journal', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sandbox-ack-'));
    try {
      const ids: string[][] = [];
      for (const run of [1, 2]) {
        const hook = await recorder();
        const journal = path.join(dir, `acks-${run}.log`);
        const { p, url } = await platform({ ackJournalPath: journal, faults: { duplicateRate: 0.1, reorderWindow: 5 } });
        p.setWebhook('shop', { url: hook.url, secret: 's' });
        await actions(url, [
          { type: 'create_group', key: 'grp', name: 'G', ownerId: 'o' },
          { type: 'join', groupId: 'grp', userId: 'u1', source: 'referral', inviterId: 'o' },
          { type: 'join', groupId: 'grp', userId: 'u2' },
          { type: 'message', groupId: 'grp', userId: 'u1', text: 'hi' },
          { type: 'reaction', groupId: 'grp', userId: 'u2', messageId: 'k3', emoji: '👍' },
          { type: 'profile', userId: 'u1', name: 'New Name' },
        ]);
        await p.flushDeliveries(10_000);
        const journaled = readFileSync(journal, 'utf8').trim().split('\n');
        ids.push(journaled);
      }
      assert.deepEqual(ids[0], ids[1]);
      assert.deepEqual(ids[0], ['c:grp', 'c:k1', 'c:k2', 'c:k3', 'c:k4', 'c:k5:grp']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
