import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import pino from 'pino';
import { forEachEngine } from '../../test/support/engines.ts';
import { ingestScope } from '../../test/support/ingest-scope.ts';
import { ingestBatch } from '../events/ingest.ts';
import { startWorker } from '../jobs/worker.ts';
import { AUTOMATION_CRON, AUTOMATION_QUEUE } from './jobs.ts';
import { createRule } from './store.ts';

forEachEngine('automation tick in the worker (pg-boss)', (ctx) => {
  test('the worker schedules the tick every minute and a tick job runs the timed rules', async () => {
    const { db } = ctx();
    const scope = await ingestScope(db, 'tick');
    const at = new Date(Date.now() - 3600_000).toISOString();
    await ingestBatch(db, scope, [
      { type: 'group_created', eventId: 'g', occurredAt: at, groupId: 'g1', name: '读书会', capacity: 500 },
      { type: 'join', eventId: 'j1', occurredAt: at, groupId: 'g1', userId: 'a', name: 'A' },
      { type: 'join', eventId: 'j2', occurredAt: at, groupId: 'g1', userId: 'b', name: 'B' },
    ]);
    await createRule(db, scope.workspaceId, { name: 'two members', trigger: { kind: 'threshold', size: 2 }, actions: [{ kind: 'notify_operator', template: '{group} 有 {count} 人了' }] }, null);
    const worker = await startWorker({ db, logger: pino({ level: 'silent' }), pollingIntervalSeconds: 0.5 });
    try {
      assert.deepEqual((await worker.boss.getSchedules(AUTOMATION_QUEUE)).map((s) => s.cron), [AUTOMATION_CRON]);
      const id = await worker.boss.send(AUTOMATION_QUEUE, {});
      assert.ok(id);
      let state: string | undefined;
      for (let i = 0; i < 240 && state !== 'completed' && state !== 'failed'; i++) {
        await sleep(250);
        state = (await worker.boss.findJobs(AUTOMATION_QUEUE, { id }))[0]?.state;
      }
      assert.equal(state, 'completed');
    } finally {
      await worker.stop();
    }
    const notes = await db.query<{ text: string }>('select text from automation_notifications where workspace_id = $1', [scope.workspaceId]);
    assert.deepEqual(notes.map((n) => n.text), ['读书会 有 2 人了']);
  });
});
