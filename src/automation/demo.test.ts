/**
 * The demo welcomes newcomers in batches: a demo workspace (serve --demo's welcome default) with a
 * few hours of the simulated community; every newcomer of the last day is named in exactly one
 * welcome, the welcomes hold at most 5 names, and bursts make batches of several.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { forEachEngine } from '../../test/support/engines.ts';
import { startSandboxCommunity } from '../cli/sandbox-community.ts';
import { demoNamespace } from '../cli/serve.ts';
import { startStack } from '../cli/stack.ts';
import { loadConfig } from '../config.ts';
import { reactPending } from '../events/reactors.ts';
import { automationReactor } from './reactor.ts';
import { ensureDemoWelcome } from './welcome-store.ts';

forEachEngine('demo welcome', (t) => {
  test('newcomers of the demo community are welcomed in batches, each once', async () => {
    const db = t().db;
    const stack = await startStack(loadConfig({ LOG_LEVEL: 'silent' }), { host: '127.0.0.1', port: 0, worker: false, db, logger: pino({ level: 'silent' }) });
    try {
      await ensureDemoWelcome(db, stack.workspace.id);
      await reactPending(db, stack.workspace.id, [automationReactor]);
      const community = await startSandboxCommunity(stack, { seed: 5, groups: 4, mode: { kind: 'live', historyDays: 0.25 }, namespace: demoNamespace(5, 4), resume: true });
      await community.done;
      await community.stop();
      while (await reactPending(db, stack.workspace.id, [automationReactor]) > 0) { /* until caught up */ }
    } finally {
      await stack.stop();
    }
    const batches = await db.query<{ groupId: number; ids: number[] }>('select group_id as "groupId", member_ids as ids from welcome_batches');
    const welcomed = new Map<string, number>();
    for (const b of batches) for (const m of b.ids) welcomed.set(`${b.groupId}:${m}`, (welcomed.get(`${b.groupId}:${m}`) ?? 0) + 1);
    // Joins per newcomer and group (a member may join several groups, or leave and come back).
    const joins = new Map((await db.query<{ key: string; n: number }>(`select e.group_id || ':' || e.member_id as key, count(*)::int as n from events e
      join member_identities i on i.workspace_id = e.workspace_id and i.member_id = e.member_id and not i.is_bot where e.type = 'join' group by 1`)).map((r) => [r.key, r.n]));
    // The newest may still wait for company (fewer than 5 newcomers, less than 10 minutes ago).
    const waiting = await db.query<{ key: string; joinedAt: Date }>(`select group_id || ':' || member_id as key, joined_at as "joinedAt" from welcome_pending where batch_id is null`);
    assert.ok(joins.size > 0, 'the community had newcomers');
    assert.ok(waiting.every((w) => Date.now() - w.joinedAt.getTime() < 10 * 60_000 + 60_000), 'only recent joins wait');
    const waitingKeys = new Set(waiting.map((w) => w.key));
    for (const [key, n] of joins) {
      assert.ok((welcomed.get(key) ?? 0) > 0 || waitingKeys.has(key), `newcomer ${key} named or waiting`);
      assert.ok((welcomed.get(key) ?? 0) <= n, `newcomer ${key} named at most once per join`);
    }
    assert.equal([...welcomed.keys()].filter((k) => !joins.has(k)).length, 0, 'nobody named who did not join');
    assert.ok(batches.every((b) => b.ids.length <= 5));
    assert.ok(batches.length < joins.size, `${batches.length} welcomes for ${joins.size} newcomers: batched`);
    const [queued] = await db.query<{ n: number }>(`select count(*)::int as n from outbox_actions where origin like 'welcome:batch:%' and kind = 'post' and key not like '%:nickname'`);
    assert.equal(queued!.n, batches.length, 'one welcome post per batch');
  });
});
