/**
 * 复盘 (review): engagement, retention cohorts, funnels and health of the groups the actor sees
 * (src/review). The reads serve the stored report (src/review/stored.ts: computed in the
 * background, at most REVIEW_REFRESH_MINUTES behind the log) with its `computedAt`; POST
 * /api/review/refresh recomputes one now (the console's refresh button).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../auth-hooks.ts';
import { errorResponses } from '../errors.ts';
import { queryDay } from '../schemas.ts';
import type { ServerContext } from '../context.ts';
import { resolveRange } from './overview.ts';
import { recordAudit } from '../../audit/record.ts';
import { EngagementBody, FunnelsBody, HealthBody, RetentionBody } from '../../review/schemas.ts';
import { refreshReport, responseOf, settleReviewRefreshes, storedReport, REVIEW_KINDS, type ReviewParams } from '../../review/stored.ts';

const int = z.number().int();
/** Bodies from this size on are sent gzipped when the client accepts it (smaller ones gain nothing worth a header). */
const GZIP_FROM = 8 * 1024;
const groupQuery = z.coerce.number().int().positive().max(2_147_483_647).optional().describe('only this group');
const computedAt = z.string().describe('when the figures were computed (stored reports are refreshed in the background: docs/review.md)');

export function reviewRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    const rangeOf = (workspaceId: number, q: { from?: string | undefined; to?: string | undefined }) => resolveRange(ctx, workspaceId, q);
    const options = { refreshMinutes: ctx.config.REVIEW_REFRESH_MINUTES };
    // The stored JSON goes out as it is, with computedAt added: it was checked against the same
    // schema when computed (src/review/schemas.ts), so it is not parsed and serialized again. A
    // large one goes gzipped to a client that accepts it (every browser), compressed once per
    // process and computed report (responseOf): an owner's report of 1,000 groups is a megabyte.
    const served = async (req: FastifyRequest, reply: FastifyReply, p: ReviewParams) => {
      const r = responseOf(await storedReport(ctx.db, actorOf(req), p, options));
      void reply.type('application/json; charset=utf-8').header('vary', 'accept-encoding');
      if (r.json.length >= GZIP_FROM && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
        void reply.header('content-encoding', 'gzip');
        return r.gzip() as never;
      }
      return r.json as never;
    };
    // Refreshes started in the background by a read finish before the database closes.
    app.addHook('onClose', async () => { await settleReviewRefreshes(); });

    app.get('/api/review/engagement', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['overview'], summary: 'Response to each post and activity, and chatter per group (复盘)',
        querystring: z.object({ from: queryDay.optional(), to: queryDay.optional(), windowMinutes: z.coerce.number().int().min(1).max(10_080).default(120), groupId: groupQuery }),
        response: {
          200: EngagementBody.extend({ computedAt }),
          ...errorResponses,
        },
      },
    }, async (req, reply) => {
      const actor = actorOf(req);
      return served(req, reply, { kind: 'engagement', range: await rangeOf(actor.workspaceId, req.query), windowMinutes: req.query.windowMinutes, groupId: req.query.groupId });
    });

    app.get('/api/review/retention', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['overview'], summary: 'Cohorts by join week or month and source (D1/W1/M1, curves), monthly writers, core members, retention across a pause',
        querystring: z.object({ from: queryDay.optional(), to: queryDay.optional(), grain: z.enum(['week', 'month']).default('week'), groupId: groupQuery }),
        response: {
          200: RetentionBody.extend({ computedAt }),
          ...errorResponses,
        },
      },
    }, async (req, reply) => {
      const actor = actorOf(req);
      return served(req, reply, { kind: 'retention', range: await rangeOf(actor.workspaceId, req.query), grain: req.query.grain, groupId: req.query.groupId });
    });

    app.get('/api/review/funnels', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['overview'], summary: 'Scanned → joined → first message → active at W1 → converted, by source and by live code; referral coefficient; KOL coverage',
        querystring: z.object({ from: queryDay.optional(), to: queryDay.optional() }),
        response: {
          200: FunnelsBody.extend({ computedAt }),
          ...errorResponses,
        },
      },
    }, async (req, reply) => {
      const actor = actorOf(req);
      return served(req, reply, { kind: 'funnels', range: await rangeOf(actor.workspaceId, req.query) });
    });

    app.get('/api/review/health', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['overview'], summary: 'ISOOC health score per group with its parts, and the dead-group early warnings',
        response: {
          200: HealthBody.extend({ computedAt }),
          ...errorResponses,
        },
      },
    }, async (req, reply) => served(req, reply, { kind: 'health' }));

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
