/**
 * Trust levels (信任等级) from helpful participation, in the manner of Discourse's trust levels:
 * not how much someone writes but whether others answer them (replies received from distinct
 * members), whether they answer others' questions, whether they keep a check-in habit, how long
 * they have been around, and that they have no moderation strikes. Levels 0–4; level 3 relaxes
 * moderation (src/moderation may read it) and level 4 makes a member eligible as a group helper.
 *
 * Promotion needs every requirement of the next level; demotion has hysteresis: a member keeps
 * their level while they meet `keepRatio` of each numeric requirement, so one quiet week does not
 * flip them. A strike inside the level's strike window demotes at once. Every evaluation returns
 * its reasons (requirement, value, needed, met) so the console can say why.
 */

export interface TrustFacts {
  /** Distinct members who replied to (or mentioned) this member in the window. */
  distinctRepliers: number;
  /** Questions by others this member answered in the window. */
  answeredQuestions: number;
  /** Longest check-in streak in the window. */
  longestStreak: number;
  /** Days since the member was first seen. */
  tenureDays: number;
  /** Days since the member's latest strike (null = never). */
  daysSinceStrike: number | null;
}

export interface LevelRequirement {
  level: number;
  tenureDays: number;
  distinctRepliers: number;
  answeredQuestions: number;
  longestStreak: number;
  /** No strike within this many days (Infinity = never). */
  strikeFreeDays: number;
}

export interface TrustRules { levels: LevelRequirement[]; keepRatio: number }

export const DEFAULT_TRUST_RULES: TrustRules = {
  keepRatio: 0.7,
  levels: [
    { level: 1, tenureDays: 3, distinctRepliers: 1, answeredQuestions: 0, longestStreak: 0, strikeFreeDays: 30 },
    { level: 2, tenureDays: 14, distinctRepliers: 3, answeredQuestions: 1, longestStreak: 3, strikeFreeDays: 60 },
    { level: 3, tenureDays: 45, distinctRepliers: 8, answeredQuestions: 5, longestStreak: 7, strikeFreeDays: 90 },
    { level: 4, tenureDays: 90, distinctRepliers: 15, answeredQuestions: 10, longestStreak: 14, strikeFreeDays: Number.POSITIVE_INFINITY },
  ],
};

export type Requirement = 'tenureDays' | 'distinctRepliers' | 'answeredQuestions' | 'longestStreak' | 'strikeFree';

export interface Reason { level: number; requirement: Requirement; value: number | null; needed: number | null; met: boolean }

export interface TrustEvaluation { level: number; previous: number; change: 'promoted' | 'demoted' | null; reasons: Reason[] }

const NUMERIC = ['tenureDays', 'distinctRepliers', 'answeredQuestions', 'longestStreak'] as const;

function check(req: LevelRequirement, facts: TrustFacts, ratio: number): Reason[] {
  const reasons: Reason[] = NUMERIC.map((k) => {
    const needed = k === 'tenureDays' ? req[k] : Math.ceil(req[k] * ratio);
    return { level: req.level, requirement: k, value: facts[k], needed, met: facts[k] >= needed };
  });
  const strikeFree = facts.daysSinceStrike === null || facts.daysSinceStrike > req.strikeFreeDays;
  reasons.push({ level: req.level, requirement: 'strikeFree', value: facts.daysSinceStrike, needed: Number.isFinite(req.strikeFreeDays) ? req.strikeFreeDays : null, met: strikeFree });
  return reasons;
}

/** The member's level now, given their level before and their facts. */
export function evaluateTrust(previous: number, facts: TrustFacts, rules: TrustRules = DEFAULT_TRUST_RULES): TrustEvaluation {
  const levels = [...rules.levels].sort((a, b) => a.level - b.level);
  let level = 0;
  let reasons: Reason[] = [];
  for (const req of levels) {
    // Levels up to the one held are kept with hysteresis; higher ones need the full requirement.
    const held = req.level <= previous;
    const r = check(req, facts, held ? rules.keepRatio : 1);
    const strike = r.find((x) => x.requirement === 'strikeFree')!;
    const ok = r.every((x) => x.met) && strike.met;
    if (!ok) {
      reasons = r; // why the next level is not reached (or not kept)
      break;
    }
    level = req.level;
    reasons = r; // why this level is held
  }
  return { level, previous, change: level > previous ? 'promoted' : level < previous ? 'demoted' : null, reasons };
}

/** A short English sentence for a reason (the console translates by requirement key). */
export function describeReason(r: Reason): string {
  const label: Record<Requirement, string> = {
    tenureDays: 'days in the community', distinctRepliers: 'distinct members who replied',
    answeredQuestions: 'questions answered', longestStreak: 'longest check-in streak', strikeFree: 'days since last strike',
  };
  if (r.requirement === 'strikeFree') return `${r.met ? '✓' : '✗'} level ${r.level}: no strike${r.needed === null ? ' ever' : ` in ${r.needed} days`}${r.value === null ? '' : ` (last ${r.value} days ago)`}`;
  return `${r.met ? '✓' : '✗'} level ${r.level}: ${label[r.requirement]} ${r.value} / ${r.needed}`;
}

/** Is a message a question (for "answered questions")? A reply to one counts as an answer. */
export function looksLikeQuestion(text: string | null | undefined): boolean {
  const t = (text ?? '').trim();
  if (!t) return false;
  return /[?？]\s*$/u.test(t) || /(吗|呢|么|怎么|如何|为什么|哪|谁|多少|有没有|是不是|能不能)[^。！!]{0,6}$/u.test(t) || /^(how|what|why|where|when|who|which|is|are|can|does|do|anyone)\b/i.test(t);
}
