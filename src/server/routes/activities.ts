/**
 * Activity, check-in, trust and KOL routes (docs/activities.md): validate, check access, call
 * src/activities/, answer. An operator sees and runs activities of their own groups only; every
 * change is audited. Deliveries of an activity's posts are read from the outbox by origin.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertGroupAccess, assertMemberAccess, isScopedToAssignedGroups, type Actor } from '../../auth/access.ts';
import { recordAudit } from '../../audit/record.ts';
import type { Queryable } from '../../db/database.ts';
import { NewActivity } from '../../activities/config.ts';
import { DAILY_CARD_LINE, dailyCardFacts, renderDailyCard } from '../../activities/daily-card.ts';
import { DrawRecord, verifyDraw } from '../../activities/draw.ts';
import { kolOverview, runKolReview } from '../../activities/kol-store.ts';
import { checkinLeaderboard, closeActivity, createActivity, drawRecord, getActivity, listActivities, memberStreak } from '../../activities/store.ts';
import { dayInZone } from '../../activities/streaks.ts';
import { memberTrust, updateTrustLevels } from '../../activities/trust-store.ts';
import { listActions } from '../../outbox/outbox.ts';
import { AppError } from '../../errors.ts';
import { actorOf } from '../auth-hooks.ts';
import { errorResponses } from '../errors.ts';
import { pageOf, pageQuery } from '../pagination.ts';
import { queryDay, text } from '../schemas.ts';
import type { ServerContext } from '../context.ts';

const int = z.number().int();
const time = z.iso.datetime();
const Id = z.object({ id: z.coerce.number().int().positive() });

const Activity = z.object({
  id: int, groupId: int, groupName: z.string(), kind: z.enum(['poll', 'quiz', 'draw']), title: z.string(), state: z.enum(['open', 'closed']),
  config: z.record(z.string(), z.unknown()), commitment: z.string().nullable().describe("a draw's SHA-256 commitment, posted when it opened"),
  seed: z.string().nullable().describe("a draw's seed, revealed once it closed"), result: z.record(z.string(), z.unknown()).nullable(),
  createdAt: time, closesAt: time.nullable(), closedAt: time.nullable(), entries: int.describe('members who took part'),
}).meta({ id: 'Activity' });

const Delivery = z.object({ key: z.string(), state: z.string(), error: z.string().nullable(), instead: z.string().nullable(), sentAt: time.nullable(), text: z.string().nullable() }).meta({ id: 'OutboxDelivery' });

const ActivityDetail = z.object({
  activity: Activity,
  deliveries: z.array(Delivery).describe("the activity's posts and their delivery (outbox)"),
  verification: z.object({ ok: z.boolean(), problems: z.array(z.string()), recomputedWinners: z.array(z.string()) }).nullable().describe('a closed draw re-run from its seed'),
}).meta({ id: 'ActivityDetail' });

const LeaderboardRow = z.object({ memberId: int, name: z.string(), streak: int, longest: int, total: int, lastDay: z.string().nullable() }).meta({ id: 'CheckinLeaderboardRow' });

const Reason = z.object({ level: int, requirement: z.string(), value: z.number().nullable(), needed: z.number().nullable(), met: z.boolean() });
const Trust = z.object({
  memberId: int, level: int,
  facts: z.object({ distinctRepliers: int, answeredQuestions: int, longestStreak: int, tenureDays: int, daysSinceStrike: int.nullable() }).nullable(),
  reasons: z.array(Reason), evaluatedAt: time.nullable(),
  changes: z.array(z.object({ fromLevel: int, toLevel: int, reasons: z.array(Reason), at: time })),
}).meta({ id: 'MemberTrust' });

const KolRow = z.object({ memberId: int, name: z.string(), status: z.string(), pagerank: z.number(), distinctRepliers: int, reasons: z.array(z.string()), since: time.nullable(), tasksDue: int, tasksDone: int }).meta({ id: 'KolRow' });
const KolOverview = z.object({
  kols: z.array(KolRow), candidates: z.array(KolRow),
  coverage: z.array(z.object({ groupId: int, groupName: z.string(), members: int, covered: int, share: z.number(), kols: int })),
}).meta({ id: 'KolOverview' });

/** The groups an operator may see; null for roles that see the whole workspace. */
async function visibleGroups(db: Queryable, actor: Actor): Promise<number[] | null> {
  if (!isScopedToAssignedGroups(actor)) return null;
  return (await db.query<{ id: number }>('select id from groups where workspace_id = $1 and owner_staff_id = $2', [actor.workspaceId, actor.userId])).map((r) => Number(r.id));
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
function present(a: Awaited<ReturnType<typeof getActivity>>) {
  return { ...a, createdAt: iso(a.createdAt)!, closesAt: iso(a.closesAt), closedAt: iso(a.closedAt) };
}

export function activityRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/activities', {
      config: { minRole: 'viewer' },
      schema: { tags: ['activities'], summary: 'Polls, quizzes and draws, newest first', querystring: z.object({ ...pageQuery }), response: { 200: pageOf(Activity, 'ActivityPage'), ...errorResponses } },
    }, async (req) => {
      const actor = actorOf(req);
      const r = await listActivities(ctx.db, actor.workspaceId, { groupIds: await visibleGroups(ctx.db, actor), limit: req.query.limit, offset: req.query.offset });
      return { ...r, items: r.items.map(present) };
    });

    app.post('/api/activities', {
      config: { minRole: 'operator' },
      schema: { tags: ['activities'], summary: 'Start a poll, quiz or draw in a group (posted to the group)', body: NewActivity, response: { 200: Activity, ...errorResponses } },
    }, async (req) => {
      const actor = actorOf(req);
      await assertGroupAccess(ctx.db, actor, req.body.groupId, { write: true });
      const id = await ctx.db.transaction(async (tx) => {
        const r = await createActivity(tx, actor.workspaceId, req.body, { createdBy: actor.userId, origin: `staff:${actor.userId}` });
        await recordAudit(tx, actor, { action: 'activity.create', target: `group:${req.body.groupId}`, detail: { activity: r.id, kind: req.body.kind, value: req.body.title } });
        return r.id;
      });
      return present(await getActivity(ctx.db, actor.workspaceId, id));
    });

    app.get('/api/activities/:id', {
      config: { minRole: 'viewer' },
      schema: { tags: ['activities'], summary: 'An activity with its result and the delivery of its posts', params: Id, response: { 200: ActivityDetail, ...errorResponses } },
    }, async (req) => {
      const actor = actorOf(req);
      const a = await getActivity(ctx.db, actor.workspaceId, req.params.id);
      await assertGroupAccess(ctx.db, actor, a.groupId, { write: false });
      const deliveries = (await listActions(ctx.db, actor.workspaceId, `activities:activity:${a.id}`)).items.map((d) => ({
        key: d.key, state: d.state, error: d.error, instead: d.instead, sentAt: iso(d.sentAt), text: typeof d.payload.text === 'string' ? d.payload.text : null,
      }));
      let verification = null;
      if (a.kind === 'draw' && a.state === 'closed') {
        const v = verifyDraw(await drawRecord(ctx.db, actor.workspaceId, a.id));
        verification = { ok: v.ok, problems: v.problems, recomputedWinners: v.recomputedWinners };
      }
      return { activity: present(a), deliveries, verification };
    });

    app.post('/api/activities/:id/close', {
      config: { minRole: 'operator' },
      schema: { tags: ['activities'], summary: 'Close an activity now: count, score or draw, and post the result', params: Id, body: z.object({}).strict().optional(), response: { 200: Activity, ...errorResponses } },
    }, async (req) => {
      const actor = actorOf(req);
      const a = await getActivity(ctx.db, actor.workspaceId, req.params.id);
      await assertGroupAccess(ctx.db, actor, a.groupId, { write: true });
      const closed = await ctx.db.transaction(async (tx) => {
        const r = await closeActivity(tx, actor.workspaceId, a.id);
        await recordAudit(tx, actor, { action: 'activity.close', target: `group:${a.groupId}`, detail: { activity: a.id, kind: a.kind, value: a.title } });
        return r;
      });
      return present(closed);
    });

    app.get('/api/activities/:id/draw.json', {
      config: { minRole: 'viewer' },
      schema: { tags: ['activities'], summary: "A closed draw's record, for `qunyun draw verify --file`", params: Id, response: { 200: DrawRecord, ...errorResponses } },
    }, async (req, reply) => {
      const actor = actorOf(req);
      const a = await getActivity(ctx.db, actor.workspaceId, req.params.id);
      await assertGroupAccess(ctx.db, actor, a.groupId, { write: false });
      reply.header('content-disposition', `attachment; filename="draw-${a.id}.json"`);
      return drawRecord(ctx.db, actor.workspaceId, a.id);
    });

    app.get('/api/checkins/leaderboard', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['activities'], summary: 'Check-in leaderboard: current streak, longest, total',
        querystring: z.object({ groupId: z.coerce.number().int().positive().optional(), day: queryDay.optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: z.object({ today: z.string(), rows: z.array(LeaderboardRow) }).meta({ id: 'CheckinLeaderboard' }), ...errorResponses },
      },
    }, async (req) => {
      const actor = actorOf(req);
      let groupIds = await visibleGroups(ctx.db, actor);
      if (req.query.groupId !== undefined) {
        await assertGroupAccess(ctx.db, actor, req.query.groupId, { write: false });
        groupIds = [req.query.groupId];
      }
      return checkinLeaderboard(ctx.db, actor.workspaceId, { groupIds, ...(req.query.day ? { today: req.query.day } : {}), limit: req.query.limit });
    });

    app.get('/api/daily-card.png', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['activities'], summary: 'The daily card (日签) as a PNG: the day with its lunar date and holiday, a line, a member and their streak',
        querystring: z.object({
          day: queryDay.optional().describe('default: today in the workspace zone'),
          text: text().trim().min(1).max(120).default(DAILY_CARD_LINE),
          memberId: z.coerce.number().int().positive().optional(), groupId: z.coerce.number().int().positive().optional(),
          name: text().trim().min(1).max(40).optional().describe('for a preview without a member'),
        }),
        response: { 200: z.any().describe('image/png'), ...errorResponses },
      },
    }, async (req, reply) => {
      const actor = actorOf(req);
      const [ws] = await ctx.db.query<{ timezone: string }>('select timezone from workspaces where id = $1', [actor.workspaceId]);
      const day = req.query.day ?? dayInZone(new Date(), ws?.timezone ?? 'Asia/Shanghai');
      let name = req.query.name ?? '群友';
      let streak = 0;
      let groupName: string | undefined;
      if (req.query.groupId !== undefined) {
        await assertGroupAccess(ctx.db, actor, req.query.groupId, { write: false });
        groupName = (await ctx.db.query<{ name: string }>('select name from groups where workspace_id = $1 and id = $2', [actor.workspaceId, req.query.groupId]))[0]?.name;
      }
      if (req.query.memberId !== undefined) {
        await assertMemberAccess(ctx.db, actor, req.query.memberId, { write: false });
        const [m] = await ctx.db.query<{ display_name: string }>('select display_name from members where workspace_id = $1 and id = $2', [actor.workspaceId, req.query.memberId]);
        if (!m) throw new AppError('not_found', `no member ${req.query.memberId}`);
        name = m.display_name;
        if (req.query.groupId !== undefined) streak = await memberStreak(ctx.db, actor.workspaceId, req.query.groupId, req.query.memberId, day);
      }
      dailyCardFacts(day);
      const png = renderDailyCard({ day, text: req.query.text, memberName: name, streak, ...(groupName ? { groupName } : {}) });
      reply.type('image/png').header('cache-control', 'private, max-age=60');
      return reply.send(png);
    });

    app.get('/api/kols', {
      config: { minRole: 'viewer' },
      schema: { tags: ['activities'], summary: 'KOLs, top candidates from the reply and mention graph (30 days), and KOL coverage per group', response: { 200: KolOverview, ...errorResponses } },
    }, async (req) => {
      const actor = actorOf(req);
      const o = await kolOverview(ctx.db, actor.workspaceId, await visibleGroups(ctx.db, actor));
      const row = (k: (typeof o.kols)[number]) => ({ ...k, since: iso(k.since) });
      return { kols: o.kols.map(row), candidates: o.candidates.map(row), coverage: o.coverage };
    });

    app.post('/api/kols/review', {
      config: { minRole: 'admin' },
      schema: { tags: ['activities'], summary: 'Run the KOL review and the trust levels now (they also run nightly)', body: z.object({}).strict().optional(), response: { 200: z.object({ promoted: int, eliminated: int, kept: int, trustPromoted: int, trustDemoted: int }), ...errorResponses } },
    }, async (req) => {
      const actor = actorOf(req);
      const kols = await runKolReview(ctx.db, actor.workspaceId);
      const trust = await updateTrustLevels(ctx.db, actor.workspaceId);
      const out = { ...kols, trustPromoted: trust.promoted, trustDemoted: trust.demoted };
      await recordAudit(ctx.db, actor, { action: 'kol.review', target: `workspace:${actor.workspaceId}`, detail: out });
      return out;
    });

    app.get('/api/members/:id/trust', {
      config: { minRole: 'viewer' },
      schema: { tags: ['activities', 'members'], summary: "A member's trust level with its reasons and history", params: Id, response: { 200: Trust, ...errorResponses } },
    }, async (req) => {
      const actor = actorOf(req);
      await assertMemberAccess(ctx.db, actor, req.params.id, { write: false });
      const t = await memberTrust(ctx.db, actor.workspaceId, req.params.id);
      return { ...t, evaluatedAt: iso(t.evaluatedAt), reasons: t.reasons as z.infer<typeof Reason>[], changes: t.changes.map((c) => ({ ...c, reasons: c.reasons as z.infer<typeof Reason>[], at: iso(c.at)! })) };
    });
  };
}
