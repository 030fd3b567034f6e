/**
 * The bot API connectors call (`POST /bot/:token/<method>`, JSON in, `{ok, result}` out), with the
 * rate limits of a real platform on sends. Event ids of bot actions derive from the bot's
 * clientKey when it gives one (so a replayed send is the same event), else from a random id.
 */
import { randomUUID } from 'node:crypto';
import { ApiError } from './native.ts';
import { SlidingWindow } from './rate-limit.ts';
import type { Account, World } from './world.ts';

export interface BotLimits { groupMaxMembers: number; botPerGroupPerMinute: number; botPerAccountPerSecond: number }

export interface BotContext {
  world: World;
  limits: BotLimits;
  /** Wall clock for rate limits. */
  now: () => number;
  /** Platform time stamped on events bots cause (follows the simulation). */
  eventTime: () => number;
  baseUrl: () => string;
  setWebhook: (accountId: string, webhook: { url: string; secret: string }) => void;
}

type Params = Record<string, unknown>;

export function str(p: Params, key: string, max = 4096): string {
  const v = p[key];
  if (typeof v !== 'string' || v.length === 0 || v.length > max) throw new ApiError(400, 'bad_request', `${key} must be a non-empty string (≤ ${max})`);
  return v;
}
export function optStr(p: Params, key: string, max = 4096): string | undefined {
  return p[key] === undefined || p[key] === null ? undefined : str(p, key, max);
}
function optInt(p: Params, key: string, min: number, max: number): number | undefined {
  const v = p[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new ApiError(400, 'bad_request', `${key} must be an integer in [${min}, ${max}]`);
  return v;
}

export function createBotApi(ctx: BotContext): (account: Account, method: string, params: Params) => unknown {
  const perGroup = new SlidingWindow(ctx.limits.botPerGroupPerMinute, 60_000);
  const perAccount = new SlidingWindow(ctx.limits.botPerAccountPerSecond, 1000);
  const sent = new Map<string, { message_id: string; date: number }>();
  let inviteSeq = 0;
  const { world } = ctx;

  function bot(a: Account) {
    return world.user(a.botUserId);
  }
  function limit(a: Account, groupId: string | undefined): void {
    const now = ctx.now();
    const wait = Math.max(perAccount.retryAfter(a.id, now), groupId ? perGroup.retryAfter(groupId, now) : 0);
    if (wait > 0) throw new ApiError(429, 'rate_limited', `Too Many Requests: retry after ${wait}`, wait);
    perAccount.record(a.id, now);
    if (groupId) perGroup.record(groupId, now);
  }
  const eventId = (a: Account, what: string, key?: string) => `b:${a.id}:${what}:${key ?? randomUUID()}`;

  const methods: Record<string, (a: Account, p: Params) => unknown> = {
    getMe: (a) => ({ id: a.botUserId, name: a.name, is_bot: true, account_id: a.id }),
    getGroups: (a) => [...world.groups.values()]
      .filter((g) => g.accountId === a.id && !g.dismissed)
      .map((g) => ({ id: g.id, title: g.title, capacity: g.capacity, member_count: g.members.size, owner_id: g.ownerId, created_at: g.createdAt })),
    getGroupMembers: (a, p) => {
      const g = world.group(str(p, 'groupId'), a.id);
      return [...g.members.values()].map((m) => ({ ...world.user(m.id), joined_at: m.joinedAt, muted_until: m.mutedUntil || undefined }));
    },
    sendMessage: (a, p) => {
      const g = world.group(str(p, 'groupId'), a.id);
      const text = str(p, 'text', 100_000);
      const replyTo = optStr(p, 'replyTo', 200);
      const clientKey = optStr(p, 'clientKey', 200);
      const previous = clientKey ? sent.get(`${a.id}\n${clientKey}`) : undefined;
      if (previous) return previous;
      limit(a, g.id);
      const id = eventId(a, 'msg', clientKey);
      const at = ctx.eventTime();
      world.post(g, bot(a), id, 'text', text, replyTo, undefined, at, id);
      const buttons = Array.isArray(p.buttons) ? p.buttons.filter((b): b is { text: string; data: string } => !!b && typeof b === 'object'
        && typeof (b as { text?: unknown }).text === 'string' && typeof (b as { data?: unknown }).data === 'string').slice(0, 8) : [];
      if (buttons.length) world.messages.get(id)!.buttons = buttons;
      world.botPosts.push({ seq: world.botPosts.length + 1, accountId: a.id, groupId: g.id, messageId: id, at, text });
      const result = { message_id: id, date: at };
      if (clientKey) sent.set(`${a.id}\n${clientKey}`, result);
      return result;
    },
    /** A PNG (base64 in `png`) posted in a group as a photo message; the bytes are kept and served. */
    sendPhoto: (a, p) => {
      const g = world.group(str(p, 'groupId'), a.id);
      const b64 = str(p, 'png', 20_000_000);
      const png = Buffer.from(b64, 'base64');
      if (png.length < 8 || png.readUInt32BE(0) !== 0x89504e47) throw new ApiError(400, 'not_png', 'png must be a base64 PNG');
      const caption = optStr(p, 'caption', 1024);
      const replyTo = optStr(p, 'replyTo', 200);
      const clientKey = optStr(p, 'clientKey', 200);
      const previous = clientKey ? sent.get(`${a.id}\n${clientKey}`) : undefined;
      if (previous) return previous;
      limit(a, g.id);
      const id = eventId(a, 'msg', clientKey);
      const at = ctx.eventTime();
      world.post(g, bot(a), id, 'photo', caption, replyTo, undefined, at, id);
      world.photos.set(id, { groupId: g.id, png, ...(caption ? { caption } : {}) });
      world.botPosts.push({ seq: world.botPosts.length + 1, accountId: a.id, groupId: g.id, messageId: id, at, text: caption ?? '' });
      const result = { message_id: id, date: at, url: `${ctx.baseUrl()}/photos/${encodeURIComponent(id)}` };
      if (clientKey) sent.set(`${a.id}\n${clientKey}`, result);
      return result;
    },
    sendDirect: (a, p) => {
      const userId = str(p, 'userId', 200);
      str(p, 'text', 100_000);
      if (!world.users.has(userId)) throw new ApiError(404, 'user_not_found', `user ${userId} not found`);
      const clientKey = optStr(p, 'clientKey', 200);
      const previous = clientKey ? sent.get(`${a.id}\n${clientKey}`) : undefined;
      if (previous) return previous;
      limit(a, undefined);
      const result = { message_id: eventId(a, 'dm', clientKey), date: ctx.eventTime() };
      if (clientKey) sent.set(`${a.id}\n${clientKey}`, result);
      return result;
    },
    createInviteLink: (a, p) => {
      const g = world.group(str(p, 'groupId'), a.id);
      const code = `inv${++inviteSeq}`;
      const link: (typeof world.inviteLog)[number] = { code, groupId: g.id, requiresApproval: p.requiresApproval === true, uses: 0 };
      const name = optStr(p, 'name', 200);
      const source = optStr(p, 'source', 64);
      const staffId = optStr(p, 'staffId', 200);
      const memberLimit = optInt(p, 'memberLimit', 1, 100_000);
      const expireDate = optInt(p, 'expireDate', 0, Number.MAX_SAFE_INTEGER);
      if (name) link.name = name;
      if (source) link.source = source;
      if (staffId) link.staffId = staffId;
      if (memberLimit) link.memberLimit = memberLimit;
      if (expireDate) link.expiresAt = expireDate * 1000;
      world.invites.set(code, link);
      world.inviteLog.push(link);
      return { url: `${ctx.baseUrl()}/join/${code}`, code };
    },
    approveJoinRequest: (a, p) => {
      const g = world.group(str(p, 'groupId'), a.id);
      const userId = str(p, 'userId', 200);
      const req = g.pending.get(userId);
      if (!req) throw new ApiError(404, 'no_join_request', `${userId} has no pending request for ${g.id}`);
      world.join(g, world.user(userId), req.via, ctx.eventTime(), eventId(a, 'approve', `${g.id}:${userId}:${req.at}`));
      return true;
    },
    declineJoinRequest: (a, p) => {
      const g = world.group(str(p, 'groupId'), a.id);
      const userId = str(p, 'userId', 200);
      if (!g.pending.delete(userId)) throw new ApiError(404, 'no_join_request', `${userId} has no pending request for ${g.id}`);
      return true;
    },
    restrictMember: (a, p) => {
      const g = world.group(str(p, 'groupId'), a.id);
      const m = world.member(g, str(p, 'userId', 200));
      const until = p.untilMs;
      if (typeof until !== 'number' || !Number.isFinite(until)) throw new ApiError(400, 'bad_request', 'untilMs must be a number (unix ms)');
      m.mutedUntil = until;
      // A hold that still lets the member send plain text (a newcomer answering a question).
      m.textOnly = p.textOnly === true;
      return true;
    },
    deleteMessage: (a, p) => {
      const g = world.group(str(p, 'groupId'), a.id);
      world.delete(g, bot(a), str(p, 'messageId', 200), ctx.eventTime(), eventId(a, 'del', `${g.id}:${String(p.messageId)}`));
      return true;
    },
    banMember: (a, p) => {
      const g = world.group(str(p, 'groupId'), a.id);
      const userId = str(p, 'userId', 200);
      g.banned.add(userId);
      if (g.members.has(userId)) world.leave(g, userId, 'banned', bot(a), ctx.eventTime(), eventId(a, 'ban'));
      return true;
    },
    unbanMember: (a, p) => {
      const g = world.group(str(p, 'groupId'), a.id);
      g.banned.delete(str(p, 'userId', 200));
      return true;
    },
    kickMember: (a, p) => {
      const g = world.group(str(p, 'groupId'), a.id);
      const userId = str(p, 'userId', 200);
      if (!g.members.has(userId)) throw new ApiError(404, 'not_member', `${userId} is not in ${g.id}`);
      world.leave(g, userId, 'kicked', bot(a), ctx.eventTime(), eventId(a, 'kick'));
      return true;
    },
    setGroupName: (a, p) => {
      const g = world.group(str(p, 'groupId'), a.id);
      world.rename(g, str(p, 'name', 500), bot(a), ctx.eventTime(), eventId(a, 'rename'));
      return true;
    },
    createGroup: (a, p) => {
      const name = str(p, 'name', 500);
      const capacity = optInt(p, 'capacity', 1, 200_000);
      if (capacity !== undefined && capacity > ctx.limits.groupMaxMembers) {
        throw new ApiError(400, 'capacity_too_large', `capacity above the platform maximum ${ctx.limits.groupMaxMembers}`);
      }
      const clientKey = optStr(p, 'clientKey', 200);
      const id = `bg-${a.id}-${clientKey ?? randomUUID()}`;
      const existing = world.groups.get(id);
      if (existing && existing.accountId === a.id) return { groupId: id };
      world.createGroup(a.id, id, name, capacity, bot(a), ctx.eventTime(), eventId(a, 'group', clientKey));
      return { groupId: id };
    },
    setWebhook: (a, p) => {
      const url = str(p, 'url', 2000);
      const secret = str(p, 'secret', 500);
      ctx.setWebhook(a.id, { url, secret });
      return true;
    },
  };

  return (account, method, params) => {
    const fn = methods[method];
    if (!fn) throw new ApiError(404, 'unknown_method', `method ${method} not found`);
    return fn(account, params);
  };
}
