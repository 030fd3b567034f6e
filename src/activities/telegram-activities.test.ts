/**
 * Activities on a Telegram group, through the real Telegram connector against the fake Bot API
 * and the database (both engines): a check-in's daily card goes out once as a PNG uploaded with
 * sendPhoto even when the check-in is delivered twice; the check-in reply carries a 打卡 button
 * whose press checks the presser in once (a second press changes nothing) and is answered; a poll
 * goes out as a non-anonymous native poll whose poll_answer votes count once each, the latest
 * vote of a member winning, next to text votes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { telegramKit } from '../../test/fakes/telegram/test-kit.ts';
import { forEachEngine } from '../../test/support/engines.ts';
import type { Database } from '../db/database.ts';
import { appendBatch, IdentityCache, type IngestScope } from '../events/ingest.ts';
import { projectPending } from '../events/projector.ts';
import { reactPending } from '../events/reactors.ts';
import { dispatchDue } from '../outbox/dispatch.ts';
import { ensurePlatformAccount, ensureWorkspace } from '../workspaces/workspaces.ts';
import { CHECKIN_BUTTON_DATA, closeActivity, createActivity, makeActivitiesReactor } from './store.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

async function until<T>(what: string, check: () => T | undefined | Promise<T | undefined>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

forEachEngine('activities on Telegram', (ctx) => {
  const kit = telegramKit();

  async function setUp(db: Database, slug: string) {
    const { api, owner, chat } = await kit.fake({ limits: false });
    const w = await ensureWorkspace(db, slug);
    const a = await ensurePlatformAccount(db, w.id, 'telegram', `bot-${slug}`, 'bot');
    const scope: IngestScope = { workspaceId: w.id, accountId: a.id, timezone: w.timezone };
    const cache = new IdentityCache();
    const connector = kit.connector(api);
    const seen: unknown[][] = [];
    // The sink stores every batch, and keeps it to deliver it again (a duplicated delivery).
    await connector.start(async (events) => {
      seen.push(events);
      return appendBatch(db, scope, events as never, cache);
    });
    const react = async () => {
      await projectPending(db, w.id);
      await reactPending(db, w.id, [makeActivitiesReactor()]);
    };
    const dispatch = () => dispatchDue({ db, connector: () => connector }, w.id);
    await react(); // a reactor starts after the events that exist when it first runs
    return { api, owner, chat, scope, cache, connector, seen, react, dispatch };
  }

  test('a check-in sends its daily card once as a PNG (sendPhoto, multipart), even when delivered twice', async () => {
    const { db } = ctx();
    const t = await setUp(db, 'tg-card');
    const kim = t.api.world.addUser({ firstName: 'Kim' });
    t.api.world.addMember(t.chat, kim.id);
    t.api.world.postMessage(t.chat, kim.id, '打卡');
    await until('the check-in stored', async () => (await db.query('select 1 from events where workspace_id = $1 and type = $2', [t.scope.workspaceId, 'message'])).length ? true : undefined);
    await t.react();
    // The same update delivered again, and the reactor run again.
    for (const batch of [...t.seen]) await appendBatch(db, t.scope, batch as never, t.cache);
    await t.react();
    const first = await t.dispatch();
    assert.equal(first.failed, 0);
    assert.equal((await t.dispatch()).sent, 0, 'nothing left to send');
    assert.equal(t.api.world.photos.length, 1, 'one card');
    const photo = t.api.world.photos[0]!;
    assert.equal(photo.chatId, t.chat);
    assert.ok(photo.bytes.subarray(0, 8).equals(PNG_SIGNATURE), 'the upload is a PNG');
    assert.equal(photo.bytes.readUInt32BE(16), 750, 'width');
    assert.equal(photo.bytes.readUInt32BE(20), 1000, 'height');
    assert.ok(photo.bytes.length > 20_000, `a drawn card, not a placeholder (${photo.bytes.length} bytes)`);
    assert.match(photo.caption ?? '', /Kim 的日签/);
    const sendPhotoCalls = t.api.calls.filter((c) => c.method === 'sendPhoto');
    assert.equal(sendPhotoCalls.length, 1);
    const [row] = await db.query<{ state: string }>('select state from outbox_actions where workspace_id = $1 and kind = $2', [t.scope.workspaceId, 'photo']);
    assert.equal(row?.state, 'sent');
  });

  test('the 打卡 button under the check-in reply checks the presser in once, and the press is answered', async () => {
    const { db } = ctx();
    const t = await setUp(db, 'tg-button');
    const kim = t.api.world.addUser({ firstName: 'Kim' });
    const lee = t.api.world.addUser({ firstName: 'Lee' });
    t.api.world.addMember(t.chat, kim.id);
    t.api.world.addMember(t.chat, lee.id);
    t.api.world.postMessage(t.chat, lee.id, 'hi');
    t.api.world.postMessage(t.chat, kim.id, '签到');
    await until('the messages stored', async () => (await db.query('select 1 from events where workspace_id = $1 and type = $2', [t.scope.workspaceId, 'message'])).length === 2 ? true : undefined);
    await t.react();
    await t.dispatch();
    const reply = [...t.api.world.chat(t.chat).messages.values()].find((m) => m.from?.id === t.api.world.bot.id && (m as { text?: string }).text?.includes('打卡成功'));
    assert.ok(reply, 'the check-in reply was posted');
    const keyboard = (reply as { reply_markup?: { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> } }).reply_markup?.inline_keyboard.flat();
    assert.deepEqual(keyboard, [{ text: '打卡', callback_data: CHECKIN_BUTTON_DATA }]);
    // Lee presses it twice (two callback queries); the update of the first is also delivered again.
    t.api.world.pressButton(t.chat, reply.message_id, lee.id, CHECKIN_BUTTON_DATA);
    t.api.world.pressButton(t.chat, reply.message_id, lee.id, CHECKIN_BUTTON_DATA);
    await until('both presses stored', async () => (await db.query('select 1 from events where workspace_id = $1 and type = $2', [t.scope.workspaceId, 'button'])).length === 2 ? true : undefined);
    for (const batch of t.seen.slice(1)) await appendBatch(db, t.scope, batch as never, t.cache);
    await t.react();
    const rows = await db.query<{ name: string; streak: number; message_id: string | null }>(
      `select m.display_name as name, c.streak, c.message_id from checkins c join members m on m.workspace_id = c.workspace_id and m.id = c.member_id
       where c.workspace_id = $1 order by m.display_name`, [t.scope.workspaceId]);
    assert.deepEqual(rows.map((r) => [r.name, Number(r.streak)]), [['Kim', 1], ['Lee', 1]]);
    await t.dispatch();
    await until('both presses answered', () => t.api.calls.filter((c) => c.method === 'answerCallbackQuery').length >= 2 ? true : undefined);
    const texts = [...t.api.world.chat(t.chat).messages.values()].map((m) => (m as { text?: string }).text ?? '').filter((x) => x.includes('打卡成功'));
    assert.equal(texts.filter((x) => x.includes('Lee')).length, 1, texts.join('\n'));
    assert.equal(t.api.world.photos.length, 2, "Kim's card and Lee's");
  });

  test('a poll is sent as a native poll (sendPoll, non-anonymous); poll_answer votes count once, the latest winning, with text votes', async () => {
    const { db } = ctx();
    const t = await setUp(db, 'tg-poll');
    const [ann, ben, cat] = ['Ann', 'Ben', 'Cat'].map((firstName) => t.api.world.addUser({ firstName }));
    for (const u of [ann!, ben!, cat!]) {
      t.api.world.addMember(t.chat, u.id);
      t.api.world.postMessage(t.chat, u.id, 'hi');
    }
    await until('the members stored', async () => (await db.query('select 1 from events where workspace_id = $1 and type = $2', [t.scope.workspaceId, 'message'])).length === 3 ? true : undefined);
    await t.react();
    const [g] = await db.query<{ id: number }>('select id from groups where workspace_id = $1', [t.scope.workspaceId]);
    const { id } = await db.transaction((tx) => createActivity(tx, t.scope.workspaceId, {
      kind: 'poll', groupId: Number(g!.id), title: '周末去哪', config: { options: ['爬山', '看电影', '宅家'] },
    }, { createdBy: null, origin: 'test' }));
    await t.dispatch();
    const sent = t.api.calls.filter((c) => c.method === 'sendPoll');
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.params.is_anonymous, false, 'non-anonymous: votes come back as poll_answer');
    const [poll] = [...t.api.world.polls.values()];
    assert.ok(poll && poll.chatId === t.chat);
    // Ann votes 爬山 then changes to 宅家; Ben votes 看电影 (delivered twice); Cat votes by text.
    t.api.world.answerPoll(t.chat, poll.messageId, ann!.id, [0]);
    t.api.world.answerPoll(t.chat, poll.messageId, ben!.id, [1]);
    await until('two votes stored', async () => (await db.query('select 1 from events where workspace_id = $1 and type = $2', [t.scope.workspaceId, 'button'])).length === 2 ? true : undefined);
    await new Promise((r) => setTimeout(r, 5)); // the change is read later than the first vote
    t.api.world.answerPoll(t.chat, poll.messageId, ann!.id, [2]);
    t.api.world.postMessage(t.chat, cat!.id, '2');
    await until('all votes stored', async () => (await db.query('select 1 from events where workspace_id = $1 and type = $2', [t.scope.workspaceId, 'button'])).length === 3 ? true : undefined);
    await until('the text vote stored', async () => (await db.query('select 1 from events where workspace_id = $1 and type = $2', [t.scope.workspaceId, 'message'])).length === 4 ? true : undefined);
    for (const batch of [...t.seen]) await appendBatch(db, t.scope, batch as never, t.cache);
    await t.react();
    await t.react();
    const closed = await db.transaction((tx) => closeActivity(tx, t.scope.workspaceId, id));
    assert.deepEqual(closed.result, { counts: [0, 2, 1], voters: 3 });
  });
});
