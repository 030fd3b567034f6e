import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import pino from 'pino';
import { forEachEngine } from '../../../test/support/engines.ts';
import { createIngestQueue } from '../../events/ingest-queue.ts';
import { startWorker } from '../../jobs/worker.ts';
import { ensurePlatformAccount, ensureWorkspace } from '../../workspaces/workspaces.ts';
import { createFakeArchiveSidecar, groupRecord } from '../../../test/fakes/wecom/fake-archive-sidecar.ts';
import { createFakeWecom } from '../../../test/fakes/wecom/fake-server.ts';
import { AES_KEY, CALLBACK_TOKEN } from '../../../test/fakes/wecom/test-kit.ts';
import { parseAccountConfig, publicConfig } from './account-config.ts';
import { registerConnectorJobs, WECOM_ARCHIVE_QUEUE, WECOM_RECONCILE_QUEUE } from './jobs.ts';
import { loadKnownGroup } from './known-groups.ts';
import { createConnectorRuntime } from './runtime.ts';
import { createOutbound, parseAllowList } from '../../net/outbound.ts';

const silent = pino({ level: 'silent' });
// The fakes listen on loopback: allowed here as an operator would with OUTBOUND_ALLOW_PRIVATE.
const loopback = createOutbound({ allow: parseAllowList('127.0.0.1') });

test('account configs are validated per platform, and their public view has no secrets', () => {
  const telegram = { token: '123:ABC_def', mode: 'webhook', secretToken: 's'.repeat(24), apiRoot: 'http://127.0.0.1:9/' };
  assert.deepEqual(parseAccountConfig('telegram', telegram), { platform: 'telegram', config: { ...telegram, apiRoot: 'http://127.0.0.1:9' } });
  assert.throws(() => parseAccountConfig('telegram', { ...telegram, mode: 'push' }), /invalid telegram account config: mode/);
  assert.throws(() => parseAccountConfig('wecom', { corpId: 'ww1', secret: 'x', token: 't', encodingAesKey: 'short' }), /encodingAesKey/);
  assert.throws(() => parseAccountConfig('telegram-export', {}), /has no connector/);
  assert.deepEqual(publicConfig('telegram', telegram), { mode: 'webhook', apiRoot: 'http://127.0.0.1:9/' });
  assert.deepEqual(publicConfig('wecom', { corpId: 'ww1', secret: 'x', token: 't', encodingAesKey: 'k', agentId: '7' }), { corpId: 'ww1', agentId: '7' });
  assert.deepEqual(publicConfig('whatsapp-export', { anything: 1 }), {}, 'unknown platforms show nothing');
});

forEachEngine('connector runtime', (ctx) => {
  async function setup(slug: string) {
    const { db } = ctx();
    const ws = await ensureWorkspace(db, slug, slug, 'Europe/Berlin');
    const ingest = createIngestQueue(db, { batchSize: 100, flushMs: 2 });
    const runtime = createConnectorRuntime({
      db, ingest, logger: silent, publicUrl: () => 'http://qunyun.test/',
      // The fakes listen on loopback: allowed here as an operator would with OUTBOUND_ALLOW_PRIVATE.
      outbound: loopback,
      connectorOptions: { wecom: { client: { sleep: async () => {}, random: () => 1 } } },
    });
    return { db, ws, ingest, runtime };
  }

  test('a bad config marks the account error with the reason, never the secret; disabled and demo accounts stay off', async () => {
    const { db, ws, ingest, runtime } = await setup('rt-status');
    const broken = await ensurePlatformAccount(db, ws.id, 'telegram', 'bot1', 'Bot', { token: '999:SUPERSECRETTOKEN', mode: 'sideways', secretToken: 'x'.repeat(20) });
    const off = await ensurePlatformAccount(db, ws.id, 'wecom', 'ww-off', 'Off', {});
    await db.query(`update platform_accounts set status = 'disabled' where id = $1`, [off.id]);
    const demo = await ensurePlatformAccount(db, ws.id, 'sandbox', 'demo-1', 'Demo', { baseUrl: 'http://127.0.0.1:9' });
    await runtime.startAll();
    const state = runtime.runState(broken.id);
    assert.equal(state.state, 'error');
    assert.match(state.state === 'error' ? state.error : '', /mode/);
    const rows = await db.query<{ id: number; status: string; last_error: string | null }>(
      'select id, status, last_error from platform_accounts where workspace_id = $1 order by id', [ws.id]);
    assert.deepEqual(rows.map((r) => [r.id, r.status]), [[broken.id, 'error'], [off.id, 'disabled'], [demo.id, 'active']]);
    assert.ok(!rows[0]!.last_error!.includes('SUPERSECRETTOKEN'));
    assert.equal(runtime.runState(off.id).state, 'stopped');
    assert.equal(runtime.runState(demo.id).state, 'stopped');
    assert.equal(runtime.webhook('telegram', broken.id), undefined);
    await runtime.stop();
    await ingest.close();
  });

  test('WeCom: known groups come from the database; the archive pull resumes from the stored seq', async (t) => {
    const { db, ws, ingest, runtime } = await setup('rt-wecom');
    const fake = createFakeWecom();
    const sidecar = createFakeArchiveSidecar([]);
    const apiRoot = await fake.listen();
    const sidecarUrl = await sidecar.listen();
    t.after(async () => { await fake.close(); await sidecar.close(); });
    const account = await ensurePlatformAccount(db, ws.id, 'wecom', fake.corpId, 'Corp', {
      corpId: fake.corpId, secret: fake.secret, token: CALLBACK_TOKEN, encodingAesKey: AES_KEY, apiRoot, archive: { sidecarUrl },
    });
    const chatId = await fake.createGroup({ name: '老客户群', owner: 'lisi', members: [{ userid: 'wmX', joinTime: 1_700_000_000 }] });
    assert.equal(await loadKnownGroup(db, ws.id, account.id, chatId), undefined);

    assert.deepEqual(await runtime.startAccount(account.id), { state: 'running' });
    assert.ok(runtime.webhook('wecom', account.id));
    assert.equal(runtime.webhook('telegram', account.id), undefined, 'a webhook answers only under its own platform');
    const [reconciled] = await runtime.reconcileWecom();
    assert.equal(reconciled?.report?.stored, 2, 'group created, the customer joined (the owner is staff, not a member)');
    await ingest.drain(); // stored, and now projected
    const known = await loadKnownGroup(db, ws.id, account.id, chatId);
    assert.equal(known?.name, "老客户群", JSON.stringify(known));
    assert.deepEqual(known?.members.sort((a, b) => a.userId.localeCompare(b.userId)).find((m) => m.userId === 'wmX'), { userId: 'wmX', joinTime: 1_700_000_000 });
    const [again] = await runtime.reconcileWecom();
    assert.equal(again?.report?.stored, 0, 'nothing new: the database said what was known');

    sidecar.add(groupRecord(7, 'wmX', { msgtype: 'text', text: { content: 'hi' } }, { roomid: chatId }));
    assert.deepEqual(await runtime.pullArchives(), [{ accountId: account.id, seq: 7, stored: 1 }]);
    sidecar.failNext(10001);
    const failed = await runtime.pullArchives();
    assert.match(failed[0]?.error ?? '', /10001/);
    sidecar.add(groupRecord(9, 'wmX', { msgtype: 'text', text: { content: 'again' } }, { roomid: chatId }));
    assert.deepEqual(await runtime.pullArchives(), [{ accountId: account.id, seq: 9, stored: 1 }]);
    assert.equal(sidecar.requests.at(-2)?.seq, 7, 'each pull starts after the last stored seq');
    const last = await db.query<{ at: Date | null }>('select last_event_at as at from platform_accounts where id = $1', [account.id]);
    assert.ok(last[0]!.at instanceof Date);

    await runtime.stop();
    assert.equal(runtime.webhook('wecom', account.id), undefined);
    assert.deepEqual(await runtime.pullArchives(), []);
    await ingest.close();
  });

  test('an account that could not start is retried with backoff, visibly, until it starts', async (t) => {
    const { db, ws, ingest } = await setup('rt-retry');
    // A sandbox platform that is down for its first two setWebhook calls.
    let downFor = 2;
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const down = downFor-- > 0;
        res.writeHead(down ? 503 : 200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(down ? { ok: false, error_code: 503, description: 'platform down for maintenance' } : { ok: true, result: true }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    t.after(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const runtime = createConnectorRuntime({ db, ingest, logger: silent, publicUrl: () => 'http://qunyun.test/', outbound: loopback, retry: { baseMs: 5, maxMs: 20, random: () => 1 } });
    const account = await ensurePlatformAccount(db, ws.id, 'sandbox', 'sb-retry', 'Sandbox', { baseUrl, token: 'tok-123456', webhookSecret: 'w'.repeat(20) });

    const first = await runtime.startAccount(account.id);
    assert.equal(first.state, 'error');
    assert.ok(first.state === 'error' && first.nextRetryAt && first.attempts === 1, JSON.stringify(first));
    assert.match(first.state === 'error' ? first.error : '', /platform down for maintenance/);
    const row = async () => (await db.query<{ status: string; last_error: string | null }>('select status, last_error from platform_accounts where id = $1', [account.id]))[0]!;
    assert.equal((await row()).status, 'error');
    for (let i = 0; i < 400 && runtime.runState(account.id).state !== 'running'; i++) await sleep(10);
    assert.equal(runtime.runState(account.id).state, 'running', 'the retries started it once the platform was back');
    assert.deepEqual(await row(), { status: 'active', last_error: null });

    // A config that does not validate is not retried: waiting cannot fix it.
    const broken = await ensurePlatformAccount(db, ws.id, 'telegram', 'bot-broken', 'Bot', { token: '1:x', mode: 'sideways', secretToken: 'x'.repeat(20) });
    const state = await runtime.startAccount(broken.id);
    assert.ok(state.state === 'error' && state.nextRetryAt === undefined && state.fault.code === 'config_invalid', JSON.stringify(state));
    await runtime.stop();
    await ingest.close();
  });

  test('WeCom: a setup fault found while running (60020) puts the account in error, keeps it running, and a retry that finds it fixed clears it', async (t) => {
    const { db, ws, ingest } = await setup('rt-fault');
    const runtime = createConnectorRuntime({
      db, ingest, logger: silent, publicUrl: () => 'http://qunyun.test/', outbound: loopback, retry: { baseMs: 60_000, maxMs: 60_000, random: () => 1 },
      connectorOptions: { wecom: { client: { sleep: async () => {}, random: () => 1 } } },
    });
    const fake = createFakeWecom();
    const apiRoot = await fake.listen();
    t.after(() => fake.close());
    const account = await ensurePlatformAccount(db, ws.id, 'wecom', fake.corpId, 'Corp', {
      corpId: fake.corpId, secret: fake.secret, token: CALLBACK_TOKEN, encodingAesKey: AES_KEY, apiRoot,
    });
    assert.deepEqual(await runtime.startAccount(account.id), { state: 'running' });
    fake.failNext('externalcontact/groupchat/list', 60020);
    const [result] = await runtime.reconcileWecom();
    assert.match(result?.error ?? '', /60020/);
    let state = runtime.runState(account.id);
    for (let i = 0; i < 100 && state.state !== 'error'; i++) { await sleep(5); state = runtime.runState(account.id); }
    assert.ok(state.state === 'error' && state.running && state.fault.code === 'wecom_ip_not_allowed' && state.nextRetryAt, JSON.stringify(state));
    assert.ok(runtime.webhook('wecom', account.id), 'still taking callbacks (they are kept until the API answers)');
    const row = async () => (await db.query<{ status: string; last_error: string | null }>('select status, last_error from platform_accounts where id = $1', [account.id]))[0]!;
    for (let i = 0; i < 100 && (await row()).status !== 'error'; i++) await sleep(5);
    assert.match((await row()).last_error ?? '', /203\.0\.113\.7.*60020/);
    assert.deepEqual(await runtime.retryAccount(account.id), { state: 'running' });
    assert.deepEqual(await row(), { status: 'active', last_error: null });
    await runtime.stop();
    await ingest.close();
  });

  test('the worker schedules the WeCom reconcile and archive pull', async () => {
    const { db, ingest, runtime } = await setup('rt-jobs');
    const worker = await startWorker({ db, logger: silent, pollingIntervalSeconds: 0.5 });
    try {
      await registerConnectorJobs(worker.boss, runtime, silent, { pollingIntervalSeconds: 0.5 });
      assert.deepEqual((await worker.boss.getSchedules(WECOM_RECONCILE_QUEUE)).map((s) => s.cron), ['*/30 * * * *']);
      assert.deepEqual((await worker.boss.getSchedules(WECOM_ARCHIVE_QUEUE)).map((s) => s.cron), ['* * * * *']);
      const id = await worker.boss.send(WECOM_ARCHIVE_QUEUE, {});
      let state: string | undefined;
      for (let i = 0; i < 240 && state !== 'completed' && state !== 'failed'; i++) {
        await sleep(250);
        state = (await worker.boss.findJobs(WECOM_ARCHIVE_QUEUE, { id: id! }))[0]?.state;
      }
      assert.equal(state, 'completed');
    } finally {
      await worker.stop();
      await ingest.close();
    }
  });
});
