/**
 * The Telegram connector against a Bot API that misbehaves: updates it cannot translate, servers
 * that do not long-poll or answer without Telegram's error envelope, groups known only from their
 * messages, join requests decided twice. Everything runs against the fake Bot API on loopback.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PlatformEvent } from '../../events/envelope.ts';
import { parseEvent } from '../../events/envelope.ts';
import { PlatformError, type EventSink } from '../connector.ts';
import { SECRET, telegramKit } from '../../../test/fakes/telegram/test-kit.ts';
import { checkTelegramBot } from './check-bot.ts';
import { pollBackoffMs, createTelegramConnector } from './telegram-connector.ts';

const { fake, connector } = telegramKit();

function recordingSink() {
  const events: PlatformEvent[] = [];
  const waiters: Array<{ ok: () => boolean; resolve: () => void }> = [];
  const sink: EventSink = async (raw) => {
    for (const r of raw) {
      const p = parseEvent(r);
      assert.ok(p.ok, p.ok ? '' : p.reason);
      events.push(p.event);
    }
    for (const w of [...waiters]) if (w.ok()) { waiters.splice(waiters.indexOf(w), 1); w.resolve(); }
    return { stored: raw.length, duplicates: 0, rejected: [] };
  };
  return {
    sink, events,
    until(ok: () => boolean) {
      return ok() ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ ok, resolve }));
    },
  };
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('telegram connector: updates it cannot translate', () => {
  test('polling: an update without a date is dead-lettered, the offset moves past it, polling goes on', async () => {
    const { api, owner, chat } = await fake();
    const rec = recordingSink();
    const dead: Array<{ update: { update_id: number }; reason: string }> = [];
    const c = connector(api, { deadLetter: async (update, reason) => { dead.push({ update: update as { update_id: number }, reason }); } });
    api.world.postMessage(chat, owner.id, 'before');
    const broken = api.world.emit('message', { message_id: 99, chat: { id: chat, type: 'supergroup', title: 'Tea lovers' }, from: owner, text: 'no date' })!;
    await c.start(rec.sink);
    await rec.until(() => rec.events.some((e) => e.type === 'message'));
    api.world.postMessage(chat, owner.id, 'after');
    await rec.until(() => rec.events.some((e) => e.type === 'message' && e.text === 'after'));
    assert.deepEqual(rec.events.filter((e) => e.type === 'message').map((e) => e.type === 'message' && e.text), ['before', 'after']);
    assert.equal(dead.length, 1);
    assert.equal(dead[0]!.update.update_id, broken.update_id);
    assert.match(dead[0]!.reason, new RegExp(`update ${broken.update_id} could not be translated`));
    const offsets = api.calls.filter((x) => x.method === 'getUpdates').map((x) => Number(x.params.offset ?? 0));
    assert.ok(offsets.some((o) => o > broken.update_id), 'confirmed past the broken update');
  });

  test('webhook: an update that cannot be translated is dead-lettered and answered 200; 503 only if it could not be kept', async () => {
    const { api } = await fake();
    const dead: string[] = [];
    let failDeadLetter = true;
    const c = connector(api, {
      mode: 'webhook', webhook: { url: 'http://127.0.0.1:9/unused', secretToken: SECRET },
      deadLetter: async (_u, reason) => { if (failDeadLetter) throw new Error('database down'); dead.push(reason); },
    });
    await c.start(recordingSink().sink);
    const update = JSON.stringify({ update_id: 7, message: { message_id: 5, chat: { id: -100, type: 'supergroup', title: 'x' }, from: { id: 7, is_bot: false, first_name: 'A' }, text: 'hi' } });
    const headers = { 'x-telegram-bot-api-secret-token': SECRET };
    assert.equal((await c.handleWebhook(update, headers)).status, 503, 'not kept: Telegram should deliver it again');
    failDeadLetter = false;
    const answer = await c.handleWebhook(update, headers);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal((answer.body as { deadLettered?: number }).deadLettered, 1);
    assert.equal(dead.length, 1);
    assert.match(dead[0]!, /update 7 could not be translated/);
  });
});

describe('telegram connector: polling backoff', () => {
  test('the backoff doubles from the first wait up to the cap, with jitter between half and all of it', () => {
    const top = (n: number) => pollBackoffMs(n, 1000, 60_000, () => 1);
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 8, 100].map(top), [1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    assert.equal(pollBackoffMs(1, 1000, 60_000, () => 0), 500);
    assert.equal(pollBackoffMs(7, 1000, 60_000, () => 0), 30_000);
  });

  test('a server that answers getUpdates at once, empty, is not asked more than a few times a second', async () => {
    const { api } = await fake({ longPoll: false });
    api.world.pending.length = 0;
    const c = connector(api, { pollTimeoutSeconds: 30 });
    await c.start(recordingSink().sink);
    await tick(2000);
    const polls = api.calls.filter((x) => x.method === 'getUpdates').length;
    // Without a pause this is hundreds; with the default 1 s pause after a fast empty answer, about 2.
    assert.ok(polls >= 1 && polls <= 10, `getUpdates calls in 2 s: ${polls}`);
  });

  test('failed polls back off exponentially: far fewer calls than a fixed retry delay would make', async () => {
    const { api } = await fake();
    api.failNext('getUpdates', { error_code: 502, description: 'Bad Gateway' }, 10_000);
    const c = connector(api, { retryDelayMs: 50, random: () => 1 });
    await c.start(recordingSink().sink);
    await tick(1500);
    const polls = api.calls.filter((x) => x.method === 'getUpdates').length;
    // 50, 100, 200, 400, 800 ms: at most 5 or 6 calls in 1.5 s; a fixed 50 ms delay makes about 30.
    assert.ok(polls >= 1 && polls <= 8, `getUpdates calls in 1.5 s: ${polls}`);
  });
});

describe('telegram connector: errors and set-up', () => {
  test('platform errors say the method, the status and the reason, never "undefined" and never the token', async () => {
    const { api, owner, chat } = await fake();
    const c = connector(api);
    const bob = api.world.addUser({ firstName: 'Bob' });
    api.world.addMember(chat, bob.id);
    const until = new Date(Date.now() + 3_600_000);
    const failure = async (p: Promise<unknown>) => {
      try { await p; } catch (e) { return e as PlatformError; }
      throw new Error('expected a failure');
    };
    api.failNext('restrictChatMember', { error_code: 400, description: 'Bad Request: not enough rights' });
    const rights = await failure(c.mute(String(chat), String(bob.id), until));
    assert.equal(rights.message, 'telegram restrictChatMember: 400 Bad Request: not enough rights');
    assert.equal(rights.code, 'not_enough_rights');

    api.answerNext('restrictChatMember', { status: 502, body: '{"ok":false}' });
    const bare = await failure(c.mute(String(chat), String(bob.id), until));
    assert.ok(bare instanceof PlatformError);
    assert.doesNotMatch(bare.message, /undefined/);
    assert.match(bare.message, /^telegram restrictChatMember: 502 /);
    assert.equal(bare.status, 502);

    api.answerNext('restrictChatMember', { status: 502, body: '<html>Bad Gateway</html>', contentType: 'text/html' });
    const html = await failure(c.mute(String(chat), String(bob.id), until));
    assert.ok(html instanceof PlatformError);
    // Not quoted, and said as an unreachable server: an answer that is not JSON may be an internal
    // page behind an operator-given URL (the SSRF rule in src/net), so it reads like a closed port.
    assert.equal(html.message, 'telegram restrictChatMember: could not reach the Bot API server');
    assert.ok(!html.message.includes('Bad Gateway'), html.message);
    assert.ok(!html.message.includes(api.token), html.message);

    const nowhere = createTelegramConnector({ token: api.token, apiRoot: 'http://127.0.0.1:9', mode: 'polling' });
    const down = await failure(nowhere.mute(String(chat), String(bob.id), until));
    assert.ok(down instanceof PlatformError && down.code === 'network');
    assert.equal(down.message, 'telegram restrictChatMember: could not reach the Bot API server');
    assert.ok(!down.message.includes(api.token) && !down.message.includes(api.token.split(':')[1]!), down.message);
    void owner;
  });

  test('a Bot API server without getWebhookInfo: the check goes on with a note, polling works', async () => {
    const { api, owner, chat } = await fake({ missingMethods: ['getWebhookInfo'] });
    const check = await checkTelegramBot(api.token, api.url);
    assert.equal(check.bot.id, String(api.world.bot.id));
    assert.ok(check.notes.some((n) => /webhook state is unknown/.test(n)), check.notes.join('\n'));
    assert.deepEqual(check.groups.map((g) => g.chatId), [String(chat)]);
    const rec = recordingSink();
    const c = connector(api);
    await c.start(rec.sink);
    api.world.postMessage(chat, owner.id, 'still here');
    await rec.until(() => rec.events.some((e) => e.type === 'message'));
  });
});

describe('telegram connector: groups and join requests', () => {
  test('a group seen only through messages is named by their chat title, and renamed when a later message shows a new one', async () => {
    const { api, owner, chat } = await fake();
    api.world.pending.length = 0; // the bot's being added was missed
    const rec = recordingSink();
    const c = connector(api);
    await c.start(rec.sink);
    api.world.postMessage(chat, owner.id, 'one');
    api.world.postMessage(chat, owner.id, 'two');
    await rec.until(() => rec.events.filter((e) => e.type === 'message').length === 2);
    api.world.chat(chat).title = 'Tea & coffee lovers'; // renamed while the rename itself was missed
    api.world.postMessage(chat, owner.id, 'three');
    await rec.until(() => rec.events.filter((e) => e.type === 'message').length === 3);
    const seen = rec.events.map((e) => (e.type === 'group_renamed' ? `name:${e.name}` : e.type === 'message' ? e.text : e.type));
    assert.deepEqual(seen, ['name:Tea lovers', 'one', 'two', 'name:Tea & coffee lovers', 'three']);
  });

  test('approving a join request twice calls Telegram once; declining twice too', async () => {
    const { api, owner } = await fake();
    api.world.pending.length = 0;
    const rec = recordingSink();
    const c = connector(api);
    await c.start(rec.sink);
    const chat = api.world.createGroup({ title: 'Paid club', ownerId: owner.id, bot: 'none' });
    api.world.setBotStatus(chat, owner.id, { can_invite_users: true, can_restrict_members: true, can_manage_chat: true });
    const dan = api.world.addUser({ firstName: 'Dan' });
    const eve = api.world.addUser({ firstName: 'Eve' });
    api.world.requestToJoin(chat, dan.id);
    api.world.requestToJoin(chat, eve.id);
    await rec.until(() => rec.events.filter((e) => e.type === 'join_request').length === 2);
    for (let i = 0; i < 200 && (await c.pendingJoinRequests()).length < 2; i++) await tick(5);
    await Promise.all([c.approveJoinRequest(String(chat), String(dan.id)), c.approveJoinRequest(String(chat), String(dan.id))]);
    await c.approveJoinRequest(String(chat), String(dan.id));
    await c.declineJoinRequest(String(chat), String(eve.id));
    await c.declineJoinRequest(String(chat), String(eve.id));
    assert.equal(api.calls.filter((x) => x.method === 'approveChatJoinRequest').length, 1);
    assert.equal(api.calls.filter((x) => x.method === 'declineChatJoinRequest').length, 1);
    assert.equal(api.world.chat(chat).members.get(dan.id)?.status, 'member');
    assert.deepEqual(await c.pendingJoinRequests(), []);
  });
});
