/** The console's files over real HTTP: no listener leak on reloads, pre-compressed assets, cache rules. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { brotliCompressSync, brotliDecompressSync, gzipSync, gunzipSync } from 'node:zlib';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { testServer } from '../../../test/support/server.ts';
import { createTestDatabase, type TestDatabase } from '../../db/test-databases.ts';

const APP_JS = 'console.log(1);'.repeat(200);
const CSS = 'body{margin:0}'.repeat(100);

// The console's files: served over real HTTP (a listening server), as a browser gets them.
let t: TestDatabase;
let dist: string;
let server: Awaited<ReturnType<typeof testServer>>;
let base: string;
before(async () => {
  t = await createTestDatabase('pglite', { migrated: false });
  dist = mkdtempSync(path.join(tmpdir(), 'qunyun-dist-'));
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), '<html>console</html>');
  writeFileSync(path.join(dist, 'assets', 'app-abc123.js'), APP_JS);
  writeFileSync(path.join(dist, 'assets', 'app-abc123.js.br'), brotliCompressSync(APP_JS));
  writeFileSync(path.join(dist, 'assets', 'app-abc123.js.gz'), gzipSync(APP_JS));
  writeFileSync(path.join(dist, 'assets', 'only-gz-1.css'), CSS);
  writeFileSync(path.join(dist, 'assets', 'only-gz-1.css.gz'), gzipSync(CSS));
  server = await testServer(t.db, undefined, undefined, { webDist: dist });
  base = await server.app.listen({ host: '127.0.0.1', port: 0 });
});
after(async () => {
  await server.close();
  rmSync(dist, { recursive: true, force: true });
  await t.drop();
});

test('reloading console pages adds no listener per request (no "possible EventEmitter memory leak" warning)', async () => {
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
  process.on('warning', onWarning);
  try {
    for (let i = 0; i < 5; i++) {
      for (const url of ['/', '/login', '/groups/12', '/members', '/assets/app-abc123.js']) {
        const res = await fetch(base + url);
        await res.arrayBuffer();
        assert.equal(res.status, 200, url);
      }
    }
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('warning', onWarning);
  }
  assert.deepEqual(warnings.filter((w) => /MaxListeners|memory leak/i.test(w)), []);
});

test('hashed assets are sent pre-compressed as the browser accepts, cached for a year; a missing one is a 404', async () => {
  // fetch decompresses on its own: the raw bytes come through node:http.
  const raw = (url: string, encoding: string) => new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
    void import('node:http').then(({ get: httpGet }) => {
      httpGet(base + url, { headers: { 'accept-encoding': encoding } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      }).on('error', reject);
    }, reject);
  });
  const br = await raw('/assets/app-abc123.js', 'gzip, deflate, br');
  assert.deepEqual([br.status, br.headers['content-encoding'], br.headers['cache-control']], [200, 'br', 'public, max-age=31536000, immutable']);
  assert.match(String(br.headers.vary), /accept-encoding/i);
  assert.equal(brotliDecompressSync(br.body).toString(), APP_JS);
  const gz = await raw('/assets/app-abc123.js', 'gzip');
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(gunzipSync(gz.body).toString(), APP_JS);
  const plain = await raw('/assets/app-abc123.js', 'identity');
  assert.deepEqual([plain.headers['content-encoding'], plain.body.toString()], [undefined, APP_JS]);
  // Only a .gz beside it: a browser asking for br first gets gzip.
  const css = await raw('/assets/only-gz-1.css', 'br, gzip');
  assert.equal(css.headers['content-encoding'], 'gzip');
  assert.equal(gunzipSync(css.body).toString(), CSS);
  const missing = await raw('/assets/gone-123.js', 'br');
  assert.equal(missing.status, 404);
  assert.equal((await raw('/../package.json', 'br')).body.includes('"name"'), false);
});
