import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signedIn, type Client } from '../../../test/support/auth.ts';
import { assertRefused, LONE_SURROGATE, NUL, NUL_IN_URL } from '../../../test/support/bad-input.ts';
import { addDays, seedCommunity, type Community } from '../../../test/support/community.ts';
import { forEachEngine } from '../../../test/support/engines.ts';
import { testServer } from '../../../test/support/server.ts';

forEachEngine('groups api', (ctx) => {
  let server: Awaited<ReturnType<typeof testServer>>;
  let c: Community;
  let owner: Client;
  before(async () => {
    c = await seedCommunity(ctx().db, 'groups-api');
    // Another workspace's groups must never show.
    await seedCommunity(ctx().db, 'groups-api-other');
    server = await testServer(ctx().db);
    owner = await signedIn(server.app, ctx().db, c.workspaceId, 'owner');
  });
  after(async () => { await server.close(); });
  const pids = (page: { items: Array<{ platformGroupId: string }> }) => page.items.map((g) => g.platformGroupId);

  test('lists each group with its figures from the rollups', async () => {
    const page = await owner.get('/api/groups');
    assert.equal(page.total, 3);
    const byPid = Object.fromEntries(page.items.map((g: { platformGroupId: string }) => [g.platformGroupId, g]));
    assert.deepEqual(byPid['g-a'], {
      id: c.groups['g-a'], platformGroupId: 'g-a', platform: 'sandbox', name: 'Alpha 读书会', size: 3, capacity: 200,
      purpose: 'general', layer: 'basic', status: 'active', operator: null, tags: [], messagesPerDay: 0.86,
      sparkline: [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 2, 4], activeMembers7d: 2, joins7d: 3, leaves7d: 1, ageDays: 10, health: 'quiet',
      stage: 'new', measuredAt: null,
    });
    const b = byPid['g-b'];
    assert.deepEqual([b.size, b.messagesPerDay, b.activeMembers7d, b.joins7d, b.leaves7d, b.health, b.sparkline.at(-4)], [1, 1.43, 1, 1, 0, 'quiet', 10]);
    const g = byPid['g-c'];
    assert.deepEqual([g.size, g.messagesPerDay, g.activeMembers7d, g.health, g.ageDays], [0, 0, 0, 'silent', 1]);
  });

  test('sorts by each of the contract sorts, both ways, and pages with limit and offset', async () => {
    const order = async (q: string) => pids(await owner.get(`/api/groups?${q}`));
    assert.deepEqual(await order('sort=name'), ['g-a', 'g-b', 'g-c']);
    assert.deepEqual(await order('sort=name&order=desc'), ['g-c', 'g-b', 'g-a']);
    assert.deepEqual(await order('sort=size&order=desc'), ['g-a', 'g-b', 'g-c']);
    assert.deepEqual(await order('sort=messagesPerDay&order=desc'), ['g-b', 'g-a', 'g-c']);
    assert.deepEqual(await order('sort=activeMembers7d&order=desc'), ['g-a', 'g-b', 'g-c']);
    assert.deepEqual(await order('sort=createdAt&order=desc'), ['g-c', 'g-b', 'g-a']);
    const page = await owner.get('/api/groups?limit=1&offset=1&sort=name');
    assert.deepEqual([pids(page), page.total], [['g-b'], 3]);
    const past = await owner.get('/api/groups?limit=2&offset=5');
    assert.deepEqual([past.items, past.total], [[], 3]);
  });

  test('filters by name, health (repeatable), tag, layer and operator', async () => {
    assert.deepEqual(pids(await owner.get('/api/groups?q=alpha')), ['g-a']);
    assert.deepEqual(pids(await owner.get('/api/groups?health=silent')), ['g-c']);
    assert.deepEqual(pids(await owner.get('/api/groups?health=silent&health=quiet')), ['g-a', 'g-b', 'g-c']);
    await owner.send('POST', '/api/groups/bulk', { ids: [c.groups['g-b']], action: 'tag', value: 'vip' });
    await owner.send('POST', '/api/groups/bulk', { ids: [c.groups['g-b']], action: 'setLayer', value: 'premium' });
    await owner.send('POST', '/api/groups/bulk', { ids: [c.groups['g-c']], action: 'assign', value: owner.userId });
    assert.deepEqual(pids(await owner.get('/api/groups?tag=vip')), ['g-b']);
    assert.deepEqual(pids(await owner.get('/api/groups?layer=premium')), ['g-b']);
    assert.deepEqual(pids(await owner.get(`/api/groups?operatorId=${owner.userId}`)), ['g-c']);
    const facets = await owner.get('/api/facets');
    assert.deepEqual([facets.groupTags, facets.layers], [['vip'], ['basic', 'premium']]);
    await owner.send('POST', '/api/groups/bulk', { ids: [c.groups['g-b']], action: 'untag', value: 'vip' });
    assert.deepEqual(pids(await owner.get('/api/groups?tag=vip')), []);
  });

  test('the health thresholds are workspace settings', async () => {
    await owner.send('PATCH', '/api/workspace', { health: { quietMessagesPerDay: 0.5 } });
    assert.deepEqual(pids(await owner.get('/api/groups?health=healthy')), ['g-a', 'g-b']);
    await owner.send('PATCH', '/api/workspace', { health: { quietMessagesPerDay: 5 } });
  });

  test('a group answers with its series, joins by source, top members and recent messages', async () => {
    const g = await owner.get(`/api/groups/${c.groups['g-a']}`);
    assert.equal(g.size, 3);
    assert.equal(g.series.length, 30);
    assert.equal(g.series.at(-1).day, c.today);
    const day = (n: number) => g.series.find((d: { day: string }) => d.day === addDays(c.today, -n));
    assert.equal(g.grain, 'day');
    assert.deepEqual(day(0), { day: c.today, end: c.today, size: 3, messages: 4, joins: 2, leaves: 1, activeMembers: 2, partial: true });
    assert.deepEqual(day(1), { day: addDays(c.today, -1), end: addDays(c.today, -1), size: 2, messages: 2, joins: 0, leaves: 0, activeMembers: 1, partial: false });
    assert.deepEqual(day(9), { day: addDays(c.today, -9), end: addDays(c.today, -9), size: 1, messages: 0, joins: 1, leaves: 0, activeMembers: 0, partial: false });
    assert.deepEqual(g.joinsBySource, [{ source: 'qr_code', joins: 2 }, { source: 'post', joins: 1 }, { source: 'referral', joins: 1 }]);
    assert.deepEqual(g.topMembers.map((m: { name: string; messages: number }) => [m.name, m.messages]), [['Bob', 3], ['Alice', 3], ['Carol', 1]], 'by messages; ties by member id (Bob was seen before Alice)');
    assert.equal(g.recentMessages.length, 7);
    assert.equal(g.recentMessages[0].member.name, 'Alice');
    assert.equal(g.recentMessages[0].text, 'hi');
    const narrow = await owner.get(`/api/groups/${c.groups['g-a']}?from=${addDays(c.today, -1)}&to=${c.today}`);
    assert.equal(narrow.series.length, 2);
    assert.equal((await owner.inject({ url: `/api/groups/${c.groups['g-a']}?from=${c.today}&to=${addDays(c.today, -3)}` })).statusCode, 400);
  });

  test("a group's members, in it now first", async () => {
    const page = await owner.get(`/api/groups/${c.groups['g-a']}/members?limit=10`);
    assert.equal(page.total, 4);
    assert.deepEqual(page.items.map((m: { name: string; active: boolean; messages30d: number }) => [m.name, m.active, m.messages30d]),
      [['Alice', true, 3], ['Bob', true, 3], ['Carol', true, 1], ['Dave', false, 0]]);
  });
  test('a NUL in a search or filter, or a NUL or lone surrogate in a bulk value, answers 400 naming the field (issue #11)', async () => {
    for (const field of ['q', 'purpose', 'layer', 'tag']) {
      assertRefused(await owner.inject({ url: `/api/groups?${field}=${NUL_IN_URL}` }), [`query.${field}`], /NUL/);
    }
    const tags = async () => (await owner.get('/api/groups')).items.flatMap((g: { tags: string[] }) => g.tags).sort();
    const before = await tags();
    for (const value of [NUL, LONE_SURROGATE]) {
      const res = await owner.inject({ method: 'POST', url: '/api/groups/bulk', payload: { ids: [c.groups['g-a']], action: 'tag', value } });
      assertRefused(res, ['body.value']);
    }
    assert.deepEqual(await tags(), before);
  });

  test('a day outside 1970-01-01..2100-12-31 answers 400 naming it (issue #11: year 0000 reached Postgres)', async () => {
    const id = c.groups['g-a'];
    assertRefused(await owner.inject({ url: `/api/groups/${id}?from=0000-01-01&to=0000-01-14` }), ['query.from', 'query.to'], /1970-01-01/);
    assertRefused(await owner.inject({ url: `/api/groups/${id}?from=0001-01-01&to=0001-01-06` }), ['query.from', 'query.to']);
    assertRefused(await owner.inject({ url: `/api/groups/${id}?to=9999-12-31` }), ['query.to']);
    const edge = await owner.get(`/api/groups/${id}?from=1970-01-01&to=1970-01-02`);
    assert.equal(edge.series.length, 2);
  });
});
