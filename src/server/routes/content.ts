/**
 * Content calendar, A/B test and live-session routes (docs/content.md): validate, check access,
 * call src/content/ and src/experiments/, answer; every change is audited. Posting to a whole
 * layer (a calendar post, an experiment over a layer) reaches groups beyond an operator's own, so
 * it needs an admin; an operator plans tasks, and experiments and live sessions in their groups.
 * The iCal feed is public behind its per-operator secret.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertGroupAccess, assertGroupsAccess, isScopedToAssignedGroups, type Actor } from '../../auth/access.ts';
import { recordAudit } from '../../audit/record.ts';
import { MonthlyPlan } from '../../content/calendar.ts';
import { defaultScript } from '../../content/live.ts';
import {
  calendarWeek, cancelEntry, computeLiveReport, createEntry, createLiveSession, EntryInput, feedFor, getLiveSession, getPlan, groupBestTime,
  listLiveSessions, LiveSessionInput, moveEntry, MoveInput, rotateFeedToken, savePlan, setOperatorChat,
} from '../../content/store.ts';
import { str } from '../../content/text.ts';
import { createExperiment, ExperimentInput, experimentResult, getExperiment, listExperiments, startExperiment, StartInput } from '../../experiments/store.ts';
import { AppError } from '../../errors.ts';
import { actorOf } from '../auth-hooks.ts';
import { errorResponses } from '../errors.ts';
import { pageOf, pageQuery } from '../pagination.ts';
import { queryDay } from '../schemas.ts';
import type { ServerContext } from '../context.ts';

const int = z.number().int();
const time = z.iso.datetime();
const Id = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

const Entry = z.object({
  id: int, day: z.string(), slot: z.string(), runAt: time, layer: z.string(), theme: z.string(), kind: z.string(), category: z.string(), text: z.string(),
  assigneeUserId: int.nullable(), status: z.string().describe('planned, done, missed or cancelled'), doneAt: time.nullable(), posted: int.describe('groups posted to'),
}).meta({ id: 'CalendarEntry' });
type EntryRow = Awaited<ReturnType<typeof createEntry>>;
const presentEntry = (e: EntryRow) => ({ ...e, runAt: iso(e.runAt)!, doneAt: iso(e.doneAt) });

const Week = z.object({
  week: z.string(), days: z.array(z.string()), layers: z.array(z.string()), slots: z.array(z.string()),
  entries: z.array(Entry).describe('the week’s entries; cells are (layer, day, slot)'),
}).meta({ id: 'CalendarWeek' });

const Variant = z.object({ name: z.string(), text: z.string(), weight: z.number() });
const Experiment = z.object({
  id: int, name: z.string(), unit: z.enum(['group', 'member']), holdoutShare: z.number(), category: z.string(), windowHours: int, alpha: z.number(),
  status: z.string(), startedAt: time.nullable(), createdAt: time, variants: z.array(Variant),
}).meta({ id: 'Experiment' });
type ExperimentRow = NonNullable<Awaited<ReturnType<typeof getExperiment>>>;
const presentExperiment = (e: ExperimentRow) => ({ id: e.id, name: e.name, unit: e.unit, holdoutShare: e.holdoutShare, category: e.category, windowHours: e.windowHours, alpha: e.alpha, status: e.status, startedAt: iso(e.startedAt), createdAt: iso(e.createdAt)!, variants: e.variants });

const ArmFigures = z.object({ arm: z.string(), units: int, reached: int, responded: int, messages: int, left: int, converted: int });
const VerdictSchema = z.object({
  kind: z.enum(['adopt', 'no_difference', 'too_few']), control: z.string(), challenger: z.string(), winner: z.string().nullable(),
  method: z.string(), p: z.number(), diff: z.number(), alpha: z.number(), morePerArm: int.nullable(), zh: z.string(), en: z.string(),
}).meta({ id: 'ExperimentVerdict' });
const ExperimentResult = z.object({
  experiment: Experiment, arms: z.array(ArmFigures), holdout: ArmFigures.nullable(), verdict: VerdictSchema.nullable(), holdoutVerdict: VerdictSchema.nullable(),
  icc: z.number(), designEffect: z.number(), complete: z.boolean().describe('the response window has passed'),
}).meta({ id: 'ExperimentResult' });
type V = NonNullable<Awaited<ReturnType<typeof experimentResult>>['verdict']>;
const presentVerdict = (v: V | null) => (v ? { kind: v.kind, control: v.control, challenger: v.challenger, winner: v.winner, method: v.test.method, p: v.test.p, diff: v.test.diff, alpha: v.alpha, morePerArm: v.morePerArm, zh: v.zh, en: v.en } : null);

const Step = z.object({ kind: z.string(), atMinute: int, messages: z.array(z.string()) });
const Report = z.object({
  messagesUsed: int, messagesBudget: int, minutesBudget: int, membersWhoSpoke: int, memberMessages: int,
  steps: z.array(z.object({ kind: z.string(), at: z.string(), posted: int, replies: int })), questions: int, sampleQuestions: z.array(z.string()),
}).meta({ id: 'LiveReport' });
const LiveSession = z.object({
  id: int, title: z.string(), groupIds: z.array(int), startsAt: time, maxMessages: int, maxMinutes: int, steps: z.array(Step), stepsPosted: int,
  status: z.string(), report: Report.nullable(), createdAt: time,
}).meta({ id: 'LiveSession' });
type LiveRow = NonNullable<Awaited<ReturnType<typeof getLiveSession>>>;
const presentLive = (s: LiveRow) => ({ ...s, startsAt: iso(s.startsAt)!, createdAt: iso(s.createdAt)! });

const BestTime = z.object({
  matrix: z.array(z.number()).describe('7 × 24 scores, index weekday*24+hour, Sunday = 0'),
  top: z.array(z.object({ weekday: int, hour: int, score: z.number(), messages: int })), weeks: int, messages: int,
}).meta({ id: 'BestTime' });

function assertLayerWide(actor: Actor, what: string): void {
  if (isScopedToAssignedGroups(actor)) throw new AppError('forbidden', `${what} reaches groups beyond yours: ask an admin`);
}

export function contentRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    // --- calendar ---
    app.get('/api/calendar', {
      config: { minRole: 'viewer' },
      schema: { tags: ['content'], summary: 'The weekly calendar (theme × day × slot per group layer)', querystring: z.object({ week: queryDay.optional() }), response: { 200: Week, ...errorResponses } },
    }, async (req) => {
      const actor = actorOf(req);
      const w = await calendarWeek(ctx.db, actor.workspaceId, req.query.week ?? new Date().toISOString().slice(0, 10));
      const entries = Object.values(w.cells).flatMap((days) => Object.values(days).flatMap((slots) => Object.values(slots).flat()));
      return { week: w.week, days: w.days, layers: w.layers, slots: w.slots, entries: entries.map(presentEntry) };
    });

    app.post('/api/calendar/entries', {
      config: { minRole: 'operator' },
      schema: { tags: ['content'], summary: 'Plan a post (runs by itself at its slot) or a task (reminded)', body: EntryInput, response: { 200: Entry, ...errorResponses } },
    }, async (req) => {
      const actor = actorOf(req);
      if ((req.body.kind ?? 'post') === 'post') assertLayerWide(actor, 'a post to a layer');
      return ctx.db.transaction(async (tx) => {
        const e = await createEntry(tx, actor.workspaceId, req.body, actor.userId);
        await recordAudit(tx, actor, { action: 'calendar.entry.create', target: `calendar:${e.id}`, detail: { value: `${e.day} ${e.slot} ${e.layer}: ${e.theme}`, kind: e.kind } });
        return presentEntry(e);
      });
    });

    app.post('/api/calendar/entries/:id/move', {
      config: { minRole: 'operator' },
      schema: { tags: ['content'], summary: 'Move a planned entry to another day, slot or layer (drag and drop)', params: Id, body: MoveInput, response: { 200: Entry, ...errorResponses } },
    }, async (req) => {
      const actor = actorOf(req);
      return ctx.db.transaction(async (tx) => {
        const [row] = await tx.query<{ kind: string }>('select kind from calendar_entries where workspace_id = $1 and id = $2', [actor.workspaceId, req.params.id]);
        if (!row) throw new AppError('not_found', 'no such calendar entry');
        if (row.kind === 'post') assertLayerWide(actor, 'a post to a layer');
        const e = await moveEntry(tx, actor.workspaceId, req.params.id, req.body);
        await recordAudit(tx, actor, { action: 'calendar.entry.move', target: `calendar:${e.id}`, detail: { value: `${e.day} ${e.slot} ${e.layer}` } });
        return presentEntry(e);
      });
    });

    app.delete('/api/calendar/entries/:id', {
      config: { minRole: 'operator' },
      schema: { tags: ['content'], summary: 'Cancel a planned entry', params: Id, response: { 204: z.null(), ...errorResponses } },
    }, async (req, reply) => {
      const actor = actorOf(req);
      await ctx.db.transaction(async (tx) => {
        const [row] = await tx.query<{ kind: string }>('select kind from calendar_entries where workspace_id = $1 and id = $2', [actor.workspaceId, req.params.id]);
        if (!row) throw new AppError('not_found', 'no such calendar entry');
        if (row.kind === 'post') assertLayerWide(actor, 'a post to a layer');
        await cancelEntry(tx, actor.workspaceId, req.params.id);
        await recordAudit(tx, actor, { action: 'calendar.entry.cancel', target: `calendar:${req.params.id}` });
      });
      return reply.status(204).send(null);
    });

    app.get('/api/calendar/plan', {
      config: { minRole: 'viewer' },
      schema: { tags: ['content'], summary: "A month's plan (acquisition target, topics, weekly live session, KOL tasks)", querystring: z.object({ month: queryDay }), response: { 200: z.object({ month: z.string(), plan: MonthlyPlan.nullable() }), ...errorResponses } },
    }, async (req) => {
      const actor = actorOf(req);
      return { month: `${req.query.month.slice(0, 7)}-01`, plan: await getPlan(ctx.db, actor.workspaceId, req.query.month) };
    });

    app.put('/api/calendar/plan', {
      config: { minRole: 'admin' },
      schema: { tags: ['content'], summary: "Save a month's plan; its live sessions and KOL tasks go on the calendar", body: z.object({ month: queryDay, plan: MonthlyPlan }).strict(), response: { 200: z.object({ added: int }), ...errorResponses } },
    }, async (req) => {
      const actor = actorOf(req);
      const r = await savePlan(ctx.db, actor.workspaceId, req.body.month, req.body.plan, actor.userId);
      await recordAudit(ctx.db, actor, { action: 'calendar.plan.save', target: `workspace:${actor.workspaceId}`, detail: { value: req.body.month.slice(0, 7), added: r.added } });
      return { added: r.added };
    });

    app.post('/api/calendar/feed', {
      config: { minRole: 'viewer' },
      schema: { tags: ['content'], summary: 'A new secret iCal URL for me (the old one stops working)', body: z.object({}).strict().optional(), response: { 200: z.object({ path: z.string() }), ...errorResponses } },
    }, async (req) => {
      const actor = actorOf(req);
      const token = await rotateFeedToken(ctx.db, actor.workspaceId, actor.userId);
      await recordAudit(ctx.db, actor, { action: 'calendar.feed.rotate', target: `user:${actor.userId}` });
      return { path: `/api/public/calendar/${token}` };
    });

    app.put('/api/calendar/chat', {
      config: { minRole: 'operator' },
      schema: { tags: ['content'], summary: 'Where my reminders go in chat: me as a member of a group (null: console only)', body: z.object({ chat: z.object({ groupId: int.positive().max(2_147_483_647), memberId: int.positive().max(2_147_483_647) }).strict().nullable() }).strict(), response: { 204: z.null(), ...errorResponses } },
    }, async (req, reply) => {
      const actor = actorOf(req);
      if (req.body.chat) {
        await assertGroupAccess(ctx.db, actor, req.body.chat.groupId, { write: true });
        const [m] = await ctx.db.query('select 1 from memberships where workspace_id = $1 and group_id = $2 and member_id = $3', [actor.workspaceId, req.body.chat.groupId, req.body.chat.memberId]);
        if (!m) throw new AppError('not_found', 'no such member in that group');
      }
      await setOperatorChat(ctx.db, actor.workspaceId, actor.userId, req.body.chat);
      await recordAudit(ctx.db, actor, { action: 'calendar.chat.set', target: `user:${actor.userId}`, detail: req.body.chat ? { group: req.body.chat.groupId, member: req.body.chat.memberId } : null });
      return reply.status(204).send(null);
    });

    app.get('/api/public/calendar/:token', {
      config: { public: true },
      schema: { tags: ['content'], summary: "An operator's calendar as iCal (text/calendar), behind its secret", params: z.object({ token: str().max(200) }) },
    }, async (req, reply) => {
      const ics = await feedFor(ctx.db, req.params.token.replace(/\.ics$/, ''));
      if (!ics) throw new AppError('not_found', 'no such calendar');
      return reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, max-age=300').send(ics);
    });

    app.get('/api/groups/:id/best-time', {
      config: { minRole: 'viewer' },
      schema: { tags: ['content'], summary: 'When members respond: response-weighted activity by weekday × hour, top slots', params: Id, querystring: z.object({ days: z.coerce.number().int().min(7).max(180).default(28) }), response: { 200: BestTime, ...errorResponses } },
    }, async (req) => {
      const actor = actorOf(req);
      await assertGroupAccess(ctx.db, actor, req.params.id, { write: false });
      return groupBestTime(ctx.db, actor.workspaceId, req.params.id, { days: req.query.days });
    });

    // --- experiments ---
    app.get('/api/experiments', {
      config: { minRole: 'viewer' },
      schema: { tags: ['content'], summary: 'A/B tests, newest first', querystring: z.object({ ...pageQuery }), response: { 200: pageOf(Experiment, 'ExperimentPage'), ...errorResponses } },
    }, async (req) => {
      const actor = actorOf(req);
      const r = await listExperiments(ctx.db, actor.workspaceId, { limit: req.query.limit, offset: req.query.offset });
      return { ...r, items: r.items.map(presentExperiment) };
    });

    app.post('/api/experiments', {
      config: { minRole: 'operator' },
      schema: { tags: ['content'], summary: 'Create an A/B test (a draft: start it to send)', body: ExperimentInput, response: { 200: Experiment, ...errorResponses } },
    }, async (req) => {
      const actor = actorOf(req);
      const e = await createExperiment(ctx.db, actor.workspaceId, req.body, actor.userId);
      await recordAudit(ctx.db, actor, { action: 'experiment.create', target: `experiment:${e.id}`, detail: { value: e.name, variants: e.variants.map((v) => v.name) } });
      return presentExperiment(e);
    });

    app.post('/api/experiments/:id/start', {
      config: { minRole: 'operator' },
      schema: { tags: ['content'], summary: 'Assign groups or members to the variants and send them (holdouts get nothing)', params: Id, body: StartInput, response: { 200: z.object({ arms: z.record(z.string(), int) }), ...errorResponses } },
    }, async (req) => {
      const actor = actorOf(req);
      const e = await getExperiment(ctx.db, actor.workspaceId, req.params.id);
      if (!e) throw new AppError('not_found', 'no such experiment');
      if (req.body.layer) assertLayerWide(actor, 'an experiment over a layer');
      await assertGroupsAccess(ctx.db, actor, req.body.groupIds ?? [], { write: true });
      const arms = await startExperiment(ctx.db, actor.workspaceId, e.id, req.body);
      await recordAudit(ctx.db, actor, { action: 'experiment.start', target: `experiment:${e.id}`, detail: { value: e.name, arms } });
      return { arms };
    });

    app.get('/api/experiments/:id/result', {
      config: { minRole: 'viewer' },
      schema: { tags: ['content'], summary: 'Response, leaves and conversion per arm, the significance test and the verdict (zh-CN, en)', params: Id, response: { 200: ExperimentResult, ...errorResponses } },
    }, async (req) => {
      const actor = actorOf(req);
      const r = await experimentResult(ctx.db, actor.workspaceId, req.params.id);
      return { ...r, experiment: presentExperiment(r.experiment), verdict: presentVerdict(r.verdict), holdoutVerdict: presentVerdict(r.holdoutVerdict) };
    });

    // --- live sessions ---
    app.get('/api/live-sessions', {
      config: { minRole: 'viewer' },
      schema: { tags: ['content'], summary: 'Live sessions, latest first', querystring: z.object({ ...pageQuery }), response: { 200: pageOf(LiveSession, 'LiveSessionPage'), ...errorResponses } },
    }, async (req) => {
      const actor = actorOf(req);
      const r = await listLiveSessions(ctx.db, actor.workspaceId, { limit: req.query.limit, offset: req.query.offset });
      return { ...r, items: r.items.map(presentLive) };
    });

    app.post('/api/live-sessions', {
      config: { minRole: 'operator' },
      schema: {
        tags: ['content'], summary: 'Plan a live session: its steps post on schedule within the message and time budget',
        body: LiveSessionInput.or(z.object({ title: str().trim().min(1).max(200), guest: str().trim().min(1).max(100), groupIds: z.array(int.positive().max(2_147_483_647)).min(1).max(500), startsAt: z.iso.datetime() }).strict()),
        response: { 200: LiveSession, ...errorResponses },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const body = 'guest' in req.body ? { title: req.body.title, groupIds: req.body.groupIds, startsAt: req.body.startsAt, steps: defaultScript(req.body.title, req.body.guest) } : req.body;
      await assertGroupsAccess(ctx.db, actor, body.groupIds, { write: true });
      return ctx.db.transaction(async (tx) => {
        const s = await createLiveSession(tx, actor.workspaceId, body, actor.userId);
        await recordAudit(tx, actor, { action: 'live.create', target: `groups:${s.groupIds.join(',')}`, detail: { value: s.title, session: s.id } });
        return presentLive(s);
      });
    });

    app.get('/api/live-sessions/:id', {
      config: { minRole: 'viewer' },
      schema: { tags: ['content'], summary: 'A live session with its report (so far, while it runs)', params: Id, response: { 200: LiveSession, ...errorResponses } },
    }, async (req) => {
      const actor = actorOf(req);
      const s = await getLiveSession(ctx.db, actor.workspaceId, req.params.id);
      if (!s) throw new AppError('not_found', 'no such live session');
      await assertGroupsAccess(ctx.db, actor, s.groupIds, { write: false });
      const report = s.report ?? (s.status === 'running' ? await computeLiveReport(ctx.db, actor.workspaceId, s) : null);
      return presentLive({ ...s, report });
    });
  };
}
