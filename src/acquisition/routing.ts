/**
 * Which group of a live code's pool a newcomer goes to, as plain functions over the pool. Groups
 * fill in tiers: every group up to the first phase (default 100), then up to the sweet spot's top
 * (default 200), then up to the hard cap (default 350, never above the group's platform limit).
 * Within a tier the code's rule orders them: fill-first (pool order), round-robin (the least
 * routed first) or by source (the source's own groups, then groups for any source).
 *
 * The ranking only proposes: the storage (routes.ts) takes a seat with a conditional update
 * `load < limit`, so a stale read can never put a group over its cap.
 */
import type { RoutingRule } from './types.ts';

export interface PoolGroup {
  groupId: number;
  position: number;
  /** by_source: the source the group is for; null serves any source. */
  source: string | null;
  cap: number;
  load: number;
  routed: number;
}

export interface PoolLimits { firstPhase: number; sweetSpotMin: number; sweetSpotMax: number; hardCap: number }

export interface Candidate { groupId: number; limit: number }

export function tierLimits(limits: PoolLimits): number[] {
  const tiers = [limits.firstPhase, limits.sweetSpotMax, limits.hardCap].filter((n) => n <= limits.hardCap);
  return [...new Set(tiers)].sort((a, b) => a - b);
}

/**
 * The groups the rule may use for a source, in the rule's order (within a tier). Only round-robin's
 * order depends on the loads and counts (the least routed first): fill-first and by-source order by
 * position and source alone, so one order serves a whole batch (seat-batches.ts).
 */
export function inRuleOrder(pool: readonly PoolGroup[], rule: RoutingRule, source: string): PoolGroup[] {
  let eligible = [...pool];
  if (rule === 'by_source') eligible = eligible.filter((g) => g.source === null || g.source === source);
  const order = (a: PoolGroup, b: PoolGroup): number => {
    if (rule === 'by_source') {
      const own = Number(b.source === source) - Number(a.source === source);
      if (own !== 0) return own;
    }
    if (rule === 'round_robin' && a.routed !== b.routed) return a.routed - b.routed;
    return a.position - b.position;
  };
  return eligible.sort(order);
}

/** The groups to try, best first, each with the load it may be raised from (load < limit). */
export function rankCandidates(pool: readonly PoolGroup[], limits: PoolLimits, rule: RoutingRule, source: string): Candidate[] {
  const eligible = inRuleOrder(pool, rule, source);
  const out: Candidate[] = [];
  for (const tier of tierLimits(limits)) {
    for (const g of eligible) {
      const limit = Math.min(tier, g.cap);
      if (g.load < limit && !out.some((c) => c.groupId === g.groupId && c.limit === limit)) out.push({ groupId: g.groupId, limit });
    }
  }
  return out;
}

/**
 * The best candidate, `rankCandidates(...)[0]`, without ranking the rest (routing a batch asks
 * this once per newcomer).
 */
export function bestCandidate(pool: readonly PoolGroup[], limits: PoolLimits, rule: RoutingRule, source: string): Candidate | undefined {
  return firstWithRoom(inRuleOrder(pool, rule, source), tierLimits(limits));
}

/** The first group with room, tier by tier, of groups already in the rule's order (bestCandidate's second half). */
export function firstWithRoom(eligible: readonly PoolGroup[], tiers: readonly number[]): Candidate | undefined {
  for (const tier of tiers) {
    for (const g of eligible) {
      const limit = Math.min(tier, g.cap);
      if (g.load < limit) return { groupId: g.groupId, limit };
    }
  }
  return undefined;
}

/**
 * Whether the code should open its next group now: every group is at or past the sweet spot's
 * bottom (or the pool is empty), so the new one is ready before the last seats go.
 */
export function needsNewGroup(pool: readonly PoolGroup[], limits: PoolLimits): boolean {
  return pool.every((g) => g.load >= Math.min(limits.sweetSpotMin, g.cap));
}

/** The name of the code's n-th group from its template's pattern. */
export function groupName(pattern: string, n: number): string {
  return pattern.replaceAll('{n}', String(n));
}

/** A code's limits are consistent: first phase ≤ sweet spot ≤ hard cap ≤ platform limit. */
export function limitProblems(limits: PoolLimits, platformLimit: number): string[] {
  const problems: string[] = [];
  if (limits.firstPhase < 1) problems.push('the first phase must be at least 1');
  if (limits.firstPhase > limits.sweetSpotMax) problems.push('the first phase cannot be above the sweet spot');
  if (limits.sweetSpotMin > limits.sweetSpotMax) problems.push("the sweet spot's bottom cannot be above its top");
  if (limits.sweetSpotMax > limits.hardCap) problems.push('the sweet spot cannot be above the hard cap');
  if (limits.hardCap > platformLimit) problems.push(`the hard cap cannot be above the platform's limit of ${platformLimit}`);
  return problems;
}
