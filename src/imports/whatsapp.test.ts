import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import type { PlatformEventInput } from '../events/envelope.ts';
import { ImportFormatError } from './errors.ts';
import { detectDateOrder, readWhatsAppExport, type WhatsAppReaderOptions } from './whatsapp.ts';
import { zonedToUtc } from './zoned-time.ts';

const fixtures = path.join(import.meta.dirname, 'fixtures');
const android = path.join(fixtures, 'WhatsApp Chat with 读书会 Book Club.txt');
const ios = path.join(fixtures, 'WhatsApp Chat - Ops 群 2024.txt');
const dir = mkdtempSync(path.join(tmpdir(), 'qunyun-wa-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(file: string, options: Partial<WhatsAppReaderOptions> = {}): Promise<PlatformEventInput[]> {
  const out: PlatformEventInput[] = [];
  for await (const e of readWhatsAppExport(file, { timezone: 'Asia/Shanghai', ...options })) out.push(e);
  return out;
}

function write(name: string, lines: string[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const summary = (events: PlatformEventInput[]) => events.map((e) => {
  switch (e.type) {
    case 'message': return `${e.occurredAt.slice(5, 16)} message ${e.userId} ${e.kind} ${JSON.stringify(e.text ?? null)}`;
    case 'join': return `${e.occurredAt.slice(5, 16)} join ${e.userId} ${e.via?.source}${e.via?.inviterId ? ` by ${e.via.inviterId}` : ''}`;
    case 'leave': return `${e.occurredAt.slice(5, 16)} leave ${e.userId} ${e.reason}`;
    case 'group_created': case 'group_renamed': return `${e.occurredAt.slice(5, 16)} ${e.type} ${e.name}`;
    default: return e.type;
  }
});

test('Android export (month first, 12-hour clock): messages, multi-line, media, system lines', async () => {
  const skipped: string[] = [];
  const events = await readAll(android, { onSkip: (_, why) => skipped.push(why) });
  assert.deepEqual(summary(events), [
    '12-28T13:00 group_created 读书会',
    '12-28T13:00 join wa-name:王小明 creator',
    '12-28T13:01 join wa-name:Alice invite by wa-name:王小明',
    '12-28T13:01 join wa-name:李华 invite by wa-name:王小明',
    '12-28T13:05 join wa-name:Bob invite_link',
    '12-28T13:06 message wa-name:Alice text "Hello everyone!\\nThis is a second line"',
    '12-28T13:06 message wa-name:Alice text "大家好"',
    '12-28T13:07 message wa-name:李华 other null',
    '12-28T13:10 group_renamed 读书会 Book Club',
    '12-29T00:15 message wa-name:Bob image "my bookshelf"',
    '12-29T00:20 leave wa-name:Bob left',
    '12-30T14:00 leave wa-name:李华 kicked',
    '12-30T14:01 message wa-name:Alice other null',
    '12-31T15:59 message wa-name:Alice text "新年快乐"',
    '12-31T15:59 group_renamed 读书会 Book Club',
  ]);
  assert.deepEqual(skipped, [], 'the encryption notice is known and produces nothing');
  assert.ok(events.every((e) => e.groupId === 'wa-export:读书会 Book Club'));
  // Two messages from Alice in the same minute get different ids.
  const ids = events.map((e) => e.eventId);
  assert.equal(new Set(ids).size, ids.length);
});

test('iOS export (day first, seconds, U+200E, CRLF): system lines written as the group speaking', async () => {
  const events = await readAll(ios);
  assert.deepEqual(summary(events), [
    '01-02T01:16 join wa-name:张伟 invite by wa-name:Alice',
    '01-02T01:17 message wa-name:张伟 text "早上好"',
    '01-02T01:17 message wa-name:张伟 image null',
    '01-13T02:00 message wa-name:Alice image null',
    '01-13T02:01 join wa-name:Carol invite_link',
    '01-13T02:02 message wa-name:Carol text "Hi! Multi\\nline"',
    '01-14T10:30 group_renamed Ops 群 2024',
    '01-15T00:00 leave wa-name:Carol left',
    '01-15T00:00 group_renamed Ops 群 2024',
  ]);
  assert.equal(events[1]!.occurredAt, '2024-01-02T01:17:05.000Z');
});

test('ids are the same on every read and do not depend on line numbers', async () => {
  const a = await readAll(android);
  assert.deepEqual(await readAll(android), a);
  // A re-export that starts a day later keeps the ids of the lines both have.
  const lines = ['12/29/23, 8:15 AM - Bob: IMG-20231229-WA0001.jpg (file attached)', 'my bookshelf', '12/29/23, 8:20 AM - Bob left'];
  const later = await readAll(write('WhatsApp Chat with 读书会 Book Club.txt', lines));
  const shared = later.filter((e) => e.type !== 'group_renamed');
  assert.equal(shared.length, 2);
  for (const e of shared) assert.deepEqual(a.find((x) => x.eventId === e.eventId), e);
});

test('day/month order: decided by a day above 12, else by dates running forward, else an error', async () => {
  assert.equal(await detectDateOrder(android), 'mdy');
  assert.equal(await detectDateOrder(ios), 'dmy');
  assert.equal(await detectDateOrder(write('ymd.txt', ['2024-01-02, 09:00 - A: x'])), 'ymd');
  // 5 Jan, 6 Jan, 1 Feb runs forward; read month-first (1 May, 1 Jun, 2 Jan) it would go back.
  assert.equal(await detectDateOrder(write('fwd.txt', ['05/01/24, 09:00 - A: x', '06/01/24, 09:00 - A: y', '01/02/24, 09:00 - A: z'])), 'dmy');
  await assert.rejects(detectDateOrder(write('amb.txt', ['05/01/24, 09:00 - A: x', '05/01/24, 10:00 - A: y'])), /pass dateOrder/);
  // Given, the order is used as is.
  const events = await readAll(write('given.txt', ['05/01/24, 09:00 - A: x']), { dateOrder: 'mdy', timezone: 'UTC' });
  assert.equal(events[0]!.occurredAt, '2024-05-01T09:00:00.000Z');
});

test('an impossible date fails naming its line, with or without a given order', async () => {
  const file = write('bad-date.txt', ['31/12/2023, 21:41 - Alice: hi', '01/01/2024, 09:00 - Bob: 新年好', 'continued', '32/01/2024, 10:00 - Alice: broken']);
  for (const dateOrder of [undefined, 'dmy' as const]) {
    await assert.rejects(readAll(file, dateOrder ? { dateOrder } : {}), (err: unknown) => {
      assert.ok(err instanceof ImportFormatError);
      assert.equal(err.position.line, 4);
      assert.match(err.message, /bad-date\.txt:4: expected a date in dmy order, found "32\/01\/2024"/);
      return true;
    });
  }
  await assert.rejects(readAll(write('bad-first.txt', ['13/13/2023, 10:00 - A: x'])), (err: unknown) => err instanceof ImportFormatError && err.position.line === 1);
  await assert.rejects(readAll(write('bad-hour.txt', ['12/31/23, 13:05 PM - A: x']), { dateOrder: 'mdy' }),
    (err: unknown) => err instanceof ImportFormatError && err.position.line === 1 && /hour from 1 to 12/.test(err.message));
  await assert.rejects(readAll(write('bad-minute.txt', ['12/31/23, 10:75 - A: x']), { dateOrder: 'mdy' }),
    (err: unknown) => err instanceof ImportFormatError && /time of day/.test(err.message));
});

test('a file that is not a WhatsApp export fails on its first line', async () => {
  const file = write('irc.txt', ['[09:15] <alice> hello', '=== bob [~b@host] has joined #ubuntu']);
  await assert.rejects(readAll(file, { dateOrder: 'dmy' }), /irc\.txt:1: expected a line starting with a date and time/);
  await assert.rejects(readAll(file), /irc\.txt:1: expected WhatsApp chat lines/);
});

test('12-hour clocks: 12 AM is midnight, 12 PM noon; narrow no-break space before PM', async () => {
  const file = write('clock.txt', ['1/5/24, 12:10 AM - A: x', '1/5/24, 12:10\u202fPM - A: y', '1/5/24, 1:10 p.m. - A: z']);
  const events = await readAll(file, { dateOrder: 'mdy', timezone: 'UTC' });
  assert.deepEqual(events.map((e) => e.occurredAt.slice(11, 16)), ['00:10', '12:10', '13:10']);
});

test('local times are read in the given zone, across daylight saving changes', () => {
  assert.equal(zonedToUtc('America/New_York', 2024, 1, 15, 9, 0, 0).toISOString(), '2024-01-15T14:00:00.000Z');
  assert.equal(zonedToUtc('America/New_York', 2024, 7, 15, 9, 0, 0).toISOString(), '2024-07-15T13:00:00.000Z');
  // 01:30 happens twice on 3 Nov 2024 in New York: the first (daylight) one is taken.
  assert.equal(zonedToUtc('America/New_York', 2024, 11, 3, 1, 30, 0).toISOString(), '2024-11-03T05:30:00.000Z');
  assert.equal(zonedToUtc('Asia/Shanghai', 2024, 1, 1, 0, 0, 0).toISOString(), '2023-12-31T16:00:00.000Z');
  assert.throws(() => zonedToUtc('Mars/Olympus', 2024, 1, 1, 0, 0, 0), RangeError);
});
