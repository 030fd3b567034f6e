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
 *   rejoin  wc:join:<chat_id>:<userid>:<join_time>:after:<the recorded leave it overrides>
 *   create  wc:create:<chat_id>:<create_time>
 *   rename  wc:rename:<chat_id>:<when seen>:<hash of the new name>
 *
 * Convergence (a re-read always ends on WeCom's list): membership state is decided by the latest
 * event time, so a leave Qunyun infers must never be stamped after the join that follows it. A
 * member who left and came back between two looks (the del_member lost or late) gets a leave
 * stamped before the new join_time. A member WeCom lists although Qunyun recorded them leaving
 * afterwards (a leave stamped "now" by an older version, or a clock ahead of WeCom's) gets a join
 * just after that leave, under an id of its own, so that it is not dropped as a repeat of the join
 * already stored. Corp staff (member type 1: the owner, the staff who invite) are not customers and
 * get no membership; they are credited as the inviter and staff of the joins they bring.
 */
import { createHash } from 'node:crypto';
import type { PlatformEventInput } from '../../events/envelope.ts';
import type { GroupChat, GroupMember } from './api-types.ts';

export interface KnownMember {
  userId: string;
  /** Unix seconds of the join Qunyun recorded; names the leave event. */
  joinTime?: number;
}

/** Someone Qunyun recorded leaving the group (their membership is not active). */
export interface FormerMember {
  userId: string;
  /** Unix seconds of the recorded leave. */
  leftAt: number;
}

/** What Qunyun knows of a group; `undefined` when it has never seen the group. */
export interface KnownGroup {
  /** Omit when unknown: no rename is then inferred. */
  name?: string;
  members: KnownMember[];
  /** Members whose recorded membership ended; a join_time after leftAt is a new join. */
  former?: FormerMember[];
}

/** What the change event that triggered this reconcile said, if one did. */
export interface ReconcileTrigger {
  createTime: number;
  updateDetail?: string;
  quitScene?: number;
  memChangeList?: string[];
  /** The member list's version before and after the change (LastMemVer / CurMemVer). */
  lastMemVer?: string;
  curMemVer?: string;
}

/**
 * Whether groupchat/get still shows the group as it was before the change its callback told of
 * (WeCom: "可能需要等一段时间(例如2秒)" before the list is updated). By the member list version
 * when both sides carry it: the version before the change means the read is old. Without versions,
 * a member said to have joined who is not listed.
 */
export function readIsStale(chat: GroupChat, t: ReconcileTrigger): boolean {
  if (t.lastMemVer && t.curMemVer && chat.member_version) return chat.member_version === t.lastMemVer && t.lastMemVer !== t.curMemVer;
  if (t.updateDetail === 'add_member' && (t.memChangeList?.length ?? 0) > 0) {
    const listed = new Set(chat.member_list.map((m) => m.userid));
    return t.memChangeList!.every((u) => !listed.has(u));
  }
  return false;
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

/**
 * The leave of the membership `k`. It happened after the join we recorded and, when the member is
 * back (`rejoinedAt`), before their new join: stamped then at the latest, or the new membership
 * would look ended by it.
 */
function leaveEvent(chatId: string, k: KnownMember, o: DiffOptions, rejoinedAt?: number): PlatformEventInput {
  const t = o.trigger;
  const named = t !== undefined && t.updateDetail === 'del_member' && (t.memChangeList ?? []).includes(k.userId);
  let when = named ? t.createTime : o.now;
  if (rejoinedAt !== undefined) when = Math.min(when, rejoinedAt - 1);
  return {
    eventId: `wc:leave:${chatId}:${k.userId}:${k.joinTime ?? 'unknown'}`,
    type: 'leave',
    occurredAt: iso(when),
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
  const formerById = new Map((known?.former ?? []).map((f) => [f.userId, f]));
  const staff = new Set(chat.member_list.filter((m) => m.type === 1).map((m) => m.userid));
  const customers = chat.member_list.filter((m) => m.type !== 1);
  const currentById = new Map(customers.map((m) => [m.userid, m]));
  for (const k of knownById.values()) {
    // Staff recorded as members by an older version stay as they are; they are not customers.
    if (staff.has(k.userId)) continue;
    const m = currentById.get(k.userId);
    // A different join_time means they left and came back between two looks: one leave, one join.
    if (!m) events.push(leaveEvent(chat.chat_id, k, o));
    else if (k.joinTime !== undefined && k.joinTime !== m.join_time) events.push(leaveEvent(chat.chat_id, k, o, m.join_time));
  }
  const fromState = o.sourceFromState ?? ((s: string) => s);
  for (const m of customers) {
    const k = knownById.get(m.userid);
    if (k && (k.joinTime === undefined || k.joinTime === m.join_time)) continue;
    const f = k ? undefined : formerById.get(m.userid);
    if (f && m.join_time <= f.leftAt) {
      // WeCom lists them in the membership we recorded as ended later: that leave was stamped too
      // late. A join just after it, under its own id, makes them a member again.
      const join = joinEvent(chat, m, fromState);
      events.push({ ...join, eventId: `${join.eventId}:after:${f.leftAt}`, occurredAt: iso(f.leftAt + 1) });
    } else {
      events.push(joinEvent(chat, m, fromState));
    }
  }
  return events;
}

/** What Qunyun knows after `events` (from diffGroup) are stored on top of `before`. */
export function knownAfter(chat: GroupChat, before?: KnownGroup, events: readonly PlatformEventInput[] = []): KnownGroup {
  const former = new Map((before?.former ?? []).map((f) => [f.userId, f]));
  for (const e of events) {
    if (e.type === 'leave') former.set(e.userId, { userId: e.userId, leftAt: Date.parse(e.occurredAt) / 1000 });
  }
  const members = chat.member_list.filter((m) => m.type !== 1).map((m) => {
    former.delete(m.userid);
    return { userId: m.userid, joinTime: m.join_time };
  });
  return { name: chat.name || UNNAMED_GROUP, members, former: [...former.values()] };
}
