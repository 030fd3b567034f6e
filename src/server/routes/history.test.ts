/**
 * Any history at the right grain (issue #12 item 6): a group whose 4 years of history ended over a
 * year ago, read through the API by day, week and month, against counts taken from the event log
 * in this test; ranges older than 365 days; "all history"; figures of an archived group measured at
 * its last activity.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signedIn, type Client } from '../../../test/support/auth.ts';
import { addDays } from '../../../test/support/community.ts';
import { forEachEngine } from '../../../test/support/engines.ts';
import { testServer } from '../../../test/support/server.ts';
import type { PlatformEventInput } from '../../events/envelope.ts';
import { IdentityCache, ingestBatch } from '../../events/ingest.ts';
import { ensurePlatformAccount, ensureWorkspace } from '../../workspaces/workspaces.ts';

const ZONE = 'Asia/Shanghai';

interface Point { day: string; end: string; size: number; messages: number; joins: number; leaves: number; activeMembers: number }

forEachEngine('history at any grain', (ctx) => {
  let server: Awaited<ReturnType<typeof testServer>>;
  let owner: Client;
  let workspaceId: number;
  let groupId: number;
  let today: string, first: string, last: string;

  /** Every message: [local day, user]. */
  const messages: Array<[string, string]> = [];

  before(async () => {
    const { db } = ctx();
    const ws = await ensureWorkspace(db, 'history-api', 'history-api', ZONE);
    workspaceId = ws.id;
    const account = await ensurePlatformAccount(db, ws.id, 'sandbox', 'bot-history', 'bot');
    today = (await db.query<{ d: string }>('select (now() at time zone $1)::date::text as d', [ZONE]))[0]!.d;
    // Four years of a group, ending 400 days ago: 12 members, a few of them writing most days.
    first = addDays(today, -400 - 4 * 365);
    last = addDays(today, -400);
    const events: PlatformEventInput[] = [
      { type: 'group_created', eventId: 'created', occurredAt: `${first}T08:00:00+08:00`, groupId: 'old', name: 'Old archive', capacity: 500 },
    ];
    const users = Array.from({ length: 12 }, (_, i) => `u${i}`);
    for (const [i, u] of users.entries()) {
      events.push({ type: 'join', eventId: `j-${u}`, occurredAt: `${addDays(first, i * 30)}T09:00:00+08:00`, groupId: 'old', userId: u, name: u, via: { source: 'invite' } });
    }
    let seed = 7;
    const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    let n = 0;
    for (let d = first; d <= last; d = addDays(d, 1)) {
      if (rand() < 0.35) continue;
      const writers = 1 + Math.floor(rand() * 4);
      for (let k = 0; k < writers; k++) {
        const u = users[Math.floor(rand() * users.length)]!;
        // 23:30 local: the day in UTC is the one before, so days must be the workspace's.
        const hour = rand() < 0.2 ? '23:30' : '12:00';
        events.push({ type: 'message', eventId: `m${n}`, occurredAt: `${d}T${hour}:00+08:00`, groupId: 'old', messageId: `m${n}`, userId: u, text: 'hi' });
        messages.push([d, u]);
        n++;
      }
    }
    events.push({ type: 'message', eventId: 'm-last', occurredAt: `${last}T18:00:00+08:00`, groupId: 'old', messageId: 'm-last', userId: 'u1', text: 'bye' });
    messages.push([last, 'u1']);
    events.push({ type: 'leave', eventId: 'l-u3', occurredAt: `${last}T20:00:00+08:00`, groupId: 'old', userId: 'u3' });
    const cache = new IdentityCache();
    for (let i = 0; i < events.length; i += 2000) {
      const r = await ingestBatch(db, { workspaceId: ws.id, accountId: account.id, timezone: ZONE }, events.slice(i, i + 2000), cache);
      assert.deepEqual(r.rejected, []);
    }
    groupId = (await db.query<{ id: number }>(`select id from groups where workspace_id = $1 and platform_group_id = 'old'`, [ws.id]))[0]!.id;
    server = await testServer(db);
    owner = await signedIn(server.app, db, ws.id, 'owner');
  });
  after(async () => { await server.close(); });

  /** Messages and distinct writers between two days, from this test's own list. */
  const truth = (from: string, to: string) => {
    const inRange = messages.filter(([d]) => d >= from && d <= to);
    return { messages: inRange.length, activeMembers: new Set(inRange.map(([, u]) => u)).size };
  };

  test('the range chooses the grain: ≤ 90 days by day, ≤ 2 years by week, longer by month; the caller may override', async () => {
    const at = (from: string, to: string, extra = '') => owner.get(`/api/groups/${groupId}?from=${from}&to=${to}${extra}`);
    const days = await at(addDays(last, -89), last);
    assert.deepEqual([days.grain, days.series.length], ['day', 90]);
    const weeks = await at(addDays(last, -699), last);
    assert.deepEqual([weeks.grain, weeks.series.length], ['week', 100]);
    const months = await at(addDays(last, -800), last);
    assert.equal(months.grain, 'month');
    const forced = await at(addDays(last, -89), last, '&grain=week');
    assert.deepEqual([forced.grain, forced.series.length], ['week', 13]);
    const overview = await owner.get(`/api/overview?from=${addDays(last, -365)}&to=${last}`);
    assert.equal(overview.grain, 'week');
    assert.equal((await owner.get(`/api/overview?from=${addDays(last, -365)}&to=${last}&grain=month`)).grain, 'month');
    // Drawing years by day is refused with the reason; a bad grain names the field.
    const tooMany = await owner.inject({ url: `/api/groups/${groupId}?from=${first}&to=${last}&grain=day` });
    assert.equal(tooMany.statusCode, 400);
    assert.match(tooMany.json().message, /coarser grain/);
    const bad = await owner.inject({ url: `/api/overview?grain=year` });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json().issues.map((i: { path: string }) => i.path), ['query.grain']);
  });

  test('ranges older than 365 days are served, at every grain, with the counts of the event log', async () => {
    const from = addDays(last, -3 * 365), to = addDays(last, -2 * 365);
    for (const grain of ['day', 'week', 'month']) {
      const g = await owner.get(`/api/groups/${groupId}?from=${from}&to=${to}&grain=${grain}`);
      assert.deepEqual(g.range, { from, to });
      const points = g.series as Point[];
      assert.equal(points[0]!.day, from);
      assert.equal(points.at(-1)!.end, to);
      for (const p of points) {
        const t = truth(p.day, p.end);
        assert.deepEqual([p.messages, p.activeMembers], [t.messages, t.activeMembers], `${grain} ${p.day}…${p.end}`);
      }
      assert.equal(points.reduce((s, p) => s + p.messages, 0), truth(from, to).messages);
    }
  });

  test('"all history" of a group starts at its first event and is drawn by month, with monthly actives of the event log', async () => {
    const g = await owner.get(`/api/groups/${groupId}?all=true`);
    assert.equal(g.firstDay, first);
    assert.deepEqual(g.range, { from: first, to: today });
    assert.equal(g.grain, 'month');
    const points = g.series as Point[];
    assert.ok(points.length >= 60, `${points.length} months`);
    assert.ok(points.slice(1, -1).every((p) => p.day.endsWith('-01')), 'whole calendar months');
    for (const p of points) {
      const t = truth(p.day, p.end);
      assert.deepEqual([p.messages, p.activeMembers], [t.messages, t.activeMembers], `month ${p.day}`);
    }
    assert.equal(points.at(-1)!.size, 11, 'twelve joined, one left');
    assert.equal(points.reduce((s, p) => s + p.joins, 0), 12);
    assert.equal((await owner.inject({ url: `/api/groups/${groupId}?all=true&from=${first}` })).statusCode, 400);
  });

  test("the overview's all history by month reads the stored monthly actives, equal to the event log's", async () => {
    const o = await owner.get('/api/overview?all=true');
    assert.deepEqual([o.range.from, o.grain], [first, 'month']);
    const stored = await ctx().db.query<{ n: number }>('select count(*)::int as n from workspace_monthly where workspace_id = $1', [workspaceId]);
    assert.ok(stored[0]!.n >= 48);
    for (const p of o.series as Point[]) {
      const t = truth(p.day, p.end);
      assert.deepEqual([p.messages, p.activeMembers], [t.messages, t.activeMembers], `month ${p.day}`);
    }
    assert.equal(o.totals.messages, messages.length);
    // By week, too (whole weeks: the stored weekly actives of their last day).
    const w = await owner.get(`/api/overview?from=${addDays(last, -500)}&to=${last}`);
    assert.equal(w.grain, 'week');
    for (const p of w.series as Point[]) {
      const t = truth(p.day, p.end);
      assert.deepEqual([p.messages, p.activeMembers], [t.messages, t.activeMembers], `week ${p.day}`);
    }
  });

  test('an archived group is measured at its last activity, and says so', async () => {
    const page = await owner.get('/api/groups');
    const g = page.items.find((x: { id: number }) => x.id === groupId);
    assert.equal(g.measuredAt, last);
    const week = truth(addDays(last, -6), last);
    assert.equal(g.messagesPerDay, Math.round((week.messages / 7) * 100) / 100);
    assert.equal(g.activeMembers7d, week.activeMembers);
    assert.equal(g.leaves7d, 1);
    assert.notEqual(g.health, 'silent', 'not silent: it is measured where it was alive');
    const detail = await owner.get(`/api/groups/${groupId}`);
    assert.equal(detail.measuredAt, last);
  });
});
