/**
 * How simulated members answer a push in an A/B test: the ground truth `npm run bench:abtest`
 * measures the experiment statistics against (src/experiments/). A member of a group that got a
 * push responds (writes at least once within the response window) with probability
 *
 *   base × hour(h, weekday) × category(c) × group × member × (1 + effect of the variant),
 *
 * capped at `maxResponse`; a member of a holdout group responds with the chance of writing anyway
 * (`unpromptedResponse` × hour × group × member). The group and member factors are lognormal with
 * mean 1: members of one group respond alike (the reason an experiment over groups must correct
 * for clustering). The hour factor is the community's own rhythm (params.ts, rhythmTable) — the
 * hours when members are online are the hours when they answer. Every knob is a parameter below,
 * so the true effect of a variant is known. This model stands alone until the push simulator
 * (src/simulator/pushes.ts, fatigue) exists; it then supplies the base response instead.
 */
import { defaultParams, rhythmTable, type SimulationParams } from './params.ts';
import { Rng } from './rng.ts';

export interface PushResponseParams {
  /** Chance a member answers a push within the window, at the rhythm's mean, professional content. */
  baseResponse: number;
  /** Chance a member writes in the same window without any push (holdout). */
  unpromptedResponse: number;
  /** Multiplier by content category (the `payload.category` of the outbox action). */
  categoryFactor: Record<string, number>;
  /** σ of the lognormal group factor (groups differ in how responsive they are). */
  groupSigma: number;
  /** σ of the lognormal member factor (capped activity: a few members answer everything). */
  memberSigma: number;
  /** No member answers with a higher chance than this. */
  maxResponse: number;
}

/** Defaults. Sources: brief = /work/shared/product.md; assumed = plausible, not given. */
export const defaultPushResponse: PushResponseParams = {
  // assumed: ~8% of members of a group answer a post within two hours (brief: "feedback within a window").
  baseResponse: 0.08,
  // assumed: the unprompted chance of writing in a two-hour window (0.4 messages/member/day over a few active hours).
  unpromptedResponse: 0.03,
  // brief: activities and hot topics draw more answers than product pushes ("push commercial messages at most 1–2 times a week").
  categoryFactor: { activity: 1.4, hot: 1.25, professional: 1, personal: 1.1, universal: 1.2, product: 0.6 },
  groupSigma: 0.5,
  memberSigma: 0.8,
  maxResponse: 0.9,
};

export interface SimMember { id: number; factor: number }
export interface SimPushGroup { id: number; factor: number; members: SimMember[] }

/** A population of groups with the community's audience sizes and lognormal responsiveness. */
export function simulatePopulation(rng: Rng, groups: number, p: PushResponseParams = defaultPushResponse, community: SimulationParams = defaultParams, firstMemberId = 1): SimPushGroup[] {
  const out: SimPushGroup[] = [];
  let next = firstMemberId;
  for (let g = 0; g < groups; g++) {
    const size = rng.between(community.audienceMin, community.audienceMax);
    const members: SimMember[] = [];
    for (let i = 0; i < size; i++) members.push({ id: next++, factor: rng.lognormal(p.memberSigma) });
    out.push({ id: g + 1, factor: rng.lognormal(p.groupSigma), members });
  }
  return out;
}

/** The hour factor (mean 1 over the week) at a weekday (0 = Sunday) and local hour. */
export function hourFactor(weekday: number, hour: number, community: SimulationParams = defaultParams): number {
  return rhythmTable(community)[weekday * 24 + hour]!;
}

/** Chance a member answers a push (effect = the variant's relative lift, 0 for the control); null push = holdout. */
export function responseChance(p: PushResponseParams, group: SimPushGroup, member: SimMember, push: { category: string; effect: number; hourFactor: number } | null): number {
  if (!push) return Math.min(p.maxResponse, p.unpromptedResponse * group.factor * member.factor);
  const c = p.categoryFactor[push.category] ?? 1;
  return Math.min(p.maxResponse, p.baseResponse * push.hourFactor * c * group.factor * member.factor * (1 + push.effect));
}
