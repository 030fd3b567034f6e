/**
 * Moderation's operations side on both engines: the ladder carried out through the outbox as a
 * member offends again, a duplicated event acting once, the workspace ban list across platforms,
 * newcomer verification (button and timeout), undo, dry run, and the classifier trained from
 * operators' judgements. Events go in through ingest and the projector, the moderation reactor
 * answers them, and the outbox is dispatched to a recording connector.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../test/support/engines.ts';
import { ingestScope } from '../../test/support/ingest-scope.ts';
import { RecordingConnector } from '../../test/fakes/recording-connector.ts';
import type { Database } from '../db/database.ts';
import type { PlatformEventInput } from '../events/envelope.ts';
import { appendBatch, IdentityCache, type IngestScope } from '../events/ingest.ts';
import { projectPending } from '../events/projector.ts';
import { reactPending } from '../events/reactors.ts';
import { dispatchDue } from '../outbox/dispatch.ts';
import { ensurePlatformAccount } from '../workspaces/workspaces.ts';
import type { CasLookup } from './cas.ts';
import { banMember, exportBansCsv, findBan, importBansCsv, listBans } from './bans.ts';
import { linkedMembers, linkMembersTx, unlinkMemberTx } from '../members/people.ts';
import { confirmDecision, listQueue, ruleStats, undoDecision } from './decisions.ts';
import { dryRun } from './dry-run.ts';
import { DEFAULT_LADDER } from './ladder.ts';
import { moderationReactor } from './reactor.ts';
import { enableVersion, rulesInForce, saveDraft } from './rule-versions.ts';
import { ModerationOptions } from './settings.ts';
import { expireVerifications } from './verification.ts';
import { workspaceEngine } from './workspace-engine.ts';

const T0 = Date.UTC(2026, 5, 1, 12, 0);
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();
let n = 0;
const eid = () => `e${++n}`;

function join(groupId: string, userId: string, name: string, min: number): PlatformEventInput {
  return { type: 'join', eventId: eid(), occurredAt: at(min), groupId, userId, name };
}
function msg(groupId: string, userId: string, text: string, min: number, extra: Partial<PlatformEventInput> = {}): PlatformEventInput {
  const id = eid();
  return { type: 'message', eventId: id, messageId: `m-${id}`, occurredAt: at(min), groupId, userId, text, ...extra } as PlatformEventInput;
}

interface World { db: Database; s: IngestScope; reactor: ReturnType<typeof moderationReactor>; connector: RecordingConnector; now: { t: Date } }

async function world(db: Database, slug: string, platform = 'sandbox', cas?: CasLookup): Promise<World> {
  const s = await ingestScope(db, slug);
  if (platform !== 'sandbox') {
    const a = await ensurePlatformAccount(db, s.workspaceId, platform, `${platform}-${slug}`, platform);
    s.accountId = a.id;
  }
  const now = { t: new Date(T0) };
  const reactor = moderationReactor({ now: () => now.t, ...(cas ? { cas } : {}) });
  await reactPending(db, s.workspaceId, [reactor]); // the reactor's cursor starts here
  return { db, s, reactor, connector: new RecordingConnector(platform), now };
}

async function feed(w: World, events: PlatformEventInput[], scope: IngestScope = w.s): Promise<void> {
  await appendBatch(w.db, scope, events, new IdentityCache());
  await projectPending(w.db, scope.workspaceId);
  await reactPending(w.db, scope.workspaceId, [w.reactor]);
}

const dispatch = (w: World) => dispatchDue({ db: w.db, connector: () => w.connector }, w.s.workspaceId);

async function outbox(db: Database, workspaceId: number): Promise<Array<{ key: string; kind: string; state: string; payload: Record<string, unknown> }>> {
  return db.query('select key, kind, state, payload from outbox_actions where workspace_id = $1 order by id', [workspaceId]);
}

/** A workspace rule that only these tests' texts match, so that repeated offences fall under one rule. */
async function keywordRule(w: World, ladder = DEFAULT_LADDER): Promise<void> {
  const rules = { builtins: true, rules: [{ id: 'no-buy', name: '禁止刷单', detector: 'keywords' as const, category: 'custom' as const, keywords: ['紫葡萄券'], action: 'delete' as const, severity: 'high' as const }] };
  const v = await w.db.transaction((tx) => saveDraft(tx, w.s.workspaceId, { rules, ladder, options: ModerationOptions.parse({}) }, null));
  await w.db.transaction((tx) => enableVersion(tx, w.s.workspaceId, v.version));
}

async function memberId(db: Database, workspaceId: number, name: string): Promise<number> {
  const [r] = await db.query<{ id: number }>('select id from members where workspace_id = $1 and display_name = $2', [workspaceId, name]);
  return Number(r!.id);
}

async function memberIdByUser(db: Database, workspaceId: number, userId: string): Promise<number> {
  const [r] = await db.query<{ member_id: number }>('select member_id from member_identities where workspace_id = $1 and platform_user_id = $2', [workspaceId, userId]);
  return Number(r!.member_id);
}

forEachEngine('moderation operations', (ctx) => {
  test('the ladder: warn, then mute an hour, then a day; each step once through the outbox, the warning naming the member', async () => {
    const w = await world(ctx().db, 'mod-ladder');
    await keywordRule(w);
    await feed(w, [join('g1', 'u1', 'Alice', 0), join('g1', 'u2', 'Spammer', 0), msg('g1', 'u1', '大家好', 1)]);
    await feed(w, [msg('g1', 'u2', '紫葡萄券 第一次', 2)]);
    await feed(w, [msg('g1', 'u2', '快来 紫葡萄券', 3)]);
    await feed(w, [msg('g1', 'u2', '紫葡萄券！', 4)]);
    const q = await listQueue(w.db, w.s.workspaceId, { limit: 10, offset: 0 });
    assert.equal(q.total, 3, 'the clean message of Alice is not a decision');
    const byStrike = q.items.slice().sort((a, b) => a.strike! - b.strike!);
    assert.deepEqual(byStrike.map((d) => [d.strike, d.actions.join('+'), d.muteMinutes]), [[1, 'delete+warn', null], [2, 'delete+warn+mute', 60], [3, 'delete+warn+mute', 1440]]);
    assert.equal(byStrike[0]!.member?.name, 'Spammer');
    assert.ok(byStrike[0]!.evidence.length > 0 && byStrike[0]!.rule, 'the decision carries the engine’s rule and evidence');
    const r = await dispatch(w);
    assert.equal(r.sent, 8);
    const calls = w.connector.calls.map((c) => c.action);
    assert.deepEqual(calls.filter((c) => c === 'deleteMessage').length, 3);
    assert.deepEqual(calls.filter((c) => c === 'mute').length, 2);
    const warnings = w.connector.calls.filter((c) => c.action === 'sendToGroup').map((c) => c.message!.text);
    assert.equal(warnings.length, 3);
    assert.match(warnings[0]!, /Spammer/);
    assert.equal((await dispatch(w)).sent, 0, 'nothing is carried out twice');
  });

  test('a duplicated event acts once: re-delivered, or handed to the reactor twice', async () => {
    const w = await world(ctx().db, 'mod-dup');
    await feed(w, [join('g1', 'u2', 'Spammer', 0)]);
    const spam = msg('g1', 'u2', '加我微信 abc12345 有优惠', 1);
    await feed(w, [spam, spam]);
    await feed(w, [spam]);
    // Two processes answering the same event (the cursor makes this impossible; the keys make it harmless).
    const [ev] = await w.db.query<Record<string, unknown>>(`select seq, account_id, group_id, member_id, message_id, occurred_at, received_at, payload, type from events where workspace_id = $1 and type = 'message'`, [w.s.workspaceId]);
    const again = { seq: Number(ev!.seq), accountId: Number(ev!.account_id), platform: 'sandbox', imported: false, type: 'message' as const, groupId: Number(ev!.group_id),
      memberId: Number(ev!.member_id), messageId: String(ev!.message_id), occurredAt: ev!.occurred_at as Date, receivedAt: ev!.received_at as Date, payload: ev!.payload as never };
    await w.db.transaction((tx) => w.reactor.react(tx, w.s.workspaceId, [again]));
    await w.db.transaction((tx) => w.reactor.react(tx, w.s.workspaceId, [again]));
    assert.equal((await listQueue(w.db, w.s.workspaceId, { limit: 10, offset: 0 })).total, 1);
    const [strikes] = await w.db.query<{ count: number }>('select count from moderation_strikes where workspace_id = $1', [w.s.workspaceId]);
    assert.equal(strikes!.count, 1, 'one strike');
    const kinds = (await outbox(w.db, w.s.workspaceId)).map((a) => a.kind).sort();
    assert.deepEqual(kinds, ['delete_message', 'post']);
    await dispatch(w);
    assert.equal(w.connector.calls.filter((c) => c.action === 'deleteMessage').length, 1);
  });

  test('flood and duplicate checks see all the traffic when two processes take turns with the reactor', async () => {
    const db = ctx().db;
    const w = await world(db, 'mod-two-procs');
    // A second process: its own reactor instance, so its own caches and group states.
    const other = moderationReactor({ now: () => w.now.t });
    const runners = [w.reactor, other];
    let turn = 0;
    const feedAlternating = async (events: PlatformEventInput[]) => {
      await appendBatch(db, w.s, events, new IdentityCache());
      await projectPending(db, w.s.workspaceId);
      await reactPending(db, w.s.workspaceId, [runners[turn++ % 2]!]);
    };
    await feedAlternating([join('g1', 'u1', 'Flooder', 0), join('g1', 'u3', 'A', 0), join('g1', 'u4', 'B', 0), join('g1', 'u5', 'C', 0)]);
    // 12 messages in 24 s (the limit is 8 in 30 s), handed two at a time to each process in turn:
    // each process alone sees at most 6.
    for (let i = 0; i < 12; i += 2) {
      await feedAlternating([msg('g1', 'u1', `第${i}条 今天天气`, 1 + i / 30), msg('g1', 'u1', `第${i + 1}条 今天天气`, 1 + (i + 1) / 30)]);
    }
    const q = await listQueue(db, w.s.workspaceId, { limit: 20, offset: 0 });
    assert.ok(q.items.some((d) => d.rule === 'builtin:flood' && d.member?.name === 'Flooder'), `a flood decision: ${JSON.stringify(q.items.map((d) => d.rule))}`);
    // The same text from three newcomers, one message per turn: a duplicate wave.
    for (const u of ['u3', 'u4', 'u5']) await feedAlternating([msg('g1', u, '周末一起去看看那个新开的展览吧', 3)]);
    const q2 = await listQueue(db, w.s.workspaceId, { limit: 30, offset: 0 });
    assert.ok(q2.items.some((d) => d.rule === 'builtin:duplicate' && d.member?.name === 'C'), `a duplicate decision: ${JSON.stringify(q2.items.map((d) => d.rule))}`);
    // A process whose run was rolled back does not count the same messages twice.
    const fresh = await world(db, 'mod-rollback');
    await feed(fresh, [join('g1', 'u1', 'Calm', 0)]);
    const calm = [0, 1, 2, 3, 4, 5].map((i) => msg('g1', 'u1', `平常的第${i}句话 聊聊天`, 1 + i / 30));
    await appendBatch(db, fresh.s, calm, new IdentityCache());
    await projectPending(db, fresh.s.workspaceId);
    const failing = { ...fresh.reactor, react: async (tx: Parameters<typeof fresh.reactor.react>[0], ws: number, ev: Parameters<typeof fresh.reactor.react>[2]) => { await fresh.reactor.react(tx, ws, ev); throw new Error('boom'); } };
    await assert.rejects(reactPending(db, fresh.s.workspaceId, [failing]), /boom/);
    await reactPending(db, fresh.s.workspaceId, [fresh.reactor]);
    assert.equal((await listQueue(db, fresh.s.workspaceId, { limit: 10, offset: 0 })).total, 0, '6 messages are not 12');
  });

  test('one ban list across platforms: banning removes from every group, a banned person joining any group is removed at once; CSV round trip', async () => {
    const db = ctx().db;
    const w = await world(db, 'mod-ban');
    await feed(w, [join('g1', 'u2', 'Spammer', 0), join('g2', 'u2', 'Spammer', 0)]);
    const person = await memberId(db, w.s.workspaceId, 'Spammer');
    const tg = await ensurePlatformAccount(db, w.s.workspaceId, 'telegram', 'tg-mod-ban', 'tg bot');
    const tgScope = { ...w.s, accountId: tg.id };
    // The same person on Telegram, linked to the member (as an operator's merge of identities does).
    await appendBatch(db, tgScope, [msg('-100', '777', 'hi', 1)], new IdentityCache());
    await projectPending(db, w.s.workspaceId);
    await reactPending(db, w.s.workspaceId, [w.reactor]);
    await db.query(`update member_identities set member_id = $3 where workspace_id = $1 and account_id = $2`, [w.s.workspaceId, tg.id, person]);
    const b = await db.transaction((tx) => banMember(tx, w.s.workspaceId, { memberId: person, reason: 'spam waves', via: 'manual' }, null));
    assert.equal(b.created, true);
    assert.equal((await db.transaction((tx) => banMember(tx, w.s.workspaceId, { memberId: person, reason: 'again', via: 'manual' }, null))).created, false);
    const bans = (await outbox(db, w.s.workspaceId)).filter((a) => a.kind === 'ban');
    assert.equal(bans.length, 2, 'removed from both groups where they are');
    // They come back through another platform's group: removed at once.
    await feed(w, [join('-200', '777', 'Spammer2', 5)], tgScope);
    const q = await listQueue(db, w.s.workspaceId, { limit: 10, offset: 0 });
    assert.equal(q.items[0]!.source, 'join');
    assert.equal(q.items[0]!.rule, 'banlist');
    assert.equal((await outbox(db, w.s.workspaceId)).filter((a) => a.kind === 'ban').length, 3);
    const list = await listBans(db, w.s.workspaceId, { limit: 10, offset: 0 });
    assert.deepEqual(list.items[0]!.identities.map((i) => i.platform).sort(), ['sandbox', 'telegram']);
    const csv = await exportBansCsv(db, w.s.workspaceId);
    assert.match(csv, /^platform,user_id,member_id,reason,created_at\n/);
    assert.match(csv, /telegram,777,/);
    // Import into another workspace: an unknown identity is banned as it is and caught at its first join.
    const w2 = await world(db, 'mod-ban-2');
    const r = await db.transaction((tx) => importBansCsv(tx, w2.s.workspaceId, `${csv}sandbox,u9,,"says ""hi""",\nnonsense\n`, null));
    assert.deepEqual([r.banned, r.rejected.length], [3, 1]);
    await feed(w2, [join('g1', 'u9', 'Nine', 1)]);
    assert.equal((await listQueue(db, w2.s.workspaceId, { limit: 10, offset: 0 })).items[0]?.rule, 'banlist');
  });

  test('linked identities: a person banned as their Telegram member is removed when their linked WeCom member joins (a task: WeCom cannot remove)', async () => {
    const db = ctx().db;
    const w = await world(db, 'mod-linked', 'telegram');
    const wecom = await ensurePlatformAccount(db, w.s.workspaceId, 'wecom', 'wecom-mod-linked', 'wecom');
    const wcScope = { ...w.s, accountId: wecom.id };
    const sb = await ensurePlatformAccount(db, w.s.workspaceId, 'sandbox', 'sb-mod-linked', 'sandbox');
    const sbScope = { ...w.s, accountId: sb.id };
    await feed(w, [join('-100', '42', 'Spammer TG', 0)]);
    await feed(w, [msg('wr1', 'wm-42', '你好', 1)], wcScope);
    await feed(w, [msg('sg1', 's-42', 'hello', 1), msg('sg1', 's-43', 'bystander', 1)], sbScope);
    const tg = await memberId(db, w.s.workspaceId, 'Spammer TG');
    const [wcRow] = await db.query<{ member_id: number }>('select member_id from member_identities where workspace_id = $1 and account_id = $2', [w.s.workspaceId, wecom.id]);
    const wc = Number(wcRow!.member_id);
    const [sbRow] = await db.query<{ member_id: number }>(`select member_id from member_identities where workspace_id = $1 and account_id = $2 and platform_user_id = 's-42'`, [w.s.workspaceId, sb.id]);
    const sbm = Number(sbRow!.member_id);
    assert.notEqual(tg, wc);
    // The operator links the three as one person (WeCom to Telegram, then the sandbox one to the WeCom one).
    await db.transaction((tx) => linkMembersTx(tx, w.s.workspaceId, wc, tg, null));
    assert.deepEqual(await db.transaction((tx) => linkMembersTx(tx, w.s.workspaceId, sbm, wc, null)), [tg, wc, sbm].sort((a, b) => a - b));
    assert.deepEqual((await linkedMembers(db, w.s.workspaceId, tg)).map((m) => m.identities[0]!.platform).sort(), ['sandbox', 'wecom']);
    // Banned as the Telegram member: removed from the groups of every linked member, where the platform can.
    await db.transaction((tx) => banMember(tx, w.s.workspaceId, { memberId: tg, reason: 'spam waves', via: 'manual' }, null));
    const bans = (await outbox(db, w.s.workspaceId)).filter((a) => a.kind === 'ban');
    assert.equal(bans.length, 3, 'the Telegram group, the WeCom group (recorded unsupported: a task) and the sandbox group');
    // The linked WeCom member joins another WeCom group: removed at once, as a task for the operator.
    await feed(w, [join('wr2', 'wm-42', '王五', 5)], wcScope);
    const q = await listQueue(db, w.s.workspaceId, { limit: 10, offset: 0 });
    const d = q.items.find((x) => x.source === 'join')!;
    assert.equal(d.rule, 'banlist');
    assert.equal(d.state, 'task');
    assert.match(d.task ?? '', /移出群/);
    // The linked sandbox member joins another sandbox group: a ban action at once.
    await feed(w, [join('sg2', 's-42', 'Sandbox', 6)], sbScope);
    const sgBans = (await outbox(db, w.s.workspaceId)).filter((a) => a.kind === 'ban' && a.key.startsWith('moderation:event:'));
    assert.equal(sgBans.length, 1);
    // A look-alike: the bystander in the same group is not covered; unlinked, the sandbox member is free again.
    assert.equal(await findBan(db, w.s.workspaceId, { memberId: await memberIdByUser(db, w.s.workspaceId, 's-43') }), null);
    await db.transaction((tx) => unlinkMemberTx(tx, w.s.workspaceId, sbm));
    assert.equal(await findBan(db, w.s.workspaceId, { memberId: sbm }), null);
    assert.notEqual(await findBan(db, w.s.workspaceId, { memberId: wc }), null, 'the others stay linked');
  });

  test('newcomer verification: held and asked; the button releases; a newcomer who does not press is removed at the deadline, once', async () => {
    const db = ctx().db;
    const w = await world(db, 'mod-verify');
    const inForce = await rulesInForce(db, w.s.workspaceId);
    const options = ModerationOptions.parse({ verification: { enabled: true, minutes: 5 } });
    const v = await db.transaction((tx) => saveDraft(tx, w.s.workspaceId, { rules: inForce.rules, ladder: DEFAULT_LADDER, options }, null));
    await db.transaction((tx) => enableVersion(tx, w.s.workspaceId, v.version));
    await feed(w, [join('g1', 'u1', 'Human', 0), join('g1', 'u2', 'Bot-ish', 0)]);
    await dispatch(w);
    assert.equal(w.connector.calls.filter((c) => c.action === 'restrict').length, 2);
    const prompts = w.connector.calls.filter((c) => c.action === 'sendToGroup');
    assert.equal(prompts.length, 2);
    const button = prompts[0]!.message!.buttons![0]!;
    assert.match(prompts[0]!.message!.text, /Human/);
    // Human presses their button (twice); Bot-ish presses Human's button: not theirs.
    const press = (user: string, data: string, min: number): PlatformEventInput => ({ type: 'button', eventId: eid(), occurredAt: at(min), groupId: 'g1', userId: user, data, messageId: 'p1' });
    await feed(w, [press('u1', button.data, 1), press('u1', button.data, 1.5), press('u2', button.data, 2)]);
    await dispatch(w);
    assert.deepEqual(w.connector.calls.filter((c) => c.action === 'unrestrict').map((c) => c.userId), ['u1']);
    assert.equal(await expireVerifications(db, w.s.workspaceId, new Date(T0 + 4 * 60_000)), 0, 'not yet');
    assert.equal(await expireVerifications(db, w.s.workspaceId, new Date(T0 + 6 * 60_000)), 1);
    assert.equal(await expireVerifications(db, w.s.workspaceId, new Date(T0 + 7 * 60_000)), 0, 'once');
    w.now.t = new Date(T0 + 7 * 60_000);
    await dispatch(w);
    assert.deepEqual(w.connector.calls.filter((c) => c.action === 'kick').map((c) => c.userId), ['u2']);
    const q = await listQueue(db, w.s.workspaceId, { limit: 10, offset: 0 });
    assert.deepEqual(q.items.map((d) => [d.source, d.member?.name, d.actions.join()]), [['verification', 'Bot-ish', 'kick']]);
  });

  test('newcomer verification by question: the hold lets them type; a right answer releases, a wrong one or silence removes; per-group questions; WeCom cannot', async () => {
    const db = ctx().db;
    const w = await world(db, 'mod-question', 'telegram');
    const inForce = await rulesInForce(db, w.s.workspaceId);
    assert.throws(() => ModerationOptions.parse({ verification: { enabled: true, mode: 'question' } }), /question/);
    const gid = async (platformId: string) => Number((await db.query<{ id: number }>('select id from groups where workspace_id = $1 and platform_group_id = $2', [w.s.workspaceId, platformId]))[0]!.id);
    await feed(w, [join('-300', '1', 'Old', 0)]);
    const options = ModerationOptions.parse({ verification: {
      enabled: true, mode: 'question', minutes: 5,
      question: { question: '本群是哪个城市的？', answers: ['上海', 'Shanghai'] },
      byGroup: { [String(await gid('-300'))]: { question: '3 加 4 等于几？', answers: ['7', '七'] } },
    } });
    const v = await db.transaction((tx) => saveDraft(tx, w.s.workspaceId, { rules: inForce.rules, ladder: DEFAULT_LADDER, options }, null));
    await db.transaction((tx) => enableVersion(tx, w.s.workspaceId, v.version));
    await feed(w, [join('-100', '11', 'Right', 0), join('-100', '12', 'Wrong', 0), join('-100', '13', 'Silent', 0), join('-300', '14', 'Seven', 0)]);
    await dispatch(w);
    const restricts = w.connector.calls.filter((c) => c.action === 'restrict');
    assert.deepEqual(restricts.map((c) => [c.userId, c.textOnly]).sort(), [['11', true], ['12', true], ['13', true], ['14', true]], 'held, but may still type an answer');
    const prompts = w.connector.calls.filter((c) => c.action === 'sendToGroup').map((c) => c.message!);
    assert.equal(prompts.length, 4);
    const right = prompts.find((m) => m.text.includes('Right'))!;
    assert.match(right.text, /本群是哪个城市的？/);
    assert.deepEqual(right.buttons ?? [], []);
    assert.match(prompts.find((m) => m.text.includes('Seven'))!.text, /3 加 4 等于几？/, "the group's own question");
    // Answers: full width, traditional and case are forgiven; a wrong answer is not.
    await feed(w, [msg('-100', '11', ' ＳＨＡＮＧＨＡＩ ', 1), msg('-100', '12', '北京', 1), msg('-300', '14', '七', 1)]);
    await dispatch(w);
    assert.deepEqual(w.connector.calls.filter((c) => c.action === 'unrestrict').map((c) => c.userId).sort(), ['11', '14']);
    assert.deepEqual(w.connector.calls.filter((c) => c.action === 'kick').map((c) => c.userId), ['12'], 'a wrong answer removes at once');
    // Their next messages are ordinary messages again.
    await feed(w, [msg('-100', '11', '上海', 2)]);
    assert.equal(await expireVerifications(db, w.s.workspaceId, new Date(T0 + 4 * 60_000)), 0, 'not yet');
    assert.equal(await expireVerifications(db, w.s.workspaceId, new Date(T0 + 6 * 60_000)), 1, 'silence past the deadline');
    w.now.t = new Date(T0 + 7 * 60_000);
    await dispatch(w);
    assert.deepEqual(w.connector.calls.filter((c) => c.action === 'kick').map((c) => c.userId), ['12', '13']);
    const q = await listQueue(db, w.s.workspaceId, { limit: 10, offset: 0 });
    assert.deepEqual(q.items.map((d) => [d.source, d.member?.name]).sort(), [['verification', 'Silent'], ['verification', 'Wrong']]);
    assert.ok(q.items.find((d) => d.member?.name === 'Wrong')!.evidence.some((e) => /wrongly/.test(e.note ?? '')));
    // WeCom customer groups cannot hold a newcomer: nothing is asked, and its capabilities say why.
    const wc = await world(db, 'mod-question-wecom', 'wecom');
    const v2 = await db.transaction((tx) => saveDraft(tx, wc.s.workspaceId, { rules: inForce.rules, ladder: DEFAULT_LADDER, options }, null));
    await db.transaction((tx) => enableVersion(tx, wc.s.workspaceId, v2.version));
    await feed(wc, [join('wr1', 'x1', 'Newcomer', 0)]);
    assert.deepEqual((await outbox(db, wc.s.workspaceId)).map((a) => a.kind), []);
    const { WECOM_CAPABILITIES } = await import('../connectors/wecom/index.ts');
    assert.equal(WECOM_CAPABILITIES.restrict.supported, false);
    assert.match(WECOM_CAPABILITIES.restrict.supported ? '' : WECOM_CAPABILITIES.restrict.reason, /answer a question/);
  });

  test('Telegram joins are checked against the shared ban list when the workspace enables it', async () => {
    const db = ctx().db;
    const asked: string[] = [];
    const cas: CasLookup = { isBanned: async (url, id) => { asked.push(`${url}|${id}`); return id === '666'; } };
    const w = await world(db, 'mod-cas', 'telegram', cas);
    await feed(w, [join('-100', '555', 'Early', 0)]);
    assert.deepEqual(asked, [], 'not asked while the workspace has not enabled it');
    const options = ModerationOptions.parse({ cas: { enabled: true, url: 'https://cas.example/check?user_id={id}', cacheMinutes: 60 } });
    const v = await db.transaction((tx) => saveDraft(tx, w.s.workspaceId, { rules: { builtins: true }, ladder: DEFAULT_LADDER, options }, null));
    await db.transaction((tx) => enableVersion(tx, w.s.workspaceId, v.version));
    await feed(w, [join('-100', '666', 'Listed', 1), join('-100', '777', 'Fine', 2)]);
    assert.deepEqual(asked, ['https://cas.example/check?user_id={id}|666', 'https://cas.example/check?user_id={id}|777']);
    const q = await listQueue(db, w.s.workspaceId, { limit: 10, offset: 0 });
    assert.deepEqual(q.items.map((d) => [d.rule, d.member?.name, d.actions.join()]), [['cas', 'Listed', 'ban']]);
    assert.deepEqual((await outbox(db, w.s.workspaceId)).map((a) => a.kind), ['ban']);
  });

  test('/report as a reply: stored once, the command deleted, the message queued for review; confirming carries it out', async () => {
    const db = ctx().db;
    const w = await world(db, 'mod-report');
    await feed(w, [join('g1', 'u1', 'Alice', 0), join('g1', 'u2', 'Quiet', 0)]);
    const target = msg('g1', 'u2', '周末有空可以来我店里看看', 1);
    await feed(w, [target]);
    const report = msg('g1', 'u1', '/report', 2, { replyTo: (target as { messageId: string }).messageId });
    await feed(w, [report, report]);
    await feed(w, [msg('g1', 'u1', '/report@qy_bot spam', 3, { replyTo: (target as { messageId: string }).messageId })]);
    const [reports] = await db.query<{ n: number }>('select count(*)::int as n from moderation_reports where workspace_id = $1', [w.s.workspaceId]);
    assert.equal(reports!.n, 2, 'two reports (the re-delivered one once)');
    const q = await listQueue(db, w.s.workspaceId, { state: 'open', limit: 10, offset: 0 });
    assert.equal(q.total, 1, 'one queue entry for the reported message');
    const d = q.items[0]!;
    assert.deepEqual([d.source, d.state, d.member?.name, d.text, d.evidence.length], ['report', 'review', 'Quiet', '周末有空可以来我店里看看', 2]);
    assert.deepEqual((await outbox(db, w.s.workspaceId)).map((a) => a.kind), ['delete_message', 'delete_message'], 'the two /report commands are deleted');
    await db.transaction((tx) => confirmDecision(tx, w.s.workspaceId, d.id, null));
    const after = (await listQueue(db, w.s.workspaceId, { limit: 10, offset: 0 })).items[0]!;
    assert.deepEqual([after.state, after.actions.join('+')], ['confirmed', 'delete+warn']);
  });

  test('WeCom cannot delete, mute or remove: the decision becomes a task saying what to do in the WeCom client', async () => {
    const db = ctx().db;
    const w = await world(db, 'mod-wecom', 'wecom');
    await feed(w, [join('wr1', 'wm2', 'Poacher', 0)]);
    await feed(w, [msg('wr1', 'wm2', '加我微信 abc12345 有优惠', 1)]);
    const [d] = (await listQueue(db, w.s.workspaceId, { limit: 10, offset: 0 })).items;
    assert.equal(d!.state, 'task');
    assert.match(d!.task!, /企业微信客户端/);
    assert.match(d!.task!, /WeCom client/);
    assert.match(d!.task!, /撤回/, 'the message must be recalled by hand');
    // The warning can go out: WeCom posts are mass-message tasks a staff member confirms. Nothing else is sent.
    assert.deepEqual((await outbox(db, w.s.workspaceId)).map((a) => a.kind), ['post']);
  });

  test('undo: the mute is lifted, the message restored, the strike taken back, the text labelled not spam; a ban undone is lifted', async () => {
    const db = ctx().db;
    const w = await world(db, 'mod-undo');
    await keywordRule(w);
    await feed(w, [join('g1', 'u2', 'Maybe', 0)]);
    await feed(w, [msg('g1', 'u2', '紫葡萄券 第一次', 1)]);
    await feed(w, [msg('g1', 'u2', '大家 紫葡萄券 这个价格好', 2)]);
    const q = await listQueue(db, w.s.workspaceId, { limit: 10, offset: 0 });
    const second = q.items.find((d) => d.strike === 2)!;
    assert.ok(second.actions.includes('mute'));
    await dispatch(w);
    assert.deepEqual(await db.transaction((tx) => undoDecision(tx, w.s.workspaceId, second.id, null, 'undo')), { undone: true });
    assert.deepEqual(await db.transaction((tx) => undoDecision(tx, w.s.workspaceId, second.id, null, 'undo')), { undone: false });
    await dispatch(w);
    assert.deepEqual(w.connector.calls.filter((c) => c.action === 'unrestrict').map((c) => c.userId), ['u2']);
    const restored = w.connector.calls.filter((c) => c.action === 'sendToGroup').map((c) => c.message!.text).find((t) => t.includes('Restored'));
    assert.match(restored!, /Maybe: 大家 紫葡萄券 这个价格好/);
    const [s] = await db.query<{ count: number }>('select count from moderation_strikes where workspace_id = $1', [w.s.workspaceId]);
    assert.equal(s!.count, 1);
    const [ex] = await db.query<{ label: string; source: string }>('select label, source from moderation_examples where workspace_id = $1', [w.s.workspaceId]);
    assert.deepEqual(ex, { label: 'ham', source: 'undo' });
    const stats = await ruleStats(db, w.s.workspaceId, 30, 'UTC');
    assert.equal(stats.reduce((a, r) => a + r.undone, 0), 1);
    // A ban by the ladder, undone: the ban is lifted and the platforms unban.
    const person = await memberId(db, w.s.workspaceId, 'Maybe');
    const ladder = { ...DEFAULT_LADDER, default: { ...DEFAULT_LADDER.default, steps: [{ delete: true, warn: false, kick: false, ban: true }] } };
    await keywordRule(w, ladder);
    await feed(w, [msg('g1', 'u2', '紫葡萄券 又来了', 3)]);
    const banned = (await listQueue(db, w.s.workspaceId, { limit: 1, offset: 0 })).items[0]!;
    assert.ok(banned.actions.includes('ban'));
    assert.equal((await listBans(db, w.s.workspaceId, { limit: 5, offset: 0 })).items[0]?.memberId, person);
    await db.transaction((tx) => undoDecision(tx, w.s.workspaceId, banned.id, null, 'not_spam'));
    assert.equal((await listBans(db, w.s.workspaceId, { limit: 5, offset: 0 })).total, 0);
    assert.ok((await outbox(db, w.s.workspaceId)).some((a) => a.kind === 'unban'));
  });

  test('dry run: a draft over the stored messages shows what it would catch, by category with examples, beside the rules in force', async () => {
    const db = ctx().db;
    const w = await world(db, 'mod-dry');
    await feed(w, [join('g1', 'u1', 'A', 0), msg('g1', 'u1', '这个团购怎么样', 1), msg('g1', 'u1', '今天天气不错', 2), msg('g1', 'u1', '团购链接发我', 3), msg('g1', 'u1', '加我微信 abc12345 有优惠', 4)]);
    const draft = {
      rules: { builtins: true, rules: [{ id: 'no-group-buy', name: '禁止团购', detector: 'keywords' as const, category: 'custom' as const, keywords: ['团购'], action: 'delete' as const, severity: 'high' as const }] },
      ladder: DEFAULT_LADDER, options: ModerationOptions.parse({}),
    };
    const r = await dryRun(db, w.s.workspaceId, draft, { rules: { builtins: true } }, 7, { now: new Date(T0 + 3600_000) });
    assert.equal(r.messages, 4);
    assert.equal(r.matched, 3);
    assert.equal(r.matchedNow, 1);
    assert.equal(r.newlyMatched, 2);
    const custom = r.byCategory.find((c) => c.category === 'custom')!;
    assert.equal(custom.count, 2);
    assert.deepEqual(custom.examples.map((e) => e.text), ['这个团购怎么样', '团购链接发我']);
    assert.deepEqual(r.byRule.find((x) => x.rule === 'no-group-buy')?.count, 2);
    assert.equal(r.byAction['delete+warn'], 3, 'a first offence would be deleted and warned');
    const none = await dryRun(db, w.s.workspaceId, draft, { rules: { builtins: true } }, 7, { now: new Date(T0 + 30 * 86_400_000) });
    assert.equal(none.messages, 0, 'only the last N days');
  });

  test("the classifier learns from operators' judgements: confirmed and not-spam decisions become examples the engine is retrained on", async () => {
    const db = ctx().db;
    const w = await world(db, 'mod-train');
    await feed(w, [join('g1', 'u1', 'A', 0)]);
    const before = await workspaceEngine(db, w.s.workspaceId);
    assert.equal(before.trainedOn, null, 'no examples: no classifier');
    const spam = ['加我微信 abc12345 有优惠', '私聊我领红包', '加微信 vx778899 代理', '私聊我 低价出售', '加我微信 qq5566778 兼职', '私我 领取福利'];
    await feed(w, spam.map((t, i) => msg('g1', 'u1', t, 1 + i)));
    const q = await listQueue(db, w.s.workspaceId, { limit: 20, offset: 0 });
    assert.equal(q.total, spam.length);
    for (const d of q.items.slice(0, 5)) await db.transaction((tx) => confirmDecision(tx, w.s.workspaceId, d.id, null));
    await db.transaction((tx) => undoDecision(tx, w.s.workspaceId, q.items[5]!.id, null, 'not_spam'));
    const hams = ['今天天气不错', '周末一起爬山吗', '这本书很好看', '谢谢分享', '晚上好'];
    for (const t of hams) await db.query(`insert into moderation_examples (workspace_id, text, label, source) values ($1, $2, 'ham', 'import')`, [w.s.workspaceId, t]);
    const after = await workspaceEngine(db, w.s.workspaceId);
    assert.deepEqual(after.trainedOn, { spam: 5, ham: 6 });
    assert.ok(after.compiled.classifier, 'the compiled rules carry the trained classifier');
    const [labels] = await db.query<{ spam: number; ham: number }>(
      `select count(*) filter (where label = 'spam')::int as spam, count(*) filter (where label = 'ham' and source = 'not_spam')::int as ham from moderation_examples where workspace_id = $1`, [w.s.workspaceId]);
    assert.deepEqual(labels, { spam: 5, ham: 1 });
  });
});
