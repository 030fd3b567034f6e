/**
 * An experiment's outcome per arm, from the event log: for every targeted member of every unit,
 * did they write (respond), leave or convert within the window after their unit's send? Holdout
 * units are measured from the experiment's start the same way, so that "what the push adds" is the
 * difference to them. Pure: the store reads the events and hands them in.
 */
import { HOLDOUT } from './buckets.ts';
import { compareProportions, permutationTest, verdict, type ArmOutcome, type TestResult, type Verdict } from './stats.ts';

export interface UnitExposure {
  unitId: number;
  arm: string;
  /** When the unit's variant was sent (holdout: the experiment's start); null when not sent yet. */
  at: Date | null;
  /** Members targeted: a group's members at send time, or the member itself. */
  memberIds: readonly number[];
  /** Where their responses count: the group(s) of the unit; null = anywhere. */
  groupIds: readonly number[] | null;
}

export interface OutcomeEvent {
  type: 'message' | 'leave' | (string & {});
  groupId: number;
  memberId: number | null;
  at: Date;
}

export interface ArmFigures {
  arm: string;
  units: number;
  /** Targeted members whose unit was sent (or held out). */
  reached: number;
  responded: number;
  /** Messages they wrote in the window. */
  messages: number;
  left: number;
  converted: number;
}

export interface ExperimentOutcome {
  arms: ArmFigures[];
  holdout: ArmFigures | null;
  /** On the response rate of the arms (not the holdout). */
  verdict: Verdict | null;
  /** Best arm against the holdout: does pushing at all make a difference. */
  holdoutVerdict: Verdict | null;
  /** Intra-unit correlation of responses and the design effect the test was corrected by. */
  icc: number;
  designEffect: number;
}

export interface MeasureOptions {
  windowMs: number;
  arms: readonly string[];
  alpha?: number;
  conversionType?: string;
  /**
   * Members of one unit (a group) respond alike: counting them as independent trials makes
   * differences look surer than they are. When true (the default), trials and successes are
   * divided by the design effect 1 + (m̄ − 1)·ICC, with the intra-unit correlation estimated by
   * ANOVA from the units' rates (Donner & Klar). With one member per unit it changes nothing.
   */
  clustered?: boolean;
  /** Shuffles of the randomization test over units (clustered only). */
  permutations?: number;
}

/** Kish's design effect of units with (reached, responded) pairs, grouped by arm. */
export function designEffect(unitsByArm: readonly (readonly [number, number][])[]): { icc: number; deff: number } {
  let n = 0;
  let k = 0;
  let sumSq = 0;
  let ssb = 0;
  let ssw = 0;
  for (const units of unitsByArm) {
    const N = units.reduce((s, [m]) => s + m, 0);
    if (N === 0) continue;
    const pbar = units.reduce((s, [, y]) => s + y, 0) / N;
    for (const [m, y] of units) {
      if (m === 0) continue;
      const p = y / m;
      ssb += m * (p - pbar) ** 2;
      ssw += m * p * (1 - p);
      sumSq += m * m;
      k++;
    }
    n += N;
  }
  const groups = unitsByArm.filter((u) => u.some(([m]) => m > 0)).length;
  if (k - groups <= 0 || n - k <= 0) return { icc: 0, deff: 1 };
  const msb = ssb / (k - groups);
  const msw = ssw / (n - k);
  const n0 = (n - sumSq / n) / (k - groups);
  const icc = Math.max(0, (msb - msw) / (msb + (n0 - 1) * msw || 1));
  return { icc, deff: 1 + (n / k - 1) * icc };
}

export function measure(exposures: readonly UnitExposure[], events: readonly OutcomeEvent[], options: MeasureOptions): ExperimentOutcome {
  const byMember = new Map<number, OutcomeEvent[]>();
  for (const e of events) {
    if (e.memberId === null) continue;
    let list = byMember.get(e.memberId);
    if (!list) byMember.set(e.memberId, (list = []));
    list.push(e);
  }
  const figures = new Map<string, ArmFigures>();
  const perUnit = new Map<string, [number, number][]>();
  const fig = (arm: string) => {
    let f = figures.get(arm);
    if (!f) figures.set(arm, (f = { arm, units: 0, reached: 0, responded: 0, messages: 0, left: 0, converted: 0 }));
    return f;
  };
  for (const arm of options.arms) fig(arm);
  for (const u of exposures) {
    if (!u.at) continue;
    const f = fig(u.arm);
    f.units++;
    const from = u.at.getTime();
    const to = from + options.windowMs;
    const groups = u.groupIds ? new Set(u.groupIds) : null;
    const before = f.responded;
    for (const m of u.memberIds) {
      f.reached++;
      let wrote = 0;
      let left = false;
      let converted = false;
      for (const e of byMember.get(m) ?? []) {
        const t = e.at.getTime();
        if (t <= from || t > to) continue;
        if (groups && !groups.has(e.groupId)) continue;
        if (e.type === 'message') wrote++;
        else if (e.type === 'leave') left = true;
        if (options.conversionType && e.type === options.conversionType) converted = true;
      }
      if (wrote > 0) f.responded++;
      f.messages += wrote;
      if (left) f.left++;
      if (converted) f.converted++;
    }
    let list = perUnit.get(u.arm);
    if (!list) perUnit.set(u.arm, (list = []));
    list.push([u.memberIds.length, f.responded - before]);
  }
  const arms = options.arms.map((a) => fig(a));
  const holdout = figures.get(HOLDOUT) ?? null;
  const { icc, deff } = options.clustered === false ? { icc: 0, deff: 1 } : designEffect([...perUnit.values()]);
  const asArm = (f: ArmFigures): ArmOutcome => ({ name: f.arm, successes: Math.round(f.responded / deff), trials: Math.round(f.reached / deff) });
  const alpha = options.alpha ?? 0.05;
  // Clustered units: the rates and the sample size come from the deff-scaled counts; the p-value
  // from a randomization test over the units when there are enough of them (else the scaled counts).
  const compare = (x: ArmOutcome, y: ArmOutcome): TestResult => {
    const ux = perUnit.get(x.name) ?? [];
    const uy = perUnit.get(y.name) ?? [];
    if (deff <= 1 || ux.length + uy.length < 8) return compareProportions(x, y);
    const seed = ux.length * 7919 + uy.length * 104729 + ux.reduce((s, [m, r]) => s + m * 31 + r, 0);
    return permutationTest(ux, uy, options.permutations ?? 2000, seed);
  };
  const v = arms.length >= 2 ? verdict(arms.map(asArm), alpha, undefined, compare) : null;
  let hv: Verdict | null = null;
  if (holdout && holdout.reached > 0 && arms.length > 0) {
    const best = arms.reduce((b, a) => (a.reached && a.responded / a.reached > (b.reached ? b.responded / b.reached : -1) ? a : b), arms[0]!);
    const v2 = verdict([asArm({ ...holdout, arm: HOLDOUT }), asArm(best)], alpha, undefined, compare);
    // The holdout in words (no variant may be named "holdout").
    hv = { ...v2, zh: v2.zh.replaceAll(HOLDOUT, '对照组（不推送）'), en: v2.en.replaceAll(HOLDOUT, 'the holdout (nothing sent)') };
  }
  return { arms, holdout, verdict: v, holdoutVerdict: hv, icc, designEffect: deff };
}
