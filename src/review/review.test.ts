/** The pure figures of 复盘: engagement, retention, funnels, health and the dead-group warning. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chatterRatio, postEngagement, summarize, type Post, type Response } from './engagement.ts';
import { acrossGap, cohortOf, cohorts, coreMembers, longestGap, milestones, newAndReturning, type CohortMember } from './retention.ts';
import { funnels, referralCoefficient } from './funnel.ts';
import { auc, bucket, deadGroupRisk, deadGroupWarning, firstWeekSignals, healthScore } from './health.ts';

const MIN = 60_000;

test('post engagement: window, bots and hunters left out, breadth and first response', () => {
  const posts: Post[] = [
    { key: 'p1', kind: 'push', groupId: 1, at: 0, title: 'a', audience: 10 },
    { key: 'p2', kind: 'draw', groupId: 1, at: 0, title: 'b', audience: 4 },
  ];
  const r = (postKey: string, memberId: number, minutes: number, kind: Response['kind'], extra: Partial<Response> = {}): Response =>
    ({ postKey, memberId, at: minutes * MIN, kind, bot: false, hunter: false, ...extra });
  const out = postEngagement(posts, [
    r('p1', 1, 1, 'reply', { bot: true }), r('p1', 2, 5, 'reply'), r('p1', 2, 6, 'reaction'), r('p1', 3, 200, 'reply'),
    r('p2', 4, 2, 'entry', { hunter: true }), r('p2', 5, 3, 'entry'),
  ], 120 * MIN);
  assert.deepEqual([out[0]!.responders, out[0]!.replies, out[0]!.reactions, out[0]!.breadth, out[0]!.firstResponseSeconds], [1, 1, 1, 0.1, 300]);
  assert.deepEqual([out[1]!.responders, out[1]!.hunters, out[1]!.entries, out[1]!.breadth], [1, 1, 2, 0.25]);
  const s = summarize([...out, { ...out[0]!, key: 'p3', responders: 0, breadth: 0, firstResponseSeconds: null }]);
  assert.equal(s.responseRate, 0.667);
  assert.equal(s.medianFirstResponseSeconds, 240);
  assert.deepEqual(chatterRatio([
    { id: 'a', replyTo: null, reactions: 0, bot: false }, { id: 'b', replyTo: 'a', reactions: 0, bot: false },
    { id: 'c', replyTo: null, reactions: 1, bot: false }, { id: 'd', replyTo: null, reactions: 0, bot: false }, { id: 'e', replyTo: null, reactions: 0, bot: true },
  ]), { messages: 4, chatter: 1, ratio: 0.25 });
});

test('retention: cohorts, D1/W1/M1 only when measurable, curves, new and returning, core, gaps', () => {
  assert.equal(cohortOf('2026-03-04', 'week'), '2026-03-02');
  assert.equal(cohortOf('2026-03-04', 'month'), '2026-03-01');
  const m = (memberId: number, joined: string, activeDays: string[], source = 'qr_code'): CohortMember => ({ memberId, joined, source, activeDays });
  const members = [
    m(1, '2026-03-02', ['2026-03-02', '2026-03-03', '2026-03-10', '2026-04-05']),
    m(2, '2026-03-03', ['2026-03-03']),
    m(3, '2026-03-20', ['2026-03-21'], 'referral'),
  ];
  const ms = milestones(members, '2026-05-20');
  assert.deepEqual([ms.d1.eligible, ms.d1.retained, ms.w1.retained, ms.m1.eligible, ms.m1.retained], [3, 2, 1, 3, 1]);
  const c = cohorts(members, 'week', '2026-04-10', 3);
  assert.equal(c.length, 2);
  assert.deepEqual(c[0]!.curve, [1, 0.5, 0]);
  assert.deepEqual(newAndReturning([{ month: '2026-04-01', ids: [1, 3] }, { month: '2026-03-01', ids: [1, 2] }]),
    [{ month: '2026-03-01', writers: 2, new: 2, returning: 0 }, { month: '2026-04-01', writers: 2, new: 1, returning: 1 }]);
  const core = coreMembers([{ memberId: 1, messages: 50, lastDay: '2026-03-01' }, { memberId: 2, messages: 30, lastDay: '2026-04-09' }, { memberId: 3, messages: 20, lastDay: '2026-04-09' }], '2026-04-10');
  assert.deepEqual(core.map((x) => [x.memberId, x.silent]), [[1, true]]);
  assert.deepEqual(longestGap(['2026-01-01', '2026-01-02', '2026-02-01', '2026-02-03']), { from: '2026-01-03', to: '2026-01-31', days: 29 });
  assert.deepEqual(acrossGap([1, 2, 3, 4], [2, 4, 9]), { before: 4, cameBack: 2, rate: 0.5, newAfter: 1 });
});

test('funnels and referral coefficient', () => {
  const j = (key: string, firstMessage: boolean, activeW1: boolean | null, inviter = false, converted = false) => ({ key, memberId: 1, joined: '2026-03-01', inviter, firstMessage, activeW1, converted });
  const rows = funnels([j('qr', true, true, false, true), j('qr', false, false), j('qr', true, null), j('ref', true, null, true)], new Map([['qr', 10], ['poster', 4]]));
  assert.deepEqual(rows[0], { key: 'qr', scanned: 10, joined: 3, firstMessage: 2, activeW1: 1, w1Eligible: 2, firstMessageRate: 0.667, w1Rate: 0.5, converted: 1, convertedRate: 0.333 });
  assert.deepEqual(rows.find((r) => r.key === 'poster')!.joined, 0);
  assert.deepEqual(referralCoefficient([{ inviter: true }, { inviter: false }, { inviter: false }]), { referred: 1, other: 2, k: 0.5 });
});

test('health: each part bucketed from its figure; the warning explains itself; AUC', () => {
  assert.equal(bucket(0.2, [0.02, 0.05, 0.1, 0.15, 0.2]), 5);
  assert.equal(bucket(0.01, [0.02, 0.05, 0.1, 0.15, 0.2]), 0);
  const h = healthScore({ members: 100, capacity: 200, writers30d: 20, writersPrev30d: 10, writersKept: 2, messages30d: 300, joins30d: 10, leaves30d: 5, posts30d: 4, postsAnswered30d: 2, coreMembers: 3, kols: 1 });
  assert.deepEqual(h.parts.map((p) => p.score), [5, 5, 4, 3, 3]);
  assert.equal(h.score, 4);
  const dying = firstWeekSignals([{ messages: 30, joins: 20, leaves: 0, writers: [1, 2, 3] }, { messages: 10, joins: 5, leaves: 2, writers: [1] },
    { messages: 2, joins: 0, leaves: 1, writers: [1] }, ...Array.from({ length: 4 }, () => ({ messages: 0, joins: 0, leaves: 1, writers: [] }))]);
  const alive = firstWeekSignals(Array.from({ length: 7 }, (_, i) => ({ messages: 20, joins: 3, leaves: 0, writers: [1, 2, 3, 4 + i] })));
  assert.ok(deadGroupRisk(dying) > 0.9 && deadGroupRisk(alive) < 0.5 && !deadGroupWarning(alive).alert);
  const w = deadGroupWarning(dying);
  assert.equal(w.alert, true);
  assert.ok(w.reasons.includes('nobody wrote on days 5–7'));
  assert.equal(w.suggestion.rule.trigger['kind'], 'inactivity');
  assert.equal(auc([0.9, 0.8, 0.3, 0.1], [true, true, false, false]), 1);
  assert.equal(auc([0.5, 0.5], [true, false]), 0.5);
});
