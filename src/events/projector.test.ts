import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../test/support/engines.ts';
import { ingestScope } from '../../test/support/ingest-scope.ts';
import { openDatabase, type Database } from '../db/database.ts';
import type { PlatformEventInput } from './envelope.ts';
import { appendBatch, IdentityCache } from './ingest.ts';
import { createIngestQueue } from './ingest-queue.ts';
import { projectAllPending, projectPending } from './projector.ts';
import { rebuildRollups } from './rollups.ts';

const at = (min: number) => new Date(Date.UTC(2026, 2, 2, 2, 0) + min * 60_000).toISOString();

/** A small day of a group: joins, messages from three members, a leave. */
function day(prefix: string): PlatformEventInput[] {
  const events: PlatformEventInput[] = [];
  for (const u of ['a', 'b', 'c']) events.push({ type: 'join', eventId: `${prefix}-j-${u}`, occurredAt: at(1), groupId: 'g1', userId: u, name: u.toUpperCase(), via: { source: 'qr_code' } });
  for (let i = 0; i < 30; i++) events.push({ type: 'message', eventId: `${prefix}-m${i}`, occurredAt: at(10 + i), groupId: 'g1', messageId: `${prefix}-mm${i}`, userId: ['a', 'b', 'c'][i % 3]!, text: `hi ${i}` });
  events.push({ type: 'leave', eventId: `${prefix}-l-c`, occurredAt: at(100), groupId: 'g1', userId: 'c' });
  return events;
}

async function figures(db: Database, ws: number) {
  const [row] = await db.query<{ messages: number; joins: number; leaves: number; active: number; size: number; watermark: number; last: number }>(
    `select (select coalesce(sum(messages), 0) from group_daily where workspace_id = $1)::int as messages,
            (select coalesce(sum(joins), 0) from group_daily where workspace_id = $1)::int as joins,
            (select coalesce(sum(leaves), 0) from group_daily where workspace_id = $1)::int as leaves,
            (select coalesce(sum(active_members), 0) from workspace_daily where workspace_id = $1)::int as active,
            (select coalesce(sum(member_count), 0) from groups where workspace_id = $1)::int as size,
            (select projected_seq from workspaces where id = $1) as watermark,
            (select coalesce(max(seq), 0) from events where workspace_id = $1) as last`, [ws]);
  return row!;
}

forEachEngine('projector', (ctx) => {
  const scope = (slug: string) => ingestScope(ctx().db, slug);

  test('stored events have their effects once projected, and projecting again changes nothing', async () => {
    const { db } = ctx();
    const s = await scope('proj-once');
    const appended = await appendBatch(db, s, day('d1'), new IdentityCache());
    assert.equal(appended.stored, 34);
    const before = await figures(db, s.workspaceId);
    assert.deepEqual([before.messages, before.joins, before.size, before.watermark], [0, 0, 0, 0], 'stored, not yet projected');
    assert.equal(await projectPending(db, s.workspaceId), 34);
    const after = await figures(db, s.workspaceId);
    assert.deepEqual([after.messages, after.joins, after.leaves, after.active, after.size], [30, 3, 1, 3, 2]);
    assert.equal(after.watermark, after.last);
    assert.equal(await projectPending(db, s.workspaceId), 0);
    assert.deepEqual(await figures(db, s.workspaceId), after);
  });

  test('small slices add up to the same figures as one', async () => {
    const { db } = ctx();
    const one = await scope('proj-one'), many = await scope('proj-many');
    await appendBatch(db, one, day('d1'), new IdentityCache());
    await appendBatch(db, many, day('d1'), new IdentityCache());
    await projectPending(db, one.workspaceId);
    assert.equal(await projectPending(db, many.workspaceId, { slice: 4 }), 34);
    const [a, b] = [await figures(db, one.workspaceId), await figures(db, many.workspaceId)];
    assert.deepEqual({ ...a, watermark: 0, last: 0 }, { ...b, watermark: 0, last: 0 });
  });

  test('a slice that fails applies nothing and leaves its events for the next run', async () => {
    const { db } = ctx();
    const s = await scope('proj-fail');
    await appendBatch(db, s, day('d1'), new IdentityCache());
    // A workspace zone the database does not know makes the rollup statement fail mid-slice.
    await db.query(`update workspaces set timezone = 'Not/AZone' where id = $1`, [s.workspaceId]);
    await assert.rejects(projectPending(db, s.workspaceId), /time zone/);
    const failed = await figures(db, s.workspaceId);
    assert.deepEqual([failed.messages, failed.size, failed.watermark], [0, 0, 0]);
    await db.query(`update workspaces set timezone = 'Asia/Shanghai' where id = $1`, [s.workspaceId]);
    assert.equal(await projectAllPending(db), 34);
    const done = await figures(db, s.workspaceId);
    assert.deepEqual([done.messages, done.size, done.watermark], [30, 2, done.last]);
  });

  test('projectors running at once still apply each event once', async () => {
    const { db } = ctx();
    const s = await scope('proj-race');
    await appendBatch(db, s, day('d1'), new IdentityCache());
    await appendBatch(db, s, day('d2'), new IdentityCache());
    const counts = await Promise.all([1, 2, 3].map(() => projectPending(db, s.workspaceId, { slice: 10 })));
    assert.equal(counts.reduce((a, b) => a + b, 0), 68);
    const f = await figures(db, s.workspaceId);
    assert.deepEqual([f.messages, f.joins, f.leaves], [60, 6, 2]);
  });

  test('a rebuild while events wait for the projector counts them once', async () => {
    const { db } = ctx();
    const s = await scope('proj-rebuild');
    await appendBatch(db, s, day('d1'), new IdentityCache());
    await projectPending(db, s.workspaceId);
    await appendBatch(db, s, day('d2'), new IdentityCache()); // stored, not projected
    await rebuildRollups(db, { workspaceId: s.workspaceId });
    assert.equal((await figures(db, s.workspaceId)).messages, 30, 'the rebuild stops at the watermark');
    await projectPending(db, s.workspaceId);
    assert.equal((await figures(db, s.workspaceId)).messages, 60);
  });

  test('the ingest queue acknowledges once stored and projects within its lag', async () => {
    const { db } = ctx();
    const s = await scope('proj-queue');
    const queue = createIngestQueue(db, { batchSize: 100, flushMs: 1, projectLagMs: 60_000 });
    assert.equal((await queue.submit(s, day('d1'))).stored, 34);
    assert.equal((await figures(db, s.workspaceId)).messages, 0, 'acknowledged before projected');
    await queue.drain();
    assert.equal((await figures(db, s.workspaceId)).messages, 30);
    // Past projectAfter events, the projection starts without waiting for the lag.
    const eager = createIngestQueue(db, { batchSize: 100, flushMs: 1, projectLagMs: 60_000, projectAfter: 10 });
    await eager.submit(s, day('d2'));
    for (let i = 0; i < 400 && (await figures(db, s.workspaceId)).messages < 60; i++) await new Promise((r) => setTimeout(r, 25));
    assert.equal((await figures(db, s.workspaceId)).messages, 60);
    await eager.close();
    await queue.close();
  });

  test('writers known to be in a group are not looked up, and what another process projected in between is not trusted', async () => {
    const t = ctx();
    const s = await scope('proj-known');
    const msg = (id: string, min: number, user: string): PlatformEventInput =>
      ({ type: 'message', eventId: id, occurredAt: at(min), groupId: 'g1', messageId: `mm-${id}`, userId: user, text: 'hi' });
    const active = async () => (await t.db.query<{ active: boolean }>(
      `select m.active from memberships m join member_identities i on i.member_id = m.member_id and i.workspace_id = m.workspace_id
       where m.workspace_id = $1 and i.platform_user_id = 'w'`, [s.workspaceId]))[0]?.active;
    // This process learns that w is in g1 (two slices in a row: the second trusts the first).
    await appendBatch(t.db, s, [msg('k1', 1, 'w')], new IdentityCache());
    await projectPending(t.db, s.workspaceId);
    await appendBatch(t.db, s, [msg('k2', 2, 'w')], new IdentityCache());
    await projectPending(t.db, s.workspaceId);
    assert.equal(await active(), true);
    // Another process (on PGlite, the same process forgetting nothing: a leave in its own slice) projects w's leave.
    const other = t.databaseUrl ? await openDatabase({ databaseUrl: t.databaseUrl, poolSize: 2 }) : t.db;
    try {
      await appendBatch(other, s, [{ type: 'leave', eventId: 'k3', occurredAt: at(3), groupId: 'g1', userId: 'w' }], new IdentityCache());
      await projectPending(other, s.workspaceId);
      assert.equal(await active(), false);
      // w writes again: this process must look w up rather than trust what it knew.
      await appendBatch(t.db, s, [msg('k4', 4, 'w')], new IdentityCache());
      await projectPending(t.db, s.workspaceId);
      assert.equal(await active(), true, 'back in after writing again');
      const [size] = await t.db.query<{ n: number }>(`select member_count as n from groups where workspace_id = $1`, [s.workspaceId]);
      assert.equal(size!.n, 1);
    } finally {
      if (other !== t.db) await other.close();
    }
  });
});
