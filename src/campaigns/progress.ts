/**
 * A participant's progress in a referral campaign and the rewards it has earned, by kind (pure:
 * plain data in, plain data out). Each reward has a key unique within the participant
 * (`tier:3`, `coupon:2`, `rank:1`, `friend`): the store inserts rewards under that key, so
 * however often a completion is delivered the reward is issued once.
 */
import type { CampaignSettings, RewardTier } from './types.ts';

export interface CampaignWindow { startsAt: Date; endsAt: Date | null }

export interface Progress {
  /** Credited friends that count (拼: those within the team's hours). */
  count: number;
  goal: number;
  reached: boolean;
  /** 拼: when the team must be full; null for other kinds. */
  deadline: Date | null;
  /** 砍: the price after the helpers' cuts, in cents. */
  priceCents: number | null;
}

export interface RewardDue { key: string; reward: string }

/** Whether the campaign takes participants and credits at `now`. */
export function isOpen(c: CampaignWindow & { status: string }, now: Date): boolean {
  return c.status === 'active' && now.getTime() >= c.startsAt.getTime() && (c.endsAt === null || now.getTime() < c.endsAt.getTime());
}

/** 砍: the cut of the k-th helper (1-based): equal shares of (price − floor), the last reaching the floor. */
export function cutOf(price: number, floor: number, goal: number, k: number): number {
  if (k < 1 || k > goal) return 0;
  const total = Math.max(0, price - floor);
  const share = Math.floor(total / goal);
  return k === goal ? total - share * (goal - 1) : share;
}

export function progressOf(s: CampaignSettings, w: CampaignWindow, startedAt: Date, creditedAt: readonly Date[]): Progress {
  const inWindow = creditedAt.filter((t) => t.getTime() >= w.startsAt.getTime() && (w.endsAt === null || t.getTime() < w.endsAt.getTime()));
  const deadline = s.kind === 'team' ? new Date(startedAt.getTime() + (s.teamHours ?? 24) * 3600_000) : null;
  const counted = deadline ? inWindow.filter((t) => t.getTime() <= deadline.getTime()) : inWindow;
  const count = counted.length;
  let priceCents: number | null = null;
  if (s.kind === 'cut') {
    const price = s.priceCents ?? 0;
    const floor = Math.min(price, s.floorCents ?? 0);
    let cut = 0;
    for (let k = 1; k <= Math.min(count, s.goal); k++) cut += cutOf(price, floor, s.goal, k);
    priceCents = price - cut;
  }
  return { count, goal: s.goal, reached: count >= s.goal, deadline, priceCents };
}

/** The rewards a participant's progress has earned (比 has none before the campaign ends: see rankRewards). */
export function rewardsDue(s: CampaignSettings, p: Progress): RewardDue[] {
  switch (s.kind) {
    case 'rank': return [];
    case 'coupon': {
      const reward = s.tiers[0]!.reward;
      return Array.from({ length: Math.min(p.count, s.goal) }, (_, i) => ({ key: `coupon:${i + 1}`, reward }));
    }
    case 'team':
      // A team counts only when full within its hours: the tiers beyond the goal are bonuses.
      if (!p.reached) return [];
      return tiersReached(s.tiers, p.count);
    default:
      return tiersReached(s.tiers, p.count);
  }
}

function tiersReached(tiers: readonly RewardTier[], count: number): RewardDue[] {
  return [...tiers].sort((a, b) => a.at - b.at).filter((t) => t.at <= count).map((t) => ({ key: `tier:${t.at}`, reward: t.reward }));
}

/** 送: the friend's own reward for a credited referral (both rewarded), or none for other kinds. */
export function friendRewardOf(s: CampaignSettings): RewardDue | null {
  return s.kind === 'invite' && s.friendReward ? { key: 'friend', reward: s.friendReward } : null;
}

export interface Standing { participantId: number; count: number; reachedAt: Date | null }
export interface Ranked extends Standing { rank: number }

/** The leaderboard: most credited friends first; a tie goes to whoever got there first. */
export function leaderboard(standings: readonly Standing[]): Ranked[] {
  const sorted = [...standings].filter((s) => s.count > 0).sort((a, b) =>
    b.count - a.count || (a.reachedAt?.getTime() ?? Infinity) - (b.reachedAt?.getTime() ?? Infinity) || a.participantId - b.participantId);
  return sorted.map((s, i) => ({ ...s, rank: i + 1 }));
}

/** 比: once the campaign has ended, the reward of each rank: the tier with the smallest `at` ≥ rank. */
export function rankRewards(s: CampaignSettings, board: readonly Ranked[]): Map<number, RewardDue> {
  const tiers = [...s.tiers].sort((a, b) => a.at - b.at);
  const out = new Map<number, RewardDue>();
  for (const r of board) {
    const t = tiers.find((x) => r.rank <= x.at);
    if (t) out.set(r.participantId, { key: `rank:${t.at}`, reward: t.reward });
  }
  return out;
}
