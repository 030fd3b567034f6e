/**
 * Activities on both engines, through ingest, the reactor and the outbox: check-ins build a
 * streak, a make-up card fills a missed day once per week, a duplicated delivery or a second
 * check-in the same day changes nothing; a draw posts its commitment, excludes a red-packet
 * hunter and an inactive member, reveals its seed and is re-verified from the database; a poll
 * counts each member's latest vote; trust levels are promoted and later demoted with reasons.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../test/support/engines.ts';
import { ingestScope } from '../../test/support/ingest-scope.ts';
import { RecordingConnector } from '../../test/fakes/recording-connector.ts';
import type { Database } from '../db/database.ts';
import type { PlatformEventInput } from '../events/envelope.ts';
import { appendBatch, IdentityCache, type IngestScope } from '../events/ingest.ts';
import { projectPending } from '../events/projector.ts';
import { reactPending } from '../events/reactors.ts';
import { dispatchDue } from '../outbox/dispatch.ts';
import { listActions } from '../outbox/outbox.ts';
import { commitmentOf, verifyDraw } from './draw.ts';
import { checkinLeaderboard, makeActivitiesReactor, closeActivity, createActivity, drawRecord } from './store.ts';
import { memberTrust, updateTrustLevels } from './trust-store.ts';

/** 10:00 in Shanghai on 2026-11-(day). */
const at = (day: number, minute = 0) => new Date(Date.UTC(2026, 10, day, 2, minute)).toISOString();

async function run(db: Database, s: IngestScope, events: PlatformEventInput[], cache: IdentityCache): Promise<void> {
  const r = await appendBatch(db, s, events, cache);
  assert.deepEqual(r.rejected, []);
  await projectPending(db, s.workspaceId);
  // The test's days lie in the past: answer them all the same.
  await reactPending(db, s.workspaceId, [makeActivitiesReactor({ replyHorizonMs: Number.POSITIVE_INFINITY })]);
}

forEachEngine('activities on the database', (ctx) => {
  let n = 0;
  const msg = (user: string, text: string, day: number, minute = 0, extra: Partial<PlatformEventInput> = {}): PlatformEventInput =>
    ({ type: 'message', eventId: `e${++n}`, occurredAt: at(day, minute), groupId: 'g1', messageId: `m${n}`, userId: user, name: user.toUpperCase(), text, ...extra } as PlatformEventInput);

  test('check-ins build a streak; a make-up card fills a missed day once per week; duplicates change nothing', async () => {
    const { db } = ctx();
    const s = await ingestScope(db, 'act-checkin');
    const cache = new IdentityCache();
    await run(db, s, [msg('kim', 'hello', 1)], cache); // the reactor starts here
    // Mon 2 … Wed 4 checked in, Thu 5 missed, Fri 6 checked in and asks for a make-up card.
    const first = msg('kim', '打卡', 2);
    await run(db, s, [first, msg('kim', '打卡', 3), msg('kim', '签到', 4)], cache);
    await run(db, s, [first, msg('kim', '打卡', 4, 30)], cache); // re-delivery and a second check-in the same day
    await run(db, s, [msg('kim', '打卡', 6), msg('kim', '补卡', 6, 5)], cache);
    await run(db, s, [msg('kim', '补卡', 6, 10)], cache); // nothing left to fill
    const rows = await db.query<{ day: string; kind: string; streak: number }>('select day::text as day, kind, streak from checkins where workspace_id = $1 order by day', [s.workspaceId]);
    assert.deepEqual(rows.map((r) => [r.day, r.kind]), [['2026-11-02', 'checkin'], ['2026-11-03', 'checkin'], ['2026-11-04', 'checkin'], ['2026-11-05', 'makeup'], ['2026-11-06', 'checkin']]);
    const board = await checkinLeaderboard(db, s.workspaceId, { groupIds: null, today: '2026-11-06' });
    assert.deepEqual(board.rows.map((r) => [r.name, r.streak, r.total]), [['KIM', 5, 5]]);
    const events = await db.query<{ kind: string; value: number }>('select kind, value from activity_events where workspace_id = $1 order by value', [s.workspaceId]);
    assert.deepEqual(events.map((e) => [e.kind, e.value]), [['streak_reached', 3]], 'a streak restored by a make-up card does not reach 3 a second time');
    // The week's allowance is used: a second miss (Sat 7) cannot be made up on Sun 8.
    await run(db, s, [msg('kim', '补卡', 8)], cache);
    const c = new RecordingConnector();
    await dispatchDue({ db, connector: () => c }, s.workspaceId);
    const texts = c.calls.map((x) => x.message?.text ?? '');
    assert.equal(texts.filter((t) => t.includes('打卡成功')).length, 4, texts.join('\n'));
    assert.equal(texts.filter((t) => t.includes('补卡成功')).length, 1);
    assert.ok(texts.some((t) => t.includes('连续打卡 3 天') && t.includes('达成连续 3 天')));
    assert.ok(texts.some((t) => t.includes('本周补卡次数已用完')), texts.join('\n'));
    assert.equal((await dispatchDue({ db, connector: () => c }, s.workspaceId)).sent, 0);
  });

  test('a draw commits to its seed, leaves out a red-packet hunter and an inactive member, and is re-verified from the database', async () => {
    const { db } = ctx();
    const s = await ingestScope(db, 'act-draw');
    const cache = new IdentityCache();
    await run(db, s, [msg('old', 'I was here', 1), msg('ann', 'hi', 1), msg('ben', 'hi', 1), msg('cat', 'hi', 1)], cache);
    const [g] = await db.query<{ id: number }>('select id from groups where workspace_id = $1', [s.workspaceId]);
    const groupId = Number(g!.id);
    // The draw opens on the 20th; "old" last wrote 19 days before, over the 7-day activity rule.
    // hunter shows up only for draws and red packets: the keyword of an earlier draw, a red-packet claim.
    await run(db, s, [msg('ann', '今天天气不错', 19), msg('ben', '同意', 19), msg('cat', 'hi', 19), msg('hunter', '抽奖', 18), msg('hunter', '', 19, 5, { kind: 'red_packet' })], cache);
    const { id } = await db.transaction((tx) => createActivity(tx, s.workspaceId, {
      kind: 'draw', groupId, title: '周五红包', config: { keyword: '抽奖', winners: 2, totalCents: 1000, prize: '', eligibility: { activeWithinDays: 7, excludeBanned: true, excludeHunters: true, hunterMinOtherMessages: 1 } },
    }, { createdBy: null, origin: 'test', now: new Date(at(20)) }));
    // hunter: writes nothing but the keyword; ann enters twice.
    await run(db, s, [msg('ann', '抽奖', 20), msg('ann', '抽奖', 20, 1), msg('ben', '抽奖', 20, 2), msg('hunter', '抽奖', 20, 3), msg('old', '抽奖', 20, 4), msg('cat', '抽奖', 20, 5)], cache);
    const [open] = await db.query<{ commitment: string; seed: string }>('select commitment, seed from activities where workspace_id = $1 and id = $2', [s.workspaceId, id]);
    const closed = await db.transaction((tx) => closeActivity(tx, s.workspaceId, id, new Date(at(21))));
    assert.equal(closed.state, 'closed');
    assert.equal(closed.seed, open!.seed, 'the seed is revealed when the draw closes');
    assert.equal(commitmentOf(closed.seed!), open!.commitment);
    const result = closed.result as { entries: string[]; winners: string[]; excluded: { reason: string; name: string }[]; shares: number[] };
    assert.equal(result.entries.length, 3, 'ann (once), ben and cat');
    assert.deepEqual(result.excluded.map((x) => [x.name, x.reason]).sort(), [['HUNTER', 'red_packet_hunter'], ['OLD', 'inactive']]);
    assert.equal(result.winners.length, 2);
    assert.equal(result.shares.reduce((a, b) => a + b, 0), 1000);
    const record = await drawRecord(db, s.workspaceId, id);
    assert.deepEqual(verifyDraw(record).problems, []);
    assert.deepEqual(verifyDraw(record).recomputedWinners, result.winners);
    // Closing again changes nothing; the posts carry the commitment first and the seed after.
    await db.transaction((tx) => closeActivity(tx, s.workspaceId, id, new Date(at(22))));
    const posts = (await listActions(db, s.workspaceId, `activities:activity:${id}`)).items.sort((a, b) => a.id - b.id);
    assert.equal(posts.length, 2);
    assert.ok(String(posts[0]!.payload.text).includes(open!.commitment) && !String(posts[0]!.payload.text).includes(open!.seed));
    assert.ok(String(posts[1]!.payload.text).includes(open!.seed));
  });

  test('a poll counts each member\'s latest text vote', async () => {
    const { db } = ctx();
    const s = await ingestScope(db, 'act-poll');
    const cache = new IdentityCache();
    await run(db, s, [msg('a', 'hi', 1)], cache);
    const [g] = await db.query<{ id: number }>('select id from groups where workspace_id = $1', [s.workspaceId]);
    const { id } = await db.transaction((tx) => createActivity(tx, s.workspaceId, { kind: 'poll', groupId: Number(g!.id), title: '周末活动', config: { options: ['爬山', '看电影', '读书'] } }, { createdBy: null, origin: 'test' }));
    await run(db, s, [msg('a', '1', 2), msg('b', '3', 2, 1), msg('a', '投2', 2, 2), msg('c', '读书', 2, 3), msg('d', '随便', 2, 4)], cache);
    const closed = await db.transaction((tx) => closeActivity(tx, s.workspaceId, id, new Date(at(3))));
    assert.deepEqual(closed.result, { counts: [0, 1, 2], voters: 3 });
  });

  test('trust: promoted for being answered by distinct members and answering, demoted when that stops, with reasons', async () => {
    const { db } = ctx();
    const s = await ingestScope(db, 'act-trust');
    const cache = new IdentityCache();
    await run(db, s, [msg('zed', 'hi', 1)], cache);
    // zed checks in three days running, answers yan's question, and gets replies from three people.
    await run(db, s, [
      msg('zed', '打卡', 2), msg('zed', '打卡', 3), msg('zed', '打卡', 4),
      { ...msg('yan', '这个怎么设置？', 4, 10), messageId: 'q1' } as PlatformEventInput,
      msg('zed', '在设置里打开就行', 4, 11, { replyTo: 'q1' }),
      { ...msg('zed', '大家觉得呢', 4, 12), messageId: 'z1' } as PlatformEventInput,
      msg('ann', '好', 4, 13, { replyTo: 'z1' }), msg('bo', '可以', 4, 14, { replyTo: 'z1' }), msg('yan', '谢谢', 4, 15, { replyTo: 'z1' }),
      // A chatterbox nobody answers: many messages, no level.
      ...Array.from({ length: 30 }, (_, i) => msg('loud', `刷屏 ${i}`, 4, 20 + i)),
    ], cache);
    const ids = new Map((await db.query<{ id: number; display_name: string }>('select id, display_name from members where workspace_id = $1', [s.workspaceId])).map((r) => [r.display_name, Number(r.id)]));
    const r1 = await updateTrustLevels(db, s.workspaceId, new Date(at(20)));
    assert.ok(r1.promoted >= 1);
    const zed = await memberTrust(db, s.workspaceId, ids.get('ZED')!);
    assert.equal(zed.level, 2);
    assert.equal(zed.facts?.distinctRepliers, 3);
    assert.equal(zed.facts?.answeredQuestions, 1);
    assert.equal(zed.facts?.longestStreak, 3);
    assert.equal((await memberTrust(db, s.workspaceId, ids.get('LOUD')!)).level, 0, 'message count alone earns nothing');
    // Months later nobody has answered zed within the window: demoted, with the reason.
    await updateTrustLevels(db, s.workspaceId, new Date(Date.UTC(2027, 3, 1)));
    const later = await memberTrust(db, s.workspaceId, ids.get('ZED')!);
    assert.equal(later.level, 0);
    assert.deepEqual(later.changes.map((c) => [c.fromLevel, c.toLevel]), [[2, 0], [0, 2]]);
    assert.ok((later.changes[0]!.reasons as { requirement: string; met: boolean }[]).some((r) => r.requirement === 'distinctRepliers' && !r.met));
  });
});
