/**
 * Two Qunyun processes on one Postgres execute each rule once per cause: both run the automation
 * reactor, re-read every event and run the tick at the same moment; executions, outbox actions
 * and welcome batches are counted afterwards. Postgres only: an embedded database is opened by
 * one process at a time (its data folder is locked), so there is no second process to race.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ingestScope } from '../../test/support/ingest-scope.ts';
import { createTestDatabase, testEngines, type TestDatabase } from '../db/test-databases.ts';
import type { PlatformEventInput } from '../events/envelope.ts';
import { ingestBatch } from '../events/ingest.ts';
import { reactPending } from '../events/reactors.ts';
import { automationReactor } from './reactor.ts';
import { createRule } from './store.ts';
import { saveWelcomeSettings } from './welcome-store.ts';

const WORKER = fileURLToPath(new URL('../../test/support/automation-worker.ts', import.meta.url));

function runWorker(databaseUrl: string, workspaceId: number, now: Date): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER], {
      env: { ...process.env, DATABASE_URL: databaseUrl, WORKSPACE_ID: String(workspaceId), NOW: now.toISOString(), ROUNDS: '4' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { out += c.toString(); });
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`worker exited with ${code}:\n${out}`))));
  });
}

const enabled = testEngines().includes('postgres');
let t: TestDatabase | undefined;
before(async () => { if (enabled) t = await createTestDatabase('postgres'); });
after(async () => { await t?.drop(); });

test('two processes on one Postgres execute every rule once per cause [postgres]', { skip: enabled ? false : 'Postgres is not among QUNYUN_TEST_ENGINES' }, async () => {
  const db = t!.db;
  const scope = await ingestScope(db, 'two-processes');
  const ws = scope.workspaceId;
  const base = Math.floor(Date.now() / 60_000) * 60_000;
  const at = (m: number) => new Date(base + m * 60_000).toISOString();
  await ingestBatch(db, scope, [{ type: 'group_created', eventId: 'g', occurredAt: at(-600), groupId: 'g1', name: '读书会', capacity: 500 }]);
  await reactPending(db, ws, [automationReactor]);
  await createRule(db, ws, { name: 'hello', trigger: { kind: 'join' }, actions: [{ kind: 'post', template: 'hi {name}' }] }, null);
  await createRule(db, ws, { name: 'kw', trigger: { kind: 'keyword', keywords: ['价格'] }, actions: [{ kind: 'private_message', template: '价格见置顶' }] }, null);
  await createRule(db, ws, { name: 'every minute', trigger: { kind: 'schedule', cron: '* * * * *' }, actions: [{ kind: 'post', template: 'tick' }] }, null);
  await createRule(db, ws, { name: 'size', trigger: { kind: 'threshold', size: 10 }, actions: [{ kind: 'post', template: '{count} members' }] }, null);
  await saveWelcomeSettings(db, ws, 0, { enabled: true, batchSize: 4, batchMinutes: 0 });
  const events: PlatformEventInput[] = [];
  for (let i = 0; i < 40; i++) {
    events.push({ type: 'join', eventId: `j${i}`, occurredAt: at(i % 5), groupId: 'g1', userId: `u${i}`, name: `U${i}` });
    if (i % 4 === 0) events.push({ type: 'message', eventId: `m${i}`, occurredAt: at(6), groupId: 'g1', userId: `u${i}`, messageId: `msg${i}`, text: '请问价格' });
  }
  await ingestBatch(db, scope, events);
  const now = new Date(base + 10 * 60_000);
  const outs = await Promise.all([runWorker(t!.databaseUrl!, ws, now), runWorker(t!.databaseUrl!, ws, now)]);
  assert.ok(outs.every((o) => o.includes('done')), outs.join('\n'));
  const byTrigger = Object.fromEntries((await db.query<{ trigger: string; n: number }>(
    'select trigger, count(*)::int as n from automation_executions where workspace_id = $1 group by trigger', [ws])).map((r) => [r.trigger, r.n]));
  assert.deepEqual(byTrigger, { join: 40, keyword: 10, schedule: 1, threshold: 1 });
  const kinds = Object.fromEntries((await db.query<{ origin: string; n: number }>(
    `select split_part(origin, ':', 1) as origin, count(*)::int as n from outbox_actions where workspace_id = $1 group by 1`, [ws])).map((r) => [r.origin, r.n]));
  const batches = await db.query<{ ids: number[] }>('select member_ids as ids from welcome_batches where workspace_id = $1', [ws]);
  assert.deepEqual(kinds, { automation: 52, welcome: batches.length }, '40 + 10 + 1 + 1 rule actions; one welcome per batch');
  assert.ok(batches.every((b) => b.ids.length <= 4));
  const welcomed = batches.flatMap((b) => b.ids);
  assert.equal(welcomed.length, 40);
  assert.equal(new Set(welcomed).size, 40);
});
