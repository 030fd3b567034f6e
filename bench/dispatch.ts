/**
 * bench:dispatch — how close the Telegram send throttle gets to the flood limits. Against the fake
 * Bot API (which enforces ~30 messages/s per bot and 20/min per group with 429s), the connector
 * sends one message to each of N groups (default 2000, `--groups=N`). The least time the limits
 * allow is N/30 s; the throttle should stay within 1.1× of it and lose nothing.
 *
 *   npx node bench/dispatch.ts [--groups=2000]
 */
import { createTelegramConnector } from '../src/connectors/telegram/index.ts';
import { startFakeBotApi } from '../test/fakes/telegram/fake-bot-api.ts';
import { numberArg } from './support.ts';

const groups = numberArg('groups', 2000);
const perSecond = 30;
const fake = await startFakeBotApi();
const owner = fake.world.addUser({ firstName: 'Owner' });
const ids = Array.from({ length: groups }, (_, i) => fake.world.createGroup({ title: `group ${i + 1}`, ownerId: owner.id }));
const connector = createTelegramConnector({ token: fake.token, apiRoot: fake.url, mode: 'polling' });

const started = performance.now();
let done = 0;
const progress = setInterval(() => {
  const m = connector.dispatcher.metrics();
  process.stderr.write(`\r${done}/${groups} sent, queue ${m.queueDepth}, 429s ${m.retried429}   `);
}, 1000);
const results = await Promise.allSettled(ids.map((id) => connector.sendToGroup(String(id), { text: `Weekly digest for group ${id}` }).finally(() => { done++; })));
const elapsed = (performance.now() - started) / 1000;
clearInterval(progress);
process.stderr.write('\n');

const failed = results.filter((r) => r.status === 'rejected').length;
const fromBot = (id: number) => [...fake.world.chat(id).messages.values()].filter((m) => m.from?.id === fake.world.bot.id).length;
const lost = ids.filter((id) => fromBot(id) !== 1).length;
const m = connector.dispatcher.metrics();
const minS = groups / perSecond;
const ratio = elapsed / minS;
// Under a 1 s sliding window the first 30 go at once, so the true floor is one second less per 30.
const strictS = Math.ceil(groups / perSecond) - 1;
console.log(`groups:            ${groups}`);
console.log(`elapsed:           ${elapsed.toFixed(2)} s`);
console.log(`least the limits allow: ${minS.toFixed(2)} s (${groups} messages at ${perSecond}/s)`);
console.log(`ratio:             ${ratio.toFixed(3)} (target ≤ 1.1)`);
console.log(`strict floor:      ${strictS} s with bursts of ${perSecond} (ratio to it ${(elapsed / Math.max(strictS, 1e-9)).toFixed(3)})`);
console.log(`messages lost:     ${lost} (send errors: ${failed})`);
console.log(`429s seen by fake: ${fake.stats.rejected429}, retried by the throttle: ${m.retried429}`);
console.log(`mean wait in queue: ${(m.waitingMs / groups / 1000).toFixed(2)} s`);
await fake.close();
console.log(JSON.stringify({
  bench: 'dispatch', groups, elapsed_s: Number(elapsed.toFixed(3)), min_s: Number(minS.toFixed(3)),
  ratio: Number(ratio.toFixed(4)), strict_min_s: strictS, lost, retried_429: m.retried429,
}));
process.exit(lost === 0 && failed === 0 ? 0 : 1);
