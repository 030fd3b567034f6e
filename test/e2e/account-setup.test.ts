/**
 * Account set-up against hostile input, through Qunyun's real HTTP server (serve's stack): URLs
 * that point into the server's own network in every spelling are refused before any request is
 * made (SSRF), redirects are not followed, a closed, an open and a non-HTTP port read the same;
 * malformed tokens, corp IDs and URLs are 400s naming the field; and in every failing flow —
 * wrong token, unreachable server, polling that fails, a database insert that fails, WeCom
 * refusing — no secret appears in any answer or any log line.
 */
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { createLogger, startStack, type Stack } from '../../src/cli/stack.ts';
import { loadConfig } from '../../src/config.ts';
import { createFakeArchiveSidecar, type FakeArchiveSidecar } from '../fakes/wecom/fake-archive-sidecar.ts';
import { createFakeWecom, type FakeWecom } from '../fakes/wecom/fake-server.ts';
import { AES_KEY, CALLBACK_TOKEN } from '../fakes/wecom/test-kit.ts';
import { startFakeBotApi, type FakeBotApi } from '../fakes/telegram/fake-bot-api.ts';
import { forEachEngine } from '../support/engines.ts';
import { eventually, signInOwner, type Answer, type ApiClient } from './client.ts';

const INTERNAL_PAGE = 'INTERNAL-ADMIN-PAGE: db password hunter2';

async function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

forEachEngine('account set-up: SSRF, secrets, bad input', (t) => {
  let fake: FakeBotApi;
  let pollFake: FakeBotApi;
  let wecom: FakeWecom;
  let wecomUrl: string;
  let sidecar: FakeArchiveSidecar;
  let stack: Stack;
  let api: ApiClient;
  let internalHits = 0;
  let internalPort: number;
  let redirectPort: number;
  let htmlPort: number;
  let garbagePort: number;
  let closedPort: number;
  const rawSockets = new Set<Socket>();
  const logs: string[] = [];
  const answers: string[] = [];
  // A page only the server's own network should see.
  const internal = createHttpServer((_req, res) => { internalHits++; res.end(INTERNAL_PAGE); });
  const redirect = createHttpServer((_req, res) => { res.statusCode = 302; res.setHeader('location', `http://127.0.0.1:${internalPort}/`); res.end(); });
  const html = createHttpServer((_req, res) => { res.setHeader('content-type', 'text/html'); res.end('<html>router admin</html>'); });
  const garbage = createTcpServer((s) => { rawSockets.add(s); s.on('error', () => {}); s.end('SSH-2.0-OpenSSH_9.6\r\n'); });
  const wrongToken = '987654321:WRONG-token-but-shaped-like-one-xyz';

  before(async () => {
    fake = await startFakeBotApi({ limits: false });
    pollFake = await startFakeBotApi({ token: '555555555:POLLING-token-shaped-like-a-real-one', limits: false });
    wecom = createFakeWecom();
    wecomUrl = await wecom.listen();
    sidecar = createFakeArchiveSidecar([]);
    const sidecarUrl = await sidecar.listen();
    internalPort = await listen(internal);
    redirectPort = await listen(redirect);
    htmlPort = await listen(html);
    garbagePort = await listen(garbage);
    const probe = createTcpServer();
    closedPort = await listen(probe);
    await new Promise((r) => probe.close(r));
    // Loopback is opened port by port, as an operator would for a self-hosted Bot API server;
    // the internal page's port is not among them.
    const allowed = [fake.url, pollFake.url, wecomUrl, sidecarUrl].map((u) => new URL(u).host)
      .concat([redirectPort, htmlPort, garbagePort, closedPort].map((p) => `127.0.0.1:${p}`));
    const config = loadConfig({ LOG_LEVEL: 'debug', OUTBOUND_ALLOW_PRIVATE: allowed.join(',') });
    const sink = new Writable({ write(chunk, _enc, done) { logs.push(String(chunk)); done(); } });
    stack = await startStack(config, {
      host: '127.0.0.1', port: 0, worker: false, db: t().db, logger: createLogger(config, sink),
      connectorOptions: { telegram: { retryDelayMs: 10 }, wecom: { client: { sleep: async () => {}, random: () => 1 } } },
    });
    const client = await signInOwner(stack.url);
    // Every answer is kept, to be searched for secrets at the end.
    const keep = async (a: Promise<Answer>) => { const r = await a; answers.push(r.text); return r; };
    api = {
      request: (m, p, b) => keep(client.request(m, p, b)),
      get: (p) => keep(client.get(p)),
      post: (p, b) => keep(client.post(p, b)),
      patch: (p, b) => keep(client.patch(p, b)),
    };
  });
  after(async () => {
    await stack?.stop();
    for (const s of rawSockets) s.destroy();
    for (const s of [internal, redirect, html]) s.closeAllConnections();
    for (const s of [internal, redirect, html, garbage]) await new Promise((r) => s.close(r));
    await sidecar?.close();
    await wecom?.close();
    await pollFake?.close();
    await fake?.close();
  });

  const loopback = () => [
    `http://127.0.0.1:${internalPort}`, `http://127.1:${internalPort}`, `http://0x7f000001:${internalPort}`,
    `http://2130706433:${internalPort}`, `http://[::1]:${internalPort}`, `http://[::ffff:127.0.0.1]:${internalPort}`,
    `http://localhost.:${internalPort}`, `http://0.0.0.0:${internalPort}`, 'http://169.254.169.254', 'http://10.0.0.1',
  ];

  test('URLs into the server\'s own network are refused in every spelling, before any request', async () => {
    const wecomBase = { platform: 'wecom', name: 'Corp', corpId: wecom.corpId, secret: wecom.secret, token: CALLBACK_TOKEN, encodingAesKey: AES_KEY };
    for (const root of loopback()) {
      const attempts = [
        api.post('/api/accounts/telegram/check', { token: fake.token, apiRoot: root }),
        api.post('/api/accounts', { platform: 'telegram', token: fake.token, apiRoot: root, mode: 'webhook' }),
        api.post('/api/accounts', { ...wecomBase, apiRoot: root }),
        api.post('/api/accounts', { ...wecomBase, apiRoot: wecomUrl, archive: { sidecarUrl: root } }),
        api.post('/api/accounts', { platform: 'sandbox', baseUrl: root, token: 'sandbox-token' }),
      ];
      for (const r of await Promise.all(attempts)) {
        assert.equal(r.status, 422, `${root}: ${r.text}`);
        assert.equal(r.body.error, 'platform_refused');
        assert.match(r.body.message, /refused: .*(loopback|private|link-local|unspecified|metadata)/, root);
      }
    }
    assert.equal(internalHits, 0, 'nothing reached the internal page');
    const accounts = await api.get('/api/accounts');
    assert.equal(accounts.body.total, 0, 'no account was stored');
  });

  test('redirects are not followed; a closed, an open non-HTTP and a non-Bot-API port read the same', async () => {
    const viaRedirect = await api.post('/api/accounts/telegram/check', { token: fake.token, apiRoot: `http://127.0.0.1:${redirectPort}` });
    const wecomRedirect = await api.post('/api/accounts', {
      platform: 'wecom', name: 'Corp', corpId: wecom.corpId, secret: wecom.secret, token: CALLBACK_TOKEN, encodingAesKey: AES_KEY, apiRoot: `http://127.0.0.1:${redirectPort}`,
    });
    assert.equal(internalHits, 0, 'the redirect to the internal page was not followed');
    assert.equal(viaRedirect.status, 502, viaRedirect.text);
    assert.equal(wecomRedirect.status, 502, wecomRedirect.text);
    assert.ok(!wecomRedirect.text.includes('INTERNAL') && !viaRedirect.text.includes('INTERNAL'));

    const answersFor = await Promise.all([closedPort, garbagePort, htmlPort, redirectPort].map((p) =>
      api.post('/api/accounts/telegram/check', { token: fake.token, apiRoot: `http://127.0.0.1:${p}` })));
    for (const a of answersFor) assert.equal(a.status, 502, a.text);
    assert.equal(new Set(answersFor.map((a) => a.body.message)).size, 1, answersFor.map((a) => a.body.message).join(' | '));
    assert.match(answersFor[0]!.body.message, /could not reach the Bot API server/);
    assert.ok(answersFor.every((a) => !a.text.includes('router admin') && !/ECONN|socket|Parse Error/i.test(a.text)));
  });

  test('malformed tokens, corp IDs and URLs are 400s naming the field; a trailing slash is fine', async () => {
    const cases: Array<[string, unknown, string]> = [
      ['/api/accounts/telegram/check', { token: 'not-a-token', apiRoot: fake.url }, 'body.token'],
      ['/api/accounts/telegram/check', { token: '123:short', apiRoot: fake.url }, 'body.token'],
      ['/api/accounts/telegram/check', { token: '123456789:AAAAAAAAAAAAAAAAAAAAAA/../../x', apiRoot: fake.url }, 'body.token'],
      ['/api/accounts', { platform: 'telegram', token: 'abc', mode: 'polling', apiRoot: fake.url }, 'body.token'],
      ['/api/accounts/telegram/check', { token: fake.token, apiRoot: `${fake.url}#` }, 'body.apiRoot'],
      ['/api/accounts/telegram/check', { token: fake.token, apiRoot: `${fake.url}/?x=` }, 'body.apiRoot'],
      ['/api/accounts/telegram/check', { token: fake.token, apiRoot: `http://user:pw@${new URL(fake.url).host}` }, 'body.apiRoot'],
      ['/api/accounts', { platform: 'wecom', name: 'C', corpId: 'ww corp&x=1', secret: 's', token: 't', encodingAesKey: AES_KEY, apiRoot: wecomUrl }, 'body.corpId'],
      ['/api/accounts', { platform: 'wecom', name: 'C', corpId: 'ww%2F..', secret: 's', token: 't', encodingAesKey: AES_KEY, apiRoot: wecomUrl }, 'body.corpId'],
    ];
    for (const [path, body, field] of cases) {
      const r = await api.post(path, body);
      assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.text}`);
      assert.ok(r.body.issues?.some((i: { path: string }) => i.path === field), `${field}: ${r.text}`);
    }
    const slash = await api.post('/api/accounts/telegram/check', { token: fake.token, apiRoot: `${fake.url}/` });
    assert.equal(slash.status, 200, slash.text);
  });

  test('no secret in any answer or log line: wrong token, unreachable server, failing polling, failing insert, WeCom refusing', async () => {
    const wrong = await api.post('/api/accounts/telegram/check', { token: wrongToken, apiRoot: fake.url });
    assert.equal(wrong.status, 422, wrong.text);
    const unreachable = await api.post('/api/accounts/telegram/check', { token: fake.token, apiRoot: `http://127.0.0.1:${closedPort}` });
    assert.equal(unreachable.status, 502, unreachable.text);
    const unreachableCreate = await api.post('/api/accounts', { platform: 'telegram', token: fake.token, apiRoot: `http://127.0.0.1:${closedPort}`, mode: 'webhook' });
    assert.equal(unreachableCreate.status, 502, unreachableCreate.text);

    // An insert the database refuses: its error carries the statement's parameters (the config).
    await t().db.query(`alter table platform_accounts add constraint test_refuse_boom check (name <> 'boom')`);
    try {
      const failed = await api.post('/api/accounts', { platform: 'telegram', name: 'boom', token: fake.token, apiRoot: fake.url, mode: 'webhook' });
      assert.equal(failed.status, 500, failed.text);
      const wecomFailed = await api.post('/api/accounts', {
        platform: 'wecom', name: 'boom', corpId: wecom.corpId, secret: wecom.secret, token: CALLBACK_TOKEN, encodingAesKey: AES_KEY, apiRoot: wecomUrl,
      });
      assert.equal(wecomFailed.status, 500, wecomFailed.text);
    } finally {
      await t().db.query('alter table platform_accounts drop constraint test_refuse_boom');
    }
    await eventually('the failed insert to be logged', async () => (logs.some((l) => /request failed/.test(l)) ? true : undefined));

    // WeCom refusing a wrong secret, and WeCom busy.
    const wecomBase = { platform: 'wecom', name: 'Corp', corpId: wecom.corpId, token: CALLBACK_TOKEN, encodingAesKey: AES_KEY, apiRoot: wecomUrl };
    const wrongSecret = 'not-the-wecom-secret-at-all';
    const refused = await api.post('/api/accounts', { ...wecomBase, secret: wrongSecret });
    assert.equal(refused.status, 422, refused.text);
    wecom.failNext('gettoken', -1);
    const busy = await api.post('/api/accounts', { ...wecomBase, secret: wecom.secret });
    assert.ok(busy.status >= 400, busy.text);

    // A polling bot whose Bot API server goes away: every getUpdates fails and is logged.
    const polling = await api.post('/api/accounts', { platform: 'telegram', token: pollFake.token, apiRoot: pollFake.url, mode: 'polling' });
    assert.equal(polling.status, 201, polling.text);
    await pollFake.close();
    await eventually('a failed getUpdates to be logged', async () => (logs.some((l) => /getUpdates failed/.test(l)) ? true : undefined));
    await api.patch(`/api/accounts/${polling.body.id}`, { enabled: false });

    const created = await api.post('/api/accounts', { platform: 'telegram', token: fake.token, apiRoot: fake.url, mode: 'webhook' });
    assert.equal(created.status, 201, created.text);
    const stored = await t().db.query<{ config: Record<string, string> }>('select config from platform_accounts');
    const secrets = [
      fake.token, pollFake.token, wrongToken, wecom.secret, wrongSecret, CALLBACK_TOKEN, AES_KEY,
      ...stored.flatMap((r) => [r.config.secretToken, r.config.token]).filter((s): s is string => typeof s === 'string'),
    ];
    // The token's secret half alone counts too (a URL may split it differently).
    const needles = [...new Set([...secrets, ...[fake.token, pollFake.token, wrongToken].map((tk) => tk.split(':')[1]!)])];
    assert.ok(logs.length > 0);
    for (const [where, texts] of [['answers', answers], ['logs', logs]] as const) {
      const all = texts.join('\n');
      for (const s of needles) assert.ok(!all.includes(s), `${where} contain a secret (${s.slice(0, 4)}…): ${texts.find((x) => x.includes(s))?.slice(0, 600)}`);
      assert.ok(!/"secretToken\\?":\s*\\?"[A-Za-z0-9_-]{16,}/.test(all), `${where} contain a webhook secret`);
      assert.ok(!all.includes(INTERNAL_PAGE));
    }
  });
});
