import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createSandboxPlatform } from '../platform-sandbox/index.ts';
import { startWebhookRecorder } from '../platform-sandbox/webhook-recorder.ts';
import { runSimulation, startLiveSimulation } from './index.ts';

const START = new Date('2025-03-03T00:00:00+08:00');
const closers: Array<() => Promise<void>> = [];
after(async () => {
  for (const c of closers.reverse()) await c();
});

async function sandbox() {
  const p = createSandboxPlatform({ limits: { botPerAccountPerSecond: 1_000_000, botPerGroupPerMinute: 1000 } });
  const url = await p.listen();
  closers.push(() => p.close());
  const account = p.addAccount({ id: 'shop' });
  return { p, url, account };
}

describe('simulation against the sandbox platform', () => {
  test('two runs with the same options send identical actions and produce identical events', async () => {
    const runs = [];
    for (let i = 0; i < 2; i++) {
      const { p, url } = await sandbox();
      const summary = await runSimulation({ clientUrl: url, account: 'shop', seed: 5, groups: 12, days: 4, start: START });
      runs.push({ summary, stats: p.stats() });
    }
    const [a, b] = runs;
    assert.ok(a!.summary.actionsSent > 1000);
    assert.equal(a!.summary.digest, b!.summary.digest);
    assert.deepEqual(a!.summary.actions, b!.summary.actions);
    assert.deepEqual(a!.summary.failures, b!.summary.failures);
    assert.equal(a!.stats.emitted, b!.stats.emitted);
    assert.equal(a!.stats.members, b!.stats.members);
  });

  test('members answer operator posts, much more in lively groups than in silent ones', async () => {
    const hook = await startWebhookRecorder();
    closers.push(() => hook.close());
    const { p, url, account } = await sandbox();
    p.setWebhook('shop', { url: hook.url, secret: 's' });
    const bot = `${url}/bot/${account.token}`;
    const call = async (method: string, body: unknown) =>
      ((await (await fetch(`${bot}/${method}`, { method: 'POST', body: JSON.stringify(body) })).json()) as { result: any }).result;
    const summary = await runSimulation({ clientUrl: url, account: 'shop', seed: 3, groups: 40, days: 20, start: START }, async (progress) => {
      // The operator posts in every group at 20:00 Shanghai time (12:00 UTC).
      if (progress.simulatedTime.getUTCHours() !== 12) return;
      const groups = (await call('getGroups', {})) as Array<{ id: string }>;
      for (const g of groups) await call('sendMessage', { groupId: g.id, text: '今晚8点直播，欢迎参加！' });
    });
    await p.flushDeliveries(20_000);
    assert.ok(summary.operatorPostsSeen > 300);
    const events = hook.deliveries.flatMap((d) => d.events);
    const answered = new Set<string>();
    const memberMessages = new Map<string, number[]>();
    for (const e of events) {
      if (e.kind === 'message' && e.message?.reply_to_message_id) answered.add(e.message.reply_to_message_id);
      if (e.kind === 'reaction' && e.reaction) answered.add(e.reaction.message_id);
      if (e.kind === 'message' && !e.from?.is_bot) (memberMessages.get(e.chat.id) ?? memberMessages.set(e.chat.id, []).get(e.chat.id)!).push(e.date);
    }
    const rate = { lively: [0, 0], silent: [0, 0] };
    const posts = new Map(events.filter((e) => e.kind === 'message' && e.from?.is_bot).map((e) => [e.event_id, e]));
    for (const post of posts.values()) {
      // Lively: members wrote in the 3 days before the post (not counting answers to earlier posts).
      const before = (memberMessages.get(post.chat.id) ?? []).filter((t) => t < post.date && t > post.date - 3 * 86_400_000).length;
      const bucket = before > 20 ? rate.lively : before === 0 ? rate.silent : undefined;
      if (!bucket) continue;
      bucket[0]!++;
      if (answered.has(post.message!.message_id)) bucket[1]!++;
    }
    const lively = rate.lively[1]! / rate.lively[0]!;
    const silent = rate.silent[1]! / rate.silent[0]!;
    assert.ok(rate.lively[0]! > 50 && rate.silent[0]! > 50, JSON.stringify(rate));
    assert.ok(lively > 0.6, `lively groups answered ${lively}`);
    assert.ok(silent < 0.3, `silent groups answered ${silent}`);
    assert.ok(summary.responses > 0 && summary.operatorPostsAnswered <= summary.operatorPostsSeen);
  });

  test('a live simulation backfills to now, then keeps going until stopped', async () => {
    const { p, url } = await sandbox();
    let now = START.getTime() + 2 * 86_400_000;
    let ticks = 0;
    let failure: unknown;
    const live = startLiveSimulation({
      clientUrl: url, account: 'shop', seed: 9, groups: 5, from: START, tickMs: 1, intensity: 50, now: () => now,
      onTick: (info) => { if (!info.backfilling) ticks++; now += 60_000; },
      onError: (e) => { failure = e; },
    });
    await live.caughtUp;
    const afterBackfill = live.summary().actionsSent;
    assert.ok(afterBackfill > 0);
    while (ticks < 5 && !failure) await new Promise((r) => setTimeout(r, 5));
    assert.equal(failure, undefined);
    const summary = await live.stop();
    assert.ok(summary.actionsSent >= afterBackfill);
    assert.ok(Date.parse(summary.to) > START.getTime() + 2 * 86_400_000);
    assert.equal(p.stats().clientActions, summary.actionsSent);
  });
});
