import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { signedIn, type Client } from '../../test/support/auth.ts';
import { forEachEngine } from '../../test/support/engines.ts';
import { loadConfig } from '../config.ts';
import { createIngestQueue } from '../events/ingest-queue.ts';
import { buildServer } from './app.ts';
import { testServer } from '../../test/support/server.ts';
import { createTestDatabase, type TestDatabase } from '../db/test-databases.ts';
import { ensureWorkspace } from '../workspaces/workspaces.ts';
import type { WebhookHandler } from './app.ts';

forEachEngine('http app', (ctx, engine) => {
  let server: Awaited<ReturnType<typeof testServer>>;
  let owner: Client;
  const received: Array<{ body: string; signature: unknown }> = [];
  before(async () => {
    const ws = await ensureWorkspace(ctx().db, 'app');
    const webhooks = new Map<number, WebhookHandler>([
      [7, async (body, headers) => { received.push({ body, signature: headers['x-sandbox-signature'] }); return { status: 200, body: { ok: true } }; }],
      [8, async () => { throw new Error('database went away'); }],
    ]);
    server = await testServer(ctx().db, ws.id, webhooks);
    owner = await signedIn(server.app, ctx().db, ws.id, 'owner');
  });
  after(async () => { await server.close(); });

  test('/health answers while the process is up', async () => {
    const res = await server.app.inject({ url: '/health' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { status: 'ok' });
  });

  test('/ready answers 200 on a migrated database', async () => {
    const res = await server.app.inject({ url: '/ready' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { status: 'ready' });
  });

  test('/ready answers 503 until the migrations are applied', async () => {
    let bare: TestDatabase | undefined;
    try {
      bare = await createTestDatabase(engine, { migrated: false });
      const s = await testServer(bare.db, 1);
      const res = await s.app.inject({ url: '/ready' });
      await s.close();
      assert.equal(res.statusCode, 503);
      assert.equal(res.json().status, 'unavailable');
      assert.match(res.json().reason, /migrations/);
    } finally {
      await bare?.drop();
    }
  });

  test('a bad query answers 400 with the issues, naming the field', async () => {
    const res = await owner.inject({ url: '/api/groups?limit=500&sort=colour' });
    assert.equal(res.statusCode, 400);
    const body = res.json();
    assert.equal(body.error, 'bad_request');
    assert.deepEqual(body.issues.map((i: { path: string }) => i.path).sort(), ['query.limit', 'query.sort']);
    for (const issue of body.issues) assert.equal(typeof issue.message, 'string');
  });

  test('an unknown group, member or API route answers 404 not_found', async () => {
    for (const url of ['/api/groups/424242', '/api/members/424242', '/api/nothing-here']) {
      const res = await owner.inject({ url });
      assert.equal(res.statusCode, 404, url);
      assert.equal(res.json().error, 'not_found', url);
    }
  });

  test('a state-changing request without the CSRF header answers 403 csrf, even signed in', async () => {
    const res = await owner.inject({ method: 'POST', url: '/api/groups/bulk', payload: { ids: [1], action: 'tag', value: 'x' }, headers: { 'x-csrf-token': 'wrong' } });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().error, 'csrf');
    const none = await server.app.inject({ method: 'PUT', url: '/api/members/1/tags', payload: { tags: [] }, headers: { cookie: owner.headers.cookie! } });
    assert.deepEqual([none.statusCode, none.json().error], [403, 'csrf']);
  });

  test('an API route without a session answers 401', async () => {
    for (const url of ['/api/groups', '/api/overview', '/api/members/1']) {
      const res = await server.app.inject({ url });
      assert.deepEqual([res.statusCode, res.json().error], [401, 'unauthorized'], url);
    }
  });

  test('/docs/json is an OpenAPI document with every route', async () => {
    const res = await server.app.inject({ url: '/docs/json' });
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    assert.match(doc.openapi, /^3\./);
    for (const path of ['/health', '/ready', '/api/session', '/api/overview', '/api/groups', '/api/groups/{id}', '/api/members', '/api/members/{id}', '/api/audit', '/webhooks/sandbox/{accountId}']) {
      assert.ok(doc.paths[path], `missing ${path}`);
    }
    assert.ok(doc.paths['/api/groups'].get.parameters.some((p: { name: string }) => p.name === 'sort'));
    const ui = await server.app.inject({ url: '/docs/' });
    assert.equal(ui.statusCode, 200);
  });

  test('a webhook reaches its account handler with the exact raw body', async () => {
    const body = '{"deliveryId":"d1",  "events":[{"text":"你好"}]}';
    const res = await server.app.inject({
      method: 'POST', url: '/webhooks/sandbox/7', payload: body,
      headers: { 'content-type': 'application/json', 'x-sandbox-signature': 'sha256=ab' },
    });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { ok: true });
    assert.deepEqual(received.at(-1), { body, signature: 'sha256=ab' });
  });

  test('a webhook for an unknown account answers 404; a failing handler answers 503', async () => {
    const unknown = await server.app.inject({ method: 'POST', url: '/webhooks/sandbox/99', payload: '{}', headers: { 'content-type': 'application/json' } });
    assert.equal(unknown.statusCode, 404);
    const failing = await server.app.inject({ method: 'POST', url: '/webhooks/sandbox/8', payload: '{}', headers: { 'content-type': 'application/json' } });
    assert.equal(failing.statusCode, 503);
    assert.equal(failing.json().error, 'unavailable');
  });
});

test('the app refuses to start when a route declares neither minRole nor public', async () => {
  const { createTestDatabase } = await import('../db/test-databases.ts');
  const t = await createTestDatabase('pglite', { migrated: false });
  const ingest = createIngestQueue(t.db, { batchSize: 10, flushMs: 5 });
  try {
    const app = await buildServer({ config: loadConfig({}), db: t.db, logger: pino({ level: 'silent' }), ingest });
    assert.throws(() => app.get('/api/forgotten', async () => ({})), /declares neither config.minRole nor config.public/);
    assert.throws(() => app.get('/api/both', { config: { public: true, minRole: 'viewer' } }, async () => ({})), /both/);
    await app.close();
  } finally {
    await ingest.close();
    await t.drop();
  }
});

test('the console is served with the SPA fallback and cache rules; without a build, / says how to build it', async () => {
  const { createTestDatabase } = await import('../db/test-databases.ts');
  const t = await createTestDatabase('pglite', { migrated: false });
  const dist = mkdtempSync(path.join(tmpdir(), 'qunyun-dist-'));
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), '<html>console</html>');
  writeFileSync(path.join(dist, 'assets', 'app-abc123.js'), 'console.log(1)');
  writeFileSync(path.join(dist, 'favicon.svg'), '<svg/>');
  try {
    const s = await testServer(t.db, undefined, undefined, { webDist: dist });
    const index = await s.app.inject({ url: '/' });
    assert.deepEqual([index.statusCode, index.body, index.headers['cache-control']], [200, '<html>console</html>', 'no-cache']);
    const asset = await s.app.inject({ url: '/assets/app-abc123.js' });
    assert.deepEqual([asset.statusCode, asset.body, asset.headers['cache-control']], [200, 'console.log(1)', 'public, max-age=31536000, immutable']);
    assert.equal((await s.app.inject({ url: '/favicon.svg' })).body, '<svg/>');
    for (const url of ['/groups/12', '/login?next=%2F', '/invite/1.abc']) {
      const res = await s.app.inject({ url });
      assert.deepEqual([res.statusCode, res.body, res.headers['cache-control']], [200, '<html>console</html>', 'no-cache'], url);
    }
    const head = await s.app.inject({ method: 'HEAD', url: '/members' });
    assert.equal(head.statusCode, 200);
    const api = await s.app.inject({ url: '/api/unknown/path' });
    assert.deepEqual([api.statusCode, api.json().error], [404, 'not_found']);
    assert.equal((await s.app.inject({ url: '/../package.json' })).body.includes('"name"'), false);
    await s.close();
    const bare = await testServer(t.db, undefined, undefined, { webDist: path.join(dist, 'missing') });
    const hint = await bare.app.inject({ url: '/' });
    assert.equal(hint.statusCode, 200);
    assert.match(hint.body, /npm run build:web/);
    await bare.close();
  } finally {
    rmSync(dist, { recursive: true, force: true });
    await t.drop();
  }
});
