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
    const batches = await db.query<{ ids: number[] }>('select member_ids as ids from welcome_batches');
    const welcomed = batches.flatMap((b) => b.ids);
    const [joins] = await db.query<{ n: number }>(`select count(distinct (e.group_id, e.member_id))::int as n from events e
      join member_identities i on i.workspace_id = e.workspace_id and i.member_id = e.member_id and not i.is_bot where e.type = 'join'`);
    assert.ok(joins!.n > 0, 'the community had newcomers');
    assert.equal(welcomed.length, new Set(welcomed).size, 'nobody named twice');
    // The newest may still wait for company (fewer than 5 newcomers, less than 10 minutes ago).
    const waiting = await db.query<{ memberId: number; joinedAt: Date }>('select member_id as "memberId", joined_at as "joinedAt" from welcome_pending where batch_id is null');
    assert.ok(waiting.every((w) => Date.now() - w.joinedAt.getTime() < 10 * 60_000 + 60_000), 'only recent joins wait');
    assert.equal(welcomed.length + new Set(waiting.map((w) => w.memberId)).size, joins!.n, 'every newcomer named or waiting for their batch');
    assert.ok(batches.every((b) => b.ids.length <= 5));
    assert.ok(batches.length < joins!.n, `${batches.length} welcomes for ${joins!.n} newcomers: batched`);
    const [queued] = await db.query<{ n: number }>(`select count(*)::int as n from outbox_actions where origin like 'welcome:batch:%' and kind = 'post' and key not like '%:nickname'`);
    assert.equal(queued!.n, batches.length, 'one welcome post per batch');
  });
});
