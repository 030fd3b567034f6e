import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createWecomClient, type WecomClientOptions } from './client.ts';
import { WecomApiError } from './errors.ts';
import { createFakeWecom, type FakeWecomOptions } from '../../../test/fakes/wecom/fake-server.ts';

const closers: Array<() => Promise<void>> = [];
after(async () => {
  for (const c of closers.reverse()) await c();
});

async function setup(fakeOptions: FakeWecomOptions = {}, clientOptions: Partial<WecomClientOptions> = {}) {
  const fake = createFakeWecom(fakeOptions);
  const apiRoot = await fake.listen();
  closers.push(() => fake.close());
  const delays: number[] = [];
  const client = createWecomClient({
    corpId: fake.corpId, secret: fake.secret, apiRoot, random: () => 1,
    sleep: async (ms) => {
      delays.push(ms);
    },
    ...clientOptions,
  });
  return { fake, client, delays };
}

const LIST = 'externalcontact/groupchat/list';
const GET = 'externalcontact/groupchat/get';

describe('WeCom client: access token', () => {
  test('fetches the token once and reuses it for later calls', async () => {
    const { fake, client } = await setup();
    await fake.createGroup({ name: 'A', owner: 'staff1' });
    for (let i = 0; i < 3; i++) await client.listGroupChats({ limit: 10 });
    assert.equal(fake.callCount('gettoken'), 1);
  });

  test('N concurrent first calls share one gettoken', async () => {
    const { fake, client } = await setup();
    await Promise.all(Array.from({ length: 8 }, () => client.listGroupChats({ limit: 10 })));
    assert.equal(fake.callCount('gettoken'), 1);
    assert.equal(fake.callCount(LIST), 8);
  });

  test('on 42001 one caller refreshes while the others wait for it; each call is retried once and succeeds', async () => {
    const { fake, client } = await setup();
    const chatId = await fake.createGroup({ name: 'A', owner: 'staff1' });
    await client.getGroupChat(chatId);
    fake.expireTokens();
    const results = await Promise.all(Array.from({ length: 10 }, () => client.getGroupChat(chatId)));
    assert.ok(results.every((g) => g.chat_id === chatId));
    assert.equal(fake.callCount('gettoken'), 2, 'initial token plus exactly one refresh');
    assert.equal(fake.calls.filter((c) => c.api === GET && c.errcode === 42001).length, 10);
    assert.equal(fake.calls.filter((c) => c.api === GET && c.errcode === 0).length, 11);
  });

  test('refreshes ahead of expiry instead of waiting for 42001', async () => {
    let clock = 1_800_000_000_000;
    const now = () => clock;
    const { fake, client } = await setup({ tokenTtlSeconds: 7200, now }, { now });
    await client.listGroupChats({ limit: 1 });
    clock += (7200 - 299) * 1000; // inside the 300 s margin
    await client.listGroupChats({ limit: 1 });
    assert.equal(fake.callCount('gettoken'), 2);
    assert.equal(fake.calls.filter((c) => c.errcode === 42001).length, 0);
  });

  test('a wrong secret is invalid_credential at once, without refresh loops', async () => {
    const { fake, client } = await setup({}, { secret: 'wrong' });
    await assert.rejects(client.listGroupChats({ limit: 1 }), (e: unknown) => {
      assert.ok(e instanceof WecomApiError);
      assert.equal(e.code, 'invalid_credential');
      assert.equal(e.errcode, 40001);
      assert.equal(e.status, 401);
      return true;
    });
    assert.equal(fake.callCount('gettoken'), 1);
  });

  test('a token that stays invalid after one refresh is an error, not a loop', async () => {
    const { fake, client } = await setup();
    fake.failNext(LIST, 40014, 2);
    await assert.rejects(client.listGroupChats({ limit: 1 }), { code: 'token_expired', errcode: 40014 });
    assert.equal(fake.callCount('gettoken'), 2);
    assert.equal(fake.callCount(LIST), 2);
  });
});

describe('WeCom client: errors and backoff', () => {
  test('45009 is retried with exponential backoff and then succeeds', async () => {
    const { fake, client, delays } = await setup();
    fake.failNext(LIST, 45009, 2);
    const r = await client.listGroupChats({ limit: 1 });
    assert.equal(r.errcode, 0);
    assert.deepEqual(delays, [1000, 2000]);
  });

  test('a lasting rate limit gives up after maxAttempts as rate_limited with retryAfterMs', async () => {
    const { fake, client, delays } = await setup({}, { maxAttempts: 3 });
    fake.failNext(LIST, 45009, 5);
    await assert.rejects(client.listGroupChats({ limit: 1 }), (e: unknown) => {
      assert.ok(e instanceof WecomApiError);
      assert.equal(e.code, 'rate_limited');
      assert.equal(e.status, 429);
      assert.equal(e.errcode, 45009);
      assert.equal(e.retryAfterMs, 60_000);
      return true;
    });
    assert.equal(fake.callCount(LIST), 3);
    assert.deepEqual(delays, [1000, 2000]);
  });

  test('the fake enforces its per-minute limit with 45009 and the client waits it out', async () => {
    let clock = 1_800_000_000_000;
    const now = () => clock;
    const { fake, client, delays } = await setup({ rateLimitPerMinute: 2, now }, {
      now, baseDelayMs: 30_000, maxDelayMs: 60_000,
      sleep: async (ms) => {
        delays.push(ms);
        clock += ms;
      },
    });
    await client.listGroupChats({ limit: 1 });
    await client.listGroupChats({ limit: 1 });
    await client.listGroupChats({ limit: 1 });
    assert.deepEqual(fake.calls.filter((c) => c.api === LIST).map((c) => c.errcode), [0, 0, 45009, 45009, 0]);
    assert.deepEqual(delays, [30_000, 60_000]);
  });

  test('-1 system busy is retried; permission errors are not', async () => {
    const { fake, client } = await setup();
    fake.failNext(LIST, -1, 1);
    assert.equal((await client.listGroupChats({ limit: 1 })).errcode, 0);
    fake.failNext(LIST, 48002, 1);
    const before = fake.callCount(LIST);
    await assert.rejects(client.listGroupChats({ limit: 1 }), { code: 'permission', status: 403, errcode: 48002 });
    assert.equal(fake.callCount(LIST), before + 1);
  });

  test('an unknown chat id is not_found (40050); a dismissed one too (49008)', async () => {
    const { fake, client } = await setup();
    await assert.rejects(client.getGroupChat('wrNOPE'), { code: 'not_found', errcode: 40050 });
    const chatId = await fake.createGroup({ name: 'A', owner: 'staff1' });
    await fake.dismiss(chatId);
    await assert.rejects(client.getGroupChat(chatId), { code: 'not_found', errcode: 49008 });
  });
});

describe('WeCom client: customer-group APIs against the fake', () => {
  test('listAllGroupChats follows next_cursor to the end', async () => {
    const { fake, client } = await setup();
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await fake.createGroup({ name: `G${i}`, owner: 'staff1', chatId: `wr${i}` }));
    const seen = [];
    for await (const g of client.listAllGroupChats({ limit: 2 })) seen.push(g.chat_id);
    assert.deepEqual(seen.sort(), ids.sort());
    assert.equal(fake.callCount(LIST), 3);
  });

  test('81017 without owner_filter in a large corp; owner ids are chunked by 100', async () => {
    const { fake, client } = await setup({ requireOwnerFilter: true });
    await fake.createGroup({ name: 'A', owner: 'staff1', chatId: 'wrA' });
    await fake.createGroup({ name: 'B', owner: 'staff150', chatId: 'wrB' });
    await assert.rejects(client.listGroupChats({ limit: 10 }), { code: 'owner_filter_required', errcode: 81017 });
    const owners = Array.from({ length: 150 }, (_, i) => `staff${i + 1}`);
    const seen = [];
    for await (const g of client.listAllGroupChats({ ownerIds: owners })) seen.push(g.chat_id);
    assert.deepEqual(seen.sort(), ['wrA', 'wrB']);
    assert.equal(fake.calls.filter((c) => c.api === LIST && c.errcode === 0).length, 2);
  });

  test('groupchat/get returns members with type, join_scene, invitor, state; names only with need_name', async () => {
    const { fake, client } = await setup();
    const chatId = await fake.createGroup({
      name: '会员群', owner: 'staff1', admins: ['staff2'],
      members: [{ userid: 'wmCUST1', name: '王语嫣', unionid: 'ozU1', joinScene: 3, state: 'poster', invitor: 'staff2' }],
    });
    const g = await client.getGroupChat(chatId);
    const cust = g.member_list.find((m) => m.userid === 'wmCUST1')!;
    assert.equal(cust.type, 2);
    assert.equal(cust.join_scene, 3);
    assert.equal(cust.state, 'poster');
    assert.deepEqual(cust.invitor, { userid: 'staff2' });
    assert.equal(cust.name, '王语嫣');
    assert.equal(g.member_list.find((m) => m.userid === 'staff1')?.type, 1);
    assert.deepEqual(g.admin_list, [{ userid: 'staff2' }]);
    assert.equal((await client.getGroupChat(chatId, false)).member_list.find((m) => m.userid === 'wmCUST1')?.name, undefined);
  });

  test('join ways: add, get (with qr_code), update, delete; the documented limits are enforced', async () => {
    const { fake, client } = await setup();
    const chatId = await fake.createGroup({ name: 'A', owner: 'staff1' });
    const configId = await client.addJoinWay({ scene: 2, chat_id_list: [chatId], state: 'poster_0101', auto_create_room: 1, room_base_name: 'A' });
    const way = await client.getJoinWay(configId);
    assert.equal(way.state, 'poster_0101');
    assert.match(way.qr_code ?? '', /^https:\/\//);
    await client.updateJoinWay(configId, { scene: 2, chat_id_list: [chatId], state: 'poster_0102' });
    assert.equal((await client.getJoinWay(configId)).state, 'poster_0102');
    await client.delJoinWay(configId);
    await assert.rejects(client.getJoinWay(configId), { errcode: 41044 });
    await assert.rejects(client.addJoinWay({ scene: 2, chat_id_list: [chatId], state: 'x'.repeat(31) }), { code: 'invalid_argument' });
    await assert.rejects(client.addJoinWay({ scene: 2, chat_id_list: Array(6).fill(chatId) }), { code: 'invalid_argument' });
  });

  test('mass message to a group: a task with msgid; sent only once the sender confirms; fail_list for foreign groups', async () => {
    const { fake, client } = await setup({ monthlyReceiveLimit: 1 });
    const mine = await fake.createGroup({ name: 'A', owner: 'staff1' });
    const theirs = await fake.createGroup({ name: 'B', owner: 'staff9' });
    const r = await client.addMsgTemplate({ chat_type: 'group', sender: 'staff1', chat_id_list: [mine, theirs], text: { content: '周四直播' } });
    assert.deepEqual(r.fail_list, [theirs]);
    const waiting = await client.getGroupMsgSendResult({ msgid: r.msgid, userid: 'staff1' });
    assert.deepEqual(waiting.send_list.map((s) => [s.chat_id, s.status]), [[mine, 0]]);
    assert.ok(fake.confirmMsgTask(r.msgid));
    assert.deepEqual((await client.getGroupMsgSendResult({ msgid: r.msgid, userid: 'staff1' })).send_list.map((s) => s.status), [1]);
    const second = await client.addMsgTemplate({ chat_type: 'group', sender: 'staff1', chat_id_list: [mine], text: { content: '又一条' } });
    fake.confirmMsgTask(second.msgid);
    assert.deepEqual((await client.getGroupMsgSendResult({ msgid: second.msgid, userid: 'staff1' })).send_list.map((s) => s.status), [3]);
    await assert.rejects(client.addMsgTemplate({ chat_type: 'group', chat_id_list: [mine], text: { content: 'x' } }), { code: 'invalid_argument' });
  });

  test('group welcome templates: add, get, edit, delete', async () => {
    const { client } = await setup();
    const id = await client.addWelcomeTemplate({ text: { content: '欢迎%NICKNAME%入群' }, link: { title: '群规', url: 'https://example.com/rules' } });
    assert.equal((await client.getWelcomeTemplate(id)).text?.content, '欢迎%NICKNAME%入群');
    await client.editWelcomeTemplate(id, { text: { content: '欢迎%NICKNAME%' } });
    const t = await client.getWelcomeTemplate(id);
    assert.equal(t.text?.content, '欢迎%NICKNAME%');
    assert.equal(t.link, undefined);
    await client.delWelcomeTemplate(id);
    await assert.rejects(client.getWelcomeTemplate(id), { code: 'invalid_argument' });
    await assert.rejects(client.addWelcomeTemplate({}), { code: 'invalid_argument', errcode: 40063 });
  });

  test('corp tags: add into a new group and list them', async () => {
    const { client } = await setup();
    const added = await client.addCorpTag({ group_name: '来源', tag: [{ name: '门店海报' }, { name: '直播' }] });
    assert.equal(added.tag.length, 2);
    const groups = await client.getCorpTagList();
    assert.deepEqual(groups.flatMap((g) => g.tag.map((t) => t.name)), ['门店海报', '直播']);
  });
});
