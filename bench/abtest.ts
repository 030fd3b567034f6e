/**
 * bench:abtest — 200 simulated A/B tests with known true effects, through the experiment code
 * Qunyun runs (src/experiments: hash buckets over groups with a 10% holdout, outcome per arm from
 * the events, the verdict). Each test draws a fresh population of groups (the community's audience
 * sizes, lognormal group and member responsiveness: src/simulator/experiments.ts), sends variant A
 * (control) or B (true relative lift `effect`) to each group by its bucket, and lets members
 * answer. It prints the false-positive rate of the verdicts among the no-effect tests at the stated
 * α, and the power (share of tests adopting B) at each true effect. Baseline in the same run: the
 * same tests analysed as if members were independent (no clustering correction), whose
 * false-positive rate shows what the correction is for.
 *
 *   node bench/abtest.ts [--tests=200] [--groups=60] [--alpha=0.05] [--seed=1]
 */
import { assignArm, HOLDOUT } from '../src/experiments/buckets.ts';
import { measure, type OutcomeEvent, type UnitExposure } from '../src/experiments/outcomes.ts';
import { defaultPushResponse, responseChance, simulatePopulation } from '../src/simulator/experiments.ts';
import { Rng } from '../src/simulator/rng.ts';
import { numberArg } from './support.ts';

const tests = numberArg('tests', 200);
const groups = numberArg('groups', 60);
const alpha = numberArg('alpha', 0.05);
const seed = numberArg('seed', 1);
/** True relative lifts of B over A; 0 = no effect (40% of the tests). */
const EFFECTS = [0, 0, 0.1, 0.25, 0.5];
const CATEGORIES = ['activity', 'hot', 'professional', 'product'];
const SLOTS = [[1, 12], [3, 20], [6, 10], [5, 21]] as const; // [weekday, hour]
const HOUR = 3_600_000;

interface Tally { n: number; adoptB: number; adoptA: number; naiveAdoptB: number; naiveAdoptA: number; deff: number }
const tally = new Map<number, Tally>();
const started = performance.now();
let holdoutDetected = 0;
for (let i = 0; i < tests; i++) {
  const effect = EFFECTS[i % EFFECTS.length]!;
  const rng = new Rng(seed * 100_003 + i);
  const population = simulatePopulation(rng, groups);
  const category = CATEGORIES[rng.int(CATEGORIES.length)]!;
  const [weekday, hour] = SLOTS[rng.int(SLOTS.length)]!;
  const salt = `bench-abtest-${seed}-${i}`;
  const t0 = new Date(Date.UTC(2026, 2, 2 + weekday, hour - 8));
  const exposures: UnitExposure[] = [];
  const events: OutcomeEvent[] = [];
  for (const g of population) {
    const arm = assignArm(salt, g.id, [{ name: 'A', weight: 1 }, { name: 'B', weight: 1 }], 0.1);
    exposures.push({ unitId: g.id, arm, at: t0, memberIds: g.members.map((m) => m.id), groupIds: [g.id] });
    const push = arm === HOLDOUT ? null : { category, hour, effect: arm === 'B' ? effect : 0 };
    for (const m of g.members) {
      if (rng.chance(responseChance(defaultPushResponse, g, m, push))) {
        events.push({ type: 'message', groupId: g.id, memberId: m.id, at: new Date(t0.getTime() + rng.float() * 2 * HOUR) });
      }
    }
  }
  const options = { windowMs: 2 * HOUR, arms: ['A', 'B'], alpha };
  const o = measure(exposures, events, options);
  const naive = measure(exposures, events, { ...options, clustered: false });
  let t = tally.get(effect);
  if (!t) tally.set(effect, (t = { n: 0, adoptB: 0, adoptA: 0, naiveAdoptB: 0, naiveAdoptA: 0, deff: 0 }));
  t.n++;
  t.deff += o.designEffect;
  if (o.verdict?.kind === 'adopt') o.verdict.winner === 'B' ? t.adoptB++ : t.adoptA++;
  if (naive.verdict?.kind === 'adopt') naive.verdict.winner === 'B' ? t.naiveAdoptB++ : t.naiveAdoptA++;
  if (o.holdoutVerdict?.kind === 'adopt' && o.holdoutVerdict.winner !== HOLDOUT) holdoutDetected++;
}
const seconds = (performance.now() - started) / 1000;

const nul = tally.get(0)!;
const fpr = (nul.adoptA + nul.adoptB) / nul.n;
const naiveFpr = (nul.naiveAdoptA + nul.naiveAdoptB) / nul.n;
console.log(`${tests} A/B tests over ${groups} groups each (10% held out), α = ${alpha}, ${seconds.toFixed(1)} s`);
console.log(`no true effect (${nul.n} tests): false-positive rate ${(fpr * 100).toFixed(1)}% (stated α ${(alpha * 100).toFixed(0)}%); mean design effect ${(nul.deff / nul.n).toFixed(1)}`);
console.log(`  baseline, members analysed as independent: false-positive rate ${(naiveFpr * 100).toFixed(1)}% (${(naiveFpr / Math.max(fpr, 1 / nul.n)).toFixed(1)}× the corrected one)`);
const power: Record<string, number> = {};
for (const [effect, t] of [...tally].sort((a, b) => a[0] - b[0])) {
  if (effect === 0) continue;
  power[String(effect)] = t.adoptB / t.n;
  console.log(`true lift +${(effect * 100).toFixed(0)}% (${t.n} tests): power ${(t.adoptB / t.n * 100).toFixed(1)}% (wrong direction ${t.adoptA}); uncorrected ${(t.naiveAdoptB / t.n * 100).toFixed(1)}%`);
}
console.log(`push vs holdout detected in ${(holdoutDetected / tests * 100).toFixed(1)}% of tests`);
console.log(JSON.stringify({
  bench: 'abtest', tests, groups, alpha, falsePositiveRate: fpr, baselineFalsePositiveRate: naiveFpr,
  power, holdoutDetected: holdoutDetected / tests, seconds: Number(seconds.toFixed(2)),
}));
