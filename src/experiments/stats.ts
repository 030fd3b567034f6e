/**
 * The statistics of an A/B test, as plain functions: a two-proportion z-test for large counts,
 * Fisher's exact test when any expected cell is small (< 5), the sample size each arm needs to
 * detect a difference, and the plain-language verdict an operator reads (zh-CN and en). Why here
 * and not a package: the few formulas are short, and the tests check them against values computed
 * independently.
 */

/** Error function, Abramowitz–Stegun 7.1.26 refined by a series for small |x| (abs error < 1e-9 around 0, < 1.5e-7 elsewhere). */
export function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  if (a < 2) {
    // Maclaurin series: erf(x) = 2/√π Σ (−1)^n x^(2n+1) / (n! (2n+1)); converges fast for |x| < 2.
    let sum = 0;
    let term = a;
    for (let n = 0; n < 60; n++) {
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17) break;
      term *= -(a * a) / (n + 1);
    }
    return sign * (2 / Math.sqrt(Math.PI)) * sum;
  }
  // Continued fraction for erfc (Lentz), accurate for a ≥ 2.
  return sign * (1 - erfcLarge(a));
}

function erfcLarge(x: number): number {
  // erfc(x) = exp(−x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + …))))
  let f = x;
  const tiny = 1e-300;
  let c = x;
  let d = 0;
  for (let i = 1; i < 200; i++) {
    const an = i / 2;
    d = x + an * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = x + an / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

/** P(Z ≤ z) for a standard normal Z. */
export function normalCdf(z: number): number {
  if (z < -2 * Math.SQRT2) return 0.5 * erfcLarge(-z / Math.SQRT2);
  if (z > 2 * Math.SQRT2) return 1 - 0.5 * erfcLarge(z / Math.SQRT2);
  return 0.5 * (1 + erf(z / Math.SQRT2));
}

/** The z with P(Z ≤ z) = p (Acklam's rational approximation, one Newton step). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError('p must be in (0, 1)');
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  let x: number;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else if (p > 1 - lo) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else {
    const q = p - 0.5;
    const r = q * q;
    x = (((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  }
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/** Successes out of trials in one arm. */
export interface Proportion { successes: number; trials: number }

export interface TestResult {
  method: 'z' | 'fisher' | 'permutation';
  /** Rates of A and B, and B − A. */
  rateA: number;
  rateB: number;
  diff: number;
  /** Two-sided p-value. */
  p: number;
  /** The z statistic (z-test only). */
  z?: number;
}

/** Two-sided two-proportion z-test with the pooled standard error. */
export function twoProportionZTest(a: Proportion, b: Proportion): TestResult {
  const rateA = a.trials ? a.successes / a.trials : 0;
  const rateB = b.trials ? b.successes / b.trials : 0;
  const pooled = (a.successes + b.successes) / Math.max(1, a.trials + b.trials);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / Math.max(1, a.trials) + 1 / Math.max(1, b.trials)));
  if (se === 0) return { method: 'z', rateA, rateB, diff: rateB - rateA, p: 1, z: 0 };
  const z = (rateB - rateA) / se;
  return { method: 'z', rateA, rateB, diff: rateB - rateA, p: Math.min(1, 2 * normalCdf(-Math.abs(z))), z };
}

function logFactorials(n: number): Float64Array {
  const f = new Float64Array(n + 1);
  for (let i = 2; i <= n; i++) f[i] = f[i - 1]! + Math.log(i);
  return f;
}

/**
 * Two-sided Fisher exact test of a 2×2 table (successes and failures of A and B): the sum of the
 * probabilities of every table with the same margins no more likely than the one observed.
 */
export function fisherExact(a: Proportion, b: Proportion): TestResult {
  const rateA = a.trials ? a.successes / a.trials : 0;
  const rateB = b.trials ? b.successes / b.trials : 0;
  const n = a.trials + b.trials;
  const k = a.successes + b.successes;
  const lf = logFactorials(n);
  const logHyper = (x: number) => lf[k]! - lf[x]! - lf[k - x]! + lf[n - k]! - lf[a.trials - x]! - lf[n - k - a.trials + x]! - (lf[n]! - lf[a.trials]! - lf[b.trials]!);
  const lo = Math.max(0, k - b.trials);
  const hi = Math.min(k, a.trials);
  const observed = logHyper(a.successes);
  let p = 0;
  for (let x = lo; x <= hi; x++) {
    const l = logHyper(x);
    if (l <= observed + 1e-7) p += Math.exp(l);
  }
  return { method: 'fisher', rateA, rateB, diff: rateB - rateA, p: Math.min(1, p) };
}

/** The z-test when every expected cell is at least 5, else Fisher's exact test. */
export function compareProportions(a: Proportion, b: Proportion): TestResult {
  const n = a.trials + b.trials;
  const k = a.successes + b.successes;
  if (n === 0) return { method: 'z', rateA: 0, rateB: 0, diff: 0, p: 1, z: 0 };
  const expected = [a.trials * k / n, a.trials * (n - k) / n, b.trials * k / n, b.trials * (n - k) / n];
  return Math.min(...expected) < 5 ? fisherExact(a, b) : twoProportionZTest(a, b);
}

/**
 * Trials each arm needs for a two-sided test at level alpha with the given power to detect a
 * change from rate `base` to `base + delta` (normal approximation).
 */
export function requiredPerArm(base: number, delta: number, alpha = 0.05, power = 0.8): number {
  const p1 = Math.min(0.999, Math.max(0.001, base));
  const p2 = Math.min(0.999, Math.max(0.001, base + delta));
  const d = Math.abs(p2 - p1);
  if (d === 0) return Infinity;
  const za = normalQuantile(1 - alpha / 2);
  const zb = normalQuantile(power);
  const pbar = (p1 + p2) / 2;
  const n = (za * Math.sqrt(2 * pbar * (1 - pbar)) + zb * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2 / (d * d);
  return Math.ceil(n);
}

export interface ArmOutcome extends Proportion {
  /** The variant's name as the operator gave it ("A", "红色海报"). */
  name: string;
}

export interface Verdict {
  /** 'adopt' a winner, 'no_difference' (not detectable yet), 'too_few' (no data to test). */
  kind: 'adopt' | 'no_difference' | 'too_few';
  /** The control (first arm) and the arm compared with it (the best other arm). */
  control: string;
  challenger: string;
  winner: string | null;
  test: TestResult;
  /** Alpha after the Bonferroni correction for comparing several arms with the control. */
  alpha: number;
  /** Trials each arm still needs to detect the observed difference (or a 20% relative change when none), when inconclusive. */
  morePerArm: number | null;
  zh: string;
  en: string;
}

const pct = (x: number) => (x * 100).toFixed(1);
/** "p=0.04", "p<0.001". */
const pStr = (p: number) => (p < 0.001 ? 'p<0.001' : `p=${p.toFixed(p < 0.01 ? 3 : 2)}`);

/**
 * The verdict on arms (the first is the control): the arm with the best rate among the others is
 * compared with the control; with more than two arms alpha is divided by the comparisons made.
 * The minimum detectable effect when nothing is seen is the observed difference, or a 20 %
 * relative change of the control's rate when the observed one is smaller.
 */
export function verdict(arms: readonly ArmOutcome[], alpha = 0.05, metric: { zh: string; en: string } = { zh: '回复率', en: 'response rate' },
  compare: (a: ArmOutcome, b: ArmOutcome) => TestResult = compareProportions): Verdict {
  if (arms.length < 2) throw new RangeError('a verdict needs at least two arms');
  const control = arms[0]!;
  const others = arms.slice(1);
  const rate = (a: ArmOutcome) => (a.trials ? a.successes / a.trials : 0);
  const challenger = others.reduce((best, a) => (Math.abs(rate(a) - rate(control)) > Math.abs(rate(best) - rate(control)) ? a : best), others[0]!);
  const adjusted = alpha / others.length;
  const test = compare(control, challenger);
  if (control.trials === 0 || challenger.trials === 0) {
    return {
      kind: 'too_few', control: control.name, challenger: challenger.name, winner: null, test, alpha: adjusted, morePerArm: null,
      zh: `还没有数据：${control.trials === 0 ? control.name : challenger.name} 组尚无发送对象。`,
      en: `No data yet: arm ${control.trials === 0 ? control.name : challenger.name} has reached nobody.`,
    };
  }
  if (test.p < adjusted) {
    const winner = test.diff > 0 ? challenger : control;
    const loser = winner === challenger ? control : challenger;
    const pp = pct(Math.abs(test.diff));
    return {
      kind: 'adopt', control: control.name, challenger: challenger.name, winner: winner.name, test, alpha: adjusted, morePerArm: null,
      zh: `${winner.name} 的${metric.zh}比 ${loser.name} 高 ${pp} 个百分点（${pct(rate(winner))}% 对 ${pct(rate(loser))}%），${pStr(test.p)}，可以采用 ${winner.name}。`,
      en: `${winner.name}'s ${metric.en} is ${pp} percentage points higher than ${loser.name}'s (${pct(rate(winner))}% vs ${pct(rate(loser))}%), ${pStr(test.p)}: adopt ${winner.name}.`,
    };
  }
  const base = rate(control);
  const delta = Math.max(Math.abs(test.diff), 0.2 * Math.max(base, 0.01));
  const need = requiredPerArm(base, delta, adjusted);
  const have = Math.min(control.trials, challenger.trials);
  const more = Number.isFinite(need) ? Math.max(0, need - have) : null;
  const moreZh = more ? `每组还需约 ${more} 个样本` : '继续观察';
  const moreEn = more ? `about ${more} more per arm needed` : 'keep watching';
  return {
    kind: 'no_difference', control: control.name, challenger: challenger.name, winner: null, test, alpha: adjusted, morePerArm: more,
    zh: `暂未发现可检测的差异（${challenger.name} ${pct(rate(challenger))}% 对 ${control.name} ${pct(base)}%，${pStr(test.p)}）；${moreZh}，以检测 ${pct(delta)} 个百分点的差异。`,
    en: `No detectable difference yet (${challenger.name} ${pct(rate(challenger))}% vs ${control.name} ${pct(base)}%, ${pStr(test.p)}); ${moreEn} to detect ${pct(delta)} percentage points.`,
  };
}

/**
 * A randomization test over units (groups): how often does shuffling which units got which arm
 * give a difference in pooled rates at least as large as the one observed? Exact under the null
 * whatever the correlation within a unit, which the z-test on members is not. Deterministic: the
 * shuffles come from a generator seeded by `seed`.
 */
export function permutationTest(a: readonly (readonly [number, number])[], b: readonly (readonly [number, number])[], permutations = 2000, seed = 1): TestResult {
  const all = [...a, ...b];
  const rate = (xs: readonly (readonly [number, number])[]) => {
    let m = 0;
    let y = 0;
    for (const [mi, yi] of xs) { m += mi; y += yi; }
    return m ? y / m : 0;
  };
  const rateA = rate(a);
  const rateB = rate(b);
  const observed = Math.abs(rateB - rateA);
  let state = seed >>> 0 || 1;
  const next = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const idx = all.map((_, i) => i);
  let extreme = 0;
  for (let p = 0; p < permutations; p++) {
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      const t = idx[i]!; idx[i] = idx[j]!; idx[j] = t;
    }
    let ma = 0, ya = 0, mb = 0, yb = 0;
    for (let i = 0; i < idx.length; i++) {
      const [m, y] = all[idx[i]!]!;
      if (i < a.length) { ma += m; ya += y; } else { mb += m; yb += y; }
    }
    const d = Math.abs((mb ? yb / mb : 0) - (ma ? ya / ma : 0));
    if (d >= observed - 1e-12) extreme++;
  }
  return { method: 'permutation', rateA, rateB, diff: rateB - rateA, p: (extreme + 1) / (permutations + 1) };
}
