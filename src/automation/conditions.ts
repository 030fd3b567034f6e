/**
 * Conditions of a rule over plain facts: the member (tags, stage, trust level, days since they
 * joined the group), the group (layer, tags, size) and the time (quiet hours and the Chinese
 * calendar's working days, rest days, public holidays and make-up working days, from chinese-days).
 * All of them must hold. Times are read in the workspace's zone.
 */
import chineseDays from 'chinese-days';
import type { GroupFacts } from './match.ts';
import type { Condition, Rule } from './rules.ts';

export interface MemberFacts {
  id: number;
  name: string;
  tags: readonly string[];
  stage: 'new' | 'active' | 'silent' | 'churned';
  /** From the trust-level provider when one is registered; null when unknown. */
  trustLevel: number | null;
  /** When they joined the group the rule runs for; null when no join is known. */
  joinedAt: Date | null;
  /** Still a member of that group now (false once they left); undefined when not read. */
  inGroup?: boolean;
}

export interface EvalContext {
  group: GroupFacts;
  member: MemberFacts | null;
  now: Date;
  timezone: string;
}

const DAY_MS = 86_400_000;

/** Local date (YYYY-MM-DD) and minutes since midnight of an instant in a zone. */
export function localTime(at: Date, timezone: string): { day: string; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return { day: `${get('year')}-${get('month')}-${get('day')}`, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether `minutes` falls in the quiet span from–to (from > to spans midnight). */
export function inQuietHours(minutes: number, from: string, to: string): boolean {
  const f = minutesOf(from), t = minutesOf(to);
  if (f === t) return false;
  return f < t ? minutes >= f && minutes < t : minutes >= f || minutes < t;
}

export type DayType = 'workday' | 'rest_day' | 'holiday' | 'makeup_workday';

/** What a local day is in the Chinese calendar (chinese-days' official schedule). */
export function dayTypes(day: string): Set<DayType> {
  const detail = chineseDays.getDayDetail(day) as { work: boolean; name: string };
  const out = new Set<DayType>([detail.work ? 'workday' : 'rest_day']);
  // Weekends are named after the weekday; public holidays and their make-up days by the festival ("National Day,国庆节,3").
  if (!detail.work && detail.name.includes(',')) out.add('holiday');
  if (detail.work && isWeekend(day)) out.add('makeup_workday');
  return out;
}

function isWeekend(day: string): boolean {
  const d = new Date(`${day}T00:00:00Z`).getUTCDay();
  return d === 0 || d === 6;
}

export function evaluateCondition(c: Condition, ctx: EvalContext): boolean {
  const m = ctx.member;
  switch (c.kind) {
    case 'member_tag': return m ? m.tags.includes(c.tag) === c.has : false;
    case 'member_stage': return m ? c.stages.includes(m.stage) : false;
    case 'trust_level': return m?.trustLevel != null && within(m.trustLevel, c.min, c.max);
    case 'days_since_join': return m?.joinedAt ? within(Math.floor((ctx.now.getTime() - m.joinedAt.getTime()) / DAY_MS), c.min, c.max) : false;
    case 'group_layer': return c.layers.includes(ctx.group.layer);
    case 'group_tag': return ctx.group.tags.includes(c.tag) === c.has;
    case 'group_size': return within(ctx.group.size, c.min, c.max);
    case 'quiet_hours': return !inQuietHours(localTime(ctx.now, ctx.timezone).minutes, c.from, c.to);
    case 'day_type': {
      const types = dayTypes(localTime(ctx.now, ctx.timezone).day);
      return c.days.some((d) => types.has(d));
    }
  }
}

function within(v: number, min: number | undefined, max: number | undefined): boolean {
  return (min === undefined || v >= min) && (max === undefined || v <= max);
}

/** The first condition that does not hold, or null when the rule may run. */
export function failingCondition(rule: Pick<Rule, 'conditions'>, ctx: EvalContext): Condition | null {
  for (const c of rule.conditions) if (!evaluateCondition(c, ctx)) return c;
  return null;
}

/** Whether the rule's conditions read member facts (so they must be loaded). */
export function needsMember(rule: Pick<Rule, 'conditions'>): boolean {
  return rule.conditions.some((c) => c.kind.startsWith('member_') || c.kind === 'trust_level' || c.kind === 'days_since_join');
}

/** Stage of a member from their figures, as the member list computes it (src/members/queries.ts). */
export function stageOf(f: { activeGroups: number; firstSeenAt: Date; lastMessageAt: Date | null; now: Date }): MemberFacts['stage'] {
  if (f.activeGroups === 0) return 'churned';
  if (f.now.getTime() - f.firstSeenAt.getTime() < 7 * DAY_MS) return 'new';
  if (f.lastMessageAt && f.now.getTime() - f.lastMessageAt.getTime() < 14 * DAY_MS) return 'active';
  return 'silent';
}
