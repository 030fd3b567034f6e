import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { parseEvent, type PlatformEvent } from '../../events/envelope.ts';
import { ActionNotSupported, PlatformError, type EventSink } from '../connector.ts';
import { SECRET, telegramKit } from '../../../test/fakes/telegram/test-kit.ts';
import { createTelegramConnector, type TelegramConnector } from './telegram-connector.ts';

const { fake, connector, closers } = telegramKit();

/** A sink that validates each event against the envelope and records it. */
function recordingSink() {
  const events: PlatformEvent[] = [];
  const batches: number[] = [];
  let failNext = 0;
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const sink: EventSink = async (raw) => {
    if (failNext > 0) {
      failNext--;
      throw new Error('database unavailable');
    }
    for (const r of raw) {
      const p = parseEvent(r);
      assert.ok(p.ok, p.ok ? '' : p.reason);
      events.push(p.event);
    }
    batches.push(raw.length);
    for (const w of [...waiters]) if (events.length >= w.n) { waiters.splice(waiters.indexOf(w), 1); w.resolve(); }
    return { stored: raw.length, duplicates: 0, rejected: [] };
  };
  return {
    sink, events, batches,
    failTimes(n: number) { failNext = n; },
    /** Resolves when at least n events were stored. */
    until(n: number) {
      return events.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve }));
    },
  };
}

/** Serves a connector's webhook over HTTP, as Qunyun's server will; the connector is attached once made. */
async function serveWebhook(): Promise<{ url: string; attach: (c: TelegramConnector) => void }> {
  let c: TelegramConnector | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      void c!.handleWebhook(Buffer.concat(chunks), req.headers).then((a) => {
        res.writeHead(a.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(a.body));
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  closers.push(() => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/telegram`, attach: (x) => { c = x; } };
}

describe('telegram connector: webhook', () => {
  test('verifies the secret token (401), rejects a malformed body (400), answers 200 only after the sink stored', async () => {
    const { api } = await fake();
    const c = connector(api, { mode: 'webhook', webhook: { url: 'http://127.0.0.1:9/unused', secretToken: SECRET } });
    const update = JSON.stringify({ update_id: 1, message: { message_id: 5, date: 1_800_000_000, chat: { id: -100, type: 'supergroup', title: 'x' }, from: { id: 7, is_bot: false, first_name: 'A' }, text: 'hi' } });
    assert.equal((await c.handleWebhook(update, { 'x-telegram-bot-api-secret-token': SECRET })).status, 503, 'not started yet');
    let resolveSink!: () => void;
    let stored = false;
    await c.start(async (events) => {
      await new Promise<void>((r) => { resolveSink = r; });
      stored = true;
      return { stored: events.length, duplicates: 0, rejected: [] };
    });
    assert.equal((await c.handleWebhook(update, {})).status, 401);
    assert.equal((await c.handleWebhook(update, { 'x-telegram-bot-api-secret-token': `${SECRET}x` })).status, 401);
    assert.equal((await c.handleWebhook(update, { 'x-telegram-bot-api-secret-token': 'short' })).status, 401);
    assert.equal((await c.handleWebhook('{"update_id":', { 'x-telegram-bot-api-secret-token': SECRET })).status, 400);
    assert.equal((await c.handleWebhook('{"message":{}}', { 'x-telegram-bot-api-secret-token': SECRET })).status, 400);
    const answer = c.handleWebhook(update, { 'x-telegram-bot-api-secret-token': SECRET });
    await new Promise((r) => setImmediate(r));
    assert.equal(stored, false);
    resolveSink();
    assert.equal((await answer).status, 200);
    assert.equal(stored, true);
  });

  test('a sink that fails gets 503, and Telegram delivers the update again', async () => {
    const { api, owner, chat } = await fake({ webhook: { retryDelayMs: 5 } });
    const hook = await serveWebhook();
    const rec = recordingSink();
    rec.failTimes(2);
    const c = connector(api, { mode: 'webhook', webhook: { url: hook.url, secretToken: SECRET } });
    hook.attach(c);
    await c.start(rec.sink);
    assert.equal(api.webhookInfo().secretToken, SECRET);
    api.world.postMessage(chat, owner.id, 'first post');
    // The bot joining 'Tea lovers' (2 events) is delivered first, after two refusals.
    await rec.until(3);
    assert.ok(api.stats.webhookAttempts >= 4, `attempts: ${api.stats.webhookAttempts}`);
    assert.deepEqual(rec.events.map((e) => e.type), ['group_created', 'join', 'message']);
    assert.deepEqual(rec.events.filter((e) => e.type === 'message').map((e) => e.text), ['first post']);
  });

  test('a join via a tracked invite link carries its source; duplicate deliveries have identical event ids', async () => {
    const { api, owner, chat } = await fake({ webhook: { retryDelayMs: 5, duplicateRate: 1 } });
    const rec = recordingSink();
    const hook = await serveWebhook();
    const c = connector(api, { mode: 'webhook', webhook: { url: hook.url, secretToken: SECRET } });
    hook.attach(c);
    await c.start(rec.sink);
    const link = await c.createInviteLink(String(chat), { source: 'poster-shop-12', memberLimit: 100 });
    assert.match(link.url, /^https:\/\/t\.me\/\+/);
    const carol = api.world.addUser({ firstName: 'Carol' });
    api.world.joinViaLink(carol.id, link.url);
    api.world.postMessage(chat, carol.id, 'hello, I came from the poster');
    api.world.postMessage(chat, owner.id, 'welcome Carol');
    await rec.until(6);
    assert.ok(api.stats.webhookDuplicates >= 3);
    const joins = rec.events.filter((e) => e.type === 'join' && e.userId === String(carol.id));
    assert.equal(joins.length, 2, 'delivered twice');
    assert.equal(joins[0]!.eventId, joins[1]!.eventId);
    assert.ok(joins[0]!.type === 'join');
    assert.deepEqual(joins[0]!.via, { inviteCode: link.url, source: 'poster-shop-12' });
    const ids = rec.events.map((e) => e.eventId);
    assert.equal(new Set(ids).size, ids.length / 2, 'every event id appears exactly twice');
  });
});

describe('telegram connector: polling', () => {
  test('advances the offset only after the sink resolved: a failed sink gets the same updates again', async () => {
    const { api, owner, chat } = await fake();
    const rec = recordingSink();
    rec.failTimes(1);
    const c = connector(api);
    api.world.postMessage(chat, owner.id, 'one');
    api.world.postMessage(chat, owner.id, 'two');
    await c.start(rec.sink);
    await rec.until(4);
    assert.deepEqual(rec.events.map((e) => e.type === 'message' ? e.text : e.type), ['group_created', 'join', 'one', 'two']);
    assert.deepEqual(rec.batches, [4], 'the whole first batch, once, after the failed attempt');
    const polls = api.calls.filter((x) => x.method === 'getUpdates');
    // The poll after the failure asked from the same place (no offset yet), so nothing was confirmed.
    assert.equal(polls[0]!.params.offset, undefined);
    assert.equal(polls[1]!.params.offset, undefined);
    assert.deepEqual(polls[0]!.params.allowed_updates, ['message', 'edited_message', 'chat_member', 'my_chat_member', 'chat_join_request', 'message_reaction', 'callback_query', 'poll_answer']);
    api.world.postMessage(chat, owner.id, 'three');
    await rec.until(5);
    const later = api.calls.filter((x) => x.method === 'getUpdates').at(-1)!;
    assert.ok(Number(later.params.offset) > 0);
    assert.equal(api.calls.find((x) => x.method === 'deleteWebhook')?.params.drop_pending_updates, false);
  });

  test('sees the bot added to a group, a join request, and joins after approval with the request\'s source', async () => {
    const { api, owner } = await fake();
    api.world.pending.length = 0; // forget the first group
    const rec = recordingSink();
    const c = connector(api);
    await c.start(rec.sink);
    const chat = api.world.createGroup({ title: 'Paid club', ownerId: owner.id, bot: 'none' });
    api.world.setBotStatus(chat, owner.id, { can_invite_users: true, can_restrict_members: true, can_manage_chat: true });
    await rec.until(2);
    assert.deepEqual(rec.events.map((e) => e.type), ['group_created', 'join']);
    assert.deepEqual(c.knownGroups().map((g) => [g.groupId, g.isAdmin]), [[String(chat), true]]);
    const link = await c.createInviteLink(String(chat), { source: 'course-buyers', requiresApproval: true });
    const dan = api.world.addUser({ firstName: 'Dan' });
    api.world.joinViaLink(dan.id, link.url);
    for (let i = 0; i < 200 && (await c.pendingJoinRequests()).length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual((await c.pendingJoinRequests(String(chat))).map((r) => [r.userId, r.source]), [[String(dan.id), 'course-buyers']]);
    await c.approveJoinRequest(String(chat), String(dan.id));
    assert.equal(api.world.chat(chat).members.get(dan.id)?.status, 'member');
    await rec.until(4);
    const request = rec.events[2]!;
    assert.ok(request.type === 'join_request' && request.userId === String(dan.id) && request.via?.source === 'course-buyers');
    const join = rec.events[3]!;
    assert.ok(join.type === 'join' && join.userId === String(dan.id));
    assert.deepEqual(join.via, { inviteCode: link.url, source: 'course-buyers' });
    assert.equal((await c.pendingJoinRequests()).length, 0);
  });
});

describe('telegram connector: actions', () => {
  test('kick, mute, decline and rename are carried out on the fake', async () => {
    const { api, owner, chat } = await fake();
    const c = connector(api);
    const bob = api.world.addUser({ firstName: 'Bob' });
    const eve = api.world.addUser({ firstName: 'Eve' });
    api.world.addMember(chat, bob.id);
    api.world.addMember(chat, eve.id);
    await c.mute(String(chat), String(bob.id), new Date(Date.now() + 3_600_000));
    const muted = api.world.chat(chat).members.get(bob.id)!;
    assert.equal(muted.status, 'restricted');
    assert.ok(muted.status === 'restricted' && muted.can_send_messages === false && muted.is_member && muted.until_date > 0);
    await c.kick(String(chat), String(eve.id));
    assert.equal(api.world.chat(chat).members.get(eve.id)?.status, 'left', 'kicked, not banned: may rejoin');
    assert.deepEqual(api.calls.filter((x) => /ChatMember$/.test(x.method)).map((x) => x.method), ['restrictChatMember', 'banChatMember', 'unbanChatMember']);
    api.world.requestToJoin(chat, eve.id);
    await c.declineJoinRequest(String(chat), String(eve.id));
    assert.equal(api.world.chat(chat).requests.size, 0);
    await c.renameGroup(String(chat), 'Tea lovers 2');
    assert.equal(api.world.chat(chat).title, 'Tea lovers 2');
    void owner;
  });

  test('createGroup is refused with ActionNotSupported saying what to do instead', async () => {
    const { api } = await fake();
    const c = connector(api);
    assert.equal(c.capabilities.createGroup.supported, false);
    await assert.rejects(c.createGroup({ name: 'New group' }), (e: unknown) => {
      assert.ok(e instanceof ActionNotSupported);
      assert.match(e.message, /bots cannot create/);
      assert.match(e.instead ?? '', /add the bot as an administrator/);
      return true;
    });
  });

  test('a 429 is retried after retry_after and the message is posted once', async () => {
    const { api, chat } = await fake();
    api.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', retry_after: 1 });
    const c = connector(api);
    const sent = await c.sendToGroup(String(chat), { text: 'weekly digest' });
    assert.equal(api.calls.filter((x) => x.method === 'sendMessage').length, 2);
    const posted = [...api.world.chat(chat).messages.values()].filter((m) => (m as { text?: string }).text === 'weekly digest');
    assert.deepEqual(posted.map((m) => String(m.message_id)), [sent.messageId]);
    assert.equal(c.dispatcher.metrics().retried429, 1);
  });

  test('platform refusals become PlatformError with status and code', async () => {
    const { api, owner, chat } = await fake();
    const c = connector(api);
    const weak = api.world.createGroup({ title: 'No rights', ownerId: owner.id, bot: 'member' });
    const expect = (status: number, code: string) => (e: unknown) => e instanceof PlatformError && e.status === status && e.code === code;
    await assert.rejects(c.kick(String(weak), String(owner.id)), expect(400, 'not_enough_rights'));
    await assert.rejects(c.renameGroup('-999', 'x'), expect(400, 'chat_not_found'));
    api.world.setBotStatus(chat, owner.id, 'kicked');
    await assert.rejects(c.sendToGroup(String(chat), { text: 'hi' }), expect(403, 'bot_kicked'));
    const stranger = api.world.addUser({ firstName: 'S' });
    await assert.rejects(c.sendToMember(String(stranger.id), { text: 'hi' }), expect(403, 'user_not_started'));
    const fan = api.world.addUser({ firstName: 'F', startedBot: true });
    assert.equal((await c.sendToMember(String(fan.id), { text: 'hi', clientKey: 'k1' })).messageId, '1');
    assert.equal((await c.sendToMember(String(fan.id), { text: 'hi', clientKey: 'k1' })).messageId, '1');
    assert.equal(api.world.direct.get(fan.id)?.length, 1, 'same clientKey posts once');
    const wrong = createTelegramConnector({ token: '1:wrong', apiRoot: api.url, mode: 'polling' });
    await assert.rejects(wrong.renameGroup(String(chat), 'x'), expect(401, 'unauthorized'));
  });
});
