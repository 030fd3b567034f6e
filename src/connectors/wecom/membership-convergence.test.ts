/**
 * Membership convergence of the WeCom connector, through the real path: the fake WeCom corp sends
 * its callbacks over HTTP to the connector runtime, whose events go through ingest and the
 * projector into memberships. Whatever happens on the platform — joins, leaves, callbacks lost,
 * callbacks delivered late, groupchat/get lagging 2 s behind its callbacks, the API down while a
 * callback is handled (it is kept and retried) — a re-read of the group ends with Qunyun's active
 * members equal to WeCom's list of customers (staff are not members). Run on both engines.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import pino from 'pino';
import { forEachEngine } from '../../../test/support/engines.ts';
import { createFakeWecom, type FakeWecom } from '../../../test/fakes/wecom/fake-server.ts';
import { AES_KEY, CALLBACK_TOKEN } from '../../../test/fakes/wecom/test-kit.ts';
import { createIngestQueue, type IngestQueue } from '../../events/ingest-queue.ts';
import { projectPending } from '../../events/projector.ts';
import { ensurePlatformAccount, ensureWorkspace } from '../../workspaces/workspaces.ts';
import { createConnectorRuntime, type ConnectorRuntime } from '../runtime/index.ts';
import type { WecomConnector } from './wecom-connector.ts';
import { createOutbound, parseAllowList } from '../../net/outbound.ts';

const USERS = ['wmU0', 'wmU1', 'wmU2', 'wmU3'];
type Delivery = 'send' | 'lose' | 'hold';
type Op =
  | { kind: 'join' | 'leave'; user: number; callback: Delivery; dt: number }
  | { kind: 'release'; pick: number; dt: number }
  | { kind: 'reread'; dt: number }
  | { kind: 'apiDown'; dt: number }
  | { kind: 'retryKept'; dt: number };

const delivery = fc.constantFrom<Delivery>('send', 'send', 'lose', 'hold');
// At least the fake's 2 s lag between two steps, so that a re-read sees every change before it.
const dt = fc.integer({ min: 3, max: 120 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('join' as const), user: fc.nat({ max: USERS.length - 1 }), callback: delivery, dt }),
  fc.record({ kind: fc.constant('leave' as const), user: fc.nat({ max: USERS.length - 1 }), callback: delivery, dt }),
  fc.record({ kind: fc.constant('release' as const), pick: fc.nat(), dt }),
  fc.record({ kind: fc.constant('reread' as const), dt }),
  fc.record({ kind: fc.constant('apiDown' as const), dt }),
  fc.record({ kind: fc.constant('retryKept' as const), dt }),
);

forEachEngine('WeCom memberships converge on the platform list', (ctx) => {
  let clock = 1_800_000_000_000;
  const now = () => clock;
  let fake: FakeWecom;
  let runtime: ConnectorRuntime;
  let ingest: IngestQueue;
  let server: Server;
  let workspaceId: number;
  let accountId: number;

  before(async () => {
    const { db } = ctx();
    fake = createFakeWecom({ now, memberListLagMs: 2000 });
    const apiRoot = await fake.listen();
    const ws = await ensureWorkspace(db, 'wecom-converge', 'Converge', 'Asia/Shanghai');
    workspaceId = ws.id;
    ingest = createIngestQueue(db, { batchSize: 100, flushMs: 1 });
    runtime = createConnectorRuntime({
      db, ingest, logger: pino({ level: 'silent' }), publicUrl: () => 'http://qunyun.test',
      // The fake corp listens on loopback: allowed as an operator would with OUTBOUND_ALLOW_PRIVATE.
      outbound: createOutbound({ allow: parseAllowList('127.0.0.1') }),
      connectorOptions: { wecom: { now, client: { sleep: async () => {}, random: () => 1 } } },
    });
    const account = await ensurePlatformAccount(db, ws.id, 'wecom', fake.corpId, 'Corp', {
      corpId: fake.corpId, secret: fake.secret, token: CALLBACK_TOKEN, encodingAesKey: AES_KEY, apiRoot,
    });
    accountId = account.id;
    assert.deepEqual(await runtime.startAccount(accountId), { state: 'running' });
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (d: Buffer) => chunks.push(d));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://local');
        const hook = runtime.webhook('wecom', accountId);
        if (!hook) { res.writeHead(404).end(); return; }
        void hook({ method: req.method ?? 'GET', query: Object.fromEntries(url.searchParams), headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
          .then((a) => { res.writeHead(a.status, { 'content-type': 'text/plain' }); res.end(String(a.body)); },
            () => { res.writeHead(503).end(); });
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    fake.setCallbackTarget({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/cb`, token: CALLBACK_TOKEN, encodingAesKey: AES_KEY });
  });
  after(async () => {
    await runtime?.stop();
    await ingest?.close();
    server?.closeAllConnections();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    await fake?.close();
  });

  async function activeMembers(chatId: string): Promise<string[]> {
    const { db } = ctx();
    await ingest.drain();
    await projectPending(db, workspaceId);
    const rows = await db.query<{ uid: string }>(
      `select mi.platform_user_id as uid from groups g
       join memberships m on m.workspace_id = g.workspace_id and m.group_id = g.id and m.active
       join member_identities mi on mi.workspace_id = m.workspace_id and mi.account_id = g.account_id and mi.member_id = m.member_id
       where g.workspace_id = $1 and g.account_id = $2 and g.platform_group_id = $3 order by 1`, [workspaceId, accountId, chatId]);
    return rows.map((r) => r.uid);
  }
  const platformCustomers = (chatId: string) => fake.group(chatId)!.member_list.filter((m) => m.type === 2).map((m) => m.userid).sort();
  const connector = () => runtime.connector(accountId) as WecomConnector;

  async function run(ops: Op[]): Promise<void> {
    clock += 3600_000;
    const chatId = await fake.createGroup({ name: 'Converge', owner: 'staffOwner' });
    for (const o of ops) {
      clock += o.dt * 1000;
      const present = (u: string) => fake.group(chatId)!.member_list.some((m) => m.userid === u);
      if (o.kind === 'join' && !present(USERS[o.user]!)) {
        await fake.join(chatId, { userid: USERS[o.user]!, invitor: 'staffOwner' }, { callback: o.callback === 'send' ? true : o.callback === 'lose' ? false : 'hold' });
      } else if (o.kind === 'leave' && present(USERS[o.user]!)) {
        await fake.leave(chatId, USERS[o.user]!, { callback: o.callback === 'send' ? true : o.callback === 'lose' ? false : 'hold' });
      } else if (o.kind === 'release' && fake.held.length > 0) {
        await fake.releaseHeld(o.pick % fake.held.length);
      } else if (o.kind === 'reread') {
        // A re-read the API refused claims nothing.
        const read = await connector().reconcileGroup(chatId).then(() => true, () => false);
        if (read) assert.deepEqual(await activeMembers(chatId), platformCustomers(chatId), 'a re-read converges');
      } else if (o.kind === 'apiDown') {
        // groupchat/get fails for one whole call (the client's 4 tries): a callback then is kept.
        fake.failNext('externalcontact/groupchat/get', -1, 4);
      } else if (o.kind === 'retryKept') {
        await connector().processPending();
      }
    }
    fake.state.faults.delete('externalcontact/groupchat/get');
    clock += 3000;
    await connector().reconcileGroup(chatId);
    assert.deepEqual(await activeMembers(chatId), platformCustomers(chatId), 'the final re-read converges');
    fake.held.splice(0);
  }

  test('a member who left (callback lost) and came back shows as a member, and stays one after re-reads', async () => {
    await run([
      { kind: 'join', user: 0, callback: 'send', dt: 10 },
      { kind: 'leave', user: 0, callback: 'lose', dt: 10 },
      { kind: 'join', user: 0, callback: 'send', dt: 10 },
      { kind: 'reread', dt: 10 },
      { kind: 'reread', dt: 10 },
    ]);
  });

  test('a late del_member after the rejoin changes nothing', async () => {
    await run([
      { kind: 'join', user: 1, callback: 'send', dt: 10 },
      { kind: 'leave', user: 1, callback: 'hold', dt: 10 },
      { kind: 'join', user: 1, callback: 'send', dt: 10 },
      { kind: 'release', pick: 0, dt: 10 },
      { kind: 'reread', dt: 10 },
    ]);
  });

  test('a dismissed group (ChangeType dismiss) has no active members left', async () => {
    clock += 3600_000;
    const chatId = await fake.createGroup({ name: 'Dismissed', owner: 'staffOwner', members: [{ userid: 'wmD1' }, { userid: 'wmD2' }] });
    assert.deepEqual(await activeMembers(chatId), ['wmD1', 'wmD2']);
    clock += 60_000;
    await fake.dismiss(chatId);
    assert.deepEqual(await activeMembers(chatId), []);
    const [group] = await ctx().db.query<{ status: string; member_count: number }>(
      'select status, member_count from groups where workspace_id = $1 and platform_group_id = $2', [workspaceId, chatId]);
    assert.deepEqual(group, { status: 'dismissed', member_count: 0 });
  });

  test('property: any interleaving of joins, leaves, lost and late callbacks ends, after a re-read, on the platform list', async () => {
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 14 }), run), { numRuns: 30 });
  });
});
