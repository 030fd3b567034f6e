import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { seedCommunity, type Community } from '../../../test/support/community.ts';
import { forEachEngine } from '../../../test/support/engines.ts';
import { testServer } from '../../../test/support/server.ts';

forEachEngine('members api', (ctx) => {
  let server: Awaited<ReturnType<typeof testServer>>;
  let c: Community;
  before(async () => {
    c = await seedCommunity(ctx().db, 'members-api');
    await seedCommunity(ctx().db, 'members-api-other');
    server = await testServer(ctx().db, c.workspaceId);
  });
  after(async () => { await server.close(); });

  const get = async (url: string) => {
    const res = await server.app.inject({ url });
    assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
    return res.json();
  };
  const names = (page: { items: Array<{ displayName: string }> }) => page.items.map((m) => m.displayName).sort();

  test('lists the members of the workspace, newest first', async () => {
    const page = await get('/api/members');
    assert.equal(page.total, 5);
    assert.deepEqual(names(page), ['Alice', 'Bob', 'Carol', 'Dave', 'Eve']);
    const ids = page.items.map((m: { id: number }) => m.id);
    assert.deepEqual(ids, [...ids].sort((x, y) => y - x));
  });

  test('searches by part of the name, in any case, with LIKE wildcards taken literally', async () => {
    assert.deepEqual(names(await get('/api/members?q=A')), ['Alice', 'Carol', 'Dave']);
    assert.deepEqual(names(await get('/api/members?q=lic')), ['Alice']);
    const none = await get('/api/members?q=%25');
    assert.equal(none.total, 0);
  });

  test('filters by group: members in it now', async () => {
    const page = await get(`/api/members?groupId=${c.groups['g-a']}`);
    assert.deepEqual(names(page), ['Alice', 'Bob', 'Carol']);
    assert.equal(page.total, 3);
    assert.deepEqual(names(await get(`/api/members?groupId=${c.groups['g-a']}&q=o`)), ['Bob', 'Carol']);
  });

  test('pages with a cursor and with an offset', async () => {
    const all = (await get('/api/members')).items.map((m: { id: number }) => m.id);
    const first = await get('/api/members?limit=2');
    const second = await get(`/api/members?limit=2&cursor=${first.nextCursor}`);
    const third = await get(`/api/members?limit=2&cursor=${second.nextCursor}`);
    assert.deepEqual([...first.items, ...second.items, ...third.items].map((m: { id: number }) => m.id), all);
    assert.equal(third.nextCursor, null);
    assert.deepEqual((await get('/api/members?limit=2&offset=3')).items.map((m: { id: number }) => m.id), all.slice(3, 5));
  });

  test('a member answers with identities, groups and activity', async () => {
    const alice = await get(`/api/members/${c.members['alice']}`);
    assert.equal(alice.displayName, 'Alice');
    assert.equal(alice.messages30d, 3);
    assert.equal(alice.lastActiveOn, c.today);
    assert.equal(alice.groups, 1);
    assert.deepEqual(alice.identities, [{ accountId: c.accountId, platform: 'sandbox', platformUserId: 'alice', displayName: 'Alice', isBot: false }]);
    assert.equal(alice.memberships.length, 1);
    assert.deepEqual(
      (({ groupId, active, source, staffId, leftAt, messages30d }) => ({ groupId, active, source, staffId, leftAt, messages30d }))(alice.memberships[0]),
      { groupId: c.groups['g-a'], active: true, source: 'qr_code', staffId: 's1', leftAt: null, messages30d: 3 });
    assert.equal(alice.daily.length, 30);
    assert.deepEqual(alice.daily.at(-1), { day: c.today, messages: 3 });

    const bob = await get(`/api/members/${c.members['bob']}`);
    assert.equal(bob.memberships[0].inviterMemberId, c.members['carol']);
    assert.equal(bob.messages30d, 3);
    const dave = await get(`/api/members/${c.members['dave']}`);
    assert.deepEqual([dave.groups, dave.memberships[0].active, dave.memberships[0].leaveReason, dave.lastActiveOn], [0, false, 'left', null]);
  });
});
