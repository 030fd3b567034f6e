import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { seedCommunity, type Community } from '../../test/support/community.ts';
import { openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';

const main = path.join(import.meta.dirname, 'main.ts');
const dir = mkdtempSync(path.join(tmpdir(), 'qunyun-member-'));
let c: Community;

function qunyun(args: string[]) {
  const r = spawnSync(process.execPath, [main, ...args], {
    encoding: 'utf8', env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn', DATA_DIR: dir }, timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function withDb<T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const db = await openDatabase({ dataDir: dir });
  try { return await fn(db); } finally { await db.close(); }
}

before(async () => {
  c = await withDb(async (db) => { await migrate(db); return seedCommunity(db, 'cli-members'); });
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('member export writes the JSON document to a file or to standard output, and is audited', async () => {
  const out = path.join(dir, 'alice.json');
  const r = qunyun(['member', 'export', String(c.members['alice']), '--workspace', 'cli-members', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(readFileSync(out, 'utf8'));
  assert.deepEqual([doc.member.name, doc.identities[0].platformUserId, doc.messages.length], ['Alice', 'alice', 3]);
  const stdout = qunyun(['member', 'export', String(c.members['bob'])]);
  assert.equal(stdout.code, 0, stdout.stderr);
  assert.equal(JSON.parse(stdout.stdout).member.name, 'Bob');
  const audit = await withDb((db) => db.query<{ target: string; actor: number | null }>(
    `select target, actor_user_id as actor from audit_log where action = 'member.export' order by id`));
  assert.deepEqual(audit, [{ target: `member:${c.members['alice']}`, actor: null }, { target: `member:${c.members['bob']}`, actor: null }]);
});

test('member erase needs --yes and an existing member, then erases', async () => {
  const id = String(c.members['carol']);
  const unconfirmed = qunyun(['member', 'erase', id]);
  assert.equal(unconfirmed.code, 2);
  assert.match(unconfirmed.stderr, /--yes/);
  assert.equal(qunyun(['member', 'erase', 'carol', '--yes']).code, 2);
  const elsewhere = qunyun(['member', 'erase', id, '--yes', '--workspace', 'no-such-workspace']);
  assert.equal(elsewhere.code, 1);
  assert.match(elsewhere.stderr, /no member/);
  const r = qunyun(['member', 'erase', id, '--yes']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /erased member \d+, now "erased member #[0-9a-f]{8}"/);
  const [row] = await withDb((db) => db.query<{ name: string; erased: boolean; identities: number }>(
    `select display_name as name, erased_at is not null as erased,
            (select count(*)::int from member_identities where member_id = $1) as identities from members where id = $1`, [c.members['carol']]));
  assert.deepEqual([row!.erased, row!.identities], [true, 0]);
  assert.equal(qunyun(['member', 'erase', id, '--yes']).code, 1, 'a second erasure is refused');
});
