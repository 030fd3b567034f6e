/**
 * A Telegram account run by the connector runtime on each database engine, against the fake Bot
 * API: set-up on a server without getWebhookInfo, an update that cannot be translated landing in
 * the dead letters, a group known only from messages named by their title, and join requests that
 * outlive a restart and are approved once.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import pino from 'pino';
import { forEachEngine } from '../../../test/support/engines.ts';
import { startFakeBotApi } from '../../../test/fakes/telegram/fake-bot-api.ts';
import { createAccount, listAccounts } from '../../accounts/accounts.ts';
import { createIngestQueue } from '../../events/ingest-queue.ts';
import { ensureWorkspace } from '../../workspaces/workspaces.ts';
import type { TelegramConnector } from '../telegram/index.ts';
import { createConnectorRuntime } from './runtime.ts';
import { createOutbound, parseAllowList } from '../../net/outbound.ts';

// The fake Bot API listens on loopback: allowed here as an operator would with OUTBOUND_ALLOW_PRIVATE.
const loopback = createOutbound({ allow: parseAllowList('127.0.0.1') });

const silent = pino({ level: 'silent' });

async function until<T>(what: string, f: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = await f();
    if (v !== undefined) return v;
    await sleep(25);
  }
  throw new Error(`timed out waiting for ${what}`);
}

forEachEngine('connector runtime: Telegram', (ctx) => {
  test('set-up without getWebhookInfo, dead letters, group titles from messages, join requests across restarts', async (t) => {
    const { db } = ctx();
    const ws = await ensureWorkspace(db, 'rt-telegram', 'rt-telegram', 'Europe/Berlin');
    const ingest = createIngestQueue(db, { batchSize: 100, flushMs: 2 });
    const runtime = createConnectorRuntime({
      db, ingest, logger: silent, publicUrl: () => 'http://qunyun.test/', outbound: loopback,
      connectorOptions: { telegram: { retryDelayMs: 10, pollTimeoutSeconds: 1 } },
    });
    const fake = await startFakeBotApi({ missingMethods: ['getWebhookInfo'], limits: false });
    t.after(async () => { await runtime.stop(); await ingest.close(); await fake.close(); });
    const w = fake.world;
    const owner = w.addUser({ firstName: 'Olga' });
    const chat = w.createGroup({ title: 'Tea lovers', ownerId: owner.id });
    w.pending.length = 0; // the bot's being added is not seen: the group is known only from its messages

    const account = await createAccount({ db, runtime }, ws.id, { platform: 'telegram', token: fake.token, mode: 'polling', apiRoot: fake.url });
    assert.equal(account.status, 'active', account.error);
    const connector = () => runtime.connector(account.id) as TelegramConnector;

    w.postMessage(chat, owner.id, 'hello');
    const broken = w.emit('message', { message_id: 999, chat: { id: chat, type: 'supergroup', title: 'Tea lovers' }, from: owner, text: 'no date' })!;
    w.postMessage(chat, owner.id, 'still here');
    const dead = await until('the dead letter', async () => {
      const rows = await db.query<{ reason: string; update_id: string }>(
        `select reason, raw->>'update_id' as update_id from dead_letters where workspace_id = $1 and account_id = $2`, [ws.id, account.id]);
      return rows.length > 0 ? rows : undefined;
    });
    assert.equal(dead.length, 1);
    assert.equal(Number(dead[0]!.update_id), broken.update_id);
    assert.match(dead[0]!.reason, /could not be translated/);
    await until('both messages', async () => {
      await ingest.drain();
      const n = await db.query<{ n: number }>(`select count(*)::int as n from events where account_id = $1 and type = 'message'`, [account.id]);
      return n[0]!.n === 2 ? true : undefined;
    });
    const named = await db.query<{ name: string }>('select name from groups where workspace_id = $1 and platform_group_id = $2', [ws.id, String(chat)]);
    assert.deepEqual(named.map((g) => g.name), ['Tea lovers']);

    // A join request, kept in the database: a restart does not lose it.
    w.setBotStatus(chat, owner.id, { can_invite_users: true, can_restrict_members: true, can_manage_chat: true });
    const link = await connector().createInviteLink(String(chat), { source: 'course-buyers', requiresApproval: true });
    const dan = w.addUser({ firstName: 'Dan' });
    assert.equal(w.joinViaLink(dan.id, link.url), 'requested');
    await until('the stored request', async () => ((await connector().pendingJoinRequests()).length > 0 ? true : undefined));
    await runtime.stopAccount(account.id);
    assert.deepEqual(await runtime.startAccount(account.id), { state: 'running' });
    assert.deepEqual((await connector().pendingJoinRequests(String(chat))).map((r) => [r.userId, r.source]), [[String(dan.id), 'course-buyers']]);

    // Approved once, whatever is asked after, before or after another restart.
    await Promise.all([connector().approveJoinRequest(String(chat), String(dan.id)), connector().approveJoinRequest(String(chat), String(dan.id))]);
    await runtime.stopAccount(account.id);
    await runtime.startAccount(account.id);
    await connector().approveJoinRequest(String(chat), String(dan.id));
    assert.equal(fake.calls.filter((c) => c.method === 'approveChatJoinRequest').length, 1);
    assert.deepEqual(await connector().pendingJoinRequests(), []);
    const rows = await db.query<{ status: string }>('select status from join_requests where workspace_id = $1 and account_id = $2', [ws.id, account.id]);
    assert.deepEqual(rows.map((r) => r.status), ['approved']);
    // The join that follows the approval carries the request's source, even after the restart.
    const join = await until("Dan's join", async () => {
      const j = await db.query<{ source: string | null }>(
        `select payload->'via'->>'source' as source from events where account_id = $1 and type = 'join' and payload->>'userId' = $2`, [account.id, String(dan.id)]);
      return j[0];
    });
    assert.equal(join.source, 'course-buyers');
  });

  test('an account in error is retried with backoff, visibly: a start that failed, a token refused while polling', async (t) => {
    const { db } = ctx();
    const ws = await ensureWorkspace(db, 'rt-telegram-retry', 'rt-telegram-retry', 'Europe/Berlin');
    const ingest = createIngestQueue(db, { batchSize: 100, flushMs: 2 });
    const runtime = createConnectorRuntime({
      db, ingest, logger: silent, publicUrl: () => 'http://qunyun.test/', outbound: loopback,
      connectorOptions: { telegram: { retryDelayMs: 10, maxRetryDelayMs: 40, pollTimeoutSeconds: 1 } },
      retry: { baseMs: 200, maxMs: 400, random: () => 1 },
    });
    const fake = await startFakeBotApi({ limits: false });
    t.after(async () => { await runtime.stop(); await ingest.close(); await fake.close(); });
    const account = await createAccount({ db, runtime }, ws.id, { platform: 'telegram', token: fake.token, mode: 'polling', apiRoot: fake.url });
    assert.equal(account.status, 'active');
    const listed = async () => (await listAccounts({ db, runtime }, ws.id, { limit: 10, offset: 0 })).items.find((a) => a.id === account.id)!;

    // The Bot API is down when the account starts: in error, with the reason and the next try; then back by itself.
    await runtime.stopAccount(account.id);
    fake.failNext('deleteWebhook', { error_code: 502, description: 'Bad Gateway' }, 1);
    const failed = await runtime.startAccount(account.id);
    assert.equal(failed.state, 'error');
    assert.ok(failed.state === 'error' && failed.fault.code === 'telegram_unreachable' && failed.nextRetryAt !== undefined, JSON.stringify(failed));
    const shown = await listed();
    assert.equal(shown.status, 'error');
    assert.match(shown.error ?? '', /telegram deleteWebhook: 502 Bad Gateway/);
    assert.equal(shown.fault?.code, 'telegram_unreachable');
    assert.ok(shown.retry?.nextAt && shown.retry.attempts === 1, JSON.stringify(shown.retry));
    await until('the retry to start it', async () => (runtime.runState(account.id).state === 'running' ? true : undefined));
    await until('the account to show active', async () => ((await listed()).status === 'active' ? true : undefined));

    // The token is refused while polling (revoked, say): in error at once, while polling keeps trying; then it works again.
    fake.failNext('getUpdates', { error_code: 401, description: 'Unauthorized' }, 100_000);
    const refused = await until('the fault', async () => {
      const s = runtime.runState(account.id);
      return s.state === 'error' ? s : undefined;
    });
    assert.equal(refused.state === 'error' && refused.fault.code, 'telegram_unauthorized');
    assert.equal(refused.state === 'error' && refused.running, true);
    const revoked = await listed();
    assert.equal(revoked.status, 'error');
    assert.match(revoked.error ?? '', /401 Unauthorized/);
    assert.ok(!JSON.stringify(revoked).includes(fake.token), 'no token in the account list');
    const rows = await db.query<{ status: string; last_error: string }>('select status, last_error from platform_accounts where id = $1', [account.id]);
    assert.equal(rows[0]!.status, 'error');
    assert.ok(!rows[0]!.last_error.includes(fake.token.split(':')[1]!));
    fake.clearFailures('getUpdates');
    await until('the account to work again', async () => (runtime.runState(account.id).state === 'running' ? true : undefined));
    await until('the account to show active', async () => ((await listed()).status === 'active' ? true : undefined));
  });

  test('webhook mode: an update that cannot be translated is answered 200 and kept in the dead letters', async (t) => {
    const { db } = ctx();
    const ws = await ensureWorkspace(db, 'rt-telegram-hook', 'rt-telegram-hook', 'Europe/Berlin');
    const ingest = createIngestQueue(db, { batchSize: 100, flushMs: 2 });
    const runtime = createConnectorRuntime({ db, ingest, logger: silent, publicUrl: () => 'http://127.0.0.1:9/', outbound: loopback });
    const fake = await startFakeBotApi({ limits: false });
    t.after(async () => { await runtime.stop(); await ingest.close(); await fake.close(); });
    const account = await createAccount({ db, runtime }, ws.id, { platform: 'telegram', token: fake.token, mode: 'webhook', apiRoot: fake.url });
    assert.equal(account.status, 'active', account.error);
    const secret = fake.webhookInfo().secretToken!;
    const hook = runtime.webhook('telegram', account.id)!;
    const body = JSON.stringify({ update_id: 4242, edited_message: { message_id: 1, chat: { id: -1001, type: 'supergroup', title: 'x' }, from: { id: 5, is_bot: false, first_name: 'E' }, text: 'no dates' } });
    const answer = await hook({ method: 'POST', query: {}, headers: { 'x-telegram-bot-api-secret-token': secret }, body });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const rows = await db.query<{ update_id: string; reason: string }>(
      `select raw->>'update_id' as update_id, reason from dead_letters where workspace_id = $1 and account_id = $2`, [ws.id, account.id]);
    assert.deepEqual(rows.map((r) => r.update_id), ['4242']);
    assert.match(rows[0]!.reason, /could not be translated: Invalid time value/);
  });
});
