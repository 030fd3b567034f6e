/**
 * Conversion over HTTP (issue #17 item 6): importing a shop's orders (CSV or XLSX, all or nothing,
 * with an error per row and column), the shop's signed webhook (HMAC-SHA256 over
 * "<x-qunyun-timestamp>.<raw body>", within 5 minutes, once per order id), the webhook's settings
 * and attribution window, customers mapped to members, costs, and the reads: orders with their
 * attribution (plain rows, for tables and exports) and ROI per campaign, live code and group.
 * Reads need the viewer role (an operator: orders of their groups); imports, settings, mappings
 * and costs need an admin. Every change is audited.
 */
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../server/auth-hooks.ts';
import { errorResponses } from '../server/errors.ts';
import { queryDay, text } from '../server/schemas.ts';
import type { ServerContext } from '../server/context.ts';
import { resolveRange } from '../server/routes/overview.ts';
import { recordAudit } from '../audit/record.ts';
import { isScopedToAssignedGroups } from '../auth/access.ts';
import { AppError } from '../errors.ts';
import { readOrderRows, readWebhookOrder, verifyOrderWebhook, type RowError } from './attribution.ts';
import { readCsv, readXlsx } from './files.ts';
import { attributedOrders, mapCustomer, orderSettings, roiReport, setCost, storeOrders, updateOrderSettings, workspaceOfWebhook, zoneOf, type CostKind } from './store.ts';
import { namesByKind } from '../workspaces/names.ts';

const int = z.number().int();
const n = z.number();
const day = z.string().describe('YYYY-MM-DD in the workspace time zone');
const rangeQuery = { from: queryDay.optional(), to: queryDay.optional() };
const idNumber = z.number().int().positive().max(2_147_483_647);

const Order = z.object({
  id: int, orderId: z.string(), amountCents: int, currency: z.string(), paidAt: z.string(), via: z.enum(['csv', 'xlsx', 'webhook']),
  memberId: int.nullable(), memberName: z.string().nullable(), matchedBy: z.enum(['platform_user_id', 'phone', 'customer_id']).nullable(),
  platformUserId: z.string().nullable(), phone: z.string().nullable(), customerId: z.string().nullable(),
  groupId: int.nullable(), groupName: z.string().nullable(), groupBy: z.enum(['push', 'join', 'membership']).nullable(),
  pushId: int.nullable(), codeId: int.nullable(), codeName: z.string().nullable(), campaignId: int.nullable(), campaignName: z.string().nullable(),
}).meta({ id: 'Order' });
const Roi = z.object({ key: int, name: z.string(), orders: int, buyers: int, revenueCents: int, costCents: int.nullable(), roi: n.nullable().describe('(revenue − cost) ÷ cost; null without a cost') }).meta({ id: 'RoiRow' });
const ImportOutcome = z.object({ rows: int, stored: int, duplicates: int, matched: int, unmatched: int, duplicateIds: z.array(z.string()).describe('up to 20 order ids stored before') });
const Settings = z.object({ webhookPath: z.string(), webhookSecret: z.string(), windowDays: int, signature: z.string().describe('how to sign a delivery') });

/** Row errors as the error body's issues: path "<row>.<column>" (row 1 = the header). */
function rowIssues(errors: readonly RowError[]): AppError {
  const rows = new Set(errors.map((e) => e.row)).size;
  return new AppError('bad_request', `${rows} row${rows === 1 ? '' : 's'} with errors: nothing was imported`, {
    issues: errors.slice(0, 200).map((e) => ({ path: `${e.row}.${e.column}`, message: e.message, ...(e.code ? { code: e.code, values: e.values ?? {} } : {}) })),
  });
}

const signatureHelp = 'x-qunyun-timestamp: unix seconds; x-qunyun-signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>" with the secret>';

export function orderRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    const rangeOf = (ws: number, q: { from?: string | undefined; to?: string | undefined }) => resolveRange(ctx, ws, q);

    app.get('/api/orders', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['overview'], summary: 'Orders paid in the range with the member matched and what each is attributed to (group, push, live code, campaign)',
        querystring: z.object({ ...rangeQuery, status: z.enum(['all', 'matched', 'unmatched']).default('all').describe('unmatched: not for operators') }),
        response: { 200: z.object({ range: z.object({ from: day, to: day }), windowDays: int, items: z.array(Order) }), ...errorResponses },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const range = await rangeOf(actor.workspaceId, req.query);
      const status = req.query.status;
      const { windowDays, orders } = await attributedOrders(ctx.db, actor, range, { unmatched: status !== 'matched' && !isScopedToAssignedGroups(actor) });
      const list = status === 'unmatched' ? orders.filter((o) => o.memberId === null) : orders;
      const { group: gn, code: kn, campaign: cn } = await namesByKind(ctx.db, actor.workspaceId, {
        group: list.map((o) => o.attribution.groupId), code: list.map((o) => o.attribution.codeId), campaign: list.map((o) => o.attribution.campaignId),
      });
      return {
        range, windowDays,
        items: list.map(({ attribution: a, ...o }) => ({
          ...o, via: o.via as 'csv', matchedBy: o.matchedBy as 'phone' | null,
          groupId: a.groupId, groupName: a.groupId === null ? null : gn.get(a.groupId) ?? null, groupBy: a.groupBy,
          pushId: a.pushId, codeId: a.codeId, codeName: a.codeId === null ? null : kn.get(a.codeId) ?? null,
          campaignId: a.campaignId, campaignName: a.campaignId === null ? null : cn.get(a.campaignId) ?? null,
        })),
      };
    });

    app.get('/api/orders/roi', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['overview'], summary: 'ROI per referral campaign, live code and group: revenue attributed (last touch within the window) against the cost set',
        querystring: z.object(rangeQuery),
        response: {
          200: z.object({
            range: z.object({ from: day, to: day }), windowDays: int,
            totals: z.object({ orders: int, revenueCents: int, buyers: int, unmatched: int.describe('orders of the range no member was found for'), attributedToGroup: int }),
            byCampaign: z.array(Roi), byCode: z.array(Roi), byGroup: z.array(Roi),
          }),
          ...errorResponses,
        },
      },
    }, async (req) => {
      const actor = actorOf(req);
      return roiReport(ctx.db, actor, await rangeOf(actor.workspaceId, req.query));
    });

    app.post('/api/orders/import', {
      config: { minRole: 'admin' },
      bodyLimit: 12 * 1024 * 1024,
      schema: {
        tags: ['overview'], summary: "Imports a shop's orders from CSV or XLSX: all or nothing; a row with an error is named with its column and what was wrong; an order id stored before is skipped",
        body: z.object({
          format: z.enum(['csv', 'xlsx']),
          content: z.string().min(1).max(11 * 1024 * 1024).describe('csv: the text; xlsx: the file in base64'),
          fileName: text().max(200).optional(),
        }).strict(),
        response: { 200: ImportOutcome, ...errorResponses },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const { format, content } = req.body;
      let file;
      if (format === 'csv') file = readCsv(content);
      else {
        if (!/^[A-Za-z0-9+/=\s]+$/.test(content)) throw new AppError('bad_request', 'the XLSX file must be sent in base64');
        file = await readXlsx(Buffer.from(content, 'base64'));
      }
      if (file.errors.length) throw rowIssues(file.errors);
      if (file.rows.length === 0) throw new AppError('bad_request', 'the file has no orders');
      const { orders, errors } = readOrderRows(file.rows, await zoneOf(ctx.db, actor.workspaceId));
      if (errors.length) throw rowIssues(errors);
      const out = await storeOrders(ctx.db, actor.workspaceId, format, orders);
      await recordAudit(ctx.db, actor, { action: 'order.import', target: `workspace:${actor.workspaceId}`, detail: { format, fileName: req.body.fileName ?? null, rows: orders.length, updated: out.stored, duplicates: out.duplicates, unmatched: out.unmatched } });
      return { rows: orders.length, ...out };
    });

    app.get('/api/orders/settings', {
      config: { minRole: 'admin' },
      schema: { tags: ['overview'], summary: "The order webhook's address and secret, and the attribution window", response: { 200: Settings, ...errorResponses } },
    }, async (req) => {
      const s = await orderSettings(ctx.db, actorOf(req).workspaceId);
      return { webhookPath: `/webhooks/orders/${s.webhookKey}`, webhookSecret: s.webhookSecret, windowDays: s.windowDays, signature: signatureHelp };
    });

    app.patch('/api/orders/settings', {
      config: { minRole: 'admin' },
      schema: {
        tags: ['overview'], summary: 'Changes the attribution window, or replaces the webhook secret (the old one stops working at once)',
        body: z.object({ windowDays: z.number().int().min(1).max(365).optional(), rotateSecret: z.boolean().optional() }).strict(),
        response: { 200: Settings, ...errorResponses },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const s = await updateOrderSettings(ctx.db, actor.workspaceId, req.body);
      await recordAudit(ctx.db, actor, { action: 'order.settings', target: `workspace:${actor.workspaceId}`, detail: { windowDays: req.body.windowDays ?? null, rotateSecret: req.body.rotateSecret === true } });
      return { webhookPath: `/webhooks/orders/${s.webhookKey}`, webhookSecret: s.webhookSecret, windowDays: s.windowDays, signature: signatureHelp };
    });

    app.post('/api/orders/customers', {
      config: { minRole: 'admin' },
      schema: {
        tags: ['overview'], summary: "Maps a shop's customer id or a phone number to a member; unmatched orders that carry it are matched",
        body: z.object({ kind: z.enum(['customer_id', 'phone']), value: text().min(1).max(200), memberId: idNumber }).strict(),
        response: { 200: z.object({ value: z.string(), matched: int }), ...errorResponses },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const out = await mapCustomer(ctx.db, actor, req.body.kind, req.body.value, req.body.memberId);
      await recordAudit(ctx.db, actor, { action: 'order.customer.map', target: `member:${req.body.memberId}`, detail: { kind: req.body.kind, member: req.body.memberId, updated: out.matched } });
      return out;
    });

    app.get('/api/orders/costs', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['overview'], summary: 'Costs set for campaigns, live codes and groups (an operator: their groups only)',
        response: { 200: z.object({ items: z.array(z.object({ kind: z.enum(['campaign', 'code', 'group']), targetId: int, name: z.string(), costCents: int, note: z.string().nullable() })) }), ...errorResponses },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const op = isScopedToAssignedGroups(actor);
      const rows = await ctx.db.query<{ kind: CostKind; targetId: number; name: string | null; costCents: number; note: string | null }>(
        `select c.kind, c.target_id as "targetId", coalesce(k.name, l.name, g.name) as name, c.cost_cents as "costCents", c.note
         from order_costs c
         left join campaigns k on c.kind = 'campaign' and k.workspace_id = c.workspace_id and k.id = c.target_id
         left join live_codes l on c.kind = 'code' and l.workspace_id = c.workspace_id and l.id = c.target_id
         left join groups g on c.kind = 'group' and g.workspace_id = c.workspace_id and g.id = c.target_id
         where c.workspace_id = $1 ${op ? `and c.kind = 'group' and g.owner_staff_id = $2` : ''} order by c.kind, c.target_id`,
        op ? [actor.workspaceId, actor.userId] : [actor.workspaceId]);
      return { items: rows.map((r) => ({ ...r, targetId: Number(r.targetId), costCents: Number(r.costCents), name: r.name ?? `#${r.targetId}` })) };
    });

    app.put('/api/orders/costs', {
      config: { minRole: 'admin' },
      schema: {
        tags: ['overview'], summary: 'Sets the cost of a campaign, live code or group (null removes it), in cents',
        body: z.object({ kind: z.enum(['campaign', 'code', 'group']), targetId: idNumber, costCents: z.number().int().min(0).max(1e13).nullable(), note: text().max(200).optional() }).strict(),
        response: { 200: z.object({ ok: z.literal(true) }), ...errorResponses },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const { kind, targetId, costCents, note } = req.body;
      await setCost(ctx.db, actor.workspaceId, kind, targetId, costCents, note ?? null);
      await recordAudit(ctx.db, actor, { action: 'order.cost.set', target: `${kind}:${targetId}`, detail: { value: costCents === null ? null : costCents / 100, note: note ?? null } });
      return { ok: true as const };
    });

    // The shop's webhook, signed over the exact bytes: in a scope of its own with a raw-body parser.
    await app.register(async (parent) => {
      const scope = parent.withTypeProvider<ZodTypeProvider>();
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, body));
      scope.post('/webhooks/orders/:key', {
        config: { public: true },
        schema: {
          tags: ['webhooks'], summary: `A shop system's paid order (JSON: orderId, amount, currency, paidAt, platformUserId | phone | customerId), signed: ${signatureHelp}; within 5 minutes; once per order id`,
          params: z.object({ key: text().min(1).max(64) }), body: z.string(),
          response: { 200: z.object({ outcome: z.enum(['stored', 'duplicate']), matched: z.boolean() }), ...errorResponses },
        },
      }, async (req) => {
        const hook = await workspaceOfWebhook(ctx.db, req.params.key);
        if (!hook) throw new AppError('not_found', 'no such order webhook');
        const header = (name: string) => { const v = req.headers[name]; return typeof v === 'string' ? v : undefined; };
        const check = verifyOrderWebhook(hook.secret, req.body, header('x-qunyun-timestamp'), header('x-qunyun-signature'), Date.now());
        if (check === 'missing') throw new AppError('unauthorized', 'missing x-qunyun-timestamp or x-qunyun-signature');
        if (check === 'stale') throw new AppError('unauthorized', 'x-qunyun-timestamp is more than 5 minutes away from now: a replay, or the shop clock is wrong');
        if (check === 'bad_signature') throw new AppError('unauthorized', 'wrong x-qunyun-signature');
        let json: unknown;
        try { json = JSON.parse(req.body); } catch { throw new AppError('bad_request', 'the body is not JSON'); }
        const { order, errors } = readWebhookOrder(json, hook.zone);
        if (!order) throw new AppError('bad_request', 'the order is not valid', { issues: errors.map((e) => ({ path: e.column, message: e.message })) });
        const out = await storeOrders(ctx.db, hook.workspaceId, 'webhook', [order]);
        if (out.stored) await recordAudit(ctx.db, { workspaceId: hook.workspaceId, userId: null, ip: req.ip }, { action: 'order.webhook', target: `workspace:${hook.workspaceId}`, detail: { orderId: order.orderId, matched: out.matched > 0 } });
        return { outcome: out.stored ? 'stored' as const : 'duplicate' as const, matched: out.matched > 0 };
      });
    });
  };
}
