/**
 * The shapes of a live code's settings, validated with zod wherever they come in (console, CLI,
 * stored jsonb): the template the next group is opened from, the entry threshold (门槛) and a
 * staff code's working hours and tags.
 */
import { z } from 'zod';

export const RoutingRule = z.enum(['fill_first', 'round_robin', 'by_source']);
export type RoutingRule = z.infer<typeof RoutingRule>;

export const GroupTemplate = z.object({
  /** The platform account the next group is opened on. */
  accountId: z.number().int().positive(),
  /** "{n}" is replaced by the group's number in the code: "读书会 {n} 群". */
  namePattern: z.string().trim().min(1).max(60).refine((s) => s.includes('{n}'), 'the name pattern must contain {n}'),
  rules: z.string().max(2000).default(''),
  welcome: z.string().max(2000).default(''),
  /** Staff user ids to make admins of the new group (an operator task where the platform cannot). */
  admins: z.array(z.number().int().positive()).max(20).default([]),
  capacity: z.number().int().min(2).max(200_000).optional(),
}).strict();
export type GroupTemplate = z.infer<typeof GroupTemplate>;

export const Question = z.object({
  key: z.string().trim().regex(/^[a-z][a-z0-9_]{0,31}$/, 'a question key is lower-case letters, digits and _'),
  label: z.string().trim().min(1).max(200),
  required: z.boolean().default(true),
  /** The member gets the tag `<tagPrefix><answer>` (e.g. "城市:" + "上海") when they join. */
  tagPrefix: z.string().max(30).optional(),
  options: z.array(z.string().trim().min(1).max(60)).max(30).optional(),
}).strict();
export type Question = z.infer<typeof Question>;

export const Threshold = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z.object({ kind: z.literal('form'), questions: z.array(Question).min(1).max(20) }).strict(),
  z.object({ kind: z.literal('poster'), instructions: z.string().max(500).default('') }).strict(),
  z.object({ kind: z.literal('approval'), questions: z.array(Question).max(20).default([]) }).strict(),
  z.object({ kind: z.literal('paid'), priceCents: z.number().int().min(1), currency: z.string().regex(/^[A-Z]{3}$/).default('CNY'), shopUrl: z.url().optional() }).strict(),
]);
export type Threshold = z.infer<typeof Threshold>;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time is HH:MM');
export const StaffSettings = z.object({
  /** Working hours in the workspace's zone; days 1 = Monday … 7 = Sunday. */
  hours: z.object({ start: hhmm, end: hhmm, days: z.array(z.number().int().min(1).max(7)).min(1).max(7) }).strict().optional(),
  tags: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
}).strict();
export type StaffSettings = z.infer<typeof StaffSettings>;

/** The most members a group of a platform may have, whatever a code's hard cap says. */
export const PLATFORM_GROUP_LIMIT: Record<string, number> = { wecom: 500, telegram: 200_000, sandbox: 200_000 };
