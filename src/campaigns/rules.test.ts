import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessReferral, binomialTail, normalSilentShare, scoreFlags, type ReferralFacts } from './fraud.ts';
import { cutOf, friendRewardOf, leaderboard, progressOf, rankRewards, rewardsDue } from './progress.ts';
import { CampaignSettings, FraudSettings } from './types.ts';

const t0 = new Date('2026-12-01T00:00:00Z');
const h = (n: number) => new Date(t0.getTime() + n * 3600_000);
const w = { startsAt: t0, endsAt: h(24 * 30) };
const S = (o: Record<string, unknown>) => CampaignSettings.parse(o);

test('送: tiers reached by credited friends; the friend gets their own reward', () => {
  const s = S({ kind: 'invite', goal: 3, tiers: [{ at: 3, reward: '课程' }, { at: 1, reward: '贴纸' }], friendReward: '红包' });
  const p = progressOf(s, w, t0, [h(1), h(2)]);
  assert.equal(p.count, 2);
  assert.deepEqual(rewardsDue(s, p).map((r) => r.key), ['tier:1']);
  assert.deepEqual(rewardsDue(s, progressOf(s, w, t0, [h(1), h(2), h(3)])).map((r) => r.key), ['tier:1', 'tier:3']);
  assert.deepEqual(friendRewardOf(s), { key: 'friend', reward: '红包' });
  // Credits outside the window do not count.
  assert.equal(progressOf(s, w, t0, [h(-1), h(24 * 31)]).count, 0);
});

test('拼: a team counts only when full within its hours', () => {
  const s = S({ kind: 'team', goal: 3, teamHours: 24, tiers: [{ at: 3, reward: '拼团价' }] });
  assert.deepEqual(rewardsDue(s, progressOf(s, w, t0, [h(1), h(2), h(30)])), []);
  assert.deepEqual(rewardsDue(s, progressOf(s, w, t0, [h(1), h(2), h(23)])).map((r) => r.key), ['tier:3']);
});

test('砍: each helper cuts the price; the last cut reaches the floor', () => {
  const s = S({ kind: 'cut', goal: 3, priceCents: 1000, floorCents: 1, tiers: [{ at: 3, reward: '一分钱购' }] });
  assert.equal(progressOf(s, w, t0, []).priceCents, 1000);
  assert.equal(progressOf(s, w, t0, [h(1)]).priceCents, 1000 - 333);
  assert.equal(progressOf(s, w, t0, [h(1), h(2), h(3), h(4)]).priceCents, 1);
  assert.equal([1, 2, 3].reduce((a, k) => a + cutOf(1000, 1, 3, k), 0), 999);
});

test('券 and 帮: a coupon per friend up to the goal; a task finished by helpers', () => {
  const c = S({ kind: 'coupon', goal: 2, tiers: [{ at: 1, reward: '5元券' }] });
  assert.deepEqual(rewardsDue(c, progressOf(c, w, t0, [h(1), h(2), h(3)])).map((r) => r.key), ['coupon:1', 'coupon:2']);
  const hp = S({ kind: 'help', goal: 5, tiers: [{ at: 5, reward: '资料包' }] });
  assert.equal(rewardsDue(hp, progressOf(hp, w, t0, [h(1), h(2), h(3), h(4)])).length, 0);
});

test('比: the leaderboard ranks by friends, ties by who got there first; rank rewards by tier', () => {
  const s = S({ kind: 'rank', goal: 1, tiers: [{ at: 1, reward: '冠军' }, { at: 3, reward: '前三' }] });
  const board = leaderboard([
    { participantId: 1, count: 5, reachedAt: h(5) }, { participantId: 2, count: 7, reachedAt: h(9) },
    { participantId: 3, count: 5, reachedAt: h(3) }, { participantId: 4, count: 1, reachedAt: h(1) }, { participantId: 5, count: 0, reachedAt: null },
  ]);
  assert.deepEqual(board.map((b) => b.participantId), [2, 3, 1, 4]);
  const r = rankRewards(s, board);
  assert.equal(r.get(2)?.reward, '冠军');
  assert.equal(r.get(1)?.key, 'rank:3');
  assert.equal(r.has(4), false);
});

const F = FraudSettings.parse({});
const base: ReferralFacts = {
  inviterMemberId: 1, inviteeMemberId: 2, joinedAt: t0, leftAt: null, spokeAt: null, ipHash: 'ipA', deviceHash: 'devA',
  inviterDevices: ['devI'], sameAddressJoins: 1, sameDeviceJoins: 1, inviterRecentJoins: 1, inviteeBanned: false, inviterBanned: false,
  inviteeWasMember: false, newMembersOnly: true, inviterMatured: 0, inviterSilent: 0, othersMatured: 90, othersSilent: 31,
};
const at = (f: Partial<ReferralFacts>, now = h(24 * 4)) => assessReferral({ ...base, ...f }, F, now);

test('credited only after the friend stayed 3 days or spoke', () => {
  assert.equal(at({}, h(24 * 2)).status, 'pending');
  assert.equal(at({ spokeAt: h(1) }, h(2)).status, 'credited');
  assert.equal(at({}, h(72)).status, 'credited');
});

test('each rule: a fraud case is flagged with its reason; a legitimate look-alike passes', () => {
  const cases: [string, Partial<ReferralFacts>, string, Partial<ReferralFacts>][] = [
    ['self_invite', { inviteeMemberId: 1 }, 'rejected', { inviteeMemberId: 3 }],
    ['self_invite', { deviceHash: 'devI' }, 'rejected', { ipHash: 'ipOfInviter', deviceHash: 'devB' }],
    ['banned', { inviteeBanned: true }, 'rejected', { inviteeBanned: false }],
    ['not_new', { inviteeWasMember: true }, 'rejected', { inviteeWasMember: false }],
    ['join_and_leave', { leftAt: h(5) }, 'withdrawn', { leftAt: h(24 * 3 + 1) }],
    ['velocity', { inviterRecentJoins: 21 }, 'held', { inviterRecentJoins: 20 }],
    ['same_device', { sameDeviceJoins: 4 }, 'held', { sameDeviceJoins: 3 }],
    ['same_address', { sameAddressJoins: 4 }, 'held', { sameAddressJoins: 3 }],
    ['silent_friends', { inviterMatured: 10, inviterSilent: 9 }, 'held', { inviterMatured: 10, inviterSilent: 5 }],
    ['silent_friends', { inviterMatured: 10, inviterSilent: 9 }, 'held', { inviterMatured: 10, inviterSilent: 9, spokeAt: h(2) }],
    // A farm's burst of silent accounts is held; an honest inviter with a few lurkers (4 of 5 silent
    // where 40% of friends never speak: one honest inviter in 12) is not.
    ['silent_friends', { inviterMatured: 8, inviterSilent: 8 }, 'held', { inviterMatured: 5, inviterSilent: 4 }],
    // Where most friends never speak (a broadcast-style community), silence is no sign.
    ['silent_friends', { inviterMatured: 10, inviterSilent: 10 }, 'held', { inviterMatured: 10, inviterSilent: 10, othersMatured: 990, othersSilent: 900 }],
    ['inviter_banned', { inviterBanned: true }, 'held', {}],
  ];
  for (const [rule, fraud, status, legit] of cases) {
    const v = at(fraud);
    assert.equal(v.status, status, rule);
    assert.ok(v.reasons.some((r) => r.rule === rule && r.text.length > 0 && r.code.length > 0), `${rule} keeps its reason`);
    assert.equal(at(legit).status, 'credited', `${rule}: the look-alike passes`);
  }
  // Without a device, the shared-address rule still applies; one without either is judged on the rest.
  assert.equal(at({ deviceHash: null, sameAddressJoins: 9 }).status, 'held');
  assert.equal(at({ deviceHash: null, ipHash: null, sameAddressJoins: 9, sameDeviceJoins: 9 }).status, 'credited');
});

test('reasons are stored as a code and numbers (the console words them)', () => {
  assert.deepEqual(at({ leftAt: h(5) }).reasons, [{ rule: 'join_and_leave', code: 'left_early', params: { hours: 5, days: 3 }, text: 'the friend left 5.0 h after joining (window 3 d)' }]);
  assert.deepEqual(at({ inviterRecentJoins: 21 }).reasons.map((r) => [r.code, r.params]), [['velocity', { count: 21, minutes: 60, limit: 20 }]]);
  assert.deepEqual(at({ deviceHash: 'devI' }).reasons.map((r) => r.code), ['inviter_device']);
  assert.deepEqual(at({ inviterMatured: 10, inviterSilent: 9 }).reasons.map((r) => [r.code, r.params]), [['silent_friends', { silent: 9, matured: 10, normalPercent: 36 }]]);
});

test('silent friends: judged against the silence normal among the campaign\'s other friends', () => {
  assert.equal(normalSilentShare({ othersMatured: 90, othersSilent: 31 }), 0.36);
  assert.equal(normalSilentShare({ othersMatured: 0, othersSilent: 0 }), 0.5, 'a young campaign: the prior');
  assert.ok(Math.abs(binomialTail(4, 5, 0.4) - 0.08704) < 1e-9);
  assert.ok(Math.abs(binomialTail(5, 5, 0.4) - 0.01024) < 1e-9);
  assert.equal(binomialTail(0, 5, 0.4), 1);
  assert.equal(binomialTail(6, 5, 0.4), 0);
  assert.ok(Math.abs(binomialTail(1, 2000, 0.001) - (1 - 0.999 ** 2000)) < 1e-9, 'large n');
});

test('precision and recall of flags', () => {
  const s = scoreFlags([{ flagged: true, fraud: true }, { flagged: true, fraud: false }, { flagged: false, fraud: true }, { flagged: false, fraud: false }]);
  assert.deepEqual([s.precision, s.recall], [0.5, 0.5]);
});
