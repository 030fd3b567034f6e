import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../test/support/engines.ts';
import { ingestScope } from '../../test/support/ingest-scope.ts';
import { ensurePlatformAccount } from '../workspaces/workspaces.ts';
import type { PlatformEventInput } from './envelope.ts';
import { appendBatch, IdentityCache } from './ingest.ts';
import { projectPending } from './projector.ts';
import { reactPending, type Reactor, type ReactorEvent } from './reactors.ts';

const at = (min: number) => new Date(Date.UTC(2026, 5, 1, 2, 0) + min * 60_000).toISOString();

function messages(prefix: string, n: number, from = 0): PlatformEventInput[] {
  return Array.from({ length: n }, (_, i) => ({
    type: 'message' as const, eventId: `${prefix}-m${from + i}`, occurredAt: at(from + i), groupId: 'g1',
    messageId: `${prefix}-mm${from + i}`, userId: `u${(from + i) % 3}`, text: `hello ${from + i}`,
  }));
}

/** A reactor that keeps what it saw, and writes one row per event in the transaction it is given. */
function recorder(name: string, types?: Reactor['types']): Reactor & { seen: ReactorEvent[] } {
  const seen: ReactorEvent[] = [];
  return {
    name, seen, ...(types ? { types } : {}),
    async react(tx, workspaceId, events) {
      for (const e of events) {
        await tx.query('insert into reactor_test_effects (workspace_id, reactor, seq) values ($1, $2, $3)', [workspaceId, name, e.seq]);
      }
      seen.push(...events);
    },
  };
}

forEachEngine('reactors', (ctx) => {
  const scope = (slug: string) => ingestScope(ctx().db, slug);

  test('setup: a table for the test reactors\' effects', async () => {
    await ctx().db.query('create table reactor_test_effects (workspace_id bigint, reactor text, seq bigint, primary key (workspace_id, reactor, seq))');
  });

  test('a reactor gets each projected event once, in order, and starts at the workspace\'s position', async () => {
    const { db } = ctx();
    const s = await scope('react-once');
    await appendBatch(db, s, messages('old', 5), new IdentityCache());
    await projectPending(db, s.workspaceId);
    const r = recorder('rec');
    // New: it starts after the 5 events already there, which it never sees.
    assert.equal(await reactPending(db, s.workspaceId, [r]), 0);
    await appendBatch(db, s, messages('new', 7), new IdentityCache());
    assert.equal(await reactPending(db, s.workspaceId, [r]), 0, 'stored but not projected: not yet');
    await projectPending(db, s.workspaceId);
    assert.equal(await reactPending(db, s.workspaceId, [r]), 7);
    // The same deliveries again are duplicates: nothing new reaches the reactor.
    const again = await appendBatch(db, s, messages('new', 7), new IdentityCache());
    assert.equal(again.duplicates, 7);
    await projectPending(db, s.workspaceId);
    assert.equal(await reactPending(db, s.workspaceId, [r]), 0);
    assert.deepEqual(r.seen.map((e) => e.messageId), Array.from({ length: 7 }, (_, i) => `new-mm${i}`));
    const seqs = r.seen.map((e) => e.seq);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b));
    assert.equal(r.seen[0]!.type, 'message');
    assert.equal(r.seen[0]!.imported, false);
    assert.equal(r.seen[0]!.platform, 'sandbox');
    assert.ok(r.seen[0]!.memberId !== null && r.seen[0]!.groupId > 0);
    const [n] = await db.query<{ n: number }>('select count(*)::int as n from reactor_test_effects where workspace_id = $1', [s.workspaceId]);
    assert.equal(n!.n, 7);
  });

  test('batches: a long run arrives whole across transactions', async () => {
    const { db } = ctx();
    const s = await scope('react-batches');
    const r = recorder('rec');
    await reactPending(db, s.workspaceId, [r]);
    await appendBatch(db, s, messages('b', 23), new IdentityCache());
    await projectPending(db, s.workspaceId);
    assert.equal(await reactPending(db, s.workspaceId, [r], { batch: 5 }), 23);
    assert.equal(new Set(r.seen.map((e) => e.seq)).size, 23);
  });

  test('a reactor interested in joins skips the rest, and its cursor moves past them', async () => {
    const { db } = ctx();
    const s = await scope('react-types');
    const r = recorder('joins', ['join']);
    await reactPending(db, s.workspaceId, [r]);
    await appendBatch(db, s, [
      ...messages('t', 4),
      { type: 'join', eventId: 't-j1', occurredAt: at(10), groupId: 'g1', userId: 'newbie', name: 'Newbie' },
      ...messages('t', 3, 20),
    ], new IdentityCache());
    await projectPending(db, s.workspaceId);
    assert.equal(await reactPending(db, s.workspaceId, [r], { batch: 2 }), 1);
    assert.deepEqual(r.seen.map((e) => e.type), ['join']);
    const [c] = await db.query<{ seq: number; last: number }>(
      `select c.seq, (select max(seq) from events where workspace_id = $1) as last from reactor_cursors c where c.workspace_id = $1 and c.reactor = 'joins'`, [s.workspaceId]);
    assert.equal(Number(c!.seq), Number(c!.last));
  });

  test('a reactor that throws applies nothing, and gets the same events again', async () => {
    const { db } = ctx();
    const s = await scope('react-throw');
    let fail = true;
    const seen: number[] = [];
    const r: Reactor = {
      name: 'flaky',
      async react(tx, workspaceId, events) {
        for (const e of events) await tx.query('insert into reactor_test_effects (workspace_id, reactor, seq) values ($1, $2, $3)', [workspaceId, 'flaky', e.seq]);
        if (fail) throw new Error('boom');
        seen.push(...events.map((e) => e.seq));
      },
    };
    await reactPending(db, s.workspaceId, [r]);
    await appendBatch(db, s, messages('x', 4), new IdentityCache());
    await projectPending(db, s.workspaceId);
    await assert.rejects(reactPending(db, s.workspaceId, [r]), /boom/);
    const [n0] = await db.query<{ n: number }>(`select count(*)::int as n from reactor_test_effects where workspace_id = $1`, [s.workspaceId]);
    assert.equal(n0!.n, 0, 'the failed run left no effect');
    fail = false;
    assert.equal(await reactPending(db, s.workspaceId, [r]), 4);
    assert.equal(seen.length, 4);
  });

  test('events of a history import are marked imported', async () => {
    const { db } = ctx();
    const s = await scope('react-import');
    const imp = await ensurePlatformAccount(db, s.workspaceId, 'telegram-export', 'import', 'history');
    const r = recorder('rec');
    await reactPending(db, s.workspaceId, [r]);
    await appendBatch(db, { ...s, accountId: imp.id }, messages('imp', 2), new IdentityCache());
    await appendBatch(db, s, messages('live', 1), new IdentityCache());
    await projectPending(db, s.workspaceId);
    await reactPending(db, s.workspaceId, [r]);
    assert.deepEqual(r.seen.map((e) => [e.messageId, e.imported]), [['imp-mm0', true], ['imp-mm1', true], ['live-mm0', false]]);
  });

  test('two runs at once hand each event to the reactor once', async () => {
    const { db } = ctx();
    const s = await scope('react-concurrent');
    const r = recorder('rec');
    await reactPending(db, s.workspaceId, [r]);
    await appendBatch(db, s, messages('c', 40), new IdentityCache());
    await projectPending(db, s.workspaceId);
    const runs = await Promise.all([1, 2, 3].map(() => reactPending(db, s.workspaceId, [r], { batch: 7 })));
    // A run that found the cursor taken skipped it; whatever it left, one more run picks up.
    await reactPending(db, s.workspaceId, [r]);
    assert.ok(runs.reduce((a, b) => a + b, 0) <= 40);
    const [n] = await db.query<{ n: number }>('select count(*)::int as n from reactor_test_effects where workspace_id = $1', [s.workspaceId]);
    assert.equal(n!.n, 40, 'each event once (the effects table has a primary key on seq)');
    assert.equal(r.seen.length, 40);
  });
});
