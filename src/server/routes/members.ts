/**
 * Member routes: validate, call src/members/queries.ts in the request's workspace, answer.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getMember, listMembers } from '../../members/queries.ts';
import { AppError, errorResponses } from '../errors.ts';
import { checkOneStart, decodeCursor, encodeCursor, pageOf, pageQuery } from '../pagination.ts';
import type { ServerContext } from '../context.ts';

const day = z.iso.date().describe('YYYY-MM-DD in the workspace time zone');
const time = z.iso.datetime();

const MemberSummary = z.object({
  id: z.number().int(),
  displayName: z.string(),
  firstSeenAt: time,
  groups: z.number().int().describe('groups the member is in now'),
  messages30d: z.number().int().describe('messages in the last 30 days, all groups'),
  lastActiveOn: day.nullable().describe('last day the member posted'),
}).meta({ id: 'MemberSummary' });

const MemberDetail = MemberSummary.extend({
  identities: z.array(z.object({
    accountId: z.number().int(), platform: z.string(), platformUserId: z.string(), displayName: z.string(), isBot: z.boolean(),
  })),
  memberships: z.array(z.object({
    groupId: z.number().int(),
    name: z.string(),
    active: z.boolean().describe('in the group now'),
    firstJoinedAt: time.nullable(),
    joinedAt: time.nullable().describe('latest join'),
    leftAt: time.nullable().describe('latest leave'),
    source: z.string().nullable().describe('source of the latest join'),
    inviterMemberId: z.number().int().nullable(),
    staffId: z.string().nullable(),
    leaveReason: z.string().nullable(),
    messages30d: z.number().int(),
  })),
  daily: z.array(z.object({ day, messages: z.number().int() })).describe('messages per day, the last 30 days, oldest first'),
}).meta({ id: 'MemberDetail' });

const MemberCursor = z.tuple([z.literal('members'), z.number().int()]);

export function memberRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/members', {
      schema: {
        tags: ['members'],
        summary: 'List members, newest first',
        querystring: z.object({
          ...pageQuery,
          q: z.string().trim().min(1).max(200).optional().describe('part of the display name, any case'),
          groupId: z.coerce.number().int().positive().optional().describe('only members in this group now'),
        }),
        response: { 200: pageOf(MemberSummary, 'MemberPage'), ...errorResponses },
      },
    }, async (req) => {
      const q = req.query;
      checkOneStart(q);
      const beforeId = q.cursor !== undefined ? decodeCursor(q.cursor, MemberCursor)[1] : undefined;
      const page = await listMembers(ctx.db, req.workspaceId, { limit: q.limit, q: q.q, groupId: q.groupId, beforeId, offset: q.offset });
      return { items: page.items, total: page.total, nextCursor: page.next !== null ? encodeCursor(['members', page.next]) : null };
    });

    app.get('/api/members/:id', {
      schema: {
        tags: ['members'],
        summary: 'One member with identities, groups and activity',
        params: z.object({ id: z.coerce.number().int().positive() }),
        response: { 200: MemberDetail, ...errorResponses },
      },
    }, async (req) => {
      const member = await getMember(ctx.db, req.workspaceId, req.params.id);
      if (!member) throw new AppError('not_found', `no member ${req.params.id}`);
      return member;
    });
  };
}
