/**
 * The state behind the fake Telegram Bot API: users, groups with their members, invite links,
 * join requests and messages, the bot's own rights, and the queue of pending updates. Tests drive
 * it through plain functions (a user joins via a link, posts, reacts, leaves …); each one changes
 * the state and queues real-shaped Update objects, as Telegram would.
 */
import type { ChatInviteLink, ChatMember, Message, MessageEntity, Update, User } from 'grammy/types';

export type UpdateKind =
  | 'message' | 'edited_message' | 'chat_member' | 'my_chat_member' | 'chat_join_request' | 'message_reaction' | 'callback_query' | 'poll_answer';

/** Telegram's default when allowed_updates was never given: everything but these. */
const NOT_BY_DEFAULT = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

export const ADMIN_RIGHTS = [
  'can_manage_chat', 'can_delete_messages', 'can_manage_video_chats', 'can_restrict_members', 'can_promote_members',
  'can_change_info', 'can_invite_users', 'can_post_stories', 'can_edit_stories', 'can_delete_stories', 'can_pin_messages',
] as const;
export type AdminRight = (typeof ADMIN_RIGHTS)[number];
export type AdminRights = Partial<Record<AdminRight, boolean>>;

/** A Bot API error as the fake answers it: HTTP status = error_code. */
export class ApiFailure extends Error {
  readonly code: number;
  readonly retryAfter: number | undefined;
  constructor(code: number, description: string, retryAfter?: number) {
    super(description);
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

export interface FakeChat {
  id: number;
  type: 'group' | 'supergroup';
  title: string;
  members: Map<number, ChatMember>;
  links: Map<string, { link: ChatInviteLink; joined: number }>;
  requests: Map<number, { date: number; link?: ChatInviteLink }>;
  messages: Map<number, Message>;
  nextMessageId: number;
}

interface FakeUser { user: User; startedBot: boolean }

export class FakeTelegramWorld {
  readonly bot: User;
  readonly users = new Map<number, FakeUser>();
  readonly chats = new Map<number, FakeChat>();
  /** Messages the bot sent to users in private chats, by user id. */
  readonly direct = new Map<number, Message[]>();
  /** Photos the bot posted (sendPhoto), with the uploaded bytes. */
  readonly photos: Array<{ chatId: number; messageId: number; filename: string; contentType: string; bytes: Buffer; caption?: string }> = [];
  /** Native polls the bot sent (sendPoll), by poll id. */
  readonly polls = new Map<string, { chatId: number; messageId: number; anonymous: boolean; options: string[] }>();
  /** Queued updates not yet confirmed (getUpdates offset) or delivered (webhook). */
  readonly pending: Update[] = [];
  allowedUpdates: string[] | undefined;
  readonly now: () => number;
  private nextUpdateId = 100_000;
  private nextUserId = 1_000_001;
  private nextChatId = 1_000_000_001;
  private nextLinkId = 1;
  private readonly listeners = new Set<() => void>();

  constructor(botId: number, botUsername: string, now: () => number) {
    this.bot = { id: botId, is_bot: true, first_name: botUsername, username: botUsername };
    this.now = now;
  }

  seconds(): number {
    return Math.floor(this.now() / 1000);
  }

  onUpdate(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Queues an update if the bot asked for its kind (Telegram filters when the update is made). */
  emit(kind: UpdateKind, payload: unknown): Update | undefined {
    const allowed = this.allowedUpdates && this.allowedUpdates.length > 0
      ? this.allowedUpdates.includes(kind) : !NOT_BY_DEFAULT.has(kind);
    if (!allowed) return undefined;
    const update = { update_id: this.nextUpdateId++, [kind]: payload } as unknown as Update;
    this.pending.push(update);
    for (const fn of [...this.listeners]) fn();
    return update;
  }

  // ---- test control: people and groups ----

  addUser(p: { firstName: string; lastName?: string; username?: string; isBot?: boolean; startedBot?: boolean }): User {
    const user: User = { id: this.nextUserId++, is_bot: p.isBot ?? false, first_name: p.firstName };
    if (p.lastName) user.last_name = p.lastName;
    if (p.username) user.username = p.username;
    this.users.set(user.id, { user, startedBot: p.startedBot ?? false });
    return user;
  }

  user(id: number): User {
    if (id === this.bot.id) return this.bot;
    const u = this.users.get(id);
    if (!u) throw new ApiFailure(400, 'Bad Request: user not found');
    return u.user;
  }

  hasStartedBot(id: number): boolean {
    return this.users.get(id)?.startedBot ?? false;
  }

  /**
   * Creates a group owned by `ownerId` with the given members. The bot is added by the owner
   * (as admin with `botRights`, or as a plain member) unless `bot` is 'none'.
   */
  createGroup(p: {
    title: string; ownerId: number; type?: 'group' | 'supergroup'; memberIds?: number[];
    bot?: 'admin' | 'member' | 'none'; botRights?: AdminRights;
  }): number {
    const type = p.type ?? 'supergroup';
    const n = this.nextChatId++;
    const id = type === 'supergroup' ? -(1_000_000_000_000 + n) : -n;
    const chat: FakeChat = { id, type, title: p.title, members: new Map(), links: new Map(), requests: new Map(), messages: new Map(), nextMessageId: 1 };
    this.chats.set(id, chat);
    chat.members.set(p.ownerId, { status: 'creator', user: this.user(p.ownerId), is_anonymous: false });
    for (const m of p.memberIds ?? []) chat.members.set(m, { status: 'member', user: this.user(m) });
    if ((p.bot ?? 'admin') !== 'none') this.setBotStatus(id, p.ownerId, p.bot === 'member' ? 'member' : (p.botRights ?? fullRights()));
    return id;
  }

  chat(id: number): FakeChat {
    const c = this.chats.get(id);
    if (!c) throw new ApiFailure(400, 'Bad Request: chat not found');
    return c;
  }

  /** Adds, promotes, demotes or removes the bot; emits my_chat_member (and a service message on add). */
  setBotStatus(chatId: number, byId: number, to: 'member' | 'left' | 'kicked' | AdminRights): void {
    const chat = this.chat(chatId);
    const old = chat.members.get(this.bot.id) ?? { status: 'left', user: this.bot };
    const next: ChatMember = typeof to === 'object'
      ? { status: 'administrator', user: this.bot, can_be_edited: false, is_anonymous: false, ...allRights(false), ...to } as ChatMember
      : to === 'kicked' ? { status: 'kicked', user: this.bot, until_date: 0 } : { status: to, user: this.bot } as ChatMember;
    chat.members.set(this.bot.id, next);
    const date = this.seconds();
    this.emit('my_chat_member', { chat: chatInfo(chat), from: this.user(byId), date, old_chat_member: old, new_chat_member: next });
    if (!isIn(old) && isIn(next)) this.service(chat, byId, { new_chat_members: [this.bot], new_chat_member: this.bot, new_chat_participant: this.bot });
  }

  botMember(chat: FakeChat): ChatMember | undefined {
    return chat.members.get(this.bot.id);
  }

  // ---- test control: what members do ----

  /** A user opens an invite link: joins at once, or sends a join request for approval links. */
  joinViaLink(userId: number, url: string): 'joined' | 'requested' {
    for (const chat of this.chats.values()) {
      const entry = chat.links.get(url);
      if (!entry) continue;
      const { link } = entry;
      if (link.is_revoked || (link.expire_date && link.expire_date <= this.seconds())) throw new Error('invite link expired or revoked');
      if (link.member_limit && entry.joined >= link.member_limit) throw new Error('invite link member limit reached');
      if (chat.members.get(userId)?.status === 'kicked') throw new Error('user is banned from this chat');
      if (link.creates_join_request) {
        this.requestToJoin(chat.id, userId, link);
        return 'requested';
      }
      entry.joined++;
      this.changeMember(chat, userId, userId, { status: 'member', user: this.user(userId) }, { invite_link: this.linkAsSeenByBot(link) });
      return 'joined';
    }
    throw new Error(`no chat has the invite link ${url}`);
  }

  /** A member adds another user directly (no link): chat_member `from` is the adder. */
  addMember(chatId: number, userId: number, byId: number = userId): void {
    this.changeMember(this.chat(chatId), userId, byId, { status: 'member', user: this.user(userId) });
  }

  requestToJoin(chatId: number, userId: number, link?: ChatInviteLink): void {
    const chat = this.chat(chatId);
    const date = this.seconds();
    chat.requests.set(userId, { date, ...(link ? { link } : {}) });
    const bot = this.botMember(chat);
    // Only bots with can_invite_users receive join requests.
    if (bot?.status !== 'administrator' || !bot.can_invite_users) return;
    this.emit('chat_join_request', {
      chat: chatInfo(chat), from: this.user(userId), user_chat_id: userId, date,
      ...(link ? { invite_link: this.linkAsSeenByBot(link) } : {}),
    });
  }

  leave(chatId: number, userId: number): void {
    this.changeMember(this.chat(chatId), userId, userId, { status: 'left', user: this.user(userId) });
  }

  /** A member posts; `content` is text or extra Message fields (photo, sticker, entities, reply …). */
  postMessage(chatId: number, fromId: number, content: string | Record<string, unknown>, replyToId?: number): Message {
    const chat = this.chat(chatId);
    const extra = typeof content === 'string' ? { text: content } : content;
    const reply = replyToId !== undefined ? chat.messages.get(replyToId) : undefined;
    const message = {
      message_id: chat.nextMessageId++, date: this.seconds(), chat: chatInfo(chat), from: this.user(fromId),
      ...(reply ? { reply_to_message: reply } : {}), ...extra,
    } as unknown as Message;
    chat.messages.set(message.message_id, message);
    this.emit('message', message);
    return message;
  }

  editMessage(chatId: number, messageId: number, text: string, entities?: MessageEntity[]): Message {
    const chat = this.chat(chatId);
    const old = chat.messages.get(messageId);
    if (!old) throw new Error(`no message ${messageId} in ${chatId}`);
    const edited = { ...old, text, edit_date: this.seconds(), ...(entities ? { entities } : {}) } as Message;
    chat.messages.set(messageId, edited);
    this.emit('edited_message', edited);
    return edited;
  }

  /** A user presses an inline-keyboard button under a bot's message: a callback_query with its data. */
  pressButton(chatId: number, messageId: number, userId: number, data: string): void {
    const chat = this.chat(chatId);
    const message = chat.messages.get(messageId);
    if (!message) throw new Error(`no message ${messageId} in ${chatId}`);
    const buttons = ((message as { reply_markup?: { inline_keyboard?: Array<Array<{ callback_data?: string }>> } }).reply_markup?.inline_keyboard ?? []).flat();
    if (!buttons.some((b) => b.callback_data === data)) throw new Error(`message ${messageId} has no button ${data}`);
    this.emit('callback_query', { id: `cq${this.nextUpdateId}`, from: this.user(userId), message, chat_instance: String(chatId), data });
  }

  /**
   * A member votes in a poll the bot sent (an empty list retracts the vote): a poll_answer update,
   * which Telegram sends only for non-anonymous polls.
   */
  answerPoll(chatId: number, messageId: number, userId: number, optionIds: number[]): void {
    const poll = [...this.polls.entries()].find(([, p]) => p.chatId === chatId && p.messageId === messageId);
    if (!poll) throw new Error(`message ${messageId} in ${chatId} is not a poll of the bot`);
    if (!isIn(this.chat(chatId).members.get(userId))) throw new Error(`user ${userId} is not in ${chatId}`);
    if (optionIds.some((o) => o < 0 || o >= poll[1].options.length)) throw new Error('no such option');
    if (poll[1].anonymous) return;
    this.emit('poll_answer', { poll_id: poll[0], user: this.user(userId), option_ids: optionIds });
  }

  /** Sets a user's reactions on a message to `emojis` (an empty list removes them). */
  react(chatId: number, messageId: number, userId: number, emojis: string[], previous: string[] = []): void {
    const chat = this.chat(chatId);
    const toType = (emoji: string) => ({ type: 'emoji', emoji });
    this.emit('message_reaction', {
      chat: chatInfo(chat), message_id: messageId, user: this.user(userId), date: this.seconds(),
      old_reaction: previous.map(toType), new_reaction: emojis.map(toType),
    });
  }

  renameChat(chatId: number, title: string, byId: number): void {
    const chat = this.chat(chatId);
    chat.title = title;
    this.service(chat, byId, { new_chat_title: title });
  }

  // ---- shared with the methods ----

  changeMember(chat: FakeChat, userId: number, byId: number, next: ChatMember, extra: Record<string, unknown> = {}): void {
    const old = chat.members.get(userId) ?? { status: 'left', user: this.user(userId) };
    chat.members.set(userId, next);
    const date = this.seconds();
    this.emit('chat_member', { chat: chatInfo(chat), from: this.user(byId), date, old_chat_member: old, new_chat_member: next, ...extra });
    if (!isIn(old) && isIn(next)) {
      const u = this.user(userId);
      this.service(chat, byId, { new_chat_members: [u], new_chat_member: u, new_chat_participant: u });
    } else if (isIn(old) && !isIn(next)) {
      const u = this.user(userId);
      this.service(chat, byId, { left_chat_member: u, left_chat_participant: u });
    }
  }

  newLink(chat: FakeChat, p: { name?: string; expire_date?: number; member_limit?: number; creates_join_request?: boolean }): ChatInviteLink {
    const code = `F${(this.nextLinkId++).toString(36).padStart(6, '0')}${Math.abs(chat.id % 9973).toString(36)}`;
    const link: ChatInviteLink = {
      invite_link: `https://t.me/+${code}`, creator: this.bot, creates_join_request: p.creates_join_request ?? false,
      is_primary: false, is_revoked: false,
      ...(p.name ? { name: p.name } : {}), ...(p.expire_date ? { expire_date: p.expire_date } : {}),
      ...(p.member_limit ? { member_limit: p.member_limit } : {}),
    };
    chat.links.set(link.invite_link, { link, joined: 0 });
    return link;
  }

  /** Links made by someone else show up with their code replaced by "…", as Telegram does. */
  private linkAsSeenByBot(link: ChatInviteLink): ChatInviteLink {
    if (link.creator.id === this.bot.id) return link;
    return { ...link, invite_link: link.invite_link.replace(/\+(.{4}).*$/, '+$1...') };
  }

  private service(chat: FakeChat, byId: number, fields: Record<string, unknown>): void {
    const message = { message_id: chat.nextMessageId++, date: this.seconds(), chat: chatInfo(chat), from: this.user(byId), ...fields } as unknown as Message;
    chat.messages.set(message.message_id, message);
    this.emit('message', message);
  }
}

export function chatInfo(chat: FakeChat): { id: number; type: 'group' | 'supergroup'; title: string } {
  return { id: chat.id, type: chat.type, title: chat.title };
}

/** Whether a ChatMember counts as being in the chat. */
export function isIn(m: ChatMember | undefined): boolean {
  if (!m) return false;
  if (m.status === 'restricted') return m.is_member;
  return m.status === 'member' || m.status === 'administrator' || m.status === 'creator';
}

export function allRights(value: boolean): Record<AdminRight, boolean> {
  return Object.fromEntries(ADMIN_RIGHTS.map((r) => [r, value])) as Record<AdminRight, boolean>;
}

export function fullRights(): AdminRights {
  return { ...allRights(true), can_promote_members: false };
}
