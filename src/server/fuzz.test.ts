/**
 * Fuzzing the whole HTTP API from its own OpenAPI document (GET /docs/json): for every route and
 * method it lists, fast-check generates requests from the route's schemas — values of the right
 * shape and hostile ones (NUL, lone surrogates, huge and negative numbers, years 0000/0001/9999,
 * 10k-character strings, wrong types, missing and extra fields, odd Unicode, SQL-ish text, path
 * parameters that are not numbers, broken JSON and percent-encoding) — and sends them as an owner
 * and as a viewer (public routes: anonymously). No answer may be a 5xx, and every 4xx must carry
 * the `{ error, message }` body. Issue #11 item 7: a security probe had found seven 500s this way.
 *
 * Bounded and reproducible: a fixed seed (QUNYUN_FUZZ_SEED to change it, printed either way) and
 * QUNYUN_FUZZ_RUNS requests per route and role (default 25). It runs on both engines
 * (forEachEngine), like every storage test: the two reject different things (NUL, bad dates)
 * in different words, and both must end in a 4xx.
 *
 * Nothing leaves the machine: the loopback-only fence (test/support/loopback-only.ts) refuses any
 * connection to a host other than loopback and the test fails if one was tried. The routes that
 * reach a platform (POST /api/accounts, POST /api/accounts/telegram/check) get their API root
 * pointed at a stub on loopback that refuses every token (Telegram 401/404/429/500, WeCom
 * errcode 40001/45009, sandbox 401), or at a closed loopback port; so no account is ever created
 * and no connector starts. Documented 5xx are allowed: 502 `platform_unavailable` on a route that
 * declares 502 (the platform could not be reached: the closed port), nothing else. Excluded:
 * webhooks are fuzzed only up to their account lookup (no connector runs here; what a platform
 * delivers is fuzzed at the envelope, src/events/ingest.test.ts, and the connectors' parsers have
 * their own tests). Paths outside the document (console, /docs) get a fixed sweep of hostile URLs.
 * Routes that end the fuzzing session (sign-out, removing staff) run last, and each route starts
 * with fresh sessions of both roles, so one route cannot leave the next without its caller.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';
import pino from 'pino';
import { createStaffUser } from '../../test/support/auth.ts';
import { seedCommunity, type Community } from '../../test/support/community.ts';
import { forEachEngine } from '../../test/support/engines.ts';
import { loopbackOnly, type Attempt } from '../../test/support/loopback-only.ts';
import type { Role } from '../auth/access.ts';
import { csrfTokenFor } from '../auth/tokens.ts';
import { createSession } from '../auth/sessions.ts';
import { loadConfig } from '../config.ts';
import { createIngestQueue, type IngestQueue } from '../events/ingest-queue.ts';
import { buildServer } from './app.ts';

const SEED = Number(process.env.QUNYUN_FUZZ_SEED ?? 20261103);
const RUNS = Number(process.env.QUNYUN_FUZZ_RUNS ?? 25);

/**
 * Known 5xx of other helpers' parts of issue #11 item 7, each with its fix; the lead removes an
 * entry when that fix is merged. `match` says which requests: the route and a test on the request.
 */

// ---------------------------------------------------------------------------------------------
// The OpenAPI document, as far as this test reads it.

interface Schema {
  $ref?: string; type?: string | string[]; enum?: unknown[]; const?: unknown; format?: string;
  minLength?: number; maxLength?: number; minimum?: number; maximum?: number; exclusiveMinimum?: number; exclusiveMaximum?: number;
  items?: Schema; minItems?: number; maxItems?: number;
  properties?: Record<string, Schema>; required?: string[]; additionalProperties?: boolean | Schema;
  oneOf?: Schema[]; anyOf?: Schema[]; allOf?: Schema[];
}
interface Parameter { in: 'query' | 'path' | 'header'; name: string; required?: boolean; schema: Schema }
interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses?: Record<string, unknown>;
  security?: unknown;
}
interface OpenApi { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } }

interface Route { method: string; path: string; op: Operation; key: string; minRole: Role | undefined }

/** What was sent, for the report and the allow-list. */
interface Sent { route: string; role: string; method: string; url: string; body?: string; contentType?: string }

// ---------------------------------------------------------------------------------------------
// Values.

const LONE = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF'];
const ODD_CHARS = ['\u0000', ...LONE, '\u202E', '\u200B', '\uFEFF', '\uFFFF', '\u0085', '\u2028', '%', '_', '\\', "'", '"', '\n', '\r', '\t', '<', '>', '&', ';', '😀', '👨‍👩‍👧', 'é', 'e\u0301'];
const HOSTILE_STRINGS = [
  '', ' ', 'a\u0000b', '\u0000', 'x\uD800y', '\uDFFF', 'ok\uD83D', '\uDE00ok', 'x'.repeat(10_001), '中'.repeat(5_000),
  "' or 1=1 --", "'; drop table users; --", '%', '_', '\\', '%_\\', '$1', 'null', 'undefined', 'NaN', 'Infinity', '-1', '0', '1e308',
  '9007199254740993', '99999999999999999999', '0x10', ' 1', '1 ', '1.5', 'true', '[]', '{}', '<script>alert(1)</script>',
  '../../etc/passwd', '\u202Egnp.exe', '\u200B', 'e\u0301', '\uFFFF', '😀'.repeat(100),
  '0000-01-01', '0001-01-01', '9999-12-31', '-000001-01-01', '+275760-09-13', 'Asia/Shanghai', 'Mars/Olympus', 'UTC\u0000',
];
const HOSTILE_DAYS = [
  '0000-01-01', '0001-01-01', '0001-01-30', '0099-12-31', '1000-01-01', '1899-12-31', '1969-12-31', '1970-01-01', '1999-12-31',
  '2000-02-29', '2001-02-29', '2100-12-31', '2101-01-01', '9999-12-31', '9999-12-01', '2026-13-01', '2026-00-10', '2026-1-1',
  '20260101', '+002026-01-01', '-000001-01-01', '2026-01-01T00:00:00Z', '2026-01-01 ', '２０２６-01-01',
];
const HOSTILE_VALUES: unknown[] = [
  null, true, false, 0, -1, -0, 1.5, 1e308, -1e308, 2 ** 31, 2 ** 31 - 1, 2 ** 53, 2 ** 53 + 2, 2 ** 63, Number.MIN_VALUE,
  ...HOSTILE_STRINGS, [], {}, [null], [[]], { $gt: 1 }, [1, 'a', null], { a: { b: { c: { d: {} } } } }, Array.from({ length: 1001 }, (_, i) => i + 1),
];
const HOSTILE_PATH = [
  '0', '-1', '1.5', '1e3', 'abc', 'NaN', 'Infinity', '9007199254740993', '99999999999999999999', '2147483648', '%00', '%00%00',
  '%ED%A0%80', '%ZZ', '%', '..', '..%2F..%2Fetc', '%2F', '1%2F2', ' 1', '%201', '0x10', "1'--", '1;select', '%E2%80%AE', '😀',
];
const ZONES = ['Asia/Shanghai', 'UTC', 'Etc/GMT+12', 'Etc/GMT-14', 'America/St_Johns', 'Asia/Kathmandu', 'Pacific/Chatham'];
const HOSTILE_QUERY_TAILS = ['', '', '', '&%ZZ', '&%', '&from=%00', '&to=%ED%A0%80', '&&&', '&=x', '&limit=1&limit=2', '&__proto__=x', '&constructor[prototype][x]=1', '&q=%C0%80'];

/** Odd characters that Postgres stores: they must go all the way through. */
const STORABLE_ODD = ['%', '_', '\\', "'", '"', '\u202E', '\u200B', '\uFEFF', '😀', 'é', '\n', ';'];

/** Strings of a schema's length; `clean`: only storable characters, else often a hostile one. */
function text(minLength = 0, maxLength = 40, clean = false): fc.Arbitrary<string> {
  const unit = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom('a', 'b', 'Z', '1', ' ', '-', '中', '文') },
    { weight: 2, arbitrary: fc.constantFrom(...(clean ? STORABLE_ODD : ODD_CHARS)) },
  );
  const sized = fc.string({ unit, minLength, maxLength: Math.min(maxLength, Math.max(minLength, 24)) });
  if (clean) return sized.map((t) => t.trim().length >= minLength ? t : `${t}${'a'.repeat(minLength)}`.slice(0, Math.max(minLength, t.length)));
  return fc.oneof(
    { weight: 6, arbitrary: fc.string({ unit, minLength, maxLength: Math.min(maxLength, Math.max(minLength, 24)) }) },
    { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  );
}

function dayArb(clean = false): fc.Arbitrary<string> {
  const recent = fc.integer({ min: -300, max: 0 }).map((d) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10));
  if (clean) return fc.oneof(recent, fc.constantFrom('1970-01-01', '2100-12-31'));
  return fc.oneof(
    fc.constantFrom(...HOSTILE_DAYS),
    fc.integer({ min: -3000, max: 3000 }).map((d) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10)),
  );
}

/** A from/to pair a few days apart around a hostile year, so that it passes the range checks. */
const rangeArb = fc.tuple(fc.oneof(fc.constantFrom(...HOSTILE_DAYS.filter((d) => /^\d{4}-\d\d-\d\d$/.test(d))), dayArb(true)), fc.integer({ min: 0, max: 40 }))
  .map(([from, span]) => {
    const t = Date.parse(`${from}T00:00:00Z`);
    if (Number.isNaN(t)) return { from, to: from };
    const to = new Date(t + span * 86_400_000);
    const y = to.getUTCFullYear();
    return { from, to: `${String(y).padStart(4, '0')}${to.toISOString().slice(-20, -14)}` };
  });

class Generator {
  private doc: OpenApi;
  private urls: string[];
  private ids: number[];
  constructor(doc: OpenApi, urls: string[], ids: number[]) { this.doc = doc; this.urls = urls; this.ids = ids; }

  resolve(s: Schema): Schema {
    if (!s.$ref) return s;
    const name = s.$ref.replace('#/components/schemas/', '');
    const found = this.doc.components?.schemas?.[name];
    assert.ok(found, `unresolved ${s.$ref}`);
    return this.resolve(found);
  }

  /**
   * A value of the schema's shape, or (one time in five) something hostile; `clean`: only of the
   * schema's shape, with storable text, so that it gets past validation to the database.
   */
  value(s: Schema, depth = 0, clean = false): fc.Arbitrary<unknown> {
    if (clean) return this.valid(s, depth, true);
    return fc.oneof({ weight: 4, arbitrary: this.valid(s, depth) }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_VALUES) });
  }

  /** A clean value with one place in it (a field, an item, the whole) made hostile, dropped or given a stray key. */
  oneBad(s: Schema): fc.Arbitrary<unknown> {
    return fc.tuple(this.valid(s, 0, true), fc.nat(), fc.constantFrom(...HOSTILE_VALUES), fc.constantFrom('replace', 'replace', 'drop', 'extra'))
      .map(([value, pick, bad, how]) => mutate(value, pick, bad, how));
  }

  valid(raw: Schema, depth = 0, clean = false): fc.Arbitrary<unknown> {
    const s = this.resolve(raw);
    const alts = s.oneOf ?? s.anyOf;
    if (alts) return fc.oneof(...alts.map((a) => this.valid(a, depth, clean)));
    if (s.allOf) return this.valid(s.allOf[0]!, depth, clean);
    if (s.enum) return fc.constantFrom(...s.enum);
    if (s.const !== undefined) return fc.constant(s.const);
    if (Array.isArray(s.type)) return fc.oneof(...s.type.map((type) => this.valid({ ...s, type }, depth, clean)));
    switch (s.type) {
      case 'string':
        if (s.format === 'date') return dayArb(clean);
        if (s.format === 'date-time') return fc.oneof(dayArb(clean).map((d) => `${d}T00:00:00Z`), fc.constantFrom(...HOSTILE_STRINGS));
        if (s.format === 'uri') return fc.constantFrom(...(clean ? this.urls.slice(0, 3) : this.urls));
        if (s.format === 'email') return fc.oneof(fc.emailAddress(), text(1, 40, clean).map((t) => `${clean ? t.replace(/[^a-z0-9]/gi, '') || 'x' : t}@example.com`));
        if (s.maxLength === 43 && s.minLength === 43) return fc.constantFrom('a'.repeat(43), 'A1'.repeat(21) + 'b');
        return text(s.minLength ?? 0, s.maxLength ?? 40, clean);
      case 'integer': {
        const min = Math.max(s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1000), Number.MIN_SAFE_INTEGER);
        const max = Math.min(s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 1_000_000), Number.MAX_SAFE_INTEGER);
        return fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(...this.ids.filter((i) => i >= min && i <= max), min, max) },
          { weight: 2, arbitrary: fc.integer({ min, max }) },
        );
      }
      case 'number':
        return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array':
        if (depth > 3) return fc.constant([]);
        return fc.array(this.value(s.items ?? {}, depth + 1, clean), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 4, 4) });
      case 'object': {
        if (depth > 3) return fc.constant({});
        const props = s.properties ?? {};
        const keys = Object.keys(props);
        const record = fc.record(Object.fromEntries(keys.map((k) => [k, k === 'timezone' && clean ? fc.constantFrom(...ZONES) : this.value(props[k]!, depth + 1, clean)])),
          { requiredKeys: (s.required ?? []).filter((k) => keys.includes(k)) });
        if (clean) return record;
        return fc.tuple(
          record,
          // A record (no named properties, e.g. an activity's params) has no key to drop.
          keys.length + (s.required?.length ?? 0) > 0 ? fc.option(fc.constantFrom(...(s.required ?? []), ...keys), { freq: 6 }) : fc.constant(null),
          fc.option(fc.tuple(fc.constantFrom('extra', '__proto__', 'constructor', '', 'ids', 'x'.repeat(300)), fc.constantFrom(...HOSTILE_VALUES)), { freq: 6 }),
        ).map(([o, drop, extra]) => {
          const out: Record<string, unknown> = { ...o };
          if (drop !== null) delete out[drop as string];
          // An own property even for "__proto__", so that it reaches the JSON.
          if (extra !== null) Object.defineProperty(out, extra[0], { value: extra[1], enumerable: true, configurable: true, writable: true });
          return out;
        });
      }
      default:
        return fc.constantFrom(...HOSTILE_VALUES);
    }
  }
}

/** The value with one of its places (picked by `pick` among all of them) replaced, dropped, or given a stray key. */
function mutate(value: unknown, pick: number, bad: unknown, how: 'replace' | 'drop' | 'extra'): unknown {
  const places: Array<{ parent: Record<string, unknown> | unknown[] | null; key: string | number }> = [{ parent: null, key: '' }];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach((x, i) => { places.push({ parent: v, key: i }); walk(x); });
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) { places.push({ parent: v as Record<string, unknown>, key: k }); walk(x); }
  };
  const copy = structuredClone(value);
  walk(copy);
  const place = places[pick % places.length]!;
  if (place.parent === null) return how === 'replace' ? bad : copy;
  if (how === 'replace') (place.parent as Record<string | number, unknown>)[place.key] = bad;
  else if (how === 'drop' && !Array.isArray(place.parent)) delete place.parent[place.key as string];
  else if (how === 'extra' && !Array.isArray(place.parent)) place.parent[`${String(place.key)}_extra`] = bad;
  return copy;
}

/** Percent-encodes like encodeURIComponent, but a lone surrogate becomes its raw (invalid) UTF-8 bytes. */
function encode(value: string): string {
  let out = '';
  for (const ch of value) {
    const u = ch.charCodeAt(0);
    if (ch.length === 1 && u >= 0xd800 && u <= 0xdfff) {
      out += [0xe0 | (u >> 12), 0x80 | ((u >> 6) & 0x3f), 0x80 | (u & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else {
      out += encodeURIComponent(ch);
    }
  }
  return out;
}

function asQueryValues(v: unknown): string[] {
  if (Array.isArray(v)) return v.flatMap(asQueryValues);
  if (v === null) return [''];
  if (typeof v === 'object') return [JSON.stringify(v)];
  return [String(v)];
}

// ---------------------------------------------------------------------------------------------
// Requests.

interface Built { method: string; url: string; payload?: string; contentType?: string }

/** The routes whose bodies name a platform's API root: the fuzz keeps those on loopback. */
const PLATFORM_ROOTS: Record<string, string[]> = {
  'POST /api/accounts': ['apiRoot', 'baseUrl'],
  'POST /api/accounts/telegram/check': ['apiRoot'],
};

function requestArb(gen: Generator, route: Route, paramValues: (name: string) => string[], stubUrl: string): fc.Arbitrary<Built> {
  const params = route.op.parameters ?? [];
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  const pathArb = fc.tuple(...pathParams.map((p) => fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...paramValues(p.name)).map(encode) },
    { weight: 1, arbitrary: gen.valid(p.schema).map((v) => encode(String(v))) },
    { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_PATH) },
  )));
  const querySchema: Schema = { type: 'object', properties: Object.fromEntries(queryParams.map((p) => [p.name, p.schema])) };
  const queryArb = fc.tuple(
    fc.oneof(
      { weight: 2, arbitrary: gen.valid(querySchema, 0, true) },
      { weight: 2, arbitrary: gen.oneBad(querySchema) },
      { weight: 2, arbitrary: fc.record(Object.fromEntries(queryParams.map((p) => [p.name, gen.value(p.schema)])), { requiredKeys: [] }) },
    ).map((q) => (q !== null && typeof q === 'object' && !Array.isArray(q) ? q as Record<string, unknown> : {})),
    fc.option(rangeArb, { freq: 3 }),
    fc.constantFrom(...HOSTILE_QUERY_TAILS),
  ).map(([q, range, tail]) => {
    const names = new Set(queryParams.map((p) => p.name));
    const values: Record<string, unknown> = { ...q };
    if (range && names.has('from') && names.has('to')) Object.assign(values, range);
    const parts = Object.entries(values).flatMap(([k, v]) => asQueryValues(v).map((x) => `${k}=${encode(x)}`));
    const query = parts.join('&') + (parts.length > 0 || tail === '' ? tail : tail.slice(1));
    return query ? `?${query}` : '';
  });
  const content = route.op.requestBody?.content ?? {};
  const json = content['application/json']?.schema;
  const bodyArb: fc.Arbitrary<{ payload?: string; contentType?: string }> = fc.oneof(
    ...(json ? [
      { weight: 3, arbitrary: gen.valid(json, 0, true) },
      { weight: 3, arbitrary: gen.oneBad(json) },
      { weight: 2, arbitrary: gen.value(json) },
    ].map(({ weight, arbitrary }) => ({ weight, arbitrary: arbitrary.map((v) => ({ payload: JSON.stringify(v) ?? 'null', contentType: 'application/json' })) })) : [{ weight: 8, arbitrary: fc.constant({}) }]),
    { weight: 1, arbitrary: fc.constantFrom('{', '{"a":', 'not json', '', '[', '"\\ud800"', '{"text":"\\u0000"}', '{"a":1}{"a":2}', '\u0000', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}')
      .map((payload) => ({ payload, contentType: 'application/json' })) },
    { weight: 1, arbitrary: fc.tuple(text(0, 40), fc.constantFrom('text/plain', 'text/xml', 'application/x-www-form-urlencoded', 'application/octet-stream'))
      .map(([payload, contentType]) => ({ payload, contentType })) },
    { weight: 1, arbitrary: fc.constant({}) },
  );
  const roots = PLATFORM_ROOTS[`${route.method} ${route.path}`];
  return fc.tuple(pathArb, queryArb, bodyArb).map(([pathValues, query, body]) => {
    let i = 0;
    const path = route.path.replace(/\{[^}]+\}/g, () => pathValues[i++] ?? '');
    let payload = body.payload;
    if (roots && payload !== undefined) payload = keepOnLoopback(payload, roots, stubUrl);
    return { method: route.method, url: `${path}${query}`, ...(payload !== undefined ? { payload } : {}), ...(body.contentType ? { contentType: body.contentType } : {}) };
  });
}

/** A body that would send its token to a platform's public API root gets the loopback stub as root instead. */
function keepOnLoopback(payload: string, roots: string[], stubUrl: string): string {
  let body: unknown;
  try { body = JSON.parse(payload); } catch { return payload; }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return payload;
  const o = body as Record<string, unknown>;
  for (const root of roots) {
    if (root === 'baseUrl' && o.platform !== 'sandbox') continue;
    if (root === 'apiRoot' && o.platform === 'sandbox') continue;
    if (typeof o[root] !== 'string') o[root] = stubUrl;
  }
  return JSON.stringify(o);
}

// ---------------------------------------------------------------------------------------------
// A platform on loopback that refuses every token.

async function refusingPlatform(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '';
    res.setHeader('content-type', 'application/json');
    const telegram = /\/bot([^/]*)\//.exec(url);
    if (telegram && !url.includes('/bot/')) {
      // Refusals of several kinds, picked by the token: wrong token, unknown method, slow down, failure.
      const token = decodeURIComponent(telegram[1]!.replace(/%(?![0-9a-f]{2})/gi, '%25'));
      const [status, description] = token.includes('Z') ? [404, 'Not Found'] : token.includes('1') ? [429, 'Too Many Requests: retry after 5']
        : token.includes('-') ? [500, 'Internal Server Error'] : [401, 'Unauthorized'];
      res.statusCode = status;
      return res.end(JSON.stringify({ ok: false, error_code: status, description, ...(status === 429 ? { parameters: { retry_after: 5 } } : {}) }));
    }
    if (url.includes('/cgi-bin/')) return res.end(JSON.stringify(url.includes('Z') ? { errcode: 45009, errmsg: 'api freq out of limit' } : { errcode: 40001, errmsg: 'invalid credential' }));
    res.statusCode = 401;
    return res.end(JSON.stringify({ error: 'unauthorized' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

// ---------------------------------------------------------------------------------------------

interface Failure { sent: Sent; status: number; body: string; logged: string[] }

forEachEngine('fuzzing every route of the OpenAPI document', (ctx) => {
  let app: FastifyInstance;
  let ingest: IngestQueue;
  let platform: Awaited<ReturnType<typeof refusingPlatform>>;
  let fence: ReturnType<typeof loopbackOnly>;
  let c: Community;
  const logged: string[] = [];

  before(async () => {
    fence = loopbackOnly();
    platform = await refusingPlatform();
    const db = ctx().db;
    c = await seedCommunity(db, 'fuzz');
    ingest = createIngestQueue(db, { batchSize: 100, flushMs: 5 });
    // Errors the app logs are kept, to say what a 5xx was.
    const sink = new Writable({ write(chunk, _enc, done) { logged.push(String(chunk)); done(); } });
    app = await buildServer({ config: loadConfig({}), db, logger: pino({ level: 'error' }, sink), ingest });
    await app.ready();
  });
  after(async () => {
    await app?.close();
    await ingest?.close();
    await platform?.close();
    fence?.lower();
  });

  test('no request answers a 5xx, and every 4xx says what was wrong', async (t) => {
    const db = ctx().db;
    t.diagnostic(`seed ${SEED}, ${RUNS} runs per route and role (QUNYUN_FUZZ_SEED, QUNYUN_FUZZ_RUNS)`);
    const doc = (await app.inject({ url: '/docs/json' })).json() as OpenApi;

    const users: Partial<Record<Role, { userId: number; email: string }>> = {};
    const staff = await createStaffUser(db, c.workspaceId, 'operator');
    const sessionOf = async (role: Role): Promise<Record<string, string>> => {
      // The same user each time, its role set again: a fuzzed request may have changed or removed it.
      const user = await createStaffUser(db, c.workspaceId, role, users[role]?.email ?? `fuzz-${role}@example.com`);
      users[role] = user;
      const { token } = await createSession(db, user.userId, c.workspaceId, { ip: '127.0.0.1' });
      const csrf = csrfTokenFor(token);
      return { cookie: `qy_session=${token}; qy_csrf=${csrf}`, 'x-csrf-token': csrf };
    };
    await sessionOf('owner');
    await sessionOf('viewer');
    // Invitations to accept (single use: the first valid accept of each gets through to storage).
    const inviteTokens: string[] = [];
    const ownerHeaders = await sessionOf('owner');
    for (let i = 0; i < 4; i++) {
      const res = await app.inject({ method: 'POST', url: '/api/staff/invites', headers: ownerHeaders, payload: { email: `fuzz-invitee-${i}@example.com`, role: 'viewer' } });
      assert.equal(res.statusCode, 200, res.body);
      inviteTokens.push(decodeURIComponent(res.json().url.split('/invite/')[1]));
    }

    const ids = [...Object.values(c.groups), ...Object.values(c.members), c.accountId, staff.userId, users.owner!.userId, users.viewer!.userId, c.workspaceId];
    const paramValues = (name: string): string[] => {
      switch (name) {
        case 'token': return [...inviteTokens, 'x'.repeat(10), 'x'.repeat(200)];
        case 'accountId': return [String(c.accountId), '1'];
        default: return ids.map(String);
      }
    };
    const urls = [platform.url, `${platform.url}/`, `${platform.url}/x/`, 'http://127.0.0.1:9', 'http://localhost:9/', 'http://[::1]:9',
      'ftp://127.0.0.1/', 'javascript:alert(1)', 'http://127.0.0.1:0', 'http://127.0.0.1:99999', 'not a url', `${platform.url}/\u0000`, `${platform.url}?a=%00`];
    const gen = new Generator(doc, urls, ids);

    const catalog = new Map(app.routeCatalog.map((r) => [`${r.method} ${r.url}`, r]));
    const LAST = ['DELETE /api/staff/{id}', 'POST /api/logout'];
    const routes: Route[] = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, op]) => {
        const key = `${method.toUpperCase()} ${path}`;
        const entry = catalog.get(`${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`);
        assert.ok(entry, `${key} is in the OpenAPI document but not in the route catalogue`);
        return { method: method.toUpperCase(), path, op, key, minRole: entry.minRole };
      }))
      .sort((a, b) => Number(LAST.includes(a.key)) - Number(LAST.includes(b.key)) || LAST.indexOf(a.key) - LAST.indexOf(b.key));
    assert.ok(routes.length >= 40, `only ${routes.length} routes in the document`);

    const failures: Failure[] = [];
    const known: Failure[] = [];
    let sent = 0;
    const statuses = new Map<string, Map<number, number>>();
    for (const [index, route] of routes.entries()) {
      const roles: Array<Role | 'anonymous'> = route.minRole === undefined ? ['anonymous'] : ['owner', 'viewer'];
      for (const role of roles) {
        const headers = role === 'anonymous' ? { cookie: 'qy_csrf=fuzz-csrf', 'x-csrf-token': 'fuzz-csrf' } : await sessionOf(role);
        const samples = fc.sample(requestArb(gen, route, paramValues, platform.url), { seed: SEED + index * 7 + (role === 'viewer' ? 3 : 0), numRuns: RUNS });
        for (const req of samples) {
          const options: InjectOptions = {
            method: req.method as 'GET', url: req.url,
            headers: { ...headers, ...(req.contentType ? { 'content-type': req.contentType } : {}) },
            ...(req.payload !== undefined ? { payload: req.payload } : {}),
          };
          const before = logged.length;
          const res = await app.inject(options);
          sent++;
          const seen = statuses.get(route.key) ?? new Map<number, number>();
          seen.set(res.statusCode, (seen.get(res.statusCode) ?? 0) + 1);
          statuses.set(route.key, seen);
          const s: Sent = { route: route.key, role, method: req.method, url: req.url, ...(req.payload !== undefined ? { body: req.payload } : {}), ...(req.contentType ? { contentType: req.contentType } : {}) };
          const problem = judge(route, res.statusCode, res.body);
          if (!problem) continue;
          const failure = { sent: s, status: res.statusCode, body: `${problem}: ${res.body.slice(0, 300)}`, logged: logged.slice(before) };
          failures.push(failure);
        }
      }
    }
    const attempts: Attempt[] = [...fence.attempts];
    t.diagnostic(`${sent} requests over ${routes.length} routes`);
    // How deep the fuzz went: the answers of each route (a route that only ever answers 400 is not reached).
    for (const [key, seen] of statuses) t.diagnostic(`${key}: ${[...seen].sort((a, b) => a[0] - b[0]).map(([st, n]) => `${st}×${n}`).join(' ')}`);
    assert.deepEqual(attempts, [], 'a request tried to reach a host other than loopback');
    // One example of each distinct failure: route, status and what the app logged.
    const distinct = new Map<string, { n: number; example: Failure }>();
    for (const f of failures) {
      const key = `${f.sent.route} ${f.status} ${f.logged.map(errorMessage).join(' | ') || f.body}`;
      const seen = distinct.get(key);
      if (seen) seen.n++; else distinct.set(key, { n: 1, example: f });
    }
    assert.equal(failures.length, 0, `${failures.length} bad answers (seed ${SEED}), ${distinct.size} distinct:\n${[...distinct]
      .map(([key, { n, example }]) => `${n} × ${key}\n  e.g. ${JSON.stringify({ ...example.sent, body: example.sent.body?.slice(0, 500) })}`).join('\n')}`);
  });

  test('paths outside the document (the console, /docs, unknown ones) answer no 5xx either', async () => {
    const paths = ['/%00', '/a%00b', '/%ED%A0%80', '/%ZZ', '/%', '/assets/%00', '/assets/..%2F..%2Fpackage.json', '/docs/%00', '/docs/static/%00',
      '/docs/json?x=%00', '/..%2f..%2fetc%2fpasswd', '/api/%00', '/api/groups/%00/members', '/webhooks/%00', '/index.html%00', `/${'x'.repeat(10_000)}`,
      '/docs/static/..%2F..%2Fpackage.json', '/health?%00', '/ready%00', '/api', '/api/'];
    const bad: string[] = [];
    for (const url of paths) {
      for (const method of ['GET', 'HEAD', 'POST', 'OPTIONS'] as const) {
        const res = await app.inject({ method, url, headers: { cookie: 'qy_csrf=c', 'x-csrf-token': 'c' } });
        const problem = res.statusCode >= 500 ? `status ${res.statusCode}`
          : res.statusCode >= 400 && method !== 'HEAD' && !/"error"/.test(res.body) ? '4xx without { error, message }' : undefined;
        if (problem) bad.push(`${method} ${url.slice(0, 60)}: ${problem} ${res.body.slice(0, 200)}`);
      }
    }
    assert.deepEqual(bad, []);
  });
});

/** The error message of a pino log line. */
function errorMessage(line: string): string {
  try { return String((JSON.parse(line) as { err?: { message?: string }; msg?: string }).err?.message ?? JSON.parse(line).msg); } catch { return line.slice(0, 200); }
}

/** What is wrong with an answer, if anything. */
function judge(route: Route, status: number, body: string): string | undefined {
  if (status >= 500) {
    const declared = route.op.responses?.[String(status)] !== undefined;
    let code: unknown;
    try { code = JSON.parse(body).error; } catch { /* not JSON */ }
    if (status === 502 && declared && code === 'platform_unavailable') return undefined;
    return `status ${status}`;
  }
  if (status >= 400) {
    let parsed: unknown;
    try { parsed = JSON.parse(body); } catch { return '4xx body is not JSON'; }
    const b = parsed as { error?: unknown; message?: unknown };
    if (typeof b?.error !== 'string' || typeof b.message !== 'string') return '4xx body without { error, message }';
  }
  return undefined;
}
