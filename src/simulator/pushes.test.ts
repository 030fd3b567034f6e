import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Community } from './community.ts';
import { defaultParams } from './params.ts';
import { defaultPushResponse, responseChance } from './experiments.ts';
import { asksReply, categoryOfPost, pushTruth } from './pushes.ts';

test('pushTruth: fatigue lowers the response and raises leaves; hour and category count; documented defaults', () => {
  const s = { hour: 20, category: 'promotion' as const, recentPushes: 0, liveliness: 1 };
  const fresh = pushTruth(defaultParams, s);
  const tired = pushTruth(defaultParams, { ...s, recentPushes: 4 });
  assert.ok(tired.responseProb < fresh.responseProb);
  assert.ok(tired.leaveProb > fresh.leaveProb);
  assert.ok(Math.abs(tired.responseProb / fresh.responseProb - defaultParams.pushFatigueResponseDecay ** 4) < 1e-9);
  assert.ok(pushTruth(defaultParams, { ...s, hour: 3 }).responseProb < fresh.responseProb, 'night');
  assert.ok(pushTruth(defaultParams, { ...s, category: 'icebreaker' }).responseProb > fresh.responseProb);
  assert.ok(pushTruth(defaultParams, { ...s, category: 'professional' }).leaveProb < fresh.leaveProb);
  assert.equal(categoryOfPost('本周限时优惠，全场八折'), 'promotion');
  assert.equal(categoryOfPost('欢迎 @新人 加入'), null, 'a welcome is not a push');
});

test('the community answers pushes with the push model: measured response and leaves match pushTruth', () => {
  const start = new Date(Date.UTC(2026, 5, 1, 0));
  let seen = 0, answered = 0, leaves = 0, expectedLeaves = 0, expectedAnswers = 0;
  for (let seed = 1; seed <= 40; seed++) {
    const c = new Community({ seed, groups: 1, start, days: 30, params: { groupsAtStartShare: 1 } });
    c.advance(start.getTime(), start.getTime() + 3 * 86_400_000);
    const g = c.groups[0]!;
    const at = start.getTime() + 3 * 86_400_000 + 12 * 3_600_000; // 20:00 local
    for (let i = 0; i < 3; i++) {
      const before = c.counters.operatorPostsAnswered;
      const members = g.members.length;
      const live = Math.min(1, c.liveliness(g, at + i));
      const truth = pushTruth(c.params, { hour: 20, category: 'promotion', recentPushes: i, liveliness: live });
      c.onOperatorPost(g.id, `m${i}`, at + i, '新品限时优惠');
      expectedAnswers += truth.responseProb;
      expectedLeaves += members * truth.leaveProb;
      answered += c.counters.operatorPostsAnswered - before;
      seen++;
    }
    leaves += c.counters.pushLeaves;
    assert.ok(g.queue.some((q) => q.kind === 'leave' && (q as { push?: boolean }).push) || c.counters.pushLeaves === 0);
  }
  assert.equal(seen, 120);
  assert.ok(Math.abs(answered - expectedAnswers) < 4 * Math.sqrt(expectedAnswers) + 3, `answered ${answered} vs ${expectedAnswers.toFixed(1)}`);
  assert.ok(Math.abs(leaves - expectedLeaves) < 4 * Math.sqrt(expectedLeaves) + 3, `leaves ${leaves} vs ${expectedLeaves.toFixed(1)}`);
});

test('one model: a call to answer lifts the response by pushAskReplyLift, in pushTruth and in the A/B model alike', () => {
  const s = { hour: 20, category: 'activity' as const, recentPushes: 0, liveliness: 0.5 };
  const lift = pushTruth(defaultParams, { ...s, asksReply: true }).responseProb / pushTruth(defaultParams, s).responseProb;
  assert.ok(Math.abs(lift - defaultParams.pushAskReplyLift) < 1e-9);
  assert.ok(asksReply('活动报名：回复「1」立即参加') && !asksReply('活动报名：本周打卡挑战'));
  const g = { id: 1, factor: 1, members: [] };
  const m = { id: 1, factor: 1 };
  const a = responseChance(defaultPushResponse, g, m, { category: 'activity', hour: 20, effect: 0 });
  const b = responseChance(defaultPushResponse, g, m, { category: 'activity', hour: 20, asksReply: true, effect: 0 });
  assert.ok(Math.abs(b / a - defaultParams.pushAskReplyLift) < 1e-9);
  // The A/B model's category and hour effects are the community's (pushCategoryResponse, pushHourFactors).
  const product = responseChance(defaultPushResponse, g, m, { category: 'product', hour: 20, effect: 0 });
  const professional = responseChance(defaultPushResponse, g, m, { category: 'professional', hour: 20, effect: 0 });
  assert.ok(Math.abs(product / professional - defaultParams.pushCategoryResponse.product! / defaultParams.pushCategoryResponse.professional!) < 1e-9);
  const night = responseChance(defaultPushResponse, g, m, { category: 'professional', hour: 3, effect: 0 });
  assert.ok(Math.abs(night / professional - defaultParams.pushHourFactors[3]! / defaultParams.pushHourFactors[20]!) < 1e-9);
});
