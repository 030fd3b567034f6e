/**
 * Stored 复盘 reports, refreshed in the background (the way BI dashboards work). A compute of
 * engagement, retention, funnels or health reads weeks of the log and rollups (seconds at 10M
 * messages), so the console is served the report computed last (review_reports, src/review/
 * tables.ts), keyed by workspace, kind, scope (the groups the actor sees) and parameters:
 * - fresh (computed for today, and the log has not advanced since or it is younger than the
 *   refresh interval, REVIEW_REFRESH_MINUTES): returned as it is;
 * - stale but present: returned as it is, and refreshed in the background;
 * - absent: computed now, stored, returned.
 * One process computes a report at a time: the claim is a lease on the row (refreshing_until),
 * taken with one upsert, so several Qunyun processes on one database do not all recompute; one
 * that finds the first compute running waits for its result. Nothing here runs in the ingest path:
 * the figures are as fresh as the interval, never slower to ingest. The worker (src/jobs/worker.ts,
 * refreshReviewReports) refreshes what was read in the last 7 days and warms the default reports
 * of the workspace and of the operators' scopes someone read (`read`: rows it warmed are not).
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Queryable } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { isScopedToAssignedGroups, type Actor } from '../auth/access.ts';
import { addDays } from '../analytics/grain.ts';
import { engagementReport, funnelReport, healthReport, retentionReport, type Range } from './store.ts';
import type { CohortGrain } from './retention.ts';
import { reportBodies } from './schemas.ts';

export const REVIEW_KINDS = ['engagement', 'retention', 'funnels', 'health'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];

/** The parameters of a report, resolved (the range as dates): part of its key. */
export type ReviewParams =
  | { kind: 'engagement'; range: Range; windowMinutes: number; groupId?: number | undefined }
  | { kind: 'retention'; range: Range; grain: CohortGrain; groupId?: number | undefined }
  | { kind: 'funnels'; range: Range }
  | { kind: 'health' };

export interface StoredOptions {
  /** How long a report stays fresh after the log advanced (REVIEW_REFRESH_MINUTES). */
  refreshMinutes: number;
}

/**
 * A report as served: its body as JSON text (stored as text, handed to the client without parsing
 * it again: a 1,000-group health report is megabytes), and when its figures were computed.
 */
export interface Served {
  json: string; computedAt: Date; computeMs: number; stale: boolean;
  /** The stored report's key and computing time: its response is kept by this process under it (responseOf). */
  key?: string;
}

/**
 * Responses of the reports read lately, per process, least recently used dropped first: the JSON
 * with computedAt, and its gzip once a client asked for it. Keyed by the report and the time it was
 * computed, so a recomputed report (by any process) is never answered from an older entry.
 * A 1,000-group owner's retention or health report is about a megabyte: fetched from the database,
 * sent uncompressed and parsed by the browser on every read, it cost more than everything else.
 */
interface CachedResponse { body: string; json: string; gz: Buffer | undefined; bytes: number }
const responses = new Map<string, CachedResponse>();
const RESPONSE_CACHE_BYTES = 64 * 1024 * 1024;
let responseBytes = 0;

function responseKey(k: Key, computedAt: Date): string {
  return [...keyArgs(k), computedAt.toISOString()].join('\u0000');
}

function remember(key: string, e: CachedResponse): void {
  responses.set(key, e);
  responseBytes += e.bytes;
  for (const [old, o] of responses) {
    if (responseBytes <= RESPONSE_CACHE_BYTES || responses.size <= 1) break;
    responses.delete(old);
    responseBytes -= o.bytes;
  }
}

/** A served report as the API answers it: its JSON with computedAt first, and the same gzipped (made once). */
export function responseOf(s: Served): { json: string; gzip(): Buffer } {
  let e = s.key ? responses.get(s.key) : undefined;
  if (e && s.key) { responses.delete(s.key); responses.set(s.key, e); } // most recently used last
  if (!e) {
    const at = JSON.stringify(s.computedAt.toISOString());
    const body = s.json.trim();
    const json = body === '{}' ? `{"computedAt":${at}}` : `{"computedAt":${at},${body.slice(1)}`;
    e = { body: s.json, json, gz: undefined, bytes: 2 * (s.json.length + json.length) };
    if (s.key) remember(s.key, e);
  }
  const entry = e;
  return {
    json: entry.json,
    gzip: () => {
      if (!entry.gz) {
        entry.gz = gzipSync(entry.json);
        entry.bytes += entry.gz.length;
        if (s.key && responses.get(s.key) === entry) responseBytes += entry.gz.length;
      }
      return entry.gz;
    },
  };
}

/** The body of a served report, parsed. */
export function bodyOf(s: Served): unknown {
  return JSON.parse(s.json);
}

const LEASE_SECONDS = 300;
const WAIT_MS = 120_000;

/**
 * Computes a report from the rollups and the log (src/review/store.ts), for the actor's groups,
 * in the shape the API promises (src/review/schemas.ts: checked, and only its fields kept).
 */
export async function computeReport(db: Queryable, actor: Actor, p: ReviewParams): Promise<unknown> {
  return reportBodies[p.kind].parse(await computeRaw(db, actor, p));
}

function computeRaw(db: Queryable, actor: Actor, p: ReviewParams): Promise<unknown> {
  switch (p.kind) {
    case 'engagement': return engagementReport(db, actor, p.range, p.windowMinutes, p.groupId);
    case 'retention': return retentionReport(db, actor, p.range, p.grain, p.groupId);
    case 'funnels': return funnelReport(db, actor, p.range);
    case 'health': return healthReport(db, actor);
  }
}

/** The canonical key of the parameters (fixed order; no group: null). */
export function paramsKey(p: ReviewParams): string {
  switch (p.kind) {
    case 'engagement': return JSON.stringify({ from: p.range.from, to: p.range.to, windowMinutes: p.windowMinutes, groupId: p.groupId ?? null });
    case 'retention': return JSON.stringify({ from: p.range.from, to: p.range.to, grain: p.grain, groupId: p.groupId ?? null });
    case 'funnels': return JSON.stringify({ from: p.range.from, to: p.range.to });
    case 'health': return '{}';
  }
}

function paramsOf(kind: ReviewKind, key: string): ReviewParams {
  const o = JSON.parse(key) as { from: string; to: string; windowMinutes: number; grain: CohortGrain; groupId: number | null };
  const range = { from: o.from, to: o.to };
  const groupId = o.groupId ?? undefined;
  switch (kind) {
    case 'engagement': return { kind, range, windowMinutes: o.windowMinutes, groupId };
    case 'retention': return { kind, range, grain: o.grain, groupId };
    case 'funnels': return { kind, range };
    case 'health': return { kind };
  }
}

/**
 * The scope of what the actor sees: the whole workspace, or the hash of an operator's active
 * assigned groups (a reassignment makes a new scope, so no one is served figures of groups they no
 * longer see, or do not see yet).
 */
export async function scopeKey(db: Queryable, actor: Actor): Promise<string> {
  if (!isScopedToAssignedGroups(actor)) return 'workspace';
  const rows = await db.query<{ ids: string | null }>(
    `select string_agg(id::text, ',' order by id) as ids from groups where workspace_id = $1 and owner_staff_id = $2 and status = 'active'`,
    [actor.workspaceId, actor.userId]);
  return `groups:${createHash('sha256').update(rows[0]?.ids ?? '').digest('hex').slice(0, 32)}`;
}

interface Row { body: string | null; hasBody: boolean; computedAt: Date | null; computeMs: number | null; seq: number | null; today: string | null; claimed: boolean; readAt: Date; read: boolean }
interface Key { ws: number; kind: ReviewKind; scope: string; params: string }
/** A report's row by its key: $1–$4 are keyArgs(k). */
const BY_KEY = 'workspace_id = $1 and kind = $2 and scope = $3 and params = $4';
const keyArgs = (k: Key): unknown[] => [k.ws, k.kind, k.scope, k.params];

async function rowOf(db: Queryable, k: Key, withBody = true): Promise<Row | undefined> {
  const [r] = await db.query<Row>(
    `select ${withBody ? 'body' : 'null::text as body'}, body is not null as "hasBody", computed_at as "computedAt", compute_ms as "computeMs", projected_seq as seq, today::text as today,
            coalesce(refreshing_until > now(), false) as claimed, read_at as "readAt", read
     from review_reports where ${BY_KEY}`, keyArgs(k));
  return r && { ...r, seq: r.seq === null ? null : Number(r.seq), computeMs: r.computeMs === null ? null : Number(r.computeMs) };
}

async function stateOf(db: Queryable, ws: number): Promise<{ seq: number; today: string }> {
  const [w] = await db.query<{ seq: number; today: string }>(
    `select projected_seq as seq, (now() at time zone timezone)::date::text as today from workspaces where id = $1`, [ws]);
  return { seq: Number(w!.seq), today: w!.today };
}

/** Fresh: computed for today, and the log has not advanced since or the refresh interval has not passed. */
function isFresh(r: Row, state: { seq: number; today: string }, o: StoredOptions): boolean {
  return r.hasBody && r.computedAt !== null && r.today === state.today
    && (r.seq === state.seq || Date.now() - new Date(r.computedAt).getTime() < o.refreshMinutes * 60_000);
}

/**
 * Takes the lease on the row (inserting it when absent); false when another process holds it.
 * `read`: whether a reader asks (false: the worker's warm-up), kept on a row it inserts.
 */
async function claim(db: Queryable, k: Key, scopeUserId: number | null, read = true): Promise<boolean> {
  const rows = await db.query(
    `insert into review_reports (workspace_id, kind, scope, params, scope_user_id, refreshing_until, read)
     values ($1, $2, $3, $4, $5, now() + $6 * interval '1 second', $7)
     on conflict (workspace_id, kind, scope, params) do update set refreshing_until = excluded.refreshing_until, scope_user_id = excluded.scope_user_id
     where review_reports.refreshing_until is null or review_reports.refreshing_until <= now()
     returning 1`, [...keyArgs(k), scopeUserId, LEASE_SECONDS, read]);
  return rows.length > 0;
}

/** Computes under a lease already taken, stores the body and frees the lease (also on failure). */
async function computeAndStore(db: Queryable, k: Key, actor: Actor, p: ReviewParams): Promise<Served> {
  try {
    const state = await stateOf(db, k.ws);
    const started = new Date();
    const t0 = performance.now();
    const json = JSON.stringify(await computeReport(db, actor, p));
    const computeMs = Math.round(performance.now() - t0);
    await db.query(
      `update review_reports set body = $5, computed_at = $6, compute_ms = $7, projected_seq = $8, today = $9, refreshing_until = null
       where ${BY_KEY}`,
      [...keyArgs(k), json, started, computeMs, state.seq, state.today]);
    return { json, computedAt: started, computeMs, stale: false, key: responseKey(k, started) };
  } catch (e) {
    await db.query(`update review_reports set refreshing_until = null where ${BY_KEY}`,
      keyArgs(k)).catch(() => undefined);
    throw e;
  }
}

const pending = new Set<Promise<unknown>>();

/** Waits for the background refreshes this process started (server close, tests, the benchmark). */
export async function settleReviewRefreshes(): Promise<void> {
  while (pending.size) await Promise.allSettled([...pending]);
}

/**
 * The report for the actor, as stored (see the header): fresh → as it is; stale → as it is and
 * refreshed in the background; absent → computed now (or, when another process is computing it,
 * that result once stored).
 */
export async function storedReport(db: Queryable, actor: Actor, p: ReviewParams, o: StoredOptions): Promise<Served> {
  const k: Key = { ws: actor.workspaceId, kind: p.kind, scope: await scopeKey(db, actor), params: paramsKey(p) };
  const scopeUserId = k.scope === 'workspace' ? null : actor.userId;
  // The row without its body first: a report read lately is in this process's cache (keyed by
  // when it was computed), and its megabyte need not cross from the database again.
  const [row, state] = await Promise.all([rowOf(db, k, false), stateOf(db, k.ws)]);
  // read_at feeds the worker's "read in the last 7 days": written at most once an hour; `read` at
  // the first read of a report the worker warmed (its scope is then warmed from now on).
  if (row && (!row.read || Date.now() - new Date(row.readAt).getTime() > 3_600_000)) {
    await db.query(`update review_reports set read_at = now(), read = true where ${BY_KEY}`, keyArgs(k));
  }
  if (row && row.hasBody && row.computedAt !== null) {
    const fresh = isFresh(row, state, o);
    if (!fresh && !row.claimed) {
      const job = (async () => { if (await claim(db, k, scopeUserId) && !(await freshAfterClaim(db, k, o))) await computeAndStore(db, k, actor, p); })().catch(() => undefined);
      pending.add(job);
      void job.finally(() => pending.delete(job));
    }
    const computedAt = new Date(row.computedAt);
    const cached = responses.get(responseKey(k, computedAt));
    const json = cached?.body ?? (await rowOf(db, k))?.body;
    if (json === null || json === undefined) return computeOrWait(db, k, scopeUserId, actor, p, o); // dropped meanwhile
    return { json, computedAt, computeMs: row.computeMs ?? 0, stale: !fresh, key: responseKey(k, computedAt) };
  }
  return computeOrWait(db, k, scopeUserId, actor, p, o);
}

/**
 * After taking the lease: the report another process stored just before (it finished between our
 * read and our claim), when fresh; the lease is then given back and nothing is computed.
 */
async function freshAfterClaim(db: Queryable, k: Key, o: StoredOptions): Promise<Served | undefined> {
  const [r, state] = await Promise.all([rowOf(db, k), stateOf(db, k.ws)]);
  if (!r || !isFresh(r, state, o)) return undefined;
  await db.query(`update review_reports set refreshing_until = null where ${BY_KEY}`, keyArgs(k));
  return { json: r.body!, computedAt: new Date(r.computedAt!), computeMs: r.computeMs ?? 0, stale: false };
}

async function computeOrWait(db: Queryable, k: Key, scopeUserId: number | null, actor: Actor, p: ReviewParams, o: StoredOptions): Promise<Served> {
  const until = Date.now() + WAIT_MS;
  for (;;) {
    if (await claim(db, k, scopeUserId)) return (await freshAfterClaim(db, k, o)) ?? computeAndStore(db, k, actor, p);
    // Another process is computing it: its result, once stored.
    await new Promise((r) => setTimeout(r, 100));
    const r = await rowOf(db, k);
    if (r && r.body !== null && r.computedAt !== null) return { json: r.body, computedAt: new Date(r.computedAt), computeMs: r.computeMs ?? 0, stale: false };
    if (Date.now() > until) return { json: JSON.stringify(await computeReport(db, actor, p)), computedAt: new Date(), computeMs: 0, stale: false };
  }
}

/**
 * Recomputes the report now (the console's refresh button): waits for a compute already running
 * rather than starting a second one, and returns the stored result.
 */
export async function refreshReport(db: Queryable, actor: Actor, p: ReviewParams): Promise<Served> {
  const k: Key = { ws: actor.workspaceId, kind: p.kind, scope: await scopeKey(db, actor), params: paramsKey(p) };
  const scopeUserId = k.scope === 'workspace' ? null : actor.userId;
  const before = await rowOf(db, k);
  const until = Date.now() + WAIT_MS;
  for (;;) {
    if (await claim(db, k, scopeUserId)) return computeAndStore(db, k, actor, p);
    await new Promise((r) => setTimeout(r, 100));
    const r = await rowOf(db, k);
    const newer = r && r.body !== null && r.computedAt !== null && (!before?.computedAt || new Date(r.computedAt) > new Date(before.computedAt));
    if (newer) return { json: r.body!, computedAt: new Date(r.computedAt!), computeMs: r.computeMs ?? 0, stale: false };
    if (Date.now() > until) throw new AppError('conflict', 'a refresh of this report is still running: try again in a minute');
  }
}

/**
 * The default reports of a scope: what each tab of the 复盘 page opens with (web/src/pages/
 * Review.tsx): engagement of the last 30 days (120-minute window), retention of 180 days by week,
 * funnels of 90 days, health.
 */
export function defaultReports(today: string): ReviewParams[] {
  const last = (days: number) => ({ from: addDays(today, -(days - 1)), to: today });
  return [
    { kind: 'engagement', range: last(30), windowMinutes: 120 },
    { kind: 'retention', range: last(180), grain: 'week' },
    { kind: 'funnels', range: last(90) },
    { kind: 'health' },
  ];
}

export interface RefreshRun { refreshed: number; warmed: number; dropped: number; ms: Record<ReviewKind, number> }

/** The tables a compute reads most (src/review/store.ts). */
export const REVIEW_TABLES = ['group_daily', 'group_member_daily', 'memberships', 'code_attributions'] as const;

/**
 * Gathers the planner's statistics of REVIEW_TABLES when one was never analyzed (PGlite has no
 * autovacuum, and a simulation or import may come just before the worker's first pass, ahead of the
 * maintenance job's analyze). Without them the cohorts' join of memberships and daily writers ran as
 * nested loops: 20 s instead of 0.8 s for all reports of a 3,000-member community on PGlite, and
 * an embedded database answers nothing else meanwhile.
 */
export async function ensureStatistics(db: Queryable): Promise<boolean> {
  const [r] = await db.query<{ n: number }>(
    `select count(*)::int as n from pg_class c join pg_namespace s on s.oid = c.relnamespace
     where s.nspname = current_schema() and c.relname = any($1::text[]) and c.reltuples < 0`, [[...REVIEW_TABLES]]);
  if (!r || r.n === 0) return false;
  await db.query(`analyze ${REVIEW_TABLES.join(', ')}`);
  return true;
}

/**
 * The worker's pass over a workspace: warms the default reports of the whole workspace and of
 * each operator's groups that someone read a report of (absent ones computed: an operator who
 * never opens 复盘 costs nothing; at 1,000 groups and 10 operators the warm-up of every scope was
 * 44 computes, 100 s at 1M messages), and refreshes the stale reports read in the last 7 days.
 * Reports of a scope that no longer exists (an operator's groups changed, a user left) and reports
 * unread for 7 days are dropped. One process per report (the lease).
 */
export async function refreshReviewReports(db: Queryable, ws: number, o: StoredOptions): Promise<RefreshRun> {
  const run: RefreshRun = { refreshed: 0, warmed: 0, dropped: 0, ms: { engagement: 0, retention: 0, funnels: 0, health: 0 } };
  await ensureStatistics(db);
  await db.query(`delete from review_reports where workspace_id = $1 and read_at < now() - interval '7 days'`, [ws]);
  const state = await stateOf(db, ws);
  const owner: Actor = { userId: 0, workspaceId: ws, role: 'owner', ip: 'worker' };
  const operators = (await db.query<{ userId: number }>(
    `select user_id as "userId" from workspace_staff where workspace_id = $1 and role = 'operator' order by user_id`, [ws])).map((r) => Number(r.userId));
  const actors: Actor[] = [owner, ...operators.map((userId): Actor => ({ userId, workspaceId: ws, role: 'operator', ip: 'worker' }))];
  const scopes = new Map<string, Actor>();
  for (const a of actors) {
    const s = await scopeKey(db, a);
    if (!scopes.has(s)) scopes.set(s, a);
  }
  const one = async (actor: Actor, scope: string, p: ReviewParams, warm: boolean) => {
    const k: Key = { ws, kind: p.kind, scope, params: paramsKey(p) };
    const r = await rowOf(db, k);
    if (r && (r.claimed || isFresh(r, state, o))) return;
    if (!r && !warm) return;
    if (!(await claim(db, k, scope === 'workspace' ? null : actor.userId, false))) return;
    const t0 = performance.now();
    await computeAndStore(db, k, actor, p);
    run.ms[p.kind] += performance.now() - t0;
    if (r) run.refreshed++; else run.warmed++;
  };
  const read = new Set((await db.query<{ scope: string }>(
    `select distinct scope from review_reports where workspace_id = $1 and read`, [ws])).map((r) => r.scope));
  for (const [scope, actor] of scopes) {
    if (scope !== 'workspace' && !read.has(scope)) continue;
    for (const p of defaultReports(state.today)) await one(actor, scope, p, true);
  }
  // The other reports read lately: recomputed when stale, as their scope's actor.
  const rows = await db.query<{ kind: ReviewKind; scope: string; params: string; userId: number | null }>(
    `select kind, scope, params, scope_user_id as "userId" from review_reports where workspace_id = $1 order by read_at desc`, [ws]);
  for (const r of rows) {
    const actor = r.scope === 'workspace' ? owner : scopes.get(r.scope);
    if (!actor) {
      await db.query(`delete from review_reports where ${BY_KEY} and (refreshing_until is null or refreshing_until <= now())`, [ws, r.kind, r.scope, r.params]);
      run.dropped++;
      continue;
    }
    await one(actor, r.scope, paramsOf(r.kind, r.params), false);
  }
  return run;
}
