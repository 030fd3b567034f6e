import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createStaffUser, signedIn, TEST_PASSWORD } from '../../../test/support/auth.ts';
import { forEachEngine } from '../../../test/support/engines.ts';
import { testServer } from '../../../test/support/server.ts';
import { ensureWorkspace } from '../../workspaces/workspaces.ts';

const CSRF = { cookie: 'qy_csrf=t0k3n', 'x-csrf-token': 't0k3n' };
const cookieOf = (res: LightMyRequestResponse, name: string) =>
  res.cookies.find((c) => c.name === name) as { name: string; value: string; httpOnly?: boolean; sameSite?: string } | undefined;
const post = (app: FastifyInstance, url: string, payload: object, headers: Record<string, string> = CSRF, remoteAddress = '10.0.0.1') =>
  app.inject({ method: 'POST', url, payload, headers, remoteAddress });

forEachEngine('session api', (ctx) => {
  let server: Awaited<ReturnType<typeof testServer>>;
  before(async () => { server = await testServer(ctx().db); });
  after(async () => { await server.close(); });

  test('a signed-out probe answers 401 and hands out the readable CSRF cookie', async () => {
    for (const url of ['/api/session', '/api/setup']) {
      const res = await server.app.inject({ url });
      const csrf = cookieOf(res, 'qy_csrf');
      assert.ok(csrf && csrf.value.length >= 32, url);
      assert.equal(csrf.httpOnly, undefined, 'the console must be able to read it');
      assert.equal(csrf.sameSite, 'Lax');
    }
    assert.equal((await server.app.inject({ url: '/api/session' })).statusCode, 401);
  });

  test('set-up creates the first owner once, signs them in, and stores an argon2id hash only', async () => {
    assert.deepEqual((await server.app.inject({ url: '/api/setup' })).json(), { needsSetup: true });
    const body = { email: 'Owner@Example.com', name: 'Owner', password: 'a long passphrase', workspaceName: '群运 Team' };
    // The password policy: 12 characters at least, and none of the most common passwords.
    for (const password of ['12345678', 'password1234']) {
      const weak = await post(server.app, '/api/setup', { ...body, password });
      assert.deepEqual([weak.statusCode, weak.json().issues?.[0]?.path], [400, 'body.password'], password);
    }
    const noCsrf = await server.app.inject({ method: 'POST', url: '/api/setup', payload: body });
    assert.equal(noCsrf.statusCode, 403);
    assert.equal(noCsrf.json().error, 'csrf');
    const res = await post(server.app, '/api/setup', body);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().user.email, 'owner@example.com');
    const session = cookieOf(res, 'qy_session')!;
    assert.equal(session.httpOnly, true);
    const me = await server.app.inject({ url: '/api/session', headers: { cookie: `qy_session=${session.value}` } });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().role, 'owner');
    assert.equal(me.json().workspace.name, '群运 Team');
    const again = await post(server.app, '/api/setup', { ...body, email: 'second@example.com' });
    assert.equal(again.statusCode, 409);
    assert.deepEqual((await server.app.inject({ url: '/api/setup' })).json(), { needsSetup: false });
    const stored = await ctx().db.query<{ password_hash: string }>('select password_hash from users');
    assert.equal(stored.length, 1);
    assert.match(stored[0]!.password_hash, /^\$argon2id\$/);
    const everything = JSON.stringify(await ctx().db.query(`select * from users, sessions, audit_log`));
    assert.ok(!everything.includes('a long passphrase'), 'the password is stored nowhere in plain text');
    assert.ok(!everything.includes(session.value), 'nor the session token');
  });

  test('sign-in, session, sign-out', async () => {
    const ws = await ensureWorkspace(ctx().db, 'login-ws');
    const u = await createStaffUser(ctx().db, ws.id, 'viewer', 'viewer@example.com');
    const res = await post(server.app, '/api/login', { email: u.email, password: TEST_PASSWORD });
    assert.equal(res.statusCode, 200, res.body);
    const token = cookieOf(res, 'qy_session')!.value;
    // Signing in hands out the session's own CSRF token: the pre-session one no longer works.
    const csrf = cookieOf(res, 'qy_csrf')!.value;
    assert.notEqual(csrf, 't0k3n');
    const stale = { ...CSRF, cookie: `${CSRF.cookie}; qy_session=${token}` };
    assert.equal((await server.app.inject({ method: 'POST', url: '/api/logout', headers: stale, payload: {} })).statusCode, 403);
    const headers = { cookie: `qy_csrf=${csrf}; qy_session=${token}`, 'x-csrf-token': csrf };
    assert.equal((await server.app.inject({ url: '/api/session', headers })).json().role, 'viewer');
    const out = await server.app.inject({ method: 'POST', url: '/api/logout', headers, payload: {} });
    assert.equal(out.statusCode, 204);
    assert.equal((await server.app.inject({ url: '/api/session', headers })).statusCode, 401);
  });

  test('wrong passwords lock the account (423), and the lock survives a restart', async () => {
    const ws = await ensureWorkspace(ctx().db, 'lock-ws');
    const u = await createStaffUser(ctx().db, ws.id, 'admin', 'locked@example.com');
    for (let i = 0; i < 5; i++) {
      const res = await post(server.app, '/api/login', { email: u.email, password: `wrong ${i}` }, CSRF, '10.0.0.2');
      assert.equal(res.statusCode, 401, `attempt ${i}`);
    }
    const locked = await post(server.app, '/api/login', { email: u.email, password: TEST_PASSWORD }, CSRF, '10.0.0.3');
    assert.equal(locked.statusCode, 423);
    assert.ok(locked.json().retryAfterSeconds > 14 * 60 && locked.json().retryAfterSeconds <= 15 * 60);
    // A new server process on the same database still refuses the right password.
    const restarted = await testServer(ctx().db);
    try {
      const res = await post(restarted.app, '/api/login', { email: u.email, password: TEST_PASSWORD }, CSRF, '10.0.0.4');
      assert.equal(res.statusCode, 423);
    } finally {
      await restarted.close();
    }
    // Once the lock has run out, the right password works again.
    await ctx().db.query(`update login_throttle set locked_until = now() - interval '1 second' where key = $1`, [`email:${u.email}`]);
    assert.equal((await post(server.app, '/api/login', { email: u.email, password: TEST_PASSWORD }, CSRF, '10.0.0.4')).statusCode, 200);
  });

  test('a flood of failures from one address answers 429 with Retry-After', async () => {
    const flood = await testServer(ctx().db, undefined, undefined, { throttle: { accountMaxFailures: 100, accountLockMinutes: 15, ipMaxFailures: 3, ipWindowMinutes: 10 } });
    try {
      for (let i = 0; i < 3; i++) assert.equal((await post(flood.app, '/api/login', { email: `nobody${i}@example.com`, password: 'x' }, CSRF, '10.9.9.9')).statusCode, 401);
      const res = await post(flood.app, '/api/login', { email: 'someone@example.com', password: 'x' }, CSRF, '10.9.9.9');
      assert.equal(res.statusCode, 429);
      assert.ok(Number(res.headers['retry-after']) > 0);
      assert.equal(res.json().retryAfterSeconds, Number(res.headers['retry-after']));
      assert.equal((await post(flood.app, '/api/login', { email: 'someone@example.com', password: 'x' }, CSRF, '10.9.9.8')).statusCode, 401, 'other addresses may still try');
    } finally {
      await flood.close();
    }
  });

  test('an invitation is single use and expires', async () => {
    const ws = await ensureWorkspace(ctx().db, 'invite-ws', 'Invite WS');
    const admin = await signedIn(server.app, ctx().db, ws.id, 'admin');
    const { url, expiresAt } = await admin.send('POST', '/api/staff/invites', { email: 'new@example.com', role: 'operator' });
    assert.match(url, /^http:\/\/[^/]+\/invite\/.+/);
    assert.ok(Date.parse(expiresAt) > Date.now() + 6 * 86_400_000);
    const token = decodeURIComponent(url.split('/invite/')[1]);
    const info = await server.app.inject({ url: `/api/invites/${encodeURIComponent(token)}` });
    assert.deepEqual(info.json(), { workspaceName: 'Invite WS', role: 'operator', email: 'new@example.com' });
    const accepted = await post(server.app, `/api/invites/${encodeURIComponent(token)}/accept`, { name: 'Newbie', password: 'newbie password' });
    assert.equal(accepted.statusCode, 200, accepted.body);
    const me = await server.app.inject({ url: '/api/session', headers: { cookie: `qy_session=${cookieOf(accepted, 'qy_session')!.value}` } });
    assert.equal(me.json().role, 'operator');
    assert.equal((await post(server.app, `/api/invites/${encodeURIComponent(token)}/accept`, { name: 'Again', password: 'newbie password' })).statusCode, 410);
    assert.equal((await server.app.inject({ url: `/api/invites/${encodeURIComponent(token)}` })).statusCode, 410);

    const second = await admin.send('POST', '/api/staff/invites', { email: 'late@example.com', role: 'viewer' });
    const late = decodeURIComponent(second.url.split('/invite/')[1]);
    await ctx().db.query(`update staff_invites set expires_at = now() - interval '1 minute' where email = 'late@example.com'`);
    assert.equal((await post(server.app, `/api/invites/${encodeURIComponent(late)}/accept`, { name: 'Late', password: 'late password' })).statusCode, 410);
    assert.equal((await server.app.inject({ url: `/api/invites/${ws.id}.unknown-token-here` })).statusCode, 404);
  });

  test('staff: only an owner grants owner, and the last owner stays', async () => {
    const ws = await ensureWorkspace(ctx().db, 'staff-ws');
    const owner = await signedIn(server.app, ctx().db, ws.id, 'owner');
    const admin = await signedIn(server.app, ctx().db, ws.id, 'admin');
    const op = await signedIn(server.app, ctx().db, ws.id, 'operator');
    assert.equal((await admin.inject({ method: 'PATCH', url: `/api/staff/${op.userId}`, payload: { role: 'owner' } })).statusCode, 403);
    assert.equal((await op.inject({ url: '/api/staff' })).statusCode, 403);
    assert.equal((await owner.inject({ method: 'PATCH', url: `/api/staff/${owner.userId}`, payload: { role: 'admin' } })).statusCode, 409);
    assert.equal((await admin.inject({ method: 'DELETE', url: `/api/staff/${owner.userId}` })).statusCode, 403);
    await admin.send('PATCH', `/api/staff/${op.userId}`, { role: 'viewer' });
    assert.equal((await op.inject({ method: 'POST', url: '/api/members/bulk-tag', payload: { ids: [1], add: ['x'] } })).statusCode, 403, 'a viewer changes nothing');
    await owner.send('DELETE', `/api/staff/${op.userId}`);
    assert.equal((await op.inject({ url: '/api/session' })).statusCode, 401, 'removed staff are signed out');
  });
});
