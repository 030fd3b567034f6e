/**
 * Guard rails: properties of the pure decision (fast-check), and the guard in the dispatcher on
 * both engines: caps and quiet hours never exceeded by concurrent dispatchers on two connections
 * (two processes' loops on one Postgres), nothing lost (every delivery sent, deferred or skipped
 * with a reason), and a push retried after a crash delivered once and counted once.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { forEachEngine } from '../../test/support/engines.ts';
import { ingestScope } from '../../test/support/ingest-scope.ts';
import { RecordingConnector } from '../../test/fakes/recording-connector.ts';
import { dayTypes, inQuietHours, localTime } from '../automation/conditions.ts';
import { planActions } from '../automation/plan.ts';
import { RuleDefinition } from '../automation/rules.ts';
import { openDatabase, type Database } from '../db/database.ts';
import type { PlatformEventInput } from '../events/envelope.ts';
import { appendBatch, IdentityCache } from '../events/ingest.ts';
import { projectPending } from '../events/projector.ts';
import { dispatchDue } from '../outbox/dispatch.ts';
import { enqueueActions, type OutboxAction } from '../outbox/outbox.ts';
import { DEFAULT_GUARD, decide, nextOpenSlot, PUSH_CATEGORIES, type CountedSend, type PushCategory } from './guard.ts';
import { saveGuardSettings } from './guard-store.ts';
import { createPush } from './store.ts';

const TZ = 'Asia/Shanghai';
const DAY = 86_400_000;
/** Tuesday 2 June 2026, 10:00 in Shanghai: a working day, outside quiet hours. */
const TUE10 = Date.UTC(2026, 5, 2, 2, 0);
const COMMERCIAL = new Set(['product', 'promotion']);

test('decide: over any sequence of attempts, no 7-day window holds more than 2 commercial or 2 hot sends, none in quiet hours, no activity on Fri–Sun', () => {
  fc.assert(fc.property(
    fc.array(fc.record({ dt: fc.integer({ min: 0, max: 3 * DAY }), category: fc.constantFrom(...PUSH_CATEGORIES) }), { minLength: 1, maxLength: 40 }),
    fc.constantFrom<'skip' | 'defer'>('skip', 'defer'),
    (attempts, whenCapped) => {
      const settings = { ...DEFAULT_GUARD, whenCapped };
      const sent: CountedSend[] = [];
      let t = Date.UTC(2026, 0, 5, 0, 0);
      for (const a of attempts) {
        t += a.dt;
        let at = new Date(t);
        let v = decide({ category: a.category, now: at, timezone: TZ, settings, lifted: new Set(), counted: [sent] });
        // A deferred send is tried again at the time it was given.
        for (let i = 0; i < 5 && v.verdict === 'defer'; i++) {
          assert.ok(v.until.getTime() > at.getTime(), 'a deferral moves forward');
          at = v.until;
          v = decide({ category: a.category, now: at, timezone: TZ, settings, lifted: new Set(), counted: [sent] });
        }
        if (v.verdict !== 'go') continue;
        const lt = localTime(at, TZ);
        assert.ok(!inQuietHours(lt.minutes, '22:00', '08:00'), `sent in quiet hours at ${at.toISOString()}`);
        const types = dayTypes(lt.day);
        if (a.category === 'activity') {
          const wd = new Date(`${lt.day}T00:00:00Z`).getUTCDay();
          assert.ok(![5, 6, 0].includes(wd) || types.has('makeup_workday'), `activity on ${lt.day}`);
        }
        if (['product', 'promotion', 'activity'].includes(a.category)) assert.ok(!types.has('holiday'), `${a.category} on holiday ${lt.day}`);
        sent.push({ at: at.getTime(), category: a.category });
      }
      for (const s of sent) {
        const within = sent.filter((x) => x.at >= s.at && x.at < s.at + 7 * DAY);
        assert.ok(within.filter((x) => COMMERCIAL.has(x.category)).length <= 2, 'commercial cap');
        assert.ok(within.filter((x) => x.category === 'hot').length <= 2, 'hot cap');
      }
    }), { numRuns: 200 });
});

test('nextOpenSlot: National Day week and a make-up working day (chinese-days)', () => {
  // 1 October 2026 (Thursday) is National Day: a promotion waits past the holiday.
  const slot = nextOpenSlot('promotion', new Date(Date.UTC(2026, 9, 1, 2)), TZ, DEFAULT_GUARD, new Set())!;
  const day = localTime(slot, TZ).day;
  assert.ok(day >= '2026-10-08', `holiday skipped (got ${day})`);
  assert.equal(localTime(slot, TZ).minutes, 8 * 60, 'at the end of the quiet hours');
  // A professional topic is not held by holidays, only by quiet hours.
  assert.equal(nextOpenSlot('professional', new Date(Date.UTC(2026, 9, 1, 2)), TZ, DEFAULT_GUARD, new Set())!.getTime(), Date.UTC(2026, 9, 1, 2));
  // An activity on a Friday waits for Monday.
  const fri = nextOpenSlot('activity', new Date(Date.UTC(2026, 5, 5, 2)), TZ, DEFAULT_GUARD, new Set())!;
  assert.equal(localTime(fri, TZ).day, '2026-06-08');
  // Lifted by an override, the Friday is allowed.
  assert.equal(nextOpenSlot('activity', new Date(Date.UTC(2026, 5, 5, 2)), TZ, DEFAULT_GUARD, new Set(['activity_days']))!.getTime(), Date.UTC(2026, 5, 5, 2));
});

test('an automation rule message with a category carries it into its outbox payload, so the guard counts it', () => {
  const def = RuleDefinition.parse({ name: 'promo', trigger: { kind: 'join' }, actions: [{ kind: 'post', template: '优惠', category: 'promotion' }, { kind: 'post', template: '欢迎' }] });
  const planned = planActions({ rule: { id: 1, version: 1, ...def } as never, cause: 'c', groupId: 3, memberId: 4, groupOperatorId: null, vars: {} });
  assert.deepEqual(planned.map((p) => (p as { category?: string }).category), ['promotion', undefined]);
  assert.throws(() => RuleDefinition.parse({ ...def, actions: [{ kind: 'post', template: 'x', category: 'spam' }] }));
});

async function world(db: Database, slug: string, groups: number) {
  const s = await ingestScope(db, slug);
  const events: PlatformEventInput[] = Array.from({ length: groups }, (_, i) => ({
    type: 'join' as const, eventId: `j${i}`, occurredAt: new Date(TUE10 - 30 * DAY).toISOString(), groupId: `g${i}`, userId: 'u1', name: 'U1',
  }));
  await appendBatch(db, s, events, new IdentityCache());
  await projectPending(db, s.workspaceId);
  const rows = await db.query<{ id: number; pid: string }>('select id, platform_group_id as pid from groups where workspace_id = $1 order by id', [s.workspaceId]);
  return { ws: s.workspaceId, groups: rows.map((r) => Number(r.id)) };
}

const pushPost = (key: string, groupId: number, category: PushCategory): OutboxAction =>
  ({ key, kind: 'post', groupId, payload: { text: key, category }, origin: 'test', notBefore: new Date(TUE10 - 1000) });

async function outcome(db: Database, ws: number) {
  return db.query<{ key: string; state: string; groupId: number; category: string; error: string | null; sentAt: Date | null; notBefore: Date }>(
    `select key, state, group_id::int as "groupId", payload->>'category' as category, error, sent_at as "sentAt", not_before as "notBefore"
     from outbox_actions where workspace_id = $1 order by id`, [ws]);
}

forEachEngine('push guard rails in the dispatcher', (ctx) => {
  let n = 0;
  test('concurrent dispatchers on two connections: caps never exceeded, nothing lost', async () => {
    const t = ctx();
    const other = t.databaseUrl ? await openDatabase({ databaseUrl: t.databaseUrl, poolSize: 3 }) : t.db;
    try {
      await fc.assert(fc.asyncProperty(
        fc.array(fc.record({ group: fc.integer({ min: 0, max: 2 }), category: fc.constantFrom<PushCategory>('product', 'promotion', 'hot', 'professional') }), { minLength: 1, maxLength: 25 }),
        async (batch) => {
          const w = await world(t.db, `guard-conc-${n++}`, 3);
          const c = new RecordingConnector();
          await t.db.transaction((tx) => enqueueActions(tx, w.ws, batch.map((b, i) => pushPost(`p${i}`, w.groups[b.group]!, b.category))));
          const now = new Date(TUE10);
          await Promise.all([t.db, other, t.db, other].map((db) => dispatchDue({ db, connector: () => c }, w.ws, { now: () => now, limit: 4 })));
          for (let i = 0; i < 6; i++) await dispatchDue({ db: i % 2 ? other : t.db, connector: () => c }, w.ws, { now: () => now });
          const rows = await outcome(t.db, w.ws);
          assert.equal(rows.length, batch.length, 'every delivery has a row');
          for (const r of rows) {
            assert.ok(['sent', 'skipped'].includes(r.state), `${r.key} ended ${r.state}`);
            if (r.state === 'skipped') assert.match(r.error ?? '', /^guard \(caps\)/);
          }
          const keys = c.calls.map((x) => x.message?.clientKey);
          assert.equal(new Set(keys).size, keys.length, 'no delivery sent twice');
          for (const g of w.groups) {
            const sent = rows.filter((r) => r.groupId === g && r.state === 'sent');
            assert.ok(sent.filter((r) => COMMERCIAL.has(r.category)).length <= 2, 'commercial cap per group');
            assert.ok(sent.filter((r) => r.category === 'hot').length <= 2, 'hot cap per group');
            const wanted = batch.filter((b) => w.groups[b.group] === g);
            assert.equal(sent.filter((r) => COMMERCIAL.has(r.category)).length, Math.min(2, wanted.filter((b) => COMMERCIAL.has(b.category)).length), 'the cap lets exactly its share through');
          }
        }), { numRuns: t.databaseUrl ? 6 : 4 });
    } finally {
      if (other !== t.db) await other.close();
    }
  });

  test('quiet hours: deliveries taken at 23:00 wait until 08:00 in the workspace zone; a deferred cap with `defer`', async () => {
    const { db } = ctx();
    const w = await world(db, 'guard-quiet', 2);
    await saveGuardSettings(db, w.ws, { whenCapped: 'defer' }, null);
    const c = new RecordingConnector();
    const late = Date.UTC(2026, 5, 2, 15, 0); // 23:00 in Shanghai
    await db.transaction((tx) => enqueueActions(tx, w.ws, [
      { ...pushPost('q1', w.groups[0]!, 'professional'), notBefore: new Date(late - 1000) },
      { ...pushPost('q2', w.groups[1]!, 'product'), notBefore: new Date(late - 1000) },
      { key: 'plain', kind: 'post', groupId: w.groups[1]!, payload: { text: 'no category' }, origin: 'test', notBefore: new Date(late - 1000) },
    ]));
    const r = await dispatchDue({ db, connector: () => c }, w.ws, { now: () => new Date(late) });
    assert.deepEqual([r.sent, r.deferred], [1, 2], 'only the uncategorized action goes');
    const rows = await outcome(db, w.ws);
    const at8 = Date.UTC(2026, 5, 3, 0, 0);
    for (const k of ['q1', 'q2']) {
      const row = rows.find((x) => x.key === k)!;
      assert.equal(row.state, 'queued');
      assert.equal(new Date(row.notBefore).getTime(), at8);
      assert.match(row.error ?? '', /quiet hours/);
    }
    // Two more products into group 1 at 08:00: with the first, the third is deferred a week, not lost.
    await db.transaction((tx) => enqueueActions(tx, w.ws, [pushPost('q3', w.groups[1]!, 'product'), pushPost('q4', w.groups[1]!, 'promotion')]));
    const r2 = await dispatchDue({ db, connector: () => c }, w.ws, { now: () => new Date(at8) });
    assert.equal(r2.sent, 3);
    assert.equal(r2.deferred, 1);
    const waiting = (await outcome(db, w.ws)).filter((x) => x.state === 'queued');
    assert.equal(waiting.length, 1, 'one of the three commercial posts waits');
    assert.ok(new Date(waiting[0]!.notBefore).getTime() >= at8 + 7 * DAY, 'deferred until the cap allows it');
    assert.match(waiting[0]!.error ?? '', /commercial cap/);
  });

  test('a push retried after a crash is delivered once and counted once', async () => {
    const { db } = ctx();
    const w = await world(db, 'guard-crash', 1);
    const c = new RecordingConnector();
    const { id, deliveries } = await createPush(db, w.ws, {
      title: 'sale', category: 'promotion', body: '{group} 限时优惠', media: [], targets: { groups: [w.groups[0]!] },
      channels: ['group_post'], scheduledAt: new Date(TUE10 - 1000), guardOverride: null,
    }, null);
    assert.equal(deliveries, 1);
    const again = await createPush(db, w.ws, {
      title: 'sale 2', category: 'promotion', body: 'second', media: [], targets: { groups: [w.groups[0]!] },
      channels: ['group_post'], scheduledAt: new Date(TUE10 - 1000), guardOverride: null,
    }, null);
    assert.equal((await dispatchDue({ db, connector: () => c }, w.ws, { now: () => new Date(TUE10) })).sent, 2);
    // The process died after the platform took push 1 and before recording it.
    await db.query(`update outbox_actions set state = 'sending', lease_until = $2, finished_at = null where workspace_id = $1 and origin = $3`,
      [w.ws, new Date(TUE10 + 60_000), `push:${id}`]);
    const r = await dispatchDue({ db, connector: () => c }, w.ws, { now: () => new Date(TUE10 + 61_000) });
    assert.equal(r.sent, 1, 'taken again after its lease');
    assert.equal(c.posted.size, 2, 'the platform holds each push once');
    const [ledger] = await db.query<{ n: number }>('select count(*)::int as n from push_cap_ledger where workspace_id = $1', [w.ws]);
    assert.equal(ledger!.n, 2, 'counted once each');
    // A third promotion this week is over the cap.
    await createPush(db, w.ws, {
      title: 'sale 3', category: 'product', body: 'third', media: [], targets: { groups: [w.groups[0]!] },
      channels: ['group_post'], scheduledAt: new Date(TUE10 - 1000), guardOverride: null,
    }, null);
    const r3 = await dispatchDue({ db, connector: () => c }, w.ws, { now: () => new Date(TUE10 + 120_000) });
    assert.deepEqual([r3.sent, r3.skipped], [0, 1]);
    assert.ok(again.id > id);
  });
});
