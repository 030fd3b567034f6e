/**
 * Reader of WhatsApp's "Export chat" text file, streamed line by line. Both layouts are read:
 *   Android  `12/31/23, 9:41 PM - Name: text`   (also 24-hour clocks, `.` or `-` in dates)
 *   iOS      `[31/12/2023, 21:41:05] Name: text` (lines often start with U+200E)
 * A line without a leading date continues the message before it. Lines with a date and no
 * `Name: ` are system lines; the English ones that change membership or the group's name become
 * events (joined using this group's invite link, added, left, removed, changed the subject or
 * group name, created group); the others are skipped and counted. Other languages are not read.
 *
 * What the export lacks, and what is done instead:
 * - No user ids: a member's id is derived from the display name as saved on the exporting phone,
 *   `wa-name:<name>` (a phone number for unsaved contacts). Two people saved under the same name
 *   are one member; a contact renamed on that phone becomes a new member. "You" in system lines is
 *   the exporter (`selfName`, default "You").
 * - No group id: `wa-export:<group>`, by default the group's name from the file name ("WhatsApp
 *   Chat with <name>.txt"); pass the same `group` when importing a later export of a renamed
 *   group. The name in the file name becomes the group's name as of the last line.
 * - Local times without zone: read in `timezone` (IANA). The day/month order of dates depends on
 *   the phone's locale; without `dateOrder` it is detected from the file (see detectDateOrder).
 * - No message ids: an event id is a hash of the group, the timestamp, the sender (or the system
 *   action and its subject) and a counter of such events at that timestamp, so it survives a
 *   re-export that starts or ends elsewhere (a line number would not).
 * - No replies, mentions or edit times.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { basename, extname } from 'node:path';
import { parseEvent, type PlatformEventInput } from '../events/envelope.ts';
import { ImportFormatError, type ReaderOptions } from './errors.ts';
import { checkTimeZone, zonedToUtc } from './zoned-time.ts';
import { hash, messageKind, systemEvents, whatsAppUserId } from './whatsapp-lines.ts';

export { whatsAppUserId };

export type DateOrder = 'dmy' | 'mdy' | 'ymd';

export interface WhatsAppReaderOptions extends ReaderOptions {
  /** IANA zone the phone's clock was in. */
  timezone: string;
  dateOrder?: DateOrder;
  /**
   * What identifies the group: its id is `wa-export:<group>`. Default: the group's name from the
   * file name, which changes when the group is renamed, so give the first import's value again
   * when importing a later export of a renamed group.
   */
  group?: string;
  /** Who "You" is in system lines. */
  selfName?: string;
  onSkip?: (what: 'line', reason: string, example?: string) => void;
}

// Date (three numbers), time (h:mm[:ss]) with optional am/pm, then " - " (Android) or "] " (iOS).
const HEADER = /^[\u200e\u200f\u202a-\u202e\ufeff]*\[?(\d{1,4})([-/.])\s?(\d{1,4})\2\s?(\d{1,4})\.?,?\s+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:[\s\u202f\u00a0]*([aApP])\.?\s?[mM]\.?)?(?:\]\s|\s[-\u2013]\s)(.*)$/;

export interface Header { p1: string; p2: string; p3: string; h: number; mi: number; s: number; ampm: string | undefined; rest: string }

export function matchHeader(line: string): Header | undefined {
  const m = HEADER.exec(line);
  if (!m) return undefined;
  return { p1: m[1]!, p2: m[3]!, p3: m[4]!, h: Number(m[5]), mi: Number(m[6]), s: m[7] ? Number(m[7]) : 0, ampm: m[8]?.toLowerCase(), rest: m[9]! };
}

const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Year, month, day of a header's date in this order, or undefined if there is no such day. */
export function dateOf(h: Header, order: DateOrder): [number, number, number] | undefined {
  let y: number, mo: number, d: number;
  if (order === 'ymd') { y = Number(h.p1); mo = Number(h.p2); d = Number(h.p3); }
  else {
    y = Number(h.p3);
    [d, mo] = order === 'dmy' ? [Number(h.p1), Number(h.p2)] : [Number(h.p2), Number(h.p1)];
  }
  if (y < 100) y += 2000;
  if ((order === 'ymd') !== (h.p1.length === 4)) return undefined;
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return undefined;
  return [y, mo, d];
}

/**
 * The day/month order of a file's dates. A date whose first number is above 12 can only be
 * day-first, one whose second is, only month-first; every date must fit the order chosen. When
 * every date fits both (no day above the 12th), the order under which the dates run forward is
 * taken; when that does not decide either, the file is ambiguous and `dateOrder` must be given.
 */
export async function detectDateOrder(path: string): Promise<DateOrder> {
  const possible = new Set<DateOrder>(['dmy', 'mdy', 'ymd']);
  const backwards = { dmy: 0, mdy: 0, ymd: 0 };
  const last: Partial<Record<DateOrder, number>> = {};
  let n = 0, dated = 0;
  for await (const line of lines(path)) {
    n++;
    const h = matchHeader(line);
    if (!h) continue;
    dated++;
    const fits = [...possible].filter((o) => dateOf(h, o));
    if (fits.length === 0) {
      const was = [...possible].join(' or ');
      throw new ImportFormatError(path, { line: n }, `expected a date in ${was} order, found "${h.p1}/${h.p2}/${h.p3}", which is not a day in ${dated === 1 ? 'any order' : 'the order of the lines before'}`);
    }
    for (const o of [...possible]) if (!fits.includes(o)) possible.delete(o);
    for (const o of possible) {
      const [y, mo, d] = dateOf(h, o)!;
      const day = y * 10_000 + mo * 100 + d;
      if (last[o] !== undefined && day < last[o]!) backwards[o]++;
      last[o] = day;
    }
  }
  if (dated === 0) throw new ImportFormatError(path, { line: 1 }, 'expected WhatsApp chat lines ("31/12/2023, 21:41 - Name: text" or "[31/12/2023, 21:41:05] Name: text"), found none');
  const orders = [...possible];
  if (orders.length === 1) return orders[0]!;
  const fewest = Math.min(...orders.map((o) => backwards[o]));
  const best = orders.filter((o) => backwards[o] === fewest);
  if (best.length === 1) return best[0]!;
  throw new ImportFormatError(path, { line: 1 }, `expected dates whose day/month order can be told apart; every date fits ${best.join(' and ')}: pass dateOrder`);
}

async function* lines(path: string, onBytes?: (n: number) => void): AsyncGenerator<string> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  if (onBytes) {
    let bytes = 0;
    stream.on('data', (chunk) => { bytes += Buffer.byteLength(chunk as string); onBytes(bytes); });
  }
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    for await (const line of rl) yield line;
  } finally {
    rl.close();
    stream.destroy();
  }
}

/**
 * The group's name at export time, from the file name WhatsApp gives the export ("WhatsApp Chat
 * with X.txt", "WhatsApp Chat - X.txt"); undefined for any other file name.
 */
export function groupNameFromFile(path: string): string | undefined {
  const m = /^WhatsApp Chat (?:with |- )(.+)$/i.exec(basename(path, extname(path)));
  return m?.[1]!.trim() || undefined;
}

export function whatsAppGroupId(groupName: string): string {
  const id = `wa-export:${groupName}`;
  return id.length <= 200 ? id : `wa-export:#${hash(groupName)}`;
}

interface Pending { event: PlatformEventInput & { type: 'message' }; line: number; body: string }

export async function* readWhatsAppExport(path: string, options: WhatsAppReaderOptions): AsyncGenerator<PlatformEventInput> {
  checkTimeZone(options.timezone);
  const order = options.dateOrder ?? await detectDateOrder(path);
  const exportedName = groupNameFromFile(path);
  const groupName = options.group ?? exportedName ?? basename(path, extname(path));
  const groupId = whatsAppGroupId(groupName);
  const self = options.selfName ?? 'You';
  const validate = options.validate !== false;
  // Events already seen per (time, who, what): the counter that tells identical ones apart.
  const seen = new Map<string, number>();
  const eventId = (at: string, ...who: string[]) => {
    const key = [at, ...who].join('\u0000');
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return `wa-export:${hash(groupName, key, String(n))}`;
  };
  let pending: Pending | undefined;
  let lastAt: string | undefined;
  let n = 0;
  const check = (e: PlatformEventInput, line: number): PlatformEventInput => {
    if (validate) {
      const r = parseEvent(e);
      if (!r.ok) throw new ImportFormatError(path, { line }, `expected a line the envelope accepts (${e.type}): ${r.reason}`);
    }
    return e;
  };
  const finish = (p: Pending): PlatformEventInput => {
    const { kind, text } = messageKind(p.body);
    p.event.kind = kind;
    if (text) p.event.text = text;
    return check(p.event, p.line);
  };

  for await (const raw of lines(path, options.onBytes)) {
    n++;
    const line = n === 1 ? raw.replace(/^\ufeff/, '') : raw;
    const h = matchHeader(line);
    if (!h) {
      if (pending) pending.body += `\n${line}`;
      else if (line.trim() !== '' && lastAt === undefined) {
        throw new ImportFormatError(path, { line: n }, 'expected a line starting with a date and time ("31/12/2023, 21:41 - Name: text" or "[31/12/2023, 21:41:05] Name: text")');
      }
      continue;
    }
    if (pending) { yield finish(pending); pending = undefined; }
    const date = dateOf(h, order);
    if (!date) throw new ImportFormatError(path, { line: n }, `expected a date in ${order} order, found "${h.p1}/${h.p2}/${h.p3}", which is not a day`);
    let hour = h.h;
    if (h.ampm) {
      if (hour < 1 || hour > 12) throw new ImportFormatError(path, { line: n }, `expected an hour from 1 to 12 before am/pm, found ${hour}`);
      hour = (hour % 12) + (h.ampm === 'p' ? 12 : 0);
    }
    if (hour > 23 || h.mi > 59 || h.s > 59) throw new ImportFormatError(path, { line: n }, `expected a time of day, found ${h.h}:${h.mi}:${h.s}`);
    const at = zonedToUtc(options.timezone, date[0], date[1], date[2], hour, h.mi, h.s).toISOString();
    if (!lastAt || lastAt < at) lastAt = at;

    // "Name: text", unless the text is an iOS system line (iOS writes those as "Group: \u200e…").
    const split = /^(.+?): ([^]*)$/.exec(h.rest);
    const body = split?.[2];
    const system = !split ? h.rest
      : body!.startsWith('\u200e') && systemEvents(body!.slice(1), at, self).matched ? body!.slice(1)
      : /["“]/.test(split[1]!) && systemEvents(h.rest, at, self).matched ? h.rest
      : undefined;
    if (system !== undefined) {
      const r = systemEvents(system, at, self);
      if (!r.matched) { options.onSkip?.('line', 'system line', `line ${n}: ${system.slice(0, 80)}`); continue; }
      for (const e of r.events) {
        const subject = e.type === 'join' || e.type === 'leave' ? e.userId : e.type === 'group_created' || e.type === 'group_renamed' ? e.name : '';
        yield check({ ...e, groupId, eventId: eventId(at, `system:${e.type}`, subject) } as PlatformEventInput, n);
      }
      continue;
    }
    const name = split![1]!.replace(/^[\u200e\u200f]+/, '');
    const userId = whatsAppUserId(name);
    const id = eventId(at, userId);
    pending = { event: { type: 'message', eventId: id, occurredAt: at, groupId, messageId: id.slice('wa-export:'.length), userId, name }, line: n, body: body! };
  }
  if (pending) yield finish(pending);
  if (lastAt && exportedName) {
    // The group's name when exported, at the time of the last line (the export has no other).
    yield check({ type: 'group_renamed', eventId: `wa-export:${hash(groupName, 'name', exportedName)}`, occurredAt: lastAt, groupId, name: exportedName.slice(0, 500) }, n);
  }
}
