import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '../db/database.ts';
import { migrationsApplied } from '../db/migrate.ts';

const main = path.join(import.meta.dirname, 'main.ts');

function qunyun(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [main, ...args], {
    encoding: 'utf8', env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn', ...env }, timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('an unknown flag exits 2 with a message naming it', () => {
  for (const [args, flag] of [[['serve', '--bogus'], '--bogus'], [['migrate', '--force'], '--force'], [['--verbose'], '--verbose']] as const) {
    const r = qunyun([...args]);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, new RegExp(`unknown flag ${flag}`));
  }
});

test('a bad flag value exits 2 naming the flag and what is wrong', () => {
  const r = qunyun(['serve', '--port', '99999']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--port: .*65535/);
  const missing = qunyun(['simulate', '--days']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /--days needs a value/);
});

test('an unknown command or benchmark exits 2', () => {
  const r = qunyun(['frobnicate']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown command "frobnicate"/);
  const b = qunyun(['bench', 'no-such-bench']);
  assert.equal(b.code, 2);
  assert.match(b.stderr, /no benchmark named "no-such-bench"/);
});

test('--help exits 0, at the top and on each command', () => {
  const top = qunyun(['--help']);
  assert.equal(top.code, 0);
  for (const name of ['serve', 'simulate', 'migrate', 'bench']) assert.match(top.stdout, new RegExp(`\\b${name}\\b`));
  for (const name of ['serve', 'simulate', 'migrate', 'bench']) {
    const r = qunyun([name, '--help']);
    assert.equal(r.code, 0, name);
    assert.match(r.stdout, new RegExp(`Usage: qunyun ${name}`));
  }
});

test('a bad configuration exits 2 naming the variable', () => {
  const r = qunyun(['migrate'], { PORT: 'eighty' });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /PORT/);
});

test('migrate brings the embedded database in DATA_DIR to the latest schema', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'qunyun-cli-'));
  try {
    const r = qunyun(['migrate'], { DATA_DIR: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /migrated/);
    const db = await openDatabase({ dataDir: dir });
    try {
      assert.equal(await migrationsApplied(db), true);
    } finally {
      await db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('migrate on a fresh data folder, started as a user starts it, peaks under 300 MB of RSS', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'qunyun-cli-'));
  try {
    const r = spawnSync(process.execPath, [path.join(import.meta.dirname, '..', '..', 'bin', 'qunyun.js'), 'migrate'], {
      encoding: 'utf8', env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn', DATA_DIR: dir }, timeout: 120_000,
    });
    assert.equal(r.status, 0, r.stderr);
    const peak = Number(/peak RSS (\d+) MB/.exec(r.stdout)?.[1]);
    assert.ok(peak > 0, r.stdout);
    assert.ok(peak < 300, `peak RSS ${peak} MB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('serve answers on the printed URL and exits 0 on SIGTERM', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'qunyun-cli-'));
  const child = spawn(process.execPath, [main, 'serve', '--port', '0'], {
    env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn', DATA_DIR: dir }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`serve exited with ${code} before listening: ${out}`)));
    });
    const health = await fetch(`${url}/health`);
    assert.equal(health.status, 200);
    const ready = await fetch(`${url}/ready`);
    assert.equal(ready.status, 200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.equal(existsSync(path.join(dir, 'qunyun.lock')), false, 'the data folder is released');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('simulate stores every event the sandbox platform emitted, exactly once', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'qunyun-cli-'));
  try {
    const r = qunyun(['simulate', '--groups', '3', '--days', '2', '--seed', '7', '--no-progress'], { DATA_DIR: dir });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { platform: { emitted: number; acked: number; pending: number }; stored: { events: number; groups: number } };
    assert.ok(out.platform.emitted > 100);
    assert.equal(out.platform.pending, 0);
    assert.equal(out.platform.acked, out.platform.emitted);
    assert.equal(out.stored.events, out.platform.emitted);
    assert.equal(out.stored.groups, 3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
