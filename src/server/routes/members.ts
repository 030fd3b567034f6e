/**
 * Member routes (docs/console-api.md, "Members"): validate, check access, call src/members/, answer.
 */
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertGroupAccess, assertMemberAccess } from '../../auth/access.ts';
import { getMemberDetail, listMembers, memberSorts, stages } from '../../members/queries.ts';
import { eraseMember, EXPORT_FORMAT, exportMember } from '../../members/privacy.ts';
import { bulkTagMembers, setMemberTags } from '../../members/tags.ts';
import { linkedMembers, linkMembers, unlinkMember } from '../../members/people.ts';
import { actorOf } from '../auth-hooks.ts';
import { AppError } from '../../errors.ts';
import { errorResponses } from '../errors.ts';
import { orderQuery, pageOf, pageQuery } from '../pagination.ts';
import { text } from '../schemas.ts';
import type { ServerContext } from '../context.ts';

const int = z.number().int();
const time = z.iso.datetime();
const Id = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const Tag = text().trim().min(1).max(100);

const MemberRow = z.object({
  id: int, name: z.string(), tags: z.array(z.string()), groups: int.describe('groups the member is in now'),
  lastActiveAt: time.nullable().describe('last message'), messages30d: int, stage: z.enum(stages),
}).meta({ id: 'MemberRow' });

const MemberDetail = z.object({
  id: int, name: z.string(), firstSeenAt: time, stage: z.enum(stages), tags: z.array(z.string()),
  erasedAt: time.nullable().describe("when the person's data was erased; the name is a placeholder then"),
  identities: z.array(z.object({ platform: z.string(), platformUserId: z.string(), displayName: z.string().nullable() })),
  groups: z.array(z.object({ id: int, name: z.string(), active: z.boolean(), joinedAt: time, leftAt: time.nullable(), source: z.string().nullable() })),
  timeline: z.array(z.object({ at: time, type: z.enum(['join', 'leave', 'message', 'tag']), groupName: z.string().optional(), text: z.string().optional() })),
  activity: z.array(z.object({ day: z.iso.date(), messages: int })),
}).meta({ id: 'MemberDetail' });

const LinkedMember = z.object({
  id: int, name: z.string(), identities: z.array(z.object({ platform: z.string(), platformUserId: z.string() })),
}).meta({ id: 'LinkedMember' });

const Row = z.record(z.string(), z.unknown());
/** For the OpenAPI document: the export is streamed as written, not through this schema. */
const MemberExport = z.object({
  format: z.literal(EXPORT_FORMAT), exportedAt: time,
  workspace: z.object({ id: int, slug: z.string(), name: z.string(), timezone: z.string() }),
  member: z.object({ id: int, name: z.string(), firstSeenAt: time, erasedAt: time.nullable() }),
  identities: z.array(Row).describe('platform identities: account, platform, platform user id, name, bot, when the name was seen'),
  tags: z.array(z.object({ tag: z.string(), createdAt: time })),
  memberships: z.array(Row).describe('groups joined and left, with source, invite code, inviter, staff and the invite link'),
  referrals: z.array(z.object({ groupId: int, joins: int })).describe('joins attributed to this member as inviter, per group'),
  audit: z.array(Row).describe('audit entries about the member: tags, mutes, kicks, exports'),
  messages: z.array(Row).describe('every message: group, time, kind, text (latest edit), deletion, reactions, reply, mentions'),
  events: z.array(Row).describe('every other event of theirs (joins, leaves, reactions, edits, profiles) with its payload'),
  counts: z.object({ messages: int, events: int }),
}).meta({ id: 'MemberExport' });

const Erasure = z.object({
  id: int, name: z.string().describe('the anonymous placeholder name the member has now'), erasedAt: time,
  identities: int, messages: int, events: int, tags: int,
}).meta({ id: 'MemberErasure' });

export function memberRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/members', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['members'], summary: 'List members (an operator: the members of their groups)',
        querystring: z.object({
          ...pageQuery,
          sort: z.enum(memberSorts).default('name'), order: orderQuery('asc'),
          q: text().trim().min(1).max(200).optional().describe('part of the name, any case'),
          tag: text().max(100).optional(), stage: z.enum(stages).optional(),
          groupId: z.coerce.number().int().positive().optional().describe('only members in this group now'),
        }),
        response: { 200: pageOf(MemberRow, 'MemberPage'), ...errorResponses },
      },
    }, async (req) => {
      const actor = actorOf(req);
      if (req.query.groupId !== undefined) await assertGroupAccess(ctx.db, actor, req.query.groupId, { write: false });
      return listMembers(ctx.db, actor, req.query);
    });

    app.get('/api/members/:id', {
      config: { minRole: 'viewer' },
      schema: { tags: ['members'], summary: "One member's profile and timeline", params: Id, response: { 200: MemberDetail, ...errorResponses } },
    }, async (req) => {
      const actor = actorOf(req);
      await assertMemberAccess(ctx.db, actor, req.params.id, { write: false });
      const member = await getMemberDetail(ctx.db, actor, req.params.id);
      if (!member) throw new AppError('not_found', `no member ${req.params.id}`);
      return member;
    });

    app.put('/api/members/:id/tags', {
      config: { minRole: 'operator' },
      schema: {
        tags: ['members'], summary: "Replace a member's tags", params: Id, body: z.object({ tags: z.array(Tag).max(100) }),
        response: { 200: z.object({ tags: z.array(z.string()) }), ...errorResponses },
      },
    }, async (req) => setMemberTags(ctx.db, actorOf(req), req.params.id, req.body.tags));

    app.post('/api/members/bulk-tag', {
      config: { minRole: 'operator' },
      schema: {
        tags: ['members'], summary: 'Add and remove tags on several members',
        body: z.object({ ids: z.array(z.number().int().positive()).min(1).max(1000), add: z.array(Tag).max(50).default([]), remove: z.array(Tag).max(50).default([]) }),
        response: { 200: z.object({ updated: int }), ...errorResponses },
      },
    }, async (req) => bulkTagMembers(ctx.db, actorOf(req), req.body.ids, req.body.add, req.body.remove));

    // ---- linked identities: members who are one person (the ban list covers them all) ----
    app.get('/api/members/:id/links', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['members'], summary: 'The members linked to this one as the same person (other platforms, other accounts)',
        params: Id, response: { 200: z.object({ items: z.array(LinkedMember) }), ...errorResponses },
      },
    }, async (req) => {
      const actor = actorOf(req);
      await assertMemberAccess(ctx.db, actor, req.params.id, { write: false });
      return { items: await linkedMembers(ctx.db, actor.workspaceId, req.params.id) };
    });

    app.post('/api/members/:id/links', {
      config: { minRole: 'admin' },
      schema: {
        tags: ['members'], summary: 'Links another member to this one as the same person (a ban of either covers both, on every platform; audited)',
        params: Id, body: z.object({ memberId: z.number().int().positive().max(2_147_483_647) }),
        response: { 200: z.object({ linked: z.array(int).describe('every member of the person now') }), ...errorResponses },
      },
    }, async (req) => linkMembers(ctx.db, actorOf(req), req.params.id, req.body.memberId));

    app.post('/api/members/:id/unlink', {
      config: { minRole: 'admin' },
      schema: {
        tags: ['members'], summary: 'Takes this member out of the person they are linked to (audited)',
        params: Id, response: { 200: z.object({ ok: z.literal(true) }), ...errorResponses },
      },
    }, async (req) => unlinkMember(ctx.db, actorOf(req), req.params.id));

    app.get('/api/members/:id/export', {
      config: { minRole: 'admin' },
      schema: {
        tags: ['members', 'privacy'], summary: 'Everything held about a member, as one JSON document (a download; audited)',
        params: Id, response: { 200: MemberExport, ...errorResponses },
      },
    }, async (req, reply) => {
      const actor = actorOf(req);
      await assertMemberAccess(ctx.db, actor, req.params.id, { write: false });
      const chunks = await exportMember(ctx.db, actor, req.params.id);
      reply.type('application/json; charset=utf-8').header('content-disposition', `attachment; filename="member-${req.params.id}.json"`);
      // A stream is written as it comes, past the response schema (which documents its shape).
      return reply.send(Readable.from(chunks) as never);
    });

    app.post('/api/members/:id/erase', {
      config: { minRole: 'admin' },
      schema: {
        tags: ['members', 'privacy'],
        summary: "Erase a member's personal data: identities, names, tags, message texts; figures stay (audited, cannot be undone)",
        params: Id,
        body: z.object({ confirm: z.literal('ERASE').describe('"ERASE", to say it is meant') }),
        response: { 200: Erasure, ...errorResponses },
      },
    }, async (req) => {
      const actor = actorOf(req);
      await assertMemberAccess(ctx.db, actor, req.params.id, { write: true });
      return eraseMember(ctx.db, actor, req.params.id);
    });
  };
}
