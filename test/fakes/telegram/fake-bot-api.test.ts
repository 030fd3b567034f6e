import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import { startFakeBotApi, type FakeBotApiOptions } from './fake-bot-api.ts';

const closers: Array<() => Promise<void>> = [];
after(async () => {
  for (const c of closers.reverse()) await c();
});

async function fake(options: FakeBotApiOptions = {}) {
  const api = await startFakeBotApi(options);
  closers.push(() => api.close());
  const owner = api.world.addUser({ firstName: 'Ada' });
  const call = async (method: string, params: Record<string, unknown> = {}, form = false, token = api.token) => {
    const res = await fetch(`${api.url}/bot${token}/${method}`, form
      ? { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)])).toString() }
      : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) });
    return { status: res.status, body: await res.json() as { ok: boolean; result?: any; error_code?: number; description?: string; parameters?: { retry_after?: number } } };
  };
  return { api, owner, call };
}

describe('fake Bot API: protocol', () => {
  test('answers {ok,result}; 401 for a wrong token; 404 for an unknown method; form bodies work', async () => {
    const { api, call } = await fake();
    const me = await call('getMe');
    assert.equal(me.status, 200);
    assert.equal(me.body.ok, true);
    assert.equal(me.body.result.id, Number(api.token.split(':')[0]));
    assert.equal(me.body.result.is_bot, true);
    assert.deepEqual((await call('getMe', {}, false, '1:nope')), { status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } });
    assert.equal((await call('sendRocket')).status, 404);
    const form = await call('getChat', { chat_id: -5 }, true);
    assert.deepEqual(form, { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: chat not found' } });
  });

  test('rights and membership: 400 not enough rights, 403 when the bot was kicked', async () => {
    const { api, owner, call } = await fake();
    const bob = api.world.addUser({ firstName: 'Bob' });
    const weak = api.world.createGroup({ title: 'w', ownerId: owner.id, memberIds: [bob.id], bot: 'member' });
    const r = await call('banChatMember', { chat_id: weak, user_id: bob.id });
    assert.equal(r.status, 400);
    assert.match(r.body.description!, /^Bad Request: not enough rights/);
    api.world.setBotStatus(weak, owner.id, 'kicked');
    const k = await call('sendMessage', { chat_id: weak, text: 'hi' }, true);
    assert.equal(k.status, 403);
    assert.equal(k.body.description, 'Forbidden: bot was kicked from the supergroup chat');
    const basic = api.world.createGroup({ title: 'b', ownerId: owner.id, type: 'group', memberIds: [bob.id] });
    assert.match((await call('restrictChatMember', { chat_id: basic, user_id: bob.id, permissions: {} })).body.description!, /only for supergroups/);
    const link = await call('createChatInviteLink', { chat_id: basic, creates_join_request: true, member_limit: 5 });
    assert.equal(link.status, 400, 'member_limit with creates_join_request');
  });

  test('flood control: 20 messages a minute per group, then 429 with retry_after', async () => {
    let now = 1_800_000_000_000;
    const { api, owner, call } = await fake({ now: () => now });
    const chat = api.world.createGroup({ title: 'g', ownerId: owner.id });
    for (let i = 0; i < 20; i++) {
      now += 100;
      assert.equal((await call('sendMessage', { chat_id: chat, text: `m${i}` })).status, 200);
    }
    const r = await call('sendMessage', { chat_id: chat, text: 'one too many' });
    assert.equal(r.status, 429);
    assert.equal(r.body.error_code, 429);
    // The first message leaves the window 60 s after it was sent: 58.1 s from now, rounded up.
    assert.equal(r.body.parameters?.retry_after, 59);
    now += 59_000;
    assert.equal((await call('sendMessage', { chat_id: chat, text: 'now fine' })).status, 200);
  });

  test('flood control: about 30 messages a second per bot across groups', async () => {
    const now = 1_800_000_000_000;
    const { api, owner, call } = await fake({ now: () => now });
    const groups = Array.from({ length: 31 }, () => api.world.createGroup({ title: 'g', ownerId: owner.id }));
    const statuses = [];
    for (const g of groups) statuses.push((await call('sendMessage', { chat_id: g, text: 'x' })).status);
    assert.deepEqual(statuses, [...Array(30).fill(200), 429]);
    assert.equal(api.stats.rejected429, 1);
  });
});

describe('fake Bot API: updates', () => {
  test('getUpdates: default allowed_updates leave out chat_member; offset confirms; long poll wakes on an update', async () => {
    const { api, owner, call } = await fake();
    const chat = api.world.createGroup({ title: 'g', ownerId: owner.id });
    const bob = api.world.addUser({ firstName: 'Bob' });
    api.world.addMember(chat, bob.id);
    const first = await call('getUpdates');
    const kinds = first.body.result.map((u: object) => Object.keys(u).find((k) => k !== 'update_id'));
    assert.deepEqual(kinds, ['my_chat_member', 'message', 'message'], 'no chat_member by default');
    const last = first.body.result.at(-1).update_id;
    api.world.postMessage(chat, bob.id, 'hello');
    const again = await call('getUpdates', { offset: last + 1, allowed_updates: ['message', 'chat_member'] });
    assert.deepEqual(again.body.result.map((u: { message?: { text?: string } }) => u.message?.text), ['hello']);
    const waiting = call('getUpdates', { offset: again.body.result[0].update_id + 1, timeout: 20 });
    setTimeout(() => api.world.leave(chat, bob.id), 20);
    const woke = await waiting;
    assert.ok(woke.body.result[0].chat_member, 'chat_member now allowed');
    assert.equal(woke.body.result[0].chat_member.new_chat_member.status, 'left');
  });

  test('webhook: secret header, retried until 2xx, getUpdates refused while set', async () => {
    const { api, owner, call } = await fake({ webhook: { retryDelayMs: 1 } });
    const seen: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
    let refuse = 2;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (d: Buffer) => chunks.push(d));
      req.on('end', () => {
        seen.push({ headers: req.headers, body: Buffer.concat(chunks).toString() });
        res.writeHead(refuse-- > 0 ? 500 : 200).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    closers.push(() => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    assert.equal((await call('setWebhook', { url, secret_token: 'bad token!' })).status, 400);
    assert.equal((await call('setWebhook', { url, secret_token: 's3cret_-' })).body.result, true);
    assert.equal((await call('getUpdates')).status, 409);
    api.world.createGroup({ title: 'g', ownerId: owner.id });
    for (let i = 0; i < 200 && seen.length < 4; i++) await new Promise((r) => setTimeout(r, 5));
    assert.ok(seen.length >= 3);
    assert.ok(seen.every((s) => s.headers['x-telegram-bot-api-secret-token'] === 's3cret_-'));
    assert.equal(JSON.parse(seen[0]!.body).update_id, JSON.parse(seen[2]!.body).update_id, 'the refused update came again');
    const info = await call('getWebhookInfo');
    assert.equal(info.body.result.url, url);
    assert.match(info.body.result.last_error_message, /500/);
  });
});
