/**
 * Deterministic hash buckets (as Dittofeed does): a unit (a group or a member) lands in the same
 * arm of an experiment every time, on every process, without storing a random draw first — the
 * position is the SHA-256 of `<salt>:<unit id>` read as a number in [0, 1). A different salt per
 * experiment makes the assignments of two experiments independent. Holdout units get nothing:
 * they measure what the pushes do at all.
 */
import { createHash } from 'node:crypto';

export interface ArmSpec {
  name: string;
  /** Relative share of the non-holdout units (equal when all are 1). */
  weight: number;
}

export const HOLDOUT = 'holdout';

/** The unit's position in [0, 1) for this salt. */
export function bucketPosition(salt: string, unitId: number | string): number {
  const h = createHash('sha256').update(`${salt}:${unitId}`).digest();
  // 48 bits: enough resolution, exact in a double.
  return (h.readUIntBE(0, 6)) / 2 ** 48;
}

/**
 * The arm of a unit: positions below `holdoutShare` are held out; the rest are divided among the
 * arms in proportion to their weights.
 */
export function assignArm(salt: string, unitId: number | string, arms: readonly ArmSpec[], holdoutShare = 0): string {
  if (arms.length === 0) throw new RangeError('an experiment needs arms');
  if (!(holdoutShare >= 0 && holdoutShare < 1)) throw new RangeError('holdoutShare must be in [0, 1)');
  const x = bucketPosition(salt, unitId);
  if (x < holdoutShare) return HOLDOUT;
  const y = (x - holdoutShare) / (1 - holdoutShare);
  const total = arms.reduce((s, a) => s + Math.max(0, a.weight), 0);
  if (total <= 0) throw new RangeError('arm weights must add up to more than 0');
  let acc = 0;
  for (const a of arms) {
    acc += Math.max(0, a.weight) / total;
    if (y < acc) return a.name;
  }
  return arms[arms.length - 1]!.name;
}

/** Assigns every unit; returns unit → arm (holdout included). */
export function assignAll(salt: string, unitIds: readonly (number | string)[], arms: readonly ArmSpec[], holdoutShare = 0): Map<number | string, string> {
  const out = new Map<number | string, string>();
  for (const u of unitIds) out.set(u, assignArm(salt, u, arms, holdoutShare));
  return out;
}
