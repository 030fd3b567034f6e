import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../test/support/engines.ts';
import { ingestScope } from '../../test/support/ingest-scope.ts';
import type { Database } from '../db/database.ts';
import type { PlatformEventInput } from '../events/envelope.ts';
import { ingestBatch, type IngestScope } from '../events/ingest.ts';
import { reactPending } from '../events/reactors.ts';
import { dryRun } from './dry-run.ts';
import { emitAutomationEvent } from './engine.ts';
import { registerActivityStarter } from './hooks.ts';
import { runAutomationTick } from './jobs.ts';
import { automationReactor } from './reactor.ts';
import { RuleDefinition, type RuleDefinitionInput } from './rules.ts';
import { createRule, ruleVersion, updateRule } from './store.ts';
import { saveWelcomeSettings } from './welcome-store.ts';
import { ensurePlatformAccount } from '../workspaces/workspaces.ts';
import { RecordingConnector } from '../../test/fakes/recording-connector.ts';
import { dispatchDue } from '../outbox/dispatch.ts';
import { PlatformError } from '../connectors/connector.ts';
import { listWelcomeBatches } from './queries.ts';

// Now, to the minute: the welcome window is measured against the clock.
const T0 = Math.floor(Date.now() / 60_000) * 60_000;
/** 09:10 in Shanghai (01:10 UTC) on the day after T0 (Shanghai date). */
const NINE_AM_NEXT_DAY = (() => { const d = new Date(T0 + 8 * 3600_000); return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1, 1, 10)); })();
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const join = (id: string, group: string, user: string, minutes: number, name = user): PlatformEventInput =>
  ({ type: 'join', eventId: id, occurredAt: at(minutes), groupId: group, userId: user, name });
const message = (id: string, group: string, user: string, minutes: number, text: string): PlatformEventInput =>
  ({ type: 'message', eventId: id, occurredAt: at(minutes), groupId: group, userId: user, messageId: `m-${id}`, text });

async function setUp(db: Database, slug: string): Promise<IngestScope> {
  const scope = await ingestScope(db, slug);
  await ingestBatch(db, scope, [{ type: 'group_created', eventId: `${slug}-g1`, occurredAt: at(-600), groupId: 'g1', name: '读书会', capacity: 500 },
    { type: 'group_created', eventId: `${slug}-g2`, occurredAt: at(-600), groupId: 'g2', name: 'VIP', capacity: 500 }]);
  await reactPending(db, scope.workspaceId, [automationReactor]);
  return scope;
}

async function ingestAndReact(db: Database, scope: IngestScope, events: PlatformEventInput[]): Promise<void> {
  await ingestBatch(db, scope, events);
  await reactPending(db, scope.workspaceId, [automationReactor]);
}

const outbox = (db: Database, ws: number, like = 'automation:%') =>
  db.query<{ key: string; kind: string; text: string; groupId: number; memberId: number | null }>(
    `select key, kind, payload->>'text' as text, group_id as "groupId", member_id as "memberId" from outbox_actions where workspace_id = $1 and key like $2 order by key`, [ws, like]);
const executions = (db: Database, ws: number) =>
  db.query<{ ruleId: number; version: number; trigger: string; key: string }>(`select rule_id as "ruleId", version, trigger, key from automation_executions where workspace_id = $1 order by id`, [ws]);
const groupId = async (db: Database, ws: number, pid: string) =>
  (await db.query<{ id: number }>('select id from groups where workspace_id = $1 and platform_group_id = $2', [ws, pid]))[0]!.id;
const memberId = async (db: Database, ws: number, user: string) =>
  (await db.query<{ id: number }>('select member_id as id from member_identities where workspace_id = $1 and platform_user_id = $2', [ws, user]))[0]!.id;
const rule = (def: Partial<RuleDefinitionInput> & Pick<RuleDefinitionInput, 'trigger'>): RuleDefinitionInput =>
  ({ name: def.trigger.kind, actions: [{ kind: 'post', template: `${def.trigger.kind}: {name} @ {group}` }], ...def });

forEachEngine('automation rules', (ctx) => {
  test('join, leave, message and keyword rules execute once per event, whatever the deliveries', async () => {
    const { db } = ctx();
    const scope = await setUp(db, 'events');
    const ws = scope.workspaceId;
    await createRule(db, ws, rule({ trigger: { kind: 'join' } }), null);
    await createRule(db, ws, rule({ trigger: { kind: 'leave' } }), null);
    await createRule(db, ws, rule({ trigger: { kind: 'message' }, scope: { kind: 'groups', groupIds: [await groupId(db, ws, 'g2')] } }), null);
    await createRule(db, ws, rule({ trigger: { kind: 'keyword', keywords: ['价格'] }, actions: [{ kind: 'private_message', template: '{name}，价格请看置顶' }, { kind: 'tag', tag: 'asked-price' }] }), null);
    const events: PlatformEventInput[] = [
      join('j1', 'g1', 'ann', 0, 'Ann'), join('j2', 'g2', 'ben', 1, 'Ben'),
      message('m1', 'g1', 'ann', 2, '这个价格多少？'), message('m2', 'g2', 'ben', 3, 'hello'),
      { type: 'leave', eventId: 'l1', occurredAt: at(4), groupId: 'g2', userId: 'ben' },
    ];
    // Reordered, and every event delivered twice (once in the same batch, once in a later one).
    const shuffled = [events[4]!, events[2]!, events[0]!, events[3]!, events[1]!];
    await ingestAndReact(db, scope, [...shuffled, events[0]!, events[2]!]);
    await ingestAndReact(db, scope, events);
    const done = await executions(db, ws);
    assert.deepEqual(done.map((x) => x.trigger).sort(), ['join', 'join', 'keyword', 'leave', 'message']);
    const sent = await outbox(db, ws);
    assert.equal(sent.length, 5, 'two join posts, one leave post, one message post (g2 only), one private message (a tag is not an outbox action)');
    assert.equal(new Set(sent.map((s) => s.key)).size, sent.length);
    assert.ok(sent.some((s) => s.kind === 'post' && s.text === 'join: Ann @ 读书会'));
    const ann = await memberId(db, ws, 'ann');
    assert.ok(sent.some((s) => s.kind === 'private_message' && s.text === 'Ann，价格请看置顶' && s.memberId === ann));
    const tags = await db.query<{ tag: string }>('select tag from member_tags where workspace_id = $1 and member_id = $2', [ws, ann]);
    assert.deepEqual(tags.map((t) => t.tag), ['asked-price']);
    // The reactor handed the same events again (a re-read after a crash) claims nothing new.
    const stored = await db.query<Record<string, unknown>>(
      `select seq, account_id as "accountId", false as imported, type, group_id as "groupId", member_id as "memberId", message_id as "messageId", occurred_at as "occurredAt", payload
         from events where workspace_id = $1 order by seq`, [ws]);
    await db.transaction((tx) => automationReactor.react(tx, ws, stored as never));
    assert.equal((await executions(db, ws)).length, 5);
    assert.equal((await outbox(db, ws)).length, 5);
  });

  test('a join reported late runs within the rule\'s window while the member is in the group; otherwise it is logged as skipped', async () => {
    const { db } = ctx();
    const scope = await setUp(db, 'late');
    const ws = scope.workspaceId;
    await createRule(db, ws, rule({ trigger: { kind: 'join' } }), null); // default window: 3 days
    await createRule(db, ws, rule({ name: 'strict', trigger: { kind: 'join', lateWithinDays: 1 }, actions: [{ kind: 'post', template: 'strict {name}' }] }), null);
    await saveWelcomeSettings(db, ws, 0, { enabled: true, batchSize: 1, batchMinutes: 0 });
    const day = 24 * 60;
    // Reported now: ann joined 2 days ago and is in g1; ben joined 2 days ago and left since; cid joined 5 days ago;
    // dan's join is history (imported) and never runs anything.
    await ingestAndReact(db, scope, [
      join('late-ann', 'g1', 'ann', -2 * day, 'Ann'),
      join('late-ben', 'g1', 'ben', -2 * day, 'Ben'), { type: 'leave', eventId: 'late-ben-left', occurredAt: at(-day), groupId: 'g1', userId: 'ben' },
      join('late-cid', 'g2', 'cid', -5 * day, 'Cid'),
    ]);
    const exportAccount = await ensurePlatformAccount(db, ws, 'telegram-export', 'history', 'history');
    await ingestBatch(db, { ...scope, accountId: exportAccount.id }, [join('old-dan', 'g1', 'dan', -2 * day, 'Dan')]);
    await reactPending(db, ws, [automationReactor]);
    const log = await db.query<{ name: string; member: string; skipped: string | null; actions: unknown[] }>(
      `select r.name, m.display_name as member, x.skipped, x.actions from automation_executions x
         join automation_rules r on r.workspace_id = x.workspace_id and r.id = x.rule_id
         join members m on m.workspace_id = x.workspace_id and m.id = x.member_id
        where x.workspace_id = $1 and x.trigger = 'join' order by m.display_name, r.name`, [ws]);
    const byKey = new Map(log.map((l) => [`${l.member}/${l.name}`, l]));
    assert.equal(byKey.get('Ann/join')!.skipped, null, 'within 3 days and still in the group: welcomed');
    assert.equal(byKey.get('Ann/join')!.actions.length, 1);
    assert.match(byKey.get('Ann/strict')!.skipped ?? '', /beyond the rule's 1-day window/);
    assert.match(byKey.get('Ben/join')!.skipped ?? '', /no longer in the group/);
    assert.match(byKey.get('Cid/join')!.skipped ?? '', /seen 5 days after it happened, beyond the rule's 3-day window/);
    assert.ok(![...byKey.keys()].some((k) => k.startsWith('Dan/')), 'imported history is never acted on, not even logged');
    const posts = await outbox(db, ws);
    assert.deepEqual(posts.map((p) => p.text), ['join: Ann @ 读书会']);
    // The welcome ritual too: Ann is welcomed (late, within its 3 days), Ben (left) and Cid (too late) are not.
    const batches = await listWelcomeBatches(db, ws, { limit: 10 });
    assert.deepEqual(batches.flatMap((b) => b.names), ['Ann']);
    // Delivered again: nothing new, the skips are logged once.
    await ingestAndReact(db, scope, [join('late-ann', 'g1', 'ann', -2 * day, 'Ann'), join('late-cid', 'g2', 'cid', -5 * day, 'Cid')]);
    const stored = await db.query<Record<string, unknown>>(
      `select seq, account_id as "accountId", false as imported, type, group_id as "groupId", member_id as "memberId", message_id as "messageId", occurred_at as "occurredAt", payload
         from events where workspace_id = $1 and type = 'join' and account_id = $2 order by seq`, [ws, scope.accountId]);
    await db.transaction((tx) => automationReactor.react(tx, ws, stored as never));
    assert.equal((await db.query('select 1 from automation_executions where workspace_id = $1 and trigger = \'join\'', [ws])).length, log.length);
    assert.equal((await outbox(db, ws)).length, 1);
  });

  test("Qunyun's own posts coming back and bots' messages trigger nothing (a reply with its keyword does not answer itself)", async () => {
    const { db } = ctx();
    const scope = await setUp(db, 'echo');
    const ws = scope.workspaceId;
    await createRule(db, ws, rule({ trigger: { kind: 'keyword', keywords: ['价格'] }, actions: [{ kind: 'post', template: '价格请看群公告' }] }), null);
    await ingestAndReact(db, scope, [message('q1', 'g1', 'ann', 0, '价格多少')]);
    const connector = new RecordingConnector();
    assert.equal((await dispatchDue({ db, connector: () => connector }, ws)).sent, 1);
    const [sent] = await db.query<{ id: string }>(`select platform_message_id as id from outbox_actions where workspace_id = $1`, [ws]);
    // The platform reports the bot's post as a message, and another bot writes the keyword.
    await ingestAndReact(db, scope, [
      { type: 'message', eventId: 'echo', occurredAt: at(1), groupId: 'g1', userId: 'our-bot', messageId: sent!.id, text: '价格请看群公告' },
      { type: 'join', eventId: 'bj', occurredAt: at(1), groupId: 'g1', userId: 'other-bot', name: 'Other', isBot: true },
      message('b1', 'g1', 'other-bot', 2, '最新价格表'),
    ]);
    assert.equal((await executions(db, ws)).length, 1);
  });

  test('a new version executes under its own key and the log names it', async () => {
    const { db } = ctx();
    const scope = await setUp(db, 'versions');
    const ws = scope.workspaceId;
    const r = await createRule(db, ws, rule({ trigger: { kind: 'join' } }), null);
    await ingestAndReact(db, scope, [join('a', 'g1', 'u1', 0)]);
    await updateRule(db, ws, r.id, rule({ trigger: { kind: 'join' }, actions: [{ kind: 'post', template: 'v2 {name}' }] }), null);
    await ingestAndReact(db, scope, [join('b', 'g1', 'u2', 1)]);
    assert.deepEqual((await executions(db, ws)).map((x) => x.version), [1, 2]);
    assert.equal((await ruleVersion(db, ws, r.id, 1))?.actions[0]?.kind, 'post');
    assert.deepEqual((await outbox(db, ws)).map((o) => o.text), ['join: u1 @ 读书会', 'v2 u2']);
  });

  test('conditions: member tags and group layer decide; imported history is never acted on', async () => {
    const { db } = ctx();
    const scope = await setUp(db, 'conditions');
    const ws = scope.workspaceId;
    await db.query(`update groups set layer = 'premium' where workspace_id = $1 and platform_group_id = 'g2'`, [ws]);
    await createRule(db, ws, rule({ trigger: { kind: 'message' }, conditions: [{ kind: 'group_layer', layers: ['premium'] }, { kind: 'member_tag', tag: 'vip' }] }), null);
    await ingestAndReact(db, scope, [message('x1', 'g2', 'vip1', 0, 'hi'), message('x2', 'g1', 'vip2', 0, 'hi')]);
    assert.equal((await executions(db, ws)).length, 0, 'nobody tagged vip yet');
    await db.query(`insert into member_tags (workspace_id, member_id, tag) values ($1, $2, 'vip'), ($1, $3, 'vip')`, [ws, await memberId(db, ws, 'vip1'), await memberId(db, ws, 'vip2')]);
    await ingestAndReact(db, scope, [message('x3', 'g2', 'vip1', 1, 'hi'), message('x4', 'g1', 'vip2', 1, 'hi')]);
    assert.equal((await executions(db, ws)).length, 1, 'only the premium group');
    // A history import (an *-export account) is stored and projected, never acted on.
    const exported = await ensurePlatformAccount(db, ws, 'telegram-export', 'chat-1', 'import');
    const importScope = { ...scope, accountId: exported.id };
    await ingestAndReact(db, importScope, [{ type: 'group_created', eventId: 'i0', occurredAt: at(-60), groupId: 'old', name: 'Old' },
      message('i1', 'old', 'vip1', 0, 'hi')]);
    await db.query(`update groups set layer = 'premium' where workspace_id = $1 and platform_group_id = 'old'`, [ws]);
    await ingestAndReact(db, importScope, [message('i2', 'old', 'vip1', 1, 'hi again')]);
    assert.equal((await executions(db, ws)).length, 1, 'no execution for imported events');
  });

  test('schedule, inactivity and threshold rules run from the tick once per slot, silence and crossing', async () => {
    const { db } = ctx();
    const scope = await setUp(db, 'timed');
    const ws = scope.workspaceId;
    const g1 = await groupId(db, ws, 'g1');
    await createRule(db, ws, rule({ trigger: { kind: 'schedule', cron: '0 9 * * *' }, scope: { kind: 'groups', groupIds: [g1] } }), null);
    await createRule(db, ws, rule({ trigger: { kind: 'threshold', size: 3 } }), null);
    await createRule(db, ws, rule({ trigger: { kind: 'inactivity', of: 'group', days: 3 }, actions: [{ kind: 'notify_operator', template: '{group} 已沉默 {days} 天' }] }), null);
    await createRule(db, ws, rule({ trigger: { kind: 'inactivity', of: 'member', days: 3 }, actions: [{ kind: 'private_message', template: '{name}，好久不见' }] }), null);
    await ingestAndReact(db, scope, [join('t1', 'g1', 'a', 0), join('t2', 'g1', 'b', 1), join('t3', 'g1', 'c', 2), message('t4', 'g1', 'a', 3, 'hi')]);
    const nineAm = NINE_AM_NEXT_DAY;
    const first = await runAutomationTick(db, ws, nineAm);
    const again = await runAutomationTick(db, ws, nineAm);
    assert.equal(again.executed, 0);
    const byTrigger = (await executions(db, ws)).reduce<Record<string, number>>((m, x) => ({ ...m, [x.trigger]: (m[x.trigger] ?? 0) + 1 }), {});
    assert.deepEqual(byTrigger, { schedule: 1, threshold: 1 }, 'nothing silent for 3 days yet');
    assert.equal(first.executed, 2);
    const later = new Date(nineAm.getTime() + 4 * 86_400_000);
    await runAutomationTick(db, ws, later);
    await runAutomationTick(db, ws, later);
    const after = (await executions(db, ws)).reduce<Record<string, number>>((m, x) => ({ ...m, [x.trigger]: (m[x.trigger] ?? 0) + 1 }), {});
    // The schedule slot of 4 days later, both groups silent (g2 never spoke), members a, b, c silent 3+ days.
    assert.deepEqual(after, { schedule: 2, threshold: 1, inactivity: 5 });
    const notes = await db.query<{ text: string }>('select text from automation_notifications where workspace_id = $1 order by text', [ws]);
    assert.deepEqual(notes.map((n) => n.text), ['VIP 已沉默 3 天', '读书会 已沉默 3 天']);
  });

  test('activity events run activity rules once per occurrence; start_activity goes to the registered starter', async () => {
    const { db } = ctx();
    const scope = await setUp(db, 'activity');
    const ws = scope.workspaceId;
    await ingestAndReact(db, scope, [join('s1', 'g1', 'kim', 0, 'Kim')]);
    const started: string[] = [];
    registerActivityStarter(async (_tx, _ws, s) => { started.push(`${s.activity}:${s.key}`); return { started: true }; });
    try {
      await createRule(db, ws, rule({
        trigger: { kind: 'activity', event: 'streak_reached', atLeast: 7 },
        actions: [{ kind: 'post', template: '{name} 连续打卡 {value} 天！' }, { kind: 'start_activity', activity: 'lottery', params: { prize: 'book' } }],
      }), null);
      const g1 = await groupId(db, ws, 'g1');
      const kim = await memberId(db, ws, 'kim');
      for (const value of [3, 7, 7]) {
        await db.transaction((tx) => emitAutomationEvent(tx, ws, { name: 'streak_reached', groupId: g1, memberId: kim, data: { value }, key: `streak:${kim}:${value}` }));
      }
      assert.deepEqual((await outbox(db, ws)).map((o) => o.text), ['Kim 连续打卡 7 天！']);
      assert.equal(started.length, 1);
    } finally {
      registerActivityStarter(null);
    }
  });

  test('dry run lists what a rule would have done over the last days, writing nothing', async () => {
    const { db } = ctx();
    const scope = await setUp(db, 'dry');
    const ws = scope.workspaceId;
    await ingestAndReact(db, scope, [join('d1', 'g1', 'p', 0, 'Pat'), message('d2', 'g1', 'p', 1, '请问价格'), message('d3', 'g2', 'q', 2, 'hello')]);
    const def = RuleDefinition.parse(rule({ trigger: { kind: 'keyword', keywords: ['价格'] } }));
    const result = await dryRun(db, ws, { ...def, id: 0, version: 0 }, 7, new Date(T0 + 3600_000));
    assert.equal(result.wouldExecute, 1);
    assert.deepEqual(result.items[0]!.actions, ['post: keyword: Pat @ 读书会']);
    assert.equal((await executions(db, ws)).length, 0);
  });
});

forEachEngine('welcome ritual', (ctx) => {
  test('a burst of joins with duplicated and reordered deliveries: every newcomer welcomed once, in batches', async () => {
    const { db } = ctx();
    const scope = await setUp(db, 'welcome');
    const ws = scope.workspaceId;
    await saveWelcomeSettings(db, ws, 0, { enabled: true, batchSize: 5, batchMinutes: 10, purpose: '一起读书', rulesLink: 'https://example.org/rules', nicknamePattern: '城市-姓名-行业' });
    const joins: PlatformEventInput[] = [];
    for (let i = 0; i < 203; i++) joins.push(join(`w${i}`, i % 3 === 0 ? 'g2' : 'g1', `n${i}`, i % 7, i % 4 === 0 ? `上海-N${i}-IT` : `N${i}`));
    // 5% delivered twice, everything shuffled, in uneven batches.
    const deliveries = [...joins, ...joins.filter((_, i) => i % 20 === 0)];
    for (let i = deliveries.length - 1; i > 0; i--) { const j = (i * 7919) % (i + 1); [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!]; }
    for (let i = 0; i < deliveries.length; i += 37) await ingestAndReact(db, scope, deliveries.slice(i, i + 37));
    await runAutomationTick(db, ws, new Date(T0 + 30 * 60_000));
    const batches = await db.query<{ memberIds: number[]; groupId: number; text: string }>(`select member_ids as "memberIds", group_id as "groupId", text from welcome_batches where workspace_id = $1`, [ws]);
    const welcomed = batches.flatMap((b) => b.memberIds);
    assert.equal(welcomed.length, 203, 'every newcomer named');
    assert.equal(new Set(welcomed).size, 203, 'none named twice');
    assert.ok(batches.every((b) => b.memberIds.length <= 5));
    assert.ok(batches.length <= Math.ceil(203 / 5) + 2, `${batches.length} welcomes for 203 joins`);
    assert.equal((await db.query('select 1 from welcome_pending where workspace_id = $1 and batch_id is null', [ws])).length, 0);
    const posts = await outbox(db, ws, 'welcome:%');
    assert.equal(posts.filter((p) => /^welcome:\d+$/.test(p.key)).length, batches.length);
    assert.ok(posts.some((p) => p.key.endsWith(':nickname') && /城市-姓名-行业/.test(p.text)));
    assert.match(batches[0]!.text, /一起读书/);
    assert.match(batches[0]!.text, /https:\/\/example.org\/rules/);
  });

  test('a join reached later than its window (a backfill, a connector down for days) is neither welcomed nor acted on', async () => {
    const { db } = ctx();
    const scope = await setUp(db, 'late');
    const ws = scope.workspaceId;
    await saveWelcomeSettings(db, ws, 0, { enabled: true, batchSize: 1 });
    await createRule(db, ws, rule({ trigger: { kind: 'join' } }), null);
    await ingestAndReact(db, scope, [join('old', 'g1', 'o', -4 * 24 * 60), join('new', 'g1', 'n', 0)]);
    assert.deepEqual((await outbox(db, ws, '%')).map((o) => o.text), ['join: n @ 读书会', '欢迎 @n 加入「读书会」！\n群规：\n请按「城市-姓名-行业」的格式做个自我介绍吧～']);
  });

  test('a welcome the platform refused is listed as failed with its reason', async () => {
    const { db } = ctx();
    const scope = await setUp(db, 'refused');
    const ws = scope.workspaceId;
    await saveWelcomeSettings(db, ws, 0, { enabled: true, batchSize: 2 });
    await ingestAndReact(db, scope, [join('r1', 'g1', 'x', 0, 'Xu'), join('r2', 'g1', 'y', 0, 'Yang')]);
    const connector = new RecordingConnector();
    connector.before = () => { throw new PlatformError('bot was removed from the group', 403, 'forbidden'); };
    await dispatchDue({ db, connector: () => connector }, ws);
    const failed = await listWelcomeBatches(db, ws, { failedOnly: true, limit: 10 });
    assert.equal(failed.length, 1);
    assert.deepEqual(failed[0]!.names, ['Xu', 'Yang']);
    assert.ok(['failed', 'unsupported'].includes(failed[0]!.state));
    assert.match(failed[0]!.error ?? '', /removed from the group/);
  });

  test('seed members get a greeting task, done when they next write', async () => {
    const { db } = ctx();
    const scope = await setUp(db, 'greet');
    const ws = scope.workspaceId;
    await ingestAndReact(db, scope, [message('s0', 'g1', 'seed', -5, 'hi')]);
    const seed = await memberId(db, ws, 'seed');
    await saveWelcomeSettings(db, ws, await groupId(db, ws, 'g1'), { enabled: true, batchSize: 2, batchMinutes: 10, seedMemberIds: [seed] });
    await ingestAndReact(db, scope, [join('a1', 'g1', 'x', 0, 'Xu'), join('a2', 'g1', 'y', 0, 'Yang')]);
    const open = await db.query<{ doneAt: Date | null }>('select done_at as "doneAt" from welcome_greetings where workspace_id = $1', [ws]);
    assert.equal(open.length, 1);
    assert.equal(open[0]!.doneAt, null);
    const dm = await outbox(db, ws, 'welcome:%:greet:%');
    assert.equal(dm.length, 1);
    assert.match(dm[0]!.text, /@Xu @Yang/);
    await ingestAndReact(db, scope, [message('s1', 'g1', 'seed', 5, '欢迎欢迎')]);
    const done = await db.query<{ doneAt: Date | null }>('select done_at as "doneAt" from welcome_greetings where workspace_id = $1', [ws]);
    assert.ok(done[0]!.doneAt);
  });
});
