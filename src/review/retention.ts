/**
 * Retention (复盘, ../shared/product.md §7: retention at day 1, week 1, month 1): cohorts of
 * members by the week or month they joined and by source, each with its D1 / W1 / M1 and a curve;
 * monthly writers split into new and returning; core members (CHAOSS: the smallest set of members
 * producing half the messages) and which of them went silent; retention across a gap (who came
 * back after a migration or a pause). Pure functions over days ('YYYY-MM-DD', the workspace's zone).
 *
 * Definitions, counted from a member's join day d (day 0):
 * - D1: wrote on day d+1; W1: wrote in days d+7…d+13; M1: wrote in days d+30…d+59.
 * - curve point k (weeks): wrote in days d+7k…d+7k+6; (months): d+30k…d+30k+29.
 * A rate counts only members whose window is over by `today` (the rest are not yet measurable).
 */

const DAY = 86_400_000;
const ms = (day: string) => Date.parse(`${day}T00:00:00Z`);
export const dayOffset = (from: string, to: string) => Math.round((ms(to) - ms(from)) / DAY);
const fromMs = (t: number) => new Date(t).toISOString().slice(0, 10);
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

export interface CohortMember { memberId: number; joined: string; source: string; activeDays: readonly string[] }
export type CohortGrain = 'week' | 'month';

/** The first day of the cohort a day falls in: the Monday of its week, or the first of its month. */
export function cohortOf(day: string, grain: CohortGrain): string {
  if (grain === 'month') return `${day.slice(0, 7)}-01`;
  const dow = (new Date(ms(day)).getUTCDay() + 6) % 7; // Monday 0
  return fromMs(ms(day) - dow * DAY);
}

export interface Rate { eligible: number; retained: number; rate: number | null }
const rate = (eligible: number, retained: number): Rate => ({ eligible, retained, rate: eligible ? round(retained / eligible) : null });

/** A member's days written and today, as offsets from the join day: computed once per member and today. */
const offsetsOf = new WeakMap<CohortMember, { today: string; age: number; days: number[] }>();
function offsets(m: CohortMember, today: string): { age: number; days: number[] } {
  let o = offsetsOf.get(m);
  if (!o || o.today !== today) {
    o = { today, age: dayOffset(m.joined, today), days: m.activeDays.map((d) => dayOffset(m.joined, d)) };
    offsetsOf.set(m, o);
  }
  return o;
}

/** Whether the member wrote in days join+lo … join+hi, and whether that window is over by today. */
function window(m: CohortMember, lo: number, hi: number, today: string): { over: boolean; wrote: boolean } {
  const o = offsets(m, today);
  return { over: o.age > hi, wrote: o.days.some((k) => k >= lo && k <= hi) };
}

export interface Milestones { d1: Rate; w1: Rate; m1: Rate }
export function milestones(members: readonly CohortMember[], today: string): Milestones {
  const at = (lo: number, hi: number) => {
    let e = 0, r = 0;
    for (const m of members) { const w = window(m, lo, hi, today); if (w.over) { e++; if (w.wrote) r++; } }
    return rate(e, r);
  };
  return { d1: at(1, 1), w1: at(7, 13), m1: at(30, 59) };
}

export interface Cohort extends Milestones { cohort: string; size: number; curve: Array<number | null> }

/** Cohorts by join week or month, oldest first, each with its milestones and a curve of `points` periods after joining. */
export function cohorts(members: readonly CohortMember[], grain: CohortGrain, today: string, points = 12): Cohort[] {
  const by = new Map<string, CohortMember[]>();
  for (const m of members) {
    const k = cohortOf(m.joined, grain);
    const l = by.get(k);
    if (l) l.push(m); else by.set(k, [m]);
  }
  const len = grain === 'week' ? 7 : 30;
  return [...by.keys()].sort().map((k) => {
    const list = by.get(k)!;
    const curve = Array.from({ length: points }, (_, i) => {
      let e = 0, r = 0;
      for (const m of list) { const w = window(m, i * len, i * len + len - 1, today); if (w.over) { e++; if (w.wrote) r++; } }
      return e ? round(r / e) : null;
    });
    return { cohort: k, size: list.length, ...milestones(list, today), curve };
  });
}

export interface SourceRetention extends Milestones { source: string; size: number }
export function bySource(members: readonly CohortMember[], today: string): SourceRetention[] {
  const by = new Map<string, CohortMember[]>();
  for (const m of members) { const l = by.get(m.source); if (l) l.push(m); else by.set(m.source, [m]); }
  return [...by].map(([source, list]) => ({ source, size: list.length, ...milestones(list, today) })).sort((a, b) => b.size - a.size);
}

export interface MonthWriters { month: string; writers: number; new: number; returning: number }
/**
 * Writers of each month (the stored monthly actives), split into new (first month they wrote in
 * the list) and returning. Months in order; `before` are writers seen before the first month.
 */
export function newAndReturning(months: ReadonlyArray<{ month: string; ids: readonly number[] }>, before: Iterable<number> = []): MonthWriters[] {
  const seen = new Set<number>(before);
  return [...months].sort((a, b) => a.month.localeCompare(b.month)).map((m) => {
    let fresh = 0;
    for (const id of m.ids) if (!seen.has(id)) { fresh++; seen.add(id); }
    return { month: m.month, writers: m.ids.length, new: fresh, returning: m.ids.length - fresh };
  });
}

export interface CoreMember { memberId: number; messages: number; lastDay: string; silentDays: number; silent: boolean }
/**
 * The smallest set of members producing at least half of the messages (CHAOSS), biggest writers
 * first (ties by id), and whether each went silent: no message for `silentAfterDays` by today.
 */
export function coreMembers(writers: ReadonlyArray<{ memberId: number; messages: number; lastDay: string }>, today: string, silentAfterDays = 14): CoreMember[] {
  const total = writers.reduce((s, w) => s + w.messages, 0);
  const sorted = [...writers].sort((a, b) => b.messages - a.messages || a.memberId - b.memberId);
  const out: CoreMember[] = [];
  let sum = 0;
  for (const w of sorted) {
    if (total === 0 || sum * 2 >= total) break;
    sum += w.messages;
    const silentDays = dayOffset(w.lastDay, today);
    out.push({ ...w, silentDays, silent: silentDays >= silentAfterDays });
  }
  return out;
}

export interface Gap { from: string; to: string; days: number }
/** The longest run of days without any writer between the first and last active day (null if none ≥ minDays). */
export function longestGap(activeDays: readonly string[], minDays = 7): Gap | null {
  const s = [...new Set(activeDays)].sort();
  let best: Gap | null = null;
  for (let i = 1; i < s.length; i++) {
    const days = dayOffset(s[i - 1]!, s[i]!) - 1;
    if (days >= minDays && (!best || days > best.days)) best = { from: fromMs(ms(s[i - 1]!) + DAY), to: fromMs(ms(s[i]!) - DAY), days };
  }
  return best;
}

export interface AcrossGap { before: number; cameBack: number; rate: number | null; newAfter: number }
/** Of the writers before a gap (or a migration), how many wrote after it; and how many after it are new. */
export function acrossGap(before: Iterable<number>, after: Iterable<number>): AcrossGap {
  const b = new Set(before), a = new Set(after);
  let back = 0;
  for (const x of a) if (b.has(x)) back++;
  return { before: b.size, cameBack: back, rate: b.size ? round(back / b.size) : null, newAfter: a.size - back };
}
