/**
 * The hardening of sign-in (issue #11): invitations are no password oracle, the throttle counts
 * atomically and spares known devices, the CSRF token belongs to its session, invite links do not
 * trust the Host header, X-Forwarded-For is believed only as far as TRUST_PROXY says, passwords
 * follow the policy, and failed sign-ins and refusals are in the audit log. Every request goes
 * through HTTP with the cookies the server hands out, as a browser would.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createStaffUser, signedIn, TEST_PASSWORD } from '../../../test/support/auth.ts';
import { forEachEngine } from '../../../test/support/engines.ts';
import { testServer } from '../../../test/support/server.ts';
import { ensureWorkspace } from '../../workspaces/workspaces.ts';

/** A browser: keeps the cookies it is given and sends the CSRF header back. */
class Browser {
  cookies = new Map<string, string>();
  readonly app: FastifyInstance;
  readonly ip: string;
  constructor(app: FastifyInstance, ip = '10.0.0.1') { this.app = app; this.ip = ip; }
  async request(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    if (method !== 'GET' && !this.cookies.has('qy_csrf')) await this.request('GET', '/api/setup');
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await this.app.inject({
      method, url, remoteAddress: this.ip,
      headers: { ...(cookie ? { cookie } : {}), ...(method !== 'GET' && this.cookies.has('qy_csrf') ? { 'x-csrf-token': this.cookies.get('qy_csrf')! } : {}), ...headers },
      ...(payload !== undefined ? { payload } : method !== 'GET' ? { payload: {} } : {}),
    });
    for (const c of res.cookies as Array<{ name: string; value: string; expires?: Date; maxAge?: number }>) {
      if (c.value === '' || (c.expires && c.expires.getTime() <= Date.now()) || c.maxAge === 0) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return res;
  }
  get(url: string) { return this.request('GET', url); }
  post(url: string, payload: object = {}, headers: Record<string, string> = {}) { return this.request('POST', url, payload, headers); }
}

const STRONG = 'a long and unusual passphrase';

forEachEngine('sign-in hardening', (ctx) => {
  let server: Awaited<ReturnType<typeof testServer>>;
  before(async () => { server = await testServer(ctx().db); });
  after(async () => { await server.close(); });

  async function inviteFor(workspaceSlug: string, email: string, role: 'viewer' | 'operator' | 'admin' = 'viewer'): Promise<string> {
    const ws = await ensureWorkspace(ctx().db, workspaceSlug);
    const admin = await signedIn(server.app, ctx().db, ws.id, 'admin');
    const { url } = await admin.send('POST', '/api/staff/invites', { email, role });
    return decodeURIComponent(url.split('/invite/')[1]);
  }
  const acceptUrl = (token: string) => `/api/invites/${encodeURIComponent(token)}/accept`;

  test('invite acceptance: wrong guesses at an existing account lock it like sign-in does', async () => {
    const victimWs = await ensureWorkspace(ctx().db, 'victim-ws');
    const victim = await createStaffUser(ctx().db, victimWs.id, 'owner', 'victim-owner@example.com');
    const token = await inviteFor('attacker-ws', victim.email);
    const attacker = new Browser(server.app, '10.20.0.1');
    const answers: number[] = [];
    for (let i = 0; i < 8; i++) answers.push((await attacker.post(acceptUrl(token), { name: 'x', password: `guess number ${i}` })).statusCode);
    assert.deepEqual(answers, [401, 401, 401, 401, 401, 423, 423, 423], 'five guesses, then the account is locked');
    // Even the right password now answers 423, here and at /api/login.
    assert.equal((await attacker.post(acceptUrl(token), { name: 'x', password: TEST_PASSWORD })).statusCode, 423);
    assert.equal((await new Browser(server.app, '10.20.0.2').post('/api/login', { email: victim.email, password: TEST_PASSWORD })).statusCode, 423);
  });

  test('invite acceptance: an account locked at /api/login cannot get in through an invitation', async () => {
    const ws = await ensureWorkspace(ctx().db, 'locked-first-ws');
    const user = await createStaffUser(ctx().db, ws.id, 'owner', 'locked-first@example.com');
    const guesser = new Browser(server.app, '10.21.0.1');
    for (let i = 0; i < 5; i++) assert.equal((await guesser.post('/api/login', { email: user.email, password: `wrong ${i} wrong` })).statusCode, 401);
    const token = await inviteFor('locked-first-other', user.email);
    const res = await new Browser(server.app, '10.21.0.2').post(acceptUrl(token), { name: 'x', password: TEST_PASSWORD });
    assert.equal(res.statusCode, 423, res.body);
    const joined = await ctx().db.query(`select 1 from workspace_staff s join workspaces w on w.id = s.workspace_id where w.slug = 'locked-first-other' and s.user_id = $1`, [user.userId]);
    assert.equal(joined.length, 0);
  });

  test('invite acceptance: an invitation for one email cannot be accepted signed in as another', async () => {
    const ws = await ensureWorkspace(ctx().db, 'bound-ws');
    await createStaffUser(ctx().db, ws.id, 'viewer', 'someone-else@example.com');
    const token = await inviteFor('bound-other', 'invited-one@example.com');
    const b = new Browser(server.app, '10.22.0.1');
    assert.equal((await b.post('/api/login', { email: 'someone-else@example.com', password: TEST_PASSWORD })).statusCode, 200);
    const res = await b.post(acceptUrl(token), { name: 'x', password: STRONG });
    assert.equal(res.statusCode, 403, res.body);
    assert.equal((await ctx().db.query(`select 1 from users where email = 'invited-one@example.com'`)).length, 0);
    // Signed in as the invited account, it joins without giving the password again.
    const existing = await createStaffUser(ctx().db, ws.id, 'viewer', 'invited-two@example.com');
    const token2 = await inviteFor('bound-other', existing.email, 'operator');
    const b2 = new Browser(server.app, '10.22.0.2');
    assert.equal((await b2.post('/api/login', { email: existing.email, password: TEST_PASSWORD })).statusCode, 200);
    const ok = await b2.post(acceptUrl(token2), { name: 'x' });
    assert.equal(ok.statusCode, 200, ok.body);
  });

  test('31 concurrent wrong passwords: at most 5 are checked, the rest are refused unchecked', async () => {
    const ws = await ensureWorkspace(ctx().db, 'race-ws');
    const user = await createStaffUser(ctx().db, ws.id, 'owner', 'race@example.com');
    const answers = await Promise.all(Array.from({ length: 31 }, (_, i) =>
      new Browser(server.app, `10.30.${Math.floor(i / 200)}.${(i % 200) + 1}`).post('/api/login', { email: user.email, password: `concurrent guess ${i}` })));
    const codes = answers.map((r) => r.statusCode);
    const checked = codes.filter((c) => c === 401).length;
    assert.ok(checked <= 5, `${checked} wrong passwords were checked: ${codes.join(',')}`);
    assert.ok(checked >= 1);
    assert.ok(codes.every((c) => c === 401 || c === 423), codes.join(','));
  });

  test('a known device still signs in with the right password while guessers have locked the account', async () => {
    const ws = await ensureWorkspace(ctx().db, 'device-ws');
    const user = await createStaffUser(ctx().db, ws.id, 'owner', 'device-owner@example.com');
    const owner = new Browser(server.app, '10.40.0.1');
    assert.equal((await owner.post('/api/login', { email: user.email, password: TEST_PASSWORD })).statusCode, 200);
    assert.ok(owner.cookies.get('qy_device'), 'signing in marks the browser as a known device');
    assert.equal((await owner.post('/api/logout')).statusCode, 204);
    const attacker = new Browser(server.app, '10.40.0.2');
    for (let i = 0; i < 7; i++) await attacker.post('/api/login', { email: user.email, password: `attacker guess ${i}` });
    assert.equal((await attacker.post('/api/login', { email: user.email, password: TEST_PASSWORD })).statusCode, 423, 'locked for everyone else');
    assert.equal((await new Browser(server.app, '10.40.0.3').post('/api/login', { email: user.email, password: TEST_PASSWORD })).statusCode, 423);
    const back = await owner.post('/api/login', { email: user.email, password: TEST_PASSWORD });
    assert.equal(back.statusCode, 200, back.body);
    // A device cookie of another user does not help.
    const other = await createStaffUser(ctx().db, ws.id, 'viewer', 'device-other@example.com');
    const stranger = new Browser(server.app, '10.40.0.4');
    assert.equal((await stranger.post('/api/login', { email: other.email, password: TEST_PASSWORD })).statusCode, 200);
    await stranger.post('/api/logout');
    assert.equal((await stranger.post('/api/login', { email: user.email, password: TEST_PASSWORD })).statusCode, 423);
    // The known device's own wrong passwords lock only itself.
    for (let i = 0; i < 5; i++) assert.equal((await owner.post('/api/login', { email: user.email, password: `typo ${i} typo` })).statusCode, 401);
    assert.equal((await owner.post('/api/login', { email: user.email, password: TEST_PASSWORD })).statusCode, 423);
  });

  test('security headers: CSP, frame-ancestors, nosniff and referrer policy on the API and /docs', async () => {
    for (const url of ['/api/session', '/health', '/docs/']) {
      const res = await server.app.inject({ url });
      const csp = String(res.headers['content-security-policy'] ?? '');
      assert.match(csp, /frame-ancestors 'none'/, url);
      assert.match(csp, /object-src 'none'/, url);
      assert.match(csp, /default-src 'self'/, url);
      assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
      assert.ok(res.headers['referrer-policy'], url);
    }
    const api = await server.app.inject({ url: '/api/session' });
    const csp = String(api.headers['content-security-policy']);
    for (const d of ["base-uri 'self'", "form-action 'self'"]) assert.ok(csp.includes(d), d);
    assert.ok(!csp.includes('upgrade-insecure-requests'), 'the console is often served over plain http on a LAN');
    assert.equal((await server.app.inject({ url: '/docs/' })).statusCode, 200);
  });

  test('the CSRF token of one session is refused for another', async () => {
    const ws = await ensureWorkspace(ctx().db, 'csrf-ws');
    const a = await createStaffUser(ctx().db, ws.id, 'owner', 'csrf-a@example.com');
    const b = await createStaffUser(ctx().db, ws.id, 'owner', 'csrf-b@example.com');
    const ba = new Browser(server.app, '10.50.0.1'), bb = new Browser(server.app, '10.50.0.2');
    assert.equal((await ba.post('/api/login', { email: a.email, password: TEST_PASSWORD })).statusCode, 200);
    assert.equal((await bb.post('/api/login', { email: b.email, password: TEST_PASSWORD })).statusCode, 200);
    // B's session with A's token, sent as both cookie and header (a double submit the attacker controls).
    const tokenA = ba.cookies.get('qy_csrf')!;
    const res = await server.app.inject({
      method: 'PATCH', url: '/api/workspace', payload: { name: 'pwned' }, remoteAddress: '10.50.0.2',
      headers: { cookie: `qy_session=${bb.cookies.get('qy_session')}; qy_csrf=${tokenA}`, 'x-csrf-token': tokenA },
    });
    assert.deepEqual([res.statusCode, res.json().error], [403, 'csrf']);
    // A made-up pair is refused too once signed in.
    const madeUp = await server.app.inject({
      method: 'PATCH', url: '/api/workspace', payload: { name: 'pwned' },
      headers: { cookie: `qy_session=${bb.cookies.get('qy_session')}; qy_csrf=abc`, 'x-csrf-token': 'abc' },
    });
    assert.equal(madeUp.statusCode, 403);
    assert.equal((await bb.request('PATCH', '/api/workspace', { name: 'fine' })).statusCode, 200);
  });

  test('an invite link is built from PUBLIC_URL or the listen address, never the Host header', async () => {
    const ws = await ensureWorkspace(ctx().db, 'host-ws');
    const admin = await signedIn(server.app, ctx().db, ws.id, 'admin');
    const res = await admin.inject({ method: 'POST', url: '/api/staff/invites', payload: { email: 'host@example.com', role: 'viewer' }, headers: { host: 'evil.example' } });
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(!res.json().url.includes('evil.example'), res.json().url);
    const configured = await testServer(ctx().db, undefined, undefined, { env: { PUBLIC_URL: 'https://qunyun.example.com/' } });
    try {
      const admin2 = await signedIn(configured.app, ctx().db, ws.id, 'admin');
      const r = await admin2.inject({ method: 'POST', url: '/api/staff/invites', payload: { email: 'host2@example.com', role: 'viewer' }, headers: { host: 'evil.example' } });
      assert.match(r.json().url, /^https:\/\/qunyun\.example\.com\/invite\//);
    } finally {
      await configured.close();
    }
  });

  test('with TRUST_PROXY=1 a forged left-most X-Forwarded-For does not become the client address', async () => {
    const proxied = await testServer(ctx().db, undefined, undefined, { env: { TRUST_PROXY: '1' } });
    try {
      const res = await proxied.app.inject({
        method: 'POST', url: '/api/login', remoteAddress: '127.0.0.1',
        headers: { cookie: 'qy_csrf=t', 'x-csrf-token': 't', 'x-forwarded-for': '6.6.6.6, 203.0.113.7' },
        payload: { email: 'nobody-proxy@example.com', password: 'not the password' },
      });
      assert.equal(res.statusCode, 401);
      const keys = (await ctx().db.query<{ key: string }>(`select key from login_throttle where key like 'ip:%'`)).map((r) => r.key);
      assert.ok(keys.includes('ip:203.0.113.7'), keys.join(','));
      assert.ok(!keys.includes('ip:6.6.6.6'));
    } finally {
      await proxied.close();
    }
  });

  test('passwords: short and common ones are refused at set-up, invitation and change', async () => {
    const fresh = new Browser(server.app, '10.60.0.1');
    // This database has users already (set-up is refused): the policy is probed through an
    // invitation here, and at set-up in session.test.ts.
    const token = await inviteFor('policy-ws', 'policy-new@example.com');
    for (const password of ['12345678', 'short pass', 'password1234', '1qaz2wsx3edc', 'aaaaaaaaaaaaaaaa']) {
      const res = await fresh.post(acceptUrl(token), { name: 'New', password });
      assert.equal(res.statusCode, 400, `${password}: ${res.body}`);
      assert.equal(res.json().issues?.[0]?.path, 'body.password', res.body);
    }
    assert.equal((await fresh.post(acceptUrl(token), { name: 'New', password: STRONG })).statusCode, 200);
  });

  test('password change signs out the other sessions; sign out everywhere ends them all', async () => {
    const ws = await ensureWorkspace(ctx().db, 'pw-ws');
    const user = await createStaffUser(ctx().db, ws.id, 'operator', 'pw-change@example.com');
    const here = new Browser(server.app, '10.70.0.1'), there = new Browser(server.app, '10.70.0.2');
    assert.equal((await here.post('/api/login', { email: user.email, password: TEST_PASSWORD })).statusCode, 200);
    assert.equal((await there.post('/api/login', { email: user.email, password: TEST_PASSWORD })).statusCode, 200);
    const wrong = await here.post('/api/password', { currentPassword: 'not it at all', newPassword: STRONG });
    assert.deepEqual([wrong.statusCode, wrong.json().issues?.[0]?.path], [400, 'body.currentPassword']);
    assert.equal((await here.post('/api/password', { currentPassword: TEST_PASSWORD, newPassword: '12345678' })).statusCode, 400);
    assert.equal((await here.post('/api/password', { currentPassword: TEST_PASSWORD, newPassword: STRONG })).statusCode, 204);
    assert.equal((await here.get('/api/session')).statusCode, 200, 'this session stays');
    assert.equal((await there.get('/api/session')).statusCode, 401, 'the other one is signed out');
    assert.equal((await there.post('/api/login', { email: user.email, password: TEST_PASSWORD })).statusCode, 401);
    assert.equal((await there.post('/api/login', { email: user.email, password: STRONG })).statusCode, 200);
    assert.equal((await here.post('/api/logout/all')).statusCode, 204);
    assert.equal((await here.get('/api/session')).statusCode, 401);
    assert.equal((await there.get('/api/session')).statusCode, 401);
    const actions = (await ctx().db.query<{ action: string }>(`select action from audit_log where workspace_id = $1 order by id`, [ws.id])).map((r) => r.action);
    assert.ok(actions.includes('session.password.change') && actions.includes('session.logout.all'), actions.join(','));
  });

  test('the audit log records failed sign-ins (email, address, no password) and refusals', async () => {
    const ws = await ensureWorkspace(ctx().db, 'audit-sec-ws');
    const user = await createStaffUser(ctx().db, ws.id, 'viewer', 'audit-sec@example.com');
    const b = new Browser(server.app, '10.80.0.1');
    assert.equal((await b.post('/api/login', { email: user.email, password: 'secret guess 42' })).statusCode, 401);
    const failed = await ctx().db.query<{ action: string; ip: string; detail: Record<string, unknown>; target: string }>(
      `select action, ip, detail, target from audit_log where workspace_id = $1 and action = 'session.login.failed'`, [ws.id]);
    assert.equal(failed.length, 1);
    assert.equal(failed[0]!.ip, '10.80.0.1');
    assert.equal(failed[0]!.detail.email, user.email);
    assert.ok(!JSON.stringify(failed).includes('secret guess 42'));
    // A viewer denied a change, and a request with a wrong CSRF token, are recorded too.
    assert.equal((await b.post('/api/login', { email: user.email, password: TEST_PASSWORD })).statusCode, 200);
    assert.equal((await b.request('PATCH', '/api/workspace', { name: 'nope' })).statusCode, 403);
    assert.equal((await b.request('PATCH', '/api/workspace', { name: 'nope' }, { 'x-csrf-token': 'forged' })).statusCode, 403);
    const owner = await signedIn(server.app, ctx().db, ws.id, 'owner');
    const audit = await owner.get('/api/audit?action=access.');
    const reasons = audit.items.map((e: { detail: { reason: string } }) => e.detail.reason).sort();
    assert.deepEqual(reasons, ['csrf', 'forbidden']);
    const viaApi = await owner.get('/api/audit?action=session.login.failed');
    assert.equal(viaApi.items[0].detail.email, user.email, 'the owner reads failed sign-ins in the console');
  });
});
