/**
 * Live codes in the console (issue #15): group codes (群活码) and staff codes (渠道活码), their
 * pools, QR images, figures per source and per staff member, the approval queue of entry
 * thresholds (门槛), orders entered by hand, operator tasks, and the monthly staff statements
 * (JSON, CSV and XLSX). Reads need the viewer role, changes the operator role (staff and statements:
 * admin), and every change is audited. The public page and the shop's webhook: code-page.ts.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { addGroupToPool, createCode, getCode, listCodes, poolOf, setPoolGroupStatus, updateCode, type CodeRow } from '../../acquisition/codes.ts';
import { confirmOrder, decideEntry, entryProof, pendingEntries } from '../../acquisition/entries.ts';
import { linkForGroup, openNextGroup } from '../../acquisition/open-group.ts';
import { qrPng, qrSvg } from '../../acquisition/qr.ts';
import { statementCsv } from '../../acquisition/statements.ts';
import { STATEMENT_HEADERS, statementXlsx } from '../../acquisition/statement-xlsx.ts';
import { codeFigures, monthlyStatement } from '../../acquisition/stats.ts';
import { addStaffToCode } from '../../acquisition/staff-codes.ts';
import { GroupTemplate, RoutingRule, StaffSettings, Threshold } from '../../acquisition/types.ts';
import { assertGroupAccess } from '../../auth/access.ts';
import { recordAudit } from '../../audit/record.ts';
import { AppError } from '../../errors.ts';
import { getWorkspace } from '../../workspaces/workspaces.ts';
import { actorOf } from '../auth-hooks.ts';
import { ErrorBody, errorResponses } from '../errors.ts';
import { text } from '../schemas.ts';
import type { ServerContext } from '../context.ts';

const PoolGroup = z.object({
  groupId: z.number().int(), name: z.string(), platform: z.string(), position: z.number().int(), source: z.string().nullable(),
  cap: z.number().int(), load: z.number().int().describe('members when added + newcomers routed − seats given back'), routed: z.number().int(),
  memberCount: z.number().int(), linkUrl: z.string().nullable(), linkCode: z.string().nullable().describe('what joins through the link carry back'), linkExpiresAt: z.iso.datetime().nullable(), status: z.string(), opened: z.boolean(),
}).meta({ id: 'CodePoolGroup' });

const Code = z.object({
  id: z.number().int(), slug: z.string(), url: z.string().describe('the public page'), kind: z.enum(['group', 'staff']), name: z.string(), source: z.string(),
  status: z.enum(['active', 'paused']), expiresAt: z.iso.datetime().nullable(), rule: RoutingRule,
  firstPhase: z.number().int(), sweetSpotMin: z.number().int(), sweetSpotMax: z.number().int(), hardCap: z.number().int(),
  template: GroupTemplate.nullable(), threshold: Threshold, staffSettings: StaffSettings.nullable(), staffUserId: z.number().int().nullable(),
  creditPerJoin: z.number().int(), retentionDays: z.number().int(), createdAt: z.iso.datetime(),
}).meta({ id: 'LiveCode' });

const Figures = z.object({
  routed: z.number().int(), joined: z.number().int(), pending: z.number().int(),
  bySource: z.array(z.object({ source: z.string(), routed: z.number().int(), joined: z.number().int() })),
  byStaff: z.array(z.object({ staffUserId: z.number().int().nullable(), name: z.string(), routed: z.number().int().describe('newcomers the code sent to them (staff codes)'), joined: z.number().int().describe('joins credited to them, or customers who added them (staff codes)') })),
  groupsOpened: z.number().int(),
  openTasks: z.array(z.object({ id: z.number().int(), kind: z.string(), text: z.string(), createdAt: z.iso.datetime() })),
}).meta({ id: 'CodeFigures' });

const StaffMember = z.object({
  staffUserId: z.number().int(), name: z.string(), platformUserId: z.string(), dailyCap: z.number().int(), backup: z.boolean(),
  contactUrl: z.string().nullable(), routedToday: z.number().int(),
}).meta({ id: 'CodeStaffMember' });

const CodeDetail = z.object({ code: Code, pool: z.array(PoolGroup), staff: z.array(StaffMember), figures: Figures, webhookUrl: z.string() }).meta({ id: 'LiveCodeDetail' });

const Entry = z.object({
  id: z.number().int(), codeId: z.number().int(), codeName: z.string(), kind: z.string(), status: z.enum(['pending', 'passed', 'rejected']),
  name: z.string(), answers: z.record(z.string(), z.string()), tags: z.array(z.string()), hasProof: z.boolean(), createdAt: z.iso.datetime(),
}).meta({ id: 'CodeEntry' });

const StatementLine = z.object({
  staffUserId: z.number().int().nullable(), staffName: z.string(), joins: z.number().int(), credited: z.number().int(),
  pending: z.number().int(), lost: z.number().int(), credit: z.number().int(), bySource: z.record(z.string(), z.number().int()),
}).meta({ id: 'StatementLine' });

const idParams = z.object({ id: z.coerce.number().int().positive() });
const errors = { ...errorResponses, 422: ErrorBody, 429: ErrorBody, 502: ErrorBody };
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month is YYYY-MM');
const sourceText = () => text().trim().min(1).max(24).regex(/^[^~]+$/, 'a source cannot contain ~');

const CodeInput = z.object({
  kind: z.enum(['group', 'staff']).default('group'),
  name: text().trim().min(1).max(60),
  source: sourceText().describe('the default source of its joins: shop, poster, callback, post, …'),
  rule: RoutingRule.default('fill_first'),
  firstPhase: z.number().int().min(1).max(200_000).default(100),
  sweetSpotMin: z.number().int().min(1).max(200_000).default(150),
  sweetSpotMax: z.number().int().min(1).max(200_000).default(200),
  hardCap: z.number().int().min(1).max(200_000).default(350),
  expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
  template: GroupTemplate.nullable().optional(),
  threshold: Threshold.default({ kind: 'none' }),
  staffSettings: StaffSettings.nullable().optional(),
  creditPerJoin: z.number().int().min(0).max(100_000).default(1),
  retentionDays: z.number().int().min(0).max(365).default(7),
}).strict();

export function codeRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  const deps = { db: ctx.db, connector: (accountId: number) => ctx.runtime.connector(accountId) };
  const pageUrl = (slug: string) => `${ctx.publicUrl()}/c/${slug}`;
  const show = (c: CodeRow) => {
    const { workspaceId: _w, webhookSecret: _s, openingSince: _o, expiresAt, createdAt, ...rest } = c;
    return { ...rest, url: pageUrl(c.slug), expiresAt: expiresAt?.toISOString() ?? null, createdAt: createdAt.toISOString() };
  };
  async function detail(workspaceId: number, id: number) {
    const code = await getCode(ctx.db, workspaceId, id);
    const [pool, figures, staff] = await Promise.all([poolOf(ctx.db, workspaceId, id), codeFigures(ctx.db, workspaceId, id), staffOf(workspaceId, id)]);
    return {
      code: show(code),
      pool: pool.map((p) => ({ ...p, linkExpiresAt: p.linkExpiresAt?.toISOString() ?? null })),
      staff,
      figures: { ...figures, openTasks: figures.openTasks.map((t) => ({ ...t, createdAt: t.createdAt.toISOString() })) },
      webhookUrl: `${ctx.publicUrl()}/webhooks/codes/${code.slug}/orders`,
    };
  }
  async function staffOf(workspaceId: number, codeId: number) {
    return ctx.db.query<z.infer<typeof StaffMember>>(
      `select s.staff_user_id as "staffUserId", coalesce(u.name, '') as name, s.platform_user_id as "platformUserId", s.daily_cap as "dailyCap",
              s.backup, s.contact_url as "contactUrl",
              coalesce((select sum(d.routed) from live_code_staff_daily d where d.workspace_id = s.workspace_id and d.code_id = s.code_id
                and d.staff_user_id = s.staff_user_id and d.day = (now() at time zone w.timezone)::date), 0)::int as "routedToday"
       from live_code_staff s join workspaces w on w.id = s.workspace_id left join users u on u.id = s.staff_user_id
       where s.workspace_id = $1 and s.code_id = $2 order by s.position`, [workspaceId, codeId]);
  }

  return async (app) => {
    app.get('/api/codes', {
      config: { minRole: 'viewer' },
      schema: { tags: ['codes'], summary: 'Live codes, newest first, with their figures', response: { 200: z.object({ items: z.array(z.object({ code: Code, groups: z.number().int(), figures: Figures })) }), ...errors } },
    }, async (req) => {
      const actor = actorOf(req);
      const codes = await listCodes(ctx.db, actor.workspaceId);
      const items = await Promise.all(codes.map(async (c) => {
        const [pool, figures] = await Promise.all([poolOf(ctx.db, actor.workspaceId, c.id), codeFigures(ctx.db, actor.workspaceId, c.id)]);
        return { code: show(c), groups: pool.length, figures: { ...figures, openTasks: figures.openTasks.map((t) => ({ ...t, createdAt: t.createdAt.toISOString() })) } };
      }));
      return { items };
    });

    app.post('/api/codes', {
      config: { minRole: 'operator' },
      schema: { tags: ['codes'], summary: 'Creates a live code (group or staff code)', body: CodeInput, response: { 201: CodeDetail, ...errors } },
    }, async (req, reply) => {
      const actor = actorOf(req);
      const { expiresAt, ...input } = req.body;
      const code = await createCode(ctx.db, actor.workspaceId, { ...input, expiresAt: expiresAt ? new Date(expiresAt) : null }, actor.userId);
      await recordAudit(ctx.db, actor, { action: 'code.create', target: `code:${code.id}`, detail: { kind: code.kind, source: code.source } });
      return reply.code(201).send(await detail(actor.workspaceId, code.id));
    });

    app.get('/api/codes/:id', {
      config: { minRole: 'viewer' },
      schema: { tags: ['codes'], summary: 'A live code with its pool, staff and figures', params: idParams, response: { 200: CodeDetail, ...errors } },
    }, async (req) => detail(actorOf(req).workspaceId, req.params.id));

    app.patch('/api/codes/:id', {
      config: { minRole: 'operator' },
      schema: {
        tags: ['codes'], summary: 'Pauses or resumes a code, or changes its name, rule, expiry, threshold, template or credit', params: idParams,
        body: z.object({
          status: z.enum(['active', 'paused']).optional(), name: text().trim().min(1).max(60).optional(), rule: RoutingRule.optional(),
          expiresAt: z.iso.datetime({ offset: true }).nullable().optional(), threshold: Threshold.optional(), template: GroupTemplate.nullable().optional(),
          staffSettings: StaffSettings.nullable().optional(), creditPerJoin: z.number().int().min(0).max(100_000).optional(), retentionDays: z.number().int().min(0).max(365).optional(),
        }).strict(),
        response: { 200: CodeDetail, ...errors },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const { expiresAt, ...patch } = req.body;
      await updateCode(ctx.db, actor.workspaceId, req.params.id, { ...patch, ...(expiresAt !== undefined ? { expiresAt: expiresAt ? new Date(expiresAt) : null } : {}) });
      await recordAudit(ctx.db, actor, { action: 'code.update', target: `code:${req.params.id}`, detail: { fields: Object.keys(req.body), ...(req.body.status ? { status: req.body.status } : {}) } });
      return detail(actor.workspaceId, req.params.id);
    });

    app.post('/api/codes/:id/groups', {
      config: { minRole: 'operator' },
      schema: {
        tags: ['codes'], summary: "Adds a group to a group code's pool, with a new invite link (WeCom: join way) behind the code", params: idParams,
        body: z.object({ groupId: z.number().int().positive(), source: sourceText().nullable().optional().describe('by_source: the source this group is for') }).strict(),
        response: { 200: CodeDetail, ...errors },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const code = await getCode(ctx.db, actor.workspaceId, req.params.id);
      if (code.kind !== 'group') throw new AppError('bad_request', 'a staff code has staff, not groups');
      await assertGroupAccess(ctx.db, actor, req.body.groupId, { write: true });
      const platform = (await ctx.db.query<{ platform: string }>(
        'select a.platform from groups g join platform_accounts a on a.workspace_id = g.workspace_id and a.id = g.account_id where g.workspace_id = $1 and g.id = $2',
        [actor.workspaceId, req.body.groupId]))[0]?.platform ?? 'unknown';
      const link = await linkForGroup(deps, actor.workspaceId, code, req.body.groupId, platform);
      await addGroupToPool(ctx.db, actor.workspaceId, code, req.body.groupId, link, { source: req.body.source ?? null });
      await recordAudit(ctx.db, actor, { action: 'code.group.add', target: `code:${code.id}`, detail: { group: req.body.groupId } });
      return detail(actor.workspaceId, code.id);
    });

    app.post('/api/codes/:id/groups/:groupId/close', {
      config: { minRole: 'operator' },
      schema: { tags: ['codes'], summary: 'Takes a group out of routing (its members stay)', params: idParams.extend({ groupId: z.coerce.number().int().positive() }), response: { 200: CodeDetail, ...errors } },
    }, async (req) => {
      const actor = actorOf(req);
      await setPoolGroupStatus(ctx.db, actor.workspaceId, req.params.id, req.params.groupId, 'closed');
      await recordAudit(ctx.db, actor, { action: 'code.group.close', target: `code:${req.params.id}`, detail: { group: req.params.groupId } });
      return detail(actor.workspaceId, req.params.id);
    });

    app.post('/api/codes/:id/open-group', {
      config: { minRole: 'operator' },
      schema: {
        tags: ['codes'], summary: "Opens the code's next group from its template now (or asks an operator to, where the platform cannot)", params: idParams,
        response: { 200: z.object({ outcome: z.enum(['opened', 'task', 'already', 'no_template']), groupId: z.number().int().optional(), taskId: z.number().int().optional() }), ...errors },
      },
    }, async (req) => {
      const actor = actorOf(req);
      await getCode(ctx.db, actor.workspaceId, req.params.id);
      const done = await openNextGroup(deps, actor.workspaceId, req.params.id);
      await recordAudit(ctx.db, actor, { action: 'code.group.open', target: `code:${req.params.id}`, detail: { outcome: done.kind } });
      const { kind, ...rest } = done;
      return { outcome: kind, ...rest };
    });

    app.post('/api/codes/:id/staff', {
      config: { minRole: 'admin' },
      schema: {
        tags: ['codes'], summary: "Adds a staff member to a staff code, with a WeCom contact way (联系我) of their own when the code's account is WeCom", params: idParams,
        body: z.object({
          staffUserId: z.number().int().positive(), platformUserId: text().trim().min(1).max(64).describe("the staff member's WeCom userid"),
          dailyCap: z.number().int().min(1).max(100_000).default(50), backup: z.boolean().default(false),
          accountId: z.number().int().positive().optional().describe('the WeCom account that makes the contact way'),
        }).strict(),
        response: { 200: CodeDetail, ...errors },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const code = await getCode(ctx.db, actor.workspaceId, req.params.id);
      await addStaffToCode(ctx.db, (id) => ctx.runtime.connector(id), code, req.body);
      await recordAudit(ctx.db, actor, { action: 'code.staff.add', target: `code:${code.id}`, detail: { user: req.body.staffUserId, dailyCap: req.body.dailyCap, backup: req.body.backup } });
      return detail(actor.workspaceId, code.id);
    });

    for (const format of ['png', 'svg'] as const) {
      app.get(`/api/codes/:id/qr.${format}`, {
        config: { minRole: 'viewer' },
        schema: { tags: ['codes'], summary: `The code's QR code as ${format.toUpperCase()} (its public page's address)`, params: idParams, querystring: z.object({ s: sourceText().optional().describe('a source to put in the link: ?s=') }), response: { 200: z.any(), ...errors } },
      }, async (req, reply) => {
        const code = await getCode(ctx.db, actorOf(req).workspaceId, req.params.id);
        const url = pageUrl(code.slug) + (req.query.s ? `?s=${encodeURIComponent(req.query.s)}` : '');
        reply.header('content-disposition', `attachment; filename="code-${code.id}${req.query.s ? `-${req.query.s.replace(/[^\w-]/g, '_')}` : ''}.${format}"`);
        return format === 'png' ? reply.type('image/png').send(await qrPng(url)) : reply.type('image/svg+xml').send(await qrSvg(url));
      });
    }

    app.get('/api/code-entries', {
      config: { minRole: 'viewer' },
      schema: { tags: ['codes'], summary: 'The approval queue: threshold entries waiting for an admin, oldest first', response: { 200: z.object({ items: z.array(Entry) }), ...errors } },
    }, async (req) => {
      const items = await pendingEntries(ctx.db, actorOf(req).workspaceId);
      return { items: items.map(({ token: _t, orderId: _o, note: _n, decidedAt: _d, createdAt, ...e }) => ({ ...e, createdAt: createdAt.toISOString() })) };
    });

    app.get('/api/code-entries/:id/proof', {
      config: { minRole: 'operator' },
      schema: { tags: ['codes'], summary: "The poster screenshot an entry was submitted with", params: idParams, response: { 200: z.any(), ...errors } },
    }, async (req, reply) => {
      const proof = await entryProof(ctx.db, actorOf(req).workspaceId, req.params.id);
      return reply.type(proof.type).header('content-security-policy', "default-src 'none'").send(Buffer.from(proof.base64, 'base64'));
    });

    for (const decision of ['approve', 'reject'] as const) {
      app.post(`/api/code-entries/:id/${decision}`, {
        config: { minRole: 'operator' },
        schema: {
          tags: ['codes'], summary: decision === 'approve' ? 'Lets the visitor in (decided once)' : 'Refuses the visitor (decided once)', params: idParams,
          body: z.object({ note: text().trim().max(200).optional() }).strict(),
          response: { 200: z.object({ status: z.enum(['pending', 'passed', 'rejected']) }), ...errors },
        },
      }, async (req) => {
        const actor = actorOf(req);
        const status = await decideEntry(ctx.db, actor.workspaceId, req.params.id, decision === 'approve' ? 'passed' : 'rejected', actor.userId, req.body.note);
        await recordAudit(ctx.db, actor, { action: `code.entry.${decision}`, target: `entry:${req.params.id}`, detail: { status } });
        return { status };
      });
    }

    app.post('/api/codes/:id/orders', {
      config: { minRole: 'admin' },
      schema: {
        tags: ['codes'], summary: 'Enters a paid order by hand (what the shop webhook does); once per order id', params: idParams,
        body: z.object({
          orderId: text().trim().min(1).max(100), entryId: z.number().int().positive(), amountCents: z.number().int().min(0),
          currency: z.string().regex(/^[A-Z]{3}$/).default('CNY'), paidAt: z.iso.datetime({ offset: true }).optional(),
        }).strict(),
        response: { 200: z.object({ outcome: z.enum(['passed', 'duplicate', 'underpaid', 'unknown_entry']) }), ...errors },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const code = await getCode(ctx.db, actor.workspaceId, req.params.id);
      const token = (await ctx.db.query<{ token: string }>('select token from code_entries where workspace_id = $1 and code_id = $2 and id = $3', [actor.workspaceId, code.id, req.body.entryId]))[0]?.token;
      if (!token) throw new AppError('not_found', `no entry ${req.body.entryId} of code ${code.id}`);
      const outcome = await confirmOrder(ctx.db, code, { orderId: req.body.orderId, entryToken: token, amountCents: req.body.amountCents, currency: req.body.currency, paidAt: req.body.paidAt ?? new Date().toISOString() }, 'hand');
      await recordAudit(ctx.db, actor, { action: 'code.order.enter', target: `code:${code.id}`, detail: { order: req.body.orderId, entry: req.body.entryId, outcome } });
      return { outcome };
    });

    app.post('/api/code-tasks/:id/done', {
      config: { minRole: 'operator' },
      schema: { tags: ['codes'], summary: 'Marks an operator task of a code done', params: idParams, response: { 200: z.object({ ok: z.literal(true) }), ...errors } },
    }, async (req) => {
      const actor = actorOf(req);
      const rows = await ctx.db.query(`update code_tasks set status = 'done', done_at = now() where workspace_id = $1 and id = $2 returning 1`, [actor.workspaceId, req.params.id]);
      if (!rows.length) throw new AppError('not_found', `no task ${req.params.id}`);
      await recordAudit(ctx.db, actor, { action: 'code.task.done', target: `task:${req.params.id}` });
      return { ok: true as const };
    });

    app.get('/api/staff-statements', {
      config: { minRole: 'admin' },
      schema: { tags: ['codes'], summary: "A month's statement per staff member: attributed joins, credited after the retention days, credit", querystring: z.object({ month }), response: { 200: z.object({ month: z.string(), lines: z.array(StatementLine) }), ...errors } },
    }, async (req) => {
      const actor = actorOf(req);
      const zone = (await getWorkspace(ctx.db, actor.workspaceId))?.timezone ?? 'Asia/Shanghai';
      return { month: req.query.month, lines: await monthlyStatement(ctx.db, actor.workspaceId, req.query.month, zone) };
    });

    app.get('/api/staff-statements.csv', {
      config: { minRole: 'admin' },
      schema: { tags: ['codes'], summary: "A month's staff statement as CSV (UTF-8 with BOM, opens in Excel)", querystring: z.object({ month, lang: z.enum(['zh-CN', 'en']).default('zh-CN') }), response: { 200: z.string(), ...errors } },
    }, async (req, reply) => {
      const actor = actorOf(req);
      const zone = (await getWorkspace(ctx.db, actor.workspaceId))?.timezone ?? 'Asia/Shanghai';
      const lines = await monthlyStatement(ctx.db, actor.workspaceId, req.query.month, zone);
      const headers = req.query.lang === 'en'
        ? ['month', 'staff', 'joins', 'credited', 'pending', 'lost', 'credit', 'by source']
        : ['月份', '员工', '引入人数', '已计入', '考核中', '已流失', '奖励', '来源'];
      reply.header('content-disposition', `attachment; filename="staff-statement-${req.query.month}.csv"`);
      await recordAudit(ctx.db, actor, { action: 'code.statement.export', target: `workspace:${actor.workspaceId}`, detail: { month: req.query.month } });
      return reply.type('text/csv; charset=utf-8').send(statementCsv(req.query.month, lines, headers));
    });

    app.get('/api/staff-statements.xlsx', {
      config: { minRole: 'admin' },
      schema: { tags: ['codes'], summary: "A month's staff statement as an Excel workbook: a sheet of lines per staff member, a sheet of joins per source", querystring: z.object({ month, lang: z.enum(['zh-CN', 'en']).default('zh-CN') }), response: { 200: z.any().describe('the .xlsx file'), ...errors } },
    }, async (req, reply) => {
      const actor = actorOf(req);
      const zone = (await getWorkspace(ctx.db, actor.workspaceId))?.timezone ?? 'Asia/Shanghai';
      const lines = await monthlyStatement(ctx.db, actor.workspaceId, req.query.month, zone);
      const file = await statementXlsx(req.query.month, lines, STATEMENT_HEADERS[req.query.lang]);
      reply.header('content-disposition', `attachment; filename="staff-statement-${req.query.month}.xlsx"`);
      await recordAudit(ctx.db, actor, { action: 'code.statement.export', target: `workspace:${actor.workspaceId}`, detail: { month: req.query.month, format: 'xlsx' } });
      return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(file);
    });
  };
}
