/**
 * Kills `qunyun simulate` with SIGKILL in the middle of a run, runs it again, and counts: every
 * event the platform saw acknowledged is stored, none twice, and the result is exactly that of a
 * run that was never interrupted (same events, same rollups). On both engines.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { createTestDatabase, testEngines, type TestDatabase } from '../../src/db/test-databases.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';

const main = path.resolve('src/cli/main.ts');
const args = ['simulate', '--seed', '11', '--groups', '12', '--days', '4', '--start', '2026-03-02T00:00:00+08:00', '--no-progress'];

function simulate(t: TestDatabase, journal: string, onJournal?: (lines: number) => boolean): Promise<{ code: number | null; signal: string | null; stdout: string }> {
  const env = { ...process.env, LOG_LEVEL: 'warn', DATA_DIR: t.dataDir, ...(t.databaseUrl ? { DATABASE_URL: t.databaseUrl } : {}) };
  if (!t.databaseUrl) delete env.DATABASE_URL;
  const child = spawn(process.execPath, [main, ...args, '--ack-journal', journal], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
  child.stderr.on('data', () => {});
  let timer: NodeJS.Timeout | undefined;
  if (onJournal) {
    timer = setInterval(() => {
      const lines = existsSync(journal) ? readFileSync(journal, 'utf8').split('\n').filter(Boolean).length : 0;
      if (onJournal(lines)) { clearInterval(timer); child.kill('SIGKILL'); }
    }, 20);
  }
  return new Promise((resolve) => child.on('exit', (code, signal) => { clearInterval(timer); resolve({ code, signal, stdout }); }));
}

async function figures(db: Database) {
  const q = async (sql: string) => db.query(sql);
  return {
    events: await q(`select type, count(*)::int as n from events group by type order by type`),
    ids: (await q(`select md5(string_agg(platform_event_id, ',' order by platform_event_id)) as h from events`))[0],
    daily: await q(`select g.platform_group_id, d.day, d.messages, d.joins, d.leaves, d.reactions from group_daily d join groups g on g.workspace_id = d.workspace_id and g.id = d.group_id order by 1, 2`),
    workspace: await q(`select day, messages, joins, leaves, active_members, active_members_7d from workspace_daily order by day`),
    projected: await q(`select count(*)::int as behind from workspaces w join events e on e.workspace_id = w.id and e.seq > w.projected_seq`),
    active: await q(`select coalesce(sum(cardinality(active_member_ids)), 0)::int as n from group_daily`),
    memberships: await q(`select count(*) filter (where active)::int as active, count(*)::int as all from memberships`),
  };
}

for (const engine of testEngines()) {
  test(`SIGKILL in the middle of qunyun simulate loses no acknowledged event and duplicates none [${engine}]`, async () => {
    const crashed = await createTestDatabase(engine, { persistent: true, migrated: false });
    const clean = await createTestDatabase(engine, { persistent: true, migrated: false });
    await crashed.db.close();
    await clean.db.close();
    try {
      const journal = path.join(crashed.dataDir, 'acks.txt');
      let seenAtKill = 0;
      const first = await simulate(crashed, journal, (lines) => { seenAtKill = lines; return lines >= 1500; });
      assert.equal(first.signal, 'SIGKILL', 'the first run was killed before it finished');
      assert.ok(seenAtKill >= 1500);
      const acked = new Set(readFileSync(journal, 'utf8').split('\n').filter(Boolean));
      const afterKill = await reopen(crashed);
      const storedAtKill = (await afterKill.query<{ n: number }>('select count(*)::int as n from events'))[0]!.n;
      await afterKill.close();
      assert.ok(storedAtKill >= acked.size, 'what was acknowledged had been stored');

      const second = await simulate(crashed, journal);
      assert.equal(second.code, 0, second.stdout);
      const reference = await simulate(clean, path.join(clean.dataDir, 'acks.txt'));
      assert.equal(reference.code, 0, reference.stdout);

      const a = await reopen(crashed), b = await reopen(clean);
      try {
        // Every event acknowledged before the kill is stored.
        const ids = [...acked];
        const found = await a.query<{ n: number }>('select count(*)::int as n from events where platform_event_id = any($1::text[])', [ids]);
        assert.equal(found[0]!.n, acked.size, 'acknowledged events lost');
        // Nothing twice: the interrupted-and-resumed database equals one that ran straight through.
        const fa = await figures(a), fb = await figures(b);
        assert.deepEqual(fa, fb);
        const messages = fa.events.find((e) => e.type === 'message')?.n as number;
        assert.ok(messages > 1000, `a real community ran (${messages} messages)`);
        assert.equal(fa.workspace.reduce((n, d) => n + (d.messages as number), 0), messages, 'each message counted once in the rollups');
        assert.equal(fa.projected[0]!.behind, 0, 'every stored event projected');
        const total = fa.events.reduce((n, e) => n + (e.n as number), 0);
        assert.ok(storedAtKill < total, `the kill came mid-run (${storedAtKill} of ${total} stored)`);
      } finally {
        await a.close();
        await b.close();
      }
    } finally {
      await crashed.drop();
      await clean.drop();
    }
  });
}

function reopen(t: TestDatabase): Promise<Database> {
  return openDatabase(t.databaseUrl ? { databaseUrl: t.databaseUrl, poolSize: 2 } : { dataDir: t.dataDir });
}
