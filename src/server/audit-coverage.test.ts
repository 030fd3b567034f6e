/**
 * Every state-changing route leaves an entry in the audit log: this walks every POST, PUT, PATCH
 * and DELETE route the app registers (webhooks aside: platform deliveries are recorded in the
 * event log itself), calls each validly (test/support/route-fixtures.ts) and counts audit rows.
 * A new route without a fixture fails here, so it cannot ship unaudited by omission.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createStaffUser, signedIn, TEST_PASSWORD, type Client } from '../../test/support/auth.ts';
import { seedCommunity } from '../../test/support/community.ts';
import { forEachEngine } from '../../test/support/engines.ts';
import { fillUrl, pendingFixtures, routeFixtures, type World } from '../../test/support/route-fixtures.ts';
import { testServer } from '../../test/support/server.ts';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Routes whose fixtures must run in this order (set-up first, sign-out last); the rest follow. */
const ORDER = ['POST /api/setup', 'POST /api/login', 'POST /api/staff/invites', 'POST /api/invites/:token/accept', 'PATCH /api/staff/:id'];
const LAST = ['DELETE /api/automations/:id', 'POST /api/members/:id/erase' /* alice takes no tags after it */, 'DELETE /api/staff/:id', 'POST /api/session/workspace', 'POST /api/password', 'POST /api/logout', 'POST /api/logout/all'];

forEachEngine('audit coverage', (ctx) => {
  let server: Awaited<ReturnType<typeof testServer>>;
  before(async () => { server = await testServer(ctx().db); });
  after(async () => { await server.close(); });

  test('every state-changing route records an audit entry', async (t) => {
    const db = ctx().db;
    const routes = [...new Set(server.app.routeCatalog
      .filter((r) => WRITES.has(r.method) && !r.url.startsWith('/webhooks/'))
      .map((r) => `${r.method} ${r.url}`))];
    const missing = routes.filter((r) => !routeFixtures[r] && !pendingFixtures[r]);
    assert.deepEqual(missing, [], 'add a fixture to test/support/route-fixtures.ts for each of these routes');
    assert.deepEqual(Object.keys(pendingFixtures).filter((r) => !routes.includes(r)), [], 'stale entries in pendingFixtures');
    for (const [r, why] of Object.entries(pendingFixtures)) t.diagnostic(`not walked yet: ${r} (${why})`);
    const walked = routes.filter((r) => routeFixtures[r]);
    const ordered = [...ORDER, ...walked.filter((r) => !ORDER.includes(r) && !LAST.includes(r)), ...LAST].filter((r) => walked.includes(r));

    let owner: Client | undefined;
    const world: World = { c: undefined as never, staffUserId: 0, state: {} };
    const count = async () => (await db.query<{ n: number }>('select count(*)::int as n from audit_log'))[0]!.n;
    for (const key of ordered) {
      if (key !== 'POST /api/setup' && !owner) {
        world.c = await seedCommunity(db, 'default');
        owner = await signedIn(server.app, db, world.c.workspaceId, 'owner');
        const login = await createStaffUser(db, world.c.workspaceId, 'viewer');
        world.state.email = login.email;
        world.state.password = TEST_PASSWORD;
        world.staffUserId = (await createStaffUser(db, world.c.workspaceId, 'operator')).userId;
      }
      const [method, url] = key.split(' ') as ['POST' | 'PUT' | 'PATCH' | 'DELETE', string];
      const fixture = routeFixtures[key]!(world);
      const path = fillUrl(world, url);
      assert.ok(path, `${key}: no value for a parameter (extend paramValue in test/support/route-fixtures.ts)`);
      const before = await count();
      const request = { method, url: path, ...(fixture.payload !== undefined ? { payload: fixture.payload as object } : {}) };
      const res = fixture.anonymous
        ? await server.app.inject({ ...request, headers: { cookie: 'qy_csrf=c', 'x-csrf-token': 'c' } })
        // Sign-out ended the owner's session: sign out everywhere is walked by another owner.
        : await (key === 'POST /api/logout/all' ? await signedIn(server.app, db, world.c.workspaceId, 'owner') : owner!).inject(request);
      assert.ok(res.statusCode >= 200 && res.statusCode < 300, `${key}: ${res.statusCode} ${res.body}`);
      if (key === 'POST /api/automations') world.state.automationId = String(res.json().id);
      if (key === 'POST /api/pushes/library') world.state.contentId = String(res.json().id);
      if (key === 'POST /api/pushes') world.state.pushId = String(res.json().id);
      if (key === 'POST /api/activities') world.state.activityId = String(res.json().id);
      if (key === 'POST /api/calendar/entries') world.state.calendarEntryId = String(res.json().id);
      if (key === 'POST /api/experiments') world.state.experimentId = String(res.json().id);
      if (key === 'POST /api/live-sessions') world.state.liveSessionId = String(res.json().id);
      if (key === 'POST /api/staff/invites') world.state.inviteToken = decodeURIComponent(res.json().url.split('/invite/')[1]);
      if (key === 'POST /api/moderation/bans') world.state.banId = String(res.json().id);
      if (key === 'POST /api/api-keys') world.state.apiKeyId = String(res.json().key.id);
      if (fixture.noAudit) continue;
      assert.ok((await count()) > before, `${key} changed something and left no audit entry`);
    }
    const actions = (await db.query<{ action: string }>('select distinct action from audit_log order by 1')).map((r) => r.action);
    for (const a of ['setup', 'session.login', 'staff.invite', 'staff.invite.accept', 'group.tag', 'member.tags.set', 'session.logout', 'session.password.change', 'session.logout.all']) assert.ok(actions.includes(a), a);
    // The entry says who, from where, and what.
    const entry = (await db.query<{ actor_user_id: number; ip: string; target: string }>(
      `select actor_user_id, ip, target from audit_log where action = 'member.tags.set'`))[0]!;
    assert.deepEqual(entry, { actor_user_id: owner!.userId, ip: '127.0.0.1', target: `member:${world.c.members['alice']}` });
  });
});
