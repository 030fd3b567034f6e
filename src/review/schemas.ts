/**
 * The shapes of the 复盘 reports (zod): the body each compute stores (src/review/stored.ts parses
 * it on the way in, so what is stored is exactly what the API promises) and, with `computedAt`,
 * the responses of src/server/routes/review.ts.
 */
import { z } from 'zod';
import type { ReviewKind } from './stored.ts';

const int = z.number().int();
const n = z.number();
const day = z.string().describe('YYYY-MM-DD in the workspace time zone');
const range = z.object({ from: day, to: day });
const Rate = z.object({ eligible: int, retained: int, rate: n.nullable().describe('null: nobody measurable yet') }).meta({ id: 'RetentionRate' });
const Milestones = { d1: Rate, w1: Rate, m1: Rate };
const FunnelRow = z.object({
  key: z.string(), scanned: int.nullable().describe('routed by the live code; null for a source'), joined: int, firstMessage: int, activeW1: int, w1Eligible: int,
  firstMessageRate: n, w1Rate: n.nullable(), converted: int.describe('paid a matched order after joining (src/orders)'), convertedRate: n,
}).meta({ id: 'FunnelRow' });
const Part = z.object({ part: z.enum(['interest', 'structure', 'output', 'operate', 'copy']), score: int.describe('0–5'), figure: z.string(), value: n, explain: z.string().describe('in English'), values: z.record(z.string(), n).describe('the figures of explain') }).meta({ id: 'HealthPart' });
const Warning = z.object({
  risk: n.describe('0–1: chance the group is silent by day 30'), alert: z.boolean(),
  signals: z.object({ messages: int, writers: int, joins: int, leaves: int, lateWriters: int, trend: n, lateMessages: int, activeDays: int }),
  reasons: z.array(z.string()).describe('in English'),
  reasonCodes: z.array(z.object({ code: z.string(), values: z.record(z.string(), n) })),
  suggestion: z.object({ code: z.enum(['dailyTopic', 'welcome']), title: z.string(), rule: z.object({ name: z.string(), trigger: z.record(z.string(), z.unknown()), actions: z.array(z.record(z.string(), z.unknown())) }) }),
}).meta({ id: 'DeadGroupWarning' });

export const EngagementBody = z.object({
  range, windowMinutes: int,
  summary: z.object({ posts: int, responseRate: n, breadth: n, medianFirstResponseSeconds: n.nullable(), hunters: int }),
  posts: z.array(z.object({
    key: z.string(), kind: z.enum(['push', 'poll', 'quiz', 'draw']), groupId: int, at: z.string(), title: z.string(), audience: int,
    replies: int, reactions: int, entries: int, responders: int, hunters: int, breadth: n, firstResponseSeconds: int.nullable(),
  })),
  groups: z.array(z.object({ groupId: int, name: z.string(), messages: int, chatter: int, chatterRatio: n })),
});
export const RetentionBody = z.object({
  range, grain: z.enum(['week', 'month']), today: day,
  cohorts: z.array(z.object({ cohort: day, size: int, ...Milestones, curve: z.array(n.nullable()) })),
  bySource: z.array(z.object({ source: z.string(), size: int, ...Milestones })),
  monthly: z.array(z.object({ month: day, writers: int, new: int, returning: int })),
  core: z.array(z.object({ memberId: int, messages: int, lastDay: day, silentDays: int, silent: z.boolean() })),
  coreOf: int.describe('writers in the range'),
  gap: z.object({ from: day, to: day, days: int, before: int, cameBack: int, rate: n.nullable(), newAfter: int }).nullable(),
});
export const FunnelsBody = z.object({
  range, bySource: z.array(FunnelRow), byCode: z.array(FunnelRow.extend({ name: z.string() })),
  referral: z.object({ referred: int, other: int, k: n }),
  kolCoverage: z.object({ groups: int, withKol: int, share: n }),
  converted: z.object({ members: int, rate: n }).describe('joins of the range whose member paid a matched order after joining'),
});
export const HealthBody = z.object({
  today: day,
  groups: z.array(z.object({ groupId: int, name: z.string(), members: int, score: n, parts: z.array(Part), warning: Warning.nullable() })),
  warnings: z.array(Warning.extend({ groupId: int, name: z.string(), ageDays: int })),
});

export const reportBodies: Record<ReviewKind, z.ZodType> = { engagement: EngagementBody, retention: RetentionBody, funnels: FunnelsBody, health: HealthBody };
