import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import type { PlatformEventInput } from '../events/envelope.ts';
import { ImportFormatError } from './errors.ts';
import { makeTelegramExport } from './make-telegram-export.ts';
import { readTelegramExport, scanTelegramNames } from './telegram.ts';

const fixture = path.join(import.meta.dirname, 'fixtures', 'telegram-account.json');
const dir = mkdtempSync(path.join(tmpdir(), 'qunyun-tg-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(file: string, options: Parameters<typeof readTelegramExport>[1] = {}): Promise<PlatformEventInput[]> {
  const out: PlatformEventInput[] = [];
  for await (const e of readTelegramExport(file, options)) out.push(e);
  return out;
}

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

test('a full-account export: group chats only, service messages to joins, leaves and renames', async () => {
  const skipped: string[] = [];
  const events = await readAll(fixture, { onSkip: (what, why) => skipped.push(`${what}: ${why}`) });
  assert.deepEqual(skipped, ['chat: chat type personal_chat', 'message: service action pin_message', 'message: unsupported message']);
  const count = (type: string) => events.filter((e) => e.type === type).length;
  assert.deepEqual({ all: events.length, message: count('message'), edit: count('edit'), join: count('join'), leave: count('leave'), renamed: count('group_renamed'), created: count('group_created') },
    { all: 17, message: 6, edit: 1, join: 5, leave: 2, renamed: 2, created: 1 });
  assert.ok(events.every((e) => e.groupId === 'tg-export:1234567890'));

  const byId = new Map(events.map((e) => [e.eventId, e]));
  assert.deepEqual(byId.get('tg-export:1234567890:4'), {
    type: 'message', eventId: 'tg-export:1234567890:4', occurredAt: '2026-03-01T10:07:00.000Z', groupId: 'tg-export:1234567890',
    messageId: '4', userId: 'user2', kind: 'text', name: 'Bob', text: 'hi 张三, see https://example.com', replyTo: '3', mentions: ['user3'],
  });
  assert.deepEqual(byId.get('tg-export:1234567890:4:edit:1772359740'), {
    type: 'edit', eventId: 'tg-export:1234567890:4:edit:1772359740', occurredAt: '2026-03-01T10:09:00.000Z', groupId: 'tg-export:1234567890',
    messageId: '4', userId: 'user2', text: 'hi 张三, see https://example.com',
  });
  const kinds = events.filter((e) => e.type === 'message').map((e) => [e.messageId, e.kind]);
  assert.deepEqual(kinds, [['3', 'text'], ['4', 'text'], ['5', 'image'], ['8', 'sticker'], ['9', 'text'], ['13', 'voice']]);
  assert.deepEqual((byId.get('tg-export:1234567890:9') as { mentions: string[] }).mentions, ['tg-username:bob_tg']);

  // Invited by name: Carol is resolved through her later message, 李四 never writes.
  assert.deepEqual(byId.get('tg-export:1234567890:6:0'), {
    type: 'join', eventId: 'tg-export:1234567890:6:0', occurredAt: '2026-03-01T11:00:00.000Z', groupId: 'tg-export:1234567890',
    userId: 'user4', name: 'Carol', via: { source: 'invite', inviterId: 'user1' },
  });
  assert.equal((byId.get('tg-export:1234567890:6:1') as { userId: string }).userId, 'tg-name:李四');
  assert.deepEqual((byId.get('tg-export:1234567890:2') as { via: unknown }).via, { source: 'invite_link' });
  assert.deepEqual(events.filter((e) => e.type === 'leave').map((e) => [e.userId, e.reason]), [['user2', 'left'], ['tg-name:李四', 'kicked']]);
  // The creator is not invited by themself; the chat's exported name comes last.
  assert.equal(events.filter((e) => e.eventId.startsWith('tg-export:1234567890:1:')).length, 3);
  const last = events.at(-1)!;
  assert.equal(last.type, 'group_renamed');
  assert.equal((last as { name: string }).name, '群运用户群');
  assert.equal(last.occurredAt, '2026-03-01T14:00:00.000Z');
});

test('a single-chat export (the documented example) and its name', async () => {
  const file = write('single.json', JSON.stringify({ name: 'Ops Demo', type: 'private_supergroup', id: 1234567890, messages: [
    { id: 1, type: 'service', date: '2026-03-20T10:17:30', date_unixtime: '1773998250', actor: 'Bob', actor_id: 'user2', action: 'join_group_by_link', inviter: 'Group', text: '', text_entities: [] },
    { id: 2, type: 'service', date: '2026-03-20T10:18:00', date_unixtime: '1773998280', actor: 'Alice', actor_id: 'user1', action: 'invite_members', members: ['Carol'], text: '', text_entities: [] },
    { id: 3, type: 'message', date: '2026-03-20T10:18:30', date_unixtime: '1773998310', from: 'Carol', from_id: 'user3', reply_to_message_id: 1,
      text: ['see ', { type: 'link', text: 'https://example.com' }], text_entities: [{ type: 'plain', text: 'see ' }, { type: 'link', text: 'https://example.com' }] },
  ] }));
  const events = await readAll(file);
  assert.deepEqual(events.map((e) => [e.type, e.eventId, 'userId' in e ? e.userId : undefined]), [
    ['join', 'tg-export:1234567890:1', 'user2'],
    ['join', 'tg-export:1234567890:2:0', 'user3'],
    ['message', 'tg-export:1234567890:3', 'user3'],
    ['group_renamed', `tg-export:1234567890:name:${createHash('sha256').update('Ops Demo').digest('hex').slice(0, 16)}`, undefined],
  ]);
  assert.equal((events[2] as { text: string }).text, 'see https://example.com');
});

test('reading twice gives the same events (ids derive from the export)', async () => {
  assert.deepEqual(await readAll(fixture), await readAll(fixture));
  const names = await scanTelegramNames(fixture);
  assert.equal(names.lookup('Carol'), 'user4');
  assert.equal(names.lookup('李四'), undefined);
});

test('a truncated export fails naming the byte and JSON path where it stops', async () => {
  const text = readFileSync(fixture, 'utf8');
  const cut = text.indexOf('"id": 9,');
  const file = write('truncated.json', text.slice(0, cut + 4));
  await assert.rejects(readAll(file), (err: unknown) => {
    assert.ok(err instanceof ImportFormatError);
    assert.equal(err.position.byte, Buffer.byteLength(text.slice(0, cut + 4)));
    assert.match(err.position.path!, /^\$\.chats\.list\[1\]\.messages\[8\]/);
    assert.match(err.message, /truncated/);
    return true;
  });
});

test('invalid JSON fails naming the byte', async () => {
  const text = '{"name": "x", "id": 1, "messages": [ {"id": 1, oops} ]}';
  const file = write('garbage.json', text);
  await assert.rejects(readAll(file), (err: unknown) => err instanceof ImportFormatError && err.position.byte === text.indexOf('oops')
    && err.position.path === '$.messages[0].id' && /valid JSON/.test(err.message));
});

test('a message without its time fails naming where the message starts', async () => {
  const text = readFileSync(fixture, 'utf8').replace('"date_unixtime": "1772359560", ', '');
  const file = write('no-date.json', text);
  const start = Buffer.byteLength(text.slice(0, text.indexOf('{"id": 3, "type": "message"')));
  await assert.rejects(readAll(file), (err: unknown) => {
    assert.ok(err instanceof ImportFormatError);
    assert.deepEqual(err.position, { byte: start, path: '$.chats.list[1].messages[2]' });
    assert.match(err.expected, /date_unixtime/);
    return true;
  });
});

test('messages before the chat id, and an empty file, are format errors', async () => {
  const file = write('late-id.json', JSON.stringify({ name: 'x', type: 'private_group', messages: [{ id: 1, type: 'message', date_unixtime: '1', from_id: 'user1', text: 'a' }], id: 5 }));
  await assert.rejects(readAll(file), /"id" before its "messages"/);
  await assert.rejects(readAll(write('empty.json', '')), ImportFormatError);
});

test('makeTelegramExport writes valid, deterministic JSON that reads back', async () => {
  const a = path.join(dir, 'a.json'), b = path.join(dir, 'b.json');
  const made = await makeTelegramExport(a, { messages: 3000, members: 200, chats: 2, seed: 3 });
  await makeTelegramExport(b, { messages: 3000, members: 200, chats: 2, seed: 3 });
  assert.equal(made.messages, 3000);
  assert.ok(readFileSync(a).equals(readFileSync(b)));
  const parsed = JSON.parse(readFileSync(a, 'utf8')) as { chats: { list: Array<{ messages: unknown[] }> } };
  assert.equal(parsed.chats.list.reduce((n, c) => n + c.messages.length, 0), 3000);
  const events = await readAll(a);
  const types = new Set(events.map((e) => e.type));
  for (const t of ['message', 'edit', 'join', 'leave', 'group_renamed']) assert.ok(types.has(t as PlatformEventInput['type']), t);
  // Invited members are resolved by name (the generator's names are distinct) unless they never
  // wrote or acted, which leaves the export without their id.
  const known = new Set(events.flatMap((e) => (e.type === 'message' && e.name ? [e.name] : [])));
  const byName = events.flatMap((e) => ('userId' in e && e.userId.startsWith('tg-name:') ? [e.userId.slice(8)] : []));
  assert.ok(events.some((e) => e.type === 'join' && e.via?.inviterId));
  assert.deepEqual(byName.filter((n) => known.has(n)), []);
});
