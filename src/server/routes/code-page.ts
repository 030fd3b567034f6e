/**
 * What newcomers and shops reach without signing in: a live code's public page (/c/<slug>) and its
 * JSON twin (/api/public/codes/<slug>/route, for other front-ends, the simulator and the
 * benchmark), the threshold submission, and the shop system's signed order webhook.
 *
 * The visitor is told apart by an httpOnly cookie (qy_v, or ?v= for clients without cookies), so
 * opening the page again keeps their seat; their threshold entry by another (qy_e<code id>).
 * When routing finds the pool past its sweet spot, the next group is opened in the background.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LevelWithSilent } from 'pino';
import { z } from 'zod';
import { recentCodeBySlug, type CodeRow } from '../../acquisition/codes.ts';
import { confirmOrder, submitEntry } from '../../acquisition/entries.ts';
import { openNextGroup } from '../../acquisition/open-group.ts';
import { qrSvg } from '../../acquisition/qr.ts';
import { OrderWebhook, verifySignature } from '../../acquisition/threshold.ts';
import { visitCode, type VisitResult } from '../../acquisition/visit.ts';
import { AppError } from '../../errors.ts';
import { errorResponses } from '../errors.ts';
import { text } from '../schemas.ts';
import type { ServerContext } from '../context.ts';
import { checkedFirst, lazyChildLogger, onlyKeys, plainJson } from '../public-hot-path.ts';
import { esc, PAGE_SCRIPT, pageShell, pickLang, thresholdForm, words } from './code-page-html.ts';

const VISITOR = 'qy_v';
/**
 * The pages every newcomer opens (thousands a second under a campaign) log no line per request
 * at info: two pino lines per request cost a busy process more than routing does. Warnings and
 * errors are still logged, and LOG_LEVEL=debug or trace brings the request lines back.
 */
function quietLevel(configured: LevelWithSilent): LevelWithSilent {
  return configured === 'info' ? 'warn' : configured;
}
const entryCookie = (codeId: number) => `qy_e${codeId}`;
const SLUG = /^[\w-]{4,32}$/;
const VISITOR_ID = /^[\w-]{8,64}$/;
const slugParams = z.object({ slug: z.string().regex(SLUG, 'not a code') });
const visitQuery = z.object({
  s: z.string().max(64).optional().describe('the source (shop_12, poster, …); the code\'s own when absent'),
  v: z.string().regex(VISITOR_ID).optional().describe('a visitor id, for clients without cookies'),
  lang: z.enum(['zh-CN', 'en']).optional(),
});
/**
 * What a visitor's page and its JSON twin run through on every request (public-hot-path.ts): the
 * schemas above, checked first by plain functions that accept exactly what they accept (the rest
 * goes to zod for its usual 400), no session lookup or CSRF cookie (sessionless: nothing there
 * depends on who is asking), and a logger made only when a warning is logged.
 */
const PARAM_KEYS = new Set(['slug']);
const QUERY_KEYS = new Set(['s', 'v', 'lang']);
const visitorRoute = {
  validatorCompiler: checkedFirst({
    params: (p) => onlyKeys(p, PARAM_KEYS) && typeof p.slug === 'string' && SLUG.test(p.slug),
    querystring: (q) => onlyKeys(q, QUERY_KEYS)
      && (q.s === undefined || (typeof q.s === 'string' && q.s.length <= 64))
      && (q.v === undefined || (typeof q.v === 'string' && VISITOR_ID.test(q.v)))
      && (q.lang === undefined || q.lang === 'zh-CN' || q.lang === 'en'),
  }),
  childLoggerFactory: lazyChildLogger,
};

const RouteAnswer = z.object({
  kind: z.enum(['group', 'staff', 'full', 'unavailable', 'threshold']),
  url: z.string().nullable().describe('the platform link or contact-way QR to hand the newcomer'),
  groupId: z.number().int().optional(), staffUserId: z.number().int().optional(), reservationId: z.number().int().optional(),
  reason: z.string().optional(), entryStatus: z.enum(['pending', 'passed', 'rejected']).nullable().optional(),
}).meta({ id: 'CodeRouteAnswer' });

declare module 'fastify' {
  interface FastifyRequest {
    /** performance.now() when a join request reached its route (code-page.ts). */
    routingFrom: number;
  }
}

export function codePageRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  const deps = { db: ctx.db, connector: (accountId: number) => ctx.runtime.connector(accountId) };
  const quiet = quietLevel(ctx.config.LOG_LEVEL);
  const zones = new Map<number, { zone: string; at: number }>();
  async function zoneOf(workspaceId: number): Promise<string> {
    const hit = zones.get(workspaceId);
    if (hit && Date.now() - hit.at < 60_000) return hit.zone;
    const zone = (await ctx.db.query<{ timezone: string }>('select timezone from workspaces where id = $1', [workspaceId]))[0]?.timezone ?? 'Asia/Shanghai';
    zones.set(workspaceId, { zone, at: Date.now() });
    return zone;
  }
  const cookie = (req: FastifyRequest) => ({ httpOnly: true, sameSite: 'lax' as const, path: '/', secure: req.protocol === 'https', maxAge: 30 * 86_400 });
  function visitorOf(req: FastifyRequest, reply: FastifyReply, given: string | undefined): string {
    const v = given ?? req.cookies[VISITOR];
    if (v && VISITOR_ID.test(v)) return v;
    const fresh = randomBytes(12).toString('base64url');
    reply.setCookie(VISITOR, fresh, cookie(req));
    return fresh;
  }
  const cachedCode = (slug: string) => recentCodeBySlug(ctx.db, slug);
  async function code(slug: string): Promise<CodeRow> {
    const c = await cachedCode(slug);
    if (!c) throw new AppError('not_found', 'no such code');
    return c;
  }
  async function visit(req: FastifyRequest, reply: FastifyReply, c: CodeRow, q: z.infer<typeof visitQuery>): Promise<VisitResult> {
    const result = await visitCode(ctx.db, c, { source: q.s, visitor: visitorOf(req, reply, q.v), entryToken: req.cookies[entryCookie(c.id)], zone: await zoneOf(c.workspaceId) });
    if ((result.kind === 'group' || result.kind === 'full') && result.openNext) {
      void openNextGroup(deps, c.workspaceId, c.id).catch((err: unknown) => req.log.warn({ err, code: c.id }, 'opening the next group failed'));
    }
    return result;
  }

  return async (app) => {
    // When the routing of a join request started: its route's first hook (Server-Timing's route;dur).
    app.decorateRequest('routingFrom', 0);

    app.get('/c/code-page.js', { config: { public: true, sessionless: true }, schema: { hide: true } }, async (_req, reply) =>
      reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(PAGE_SCRIPT));

    app.get('/c/:slug', {
      config: { public: true, sessionless: true },
      logLevel: quiet,
      ...visitorRoute,
      schema: { tags: ['codes'], summary: "A live code's public page: the threshold form, or the group / staff member to join", params: slugParams, querystring: visitQuery, response: { 200: z.string(), 404: z.string() } },
    }, async (req, reply) => {
      const lang = pickLang(req.query.lang, req.headers['accept-language']);
      const w = words(lang);
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
      const c = await cachedCode(req.params.slug);
      if (!c) return reply.code(404).send(pageShell(lang, w.unknown, ''));
      const r = await visit(req, reply, c, req.query);
      const title = c.name;
      let body: string;
      if (r.kind === 'threshold') {
        const status = r.entry?.status;
        body = status === 'pending' ? `<p class="msg">${c.threshold.kind === 'paid' ? w.paidPending : w.pending}</p>`
          : status === 'rejected' ? `<p class="msg">${w.rejected}</p>`
          : thresholdForm(c.slug, c.threshold, w, lang);
      } else if (r.kind === 'group' || r.kind === 'staff') {
        const url = r.url;
        const qr = url ? `<div class="qr" role="img" aria-label="${esc(w.scan)}">${await qrSvg(url)}</div>` : '';
        body = `<div class="card"><p>${r.kind === 'group' ? w.join : w.add}</p>${qr}<p class="muted" style="text-align:center">${w.scan}</p>
${url ? `<a class="btn" href="${esc(url)}">${w.openLink}</a>` : ''}<p class="muted" style="text-align:center">${w.reserved}</p></div>`;
      } else if (r.kind === 'full') {
        body = `<p class="msg">${c.kind === 'staff' ? w.staffFull : w.full}</p>`;
      } else {
        body = `<p class="msg">${r.reason === 'paused' ? w.paused : w.expired}</p>`;
      }
      return reply.send(pageShell(lang, title, body));
    });

    app.get('/api/public/codes/:slug', {
      config: { public: true },
      logLevel: quiet,
      schema: { tags: ['codes'], summary: "A live code's public facts (name, kind, threshold) for its page", params: slugParams, response: { 200: z.object({ name: z.string(), kind: z.enum(['group', 'staff']), threshold: z.string() }), ...errorResponses } },
    }, async (req) => {
      const c = await code(req.params.slug);
      return { name: c.name, kind: c.kind, threshold: c.threshold.kind };
    });

    app.get('/api/public/codes/:slug/route', {
      config: { public: true, sessionless: true },
      logLevel: quiet,
      ...visitorRoute,
      serializerCompiler: plainJson,
      onRequest: (req, _reply, done) => { req.routingFrom = performance.now(); done(); },
      schema: { tags: ['codes'], summary: 'Routes the visitor (the JSON twin of the page): a seat in a group, a staff member, or why not', params: slugParams, querystring: visitQuery, response: { 200: RouteAnswer, ...errorResponses } },
    }, async (req, reply) => {
      const c = await code(req.params.slug);
      reply.header('cache-control', 'no-store');
      const r = await visit(req, reply, c, req.query);
      // How long routing took in the server, from the route's first hook (validation, the code,
      // the seat) to the seat decided: what bench:joins reports beside the client's latency.
      reply.header('server-timing', `route;dur=${(performance.now() - req.routingFrom).toFixed(2)}`);
      switch (r.kind) {
        case 'group': return { kind: r.kind, url: r.url, groupId: r.groupId, reservationId: r.reservationId };
        case 'staff': return { kind: r.kind, url: r.url, staffUserId: r.staffUserId, reservationId: r.reservationId };
        case 'threshold': return { kind: r.kind, url: null, entryStatus: r.entry?.status ?? null };
        case 'full': return { kind: r.kind, url: null };
        default: return { kind: r.kind, url: null, reason: r.reason };
      }
    });

    app.post('/api/public/codes/:slug/entries', {
      config: { public: true },
      bodyLimit: 4 * 1024 * 1024,
      schema: {
        tags: ['codes'], summary: "Submits the visitor's way through the threshold: form answers, a poster screenshot, an approval request or an order to pay", params: slugParams,
        body: z.object({
          name: text().trim().min(1).max(60),
          answers: z.record(z.string().max(32), text().max(500)).default({}),
          proof: z.object({ base64: z.base64().max(4_000_000), type: z.enum(['image/png', 'image/jpeg']) }).strict().optional(),
        }).strict(),
        response: { 201: z.object({ status: z.enum(['pending', 'passed', 'rejected']), shopUrl: z.string().optional() }), ...errorResponses },
      },
    }, async (req, reply) => {
      const c = await code(req.params.slug);
      const entry = await submitEntry(ctx.db, c, req.body);
      reply.setCookie(entryCookie(c.id), entry.token, cookie(req));
      const shop = c.threshold.kind === 'paid' && c.threshold.shopUrl ? new URL(c.threshold.shopUrl) : undefined;
      shop?.searchParams.set('entry', entry.token);
      return reply.code(201).send({ status: entry.status, ...(shop ? { shopUrl: shop.toString() } : {}) });
    });

    // The shop's webhook, signed over the exact bytes: in a scope of its own with a raw-body parser.
    await app.register(async (parent) => {
      const scope = parent.withTypeProvider<ZodTypeProvider>();
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, body));
      scope.post('/webhooks/codes/:slug/orders', {
        config: { public: true },
        schema: {
          tags: ['webhooks'], summary: "A shop system's paid order for a paid code: JSON signed with HMAC-SHA256 of the code's webhook secret in x-qunyun-signature (sha256=<hex>); once per order id",
          params: slugParams, body: z.string(), response: { 200: z.object({ outcome: z.enum(['passed', 'duplicate', 'underpaid', 'unknown_entry']) }), ...errorResponses },
        },
      }, async (req) => {
        const c = await code(req.params.slug);
        const sig = req.headers['x-qunyun-signature'];
        if (!verifySignature(c.webhookSecret, req.body, typeof sig === 'string' ? sig : undefined)) throw new AppError('unauthorized', 'missing or wrong x-qunyun-signature');
        let json: unknown;
        try { json = JSON.parse(req.body); } catch { throw new AppError('bad_request', 'the body is not JSON'); }
        const order = OrderWebhook.safeParse(json);
        if (!order.success) throw new AppError('bad_request', `the order is not valid: ${order.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`);
        if (c.threshold.kind !== 'paid') throw new AppError('conflict', 'this code takes no payment');
        return { outcome: await confirmOrder(ctx.db, c, order.data, 'webhook') };
      });
    });
  };
}
