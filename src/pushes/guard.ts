/**
 * Guard rails of everything Qunyun posts on its own: frequency caps per group and per member across
 * all pushes and automations, quiet hours in the workspace's zone, Chinese public holidays (and
 * make-up working days), no activities on Fridays and weekends. Pure: the decision for one action
 * from its category, the time, the workspace's settings and the sends already counted (the cap
 * ledger, guard-store.ts). The dispatcher asks it for every outbox action whose `payload.category`
 * is set, so every producer (pushes, the calendar, A/B tests, live sessions, automations) passes.
 * Defaults come from the domain brief: ≤ 2 product/promotion pushes a week, ≤ 2 hot topics a week,
 * avoid Fridays, weekends and public holidays for activities.
 */
import { dayTypes, inQuietHours, localTime } from '../automation/conditions.ts';

export const PUSH_CATEGORIES = ['product', 'promotion', 'hot', 'professional', 'personal', 'icebreaker', 'activity', 'other'] as const;
export type PushCategory = (typeof PUSH_CATEGORIES)[number];

/** The rules an explicit, audited override may lift for one push. */
export const GUARD_RULES = ['caps', 'quiet_hours', 'holidays', 'activity_days'] as const;
export type GuardRule = (typeof GUARD_RULES)[number];

export interface FrequencyCap {
  /** Shown in reasons: "commercial", "hot". */
  name: string;
  categories: PushCategory[];
  /** At most this many sends … */
  max: number;
  /** … in any window of this many days (rolling), per group and per member. */
  days: number;
}

export interface GuardSettings {
  caps: FrequencyCap[];
  /** No categorized send from `from` to `to` (local time, from > to spans midnight); null: none. */
  quietHours: { from: string; to: string } | null;
  /** Categories not sent on public holidays (make-up working days are working days). */
  holidayCategories: PushCategory[];
  /** Categories not sent on these weekdays (0 Sunday … 6 Saturday) unless the day is a make-up working day. */
  activityCategories: PushCategory[];
  activityAvoidWeekdays: number[];
  /** A capped send: skipped with its reason (default), or deferred until the cap allows it. */
  whenCapped: 'skip' | 'defer';
}

export const DEFAULT_GUARD: GuardSettings = {
  caps: [
    { name: 'commercial', categories: ['product', 'promotion'], max: 2, days: 7 },
    { name: 'hot', categories: ['hot'], max: 2, days: 7 },
  ],
  quietHours: { from: '22:00', to: '08:00' },
  holidayCategories: ['product', 'promotion', 'activity'],
  activityCategories: ['activity'],
  activityAvoidWeekdays: [5, 6, 0],
  whenCapped: 'skip',
};

export function isCategory(v: unknown): v is PushCategory {
  return typeof v === 'string' && (PUSH_CATEGORIES as readonly string[]).includes(v);
}

/** A send already counted against the caps: when, and its category. */
export interface CountedSend { at: number; category: string }

export type GuardVerdict =
  | { verdict: 'go' }
  | { verdict: 'defer'; until: Date; rule: GuardRule; reason: string }
  | { verdict: 'skip'; rule: GuardRule; reason: string };

export interface GuardInput {
  category: PushCategory;
  now: Date;
  timezone: string;
  settings: GuardSettings;
  /** Rules lifted for this action by an explicit override. */
  lifted: ReadonlySet<GuardRule>;
  /** Sends counted for the action's group or member (each scope's list checked separately). */
  counted: ReadonlyArray<readonly CountedSend[]>;
  /** Past this the content is stale: a deferral beyond it becomes a skip. */
  expiresAt?: Date | null;
}

const DAY_MS = 86_400_000;

/** Why a local time is closed for the category, or null when a send may go. */
export function calendarBlock(category: PushCategory, at: Date, timezone: string, s: GuardSettings, lifted: ReadonlySet<GuardRule>): { rule: GuardRule; reason: string; dayClosed: boolean } | null {
  const lt = localTime(at, timezone);
  if (!lifted.has('holidays') && s.holidayCategories.includes(category) && dayTypes(lt.day).has('holiday')) {
    return { rule: 'holidays', reason: `${lt.day} is a public holiday: no ${category} pushes`, dayClosed: true };
  }
  if (!lifted.has('activity_days') && s.activityCategories.includes(category)) {
    const weekday = new Date(`${lt.day}T00:00:00Z`).getUTCDay();
    if (s.activityAvoidWeekdays.includes(weekday) && !dayTypes(lt.day).has('makeup_workday')) {
      return { rule: 'activity_days', reason: `no ${category} on ${WEEKDAYS[weekday]} (${lt.day})`, dayClosed: true };
    }
  }
  if (!lifted.has('quiet_hours') && s.quietHours && inQuietHours(lt.minutes, s.quietHours.from, s.quietHours.to)) {
    return { rule: 'quiet_hours', reason: `quiet hours ${s.quietHours.from}–${s.quietHours.to} (${timezone})`, dayClosed: false };
  }
  return null;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The UTC instant of a local wall-clock time in a zone. */
export function zonedInstant(day: string, minutes: number, timezone: string): Date {
  const wall = Date.parse(`${day}T00:00:00Z`) + minutes * 60_000;
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const lt = localTime(new Date(guess), timezone);
    const seen = Date.parse(`${lt.day}T00:00:00Z`) + lt.minutes * 60_000;
    guess += wall - seen;
  }
  return new Date(guess);
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

/** The first instant at or after `from` that the calendar rules allow (null: none within 60 days). */
export function nextOpenSlot(category: PushCategory, from: Date, timezone: string, s: GuardSettings, lifted: ReadonlySet<GuardRule>): Date | null {
  let t = from;
  for (let i = 0; i < 200 && t.getTime() - from.getTime() < 60 * DAY_MS; i++) {
    const block = calendarBlock(category, t, timezone, s, lifted);
    if (!block) return t;
    const lt = localTime(t, timezone);
    if (block.dayClosed) {
      t = zonedInstant(nextDay(lt.day), 0, timezone);
    } else {
      const to = minutesOf(s.quietHours!.to);
      t = lt.minutes < to ? zonedInstant(lt.day, to, timezone) : zonedInstant(nextDay(lt.day), to, timezone);
    }
  }
  return null;
}

/** When the cap lets one more send go, given the sends counted (null: now). */
function capFreesAt(cap: FrequencyCap, counted: readonly CountedSend[], now: number): number | null {
  const window = cap.days * DAY_MS;
  const inWindow = counted.filter((c) => cap.categories.includes(c.category as PushCategory) && c.at > now - window).map((c) => c.at).sort((a, b) => a - b);
  if (inWindow.length < cap.max) return null;
  return inWindow[inWindow.length - cap.max]! + window + 1;
}

/** The guard's decision for one categorized action about to be sent at `now`. */
export function decide(input: GuardInput): GuardVerdict {
  const { category, timezone, settings: s, lifted } = input;
  const now = input.now.getTime();
  const tooLate = (until: Date) => input.expiresAt != null && until.getTime() > input.expiresAt.getTime();
  if (!lifted.has('caps')) {
    for (const cap of s.caps) {
      if (!cap.categories.includes(category)) continue;
      for (const counted of input.counted) {
        const freesAt = capFreesAt(cap, counted, now);
        if (freesAt === null) continue;
        const reason = `${cap.name} cap: at most ${cap.max} in ${cap.days} days`;
        if (s.whenCapped === 'skip') return { verdict: 'skip', rule: 'caps', reason };
        const until = nextOpenSlot(category, new Date(freesAt), timezone, s, lifted);
        if (!until || tooLate(until)) return { verdict: 'skip', rule: 'caps', reason: `${reason}; no allowed slot before it expires` };
        return { verdict: 'defer', until, rule: 'caps', reason };
      }
    }
  }
  const block = calendarBlock(category, input.now, timezone, s, lifted);
  if (!block) return { verdict: 'go' };
  const until = nextOpenSlot(category, input.now, timezone, s, lifted);
  if (!until || tooLate(until)) return { verdict: 'skip', rule: block.rule, reason: `${block.reason}; no allowed slot before it expires` };
  return { verdict: 'defer', until, rule: block.rule, reason: block.reason };
}

/** Settings merged over the defaults (a workspace stores only what it changed). */
export function resolveGuard(stored: Partial<GuardSettings> | null | undefined): GuardSettings {
  return { ...DEFAULT_GUARD, ...(stored ?? {}) };
}
