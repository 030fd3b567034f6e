/**
 * The Bot API methods of the fake Telegram server (everything but getUpdates, which waits and so
 * lives with the HTTP server). Each takes the decoded parameters and returns the `result` or
 * throws ApiFailure with the status and description the real API uses.
 */
import type { ChatMember, Message } from 'grammy/types';
import { ADMIN_RIGHTS, ApiFailure, chatInfo, isIn, type FakeChat, type FakeTelegramWorld } from './fake-bot-api-world.ts';

export interface RateWindow { limit: number; windowMs: number }

/** Sliding-window flood control as the FAQ describes it (~30 msg/s per bot, 20 msg/min per group). */
export class FloodControl {
  private readonly perBot: RateWindow;
  private readonly perGroup: RateWindow;
  private readonly bot: number[] = [];
  private readonly groups = new Map<number, number[]>();
  rejected = 0;
  constructor(perBot: RateWindow, perGroup: RateWindow) {
    this.perBot = perBot;
    this.perGroup = perGroup;
  }

  /** Records a message to `chatId` at `now`, or throws 429 with the seconds to wait. */
  take(chatId: number, now: number): void {
    const waits = [wait(this.bot, this.perBot, now)];
    let g: number[] | undefined;
    if (chatId < 0) {
      g = this.groups.get(chatId) ?? [];
      this.groups.set(chatId, g);
      waits.push(wait(g, this.perGroup, now));
    }
    const ms = Math.max(...waits);
    if (ms > 0) {
      this.rejected++;
      const s = Math.max(1, Math.ceil(ms / 1000));
      throw new ApiFailure(429, `Too Many Requests: retry after ${s}`, s);
    }
    this.bot.push(now);
    g?.push(now);
  }
}

function wait(log: number[], w: RateWindow, now: number): number {
  while (log.length > 0 && log[0]! <= now - w.windowMs) log.shift();
  return log.length < w.limit ? 0 : log[log.length - w.limit]! + w.windowMs - now;
}

type Params = Record<string, unknown>;

export function createMethods(world: FakeTelegramWorld, flood: FloodControl | undefined) {
  const rightsError = (what: string) => new ApiFailure(400, `Bad Request: not enough rights to ${what}`);

  /** The chat, after checking the bot is in it (403 otherwise, as for a kicked bot). */
  function botChat(p: Params): FakeChat {
    const raw = p.chat_id;
    const id = typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : raw;
    if (typeof id !== 'number') throw new ApiFailure(400, 'Bad Request: chat not found');
    const chat = world.chat(id);
    const me = world.botMember(chat);
    const kind = chat.type === 'supergroup' ? 'supergroup chat' : 'group chat';
    if (me?.status === 'kicked') throw new ApiFailure(403, `Forbidden: bot was kicked from the ${kind}`);
    if (!isIn(me)) throw new ApiFailure(403, `Forbidden: bot is not a member of the ${kind}`);
    return chat;
  }
  function requireRight(chat: FakeChat, right: (typeof ADMIN_RIGHTS)[number], what: string): void {
    const me = world.botMember(chat);
    if (me?.status === 'creator') return;
    if (me?.status !== 'administrator' || !me[right as keyof typeof me]) throw rightsError(what);
  }
  function userId(p: Params): number {
    const n = Number(p.user_id);
    if (!Number.isSafeInteger(n)) throw new ApiFailure(400, 'Bad Request: invalid user_id specified');
    world.user(n);
    return n;
  }
  function text(p: Params): string {
    const t = p.text;
    if (typeof t !== 'string' || t.trim() === '') throw new ApiFailure(400, 'Bad Request: message text is empty');
    if (t.length > 4096) throw new ApiFailure(400, 'Bad Request: message is too long');
    return t;
  }

  const methods: Record<string, (p: Params) => unknown> = {
    getMe: () => ({ ...world.bot, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false }),

    sendMessage(p) {
      const body = text(p);
      const raw = p.chat_id;
      const id = Number(raw);
      if (id > 0) {
        // A private chat: the user must have started the bot.
        world.user(id);
        if (!world.hasStartedBot(id)) throw new ApiFailure(403, "Forbidden: bot can't initiate conversation with a user");
        flood?.take(id, world.now());
        const list = world.direct.get(id) ?? [];
        world.direct.set(id, list);
        const m = { message_id: list.length + 1, date: world.seconds(), chat: { id, type: 'private', first_name: world.user(id).first_name }, from: world.bot, text: body } as unknown as Message;
        list.push(m);
        return m;
      }
      const chat = botChat(p);
      flood?.take(chat.id, world.now());
      const replyId = (p.reply_parameters as { message_id?: number } | undefined)?.message_id ?? p.reply_to_message_id;
      const reply = replyId !== undefined ? chat.messages.get(Number(replyId)) : undefined;
      if (replyId !== undefined && !reply && !(p.reply_parameters as { allow_sending_without_reply?: boolean } | undefined)?.allow_sending_without_reply) {
        throw new ApiFailure(400, 'Bad Request: message to be replied not found');
      }
      const m = {
        message_id: chat.nextMessageId++, date: world.seconds(), chat: chatInfo(chat), from: world.bot, text: body,
        ...(reply ? { reply_to_message: reply } : {}),
        ...(p.reply_markup ? { reply_markup: typeof p.reply_markup === 'string' ? JSON.parse(p.reply_markup) : p.reply_markup } : {}),
      } as unknown as Message;
      chat.messages.set(m.message_id, m);
      return m;
    },

    /** A photo uploaded as a file (multipart): a string file_id or URL is refused (the fake keeps no files). */
    sendPhoto(p) {
      const chat = botChat(p);
      const file = p.photo as { filename?: string; contentType?: string; bytes?: Buffer } | undefined;
      if (!file || typeof file !== 'object' || !Buffer.isBuffer(file.bytes)) throw new ApiFailure(400, 'Bad Request: there is no photo in the request');
      if (file.bytes.length === 0) throw new ApiFailure(400, 'Bad Request: file must be non-empty');
      if (file.bytes.length > 10 * 1024 * 1024) throw new ApiFailure(400, 'Bad Request: PHOTO_SIZE_TOO_BIG');
      flood?.take(chat.id, world.now());
      const caption = typeof p.caption === 'string' ? p.caption : undefined;
      const m = {
        message_id: chat.nextMessageId++, date: world.seconds(), chat: chatInfo(chat), from: world.bot,
        photo: [{ file_id: `photo${world.photos.length + 1}`, file_unique_id: `u${world.photos.length + 1}`, width: 0, height: 0, file_size: file.bytes.length }],
        ...(caption ? { caption } : {}),
      } as unknown as Message;
      chat.messages.set(m.message_id, m);
      world.photos.push({ chatId: chat.id, messageId: m.message_id, filename: file.filename ?? '', contentType: file.contentType ?? '', bytes: file.bytes, ...(caption ? { caption } : {}) });
      return m;
    },

    /** A native poll: 2–10 options; anonymous unless is_anonymous is false (then votes come as poll_answer). */
    sendPoll(p) {
      const chat = botChat(p);
      const question = typeof p.question === 'string' ? p.question : '';
      if (!question || question.length > 300) throw new ApiFailure(400, 'Bad Request: poll question length must be between 1 and 300');
      const raw = Array.isArray(p.options) ? p.options : [];
      const options = raw.map((o) => (typeof o === 'string' ? o : (o as { text?: unknown })?.text)).filter((o): o is string => typeof o === 'string' && o.length > 0 && o.length <= 100);
      if (options.length !== raw.length || options.length < 2 || options.length > 10) throw new ApiFailure(400, 'Bad Request: poll must have 2-10 options of 1-100 characters');
      flood?.take(chat.id, world.now());
      const anonymous = p.is_anonymous !== false;
      const id = `poll${world.polls.size + 1}`;
      const m = {
        message_id: chat.nextMessageId++, date: world.seconds(), chat: chatInfo(chat), from: world.bot,
        poll: { id, question, options: options.map((text) => ({ text, voter_count: 0 })), total_voter_count: 0, is_closed: false, is_anonymous: anonymous, type: 'regular', allows_multiple_answers: false },
      } as unknown as Message;
      chat.messages.set(m.message_id, m);
      world.polls.set(id, { chatId: chat.id, messageId: m.message_id, anonymous, options });
      return m;
    },

    answerCallbackQuery: () => true,

    deleteMessage(p) {
      const chat = botChat(p);
      const m = chat.messages.get(Number(p.message_id));
      if (!m) throw new ApiFailure(400, 'Bad Request: message to delete not found');
      if (m.from?.id !== world.bot.id) requireRight(chat, 'can_delete_messages', 'delete the message');
      if (m.date < world.seconds() - 48 * 3600) throw new ApiFailure(400, "Bad Request: message can't be deleted");
      chat.messages.delete(m.message_id);
      return true;
    },

    restrictChatMember(p) {
      const chat = botChat(p);
      if (chat.type !== 'supergroup') throw new ApiFailure(400, 'Bad Request: method is available only for supergroups');
      requireRight(chat, 'can_restrict_members', 'restrict/unrestrict chat member');
      const uid = userId(p);
      const cur = chat.members.get(uid);
      if (cur?.status === 'creator' || cur?.status === 'administrator') throw new ApiFailure(400, "Bad Request: can't restrict self or an administrator");
      const perms = (p.permissions ?? {}) as Record<string, boolean>;
      const until = untilDate(p.until_date, world.seconds());
      const sendKeys = ['can_send_messages', 'can_send_audios', 'can_send_documents', 'can_send_photos', 'can_send_videos', 'can_send_video_notes', 'can_send_voice_notes', 'can_send_polls', 'can_send_other_messages', 'can_add_web_page_previews'];
      if (sendKeys.every((k) => perms[k] === true)) {
        // Every permission given back: Telegram makes the member an ordinary member again.
        world.changeMember(chat, uid, world.bot.id, { status: 'member', user: world.user(uid) } as ChatMember);
        return true;
      }
      const next = {
        status: 'restricted', user: world.user(uid), is_member: isIn(cur), until_date: until,
        can_send_messages: perms.can_send_messages ?? false, can_send_audios: false, can_send_documents: false,
        can_send_photos: false, can_send_videos: false, can_send_video_notes: false, can_send_voice_notes: false,
        can_send_polls: false, can_send_other_messages: false, can_add_web_page_previews: false,
        can_change_info: false, can_invite_users: false, can_pin_messages: false, can_manage_topics: false,
      } as unknown as ChatMember;
      world.changeMember(chat, uid, world.bot.id, next);
      return true;
    },

    banChatMember(p) {
      const chat = botChat(p);
      requireRight(chat, 'can_restrict_members', 'restrict/unrestrict chat member');
      const uid = userId(p);
      const cur = chat.members.get(uid);
      if (cur?.status === 'creator') throw new ApiFailure(400, "Bad Request: can't remove chat owner");
      world.changeMember(chat, uid, world.bot.id, { status: 'kicked', user: world.user(uid), until_date: untilDate(p.until_date, world.seconds()) });
      return true;
    },

    unbanChatMember(p) {
      const chat = botChat(p);
      requireRight(chat, 'can_restrict_members', 'restrict/unrestrict chat member');
      const uid = userId(p);
      const cur = chat.members.get(uid);
      const onlyIfBanned = p.only_if_banned === true || p.only_if_banned === 'true';
      if (cur?.status === 'kicked' || (!onlyIfBanned && isIn(cur))) {
        // Without only_if_banned the API also removes a current member.
        world.changeMember(chat, uid, world.bot.id, { status: 'left', user: world.user(uid) });
      }
      return true;
    },

    approveChatJoinRequest(p) {
      const chat = botChat(p);
      requireRight(chat, 'can_invite_users', 'manage chat invite link');
      const uid = userId(p);
      const req = chat.requests.get(uid);
      if (!req) throw new ApiFailure(400, 'Bad Request: HIDE_REQUESTER_MISSING');
      chat.requests.delete(uid);
      if (req.link) {
        const entry = chat.links.get(req.link.invite_link);
        if (entry) entry.joined++;
      }
      world.changeMember(chat, uid, world.bot.id, { status: 'member', user: world.user(uid) },
        req.link ? { invite_link: req.link } : { via_join_request: true });
      return true;
    },

    declineChatJoinRequest(p) {
      const chat = botChat(p);
      requireRight(chat, 'can_invite_users', 'manage chat invite link');
      const uid = userId(p);
      if (!chat.requests.delete(uid)) throw new ApiFailure(400, 'Bad Request: HIDE_REQUESTER_MISSING');
      return true;
    },

    createChatInviteLink(p) {
      const chat = botChat(p);
      requireRight(chat, 'can_invite_users', 'manage chat invite link');
      const name = p.name === undefined ? undefined : String(p.name);
      if (name !== undefined && name.length > 32) throw new ApiFailure(400, 'Bad Request: invite link name is too long');
      const limit = p.member_limit === undefined ? undefined : Number(p.member_limit);
      const approval = p.creates_join_request === true || p.creates_join_request === 'true';
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 99_999)) throw new ApiFailure(400, 'Bad Request: MEMBER_LIMIT_INVALID');
      if (approval && limit !== undefined) {
        throw new ApiFailure(400, "Bad Request: member limit can't be specified for links requiring administrator approval");
      }
      const expire = p.expire_date === undefined ? undefined : Number(p.expire_date);
      return world.newLink(chat, {
        ...(name ? { name } : {}), ...(limit ? { member_limit: limit } : {}), ...(expire ? { expire_date: expire } : {}),
        creates_join_request: approval,
      });
    },

    revokeChatInviteLink(p) {
      const chat = botChat(p);
      requireRight(chat, 'can_invite_users', 'manage chat invite link');
      const entry = chat.links.get(String(p.invite_link));
      if (!entry) throw new ApiFailure(400, 'Bad Request: INVITE_HASH_EXPIRED');
      entry.link = { ...entry.link, is_revoked: true };
      return entry.link;
    },

    getChat(p) {
      const chat = botChat(p);
      return { ...chatInfo(chat), accent_color_id: 0, max_reaction_count: 11, accepted_gift_types: {} };
    },
    getChatAdministrators(p) {
      const chat = botChat(p);
      return [...chat.members.values()].filter((m) => m.status === 'creator' || m.status === 'administrator');
    },
    getChatMember(p) {
      const chat = botChat(p);
      const uid = userId(p);
      return chat.members.get(uid) ?? { status: 'left', user: world.user(uid) };
    },
    getChatMemberCount(p) {
      return [...botChat(p).members.values()].filter(isIn).length;
    },
    setChatTitle(p) {
      const chat = botChat(p);
      requireRight(chat, 'can_change_info', 'change chat title');
      const title = String(p.title ?? '');
      if (title.length < 1 || title.length > 128) throw new ApiFailure(400, 'Bad Request: chat title is empty or too long');
      world.renameChat(chat.id, title, world.bot.id);
      return true;
    },
  };
  return methods;
}

/** Telegram treats < 30 s or > 366 days from now as "forever" (0). */
function untilDate(raw: unknown, nowS: number): number {
  const until = raw === undefined ? 0 : Number(raw);
  if (!until || until - nowS < 30 || until - nowS > 366 * 86_400) return 0;
  return until;
}
