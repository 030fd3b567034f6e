import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseEvent } from '../../events/envelope.ts';
import type { GroupChat, GroupMember } from './api-types.ts';
import { diffGroup, knownAfter, UNNAMED_GROUP } from './reconcile.ts';

const member = (userid: string, join_time: number, extra: Partial<GroupMember> = {}): GroupMember => ({ userid, type: 2, join_time, join_scene: 1, ...extra });
const chat = (members: GroupMember[], name = 'G'): GroupChat => ({ chat_id: 'wrG', name, owner: 'staff1', create_time: 1_700_000_000, member_list: members });
const NOW = 1_700_100_000;

describe('WeCom reconcile diff', () => {
  test('an unknown group yields group_created then a join per customer, staff (type 1) excluded; every event is a valid envelope', () => {
    const events = diffGroup(chat([member('staff1', 1_700_000_000, { type: 1 }), member('wmA', 1_700_000_100, { invitor: { userid: 'staff1' } })]), undefined, { now: NOW });
    assert.deepEqual(events.map((e) => e.type), ['group_created', 'join']);
    assert.deepEqual((events[1] as { via?: unknown }).via, { source: 'invite', inviterId: 'staff1', staffId: 'staff1' }, 'the inviting staff is credited, not made a member');
    for (const e of events) assert.ok(parseEvent(e).ok, JSON.stringify(e));
  });

  test('a member who left and came back between two looks yields a leave stamped before the new join, then the join', () => {
    const known = { name: 'G', members: [{ userId: 'wmA', joinTime: 100 }] };
    const events = diffGroup(chat([member('wmA', 200)]), known, { now: NOW });
    assert.deepEqual(events.map((e) => [e.eventId, e.occurredAt]), [
      ['wc:leave:wrG:wmA:100', new Date(199_000).toISOString()], ['wc:join:wrG:wmA:200', new Date(200_000).toISOString()]]);
  });

  test('a member listed in a membership recorded as ended later gets a join after that leave, under an id of its own', () => {
    const known = { name: 'G', members: [], former: [{ userId: 'wmA', leftAt: 300 }, { userId: 'wmB', leftAt: 100 }] };
    const events = diffGroup(chat([member('wmA', 200), member('wmB', 200)]), known, { now: NOW });
    assert.deepEqual(events.map((e) => [e.eventId, e.occurredAt]), [
      ['wc:join:wrG:wmA:200:after:300', new Date(301_000).toISOString()], ['wc:join:wrG:wmB:200', new Date(200_000).toISOString()]]);
  });

  test('the same state twice yields nothing; knownAfter closes the loop', () => {
    const c = chat([member('wmA', 200)]);
    assert.deepEqual(diffGroup(c, knownAfter(c), { now: NOW }), []);
  });

  test('a leave named by a del_member event takes its time and QuitScene; others take now and "left"', () => {
    const known = { members: [{ userId: 'wmA', joinTime: 1 }, { userId: 'wmB', joinTime: 2 }] };
    const events = diffGroup(chat([]), known, { now: NOW, trigger: { createTime: 1_700_050_000, updateDetail: 'del_member', quitScene: 1, memChangeList: ['wmA'] } });
    assert.deepEqual(events.map((e) => [(e as { userId?: string }).userId, e.occurredAt, (e as { reason?: string }).reason]), [
      ['wmA', new Date(1_700_050_000_000).toISOString(), 'kicked'],
      ['wmB', new Date(NOW * 1000).toISOString(), 'left'],
    ]);
  });

  test('source: the state (mapped if asked), else the join scene', () => {
    const events = diffGroup(chat([member('wmA', 1, { state: 'p01', join_scene: 3 }), member('wmB', 1, { join_scene: 2 }), member('wmC', 1, { join_scene: 3 })]),
      { name: 'G', members: [] }, { now: NOW, sourceFromState: (s) => (s === 'p01' ? 'poster' : s) });
    assert.deepEqual(events.map((e) => (e as { via?: { source?: string } }).via?.source), ['poster', 'invite_link', 'qr_code']);
    assert.equal((events[0] as { via?: { inviteCode?: string } }).via?.inviteCode, 'p01');
  });

  test('renames only when the known name is known and differs; an empty name gets a placeholder', () => {
    assert.deepEqual(diffGroup(chat([], 'New'), { members: [] }, { now: NOW }), []);
    const [renamed] = diffGroup(chat([], ''), { name: 'Old', members: [] }, { now: NOW });
    assert.equal((renamed as { name: string }).name, UNNAMED_GROUP);
  });
});
