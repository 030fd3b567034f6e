/**
 * Conversion (issue #17 item 6) and operator KPIs (item 5): the pure rules (reading rows with their
 * errors, the webhook's signature and replay window, matching, last-touch attribution, ROI, the
 * leaderboard), then on both engines: an import that fails half-way leaves nothing, a repeated
 * import or delivery changes nothing, a mapped customer matches the orders waiting for it, orders
 * are attributed to the push, code, campaign and group of the seeded community, ROI against costs,
 * the funnel's "converted" step and the KPIs of two operators (each seeing only their own).
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import ExcelJS from 'exceljs';
import { forEachEngine } from '../../test/support/engines.ts';
import { seedCommunity, type Community } from '../../test/support/community.ts';
import type { Actor } from '../auth/access.ts';
import { attribute, matchOrder, normalisePhone, parseAmount, parsePaidAt, readOrderRows, readWebhookOrder, roiBy, signOrderWebhook, verifyOrderWebhook, type OrderInput, type Touches } from './attribution.ts';
import { readCsv, readXlsx } from './files.ts';
import { attributedOrders, mapCustomer, roiReport, setCost, storeOrders, updateOrderSettings } from './store.ts';
import { operatorKpis, percentileRanks, type GroupFigures } from '../review/kpi.ts';
import { kpiReport } from '../review/kpi-store.ts';
import { funnelReport } from '../review/store.ts';

const ZONE = 'Asia/Shanghai';
const DAY = 86_400_000;

test('rows: amounts, local times, phones; every error names its row and column; duplicates within the file', () => {
  assert.equal(parseAmount('¥1,299.50'), 129950);
  assert.equal(parseAmount(199), 19900);
  assert.equal(parseAmount('12.345'), null);
  assert.equal(parseAmount('-3'), null);
  assert.equal(normalisePhone('+86 138-0013-8000'), '13800138000');
  assert.equal(normalisePhone('abc'), null);
  assert.equal(parsePaidAt('2026-05-03 14:20', ZONE)!.toISOString(), '2026-05-03T06:20:00.000Z');
  assert.equal(parsePaidAt('2026/5/3', ZONE)!.toISOString(), '2026-05-02T16:00:00.000Z');
  assert.equal(parsePaidAt('2026-05-03T14:20:00Z', ZONE)!.toISOString(), '2026-05-03T14:20:00.000Z');
  assert.equal(parsePaidAt(new Date(Date.UTC(2026, 4, 3, 14, 20)), ZONE)!.toISOString(), '2026-05-03T06:20:00.000Z', 'an Excel cell is wall time');
  assert.equal(parsePaidAt('2026-02-30', ZONE), null);
  assert.equal(parsePaidAt('1999-12-31', ZONE), null);
  const { orders, errors } = readOrderRows([
    { orderId: 'A1', amount: '199', paidAt: '2026-05-03 14:20', phone: '138 0013 8000' },
    { orderId: 'A2', amount: 'free', paidAt: 'yesterday', customerId: 'C1' },
    { orderId: 'A1', amount: '5', paidAt: '2026-05-03', platformUserId: 'u1' },
    { amount: '5', paidAt: '2026-05-03' },
  ], ZONE);
  assert.equal(orders.length, 1);
  assert.deepEqual(orders[0], { orderId: 'A1', amountCents: 19900, currency: 'CNY', paidAt: new Date('2026-05-03T06:20:00Z'), platformUserId: null, phone: '13800138000', customerId: null });
  assert.deepEqual(errors.map((e) => [e.row, e.column]), [[3, 'amount'], [3, 'paid_at'], [4, 'order_id'], [5, 'order_id'], [5, 'customer']]);
  assert.match(errors[0]!.message, /"free" is not an amount/);
  assert.match(errors[2]!.message, /also on row 2/);
  const w = readWebhookOrder({ orderId: 'W1', amount: 10, paidAt: '2026-05-03T10:00:00+08:00', extra: 1 }, ZONE);
  assert.equal(w.order, null);
  assert.ok(w.errors.length > 0);
});

test('files: CSV with a BOM and Chinese headers, XLSX with date cells; a header without order id is one error', async () => {
  const csv = readCsv('\ufeff订单号,金额,支付时间,手机号,备注\nA1,"1,299.00",2026-05-03 14:20,13800138000,"a, b"\n\nA2,5,2026-05-04,,\n');
  assert.deepEqual(csv.errors, []);
  assert.deepEqual(csv.rows.map((r) => [r.row, r.orderId]), [[2, 'A1'], [4, 'A2']]);
  const read = readOrderRows(csv.rows, ZONE);
  assert.deepEqual(read.errors.map((e) => [e.row, e.column]), [[4, 'customer']], 'the blank line keeps the numbering');
  assert.equal(readCsv('amount,paid_at,phone\n1,2026-05-03,1380013\n').errors[0]!.message, 'the header has no order_id (订单号) column');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('订单');
  sheet.addRow(['order_id', 'amount', 'paid_at', 'customer_id']);
  sheet.addRow(['X1', 88.5, new Date(Date.UTC(2026, 4, 3, 9, 0)), 'C-1']);
  const xlsx = await readXlsx(Buffer.from(await book.xlsx.writeBuffer()));
  const rows = readOrderRows(xlsx.rows, ZONE);
  assert.deepEqual(rows.errors, []);
  assert.equal(rows.orders[0]!.amountCents, 8850);
  assert.equal(rows.orders[0]!.paidAt.toISOString(), '2026-05-03T01:00:00.000Z');
  assert.match((await readXlsx(Buffer.from('not a zip'))).errors[0]!.message, /not an XLSX/);
});

test('webhook signature: HMAC over timestamp and body, refused when stale, altered or missing', () => {
  const now = Date.UTC(2026, 4, 3, 12);
  const ts = String(now / 1000);
  const body = '{"orderId":"W1"}';
  const sig = signOrderWebhook('s3cret', ts, body);
  assert.equal(verifyOrderWebhook('s3cret', body, ts, sig, now), 'ok');
  assert.equal(verifyOrderWebhook('s3cret', body, ts, sig, now + 301_000), 'stale', 'a replay after five minutes');
  assert.equal(verifyOrderWebhook('s3cret', `${body} `, ts, sig, now), 'bad_signature');
  assert.equal(verifyOrderWebhook('other', body, ts, sig, now), 'bad_signature');
  assert.equal(verifyOrderWebhook('s3cret', body, String(now / 1000 + 1), sig, now), 'bad_signature', 'the timestamp is signed');
  assert.equal(verifyOrderWebhook('s3cret', body, undefined, sig, now), 'missing');
});

test('matching: a platform user id naming one member, else a mapped phone, else a mapped customer id', () => {
  const ix = { byPlatformUser: new Map([['u1', [7]], ['u2', [8, 9]]]), byPhone: new Map([['13800138000', 5]]), byCustomer: new Map([['C1', 6]]) };
  assert.deepEqual(matchOrder({ platformUserId: 'u1', phone: '13800138000', customerId: null }, ix), { memberId: 7, by: 'platform_user_id' });
  assert.deepEqual(matchOrder({ platformUserId: 'u2', phone: '13800138000', customerId: null }, ix), { memberId: 5, by: 'phone' }, 'ambiguous identity');
  assert.deepEqual(matchOrder({ platformUserId: null, phone: null, customerId: 'C1' }, ix), { memberId: 6, by: 'customer_id' });
  assert.equal(matchOrder({ platformUserId: 'zz', phone: null, customerId: 'C2' }, ix), null);
});

test('attribution: last touch within the window; a push only where the member was; the group from push, join, membership', () => {
  const t: Touches = {
    memberships: [{ groupId: 1, joinedAt: 0, leftAt: null }, { groupId: 2, joinedAt: 5 * DAY, leftAt: 8 * DAY }, { groupId: 3, joinedAt: 2 * DAY, leftAt: null }],
    pushes: [{ pushId: 10, groupId: 1, at: 3 * DAY }, { pushId: 11, groupId: 2, at: 9 * DAY }, { pushId: 12, groupId: 3, at: 1 * DAY }, { pushId: 13, groupId: 1, at: 20 * DAY }],
    codes: [{ codeId: 4, groupId: 3, at: 2 * DAY }],
    referrals: [{ campaignId: 6, groupId: 2, at: 5 * DAY }],
  };
  // Push 11 came after the member left group 2, push 12 before they joined group 3, push 13 after the order.
  assert.deepEqual(attribute(10 * DAY, t, 30), { groupId: 1, groupBy: 'push', pushId: 10, codeId: 4, campaignId: 6 });
  assert.deepEqual(attribute(10 * DAY, t, 6), { groupId: 2, groupBy: 'join', pushId: null, codeId: null, campaignId: 6 }, 'push 10 and code 4 are older than the window');
  assert.deepEqual(attribute(15 * DAY, t, 3), { groupId: 3, groupBy: 'membership', pushId: null, codeId: null, campaignId: null }, 'the group joined last among those still in');
  assert.deepEqual(attribute(1, { memberships: [], pushes: [], codes: [], referrals: [] }, 30), { groupId: null, groupBy: null, pushId: null, codeId: null, campaignId: null });
});

test('ROI per key against costs; a key with a cost and no order is −100%', () => {
  const rows = roiBy([{ key: 1, memberId: 1, amountCents: 30000 }, { key: 1, memberId: 1, amountCents: 10000 }, { key: null, memberId: 2, amountCents: 500 }, { key: 2, memberId: 3, amountCents: 100 }], new Map([[1, 10000], [3, 5000]]));
  assert.deepEqual(rows, [
    { key: 1, orders: 2, buyers: 1, revenueCents: 40000, costCents: 10000, roi: 3 },
    { key: 2, orders: 1, buyers: 1, revenueCents: 100, costCents: null, roi: null },
    { key: 3, orders: 0, buyers: 0, revenueCents: 0, costCents: 5000, roi: -1 },
  ]);
});

test('leaderboard: rates add up over groups, the score is the mean percentile rank, ties share a rank', () => {
  assert.deepEqual(percentileRanks([0.1, null, 0.5, 0.1]), [0.25, null, 1, 0.25]);
  const g = (groupId: number, operatorId: number | null, f: Partial<GroupFigures>): GroupFigures => ({
    groupId, name: `g${groupId}`, operatorId, members: 10, newcomers: 0, w1Eligible: 0, w1Retained: 0, posts: 0, answered: 0, buyers: 0, orders: 0, revenueCents: 0, pushes: 0, pushesSent: 0, activities: 0, ...f,
  });
  const rows = operatorKpis([
    g(1, 1, { w1Eligible: 4, w1Retained: 2, posts: 2, answered: 2, buyers: 1, pushes: 2, pushesSent: 2 }),
    g(2, 1, { w1Eligible: 4, w1Retained: 0, posts: 2, answered: 0, buyers: 0, pushes: 2, pushesSent: 1 }),
    g(3, 2, { w1Eligible: 2, w1Retained: 2, posts: 1, answered: 1, buyers: 5, revenueCents: 100, pushes: 1, pushesSent: 1 }),
    g(4, null, { buyers: 9 }),
  ], [{ userId: 1, name: 'Ada', calendarDue: 2, calendarDone: 1 }, { userId: 2, name: 'Bo', calendarDue: 0, calendarDone: 0 }, { userId: 3, name: 'Cy', calendarDue: 1, calendarDone: 1 }]);
  assert.deepEqual(rows.map((r) => [r.name, r.groups, r.retention.rate, r.responseRate.rate, r.conversion.rate, r.taskCompletion.rate, r.score, r.rank]), [
    ['Bo', 1, 1, 1, 0.5, 1, 100, 1],
    ['Ada', 2, 0.25, 0.5, 0.05, 0.667, 0, 2],
  ], 'Cy has no group; group 4 has no operator');
  assert.deepEqual(rows[1]!.taskCompletion, { done: 4, of: 6, rate: 0.667 }, '3 of 4 pushes sent and 1 of 2 calendar entries done');
});

forEachEngine('orders', (ctx) => {
  let c: Community;
  let owner: Actor, ada: Actor, bo: Actor;
  const ids: Record<string, number> = {};
  const at = (msAgo: number) => new Date(Date.now() - msAgo);
  before(async () => {
    const { db } = ctx();
    c = await seedCommunity(db, 'orders');
    const ws = c.workspaceId;
    const user = async (email: string, name: string, role: string) => {
      const [u] = await db.query<{ id: number }>(`insert into users (email, name, password_hash) values ($1, $2, 'x') returning id`, [email, name]);
      await db.query(`insert into workspace_staff (workspace_id, user_id, role) values ($1, $2, $3)`, [ws, u!.id, role]);
      return Number(u!.id);
    };
    const ownerId = await user('owner@orders.test', 'Owner', 'owner');
    const adaId = await user('ada@orders.test', 'Ada', 'operator');
    const boId = await user('bo@orders.test', 'Bo', 'operator');
    owner = { userId: ownerId, workspaceId: ws, role: 'owner', ip: '127.0.0.1' };
    ada = { userId: adaId, workspaceId: ws, role: 'operator', ip: '127.0.0.1' };
    bo = { userId: boId, workspaceId: ws, role: 'operator', ip: '127.0.0.1' };
    await db.query(`update groups set owner_staff_id = $2 where workspace_id = $1 and id = $3`, [ws, adaId, c.groups['g-a']]);
    await db.query(`update groups set owner_staff_id = $2 where workspace_id = $1 and id = $3`, [ws, boId, c.groups['g-b']]);
    // g-a: a push a day ago (sent) and a failed one; g-b: a push before eve's first message (3 days ago).
    const push = async (g: string, msAgo: number, state: string) => (await db.query<{ id: number }>(
      `insert into pushes (workspace_id, group_id, account_id, text, state, created_at) values ($1, $2, $3, 'news', $4, $5) returning id`, [ws, c.groups[g], c.accountId, state, at(msAgo)]))[0]!.id;
    ids.p1 = Number(await push('g-a', DAY, 'sent'));
    ids.pFailed = Number(await push('g-a', DAY / 2, 'failed'));
    ids.p2 = Number(await push('g-b', 4 * DAY, 'sent'));
    const [code] = await db.query<{ id: number }>(`insert into live_codes (workspace_id, slug, name, source, webhook_secret) values ($1, 'k1', '门店海报', 'shop', 'x') returning id`, [ws]);
    ids.code = Number(code!.id);
    const [eveJoin] = await db.query<{ at: Date }>(`select first_joined_at as at from memberships where workspace_id = $1 and member_id = $2`, [ws, c.members['eve']]);
    await db.query(`insert into code_attributions (workspace_id, code_id, group_id, member_id, source, event_seq, joined_at) values ($1, $2, $3, $4, 'shop', 1, $5)`, [ws, ids.code, c.groups['g-b'], c.members['eve'], eveJoin!.at]);
    const [camp] = await db.query<{ id: number }>(`insert into campaigns (workspace_id, slug, code_id, name, kind, settings, stock, stock_total, starts_at) values ($1, 'c1', $2, '邀好友送券', 'invite', '{}', 10, 10, now() - interval '10 days') returning id`, [ws, ids.code]);
    ids.campaign = Number(camp!.id);
    const [bobJoin] = await db.query<{ at: Date }>(`select first_joined_at as at from memberships where workspace_id = $1 and member_id = $2 and group_id = $3`, [ws, c.members['bob'], c.groups['g-a']]);
    const [part] = await db.query<{ id: number }>(`insert into campaign_participants (workspace_id, campaign_id, member_id, name, token) values ($1, $2, $3, 'Carol', 't1') returning id`, [ws, ids.campaign, c.members['carol']]);
    await db.query(`insert into campaign_referrals (workspace_id, campaign_id, participant_id, inviter_member_id, invitee_member_id, group_id, joined_at, status) values ($1, $2, $3, $4, $5, $6, $7, 'credited')`,
      [ws, ids.campaign, part!.id, c.members['carol'], c.members['bob'], c.groups['g-a'], bobJoin!.at]);
    await db.query(`insert into calendar_entries (workspace_id, day, slot, run_at, layer, theme, kind, assignee_user_id, status, done_at) values
      ($1, (now() at time zone 'Asia/Shanghai')::date - 1, '10:00', now() - interval '1 day', 'basic', '话题', 'task', $2, 'done', now()),
      ($1, (now() at time zone 'Asia/Shanghai')::date - 1, '11:00', now() - interval '1 day', 'basic', '直播准备', 'task', $2, 'planned', null)`, [ws, adaId]);
  });

  const order = (orderId: string, amountCents: number, who: Partial<OrderInput>, msAgo = 3_600_000): OrderInput =>
    ({ orderId, amountCents, currency: 'CNY', paidAt: at(msAgo), platformUserId: null, phone: null, customerId: null, ...who });

  test('an import that fails half-way (in its second thousand) leaves nothing', async () => {
    const { db } = ctx();
    const list = Array.from({ length: 1500 }, (_, i) => order(`bulk-${i}`, 100, { customerId: `x${i}` }));
    list.push(order('bad\u0000id', 100, { customerId: 'x' }));
    await assert.rejects(storeOrders(db, c.workspaceId, 'csv', list));
    const [n] = await db.query<{ n: number }>(`select count(*)::int as n from orders where workspace_id = $1`, [c.workspaceId]);
    assert.equal(n!.n, 0, 'the first 1,000 rows were rolled back with the rest');
  });

  test('orders are matched, attributed to push, code, campaign and group; a mapped customer matches later', async () => {
    const { db } = ctx();
    const ws = c.workspaceId;
    const first = await storeOrders(db, ws, 'csv', [
      order('O-bob', 30000, { platformUserId: 'bob' }),
      order('O-eve', 12000, { platformUserId: 'eve' }),
      order('O-carol', 5000, { customerId: 'CRM-9' }),
    ]);
    assert.deepEqual([first.stored, first.matched, first.unmatched], [3, 2, 1]);
    const again = await storeOrders(db, ws, 'webhook', [order('O-bob', 30000, { platformUserId: 'bob' })]);
    assert.deepEqual([again.stored, again.duplicates, again.duplicateIds], [0, 1, ['O-bob']]);
    assert.deepEqual(await mapCustomer(db, owner, 'customer_id', 'CRM-9', c.members['carol']!), { value: 'CRM-9', matched: 1 });
    await assert.rejects(mapCustomer(db, owner, 'phone', 'abc', c.members['carol']!), /not a phone number/);
    const range = { from: new Date(Date.now() - 5 * DAY).toISOString().slice(0, 10), to: new Date(Date.now() + DAY).toISOString().slice(0, 10) };
    const { orders } = await attributedOrders(db, owner, range);
    const of = (id: string) => orders.find((o) => o.orderId === id)!.attribution;
    assert.deepEqual(of('O-bob'), { groupId: c.groups['g-a'], groupBy: 'push', pushId: ids.p1, codeId: null, campaignId: ids.campaign });
    assert.deepEqual(of('O-eve'), { groupId: c.groups['g-b'], groupBy: 'join', pushId: null, codeId: ids.code, campaignId: null }, 'the g-b push came before eve was in the group');
    assert.deepEqual(of('O-carol'), { groupId: c.groups['g-a'], groupBy: 'push', pushId: ids.p1, codeId: null, campaignId: null });
    // An operator sees the orders of their groups only.
    assert.deepEqual((await attributedOrders(db, bo, range)).orders.map((o) => o.orderId), ['O-eve']);
    // A narrower window: the push (a day ago) no longer counts; bob's referral (2 days ago) neither.
    await updateOrderSettings(db, ws, { windowDays: 1 });
    const narrow = await attributedOrders(db, owner, range);
    assert.equal(narrow.orders.find((o) => o.orderId === 'O-bob')!.attribution.campaignId, null);
    await updateOrderSettings(db, ws, { windowDays: 30 });

    // ROI: the campaign cost 100 yuan and brought 300; g-a cost 500 and brought 350.
    await setCost(db, ws, 'campaign', ids.campaign!, 10000, null);
    await setCost(db, ws, 'group', c.groups['g-a']!, 50000, 'ads');
    await assert.rejects(setCost(db, ws, 'group', 999_999, 1, null), /no such group/);
    const roi = await roiReport(db, owner, range);
    assert.deepEqual(roi.byCampaign.map((r) => [r.name, r.revenueCents, r.costCents, r.roi]), [['邀好友送券', 30000, 10000, 2]]);
    assert.deepEqual(roi.byGroup.map((r) => [r.key, r.revenueCents, r.roi]), [[c.groups['g-a'], 35000, -0.3], [c.groups['g-b'], 12000, null]]);
    assert.deepEqual(roi.byCode.map((r) => [r.name, r.orders]), [['门店海报', 1]]);
    assert.deepEqual(roi.totals, { orders: 3, revenueCents: 47000, buyers: 3, unmatched: 0, attributedToGroup: 3 });
    const boRoi = await roiReport(db, bo, range);
    assert.deepEqual(boRoi.byGroup.map((r) => r.key), [c.groups['g-b']]);

    // The funnel's converted step: bob (referral), carol (post) and eve (invite) bought after joining.
    const funnel = await funnelReport(db, owner, { from: new Date(Date.now() - 30 * DAY).toISOString().slice(0, 10), to: range.to });
    const conv = Object.fromEntries(funnel.bySource.map((r) => [r.key, [r.joined, r.converted]]));
    assert.deepEqual(conv, { qr_code: [2, 0], referral: [1, 1], post: [1, 1], invite: [1, 1] });
    assert.equal(funnel.converted.members, 3);

    // KPIs: Ada's g-a (3 members, 2 buyers; 1 of 2 pushes sent + 1 of 2 tasks done), Bo's g-b (1 of 1).
    const kpi = await kpiReport(db, owner, range);
    const ga = kpi.groups.find((g) => g.groupId === c.groups['g-a'])!;
    assert.deepEqual([ga.operatorName, ga.members, ga.buyers, ga.conversion, ga.pushes, ga.pushesSent, ga.taskCompletion], ['Ada', 3, 2, 0.667, 2, 1, 0.5]);
    assert.deepEqual(kpi.operators.map((o) => [o.name, o.groups, o.conversion.rate, o.taskCompletion.done, o.taskCompletion.of, o.revenueCents]), [
      ['Bo', 1, 1, 1, 1, 12000], ['Ada', 1, 0.667, 2, 4, 35000],
    ]);
    assert.deepEqual(kpi.operators.map((o) => o.rank), [1, 2]);
    const mine = await kpiReport(db, ada, range);
    assert.deepEqual([mine.groups.map((g) => g.groupId), mine.operators.map((o) => o.name)], [[c.groups['g-a']], ['Ada']]);
  });
});
