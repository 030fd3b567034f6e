import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import pino from 'pino';
import { forEachEngine } from '../../test/support/engines.ts';
import { AdminRequestError, askServerToCreateUser, startAdminSocket, type UserCreateInput } from './admin-socket.ts';

function post(socketPath: string, urlPath: string, body: string): Promise<{ status: number; json: { error: string; issues?: Array<{ path: unknown[] }> } }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, agent: false, method: 'POST', path: urlPath, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => { text += c.toString(); });
      res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

forEachEngine('admin socket', (ctx) => {
  test('creates the user it is asked for; refuses what is not a valid request with 400 and the issues', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qunyun-admin-'));
    const socket = await startAdminSocket({ dataDir: dir, db: ctx().db, logger: pino({ level: 'silent' }) });
    assert.ok(socket);
    try {
      assert.equal(statSync(path.dirname(socket.path)).mode & 0o777, 0o700, 'only the owner may enter the run folder');
      const answer = await askServerToCreateUser(dir, { email: 'Admin@Example.test', name: 'Admin', password: 'long enough 1', workspace: 'default', role: 'admin' });
      assert.deepEqual(answer, { created: true, email: 'admin@example.test', role: 'admin', workspace: { name: 'default', slug: 'default' } });
      const again = await askServerToCreateUser(dir, { email: 'admin@example.test', name: 'Admin', password: 'long enough 1', workspace: 'default', role: 'viewer' });
      assert.equal(again !== 'unreachable' && again.created, false);

      const notJson = await post(socket.path, '/users', '{nope');
      assert.equal(notJson.status, 400);
      const invalid = await post(socket.path, '/users', JSON.stringify({ email: 'not an email', name: 'X', password: 'long enough 1' }));
      assert.equal(invalid.status, 400);
      assert.deepEqual(invalid.json.issues?.map((i) => i.path), [['email']]);
      assert.equal((await post(socket.path, '/other', '{}')).status, 404);
      await assert.rejects(askServerToCreateUser(dir, { email: 'x@example.test', name: '', password: 'long enough 1' } as UserCreateInput), AdminRequestError);
    } finally {
      await socket.close();
      rmSync(dir, { recursive: true, force: true });
    }
    assert.equal(await askServerToCreateUser(dir, { email: 'a@example.test', name: 'A', password: 'long enough 1', workspace: 'default', role: 'owner' }), 'unreachable');
  });
});
