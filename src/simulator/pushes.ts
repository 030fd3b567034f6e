/**
 * How simulated members answer pushes (issue #16, item 9): an operator's post that members can
 * tell is a push (its category, read from its words by `categoryOfPost`) gets a response with a
 * probability that depends on the hour, the category and how many pushes the group had in the
 * last `pushFatigueDays` (each one lowers the response and raises leaves). Every effect is a
 * parameter (params.ts, README), and `pushTruth` gives the true probabilities, so the true
 * effect of any push or A/B test variant is known exactly. Posts that are not pushes (welcomes,
 * check-ins) keep the plain response model of community.ts.
 */
import type { SimulationParams } from './params.ts';

export type SimPushCategory = 'product' | 'promotion' | 'hot' | 'professional' | 'personal' | 'icebreaker' | 'activity' | 'other';

export interface PushSituation {
  /** Local hour (0–23) the push went out at. */
  hour: number;
  category: SimPushCategory;
  /** Pushes the group had in the last `pushFatigueDays` before this one. */
  recentPushes: number;
  /** How live the group is, 0 (dead) … 1 (fully live): community.ts' liveliness. */
  liveliness: number;
  /** The push asks members to answer (`asksReply`): × pushAskReplyLift. */
  asksReply?: boolean | undefined;
}

export interface PushTruth {
  /** Chance the push gets any response (reply or reaction) within responseWindowMinutes. */
  responseProb: number;
  /** Mean responders when it gets a response. */
  meanResponders: number;
  /** Chance each ordinary member leaves within pushLeaveWindowHours because of this push. */
  leaveProb: number;
}

/** The true response and leave probabilities of a push: pure, for tests and the A/B benchmark. */
export function pushTruth(p: SimulationParams, s: PushSituation): PushTruth {
  const factor = pushResponseFactor(p, s);
  const live = Math.min(1, Math.max(0, s.liveliness));
  const base = p.responseProbDead + (p.responseProbLive - p.responseProbDead) * live;
  return {
    responseProb: Math.min(1, base * factor),
    meanResponders: 1 + (p.responseMeanResponders - 1) * Math.max(live, 0.2) * factor,
    leaveProb: Math.min(0.5, p.pushLeaveBase * (p.pushCategoryLeave[s.category] ?? 1) * (1 + p.pushLeavePerRecentPush * Math.max(0, s.recentPushes))),
  };
}

/**
 * How much more (or less) a push draws answers than a plain post in the same group: hour ×
 * category × fatigue × the call to answer. Shared with the A/B model (experiments.ts): one model.
 */
export function pushResponseFactor(p: SimulationParams, s: Pick<PushSituation, 'hour' | 'category' | 'recentPushes' | 'asksReply'>): number {
  const hour = p.pushHourFactors[((Math.floor(s.hour) % 24) + 24) % 24] ?? 1;
  const category = p.pushCategoryResponse[s.category] ?? 1;
  const fatigue = Math.pow(p.pushFatigueResponseDecay, Math.max(0, s.recentPushes));
  return hour * category * fatigue * (s.asksReply ? p.pushAskReplyLift : 1);
}

/** Whether a post asks members to answer (回复「1」, "reply with …"). */
export const asksReply = (text: string | undefined): boolean => !!text && /回复|\breply\b/i.test(text);

const KEYWORDS: Array<[SimPushCategory, RegExp]> = [
  ['promotion', /优惠|折扣|限时|秒杀|促销|优惠券|\bcoupon|\bdiscount|\bsale\b/i],
  ['product', /新品|上新|产品介绍|\bnew product/i],
  ['hot', /热点|热议|\btrending|\bbreaking/i],
  ['activity', /活动报名|直播预告|\bsign up for|\blive session/i],
  ['professional', /干货|知识分享|\btips\b|\bhow to\b/i],
  ['icebreaker', /聊聊|话题讨论|\bice-?breaker/i],
  ['personal', /我的故事|分享一下我|\bmy story/i],
];

/** The category members read from a post's words; null when the post is not a push. */
export function categoryOfPost(text: string | undefined): SimPushCategory | null {
  if (!text) return null;
  for (const [c, re] of KEYWORDS) if (re.test(text)) return c;
  return null;
}

const pushTimes = new WeakMap<object, number[]>();

/** Records a push in a group and returns how many it had in the fatigue window before it. */
export function notePush(p: SimulationParams, group: object, at: number): number {
  const list = (pushTimes.get(group) ?? []).filter((t) => t > at - p.pushFatigueDays * 86_400_000);
  const recent = list.length;
  list.push(at);
  pushTimes.set(group, list);
  return recent;
}
