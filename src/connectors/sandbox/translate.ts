/**
 * Translation of the sandbox platform's native updates into Qunyun's event envelope. A native
 * event this cannot translate is returned unchanged, so ingest dead-letters it with a reason
 * instead of it vanishing here.
 */
import type { PlatformEventInput } from '../../events/envelope.ts';

type Json = Record<string, unknown>;

const KIND_OF_CONTENT: Record<string, 'text' | 'image' | 'voice' | 'video' | 'file' | 'link' | 'sticker' | 'red_packet' | 'poll'> = {
  text: 'text', photo: 'image', voice: 'voice', video: 'video', document: 'file',
  link: 'link', sticker: 'sticker', red_packet: 'red_packet', poll: 'poll',
};

const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const s = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** Returns the envelope for a native event, or the native event itself when it cannot be translated. */
export function translateNative(raw: unknown): PlatformEventInput | unknown {
  const ev = obj(raw);
  const chat = obj(ev?.chat);
  const eventId = s(ev?.event_id);
  const groupId = s(chat?.id);
  const date = ev?.date;
  if (!ev || !eventId || !groupId || typeof date !== 'number' || !Number.isFinite(date)) return raw;
  const base = { eventId, groupId, occurredAt: new Date(date).toISOString() };
  const from = obj(ev.from);
  const member = obj(ev.member);
  switch (ev.kind) {
    case 'chat_created': {
      const info = obj(ev.chat_info);
      const name = s(chat?.title);
      if (!name) return raw;
      return {
        ...base, type: 'group_created', name,
        ...(typeof info?.capacity === 'number' ? { capacity: info.capacity } : {}),
        ...(s(info?.owner_id) ? { ownerId: s(info?.owner_id) } : {}),
      };
    }
    case 'chat_renamed': {
      const name = s(ev.new_title) ?? s(chat?.title);
      return name ? { ...base, type: 'group_renamed', name } : raw;
    }
    case 'chat_dismissed':
      return { ...base, type: 'group_dismissed' };
    case 'member_joined':
    case 'join_request': {
      const userId = s(member?.id);
      if (!userId) return raw;
      const join = obj(ev.join);
      const via: Record<string, string> = {};
      const source = s(join?.source);
      const code = s(obj(join?.invite_link)?.code);
      const inviterId = s(join?.inviter_id);
      const staffId = s(join?.staff_id);
      if (source) via.source = source;
      if (code) via.inviteCode = code;
      if (inviterId) via.inviterId = inviterId;
      if (staffId) via.staffId = staffId;
      return {
        ...base, type: ev.kind === 'join_request' ? 'join_request' : 'join', userId,
        ...(typeof member?.name === 'string' ? { name: member.name } : {}),
        ...(ev.kind === 'member_joined' && typeof member?.is_bot === 'boolean' ? { isBot: member.is_bot } : {}),
        ...(Object.keys(via).length ? { via } : {}),
      };
    }
    case 'member_left': {
      const userId = s(member?.id);
      const reason = obj(ev.leave)?.reason;
      if (!userId) return raw;
      return { ...base, type: 'leave', userId, reason: reason === 'kicked' || reason === 'banned' ? reason : 'left' };
    }
    case 'member_updated': {
      const userId = s(member?.id);
      const name = s(member?.name);
      if (!userId || !name) return raw;
      return { ...base, type: 'member_profile', userId, name, ...(typeof member?.is_bot === 'boolean' ? { isBot: member.is_bot } : {}) };
    }
    case 'message': {
      const m = obj(ev.message);
      const messageId = s(m?.message_id);
      const userId = s(from?.id);
      const kind = KIND_OF_CONTENT[String(m?.content_type ?? 'text')] ?? 'other';
      if (!m || !messageId || !userId) return raw;
      const mentions = Array.isArray(m.entities)
        ? m.entities.map((e) => obj(e)).filter((e) => e?.type === 'mention').map((e) => s(e?.user_id)).filter((id): id is string => !!id)
        : [];
      return {
        ...base, type: 'message', messageId, userId, kind,
        ...(typeof from?.name === 'string' ? { name: from.name } : {}),
        ...(from?.is_bot === true ? { isBot: true } : {}),
        ...(typeof m.text === 'string' ? { text: m.text } : {}),
        ...(s(m.reply_to_message_id) ? { replyTo: s(m.reply_to_message_id) } : {}),
        ...(mentions.length ? { mentions } : {}),
      };
    }
    case 'message_edited': {
      const e = obj(ev.edit);
      const messageId = s(e?.message_id);
      const userId = s(from?.id);
      if (!messageId || !userId || typeof e?.text !== 'string') return raw;
      return { ...base, type: 'edit', messageId, userId, text: e.text };
    }
    case 'message_deleted': {
      const messageId = s(obj(ev.deleted)?.message_id);
      return messageId ? { ...base, type: 'delete', messageId } : raw;
    }
    case 'reaction': {
      const r = obj(ev.reaction);
      const messageId = s(r?.message_id);
      const userId = s(from?.id);
      const emoji = s(r?.emoji);
      if (!messageId || !userId || !emoji) return raw;
      return { ...base, type: 'reaction', messageId, userId, emoji, added: r?.added !== false };
    }
    case 'button_pressed': {
      const b = obj(ev.button);
      const messageId = s(b?.message_id);
      const userId = s(from?.id);
      const data = s(b?.data);
      if (!messageId || !userId || !data) return raw;
      return { ...base, type: 'button', messageId, userId, data };
    }
    default:
      // A kind added to the platform later: passed on raw, for ingest to dead-letter with its reason.
      return raw;
  }
}
