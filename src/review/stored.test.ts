/**
 * Stored 复盘 reports (src/review/stored.ts): a stored report is the same as a fresh compute; it
 * goes stale when events arrive or the day changes and is then refreshed; two refreshes at once
 * compute once; an operator is never served the owner's report, nor a workspace another's; the
 * worker's pass warms the default reports of each scope; a response (plain or gzipped) is the
 * stored report with its computedAt, never an older computation's. Both engines.
 */
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { before, test } from 'node:test';
import { forEachEngine } from '../../test/support/engines.ts';
import { seedCommunity, addDays, type Community } from '../../test/support/community.ts';
import { IdentityCache, ingestBatch } from '../events/ingest.ts';
import type { Actor } from '../auth/access.ts';
import { createStaffUser } from '../../test/support/auth.ts';
import { bodyOf, computeReport, defaultReports, ensureStatistics, REVIEW_TABLES, paramsKey, refreshReport, refreshReviewReports, responseOf, settleReviewRefreshes, storedReport, type ReviewParams, type Served } from './stored.ts';

const plain = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;
const body = (s: Served) => bodyOf(s);

forEachEngine('stored review reports', (ctx) => {
  let a: Community, b: Community;
  let owner: Actor, operator: Actor, ownerB: Actor;
  const fresh = { refreshMinutes: 10 };
  const eager = { refreshMinutes: 0 }; // stale as soon as the log advances

  before(async () => {
    const db = ctx().db;
    a = await seedCommunity(db, 'stored-a');
    b = await seedCommunity(db, 'stored-b');
    owner = { userId: 0, workspaceId: a.workspaceId, role: 'owner', ip: '127.0.0.1' };
    ownerB = { userId: 0, workspaceId: b.workspaceId, role: 'owner', ip: '127.0.0.1' };
    const op = await createStaffUser(db, a.workspaceId, 'operator');
    operator = { userId: op.userId, workspaceId: a.workspaceId, role: 'operator', ip: '127.0.0.1' };
    await db.query(`update groups set owner_staff_id = $1 where workspace_id = $2 and id = $3`, [op.userId, a.workspaceId, a.groups['g-a']]);
  });

  const kinds = (today: string): ReviewParams[] => [
    ...defaultReports(today),
    { kind: 'retention', range: { from: addDays(today, -59), to: today }, grain: 'month', groupId: undefined },
  ];

  test('a stored report is the same as a fresh compute, and is served from the store after', async () => {
    const db = ctx().db;
    for (const p of kinds(a.today)) {
      const first = await storedReport(db, owner, p, fresh);
      assert.deepEqual(body(first), plain(await computeReport(db, owner, p)), `${p.kind}: stored = computed`);
      const again = await storedReport(db, owner, p, fresh);
      assert.equal(again.computedAt.getTime(), first.computedAt.getTime(), `${p.kind}: served from the store`);
      assert.equal(again.stale, false);
    }
  });

  test('events arriving make a report stale: served as it was, refreshed in the background', async () => {
    const db = ctx().db;
    const p: ReviewParams = { kind: 'health' };
    const before = await storedReport(db, owner, p, eager);
    // Within the interval a report is fresh even though the log advanced.
    const t = new Date().toISOString();
    await ingestBatch(db, { workspaceId: a.workspaceId, accountId: a.accountId, timezone: 'Asia/Shanghai' },
      [{ type: 'message', eventId: 'stored-new-1', occurredAt: t, groupId: 'g-b', messageId: 'stored-m1', userId: 'eve', text: 'again' }], new IdentityCache());
    assert.equal((await storedReport(db, owner, p, fresh)).computedAt.getTime(), before.computedAt.getTime(), 'fresh within the interval');
    const stale = await storedReport(db, owner, p, eager);
    assert.equal(stale.stale, true);
    assert.deepEqual(body(stale), body(before), 'the stale report is served as it was');
    await settleReviewRefreshes();
    const after = await storedReport(db, owner, p, eager);
    assert.equal(after.stale, false);
    assert.ok(after.computedAt > before.computedAt);
    assert.deepEqual(body(after), plain(await computeReport(db, owner, p)), 'refreshed to a fresh compute');
    assert.notDeepEqual(body(after), body(before), 'the new message counts');
  });

  test("a report's response is its body with computedAt, gzipped the same, and a recomputed report is never answered from the older one", async () => {
    const db = ctx().db;
    const p: ReviewParams = { kind: 'retention', range: { from: addDays(a.today, -89), to: a.today }, grain: 'week', groupId: undefined };
    const first = await storedReport(db, owner, p, fresh);
    const r1 = responseOf(first);
    const parsed = JSON.parse(r1.json) as Record<string, unknown>;
    assert.equal(parsed.computedAt, first.computedAt.toISOString());
    const { computedAt: _at, ...rest } = parsed;
    assert.deepEqual(rest, body(first), 'the response is the stored body with computedAt');
    assert.equal(gunzipSync(r1.gzip()).toString('utf8'), r1.json, 'gzipped: the same bytes');
    assert.equal(r1.gzip(), r1.gzip(), 'compressed once');
    const again = await storedReport(db, owner, p, fresh);
    assert.equal(responseOf(again).json, r1.json, 'served again from the store: the same response');
    await ingestBatch(db, { workspaceId: a.workspaceId, accountId: a.accountId, timezone: 'Asia/Shanghai' },
      [{ type: 'message', eventId: 'stored-resp-1', occurredAt: new Date().toISOString(), groupId: 'g-a', messageId: 'stored-resp-m1', userId: 'eve', text: 'once more' }], new IdentityCache());
    const refreshed = await refreshReport(db, owner, p);
    assert.ok(refreshed.computedAt > first.computedAt);
    const next = await storedReport(db, owner, p, fresh);
    assert.equal(next.computedAt.getTime(), refreshed.computedAt.getTime());
    const r2 = responseOf(next);
    assert.equal(JSON.parse(r2.json).computedAt, refreshed.computedAt.toISOString(), 'the new computation, not the cached older one');
    assert.deepEqual(JSON.parse(gunzipSync(r2.gzip()).toString('utf8')), JSON.parse(r2.json));
  });

  test('a report computed for another day is stale and refreshed', async () => {
    const db = ctx().db;
    const p: ReviewParams = { kind: 'funnels', range: { from: addDays(a.today, -29), to: a.today } };
    const first = await storedReport(db, owner, p, fresh);
    const key = paramsKey(p);
    await db.query(`update review_reports set today = today - 1 where workspace_id = $1 and kind = 'funnels' and params = $2`, [a.workspaceId, key]);
    const stale = await storedReport(db, owner, p, fresh);
    assert.equal(stale.stale, true);
    await settleReviewRefreshes();
    const after = await storedReport(db, owner, p, fresh);
    assert.equal(after.stale, false);
    assert.ok(after.computedAt > first.computedAt);
    const [row] = await db.query<{ today: string }>(`select today::text as today from review_reports where workspace_id = $1 and kind = 'funnels' and params = $2`, [a.workspaceId, key]);
    assert.equal(row!.today, a.today);
  });

  test('two refreshes at once compute once: one row, the same result; a refresh waits for a compute already running', async () => {
    const db = ctx().db;
    const p: ReviewParams = { kind: 'engagement', range: { from: addDays(a.today, -6), to: a.today }, windowMinutes: 60 };
    const [x, y] = await Promise.all([refreshReport(db, owner, p), refreshReport(db, owner, p)]);
    assert.deepEqual(body(x), body(y));
    const [u, v] = await Promise.all([storedReport(db, owner, { ...p, windowMinutes: 30 }, fresh), storedReport(db, owner, { ...p, windowMinutes: 30 }, fresh)]);
    assert.equal(u.computedAt.getTime(), v.computedAt.getTime(), 'a first read racing another is served its compute');
    const rows = await db.query<{ n: number }>(`select count(*)::int as n from review_reports where workspace_id = $1 and kind = 'engagement' and params like '%"windowMinutes":60%'`, [a.workspaceId]);
    assert.equal(rows[0]!.n, 1);
    // Another process holds the lease (computing): a refresh waits for its result, computes nothing.
    const q: ReviewParams = { ...p, windowMinutes: 45 };
    const key = [a.workspaceId, 'engagement', 'workspace', paramsKey(q)];
    await db.query(`insert into review_reports (workspace_id, kind, scope, params, refreshing_until) values ($1, $2, $3, $4, now() + interval '1 minute')`, key);
    const waiting = refreshReport(db, owner, q);
    const other = new Date(Date.now() + 1000);
    await new Promise((r) => setTimeout(r, 300));
    await db.query(`update review_reports set body = '{"by":"the other process"}', computed_at = $5, today = $6, projected_seq = 0, refreshing_until = null
      where workspace_id = $1 and kind = $2 and scope = $3 and params = $4`, [...key, other, a.today]);
    const got = await waiting;
    assert.deepEqual(body(got), { by: 'the other process' });
    assert.equal(got.computedAt.getTime(), other.getTime());
  });

  test("an operator is never served the owner's report, nor a workspace another's", async () => {
    const db = ctx().db;
    const p: ReviewParams = { kind: 'health' };
    const all = await storedReport(db, owner, p, fresh);
    const mine = await storedReport(db, operator, p, fresh);
    const ids = (r: unknown) => (r as { groups: Array<{ groupId: number }> }).groups.map((g) => g.groupId).sort();
    assert.deepEqual(ids(body(all)), Object.values(a.groups).sort());
    assert.deepEqual(ids(body(mine)), [a.groups['g-a']]);
    assert.deepEqual(body(mine), plain(await computeReport(db, operator, p)));
    const other = await storedReport(db, ownerB, p, fresh);
    assert.deepEqual(ids(body(other)), Object.values(b.groups).sort());
    // A group assigned to the operator later is a new scope: not the report of their old groups.
    await db.query(`update groups set owner_staff_id = $1 where workspace_id = $2 and id = $3`, [operator.userId, a.workspaceId, a.groups['g-b']]);
    const more = await storedReport(db, operator, p, fresh);
    assert.deepEqual(ids(body(more)), [a.groups['g-a'], a.groups['g-b']].sort());
    await db.query(`update groups set owner_staff_id = null where workspace_id = $1 and id = $2`, [a.workspaceId, a.groups['g-b']]);
  });

  test("the worker's pass warms each scope's default reports, refreshes stale ones, drops orphans", async () => {
    const db = ctx().db;
    await db.query(`delete from review_reports where workspace_id = $1`, [b.workspaceId]);
    const stats = async () => (await db.query<{ n: number }>(
      `select count(*)::int as n from pg_class where relname = any($1::text[]) and reltuples >= 0 and relnamespace = (select oid from pg_namespace where nspname = current_schema())`, [[...REVIEW_TABLES]]))[0]!.n;
    const run = await refreshReviewReports(db, b.workspaceId, fresh);
    assert.equal(await stats(), REVIEW_TABLES.length, 'the planner has statistics of the tables the reports read (never analyzed before: nested loops)');
    assert.equal(await ensureStatistics(db), false, 'gathered once, not on every pass');
    assert.equal(run.warmed, 4, 'the whole workspace (no operators in B)');
    const again = await refreshReviewReports(db, b.workspaceId, fresh);
    assert.equal(again.warmed + again.refreshed, 0, 'nothing stale');
    const served = await storedReport(db, ownerB, { kind: 'health' }, fresh);
    assert.deepEqual(body(served), plain(await computeReport(db, ownerB, { kind: 'health' })));
    await db.query(`update review_reports set today = today - 1 where workspace_id = $1 and kind = 'health'`, [b.workspaceId]);
    assert.equal((await refreshReviewReports(db, b.workspaceId, fresh)).refreshed, 1);
    // An operator's scope that no longer exists is dropped.
    await db.query(`insert into review_reports (workspace_id, kind, scope, params, body) values ($1, 'health', 'groups:gone', '{}', '{}')`, [b.workspaceId]);
    assert.equal((await refreshReviewReports(db, b.workspaceId, fresh)).dropped, 1);
  });

  test("the worker warms an operator's scope only once someone read a report of it", async () => {
    const db = ctx().db;
    await db.query(`delete from review_reports where workspace_id = $1`, [a.workspaceId]);
    const rows = async () => (await db.query<{ scope: string; kind: string; read: boolean }>(
      `select scope, kind, read from review_reports where workspace_id = $1 order by scope, kind`, [a.workspaceId]));
    const first = await refreshReviewReports(db, a.workspaceId, fresh);
    assert.equal(first.warmed, 4, "the workspace's default reports; not the operator's, whom nobody read");
    assert.deepEqual((await rows()).map((r) => [r.scope, r.read]), Array.from({ length: 4 }, () => ['workspace', false]), 'warmed, not read');
    await storedReport(db, owner, { kind: 'health' }, fresh);
    assert.deepEqual((await rows()).filter((r) => r.read).map((r) => r.kind), ['health'], 'a read marks the report read');
    const p: ReviewParams = { kind: 'health' };
    await storedReport(db, operator, p, fresh);
    const second = await refreshReviewReports(db, a.workspaceId, fresh);
    assert.equal(second.warmed, 3, "the operator's other default reports, now that their scope was read");
    const theirs = (await rows()).filter((r) => r.scope !== 'workspace');
    assert.deepEqual(theirs.map((r) => [r.kind, r.read]), [['engagement', false], ['funnels', false], ['health', true], ['retention', false]]);
  });
});
