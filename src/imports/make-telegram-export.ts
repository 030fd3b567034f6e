/**
 * Writes a large, realistic Telegram Desktop export (result.json, pretty-printed the way tdesktop
 * writes it) straight to disk, for the import benchmark and tests: Chinese and English members,
 * joins by link and by invitation, leaves and kicks, renames, replies, mentions, links, edits,
 * photos, stickers, voice messages and files. Streamed, so a file of any size takes little memory.
 * The same seed gives the same file.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Rng } from '../simulator/rng.ts';
import { texts, type Lang } from '../simulator/texts.ts';

export interface MakeTelegramExportOptions {
  /** Messages to write (service messages included); or stop once `bytes` are written. */
  messages?: number;
  bytes?: number;
  /** Distinct users (default 500). */
  members?: number;
  /** Group chats; with more than one the file is a full-account export (chats.list). */
  chats?: number;
  seed?: number;
}

export interface MadeExport { bytes: number; messages: number; chats: number }

interface User { id: string; name: string; lang: Lang; inside: boolean }

const START = Date.UTC(2025, 0, 1) / 1000;

export async function makeTelegramExport(path: string, options: MakeTelegramExportOptions): Promise<MadeExport> {
  if (options.messages === undefined && options.bytes === undefined) throw new RangeError('give messages or bytes');
  const rng = new Rng(options.seed ?? 1);
  const chats = options.chats ?? 1;
  const maxMessages = options.messages ?? Number.POSITIVE_INFINITY;
  const maxBytes = options.bytes ?? Number.POSITIVE_INFINITY;
  const out = createWriteStream(path);
  let bytes = 0;
  const write = async (s: string) => {
    bytes += Buffer.byteLength(s);
    if (!out.write(s)) await once(out, 'drain');
  };
  const users: User[] = Array.from({ length: options.members ?? 500 }, (_, i) => {
    const lang: Lang = rng.chance(0.6) ? 'zh' : 'en';
    // A distinct name per user: import resolves invited members by name.
    return { id: `user${100_000 + i}`, name: `${texts.name(rng, lang)} ${i}`, lang, inside: false };
  });
  const full = chats > 1;
  if (full) await write('{\n "about": "Here is the data you requested.",\n "chats": {\n  "about": "This page lists all chats from this export.",\n  "list": [\n');
  let written = 0;
  for (let c = 0; c < chats; c++) {
    const perChat = Math.ceil((Number.isFinite(maxMessages) ? maxMessages : Number.MAX_SAFE_INTEGER) / chats);
    const chatBytes = Number.isFinite(maxBytes) ? maxBytes / chats : Number.POSITIVE_INFINITY;
    const chatStart = bytes;
    const lang: Lang = rng.chance(0.5) ? 'zh' : 'en';
    const name = texts.groupName(rng, lang, c + 1);
    const head = { name, type: 'private_supergroup', id: 1_500_000_000 + c };
    await write(`${c ? ',\n' : ''}${indent(JSON.stringify(head, null, 1).slice(0, -2), full ? 3 : 0)},\n${pad(full ? 4 : 1)}"messages": [\n`);
    for (const u of users) u.inside = false;
    let t = START;
    let id = 0;
    const recent: number[] = [];
    while (id < perChat && bytes - chatStart < chatBytes && written < maxMessages) {
      id++; written++;
      t += 1 + Math.floor(rng.exp(30));
      const m = message(rng, users, id, t, recent, name);
      await write(`${id > 1 ? ',\n' : ''}${indent(JSON.stringify(m, null, 1), full ? 5 : 2)}`);
    }
    await write(`\n${pad(full ? 4 : 1)}]\n${pad(full ? 3 : 0)}}`);
  }
  await write(full ? '\n  ]\n },\n "left_chats": {\n  "about": "",\n  "list": []\n }\n}\n' : '\n');
  out.end();
  await once(out, 'finish');
  return { bytes, messages: written, chats };
}

const pad = (n: number) => ' '.repeat(n);
const indent = (s: string, n: number) => (n ? s.split('\n').map((l) => pad(n) + l).join('\n') : s);

function when(t: number) {
  return { date: new Date(t * 1000).toISOString().slice(0, 19), date_unixtime: String(t) };
}

const FILE = '(File not included. Change data exporting settings to download.)';

/** One message: mostly text from members inside the group; sometimes a join, leave or rename. */
function message(rng: Rng, users: User[], id: number, t: number, recent: number[], groupName: string): Record<string, unknown> {
  const inside = (): User | undefined => {
    for (let i = 0; i < 8; i++) { const u = rng.pick(users); if (u.inside) return u; }
    return undefined;
  };
  const outside = (): User | undefined => {
    for (let i = 0; i < 8; i++) { const u = rng.pick(users); if (!u.inside) return u; }
    return undefined;
  };
  const service = (actor: User, action: string, extra: Record<string, unknown>) =>
    ({ id, type: 'service', ...when(t), actor: actor.name, actor_id: actor.id, action, ...extra, text: '', text_entities: [] });
  const r = rng.float();
  const sender = inside();
  if (!sender || r < 0.03) {
    const u = outside();
    if (u) {
      u.inside = true;
      return service(u, 'join_group_by_link', { inviter: 'Group' });
    }
  }
  if (sender && r < 0.04) {
    const guest = outside();
    if (guest) { guest.inside = true; return service(sender, 'invite_members', { members: [guest.name] }); }
  }
  if (sender && r < 0.05) {
    const leaver = rng.chance(0.7) ? sender : inside() ?? sender;
    leaver.inside = false;
    return service(sender, 'remove_members', { members: [leaver.name] });
  }
  if (sender && r < 0.0502) return service(sender, 'edit_group_title', { title: `${groupName} (${id})` });
  const from = sender ?? users[0]!;
  from.inside = true;
  const m: Record<string, unknown> = { id, type: 'message', ...when(t), from: from.name, from_id: from.id };
  if (recent.length && rng.chance(0.2)) m.reply_to_message_id = rng.pick(recent);
  const media = rng.float();
  if (media < 0.05) Object.assign(m, { photo: FILE, width: 1280, height: 960 });
  else if (media < 0.08) Object.assign(m, { file: FILE, thumbnail: FILE, media_type: 'sticker', sticker_emoji: texts.emoji(rng), width: 512, height: 512 });
  else if (media < 0.1) Object.assign(m, { file: FILE, media_type: 'voice_message', mime_type: 'audio/ogg', duration_seconds: rng.between(1, 60) });
  else if (media < 0.11) Object.assign(m, { file: FILE, mime_type: 'application/pdf' });
  const entities: Array<Record<string, unknown>> = [];
  if (media >= 0.05 && media < 0.11) { /* no caption */ } else {
    const other = inside();
    if (other && rng.chance(0.1)) entities.push({ type: 'mention_name', text: other.name, user_id: Number(other.id.slice(4)) }, { type: 'plain', text: ' ' });
    entities.push({ type: 'plain', text: texts.chat(rng, from.lang) });
    if (rng.chance(0.05)) entities.push({ type: 'plain', text: ' ' }, { type: 'link', text: texts.link(rng) });
  }
  m.text = entities.length === 1 ? entities[0]!.text : entities.map((e) => (e.type === 'plain' ? e.text : e));
  m.text_entities = entities;
  if (entities.length && rng.chance(0.03)) Object.assign(m, { edited: when(t + 60).date, edited_unixtime: String(t + 60) });
  recent.push(id);
  if (recent.length > 50) recent.shift();
  return m;
}
