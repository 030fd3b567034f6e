/**
 * Exports (GET /api/export) and read-only API keys, on both engines: a CSV and an XLSX parsed back
 * equal the API's own rows (all pages: 450 members are three batches); an operator's export holds
 * their groups only; a cell that would run as a formula is defused in CSV and stays text in XLSX;
 * exports are audited. A key reads and exports; it cannot write (every non-GET route refuses it);
 * a revoked key fails; another workspace's data is invisible to it; it is rate-limited and never
 * logged.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import pino from 'pino';
import { signedIn, type Client } from '../../../test/support/auth.ts';
import { seedCommunity, type Community } from '../../../test/support/community.ts';
import { forEachEngine } from '../../../test/support/engines.ts';
import { fillUrl, routeFixtures, type World } from '../../../test/support/route-fixtures.ts';
import { testServer } from '../../../test/support/server.ts';
import { loadConfig } from '../../config.ts';
import { createIngestQueue } from '../../events/ingest-queue.ts';
import { RATE_LIMIT } from '../../reports/api-keys.ts';
import { buildServer } from '../app.ts';

const q = (o: Record<string, string>) => new URLSearchParams(o).toString();

async function xlsxRows(body: Buffer): Promise<{ rows: unknown[][]; types: number[][] }> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(body as never);
  const sheet = book.worksheets[0]!;
  const rows: unknown[][] = [];
  const types: number[][] = [];
  sheet.eachRow((row) => {
    const values = (row.values as unknown[]).slice(1);
    rows.push(values.map((v) => (v === undefined ? null : v)));
    const t: number[] = [];
    row.eachCell({ includeEmpty: true }, (cell) => t.push(cell.type));
    types.push(t);
  });
  return { rows, types };
}

forEachEngine('exports and API keys', (ctx) => {
  let server: Awaited<ReturnType<typeof testServer>>;
  let c: Community, other: Community;
  let owner: Client, operator: Client;
  before(async () => {
    const db = ctx().db;
    c = await seedCommunity(db, 'exports');
    other = await seedCommunity(db, 'exports-other');
    server = await testServer(db);
    owner = await signedIn(server.app, db, c.workspaceId, 'owner');
    operator = await signedIn(server.app, db, c.workspaceId, 'operator');
    await owner.send('POST', '/api/groups/bulk', { ids: [c.groups['g-a']], action: 'assign', value: operator.userId });
    // 450 more members (three batches of 200), one named like a formula.
    await db.query(`insert into members (workspace_id, display_name, first_seen_at)
      select $1, 'm' || lpad(i::text, 4, '0'), now() - interval '1 day' from generate_series(1, 449) i`, [c.workspaceId]);
    await db.query(`insert into members (workspace_id, display_name, first_seen_at) values ($1, '=HYPERLINK("http://evil","x")', now())`, [c.workspaceId]);
  });
  after(async () => { await server.close(); });

  async function allMembers(client: Client) {
    const out: Array<Record<string, unknown>> = [];
    for (let offset = 0; ; offset += 200) {
      const page = await client.get(`/api/members?limit=200&offset=${offset}&sort=name`);
      out.push(...page.items);
      if (out.length >= page.total) return out;
    }
  }

  test('a CSV of every page equals the API rows: BOM, headers in the words asked, coded values in words, formulas defused', async () => {
    const columns = [{ key: 'id', label: '编号' }, { key: 'name', label: '名称' }, { key: 'stage', label: '阶段', values: { new: '新成员', churned: '流失' } }, { key: 'messages30d', label: '30天消息' }, { key: 'tags', label: '标签' }];
    const res = await owner.inject({ url: `/api/export?${q({ source: '/api/members?sort=name', format: 'csv', columns: JSON.stringify(columns), name: '成员' })}` });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /^text\/csv/);
    assert.match(String(res.headers['content-disposition']), /filename\*=UTF-8''%E6%88%90%E5%91%98-\d{4}-\d\d-\d\d\.csv/);
    const body = res.rawPayload;
    assert.deepEqual([...body.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte-order mark');
    const lines: string[][] = parse(body.subarray(3).toString('utf8'));
    assert.deepEqual(lines[0], ['编号', '名称', '阶段', '30天消息', '标签']);
    const api = await allMembers(owner);
    assert.equal(api.length, 455);
    assert.equal(lines.length - 1, api.length, 'every row of every page');
    const words: Record<string, string> = { new: '新成员', churned: '流失' };
    const expected = api.map((m) => [String(m.id), String(m.name).startsWith('=') ? `'${m.name}` : String(m.name), words[String(m.stage)] ?? String(m.stage), String(m.messages30d), (m.tags as string[]).join('; ')]);
    assert.deepEqual(lines.slice(1), expected);
    assert.ok(lines.some((l) => l[1] === `'=HYPERLINK("http://evil","x")`), 'the formula is written as text');
    const [audit] = await ctx().db.query<{ detail: Record<string, unknown>; target: string; actor_user_id: number }>(
      `select detail, target, actor_user_id from audit_log where workspace_id = $1 and action = 'table.export' order by id desc limit 1`, [c.workspaceId]);
    assert.equal(audit!.target, 'route:GET /api/members');
    assert.equal(Number(audit!.actor_user_id), owner.userId);
    assert.deepEqual([audit!.detail.format, audit!.detail.rows], ['csv', 455]);
  });

  test('an XLSX parsed back equals the API rows, numbers as numbers and the formula as a text cell', async () => {
    const res = await owner.inject({ url: `/api/export?${q({ source: '/api/members?sort=name', format: 'xlsx', columns: JSON.stringify([{ key: 'id', label: 'ID' }, { key: 'name', label: 'Name' }, { key: 'groups', label: 'Groups' }]) })}` });
    assert.equal(res.statusCode, 200, res.body);
    const { rows, types } = await xlsxRows(res.rawPayload);
    assert.deepEqual(rows[0], ['ID', 'Name', 'Groups']);
    const api = await allMembers(owner);
    assert.deepEqual(rows.slice(1), api.map((m) => [m.id, m.name, m.groups]));
    const evil = rows.findIndex((r) => String(r[1]).startsWith('=HYPERLINK'));
    assert.ok(evil > 0);
    assert.equal(types[evil]![1], ExcelJS.ValueType.String, 'a text cell, not a formula');
  });

  test("the same filters, and an operator's export holds only their groups", async () => {
    const mine = await operator.inject({ url: `/api/export?${q({ source: '/api/groups', columns: JSON.stringify([{ key: 'name', label: '群' }, { key: 'operator.name', label: '运营' }]) })}` });
    assert.equal(mine.statusCode, 200, mine.body);
    const rows: string[][] = parse(mine.rawPayload.subarray(3).toString('utf8'));
    assert.deepEqual(rows.map((r) => r[0]), ['群', ...(await operator.get('/api/groups')).items.map((g: { name: string }) => g.name)]);
    assert.equal(rows.length, 2, 'one group: g-a');
    const filtered = await owner.inject({ url: `/api/export?${q({ source: '/api/members?q=Al', format: 'csv' })}` });
    const lines: string[][] = parse(filtered.rawPayload.subarray(3).toString('utf8'));
    assert.ok(lines[0]!.includes('name') && lines[0]!.includes('lastActiveAt'), 'without columns: every field, headed by its path');
    assert.deepEqual(lines.slice(1).map((l) => l[lines[0]!.indexOf('name')]), ['Alice']);
    // Out of reach through the export as through the route: another group's members, another workspace's group.
    assert.equal((await operator.inject({ url: `/api/export?${q({ source: `/api/groups/${c.groups['g-b']}/members` })}` })).statusCode, 404);
    assert.equal((await owner.inject({ url: `/api/export?${q({ source: `/api/groups/${other.groups['g-a']}/members` })}` })).statusCode, 404);
  });

  test('a table inside an answer (review cohorts), and what is not a table', async () => {
    const res = await owner.inject({ url: `/api/export?${q({ source: '/api/review/health', rows: 'groups', format: 'xlsx' })}` });
    assert.equal(res.statusCode, 200, res.body);
    const health = await owner.get('/api/review/health');
    const { rows } = await xlsxRows(res.rawPayload);
    assert.equal(rows.length - 1, health.groups.length);
    assert.ok((rows[0] as string[]).includes('score'));
    for (const [source, rows, status] of [['/api/review/health', 'nothing', 400], ['/api/export?source=/api/groups', 'items', 400], ['/api/nope', 'items', 404], ['/docs/json', 'items', 400], ['/api/../docs', 'items', 400]] as const) {
      const r = await owner.inject({ url: `/api/export?${q({ source, rows })}` });
      assert.equal(r.statusCode, status, `${source}: ${r.body}`);
      assert.ok(r.json().error);
    }
    assert.equal((await owner.inject({ url: `/api/export?${q({ source: '/api/groups', columns: '[{"key":1}]' })}` })).statusCode, 400);
  });

  test('an API key reads and exports its workspace, as a viewer', async () => {
    const created = await owner.send('POST', '/api/api-keys', { name: 'Metabase' });
    assert.match(created.secret, /^qyk_/);
    assert.equal(created.key.prefix, created.secret.slice(0, 10));
    const auth = { authorization: `Bearer ${created.secret}` };
    const groups = await server.app.inject({ url: '/api/groups', headers: auth });
    assert.equal(groups.statusCode, 200);
    assert.deepEqual(groups.json().items.map((g: { id: number }) => g.id).sort(), Object.values(c.groups).sort());
    const csv = await server.app.inject({ url: `/api/export?${q({ source: '/api/members', format: 'csv' })}`, headers: auth });
    assert.equal(csv.statusCode, 200);
    assert.equal(parse(csv.rawPayload.subarray(3).toString('utf8')).length - 1, 455);
    const [audit] = await ctx().db.query<{ detail: Record<string, unknown> }>(`select detail from audit_log where workspace_id = $1 and action = 'table.export' order by id desc limit 1`, [c.workspaceId]);
    assert.equal(audit!.detail.apiKey, created.key.id, 'the audit says which key exported');
    // Another workspace's data is invisible: its ids are not found.
    for (const url of [`/api/groups/${other.groups['g-a']}`, `/api/members/${other.members['alice']}`, `/api/export?${q({ source: `/api/groups/${other.groups['g-a']}/members` })}`]) {
      assert.equal((await server.app.inject({ url, headers: auth })).statusCode, 404, url);
    }
    // Owner-only reads stay closed to it (it is a viewer), and so do the keys themselves.
    assert.equal((await server.app.inject({ url: '/api/api-keys', headers: auth })).statusCode, 403);
    const listed = await owner.get('/api/api-keys');
    assert.ok(listed.items[0].lastUsedAt);
    assert.ok(!JSON.stringify(listed).includes(created.secret), 'the secret is never shown again');
  });

  test('an API key cannot write: every non-GET route refuses it, before doing anything', async () => {
    const { secret } = await owner.send('POST', '/api/api-keys', { name: 'writer?' });
    const world: World = { c, staffUserId: operator.userId, state: { inviteToken: 'x', activityId: '1', codeId: '1', entryId: '1', taskId: '1', calendarEntryId: '1', experimentId: '1', liveSessionId: '1', campaignId: '1', referralId: '1', automationId: '1', contentId: '1', pushId: '1', banId: '1' } };
    const before = (await ctx().db.query<{ n: number }>('select count(*)::int as n from audit_log where workspace_id = $1', [c.workspaceId]))[0]!.n;
    let walked = 0;
    for (const route of server.app.routeCatalog) {
      if (route.method === 'GET' || route.method === 'HEAD' || route.url.startsWith('/webhooks/')) continue;
      const url = fillUrl(world, route.url) ?? route.url.replace(/:[A-Za-z]+/g, '1');
      const fixture = routeFixtures[`${route.method} ${route.url}`]?.(world);
      const res = await server.app.inject({ method: route.method as 'POST', url, headers: { authorization: `Bearer ${secret}` }, ...(fixture?.payload !== undefined ? { payload: fixture.payload as object } : { payload: {} }) });
      assert.equal(res.statusCode, 403, `${route.method} ${route.url}: ${res.statusCode} ${res.body}`);
      assert.equal(res.json().error, 'forbidden');
      walked++;
    }
    assert.ok(walked > 50, `walked ${walked} routes`);
    const after = (await ctx().db.query<{ n: number }>('select count(*)::int as n from audit_log where workspace_id = $1', [c.workspaceId]))[0]!.n;
    assert.equal(after, before, 'nothing was done');
  });

  test('a revoked key fails at once; revoking is audited; an unknown key fails', async () => {
    const { key, secret } = await owner.send('POST', '/api/api-keys', { name: 'Superset' });
    const auth = { authorization: `Bearer ${secret}` };
    assert.equal((await server.app.inject({ url: '/api/overview', headers: auth })).statusCode, 200);
    await owner.send('POST', `/api/api-keys/${key.id}/revoke`);
    const res = await server.app.inject({ url: '/api/overview', headers: auth });
    assert.equal(res.statusCode, 401);
    assert.ok(!res.body.includes(secret));
    assert.equal((await server.app.inject({ url: '/api/overview', headers: { authorization: `Bearer ${secret}x` } })).statusCode, 401);
    const actions = (await ctx().db.query<{ action: string; target: string }>(
      `select action, target from audit_log where workspace_id = $1 and action like 'apikey.%' and target = $2 order by id`, [c.workspaceId, `apikey:${key.id}`]));
    assert.deepEqual(actions.map((a) => a.action), ['apikey.create', 'apikey.revoke']);
    // Another workspace's owner cannot revoke it (not found), an operator cannot create one.
    const otherOwner = await signedIn(server.app, ctx().db, other.workspaceId, 'owner');
    assert.equal((await otherOwner.inject({ method: 'POST', url: `/api/api-keys/${key.id}/revoke` })).statusCode, 404);
    assert.equal((await operator.inject({ method: 'POST', url: '/api/api-keys', payload: { name: 'x' } })).statusCode, 403);
    assert.deepEqual((await otherOwner.get('/api/api-keys')).items, []);
  });

  test('a key is rate-limited per key (an export counts once) and never logged', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _e, done) { lines.push(String(chunk)); done(); } });
    const ingest = createIngestQueue(ctx().db, { batchSize: 10, flushMs: 5 });
    const app = await buildServer({ config: loadConfig({}), db: ctx().db, logger: pino({ level: 'trace' }, sink), ingest });
    await app.ready();
    try {
      const { secret } = await owner.send('POST', '/api/api-keys', { name: 'BI' });
      const auth = { authorization: `Bearer ${secret}` };
      // One export of 455 rows (3 batches) is one request of the key.
      assert.equal((await app.inject({ url: `/api/export?${q({ source: '/api/members' })}`, headers: auth })).statusCode, 200);
      let limited = 0;
      for (let i = 0; i < RATE_LIMIT + 5; i++) {
        const r = await app.inject({ url: '/api/facets', headers: auth });
        if (r.statusCode === 429) { limited++; assert.ok(Number(r.headers['retry-after']) > 0); }
      }
      assert.equal(limited, 6, `${RATE_LIMIT} requests a minute: the export and ${RATE_LIMIT - 1} reads pass`);
      await app.inject({ method: 'POST', url: '/api/groups/bulk', headers: auth, payload: {} });
      await app.inject({ url: '/api/overview', headers: { authorization: `Bearer ${secret}0` } });
      const log = lines.join('');
      assert.ok(log.length > 1000, 'requests were logged');
      assert.ok(!log.includes(secret) && !log.includes(secret.slice(4)), 'the key appears in no log line');
    } finally {
      await app.close();
      await ingest.close();
    }
  });

  test('a large 复盘 report goes gzipped to a client that accepts it, the same JSON as without; a small one plain', async () => {
    const db = ctx().db;
    // Enough groups for a health report past the gzip threshold (8 KB); last in the file, as they change every group count.
    await db.query(`insert into groups (workspace_id, account_id, platform_group_id, name, capacity, created_at)
      select $1, $2, 'gz-' || i, '压缩群 ' || i, 500, now() - interval '40 days' from generate_series(1, 30) i`, [c.workspaceId, c.accountId]);
    await owner.send('POST', '/api/review/refresh', { kind: 'health' });
    const plain = await owner.inject({ url: '/api/review/health' });
    assert.equal(plain.statusCode, 200, plain.body);
    assert.equal(plain.headers['content-encoding'], undefined, 'no gzip unless asked');
    assert.ok(plain.body.length >= 8 * 1024, `a large report (${plain.body.length} bytes)`);
    const gz = await owner.inject({ url: '/api/review/health', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.match(String(gz.headers.vary), /accept-encoding/i);
    assert.ok(gz.rawPayload.length < plain.body.length / 3, `compressed (${gz.rawPayload.length} of ${plain.body.length} bytes)`);
    assert.deepEqual(JSON.parse(gunzipSync(gz.rawPayload).toString('utf8')), plain.json());
    const small = await operator.inject({ url: '/api/review/funnels', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(small.statusCode, 200, small.body);
    assert.ok(small.body.length < 8 * 1024 && small.headers['content-encoding'] === undefined, 'a small report goes plain');
  });
});
