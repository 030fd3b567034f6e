/**
 * A bulk tag of many members on the embedded database must not hold the server: the process
 * runs `qunyun serve` in a child (as in production: the client's event loop is not the server's),
 * and /health requests sent while the bulk request is being processed are answered before it.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createStaffUser } from '../../test/support/auth.ts';
import { createSession } from '../auth/sessions.ts';
import { DEFAULT_WORKSPACE } from '../cli/stack.ts';
import { openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { ensureWorkspace } from '../workspaces/workspaces.ts';
import { csrfTokenFor } from '../auth/tokens.ts';

const main = path.join(import.meta.dirname, '..', 'cli', 'main.ts');
const MEMBERS = 1000;
const TAGS = Array.from({ length: 50 }, (_, i) => `tag-${i}`);

test('/health requests sent during a bulk tag of 1000 members x 50 tags on PGlite are answered before the bulk request', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'qunyun-bulk-'));
  const db = await openDatabase({ dataDir: dir });
  let token: string, ids: number[];
  try {
    await migrate(db);
    const ws = await ensureWorkspace(db, DEFAULT_WORKSPACE, 'Default workspace');
    ids = (await db.query<{ id: number }>(
      `insert into members (workspace_id, display_name, first_seen_at) select $1, 'm' || g, now() from generate_series(1, $2) g returning id`,
      [ws.id, MEMBERS])).map((r) => r.id);
    const owner = await createStaffUser(db, ws.id, 'owner');
    token = (await createSession(db, owner.userId, ws.id, { ip: '127.0.0.1' })).token;
  } finally {
    await db.close();
  }
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'info' };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [main, 'serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    let out = '';
    let onLine: ((line: string) => void) | undefined;
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      for (let i = out.indexOf('\n'); i >= 0; i = out.indexOf('\n')) { onLine?.(out.slice(0, i)); out = out.slice(i + 1); }
    });
    const url = await new Promise<string>((resolve, reject) => {
      onLine = (line) => { const m = /listening on (http:\/\/\S+)/.exec(line); if (m) resolve(m[1]!); };
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
    });
    // The server says when it has the bulk request; from then on /health is asked, one after another.
    const arrived = new Promise<void>((resolve) => {
      onLine = (line) => { if (line.includes('incoming request') && line.includes('/api/members/bulk-tag')) resolve(); };
    });
    const order: string[] = [];
    const bulk = fetch(`${url}/api/members/bulk-tag`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `qy_session=${token}; qy_csrf=${csrfTokenFor(token)}`, 'x-csrf-token': csrfTokenFor(token) },
      body: JSON.stringify({ ids, add: TAGS }),
    }).then(async (res) => { order.push('bulk'); return { status: res.status, body: await res.json() as { updated: number } }; });
    let bulkDone = false;
    void bulk.finally(() => { bulkDone = true; });
    await arrived;
    const healths: number[] = [];
    do {
      const res = await fetch(`${url}/health`);
      healths.push(res.status);
      order.push('health');
    } while (!bulkDone);
    const result = await bulk;
    assert.deepEqual([result.status, result.body], [200, { updated: MEMBERS }]);
    assert.ok(healths.every((s) => s === 200), 'every /health answered 200');
    assert.equal(order[0], 'health', `a /health sent while the bulk ran was answered before it (order: ${order.join(', ')})`);
    // Every tag on every member: the chunks add up to the whole change.
    const res = await fetch(`${url}/api/members/${ids[ids.length - 1]}`, { headers: { cookie: `qy_session=${token}` } });
    assert.deepEqual(((await res.json()) as { tags: string[] }).tags.sort(), [...TAGS].sort());
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
});
