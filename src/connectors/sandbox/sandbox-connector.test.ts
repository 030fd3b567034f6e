import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import { parseEvent } from '../../events/envelope.ts';
import { PlatformError } from '../connector.ts';
import { createSandboxPlatform, type SandboxPlatformOptions } from '../../platform-sandbox/index.ts';
import { createSandboxConnector, type SandboxConnector } from './index.ts';

const SECRET = 'connector-test-secret';
const closers: Array<() => Promise<void>> = [];
after(async () => {
  for (const c of closers.reverse()) await c();
});

const sign = (body: string) => `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
const okSink = async (events: unknown[]) => ({ events }) as never;

function connector(extra: Partial<Parameters<typeof createSandboxConnector>[0]> = {}): SandboxConnector {
  return createSandboxConnector({ baseUrl: 'http://127.0.0.1:9', token: 't', webhookSecret: SECRET, ...extra });
}

/** Serves the connector's webhook over HTTP, as Qunyun's server will. */
async function serveWebhook(c: SandboxConnector): Promise<string> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      void c.handleWebhook(Buffer.concat(chunks), req.headers).then((a) => {
        res.writeHead(a.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(a.body));
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  closers.push(() => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}

async function sandbox(options: SandboxPlatformOptions = {}) {
  const p = createSandboxPlatform({ faults: { duplicateRate: 0, reorderWindow: 1 }, ...options });
  const url = await p.listen();
  closers.push(() => p.close());
  const account = p.addAccount({ id: 'shop' });
  return { p, url, account };
}

describe('sandbox connector: webhook', () => {
  test('rejects a wrong or missing signature with 401', async () => {
    const c = connector();
    await c.start(okSink);
    const body = JSON.stringify({ deliveryId: 'd', events: [] });
    assert.equal((await c.handleWebhook(body, {})).status, 401);
    assert.equal((await c.handleWebhook(body, { 'x-sandbox-signature': 'sha256=00' })).status, 401);
    assert.equal((await c.handleWebhook(body, { 'x-sandbox-signature': sign(body + ' ') })).status, 401);
    assert.equal((await c.handleWebhook(body, { 'x-sandbox-signature': sign(body) })).status, 200);
  });

  test('rejects a body that is not JSON or has no events array with 400 and a reason', async () => {
    const c = connector();
    await c.start(okSink);
    const notJson = '{"events": [';
    const a = await c.handleWebhook(notJson, { 'x-sandbox-signature': sign(notJson) });
    assert.equal(a.status, 400);
    assert.match((a.body as { error: string }).error, /not valid JSON/);
    const noEvents = JSON.stringify({ deliveryId: 'd', events: 'nope' });
    const b = await c.handleWebhook(noEvents, { 'x-sandbox-signature': sign(noEvents) });
    assert.equal(b.status, 400);
    assert.match((b.body as { error: string }).error, /events/);
  });

  test('answers 200 only after the sink resolves, 503 when it rejects or before start', async () => {
    const c = connector();
    const body = JSON.stringify({ deliveryId: 'd', events: [{ kind: 'unknown_kind' }] });
    const headers = { 'x-sandbox-signature': sign(body) };
    assert.equal((await c.handleWebhook(body, headers)).status, 503);
    let stored = false;
    await c.start(async () => {
      await new Promise((r) => setImmediate(r));
      stored = true;
      return {} as never;
    });
    const ok = await c.handleWebhook(body, headers);
    assert.equal(ok.status, 200);
    assert.equal(stored, true);
    await c.start(async () => { throw new Error('disk full'); });
    const failed = await c.handleWebhook(body, headers);
    assert.equal(failed.status, 503);
    assert.match((failed.body as { error: string }).error, /disk full/);
  });

  test('translates every native kind into a valid envelope and passes untranslatable ones through', async () => {
    const { p, url, account } = await sandbox();
    const received: unknown[] = [];
    const c = createSandboxConnector({ baseUrl: url, token: account.token, webhookSecret: SECRET });
    await c.start(async (events) => { received.push(...events); return {} as never; });
    p.setWebhook('shop', { url: await serveWebhook(c), secret: SECRET });
    const at = (m: number) => new Date(Date.UTC(2025, 2, 3, 12, m)).toISOString();
    await fetch(`${url}/client/actions`, { method: 'POST', body: JSON.stringify({ actions: [
      { type: 'create_group', key: 'g', at: at(0), name: 'Coffee Club', ownerId: 'owner', capacity: 200 },
      { type: 'join', key: 'j1', at: at(1), groupId: 'g', userId: 'owner', source: 'qr_code', staffId: 'staff-1' },
      { type: 'join', key: 'j2', at: at(2), groupId: 'g', userId: 'amy', name: 'Amy', source: 'referral', inviterId: 'owner' },
      { type: 'message', key: 'm1', at: at(3), groupId: 'g', userId: 'amy', text: 'hello' },
      { type: 'message', key: 'm2', at: at(4), groupId: 'g', userId: 'owner', text: '@Amy welcome', replyTo: 'm1', mentions: ['amy'] },
      { type: 'message', key: 'm3', at: at(5), groupId: 'g', userId: 'amy', contentType: 'photo' },
      { type: 'edit', key: 'e1', at: at(6), groupId: 'g', userId: 'amy', messageId: 'm1', text: 'hello!' },
      { type: 'reaction', key: 'r1', at: at(7), groupId: 'g', userId: 'owner', messageId: 'm1', emoji: '👍' },
      { type: 'delete', key: 'd1', at: at(8), groupId: 'g', userId: 'amy', messageId: 'm3' },
      { type: 'profile', key: 'p1', at: at(9), userId: 'amy', name: 'Amy-Shanghai-Design' },
      { type: 'rename', key: 'n1', at: at(10), groupId: 'g', userId: 'owner', name: 'Coffee Club 2' },
      { type: 'leave', key: 'l1', at: at(11), groupId: 'g', userId: 'amy' },
    ] }) });
    const link = await c.createInviteLink('g', { source: 'post', name: 'spring poster', requiresApproval: true });
    await fetch(`${url}/client/actions`, { method: 'POST', body: JSON.stringify({ actions: [
      { type: 'join', key: 'j3', at: at(12), groupId: 'g', userId: 'bob', inviteCode: link.code },
      { type: 'dismiss', key: 'x1', at: at(13), groupId: 'g', userId: 'owner' },
    ] }) });
    await p.flushDeliveries(10_000);
    const parsed = received.map((e) => parseEvent(e));
    const valid = parsed.flatMap((r) => (r.ok ? [r.event] : []));
    assert.deepEqual([...new Set(valid.map((e) => e.type))].sort(), [
      'delete', 'edit', 'group_created', 'group_dismissed', 'group_renamed', 'join', 'join_request', 'leave', 'member_profile', 'message', 'reaction',
    ]);
    assert.equal(parsed.filter((r) => !r.ok).length, 0, 'every native kind has an envelope type');
    const request = valid.find((e) => e.type === 'join_request');
    assert.deepEqual(request?.type === 'join_request' && [request.userId, request.via?.source, request.via?.inviteCode], ['bob', 'post', link.code]);
    const referral = valid.find((e) => e.type === 'join' && e.userId === 'amy');
    assert.deepEqual(referral?.type === 'join' && referral.via, { source: 'referral', inviterId: 'owner' });
    const reply = valid.find((e) => e.type === 'message' && e.messageId === 'm2');
    assert.ok(reply?.type === 'message');
    assert.equal(reply.replyTo, 'm1');
    assert.deepEqual(reply.mentions, ['amy']);
    assert.equal(reply.occurredAt, at(4));
    const photo = valid.find((e) => e.type === 'message' && e.messageId === 'm3');
    assert.equal(photo?.type === 'message' && photo.kind, 'image');
    assert.ok(valid.every((e) => e.eventId.startsWith('c:')));
  });
});

describe('sandbox connector: actions', () => {
  test('waits out a 429 for retry_after and retries', async () => {
    let now = 10_000_000;
    const { url, account } = await sandbox({ now: () => now });
    const waits: number[] = [];
    const c = createSandboxConnector({
      baseUrl: url, token: account.token, webhookSecret: SECRET,
      sleep: async (ms) => { waits.push(ms); now += ms; },
    });
    const { groupId } = await c.createGroup({ name: 'Promo group', capacity: 150 });
    for (let i = 0; i < 21; i++) await c.sendToGroup(groupId, { text: `push ${i}` });
    assert.equal(waits.length, 1);
    assert.ok(waits[0]! >= 1000 && waits[0]! <= 60_000);
  });

  test('sendPhoto posts a PNG once per client key; the platform keeps it and serves it', async () => {
    const { url, account } = await sandbox({ now: () => 43_000_000 });
    const c = createSandboxConnector({ baseUrl: url, token: account.token, webhookSecret: SECRET, sleep: async () => {} });
    const { groupId } = await c.createGroup({ name: 'Card group', capacity: 50 });
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 7)]);
    const first = await c.sendPhoto!(groupId, { png, caption: '日签', clientKey: 'card-1' });
    const again = await c.sendPhoto!(groupId, { png, caption: '日签', clientKey: 'card-1' });
    assert.equal(again.messageId, first.messageId, 'the same key posts once');
    const res = await fetch(`${url}/photos/${encodeURIComponent(first.messageId)}`);
    assert.equal(res.headers.get('content-type'), 'image/png');
    assert.ok(Buffer.from(await res.arrayBuffer()).equals(png));
    await assert.rejects(c.sendPhoto!(groupId, { png: Buffer.from('not a png'), clientKey: 'card-2' }), (e: unknown) => e instanceof PlatformError && e.status === 400);
  });

  test('gives up after maxAttempts with a PlatformError carrying retryAfterMs; other errors too', async () => {
    const { url, account } = await sandbox({ now: () => 42_000_000 });
    const c = createSandboxConnector({ baseUrl: url, token: account.token, webhookSecret: SECRET, maxAttempts: 3, sleep: async () => {} });
    const { groupId } = await c.createGroup({ name: 'G' });
    for (let i = 0; i < 20; i++) await c.sendToGroup(groupId, { text: 'x' });
    await assert.rejects(c.sendToGroup(groupId, { text: 'x' }), (e: unknown) => {
      assert.ok(e instanceof PlatformError);
      assert.equal(e.status, 429);
      assert.ok((e.retryAfterMs ?? 0) >= 1000);
      return true;
    });
    await assert.rejects(c.kick(groupId, 'nobody'), (e: unknown) => e instanceof PlatformError && e.status === 404 && e.code === 'not_member');
    assert.deepEqual(Object.values(c.capabilities).map((x) => x.supported), Array(16).fill(true), 'the sandbox supports every connector action');
  });
});
