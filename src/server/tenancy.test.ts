/**
 * Who sees what. (1) A user of workspace A gets 404 for every id of workspace B on every route:
 * the test walks all registered routes, so a new route is covered without being listed here.
 * (2) An operator sees and changes only the groups assigned to them, and their members.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createStaffUser, signedIn, type Client } from '../../test/support/auth.ts';
import { seedCommunity, type Community } from '../../test/support/community.ts';
import { forEachEngine } from '../../test/support/engines.ts';
import { fillUrl, routeFixtures, type World } from '../../test/support/route-fixtures.ts';
import { testServer } from '../../test/support/server.ts';

/** Valid bodies for routes whose fixtures are pending: enough to get past validation to the access check. */
const probePayloads: Record<string, unknown> = {
  'PATCH /api/accounts/:id': { name: 'x' },
  'POST /api/campaigns/:id/status': { status: 'paused' },
  'POST /api/campaigns/:id/participants': { memberId: 1 },
  'POST /api/campaigns/:id/referrals/:referralId/review': { decision: 'release', note: 'x' },
  'POST /api/groups/:id/messages': { text: 'hello' },
  'POST /api/groups/:id/members/:memberId/mute': { minutes: 5 },
  'POST /api/groups/:id/members/:memberId/kick': {},
  'POST /api/groups/:id/invite-links': { source: 'poster' },
  'POST /api/moderation/decisions/:id/undo': {},
  'POST /api/moderation/decisions/:id/not-spam': {},
  'POST /api/moderation/decisions/:id/confirm': {},
  'POST /api/moderation/decisions/:id/appeal-link': { send: false },
  'POST /api/moderation/appeals/:id/decide': { accept: true },
  'PATCH /api/codes/:id': { status: 'paused' },
  'POST /api/codes/:id/groups': { groupId: 1 },
  'POST /api/codes/:id/staff': { staffUserId: 1, platformUserId: 'x' },
  'POST /api/codes/:id/orders': { orderId: 'o-1', entryId: 1, amountCents: 100 },
  'POST /api/code-entries/:id/approve': {},
  'POST /api/code-entries/:id/reject': {},
};

forEachEngine('tenancy and operator scope', (ctx) => {
  let server: Awaited<ReturnType<typeof testServer>>;
  let a: Community, b: Community;
  let ownerA: Client, operatorA: Client, viewerA: Client;
  let worldB: World;
  before(async () => {
    const db = ctx().db;
    a = await seedCommunity(db, 'tenant-a');
    b = await seedCommunity(db, 'tenant-b');
    server = await testServer(db);
    ownerA = await signedIn(server.app, db, a.workspaceId, 'owner');
    operatorA = await signedIn(server.app, db, a.workspaceId, 'operator');
    viewerA = await signedIn(server.app, db, a.workspaceId, 'viewer');
    await ownerA.send('POST', '/api/groups/bulk', { ids: [a.groups['g-a']], action: 'assign', value: operatorA.userId });
    const staffB = await createStaffUser(db, b.workspaceId, 'operator');
    const ownerB = await signedIn(server.app, db, b.workspaceId, 'owner');
    const invite = await ownerB.send('POST', '/api/staff/invites', { email: 'b-invitee@example.com', role: 'viewer' });
    const activityB = await ownerB.send('POST', '/api/activities', { kind: 'poll', groupId: b.groups['g-a'], title: 'B', config: { options: ['x', 'y'] } });
    worldB = { c: b, staffUserId: staffB.userId, state: { inviteToken: decodeURIComponent(invite.url.split('/invite/')[1]), activityId: String(activityB.id) } };
    // A live code of B with an entry and a task, for the routes of codes.
    const codeB = await ownerB.send('POST', '/api/codes', { name: 'B', source: 'shop', threshold: { kind: 'approval', questions: [] } });
    const entryB = await db.query<{ id: number }>(`insert into code_entries (workspace_id, code_id, token, kind) values ($1, $2, 'token-of-b-entry', 'approval') returning id`, [b.workspaceId, codeB.code.id]);
    const taskB = await db.query<{ id: number }>(`insert into code_tasks (workspace_id, code_id, kind, text) values ($1, $2, 'open_group', 'B') returning id`, [b.workspaceId, codeB.code.id]);
    Object.assign(worldB.state, { codeId: String(codeB.code.id), entryId: String(entryB[0]!.id), taskId: String(taskB[0]!.id) });
    // B's calendar entry, experiment and live session, for the routes of content.
    const calB = await ownerB.send('POST', '/api/calendar/entries', { day: '2026-06-02', slot: '20:00', layer: 'basic', theme: 'B', text: 'B' });
    const expB = await ownerB.send('POST', '/api/experiments', { name: 'B', variants: [{ name: 'A', text: 'a' }, { name: 'B', text: 'b' }] });
    const liveB = await ownerB.send('POST', '/api/live-sessions', { title: 'B', guest: 'B', groupIds: [b.groups['g-a']], startsAt: '2026-06-04T12:00:00.000Z' });
    Object.assign(worldB.state, { calendarEntryId: String(calB.id), experimentId: String(expB.id), liveSessionId: String(liveB.id) });
    // A referral campaign of B over that code, with a referral, for the routes of campaigns.
    const campaignB = await ownerB.send('POST', '/api/campaigns', { name: 'B', codeId: codeB.code.id, stock: 5, settings: { kind: 'coupon', goal: 3, tiers: [{ at: 1, reward: '券' }] } });
    const refB = await db.query<{ id: number }>(
      `insert into campaign_referrals (workspace_id, campaign_id, participant_id, inviter_member_id, invitee_member_id, group_id, joined_at, status)
       values ($1, $2, 1, $3, $4, $5, now(), 'held') returning id`, [b.workspaceId, campaignB.campaign.id, b.members['alice'], b.members['bob'], b.groups['g-a']]);
    Object.assign(worldB.state, { campaignId: String(campaignB.campaign.id), referralId: String(refB[0]!.id) });
    const keyB = await ownerB.send('POST', '/api/api-keys', { name: 'B' });
    worldB.state.apiKeyId = String(keyB.key.id);
  });
  after(async () => { await server.close(); });

  test("every route answers 404 for another workspace's ids, and 401 without a session", async () => {
    const checked: string[] = [];
    const seen = new Set<string>();
    for (const route of server.app.routeCatalog) {
      const key = `${route.method} ${route.url}`;
      if (route.public || route.method === 'HEAD' || seen.has(key)) continue;
      seen.add(key);
      const path = fillUrl(worldB, route.url);
      assert.ok(path, `${key}: no value for a parameter (extend paramValue in test/support/route-fixtures.ts)`);
      const anonymous = await server.app.inject({ method: route.method as 'GET', url: path, headers: { cookie: 'qy_csrf=c', 'x-csrf-token': 'c' } });
      assert.equal(anonymous.statusCode, 401, `${key} without a session`);
      const fixture = routeFixtures[key]?.(worldB);
      const payload = fixture?.payload ?? probePayloads[key];
      const usesIds = route.url.includes(':') || JSON.stringify(payload ?? {}).match(/"ids"/);
      if (!usesIds) continue;
      const res = await ownerA.inject({ method: route.method as 'GET', url: path, ...(payload !== undefined ? { payload: payload as object } : {}) });
      assert.equal(res.statusCode, 404, `${key} with workspace B's ids answered ${res.statusCode}: ${res.body}`);
      assert.equal(res.json().error, 'not_found');
      checked.push(key);
    }
    for (const key of ['GET /api/groups/:id', 'GET /api/groups/:id/members', 'GET /api/members/:id', 'PUT /api/members/:id/tags', 'POST /api/groups/bulk', 'POST /api/members/bulk-tag', 'PATCH /api/staff/:id', 'DELETE /api/staff/:id']) {
      assert.ok(checked.includes(key), `${key} was walked`);
    }
  });

  test('an operator sees only their groups: list, detail, members, figures', async () => {
    const list = await operatorA.get('/api/groups');
    assert.deepEqual(list.items.map((g: { id: number }) => g.id), [a.groups['g-a']]);
    assert.equal(list.total, 1);
    assert.deepEqual(list.items[0].operator, { id: operatorA.userId, name: list.items[0].operator.name });
    for (const url of [`/api/groups/${a.groups['g-b']}`, `/api/groups/${a.groups['g-b']}/members`, `/api/members/${a.members['eve']}`, `/api/members?groupId=${a.groups['g-b']}`]) {
      assert.equal((await operatorA.inject({ url })).statusCode, 404, url);
    }
    assert.equal((await operatorA.inject({ url: `/api/groups/${a.groups['g-a']}` })).statusCode, 200);
    const members = await operatorA.get('/api/members?limit=50');
    assert.deepEqual(members.items.map((m: { name: string }) => m.name).sort(), ['Alice', 'Bob', 'Carol', 'Dave']);
    const mine = await operatorA.get('/api/overview');
    const all = await ownerA.get('/api/overview');
    assert.equal(mine.totals.groups, 1);
    assert.equal(mine.totals.messages, 7, "g-a's messages only");
    assert.equal(mine.totals.members, 3);
    assert.equal(all.totals.groups, 3);
    assert.equal(all.totals.messages, 17);
    // Wrote in the last 7 days: Alice, Bob (g-a) and Eve (g-b); Carol wrote 8 days ago.
    assert.deepEqual([all.totals.activeMembersWeekly, mine.totals.activeMembersWeekly], [3, 2]);
    assert.deepEqual([all.series.length, all.series.at(-1).messages, all.series.at(-1).activeMembers], [30, 4, 2]);
    assert.deepEqual(all.previous, { members: 0, people: 0, groups: 0, joins: 0, leaves: 0, messages: 0, activeMembersDaily: 0, activeMembersWeekly: 0 });
    const facets = await operatorA.get('/api/facets');
    assert.deepEqual(facets.purposes, ['general']);
  });

  test('an operator changes only their groups and members; assigning needs an admin; a viewer changes nothing', async () => {
    const ga = a.groups['g-a']!, gb = a.groups['g-b']!;
    const mixed = await operatorA.inject({ method: 'POST', url: '/api/groups/bulk', payload: { ids: [ga, gb], action: 'tag', value: 'hot' } });
    assert.equal(mixed.statusCode, 404, 'one group out of reach fails the whole request');
    assert.deepEqual((await ownerA.get(`/api/groups/${gb}`)).tags, [], 'and nothing was done');
    assert.deepEqual(await operatorA.send('POST', '/api/groups/bulk', { ids: [ga], action: 'tag', value: 'hot' }), { updated: 1 });
    assert.deepEqual(await operatorA.send('POST', '/api/groups/bulk', { ids: [ga], action: 'setLayer', value: 'premium' }), { updated: 1 });
    assert.equal((await operatorA.inject({ method: 'POST', url: '/api/groups/bulk', payload: { ids: [ga], action: 'assign', value: null } })).statusCode, 403);
    assert.equal((await operatorA.inject({ method: 'PUT', url: `/api/members/${a.members['eve']}/tags`, payload: { tags: ['x'] } })).statusCode, 404);
    assert.deepEqual(await operatorA.send('PUT', `/api/members/${a.members['alice']}/tags`, { tags: ['kol'] }), { tags: ['kol'] });
    assert.equal((await operatorA.inject({ method: 'POST', url: '/api/members/bulk-tag', payload: { ids: [a.members['alice'], a.members['eve']], add: ['y'] } })).statusCode, 404);
    assert.equal((await viewerA.inject({ method: 'POST', url: '/api/groups/bulk', payload: { ids: [ga], action: 'tag', value: 'v' } })).statusCode, 403);
    assert.equal((await viewerA.inject({ method: 'PATCH', url: '/api/workspace', payload: { name: 'v' } })).statusCode, 403);
    assert.equal((await operatorA.inject({ method: 'PATCH', url: '/api/workspace', payload: { name: 'v' } })).statusCode, 403);
    const list = await ownerA.get('/api/groups?tag=hot');
    assert.deepEqual(list.items.map((g: { id: number; layer: string }) => [g.id, g.layer]), [[ga, 'premium']]);
  });
});
