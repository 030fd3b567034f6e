/**
 * A group's health from ISOOC (Interest, Structure, Output, Operate, Copy: ../shared/product.md
 * §7), each part bucketed 0–5 from the figures shown beside it, like the LFX Insights / crowd.dev
 * health score (its top retention bucket: ≥ 20% of the last period's actives still active), and
 * the score the mean of the parts. Also the dead-group early warning: about 80% of unoperated
 * groups fall silent within a month, and the first week already tells most of them apart. The
 * warning is a fixed logistic model over first-week signals, its coefficients fitted once on the
 * simulator (bench/health.ts prints how well they separate groups of known fate on other seeds),
 * so that every alert can list its reasons: the signals that pushed the risk up.
 * Pure functions over plain figures; src/review/store.ts reads them from the rollups.
 */

/** Figures of a group over the last 30 days (and the 30 before, for retention). */
export interface HealthFigures {
  members: number;
  capacity: number;
  /** Distinct writers in the last 30 days, and in the 30 days before. */
  writers30d: number;
  writersPrev30d: number;
  /** Writers of the 30 days before who also wrote in the last 30. */
  writersKept: number;
  messages30d: number;
  joins30d: number;
  leaves30d: number;
  /** Posts and activities of operators in the last 30 days, and how many got an answer within the window. */
  posts30d: number;
  postsAnswered30d: number;
  /** Smallest set of members writing half of the last 30 days' messages. */
  coreMembers: number;
  /** KOLs (src/activities) among the group's members. */
  kols: number;
}

export type PartName = 'interest' | 'structure' | 'output' | 'operate' | 'copy';
/** `explain` in English; `values` are its figures, for the console to word it in the operator's language. */
export interface HealthPart { part: PartName; score: number; figure: string; value: number; explain: string; values: Record<string, number> }
export interface HealthScore { score: number; parts: HealthPart[] }

/** 0–5: how many of the ascending thresholds the value reaches. */
export function bucket(value: number, thresholds: readonly number[]): number {
  let b = 0;
  for (const t of thresholds) if (value >= t) b++;
  return b;
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const share = (a: number, b: number) => (b > 0 ? a / b : 0);

/** Bucket thresholds of each part (documented in docs/review.md). */
export const HEALTH_THRESHOLDS = {
  /** Share of the previous 30 days' writers still writing (LFX: top bucket ≥ 20%). */
  interest: [0.02, 0.05, 0.1, 0.15, 0.2],
  /** Members kept: 1 − leaves / (members + leaves) over 30 days. */
  structure: [0.5, 0.7, 0.8, 0.9, 0.95],
  /** Share of members who wrote in 30 days. */
  output: [0.02, 0.05, 0.1, 0.2, 0.35],
  /** Share of operators' posts and activities answered within the window. */
  operate: [0.1, 0.25, 0.4, 0.6, 0.8],
  /** Core members (smallest set writing half the messages), plus one for a KOL in the group. */
  copy: [1, 2, 3, 5, 8],
} as const;

export function healthScore(f: HealthFigures): HealthScore {
  const interest = share(f.writersKept, f.writersPrev30d);
  const kept = 1 - share(f.leaves30d, f.members + f.leaves30d);
  const output = share(f.writers30d, f.members);
  const operate = share(f.postsAnswered30d, f.posts30d);
  const copy = f.coreMembers + (f.kols > 0 ? 1 : 0);
  const parts: HealthPart[] = [
    { part: 'interest', score: bucket(interest, HEALTH_THRESHOLDS.interest), figure: 'writersKept', value: round(interest, 3),
      explain: `${f.writersKept} of ${f.writersPrev30d} writers of the 30 days before still wrote in the last 30`, values: { kept: f.writersKept, before: f.writersPrev30d } },
    { part: 'structure', score: f.members + f.leaves30d === 0 ? 0 : bucket(kept, HEALTH_THRESHOLDS.structure), figure: 'membersKept', value: round(kept, 3),
      explain: `${f.members} members of ${f.capacity}; ${f.joins30d} joined and ${f.leaves30d} left in 30 days`, values: { members: f.members, capacity: f.capacity, joins: f.joins30d, leaves: f.leaves30d } },
    { part: 'output', score: bucket(output, HEALTH_THRESHOLDS.output), figure: 'writerShare', value: round(output, 3),
      explain: `${f.writers30d} of ${f.members} members wrote ${f.messages30d} messages in 30 days`, values: { writers: f.writers30d, members: f.members, messages: f.messages30d } },
    { part: 'operate', score: bucket(operate, HEALTH_THRESHOLDS.operate), figure: 'postsAnswered', value: round(operate, 3),
      explain: f.posts30d === 0 ? 'no post or activity by the operator in 30 days' : `${f.postsAnswered30d} of ${f.posts30d} posts and activities answered`, values: { answered: f.postsAnswered30d, posts: f.posts30d } },
    { part: 'copy', score: bucket(copy, HEALTH_THRESHOLDS.copy), figure: 'coreMembers', value: copy,
      explain: `${f.coreMembers} members write half the messages${f.kols > 0 ? `; ${f.kols} KOL` : ''}`, values: { core: f.coreMembers, kols: f.kols } },
  ];
  return { score: round(parts.reduce((s, p) => s + p.score, 0) / parts.length, 1), parts };
}

// ---- The dead-group early warning -----------------------------------------------------------

/** One day of a group's first week, as the rollups hold it (group_daily). */
export interface FirstWeekDay { messages: number; joins: number; leaves: number; writers: readonly number[] }

export interface FirstWeekSignals {
  messages: number;
  writers: number;
  joins: number;
  leaves: number;
  /** Writers on days 5–7 (the novelty of a new group is over by then). */
  lateWriters: number;
  /** Messages on days 5–7 ÷ days 1–3 (1 when both are 0). */
  trend: number;
  /** Messages on days 5–7. */
  lateMessages: number;
  /** Days of the 7 with a message. */
  activeDays: number;
}

/** Signals of a group's first 7 days (day 1 = the day it was created or first active). */
export function firstWeekSignals(days: readonly FirstWeekDay[]): FirstWeekSignals {
  const week = days.slice(0, 7);
  const all = new Set<number>(), late = new Set<number>();
  let messages = 0, joins = 0, leaves = 0, early = 0, lateMsgs = 0, activeDays = 0;
  week.forEach((d, i) => {
    messages += d.messages; joins += d.joins; leaves += d.leaves;
    if (d.messages > 0) activeDays++;
    for (const w of d.writers) { all.add(w); if (i >= 4) late.add(w); }
    if (i < 3) early += d.messages; else if (i >= 4) lateMsgs += d.messages;
  });
  const trend = early === 0 ? (lateMsgs === 0 ? 1 : 2) : Math.min(2, lateMsgs / early);
  return { messages, writers: all.size, joins, leaves, lateWriters: late.size, trend: round(trend, 3), lateMessages: lateMsgs, activeDays };
}

/**
 * The model: logit(p silent by day 30) = intercept + Σ coefficient × feature, over first-week
 * signals that do not depend on the group's size (a small group is not a dying one). Coefficients fitted by logistic regression on simulated groups (seed 101, bench/health.ts
 * --fit) and kept fixed here; bench/health.ts measures them on other seeds.
 */
export const WARNING_MODEL = {
  intercept: 16.59,
  coefficients: {
    lateWriterShare: -3.14,
    activeDays: -2.14,
    leaveShare: 2.39,
  },
  /** Alert at this risk or above. */
  threshold: 0.5,
} as const;

export type WarningFeature = keyof typeof WARNING_MODEL.coefficients;

export function warningFeatures(s: FirstWeekSignals): Record<WarningFeature, number> {
  return {
    lateWriterShare: s.writers > 0 ? s.lateWriters / s.writers : 0,
    activeDays: s.activeDays,
    leaveShare: s.joins > 0 ? Math.min(1, s.leaves / s.joins) : 0,
  };
}

export interface DeadGroupWarning {
  risk: number;
  alert: boolean;
  signals: FirstWeekSignals;
  /** Why: the signals that push the risk up most, in the operator's words (English)… */
  reasons: string[];
  /** …and the same as codes with their figures, for the console's languages. */
  reasonCodes: Array<{ code: string; values: Record<string, number> }>;
  /** An automation to start (src/automation rule shape), with why. */
  suggestion: { code: 'dailyTopic' | 'welcome'; title: string; rule: { name: string; trigger: Record<string, unknown>; actions: Array<Record<string, unknown>> } };
}

/** Risk in 0–1 with a fixed model (default WARNING_MODEL). */
export function deadGroupRisk(s: FirstWeekSignals, model: { intercept: number; coefficients: Record<WarningFeature, number> } = WARNING_MODEL): number {
  const x = warningFeatures(s);
  let z = model.intercept;
  for (const k of Object.keys(model.coefficients) as WarningFeature[]) z += model.coefficients[k] * x[k];
  return 1 / (1 + Math.exp(-z));
}

export function deadGroupWarning(s: FirstWeekSignals): DeadGroupWarning {
  const risk = deadGroupRisk(s);
  const reasonCodes: DeadGroupWarning['reasonCodes'] = [];
  const reasons: string[] = [];
  const add = (code: string, values: Record<string, number>, text: string) => { reasonCodes.push({ code, values }); reasons.push(text); };
  if (s.lateWriters <= 1) add(s.lateWriters === 0 ? 'noLateWriter' : 'oneLateWriter', {}, s.lateWriters === 0 ? 'nobody wrote on days 5–7' : 'only one member wrote on days 5–7');
  else if (s.writers > 0 && s.lateWriters / s.writers < 0.3) add('fewLateWriters', { late: s.lateWriters, writers: s.writers }, `${s.lateWriters} of the week's ${s.writers} writers still wrote on days 5–7`);
  if (s.trend < 0.5 && s.messages > 0) add('messagesFell', { percent: Math.round((1 - s.trend) * 100) }, `messages fell ${Math.round((1 - s.trend) * 100)}% from days 1–3 to days 5–7`);
  if (s.activeDays <= 3) add('fewActiveDays', { days: s.activeDays }, `messages on ${s.activeDays} of the first 7 days`);
  if (s.writers <= 3) add('fewWriters', { writers: s.writers }, `${s.writers} members wrote in the first week`);
  if (s.joins > 0 && s.leaves / s.joins >= 0.2) add('newcomersLeft', { leaves: s.leaves, joins: s.joins }, `${s.leaves} of ${s.joins} newcomers left in the first week`);
  // The model's own signals, when none of the plainer rules above spoke.
  if (reasons.length === 0 && risk >= WARNING_MODEL.threshold) {
    if (s.activeDays < 7) add('fewActiveDays', { days: s.activeDays }, `messages on ${s.activeDays} of the first 7 days`);
    add('fewLateWriters', { late: s.lateWriters, writers: s.writers }, `${s.lateWriters} of the week's ${s.writers} writers still wrote on days 5–7`);
  }
  const quiet = s.lateWriters <= 1 || s.activeDays <= 3;
  const suggestion = quiet
    ? { code: 'dailyTopic' as const, title: 'Start a daily topic when the group goes quiet for a day',
        rule: { name: '冷启动：群静默一天时发话题', trigger: { kind: 'inactivity', of: 'group', days: 1 }, actions: [{ kind: 'post', template: '今天聊聊：大家最近在忙什么？' }] } }
    : { code: 'welcome' as const, title: 'Welcome each newcomer by name and ask them to introduce themselves',
        rule: { name: '新人欢迎与自我介绍', trigger: { kind: 'join' }, actions: [{ kind: 'post', template: '欢迎 {name}！来做个自我介绍吧' }] } };
  return { risk: round(risk, 3), alert: risk >= WARNING_MODEL.threshold, signals: s, reasons, reasonCodes, suggestion };
}

/** Area under the ROC curve of scores against outcomes (true = the positive class), ties counted half. */
export function auc(scores: readonly number[], positive: readonly boolean[]): number {
  const idx = scores.map((s, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let rankSumPos = 0, nPos = 0;
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (positive[idx[k]!]) { rankSumPos += rank; nPos++; }
    i = j + 1;
  }
  const nNeg = scores.length - nPos;
  if (nPos === 0 || nNeg === 0) return Number.NaN;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}
