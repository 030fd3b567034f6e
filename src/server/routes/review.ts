/**
 * 复盘 (review): engagement, retention cohorts, funnels and health of the groups the actor sees
 * (src/review). The reads serve the stored report (src/review/stored.ts: computed in the
 * background, at most REVIEW_REFRESH_MINUTES behind the log) with its `computedAt`; POST
 * /api/review/refresh recomputes one now (the console's refresh button).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../auth-hooks.ts';
import { errorResponses } from '../errors.ts';
import { queryDay } from '../schemas.ts';
import type { ServerContext } from '../context.ts';
import { resolveRange } from './overview.ts';
import { recordAudit } from '../../audit/record.ts';
import { refreshReport, settleReviewRefreshes, storedReport, REVIEW_KINDS, type ReviewParams } from '../../review/stored.ts';

const int = z.number().int();
const n = z.number();
const day = z.string().describe('YYYY-MM-DD in the workspace time zone');
const range = z.object({ from: day, to: day });
const groupQuery = z.coerce.number().int().positive().max(2_147_483_647).optional().describe('only this group');
const computedAt = z.string().describe('when the figures were computed (stored reports are refreshed in the background: docs/review.md)');
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

export function reviewRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    const rangeOf = (workspaceId: number, q: { from?: string | undefined; to?: string | undefined }) => resolveRange(ctx, workspaceId, q);
    const options = { refreshMinutes: ctx.config.REVIEW_REFRESH_MINUTES };
    const served = async (actor: ReturnType<typeof actorOf>, p: ReviewParams) => {
      const r = await storedReport(ctx.db, actor, p, options);
      return { ...(r.body as object), computedAt: r.computedAt.toISOString() } as never;
    };
    // Refreshes started in the background by a read finish before the database closes.
    app.addHook('onClose', async () => { await settleReviewRefreshes(); });

    app.get('/api/review/engagement', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['overview'], summary: 'Response to each post and activity, and chatter per group (复盘)',
        querystring: z.object({ from: queryDay.optional(), to: queryDay.optional(), windowMinutes: z.coerce.number().int().min(1).max(10_080).default(120), groupId: groupQuery }),
        response: {
          200: z.object({
            computedAt, range, windowMinutes: int,
            summary: z.object({ posts: int, responseRate: n, breadth: n, medianFirstResponseSeconds: n.nullable(), hunters: int }),
            posts: z.array(z.object({
              key: z.string(), kind: z.enum(['push', 'poll', 'quiz', 'draw']), groupId: int, at: z.string(), title: z.string(), audience: int,
              replies: int, reactions: int, entries: int, responders: int, hunters: int, breadth: n, firstResponseSeconds: int.nullable(),
            })),
            groups: z.array(z.object({ groupId: int, name: z.string(), messages: int, chatter: int, chatterRatio: n })),
          }),
          ...errorResponses,
        },
      },
    }, async (req) => {
      const actor = actorOf(req);
      return served(actor, { kind: 'engagement', range: await rangeOf(actor.workspaceId, req.query), windowMinutes: req.query.windowMinutes, groupId: req.query.groupId });
    });

    app.get('/api/review/retention', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['overview'], summary: 'Cohorts by join week or month and source (D1/W1/M1, curves), monthly writers, core members, retention across a pause',
        querystring: z.object({ from: queryDay.optional(), to: queryDay.optional(), grain: z.enum(['week', 'month']).default('week'), groupId: groupQuery }),
        response: {
          200: z.object({
            computedAt, range, grain: z.enum(['week', 'month']), today: day,
            cohorts: z.array(z.object({ cohort: day, size: int, ...Milestones, curve: z.array(n.nullable()) })),
            bySource: z.array(z.object({ source: z.string(), size: int, ...Milestones })),
            monthly: z.array(z.object({ month: day, writers: int, new: int, returning: int })),
            core: z.array(z.object({ memberId: int, messages: int, lastDay: day, silentDays: int, silent: z.boolean() })),
            coreOf: int.describe('writers in the range'),
            gap: z.object({ from: day, to: day, days: int, before: int, cameBack: int, rate: n.nullable(), newAfter: int }).nullable(),
          }),
          ...errorResponses,
        },
      },
    }, async (req) => {
      const actor = actorOf(req);
      return served(actor, { kind: 'retention', range: await rangeOf(actor.workspaceId, req.query), grain: req.query.grain, groupId: req.query.groupId });
    });

    app.get('/api/review/funnels', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['overview'], summary: 'Scanned → joined → first message → active at W1 → converted, by source and by live code; referral coefficient; KOL coverage',
        querystring: z.object({ from: queryDay.optional(), to: queryDay.optional() }),
        response: {
          200: z.object({
            computedAt, range, bySource: z.array(FunnelRow), byCode: z.array(FunnelRow.extend({ name: z.string() })),
            referral: z.object({ referred: int, other: int, k: n }),
            kolCoverage: z.object({ groups: int, withKol: int, share: n }),
            converted: z.object({ members: int, rate: n }).describe('joins of the range whose member paid a matched order after joining'),
          }),
          ...errorResponses,
        },
      },
    }, async (req) => {
      const actor = actorOf(req);
      return served(actor, { kind: 'funnels', range: await rangeOf(actor.workspaceId, req.query) });
    });

    app.get('/api/review/health', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['overview'], summary: 'ISOOC health score per group with its parts, and the dead-group early warnings',
        response: {
          200: z.object({
            computedAt, today: day,
            groups: z.array(z.object({ groupId: int, name: z.string(), members: int, score: n, parts: z.array(Part), warning: Warning.nullable() })),
            warnings: z.array(Warning.extend({ groupId: int, name: z.string(), ageDays: int })),
          }),
          ...errorResponses,
        },
      },
    }, async (req) => served(actorOf(req), { kind: 'health' }));

    app.post('/api/review/refresh', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['overview'], summary: 'Recompute one 复盘 report now (the reads serve the stored one, refreshed in the background)',
        body: z.object({
          kind: z.enum(REVIEW_KINDS), from: queryDay.optional(), to: queryDay.optional(),
          windowMinutes: z.number().int().min(1).max(10_080).default(120), grain: z.enum(['week', 'month']).default('week'),
          groupId: z.number().int().positive().max(2_147_483_647).optional(),
        }).describe('the parameters of the read to refresh (the same as its query)'),
        response: { 200: z.object({ kind: z.enum(REVIEW_KINDS), computedAt, computeMs: int }), ...errorResponses },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const b = req.body;
      const p: ReviewParams = b.kind === 'health' ? { kind: 'health' }
        : b.kind === 'funnels' ? { kind: 'funnels', range: await rangeOf(actor.workspaceId, b) }
        : b.kind === 'engagement' ? { kind: 'engagement', range: await rangeOf(actor.workspaceId, b), windowMinutes: b.windowMinutes, groupId: b.groupId }
        : { kind: 'retention', range: await rangeOf(actor.workspaceId, b), grain: b.grain, groupId: b.groupId };
      const r = await refreshReport(ctx.db, actor, p);
      await recordAudit(ctx.db, actor, { action: 'review.refresh', target: `review:${b.kind}`, detail: { ...('range' in p ? p.range : {}), computeMs: r.computeMs } });
      return { kind: b.kind, computedAt: r.computedAt.toISOString(), computeMs: r.computeMs };
    });
  };
}
