/**
 * Telegram updates → Qunyun's event envelope. Pure apart from the small memory it is given
 * (usernames seen, so @mentions map to user ids; links whose join requests were approved).
 *
 * Event ids come from the content, not from update_id: update_id restarts after a webhook is
 * re-registered or a week without updates, while `msg:<chat>:<message>` is the same for every
 * delivery of the same message, so re-deliveries dedupe in the event log.
 */
import type { ChatMember, ChatMemberUpdated, Message, MessageEntity, ReactionType, Update, User } from 'grammy/types';
import type { JoinVia, PlatformEventInput } from '../../events/envelope.ts';

/** A join request waiting for approval. The envelope has no event type for it (see index.ts). */
export interface PendingJoinRequest {
  groupId: string;
  userId: string;
  name: string;
  requestedAt: string;
  inviteCode?: string;
  source?: string;
  bio?: string;
}

/** What the bot learned about its own membership in a group (from my_chat_member). */
export interface BotMembership {
  groupId: string;
  title: string;
  status: ChatMember['status'];
  isAdmin: boolean;
  rights: Record<string, boolean>;
  at: string;
}

export interface Translation {
  events: PlatformEventInput[];
  joinRequest?: PendingJoinRequest;
  bot?: BotMembership;
}

/** Memory shared across updates. Bounded so a long-running connector does not grow forever. */
export class TranslateMemory {
  private readonly usernames = new Map<string, string>();
  /** The last title seen per group, so that a message carrying a new one names the group. */
  private readonly titles = new Map<string, string>();
  /** Attribution of approved join requests, until their chat_member join is seen. */
  readonly approvedVia = new Map<string, JoinVia>();
  /**
   * Native polls this connector sent, by poll id: a poll_answer names the poll but not its chat.
   * Kept in memory: votes on a poll sent before a restart cannot be placed (they are dead-lettered).
   */
  readonly polls = new Map<string, { groupId: string; messageId: string }>();
  /** Members this connector removed with kick() (ban + unban): their "kicked" status means kicked, not banned. */
  readonly kicking = new Set<string>();
  private readonly max: number;
  constructor(max = 100_000) {
    this.max = max;
  }

  learn(user: User | undefined): void {
    if (!user?.username) return;
    const key = user.username.toLowerCase();
    this.usernames.delete(key);
    this.usernames.set(key, String(user.id));
    if (this.usernames.size > this.max) this.usernames.delete(this.usernames.keys().next().value!);
  }

  /** Records a group's title as a message showed it; true when it differs from the last one seen. */
  noteTitle(groupId: string, title: string): boolean {
    const before = this.titles.get(groupId);
    this.titles.delete(groupId);
    this.titles.set(groupId, title);
    if (this.titles.size > this.max) this.titles.delete(this.titles.keys().next().value!);
    return before !== title;
  }

  idOf(username: string): string | undefined {
    return this.usernames.get(username.replace(/^@/, '').toLowerCase());
  }
}

type MessageKind = NonNullable<Extract<PlatformEventInput, { type: 'message' }>['kind']>;

const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();
const nameOf = (u: User) => [u.first_name, u.last_name].filter(Boolean).join(' ').slice(0, 500);

export function translateUpdate(update: Update, memory: TranslateMemory): Translation {
  if (update.message) return { events: fromMessage(update.message, memory) };
  if (update.edited_message) return { events: fromEdit(update.edited_message, memory) };
  if (update.chat_member) return { events: fromChatMember(update.chat_member, memory) };
  if (update.my_chat_member) return fromMyChatMember(update.my_chat_member, memory);
  if (update.chat_join_request) {
    const r = update.chat_join_request;
    memory.learn(r.from);
    const via = {
      ...(r.invite_link ? { inviteCode: r.invite_link.invite_link } : {}),
      ...(r.invite_link?.name ? { source: r.invite_link.name } : {}),
    };
    return {
      // Stored like every event (an entry threshold's queue is built from it); also kept in memory
      // so an operator's approval can carry the request's attribution into the join.
      events: [{
        type: 'join_request', eventId: `jr:${r.chat.id}:${r.from.id}:${r.date}`, occurredAt: iso(r.date),
        groupId: String(r.chat.id), userId: String(r.from.id), name: nameOf(r.from),
        ...(Object.keys(via).length ? { via } : {}),
      }],
      joinRequest: {
        groupId: String(r.chat.id), userId: String(r.from.id), name: nameOf(r.from), requestedAt: iso(r.date),
        ...(r.invite_link ? { inviteCode: r.invite_link.invite_link } : {}),
        ...(r.invite_link?.name ? { source: r.invite_link.name } : {}),
        ...(r.bio ? { bio: r.bio } : {}),
      },
    };
  }
  if (update.callback_query) {
    // A button under a bot's message (newcomer verification). It carries no time: now is when it was pressed.
    const q = update.callback_query;
    if (!q.message || !q.data) return { events: [] };
    memory.learn(q.from);
    return {
      events: [{
        type: 'button', eventId: `cq:${q.id}`, occurredAt: new Date().toISOString(), groupId: String(q.message.chat.id),
        userId: String(q.from.id), name: nameOf(q.from), messageId: String(q.message.message_id), data: q.data.slice(0, 200),
      }],
    };
  }
  if (update.poll_answer) {
    // A vote in a non-anonymous poll the bot sent: a `button` event under the poll's message with
    // data `poll:<option>` (the first chosen option; `poll:` alone when the vote is retracted).
    const a = update.poll_answer;
    const poll = memory.polls.get(a.poll_id);
    if (!poll) throw new Error(`poll_answer for poll ${a.poll_id}, which this connector did not send (or sent before a restart)`);
    if (!a.user) return { events: [] }; // a vote on behalf of a chat: no member to count
    memory.learn(a.user);
    return {
      events: [{
        type: 'button', eventId: `pa:${a.poll_id}:${a.user.id}:${update.update_id}`, occurredAt: new Date().toISOString(), groupId: poll.groupId,
        userId: String(a.user.id), name: nameOf(a.user), messageId: poll.messageId, data: `poll:${a.option_ids[0] ?? ''}`,
      }],
    };
  }
  if (update.message_reaction) {
    const r = update.message_reaction;
    const who = r.user?.id ?? r.actor_chat?.id;
    if (who === undefined) return { events: [] };
    const before = new Set(r.old_reaction.map(emojiOf));
    const after = new Set(r.new_reaction.map(emojiOf));
    const events: PlatformEventInput[] = [];
    const base = { occurredAt: iso(r.date), groupId: String(r.chat.id), messageId: String(r.message_id), userId: String(who) };
    for (const e of after) {
      if (!before.has(e)) events.push({ ...base, type: 'reaction', eventId: `rx:${r.chat.id}:${r.message_id}:${who}:${r.date}:+${e}`, emoji: e, added: true });
    }
    for (const e of before) {
      if (!after.has(e)) events.push({ ...base, type: 'reaction', eventId: `rx:${r.chat.id}:${r.message_id}:${who}:${r.date}:-${e}`, emoji: e, added: false });
    }
    return { events };
  }
  return { events: [] };
}

function isGroup(m: Message): boolean {
  return m.chat.type === 'group' || m.chat.type === 'supergroup';
}

/**
 * A group known only from its messages (the bot was there before Qunyun, or its being added was
 * missed) would be named by its id: every message carries the chat's title, so a title not seen
 * before (first message after a start, or a rename that was missed) names the group, as of the
 * message's time — an older message cannot undo a newer name.
 */
function titleOf(m: Message, memory: TranslateMemory, eventId: string, at: number): PlatformEventInput[] {
  const title = 'title' in m.chat && typeof m.chat.title === 'string' ? m.chat.title.trim().slice(0, 500) : '';
  const occurredAt = iso(at);
  if (title === '' || !memory.noteTitle(String(m.chat.id), title)) return [];
  return [{ type: 'group_renamed', eventId, occurredAt, groupId: String(m.chat.id), name: title }];
}

function fromMessage(m: Message, memory: TranslateMemory): PlatformEventInput[] {
  if (!isGroup(m)) return [];
  const base = { eventId: `msg:${m.chat.id}:${m.message_id}`, occurredAt: iso(m.date), groupId: String(m.chat.id) };
  if (m.new_chat_title) {
    memory.noteTitle(String(m.chat.id), m.new_chat_title.slice(0, 500));
    return [{ ...base, type: 'group_renamed', name: m.new_chat_title.slice(0, 500) }];
  }
  const author = m.sender_chat ? { id: m.sender_chat.id, name: 'title' in m.sender_chat ? m.sender_chat.title : undefined } : m.from && { id: m.from.id, name: nameOf(m.from) };
  const kind = kindOf(m);
  // Service messages (joins, leaves, pins …) are not posts: chat_member updates carry joins and leaves.
  if (!author || kind === undefined) return [];
  const named = titleOf(m, memory, `title:${m.chat.id}:${m.message_id}`, m.date);
  memory.learn(m.from);
  memory.learn(m.reply_to_message?.from);
  const text = m.text ?? m.caption ?? (m.poll ? m.poll.question : undefined);
  const mentions = mentionsOf(m.entities ?? m.caption_entities ?? [], m.text ?? m.caption ?? '', memory);
  return [...named, {
    ...base, type: 'message', messageId: String(m.message_id), userId: String(author.id), kind,
    ...(author.name ? { name: author.name } : {}),
    ...(!m.sender_chat && m.from?.is_bot ? { isBot: true } : {}),
    ...(text !== undefined ? { text } : {}),
    ...(m.reply_to_message ? { replyTo: String(m.reply_to_message.message_id) } : {}),
    ...(mentions.length ? { mentions } : {}),
  }];
}

function fromEdit(m: Message, memory: TranslateMemory): PlatformEventInput[] {
  if (!isGroup(m) || !m.from) return [];
  memory.learn(m.from);
  const at = m.edit_date ?? m.date;
  return [...titleOf(m, memory, `title:${m.chat.id}:${m.message_id}:${at}`, at), {
    type: 'edit', eventId: `edit:${m.chat.id}:${m.message_id}:${at}`, occurredAt: iso(at), groupId: String(m.chat.id),
    messageId: String(m.message_id), userId: String(m.sender_chat?.id ?? m.from.id), text: m.text ?? m.caption ?? '',
  }];
}

/** The message's content type; undefined for service messages. */
export function kindOf(m: Message): MessageKind | undefined {
  if (m.text !== undefined) {
    const links = (m.entities ?? []).some((e) => e.type === 'url' || e.type === 'text_link');
    return links ? 'link' : 'text';
  }
  if (m.photo) return 'image';
  if (m.sticker) return 'sticker';
  if (m.voice) return 'voice';
  if (m.video || m.video_note || m.animation) return 'video';
  if (m.document || m.audio) return 'file';
  if (m.poll) return 'poll';
  if (m.location || m.venue || m.contact || m.dice || m.game || m.story || m.invoice || m.checklist) return 'other';
  return undefined;
}

/** text_mention carries the user; @username is mapped when that user was seen before. */
function mentionsOf(entities: MessageEntity[], text: string, memory: TranslateMemory): string[] {
  const ids = new Set<string>();
  for (const e of entities) {
    if (e.type === 'text_mention') {
      memory.learn(e.user);
      ids.add(String(e.user.id));
    } else if (e.type === 'mention') {
      // Entity offsets count UTF-16 code units, as JavaScript strings do.
      const id = memory.idOf(text.slice(e.offset, e.offset + e.length));
      if (id) ids.add(id);
    }
  }
  return [...ids];
}

function isIn(m: ChatMember): boolean {
  if (m.status === 'restricted') return m.is_member;
  return m.status === 'member' || m.status === 'administrator' || m.status === 'creator';
}

function fromChatMember(u: ChatMemberUpdated, memory: TranslateMemory): PlatformEventInput[] {
  const was = isIn(u.old_chat_member);
  const is = isIn(u.new_chat_member);
  if (was === is) return [];
  const user = u.new_chat_member.user;
  memory.learn(user);
  const key = `${u.chat.id}:${user.id}`;
  const base = {
    eventId: `cm:${u.chat.id}:${user.id}:${u.date}:${u.new_chat_member.status}`, occurredAt: iso(u.date),
    groupId: String(u.chat.id), userId: String(user.id),
  };
  if (is) {
    let via: JoinVia | undefined;
    if (u.invite_link) {
      via = { inviteCode: u.invite_link.invite_link, ...(u.invite_link.name ? { source: u.invite_link.name } : {}) };
    } else if (memory.approvedVia.has(key)) {
      // Whether Telegram repeats the link after an approval is not documented: use what the request said.
      via = memory.approvedVia.get(key);
    } else if (u.from.id !== user.id && !u.via_join_request && !u.via_chat_folder_invite_link) {
      via = { inviterId: String(u.from.id) };
    }
    memory.approvedVia.delete(key);
    return [{ ...base, type: 'join', name: nameOf(user), isBot: user.is_bot, ...(via && Object.keys(via).length ? { via } : {}) }];
  }
  let reason: 'left' | 'kicked' | 'banned' = 'left';
  if (u.new_chat_member.status === 'kicked') reason = memory.kicking.has(key) ? 'kicked' : 'banned';
  else if (u.from.id !== user.id) reason = 'kicked';
  return [{ ...base, type: 'leave', reason }];
}

function fromMyChatMember(u: ChatMemberUpdated, memory: TranslateMemory): Translation {
  const m = u.new_chat_member;
  const title = 'title' in u.chat && u.chat.title ? u.chat.title : String(u.chat.id);
  if ('title' in u.chat && u.chat.title) memory.noteTitle(String(u.chat.id), u.chat.title.trim().slice(0, 500));
  const rights = m.status === 'administrator'
    ? Object.fromEntries(Object.entries(m).filter(([k, v]) => k.startsWith('can_') && typeof v === 'boolean')) as Record<string, boolean>
    : {};
  const bot: BotMembership = {
    groupId: String(u.chat.id), title, status: m.status, isAdmin: m.status === 'administrator' || m.status === 'creator', rights, at: iso(u.date),
  };
  if (u.chat.type !== 'group' && u.chat.type !== 'supergroup') return { events: [] };
  const was = isIn(u.old_chat_member);
  const is = isIn(m);
  const base = { occurredAt: iso(u.date), groupId: String(u.chat.id) };
  const id = `bot:${u.chat.id}:${u.date}:${m.status}`;
  if (!was && is) {
    // The bot cannot list its chats: being added is how Qunyun learns that a group exists.
    return {
      bot,
      events: [
        { ...base, type: 'group_created', eventId: `${id}:group`, name: title.slice(0, 500) },
        { ...base, type: 'join', eventId: id, userId: String(m.user.id), name: nameOf(m.user), isBot: true, ...(u.from.id !== m.user.id ? { via: { inviterId: String(u.from.id) } } : {}) },
      ],
    };
  }
  if (was && !is) return { bot, events: [{ ...base, type: 'leave', eventId: id, userId: String(m.user.id), reason: m.status === 'kicked' ? 'kicked' : 'left' }] };
  return { bot, events: [] };
}

function emojiOf(r: ReactionType): string {
  if (r.type === 'emoji') return r.emoji;
  if (r.type === 'custom_emoji') return `custom:${r.custom_emoji_id}`.slice(0, 64);
  return 'paid';
}
