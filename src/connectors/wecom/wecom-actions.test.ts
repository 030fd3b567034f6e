import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { ActionNotSupported, PlatformError } from '../connector.ts';
import { rig, type Rig } from '../../../test/fakes/wecom/test-kit.ts';

const rigs: Rig[] = [];
after(async () => {
  for (const r of rigs.reverse()) await r.close();
});
async function setup(o: Parameters<typeof rig>[0] = {}): Promise<Rig> {
  const r = await rig(o);
  rigs.push(r);
  return r;
}

describe('WeCom connector: actions', () => {
  test('sendToGroup creates a mass-message task from the owner, awaiting confirmation', async () => {
    const { fake, connector } = await setup();
    const chatId = await fake.createGroup({ name: 'A', owner: 'staff1' });
    const r = await connector.sendToGroup(chatId, { text: '周四晚八点直播', clientKey: 'plan-42' });
    assert.equal(r.state, 'awaiting_confirmation');
    const task = fake.state.msgTasks.get(r.messageId);
    assert.equal(task?.request.sender, 'staff1');
    assert.deepEqual(task?.request.chat_id_list, [chatId]);
    assert.equal(task?.request.text?.content, '周四晚八点直播');
    assert.deepEqual([...task!.results.values()].map((x) => x.status), [0], 'nothing is sent before the owner confirms');
    const again = await connector.sendToGroup(chatId, { text: '周四晚八点直播', clientKey: 'plan-42' });
    assert.equal(again.messageId, r.messageId);
    assert.equal(fake.state.msgTasks.size, 1, 'the same clientKey does not create a second task');
    assert.equal(connector.capabilities.sendToGroup.supported, true);
    assert.match((connector.capabilities.sendToGroup as { note?: string }).note ?? '', /confirm in the WeCom client/);
  });

  test('sendToGroup fails clearly when the sender cannot post to the group', async () => {
    const { fake, connector } = await setup({ connector: { massSender: () => 'staff9' } });
    const chatId = await fake.createGroup({ name: 'A', owner: 'staff1' });
    await assert.rejects(connector.sendToGroup(chatId, { text: 'x' }), (e: unknown) => e instanceof PlatformError && e.code === 'invalid_argument');
  });

  for (const [action, call] of [
    ['mute', (c: Rig['connector']) => c.mute('wr1', 'wmA', new Date(Date.now() + 60_000))],
    ['kick', (c: Rig['connector']) => c.kick('wr1', 'wmA')],
    ['renameGroup', (c: Rig['connector']) => c.renameGroup('wr1', 'New')],
    ['createGroup', (c: Rig['connector']) => c.createGroup({ name: 'New' })],
    ['approveJoinRequest', (c: Rig['connector']) => c.approveJoinRequest('wr1', 'wmA')],
    ['declineJoinRequest', (c: Rig['connector']) => c.declineJoinRequest('wr1', 'wmA')],
    ['sendToMember', (c: Rig['connector']) => c.sendToMember('wmA', { text: 'hi' })],
  ] as const) {
    test(`${action} rejects with ActionNotSupported carrying what to do instead, without calling WeCom`, async () => {
      const { fake, connector } = await setup();
      await assert.rejects(call(connector), (e: unknown) => {
        assert.ok(e instanceof ActionNotSupported);
        assert.equal(e.action, action);
        assert.equal(e.platform, 'wecom');
        assert.ok(e.instead && e.instead.length > 10, 'says what to do instead');
        return true;
      });
      assert.equal(connector.capabilities[action].supported, false);
      assert.equal(fake.calls.length, 0);
    });
  }

  test('mute and kick point to a task for the group owner; createGroup to an auto-creating join way', async () => {
    const { connector } = await setup();
    const why = async (p: Promise<unknown>) => p.then(() => assert.fail('expected a rejection'), (e: ActionNotSupported) => e);
    assert.match((await why(connector.mute('wr1', 'wmA', new Date()))).instead ?? '', /group owner/);
    assert.match((await why(connector.kick('wr1', 'wmA'))).message, /no API to remove external members/);
    assert.match((await why(connector.createGroup({ name: 'x' }))).instead ?? '', /auto-creates/);
    assert.match((await why(connector.sendToMember('wmA', { text: 'x' }))).instead ?? '', /chat_type "single"/);
  });

  test('createInviteLink makes a scene-2 join way with the source as state, auto-creating rooms', async () => {
    const { fake, connector } = await setup();
    const chatId = await fake.createGroup({ name: '宝妈交流群', owner: 'staff1' });
    const link = await connector.createInviteLink(chatId, { source: 'wechat_moments', name: '朋友圈海报' });
    const way = fake.state.joinWays.get(link.code)!;
    assert.equal(link.url, way.qr_code);
    assert.deepEqual({ scene: way.scene, state: way.state, auto: way.auto_create_room, base: way.room_base_name, chats: way.chat_id_list, remark: way.remark },
      { scene: 2, state: 'wechat_moments', auto: 1, base: '宝妈交流群', chats: [chatId], remark: '朋友圈海报' });
  });

  test('createInviteLink refuses what join ways cannot do and a state over 30 characters', async () => {
    const { fake, connector } = await setup();
    const chatId = await fake.createGroup({ name: 'A', owner: 'staff1' });
    await assert.rejects(connector.createInviteLink(chatId, { requiresApproval: true }), ActionNotSupported);
    await assert.rejects(connector.createInviteLink(chatId, { expiresAt: new Date(Date.now() + 86_400_000) }), ActionNotSupported);
    await assert.rejects(connector.createInviteLink(chatId, { source: 'x'.repeat(31) }), { code: 'invalid_argument' });
    assert.equal(fake.state.joinWays.size, 0);
  });
});
