/**
 * Reader of Telegram Desktop's JSON export (result.json): a single chat, or a whole account
 * (`chats.list[]`, `left_chats.list[]`), streamed with @streamparser/json so that memory stays
 * bounded whatever the size of the file. Yields envelope events:
 *
 * - group id `tg-export:<chat id>`, user ids as the export writes them (`user123`, `channel123`; a
 *   bare numeric `from_id`, as some exports write it, is the user `user<id>`);
 * - messages → `message` (+ an `edit` when the message was edited: the export has only the final
 *   text, so the message and its edit carry the same text);
 * - service messages → `join` / `leave` / `group_created` / `group_renamed`;
 * - at the end of each chat, a `group_renamed` to the chat's name as exported (at its last event's
 *   time), because most exports do not reach back to the group's creation.
 *
 * Only group chats are imported (private_group, private_supergroup, public_supergroup): personal
 * chats, bots and channels are skipped and counted. Event ids are the chat id and message id
 * (plus the member's index for multi-member service messages), so a re-import, or an import of a
 * later export of the same chat, finds every event already stored.
 *
 * Service messages name invited or removed members by display name only. Names are resolved to
 * user ids through `TelegramNames`, learnt from senders and actors across the whole file (the
 * reader scans the file for them first unless given a filled directory); a name never seen with an
 * id, or seen with two, becomes the user id `tg-name:<name>`.
 */
import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { Tokenizer, TokenParser, TokenType, type ParsedTokenInfo, type StackElement } from '@streamparser/json';
import { parseEvent, type PlatformEventInput } from '../events/envelope.ts';
import { ImportFormatError, unixToIso, type ReaderOptions } from './errors.ts';
import { serviceEvents, type ChatContext } from './telegram-service.ts';

export const GROUP_CHAT_TYPES: ReadonlySet<string> = new Set(['private_group', 'private_supergroup', 'public_supergroup']);

/** Display name → user id, as learnt from the export's senders and actors. */
export class TelegramNames {
  #ids = new Map<string, string | null>(); // null: two users share the name
  learn(name: unknown, id: unknown): void {
    if (typeof name !== 'string' || name === '' || typeof id !== 'string' || id === '') return;
    const known = this.#ids.get(name);
    if (known === undefined) this.#ids.set(name, id);
    else if (known !== null && known !== id) this.#ids.set(name, null);
  }
  /** The user id of the only user seen with this name, if any. */
  lookup(name: string): string | undefined {
    return this.#ids.get(name) ?? undefined;
  }
  /** lookup, or the name-derived id `tg-name:<name>` (hashed when too long to be an id). */
  resolve(name: string): string {
    return this.lookup(name) ?? nameId(name);
  }
  get size(): number { return this.#ids.size; }
}

function nameId(name: string): string {
  const id = `tg-name:${name}`;
  return id.length <= 200 ? id : `tg-name:#${createHash('sha256').update(name).digest('hex').slice(0, 32)}`;
}

export interface TelegramReaderOptions extends ReaderOptions {
  /** Name directory to use (and fill); without it the reader scans the file for names first. */
  names?: TelegramNames;
  /** Called for every chat or message left out, with why and which one (for the import summary). */
  onSkip?: (what: 'chat' | 'message', reason: string, example?: string) => void;
}

/** Reads the whole file once, learning every sender's and actor's name. */
export async function scanTelegramNames(path: string, onBytes?: (bytesRead: number) => void): Promise<TelegramNames> {
  const names = new TelegramNames();
  for await (const _ of readTelegramExport(path, { names, validate: false, ...(onBytes ? { onBytes } : {}) })) { /* learning only */ }
  return names;
}

const CHAT_FIELDS = ['id', 'name', 'type'];
const PATHS = [
  ...CHAT_FIELDS.map((f) => `$.${f}`), '$.messages.*',
  ...['chats', 'left_chats'].flatMap((s) => [...CHAT_FIELDS.map((f) => `$.${s}.list.*.${f}`), `$.${s}.list.*.messages.*`]),
];

export async function* readTelegramExport(path: string, options: TelegramReaderOptions = {}): AsyncGenerator<PlatformEventInput> {
  const names = options.names ?? await scanTelegramNames(path);
  const reader = new ExportParser(path, names, options);
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
    reader.write(chunk as Buffer, bytes);
    bytes += (chunk as Buffer).length;
    yield* reader.drain();
    options.onBytes?.(bytes);
  }
  reader.end(bytes);
  yield* reader.drain();
}

/** Stack keys of the parser to a JSON path: `$.chats.list[3].messages[12]`. */
function jsonPath(keys: ReadonlyArray<string | number | undefined>): string {
  let out = '$';
  for (const k of keys) {
    if (k === undefined) continue;
    out += typeof k === 'number' ? `[${k}]` : `.${k}`;
  }
  return out;
}

interface Chat extends ChatContext { key: string; lastAt: string | undefined; skipped: boolean }

class ExportParser {
  readonly #file: string;
  readonly #names: TelegramNames;
  readonly #options: TelegramReaderOptions;
  readonly #tokenizer = new Tokenizer();
  readonly #parser = new TokenParser({ paths: PATHS, keepStack: false });
  #queue: PlatformEventInput[] = [];
  #chat: Chat | undefined;
  // Byte offset where each open object or array started, by depth: tells where a message began.
  #starts: number[] = [];
  #depth = 0;
  #lastOffset = 0;
  #base = 0;

  constructor(file: string, names: TelegramNames, options: TelegramReaderOptions) {
    this.#file = file;
    this.#names = names;
    this.#options = options;
    this.#tokenizer.onToken = (t: ParsedTokenInfo) => {
      this.#lastOffset = t.offset;
      if (t.token === TokenType.LEFT_BRACE || t.token === TokenType.LEFT_BRACKET) this.#starts[++this.#depth] = t.offset;
      this.#parser.write(t);
      if (t.token === TokenType.RIGHT_BRACE || t.token === TokenType.RIGHT_BRACKET) this.#depth--;
    };
    this.#tokenizer.onEnd = () => { if (!this.#parser.isEnded) this.#parser.end(); };
    this.#parser.onValue = ({ value, key, stack }) => this.#onValue(value, key, stack);
  }

  write(chunk: Buffer, base: number): void {
    this.#base = base;
    try { this.#tokenizer.write(chunk); } catch (err) { throw this.#syntaxError(err); }
  }

  end(bytes: number): void {
    try {
      if (bytes === 0) throw new Error('empty file');
      this.#tokenizer.end();
      if (!this.#parser.isEnded) this.#parser.end();
    } catch (err) {
      throw this.#syntaxError(err, bytes);
    }
    this.#closeChat();
  }

  drain(): PlatformEventInput[] {
    const out = this.#queue;
    this.#queue = [];
    return out;
  }

  #syntaxError(err: unknown, at?: number): Error {
    if (err instanceof ImportFormatError) return err;
    const message = err instanceof Error ? err.message : String(err);
    const absolute = /absolute position "(\d+)"/.exec(message);
    const byte = absolute ? Number(absolute[1]) : at ?? this.#lastOffset;
    // The parser's stack is private; it is read only to say where the error is.
    const p = this.#parser as unknown as { stack?: StackElement[]; key?: string | number };
    const keys = p.stack ? [...p.stack.slice(1).map((s) => s.key), p.key] : [];
    const what = at !== undefined ? 'the file ends before the JSON document does (truncated export?)' : 'valid JSON';
    return new ImportFormatError(this.#file, { byte, path: jsonPath(keys) }, `expected ${what}: ${message}`);
  }

  #onValue(value: unknown, key: string | number | undefined, stack: StackElement[]): void {
    const keys = [...stack.slice(1).map((s) => s.key), key];
    // Which chat this value belongs to: the root (single-chat export) or chats.list[i].
    const inMessages = keys[keys.length - 2] === 'messages';
    const chatKey = keys.slice(0, inMessages ? -2 : -1).join('/');
    if (!inMessages) return this.#onChatField(chatKey, String(key), value);
    const chat = this.#chat;
    const where = () => ({ byte: this.#starts[stack.length + 1] ?? this.#lastOffset, path: jsonPath(keys) });
    if (!chat || chat.key !== chatKey || !chat.groupId) {
      throw new ImportFormatError(this.#file, where(), 'expected the chat\'s "id" before its "messages"');
    }
    if (chat.skipped) return;
    this.#onMessage(chat, value, where);
  }

  #onChatField(chatKey: string, field: string, value: unknown): void {
    if (this.#chat?.key !== chatKey) {
      this.#closeChat();
      this.#chat = { key: chatKey, chatId: '', groupId: '', name: undefined, type: undefined, lastAt: undefined, skipped: false };
    }
    const chat = this.#chat!;
    if (field === 'id') {
      if ((typeof value !== 'number' && typeof value !== 'string') || String(value) === '') {
        throw new ImportFormatError(this.#file, { byte: this.#lastOffset, path: jsonPath([...chatKey.split('/'), 'id']) }, 'expected the chat id as a number');
      }
      chat.chatId = String(value);
      chat.groupId = `tg-export:${chat.chatId}`;
    } else if (field === 'name' && typeof value === 'string') chat.name = value;
    else if (field === 'type' && typeof value === 'string') {
      chat.type = value;
      if (!GROUP_CHAT_TYPES.has(value)) {
        chat.skipped = true;
        this.#options.onSkip?.('chat', `chat type ${value}`, `chat ${chat.chatId || '?'}${chat.name !== undefined ? ` "${chat.name}"` : ''}`);
      }
    }
  }

  /** At the end of a chat: its name as exported, at the time of its last event. */
  #closeChat(): void {
    const chat = this.#chat;
    this.#chat = undefined;
    if (!chat || chat.skipped || !chat.groupId || !chat.lastAt || !chat.name) return;
    const digest = createHash('sha256').update(chat.name).digest('hex').slice(0, 16);
    this.#emit({ type: 'group_renamed', eventId: `${chat.groupId}:name:${digest}`, occurredAt: chat.lastAt, groupId: chat.groupId, name: chat.name.slice(0, 500) },
      { path: '(chat name)' });
  }

  #emit(event: PlatformEventInput, where: { byte?: number; path?: string }): void {
    if (this.#options.validate !== false) {
      const r = parseEvent(event);
      if (!r.ok) throw new ImportFormatError(this.#file, where, `expected a message the envelope accepts (${event.type}): ${r.reason}`);
    }
    this.#queue.push(event);
  }

  #onMessage(chat: Chat, value: unknown, where: () => { byte: number; path: string }): void {
    const fail = (expected: string): never => { throw new ImportFormatError(this.#file, where(), expected); };
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('expected a message object');
    const m = value as Record<string, unknown>;
    if (!Number.isSafeInteger(m.id)) return fail('expected "id" as an integer');
    const example = () => `chat ${chat.chatId}${chat.name !== undefined ? ` "${chat.name}"` : ''} message ${m.id as number}`;
    if (m.type === 'unsupported') { this.#options.onSkip?.('message', 'unsupported message', example()); return; }
    const occurredAt = unixToIso(m.date_unixtime);
    if (!occurredAt) {
      return fail(m.date_unixtime === undefined
        ? 'expected "date_unixtime" (exports from Telegram Desktop before 3.x have only local "date"; re-export)'
        : 'expected "date_unixtime" as a string of seconds');
    }
    if (!chat.lastAt || chat.lastAt < occurredAt) chat.lastAt = occurredAt;
    const base = `${chat.groupId}:${m.id}`;
    if (m.type === 'service') {
      this.#names.learn(m.actor, m.actor_id);
      const r = serviceEvents(chat, m, base, occurredAt, this.#names);
      if (r.error) return fail(r.error);
      if (r.skipped) this.#options.onSkip?.('message', r.skipped, example());
      for (const e of r.events) this.#emit(e, where());
      return;
    }
    if (m.type !== 'message') return fail('expected "type" to be "message", "service" or "unsupported"');
    // Some exports (and tools that rewrite them) give from_id as the bare numeric user id: it is
    // the same user as Telegram Desktop's "user<id>", so the message is kept under that id.
    const fromId = typeof m.from_id === 'string' ? m.from_id : Number.isSafeInteger(m.from_id) && (m.from_id as number) > 0 ? `user${m.from_id as number}` : '';
    this.#names.learn(m.from, fromId);
    if (fromId === '') {
      this.#options.onSkip?.('message', m.from_id === undefined || m.from_id === null || m.from_id === '' ? 'message without from_id' : 'message with an unreadable from_id', example());
      return;
    }
    const { text, mentions } = flattenText(m.text_entities ?? m.text, fail);
    const message: PlatformEventInput = {
      type: 'message', eventId: base, occurredAt, groupId: chat.groupId, messageId: String(m.id), userId: fromId,
      kind: kindOf(m, text),
    };
    if (typeof m.from === 'string' && m.from !== '') message.name = m.from;
    const shown = text || (isPoll(m) ? m.poll.question : '');
    if (shown) message.text = shown;
    if (Number.isSafeInteger(m.reply_to_message_id) && m.reply_to_peer_id === undefined) message.replyTo = String(m.reply_to_message_id);
    if (mentions.length) message.mentions = mentions;
    this.#emit(message, where());
    if (m.edited_unixtime !== undefined) {
      const editedAt = unixToIso(m.edited_unixtime);
      if (!editedAt) return fail('expected "edited_unixtime" as a string of seconds');
      this.#emit({ type: 'edit', eventId: `${base}:edit:${m.edited_unixtime}`, occurredAt: editedAt, groupId: chat.groupId,
        messageId: String(m.id), userId: fromId, text }, where());
    }
  }
}

function isPoll(m: Record<string, unknown>): m is { poll: { question: string } } {
  const p = m.poll as { question?: unknown } | undefined;
  return typeof p === 'object' && p !== null && typeof p.question === 'string';
}

const MEDIA_KINDS: Record<string, 'sticker' | 'video' | 'voice' | 'file'> = {
  sticker: 'sticker', video_message: 'video', voice_message: 'voice', animation: 'video', video_file: 'video', audio_file: 'file',
};

function kindOf(m: Record<string, unknown>, text: string) {
  if (m.photo !== undefined) return 'image' as const;
  if (typeof m.media_type === 'string') return MEDIA_KINDS[m.media_type] ?? 'other';
  if (m.file !== undefined) return 'file' as const;
  if (isPoll(m)) return 'poll' as const;
  if (m.contact_information !== undefined || m.location_information !== undefined || m.game_title !== undefined || m.invoice_information !== undefined) return 'other' as const;
  return text === '' ? 'other' as const : 'text' as const;
}

/**
 * `text_entities` (or `text`) to plain text and the users it mentions: `mention_name` entities carry
 * a user id; `mention` entities only a @username, kept as the user id `tg-username:<name>`.
 */
export function flattenText(value: unknown, fail: (expected: string) => never): { text: string; mentions: string[] } {
  if (value === undefined || value === null) return { text: '', mentions: [] };
  if (typeof value === 'string') return { text: value, mentions: [] };
  if (!Array.isArray(value)) return fail('expected "text" as a string or an array of text entities');
  let text = '';
  const mentions = new Set<string>();
  for (const part of value) {
    if (typeof part === 'string') { text += part; continue; }
    if (typeof part !== 'object' || part === null || typeof (part as { text?: unknown }).text !== 'string') {
      return fail('expected each text entity to be a string or an object with "text"');
    }
    const e = part as { type?: unknown; text: string; user_id?: unknown };
    text += e.text;
    if (e.type === 'mention_name' && (typeof e.user_id === 'number' || typeof e.user_id === 'string')) mentions.add(`user${e.user_id}`);
    else if (e.type === 'mention' && e.text.length > 1) mentions.add(`tg-username:${e.text.replace(/^@/, '').toLowerCase()}`);
  }
  return { text, mentions: [...mentions].slice(0, 500) };
}
