/**
 * An experiment's outcome per arm, from the event log: for every targeted member of every unit,
 * did they write (respond), leave or convert within the window after their unit's send? Holdout
 * units are measured from the experiment's start the same way, so that "what the push adds" is the
 * difference to them. Pure: the store reads the events and hands them in.
 */
import { HOLDOUT } from './buckets.ts';
import { verdict, type ArmOutcome, type Verdict } from './stats.ts';

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
}

export function measure(exposures: readonly UnitExposure[], events: readonly OutcomeEvent[], options: { windowMs: number; arms: readonly string[]; alpha?: number; conversionType?: string }): ExperimentOutcome {
  const byMember = new Map<number, OutcomeEvent[]>();
  for (const e of events) {
    if (e.memberId === null) continue;
    let list = byMember.get(e.memberId);
    if (!list) byMember.set(e.memberId, (list = []));
    list.push(e);
  }
  const figures = new Map<string, ArmFigures>();
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
  }
  const arms = options.arms.map((a) => fig(a));
  const holdout = figures.get(HOLDOUT) ?? null;
  const asArm = (f: ArmFigures): ArmOutcome => ({ name: f.arm, successes: f.responded, trials: f.reached });
  const alpha = options.alpha ?? 0.05;
  const v = arms.length >= 2 ? verdict(arms.map(asArm), alpha) : null;
  let hv: Verdict | null = null;
  if (holdout && holdout.reached > 0 && arms.length > 0) {
    const best = arms.reduce((b, a) => (a.reached && a.responded / a.reached > (b.reached ? b.responded / b.reached : -1) ? a : b), arms[0]!);
    hv = verdict([asArm({ ...holdout, arm: HOLDOUT }), asArm(best)], alpha);
  }
  return { arms, holdout, verdict: v, holdoutVerdict: hv };
}
