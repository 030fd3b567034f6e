import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assignAll, assignArm, bucketPosition, HOLDOUT } from './buckets.ts';
import { measure, type OutcomeEvent, type UnitExposure } from './outcomes.ts';
import { compareProportions, fisherExact, normalCdf, normalQuantile, requiredPerArm, twoProportionZTest, verdict } from './stats.ts';

// Independent references: the normal tail by Simpson integration of the density, and Fisher's test
// by enumerating exact binomial coefficients with BigInt. (SciPy 1.17 gives the same figures:
// fisher_exact([[3,7],[9,1]]).pvalue = 0.019766611097880443, norm.sf-based z-test of 120/1000 vs
// 151/1000: z = 2.025324188790229, p = 0.042834086314141616.)
function tailBySimpson(z: number): number {
  const f = (x: number) => Math.exp(-(x * x) / 2) / Math.sqrt(2 * Math.PI);
  const a = Math.abs(z);
  const b = a + 12;
  const n = 20000;
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

function choose(n: number, k: number): bigint {
  let r = 1n;
  for (let i = 1; i <= k; i++) r = (r * BigInt(n - k + i)) / BigInt(i);
  return r;
}

function fisherByEnumeration(a1: number, n1: number, a2: number, n2: number): number {
  const k = a1 + a2;
  const total = choose(n1 + n2, k);
  const prob = (x: number) => Number(choose(n1, x) * choose(n2, k - x) * 10n ** 18n / total) / 1e18;
  const obs = prob(a1);
  let p = 0;
  for (let x = Math.max(0, k - n2); x <= Math.min(k, n1); x++) if (prob(x) <= obs * (1 + 1e-9)) p += prob(x);
  return p;
}

test('the normal distribution matches numerical integration and known quantiles', () => {
  for (const z of [0, 0.5, 1, 1.234, 1.96, 2.5, 3.3, 4.5, 6]) {
    const ref = tailBySimpson(z);
    assert.ok(Math.abs(normalCdf(-z) - ref) < 1e-9 + ref * 1e-6, `Φ(-${z}) = ${normalCdf(-z)} vs ${ref}`);
  }
  assert.ok(Math.abs(normalCdf(1.234) - 0.8913985478784756) < 1e-9);
  assert.ok(Math.abs(normalQuantile(0.975) - 1.959963984540054) < 1e-9);
  assert.ok(Math.abs(normalQuantile(0.001) + 3.090232306167813) < 1e-8);
});

test('the two-proportion z-test gives the p-value computed independently', () => {
  const r = twoProportionZTest({ successes: 120, trials: 1000 }, { successes: 151, trials: 1000 });
  const pooled = 271 / 2000;
  const z = (0.151 - 0.12) / Math.sqrt(pooled * (1 - pooled) * (2 / 1000));
  assert.ok(Math.abs(r.z! - z) < 1e-12);
  assert.ok(Math.abs(r.z! - 2.025324188790229) < 1e-9);
  assert.ok(Math.abs(r.p - 2 * tailBySimpson(z)) < 1e-8);
  assert.ok(Math.abs(r.p - 0.042834086314141616) < 1e-8);
  assert.equal(twoProportionZTest({ successes: 300, trials: 2000 }, { successes: 300, trials: 2000 }).p, 1);
  assert.equal(twoProportionZTest({ successes: 0, trials: 50 }, { successes: 0, trials: 50 }).p, 1);
});

test("Fisher's exact test matches enumeration with exact binomials", () => {
  for (const [a1, n1, a2, n2] of [[3, 10, 9, 10], [1, 20, 6, 20], [0, 10, 0, 12], [2, 7, 5, 9], [4, 30, 0, 25]] as const) {
    const got = fisherExact({ successes: a1, trials: n1 }, { successes: a2, trials: n2 }).p;
    const ref = fisherByEnumeration(a1, n1, a2, n2);
    assert.ok(Math.abs(got - Math.min(1, ref)) < 1e-9, `${a1}/${n1} vs ${a2}/${n2}: ${got} vs ${ref}`);
  }
  assert.ok(Math.abs(fisherExact({ successes: 3, trials: 10 }, { successes: 9, trials: 10 }).p - 0.019766611097880443) < 1e-9);
  assert.ok(Math.abs(fisherExact({ successes: 1, trials: 20 }, { successes: 6, trials: 20 }).p - 0.09147609147609148) < 1e-9);
  // Small expected counts choose Fisher; large ones the z-test.
  assert.equal(compareProportions({ successes: 1, trials: 20 }, { successes: 6, trials: 20 }).method, 'fisher');
  assert.equal(compareProportions({ successes: 120, trials: 1000 }, { successes: 151, trials: 1000 }).method, 'z');
});

test('the sample size per arm is the textbook figure', () => {
  // 10% → 12%, α = 0.05, power 0.8: 3841 per arm (Fleiss without continuity correction).
  const n = requiredPerArm(0.1, 0.02);
  assert.ok(n >= 3830 && n <= 3850, String(n));
  assert.ok(requiredPerArm(0.1, 0.05) < n);
});

test('the verdict names the winner in Chinese and English, or how many more are needed', () => {
  const v = verdict([{ name: 'A', successes: 120, trials: 1000 }, { name: 'B', successes: 151, trials: 1000 }]);
  assert.equal(v.kind, 'adopt');
  assert.equal(v.winner, 'B');
  assert.match(v.zh, /B 的回复率比 A 高 3\.1 个百分点.*p=0\.04.*可以采用 B/);
  assert.match(v.en, /B's response rate is 3\.1 percentage points higher than A's.*adopt B/);
  const n = verdict([{ name: 'A', successes: 12, trials: 100 }, { name: 'B', successes: 13, trials: 100 }]);
  assert.equal(n.kind, 'no_difference');
  assert.ok(n.morePerArm! > 0);
  assert.match(n.en, /No detectable difference yet.*more per arm needed/);
  assert.match(n.zh, /暂未发现可检测的差异.*每组还需约 \d+ 个样本/);
  // Three arms: Bonferroni halves alpha, so p = 0.04 is no longer enough.
  const three = verdict([{ name: 'A', successes: 120, trials: 1000 }, { name: 'B', successes: 151, trials: 1000 }, { name: 'C', successes: 121, trials: 1000 }]);
  assert.equal(three.alpha, 0.025);
  assert.equal(three.kind, 'no_difference');
  assert.equal(verdict([{ name: 'A', successes: 0, trials: 0 }, { name: 'B', successes: 0, trials: 5 }]).kind, 'too_few');
});

test('hash buckets are stable, balanced and independent across salts', () => {
  const arms = [{ name: 'A', weight: 1 }, { name: 'B', weight: 1 }];
  const ids = Array.from({ length: 20000 }, (_, i) => i + 1);
  const a = assignAll('exp-1', ids, arms, 0.1);
  const again = assignAll('exp-1', ids, arms, 0.1);
  assert.deepEqual([...a], [...again]);
  const count = (m: Map<number | string, string>, arm: string) => [...m.values()].filter((x) => x === arm).length;
  // Expected 10% holdout, 45% each arm; 4 σ bounds.
  const sd = (p: number) => 4 * Math.sqrt(ids.length * p * (1 - p));
  assert.ok(Math.abs(count(a, HOLDOUT) - 2000) < sd(0.1), String(count(a, HOLDOUT)));
  assert.ok(Math.abs(count(a, 'A') - 9000) < sd(0.45), String(count(a, 'A')));
  assert.ok(Math.abs(count(a, 'B') - 9000) < sd(0.45));
  // Another salt reshuffles: about half of A's units stay in A.
  const b = assignAll('exp-2', ids, arms, 0);
  const bothA = ids.filter((i) => a.get(i) === 'A' && b.get(i) === 'A').length;
  assert.ok(Math.abs(bothA / count(a, 'A') - 0.5) < 0.03);
  // Weights: 3:1.
  const w = assignAll('exp-3', ids, [{ name: 'A', weight: 3 }, { name: 'B', weight: 1 }]);
  assert.ok(Math.abs(count(w, 'A') / ids.length - 0.75) < 0.02);
  assert.equal(assignArm('s', 1, arms), assignArm('s', '1', arms));
  assert.ok(bucketPosition('s', 1) >= 0 && bucketPosition('s', 1) < 1);
  assert.throws(() => assignArm('s', 1, []));
});

test('outcomes count responders, leaves and conversions within the window after the send', () => {
  const t0 = new Date('2026-03-02T12:00:00Z');
  const h = (n: number) => new Date(t0.getTime() + n * 3600_000);
  const exposures: UnitExposure[] = [
    { unitId: 1, arm: 'A', at: t0, memberIds: [1, 2, 3], groupIds: [1] },
    { unitId: 2, arm: 'B', at: t0, memberIds: [4, 5], groupIds: [2] },
    { unitId: 3, arm: HOLDOUT, at: t0, memberIds: [6], groupIds: [3] },
    { unitId: 4, arm: 'B', at: null, memberIds: [7], groupIds: [4] },
  ];
  const events: OutcomeEvent[] = [
    { type: 'message', groupId: 1, memberId: 1, at: h(1) },
    { type: 'message', groupId: 1, memberId: 1, at: h(2) },
    { type: 'message', groupId: 1, memberId: 2, at: h(-1) }, // before the send
    { type: 'message', groupId: 9, memberId: 3, at: h(1) }, // another group
    { type: 'message', groupId: 2, memberId: 4, at: h(30) }, // after the window
    { type: 'leave', groupId: 2, memberId: 5, at: h(3) },
    { type: 'button', groupId: 2, memberId: 4, at: h(3) },
    { type: 'message', groupId: 3, memberId: 6, at: h(5) },
    { type: 'message', groupId: 4, memberId: 7, at: h(5) }, // unit not sent yet
  ];
  const o = measure(exposures, events, { windowMs: 24 * 3600_000, arms: ['A', 'B'], conversionType: 'button' });
  assert.deepEqual(o.arms.map((f) => [f.arm, f.units, f.reached, f.responded, f.messages, f.left, f.converted]), [['A', 1, 3, 1, 2, 0, 0], ['B', 1, 2, 0, 0, 1, 1]]);
  assert.equal(o.holdout?.responded, 1);
  assert.ok(o.verdict);
  assert.ok(o.holdoutVerdict);
});

test('groups that respond alike raise the design effect; the randomization test over groups is not fooled by them', async () => {
  const { designEffect } = await import('./outcomes.ts');
  const { permutationTest } = await import('./stats.ts');
  // Independent members: rates close to the pooled one → deff ≈ 1.
  const even: [number, number][] = Array.from({ length: 20 }, () => [100, 10]);
  assert.ok(designEffect([even, even]).deff < 1.05);
  // All-or-nothing groups: ICC 1, deff = group size.
  const lumpy: [number, number][] = Array.from({ length: 20 }, (_, i) => [100, i % 2 ? 100 : 0]);
  const d = designEffect([lumpy, lumpy]);
  assert.ok(d.icc > 0.95 && d.deff > 95, JSON.stringify(d));
  // 10 groups per arm with 10/100 vs 30/100 responders: a clear difference.
  const a: [number, number][] = Array.from({ length: 10 }, () => [100, 10]);
  const b: [number, number][] = Array.from({ length: 10 }, () => [100, 30]);
  assert.ok(permutationTest(a, b, 999).p < 0.01);
  assert.ok(permutationTest(a, a, 999).p > 0.9);
  // Two lumpy arms with the same true rate but one lucky group more: members-as-independent says
  // "significant", the randomization test does not.
  const x: [number, number][] = [[100, 100], [100, 0], [100, 0], [100, 100], [100, 0], [100, 0]];
  const y: [number, number][] = [[100, 100], [100, 100], [100, 0], [100, 100], [100, 0], [100, 0]];
  assert.ok(twoProportionZTest({ successes: 200, trials: 600 }, { successes: 300, trials: 600 }).p < 0.001);
  assert.ok(permutationTest(x, y, 999).p > 0.3);
});
