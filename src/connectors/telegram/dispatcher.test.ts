import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { PlatformError } from '../connector.ts';
import { createDispatcher, type Clock } from './dispatcher.ts';
import { startFakeBotApi } from '../../../test/fakes/telegram/fake-bot-api.ts';
import { createTelegramConnector } from './telegram-connector.ts';

/** A clock that only moves when the test lets it: schedules are checked exactly, without waiting. */
class ManualClock implements Clock {
  t = 0;
  private timers: Array<{ id: number; at: number; fn: () => void }> = [];
  private nextId = 1;
  now = () => this.t;
  setTimeout = (fn: () => void, ms: number) => {
    const id = this.nextId++;
    this.timers.push({ id, at: this.t + ms, fn });
    return id;
  };
  clearTimeout = (h: unknown) => {
    this.timers = this.timers.filter((x) => x.id !== h);
  };
  /** Fires timers in time order until none are left, letting promises settle in between. */
  async run(): Promise<void> {
    for (;;) {
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
      if (this.timers.length === 0) return;
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers.shift()!;
      this.t = Math.max(this.t, next.at);
      next.fn();
    }
  }
}

describe('dispatcher: scheduling (manual clock)', () => {
  test('sends 30 per second per bot, in exact batches, one message per group', async () => {
    const clock = new ManualClock();
    const d = createDispatcher({ clock, marginMs: 0 });
    const sentAt: number[] = [];
    const all = Array.from({ length: 90 }, (_, i) => d.enqueue(`-${i + 1}`, async () => { sentAt.push(clock.now()); return i; }));
    await clock.run();
    assert.deepEqual(await Promise.all(all), Array.from({ length: 90 }, (_, i) => i));
    assert.deepEqual(sentAt.filter((t) => t === 0).length, 30);
    assert.deepEqual(sentAt.filter((t) => t === 1000).length, 30);
    assert.deepEqual(sentAt.filter((t) => t === 2000).length, 30);
    assert.equal(d.metrics().sent, 90);
    assert.equal(d.metrics().queueDepth, 0);
  });

  test('keeps one group to 20 messages per minute and 1 per second, in order', async () => {
    const clock = new ManualClock();
    const d = createDispatcher({ clock, marginMs: 0 });
    const sent: Array<{ n: number; at: number }> = [];
    const all = Array.from({ length: 45 }, (_, n) => d.enqueue('-100', async () => { sent.push({ n, at: clock.now() }); }));
    await clock.run();
    await Promise.all(all);
    assert.deepEqual(sent.map((s) => s.n), Array.from({ length: 45 }, (_, n) => n));
    // Any 21 consecutive sends span at least a minute; any 2 at least a second.
    for (let i = 20; i < sent.length; i++) assert.ok(sent[i]!.at - sent[i - 20]!.at >= 60_000, `send ${i} too early`);
    for (let i = 1; i < sent.length; i++) assert.ok(sent[i]!.at - sent[i - 1]!.at >= 1000);
    // And no later than the limits require: the 21st goes exactly when the 1st leaves the window.
    assert.equal(sent[20]!.at, 60_000);
    assert.equal(sent[19]!.at, 19_000);
  });

  test('a 429 is retried after retry_after, before later messages to the same chat', async () => {
    const clock = new ManualClock();
    const d = createDispatcher({ clock, marginMs: 0 });
    const log: string[] = [];
    let fail = true;
    const first = d.enqueue('-7', async () => {
      log.push(`first@${clock.now()}`);
      if (fail) {
        fail = false;
        throw new PlatformError('Too Many Requests: retry after 5', 429, 'rate_limited', 5000);
      }
      return 'ok';
    });
    const second = d.enqueue('-7', async () => { log.push(`second@${clock.now()}`); return 'ok2'; });
    await clock.run();
    assert.equal(await first, 'ok');
    assert.equal(await second, 'ok2');
    assert.deepEqual(log, ['first@0', 'first@5000', 'second@6000']);
    const m = d.metrics();
    assert.equal(m.retried429, 1);
    assert.equal(m.sent, 2);
    assert.equal(m.failed, 0);
    // Waited: 5000 (the retry) + 6000 (the second, behind the first).
    assert.equal(m.waitingMs, 11_000);
  });

  test('network errors are retried with backoff; a permanent error reaches the caller', async () => {
    const clock = new ManualClock();
    const d = createDispatcher({ clock, marginMs: 0 });
    let attempts = 0;
    const flaky = d.enqueue('-1', async () => {
      if (++attempts < 3) throw new PlatformError('network down', 0, 'network');
      return attempts;
    });
    const refused = assert.rejects(
      d.enqueue('-2', async () => { throw new PlatformError('Forbidden: bot was kicked', 403, 'bot_kicked'); }),
      (e: PlatformError) => e.status === 403,
    );
    await clock.run();
    assert.equal(await flaky, 3);
    await refused;
    assert.equal(d.metrics().retriedTransient, 2);
    assert.equal(d.metrics().failed, 1);
  });

  test('close() rejects what is still queued instead of dropping it silently', async () => {
    const clock = new ManualClock();
    const d = createDispatcher({ clock, marginMs: 0, perGroup: [{ limit: 1, windowMs: 60_000 }] });
    const a = d.enqueue('-1', async () => 'a');
    const b = assert.rejects(d.enqueue('-1', async () => 'b'), /shutting down/);
    await new Promise((r) => setImmediate(r));
    d.close('shutting down');
    assert.equal(await a, 'a');
    await b;
  });
});

describe('dispatcher: against the fake Bot API', () => {
  const closers: Array<() => Promise<void>> = [];
  after(async () => { for (const c of closers) await c(); });

  test('200 groups and one busy group: nothing lost, each group in order, the per-group limit kept', async () => {
    // Limits scaled down 10x in time, so the test needs no minute of waiting.
    const perGroup = { limit: 20, windowMs: 3000 };
    const fake = await startFakeBotApi({ limits: { perBot: { limit: 30, windowMs: 100 }, perGroup } });
    closers.push(() => fake.close());
    const owner = fake.world.addUser({ firstName: 'Owner' });
    const groups = Array.from({ length: 200 }, (_, i) => fake.world.createGroup({ title: `g${i}`, ownerId: owner.id }));
    const busy = groups[0]!;
    const c = createTelegramConnector({
      token: fake.token, apiRoot: fake.url, mode: 'polling',
      dispatch: { global: [{ limit: 30, windowMs: 100 }], perGroup: [perGroup], marginMs: 5 },
    });
    const sends = groups.map((g) => c.sendToGroup(String(g), { text: `hello ${g}` }));
    const busySends = Array.from({ length: 22 }, (_, i) => c.sendToGroup(String(busy), { text: `busy ${i}` }));
    const ids = await Promise.all([...sends, ...busySends]);
    assert.equal(ids.length, 222);
    for (const g of groups.slice(1)) {
      assert.deepEqual([...fake.world.chat(g).messages.values()].filter((m) => m.from?.id === fake.world.bot.id).map((m) => (m as { text?: string }).text), [`hello ${g}`]);
    }
    const busyTexts = [...fake.world.chat(busy).messages.values()].filter((m) => m.from?.id === fake.world.bot.id).map((m) => (m as { text?: string }).text);
    assert.deepEqual(busyTexts, [`hello ${busy}`, ...Array.from({ length: 22 }, (_, i) => `busy ${i}`)]);
    const m = c.dispatcher.metrics();
    assert.equal(m.sent, 222);
    assert.equal(m.failed, 0);
    assert.equal(m.queueDepth, 0);
    // Every 429 the fake answered was retried by the dispatcher, none reached the caller.
    assert.equal(m.retried429, fake.stats.rejected429);
  });
});
