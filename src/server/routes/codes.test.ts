import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { fakeRuntime, LinkingConnector } from '../../../test/support/acquisition.ts';
import { signedIn, type Client } from '../../../test/support/auth.ts';
import { seedCommunity, type Community } from '../../../test/support/community.ts';
import { forEachEngine } from '../../../test/support/engines.ts';
import { testServer } from '../../../test/support/server.ts';
import { signBody } from '../../acquisition/threshold.ts';
import ExcelJS from 'exceljs';

// jsqr is CommonJS: its function is the module itself at run time, `.default` in its types.
const jsQR = ((jsQRModule as unknown as { default?: unknown }).default ?? jsQRModule) as typeof jsQRModule.default;

function decodeQr(png: Buffer): string | undefined {
  const img = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(img.data), img.width, img.height)?.data;
}

/** The value of a Set-Cookie of a response. */
function cookieOf(res: { headers: Record<string, unknown> }, name: string): string | undefined {
  const raw = res.headers['set-cookie'];
  const all = Array.isArray(raw) ? raw : raw ? [String(raw)] : [];
  return all.map((c) => String(c).split(';')[0]!).find((c) => c.startsWith(`${name}=`))?.slice(name.length + 1);
}

forEachEngine('live codes api', (ctx) => {
  let server: Awaited<ReturnType<typeof testServer>>;
  let c: Community;
  let owner: Client;
  const platform = new LinkingConnector('sandbox');
  before(async () => {
    c = await seedCommunity(ctx().db, 'codes-api');
    server = await testServer(ctx().db, undefined, undefined, { runtime: fakeRuntime(new Map([[c.accountId, platform]])), env: { PUBLIC_URL: 'https://qy.example' } });
    owner = await signedIn(server.app, ctx().db, c.workspaceId, 'owner');
  });
  after(async () => { await server.close(); });

  test('a group code routes visitors from its page, keeps a returning visitor\'s seat, opens the next group from its template, and its QR decodes to its page', async () => {
    const created = await owner.send('POST', '/api/codes', {
      name: '读书会活码', source: 'shop', firstPhase: 2, sweetSpotMin: 2, sweetSpotMax: 3, hardCap: 3,
      template: { accountId: c.accountId, namePattern: '读书会 {n} 群', rules: '群规：友善交流', welcome: '欢迎！', admins: [] },
    });
    const id = created.code.id;
    assert.equal(created.code.url, `https://qy.example/c/${created.code.slug}`);
    const withGroup = await owner.send('POST', `/api/codes/${id}/groups`, { groupId: c.groups['g-c'] });
    assert.equal(withGroup.pool.length, 1);
    assert.match(withGroup.pool[0].linkUrl, /^https:\/\/t\.me\/\+/);

    const page = await server.app.inject({ method: 'GET', url: `/c/${created.code.slug}?s=poster` });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /加入群聊/);
    assert.ok(page.body.includes(withGroup.pool[0].linkUrl), 'the page hands out the group\'s link');
    const visitor = cookieOf(page, 'qy_v');
    assert.ok(visitor);
    const again = await server.app.inject({ method: 'GET', url: `/c/${created.code.slug}`, headers: { cookie: `qy_v=${visitor}` } });
    assert.equal(again.statusCode, 200);
    const english = await server.app.inject({ method: 'GET', url: `/c/${created.code.slug}?lang=en`, headers: { cookie: `qy_v=${visitor}` } });
    assert.match(english.body, /Join the group/);
    // The second newcomer fills the first phase of the only group: the next one is opened in the background.
    const second = (await server.app.inject({ method: 'GET', url: `/api/public/codes/${created.code.slug}/route?v=visitor-two` })).json();
    assert.equal(second.kind, 'group');
    let detail = await owner.get(`/api/codes/${id}`);
    for (let i = 0; i < 200 && detail.pool.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 50));
      detail = await owner.get(`/api/codes/${id}`);
    }
    assert.equal(detail.pool.length, 2, 'the next group was opened');
    assert.equal(detail.pool[1].name, '读书会 2 群');
    assert.equal(detail.pool[1].opened, true);
    assert.equal(detail.figures.groupsOpened, 1);
    assert.deepEqual(detail.figures.bySource.map((s: { source: string; routed: number }) => [s.source, s.routed]).sort(), [['poster', 1], ['shop', 1]]);
    // The group enters the pool before its rules are enqueued: wait for both (the opening runs in the background).
    const introOf = () => ctx().db.query<{ payload: { text: string } }>(`select payload from outbox_actions where workspace_id = $1 and origin = $2`, [c.workspaceId, `acquisition:code:${id}`]);
    let intro = await introOf();
    for (let i = 0; i < 100 && intro.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      intro = await introOf();
    }
    assert.equal(intro.length, 1, 'the rules and welcome go out once, through the outbox');
    assert.match(intro[0]!.payload.text, /群规/);
    const third = (await server.app.inject({ method: 'GET', url: `/api/public/codes/${created.code.slug}/route?v=visitor-three` })).json();
    assert.equal(third.groupId, detail.pool[1].groupId, 'fill-first: the new group is below the first phase');

    const png = await server.app.inject({ method: 'GET', url: `/api/codes/${id}/qr.png?s=shop_12`, headers: owner.headers });
    assert.equal(png.headers['content-type'], 'image/png');
    assert.equal(decodeQr(png.rawPayload), `https://qy.example/c/${created.code.slug}?s=shop_12`);
    const svg = await server.app.inject({ method: 'GET', url: `/api/codes/${id}/qr.svg`, headers: owner.headers });
    assert.match(svg.body, /^<svg/);

    await owner.send('PATCH', `/api/codes/${id}`, { status: 'paused' });
    const paused = await server.app.inject({ method: 'GET', url: `/c/${created.code.slug}` });
    assert.match(paused.body, /此活码已暂停/);
    assert.equal((await server.app.inject({ method: 'GET', url: '/c/nope-nope' })).statusCode, 404);
  });

  test('the join route: validated as its schema says, sessionless, with the security headers and an honest Server-Timing', async () => {
    const created = await owner.send('POST', '/api/codes', { name: '校验活码', source: 'shop', firstPhase: 50, sweetSpotMin: 50, sweetSpotMax: 50, hardCap: 50 });
    await owner.send('POST', `/api/codes/${created.code.id}/groups`, { groupId: c.groups['g-a'] });
    const slug = created.code.slug;
    const route = (query: string, headers: Record<string, string> = {}) => server.app.inject({ method: 'GET', url: `/api/public/codes/${slug}/route${query}`, headers });
    const seated = await route('?v=visitor-valid&s=poster&lang=en&extra=ignored', { cookie: owner.headers.cookie! });
    assert.equal(seated.statusCode, 200, seated.body);
    assert.deepEqual(Object.keys(seated.json()).sort(), ['groupId', 'kind', 'reservationId', 'url']);
    assert.equal(seated.json().kind, 'group');
    // Sessionless: no CSRF cookie handed out, no session renewed, even for a signed-in operator; the visitor id was given.
    assert.equal(seated.headers['set-cookie'], undefined);
    assert.match(String(seated.headers['server-timing']), /^route;dur=\d+\.\d\d$/);
    const headers = await server.app.inject({ url: '/api/session' });
    for (const name of ['content-security-policy', 'x-frame-options', 'x-content-type-options', 'referrer-policy', 'strict-transport-security', 'cross-origin-opener-policy']) {
      assert.equal(seated.headers[name], headers.headers[name], name);
      assert.ok(seated.headers[name], name);
    }
    // What the zod schemas refuse is refused, with their 400 (the plain checks only let valid requests through sooner).
    for (const bad of ['?v=short', '?v=visitor-valid&v=visitor-other', `?s=${'x'.repeat(65)}`, '?lang=fr', '?v=visitor%20space']) {
      const res = await route(bad);
      assert.equal(res.statusCode, 400, bad);
      assert.equal(res.json().error, 'bad_request', bad);
    }
    for (const bad of [`/api/public/codes/${'x'.repeat(33)}/route`, '/api/public/codes/a!bcd/route', '/c/a!bcd']) {
      assert.equal((await server.app.inject({ method: 'GET', url: bad })).statusCode, 400, bad);
    }
    // Without ?v= a visitor cookie is given (the only cookie); the read-only endpoint still hands out the page's CSRF cookie.
    const fresh = await route('');
    assert.ok(cookieOf(fresh, 'qy_v'));
    assert.equal(cookieOf(fresh, 'qy_csrf'), undefined);
    assert.ok(cookieOf(await server.app.inject({ method: 'GET', url: `/api/public/codes/${slug}` }), 'qy_csrf'));
  });

  test('thresholds: the form and approval queue, and a paid code let in by a signed, idempotent shop webhook', async () => {
    const approval = (await owner.send('POST', '/api/codes', {
      name: '审核群', source: 'shop', threshold: { kind: 'approval', questions: [{ key: 'city', label: '城市', required: true, tagPrefix: '城市:' }] },
    })).code;
    await owner.send('POST', `/api/codes/${approval.id}/groups`, { groupId: c.groups['g-b'] });
    const first = await server.app.inject({ method: 'GET', url: `/c/${approval.slug}` });
    assert.match(first.body, /管理员审核/);
    const csrfRes = await server.app.inject({ method: 'GET', url: `/api/public/codes/${approval.slug}` });
    const csrf = cookieOf(csrfRes, 'qy_csrf')!;
    const post = (payload: object) => server.app.inject({ method: 'POST', url: `/api/public/codes/${approval.slug}/entries`, headers: { cookie: `qy_csrf=${csrf}`, 'x-csrf-token': csrf }, payload });
    assert.equal((await post({ name: '李四', answers: {} })).statusCode, 400);
    const sent = await post({ name: '李四', answers: { city: '北京' } });
    assert.equal(sent.statusCode, 201, sent.body);
    assert.equal(sent.json().status, 'pending');
    const entryToken = cookieOf(sent, `qy_e${approval.id}`)!;
    const waiting = await server.app.inject({ method: 'GET', url: `/c/${approval.slug}`, headers: { cookie: `qy_e${approval.id}=${entryToken}` } });
    assert.match(waiting.body, /等待管理员审核/);
    const queue = await owner.get('/api/code-entries');
    const mine = queue.items.find((e: { name: string }) => e.name === '李四');
    assert.deepEqual(mine.answers, { city: '北京' });
    assert.deepEqual((await owner.send('POST', `/api/code-entries/${mine.id}/approve`, {})), { status: 'passed' });
    const admitted = await server.app.inject({ method: 'GET', url: `/c/${approval.slug}`, headers: { cookie: `qy_e${approval.id}=${entryToken}` } });
    assert.match(admitted.body, /加入群聊/);

    const paid = (await owner.send('POST', '/api/codes', { name: '付费群', source: 'shop', threshold: { kind: 'paid', priceCents: 9900, currency: 'CNY', shopUrl: 'https://shop.example/item/1' } })).code;
    const detail = await owner.get(`/api/codes/${paid.id}`);
    const secret = (await ctx().db.query<{ s: string }>('select webhook_secret as s from live_codes where id = $1', [paid.id]))[0]!.s;
    const buy = await server.app.inject({ method: 'POST', url: `/api/public/codes/${paid.slug}/entries`, headers: { cookie: `qy_csrf=${csrf}`, 'x-csrf-token': csrf }, payload: { name: '王五', answers: {} } });
    assert.equal(buy.statusCode, 201);
    const shopUrl = new URL(buy.json().shopUrl);
    const token = shopUrl.searchParams.get('entry')!;
    assert.equal(shopUrl.origin + shopUrl.pathname, 'https://shop.example/item/1');
    const body = JSON.stringify({ orderId: 'T-1001', entryToken: token, amountCents: 9900, currency: 'CNY', paidAt: new Date().toISOString() });
    const hook = (b: string, sig: string) => server.app.inject({ method: 'POST', url: new URL(detail.webhookUrl).pathname, headers: { 'content-type': 'application/json', 'x-qunyun-signature': sig }, payload: b });
    assert.equal((await hook(body, signBody('wrong', body))).statusCode, 401);
    const bad = JSON.stringify({ orderId: 'x' });
    assert.equal((await hook(bad, signBody(secret, bad))).statusCode, 400);
    assert.deepEqual((await hook(body, signBody(secret, body))).json(), { outcome: 'passed' });
    assert.deepEqual((await hook(body, signBody(secret, body))).json(), { outcome: 'duplicate' });
    const byHand = await owner.send('POST', `/api/codes/${paid.id}/orders`, { orderId: 'T-1001', entryId: (await ctx().db.query<{ id: number }>('select id from code_entries where token = $1', [token]))[0]!.id, amountCents: 9900 });
    assert.deepEqual(byHand, { outcome: 'duplicate' });
  });

  test('every operator action on codes is in the audit log, in words', async () => {
    const actions = (await ctx().db.query<{ action: string }>('select distinct action from audit_log where workspace_id = $1', [c.workspaceId])).map((r) => r.action);
    for (const a of ['code.create', 'code.group.add', 'code.update', 'code.entry.approve', 'code.order.enter']) assert.ok(actions.includes(a), a);
    const page = await owner.get('/api/audit?limit=50');
    const labels = page.items.filter((e: { action: string }) => e.action === 'code.create').map((e: { targetLabel: string }) => e.targetLabel);
    assert.deepEqual(labels.sort(), ['付费群', '审核群', '校验活码', '读书会活码'].sort(), 'entries name the codes');
  });

  test('staff statements as JSON, CSV and XLSX, for admins only', async () => {
    const month = new Date().toISOString().slice(0, 7);
    const json = await owner.get(`/api/staff-statements?month=${month}`);
    assert.equal(json.month, month);
    const csv = await server.app.inject({ method: 'GET', url: `/api/staff-statements.csv?month=${month}`, headers: owner.headers });
    assert.equal(csv.statusCode, 200);
    assert.match(csv.body, /^\uFEFF月份,员工/);
    const xlsx = await server.app.inject({ method: 'GET', url: `/api/staff-statements.xlsx?month=${month}&lang=en`, headers: owner.headers });
    assert.equal(xlsx.statusCode, 200);
    assert.match(String(xlsx.headers['content-type']), /spreadsheetml/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    assert.deepEqual(book.worksheets.map((w) => w.name), ['Staff statement', 'By source']);
    assert.deepEqual((book.worksheets[0]!.getRow(1).values as unknown[]).slice(1), ['Month', 'Staff', 'Joins', 'Credited', 'Pending', 'Lost', 'Credit']);
    assert.equal(book.worksheets[0]!.rowCount - 1, json.lines.length, 'a row per staff member');
    const viewer = await signedIn(server.app, ctx().db, c.workspaceId, 'viewer');
    assert.equal((await viewer.inject({ method: 'GET', url: `/api/staff-statements?month=${month}` })).statusCode, 403);
    assert.equal((await viewer.inject({ method: 'GET', url: `/api/staff-statements.xlsx?month=${month}` })).statusCode, 403);
    assert.equal((await viewer.inject({ method: 'POST', url: '/api/codes', payload: { name: 'x', source: 'y' } })).statusCode, 403);
  });
});
