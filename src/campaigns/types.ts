/**
 * The shapes of a referral campaign (裂变活动), validated with zod wherever they come in (console,
 * CLI, stored jsonb): its kind, goal, reward tiers, stock, time window, eligibility and the
 * anti-fraud settings. Pure data: the rules that read them are in progress.ts and fraud.ts.
 */
import { z } from 'zod';

/**
 * 送 invite N friends, inviter and friend both rewarded; 帮 friends help finish a task; 拼 a team of
 * N within a time limit; 砍 each helper cuts the price; 券 a coupon per friend; 比 a leaderboard.
 */
export const CampaignKind = z.enum(['invite', 'help', 'team', 'cut', 'coupon', 'rank']);
export type CampaignKind = z.infer<typeof CampaignKind>;
export const KIND_LABEL: Record<CampaignKind, string> = { invite: '送', help: '帮', team: '拼', cut: '砍', coupon: '券', rank: '比' };

/** A reward tier: reached at `at` credited friends (or, for 比, at rank `at` and better). */
export const RewardTier = z.object({
  at: z.number().int().min(1).max(100_000),
  reward: z.string().trim().min(1).max(120),
}).strict();
export type RewardTier = z.infer<typeof RewardTier>;

export const Eligibility = z.object({
  /** Only members who were not yet in any group of the workspace before the campaign count as friends. */
  newMembersOnly: z.boolean().default(true),
  /** A participant must have been a member this many days before starting (0: anyone). */
  participantMinDays: z.number().int().min(0).max(3650).default(0),
}).strict();
export type Eligibility = z.infer<typeof Eligibility>;

export const FraudSettings = z.object({
  /** A referral is credited once the friend stayed this many days, or spoke (default 3). */
  stayDays: z.number().min(0).max(90).default(3),
  /** A friend who leaves within this many days withdraws the credit (join-and-leave). */
  leaveWindowDays: z.number().min(0).max(90).default(3),
  /** More referrals than this by one inviter within `velocityWindowMinutes` puts the inviter under review. */
  velocityLimit: z.number().int().min(1).max(10_000).default(20),
  velocityWindowMinutes: z.number().int().min(1).max(10_080).default(60),
  /** More joins than this from one device or one address (hashed) puts them under review. */
  sameFingerprintLimit: z.number().int().min(1).max(1000).default(3),
  /** An inviter whose matured friends are silent at this share or more (with at least `silentMin` matured) is under review. */
  silentShare: z.number().min(0).max(1).default(0.8),
  silentMin: z.number().int().min(1).max(1000).default(5),
  /**
   * ... and only when that much silence would be this unlikely by chance, given the share of the
   * campaign's other friends who never spoke (binomial tail): a few lurkers are no sign.
   */
  silentSignificance: z.number().min(0).max(1).default(0.01),
}).strict();
export type FraudSettings = z.infer<typeof FraudSettings>;

export const CampaignSettings = z.object({
  kind: CampaignKind,
  /** Credited friends to reach the goal (送 帮 拼 砍; 券: the most coupons per participant; 比: unused). */
  goal: z.number().int().min(1).max(10_000),
  tiers: z.array(RewardTier).min(1).max(20),
  /** 送: what the friend gets (both rewarded). */
  friendReward: z.string().trim().max(120).optional(),
  /** 拼: the hours a team has to fill, from the participant's start. */
  teamHours: z.number().min(1).max(24 * 90).optional(),
  /** 砍: the starting and the final price, in cents. */
  priceCents: z.number().int().min(1).max(100_000_000).optional(),
  floorCents: z.number().int().min(0).max(100_000_000).optional(),
  eligibility: Eligibility.default({ newMembersOnly: true, participantMinDays: 0 }),
  fraud: FraudSettings.default(FraudSettings.parse({})),
}).strict();
export type CampaignSettings = z.infer<typeof CampaignSettings>;
