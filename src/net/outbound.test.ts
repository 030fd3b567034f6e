import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../config.ts';
import { parseIp, refusedBecause } from './addresses.ts';
import { createOutbound, operatorUrl, OutboundError, parseAllowList, UNREACHABLE } from './outbound.ts';

async function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

describe('outbound guard', () => {
  let hits = 0;
  let port: number;
  let redirectHits = 0;
  let redirectPort: number;
  let garbagePort: number;
  let closedPort: number;
  const target = createHttpServer((req, res) => { hits++; res.setHeader('content-type', 'application/json'); res.end(JSON.stringify({ ok: true, path: req.url })); });
  const redirecting = createHttpServer((_req, res) => { redirectHits++; res.statusCode = 302; res.setHeader('location', `http://127.0.0.1:${port}/inside`); res.end(); });
  const raw = new Set<import('node:net').Socket>();
  const garbage = createTcpServer((s) => { raw.add(s); s.on('error', () => {}); s.end('SSH-2.0-OpenSSH_9.6\r\n'); });

  before(async () => {
    port = await listen(target);
    redirectPort = await listen(redirecting);
    garbagePort = await listen(garbage);
    const probe = createTcpServer();
    closedPort = await listen(probe);
    await new Promise((r) => probe.close(r));
  });
  after(async () => {
    target.closeAllConnections();
    redirecting.closeAllConnections();
    for (const s of raw) s.destroy();
    for (const s of [target, redirecting, garbage]) await new Promise((r) => s.close(r));
  });

  const refusal = (e: unknown) => e instanceof OutboundError && e.refused && /^refused: /.test(e.message);

  test('loopback in every spelling is refused by default, and nothing reaches it', async () => {
    const guard = createOutbound();
    const spellings = [
      `http://127.0.0.1:${port}/`, `http://127.1:${port}/`, `http://0x7f000001:${port}/`, `http://2130706433:${port}/`,
      `http://0177.0.0.1:${port}/`, `http://[::1]:${port}/`, `http://[::ffff:127.0.0.1]:${port}/`, `http://[0:0:0:0:0:ffff:7f00:1]:${port}/`,
      `http://localhost:${port}/`, `http://localhost.:${port}/`, `http://LOCALHOST:${port}/`, `http://api.localhost:${port}/`,
      `http://0.0.0.0:${port}/`, `http://0:${port}/`, `http://[::]:${port}/`, `http://[64:ff9b::127.0.0.1]:${port}/`,
    ];
    for (const url of spellings) {
      await assert.rejects(guard.fetch(url), refusal, url);
      await assert.rejects(guard.check(url), refusal, url);
    }
    assert.equal(hits, 0);
  });

  test('private, CGNAT, link-local, metadata, multicast and reserved addresses are refused', async () => {
    const guard = createOutbound({ allow: parseAllowList('127.0.0.0/8') });
    for (const url of [
      'http://10.1.2.3/', 'http://172.16.0.1/', 'http://172.31.255.255/', 'http://192.168.1.1/', 'http://100.64.0.1/',
      'http://169.254.169.254/latest/meta-data/', 'http://[fe80::1]/', 'http://[fd00::1]/', 'http://[fc00::1]/',
      'http://224.0.0.1/', 'http://255.255.255.255/', 'http://[ff02::1]/', 'http://[::ffff:10.0.0.1]/', 'http://[::ffff:a9fe:a9fe]/',
      'http://metadata.google.internal/computeMetadata/v1/', 'http://metadata/', 'http://instance-data/',
    ]) {
      await assert.rejects(guard.fetch(url), refusal, url);
    }
    // Metadata stays refused even inside an allowed range.
    const wide = createOutbound({ allow: parseAllowList('169.254.0.0/16') });
    await assert.rejects(wide.fetch('http://169.254.169.254/'), /cloud metadata/);
    for (const ip of ['8.8.8.8', '2001:4860:4860::8888', '172.32.0.1', '100.128.0.1']) assert.equal(refusedBecause(parseIp(ip)!), undefined, ip);
  });

  test('a host name is checked at the lookup the socket uses: any private address refuses it, the checked address is the one connected to', async () => {
    const lookups: string[] = [];
    const resolve = async (host: string) => {
      lookups.push(host);
      if (host === 'mixed.example') return [{ address: '93.184.216.34', family: 4 }, { address: '127.0.0.1', family: 4 }];
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const strict = createOutbound({ resolve });
    await assert.rejects(strict.fetch(`http://rebind.example:${port}/`), /rebind\.example is a loopback address/);
    await assert.rejects(strict.fetch(`http://mixed.example:${port}/`), /mixed\.example is a loopback address/);
    assert.equal(hits, 0);

    lookups.length = 0;
    const allowed = createOutbound({ resolve, allow: parseAllowList(`botapi.example:${port}`) });
    const res = await allowed.fetch(`http://botapi.example:${port}/x?y=1`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { ok: true, path: '/x?y=1' });
    assert.deepEqual(lookups, ['botapi.example'], 'one lookup: the one checked is the one connected to');
    assert.equal(hits, 1);
  });

  test('OUTBOUND_ALLOW_PRIVATE opens exactly what it names', async () => {
    const one = createOutbound({ allow: parseAllowList(`127.0.0.1:${port}`) });
    const r = await one.fetch(`http://127.0.0.1:${port}/ok`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    assert.equal(r.status, 200);
    await assert.rejects(one.fetch(`http://127.0.0.1:${redirectPort}/`), refusal, 'another port stays refused');
    await assert.rejects(one.fetch(`http://[::1]:${port}/`), refusal, 'and so does another address');
    const range = createOutbound({ allow: parseAllowList('127.0.0.0/8') });
    assert.equal((await range.fetch(`http://127.1:${port}/`)).status, 200);
    assert.equal((await range.fetch(`http://[::ffff:127.0.0.1]:${port}/`)).status, 200, 'an IPv4-mapped address is judged as its IPv4 address');
  });

  test('redirects are not followed; closed, open non-HTTP and redirecting ports fail with the same words', async () => {
    const guard = createOutbound({ allow: parseAllowList('127.0.0.1') });
    const before = hits;
    const messages: string[] = [];
    for (const p of [redirectPort, closedPort, garbagePort]) {
      const err = await guard.fetch(`http://127.0.0.1:${p}/`).then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof OutboundError && !err.refused, String(err));
      messages.push(err.message);
    }
    assert.equal(redirectHits, 1);
    assert.equal(hits, before, 'the redirect target was never asked');
    assert.deepEqual(messages, [UNREACHABLE, UNREACHABLE, UNREACHABLE]);
  });

  test('URLs with a fragment, credentials or another scheme are refused', async () => {
    const guard = createOutbound({ allow: parseAllowList('127.0.0.1') });
    for (const url of [`http://127.0.0.1:${port}/#`, `http://127.0.0.1:${port}/x#frag`, `http://user:pw@127.0.0.1:${port}/`, `file:///etc/passwd`, `gopher://127.0.0.1:${port}/`, 'not a url']) {
      await assert.rejects(guard.fetch(url), refusal, url);
    }
    assert.deepEqual(operatorUrl.safeParse('https://api.example.org/botapi/').data, 'https://api.example.org/botapi');
    for (const bad of ['http://h/#', 'http://h/?x=', 'http://u:p@h/', 'ftp://h/', 'h']) assert.equal(operatorUrl.safeParse(bad).success, false, bad);
  });

  test('OUTBOUND_ALLOW_PRIVATE is validated with the rest of the configuration', () => {
    assert.deepEqual(loadConfig({ OUTBOUND_ALLOW_PRIVATE: '127.0.0.1:8081, 10.0.0.0/8,[::1]:8081,botapi.lan' }).OUTBOUND_ALLOW_PRIVATE.map((e) => e.text),
      ['127.0.0.1:8081', '10.0.0.0/8', '[::1]:8081', 'botapi.lan']);
    assert.deepEqual(loadConfig({}).OUTBOUND_ALLOW_PRIVATE, []);
    assert.throws(() => loadConfig({ OUTBOUND_ALLOW_PRIVATE: '10.0.0.0/33' }), /OUTBOUND_ALLOW_PRIVATE/);
    assert.throws(() => loadConfig({ OUTBOUND_ALLOW_PRIVATE: '127.0.0.1:99999' }), /OUTBOUND_ALLOW_PRIVATE/);
  });
});
