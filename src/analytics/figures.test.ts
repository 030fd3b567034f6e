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
});
