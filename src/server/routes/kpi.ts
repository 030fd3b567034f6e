/** 复盘 operator KPIs (issue #17 item 5): each group's and each operator's outcomes, and the leaderboard (src/review/kpi.ts). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../auth-hooks.ts';
import { errorResponses } from '../errors.ts';
import { queryDay } from '../schemas.ts';
import type { ServerContext } from '../context.ts';
import { resolveRange } from './overview.ts';
import { kpiReport } from '../../review/kpi-store.ts';

const int = z.number().int();
const n = z.number();
const day = z.string().describe('YYYY-MM-DD in the workspace time zone');
const Rate = z.object({ done: int, of: int, rate: n.nullable().describe('null: nothing to measure') }).meta({ id: 'KpiRate' });

export function kpiRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/review/kpis', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['overview'],
        summary: "Operator KPIs: retention (W1 of newcomers), response rate to posts, conversion (buyers ÷ members) and task completion (pushes sent, calendar entries done) per group and per operator, with the leaderboard (an operator: their own)",
        querystring: z.object({ from: queryDay.optional(), to: queryDay.optional() }),
        response: {
          200: z.object({
            range: z.object({ from: day, to: day }), today: day,
            groups: z.array(z.object({
              groupId: int, name: z.string(), operatorId: int.nullable(), operatorName: z.string().nullable(), members: int,
              newcomers: int, w1Eligible: int, w1Retained: int, posts: int, answered: int, buyers: int, orders: int, revenueCents: int,
              pushes: int, pushesSent: int, activities: int,
              retention: n.nullable(), responseRate: n.nullable(), conversion: n.nullable(), taskCompletion: n.nullable(),
            })),
            operators: z.array(z.object({
              userId: int, name: z.string(), groups: int, members: int, newcomers: int,
              retention: Rate, responseRate: Rate, conversion: Rate, taskCompletion: Rate,
              orders: int, revenueCents: int, activities: int, calendarDue: int, calendarDone: int,
              score: int.nullable().describe('0–100: mean percentile rank on the four rates'), rank: int.nullable(),
            })),
          }),
          ...errorResponses,
        },
      },
    }, async (req) => {
      const actor = actorOf(req);
      return kpiReport(ctx.db, actor, await resolveRange(ctx, actor.workspaceId, req.query));
    });
  };
}
