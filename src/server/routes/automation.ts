/**
 * Automation and welcome routes (docs/automation.md): rules (list, create, change = new version,
 * delete), dry run, execution log with delivery state, notifications; welcome settings per group
 * and the recent welcome batches with their delivery. Rules belong to the workspace: viewers read,
 * operators and above change them; welcome settings follow group access (an operator: their groups).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertGroupAccess, isScopedToAssignedGroups } from '../../auth/access.ts';
import { recordAudit } from '../../audit/record.ts';
import { dryRun } from '../../automation/dry-run.ts';
import { listExecutions, listNotifications, listWelcomeBatches, pendingWelcomes } from '../../automation/queries.ts';
import { RuleDefinition } from '../../automation/rules.ts';
import { createRule, deleteRule, getRule, listRules, ruleVersion, updateRule } from '../../automation/store.ts';
import { validNicknamePattern, WelcomeSettings } from '../../automation/welcome.ts';
import { saveWelcomeSettings, welcomeSettingsOf } from '../../automation/welcome-store.ts';
import { AppError } from '../../errors.ts';
import { actorOf } from '../auth-hooks.ts';
import { errorResponses } from '../errors.ts';
import type { ServerContext } from '../context.ts';

const int = z.number().int();
const time = z.iso.datetime();
const Id = z.object({ id: z.coerce.number().int().positive() });
const GroupParam = z.object({ groupId: z.coerce.number().int().positive() });

const RuleOut = z.object({
  id: int, name: z.string(), enabled: z.boolean(), version: int, trigger: z.string(),
  definition: RuleDefinition, createdAt: time, updatedAt: time,
  executions: int.describe('executions of any version'), lastExecutedAt: time.nullable(),
}).meta({ id: 'AutomationRule' });

const DryRunOut = z.object({
  days: int, evaluated: int, wouldExecute: int, skippedByConditions: int, truncated: z.boolean(), note: z.string().nullable(),
  items: z.array(z.object({ at: time, groupId: int, groupName: z.string(), memberId: int.nullable(), memberName: z.string().nullable(), actions: z.array(z.string()) })),
}).meta({ id: 'AutomationDryRun' });

const ExecutionOut = z.object({
  id: int, ruleId: int, version: int, trigger: z.string(), cause: z.record(z.string(), z.unknown()),
  groupId: int.nullable(), groupName: z.string().nullable(), memberId: int.nullable(), memberName: z.string().nullable(), executedAt: time,
  actions: z.array(z.object({ key: z.string(), kind: z.string(), description: z.string(), state: z.string().describe('queued, sending, sent, awaiting_confirmation, failed, unsupported; done for actions inside Qunyun'), error: z.string().nullable() })),
  skipped: z.string().nullable().describe('why it did nothing (e.g. a join reported beyond the rule\'s late window); null when it ran'),
}).meta({ id: 'AutomationExecution' });

const WelcomeBatchOut = z.object({
  id: int, groupId: int, groupName: z.string(), names: z.array(z.string()), text: z.string(), createdAt: time,
  state: z.string(), error: z.string().nullable(), nicknameReminded: int, greetingsOpen: int, greetingsDone: int,
}).meta({ id: 'WelcomeBatch' });

const WelcomeOut = z.object({
  settings: WelcomeSettings, inherited: z.boolean().describe('no settings of its own: the workspace default applies'),
  pending: int.describe('newcomers waiting for their batch'), batches: z.array(WelcomeBatchOut),
}).meta({ id: 'WelcomeSettingsPage' });

const iso = <T extends { createdAt: Date; updatedAt?: Date }>(r: T) => ({ ...r, createdAt: r.createdAt.toISOString(), ...(r.updatedAt ? { updatedAt: r.updatedAt.toISOString() } : {}) });

export function automationRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/automations', {
      config: { minRole: 'viewer' },
      schema: { tags: ['automation'], summary: 'Automation rules of the workspace', response: { 200: z.object({ items: z.array(RuleOut) }), ...errorResponses } },
    }, async (req) => {
      const actor = actorOf(req);
      const rules = await listRules(ctx.db, actor.workspaceId);
      const stats = new Map((await ctx.db.query<{ ruleId: number; n: number; last: Date }>(
        `select rule_id as "ruleId", count(*)::int as n, max(executed_at) as last from automation_executions where workspace_id = $1 group by rule_id`,
        [actor.workspaceId])).map((s) => [s.ruleId, s]));
      return {
        items: rules.map((r) => ({
          id: r.id, name: r.name, enabled: r.enabled, version: r.version, trigger: r.triggerKind, definition: r.definition,
          createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
          executions: stats.get(r.id)?.n ?? 0, lastExecutedAt: stats.get(r.id)?.last.toISOString() ?? null,
        })),
      };
    });

    app.post('/api/automations', {
      config: { minRole: 'operator' },
      schema: { tags: ['automation'], summary: 'Create a rule (version 1)', body: RuleDefinition, response: { 200: z.object({ id: int, version: int }), ...errorResponses } },
    }, async (req) => {
      const actor = actorOf(req);
      const rule = await createRule(ctx.db, actor.workspaceId, req.body, actor.userId);
      await recordAudit(ctx.db, actor, { action: 'automation.create', target: `automation:${rule.id}`, detail: { value: rule.name, trigger: rule.triggerKind } });
      return { id: rule.id, version: rule.version };
    });

    app.put('/api/automations/:id', {
      config: { minRole: 'operator' },
      schema: { tags: ['automation'], summary: 'Change a rule: saves a new version', params: Id, body: RuleDefinition, response: { 200: z.object({ id: int, version: int }), ...errorResponses } },
    }, async (req) => {
      const actor = actorOf(req);
      const rule = await updateRule(ctx.db, actor.workspaceId, req.params.id, req.body, actor.userId);
      await recordAudit(ctx.db, actor, { action: 'automation.update', target: `automation:${rule.id}`, detail: { value: rule.name, version: rule.version, enabled: rule.enabled } });
      return { id: rule.id, version: rule.version };
    });

    app.delete('/api/automations/:id', {
      config: { minRole: 'operator' },
      schema: { tags: ['automation'], summary: 'Delete a rule (its executions stay in the log)', params: Id, response: { 200: z.object({ ok: z.boolean() }), ...errorResponses } },
    }, async (req) => {
      const actor = actorOf(req);
      const rule = await getRule(ctx.db, actor.workspaceId, req.params.id);
      if (!rule) throw new AppError('not_found', `no automation rule ${req.params.id}`);
      await deleteRule(ctx.db, actor.workspaceId, req.params.id);
      await recordAudit(ctx.db, actor, { action: 'automation.delete', target: `automation:${rule.id}`, detail: { value: rule.name } });
      return { ok: true };
    });

    app.post('/api/automations/dry-run', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['automation'], summary: 'What a rule would have done over the last N days (writes nothing)',
        body: z.object({
          rule: RuleDefinition.optional().describe('the rule as edited; without it the saved rule `id`'),
          id: z.number().int().positive().optional(), version: z.number().int().positive().optional(),
          days: z.number().int().min(1).max(90).default(7),
        }),
        response: { 200: DryRunOut, ...errorResponses },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const { id, version, days } = req.body;
      let rule;
      if (req.body.rule) rule = { ...req.body.rule, id: id ?? 0, version: version ?? 0 };
      else if (id !== undefined) {
        const saved = await getRule(ctx.db, actor.workspaceId, id);
        if (!saved) throw new AppError('not_found', `no automation rule ${id}`);
        rule = await ruleVersion(ctx.db, actor.workspaceId, id, version ?? saved.version);
        if (!rule) throw new AppError('not_found', `no version ${version} of automation rule ${id}`);
      } else throw new AppError('bad_request', 'give the rule or its id');
      return dryRun(ctx.db, actor.workspaceId, rule, days);
    });

    app.get('/api/automations/executions', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['automation'], summary: 'Execution log, newest first, with the delivery state of each action',
        querystring: z.object({
          ruleId: z.coerce.number().int().positive().optional(), state: z.enum(['failed']).optional().describe('only executions with a failed delivery'),
          limit: z.coerce.number().int().min(1).max(200).default(50), offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
        }),
        response: { 200: z.object({ items: z.array(ExecutionOut), total: int }), ...errorResponses },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const page = await listExecutions(ctx.db, actor.workspaceId, req.query);
      return { total: page.total, items: page.items.map((x) => ({ ...x, executedAt: x.executedAt.toISOString() })) };
    });

    app.get('/api/automations/notifications', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['automation'], summary: "The signed-in user's automation notifications",
        response: { 200: z.object({ items: z.array(z.object({ id: int, text: z.string(), groupId: int.nullable(), origin: z.string(), createdAt: time, read: z.boolean() })) }), ...errorResponses },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const items = await listNotifications(ctx.db, actor.workspaceId, actor.userId, 50);
      return { items: items.map(iso) };
    });

    app.get('/api/welcome/batches', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['automation'], summary: 'Recent welcome batches with their delivery (failed ones first to fix)',
        querystring: z.object({ failed: z.enum(['true', 'false']).optional().describe('only batches whose welcome failed') }),
        response: { 200: z.object({ items: z.array(WelcomeBatchOut) }), ...errorResponses },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const groupIds = isScopedToAssignedGroups(actor)
        ? (await ctx.db.query<{ id: number }>('select id from groups where workspace_id = $1 and owner_staff_id = $2', [actor.workspaceId, actor.userId])).map((g) => g.id)
        : undefined;
      const items = await listWelcomeBatches(ctx.db, actor.workspaceId, { groupIds, failedOnly: req.query.failed === 'true', limit: 100 });
      return { items: items.map(iso) };
    });

    app.get('/api/welcome/:groupId', {
      config: { minRole: 'viewer' },
      schema: { tags: ['automation'], summary: "A group's welcome settings, pending newcomers and recent batches", params: GroupParam, response: { 200: WelcomeOut, ...errorResponses } },
    }, async (req) => {
      const actor = actorOf(req);
      await assertGroupAccess(ctx.db, actor, req.params.groupId, { write: false });
      const own = await ctx.db.query('select 1 from welcome_settings where workspace_id = $1 and group_id = $2', [actor.workspaceId, req.params.groupId]);
      const settings = (await welcomeSettingsOf(ctx.db, actor.workspaceId, [req.params.groupId])).get(req.params.groupId)!;
      const batches = await listWelcomeBatches(ctx.db, actor.workspaceId, { groupIds: [req.params.groupId], limit: 20 });
      return { settings, inherited: own.length === 0, pending: await pendingWelcomes(ctx.db, actor.workspaceId, req.params.groupId), batches: batches.map(iso) };
    });

    app.put('/api/welcome/:groupId', {
      config: { minRole: 'operator' },
      schema: {
        tags: ['automation'], summary: "Set a group's welcome ritual", params: GroupParam,
        body: WelcomeSettings.refine((s) => validNicknamePattern(s.nicknamePattern), { message: 'nicknamePattern: not a valid regular expression', path: ['nicknamePattern'] }),
        response: { 200: WelcomeSettings, ...errorResponses },
      },
    }, async (req) => {
      const actor = actorOf(req);
      await assertGroupAccess(ctx.db, actor, req.params.groupId, { write: true });
      const saved = await ctx.db.transaction(async (tx) => {
        const s = await saveWelcomeSettings(tx, actor.workspaceId, req.params.groupId, req.body);
        await recordAudit(tx, actor, { action: 'welcome.settings.set', target: `group:${req.params.groupId}`, detail: { enabled: s.enabled, batchSize: s.batchSize, batchMinutes: s.batchMinutes } });
        return s;
      });
      return saved;
    });
  };
}
