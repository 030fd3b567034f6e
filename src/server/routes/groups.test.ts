import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addDays, seedCommunity, type Community } from '../../../test/support/community.ts';
import { forEachEngine } from '../../../test/support/engines.ts';
import { testServer } from '../../../test/support/server.ts';

forEachEngine('groups api', (ctx) => {
  let server: Awaited<ReturnType<typeof testServer>>;
  let c: Community;
  before(async () => {
    c = await seedCommunity(ctx().db, 'groups-api');
    // Another workspace's groups must never show.
    await seedCommunity(ctx().db, 'groups-api-other');
    server = await testServer(ctx().db, c.workspaceId);
  });
  after(async () => { await server.close(); });

  const get = async (url: string) => {
    const res = await server.app.inject({ url });
    assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
    return res.json();
  };

  test('lists each group with its figures from the rollups', async () => {
    const page = await get('/api/groups');
    assert.equal(page.total, 3);
    assert.equal(page.nextCursor, null);
    const byPid = Object.fromEntries(page.items.map((g: { platformGroupId: string }) => [g.platformGroupId, g]));
    const { id, createdAt, ...a } = byPid['g-a'];
    assert.equal(id, c.groups['g-a']);
    assert.equal(createdAt, new Date(`${addDays(c.today, -10)}T09:00:00+08:00`).toISOString());
    assert.deepEqual(a, {
      platformGroupId: 'g-a', name: 'Alpha 读书会', capacity: 200, size: 3, purpose: 'general', layer: 'basic', status: 'active',
      messagesPerDay: 0.86, messagesToday: 4, activeMembersToday: 2, activeMembers7d: 2, joins7d: 3, leaves7d: 1,
    });
    const b = byPid['g-b'];
    assert.deepEqual([b.size, b.messagesPerDay, b.messagesToday, b.activeMembersToday, b.activeMembers7d, b.joins7d, b.leaves7d],
      [1, 1.43, 0, 0, 1, 1, 0]);
    const g = byPid['g-c'];
    assert.deepEqual([g.size, g.messagesPerDay, g.messagesToday, g.activeMembers7d, g.joins7d], [0, 0, 0, 0, 0]);
  });

  test('sorts by name, size, messages of the last 7 days and creation, both ways', async () => {
    const order = async (q: string) => (await get(`/api/groups?${q}`)).items.map((g: { platformGroupId: string }) => g.platformGroupId);
    assert.deepEqual(await order('sort=name'), ['g-a', 'g-b', 'g-c']);
    assert.deepEqual(await order('sort=name&order=desc'), ['g-c', 'g-b', 'g-a']);
    assert.deepEqual(await order('sort=size&order=desc'), ['g-a', 'g-b', 'g-c']);
    assert.deepEqual(await order('sort=size'), ['g-c', 'g-b', 'g-a']);
    assert.deepEqual(await order('sort=messages_7d&order=desc'), ['g-b', 'g-a', 'g-c']);
    assert.deepEqual(await order('sort=created_at&order=desc'), ['g-c', 'g-b', 'g-a']);
  });

  test('pages with a cursor and with an offset', async () => {
    for (const [sort, order, expected] of [
      ['messages_7d', 'desc', ['g-b', 'g-a', 'g-c']], ['created_at', 'asc', ['g-a', 'g-b', 'g-c']], ['name', 'desc', ['g-c', 'g-b', 'g-a']],
    ] as const) {
      const first = await get(`/api/groups?limit=2&sort=${sort}&order=${order}`);
      assert.deepEqual(first.items.map((g: { platformGroupId: string }) => g.platformGroupId), expected.slice(0, 2));
      assert.equal(typeof first.nextCursor, 'string');
      const second = await get(`/api/groups?limit=2&sort=${sort}&order=${order}&cursor=${first.nextCursor}`);
      assert.deepEqual(second.items.map((g: { platformGroupId: string }) => g.platformGroupId), expected.slice(2));
      assert.equal(second.nextCursor, null);
    }
    const skipped = await get('/api/groups?limit=1&offset=1&sort=name');
    assert.deepEqual(skipped.items.map((g: { platformGroupId: string }) => g.platformGroupId), ['g-b']);
    assert.equal(skipped.total, 3);
    const first = await get('/api/groups?limit=2&sort=name');
    const other = await server.app.inject({ url: `/api/groups?limit=2&sort=size&cursor=${first.nextCursor}` });
    assert.equal(other.statusCode, 400, 'a cursor of one sort order is refused for another');
  });

  test('a group answers with 30 days of figures and its joins by source', async () => {
    const g = await get(`/api/groups/${c.groups['g-a']}`);
    assert.equal(g.today, c.today);
    assert.equal(g.size, 3);
    assert.equal(g.daily.length, 30);
    assert.equal(g.daily[0].day, addDays(c.today, -29));
    const day = (n: number) => g.daily.find((d: { day: string }) => d.day === addDays(c.today, -n));
    assert.deepEqual(day(0), { day: c.today, messages: 4, joins: 2, leaves: 1, activeMembers: 2 });
    assert.deepEqual(day(1), { day: addDays(c.today, -1), messages: 2, joins: 0, leaves: 0, activeMembers: 1 });
    assert.deepEqual(day(8), { day: addDays(c.today, -8), messages: 1, joins: 0, leaves: 0, activeMembers: 1 });
    assert.deepEqual(day(9), { day: addDays(c.today, -9), messages: 0, joins: 1, leaves: 0, activeMembers: 0 });
    assert.equal(g.daily.reduce((n: number, d: { messages: number }) => n + d.messages, 0), 7);
    assert.deepEqual(g.joinsBySource, [{ source: 'qr_code', joins: 2 }, { source: 'post', joins: 1 }, { source: 'referral', joins: 1 }]);
  });

  test("another workspace's group is not found", async () => {
    const other = (await ctx().db.query<{ id: number }>(
      `select g.id from groups g join workspaces w on w.id = g.workspace_id where w.slug = 'groups-api-other' and g.platform_group_id = 'g-a'`))[0]!.id;
    assert.ok(!Object.values(c.groups).includes(other));
    const res = await server.app.inject({ url: `/api/groups/${other}` });
    assert.equal(res.statusCode, 404);
  });
});
