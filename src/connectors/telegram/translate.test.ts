import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Update } from 'grammy/types';
import { parseEvent, type PlatformEvent } from '../../events/envelope.ts';
import { FakeTelegramWorld } from '../../../test/fakes/telegram/fake-bot-api-world.ts';
import { TranslateMemory, translateUpdate } from './translate.ts';

const ALL = ['message', 'edited_message', 'chat_member', 'my_chat_member', 'chat_join_request', 'message_reaction'];

function setup() {
  const world = new FakeTelegramWorld(42, 'qy_bot', () => Date.parse('2026-11-23T10:00:00Z'));
  world.allowedUpdates = ALL;
  const owner = world.addUser({ firstName: 'Ada', lastName: 'Owner', username: 'ada' });
  const bob = world.addUser({ firstName: 'Bob', username: 'Bob_B' });
  const chat = world.createGroup({ title: 'Tea lovers', ownerId: owner.id, memberIds: [bob.id] });
  return { world, owner, bob, chat };
}

/** Translates the updates queued since `from`, checking every event against the envelope. */
function drain(world: FakeTelegramWorld, memory = new TranslateMemory(), from = 0, to?: number) {
  const updates = world.pending.slice(from, to) as Update[];
  const events: PlatformEvent[] = [];
  const other = [];
  for (const u of updates) {
    const t = translateUpdate(u, memory);
    for (const raw of t.events) {
      const parsed = parseEvent(raw);
      assert.ok(parsed.ok, `invalid event ${JSON.stringify(raw)}: ${parsed.ok ? '' : parsed.reason}`);
      events.push(parsed.event);
    }
    other.push(t);
  }
  return { events, translations: other };
}

describe('telegram translate: messages', () => {
  test('text with a reply and mentions (text_mention and a known @username)', () => {
    const { world, owner, bob, chat } = setup();
    const memory = new TranslateMemory();
    drain(world, memory); // the bot being added
    const first = world.postMessage(chat, bob.id, 'hi all');
    const text = 'thanks @bob_b and Ada and @stranger';
    const start = world.pending.length;
    world.postMessage(chat, owner.id, {
      text,
      entities: [
        { type: 'mention', offset: 7, length: 6 },
        { type: 'text_mention', offset: 18, length: 3, user: owner },
        { type: 'mention', offset: 26, length: 9 },
      ],
    }, first.message_id);
    const { events } = drain(world, memory, start);
    assert.equal(events.length, 1);
    const e = events[0]!;
    assert.equal(e.type, 'message');
    if (e.type !== 'message') return;
    assert.equal(e.eventId, `msg:${chat}:${first.message_id + 1}`);
    assert.equal(e.groupId, String(chat));
    assert.equal(e.userId, String(owner.id));
    assert.equal(e.name, 'Ada Owner');
    assert.equal(e.kind, 'text');
    assert.equal(e.text, text);
    assert.equal(e.replyTo, String(first.message_id));
    assert.deepEqual(e.mentions?.sort(), [String(bob.id), String(owner.id)].sort());
    assert.equal(e.occurredAt, '2026-11-23T10:00:00.000Z');
  });

  test('content kinds: photo, sticker, voice, video, document, poll, link, location', () => {
    const { world, bob, chat } = setup();
    const start = world.pending.length;
    const file = { file_id: 'f', file_unique_id: 'u' };
    world.postMessage(chat, bob.id, { photo: [{ ...file, width: 1, height: 1 }], caption: 'look' });
    world.postMessage(chat, bob.id, { sticker: { ...file, type: 'regular', width: 1, height: 1, is_animated: false, is_video: false } });
    world.postMessage(chat, bob.id, { voice: { ...file, duration: 3 } });
    world.postMessage(chat, bob.id, { video: { ...file, width: 1, height: 1, duration: 3 } });
    world.postMessage(chat, bob.id, { document: file });
    world.postMessage(chat, bob.id, { poll: { id: 'p', question: 'Green or black?', options: [], total_voter_count: 0, is_closed: false, is_anonymous: true, type: 'regular', allows_multiple_answers: false } });
    world.postMessage(chat, bob.id, { text: 'see https://x.test', entities: [{ type: 'url', offset: 4, length: 14 }] });
    world.postMessage(chat, bob.id, { location: { latitude: 1, longitude: 2 } });
    const memory = new TranslateMemory();
    drain(world, memory, 0, start); // the bot being added: the group's title is known
    const { events } = drain(world, memory, start);
    assert.deepEqual(events.map((e) => e.type === 'message' && e.kind), ['image', 'sticker', 'voice', 'video', 'file', 'poll', 'link', 'other']);
    assert.equal(events[0]!.type === 'message' && events[0]!.text, 'look');
    assert.equal(events[5]!.type === 'message' && events[5]!.text, 'Green or black?');
  });

  test('an edit carries its edit_date in the event id; a new title is group_renamed; service joins are not posts', () => {
    const { world, owner, bob, chat } = setup();
    const m = world.postMessage(chat, bob.id, 'helo');
    const start = world.pending.length;
    world.editMessage(chat, m.message_id, 'hello');
    world.renameChat(chat, 'Tea & coffee lovers', owner.id);
    const memory = new TranslateMemory();
    drain(world, memory, 0, start); // the bot being added and the first post: the group's title is known
    const { events } = drain(world, memory, start);
    assert.deepEqual(events.map((e) => e.type), ['edit', 'group_renamed']);
    const edit = events[0]!;
    assert.ok(edit.type === 'edit');
    assert.match(edit.eventId, new RegExp(`^edit:${chat}:${m.message_id}:\\d+$`));
    assert.equal(edit.text, 'hello');
    assert.ok(events[1]!.type === 'group_renamed' && events[1]!.name === 'Tea & coffee lovers');
  });
});

describe('telegram translate: membership', () => {
  test('a join via a link carries the link and its name as source; a leave says who left', () => {
    const { world, owner, chat } = setup();
    const carol = world.addUser({ firstName: 'Carol' });
    const link = world.newLink(world.chat(chat), { name: 'poster-shop-12' });
    const start = world.pending.length;
    world.joinViaLink(carol.id, link.invite_link);
    world.leave(chat, carol.id);
    world.addMember(chat, carol.id, owner.id);
    const { events } = drain(world, new TranslateMemory(), start);
    assert.deepEqual(events.map((e) => e.type), ['join', 'leave', 'join']);
    const join = events[0]!;
    assert.ok(join.type === 'join');
    assert.deepEqual(join.via, { inviteCode: link.invite_link, source: 'poster-shop-12' });
    assert.equal(join.name, 'Carol');
    assert.equal(join.isBot, false);
    assert.match(join.eventId, new RegExp(`^cm:${chat}:${carol.id}:\\d+:member$`));
    assert.ok(events[1]!.type === 'leave' && events[1]!.reason === 'left');
    assert.ok(events[2]!.type === 'join');
    assert.deepEqual(events[2]!.via, { inviterId: String(owner.id) });
  });

  test('a ban is "banned", a removal by an admin "kicked", a kick by this connector "kicked"', () => {
    const { world, owner, bob, chat } = setup();
    const c = world.chat(chat);
    const start = world.pending.length;
    world.changeMember(c, bob.id, owner.id, { status: 'kicked', user: bob, until_date: 0 });
    world.changeMember(c, bob.id, owner.id, { status: 'member', user: bob });
    world.changeMember(c, bob.id, owner.id, { status: 'left', user: bob });
    const memory = new TranslateMemory();
    const { events } = drain(world, memory, start);
    assert.deepEqual(events.filter((e) => e.type === 'leave').map((e) => e.type === 'leave' && e.reason), ['banned', 'kicked']);
    memory.kicking.add(`${chat}:${bob.id}`);
    const again = world.pending.length;
    world.changeMember(c, bob.id, owner.id, { status: 'member', user: bob });
    world.changeMember(c, bob.id, world.bot.id, { status: 'kicked', user: bob, until_date: 0 });
    const kicked = drain(world, memory, again).events.filter((e) => e.type === 'leave');
    assert.deepEqual(kicked.map((e) => e.type === 'leave' && e.reason), ['kicked']);
  });

  test('the bot being added creates the group; being removed is the bot leaving', () => {
    const world = new FakeTelegramWorld(42, 'qy_bot', () => Date.parse('2026-11-23T10:00:00Z'));
    const owner = world.addUser({ firstName: 'Ada' });
    const chat = world.createGroup({ title: 'Shop VIP', ownerId: owner.id, bot: 'none' });
    world.setBotStatus(chat, owner.id, { can_invite_users: true, can_restrict_members: true });
    world.setBotStatus(chat, owner.id, 'kicked');
    const { events, translations } = drain(world);
    assert.deepEqual(events.map((e) => e.type), ['group_created', 'join', 'leave']);
    assert.ok(events[0]!.type === 'group_created' && events[0]!.name === 'Shop VIP');
    assert.ok(events[1]!.type === 'join' && events[1]!.isBot === true && events[1]!.userId === '42');
    const bots = translations.flatMap((t) => (t.bot ? [t.bot] : []));
    assert.equal(bots[0]!.isAdmin, true);
    assert.equal(bots[0]!.rights.can_invite_users, true);
    assert.equal(bots[0]!.rights.can_delete_messages, false);
    assert.equal(bots[1]!.status, 'kicked');
  });

  test('a join request becomes a join_request event and is kept aside with its link source', () => {
    const { world, chat } = setup();
    const dan = world.addUser({ firstName: 'Dan' });
    const link = world.newLink(world.chat(chat), { name: 'paid-club', creates_join_request: true });
    const start = world.pending.length;
    assert.equal(world.joinViaLink(dan.id, link.invite_link), 'requested');
    const { events, translations } = drain(world, new TranslateMemory(), start);
    assert.deepEqual(events.map((e) => e.type === 'join_request' && [e.userId, e.via?.source, e.via?.inviteCode]), [[String(dan.id), 'paid-club', link.invite_link]]);
    assert.deepEqual(translations[0]!.joinRequest, {
      groupId: String(chat), userId: String(dan.id), name: 'Dan', requestedAt: '2026-11-23T10:00:00.000Z',
      inviteCode: link.invite_link, source: 'paid-club',
    });
  });

  test('reactions: each added or removed emoji is one event', () => {
    const { world, bob, chat } = setup();
    const m = world.postMessage(chat, bob.id, 'new tea arrived');
    const start = world.pending.length;
    world.react(chat, m.message_id, bob.id, ['👍', '🔥']);
    world.react(chat, m.message_id, bob.id, ['🔥'], ['👍', '🔥']);
    const { events } = drain(world, new TranslateMemory(), start);
    assert.deepEqual(events.map((e) => e.type === 'reaction' && `${e.emoji}${e.added ? '+' : '-'}`), ['👍+', '🔥+', '👍-']);
    assert.equal(new Set(events.map((e) => e.eventId)).size, 3);
  });
});

describe('telegram translate: buttons (moderation)', () => {
  test("a pressed inline button is a button event with its data; a bot's own message carries isBot", () => {
    const { world, bob, chat } = setup();
    world.allowedUpdates = [...ALL, 'callback_query'];
    const memory = new TranslateMemory();
    drain(world, memory);
    const from = world.pending.length;
    const prompt = world.postMessage(chat, world.bot.id, { text: 'Press the button', reply_markup: { inline_keyboard: [[{ text: 'I am human', callback_data: 'qv:token1' }]] } });
    world.pressButton(chat, prompt.message_id, bob.id, 'qv:token1');
    assert.throws(() => world.pressButton(chat, prompt.message_id, bob.id, 'qv:other'), /no button/);
    const { events } = drain(world, memory, from);
    const [posted, pressed] = events;
    assert.equal(posted!.type, 'message');
    assert.equal((posted as { isBot?: boolean }).isBot, true);
    assert.deepEqual({ ...pressed, occurredAt: 'x' }, {
      type: 'button', eventId: pressed!.eventId, occurredAt: 'x', groupId: String(chat), userId: String(bob.id), name: 'Bob',
      messageId: String(prompt.message_id), data: 'qv:token1',
    });
    assert.match(pressed!.eventId, /^cq:/);
  });
});
