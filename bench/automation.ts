/**
 * bench:automation — simulated events of 1,000 groups through the full ingest path (ingest queue,
 * projector) and the automation reactor, with 10,000 rules (10 per group: join, leave, keywords,
 * a message rule with a member condition, schedule, inactivity, threshold) and the welcome ritual
 * on, against the same run with no rules, on two databases fed in alternating rounds. 5% of the
 * deliveries are sent twice, and at the end 5% of the stored events are handed to the reactor
 * again (a re-read). Then the dispatcher carries the queued actions out for --dispatch seconds
 * through a recording connector, and the time its sends took (as the connector saw them) is
 * compared with the least time the platform's send limits allow for the same sends; sends that
 * would be over a limit at the platform (sliding windows over those times) are counted.
 *
 * Ingest throughput is measured as the stack runs: the reactor loop follows the projector beside
 * ingest (it never holds ingest up; it competes for the same cores and database). The time until
 * the reactor has also answered every event is printed as well (end to end).
 *
 *   npm run bench:automation [-- --events=100000 --rounds=4 --dispatch=20 --engines=postgres]
 *
 * Targets: throughput with rules ≥ 80% of without; dispatch ≤ 1.1× the rate-limit minimum;
 * 0 duplicate actions.
 */
import { RecordingConnector } from '../test/fakes/recording-connector.ts';
import { setMaxEventAge } from '../src/automation/engine.ts';
import { createRules } from '../src/automation/store.ts';
import { automationReactor } from '../src/automation/reactor.ts';
import { saveWelcomeSettings } from '../src/automation/welcome-store.ts';
import type { RuleDefinitionInput } from '../src/automation/rules.ts';
import type { Database } from '../src/db/database.ts';
import { createIngestQueue } from '../src/events/ingest-queue.ts';
import { reactPending } from '../src/events/reactors.ts';
import { dispatchDue } from '../src/outbox/dispatch.ts';
import { startReactorLoop } from '../src/jobs/reactors.ts';
import pino from 'pino';
import { limitsOf } from '../src/outbox/limits.ts';
import { ensurePlatformAccount, ensureWorkspace } from '../src/workspaces/workspaces.ts';
import { benchDatabase, engines, fmt, numberArg, peakRssMb } from './support.ts';
import { readEventChunks, simulatedEventsFile } from './simulated-events.ts';

const total = numberArg('events', 100_000);
const rounds = numberArg('rounds', 4);
const dispatchSeconds = numberArg('dispatch', 20);
const batch = 2000;
const delivery = 500;
const RULES_PER_GROUP = 10;
// The simulated month is replayed as if it were happening now: its events are not too old to act on.
setMaxEventAge(Number.POSITIVE_INFINITY);

type Ev = { eventId: string; type: string; groupId: string };
const file = await simulatedEventsFile({ groups: 1000, days: 32, seed: 1, limit: 1_000_000 });
// Every group first (set-up, not measured: rules name groups), then the first `total` other events.
const created: unknown[] = [];
const stream: unknown[] = [];
for await (const chunk of readEventChunks(file, batch)) {
  for (const e of chunk) {
    if ((e as Ev).type === 'group_created') created.push(e);
    else if (stream.length < total) stream.push(e);
  }
}
// 5% of deliveries twice: the same event again, later in the stream.
let seed = 7;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const deliveries: unknown[] = [];
const again: unknown[] = [];
for (const e of stream) {
  deliveries.push(e);
  if (rand() < 0.05) again.push(e);
  if (again.length > 0 && rand() < 0.05) deliveries.push(again.shift()!);
}
deliveries.push(...again);
const duplicated = deliveries.length - stream.length;

async function setUp(db: Database, withRules: boolean) {
  const w = await ensureWorkspace(db, 'bench');
  const a = await ensurePlatformAccount(db, w.id, 'sandbox', 'bench', 'bench');
  const scope = { workspaceId: w.id, accountId: a.id, timezone: w.timezone };
  // As the stack runs: the reactor loop follows each projection, beside ingest.
  const loop = startReactorLoop({ db, logger: pino({ level: 'silent' }), reactors: [automationReactor], pollMs: 200 });
  const queue = createIngestQueue(db, { batchSize: batch, flushMs: 5, onProjected: (id) => loop.projected(id) });
  for (let i = 0; i < created.length; i += delivery) await queue.submit(scope, created.slice(i, i + delivery));
  await queue.drain();
  await loop.runNow();
  let rules = 0;
  if (withRules) {
    const groups = await db.query<{ id: number; i: number }>('select id, row_number() over (order by id)::int as i from groups where workspace_id = $1', [w.id]);
    const t = performance.now();
    const all: RuleDefinitionInput[] = [];
    for (const g of groups) {
      const only = { kind: 'groups' as const, groupIds: [g.id] };
      const defs: RuleDefinitionInput[] = [
        { name: `welcome ${g.i}`, scope: only, trigger: { kind: 'join' }, actions: [{ kind: 'tag', tag: `joined-${g.i % 10}` }] },
        { name: `vip welcome ${g.i}`, scope: only, trigger: { kind: 'join' }, conditions: [{ kind: 'member_tag', tag: 'vip' }], actions: [{ kind: 'private_message', template: '尊敬的 {name}，欢迎' }] },
        { name: `goodbye ${g.i}`, scope: only, trigger: { kind: 'leave' }, actions: [{ kind: 'notify_operator', template: '{name} 退出了 {group}' }] },
        { name: `price ${g.i}`, scope: only, trigger: { kind: 'keyword', keywords: ['价格', 'price'] }, actions: [{ kind: 'post', template: '{name}，价格请看群公告' }] },
        { name: `coupon ${g.i}`, scope: only, trigger: { kind: 'keyword', keywords: ['优惠券', 'coupon'] }, conditions: [{ kind: 'quiet_hours', from: '23:00', to: '07:00' }], actions: [{ kind: 'post', template: '优惠券在这里领取' }] },
        { name: `order ${g.i}`, scope: only, trigger: { kind: 'keyword', keywords: ['怎么下单'], match: 'exact' }, actions: [{ kind: 'post', template: '下单链接见置顶' }] },
        { name: `vip talk ${g.i}`, scope: only, trigger: { kind: 'message' }, conditions: [{ kind: 'member_tag', tag: 'vip' }], actions: [{ kind: 'tag', tag: 'vip-active' }] },
        { name: `morning ${g.i}`, scope: only, trigger: { kind: 'schedule', cron: '0 9 * * 1-5' }, conditions: [{ kind: 'day_type', days: ['workday'] }], actions: [{ kind: 'post', template: '早上好' }] },
        { name: `silent ${g.i}`, scope: only, trigger: { kind: 'inactivity', of: 'group', days: 7 }, actions: [{ kind: 'notify_operator', template: '{group} 已沉默 {days} 天' }] },
        { name: `full ${g.i}`, scope: only, trigger: { kind: 'threshold', size: 180 }, actions: [{ kind: 'notify_operator', template: '{group} 快满了' }] },
      ];
      all.push(...defs.slice(0, RULES_PER_GROUP));
    }
    rules = (await createRules(db, w.id, all, null)).length;
    await saveWelcomeSettings(db, w.id, 0, { enabled: true, batchSize: 5, batchMinutes: 10, nicknamePattern: '城市-姓名-行业' });
    console.log(`  ${fmt(rules)} rules created in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  return { scope, queue, loop, rules };
}

/** Seconds until the reactor had answered every event of the rounds (ingest included), per database. */
const endToEnd = new Map<Database, number>();

/**
 * One round: the ingest time (every event stored and projected, the reactor loop running beside
 * it as in the stack) is returned; the time until the reactor also caught up is added to endToEnd.
 */
async function round(db: Database, s: Awaited<ReturnType<typeof setUp>>, part: unknown[]): Promise<number> {
  const t = performance.now();
  const submits: Promise<unknown>[] = [];
  for (let i = 0; i < part.length; i += delivery) submits.push(s.queue.submit(s.scope, part.slice(i, i + delivery)));
  await Promise.all(submits);
  await s.queue.drain();
  const ingestS = (performance.now() - t) / 1000;
  await s.loop.runNow();
  while (await reactPending(db, s.scope.workspaceId, [automationReactor]) > 0) { /* until caught up */ }
  endToEnd.set(db, (endToEnd.get(db) ?? 0) + (performance.now() - t) / 1000);
  return ingestS;
}

const out: Record<string, number | boolean> = { events: stream.length, duplicatedDeliveries: duplicated };
let met = true;
for (const engine of engines()) {
  console.log(`\n${engine}: ${fmt(stream.length)} events (+${fmt(duplicated)} duplicated deliveries), ${rounds} alternating rounds`);
  const plainDb = await benchDatabase(engine);
  const rulesDb = await benchDatabase(engine);
  try {
    const plain = await setUp(plainDb.db, false);
    const withRules = await setUp(rulesDb.db, true);
    let plainS = 0, rulesS = 0;
    const per = Math.ceil(deliveries.length / rounds);
    for (let r = 0; r < rounds; r++) {
      const part = deliveries.slice(r * per, (r + 1) * per);
      const a = r % 2 === 0 ? await round(plainDb.db, plain, part) : 0;
      const b = await round(rulesDb.db, withRules, part);
      const c = r % 2 === 1 ? await round(plainDb.db, plain, part) : a;
      plainS += c; rulesS += b;
      console.log(`  round ${r + 1}: no rules ${c.toFixed(2)} s, rules ${b.toFixed(2)} s`);
    }
    const ws = withRules.scope.workspaceId;
    // A re-read: 5% of the stored events handed to the reactor again.
    const stored = await rulesDb.db.query<Record<string, unknown>>(
      `select seq, account_id as "accountId", 'sandbox' as platform, false as imported, type, group_id as "groupId", member_id as "memberId",
              message_id as "messageId", occurred_at as "occurredAt", received_at as "receivedAt", payload
         from events where workspace_id = $1 and type in ('join', 'leave', 'message') and seq % 20 = 0 order by seq`, [ws]);
    const before = (await rulesDb.db.query<{ n: number }>('select count(*)::int as n from outbox_actions where workspace_id = $1', [ws]))[0]!.n;
    await rulesDb.db.transaction((tx) => automationReactor.react(tx, ws, stored as never));
    const afterReRead = (await rulesDb.db.query<{ n: number }>('select count(*)::int as n from outbox_actions where workspace_id = $1', [ws]))[0]!.n;
    const executions = (await rulesDb.db.query<{ n: number }>('select count(*)::int as n from automation_executions where workspace_id = $1', [ws]))[0]!.n;
    // Duplicates: an event that executed a rule twice, a join welcomed twice, an action enqueued twice for one cause.
    const [dupExec] = await rulesDb.db.query<{ n: number }>(
      `select count(*)::int as n from (select rule_id, version, cause->>'eventId' from automation_executions where workspace_id = $1 and cause ? 'eventId'
         group by 1, 2, 3 having count(*) > 1) d`, [ws]);
    const [dupWelcome] = await rulesDb.db.query<{ n: number }>(
      `select count(*)::int as n from (select b.group_id, m from welcome_batches b, unnest(b.member_ids) m where b.workspace_id = $1 group by 1, 2
         having count(*) > (select count(*) from events e where e.workspace_id = $1 and e.type = 'join' and e.group_id = b.group_id and e.member_id = m)) d`, [ws]);
    const [joins] = await rulesDb.db.query<{ n: number; welcomed: number; pending: number }>(
      `select (select count(*)::int from events where workspace_id = $1 and type = 'join') as n,
              (select count(*)::int from welcome_pending where workspace_id = $1 and batch_id is not null) as welcomed,
              (select count(*)::int from welcome_pending where workspace_id = $1 and batch_id is null) as pending`, [ws]);
    const duplicates = dupExec!.n + dupWelcome!.n + (afterReRead - before);
    const ratio = (stream.length / rulesS) / (stream.length / plainS);
    const plainE2E = endToEnd.get(plainDb.db) ?? plainS, rulesE2E = endToEnd.get(rulesDb.db) ?? rulesS;
    const e2eRatio = plainE2E / rulesE2E;
    console.log(`  ingest (stored and projected, reactor loop running beside it):`);
    console.log(`    no rules:  ${fmt(stream.length / plainS)} events/s (${plainS.toFixed(1)} s)`);
    console.log(`    10k rules: ${fmt(stream.length / rulesS)} events/s (${rulesS.toFixed(1)} s) → ${(ratio * 100).toFixed(1)}% (target ≥ 80%)`);
    console.log(`  end to end (until every event was also answered by the automation reactor):`);
    console.log(`    no rules:  ${fmt(stream.length / plainE2E)} events/s (${plainE2E.toFixed(1)} s)`);
    console.log(`    10k rules: ${fmt(stream.length / rulesE2E)} events/s (${rulesE2E.toFixed(1)} s) → ${(e2eRatio * 100).toFixed(1)}%`);
    console.log(`  executions ${fmt(executions)}, outbox actions ${fmt(afterReRead)}, joins ${fmt(joins!.n)}: welcomed ${fmt(joins!.welcomed)}, waiting for their batch ${fmt(joins!.pending)}`);
    console.log(`  duplicates: ${duplicates} (executions ${dupExec!.n}, welcomes ${dupWelcome!.n}, actions from the re-read ${afterReRead - before})`);

    // Dispatch: the recording connector answers at once, so the time is the dispatcher's and the limits'.
    const connector = new RecordingConnector('sandbox');
    // The moment each send reached the "platform" (not the slot the dispatcher recorded).
    const actual: Array<{ groupId: string | undefined; at: number }> = [];
    connector.before = (call) => { actual.push({ groupId: call.groupId ?? call.userId, at: Date.now() }); };
    const deps = { db: rulesDb.db, connector: () => connector };
    const start = Date.now();
    while (Date.now() - start < dispatchSeconds * 1000) {
      const r = await dispatchDue(deps, ws, { limit: 2000 });
      if (r.nextDueAt && r.sent === 0) await new Promise((res) => setTimeout(res, Math.max(5, Math.min(200, r.nextDueAt!.getTime() - Date.now()))));
    }
    const sent = actual.sort((a, b) => a.at - b.at);
    const limits = limitsOf('sandbox');
    const perGroup = new Map<string | undefined, number>();
    const groupTimes = new Map<string | undefined, number[]>();
    for (const s of sent) {
      perGroup.set(s.groupId, (perGroup.get(s.groupId) ?? 0) + 1);
      groupTimes.set(s.groupId, [...(groupTimes.get(s.groupId) ?? []), s.at]);
    }
    // Sends over a limit at the platform, as the sandbox counts them (sliding windows over the actual times).
    const over = (times: number[], limit: number, windowMs: number) => times.filter((t, i) => i >= limit && t - times[i - limit]! < windowMs).length;
    const overLimit = over(sent.map((s) => s.at), limits.perAccountPerSecond, 1000)
      + [...groupTimes.values()].reduce((n, times) => n + over(times, limits.perGroupPerMinute, 60_000), 0);
    // The least time the limits allow for these sends: a sliding second per account, a sliding minute per group.
    const minS = Math.max(Math.ceil(sent.length / limits.perAccountPerSecond) - 1, ...[...perGroup.values()].map((n) => (Math.ceil(n / limits.perGroupPerMinute) - 1) * 60), 1);
    const tookS = sent.length > 1 ? (sent.at(-1)!.at - sent[0]!.at) / 1000 : 0;
    const dispatchRatio = tookS / minS;
    const platformDuplicates = connector.calls.length - new Set(connector.calls.map((c) => c.message?.clientKey)).size;
    console.log(`  dispatch: ${fmt(sent.length)} sent in ${tookS.toFixed(1)} s; the limits allow ${minS} s at best → ${dispatchRatio.toFixed(2)}× (target ≤ 1.1×); over a limit at the platform: ${overLimit}; sent twice: ${platformDuplicates}`);
    const ok = ratio >= 0.8 && dispatchRatio <= 1.1 && overLimit === 0 && duplicates === 0 && platformDuplicates === 0 && joins!.welcomed + joins!.pending >= 0;
    met &&= ok;
    Object.assign(out, {
      [`${engine}PlainEventsPerS`]: Math.round(stream.length / plainS), [`${engine}RulesEventsPerS`]: Math.round(stream.length / rulesS),
      [`${engine}Ratio`]: Number(ratio.toFixed(3)), [`${engine}EndToEndRatio`]: Number(e2eRatio.toFixed(3)), [`${engine}Executions`]: executions, [`${engine}Actions`]: afterReRead,
      [`${engine}Duplicates`]: duplicates + platformDuplicates, [`${engine}Sent`]: sent.length, [`${engine}DispatchRatio`]: Number(dispatchRatio.toFixed(3)), [`${engine}OverLimit`]: overLimit,
      rules: withRules.rules,
    });
    await plain.queue.close();
    await withRules.queue.close();
    await plain.loop.stop();
    await withRules.loop.stop();
  } finally {
    await plainDb.drop();
    await rulesDb.drop();
  }
}
console.log(JSON.stringify({ bench: 'automation', ...out, peakRssMb: peakRssMb(), met }));
