import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { serve } from '../../test/support/qunyun-process.ts';
import { openDatabase } from '../db/database.ts';

const main = path.join(import.meta.dirname, 'main.ts');

/** A WhatsApp export of 300 messages, written into the folder. */
function writeExport(dir: string): string {
  const file = path.join(dir, 'WhatsApp Chat - Lock.txt');
  const lines = Array.from({ length: 300 }, (_, i) => `[${String(1 + (i % 28)).padStart(2, '0')}/02/2024, 10:${String(Math.floor(i / 28)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}] Member ${i % 7}: message ${i}`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function qunyun(dataDir: string, args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  const r = spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', env, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function figures(dataDir: string) {
  const db = await openDatabase({ dataDir });
  try {
    const [row] = await db.query<{ messages: number; users: string[] }>(
      `select (select count(*)::int from events where type = 'message') as messages,
              (select coalesce(array_agg(email order by email), '{}') from users) as users`);
    return row!;
  } finally {
    await db.close();
  }
}

test('beside a running serve: other commands refuse naming the folder and PID, user create goes through the server, no data is lost', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'qunyun-df-'));
  const fixture = writeExport(dir);
  try {
    const imported = qunyun(dir, ['import', 'whatsapp', fixture, '--date-order', 'dmy', '--no-progress']);
    assert.equal(imported.code, 0, imported.stderr);
    const before = await figures(dir);
    assert.equal(before.messages, 300);

    const server = await serve(dir);
    try {
      const escaped = dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const refused = new RegExp(`the data folder ${escaped} is in use by another process \\(PID \\d+, qunyun serve\\)`);
      for (const args of [['migrate'], ['import', 'whatsapp', fixture, '--no-progress'], ['rollups', 'rebuild', '--no-progress'], ['serve', '--port', '0']]) {
        const r = qunyun(dir, args);
        assert.equal(r.code, 1, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
        assert.match(r.stderr, refused, args.join(' '));
      }
      const created = qunyun(dir, ['user', 'create', '--email', 'ops@example.test', '--name', 'Ops', '--password', 'long enough 1']);
      assert.equal(created.code, 0, created.stderr);
      assert.match(created.stdout, /created ops@example\.test as owner .*through the running server \(PID \d+, qunyun serve\)/);
      // The server still answers after the commands.
      assert.equal((await fetch(`${server.url}/health`)).status, 200);
    } finally {
      await server.stop();
    }
    assert.equal(existsSync(path.join(dir, 'qunyun.lock')), false, 'serve released the folder on SIGTERM');
    const after = await figures(dir);
    assert.equal(after.messages, before.messages, 'every message is still there');
    assert.deepEqual(after.users, ['ops@example.test']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('user create without a running server opens the folder itself', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'qunyun-df-'));
  try {
    const r = qunyun(dir, ['user', 'create', '--email', 'solo@example.test', '--name', 'Solo', '--password', 'long enough 1']);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /through the running server/);
    assert.equal(existsSync(path.join(dir, 'qunyun.lock')), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
