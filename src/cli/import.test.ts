import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '../db/database.ts';

const main = path.join(import.meta.dirname, 'main.ts');
const fixtures = path.join(import.meta.dirname, '..', 'imports', 'fixtures');

function qunyun(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [main, ...args], {
    encoding: 'utf8', env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn', ...env }, timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('import: bad flags and arguments exit 2 saying what is wrong', () => {
  const cases: Array<[string[], RegExp]> = [
    [['import'], /telegram or whatsapp/],
    [['import', 'discord', 'x.json'], /telegram or whatsapp \(not "discord"\)/],
    [['import', 'whatsapp'], /export file is missing/],
    [['import', 'whatsapp', 'a.txt', '--date-order', 'ddmm'], /--date-order: /],
    [['import', 'whatsapp', 'a.txt', '--batch-size', '0'], /--batch-size: /],
    [['import', 'whatsapp', 'a.txt', '--timezone', 'Mars/Olympus'], /--timezone: an IANA time zone/],
    [['import', 'telegram', 'r.json', '--self-name', 'Me'], /--self-name is for WhatsApp exports only/],
    [['import', 'telegram', 'r.json', '--bogus'], /unknown flag --bogus/],
    [['import', 'telegram', 'a.json', 'b.json'], /unexpected argument b.json/],
  ];
  for (const [args, message] of cases) {
    const r = qunyun(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
  }
  const help = qunyun(['import', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Usage: qunyun import telegram\|whatsapp <file>/);
});

test('import whatsapp stores the export into the named workspace, once however often it runs', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'qunyun-import-'));
  const file = path.join(fixtures, 'WhatsApp Chat - Ops 群 2024.txt');
  try {
    const countEvents = async () => {
      const db = await openDatabase({ dataDir: dir });
      try {
        return (await db.query<{ n: number }>('select count(*)::int as n from events'))[0]!.n;
      } finally {
        await db.close();
      }
    };
    const first = qunyun(['import', 'whatsapp', file, '--workspace', 'ops', '--timezone', 'Europe/Berlin', '--no-progress'], { DATA_DIR: dir });
    assert.equal(first.code, 0, first.stderr);
    assert.doesNotMatch(first.stderr, /%|pass 1|validat/i, 'no progress output with --no-progress');
    assert.match(first.stderr, /^imported .*\(\d+ new, 0 already there\).*peak RSS \d+ MB\n$/, 'only the summary line');
    const afterFirst = await countEvents();
    const again = qunyun(['import', 'whatsapp', file, '--workspace', 'ops', '--timezone', 'Europe/Berlin', '--no-progress'], { DATA_DIR: dir });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(await countEvents(), afterFirst);
    const db = await openDatabase({ dataDir: dir });
    try {
      const rows = await db.query<{ slug: string; events: number; groups: number }>(
        `select w.slug, (select count(*)::int from events e where e.workspace_id = w.id) as events,
                (select count(*)::int from groups g where g.workspace_id = w.id) as groups
         from workspaces w where w.slug = 'ops'`);
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.groups, 1);
      assert.ok(rows[0]!.events > 0);
      const accounts = await db.query<{ platform: string }>(`select platform from platform_accounts where workspace_id = (select id from workspaces where slug = 'ops')`);
      assert.deepEqual(accounts.map((a) => a.platform), ['whatsapp-export']);
    } finally {
      await db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('import of a missing file exits 1 with the reason', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'qunyun-import-'));
  try {
    const r = qunyun(['import', 'telegram', path.join(dir, 'nope.json'), '--no-progress'], { DATA_DIR: dir });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /qunyun import: .*nope\.json/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
