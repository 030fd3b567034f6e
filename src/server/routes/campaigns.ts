/**
 * Referral campaigns (裂变活动) in the console (issue #15): set-up, the live funnel (visits →
 * joins → credited → rewarded), the leaderboard, participants and their links and posters, and the
 * fraud review queue (release / reject / reopen, each with a reason). Reads need the viewer role,
 * changes the operator role; every change is audited. The public page and posters: campaign-page.ts.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../../audit/record.ts';
import { AppError } from '../../errors.ts';
import { createCampaign, getCampaign, listCampaigns, participantLink, reviewReferral, setCampaignStatus, startParticipant, type CampaignRow } from '../../campaigns/store.ts';
import { boardOf, funnelOf, proofOf, reviewQueue } from '../../campaigns/stats.ts';
import { CampaignKind, CampaignSettings } from '../../campaigns/types.ts';
import { actorOf } from '../auth-hooks.ts';
import { ErrorBody, errorResponses } from '../errors.ts';
import { text } from '../schemas.ts';
import type { ServerContext } from '../context.ts';

const int = z.number().int();
const Funnel = z.object({
  visits: int, joins: int, credited: int, rewarded: int, held: int, withdrawn: int, rejected: int, pending: int, participants: int, rewardsIssued: int, rewardsHeld: int,
}).meta({ id: 'CampaignFunnel' });
const Campaign = z.object({
  id: int, slug: z.string(), url: z.string().describe('the public page'), codeId: int, name: z.string(), kind: CampaignKind, settings: CampaignSettings,
  stock: int, stockTotal: int, startsAt: z.iso.datetime(), endsAt: z.iso.datetime().nullable(), status: z.enum(['active', 'paused', 'ended']), art: z.string(), createdAt: z.iso.datetime(),
}).meta({ id: 'Campaign' });
const BoardLine = z.object({ rank: int, participantId: int, name: z.string(), count: int }).meta({ id: 'CampaignBoardLine' });
const Reason = z.object({
  rule: z.string(),
  code: z.string().optional().describe('which case of the rule: the console words it (campaigns.reasons.<code>); absent on reasons stored before codes'),
  params: z.record(z.string(), z.number()).optional().describe("the reason's numbers (hours, count, limit, …)"),
  text: z.string().describe('the reason in English (logs, CLI)'),
}).meta({ id: 'CampaignFraudReason' });
const ReviewItem = z.object({
  id: int, participantId: int, inviterName: z.string(), inviteeName: z.string(), inviteeMemberId: int,
  status: z.enum(['pending', 'credited', 'withdrawn', 'held', 'rejected']), reasons: z.array(Reason),
  joinedAt: z.iso.datetime(), spokeAt: z.iso.datetime().nullable(), leftAt: z.iso.datetime().nullable(), override: z.string().nullable(), note: z.string().nullable(),
}).meta({ id: 'CampaignReferral' });
const Detail = z.object({
  campaign: Campaign, funnel: Funnel, leaderboard: z.array(BoardLine),
  proof: z.object({ total: int, recent: z.array(z.object({ name: z.string(), reward: z.string(), at: z.iso.datetime() })) }),
}).meta({ id: 'CampaignDetail' });

const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const refParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647), referralId: z.coerce.number().int().positive().max(2_147_483_647) });
const errors = { ...errorResponses, 422: ErrorBody };

const CampaignInput = z.object({
  name: text().trim().min(1).max(60),
  codeId: z.number().int().positive().max(2_147_483_647).describe('the live code newcomers are routed through'),
  settings: CampaignSettings,
  stock: z.number().int().min(0).max(10_000_000),
  startsAt: z.iso.datetime({ offset: true }).optional(),
  endsAt: z.iso.datetime({ offset: true }).nullable().optional(),
  art: z.enum(['red', 'blue', 'green', 'purple']).default('red'),
}).strict();

export function campaignRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  const show = (c: CampaignRow) => {
    const { workspaceId: _w, startsAt, endsAt, createdAt, status, ...rest } = c;
    return { ...rest, status: status as 'active' | 'paused' | 'ended', url: `${ctx.publicUrl()}/k/${c.slug}`, startsAt: startsAt.toISOString(), endsAt: endsAt?.toISOString() ?? null, createdAt: createdAt.toISOString() };
  };
  async function detail(workspaceId: number, id: number) {
    const c = await getCampaign(ctx.db, workspaceId, id);
    const [funnel, leaderboard, proof] = await Promise.all([funnelOf(ctx.db, c), boardOf(ctx.db, c), proofOf(ctx.db, c)]);
    return { campaign: show(c), funnel, leaderboard, proof: { total: proof.total, recent: proof.recent.map((r) => ({ ...r, at: r.at.toISOString() })) } };
  }

  return async (app) => {
    app.get('/api/campaigns', {
      config: { minRole: 'viewer' },
      schema: { tags: ['campaigns'], summary: 'Referral campaigns, newest first, with their funnels', response: { 200: z.object({ items: z.array(z.object({ campaign: Campaign, funnel: Funnel })) }), ...errors } },
    }, async (req) => {
      const actor = actorOf(req);
      const list = await listCampaigns(ctx.db, actor.workspaceId);
      return { items: await Promise.all(list.map(async (c) => ({ campaign: show(c), funnel: await funnelOf(ctx.db, c) }))) };
    });

    app.post('/api/campaigns', {
      config: { minRole: 'operator' },
      schema: { tags: ['campaigns'], summary: 'Creates a referral campaign over a live code', body: CampaignInput, response: { 201: Detail, ...errors } },
    }, async (req, reply) => {
      const actor = actorOf(req);
      const b = req.body;
      const c = await createCampaign(ctx.db, actor.workspaceId, { ...b, startsAt: b.startsAt ? new Date(b.startsAt) : undefined, endsAt: b.endsAt ? new Date(b.endsAt) : null }, actor.userId);
      await recordAudit(ctx.db, actor, { action: 'campaign.create', target: `campaign:${c.id}`, detail: { kind: c.kind, stock: c.stock, code: c.codeId } });
      return reply.code(201).send(await detail(actor.workspaceId, c.id));
    });

    app.get('/api/campaigns/:id', {
      config: { minRole: 'viewer' },
      schema: { tags: ['campaigns'], summary: "A campaign's funnel, leaderboard and rewards paid", params: idParams, response: { 200: Detail, ...errors } },
    }, async (req) => detail(actorOf(req).workspaceId, req.params.id));

    app.post('/api/campaigns/:id/status', {
      config: { minRole: 'operator' },
      schema: { tags: ['campaigns'], summary: 'Pauses, resumes or ends a campaign', params: idParams, body: z.object({ status: z.enum(['active', 'paused', 'ended']) }).strict(), response: { 200: Detail, ...errors } },
    }, async (req) => {
      const actor = actorOf(req);
      const c = await setCampaignStatus(ctx.db, actor.workspaceId, req.params.id, req.body.status);
      await recordAudit(ctx.db, actor, { action: `campaign.${req.body.status === 'active' ? 'resume' : req.body.status === 'paused' ? 'pause' : 'end'}`, target: `campaign:${c.id}` });
      return detail(actor.workspaceId, c.id);
    });

    app.post('/api/campaigns/:id/participants', {
      config: { minRole: 'operator' },
      schema: {
        tags: ['campaigns'], summary: "Makes a member a participant (once): their personal link and poster", params: idParams,
        body: z.object({ memberId: z.number().int().positive().max(2_147_483_647), name: text().trim().min(1).max(40).optional() }).strict(),
        response: { 201: z.object({ participantId: int, name: z.string(), link: z.string(), poster: z.string() }), ...errors },
      },
    }, async (req, reply) => {
      const actor = actorOf(req);
      const c = await getCampaign(ctx.db, actor.workspaceId, req.params.id);
      const p = await startParticipant(ctx.db, c, req.body.memberId, req.body.name ? { name: req.body.name } : {});
      await recordAudit(ctx.db, actor, { action: 'campaign.participant', target: `campaign:${c.id}`, detail: { member: req.body.memberId } });
      const link = participantLink(ctx.publicUrl(), c, p);
      return reply.code(201).send({ participantId: p.id, name: p.name, link, poster: `${link}/poster.png` });
    });

    app.get('/api/campaigns/:id/referrals', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['campaigns'], summary: 'The fraud review queue: flagged referrals (held first) with their reasons, or those of one status', params: idParams,
        querystring: z.object({ status: z.enum(['flagged', 'pending', 'credited', 'withdrawn', 'held', 'rejected']).default('flagged') }),
        response: { 200: z.object({ items: z.array(ReviewItem) }), ...errors },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const c = await getCampaign(ctx.db, actor.workspaceId, req.params.id);
      const items = await reviewQueue(ctx.db, c, req.query.status);
      return { items: items.map((i) => ({ ...i, joinedAt: i.joinedAt.toISOString(), spokeAt: i.spokeAt?.toISOString() ?? null, leftAt: i.leftAt?.toISOString() ?? null })) };
    });

    app.post('/api/campaigns/:id/referrals/:referralId/review', {
      config: { minRole: 'operator' },
      schema: {
        tags: ['campaigns'], summary: "An operator's decision on a referral: release (credited), reject, or reopen (back to the rules); the reason is kept",
        params: refParams, body: z.object({ decision: z.enum(['release', 'reject', 'reopen']), note: text().trim().min(1).max(500) }).strict(),
        response: { 200: z.object({ status: z.enum(['pending', 'credited', 'withdrawn', 'held', 'rejected']) }), ...errors },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const c = await getCampaign(ctx.db, actor.workspaceId, req.params.id);
      const own = await ctx.db.query('select 1 from campaign_referrals where workspace_id = $1 and campaign_id = $2 and id = $3', [actor.workspaceId, c.id, req.params.referralId]);
      if (!own.length) throw new AppError('not_found', 'no such referral');
      const r = await reviewReferral(ctx.db, actor.workspaceId, req.params.referralId, req.body.decision, req.body.note, actor.userId);
      await recordAudit(ctx.db, actor, { action: `campaign.referral.${req.body.decision}`, target: `referral:${req.params.referralId}`, detail: { campaign: c.id, note: req.body.note, status: r.status } });
      return r;
    });
  };
}
