import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../test/support/engines.ts';
import { testServer } from '../../test/support/server.ts';
import { createTestDatabase, type TestDatabase } from '../db/test-databases.ts';
import { ensureWorkspace } from '../workspaces/workspaces.ts';
import type { WebhookHandler } from './app.ts';

forEachEngine('http app', (ctx, engine) => {
  let server: Awaited<ReturnType<typeof testServer>>;
  const received: Array<{ body: string; signature: unknown }> = [];
  before(async () => {
    const ws = await ensureWorkspace(ctx().db, 'app');
    const webhooks = new Map<number, WebhookHandler>([
      [7, async (body, headers) => { received.push({ body, signature: headers['x-sandbox-signature'] }); return { status: 200, body: { ok: true } }; }],
      [8, async () => { throw new Error('database went away'); }],
    ]);
    server = await testServer(ctx().db, ws.id, webhooks);
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
    const res = await server.app.inject({ url: '/api/groups?limit=500&sort=colour' });
    assert.equal(res.statusCode, 400);
    const body = res.json();
    assert.equal(body.error, 'bad_request');
    assert.deepEqual(body.issues.map((i: { path: string }) => i.path).sort(), ['query.limit', 'query.sort']);
    for (const issue of body.issues) assert.equal(typeof issue.message, 'string');
  });

  test('cursor and offset together, or a forged cursor, are bad requests', async () => {
    const both = await server.app.inject({ url: '/api/groups?cursor=abc&offset=2' });
    assert.equal(both.statusCode, 400);
    assert.equal(both.json().error, 'bad_request');
    const forged = await server.app.inject({ url: `/api/groups?cursor=${Buffer.from('[1,2]').toString('base64url')}` });
    assert.equal(forged.statusCode, 400);
    assert.match(forged.json().message, /cursor/);
  });

  test('an unknown group, member or route answers 404 not_found', async () => {
    for (const url of ['/api/groups/424242', '/api/members/424242', '/api/nothing-here']) {
      const res = await server.app.inject({ url });
      assert.equal(res.statusCode, 404, url);
      assert.equal(res.json().error, 'not_found', url);
    }
  });

  test('/docs/json is an OpenAPI document with every route', async () => {
    const res = await server.app.inject({ url: '/docs/json' });
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    assert.match(doc.openapi, /^3\./);
    for (const path of ['/health', '/ready', '/api/groups', '/api/groups/{id}', '/api/members', '/api/members/{id}', '/webhooks/sandbox/{accountId}']) {
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
