/**
 * Maps decrypted 会话内容存档 (chat archive) records (platforms.md §6) to envelope events. Only
 * group records (non-empty `roomid`) are mapped: 1:1 chats are not community activity.
 *
 * Decisions:
 * - `revoke` (action "recall") becomes a delete of `revoke.pre_msgid`.
 * - `agree` / `disagree` are skipped: they record a customer's consent to archiving, happen in 1:1
 *   chats with staff, and counting them as group messages would inflate activity.
 * - `switch` records (a member switched corp accounts) are skipped.
 * - Every other type becomes a message with the closest kind and a short readable text; a type
 *   not listed here becomes kind "other", so new WeCom types still count as activity.
 */
import type { PlatformEventInput } from '../../events/envelope.ts';

/** One decrypted archive record as the sidecar returns it. */
export interface ArchiveRecord {
  seq: number;
  msgid: string;
  /** send, recall, switch. */
  action?: string;
  from?: string;
  tolist?: string[];
  /** The group chat id; empty for 1:1 chats. */
  roomid?: string;
  /** Milliseconds since the epoch. */
  msgtime?: number;
  msgtype?: string;
  [typeObject: string]: unknown;
}

type Kind = 'text' | 'image' | 'voice' | 'video' | 'file' | 'link' | 'sticker' | 'red_packet' | 'poll' | 'system' | 'other';

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
const field = (r: ArchiveRecord, obj: string, key: string) => str((r[obj] as Record<string, unknown> | undefined)?.[key]);
const joinText = (...parts: Array<string | undefined>) => parts.filter((p) => p !== undefined).join('\n') || undefined;

/** kind and text for each documented message type. */
const TYPES: Record<string, (r: ArchiveRecord) => { kind: Kind; text?: string | undefined }> = {
  text: (r) => ({ kind: 'text', text: field(r, 'text', 'content') }),
  markdown: (r) => ({ kind: 'text', text: field(r, 'info', 'content') ?? field(r, 'markdown', 'content') }),
  image: () => ({ kind: 'image' }),
  voice: () => ({ kind: 'voice' }),
  video: () => ({ kind: 'video' }),
  meeting_voice_call: () => ({ kind: 'voice' }),
  file: (r) => ({ kind: 'file', text: field(r, 'file', 'filename') }),
  emotion: () => ({ kind: 'sticker' }),
  link: (r) => ({ kind: 'link', text: joinText(field(r, 'link', 'title'), field(r, 'link', 'link_url')) }),
  news: (r) => {
    const item = ((r.info as { item?: Array<Record<string, unknown>> } | undefined)?.item ?? [])[0];
    return { kind: 'link', text: joinText(str(item?.title), str(item?.url)) };
  },
  weapp: (r) => ({ kind: 'link', text: field(r, 'weapp', 'title') }),
  location: (r) => ({ kind: 'other', text: joinText(field(r, 'location', 'title'), field(r, 'location', 'address')) }),
  redpacket: (r) => ({ kind: 'red_packet', text: field(r, 'redpacket', 'wish') }),
  vote: (r) => ({ kind: 'poll', text: field(r, 'vote', 'votetitle') }),
  collect: (r) => ({ kind: 'poll', text: field(r, 'collect', 'title') }),
  card: (r) => ({ kind: 'other', text: field(r, 'card', 'corpname') }),
  chatrecord: (r) => ({ kind: 'other', text: field(r, 'chatrecord', 'title') }),
  todo: (r) => ({ kind: 'other', text: field(r, 'todo', 'title') }),
  calendar: (r) => ({ kind: 'other', text: field(r, 'calendar', 'title') }),
  meeting: (r) => ({ kind: 'other', text: field(r, 'meeting', 'topic') }),
  docmsg: (r) => ({ kind: 'other', text: field(r, 'doc', 'title') }),
  sphfeed: (r) => ({ kind: 'other', text: field(r, 'sphfeed', 'feed_desc') }),
  mixed: (r) => {
    const items = ((r.mixed as { item?: Array<{ type?: string; content?: string }> } | undefined)?.item ?? []);
    const texts: string[] = [];
    for (const item of items) {
      if (item.type !== 'text' || typeof item.content !== 'string') continue;
      // Each item's content is itself a JSON string of that type's object.
      try {
        const c = str((JSON.parse(item.content) as { content?: unknown }).content);
        if (c) texts.push(c);
      } catch { /* a broken item only loses its text */ }
    }
    const kind: Kind = texts.length > 0 ? 'text' : items.some((i) => i.type === 'image') ? 'image' : 'other';
    return { kind, text: texts.join('\n') || undefined };
  },
};

export type ArchiveMapping = { event: PlatformEventInput } | { skip: string };

export function mapArchiveRecord(r: ArchiveRecord): ArchiveMapping {
  if (!r.roomid) return { skip: 'not a group chat' };
  if (typeof r.msgid !== 'string' || r.msgid === '') return { skip: 'no msgid' };
  if (typeof r.msgtime !== 'number' || !Number.isFinite(r.msgtime)) return { skip: 'no msgtime' };
  const base = { occurredAt: new Date(r.msgtime).toISOString(), groupId: r.roomid };
  const type = r.msgtype ?? '';
  if (r.action === 'switch' || type === 'switch') return { skip: 'switch record' };
  if (type === 'agree' || type === 'disagree') return { skip: 'archiving consent record' };
  if (type === 'revoke' || r.action === 'recall') {
    const pre = field(r, 'revoke', 'pre_msgid');
    if (!pre) return { skip: 'revoke without pre_msgid' };
    return { event: { ...base, eventId: `wc:revoke:${r.msgid}`, type: 'delete', messageId: pre } };
  }
  if (!r.from) return { skip: 'no sender' };
  const { kind, text } = (TYPES[type] ?? ((): { kind: Kind; text?: string } => ({ kind: 'other' })))(r);
  return {
    event: {
      ...base, eventId: `wc:msg:${r.msgid}`, type: 'message', messageId: r.msgid, userId: r.from, kind,
      ...(text !== undefined ? { text: text.slice(0, 100_000) } : {}),
    },
  };
}
