/**
 * The automation rule: trigger → conditions → actions, with the scope it applies to (the whole
 * workspace, a group layer, the groups carrying a tag, or listed groups). What an operator saves
 * is validated here (zod), so that the engine only ever sees well-formed rules; every save is a
 * new version (src/automation/store.ts) and executions name the version that ran.
 *
 * Plain data only: no SQL, no platform. The engine (engine.ts) evaluates rules with the pure
 * functions of conditions.ts and plan.ts.
 */
import { Cron } from 'croner';
import { z } from 'zod';
import { text } from '../server/schemas.ts';
import { PUSH_CATEGORIES } from '../pushes/guard.ts';

const Text = (max: number) => text().trim().min(1).max(max);
const Template = text().min(1).max(4000).describe('text with {variables}: {name} {names} {group} {rules} {purpose} {keyword} {count} {days} {size} {event} {value}');
const Hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM (00:00–23:59)');

export const triggerKinds = ['join', 'leave', 'message', 'keyword', 'schedule', 'inactivity', 'threshold', 'activity'] as const;
export type TriggerKind = (typeof triggerKinds)[number];
/** Triggers caused by one stored event (run by the reactor); the others run from jobs. */
export const eventTriggerKinds: readonly TriggerKind[] = ['join', 'leave', 'message', 'keyword'];

/** A join rule's window for late-reported joins when it names none (days). */
export const DEFAULT_LATE_JOIN_DAYS = 3;

export const Trigger = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('join'),
    /**
     * A join reported more than a day after it happened (a connector that was down, a late
     * platform callback) still runs the rule when it is at most this many days old and the member
     * is still in the group; otherwise the execution log records it as skipped. Default 3.
     */
    lateWithinDays: z.number().int().min(1).max(30).optional(),
  }).strict(),
  z.object({ kind: z.literal('leave') }).strict(),
  z.object({ kind: z.literal('message') }).strict(),
  z.object({
    kind: z.literal('keyword'),
    keywords: z.array(Text(100)).min(1).max(50),
    match: z.enum(['contains', 'exact']).default('contains'),
  }).strict(),
  z.object({
    kind: z.literal('schedule'),
    cron: Text(100).refine(validCron, 'a cron expression of 5 or 6 fields, e.g. "0 9 * * 1-5" (09:00 on weekdays, workspace time)'),
  }).strict(),
  z.object({
    kind: z.literal('inactivity'),
    of: z.enum(['group', 'member']).describe('a group with no message, or a member of a group who wrote nothing'),
    days: z.number().int().min(1).max(365),
  }).strict(),
  z.object({ kind: z.literal('threshold'), size: z.number().int().min(1).max(200_000).describe('group size reaches this') }).strict(),
  z.object({
    kind: z.literal('activity'),
    event: Text(100).describe('an activity event, e.g. streak_reached'),
    atLeast: z.number().optional().describe('only when the event value is at least this (e.g. a streak of 7)'),
  }).strict(),
]);
export type Trigger = z.infer<typeof Trigger>;

export const Scope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('workspace') }).strict(),
  z.object({ kind: z.literal('layer'), layer: Text(64) }).strict(),
  z.object({ kind: z.literal('group_tag'), tag: Text(100) }).strict(),
  z.object({ kind: z.literal('groups'), groupIds: z.array(z.number().int().positive()).min(1).max(1000) }).strict(),
]);
export type Scope = z.infer<typeof Scope>;

const Range = { min: z.number().optional(), max: z.number().optional() };
export const stageValues = ['new', 'active', 'silent', 'churned'] as const;

export const Condition = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('member_tag'), tag: Text(100), has: z.boolean().default(true) }).strict(),
  z.object({ kind: z.literal('member_stage'), stages: z.array(z.enum(stageValues)).min(1) }).strict(),
  z.object({ kind: z.literal('trust_level'), ...Range }).strict().describe('false when no trust level is known'),
  z.object({ kind: z.literal('days_since_join'), ...Range }).strict(),
  z.object({ kind: z.literal('group_layer'), layers: z.array(Text(64)).min(1) }).strict(),
  z.object({ kind: z.literal('group_tag'), tag: Text(100), has: z.boolean().default(true) }).strict(),
  z.object({ kind: z.literal('group_size'), ...Range }).strict(),
  z.object({ kind: z.literal('quiet_hours'), from: Hhmm, to: Hhmm }).strict().describe('holds OUTSIDE from–to (workspace time); from > to spans midnight'),
  z.object({ kind: z.literal('day_type'), days: z.array(z.enum(['workday', 'rest_day', 'holiday', 'makeup_workday'])).min(1) })
    .strict().describe('Chinese calendar (chinese-days): workday includes make-up working days (调休上班); holiday = public holiday'),
]);
export type Condition = z.infer<typeof Condition>;

/** A category makes the message count against the push guard rails (caps, quiet hours, holidays: docs/pushes.md). */
const PushCategory = z.enum(PUSH_CATEGORIES).optional().describe('counts the message against the push guard rails (docs/pushes.md)');

export const Action = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('post'), template: Template, category: PushCategory }).strict(),
  z.object({ kind: z.literal('private_message'), template: Template, category: PushCategory }).strict(),
  z.object({ kind: z.literal('tag'), tag: Text(100) }).strict(),
  z.object({ kind: z.literal('untag'), tag: Text(100) }).strict(),
  z.object({
    kind: z.literal('notify_operator'), template: Template,
    userId: z.number().int().positive().optional().describe("the staff user; default the group's operator"),
    chatMemberId: z.number().int().positive().optional().describe("the operator's own member identity: also sent to them as a private message"),
  }).strict(),
  z.object({ kind: z.literal('start_activity'), activity: Text(64), params: z.record(z.string(), z.unknown()).default({}) }).strict(),
  z.object({ kind: z.literal('assign_operator'), userId: z.number().int().positive() }).strict(),
]);
export type Action = z.infer<typeof Action>;

export const RuleDefinition = z.object({
  name: Text(200),
  enabled: z.boolean().default(true),
  scope: Scope.default({ kind: 'workspace' }),
  trigger: Trigger,
  conditions: z.array(Condition).max(20).default([]),
  actions: z.array(Action).min(1).max(10),
}).strict();
export type RuleDefinition = z.infer<typeof RuleDefinition>;
export type RuleDefinitionInput = z.input<typeof RuleDefinition>;

/** A saved rule at one version: what the engine runs. */
export interface Rule extends RuleDefinition { id: number; version: number }

function validCron(expr: string): boolean {
  try {
    const fields = expr.trim().split(/\s+/).length;
    if (fields < 5 || fields > 6) return false;
    new Cron(expr, { paused: true });
    return true;
  } catch {
    return false;
  }
}

/** Which actions need a member (private message, tag): a rule whose trigger has none skips them. */
export const memberActions: ReadonlySet<Action['kind']> = new Set(['private_message', 'tag', 'untag']);
