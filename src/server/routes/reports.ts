/**
 * Exports and reports (issue #17 item 7, docs/exports-and-reports.md):
 * - GET /api/export: any table of the console as CSV or XLSX. It does not read the database
 *   itself: it calls the table's own GET route inside the process (inject) with the caller's
 *   session or API key, page after page of 200 rows (routes with `limit`/`offset`) until the
 *   route's `total`, and writes each batch as it comes (src/reports/table-file.ts). So an export
 *   has exactly the table's filters, workspace scope and role checks, an operator gets their
 *   groups only, and a new table is exportable with no server code. Audited (`table.export`),
 *   since member data is personal (PIPL).
 * - Read-only API keys (owner): create (the secret shown once), list, revoke; audited.
 * - The weekly digest: the signed-in user's digests, and a preview of last week's.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { recordAudit } from '../../audit/record.ts';
import { AppError, statuses, type ErrorCode } from '../../errors.ts';
import { ApiKeyName, createApiKey, listApiKeys, revokeApiKey } from '../../reports/api-keys.ts';
import { listDigests, previewDigest } from '../../reports/digest-store.ts';
import { columnsOf, csvChunks, fitColumns, xlsxStream, type Column, type Row } from '../../reports/table-file.ts';
import { actorOf, INTERNAL_BATCH_HEADER, INTERNAL_BATCH_SECRET } from '../auth-hooks.ts';
import { errorResponses } from '../errors.ts';
import { MAX_LIMIT } from '../pagination.ts';
import { text } from '../schemas.ts';
import type { ServerContext } from '../context.ts';

/** Rows of one export at most (a guard, far above any console table). */
export const MAX_EXPORT_ROWS = 1_000_000;
const SOURCE_PATH = /^\/api\/[A-Za-z0-9_\-/.]*$/;

interface TableRoute { url: string; pattern: RegExp; params: number; paged: boolean }

/**
 * Watches routes as they are added (call before registering them): the GET routes under /api/,
 * and whether each pages (`limit` and `offset` in its query).
 */
export function trackTableRoutes(app: FastifyInstance): TableRoute[] {
  const tables: TableRoute[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.includes('GET') || !route.url.startsWith('/api/')) return;
    const shape = (route.schema?.querystring as { shape?: Record<string, unknown> } | undefined)?.shape;
    const parts = route.url.split('/').map((p) => (p.startsWith(':') ? '[^/]+' : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    tables.push({ url: route.url, pattern: new RegExp(`^${parts.join('/')}$`), params: (route.url.match(/:/g) ?? []).length, paged: !!shape && 'limit' in shape && 'offset' in shape });
  });
  return tables;
}

/** The route a path is served by: a fixed segment wins over a parameter, as in the router. */
function tableAt(tables: readonly TableRoute[], path: string): TableRoute | undefined {
  return tables.filter((t) => t.pattern.test(path)).sort((a, b) => a.params - b.params)[0];
}

const ColumnsSchema = z.array(z.object({
  key: z.string().min(1).max(200), label: z.string().max(200),
  values: z.record(z.string().max(100), z.string().max(200)).optional(),
}).strict()).min(1).max(100);

function parseColumns(raw: string | undefined): Column[] | undefined {
  if (raw === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new AppError('bad_request', 'columns: not JSON (a list of { key, label, values? })');
  }
  const parsed = ColumnsSchema.safeParse(json);
  if (!parsed.success) throw new AppError('bad_request', `columns: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

/** The rows at a dotted path of an answer (`items`, `cohorts`, `summary.rows`). */
function rowsAt(body: unknown, path: string): unknown {
  let at: unknown = body;
  for (const part of path.split('.')) at = at && typeof at === 'object' ? (at as Record<string, unknown>)[part] : undefined;
  return at;
}

function fileName(name: string, ext: string): { ascii: string; utf8: string } {
  const base = name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '-').slice(0, 80) || 'export';
  const day = new Date().toISOString().slice(0, 10);
  const full = `${base}-${day}.${ext}`;
  return { ascii: full.replace(/[^\x20-\x7e]/g, '_'), utf8: encodeURIComponent(full) };
}

const int = z.number().int();
const n = z.number();
const WeekFigures = z.object({ messages: int, writers: int, joins: int, leaves: int });
const Digest = z.object({
  week: z.object({ from: z.string(), to: z.string() }), groups: int, members: int,
  thisWeek: WeekFigures, lastWeek: WeekFigures, posts: int,
  responseRate: n.nullable().describe('posts with any response within 2 hours ÷ posts; null: no post'), breadth: n.nullable(),
  perGroup: z.array(z.object({ groupId: int, name: z.string(), members: int, messages: int, writers: int, score: n.nullable(), previousScore: n.nullable() })),
  warnings: z.array(z.object({ groupId: int, name: z.string(), risk: n, reasons: z.array(z.string()), suggestion: z.string() })),
  topPosts: z.array(z.object({ key: z.string(), groupId: int, groupName: z.string(), title: z.string(), kind: z.string(), responders: int, breadth: n })),
  next: z.array(z.object({ code: z.enum(['startAutomation', 'reviveSilent', 'healthDropped', 'noPosts', 'lowResponse', 'welcomeNewcomers', 'keepGoing']), groupIds: z.array(int), values: z.record(z.string(), n) })),
}).meta({ id: 'WeeklyDigest' });
const ApiKey = z.object({
  id: int, name: z.string(), prefix: z.string().describe('the first characters of the secret, to tell keys apart'),
  createdAt: z.iso.datetime(), createdBy: z.object({ id: int, name: z.string() }).nullable(),
  lastUsedAt: z.iso.datetime().nullable(), revokedAt: z.iso.datetime().nullable(),
}).meta({ id: 'ApiKey' });
const keyOut = (k: Awaited<ReturnType<typeof listApiKeys>>[number]) => ({
  ...k, createdAt: k.createdAt.toISOString(), lastUsedAt: k.lastUsedAt?.toISOString() ?? null, revokedAt: k.revokedAt?.toISOString() ?? null,
});

export function reportRoutes(ctx: ServerContext, root: FastifyInstance, tables: readonly TableRoute[]): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/export', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['reports'],
        summary: 'A table as CSV (UTF-8 with BOM) or XLSX: the rows of a GET route with its filters, all pages, streamed (audited)',
        querystring: z.object({
          source: text().min(5).max(4000).describe('the table\'s GET route with its query, e.g. /api/groups?health=quiet (limit and offset are set by the export)'),
          rows: text().regex(/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/, 'a dotted path such as items or cohorts').max(100).default('items')
            .describe('where the rows are in the route\'s answer'),
          format: z.enum(['csv', 'xlsx']).default('csv'),
          columns: text().max(16_000).optional().describe('JSON list of { key (dotted path in a row), label (header), values? (words for coded values) }; default: every field, headed by its path'),
          name: text().max(100).optional().describe('file name (without the date and extension) and sheet name'),
        }),
        response: { 200: z.string().describe('the file (text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)'), ...errorResponses },
      },
    }, async (req, reply) => {
      const actor = actorOf(req);
      const q = req.query;
      const [pathname, search = ''] = q.source.split(/\?(.*)/s) as [string, string?];
      if (!SOURCE_PATH.test(pathname) || pathname.includes('..')) throw new AppError('bad_request', 'source: a GET route under /api/, such as /api/groups');
      if (pathname === '/api/export' || pathname.startsWith('/api/export/')) throw new AppError('bad_request', 'source: an export cannot export an export');
      const table = tableAt(tables, pathname);
      if (!table) throw new AppError('not_found', `no table at ${pathname}`);
      const columnsAsked = parseColumns(q.columns);
      const params = new URLSearchParams(search);
      params.delete('limit');
      params.delete('offset');
      const headers: Record<string, string> = { [INTERNAL_BATCH_HEADER]: INTERNAL_BATCH_SECRET, accept: 'application/json' };
      for (const h of ['cookie', 'authorization', 'accept-language'] as const) {
        const v = req.headers[h];
        if (typeof v === 'string') headers[h] = v;
      }

      const fetchBatch = async (offset: number): Promise<{ rows: Row[]; total: number | undefined }> => {
        const p = new URLSearchParams(params);
        if (table.paged) { p.set('limit', String(MAX_LIMIT)); p.set('offset', String(offset)); }
        const qs = p.toString();
        const res = await root.inject({ method: 'GET', url: qs ? `${pathname}?${qs}` : pathname, headers, remoteAddress: req.ip });
        let body: unknown;
        try { body = res.json(); } catch { body = undefined; }
        if (res.statusCode !== 200) {
          const e = body as { error?: string; message?: string } | undefined;
          const code = (e?.error && e.error in statuses ? e.error : res.statusCode === 404 ? 'not_found' : res.statusCode === 403 ? 'forbidden' : 'bad_request') as ErrorCode;
          throw new AppError(code, `${pathname}: ${e?.message ?? `answered ${res.statusCode}`}`);
        }
        if (body === undefined) throw new AppError('bad_request', `${pathname} is not a table: it does not answer JSON`);
        const rows = rowsAt(body, q.rows);
        if (!Array.isArray(rows) || rows.some((r) => r === null || typeof r !== 'object' || Array.isArray(r))) {
          throw new AppError('bad_request', `${pathname} has no list of rows at "${q.rows}"`);
        }
        const total = (body as { total?: unknown }).total;
        return { rows: rows as Row[], total: typeof total === 'number' ? total : undefined };
      };

      // The first batch before any byte is sent: a refusal or a wrong source is an error answer.
      const first = await fetchBatch(0);
      const paged = table.paged && first.total !== undefined && q.rows === 'items';
      const expected = Math.min(MAX_EXPORT_ROWS, paged ? first.total! : first.rows.length);
      const columns = columnsAsked ? fitColumns(columnsAsked, first.rows) : first.rows.length ? columnsOf(first.rows) : [{ key: 'id', label: 'id' }];
      await recordAudit(ctx.db, actor, {
        action: 'table.export', target: `route:GET ${table.url}`,
        detail: { source: q.source.slice(0, 1000), format: q.format, rows: expected, columns: columns.length },
      });
      async function* batches(): AsyncGenerator<Row[]> {
        let sent = 0;
        let batch = first.rows;
        for (;;) {
          const take = batch.slice(0, MAX_EXPORT_ROWS - sent);
          sent += take.length;
          yield take;
          if (!paged || batch.length === 0 || sent >= expected) return;
          batch = (await fetchBatch(sent)).rows;
        }
      }
      const name = q.name ?? table.url.replace(/^\/api\//, '').replace(/[/:]+/g, '-');
      const file = fileName(name, q.format);
      reply.header('content-disposition', `attachment; filename="${file.ascii}"; filename*=UTF-8''${file.utf8}`);
      reply.header('cache-control', 'no-store');
      reply.header('x-export-rows', String(expected));
      if (q.format === 'csv') {
        reply.type('text/csv; charset=utf-8');
        return reply.send(Readable.from(csvChunks(columns, batches())) as never);
      }
      reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      return reply.send(xlsxStream(name, columns, batches()) as never);
    });

    // ---- read-only API keys (BI tools) ----
    app.get('/api/api-keys', {
      config: { minRole: 'owner' },
      schema: { tags: ['settings'], summary: "The workspace's read-only API keys (never their secrets)", response: { 200: z.object({ items: z.array(ApiKey) }), ...errorResponses } },
    }, async (req) => ({ items: (await listApiKeys(ctx.db, actorOf(req).workspaceId)).map(keyOut) }));

    app.post('/api/api-keys', {
      config: { minRole: 'owner' },
      schema: {
        tags: ['settings'], summary: 'Create a read-only API key: GET routes of this workspace only, as a viewer (the secret is shown once; audited)',
        body: z.object({ name: text().pipe(ApiKeyName) }).strict(),
        response: { 200: z.object({ key: ApiKey, secret: z.string().describe('send as Authorization: Bearer <secret>; shown only now') }), ...errorResponses },
      },
    }, async (req) => {
      const actor = actorOf(req);
      return ctx.db.transaction(async (tx) => {
        const { key, secret } = await createApiKey(tx, actor.workspaceId, req.body.name, actor.userId);
        await recordAudit(tx, actor, { action: 'apikey.create', target: `apikey:${key.id}`, detail: { name: key.name, prefix: key.prefix } });
        return { key: keyOut(key), secret };
      });
    });

    app.post('/api/api-keys/:id/revoke', {
      config: { minRole: 'owner' },
      schema: {
        tags: ['settings'], summary: 'Revoke an API key: it fails from now on (audited)',
        params: z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) }),
        response: { 200: z.object({ ok: z.literal(true) }), ...errorResponses },
      },
    }, async (req) => {
      const actor = actorOf(req);
      await ctx.db.transaction(async (tx) => {
        const r = await revokeApiKey(tx, actor.workspaceId, req.params.id, actor.userId);
        await recordAudit(tx, actor, { action: 'apikey.revoke', target: `apikey:${req.params.id}`, detail: { name: r.name, ...(r.alreadyRevoked ? { alreadyRevoked: true } : {}) } });
      });
      return { ok: true as const };
    });

    // ---- the weekly digest ----
    app.get('/api/digests', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['reports'], summary: 'My weekly digests, newest first (made each Monday 08:00, workspace time)',
        response: {
          200: z.object({
            items: z.array(z.object({
              id: int, week: z.string(), createdAt: z.iso.datetime(), emailedAt: z.iso.datetime().nullable(), chatQueuedAt: z.iso.datetime().nullable(), digest: Digest,
            })),
          }),
          ...errorResponses,
        },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const items = await listDigests(ctx.db, actor.workspaceId, actor.userId);
      return {
        items: items.map((d) => ({
          ...d, createdAt: new Date(d.createdAt).toISOString(),
          emailedAt: d.emailedAt ? new Date(d.emailedAt).toISOString() : null, chatQueuedAt: d.chatQueuedAt ? new Date(d.chatQueuedAt).toISOString() : null,
        })),
      };
    });

    app.get('/api/digests/preview', {
      config: { minRole: 'viewer' },
      schema: { tags: ['reports'], summary: "Last week's digest of the groups I see, computed now", response: { 200: Digest, ...errorResponses } },
    }, async (req) => previewDigest(ctx.db, actorOf(req)));
  };
}
