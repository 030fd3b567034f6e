/**
 * One definition per figure (issue #12, item 5), checked against figures computed here from the
 * events themselves with plain code: the overview's members (memberships) beside people (distinct
 * persons), the daily active average over the days since the first group's first event, today
 * marked partial, a group's size per day from its memberships, and its top members by messages.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../test/support/engines.ts';
import type { PlatformEventInput } from '../events/envelope.ts';
import { IdentityCache, ingestBatch } from '../events/ingest.ts';
import { getGroupDetail } from '../groups/detail.ts';
import { workspaceSettings } from '../workspaces/settings.ts';
import { ensurePlatformAccount, ensureWorkspace } from '../workspaces/workspaces.ts';
import { addDays, getOverview } from './overview.ts';

const ZONE = 'Asia/Shanghai';

forEachEngine('figures: one definition each', (ctx) => {
  test('memberships and people, the daily average since the first event, today partial, sizes from memberships, top by messages', async () => {
    const { db } = ctx();
    const ws = await ensureWorkspace(db, 'figures', 'figures', ZONE);
    const account = await ensurePlatformAccount(db, ws.id, 'sandbox', 'bot-figures', 'bot');
    const today = (await db.query<{ d: string }>('select (now() at time zone $1)::date::text as d', [ZONE]))[0]!.d;
    const at = (daysAgo: number, minute: number) => `${addDays(today, -daysAgo)}T00:${String(minute).padStart(2, '0')}:00+08:00`;
    let n = 0;
    const msg = (group: string, user: string, daysAgo: number): PlatformEventInput =>
      ({ type: 'message', eventId: `e${++n}`, occurredAt: at(daysAgo, n % 60), groupId: group, messageId: `m${n}`, userId: user, name: user, text: 'hi' });
    const events: PlatformEventInput[] = [
      // Eleven members write on two days each; frank writes six times on one day; nobody joins.
      ...Array.from({ length: 11 }, (_, i) => [msg('g1', `p${i}`, 5), msg('g1', `p${i}`, 4)]).flat(),
      ...Array.from({ length: 6 }, () => msg('g1', 'frank', 3)),
      // alice is in both groups: two memberships, one person.
      msg('g1', 'alice', 2), msg('g2', 'alice', 2),
      { type: 'join', eventId: `e${++n}`, occurredAt: at(1, 0), groupId: 'g2', userId: 'bob', name: 'bob' },
      msg('g2', 'bob', 0),
    ];
    await ingestBatch(db, { workspaceId: ws.id, accountId: account.id, timezone: ZONE }, events, new IdentityCache());

    // Expected, from the events with plain code.
    const dayOf = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
    const firstIn = new Map<string, string>(); // group/user → first day in
    const writersByDay = new Map<string, Set<string>>();
    const messagesByUser = new Map<string, number>();
    for (const e of events) {
      if (e.type !== 'message' && e.type !== 'join') continue;
      const key = `${e.groupId}/${e.userId}`;
      if (!firstIn.has(key)) firstIn.set(key, dayOf(e.occurredAt));
      if (e.type === 'message') {
        const d = dayOf(e.occurredAt);
        writersByDay.set(d, (writersByDay.get(d) ?? new Set()).add(e.userId));
        if (e.groupId === 'g1') messagesByUser.set(e.userId, (messagesByUser.get(e.userId) ?? 0) + 1);
      }
    }
    const firstDay = [...firstIn.values()].sort()[0]!;
    const range = { from: addDays(today, -29), to: today };
    const daysSinceFirst = [...Array(30).keys()].map((i) => addDays(range.from, i)).filter((d) => d >= firstDay).length;
    const activeDays = [...writersByDay.values()].reduce((s, w) => s + w.size, 0);
    const people = new Set([...firstIn.keys()].map((k) => k.split('/')[1])).size;

    const actor = { userId: 0, workspaceId: ws.id, role: 'owner' as const, ip: '127.0.0.1' };
    const o = await getOverview(db, actor, range);
    assert.deepEqual([o.totals.members, o.totals.people], [firstIn.size, people], 'memberships and distinct people');
    assert.notEqual(firstIn.size, people);
    assert.equal(o.totals.activeMembersDaily, Math.round((activeDays / daysSinceFirst) * 100) / 100, `${activeDays} member-days over ${daysSinceFirst} days`);
    assert.deepEqual([o.previous.members, o.previous.people, o.previous.activeMembersDaily], [0, 0, 0]);
    assert.deepEqual(o.series.filter((d) => d.partial).map((d) => d.day), [today], 'only today is partial');

    const [g1] = await db.query<{ id: number }>(`select id from groups where workspace_id = $1 and platform_group_id = 'g1'`, [ws.id]);
    const detail = (await getGroupDetail(db, ws.id, (await workspaceSettings(db, ws.id)).health, g1!.id, range))!;
    const sizeOn = (day: string) => [...firstIn].filter(([k, d]) => k.startsWith('g1/') && d <= day).length;
    assert.deepEqual(detail.series.map((d) => [d.day, d.size]), detail.series.map((d) => [d.day, sizeOn(d.day)]), 'size per day: members who had taken part by then');
    assert.deepEqual(detail.series.filter((d) => d.partial).map((d) => d.day), [today]);
    const top = [...messagesByUser].sort((a, b) => b[1] - a[1])[0]!;
    assert.deepEqual([detail.topMembers[0]!.name, detail.topMembers[0]!.messages], top, 'the top member wrote the most messages');

    // The sizes are kept under the memberships' revision: a message from a member already in the
    // group writes no membership and leaves it; a leave and a newcomer move it, and the sizes follow.
    const rev = async () => Number((await db.query<{ r: number }>('select memberships_rev as r from workspaces where id = $1', [ws.id]))[0]!.r);
    const before = await rev();
    await ingestBatch(db, { workspaceId: ws.id, accountId: account.id, timezone: ZONE }, [msg('g1', 'p0', 0)], new IdentityCache());
    assert.equal(await rev(), before, 'a message of a member already in the group writes no membership');
    await ingestBatch(db, { workspaceId: ws.id, accountId: account.id, timezone: ZONE }, [
      { type: 'leave', eventId: `e${++n}`, occurredAt: at(1, 30), groupId: 'g1', userId: 'alice' },
      { type: 'leave', eventId: `e${++n}`, occurredAt: at(1, 31), groupId: 'g2', userId: 'alice' },
      msg('g2', 'carol', 0),
    ], new IdentityCache());
    assert.ok(await rev() > before, 'writing memberships moves the revision');
    const after = await getOverview(db, actor, range);
    assert.deepEqual([after.totals.members, after.totals.people], [firstIn.size - 2 + 1, people - 1 + 1], 'alice left both groups, carol came');
  });
  test("an operator's writers of past days are kept under past_rollups_rev: a past day written moves it and the figure follows", async () => {
    const { db } = ctx();
    const ws = await ensureWorkspace(db, 'figures-kept', 'figures-kept', ZONE);
    const account = await ensurePlatformAccount(db, ws.id, 'sandbox', 'bot-figures-kept', 'bot');
    const today = (await db.query<{ d: string }>('select (now() at time zone $1)::date::text as d', [ZONE]))[0]!.d;
    let n = 0;
    const msg = (group: string, user: string, daysAgo: number): PlatformEventInput =>
      ({ type: 'message', eventId: `k${++n}`, occurredAt: `${addDays(today, -daysAgo)}T00:${String(n % 60).padStart(2, '0')}:00+08:00`, groupId: group, messageId: `km${n}`, userId: user, name: user, text: 'hi' });
    const sent: PlatformEventInput[] = [];
    const ingest = async (events: PlatformEventInput[]) => {
      sent.push(...events);
      await ingestBatch(db, { workspaceId: ws.id, accountId: account.id, timezone: ZONE }, events, new IdentityCache());
    };
    // ann writes in both of the operator's groups on one day (one writer of the day), cid in a group not theirs.
    await ingest([msg('g1', 'ann', 20), msg('g2', 'ann', 20), msg('g1', 'ben', 20), msg('g3', 'cid', 20),
      msg('g1', 'ann', 9), msg('g2', 'ben', 9), msg('g3', 'cid', 9), msg('g2', 'ann', 1), msg('g1', 'ben', 0)]);
    const [u] = await db.query<{ id: number }>(`insert into users (email, name, password_hash) values ('op@kept.test', 'Op', 'x') returning id`);
    await db.query(`insert into workspace_staff (workspace_id, user_id, role) values ($1, $2, 'operator')`, [ws.id, u!.id]);
    const assign = (groups: string[]) => db.query(`update groups set owner_staff_id = $2 where workspace_id = $1 and platform_group_id = any($3::text[])`, [ws.id, u!.id, groups]);
    await assign(['g1', 'g2']);
    const operator = { userId: Number(u!.id), workspaceId: ws.id, role: 'operator' as const, ip: '127.0.0.1' };
    const range = { from: addDays(today, -13), to: today };
    // Expected, from the events sent: distinct writers per day in the given groups, and of 7-day windows.
    const expected = (groups: string[]) => {
      const dayOf = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
      const writers = (from: string, to: string) => new Set(sent.flatMap((e) => e.type === 'message' && groups.includes(e.groupId)
        && dayOf(e.occurredAt) >= from && dayOf(e.occurredAt) <= to ? [e.userId] : [])).size;
      const prevTo = addDays(range.from, -1);
      return {
        series: [...Array(14).keys()].map((i) => addDays(range.from, i)).map((d) => [d, writers(d, d)]),
        // The daily average of the period before, over its days since the first message (day -20: 7 days).
        previous: Math.round(([...Array(14).keys()].map((i) => addDays(range.from, i - 14)).reduce((s, d) => s + writers(d, d), 0) / 7) * 100) / 100,
        weekly: [writers(addDays(today, -6), today), writers(addDays(prevTo, -6), prevTo)],
      };
    };
    const seen = async () => {
      const o = await getOverview(db, operator, range);
      return { series: o.series.map((p) => [p.day, p.activeMembers]), previous: o.previous.activeMembersDaily, weekly: [o.totals.activeMembersWeekly, o.previous.activeMembersWeekly] };
    };
    const rev = async () => Number((await db.query<{ r: number }>('select past_rollups_rev as r from workspaces where id = $1', [ws.id]))[0]!.r);
    assert.deepEqual(await seen(), expected(['g1', 'g2']), 'first read: every day counted');
    assert.deepEqual(await seen(), expected(['g1', 'g2']), 'second read: past days kept');

    // Today's messages leave the revision; today's figure is counted live.
    const r0 = await rev();
    await ingest([msg('g2', 'dee', 0)]);
    assert.equal(await rev(), r0, 'a message of today writes no past day');
    assert.deepEqual(await seen(), expected(['g1', 'g2']));

    // An import of past days (9 and 16 days ago: this period and the one before) moves it; the figures follow.
    await ingest([msg('g1', 'eve', 9), msg('g2', 'fay', 16), msg('g1', 'gus', 5)]);
    assert.ok(await rev() > r0, 'writing a past day moves the revision');
    const after = await seen();
    assert.deepEqual(after, expected(['g1', 'g2']));
    assert.notDeepEqual(after.series, expected(['g1']).series);
    assert.equal(after.series.find(([d]) => d === addDays(today, -9))![1], 3, 'ann, ben and eve on day -9');

    // The operator's groups change: the figures are those of the new set.
    await assign(['g3']);
    assert.deepEqual(await seen(), expected(['g1', 'g2', 'g3']));
  });
});
