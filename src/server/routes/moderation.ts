/**
 * Moderation's HTTP API (issue #13 item 10): the rules (versioned drafts, their dry run, enabling),
 * the queue of decisions with their evidence (undo, confirm, "not spam", appeal links), the
 * workspace's ban list (ban, lift, CSV import and export), appeals, per-rule figures, and the
 * public appeal page's two calls. Operators see the decisions of their own groups; rules and the
 * ban list are the admins'. Every change is audited.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isScopedToAssignedGroups, assertGroupAccess } from '../../auth/access.ts';
import { recordAudit } from '../../audit/record.ts';
import { AppError } from '../../errors.ts';
import { decideAppeal, fileAppeal, listAppeals, makeAppealToken, viewAppeal } from '../../moderation/appeals.ts';
import { banMember, exportBansCsv, importBansCsv, liftBan, listBans } from '../../moderation/bans.ts';
import { confirmDecision, listQueue, ruleStats, undoDecision } from '../../moderation/decisions.ts';
import { dryRun } from '../../moderation/dry-run.ts';
import { exampleCounts } from '../../moderation/examples.ts';
import { ruleSetSchema, type RuleSet } from '../../moderation/index.ts';
import { LadderConfig } from '../../moderation/ladder.ts';
import { enqueueActions, type OutboxAction } from '../../moderation/outbox.ts';
import { enableVersion, getVersion, listVersions, recordDryRun, rulesInForce, saveDraft } from '../../moderation/rule-versions.ts';
import { ModerationOptions } from '../../moderation/settings.ts';
import { actorOf } from '../auth-hooks.ts';
import { ErrorBody, errorResponses } from '../errors.ts';
import { pageOf, pageQuery } from '../pagination.ts';
import { text } from '../schemas.ts';
import type { ServerContext } from '../context.ts';

const Evidence = z.object({
  detector: z.string(), rule: z.string(), category: z.string(),
  span: z.array(z.number()).optional(), text: z.string().optional(), matched: z.string().optional(), note: z.string().optional(),
  score: z.number().optional(), features: z.array(z.object({ feature: z.string(), weight: z.number() })).optional(),
}).meta({ id: 'ModerationEvidence' });

const Ref = z.object({ id: z.number().int(), name: z.string() });

const QueueItem = z.object({
  id: z.number().int(),
  source: z.string().describe('auto, join, report, verification, operator'),
  state: z.string().describe('applied, review (waits for an operator), task (do it in the platform client), confirmed, undone'),
  group: Ref, member: Ref.nullable(), messageId: z.string().nullable(), text: z.string().nullable(),
  rule: z.string().nullable(), category: z.string().nullable(), score: z.number().nullable(), evidence: z.array(Evidence),
  actions: z.array(z.string()).describe('ladder steps taken: delete, warn, mute, kick, ban'),
  muteMinutes: z.number().int().nullable(), strike: z.number().int().nullable(), task: z.string().nullable(), rulesVersion: z.number().int().nullable(),
  occurredAt: z.iso.datetime(), createdAt: z.iso.datetime(), reviewedBy: Ref.nullable(), reviewedAt: z.iso.datetime().nullable(),
  delivery: z.array(z.object({ kind: z.string(), state: z.string(), error: z.string().nullable() })).describe('what the outbox did with each step'),
  appeal: z.object({ id: z.number().int(), state: z.string(), text: z.string() }).nullable(),
}).meta({ id: 'ModerationDecision' });

const RuleVersion = z.object({
  version: z.number().int(), rules: z.unknown(), ladder: z.unknown(), options: z.unknown(), enabled: z.boolean(), note: z.string().nullable(),
  dryRun: z.unknown(), createdBy: z.number().int().nullable(), createdAt: z.iso.datetime(), enabledAt: z.iso.datetime().nullable(),
}).meta({ id: 'ModerationRuleVersion' });

const DryRunExample = z.object({ text: z.string(), rule: z.string().nullable(), category: z.string().nullable(), score: z.number(), group: z.string(), member: z.string(), at: z.iso.datetime(), evidence: z.array(Evidence) });
const DryRun = z.object({
  days: z.number().int(), since: z.iso.datetime(), messages: z.number().int(), truncated: z.boolean(), matched: z.number().int(), matchedNow: z.number().int(),
  newlyMatched: z.number().int(), noLongerMatched: z.number().int(),
  byCategory: z.array(z.object({ category: z.string(), count: z.number().int(), examples: z.array(DryRunExample) })),
  byRule: z.array(z.object({ rule: z.string(), count: z.number().int() })), byAction: z.record(z.string(), z.number().int()),
  newExamples: z.array(DryRunExample), ms: z.number().int(),
}).meta({ id: 'ModerationDryRun' });

const Ban = z.object({
  id: z.number().int(), memberId: z.number().int().nullable(), memberName: z.string().nullable(), platform: z.string().nullable(), platformUserId: z.string().nullable(),
  identities: z.array(z.object({ platform: z.string(), userId: z.string() })), reason: z.string(), evidence: z.unknown(), source: z.string(),
  decisionId: z.number().int().nullable(), createdBy: Ref.nullable(), createdAt: z.iso.datetime(), liftedAt: z.iso.datetime().nullable(),
}).meta({ id: 'ModerationBan' });

const Appeal = z.object({
  id: z.number().int(), decisionId: z.number().int(), member: Ref.nullable(), text: z.string(), state: z.string(), createdAt: z.iso.datetime(),
  decidedAt: z.iso.datetime().nullable(), decisionText: z.string().nullable(), rule: z.string().nullable(),
}).meta({ id: 'ModerationAppeal' });

const RuleStats = z.object({
  rule: z.string(), hits: z.number().int(), undone: z.number().int(), undoRate: z.number().describe('share of hits undone: the false-positive estimate'),
  days: z.array(z.object({ day: z.string(), hits: z.number().int() })),
}).meta({ id: 'ModerationRuleStats' });

const PublicAppeal = z.object({
  group: z.string(), text: z.string().nullable(), rule: z.string().nullable(), category: z.string().nullable(), actions: z.array(z.string()),
  muteMinutes: z.number().int().nullable(), occurredAt: z.iso.datetime(),
  appeal: z.object({ state: z.string(), text: z.string(), createdAt: z.iso.datetime() }).nullable(),
}).meta({ id: 'ModerationPublicAppeal' });

const Draft = z.object({
  rules: ruleSetSchema.describe("the engine's rule set (builtins + the workspace's rules)"),
  ladder: LadderConfig,
  options: ModerationOptions,
  note: text().max(500).optional(),
}).strict();

const idParams = z.object({ id: z.coerce.number().int().positive() });
const versionParams = z.object({ version: z.coerce.number().int().positive().max(2_147_483_647) });
const tokenParams = z.object({ token: text().min(10).max(200) });
const errors = { ...errorResponses, 422: ErrorBody };

export function moderationRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    /** The groups an operator may see, or null for everyone else. */
    const scope = async (actor: ReturnType<typeof actorOf>): Promise<number[] | null> => {
      if (!isScopedToAssignedGroups(actor)) return null;
      const rows = await ctx.db.query<{ id: number }>('select id from groups where workspace_id = $1 and owner_staff_id = $2', [actor.workspaceId, actor.userId]);
      return rows.map((r) => r.id);
    };
    const decisionGroup = async (workspaceId: number, id: number): Promise<number> => {
      const rows = await ctx.db.query<{ group_id: number }>('select group_id from moderation_decisions where workspace_id = $1 and id = $2', [workspaceId, id]);
      if (!rows[0]) throw new AppError('not_found', `no moderation decision ${id}`);
      return rows[0].group_id;
    };

    // ---- rules ----
    app.get('/api/moderation/rules', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['moderation'], summary: 'The rules in force and the versions (newest first)',
        response: { 200: z.object({ inForce: z.number().int().nullable(), current: z.object({ rules: z.unknown(), ladder: z.unknown(), options: z.unknown() }), versions: z.array(RuleVersion), examples: z.object({ spam: z.number().int(), ham: z.number().int() }) }), ...errors },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const [inForce, versions, examples] = await Promise.all([rulesInForce(ctx.db, actor.workspaceId), listVersions(ctx.db, actor.workspaceId), exampleCounts(ctx.db, actor.workspaceId)]);
      return { inForce: inForce.version, current: { rules: inForce.rules, ladder: inForce.ladder, options: inForce.options }, versions, examples };
    });

    app.post('/api/moderation/rules', {
      config: { minRole: 'admin' },
      schema: { tags: ['moderation'], summary: 'Saves a new version of the rules as a draft (not in force until enabled)', body: Draft, response: { 201: RuleVersion, ...errors } },
    }, async (req, reply) => {
      const actor = actorOf(req);
      const v = await ctx.db.transaction(async (tx) => {
        const saved = await saveDraft(tx, actor.workspaceId, { rules: req.body.rules as RuleSet, ladder: req.body.ladder, options: req.body.options, note: req.body.note ?? null }, actor.userId);
        await recordAudit(tx, actor, { action: 'moderation.rules.save', target: `workspace:${actor.workspaceId}`, detail: { version: saved.version } });
        return saved;
      });
      return reply.code(201).send(v);
    });

    app.post('/api/moderation/rules/:version/dry-run', {
      config: { minRole: 'admin' },
      schema: {
        tags: ['moderation'], summary: 'Runs a version over the last N days of stored messages: what it would have done, by category, with examples',
        params: versionParams, body: z.object({ days: z.number().int().min(1).max(90).default(7) }).strict(), response: { 200: DryRun, ...errors },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const v = await getVersion(ctx.db, actor.workspaceId, req.params.version);
      const current = await rulesInForce(ctx.db, actor.workspaceId);
      const summary = await dryRun(ctx.db, actor.workspaceId, v, current, req.body.days);
      await recordDryRun(ctx.db, actor.workspaceId, v.version, summary);
      await recordAudit(ctx.db, actor, { action: 'moderation.rules.dry_run', target: `workspace:${actor.workspaceId}`, detail: { version: v.version, days: req.body.days, matched: summary.matched } });
      return summary;
    });

    app.post('/api/moderation/rules/:version/enable', {
      config: { minRole: 'admin' },
      schema: { tags: ['moderation'], summary: 'Puts a version in force (an older one rolls back)', params: versionParams, response: { 200: RuleVersion, ...errors } },
    }, async (req) => {
      const actor = actorOf(req);
      return ctx.db.transaction(async (tx) => {
        const v = await enableVersion(tx, actor.workspaceId, req.params.version);
        await recordAudit(tx, actor, { action: 'moderation.rules.enable', target: `workspace:${actor.workspaceId}`, detail: { version: v.version } });
        return v;
      });
    });

    app.get('/api/moderation/stats', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['moderation'], summary: 'Per rule: hits per day and undo rate over the last N days',
        querystring: z.object({ days: z.coerce.number().int().min(1).max(365).default(30) }), response: { 200: z.object({ items: z.array(RuleStats) }), ...errors },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const tz = (await ctx.db.query<{ timezone: string }>('select timezone from workspaces where id = $1', [actor.workspaceId]))[0]?.timezone ?? 'Asia/Shanghai';
      return { items: await ruleStats(ctx.db, actor.workspaceId, req.query.days, tz) };
    });

    // ---- the queue ----
    app.get('/api/moderation/decisions', {
      config: { minRole: 'operator' },
      schema: {
        tags: ['moderation'], summary: 'The moderation queue: decisions with their evidence, newest first',
        querystring: z.object({
          ...pageQuery,
          state: z.enum(['open', 'applied', 'review', 'task', 'confirmed', 'undone']).optional().describe('open = review, task, or with an open appeal'),
          rule: text().max(200).optional(),
        }),
        response: { 200: pageOf(QueueItem, 'ModerationDecisionPage'), ...errors },
      },
    }, async (req) => {
      const actor = actorOf(req);
      return listQueue(ctx.db, actor.workspaceId, { state: req.query.state, rule: req.query.rule, groupIds: await scope(actor), limit: req.query.limit, offset: req.query.offset });
    });

    for (const [verb, summary, audit] of [
      ['undo', 'Undoes a decision: unmute, unban, restore the message; its text becomes a "not spam" example', { action: 'moderation.decision.undo' }],
      ['not-spam', 'Marks a decision a false positive: undone as above and labelled not spam for the classifier', { action: 'moderation.decision.not_spam' }],
      ['confirm', 'Confirms a decision (a review is carried out on the ladder); its text becomes a spam example', { action: 'moderation.decision.confirm' }],
    ] as const) {
      app.post(`/api/moderation/decisions/:id/${verb}`, {
        config: { minRole: 'operator' },
        schema: { tags: ['moderation'], summary, params: idParams, response: { 200: z.object({ ok: z.boolean() }), ...errors } },
      }, async (req) => {
        const actor = actorOf(req);
        await assertGroupAccess(ctx.db, actor, await decisionGroup(actor.workspaceId, req.params.id), { write: true });
        await ctx.db.transaction(async (tx) => {
          if (verb === 'confirm') await confirmDecision(tx, actor.workspaceId, req.params.id, actor.userId);
          else await undoDecision(tx, actor.workspaceId, req.params.id, actor.userId, verb === 'undo' ? 'undo' : 'not_spam');
          await recordAudit(tx, actor, { action: audit.action, target: `moderation-decision:${req.params.id}`, detail: null });
        });
        return { ok: true };
      });
    }

    app.post('/api/moderation/decisions/:id/appeal-link', {
      config: { minRole: 'operator' },
      schema: {
        tags: ['moderation'], summary: 'Makes the link of the public appeal page for this decision (an earlier link stops working); optionally sends it to the member',
        params: idParams, body: z.object({ send: z.boolean().default(false).describe('send it to the member in a private message (Telegram: only if they started the bot)') }).strict(),
        response: { 200: z.object({ url: z.string(), sent: z.boolean() }), ...errors },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const groupId = await decisionGroup(actor.workspaceId, req.params.id);
      await assertGroupAccess(ctx.db, actor, groupId, { write: true });
      return ctx.db.transaction(async (tx) => {
        const token = await makeAppealToken(tx, actor.workspaceId, req.params.id);
        const url = `${ctx.publicUrl().replace(/\/+$/, '')}/appeal/${token}`;
        const member = (await tx.query<{ member_id: number | null }>('select member_id from moderation_decisions where workspace_id = $1 and id = $2', [actor.workspaceId, req.params.id]))[0]?.member_id ?? null;
        const send = req.body.send && member !== null;
        if (send) {
          await enqueueActions(tx, actor.workspaceId, [{
            key: `moderation:appeal-link:${req.params.id}:${token.slice(-8)}`, kind: 'private_message', groupId, memberId: member,
            payload: { text: `如认为处理有误，可在此申诉 / To appeal this decision: ${url}` }, origin: `moderation:decision:${req.params.id}`,
          } as OutboxAction]);
        }
        await recordAudit(tx, actor, { action: 'moderation.appeal.link', target: `moderation-decision:${req.params.id}`, detail: { sent: send } });
        return { url, sent: send };
      });
    });

    // ---- ban list ----
    app.get('/api/moderation/bans', {
      config: { minRole: 'operator' },
      schema: {
        tags: ['moderation'], summary: "The workspace's ban list (active bans; all=true with lifted ones)",
        querystring: z.object({ ...pageQuery, all: z.enum(['true', 'false']).default('false') }), response: { 200: pageOf(Ban, 'ModerationBanPage'), ...errors },
      },
    }, async (req) => {
      const actor = actorOf(req);
      return listBans(ctx.db, actor.workspaceId, { active: req.query.all !== 'true', limit: req.query.limit, offset: req.query.offset });
    });

    app.post('/api/moderation/bans', {
      config: { minRole: 'admin' },
      schema: {
        tags: ['moderation'], summary: 'Bans a person from every group of the workspace, on every platform (removed where they are now)',
        body: z.object({ memberId: z.number().int().positive(), reason: text().trim().min(1).max(500) }).strict(), response: { 201: z.object({ id: z.number().int(), created: z.boolean() }), ...errors },
      },
    }, async (req, reply) => {
      const actor = actorOf(req);
      const r = await ctx.db.transaction(async (tx) => {
        const b = await banMember(tx, actor.workspaceId, { memberId: req.body.memberId, reason: req.body.reason, via: 'manual' }, actor.userId);
        await recordAudit(tx, actor, { action: 'moderation.ban', target: `member:${req.body.memberId}`, detail: { ban: b.id, reason: req.body.reason } });
        return b;
      });
      return reply.code(201).send(r);
    });

    app.post('/api/moderation/bans/:id/lift', {
      config: { minRole: 'admin' },
      schema: { tags: ['moderation'], summary: 'Lifts a ban (the platforms unban the person)', params: idParams, response: { 200: z.object({ ok: z.boolean() }), ...errors } },
    }, async (req) => {
      const actor = actorOf(req);
      await ctx.db.transaction(async (tx) => {
        await liftBan(tx, actor.workspaceId, req.params.id, actor.userId);
        await recordAudit(tx, actor, { action: 'moderation.unban', target: `moderation-ban:${req.params.id}`, detail: null });
      });
      return { ok: true };
    });

    app.get('/api/moderation/bans.csv', {
      config: { minRole: 'admin' },
      schema: { tags: ['moderation'], summary: 'The active bans as CSV (platform,user_id,member_id,reason,created_at)', response: { 200: z.string(), ...errors } },
    }, async (req, reply) => {
      const actor = actorOf(req);
      const csv = await exportBansCsv(ctx.db, actor.workspaceId);
      await recordAudit(ctx.db, actor, { action: 'moderation.bans.export', target: `workspace:${actor.workspaceId}`, detail: null });
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="qunyun-bans.csv"').send(csv);
    });

    app.post('/api/moderation/bans/import', {
      config: { minRole: 'admin' },
      schema: {
        tags: ['moderation'], summary: 'Imports a ban list CSV (the export format; member_id and created_at optional)',
        body: z.object({ csv: text().max(5_000_000) }).strict(),
        response: { 200: z.object({ banned: z.number().int(), already: z.number().int(), rejected: z.array(z.object({ line: z.number().int(), reason: z.string() })) }), ...errors },
      },
    }, async (req) => {
      const actor = actorOf(req);
      return ctx.db.transaction(async (tx) => {
        const r = await importBansCsv(tx, actor.workspaceId, req.body.csv, actor.userId);
        await recordAudit(tx, actor, { action: 'moderation.bans.import', target: `workspace:${actor.workspaceId}`, detail: { banned: r.banned, already: r.already, rejected: r.rejected.length } });
        return r;
      });
    });

    // ---- appeals ----
    app.get('/api/moderation/appeals', {
      config: { minRole: 'operator' },
      schema: {
        tags: ['moderation'], summary: "Members' appeals, newest first",
        querystring: z.object({ ...pageQuery, state: z.enum(['open', 'accepted', 'rejected']).optional() }), response: { 200: pageOf(Appeal, 'ModerationAppealPage'), ...errors },
      },
    }, async (req) => {
      const actor = actorOf(req);
      return listAppeals(ctx.db, actor.workspaceId, { state: req.query.state, limit: req.query.limit, offset: req.query.offset });
    });

    app.post('/api/moderation/appeals/:id/decide', {
      config: { minRole: 'operator' },
      schema: {
        tags: ['moderation'], summary: 'Accepts (undoes the decision) or rejects an appeal', params: idParams,
        body: z.object({ accept: z.boolean() }).strict(), response: { 200: z.object({ decisionId: z.number().int() }), ...errors },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const rows = await ctx.db.query<{ group_id: number }>(
        'select d.group_id from moderation_appeals ap join moderation_decisions d on d.workspace_id = ap.workspace_id and d.id = ap.decision_id where ap.workspace_id = $1 and ap.id = $2',
        [actor.workspaceId, req.params.id]);
      if (!rows[0]) throw new AppError('not_found', `no appeal ${req.params.id}`);
      await assertGroupAccess(ctx.db, actor, rows[0].group_id, { write: true });
      return ctx.db.transaction(async (tx) => {
        const r = await decideAppeal(tx, actor.workspaceId, req.params.id, req.body.accept, actor.userId);
        const audit = req.body.accept ? { action: 'moderation.appeal.accept' } : { action: 'moderation.appeal.reject' };
        await recordAudit(tx, actor, { ...audit, target: `moderation-decision:${r.decisionId}`, detail: { appeal: req.params.id } });
        return r;
      });
    });

    // ---- the public appeal page (the link is the credential) ----
    app.get('/api/appeal/:token', {
      config: { public: true },
      schema: { tags: ['moderation'], summary: 'What the appeal link is about (public: the link is the credential)', params: tokenParams, response: { 200: PublicAppeal, ...errors } },
    }, async (req) => viewAppeal(ctx.db, req.params.token));

    app.post('/api/appeal/:token', {
      config: { public: true },
      schema: {
        tags: ['moderation'], summary: "Sends the member's appeal (once per decision)", params: tokenParams,
        body: z.object({ text: text().trim().min(1).max(2000) }).strict(), response: { 201: z.object({ ok: z.boolean() }), ...errors },
      },
    }, async (req, reply) => {
      const r = await fileAppeal(ctx.db, req.params.token, req.body.text);
      await recordAudit(ctx.db, { workspaceId: r.workspaceId, userId: null, ip: req.ip }, { action: 'moderation.appeal.file', target: `moderation-decision:${r.decisionId}`, detail: { appeal: r.appealId } });
      return reply.code(201).send({ ok: true });
    });
  };
}

