/**
 * How simulated members answer a push in an A/B test: the ground truth `npm run bench:abtest`
 * measures the experiment statistics against (src/experiments/). A member of a group that got a
 * push responds (writes at least once within the response window) with probability
 *
 *   base × push factor(hour, category, recent pushes, call to answer) × group × member × (1 + effect of the variant),
 *
 * capped at `maxResponse`; a member of a holdout group responds with the chance of writing anyway
 * (`unpromptedResponse` × group × member). The push factor is the push simulator's own
 * (pushes.ts `pushResponseFactor`, the one `pushTruth` uses): hour, category and fatigue effects
 * are the community's parameters (params.ts), one model for the community and the benchmark. The
 * group and member factors are lognormal with mean 1: members of one group respond alike (the
 * reason an experiment over groups must correct for clustering). Every knob is a parameter, so
 * the true effect of a variant is known.
 */
import { defaultParams, type SimulationParams } from './params.ts';
import { pushResponseFactor, type SimPushCategory } from './pushes.ts';
import { Rng } from './rng.ts';

export interface PushResponseParams {
  /** Chance a member answers a push within the window, at a push factor of 1 (pushes.ts). */
  baseResponse: number;
  /** Chance a member writes in the same window without any push (holdout). */
  unpromptedResponse: number;
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

/** A push as the A/B model sees it: its local hour, category, the group's recent pushes, whether it asks for answers, and the variant's lift. */
export interface SimPush { category: string; hour: number; recentPushes?: number | undefined; asksReply?: boolean | undefined; effect: number }

/** Chance a member answers a push (effect = the variant's relative lift, 0 for the control); null push = holdout. */
export function responseChance(p: PushResponseParams, group: SimPushGroup, member: SimMember, push: SimPush | null, community: SimulationParams = defaultParams): number {
  if (!push) return Math.min(p.maxResponse, p.unpromptedResponse * group.factor * member.factor);
  const factor = pushResponseFactor(community, { hour: push.hour, category: push.category as SimPushCategory, recentPushes: push.recentPushes ?? 0, asksReply: push.asksReply });
  return Math.min(p.maxResponse, p.baseResponse * factor * group.factor * member.factor * (1 + push.effect));
}
