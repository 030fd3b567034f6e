import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import pino from 'pino';
import { forEachEngine } from '../../test/support/engines.ts';
import { MAINTENANCE_QUEUE, REVIEW_REFRESH_QUEUE, startWorker } from './worker.ts';
import { ensureWorkspace } from '../workspaces/workspaces.ts';

forEachEngine('worker', (ctx) => {
  test('a maintenance job sent is processed: the rollups get statistics', async () => {
    const { db } = ctx();
    // A table never vacuumed nor analyzed has reltuples = -1.
    const reltuples = async () => (await db.query<{ n: number }>(`select reltuples::float8 as n from pg_class where relname = 'group_daily'`))[0]!.n;
    assert.equal(await reltuples(), -1);
    const worker = await startWorker({ db, logger: pino({ level: 'silent' }), pollingIntervalSeconds: 0.5 });
    try {
      const id = await worker.boss.send(MAINTENANCE_QUEUE, {});
      assert.ok(id);
      let state: string | undefined;
      for (let i = 0; i < 240 && state !== 'completed' && state !== 'failed'; i++) {
        await sleep(250);
        state = (await worker.boss.findJobs(MAINTENANCE_QUEUE, { id }))[0]?.state;
      }
      assert.equal(state, 'completed');
      assert.ok(await reltuples() >= 0, 'the maintenance job analyzed group_daily');
      const schedules = await worker.boss.getSchedules(MAINTENANCE_QUEUE);
      assert.deepEqual(schedules.map((s) => s.cron), ['*/10 * * * *']);
    } finally {
      await worker.stop();
    }
    // The database stays open for its owner.
    assert.deepEqual(await db.query('select 1 as one'), [{ one: 1 }]);
  });

  test('a review-refresh job warms the stored 复盘 reports of each workspace, and is scheduled', async () => {
    const { db } = ctx();
    const ws = await ensureWorkspace(db, 'worker-review', 'Worker review', 'Asia/Shanghai');
    const worker = await startWorker({ db, logger: pino({ level: 'silent' }), pollingIntervalSeconds: 0.5 });
    try {
      const id = await worker.boss.send(REVIEW_REFRESH_QUEUE, {});
      assert.ok(id);
      let state: string | undefined;
      for (let i = 0; i < 240 && state !== 'completed' && state !== 'failed'; i++) {
        await sleep(250);
        state = (await worker.boss.findJobs(REVIEW_REFRESH_QUEUE, { id }))[0]?.state;
      }
      assert.equal(state, 'completed');
      const kinds = await db.query<{ kind: string }>(`select kind from review_reports where workspace_id = $1 and body is not null order by kind`, [ws.id]);
      assert.deepEqual(kinds.map((k) => k.kind), ['engagement', 'funnels', 'health', 'retention']);
      assert.deepEqual((await worker.boss.getSchedules(REVIEW_REFRESH_QUEUE)).map((s) => s.cron), ['*/5 * * * *']);
    } finally {
      await worker.stop();
    }
  });
});
