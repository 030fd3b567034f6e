/**
 * Operators' actions on a group, carried out on its platform through the group's account
 * (src/actions/): post, mute, remove, invite links / join ways, and the group's push and link
 * history. Writes need the operator role and access to the group, and are audited. A platform
 * that cannot do something answers 422 `not_supported` with `instead`; a refusal answers 422
 * `platform_refused` (or 409) with the platform's reason.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { postToGroup, listPushes, muteMember, kickMember, MAX_MUTE_MINUTES } from '../../actions/group-actions.ts';
import { createInviteLink, listInviteLinks } from '../../actions/invite-links.ts';
import { decideJoinRequest, listJoinRequests } from '../../actions/join-requests.ts';
import { assertGroupAccess } from '../../auth/access.ts';
import { recordAudit } from '../../audit/record.ts';
import { actorOf } from '../auth-hooks.ts';
import { ErrorBody, errorResponses } from '../errors.ts';
import { text } from '../schemas.ts';
import type { ServerContext } from '../context.ts';

const Push = z.object({
  id: z.number().int(),
  groupId: z.number().int(),
  accountId: z.number().int(),
  text: z.string(),
  state: z.enum(['sent', 'awaiting_confirmation', 'failed']).describe('awaiting_confirmation: WeCom posts wait for a staff member to confirm them in the WeCom client'),
  platformMessageId: z.string().nullable(),
  error: z.string().nullable(),
  createdBy: z.number().int().nullable(),
  createdAt: z.iso.datetime(),
}).meta({ id: 'Push' });

const InviteLink = z.object({
  id: z.number().int(),
  groupId: z.number().int(),
  url: z.string().describe('the link (Telegram) or the join-way QR code image (WeCom)'),
  code: z.string().describe('what joins through it carry back (memberships.inviteCode)'),
  source: z.string(),
  name: z.string().nullable(),
  memberLimit: z.number().int().nullable(),
  requiresApproval: z.boolean(),
  createdBy: z.object({ id: z.number().int(), name: z.string() }).nullable().describe('the staff member the joins are credited to'),
  createdAt: z.iso.datetime(),
  joins: z.number().int().describe('members whose latest join came through this link'),
}).meta({ id: 'InviteLink' });

const JoinRequest = z.object({
  memberId: z.number().int().nullable().describe('the requester as a member (use it to approve or decline)'),
  userId: z.string().describe("the requester's platform user id"),
  name: z.string(),
  requestedAt: z.iso.datetime(),
  source: z.string().nullable().describe('the source of the invite link the request came through'),
  inviteCode: z.string().nullable(),
  bio: z.string().nullable(),
}).meta({ id: 'JoinRequest' });

const groupParams = z.object({ id: z.coerce.number().int().positive() });
const memberParams = groupParams.extend({ memberId: z.coerce.number().int().positive() });
const page = z.object({ limit: z.coerce.number().int().min(1).max(200).default(20), offset: z.coerce.number().int().min(0).default(0) });
const errors = { ...errorResponses, 422: ErrorBody, 429: ErrorBody, 502: ErrorBody };

export function groupActionRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  const deps = { db: ctx.db, connector: (accountId: number) => ctx.runtime.connector(accountId) };
  return async (app) => {
    app.post('/api/groups/:id/messages', {
      config: { minRole: 'operator' },
      schema: {
        tags: ['actions'], summary: 'Posts a message to the group (WeCom: a mass-message task awaiting confirmation)',
        params: groupParams, body: z.object({ text: text().trim().min(1).max(4000) }).strict(),
        response: { 201: Push, ...errors },
      },
    }, async (req, reply) => {
      const actor = actorOf(req);
      await assertGroupAccess(ctx.db, actor, req.params.id, { write: true });
      const push = await postToGroup(deps, actor.workspaceId, req.params.id, req.body.text, actor.userId);
      await recordAudit(ctx.db, actor, { action: 'group.message.post', target: `group:${req.params.id}`, detail: { push: push.id, state: push.state } });
      return reply.code(201).send(push);
    });

    app.get('/api/groups/:id/pushes', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['actions'], summary: 'Posts made to the group through Qunyun, newest first',
        params: groupParams, querystring: page, response: { 200: z.object({ items: z.array(Push), total: z.number().int() }), ...errors },
      },
    }, async (req) => {
      const actor = actorOf(req);
      await assertGroupAccess(ctx.db, actor, req.params.id, { write: false });
      return listPushes(deps, actor.workspaceId, req.params.id, req.query);
    });

    app.post('/api/groups/:id/members/:memberId/mute', {
      config: { minRole: 'operator' },
      schema: {
        tags: ['actions'], summary: 'Mutes a member of the group for a while',
        params: memberParams, body: z.object({ minutes: z.number().int().min(1).max(MAX_MUTE_MINUTES) }).strict(),
        response: { 200: z.object({ until: z.iso.datetime() }), ...errors },
      },
    }, async (req) => {
      const actor = actorOf(req);
      await assertGroupAccess(ctx.db, actor, req.params.id, { write: true });
      const done = await muteMember(deps, actor.workspaceId, req.params.id, req.params.memberId, req.body.minutes);
      await recordAudit(ctx.db, actor, { action: 'group.member.mute', target: `group:${req.params.id}`, detail: { member: req.params.memberId, minutes: req.body.minutes } });
      return done;
    });

    app.post('/api/groups/:id/members/:memberId/kick', {
      config: { minRole: 'operator' },
      schema: {
        tags: ['actions'], summary: 'Removes a member from the group (they may come back through a link)',
        params: memberParams, response: { 200: z.object({ ok: z.literal(true) }), ...errors },
      },
    }, async (req) => {
      const actor = actorOf(req);
      await assertGroupAccess(ctx.db, actor, req.params.id, { write: true });
      await kickMember(deps, actor.workspaceId, req.params.id, req.params.memberId);
      await recordAudit(ctx.db, actor, { action: 'group.member.kick', target: `group:${req.params.id}`, detail: { member: req.params.memberId } });
      return { ok: true as const };
    });

    app.post('/api/groups/:id/invite-links', {
      config: { minRole: 'operator' },
      schema: {
        tags: ['actions'], summary: 'Creates an invite link (WeCom: a join way) whose joins are attributed to its source and to you',
        params: groupParams,
        body: z.object({
          source: text().trim().min(1).max(64).regex(/^[^~]+$/, 'a source cannot contain ~').describe('qr_code, post, shop_12, …'),
          name: text().trim().min(1).max(32).optional(),
          memberLimit: z.number().int().min(1).max(99_999).optional(),
          requiresApproval: z.boolean().optional(),
        }).strict(),
        response: { 201: InviteLink, ...errors },
      },
    }, async (req, reply) => {
      const actor = actorOf(req);
      await assertGroupAccess(ctx.db, actor, req.params.id, { write: true });
      const link = await createInviteLink(deps, actor.workspaceId, req.params.id, req.body, actor.userId);
      await recordAudit(ctx.db, actor, { action: 'group.invite_link.create', target: `group:${req.params.id}`, detail: { link: link.id, source: link.source } });
      return reply.code(201).send(link);
    });

    app.get('/api/groups/:id/join-requests', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['actions'], summary: 'Requests to join the group waiting for approval (Telegram invite links that create join requests), oldest first',
        params: groupParams, response: { 200: z.object({ items: z.array(JoinRequest) }), ...errors },
      },
    }, async (req) => {
      const actor = actorOf(req);
      await assertGroupAccess(ctx.db, actor, req.params.id, { write: false });
      return listJoinRequests(ctx.db, actor.workspaceId, req.params.id);
    });

    for (const decision of ['approve', 'decline'] as const) {
      app.post(`/api/groups/:id/join-requests/:memberId/${decision}`, {
        config: { minRole: 'operator' },
        schema: {
          tags: ['actions'],
          summary: decision === 'approve'
            ? "Approves the member's request to join (done once: approving again changes nothing)"
            : "Declines the member's request to join (done once: declining again changes nothing)",
          params: memberParams, response: { 200: z.object({ status: z.enum(['approved', 'declined']) }), ...errors },
        },
      }, async (req) => {
        const actor = actorOf(req);
        await assertGroupAccess(ctx.db, actor, req.params.id, { write: true });
        const done = await decideJoinRequest(deps, actor.workspaceId, req.params.id, req.params.memberId, decision);
        await recordAudit(ctx.db, actor, { action: `group.join_request.${decision}`, target: `group:${req.params.id}`, detail: { member: req.params.memberId } });
        return done;
      });
    }

    app.get('/api/groups/:id/invite-links', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['actions'], summary: "The group's invite links with the joins through each",
        params: groupParams, querystring: page, response: { 200: z.object({ items: z.array(InviteLink), total: z.number().int() }), ...errors },
      },
    }, async (req) => {
      const actor = actorOf(req);
      await assertGroupAccess(ctx.db, actor, req.params.id, { write: false });
      return listInviteLinks(deps, actor.workspaceId, req.params.id, req.query);
    });
  };
}
