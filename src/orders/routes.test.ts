/**
 * Conversion over HTTP, on both engines: a CSV with bad rows answers 400 naming each row and
 * column and stores nothing; the fixed file imports (audited), again changes nothing; an XLSX
 * imports; the shop's webhook stores an order once, refuses a wrong or missing signature, an
 * altered body and a replay older than five minutes, and a rotated secret; roles (a viewer reads,
 * only an admin imports) and another workspace's ids (404); ROI, the orders list and the KPIs
 * answer plain rows.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import { signedIn, type Client } from '../../test/support/auth.ts';
import { seedCommunity, type Community } from '../../test/support/community.ts';
import { forEachEngine } from '../../test/support/engines.ts';
import { testServer } from '../../test/support/server.ts';
import { signOrderWebhook } from './attribution.ts';

forEachEngine('orders api', (ctx) => {
  let server: Awaited<ReturnType<typeof testServer>>;
  let c: Community, other: Community;
  let owner: Client, viewer: Client, operator: Client;
  before(async () => {
    c = await seedCommunity(ctx().db, 'orders-api');
    other = await seedCommunity(ctx().db, 'orders-api-other');
    server = await testServer(ctx().db);
    owner = await signedIn(server.app, ctx().db, c.workspaceId, 'owner');
    viewer = await signedIn(server.app, ctx().db, c.workspaceId, 'viewer');
    operator = await signedIn(server.app, ctx().db, c.workspaceId, 'operator');
    await ctx().db.query(`update groups set owner_staff_id = $2 where workspace_id = $1 and id = $3`, [c.workspaceId, operator.userId, c.groups['g-b']]);
  });
  after(async () => { await server.close(); });

  const count = async () => (await ctx().db.query<{ n: number }>(`select count(*)::int as n from orders where workspace_id = $1`, [c.workspaceId]))[0]!.n;
  const today = () => new Date().toISOString().slice(0, 10);

  test('a CSV import is all or nothing, with each bad row and column named; a repeat changes nothing', async () => {
    const bad = `订单号,金额,支付时间,用户ID\nA-1,199,${today()} 00:01,bob\nA-2,abc,${today()} 00:02,eve\nA-3,10,tomorrow,alice\n`;
    const res = await owner.inject({ method: 'POST', url: '/api/orders/import', payload: { format: 'csv', content: bad } });
    assert.equal(res.statusCode, 400);
    const body = res.json();
    assert.equal(body.message, '2 rows with errors: nothing was imported');
    assert.deepEqual(body.issues.map((i: { path: string }) => i.path), ['3.amount', '4.paid_at']);
    assert.deepEqual([body.issues[0].code, body.issues[0].values], ['notAmount', { value: 'abc' }], 'a code and its values, for the console\'s words');
    assert.equal(await count(), 0);
    const good = `订单号,金额,支付时间,用户ID,客户ID\nA-1,199,${today()} 00:01,bob,\nA-2,"1,000.50",${today()} 00:02,eve,\nA-3,10,${today()} 00:03,,CRM-7\n`;
    assert.deepEqual(await owner.send('POST', '/api/orders/import', { format: 'csv', content: good, fileName: 'shop.csv' }),
      { rows: 3, stored: 3, duplicates: 0, matched: 2, unmatched: 1, duplicateIds: [] });
    assert.deepEqual((await owner.send('POST', '/api/orders/import', { format: 'csv', content: good })).duplicateIds, ['A-1', 'A-2', 'A-3']);
    assert.equal(await count(), 3);
    const [audit] = await ctx().db.query<{ detail: Record<string, unknown> }>(`select detail from audit_log where workspace_id = $1 and action = 'order.import' order by id limit 1`, [c.workspaceId]);
    assert.deepEqual(audit!.detail, { format: 'csv', fileName: 'shop.csv', rows: 3, updated: 3, duplicates: 0, unmatched: 1 });
    assert.equal((await viewer.inject({ method: 'POST', url: '/api/orders/import', payload: { format: 'csv', content: good } })).statusCode, 403);
    assert.equal((await operator.inject({ method: 'POST', url: '/api/orders/import', payload: { format: 'csv', content: good } })).statusCode, 403);
  });

  test('an XLSX import; a broken workbook is one error', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('orders');
    sheet.addRow(['order_id', 'amount', 'paid_at', 'platform_user_id']);
    sheet.addRow(['X-1', 66, new Date(`${today()}T00:05:00Z`), 'carol']);
    const content = Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
    assert.deepEqual(await owner.send('POST', '/api/orders/import', { format: 'xlsx', content }), { rows: 1, stored: 1, duplicates: 0, matched: 1, unmatched: 0, duplicateIds: [] });
    const res = await owner.inject({ method: 'POST', url: '/api/orders/import', payload: { format: 'xlsx', content: Buffer.from('nope').toString('base64') } });
    assert.equal(res.statusCode, 400);
    assert.match(res.json().issues[0].message, /not an XLSX workbook/);
  });

  test('the webhook: signed and recent, once per order id; wrong, missing, altered, replayed or old-secret deliveries are refused', async () => {
    const settings = await owner.get('/api/orders/settings');
    assert.match(settings.webhookPath, /^\/webhooks\/orders\/[\w-]+$/);
    assert.equal((await viewer.inject({ method: 'GET', url: '/api/orders/settings' })).statusCode, 403, 'the secret is for admins');
    const body = JSON.stringify({ orderId: 'W-1', amount: '88.00', paidAt: new Date().toISOString(), platformUserId: 'alice' });
    const deliver = (b: string, headers: Record<string, string>) => server.app.inject({ method: 'POST', url: settings.webhookPath, payload: b, headers: { 'content-type': 'application/json', ...headers } });
    const signed = (b: string, secret = settings.webhookSecret as string, ts = Math.floor(Date.now() / 1000)) => ({ 'x-qunyun-timestamp': String(ts), 'x-qunyun-signature': signOrderWebhook(secret, ts, b) });
    const first = await deliver(body, signed(body));
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(first.json(), { outcome: 'stored', matched: true });
    assert.deepEqual((await deliver(body, signed(body))).json(), { outcome: 'duplicate', matched: false });
    assert.equal((await deliver(body, {})).statusCode, 401);
    assert.equal((await deliver(body.replace('88.00', '8.00'), signed(body))).statusCode, 401, 'altered body');
    const old = Math.floor(Date.now() / 1000) - 600;
    const replay = await deliver(body, signed(body, settings.webhookSecret, old));
    assert.equal(replay.statusCode, 401);
    assert.match(replay.json().message, /more than 5 minutes/);
    const invalid = JSON.stringify({ orderId: 'W-2', amount: 'lots', paidAt: 'now', phone: '138' });
    const bad = await deliver(invalid, signed(invalid));
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json().issues.map((i: { path: string }) => i.path), ['amount', 'paid_at', 'phone']);
    const rotated = await owner.send('PATCH', '/api/orders/settings', { rotateSecret: true, windowDays: 14 });
    assert.equal(rotated.windowDays, 14);
    const b3 = JSON.stringify({ orderId: 'W-3', amount: 1, paidAt: new Date().toISOString(), customerId: 'CRM-8' });
    assert.equal((await deliver(b3, signed(b3))).statusCode, 401, 'the old secret no longer works');
    assert.deepEqual((await deliver(b3, signed(b3, rotated.webhookSecret))).json(), { outcome: 'stored', matched: false });
    assert.equal((await server.app.inject({ method: 'POST', url: '/webhooks/orders/nope', payload: b3, headers: signed(b3) })).statusCode, 404);
  });

  test('mapping a customer, costs, roles and another workspace\'s ids; the reads are plain rows', async () => {
    assert.deepEqual(await owner.send('POST', '/api/orders/customers', { kind: 'customer_id', value: 'CRM-7', memberId: c.members['carol'] }), { value: 'CRM-7', matched: 1 });
    const foreign = await owner.inject({ method: 'POST', url: '/api/orders/customers', payload: { kind: 'customer_id', value: 'CRM-8', memberId: other.members['carol'] } });
    assert.equal(foreign.statusCode, 404);
    assert.equal((await owner.inject({ method: 'PUT', url: '/api/orders/costs', payload: { kind: 'group', targetId: other.groups['g-a'], costCents: 1 } })).statusCode, 404);
    assert.equal((await operator.inject({ method: 'PUT', url: '/api/orders/costs', payload: { kind: 'group', targetId: c.groups['g-b'], costCents: 1 } })).statusCode, 403);
    await owner.send('PUT', '/api/orders/costs', { kind: 'group', targetId: c.groups['g-b'], costCents: 50000, note: '投放' });
    assert.deepEqual((await viewer.get('/api/orders/costs')).items, [{ kind: 'group', targetId: c.groups['g-b'], name: 'Beta VIP', costCents: 50000, note: '投放' }]);
    const roi = await viewer.get('/api/orders/roi');
    const gb = roi.byGroup.find((r: { key: number }) => r.key === c.groups['g-b']);
    assert.deepEqual([gb.revenueCents, gb.costCents, gb.roi], [100050, 50000, 1.001]);
    assert.equal(roi.totals.unmatched, 1, 'W-3 of CRM-8');
    const all = await viewer.get('/api/orders');
    assert.deepEqual(all.items.map((o: { orderId: string }) => o.orderId).sort(), ['A-1', 'A-2', 'A-3', 'W-1', 'W-3', 'X-1']);
    const unmatched = await owner.get('/api/orders?status=unmatched');
    assert.deepEqual(unmatched.items.map((o: { orderId: string; customerId: string }) => [o.orderId, o.customerId]), [['W-3', 'CRM-8']]);
    // The operator of g-b sees eve's order only, no unmatched ones, and their own row of the KPIs.
    assert.deepEqual((await operator.get('/api/orders')).items.map((o: { orderId: string }) => o.orderId), ['A-2']);
    assert.deepEqual((await operator.get('/api/orders?status=unmatched')).items, []);
    const kpis = await operator.get('/api/review/kpis');
    assert.deepEqual(kpis.operators.map((o: { userId: number; revenueCents: number }) => [o.userId, o.revenueCents]), [[operator.userId, 100050]]);
    const funnel = await viewer.get('/api/review/funnels');
    assert.ok(funnel.converted.members >= 3);
  });
});
