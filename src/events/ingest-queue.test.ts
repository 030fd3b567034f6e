import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../test/support/engines.ts';
import { ingestScope } from '../../test/support/ingest-scope.ts';
import type { Database } from '../db/database.ts';
import type { PlatformEventInput } from './envelope.ts';
import type { IngestScope } from './ingest.ts';
import { createIngestQueue } from './ingest-queue.ts';
import { refuseEvents } from '../../test/support/refuse-events.ts';

const at = (min: number) => new Date(Date.UTC(2026, 2, 2, 0, 0) + min * 60_000).toISOString();
const message = (id: string, min = 0): PlatformEventInput =>
  ({ type: 'message', eventId: id, occurredAt: at(min), groupId: 'g1', messageId: `m-${id}`, userId: 'u1', text: id });

async function countEvents(db: Database, s: IngestScope): Promise<number> {
  const rows = await db.query<{ n: number }>('select count(*)::int as n from events where workspace_id = $1 and account_id = $2', [s.workspaceId, s.accountId]);
  return rows[0]!.n;
}

/** Counts the transactions ingest opens, to see submissions merged into one batch. */
function countingTransactions(db: Database): { db: Database; transactions: () => number } {
  let n = 0;
  const wrapped: Database = Object.create(db) as Database;
  Object.defineProperty(wrapped, 'transaction', { value: (fn: Parameters<Database['transaction']>[0]) => { n++; return db.transaction(fn); } });
  return { db: wrapped, transactions: () => n };
}

forEachEngine('ingest queue', (ctx) => {
  const scope = (slug: string) => ingestScope(ctx().db, slug);

  test('merges concurrent submissions into one batch and gives each its own share', async () => {
    const s = await scope('merge');
    const { db, transactions } = countingTransactions(ctx().db);
    const queue = createIngestQueue(db, { batchSize: 100, flushMs: 50, projectLagMs: 60_000 });
    const [a, b, c] = await Promise.all([
      queue.submit(s, [message('a1'), message('a2'), { type: 'message', eventId: 'bad' }]),
      queue.submit(s, [message('b1'), message('a1'), 'garbage', message('b2')]),
      queue.submit(s, [message('c1'), message('c1')]),
    ]);
    assert.equal(transactions(), 1, 'one transaction for the three submissions');
    await queue.close();
    assert.deepEqual([a.stored, a.duplicates, a.rejected.map((r) => [r.index, r.eventId])], [2, 0, [[2, 'bad']]]);
    assert.deepEqual([b.stored, b.duplicates, b.rejected.map((r) => r.index)], [2, 1, [2]]);
    assert.deepEqual([c.stored, c.duplicates, c.rejected], [1, 1, []]);
    assert.equal(await countEvents(ctx().db, s), 5);
  });

  test('tells each submission which of its events were new when others were stored before', async () => {
    const s = await scope('mixed');
    const { db } = ctx();
    const queue = createIngestQueue(db, { batchSize: 100, flushMs: 50 });
    await queue.submit(s, [message('old1'), message('old2'), message('old3')]);
    const [a, b] = await Promise.all([
      queue.submit(s, [message('new1'), message('old1')]),
      queue.submit(s, [message('old2'), message('old3'), message('new2'), message('new3')]),
    ]);
    await queue.close();
    assert.deepEqual([a.stored, a.duplicates], [1, 1]);
    assert.deepEqual([b.stored, b.duplicates], [2, 2]);
    assert.equal(await countEvents(db, s), 6);
  });

  test('splits work into batches of at most batchSize events, never splitting a submission', async () => {
    const s = await scope('sizes');
    const { db, transactions } = countingTransactions(ctx().db);
    const queue = createIngestQueue(db, { batchSize: 4, flushMs: 1000, projectLagMs: 60_000 });
    const results = await Promise.all([
      queue.submit(s, [message('x1'), message('x2'), message('x3')]),
      queue.submit(s, [message('y1'), message('y2')]),
      queue.submit(s, [message('z1'), message('z2'), message('z3'), message('z4'), message('z5')]),
    ]);
    assert.deepEqual(results.map((r) => r.stored), [3, 2, 5]);
    assert.equal(transactions(), 3);
    await queue.close();
    assert.equal(await countEvents(ctx().db, s), 10);
  });

  test('a failing batch rejects every submission in it and stores nothing', async () => {
    const s = await scope('failing');
    const { db } = ctx();
    // The database refuses the last event, after the group, the member and the first events were written.
    const allow = await refuseEvents(db, 'qf-boom');
    const queue = createIngestQueue(db, { batchSize: 100, flushMs: 50 });
    const outcomes = await Promise.allSettled([
      queue.submit(s, [message('qf1'), message('qf2')]),
      queue.submit(s, [message('qf3'), message('qf-boom')]),
    ]);
    await allow();
    assert.deepEqual(outcomes.map((o) => o.status), ['rejected', 'rejected']);
    assert.match(String((outcomes[0] as PromiseRejectedResult).reason), /qf-boom refused/);
    assert.equal(await countEvents(db, s), 0);
    assert.equal((await db.query('select 1 from member_identities where workspace_id = $1', [s.workspaceId])).length, 0);
    // The queue keeps working for other batches.
    const good = await scope('after-failure');
    assert.equal((await queue.submit(good, [message('ok')])).stored, 1);
    await queue.close();
    await assert.rejects(queue.submit(good, [message('late')]), /closed/);
  });

  test('drain writes what waits without waiting for the batch to fill', async () => {
    const s = await scope('drain');
    const { db } = ctx();
    const queue = createIngestQueue(db, { batchSize: 1000, flushMs: 10_000 });
    const pending = queue.submit(s, [message('d1')]);
    await queue.drain();
    assert.equal(await countEvents(db, s), 1);
    assert.equal((await pending).stored, 1);
    await queue.close();
  });
});
