import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import pino from 'pino';
import { forEachEngine } from '../../test/support/engines.ts';
import { MAINTENANCE_QUEUE, startWorker } from './worker.ts';

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
});
