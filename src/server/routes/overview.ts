/** The overview figures and the filter facets, for what the actor sees. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getFacets } from '../../analytics/facets.ts';
import { addDays, getOverview } from '../../analytics/overview.ts';
import { actorOf } from '../auth-hooks.ts';
import { AppError } from '../../errors.ts';
import { errorResponses } from '../errors.ts';
import { queryDay } from '../schemas.ts';
import type { ServerContext } from '../context.ts';

const day = z.iso.date().describe('YYYY-MM-DD in the workspace time zone');
const n = z.number();
const Totals = z.object({
  members: n.describe('memberships at the period\'s end: a person in two groups counts twice'),
  people: n.describe('distinct people in any of the groups at the period\'s end'),
  groups: n, joins: n, leaves: n, messages: n, activeMembersDaily: n, activeMembersWeekly: n }).meta({ id: 'Totals' });

/** The workspace's today, and a range defaulting to the 30 days ending today; at most 366 days. */
export async function resolveRange(ctx: ServerContext, workspaceId: number, q: { from?: string | undefined; to?: string | undefined }): Promise<{ from: string; to: string }> {
  const today = (await ctx.db.query<{ d: string }>(`select (now() at time zone timezone)::date::text as d from workspaces where id = $1`, [workspaceId]))[0]!.d;
  const to = q.to ?? today;
  const from = q.from ?? addDays(to, -29);
  if (from > to) throw new AppError('bad_request', 'from must not be after to');
  if (Date.parse(to) - Date.parse(from) > 366 * 86_400_000) throw new AppError('bad_request', 'a range spans at most 366 days');
  return { from, to };
}

export function overviewRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/overview', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['overview'], summary: 'Totals of a period against the period before, and the daily series',
        querystring: z.object({ from: queryDay.optional(), to: queryDay.optional() }),
        response: {
          200: z.object({
            range: z.object({ from: day, to: day }), totals: Totals, previous: Totals,
            series: z.array(z.object({ day, messages: n, joins: n, leaves: n, activeMembers: n, partial: z.boolean().describe('today: the day is not over') })),
          }),
          ...errorResponses,
        },
      },
    }, async (req) => {
      const actor = actorOf(req);
      return getOverview(ctx.db, actor, await resolveRange(ctx, actor.workspaceId, req.query));
    });

    app.get('/api/facets', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['overview'], summary: 'Values in use, for filters and bulk actions',
        response: {
          200: z.object({
            purposes: z.array(z.string()), layers: z.array(z.string()), groupTags: z.array(z.string()), memberTags: z.array(z.string()),
            operators: z.array(z.object({ id: z.number().int(), name: z.string() })),
          }),
          ...errorResponses,
        },
      },
    }, async (req) => getFacets(ctx.db, actorOf(req)));
  };
}
