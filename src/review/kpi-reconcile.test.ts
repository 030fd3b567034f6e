/**
 * Done-when of issue #17 for items 5 and 6: the operator KPIs, ROI and the funnel's converted step
 * reconcile with a recomputation from the raw rows. A random community (seeded: REVIEW_SEED) of
 * three groups, two of them assigned to operators, members joining by source and writing on random
 * days, pushes in random states and orders by random members (and some by nobody known) is stored
 * like any other; the test recomputes each figure here with plain code over the events, pushes and
 * orders it wrote (never through src/review or src/orders) and compares. Both engines.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { forEachEngine } from '../../test/support/engines.ts';
import { IdentityCache, ingestBatch } from '../events/ingest.ts';
import type { PlatformEventInput } from '../events/envelope.ts';
import { ensurePlatformAccount, ensureWorkspace } from '../workspaces/workspaces.ts';
import type { Actor } from '../auth/access.ts';
import { storeOrders } from '../orders/store.ts';
import { roiReport } from '../orders/store.ts';
import { kpiReport } from './kpi-store.ts';
import { funnelReport } from './store.ts';

const ZONE_MS = 8 * 3_600_000; // Asia/Shanghai
const DAY = 86_400_000;
const localDay = (t: number) => new Date(t + ZONE_MS).toISOString().slice(0, 10);
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const offset = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / DAY);
const SEED = Number(process.env['REVIEW_SEED'] ?? 23);

function rng(seed: number) {
  let a = seed >>> 0;
  return () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

forEachEngine('operator KPIs and conversion reconcile with the raw rows', (ctx) => {
  let owner: Actor;
  let range: { from: string; to: string };
  let today: string;
  const groupIds: Record<string, number> = {};
  const ops: Record<string, number> = {};
  // What was written, kept here for the recomputation.
  const joins: Array<{ g: string; user: string; day: string; ms: number; source: string }> = [];
  const wrote = new Map<string, Set<string>>(); // user → days
  const pushes: Array<{ g: string; state: string; day: string }> = [];
  const orders: Array<{ orderId: string; user: string | null; cents: number; ms: number }> = [];

  before(async () => {
    const { db } = ctx();
    const ws = await ensureWorkspace(db, 'kpi-rec', 'kpi-rec', 'Asia/Shanghai');
    const account = await ensurePlatformAccount(db, ws.id, 'sandbox', 'bot-kpi-rec', 'bot');
    today = (await db.query<{ d: string }>(`select (now() at time zone 'Asia/Shanghai')::date::text as d`))[0]!.d;
    range = { from: addDays(today, -44), to: today };
    const now = Date.now();
    const r = rng(SEED);
    const start = Date.parse(`${addDays(today, -50)}T09:00:00+08:00`);
    const events: PlatformEventInput[] = [];
    let n = 0;
    for (const g of ['k-a', 'k-b', 'k-c']) events.push({ type: 'group_created', eventId: `e${++n}`, occurredAt: new Date(start).toISOString(), groupId: g, name: g, capacity: 200 });
    const sources = ['qr_code', 'post', 'invite'];
    for (let u = 0; u < 45; u++) {
      const g = ['k-a', 'k-b', 'k-c'][u % 3]!;
      const ms = Math.min(start + Math.floor(r() * 48) * DAY + Math.floor(r() * 8) * 3_600_000, now - 3_600_000);
      const source = sources[Math.floor(r() * 3)]!;
      const user = `u${u}`;
      events.push({ type: 'join', eventId: `e${++n}`, occurredAt: new Date(ms).toISOString(), groupId: g, userId: user, name: user, via: { source } });
      joins.push({ g, user, day: localDay(ms), ms, source });
      const days = new Set<string>();
      const activity = r();
      for (let d = 0; d < 30; d++) {
        const t = ms + d * DAY + 60_000;
        if (t > now - 60_000 || r() > activity * 0.5) continue;
        events.push({ type: 'message', eventId: `e${++n}`, occurredAt: new Date(t).toISOString(), groupId: g, messageId: `m${n}`, userId: user, text: 'hi' });
        days.add(localDay(t));
      }
      wrote.set(user, days);
    }
    await ingestBatch(db, { workspaceId: ws.id, accountId: account.id, timezone: 'Asia/Shanghai' }, events, new IdentityCache());
    for (const g of ['k-a', 'k-b', 'k-c']) groupIds[g] = Number((await db.query<{ id: number }>(`select id from groups where workspace_id = $1 and platform_group_id = $2`, [ws.id, g]))[0]!.id);
    const user = async (name: string, role: string) => {
      const [u] = await db.query<{ id: number }>(`insert into users (email, name, password_hash) values ($1, $2, 'x') returning id`, [`${name}@kpi-rec.test`, name]);
      await db.query(`insert into workspace_staff (workspace_id, user_id, role) values ($1, $2, $3)`, [ws.id, u!.id, role]);
      return Number(u!.id);
    };
    owner = { userId: await user('owner', 'owner'), workspaceId: ws.id, role: 'owner', ip: '127.0.0.1' };
    ops['k-a'] = await user('ada', 'operator');
    ops['k-b'] = await user('bo', 'operator');
    for (const g of ['k-a', 'k-b']) await db.query(`update groups set owner_staff_id = $2 where workspace_id = $1 and id = $3`, [ws.id, ops[g], groupIds[g]]);
    for (let i = 0; i < 12; i++) {
      const g = ['k-a', 'k-b', 'k-c'][Math.floor(r() * 3)]!;
      const state = ['sent', 'sent', 'failed', 'awaiting_confirmation'][Math.floor(r() * 4)]!;
      const ms = now - Math.floor(r() * 40) * DAY - 3_600_000;
      await db.query(`insert into pushes (workspace_id, group_id, account_id, text, state, created_at) values ($1, $2, $3, 'x', $4, $5)`, [ws.id, groupIds[g], account.id, state, new Date(ms)]);
      pushes.push({ g, state, day: localDay(ms) });
    }
    for (let i = 0; i < 30; i++) {
      const j = joins[Math.floor(r() * joins.length)]!;
      const known = r() > 0.15;
      // Paid after joining (within 20 days, not in the future), or, for some, before joining.
      const ms = Math.min(j.ms + Math.floor((r() * 24 - 4) * DAY), now - 60_000);
      orders.push({ orderId: `o${i}`, user: known ? j.user : null, cents: 100 + Math.floor(r() * 50_000), ms });
    }
    await storeOrders(db, ws.id, 'csv', orders.map((o) => ({ orderId: o.orderId, amountCents: o.cents, currency: 'CNY', paidAt: new Date(o.ms), platformUserId: o.user ?? `stranger-${o.orderId}`, phone: null, customerId: null })));
    await db.query(`insert into order_costs (workspace_id, kind, target_id, cost_cents) values ($1, 'group', $2, 100000)`, [ws.id, groupIds['k-a']]);
  });

  const inRange = (day: string) => day >= range.from && day <= range.to;
  const groupOf = (user: string) => joins.find((j) => j.user === user)!;
  /** Orders of the range by known members who had joined by then (each member is in one group and never leaves). */
  const paidInGroup = () => orders.filter((o) => o.user !== null && inRange(localDay(o.ms)) && o.ms >= groupOf(o.user).ms);

  test('per group: newcomers, W1 retention, pushes, buyers, revenue; per operator: their sums and a rank', async () => {
    const kpi = await kpiReport(ctx().db, owner, range);
    for (const g of ['k-a', 'k-b', 'k-c']) {
      const row = kpi.groups.find((x) => x.groupId === groupIds[g])!;
      const mine = joins.filter((j) => j.g === g && inRange(j.day));
      const eligible = mine.filter((j) => offset(j.day, today) >= 14);
      const retained = eligible.filter((j) => [...wrote.get(j.user)!].some((d) => { const k = offset(j.day, d); return k >= 7 && k <= 13; }));
      const ps = pushes.filter((p) => p.g === g && inRange(p.day));
      const paid = paidInGroup().filter((o) => groupOf(o.user!).g === g);
      assert.deepEqual(
        [row.members, row.newcomers, row.w1Eligible, row.w1Retained, row.pushes, row.pushesSent, row.buyers, row.orders, row.revenueCents],
        [joins.filter((j) => j.g === g).length, mine.length, eligible.length, retained.length, ps.length, ps.filter((p) => p.state === 'sent').length,
          new Set(paid.map((o) => o.user)).size, paid.length, paid.reduce((s, o) => s + o.cents, 0)], `group ${g} (seed ${SEED})`);
      assert.equal(row.conversion, row.members ? Math.round((row.buyers / row.members) * 1000) / 1000 : null);
    }
    assert.deepEqual(kpi.operators.map((o) => o.userId).sort(), [ops['k-a'], ops['k-b']].sort(), 'k-c has no operator');
    for (const o of kpi.operators) {
      const g = kpi.groups.find((x) => x.operatorId === o.userId)!;
      assert.deepEqual([o.groups, o.conversion.done, o.conversion.of, o.taskCompletion.done, o.taskCompletion.of, o.revenueCents], [1, g.buyers, g.members, g.pushesSent, g.pushes, g.revenueCents]);
    }
    // Ranked by score, then revenue; a tie on both shares the rank.
    const [a, b] = kpi.operators;
    assert.ok(a!.score! > b!.score! || (a!.score === b!.score && a!.revenueCents >= b!.revenueCents));
    assert.deepEqual(kpi.operators.map((o) => o.rank), a!.score === b!.score && a!.revenueCents === b!.revenueCents ? [1, 1] : [1, 2]);
  });

  test('ROI per group and the unmatched count; the funnel\'s converted step by source', async () => {
    const roi = await roiReport(ctx().db, owner, range);
    const paid = paidInGroup();
    for (const g of ['k-a', 'k-b', 'k-c']) {
      const row = roi.byGroup.find((x) => x.key === groupIds[g]);
      const mine = paid.filter((o) => groupOf(o.user!).g === g);
      const revenue = mine.reduce((s, o) => s + o.cents, 0);
      if (!mine.length && g !== 'k-a') { assert.equal(row, undefined); continue; }
      assert.deepEqual([row!.orders, row!.revenueCents, row!.roi], [mine.length, revenue, g === 'k-a' ? Math.round(((revenue - 100000) / 100000) * 1000) / 1000 : null]);
    }
    assert.equal(roi.totals.unmatched, orders.filter((o) => o.user === null && inRange(localDay(o.ms))).length);
    const funnel = await funnelReport(ctx().db, owner, range);
    for (const row of funnel.bySource) {
      const mine = joins.filter((j) => j.source === row.key && inRange(j.day));
      const converted = mine.filter((j) => orders.some((o) => o.user === j.user && localDay(o.ms) >= j.day));
      assert.deepEqual([row.joined, row.converted], [mine.length, converted.length], `source ${row.key} (seed ${SEED})`);
    }
  });
});
