/**
 * The content calendar and live sessions on both engines: a planned post runs by itself at its
 * slot (once, whatever the number of ticks) to every group of its layer through the outbox with
 * its category; its assignee is reminded 30 minutes before in the console and in their chat; a
 * moved entry runs at its new slot; the operator's iCal feed parses; a live session's script is
 * refused over budget, posts its steps on schedule and reports afterwards; best times come from
 * the stored messages.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../test/support/engines.ts';
import { ingestScope } from '../../test/support/ingest-scope.ts';
import type { PlatformEventInput } from '../events/envelope.ts';
import { appendBatch, IdentityCache } from '../events/ingest.ts';
import { projectPending } from '../events/projector.ts';
import { listActions } from '../outbox/outbox.ts';
import { listPushes, pushReach } from '../pushes/store.ts';
import { seedDemoContent } from './demo.ts';
import { contentWorkspaces } from './jobs.ts';
import { defaultScript } from './live.ts';
import {
  calendarWeek, createEntry, createLiveSession, feedFor, getLiveSession, groupBestTime, moveEntry, rotateFeedToken,
  runContentTick, savePlan, setOperatorChat,
} from './store.ts';

/** Parses an iCal text: unfolds continuation lines, returns the events' properties. */
function parseIcs(text: string): Record<string, string>[] {
  assert.ok(text.split('\r\n').every((l) => new TextEncoder().encode(l).length <= 75), 'every line is folded at 75 octets');
  const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n').filter(Boolean);
  assert.equal(lines[0], 'BEGIN:VCALENDAR');
  assert.equal(lines.at(-1), 'END:VCALENDAR');
  const out: Record<string, string>[] = [];
  let cur: Record<string, string> | null = null;
  let depth = 0;
  for (const l of lines) {
    if (l === 'BEGIN:VEVENT') { cur = {}; continue; }
    if (l === 'END:VEVENT') { out.push(cur!); cur = null; continue; }
    if (l === 'BEGIN:VALARM') { depth++; continue; }
    if (l === 'END:VALARM') { depth--; continue; }
    if (cur && depth === 0) {
      const i = l.indexOf(':');
      cur[l.slice(0, i)] = l.slice(i + 1).replace(/\\n/g, '\n').replace(/\\([,;\\])/g, '$1');
    }
  }
  return out;
}

forEachEngine('content calendar on the database', (ctx) => {
  test('a planned post runs by itself at its slot, once, to every group of its layer; reminders and the feed', async () => {
    const { db } = ctx();
    const s = await ingestScope(db, 'cal-run');
    const at = '2026-06-01T00:00:00Z';
    const joins: PlatformEventInput[] = ['g1', 'g2', 'g3', 'op'].map((g, i) => ({ type: 'join', eventId: `j${i}`, occurredAt: at, groupId: g, userId: `u${i}`, name: `U${i}` }) as PlatformEventInput);
    await appendBatch(db, s, joins, new IdentityCache());
    await projectPending(db, s.workspaceId);
    await db.query(`update groups set layer = 'premium' where workspace_id = $1 and platform_group_id = 'g3'`, [s.workspaceId]);
    await db.query(`update groups set layer = 'staff' where workspace_id = $1 and platform_group_id = 'op'`, [s.workspaceId]);
    const [user] = await db.query<{ id: number }>(`insert into users (email, name, password_hash) values ('op@cal.test', 'Op', 'x') returning id`);
    const userId = Number(user!.id);
    await db.query(`insert into workspace_staff (workspace_id, user_id, role) values ($1, $2, 'operator')`, [s.workspaceId, userId]);
    const [chat] = await db.query<{ groupId: number; memberId: number }>(
      `select m.group_id as "groupId", m.member_id as "memberId" from memberships m join groups g on g.workspace_id = m.workspace_id and g.id = m.group_id
       where m.workspace_id = $1 and g.platform_group_id = 'op'`, [s.workspaceId]);
    await setOperatorChat(db, s.workspaceId, userId, { groupId: Number(chat!.groupId), memberId: Number(chat!.memberId) });

    // Tuesday 2026-06-02 20:00 in Shanghai = 12:00 UTC.
    const e = await createEntry(db, s.workspaceId, { day: '2026-06-02', slot: '19:00', layer: 'basic', theme: '行业热点', category: 'hot', text: '今天聊聊 AI 客服', assigneeUserId: userId }, userId);
    const moved = await moveEntry(db, s.workspaceId, e.id, { day: '2026-06-02', slot: '20:00' });
    assert.equal(moved.runAt.toISOString(), '2026-06-02T12:00:00.000Z');
    const week = await calendarWeek(db, s.workspaceId, '2026-06-04');
    assert.equal(week.days[0], '2026-06-01');
    assert.deepEqual(week.cells.basic!['2026-06-02']!['20:00']!.map((x) => x.id), [e.id]);
    assert.ok(week.layers.includes('premium'));

    // 11:00 UTC: too early to post, too early to remind.
    let r = await runContentTick(db, s.workspaceId, new Date('2026-06-02T11:00:00Z'));
    assert.deepEqual([r.posted, r.reminded], [0, 0]);
    // 11:35: reminded (console and chat), not posted.
    r = await runContentTick(db, s.workspaceId, new Date('2026-06-02T11:35:00Z'));
    assert.deepEqual([r.posted, r.reminded], [0, 1]);
    const notes = await db.query<{ userId: number; text: string }>(`select user_id as "userId", text from automation_notifications where workspace_id = $1`, [s.workspaceId]);
    assert.equal(notes.length, 1);
    assert.equal(Number(notes[0]!.userId), userId);
    assert.match(notes[0]!.text, /排期提醒.*行业热点/);
    const reminders = await listActions(db, s.workspaceId, `calendar:${e.id}:remind`);
    assert.equal(reminders.items.length, 1);
    assert.equal(reminders.items[0]!.kind, 'private_message');
    assert.equal(reminders.items[0]!.memberId, Number(chat!.memberId));
    // 12:00, and again in parallel: posted once to g1 and g2 (basic), not to g3 (premium).
    const [a, b] = await Promise.all([runContentTick(db, s.workspaceId, new Date('2026-06-02T12:00:30Z')), runContentTick(db, s.workspaceId, new Date('2026-06-02T12:00:31Z'))]);
    assert.equal(a.posted + b.posted, 2);
    // It ran as one push (the pushes page lists it with its reach), its deliveries keyed by the entry.
    const pushes = await listPushes(db, s.workspaceId, { limit: 10, offset: 0 });
    assert.equal(pushes.total, 1, 'one push for the entry, however many ticks');
    assert.equal(pushes.items[0]!.category, 'hot');
    assert.match(pushes.items[0]!.title, /行业热点/);
    const posts = await listActions(db, s.workspaceId, `push:${pushes.items[0]!.id}`);
    assert.equal(posts.items.length, 2);
    assert.ok(posts.items.every((p) => p.kind === 'post' && p.key.startsWith(`calendar:${e.id}:g`) && p.payload.category === 'hot' && p.payload.text === '今天聊聊 AI 客服'));
    const reach = await pushReach(db, s.workspaceId, pushes.items[0]!.id);
    assert.deepEqual(reach.map((c) => [c.channel, c.targets, c.queued]), [['group_post', 2, 2]]);
    await assert.rejects(moveEntry(db, s.workspaceId, e.id, { day: '2026-06-03', slot: '20:00' }), /only a planned entry/);
    // A post whose slot passed more than the catch-up window ago is marked missed, not posted late.
    await createEntry(db, s.workspaceId, { day: '2026-06-01', slot: '09:00', layer: 'basic', theme: 'old', text: 'late' }, null);
    r = await runContentTick(db, s.workspaceId, new Date('2026-06-02T12:05:00Z'));
    assert.deepEqual([r.posted, r.missed], [0, 1]);

    // The monthly plan adds the weekly live session (Thursdays) as tasks, once.
    const plan = { acquisitionTarget: 500, topics: ['AI 客服'], live: { weekday: 4, slot: '20:00', title: '周四分享', layer: 'basic' }, kolTasks: [{ weekday: 1, slot: '10:00', title: 'KOL 发起话题', assigneeUserId: userId }] };
    const p1 = await savePlan(db, s.workspaceId, '2026-06', plan, userId);
    assert.equal(p1.added, 4 + 5); // 4 Thursdays, 5 Mondays in June 2026
    assert.equal((await savePlan(db, s.workspaceId, '2026-06', plan, userId)).added, 0);

    // The feed: a secret URL per operator; the old secret stops working when rotated.
    const token = await rotateFeedToken(db, s.workspaceId, userId);
    const ics = await feedFor(db, token, new Date('2026-06-02T00:00:00Z'));
    assert.ok(ics);
    const events = parseIcs(ics!);
    const hot = events.find((x) => x.SUMMARY?.includes('行业热点'));
    assert.equal(hot?.DTSTART, '20260602T120000Z');
    assert.equal(hot?.DESCRIPTION, '今天聊聊 AI 客服');
    assert.ok(events.some((x) => x.SUMMARY?.includes('周四分享')));
    const again = await rotateFeedToken(db, s.workspaceId, userId);
    assert.equal(await feedFor(db, token), null);
    assert.ok(await feedFor(db, again));
    assert.equal(await feedFor(db, 'nonsense'), null);
  });

  test('a live session keeps its budget, posts its steps on schedule and reports after', async () => {
    const { db } = ctx();
    const s = await ingestScope(db, 'cal-live');
    const start = new Date('2026-06-04T12:00:00Z');
    const cache = new IdentityCache();
    await appendBatch(db, s, [{ type: 'join', eventId: 'j0', occurredAt: '2026-06-01T00:00:00Z', groupId: 'g1', userId: 'kim', name: 'Kim' } as PlatformEventInput], cache);
    await projectPending(db, s.workspaceId);
    const [g] = await db.query<{ id: number }>('select id from groups where workspace_id = $1', [s.workspaceId]);
    const script = defaultScript('私域运营', '王老师');
    const over = [...script, { kind: 'perks' as const, atMinute: 24, messages: Array.from({ length: 30 }, (_, i) => `福利 ${i}`) }];
    await assert.rejects(createLiveSession(db, s.workspaceId, { title: 't', groupIds: [Number(g!.id)], startsAt: start.toISOString(), steps: over }, null), /over the budget of 35/);
    const long = [...script, { kind: 'qa' as const, atMinute: 40, messages: ['还有问题吗？'] }];
    await assert.rejects(createLiveSession(db, s.workspaceId, { title: 't', groupIds: [Number(g!.id)], startsAt: start.toISOString(), steps: long }, null), /over the budget of 25/);
    const live = await createLiveSession(db, s.workspaceId, { title: '私域运营', groupIds: [Number(g!.id)], startsAt: start.toISOString(), steps: script }, null);

    const at = (min: number) => new Date(start.getTime() + min * 60_000);
    let r = await runContentTick(db, s.workspaceId, at(-61));
    assert.equal(r.liveSteps, 0);
    r = await runContentTick(db, s.workspaceId, at(-59));
    assert.equal(r.liveSteps, 1, 'the preview');
    r = await runContentTick(db, s.workspaceId, at(3));
    assert.equal(r.liveSteps, 2, 'opening and guest talk');
    r = await runContentTick(db, s.workspaceId, at(3));
    assert.equal(r.liveSteps, 0);
    const posted = await listActions(db, s.workspaceId, `live:${live.id}`, { limit: 100, offset: 0 });
    assert.equal(posted.items.length, 1 + 1 + 4);
    assert.ok(posted.items.every((p) => p.payload.category === 'activity'));
    // Guest talk's 4 messages are spaced out.
    const talk = posted.items.filter((p) => p.payload.stepKind === 'guest_talk').map((p) => p.notBefore.getTime()).sort();
    assert.equal(talk[3]! - talk[0]!, 60_000);

    // Members speak during the session; one asks a question in Q&A.
    let n = 0;
    const msg = (user: string, min: number, text: string) => ({ type: 'message', eventId: `lm${++n}`, occurredAt: at(min).toISOString(), groupId: 'g1', messageId: `lm${n}`, userId: user, name: user, text }) as PlatformEventInput;
    await appendBatch(db, s, [msg('kim', 5, '受教了'), msg('lee', 16, '请问私域怎么冷启动？'), msg('kim', 17, '+1'), msg('bot', 16, '答疑开始')], cache);
    await db.query(`update member_identities set is_bot = true where workspace_id = $1 and platform_user_id = 'bot'`, [s.workspaceId]);
    await projectPending(db, s.workspaceId);
    r = await runContentTick(db, s.workspaceId, at(30));
    assert.equal(r.liveSteps, 2, 'Q&A and perks');
    assert.equal(r.liveReports, 0, 'the report waits for the tail');
    r = await runContentTick(db, s.workspaceId, at(53));
    assert.equal(r.liveReports, 1);
    const done = await getLiveSession(db, s.workspaceId, live.id);
    assert.equal(done?.status, 'done');
    const report = done!.report!;
    assert.equal(report.messagesUsed, 9);
    assert.equal(report.membersWhoSpoke, 2);
    assert.equal(report.memberMessages, 3);
    assert.equal(report.questions, 1);
    assert.deepEqual(report.steps.map((x) => [x.kind, x.replies]), [['preview', 0], ['opening', 0], ['guest_talk', 1], ['qa', 2], ['perks', 0]]);
  });

  test('best time per group from the stored messages and their replies', async () => {
    const { db } = ctx();
    const s = await ingestScope(db, 'cal-best');
    const ev: PlatformEventInput[] = [];
    let n = 0;
    // Four Wednesdays at 20:xx Shanghai (12:xx UTC) a question with 3 replies; Mondays 09:xx two messages, no replies.
    for (let w = 0; w < 4; w++) {
      const wed = new Date(Date.UTC(2026, 5, 3 + 7 * w, 12, 5));
      const id = `q${w}`;
      ev.push({ type: 'message', eventId: `e${++n}`, occurredAt: wed.toISOString(), groupId: 'g1', messageId: id, userId: 'a', name: 'a', text: '?' } as PlatformEventInput);
      for (let k = 0; k < 3; k++) ev.push({ type: 'message', eventId: `e${++n}`, occurredAt: new Date(wed.getTime() + (k + 1) * 60_000).toISOString(), groupId: 'g1', messageId: `r${w}${k}`, userId: `b${k}`, name: 'b', text: 'yes', replyTo: id } as PlatformEventInput);
      for (let k = 0; k < 2; k++) ev.push({ type: 'message', eventId: `e${++n}`, occurredAt: new Date(Date.UTC(2026, 5, 1 + 7 * w, 1, 10 + k)).toISOString(), groupId: 'g1', messageId: `x${w}${k}`, userId: 'c', name: 'c', text: 'news' } as PlatformEventInput);
    }
    await appendBatch(db, s, ev, new IdentityCache());
    await projectPending(db, s.workspaceId);
    const [g] = await db.query<{ id: number }>('select id from groups where workspace_id = $1', [s.workspaceId]);
    const best = await groupBestTime(db, s.workspaceId, Number(g!.id), { now: new Date('2026-06-30T00:00:00Z') });
    assert.deepEqual([best.top[0]!.weekday, best.top[0]!.hour], [3, 20]);
    assert.deepEqual([best.top[1]!.weekday, best.top[1]!.hour], [1, 9]);
  });

  test('the demo plans its week once, and the calendar runs by itself: the first post, the A/B test, the live session', async () => {
    const { db } = ctx();
    const s = await ingestScope(db, 'cal-demo');
    const now = new Date('2026-06-03T04:00:00Z'); // Wednesday 12:00 in Shanghai
    const ev: PlatformEventInput[] = [];
    for (let g = 1; g <= 3; g++) for (let u = 1; u <= 5; u++) ev.push({ type: 'message', eventId: `d${g}-${u}`, occurredAt: new Date(now.getTime() - 3_600_000).toISOString(), groupId: `g${g}`, messageId: `dm${g}-${u}`, userId: `u${g}-${u}`, name: 'x', text: 'hi' } as PlatformEventInput);
    await appendBatch(db, s, ev, new IdentityCache());
    await projectPending(db, s.workspaceId);
    const first = await seedDemoContent(db, s.workspaceId, now);
    assert.ok(first.entries >= 1 + 3 && first.experimentId && first.liveSessionId, JSON.stringify(first));
    assert.deepEqual(await seedDemoContent(db, s.workspaceId, now), { entries: 0, experimentId: null, liveSessionId: null, pushes: 0 });
    assert.ok((await contentWorkspaces(db)).includes(s.workspaceId), 'the minute job ticks this workspace');
    const tick = await runContentTick(db, s.workspaceId, new Date(now.getTime() + 4 * 60_000));
    assert.equal(tick.posted, 3, 'the first post went to the three groups');
    assert.equal(tick.liveSteps, 1, 'the live session announced itself');
    const ab = await listActions(db, s.workspaceId, `experiment:${first.experimentId}`);
    assert.ok(ab.items.length >= 1 && ab.items.every((a) => a.payload.category === 'activity'));
  });
});
