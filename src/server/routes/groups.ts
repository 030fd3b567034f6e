/**
 * Group routes: validate, call src/groups/queries.ts in the request's workspace, answer.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getGroup, groupSorts, listGroups } from '../../groups/queries.ts';
import { AppError, errorResponses } from '../errors.ts';
import { checkOneStart, decodeCursor, encodeCursor, pageOf, pageQuery } from '../pagination.ts';
import type { ServerContext } from '../context.ts';

const day = z.iso.date().describe('YYYY-MM-DD in the workspace time zone');

const GroupSummary = z.object({
  id: z.number().int(),
  platformGroupId: z.string(),
  name: z.string(),
  capacity: z.number().int(),
  size: z.number().int().describe('members in the group now'),
  purpose: z.string(),
  layer: z.string(),
  status: z.string(),
  createdAt: z.iso.datetime(),
  messagesPerDay: z.number().describe('average over the last 7 days (today and the 6 before)'),
  messagesToday: z.number().int(),
  activeMembersToday: z.number().int().describe('members who posted today'),
  activeMembers7d: z.number().int().describe('distinct members who posted in the last 7 days'),
  joins7d: z.number().int(),
  leaves7d: z.number().int(),
}).meta({ id: 'GroupSummary' });

const GroupDetail = GroupSummary.extend({
  accountId: z.number().int(),
  today: day,
  daily: z.array(z.object({
    day, messages: z.number().int(), joins: z.number().int(), leaves: z.number().int(), activeMembers: z.number().int(),
  })).describe('the last 30 days, oldest first'),
  joinsBySource: z.array(z.object({ source: z.string(), joins: z.number().int() })).describe('joins of the last 30 days by source'),
}).meta({ id: 'GroupDetail' });

const GroupCursor = z.tuple([z.enum(groupSorts), z.enum(['asc', 'desc']), z.string(), z.number().int()]);

export function groupRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/groups', {
      schema: {
        tags: ['groups'],
        summary: 'List groups with their figures',
        querystring: z.object({
          ...pageQuery,
          sort: z.enum(groupSorts).default('name'),
          order: z.enum(['asc', 'desc']).default('asc'),
        }),
        response: { 200: pageOf(GroupSummary, 'GroupPage'), ...errorResponses },
      },
    }, async (req) => {
      const q = req.query;
      checkOneStart(q);
      let after: { key: string; id: number } | undefined;
      if (q.cursor !== undefined) {
        const [sort, order, key, id] = decodeCursor(q.cursor, GroupCursor);
        if (sort !== q.sort || order !== q.order) throw new AppError('bad_request', 'cursor belongs to another sort order');
        after = { key, id };
      }
      const page = await listGroups(ctx.db, req.workspaceId, { limit: q.limit, sort: q.sort, order: q.order, after, offset: q.offset });
      return {
        items: page.items,
        total: page.total,
        nextCursor: page.next ? encodeCursor([q.sort, q.order, page.next.key, page.next.id]) : null,
      };
    });

    app.get('/api/groups/:id', {
      schema: {
        tags: ['groups'],
        summary: 'One group with its daily figures',
        params: z.object({ id: z.coerce.number().int().positive() }),
        response: { 200: GroupDetail, ...errorResponses },
      },
    }, async (req) => {
      const group = await getGroup(ctx.db, req.workspaceId, req.params.id);
      if (!group) throw new AppError('not_found', `no group ${req.params.id}`);
      return group;
    });
  };
}
