/**
 * The sandbox platform's in-memory state (accounts, groups, members, messages, invite links) and
 * the operations both APIs share. Every state change emits exactly one native event per affected
 * group into the owning account's outbox, with the event id the caller computed.
 */
import { ApiError, type ContentType, type NativeEvent, type NativeJoin, type NativeKind, type NativeUser } from './native.ts';

export interface Account {
  id: string;
  name: string;
  token: string;
  botUserId: string;
  webhook?: { url: string; secret: string };
}

export interface Member { id: string; joinedAt: number; mutedUntil: number; textOnly?: boolean }

export interface Group {
  id: string;
  accountId: string;
  title: string;
  capacity: number;
  ownerId: string | undefined;
  createdAt: number;
  dismissed: boolean;
  members: Map<string, Member>;
  pending: Map<string, { via: NativeJoin; at: number }>;
  /** Users banned from the group: they cannot join until unbanned. */
  banned: Set<string>;
}

export interface InviteLink {
  code: string; groupId: string; name?: string; source?: string; staffId?: string;
  memberLimit?: number; requiresApproval: boolean; expiresAt?: number; uses: number;
}

export interface BotPost { seq: number; accountId: string; groupId: string; messageId: string; at: number; text: string }

interface StoredMessage { groupId: string; userId: string; deleted: boolean; buttons?: Array<{ text: string; data: string }> }

export type Emit = (accountId: string, event: Omit<NativeEvent, 'update_id'>) => void;

export class World {
  readonly accounts = new Map<string, Account>();
  readonly byToken = new Map<string, Account>();
  readonly groups = new Map<string, Group>();
  readonly users = new Map<string, NativeUser>();
  readonly messages = new Map<string, StoredMessage>();
  readonly invites = new Map<string, InviteLink>();
  /** The groups each user is in, so a profile change need not scan every group. */
  private readonly memberships = new Map<string, Set<Group>>();
  /** Operators' (bot) posts, readable by the simulator through the client feed. */
  readonly botPosts: BotPost[] = [];
  /** Images bots posted (sendPhoto), by message id: served at GET /photos/<message id>. */
  readonly photos = new Map<string, { groupId: string; png: Buffer; caption?: string }>();
  /** Invite links created by bots, in creation order (also in the client feed). */
  readonly inviteLog: InviteLink[] = [];
  readonly groupMaxMembers: number;
  private readonly emit: Emit;

  constructor(emit: Emit, groupMaxMembers: number) {
    this.emit = emit;
    this.groupMaxMembers = groupMaxMembers;
  }

  addAccount(a: Account): Account {
    if (this.accounts.has(a.id)) throw new Error(`account ${a.id} exists`);
    this.accounts.set(a.id, a);
    this.byToken.set(a.token, a);
    this.users.set(a.botUserId, { id: a.botUserId, name: a.name, is_bot: true });
    return a;
  }

  user(id: string, name?: string): NativeUser {
    let u = this.users.get(id);
    if (!u) {
      u = { id, name: name ?? id, is_bot: false };
      this.users.set(id, u);
    }
    return u;
  }

  group(id: string, accountId?: string): Group {
    const g = this.groups.get(id);
    if (!g || (accountId !== undefined && g.accountId !== accountId)) throw new ApiError(404, 'group_not_found', `group ${id} not found`);
    if (g.dismissed) throw new ApiError(403, 'group_dismissed', `group ${id} was dismissed`);
    return g;
  }

  private out(g: Group, kind: NativeKind, eventId: string, at: number, from: NativeUser | undefined, extra: Partial<NativeEvent>): void {
    const ev: Omit<NativeEvent, 'update_id'> = { event_id: eventId, kind, chat: { id: g.id, title: g.title }, date: at, ...extra };
    if (from) ev.from = from;
    this.emit(g.accountId, ev);
  }

  createGroup(accountId: string, id: string, name: string, capacity: number | undefined, owner: NativeUser, at: number, eventId: string): Group {
    if (this.groups.has(id)) throw new ApiError(409, 'group_exists', `group ${id} exists`);
    const cap = Math.min(capacity ?? this.groupMaxMembers, this.groupMaxMembers);
    if (!(cap >= 1)) throw new ApiError(400, 'bad_capacity', 'capacity must be at least 1');
    const g: Group = {
      id, accountId, title: name, capacity: cap, ownerId: owner.is_bot ? undefined : owner.id, createdAt: at,
      dismissed: false, members: new Map(), pending: new Map(), banned: new Set(),
    };
    this.groups.set(id, g);
    const info: { capacity: number; owner_id?: string } = { capacity: cap };
    if (g.ownerId) info.owner_id = g.ownerId;
    this.out(g, 'chat_created', eventId, at, owner, { chat_info: info });
    return g;
  }

  rename(g: Group, name: string, by: NativeUser, at: number, eventId: string): void {
    g.title = name;
    this.out(g, 'chat_renamed', eventId, at, by, { new_title: name });
  }

  dismiss(g: Group, by: NativeUser, at: number, eventId: string): void {
    this.out(g, 'chat_dismissed', eventId, at, by, {});
    g.dismissed = true;
  }

  join(g: Group, user: NativeUser, via: NativeJoin, at: number, eventId: string): void {
    if (g.members.has(user.id)) throw new ApiError(409, 'already_member', `${user.id} is already in ${g.id}`);
    if (g.banned.has(user.id)) throw new ApiError(403, 'banned', `${user.id} is banned from ${g.id}`);
    if (g.members.size >= g.capacity) throw new ApiError(409, 'group_full', `group ${g.id} is full (${g.capacity})`);
    g.members.set(user.id, { id: user.id, joinedAt: at, mutedUntil: 0 });
    let mine = this.memberships.get(user.id);
    if (!mine) this.memberships.set(user.id, (mine = new Set()));
    mine.add(g);
    g.pending.delete(user.id);
    this.out(g, 'member_joined', eventId, at, user, { member: user, join: via });
  }

  requestJoin(g: Group, user: NativeUser, via: NativeJoin, at: number, eventId: string): void {
    if (g.members.has(user.id)) throw new ApiError(409, 'already_member', `${user.id} is already in ${g.id}`);
    g.pending.set(user.id, { via, at });
    this.out(g, 'join_request', eventId, at, user, { member: user, join: via });
  }

  leave(g: Group, userId: string, reason: 'left' | 'kicked' | 'banned', by: NativeUser, at: number, eventId: string): void {
    if (!g.members.delete(userId)) throw new ApiError(404, 'not_member', `${userId} is not in ${g.id}`);
    this.memberships.get(userId)?.delete(g);
    this.out(g, 'member_left', eventId, at, by, { member: this.user(userId), leave: { reason } });
  }

  member(g: Group, userId: string): Member {
    const m = g.members.get(userId);
    if (!m) throw new ApiError(403, 'not_member', `${userId} is not in ${g.id}`);
    return m;
  }

  post(
    g: Group, by: NativeUser, messageId: string, contentType: ContentType, text: string | undefined,
    replyTo: string | undefined, mentions: string[] | undefined, at: number, eventId: string,
  ): void {
    if (this.messages.has(messageId)) throw new ApiError(409, 'message_exists', `message ${messageId} exists`);
    if (replyTo !== undefined && this.messages.get(replyTo)?.groupId !== g.id) {
      throw new ApiError(400, 'reply_not_found', `message ${replyTo} is not in ${g.id}`);
    }
    this.messages.set(messageId, { groupId: g.id, userId: by.id, deleted: false });
    const message: NativeEvent['message'] = { message_id: messageId, content_type: contentType };
    if (text !== undefined) message.text = text;
    if (replyTo !== undefined) message.reply_to_message_id = replyTo;
    if (mentions?.length) message.entities = mentions.map((id) => ({ type: 'mention' as const, user_id: id }));
    this.out(g, 'message', eventId, at, by, { message });
  }

  /** The message, checked to be in this group and not deleted. */
  message(g: Group, messageId: string): StoredMessage {
    const m = this.messages.get(messageId);
    if (!m || m.groupId !== g.id || m.deleted) throw new ApiError(404, 'message_not_found', `message ${messageId} not found`);
    return m;
  }

  edit(g: Group, by: NativeUser, messageId: string, text: string, at: number, eventId: string): void {
    const m = this.message(g, messageId);
    if (m.userId !== by.id) throw new ApiError(403, 'not_author', 'only the author can edit a message');
    this.out(g, 'message_edited', eventId, at, by, { edit: { message_id: messageId, text } });
  }

  delete(g: Group, by: NativeUser, messageId: string, at: number, eventId: string): void {
    const m = this.message(g, messageId);
    if (m.userId !== by.id && g.ownerId !== by.id && !by.is_bot) throw new ApiError(403, 'not_author', 'only the author or an admin can delete');
    m.deleted = true;
    this.out(g, 'message_deleted', eventId, at, by, { deleted: { message_id: messageId } });
  }

  /** A member presses a button under a bot's message. */
  press(g: Group, by: NativeUser, messageId: string, data: string, at: number, eventId: string): void {
    const m = this.message(g, messageId);
    if (!m.buttons?.some((b) => b.data === data)) throw new ApiError(400, 'no_such_button', `message ${messageId} has no button ${data}`);
    this.out(g, 'button_pressed', eventId, at, by, { button: { message_id: messageId, data } });
  }

  react(g: Group, by: NativeUser, messageId: string, emoji: string, added: boolean, at: number, eventId: string): void {
    this.message(g, messageId);
    this.out(g, 'reaction', eventId, at, by, { reaction: { message_id: messageId, emoji, added } });
  }

  /** A profile change is visible in every group the user is in: one event per group. */
  profile(userId: string, name: string, at: number, eventIdFor: (groupId: string) => string): number {
    const u = this.user(userId);
    u.name = name;
    let n = 0;
    for (const g of this.memberships.get(userId) ?? []) {
      if (g.dismissed) continue;
      this.out(g, 'member_updated', eventIdFor(g.id), at, u, { member: u });
      n++;
    }
    return n;
  }
}
