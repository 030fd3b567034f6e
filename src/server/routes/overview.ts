/** The overview figures and the filter facets, for what the actor sees. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getFacets } from '../../analytics/facets.ts';
import { addDays, daysBetween, GrainQuery, grains, type Grain } from '../../analytics/grain.ts';
import { firstActiveDay, getOverview } from '../../analytics/overview.ts';
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

/** The longest span a grain may draw (a month grain reaches from MIN_DAY to MAX_DAY). */
const MAX_DAYS: Record<Grain, number> = { day: 1_096, week: 3_653, month: Number.POSITIVE_INFINITY };

export interface RangeQuery { from?: string | undefined; to?: string | undefined; all?: boolean | undefined; grain?: Grain | undefined }

/**
 * The workspace's today, and a range: from…to, or with `all` from the first day with activity
 * (firstDay; today when there is none) to `to`; by default the 30 days ending today. Any span
 * works at the grain the range chooses; a grain asked for may draw at most 3 years by day and 10
 * years by week.
 */
export async function resolveRange(ctx: ServerContext, workspaceId: number, q: RangeQuery, firstDay?: () => Promise<string | null>): Promise<{ from: string; to: string }> {
  const today = (await ctx.db.query<{ d: string }>(`select (now() at time zone timezone)::date::text as d from workspaces where id = $1`, [workspaceId]))[0]!.d;
  const to = q.to ?? today;
  if (q.all && q.from !== undefined) throw new AppError('bad_request', 'give either from or all, not both');
  let from = q.from ?? addDays(to, -29);
  if (q.all) {
    const first = firstDay ? await firstDay() : null;
    from = first !== null && first < to ? first : to;
  }
  if (from > to) throw new AppError('bad_request', 'from must not be after to');
  if (q.grain && daysBetween(from, to) > MAX_DAYS[q.grain]) {
    throw new AppError('bad_request', `a range drawn by ${q.grain} spans at most ${MAX_DAYS[q.grain]} days; choose a coarser grain`);
  }
  return { from, to };
}

/** The query of a ranged figure: from/to, or all history; and the grain. */
export const rangeQuery = {
  from: queryDay.optional(), to: queryDay.optional(),
  all: z.enum(['true', 'false']).transform((v) => v === 'true').optional().describe('from the first day with activity (instead of from)'),
  grain: GrainQuery,
};

export function overviewRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/overview', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['overview'], summary: 'Totals of a period against the period before, and the series by day, week or month',
        querystring: z.object(rangeQuery),
        response: {
          200: z.object({
            range: z.object({ from: day, to: day }), grain: z.enum(grains).describe('the grain of the series'), totals: Totals, previous: Totals,
            series: z.array(z.object({
              day: day.describe('first day of the point (day, week or month) within the range'), end: day.describe('its last day within the range'),
              messages: n, joins: n, leaves: n, activeMembers: n.describe('distinct members who wrote in the point\'s days'),
              partial: z.boolean().describe('the point holds today: not over yet'),
            })),
          }),
          ...errorResponses,
        },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const range = await resolveRange(ctx, actor.workspaceId, req.query, () => firstActiveDay(ctx.db, actor));
      return getOverview(ctx.db, actor, range, req.query.grain);
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
