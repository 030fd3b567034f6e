import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signedIn, type Client } from '../../../test/support/auth.ts';
import { assertRefused, LONE_SURROGATE, NUL, NUL_IN_URL } from '../../../test/support/bad-input.ts';
import { seedCommunity, type Community } from '../../../test/support/community.ts';
import { forEachEngine } from '../../../test/support/engines.ts';
import { testServer } from '../../../test/support/server.ts';

forEachEngine('members api', (ctx) => {
  let server: Awaited<ReturnType<typeof testServer>>;
  let c: Community;
  let owner: Client;
  before(async () => {
    c = await seedCommunity(ctx().db, 'members-api');
    await seedCommunity(ctx().db, 'members-api-other');
    server = await testServer(ctx().db);
    owner = await signedIn(server.app, ctx().db, c.workspaceId, 'owner');
  });
  after(async () => { await server.close(); });
  const names = (page: { items: Array<{ name: string }> }) => page.items.map((m) => m.name);

  test('lists the members of the workspace with tags, groups, activity and stage', async () => {
    const page = await owner.get('/api/members');
    assert.equal(page.total, 5);
    assert.deepEqual(names(page), ['Alice', 'Bob', 'Carol', 'Dave', 'Eve']);
    const byName = Object.fromEntries(page.items.map((m: { name: string }) => [m.name, m]));
    assert.deepEqual((({ groups, messages30d, stage, tags }) => ({ groups, messages30d, stage, tags }))(byName['Alice']),
      { groups: 1, messages30d: 3, stage: 'new', tags: [] });
    assert.equal(byName['Dave'].stage, 'churned');
    assert.equal(byName['Dave'].lastActiveAt, null);
    assert.equal(byName['Carol'].stage, 'active');
    assert.match(byName['Alice'].lastActiveAt, /^\d{4}-\d\d-\d\dT/);
  });

  test('searches, filters by group, tag and stage, sorts and pages', async () => {
    assert.deepEqual(names(await owner.get('/api/members?q=A')), ['Alice', 'Carol', 'Dave']);
    assert.equal((await owner.get('/api/members?q=%25')).total, 0);
    assert.deepEqual(names(await owner.get(`/api/members?groupId=${c.groups['g-a']}`)), ['Alice', 'Bob', 'Carol']);
    assert.deepEqual(names(await owner.get('/api/members?stage=churned')), ['Dave']);
    assert.deepEqual(names(await owner.get('/api/members?sort=messages30d&order=desc&limit=2')), ['Eve', 'Alice']);
    assert.deepEqual(names(await owner.get('/api/members?sort=lastActiveAt&order=desc&limit=1')), ['Alice']);
    assert.deepEqual(names(await owner.get('/api/members?limit=2&offset=3')), ['Dave', 'Eve']);
  });

  test('tags: replace one member\'s, add and remove on many; they show in the list, facets and timeline', async () => {
    assert.deepEqual(await owner.send('PUT', `/api/members/${c.members['alice']}/tags`, { tags: ['kol', ' beijing ', 'kol'] }), { tags: ['beijing', 'kol'] });
    assert.deepEqual(await owner.send('POST', '/api/members/bulk-tag', { ids: [c.members['alice'], c.members['bob']], add: ['vip'], remove: ['kol'] }), { updated: 2 });
    assert.deepEqual(names(await owner.get('/api/members?tag=vip')), ['Alice', 'Bob']);
    assert.deepEqual((await owner.get('/api/facets')).memberTags, ['beijing', 'vip']);
    const alice = await owner.get(`/api/members/${c.members['alice']}`);
    assert.deepEqual(alice.tags, ['beijing', 'vip']);
    assert.ok(alice.timeline.some((t: { type: string; text?: string }) => t.type === 'tag' && t.text === 'vip'));
  });

  test('a member answers with identities, groups, timeline and activity', async () => {
    const alice = await owner.get(`/api/members/${c.members['alice']}`);
    assert.equal(alice.name, 'Alice');
    assert.deepEqual(alice.identities, [{ platform: 'sandbox', platformUserId: 'alice', displayName: 'Alice' }]);
    assert.deepEqual(alice.groups.map((g: { id: number; active: boolean; source: string }) => [g.id, g.active, g.source]), [[c.groups['g-a'], true, 'qr_code']]);
    assert.equal(alice.activity.length, 30);
    assert.deepEqual(alice.activity.at(-1), { day: c.today, messages: 3 });
    const kinds = alice.timeline.filter((t: { type: string }) => t.type !== 'tag').map((t: { type: string; groupName?: string }) => [t.type, t.groupName]);
    assert.deepEqual(kinds, [['message', 'Alpha 读书会'], ['message', 'Alpha 读书会'], ['message', 'Alpha 读书会'], ['join', 'Alpha 读书会']]);
    const dave = await owner.get(`/api/members/${c.members['dave']}`);
    assert.deepEqual([dave.stage, dave.groups[0].active, typeof dave.groups[0].leftAt], ['churned', false, 'string']);
    assert.equal((await owner.inject({ url: '/api/members/424242' })).statusCode, 404);
  });
  test('a NUL in a search or tag filter, or a NUL or lone surrogate in a tag, answers 400 naming the field (issue #11)', async () => {
    for (const field of ['q', 'tag']) {
      assertRefused(await owner.inject({ url: `/api/members?${field}=${NUL_IN_URL}` }), [`query.${field}`], /NUL/);
    }
    const alice = c.members['alice'];
    const before = (await owner.get(`/api/members/${alice}`)).tags;
    assertRefused(await owner.inject({ method: 'PUT', url: `/api/members/${alice}/tags`, payload: { tags: ['ok', LONE_SURROGATE] } }), ['body.tags.1'], /surrogate/);
    assertRefused(await owner.inject({ method: 'PUT', url: `/api/members/${alice}/tags`, payload: { tags: [NUL] } }), ['body.tags.0'], /NUL/);
    const bulk = await owner.inject({ method: 'POST', url: '/api/members/bulk-tag', payload: { ids: [alice], add: [NUL], remove: [LONE_SURROGATE] } });
    assertRefused(bulk, ['body.add.0', 'body.remove.0']);
    assert.deepEqual((await owner.get(`/api/members/${alice}`)).tags, before);
  });
});
