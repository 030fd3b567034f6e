import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../test/support/engines.ts';
import { simulateCampaign } from '../campaigns/simulate.ts';
import { CampaignSettings } from '../campaigns/types.ts';
import { planReferrals } from './referrals.ts';

test('the referral plan is seeded and carries its ground truth per fraud kind', () => {
  const a = planReferrals({ seed: 3 });
  assert.deepEqual(planReferrals({ seed: 3 }), a);
  assert.notDeepEqual(planReferrals({ seed: 4 }).referrals, a.referrals);
  const kinds = new Set(a.referrals.map((r) => r.fraud));
  assert.deepEqual([...kinds].sort(), ['join_and_leave', 'self_invite', 'silent_fake', null].sort());
  // Self-invites come from the inviter's own device; ring accounts leave; farm accounts never speak.
  for (const r of a.referrals) {
    if (r.fraud === 'self_invite') assert.equal(r.device, a.participants[r.participant]!.device);
    if (r.fraud === 'join_and_leave') assert.ok(r.leaveAt !== null && r.leaveAt > r.joinAt);
    if (r.fraud === 'silent_fake') assert.equal(r.speakAt, null);
  }
});

forEachEngine('simulated referral campaign', (ctx) => {
  test('end to end: every fraud kind is flagged and most honest friends are credited', async () => {
    const { db } = ctx();
    const plan = planReferrals({ participants: 30, selfInviters: 3, ringMembers: 4, farmers: 1, fakesMin: 8, fakesMax: 10, seed: 11 });
    const r = await simulateCampaign(db, plan, { slug: 'sim', stock: 1000, settings: CampaignSettings.parse({ kind: 'coupon', goal: 20, tiers: [{ at: 1, reward: '券' }] }) });
    assert.equal(r.funnel.joins, plan.referrals.length);
    assert.ok(r.funnel.visits > r.funnel.joins);
    for (const k of ['self_invite', 'join_and_leave', 'silent_fake']) assert.ok((r.fraud.byKind[k]?.caught ?? 0) > 0, k);
    assert.ok(r.fraud.recall >= 0.9, `recall ${r.fraud.recall}`);
    assert.ok(r.fraud.precision >= 0.6, `precision ${r.fraud.precision}`);
    // A coupon per credited friend (held while the inviter is under suspicion); one given before the
    // friend left stays given.
    const all = (r.rewards.issued ?? 0) + (r.rewards.held ?? 0) + (r.rewards.rejected ?? 0);
    assert.ok(all >= r.funnel.credited, `${all} rewards for ${r.funnel.credited} credited`);
    assert.ok((r.rewards.issued ?? 0) <= r.funnel.credited + (r.statuses.withdrawn ?? 0));
  });
});
