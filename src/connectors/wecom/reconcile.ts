/**
 * Turns "what WeCom says a group looks like now" (groupchat/get) minus "what Qunyun knew" into
 * envelope events. WeCom's change events are unreliable as increments (they may be lost or come
 * out of order), so every change event, and the periodic full reconcile, ends here: the diff is the
 * truth, the event only tells when to look.
 *
 * Event ids are derived from the data, so the same difference computed twice (a duplicated
 * callback, a retry, a reconcile racing a callback) yields the same ids and ingest drops the copy:
 *   join    wc:join:<chat_id>:<userid>:<join_time>
 *   leave   wc:leave:<chat_id>:<userid>:<join_time of the membership that ended>
 *   create  wc:create:<chat_id>:<create_time>
 *   rename  wc:rename:<chat_id>:<when seen>:<hash of the new name>
 */
import { createHash } from 'node:crypto';
import type { PlatformEventInput } from '../../events/envelope.ts';
import type { GroupChat, GroupMember } from './api-types.ts';

export interface KnownMember {
  userId: string;
  /** Unix seconds of the join Qunyun recorded; names the leave event. */
  joinTime?: number;
}

/** What Qunyun knows of a group; `undefined` when it has never seen the group. */
export interface KnownGroup {
  /** Omit when unknown: no rename is then inferred. */
  name?: string;
  members: KnownMember[];
}

/** What the change event that triggered this reconcile said, if one did. */
export interface ReconcileTrigger {
  createTime: number;
  updateDetail?: string;
  quitScene?: number;
  memChangeList?: string[];
}

export interface DiffOptions {
  /** Unix seconds; stands in for times WeCom does not give (leaves, renames found by reconcile). */
  now: number;
  trigger?: ReconcileTrigger;
  /** Maps a join way's state to the envelope's source; default: the state itself. */
  sourceFromState?: (state: string) => string;
}

/** Without a join-way state, the member's join_scene says how they came in. */
const SCENE_SOURCE: Record<number, string> = { 1: 'invite', 2: 'invite_link', 3: 'qr_code' };

export const UNNAMED_GROUP = 'Unnamed group';

const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();
const shortHash = (s: string) => createHash('sha1').update(s, 'utf8').digest('hex').slice(0, 12);

export function joinEvent(chat: GroupChat, m: GroupMember, sourceFromState: (state: string) => string): PlatformEventInput {
  const source = m.state ? sourceFromState(m.state) : SCENE_SOURCE[m.join_scene];
  const inviter = m.invitor?.userid;
  // invitor is set only when a member of the corp invited them: that person is both the inviter and the staff to credit.
  const via = {
    ...(source ? { source: source.slice(0, 64) } : {}),
    ...(m.state ? { inviteCode: m.state } : {}),
    ...(inviter ? { inviterId: inviter, staffId: inviter } : {}),
  };
  const name = m.group_nickname || m.name;
  return {
    eventId: `wc:join:${chat.chat_id}:${m.userid}:${m.join_time}`,
    type: 'join',
    occurredAt: iso(m.join_time),
    groupId: chat.chat_id,
    userId: m.userid,
    ...(name ? { name: name.slice(0, 500) } : {}),
    ...(Object.keys(via).length > 0 ? { via } : {}),
  };
}

function leaveEvent(chatId: string, k: KnownMember, o: DiffOptions): PlatformEventInput {
  const t = o.trigger;
  const named = t !== undefined && t.updateDetail === 'del_member' && (t.memChangeList ?? []).includes(k.userId);
  return {
    eventId: `wc:leave:${chatId}:${k.userId}:${k.joinTime ?? 'unknown'}`,
    type: 'leave',
    occurredAt: iso(named ? t.createTime : o.now),
    groupId: chatId,
    userId: k.userId,
    reason: named && t.quitScene === 1 ? 'kicked' : 'left',
  };
}

/** The events that bring `known` to `chat`: created, renamed, then leaves, then joins. */
export function diffGroup(chat: GroupChat, known: KnownGroup | undefined, o: DiffOptions): PlatformEventInput[] {
  const events: PlatformEventInput[] = [];
  const name = chat.name || UNNAMED_GROUP;
  if (known === undefined) {
    events.push({
      eventId: `wc:create:${chat.chat_id}:${chat.create_time}`, type: 'group_created', occurredAt: iso(chat.create_time),
      groupId: chat.chat_id, name: name.slice(0, 500), ...(chat.owner ? { ownerId: chat.owner } : {}),
    });
  } else if (known.name !== undefined && known.name !== name) {
    const when = o.trigger?.updateDetail === 'change_name' ? o.trigger.createTime : o.now;
    events.push({
      eventId: `wc:rename:${chat.chat_id}:${when}:${shortHash(name)}`, type: 'group_renamed', occurredAt: iso(when),
      groupId: chat.chat_id, name: name.slice(0, 500),
    });
  }
  const knownById = new Map((known?.members ?? []).map((k) => [k.userId, k]));
  const currentById = new Map(chat.member_list.map((m) => [m.userid, m]));
  for (const k of knownById.values()) {
    const m = currentById.get(k.userId);
    // A different join_time means they left and came back between two looks: one leave, one join.
    if (!m || (k.joinTime !== undefined && k.joinTime !== m.join_time)) events.push(leaveEvent(chat.chat_id, k, o));
  }
  const fromState = o.sourceFromState ?? ((s: string) => s);
  for (const m of chat.member_list) {
    const k = knownById.get(m.userid);
    if (!k || (k.joinTime !== undefined && k.joinTime !== m.join_time)) events.push(joinEvent(chat, m, fromState));
  }
  return events;
}

/** What Qunyun knows after the diff's events are stored. */
export function knownAfter(chat: GroupChat): KnownGroup {
  return { name: chat.name || UNNAMED_GROUP, members: chat.member_list.map((m) => ({ userId: m.userid, joinTime: m.join_time })) };
}
