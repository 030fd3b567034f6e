/**
 * Moderation's HTTP API on both engines: the queue shows the reactor's decisions with evidence
 * (an operator only those of their groups), confirm / not spam / undo, the appeal link and the
 * public appeal page, deciding the appeal, per-rule figures, the ban list with CSV export; every
 * change leaves its audit entry.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signedIn, type Client } from '../../../test/support/auth.ts';
import { seedCommunity, type Community } from '../../../test/support/community.ts';
import { forEachEngine } from '../../../test/support/engines.ts';
import { testServer } from '../../../test/support/server.ts';
import type { PlatformEventInput } from '../../events/envelope.ts';
import { appendBatch, IdentityCache } from '../../events/ingest.ts';
import { projectPending } from '../../events/projector.ts';
import { reactPending } from '../../events/reactors.ts';
import { moderationReactor } from '../../moderation/reactor.ts';

forEachEngine('moderation api', (ctx) => {
  let server: Awaited<ReturnType<typeof testServer>>;
  let c: Community;
  let owner: Client;
  let operator: Client;
  before(async () => {
    const db = ctx().db;
    c = await seedCommunity(db, 'mod-api');
    const reactor = moderationReactor();
    await reactPending(db, c.workspaceId, [reactor]);
    const now = new Date().toISOString();
    const spam = (i: number, text: string): PlatformEventInput => ({ type: 'message', eventId: `spam${i}`, occurredAt: now, groupId: 'g-a', messageId: `sm${i}`, userId: 'bob', text });
    await appendBatch(db, { workspaceId: c.workspaceId, accountId: c.accountId, timezone: 'Asia/Shanghai' },
      [spam(1, '加我微信 abc12345 有优惠'), spam(2, '私聊我领红包'), spam(3, '加我微信 qq778899 兼职')], new IdentityCache());
    await projectPending(db, c.workspaceId);
    await reactPending(db, c.workspaceId, [reactor]);
    server = await testServer(db);
    owner = await signedIn(server.app, db, c.workspaceId, 'owner');
    operator = await signedIn(server.app, db, c.workspaceId, 'operator');
  });
  after(async () => { await server.close(); });

  const audited = async (action: string) => (await ctx().db.query('select 1 from audit_log where workspace_id = $1 and action = $2', [c.workspaceId, action])).length;

  test('the queue shows decisions with evidence; an operator sees only their groups', async () => {
    const q = await owner.get('/api/moderation/decisions');
    assert.equal(q.total, 3);
    const first = q.items.at(-1);
    assert.equal(first.member.name, 'Bob');
    assert.equal(first.group.name, 'Alpha 读书会');
    assert.ok(first.evidence.length > 0 && first.evidence[0].span, 'evidence points into the message');
    assert.deepEqual(first.actions, ['delete', 'warn']);
    assert.ok(first.delivery.length >= 2, 'the outbox steps are shown');
    assert.equal((await operator.get('/api/moderation/decisions')).total, 0, 'no group assigned to the operator');
    const refused = await operator.inject({ method: 'POST', url: `/api/moderation/decisions/${first.id}/undo`, payload: {} });
    assert.equal(refused.statusCode, 404);
    assert.equal((await owner.get('/api/moderation/decisions?state=undone')).total, 0);
  });

  test('confirm, not spam and undo change the decision, feed the examples and are audited; the figures show the undo rate', async () => {
    const q = (await owner.get('/api/moderation/decisions')).items as Array<{ id: number; rule: string }>;
    await owner.send('POST', `/api/moderation/decisions/${q[0]!.id}/confirm`, {});
    await owner.send('POST', `/api/moderation/decisions/${q[1]!.id}/not-spam`, {});
    const states = new Map((await owner.get('/api/moderation/decisions')).items.map((d: { id: number; state: string }) => [d.id, d.state]));
    assert.equal(states.get(q[0]!.id), 'confirmed');
    assert.equal(states.get(q[1]!.id), 'undone');
    const rules = await owner.get('/api/moderation/rules');
    assert.deepEqual(rules.examples, { spam: 1, ham: 1 });
    const stats = (await owner.get('/api/moderation/stats')).items as Array<{ rule: string; hits: number; undone: number; undoRate: number }>;
    const total = stats.reduce((a, s) => a + s.hits, 0);
    assert.equal(total, 3);
    assert.equal(stats.reduce((a, s) => a + s.undone, 0), 1);
    assert.equal(await audited('moderation.decision.confirm'), 1);
    assert.equal(await audited('moderation.decision.not_spam'), 1);
  });

  test('appeal: a link for the member, the public page, one appeal, accepted by an operator: the decision is undone', async () => {
    const q = (await owner.get('/api/moderation/decisions?state=applied')).items as Array<{ id: number }>;
    const d = q[0]!;
    const link = await owner.send('POST', `/api/moderation/decisions/${d.id}/appeal-link`, { send: true });
    const token = decodeURIComponent(link.url.split('/appeal/')[1]);
    const anonymous = { cookie: 'qy_csrf=c', 'x-csrf-token': 'c' };
    const view = await server.app.inject({ method: 'GET', url: `/api/appeal/${encodeURIComponent(token)}` });
    assert.equal(view.statusCode, 200);
    assert.equal(view.json().group, 'Alpha 读书会');
    const wrong = await server.app.inject({ method: 'GET', url: `/api/appeal/${encodeURIComponent(token.slice(0, -2) + 'xx')}` });
    assert.equal(wrong.statusCode, 404);
    const sent = await server.app.inject({ method: 'POST', url: `/api/appeal/${encodeURIComponent(token)}`, headers: anonymous, payload: { text: '我只是在问问题' } });
    assert.equal(sent.statusCode, 201);
    const again = await server.app.inject({ method: 'POST', url: `/api/appeal/${encodeURIComponent(token)}`, headers: anonymous, payload: { text: 'again' } });
    assert.equal(again.statusCode, 409);
    const appeals = await owner.get('/api/moderation/appeals?state=open');
    assert.equal(appeals.total, 1);
    await owner.send('POST', `/api/moderation/appeals/${appeals.items[0].id}/decide`, { accept: true });
    const after = (await owner.get('/api/moderation/decisions')).items.find((x: { id: number }) => x.id === d.id);
    assert.equal(after.state, 'undone');
    assert.equal(after.appeal.state, 'accepted');
    for (const a of ['moderation.appeal.link', 'moderation.appeal.file', 'moderation.appeal.accept']) assert.equal(await audited(a), 1, a);
    const dm = await ctx().db.query<{ kind: string }>(`select kind from outbox_actions where workspace_id = $1 and kind = 'private_message'`, [c.workspaceId]);
    assert.equal(dm.length, 1, 'the link was sent to the member');
  });

  test("another workspace's owner reaches none of this workspace's decisions, appeals or bans", async () => {
    const other = await seedCommunity(ctx().db, 'mod-api-other');
    const stranger = await signedIn(server.app, ctx().db, other.workspaceId, 'owner');
    const d = (await owner.get('/api/moderation/decisions')).items[0];
    const ban = await owner.send('POST', '/api/moderation/bans', { memberId: c.members['carol'], reason: 'probe' });
    for (const [url, payload] of [[`/api/moderation/decisions/${d.id}/undo`, {}], [`/api/moderation/decisions/${d.id}/appeal-link`, { send: false }],
      [`/api/moderation/bans/${ban.id}/lift`, {}], ['/api/moderation/bans', { memberId: c.members['carol'], reason: 'x' }]] as const) {
      const res = await stranger.inject({ method: 'POST', url, payload });
      assert.equal(res.statusCode, 404, `${url}: ${res.body}`);
    }
    assert.equal((await stranger.get('/api/moderation/decisions')).total, 0);
    assert.equal((await stranger.get('/api/moderation/bans')).total, 0);
    await owner.send('POST', `/api/moderation/bans/${ban.id}/lift`, {});
  });

  test('the ban list: ban, list with identities, CSV export, lift; an operator may not ban', async () => {
    const bob = c.members['bob']!;
    const denied = await operator.inject({ method: 'POST', url: '/api/moderation/bans', payload: { memberId: bob, reason: 'x' } });
    assert.equal(denied.statusCode, 403);
    const b = await owner.send('POST', '/api/moderation/bans', { memberId: bob, reason: '广告' });
    const list = await owner.get('/api/moderation/bans');
    assert.equal(list.total, 1);
    assert.deepEqual(list.items[0].identities, [{ platform: 'sandbox', userId: 'bob' }]);
    const csv = await owner.inject({ method: 'GET', url: '/api/moderation/bans.csv' });
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    assert.match(csv.body, /sandbox,bob,\d+,广告,/);
    await owner.send('POST', `/api/moderation/bans/${b.id}/lift`, {});
    assert.equal((await owner.get('/api/moderation/bans')).total, 0);
    assert.equal((await owner.get('/api/moderation/bans?all=true')).items[0].liftedAt !== null, true);
    for (const a of ['moderation.ban', 'moderation.unban', 'moderation.bans.export']) assert.ok(await audited(a) >= 1, a);
  });
});
