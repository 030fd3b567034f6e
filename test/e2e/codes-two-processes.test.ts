/**
 * Cap safety across processes (issue #15 item 1): two `qunyun serve` processes on one Postgres
 * route a burst of newcomers on one live code; no group ends above its cap, every seat is taken
 * once, and the rest are told the pool is full. Postgres only: an embedded database is opened by
 * one process at a time (the PGlite side is src/acquisition/codes.test.ts, concurrent transactions).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { addGroupToPool, createCode } from '../../src/acquisition/codes.ts';
import { createTestDatabase, testEngines } from '../../src/db/test-databases.ts';
import { groupsWorkspace } from '../support/acquisition.ts';
import { serve, type RunningServer } from '../support/qunyun-process.ts';

const onPostgres = testEngines().includes('postgres');

test('two processes on one Postgres never put a group over its cap', { timeout: 180_000, skip: onPostgres ? false : 'needs the Postgres engine (QUNYUN_TEST_ENGINES)' }, async () => {
  const t = await createTestDatabase('postgres');
  const dataDir = mkdtempSync(join(tmpdir(), 'qunyun-codes-2p-'));
  const servers: RunningServer[] = [];
  try {
    const { scope, groupIds } = await groupsWorkspace(t.db, 'two-processes', 5);
    const code = await createCode(t.db, scope.workspaceId, { name: '活码', source: 'shop', rule: 'round_robin', firstPhase: 10, sweetSpotMin: 15, sweetSpotMax: 15, hardCap: 20 }, null);
    for (const [i, id] of groupIds.entries()) await addGroupToPool(t.db, scope.workspaceId, code, id, { url: `https://t.example/+l${i}`, code: `l${i}`, expiresAt: null });
    for (const name of ['a', 'b']) servers.push(await serve(join(dataDir, name), { DATABASE_URL: t.databaseUrl! }));
    const answers: Array<{ kind: string; groupId?: number }> = [];
    for (let wave = 0; wave < 6; wave++) {
      answers.push(...await Promise.all(Array.from({ length: 50 }, async (_, i) => {
        const server = servers[i % 2]!;
        const r = await fetch(`${server.url}/api/public/codes/${code.slug}/route?v=visitor-${wave}-${i}`);
        assert.equal(r.status, 200);
        return (await r.json()) as { kind: string; groupId?: number };
      })));
    }
    const seated = answers.filter((a) => a.kind === 'group');
    assert.equal(seated.length, 100, '5 groups × cap 20');
    assert.equal(answers.filter((a) => a.kind === 'full').length, 200);
    const per = await t.db.query<{ group_id: number; n: number; load: number; cap: number }>(
      `select p.group_id, p.load, p.cap, (select count(*)::int from code_reservations r where r.workspace_id = p.workspace_id and r.code_id = p.code_id and r.group_id = p.group_id) as n
       from live_code_groups p where p.workspace_id = $1 and p.code_id = $2`, [scope.workspaceId, code.id]);
    for (const g of per) {
      assert.ok(g.n <= g.cap, `group ${g.group_id}: ${g.n} reservations for a cap of ${g.cap}`);
      assert.equal(g.load, g.n, 'each seat counted once');
    }
  } finally {
    for (const s of servers) await s.stop();
    await t.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
