import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../test/support/engines.ts';
import { ingestScope } from '../../test/support/ingest-scope.ts';
import { RecordingConnector } from '../../test/fakes/recording-connector.ts';
import { PlatformError } from '../connectors/connector.ts';
import { openDatabase, type Database } from '../db/database.ts';
import type { PlatformEventInput } from '../events/envelope.ts';
import { appendBatch, IdentityCache, type IngestScope } from '../events/ingest.ts';
import { projectPending } from '../events/projector.ts';
import { dispatchDue, SendSchedule } from './dispatch.ts';
import { plannedWindowMs } from './limits.ts';

const SECOND = plannedWindowMs(1000), MINUTE = plannedWindowMs(60_000);
import { enqueueActions, listActions, type OutboxAction } from './outbox.ts';

const T0 = Date.UTC(2026, 5, 1, 2, 0);

/** A workspace whose groups g0..g{n-1} each have member u1. */
async function world(db: Database, slug: string, groups: number): Promise<{ s: IngestScope; group: (i: number) => number; member: number }> {
  const s = await ingestScope(db, slug);
  const events: PlatformEventInput[] = Array.from({ length: groups }, (_, i) => ({
    type: 'join' as const, eventId: `j${i}`, occurredAt: new Date(T0).toISOString(), groupId: `g${i}`, userId: 'u1', name: 'U1',
  }));
  await appendBatch(db, s, events, new IdentityCache());
  await projectPending(db, s.workspaceId);
  const rows = await db.query<{ id: number; pid: string }>('select id, platform_group_id as pid from groups where workspace_id = $1', [s.workspaceId]);
  const ids = new Map(rows.map((r) => [r.pid, Number(r.id)]));
  const [m] = await db.query<{ id: number }>('select id from members where workspace_id = $1', [s.workspaceId]);
  return { s, group: (i) => ids.get(`g${i}`)!, member: Number(m!.id) };
}

const post = (key: string, groupId: number, text = key): OutboxAction => ({ key, kind: 'post', groupId, payload: { text }, origin: 'test' });

forEachEngine('outbox', (ctx) => {
  test('an action is enqueued once per key, and not at all when its transaction rolls back', async () => {
    const { db } = ctx();
    const w = await world(db, 'ob-once', 1);
    assert.equal(await db.transaction((tx) => enqueueActions(tx, w.s.workspaceId, [post('a', w.group(0)), post('a', w.group(0))])), 1);
    assert.equal(await db.transaction((tx) => enqueueActions(tx, w.s.workspaceId, [post('a', w.group(0))])), 0);
    await assert.rejects(db.transaction(async (tx) => {
      await enqueueActions(tx, w.s.workspaceId, [post('b', w.group(0))]);
      throw new Error('decision failed');
    }));
    const listed = await listActions(db, w.s.workspaceId, 'test');
    assert.deepEqual(listed.items.map((a) => [a.key, a.state, a.accountId]), [['a', 'queued', w.s.accountId]]);
  });

  test('a post goes out once, with its key as clientKey, and its outcome is recorded', async () => {
    const { db } = ctx();
    const w = await world(db, 'ob-post', 1);
    const c = new RecordingConnector();
    const deps = { db, connector: () => c };
    await db.transaction((tx) => enqueueActions(tx, w.s.workspaceId, [post('welcome-1', w.group(0), '欢迎 U1')]));
    const r = await dispatchDue(deps, w.s.workspaceId);
    assert.equal(r.sent, 1);
    assert.equal((await dispatchDue(deps, w.s.workspaceId)).sent, 0, 'sent actions are not taken again');
    assert.deepEqual(c.calls.map((x) => [x.action, x.groupId, x.message?.text, x.message?.clientKey]), [['sendToGroup', 'g0', '欢迎 U1', 'welcome-1']]);
    const [a] = (await listActions(db, w.s.workspaceId, 'test')).items;
    assert.equal(a!.state, 'sent');
    assert.equal(a!.platformMessageId, 'm1');
    assert.equal(a!.attempts, 1);
  });

  test('per-group limit: 25 posts into one group, 20 go in the minute and the rest when slots free', async () => {
    const { db } = ctx();
    const w = await world(db, 'ob-group-limit', 1);
    const c = new RecordingConnector();
    const deps = { db, connector: () => c };
    await db.transaction((tx) => enqueueActions(tx, w.s.workspaceId, Array.from({ length: 25 }, (_, i) => post(`p${i}`, w.group(0)))));
    const t = new Date();
    const first = await dispatchDue(deps, w.s.workspaceId, { now: () => t, leadMs: 0 });
    assert.equal(first.sent, 20);
    assert.equal(first.deferred, 5);
    assert.equal(first.nextDueAt?.getTime(), t.getTime() + MINUTE, 'due when the first slot of the minute frees');
    assert.equal((await dispatchDue(deps, w.s.workspaceId, { now: () => new Date(t.getTime() + 30_000), leadMs: 0 })).sent, 0);
    const later = await dispatchDue(deps, w.s.workspaceId, { now: () => new Date(t.getTime() + MINUTE), leadMs: 0 });
    assert.equal(later.sent, 5);
    // Order within the group is kept.
    assert.deepEqual(c.calls.map((x) => x.message?.clientKey), Array.from({ length: 25 }, (_, i) => `p${i}`));
  });

  test('per-account limit: 40 posts into 40 groups, 30 in the second; only slots already due go at aheadMs 0', async () => {
    const { db } = ctx();
    const w = await world(db, 'ob-account-limit', 40);
    const c = new RecordingConnector();
    const deps = { db, connector: () => c };
    await db.transaction((tx) => enqueueActions(tx, w.s.workspaceId, Array.from({ length: 40 }, (_, i) => post(`q${i}`, w.group(i)))));
    const t = new Date();
    const first = await dispatchDue(deps, w.s.workspaceId, { now: () => t, aheadMs: 0, leadMs: 0 });
    assert.deepEqual([first.sent, first.deferred], [1, 39], 'the others have slots spread over the second');
    assert.equal(first.nextDueAt?.getTime(), t.getTime() + SECOND / 30);
    const rest = await dispatchDue(deps, w.s.workspaceId, { now: () => t, leadMs: 0, aheadMs: 2000 });
    assert.equal(rest.sent, 39);
    const slots = (await db.query<{ at: Date }>(`select sent_at as at from outbox_actions where workspace_id = $1 order by sent_at`, [w.s.workspaceId]))
      .map((r) => new Date(r.at).getTime() - t.getTime());
    assert.equal(slots.length, 40);
    for (let i = 30; i < slots.length; i++) assert.ok(slots[i]! - slots[i - 30]! >= SECOND, `31 sends within ${slots[i]! - slots[i - 30]!} ms`);
  });

  test('pacing: a backlog is given exact slots ahead, sent when each comes, never more than the limits in any window', async () => {
    const { db } = ctx();
    const w = await world(db, 'ob-pacing', 100);
    const c = new RecordingConnector();
    const calls: Array<{ key: string; at: number }> = [];
    c.before = (call) => { calls.push({ key: call.message!.clientKey!, at: Date.now() }); };
    const deps = { db, connector: () => c };
    // 100 groups × 1 post, and 25 more posts into group 0.
    await db.transaction((tx) => enqueueActions(tx, w.s.workspaceId, [
      ...Array.from({ length: 100 }, (_, i) => post(`p${i}`, w.group(i))),
      ...Array.from({ length: 25 }, (_, i) => post(`x${i}`, w.group(0))),
    ]));
    const t = Date.now();
    // One round reserves the slots of the next 1.5 s and sends each when it comes.
    const first = await dispatchDue(deps, w.s.workspaceId, { aheadMs: 1500, leadMs: 200, budgetMs: 0 });
    const rows = await db.query<{ key: string; sentAt: Date | null; notBefore: Date; state: string }>(
      `select key, sent_at as "sentAt", not_before as "notBefore", state from outbox_actions where workspace_id = $1 order by sent_at, id`, [w.s.workspaceId]);
    const sent = rows.filter((r) => r.state === 'sent');
    const slots = sent.map((r) => new Date(r.sentAt!).getTime());
    assert.equal(first.sent, sent.length);
    assert.ok(sent.length >= 35 && sent.length <= 45, `${sent.length} slots in the 1.3 s from 0.2 s to 1.5 s at 30 a second`);
    assert.ok(slots[0]! >= t + 200, 'the first slot leaves the claim time to commit');
    for (let i = 1; i < slots.length; i++) assert.ok(slots[i]! - slots[i - 1]! >= SECOND / 30 - 1, 'a second\'s sends are spread evenly');
    for (let i = 30; i < slots.length; i++) assert.ok(slots[i]! - slots[i - 30]! >= SECOND, 'never 31 in a second');
    // Nothing reached the platform before its slot.
    const slotOf = new Map(sent.map((r) => [r.key, new Date(r.sentAt!).getTime()]));
    assert.ok(calls.every((x) => x.at >= slotOf.get(x.key)! - 1), 'no send before its slot');
    // The ones waiting were given the slots after those: spread over the next seconds, not all at once.
    const waiting = rows.filter((r) => r.state === 'queued').map((r) => new Date(r.notBefore).getTime()).sort((a, b) => a - b);
    assert.equal(waiting.length + sent.length, 125);
    for (let i = 1; i < waiting.length; i++) assert.ok(waiting[i]! - waiting[i - 1]! >= SECOND / 30 - 1, 'waiting ones spread, not all due at once');
    // Group 0's posts beyond its 20 a minute wait a minute.
    const g0 = rows.filter((r) => r.key === 'p0' || r.key.startsWith('x'));
    const g0Times = g0.map((r) => new Date(r.sentAt ?? r.notBefore).getTime()).sort((a, b) => a - b);
    assert.ok(g0Times[20]! - g0Times[0]! >= MINUTE, 'the 21st post into group 0 waits for the minute');
  });

  test('what the platform cannot do is recorded with what to do instead; a refusal that passes is retried', async () => {
    const { db } = ctx();
    const w = await world(db, 'ob-refusals', 1);
    const c = new RecordingConnector('wecom', { mute: { reason: 'customer groups have no mute API', instead: 'mute them in the WeCom client' } });
    const deps = { db, connector: () => c };
    let limited = 1;
    c.before = (call) => { if (call.action === 'sendToGroup' && limited-- > 0) throw new PlatformError('Too Many Requests', 429, 'rate_limited', 3000); };
    await db.transaction((tx) => enqueueActions(tx, w.s.workspaceId, [
      { key: 'mute-1', kind: 'mute', groupId: w.group(0), memberId: w.member, payload: { until: new Date(T0 + 3600_000).toISOString() }, origin: 'test' },
      post('hello', w.group(0)),
    ]));
    const t = new Date();
    const r = await dispatchDue(deps, w.s.workspaceId, { now: () => t });
    assert.deepEqual([r.unsupported, r.retried, r.sent], [1, 1, 0]);
    const byKey = new Map((await listActions(db, w.s.workspaceId, 'test')).items.map((a) => [a.key, a]));
    assert.equal(byKey.get('mute-1')!.state, 'unsupported');
    assert.equal(byKey.get('mute-1')!.instead, 'mute them in the WeCom client');
    assert.equal(byKey.get('hello')!.state, 'queued');
    assert.equal(byKey.get('hello')!.notBefore.getTime(), t.getTime() + 3000, 'waits as long as the platform asked');
    const again = await dispatchDue(deps, w.s.workspaceId, { now: () => new Date(t.getTime() + 3001) });
    assert.equal(again.sent, 1);
    const hello = (await listActions(db, w.s.workspaceId, 'test')).items.find((a) => a.key === 'hello')!;
    assert.deepEqual([hello.state, hello.attempts], ['sent', 2]);
  });

  test('an action left sending by a crash is taken again after its lease, with the same key', async () => {
    const { db } = ctx();
    const w = await world(db, 'ob-crash', 1);
    const c = new RecordingConnector();
    const deps = { db, connector: () => c };
    await db.transaction((tx) => enqueueActions(tx, w.s.workspaceId, [post('crashy', w.group(0))]));
    // The process took it and died before recording the outcome.
    await db.query(`update outbox_actions set state = 'sending', lease_until = now() + interval '60 seconds', sent_at = now(), attempts = 1 where key = 'crashy'`);
    assert.equal((await dispatchDue(deps, w.s.workspaceId)).sent, 0, 'within its lease nobody takes it');
    const r = await dispatchDue(deps, w.s.workspaceId, { now: () => new Date(Date.now() + 61_000) });
    assert.equal(r.sent, 1);
    assert.deepEqual(c.calls.map((x) => x.message?.clientKey), ['crashy']);
  });

  test('dispatchers at once (another connection on Postgres) send each action once and keep the limit', async () => {
    const t = ctx();
    const w = await world(t.db, 'ob-concurrent', 2);
    const c = new RecordingConnector();
    const other = t.databaseUrl ? await openDatabase({ databaseUrl: t.databaseUrl, poolSize: 3 }) : t.db;
    try {
      await t.db.transaction((tx) => enqueueActions(tx, w.s.workspaceId, [
        ...Array.from({ length: 30 }, (_, i) => post(`c${i}`, w.group(0))),
        ...Array.from({ length: 10 }, (_, i) => post(`d${i}`, w.group(1))),
      ]));
      const now = new Date();
      const results = await Promise.all([t.db, other, t.db, other].map((db) => dispatchDue({ db, connector: () => c }, w.s.workspaceId, { now: () => now, limit: 7 })));
      // Rounds until nothing more is due in this minute.
      for (let i = 0; i < 10; i++) await dispatchDue({ db: other, connector: () => c }, w.s.workspaceId, { now: () => now });
      const keys = c.calls.map((x) => x.message?.clientKey);
      assert.equal(new Set(keys).size, keys.length, 'no action sent twice');
      const g0 = keys.filter((k) => k?.startsWith('c')).length;
      assert.equal(g0, 20, 'group 0 got exactly its 20 in the minute');
      assert.equal(keys.filter((k) => k?.startsWith('d')).length, 10);
      assert.ok(results.every((r) => r.failed === 0));
    } finally {
      if (other !== t.db) await other.close();
    }
  });
});

test('SendSchedule: the earliest slots that keep every sliding window within its limit, spread evenly', () => {
  const limits = { perGroupPerMinute: 3, perAccountPerSecond: 2 };
  const gap = SECOND / 2;
  const s = new SendSchedule(limits, [{ group: 1, at: 0 }]);
  assert.equal(s.reserve(2, 0), gap);
  assert.equal(s.reserve(2, 0), SECOND, 'a third send of the account only a window after the first');
  assert.equal(s.reserve(3, 0), SECOND + gap);
  assert.equal(s.reserve(1, 0), 2 * SECOND);
  assert.equal(s.reserve(1, 0), 2 * SECOND + gap, 'group 1: a third send in its minute');
  assert.equal(s.reserve(1, 0), MINUTE, 'a fourth only after the minute');
  // A slot before reserved later ones must not overfill a window they share, nor crowd them.
  const t = new SendSchedule(limits, [{ group: 5, at: 500 }, { group: 6, at: 900 }]);
  assert.equal(t.reserve(7, 0), 500 + SECOND, 'at 0 too close to 500; at 1010 three in a window');
});

test('SendSchedule: random reservations never put more than a limit in any window, and come in order per group', () => {
  let seed = 11;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const limits = { perGroupPerMinute: 20, perAccountPerSecond: 30 };
  const s = new SendSchedule(limits, Array.from({ length: 40 }, (_, i) => ({ group: i % 5, at: Math.floor(rand() * 3000) })));
  const all: number[] = [];
  const byGroup = new Map<number, number[]>();
  for (let i = 0; i < 2000; i++) {
    const group = Math.floor(rand() * 40);
    const at = s.reserve(group, Math.floor(i / 10) * 37 + Math.floor(rand() * 500));
    all.push(at);
    const list = byGroup.get(group) ?? [];
    assert.ok(list.length === 0 || at >= list.at(-1)!, 'a group\'s sends in the order they were reserved');
    list.push(at);
    byGroup.set(group, list);
  }
  const over = (times: number[], limit: number, windowMs: number) => {
    const sorted = [...times].sort((a, b) => a - b);
    return sorted.filter((t, i) => i >= limit && t - sorted[i - limit]! < windowMs).length;
  };
  assert.equal(over(all, 30, 1000), 0);
  for (const list of byGroup.values()) assert.equal(over(list, 20, 60_000), 0);
  // And the schedule is not wasteful: within a few percent of the least time the limits allow.
  const span = Math.max(...all) - Math.min(...all);
  const least = Math.max(2000 / 30 * 1000, ...[...byGroup.values()].map((l) => (Math.ceil(l.length / 20) - 1) * 60_000));
  assert.ok(span <= least * 1.05 + 3000, `span ${span} ms, least ${least} ms`);
});
