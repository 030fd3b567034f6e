/**
 * The text of WhatsApp export lines: English system lines to membership and naming events, and
 * message bodies to a kind (media placeholders, attachments, polls, deleted messages).
 */
import { createHash } from 'node:crypto';

export const hash = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);

/** A member's id, from the display name (the export has no ids); hashed when too long to be an id. */
export function whatsAppUserId(name: string): string {
  const id = `wa-name:${name}`;
  return id.length <= 200 ? id : `wa-name:#${hash(name)}`;
}

type Unplaced<T> = T extends unknown ? Omit<T, 'groupId' | 'eventId'> : never;
export type SystemEvent = Unplaced<
  | { type: 'join'; eventId: string; groupId: string; occurredAt: string; userId: string; name: string; via: { source: string; inviterId?: string } }
  | { type: 'leave'; eventId: string; groupId: string; occurredAt: string; userId: string; reason: 'left' | 'kicked' }
  | { type: 'group_created'; eventId: string; groupId: string; occurredAt: string; name: string; ownerId: string }
  | { type: 'group_renamed'; eventId: string; groupId: string; occurredAt: string; name: string }
>;

const Q = '["“”]';
const CREATED = new RegExp(`^(.+?) created (?:the )?group ${Q}(.+)${Q}$`);
const RENAMED = new RegExp(`^(.+?) changed (?:the subject|the group name|this group's name|this group’s name)(?: from ${Q}.*${Q})? to ${Q}(.*)${Q}$`);
const LINK = /^(.+?) joined using this group['’]s invite link$/;
const COMMUNITY = /^(.+?) joined from the community$/;
const JOINED = /^(.+?) joined$/;
const ADDED = /^(.+?) added (.+)$/;
const REMOVED = /^(.+?) removed (.+)$/;
const LEFT = /^(.+?) left$/;
// System lines that change nothing we record; matched so they are not taken for anything else.
const IGNORED = [
  /end-to-end encrypted/i, / created this group$/, /changed (?:this group's|the group) (?:icon|description|settings)/i,
  /deleted this group['’]s icon$/, /security code (?:with .+ )?changed/i, /changed (?:their|his|her) phone number/i,
  /^Disappearing messages/i, /now an admin$/, /no longer an admin$/, /pinned a message$/,
];

/** "Alice, Bob and Carol" → names. A name with ", " or " and " in it is split too (the export does not quote names). */
function list(names: string): string[] {
  return names.split(/, | and /).map((s) => s.trim()).filter(Boolean);
}

/**
 * Events of a system line. `matched`: the line is a known system line (possibly with no events,
 * like the encryption notice); otherwise it is not a system line we know.
 */
export function systemEvents(text: string, at: string, self: string): { matched: boolean; events: SystemEvent[] } {
  const t = text.trim().replace(/\.$/, '');
  const who = (name: string) => (name === 'You' || name === 'you' ? self : name);
  const uid = (name: string) => whatsAppUserId(who(name));
  const join = (name: string, via: { source: string; inviterId?: string }): SystemEvent =>
    ({ type: 'join', occurredAt: at, userId: uid(name), name: who(name), via });
  let m: RegExpExecArray | null;
  if ((m = CREATED.exec(t))) {
    return { matched: true, events: [
      { type: 'group_created', occurredAt: at, name: m[2]!.slice(0, 500), ownerId: uid(m[1]!) },
      join(m[1]!, { source: 'creator' }),
    ] };
  }
  if ((m = RENAMED.exec(t))) {
    return { matched: true, events: m[2] ? [{ type: 'group_renamed', occurredAt: at, name: m[2].slice(0, 500) }] : [] };
  }
  if ((m = LINK.exec(t))) return { matched: true, events: [join(m[1]!, { source: 'invite_link' })] };
  if ((m = COMMUNITY.exec(t))) return { matched: true, events: [join(m[1]!, { source: 'community' })] };
  if (IGNORED.some((r) => r.test(t))) return { matched: true, events: [] };
  if ((m = ADDED.exec(t))) {
    const inviter = uid(m[1]!);
    return { matched: true, events: list(m[2]!).map((n) => join(n, { source: 'invite', inviterId: inviter })) };
  }
  if ((m = REMOVED.exec(t))) {
    return { matched: true, events: list(m[2]!).map((n) => ({ type: 'leave' as const, occurredAt: at, userId: uid(n), reason: 'kicked' as const })) };
  }
  if ((m = LEFT.exec(t))) return { matched: true, events: [{ type: 'leave', occurredAt: at, userId: uid(m[1]!), reason: 'left' }] };
  if ((m = JOINED.exec(t))) return { matched: true, events: [join(m[1]!, { source: 'unknown' })] };
  return { matched: false, events: [] };
}

type Kind = 'text' | 'image' | 'voice' | 'video' | 'file' | 'sticker' | 'poll' | 'other';

const OMITTED: Record<string, Kind> = {
  image: 'image', video: 'video', audio: 'voice', sticker: 'sticker', gif: 'video', document: 'file', 'contact card': 'other',
};
const ATTACHED_TYPES: Record<string, Kind> = { PHOTO: 'image', VIDEO: 'video', AUDIO: 'voice', STICKER: 'sticker', GIF: 'video' };
const ANDROID_FILES: Record<string, Kind> = { IMG: 'image', VID: 'video', PTT: 'voice', AUD: 'voice', STK: 'sticker', DOC: 'file' };

/** A message body's kind, and its text without media placeholders (a caption stays). */
export function messageKind(body: string): { kind: Kind; text: string } {
  const b = body.replace(/^[\u200e\u200f]+/, '');
  const firstLine = b.split('\n', 1)[0]!;
  const rest = b.slice(firstLine.length + 1);
  if (/^<Media omitted>$/i.test(firstLine)) return { kind: 'other', text: rest };
  let m = /^(image|video|audio|sticker|GIF|document|Contact card) omitted$/i.exec(firstLine);
  if (m) return { kind: OMITTED[m[1]!.toLowerCase()]!, text: rest };
  m = /^(?:.* • )?.*?(?:<attached: ([^>]+)>)$/.exec(firstLine);
  if (m) {
    const type = /^\d+-([A-Z]+)-/.exec(m[1]!)?.[1];
    return { kind: (type && ATTACHED_TYPES[type]) || 'file', text: rest };
  }
  m = /^(.+?) \(file attached\)$/.exec(firstLine);
  if (m) return { kind: ANDROID_FILES[m[1]!.slice(0, 3).toUpperCase()] ?? 'file', text: rest };
  if (/^(?:This message was deleted|You deleted this message)\.?$/.test(b)) return { kind: 'other', text: '' };
  if (/^POLL:/.test(b)) return { kind: 'poll', text: b.replace(/^POLL:\n?/, '') };
  return { kind: 'text', text: b.replace(/ ?<This message was edited>$/, '') };
}
