/**
 * A Telegram group run through Qunyun end to end: the fake Bot API delivers webhooks to Qunyun's
 * real HTTP server (serve's stack), and everything an operator does goes through Qunyun's API —
 * connecting the bot, an invite link whose joins are attributed to its source, posting, muting,
 * kicking — with duplicated and retried deliveries storing each event once.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { startStack, type Stack } from '../../src/cli/stack.ts';
import { loadConfig } from '../../src/config.ts';
import { startFakeBotApi, type FakeBotApi } from '../fakes/telegram/fake-bot-api.ts';
import { forEachEngine } from '../support/engines.ts';
import { eventually, signInOwner, type ApiClient } from './client.ts';

forEachEngine('Telegram group end to end', (t) => {
  let fake: FakeBotApi;
  let stack: Stack;
  let api: ApiClient;
  const delivered: string[] = [];
  const realFetch = globalThis.fetch;

  before(async () => {
    // Telegram delivers some updates twice and retries failed ones; so does the fake (seeded).
    fake = await startFakeBotApi({ webhook: { duplicateRate: 0.4, seed: 11, retryDelayMs: 5 }, limits: false });
    // Keeps a copy of every webhook body the fake sends, to deliver them again later.
    globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
      if (String(input).includes('/webhooks/telegram/') && typeof init?.body === 'string') delivered.push(init.body);
      return realFetch(input, init);
    }) as typeof fetch;
    // The fakes listen on loopback, which the outbound guard refuses unless the operator allows it.
    stack = await startStack(loadConfig({ LOG_LEVEL: 'silent', OUTBOUND_ALLOW_PRIVATE: '127.0.0.1' }), {
      host: '127.0.0.1', port: 0, worker: false, db: t().db, logger: pino({ level: 'silent' }),
      connectorOptions: { telegram: { retryDelayMs: 10 } },
    });
    api = await signInOwner(stack.url);
  });
  after(async () => {
    globalThis.fetch = realFetch;
    await stack?.stop();
    await fake?.close();
  });

  const count = async (sql: string, params: unknown[] = []) => (await t().db.query<{ n: number }>(sql, params))[0]!.n;

  test('joins through an invite link are attributed, actions reach the group, repeats change nothing', async () => {
    const w = fake.world;
    const owner = w.addUser({ firstName: 'Olga' });
    const alice = w.addUser({ firstName: 'Alice' });
    const chatId = w.createGroup({ title: '读书会 Telegram', ownerId: owner.id, memberIds: [alice.id] });

    // The set-up check: a wrong token is refused clearly; the right one finds the group and its rights.
    const wrong = await api.post('/api/accounts/telegram/check', { token: '123456789:WRONG-token-WRONG-token-WRONG-token', apiRoot: fake.url });
    assert.equal(wrong.status, 422);
    assert.equal(wrong.body.error, 'platform_refused');
    assert.match(wrong.body.message, /token is wrong/);
    const check = await api.post('/api/accounts/telegram/check', { token: fake.token, apiRoot: fake.url });
    assert.equal(check.status, 200, check.text);
    assert.equal(check.body.ok, true);
    assert.deepEqual(check.body.groups.map((g: { chatId: string; isAdmin: boolean }) => [g.chatId, g.isAdmin]), [[String(chatId), true]]);

    const created = await api.post('/api/accounts', { platform: 'telegram', token: fake.token, apiRoot: fake.url, mode: 'webhook' });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.status, 'active');
    assert.equal(created.body.externalId, String(w.bot.id));
    assert.ok(!created.text.includes(fake.token.split(':')[1]!), 'the bot token is never answered');
    const accountId: number = created.body.id;
    const hook = fake.webhookInfo();
    assert.equal(hook.url, `${stack.url}/webhooks/telegram/${accountId}`);
    assert.ok(hook.secretToken && !created.text.includes(hook.secretToken), 'nor is the webhook secret');
    assert.ok(hook.allowedUpdates?.includes('chat_member'));

    // The bot's being added (queued before the webhook was set) creates the group in Qunyun.
    const group = await eventually('the group to be stored', async () => {
      const r = await api.get('/api/groups');
      return r.body.items?.find((g: { platformGroupId: string }) => g.platformGroupId === String(chatId));
    });

    // An invite link for the shop's QR code; two people join through it, one is added directly.
    const link = await api.post(`/api/groups/${group.id}/invite-links`, { source: 'shop_qr', name: 'Shop window' });
    assert.equal(link.status, 201, link.text);
    assert.match(link.body.url, /^https:\/\/t\.me\/\+/);
    assert.equal(link.body.source, 'shop_qr');
    assert.deepEqual(link.body.createdBy, { id: link.body.createdBy.id, name: 'Owner' });
    const carol = w.addUser({ firstName: 'Carol' });
    const dave = w.addUser({ firstName: 'Dave' });
    const erin = w.addUser({ firstName: 'Erin' });
    assert.equal(w.joinViaLink(carol.id, link.body.url), 'joined');
    assert.equal(w.joinViaLink(dave.id, link.body.url), 'joined');
    w.addMember(chatId, erin.id, alice.id);
    for (let i = 0; i < 3; i++) w.postMessage(chatId, carol.id, `carol ${i}`);
    w.postMessage(chatId, alice.id, 'hello all');
    w.postMessage(chatId, erin.id, 'hi, Alice invited me');

    const memberOf = async (name: string) => eventually(`${name}'s membership`, async () => {
      const rows = await t().db.query<{ id: number; source: string | null; invite_code: string | null; staff: string | null }>(
        `select m.member_id as id, m.source, m.invite_code, m.staff_id as staff from memberships m
         join member_identities mi on mi.workspace_id = m.workspace_id and mi.member_id = m.member_id and mi.account_id = $2
         where m.group_id = $1 and mi.display_name = $3`, [group.id, accountId, name]);
      return rows[0];
    });
    const carolM = await memberOf('Carol');
    assert.equal(carolM.source, 'shop_qr');
    assert.equal(carolM.invite_code, link.body.url);
    const daveM = await memberOf('Dave');
    assert.equal(daveM.source, 'shop_qr');
    await eventually('every message to be stored', async () =>
      (await count(`select count(*)::int as n from events where account_id = $1 and type = 'message' and payload->>'kind' = 'text'`, [accountId])) === 5 ? true : undefined);

    // Operator actions through Qunyun's API.
    const post = await api.post(`/api/groups/${group.id}/messages`, { text: '本周读书会周四晚八点' });
    assert.equal(post.status, 201, post.text);
    assert.equal(post.body.state, 'sent');
    const sent = [...w.chat(chatId).messages.values()].find((m) => 'text' in m && m.text === '本周读书会周四晚八点');
    assert.equal(sent?.from?.id, w.bot.id);
    assert.equal(post.body.platformMessageId, String(sent?.message_id));

    const mute = await api.post(`/api/groups/${group.id}/members/${carolM.id}/mute`, { minutes: 60 });
    assert.equal(mute.status, 200, mute.text);
    const muted = w.chat(chatId).members.get(carol.id);
    assert.equal(muted?.status, 'restricted');
    assert.equal(muted?.status === 'restricted' && muted.can_send_messages, false);

    // The platform's refusal comes back with its reason: Telegram does not restrict administrators.
    const erinM = await memberOf('Erin');
    const erinNow = w.chat(chatId).members.get(erin.id)!;
    w.chat(chatId).members.set(erin.id, { ...erinNow, status: 'administrator', can_be_edited: true, is_anonymous: false } as never);
    const refused = await api.post(`/api/groups/${group.id}/members/${erinM.id}/mute`, { minutes: 5 });
    assert.equal(refused.status, 422, refused.text);
    assert.equal(refused.body.error, 'platform_refused');
    assert.match(refused.body.message, /administrator/);

    const kick = await api.post(`/api/groups/${group.id}/members/${daveM.id}/kick`);
    assert.equal(kick.status, 200, kick.text);
    assert.equal(w.chat(chatId).members.get(dave.id)?.status, 'left');
    await eventually("Dave's removal to be stored", async () =>
      (await count(`select count(*)::int as n from memberships where group_id = $1 and member_id = $2 and not active`, [group.id, daveM.id])) === 1 ? true : undefined);
    const leave = await t().db.query<{ reason: string }>(`select payload->>'reason' as reason from events where account_id = $1 and type = 'leave'`, [accountId]);
    assert.deepEqual(leave.map((l) => l.reason), ['kicked']);
    const again = await api.post(`/api/groups/${group.id}/members/${daveM.id}/kick`);
    assert.equal(again.status, 409, 'a member who has left cannot be removed again');

    // Every delivery so far, and each one again: nothing changes.
    await eventually('the fake to have delivered everything', async () => (w.pending.length === 0 ? true : undefined));
    const before = await count('select count(*)::int as n from events where account_id = $1', [accountId]);
    const bodies = [...delivered];
    assert.ok(fake.stats.webhookDuplicates > 0, 'the fake delivered some updates twice');
    for (const body of bodies) {
      const res = await fetch(hook.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': hook.secretToken! }, body });
      assert.equal(res.status, 200);
    }
    assert.equal(await count('select count(*)::int as n from events where account_id = $1', [accountId]), before);
    assert.equal(await count(`select count(*)::int as n from events where account_id = $1 and type = 'message' and payload->>'text' like 'carol %'`, [accountId]), 3);
    assert.equal(await count(`select count(*)::int as n from events where account_id = $1 and type = 'join' and payload->'via'->>'source' = 'shop_qr'`, [accountId]), 2);

    // A delivery without the secret token is refused and stores nothing; an unknown account is 404.
    const forged = await fetch(hook.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[0]! });
    assert.equal(forged.status, 401);
    const unknown = await fetch(`${stack.url}/webhooks/telegram/999999`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(unknown.status, 404);

    // The figures, through the API.
    const detail = await api.get(`/api/groups/${group.id}`);
    assert.equal(detail.status, 200, detail.text);
    // Qunyun counts those it saw join or write: the bot, Carol, Erin and Alice, who wrote (Dave was
    // removed; Olga was there before the bot and has not written).
    assert.equal(detail.body.size, 4);
    assert.deepEqual(
      detail.body.joinsBySource.filter((s: { source: string }) => s.source === 'shop_qr'),
      [{ source: 'shop_qr', joins: 2 }]);
    assert.equal(detail.body.series.at(-1).messages, 5, 'messages today');
    assert.equal(detail.body.series.at(-1).joins, 4, 'the bot, Carol, Dave and Erin joined today');
    const list = await api.get('/api/groups');
    const item = list.body.items.find((g: { id: number }) => g.id === group.id);
    assert.equal(item.size, 4, "the same size in the list as on the page");
    assert.equal(item.sparkline.at(-1), 5);
    const members = await api.get(`/api/groups/${group.id}/members?limit=200`);
    const sources = Object.fromEntries(members.body.items.map((m: { name: string; source: string | null; active: boolean }) => [m.name, [m.source, m.active]]));
    assert.deepEqual(sources.Carol, ['shop_qr', true]);
    assert.deepEqual(sources.Dave, ['shop_qr', false]);

    const links = await api.get(`/api/groups/${group.id}/invite-links`);
    assert.deepEqual(links.body.items.map((l: { source: string; joins: number }) => [l.source, l.joins]), [['shop_qr', 2]]);
    const pushes = await api.get(`/api/groups/${group.id}/pushes`);
    assert.deepEqual(pushes.body.items.map((p: { text: string; state: string }) => [p.text, p.state]), [['本周读书会周四晚八点', 'sent']]);

    // The settings page sees the account, its last event and what it can do; no secrets.
    const accounts = await api.get('/api/accounts');
    const account = accounts.body.items.find((a: { id: number }) => a.id === accountId);
    assert.equal(account.status, 'active');
    assert.equal(account.groups, 1);
    assert.ok(account.lastEventAt);
    assert.ok(account.capabilities.includes('mute') && account.capabilities.includes('sendMessages'));
    assert.deepEqual(account.unsupported.map((u: { capability: string }) => u.capability), ['createGroup']);
    assert.ok(!accounts.text.includes(fake.token) && !accounts.text.includes(hook.secretToken!));
    const audit = await t().db.query<{ action: string }>(`select action from audit_log where action like 'group.%' or action like 'account.%' order by id`);
    assert.deepEqual(audit.map((a) => a.action), [
      'account.telegram.check', 'account.create', 'group.invite_link.create', 'group.message.post', 'group.member.mute', 'group.member.kick',
    ]);
  });

  test('join requests wait in the database and are approved or declined once, through the API', async () => {
    const w = fake.world;
    const owner = w.addUser({ firstName: 'Pia' });
    const chatId = w.createGroup({ title: 'VIP Telegram', ownerId: owner.id });
    const group = await eventually('the VIP group to be stored', async () => {
      const r = await api.get('/api/groups');
      return r.body.items?.find((g: { platformGroupId: string }) => g.platformGroupId === String(chatId));
    });
    const link = await api.post(`/api/groups/${group.id}/invite-links`, { source: 'vip_form', requiresApproval: true });
    assert.equal(link.status, 201, link.text);
    const frank = w.addUser({ firstName: 'Frank' });
    const gina = w.addUser({ firstName: 'Gina' });
    assert.equal(w.joinViaLink(frank.id, link.body.url), 'requested');
    assert.equal(w.joinViaLink(gina.id, link.body.url), 'requested');
    const pending = await eventually('both requests to be listed', async () => {
      const r = await api.get(`/api/groups/${group.id}/join-requests`);
      return r.body.items?.length === 2 ? r.body.items : undefined;
    });
    assert.deepEqual(pending.map((r: { name: string; source: string }) => [r.name, r.source]), [['Frank', 'vip_form'], ['Gina', 'vip_form']]);
    const [frankReq, ginaReq] = pending as Array<{ memberId: number }>;

    for (let i = 0; i < 2; i++) {
      const ok = await api.post(`/api/groups/${group.id}/join-requests/${frankReq!.memberId}/approve`);
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.body.status, 'approved');
      const no = await api.post(`/api/groups/${group.id}/join-requests/${ginaReq!.memberId}/decline`);
      assert.equal(no.status, 200, no.text);
    }
    assert.equal(fake.calls.filter((c) => c.method === 'approveChatJoinRequest').length, 1, 'approved once');
    assert.equal(fake.calls.filter((c) => c.method === 'declineChatJoinRequest').length, 1, 'declined once');
    assert.equal(w.chat(chatId).members.get(frank.id)?.status, 'member');
    assert.deepEqual((await api.get(`/api/groups/${group.id}/join-requests`)).body.items, []);
    const frankM = await eventually("Frank's membership", async () => {
      const rows = await t().db.query<{ source: string | null }>(
        'select source from memberships where group_id = $1 and member_id = $2 and active', [group.id, frankReq!.memberId]);
      return rows[0];
    });
    assert.equal(frankM.source, 'vip_form', 'the join after the approval is attributed to the link');
    const audit = await t().db.query<{ action: string }>(`select action from audit_log where action like 'group.join_request.%' order by id`);
    assert.deepEqual(audit.map((a) => a.action), ['group.join_request.approve', 'group.join_request.decline', 'group.join_request.approve', 'group.join_request.decline']);
  });
});
