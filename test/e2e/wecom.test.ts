/**
 * A WeCom customer group run through Qunyun end to end: the fake WeCom corp sends encrypted
 * callbacks to Qunyun's real HTTP server (serve's stack), messages come from the chat archive
 * through the fake sidecar, and the operator works through Qunyun's API — connecting the corp,
 * a join way whose joins are attributed to its source, a post that waits for confirmation, and
 * mute/kick refused with what to do instead. Duplicated, replayed and lost callbacks end with
 * each event stored once.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { startStack, type Stack } from '../../src/cli/stack.ts';
import { loadConfig } from '../../src/config.ts';
import { createWecomCrypto } from '../../src/connectors/wecom/crypto.ts';
import { createFakeArchiveSidecar, groupRecord, type FakeArchiveSidecar } from '../fakes/wecom/fake-archive-sidecar.ts';
import { createFakeWecom, type FakeWecom } from '../fakes/wecom/fake-server.ts';
import { AES_KEY, CALLBACK_TOKEN } from '../fakes/wecom/test-kit.ts';
import { forEachEngine } from '../support/engines.ts';
import { eventually, signInOwner, type ApiClient } from './client.ts';

forEachEngine('WeCom customer group end to end', (t) => {
  let fake: FakeWecom;
  let sidecar: FakeArchiveSidecar;
  let stack: Stack;
  let api: ApiClient;
  let apiRoot: string;
  let sidecarUrl: string;

  before(async () => {
    fake = createFakeWecom();
    apiRoot = await fake.listen();
    sidecar = createFakeArchiveSidecar([]);
    sidecarUrl = await sidecar.listen();
    // The fakes listen on loopback, which the outbound guard refuses unless the operator allows it.
    stack = await startStack(loadConfig({ LOG_LEVEL: 'silent', OUTBOUND_ALLOW_PRIVATE: '127.0.0.1' }), {
      host: '127.0.0.1', port: 0, worker: false, db: t().db, logger: pino({ level: 'silent' }),
      connectorOptions: { wecom: { client: { sleep: async () => {}, random: () => 1 } } },
    });
    api = await signInOwner(stack.url);
  });
  after(async () => {
    await stack?.stop();
    await sidecar?.close();
    await fake?.close();
  });

  const count = async (sql: string, params: unknown[] = []) => (await t().db.query<{ n: number }>(sql, params))[0]!.n;

  test('join-way joins are attributed, archive messages stored, actions answered, repeats change nothing', async () => {
    const account = { platform: 'wecom', name: '群运 WeCom', corpId: fake.corpId, token: CALLBACK_TOKEN, encodingAesKey: AES_KEY, apiRoot, archive: { sidecarUrl } };
    const wrong = await api.post('/api/accounts', { ...account, secret: 'not-the-secret' });
    assert.equal(wrong.status, 422, wrong.text);
    assert.match(wrong.body.message, /40001|invalid_credential/);
    const created = await api.post('/api/accounts', { ...account, secret: fake.secret });
    assert.equal(created.status, 201, created.text);
    const accountId: number = created.body.id;
    // The same corp again (another app of it, or the same): a conflict naming the account that has it.
    for (const again of [{ ...account, secret: fake.secret }, { ...account, secret: fake.secret, agentId: '1000099', name: '另一个应用' }]) {
      const twice = await api.post('/api/accounts', again);
      assert.equal(twice.status, 409, twice.text);
      assert.match(twice.body.message, new RegExp(`${fake.corpId}.*"群运 WeCom" \\(id ${accountId}\\)`));
    }
    const callbackUrl = `${stack.url}/webhooks/wecom/${accountId}`;
    assert.equal(created.body.webhookUrl, callbackUrl, 'the callback URL to copy into the app settings');
    assert.equal(created.body.status, 'active');
    for (const secret of [fake.secret, CALLBACK_TOKEN, AES_KEY]) assert.ok(!created.text.includes(secret), 'no secret is answered');
    assert.deepEqual(created.body.settings, { corpId: fake.corpId, apiRoot, archive: { sidecarUrl } });

    // WeCom verifies the URL first: GET with an encrypted echostr, answered in plain text.
    const crypto = createWecomCrypto({ token: CALLBACK_TOKEN, encodingAesKey: AES_KEY, receiveId: fake.corpId });
    const echostr = crypto.encrypt('echo-4711');
    const ts = String(Math.floor(Date.now() / 1000));
    const verify = await fetch(`${callbackUrl}?${new URLSearchParams({ msg_signature: crypto.signature(ts, '42', echostr), timestamp: ts, nonce: '42', echostr })}`);
    assert.equal(verify.status, 200);
    assert.equal(await verify.text(), 'echo-4711');
    // The console shows that the URL passed (null before it did).
    assert.equal(created.body.callbackVerifiedAt, null, 'not verified when created');
    const verified = (await api.get('/api/accounts')).body.items.find((a: { id: number }) => a.id === accountId);
    assert.ok(verified.callbackVerifiedAt && Date.now() - Date.parse(verified.callbackVerifiedAt) < 60_000, `verified: ${verified.callbackVerifiedAt}`);
    const forged = await fetch(`${callbackUrl}?${new URLSearchParams({ msg_signature: 'f'.repeat(40), timestamp: ts, nonce: '43', echostr })}`);
    assert.equal(forged.status, 403);
    assert.equal((await fetch(`${stack.url}/webhooks/wecom/999999?echostr=x`)).status, 404);

    fake.setCallbackTarget({ url: callbackUrl, token: CALLBACK_TOKEN, encodingAesKey: AES_KEY });
    const chatId = await fake.createGroup({ name: 'VIP 客户群', owner: 'zhangsan', members: [{ userid: 'wmAlice', name: 'Alice' }] });
    assert.ok(fake.deliveries.at(-1)?.delivered);
    const group = await eventually('the group to be stored', async () => {
      const r = await api.get('/api/groups');
      return r.body.items?.find((g: { platformGroupId: string }) => g.platformGroupId === chatId);
    });

    // A join way for the shop's QR code; WeCom cannot limit it, and says what to do instead.
    const limited = await api.post(`/api/groups/${group.id}/invite-links`, { source: 'shop_qr', memberLimit: 10 });
    assert.equal(limited.status, 422);
    assert.equal(limited.body.error, 'not_supported');
    assert.ok(limited.body.instead);
    const link = await api.post(`/api/groups/${group.id}/invite-links`, { source: 'shop_qr', name: '门店海报' });
    assert.equal(link.status, 201, link.text);
    assert.match(link.body.code, /^shop_qr~/);
    const way = [...fake.state.joinWays.values()].find((w) => w.state === link.body.code);
    assert.ok(way, 'the join way carries the link code as its state');
    assert.equal(link.body.url, way.qr_code);
    const landed = await fake.joinViaJoinWay(way.config_id, { userid: 'wmBob', name: 'Bob' });
    assert.equal(landed, chatId);
    const bob = await eventually("Bob's join to be stored", async () => (await t().db.query<{ id: number; source: string; invite_code: string }>(
      `select m.member_id as id, m.source, m.invite_code from memberships m
       join member_identities mi on mi.workspace_id = m.workspace_id and mi.member_id = m.member_id
       where m.group_id = $1 and mi.account_id = $2 and mi.platform_user_id = 'wmBob' and m.active`, [group.id, accountId]))[0]);
    assert.equal(bob.source, 'shop_qr');
    assert.equal(bob.invite_code, link.body.code);

    // Group messages come from the chat archive.
    const now = Date.now();
    sidecar.add(
      groupRecord(1, 'wmBob', { msgtype: 'text', text: { content: '大家好' } }, { roomid: chatId, msgtime: now - 3000 }),
      groupRecord(2, 'wmAlice', { msgtype: 'text', text: { content: '欢迎 Bob' } }, { roomid: chatId, msgtime: now - 2000 }),
      groupRecord(3, 'zhangsan', { msgtype: 'image', image: { md5sum: 'x', filesize: 1, sdkfileid: 'y' } }, { roomid: chatId, msgtime: now - 1000 }),
      { seq: 4, msgid: 'private-1', action: 'send', from: 'zhangsan', tolist: ['wmBob'], roomid: '', msgtime: now, msgtype: 'text', text: { content: '私聊' } },
    );
    const pulled = await stack.runtime.pullArchives();
    assert.deepEqual(pulled, [{ accountId, seq: 4, stored: 3 }]);
    const cursor = await t().db.query<{ seq: number }>(`select (cursor->>'archiveSeq')::int as seq from platform_accounts where id = $1`, [accountId]);
    assert.equal(cursor[0]!.seq, 4);

    // Operator actions through Qunyun's API.
    const post = await api.post(`/api/groups/${group.id}/messages`, { text: '周四晚八点直播' });
    assert.equal(post.status, 201, post.text);
    assert.equal(post.body.state, 'awaiting_confirmation');
    const task = fake.state.msgTasks.get(post.body.platformMessageId);
    assert.deepEqual(task?.request.chat_id_list, [chatId]);
    assert.equal(task?.request.sender, 'zhangsan');
    for (const action of ['mute', 'kick'] as const) {
      const r = await api.post(`/api/groups/${group.id}/members/${bob.id}/${action}`, action === 'mute' ? { minutes: 30 } : {});
      assert.equal(r.status, 422, r.text);
      assert.equal(r.body.error, 'not_supported');
      assert.match(r.body.message, /WeCom offers no API/);
      assert.match(r.body.instead, /group owner/);
    }
    assert.ok(fake.group(chatId)!.member_list.some((m) => m.userid === 'wmBob'), 'Bob is still in the group');

    // Repeats: WeCom's own retry of the same request (replay), the same event sent again, our re-POST.
    const events = () => count('select count(*)::int as n from events where account_id = $1', [accountId]);
    const before = await events();
    const joinDelivery = fake.deliveries.at(-1)!;
    assert.match(joinDelivery.xml, /add_member/);
    const replay = await fake.resend(joinDelivery);
    assert.deepEqual(replay.attempts.map((a) => [a.status, a.body]), [[200, 'success']], "WeCom's repeat of a processed callback: success, no second effect");
    const again = await fake.sendXml(joinDelivery.xml);
    assert.ok(again.delivered);
    const repost = await fetch(`${callbackUrl}?${new URLSearchParams(again.query)}`, { method: 'POST', body: again.body });
    assert.equal(repost.status, 200);
    const forgedRepost = await fetch(`${callbackUrl}?${new URLSearchParams({ ...again.query, msg_signature: '0'.repeat(40) })}`, { method: 'POST', body: again.body });
    assert.equal(forgedRepost.status, 403, 'a forged one is still refused');
    assert.deepEqual(await stack.runtime.pullArchives(), [{ accountId, seq: 4, stored: 0 }]);
    assert.equal(sidecar.requests.at(-1)?.seq, 4, 'the pull resumes after the stored seq');
    assert.equal(await events(), before);

    // A lost callback is caught by the reconcile job; a second reconcile finds nothing new.
    await fake.join(chatId, { userid: 'wmCarol', name: 'Carol' }, { callback: false });
    const [first] = await stack.runtime.reconcileWecom();
    assert.equal(first?.report?.stored, 1);
    const [second] = await stack.runtime.reconcileWecom();
    assert.equal(second?.report?.stored, 0);
    assert.equal(await events(), before + 1);

    // WeCom refusing this server's IP (60020) puts the account in error, with the reason, in the
    // account list (not a 503 with the reason only in the log); the callback is kept, and both
    // recover once the IP is allowed.
    fake.failNext('externalcontact/groupchat/get', 60020);
    const blocked = await fake.join(chatId, { userid: 'wmDave', name: 'Dave' }).then(() => fake.deliveries.at(-1)!);
    assert.deepEqual(blocked.attempts.map((a) => a.status), [200]);
    const inError = await eventually('the account to show the fault', async () => {
      const a = (await api.get('/api/accounts')).body.items.find((x: { id: number }) => x.id === accountId);
      return a.status === 'error' ? a : undefined;
    });
    assert.equal(inError.fault.code, 'wecom_ip_not_allowed');
    assert.deepEqual(inError.fault.params, { ip: '203.0.113.7' });
    assert.match(inError.error, /60020.*trusted IPs/);
    assert.ok(inError.retry.nextAt && inError.retry.attempts === 1, JSON.stringify(inError.retry));
    const kept = await t().db.query<{ n: number }>('select count(*)::int as n from pending_callbacks where account_id = $1', [accountId]);
    assert.equal(kept[0]!.n, 1, 'the callback is kept');
    assert.equal((await stack.runtime.retryAccount(accountId)).state, 'running', 'the IP allowed again: the retry finds it works');
    assert.equal((await api.get(`/api/accounts`)).body.items.find((x: { id: number }) => x.id === accountId).status, 'active');
    const connector = stack.runtime.connector(accountId) as import('../../src/connectors/wecom/index.ts').WecomConnector;
    await eventually('the kept callback to be processed', async () => {
      await connector.processPending();
      return (await t().db.query<{ n: number }>('select count(*)::int as n from pending_callbacks where account_id = $1', [accountId]))[0]!.n === 0 || undefined;
    });
    assert.equal(await events(), before + 2, "Dave's join stored");

    // Restarting the connector keeps the archive position (stored in the database).
    const off = await api.patch(`/api/accounts/${accountId}`, { enabled: false });
    assert.equal(off.body.status, 'disabled');
    assert.equal((await fetch(`${callbackUrl}?echostr=x`)).status, 404, 'a disabled account takes no deliveries');
    assert.deepEqual(await stack.runtime.pullArchives(), []);
    const on = await api.patch(`/api/accounts/${accountId}`, { enabled: true, name: 'VIP corp' });
    assert.equal(on.body.status, 'active');
    assert.equal(on.body.name, 'VIP corp');
    assert.deepEqual(await stack.runtime.pullArchives(), [{ accountId, seq: 4, stored: 0 }]);

    // The figures, through the API: Alice, Bob, Carol, Dave (zhangsan owns the group: staff, not a member); three group messages today.
    const detail = await eventually("Dave's join to be projected", async () => {
      const d = await api.get(`/api/groups/${group.id}`);
      assert.equal(d.status, 200, d.text);
      return d.body.size === 4 ? d : undefined;
    });
    assert.equal(detail.body.series.at(-1).messages, 3, 'messages today');
    assert.deepEqual(detail.body.joinsBySource.filter((s: { source: string }) => s.source === 'shop_qr'), [{ source: 'shop_qr', joins: 1 }]);
    const list = await api.get('/api/groups');
    const item = list.body.items.find((g: { id: number }) => g.id === group.id);
    assert.equal(item.size, 4);
    assert.equal(item.sparkline.at(-1), 3);
    const members = await api.get(`/api/groups/${group.id}/members?limit=200`);
    assert.deepEqual(members.body.items.filter((m: { source: string | null }) => m.source === 'shop_qr').map((m: { name: string }) => m.name), ['Bob']);
    const links = await api.get(`/api/groups/${group.id}/invite-links`);
    assert.deepEqual(links.body.items.map((l: { source: string; joins: number }) => [l.source, l.joins]), [['shop_qr', 1]]);
    const pushes = await api.get(`/api/groups/${group.id}/pushes`);
    assert.deepEqual(pushes.body.items.map((p: { state: string }) => p.state), ['awaiting_confirmation']);

    const caps = await api.get(`/api/accounts/${accountId}/capabilities`);
    const mute = caps.body.items.find((c: { capability: string }) => c.capability === 'mute');
    assert.equal(mute.supported, false);
    assert.match(mute.instead, /group owner/);
    const accounts = await api.get('/api/accounts');
    const listed = accounts.body.items.find((a: { id: number }) => a.id === accountId);
    assert.ok(listed.capabilities.includes('receiveMessages') && listed.capabilities.includes('sendMessages'));
    assert.deepEqual(listed.unsupported.map((u: { capability: string }) => u.capability).sort(),
      ['approveJoinRequest', 'ban', 'buttons', 'createGroup', 'declineJoinRequest', 'deleteMessage', 'kick', 'mute', 'renameGroup', 'restrict', 'sendPhoto', 'sendToMember', 'unban', 'unrestrict']);
    for (const secret of [fake.secret, CALLBACK_TOKEN, AES_KEY]) assert.ok(!accounts.text.includes(secret));
  });
});
