import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import { createWecomCrypto } from './crypto.ts';
import { changeXml, contactAddedXml } from '../../../test/fakes/wecom/fake-callbacks.ts';
import type { KnownGroup } from './reconcile.ts';
import { AES_KEY, CALLBACK_TOKEN, rig, type Rig } from '../../../test/fakes/wecom/test-kit.ts';

const rigs: Rig[] = [];
after(async () => {
  for (const r of rigs.reverse()) await r.close();
});
async function setup(o: Parameters<typeof rig>[0] = {}): Promise<Rig> {
  const r = await rig(o);
  rigs.push(r);
  return r;
}

describe('WeCom connector: URL verification and request checks', () => {
  test('GET with a valid signature answers the decrypted echostr as plain text', async () => {
    const { connector, fake } = await setup();
    const crypto = createWecomCrypto({ token: CALLBACK_TOKEN, encodingAesKey: AES_KEY, receiveId: fake.corpId });
    const echostr = crypto.encrypt('6523498120938475');
    const timestamp = String(Math.floor(Date.now() / 1000));
    const a = await connector.handleCallback('GET', { msg_signature: crypto.signature(timestamp, '42', echostr), timestamp, nonce: '42', echostr }, '');
    assert.deepEqual({ status: a.status, body: a.body }, { status: 200, body: '6523498120938475' });
    const bad = await connector.handleCallback('GET', { msg_signature: '0'.repeat(40), timestamp, nonce: '42', echostr }, '');
    assert.equal(bad.status, 403);
    assert.match(bad.reason ?? '', /bad_signature/);
    assert.equal(bad.body, 'rejected', 'the reason stays in the log');
  });

  test('a wrong signature and a malformed body are rejected with 4xx and a reason; a repeat of a processed callback is answered success, with no second effect', async () => {
    const { connector, fake, recorder } = await setup();
    const chatId = await fake.createGroup({ name: 'A', owner: 'staff1' });
    const good = fake.deliveries.at(-1)!;
    assert.equal(good.delivered, true);
    const tampered = await connector.handleCallback('POST', { ...good.query, msg_signature: 'f'.repeat(40) }, good.body);
    assert.equal(tampered.status, 403);
    assert.match(tampered.reason ?? '', /bad_signature/);
    const batches = recorder.batches.length;
    const replay = await fake.resend(good);
    assert.equal(replay.delivered, true, 'WeCom retrying a callback it timed out on must not be told 403');
    assert.deepEqual(replay.attempts.map((x) => [x.status, x.body]), [[200, 'success']]);
    assert.equal(recorder.batches.length, batches, 'the repeat is not processed again');
    const missing = await connector.handleCallback('POST', { timestamp: '1', nonce: '1' }, good.body);
    assert.equal(missing.status, 400);
    const crypto = createWecomCrypto({ token: CALLBACK_TOKEN, encodingAesKey: AES_KEY, receiveId: fake.corpId });
    const ts = String(Math.floor(Date.now() / 1000));
    const notXml = crypto.encrypt('this is not xml');
    const malformed = await connector.handleCallback('POST', { msg_signature: crypto.signature(ts, '7', notXml), timestamp: ts, nonce: '7' },
      `<xml><Encrypt><![CDATA[${notXml}]]></Encrypt></xml>`);
    assert.equal(malformed.status, 400);
    assert.equal((await connector.handleCallback('POST', good.query, 'garbage')).status, 400);
    assert.equal(recorder.ofType('group_created').filter((e) => e.groupId === chatId).length, 1);
  });

  test('callbacks other than customer-group changes are acknowledged and ignored', async () => {
    const { fake, recorder } = await setup();
    const xml = '<xml><ToUserName><![CDATA[ww]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1700000000</CreateTime>'
      + '<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[add_external_contact]]></ChangeType></xml>';
    const d = await fake.sendXml(xml);
    assert.deepEqual(d.attempts.map((a) => a.status), [200]);
    assert.equal(recorder.events.length, 0);
  });

  test('a customer added through a contact way (add_external_contact with State) is handed over once answered; a failure to store it answers 503 so WeCom calls again', async () => {
    const got: unknown[] = [];
    let fail = true;
    const { fake, recorder } = await setup({ connector: { onContactAdded: async (c) => { if (fail) { fail = false; throw new Error('database down'); } got.push(c); } } });
    const xml = contactAddedXml('ww', { userId: 'zhangsan', externalUserId: 'wmAbc', state: 'shop~1', welcomeCode: 'WELCOME', createTime: 1700000000 });
    const d = await fake.sendXml(xml);
    assert.deepEqual(d.attempts.map((a) => a.status), [503, 200], 'retried by WeCom after the 503');
    assert.deepEqual(got, [{ userId: 'zhangsan', externalUserId: 'wmAbc', state: 'shop~1', createTime: 1700000000 }]);
    // Without a State (not through a contact way) nothing is handed over.
    await fake.sendXml(contactAddedXml('ww', { userId: 'zhangsan', externalUserId: 'wmDef', createTime: 1700000001 }));
    assert.equal(got.length, 1);
    assert.equal(recorder.events.length, 0, 'no group event');
  });
});

describe('WeCom connector: callbacks it cannot use, clocks that disagree', () => {
  test('an unknown ChangeType is dead-lettered and answered success, not 400', async () => {
    const dead: Array<{ raw: unknown; reason: string }> = [];
    const { fake, recorder } = await setup({ connector: { deadLetter: async (raw, reason) => { dead.push({ raw, reason }); } } });
    const xml = changeXml(fake.corpId, { chatId: 'wrX', changeType: 'update', createTime: Math.floor(Date.now() / 1000) })
      .replace('<![CDATA[update]]>', '<![CDATA[archive]]>');
    const d = await fake.sendXml(xml);
    assert.deepEqual(d.attempts.map((a) => [a.status, a.body]), [[200, 'success']]);
    assert.equal(dead.length, 1);
    assert.match(dead[0]!.reason, /unknown ChangeType "archive"/);
    assert.deepEqual(dead[0]!.raw, { wecomCallback: xml });
    assert.equal(recorder.events.length, 0);
  });

  test('a signed callback more than 300 s from our clock puts the account in error (clock skew), and the change is still taken', async () => {
    const faults: Array<{ code: string; params?: Record<string, string | number> }> = [];
    const oks: Array<readonly string[] | undefined> = [];
    const skewMs = 400_000;
    const { fake, recorder } = await setup({
      connector: { now: () => Date.now() + skewMs, health: { fault: (f) => faults.push(f), ok: (codes) => oks.push(codes) } },
    });
    const chatId = await fake.createGroup({ name: 'A', owner: 'staff1', members: [{ userid: 'wmA' }] });
    assert.deepEqual(fake.deliveries.at(-1)!.attempts.map((a) => a.status), [200], 'not a 403 with the reason only in the log');
    assert.equal(faults[0]?.code, 'wecom_clock_skew');
    assert.deepEqual(faults[0]?.params, { seconds: 400, direction: 'ahead' });
    assert.deepEqual(recorder.ofType('join').map((e) => [e.groupId, e.userId]), [[chatId, 'wmA']]);
  });
});

describe('WeCom connector: membership from callbacks', () => {
  test('a join WeCom lists only some seconds after its callback is read again later, not missed', async () => {
    let clock = Date.now();
    const { fake, connector, recorder } = await setup({ fake: { now: () => clock, memberListLagMs: 2000 }, connector: { now: () => clock, pendingRetry: { lagMs: 3000 } } });
    const chatId = await fake.createGroup({ name: 'A', owner: 'staff1' });
    clock += 10_000;
    await fake.join(chatId, { userid: 'wmLate' });
    assert.deepEqual(fake.deliveries.at(-1)!.attempts.map((a) => a.status), [200]);
    assert.deepEqual(recorder.ofType('join'), [], 'groupchat/get does not list them yet');
    clock += 3000;
    assert.deepEqual(await connector.processPending(), { processed: 1, kept: 0, dropped: 0 });
    assert.deepEqual(recorder.ofType('join').map((e) => e.userId), ['wmLate']);
  });

  test('a new group yields group_created and a join per customer; the owner who invited (staff, type 1) is not a member', async () => {
    const { fake, recorder } = await setup();
    const chatId = await fake.createGroup({ name: '会员一群', owner: 'staff1', members: [{ userid: 'wmA', name: '甲', joinScene: 1, invitor: 'staff1' }] });
    const [created] = recorder.ofType('group_created');
    assert.equal(created?.name, '会员一群');
    assert.equal(created?.ownerId, 'staff1');
    assert.deepEqual(recorder.ofType('join').map((e) => e.userId).sort(), ['wmA']);
    const a = recorder.ofType('join').find((e) => e.userId === 'wmA')!;
    assert.deepEqual(a.via, { source: 'invite', inviterId: 'staff1', staffId: 'staff1' });
    assert.equal(a.groupId, chatId);
  });

  test('a join through a join way is attributed to its state and inviter, with a deterministic id', async () => {
    const { fake, connector, recorder } = await setup();
    const chatId = await fake.createGroup({ name: '门店群', owner: 'staff1' });
    const link = await connector.createInviteLink(chatId, { source: 'shop_poster', name: '门店海报' });
    assert.match(link.url, /^https:\/\//);
    const landed = await fake.joinViaJoinWay(link.code, { userid: 'wmCUST1', name: '王语嫣', invitor: 'staff7' });
    assert.equal(landed, chatId);
    const joinTime = fake.group(chatId)!.member_list.find((m) => m.userid === 'wmCUST1')!.join_time;
    const join = recorder.ofType('join').find((e) => e.userId === 'wmCUST1');
    assert.deepEqual(join, {
      eventId: `wc:join:${chatId}:wmCUST1:${joinTime}`, type: 'join', occurredAt: new Date(joinTime * 1000).toISOString(),
      groupId: chatId, userId: 'wmCUST1', name: '王语嫣', via: { source: 'shop_poster', inviteCode: 'shop_poster', inviterId: 'staff7', staffId: 'staff7' },
    });
  });

  test('a full join way opens the next group (auto_create_room): created + join arrive by callback', async () => {
    const { fake, connector, recorder } = await setup({ fake: { groupCapacity: 2 } });
    const chatId = await fake.createGroup({ name: '福利群', owner: 'staff1', members: [{ userid: 'wmA' }] });
    const link = await connector.createInviteLink(chatId, { source: 'live' });
    const landed = await fake.joinViaJoinWay(link.code, { userid: 'wmB' });
    assert.notEqual(landed, chatId);
    const created = recorder.ofType('group_created').find((e) => e.groupId === landed);
    assert.equal(created?.name, '福利群2');
    assert.equal(recorder.ofType('join').find((e) => e.userId === 'wmB')?.via?.source, 'live');
  });

  test('leaving and being removed yield leave events named after the membership that ended', async () => {
    const { fake, recorder } = await setup();
    const chatId = await fake.createGroup({ name: 'A', owner: 'staff1', members: [{ userid: 'wmA' }, { userid: 'wmB' }] });
    const joinTime = (u: string) => fake.group(chatId)!.member_list.find((m) => m.userid === u)!.join_time;
    const joinA = joinTime('wmA');
    const joinB = joinTime('wmB');
    await fake.leave(chatId, 'wmA');
    await fake.leave(chatId, 'wmB', { removed: true });
    const leaves = recorder.ofType('leave');
    assert.deepEqual(leaves.map((e) => [e.eventId, e.reason]), [[`wc:leave:${chatId}:wmA:${joinA}`, 'left'], [`wc:leave:${chatId}:wmB:${joinB}`, 'kicked']]);
  });

  test('renames yield group_renamed; owner and notice changes are acknowledged without events', async () => {
    const { fake, recorder } = await setup();
    const chatId = await fake.createGroup({ name: 'A', owner: 'staff1' });
    const before = recorder.events.length;
    await fake.changeOwner(chatId, 'staff2');
    await fake.changeNotice(chatId, '文明沟通');
    assert.equal(recorder.events.length, before);
    await fake.rename(chatId, '读书会');
    assert.deepEqual(recorder.ofType('group_renamed').map((e) => e.name), ['读书会']);
    assert.ok(fake.deliveries.every((d) => d.delivered));
  });

  test('dismissal (ChangeType dismiss) ends every membership, then the group', async () => {
    const { fake, recorder } = await setup();
    const chatId = await fake.createGroup({ name: 'A', owner: 'staff1', members: [{ userid: 'wmA', joinTime: 1_700_000_000 }] });
    await fake.dismiss(chatId);
    assert.deepEqual(recorder.ofType('leave').map((e) => [e.eventId, e.userId]), [[`wc:leave:${chatId}:wmA:1700000000`, 'wmA']]);
    assert.deepEqual(recorder.ofType('group_dismissed').map((e) => e.eventId), [`wc:dismiss:${chatId}`]);
  });

  test('a duplicated event (delivered twice, freshly signed) yields identical event ids, stored once', async () => {
    const { fake, recorder } = await setup();
    const chatId = await fake.createGroup({ name: 'A', owner: 'staff1' });
    await fake.join(chatId, { userid: 'wmA' });
    const joined = fake.deliveries.at(-1)!;
    const batchesBefore = recorder.batches.length;
    // Out of order as well: the copy arrives after another member already joined.
    await fake.join(chatId, { userid: 'wmB' });
    const again = await fake.sendXml(joined.xml);
    assert.equal(again.delivered, true);
    assert.equal(recorder.ofType('join').filter((e) => e.userId === 'wmA').length, 1);
    assert.equal(new Set(recorder.events.map((e) => e.eventId)).size, recorder.events.length);
    assert.equal(recorder.batches.length, batchesBefore + 1, 'the copy found nothing new, so the sink was not called');
  });
});

describe('WeCom connector: delivery guarantees', () => {
  test('a callback that cannot be processed now (events not stored) is kept, answered success, and retried by Qunyun itself', async () => {
    const { fake, connector, recorder } = await setup({ connector: { pendingRetry: { baseMs: 60_000 } } });
    recorder.failNext(1);
    const chatId = await fake.createGroup({ name: 'A', owner: 'staff1' });
    const d = fake.deliveries.at(-1)!;
    assert.deepEqual(d.attempts.map((a) => a.status), [200], 'WeCom retries only on network errors: do not count on it');
    assert.deepEqual(recorder.ofType('group_created'), []);
    assert.deepEqual(await connector.processPending(), { processed: 0, kept: 0, dropped: 0 }, 'not due before its backoff');
  });

  test('a callback whose group cannot be re-read (WeCom API down) is kept and processed once the API is back', async () => {
    let clock = Date.now();
    const { fake, connector, recorder } = await setup({ connector: { now: () => clock, pendingRetry: { baseMs: 1000 } } });
    fake.failNext('externalcontact/groupchat/get', -1, 8);
    const chatId = await fake.createGroup({ name: 'A', owner: 'staff1' });
    assert.deepEqual(fake.deliveries.at(-1)!.attempts.map((a) => a.status), [200]);
    assert.deepEqual(recorder.ofType('group_created'), []);
    clock += 1000;
    assert.deepEqual(await connector.processPending(), { processed: 0, kept: 1, dropped: 0 }, 'still down: kept, with a longer wait');
    clock += 2000;
    assert.deepEqual(await connector.processPending(), { processed: 1, kept: 0, dropped: 0 });
    assert.deepEqual(recorder.ofType('group_created').map((e) => e.groupId), [chatId]);
    assert.deepEqual(await connector.processPending(), { processed: 0, kept: 0, dropped: 0 }, 'processed once');
  });

  test('answers 503 before start, so the event is retried rather than lost', async () => {
    const { fake, connector, recorder } = await setup();
    await connector.stop();
    const chatId = await fake.createGroup({ name: 'A', owner: 'staff1' });
    assert.equal(fake.deliveries.at(-1)!.delivered, false);
    await connector.start(recorder.sink);
    await connector.reconcileAll();
    assert.deepEqual(recorder.ofType('group_created').map((e) => e.groupId), [chatId]);
  });

  test('the fake gives up an attempt after its timeout and retries, as WeCom does after 5 s', async () => {
    const { fake } = await setup();
    let calls = 0;
    const silent = createServer((_req, res) => {
      calls++;
      if (calls === 1) return; // never answers the first attempt
      res.writeHead(200).end('success');
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    after(() => new Promise<void>((r) => { silent.closeAllConnections(); silent.close(() => r()); }));
    fake.setCallbackTarget({ url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/cb`, token: CALLBACK_TOKEN, encodingAesKey: AES_KEY, timeoutMs: 100 });
    await fake.createGroup({ name: 'A', owner: 'staff1' });
    assert.deepEqual(fake.deliveries.at(-1)!.attempts.map((a) => a.status), ['timeout', 200]);
  });
});

describe('WeCom connector: reconcile', () => {
  test('reconcileAll recovers lost joins, leaves and renames', async () => {
    const { fake, connector, recorder } = await setup();
    const a = await fake.createGroup({ name: 'A', owner: 'staff1', members: [{ userid: 'wmGone' }] });
    const b = await fake.createGroup({ name: 'B', owner: 'staff2' }, { callback: false });
    await fake.leave(a, 'wmGone', { callback: false });
    await fake.join(a, { userid: 'wmNew', state: 'referral', joinScene: 3 }, { callback: false });
    await fake.rename(a, 'A+', { callback: false });
    assert.equal(recorder.ofType('leave').length, 0);
    const report = await connector.reconcileAll();
    assert.equal(report.groups, 2);
    assert.deepEqual(report.failed, []);
    assert.deepEqual(recorder.ofType('leave').map((e) => e.userId), ['wmGone']);
    assert.deepEqual(recorder.ofType('join').filter((e) => e.groupId === a && e.userId === 'wmNew').map((e) => e.via?.source), ['referral']);
    assert.deepEqual(recorder.ofType('group_created').map((e) => e.groupId).sort(), [a, b].sort());
    assert.deepEqual(recorder.ofType('group_renamed').map((e) => e.name), ['A+']);
    const again = await connector.reconcileAll();
    assert.equal(again.events, 0, 'a second reconcile finds nothing new');
  });

  test('with loadKnownGroup the database is the truth: members it knows that WeCom lacks are left', async () => {
    const db = new Map<string, KnownGroup>();
    const { fake, connector, recorder } = await setup({ connector: { loadKnownGroup: async (id) => db.get(id) } });
    const chatId = await fake.createGroup({ name: 'A', owner: 'staff1' }, { callback: false });
    db.set(chatId, { name: 'A', members: [{ userId: 'staff1', joinTime: fake.group(chatId)!.member_list[0]!.join_time }, { userId: 'wmGhost', joinTime: 1700000000 }] });
    await connector.reconcileGroup(chatId);
    assert.deepEqual(recorder.events.map((e) => e.eventId), [`wc:leave:${chatId}:wmGhost:1700000000`]);
  });

  test('a group WeCom reports dismissed (49008) is closed by reconcile', async () => {
    const { fake, connector, recorder } = await setup();
    const chatId = await fake.createGroup({ name: 'A', owner: 'staff1' });
    await fake.dismiss(chatId, { callback: false });
    await connector.reconcileGroup(chatId);
    assert.deepEqual(recorder.ofType('group_dismissed').map((e) => e.groupId), [chatId]);
  });

  test('a hand-written update event for an unknown user is only a trigger: the diff decides', async () => {
    const { fake, recorder } = await setup();
    const chatId = await fake.createGroup({ name: 'A', owner: 'staff1' });
    const before = recorder.events.length;
    const d = await fake.sendXml(changeXml(fake.corpId, {
      chatId, changeType: 'update', updateDetail: 'add_member', joinScene: 3, memChangeList: ['wmNobody'], createTime: Math.floor(Date.now() / 1000),
    }));
    assert.equal(d.delivered, true);
    assert.equal(recorder.events.length, before);
  });
});
