/**
 * Group routes (docs/console-api.md, "Groups"): validate, check access, call src/groups/, answer.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertGroupAccess } from '../../auth/access.ts';
import { bulkGroups } from '../../groups/bulk.ts';
import { grains } from '../../analytics/grain.ts';
import { getGroupDetail, groupFirstDay, listGroupMembers } from '../../groups/detail.ts';
import { groupSorts, groupStages, healths, listGroups } from '../../groups/queries.ts';
import { workspaceSettings } from '../../workspaces/settings.ts';
import { actorOf } from '../auth-hooks.ts';
import { AppError } from '../../errors.ts';
import { errorResponses } from '../errors.ts';
import { orderQuery, pageOf, pageQuery } from '../pagination.ts';
import { text } from '../schemas.ts';
import type { ServerContext } from '../context.ts';
import { rangeQuery, resolveRange } from './overview.ts';

const day = z.iso.date().describe('YYYY-MM-DD in the workspace time zone');
const int = z.number().int();
const Id = z.object({ id: z.coerce.number().int().positive() });

const Group = z.object({
  id: int, platformGroupId: z.string(), platform: z.string(), name: z.string(), size: int.describe('members in the group now'),
  capacity: int, purpose: z.string().nullable(), layer: z.string().nullable(), status: z.string(),
  operator: z.object({ id: int, name: z.string() }).nullable().describe('the assigned operator'),
  tags: z.array(z.string()),
  messagesPerDay: z.number().describe('average over the last 7 days (today and the 6 before)'),
  sparkline: z.array(int).describe('messages per day, the last 14 days, oldest first'),
  activeMembers7d: int.describe('distinct members who wrote in the last 7 days'),
  joins7d: int, leaves7d: int, ageDays: int,
  health: z.enum(healths).describe('full ≥ 95% of capacity; silent: no message for 7 days; quiet: < 5 messages/day; thresholds are workspace settings'),
  stage: z.enum(groupStages).describe('stage in its life, from its age, size and activity trend: new (younger than 30 days), growing, mature, declining (messages of the last 7 days 30% above or below the weekly average of the 3 weeks before, or members ±10% in 7 days), dormant (no message for 30 days); thresholds are workspace settings'),
  measuredAt: day.nullable().describe('when the group had no event for 30 days (archived or imported): its last day with activity, at which health and the 7-day figures are measured; else null (today)'),
}).meta({ id: 'Group' });

const GroupDetail = Group.extend({
  range: z.object({ from: day, to: day }),
  grain: z.enum(grains).describe('the grain of the series: asked for, or chosen by the range (≤ 90 days: day; ≤ 2 years: week; longer: month)'),
  firstDay: day.nullable().describe('the first day with activity: where all history starts'),
  series: z.array(z.object({
    day: day.describe('first day of the point within the range'), end: day.describe('its last day within the range'),
    size: int.describe('memberships begun and not ended by the end of the point'), messages: int, joins: int, leaves: int, activeMembers: int.describe('distinct members who wrote in the point'),
    partial: z.boolean().describe('the point holds today: not over yet'),
  })),
  joinsBySource: z.array(z.object({ source: z.string(), joins: int })),
  topMembers: z.array(z.object({ id: int, name: z.string(), messages: int })).describe('most messages in the range (ties: the member seen first)'),
  recentMessages: z.array(z.object({
    id: int, member: z.object({ id: int, name: z.string() }), sentAt: z.iso.datetime(), kind: z.string(), text: z.string().nullable(), replyTo: int.nullable(),
  })).describe('the latest 50'),
}).meta({ id: 'GroupDetail' });

const many = <T extends z.ZodType>(item: T) => z.preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), z.array(item).optional());

export function groupRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/groups', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['groups'], summary: 'List groups with their figures (an operator: their groups)',
        querystring: z.object({
          ...pageQuery,
          sort: z.enum(groupSorts).default('name'), order: orderQuery('asc'),
          q: text().trim().min(1).max(200).optional().describe('part of the name, any case'),
          purpose: text().max(100).optional(), layer: text().max(100).optional(),
          operatorId: z.coerce.number().int().positive().optional(), tag: text().max(100).optional(),
          health: many(z.enum(healths)).describe('may repeat'),
          stage: many(z.enum(groupStages)).describe('may repeat'),
        }),
        response: { 200: pageOf(Group, 'GroupPage'), ...errorResponses },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const settings = await workspaceSettings(ctx.db, actor.workspaceId);
      return listGroups(ctx.db, actor, settings.health, req.query, settings.stage);
    });

    app.post('/api/groups/bulk', {
      config: { minRole: 'operator' },
      schema: {
        tags: ['groups'], summary: 'Tag, untag, set the layer of, or assign (admins) several groups',
        body: z.discriminatedUnion('action', [
          z.object({ ids: z.array(z.number().int().positive()).min(1).max(1000), action: z.enum(['tag', 'untag', 'setLayer']), value: text().trim().min(1).max(100) }),
          z.object({ ids: z.array(z.number().int().positive()).min(1).max(1000), action: z.literal('assign'), value: z.number().int().positive().nullable() }),
        ]),
        response: { 200: z.object({ updated: int }), ...errorResponses },
      },
    }, async (req) => {
      const { ids, ...change } = req.body;
      return bulkGroups(ctx.db, actorOf(req), ids, change);
    });

    app.get('/api/groups/:id', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['groups'], summary: 'One group with its series (default: the last 30 days; all=true: from its first event)', params: Id,
        querystring: z.object(rangeQuery),
        response: { 200: GroupDetail, ...errorResponses },
      },
    }, async (req) => {
      const actor = actorOf(req);
      await assertGroupAccess(ctx.db, actor, req.params.id, { write: false });
      const [settings, range] = await Promise.all([workspaceSettings(ctx.db, actor.workspaceId),
        resolveRange(ctx, actor.workspaceId, req.query, () => groupFirstDay(ctx.db, actor.workspaceId, req.params.id))]);
      const detail = await getGroupDetail(ctx.db, actor.workspaceId, settings.health, req.params.id, range, req.query.grain, settings.stage);
      if (!detail) throw new AppError('not_found', `no group ${req.params.id}`);
      return detail;
    });

    app.get('/api/groups/:id/members', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['groups'], summary: 'Members of a group, in it now first', params: Id, querystring: z.object(pageQuery),
        response: {
          200: pageOf(z.object({ id: int, name: z.string(), joinedAt: z.iso.datetime(), source: z.string().nullable(), active: z.boolean(), messages30d: int }), 'GroupMemberPage'),
          ...errorResponses,
        },
      },
    }, async (req) => {
      const actor = actorOf(req);
      await assertGroupAccess(ctx.db, actor, req.params.id, { write: false });
      return listGroupMembers(ctx.db, actor.workspaceId, req.params.id, req.query);
    });
  };
}
