/**
 * Daily check-ins (打卡) and their streaks, as plain functions over days (YYYY-MM-DD in the
 * workspace's zone). A streak is the run of consecutive days with a check-in or a make-up card
 * ending today — or yesterday, while today's check-in is still open, so a streak does not look
 * broken at breakfast. Make-up (补卡): a member may fill a missed day within `windowDays`, at most
 * `perWeek` times per calendar week (Monday first) of the day they use it. Milestones (3, 7, 30…
 * days) are what automation hears as "streak reached N".
 */

export interface CheckinRules {
  /** Messages that count as a check-in (trimmed, case-insensitive, whole message). */
  keywords: string[];
  /** Messages that ask for a make-up card for the latest missed day. */
  makeupKeywords: string[];
  /** Make-up cards a member may use per calendar week. */
  makeupPerWeek: number;
  /** How many days back a missed day may be made up. */
  makeupWindowDays: number;
  /** Streak lengths announced (and emitted as activity events). */
  milestones: number[];
}

export const DEFAULT_CHECKIN_RULES: CheckinRules = {
  keywords: ['打卡', '签到', 'check in', 'checkin', '/checkin'],
  makeupKeywords: ['补卡', '/makeup'],
  makeupPerWeek: 1,
  makeupWindowDays: 3,
  milestones: [3, 7, 14, 30, 60, 100, 365],
};

/** A covered day; a make-up card also says on which day it was used (its week is charged). */
export interface CheckinDay { day: string; kind: 'checkin' | 'makeup'; usedOn?: string }

export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Monday of the day's week. */
export function weekStart(day: string): string {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((dow + 6) % 7));
}

/** The day (YYYY-MM-DD) of an instant in an IANA zone. */
export function dayInZone(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** What a message asks for: a check-in, a make-up card, or nothing. */
export function classifyCheckinText(text: string | undefined | null, rules: CheckinRules): 'checkin' | 'makeup' | null {
  const t = (text ?? '').trim().toLowerCase();
  if (!t) return null;
  if (rules.keywords.some((k) => k.toLowerCase() === t)) return 'checkin';
  if (rules.makeupKeywords.some((k) => k.toLowerCase() === t)) return 'makeup';
  return null;
}

/** The current streak on `today`: consecutive covered days ending today, or yesterday if today is not yet covered. */
export function currentStreak(days: Iterable<string>, today: string): number {
  const set = new Set(days);
  let cursor = set.has(today) ? today : addDays(today, -1);
  let n = 0;
  while (set.has(cursor)) { n++; cursor = addDays(cursor, -1); }
  return n;
}

/** The longest run of consecutive covered days. */
export function longestStreak(days: Iterable<string>): number {
  const sorted = [...new Set(days)].sort();
  let best = 0;
  let run = 0;
  let prev: string | null = null;
  for (const d of sorted) {
    run = prev !== null && addDays(prev, 1) === d ? run + 1 : 1;
    best = Math.max(best, run);
    prev = d;
  }
  return best;
}

export type MakeupDecision =
  | { ok: true; day: string }
  | { ok: false; reason: 'nothing_missed' | 'weekly_limit' | 'outside_window' };

/**
 * Which day a make-up card asked for on `today` fills: the latest missed day within the window
 * that lies after some check-in (filling a gap, not inventing a start), if this week's allowance is left.
 */
export function decideMakeup(history: readonly CheckinDay[], today: string, rules: CheckinRules): MakeupDecision {
  const covered = new Set(history.map((h) => h.day));
  const week = weekStart(today);
  const used = history.filter((h) => h.kind === 'makeup' && weekStart(h.usedOn ?? h.day) === week).length;
  if (used >= rules.makeupPerWeek) return { ok: false, reason: 'weekly_limit' };
  const earliest = history.length ? [...covered].sort()[0]! : null;
  if (!earliest) return { ok: false, reason: 'nothing_missed' };
  for (let back = 1; back <= rules.makeupWindowDays; back++) {
    const day = addDays(today, -back);
    if (day <= earliest) break;
    if (!covered.has(day)) return { ok: true, day };
  }
  // A gap older than the window cannot be filled; no gap at all is nothing to fill.
  const olderGap = [...covered].sort().some((d, i, all) => i > 0 && addDays(all[i - 1]!, 1) !== d);
  return { ok: false, reason: olderGap ? 'outside_window' : 'nothing_missed' };
}

/** Milestones passed when a streak went from `before` to `after`. */
export function milestonesReached(before: number, after: number, milestones: readonly number[]): number[] {
  return milestones.filter((m) => before < m && after >= m);
}

export interface LeaderboardRow { memberId: number; name: string; streak: number; longest: number; total: number; lastDay: string | null }

/** Ranks members by current streak, then total check-ins, then longest streak, then id. */
export function leaderboard(perMember: ReadonlyMap<number, { name: string; days: CheckinDay[] }>, today: string): LeaderboardRow[] {
  const rows: LeaderboardRow[] = [];
  for (const [memberId, { name, days }] of perMember) {
    const list = days.map((d) => d.day);
    rows.push({
      memberId, name,
      streak: currentStreak(list, today),
      longest: longestStreak(list),
      total: new Set(list).size,
      lastDay: list.length ? [...list].sort().at(-1)! : null,
    });
  }
  return rows.sort((a, b) => b.streak - a.streak || b.total - a.total || b.longest - a.longest || a.memberId - b.memberId);
}
