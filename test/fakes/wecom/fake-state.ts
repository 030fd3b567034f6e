/**
 * The data a fake WeCom corp holds: groups with their members, join ways, welcome templates,
 * mass-message tasks, tags and issued access tokens. Shared by the fake's API handlers
 * (fake-api.ts) and its test controls (fake-server.ts). Test-only.
 */
import { randomBytes } from 'node:crypto';
import type { ContactWay, CorpTagGroup, GroupChat, GroupMember, JoinWayInfo, MsgTemplateRequest, WelcomeTemplate } from '../../../src/connectors/wecom/api-types.ts';

export interface FakeGroup extends GroupChat {
  /** 0 normal, 1 owner resigned, 2 handover in progress, 3 handover done (groupchat/list status). */
  status: 0 | 1 | 2 | 3;
  dismissed: boolean;
  capacity: number;
  /** Member lists after each change, oldest first, for a lagging groupchat/get (memberListLagMs). */
  history: Array<{ at: number; member_list: GroupMember[]; member_version: string }>;
}

export interface FakeMsgTask {
  msgid: string;
  request: MsgTemplateRequest;
  createTime: number;
  /** Per chat: 0 waiting for the sender to confirm, 1 sent, 3 receive limit reached. */
  results: Map<string, { status: 0 | 1 | 3; sendTime?: number }>;
}

export interface FakeState {
  corpId: string;
  secret: string;
  now: () => number;
  tokenTtlSeconds: number;
  tokens: Map<string, number>;
  groups: Map<string, FakeGroup>;
  joinWays: Map<string, JoinWayInfo & { nextRoomId: number }>;
  /** 「联系我」 contact ways by config_id. */
  contactWays: Map<string, ContactWay & { config_id: string; qr_code: string }>;
  welcomeTemplates: Map<string, WelcomeTemplate>;
  msgTasks: Map<string, FakeMsgTask>;
  tagGroups: CorpTagGroup[];
  /** Corp tag ids on each customer of a staff member ("userid|external_userid"), as mark_tag left them. */
  contactTags: Map<string, string[]>;
  /** Mass messages each group received per month ("YYYY-MM|chat_id"). */
  received: Map<string, number>;
  /** Mass messages a group may receive per month; WeCom's current rule is the days in the month. */
  monthlyReceiveLimit: number | undefined;
  /** Calls per API per minute before 45009 (WeCom: 10,000 per corp per API). */
  rateLimitPerMinute: number;
  /** Call times per API within the last minute. */
  hits: Map<string, number[]>;
  /** errcodes to answer instead of doing the work, per API, consumed in order. */
  faults: Map<string, number[]>;
  /** Simulates a corp whose app sees > 1000 people: groupchat/list then needs owner_filter (81017). */
  requireOwnerFilter: boolean;
  defaultCapacity: number;
  /** groupchat/get shows the member list as it was this long ago (WeCom: "例如2秒" after the callback). */
  memberListLagMs: number;
}

export const hex = (bytes: number) => randomBytes(bytes).toString('hex');
export const seconds = (state: FakeState) => Math.floor(state.now() / 1000);

/** A fresh member_version: WeCom changes it with every membership change. */
export function bumpVersion(group: FakeGroup, at: number): void {
  group.member_version = hex(16);
  group.history.push({ at, member_list: group.member_list.map((m) => ({ ...m })), member_version: group.member_version });
}

export function monthKey(state: FakeState, chatId: string): string {
  return `${new Date(state.now()).toISOString().slice(0, 7)}|${chatId}`;
}

export function daysInMonth(ms: number): number {
  const d = new Date(ms);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
}

export interface FakeMemberInput {
  userid: string;
  type?: 1 | 2;
  name?: string;
  unionid?: string;
  group_nickname?: string;
  joinScene?: 1 | 2 | 3;
  invitor?: string;
  state?: string;
  /** Unix seconds; default now. */
  joinTime?: number;
}

export function toMember(state: FakeState, input: FakeMemberInput): GroupMember {
  const type = input.type ?? (input.userid.startsWith('wm') || input.userid.startsWith('wo') ? 2 : 1);
  return {
    userid: input.userid,
    type,
    join_time: input.joinTime ?? seconds(state),
    join_scene: input.joinScene ?? 1,
    ...(input.unionid !== undefined && type === 2 ? { unionid: input.unionid } : {}),
    ...(input.invitor !== undefined ? { invitor: { userid: input.invitor } } : {}),
    ...(input.group_nickname !== undefined ? { group_nickname: input.group_nickname } : {}),
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.state !== undefined ? { state: input.state } : {}),
  };
}
