/**
 * A fake WeCom corp on loopback HTTP for tests: it serves the documented customer-group APIs
 * (fake-api.ts) under /cgi-bin and sends encrypted change_external_chat callbacks
 * (fake-callbacks.ts) when a test makes people join, leave, rename or dismiss groups through the
 * control methods below. A join through a join way lands in the first of its groups with room, or
 * in a new group when auto_create_room is on, and carries the join way's `state` on the member.
 *
 * Like WeCom, operations done through the API fire no callbacks; the control methods do (unless
 * told `{ callback: false }`, which simulates a lost event).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { confirmTask, handleApi } from './fake-api.ts';
import { changeXml, contactAddedXml, createCallbackSender, type CallbackSender, type CallbackTarget, type ChatChange, type Delivery } from './fake-callbacks.ts';
import { bumpVersion, hex, seconds, toMember, type FakeGroup, type FakeMemberInput, type FakeState } from './fake-state.ts';

export type { FakeMemberInput } from './fake-state.ts';
export type { Delivery } from './fake-callbacks.ts';

export interface FakeWecomOptions {
  corpId?: string;
  secret?: string;
  /** Lifetime of issued tokens (WeCom: 7200 s). */
  tokenTtlSeconds?: number;
  now?: () => number;
  rateLimitPerMinute?: number;
  monthlyReceiveLimit?: number;
  requireOwnerFilter?: boolean;
  /** Members a group holds before a join way moves on to the next group (WeCom: 200, or 500 upgraded). */
  groupCapacity?: number;
  callback?: CallbackTarget;
  /** groupchat/get lags membership changes by this long (WeCom documents about 2 s); default 0. */
  memberListLagMs?: number;
}

export interface ChangeOptions {
  /**
   * false: change the data but send no callback (a lost event); 'hold': keep the callback back
   * until `releaseHeld` (a late event, delivered after later ones). Default true.
   */
  callback?: boolean | 'hold';
}

export interface FakeWecom {
  readonly corpId: string;
  readonly secret: string;
  readonly state: FakeState;
  /** Every API call answered, in order. */
  readonly calls: Array<{ api: string; errcode: number }>;
  /** Every callback delivered, in order. */
  readonly deliveries: Delivery[];
  /** Callbacks held back (ChangeOptions callback 'hold'), as plaintext XML, oldest first. */
  readonly held: string[];
  /** Delivers the held callback at `index` now (late), freshly signed as WeCom's retry would be. */
  releaseHeld(index?: number): Promise<Delivery>;
  listen(): Promise<string>;
  close(): Promise<void>;
  callCount(api: string): number;
  /** Invalidates every issued token now: the next calls get 42001. */
  expireTokens(): void;
  /** The next `times` calls of `api` answer `errcode` (e.g. 45009, -1). */
  failNext(api: string, errcode: number, times?: number): void;
  setCallbackTarget(target: CallbackTarget): void;
  createGroup(input: { name: string; owner: string; chatId?: string; members?: FakeMemberInput[]; admins?: string[]; capacity?: number }, o?: ChangeOptions): Promise<string>;
  join(chatId: string, member: FakeMemberInput, o?: ChangeOptions): Promise<void>;
  /** A customer scans the join way's QR code; resolves with the chat they landed in. */
  joinViaJoinWay(configId: string, member: Omit<FakeMemberInput, 'state' | 'joinScene'>, o?: ChangeOptions): Promise<string>;
  leave(chatId: string, userid: string, o?: ChangeOptions & { removed?: boolean }): Promise<void>;
  rename(chatId: string, name: string, o?: ChangeOptions): Promise<void>;
  changeOwner(chatId: string, owner: string, o?: ChangeOptions): Promise<void>;
  changeNotice(chatId: string, notice: string, o?: ChangeOptions): Promise<void>;
  dismiss(chatId: string, o?: ChangeOptions): Promise<void>;
  /** The sender confirms a mass-message task in their client. */
  confirmMsgTask(msgid: string): boolean;
  /** Sends exactly the same signed request again (a replay). */
  resend(delivery: Delivery): Promise<Delivery>;
  /** Sends this plaintext event as a new, freshly signed request (WeCom delivering an event twice). */
  sendXml(xml: string): Promise<Delivery>;
  /** A customer scans a contact way's (联系我) QR code and adds its staff member: the add_external_contact callback with the way's State. */
  addContactViaWay(configId: string, externalUserId: string): Promise<Delivery>;
  group(chatId: string): FakeGroup | undefined;
}

export function createFakeWecom(options: FakeWecomOptions = {}): FakeWecom {
  const state: FakeState = {
    corpId: options.corpId ?? 'wwfakecorp0000001',
    secret: options.secret ?? 'fake-secret',
    now: options.now ?? Date.now,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 7200,
    tokens: new Map(),
    groups: new Map(),
    joinWays: new Map(),
    contactWays: new Map(),
    welcomeTemplates: new Map(),
    msgTasks: new Map(),
    tagGroups: [],
    contactTags: new Map(),
    received: new Map(),
    monthlyReceiveLimit: options.monthlyReceiveLimit,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 10_000,
    hits: new Map(),
    faults: new Map(),
    requireOwnerFilter: options.requireOwnerFilter ?? false,
    defaultCapacity: options.groupCapacity ?? 200,
    memberListLagMs: options.memberListLagMs ?? 0,
  };
  const calls: FakeWecom['calls'] = [];
  const deliveries: Delivery[] = [];
  const held: string[] = [];
  let sender: CallbackSender | undefined = options.callback ? createCallbackSender(state.corpId, options.callback, state.now) : undefined;
  let server: Server | undefined;

  function mustGroup(chatId: string): FakeGroup {
    const g = state.groups.get(chatId);
    if (!g || g.dismissed) throw new Error(`fake WeCom: no live group ${chatId}`);
    return g;
  }

  async function notify(o: ChangeOptions | undefined, change: Omit<ChatChange, 'createTime'>): Promise<void> {
    if (o?.callback === false || !sender) return;
    const xml = changeXml(state.corpId, { ...change, createTime: seconds(state) });
    if (o?.callback === 'hold') {
      held.push(xml);
      return;
    }
    const d = await sender.send(xml);
    deliveries.push(d);
  }

  function newGroup(input: { name: string; owner: string; chatId?: string; members?: FakeMemberInput[]; admins?: string[]; capacity?: number }): FakeGroup {
    const chatId = input.chatId ?? `wr${hex(14)}`;
    const members = (input.members ?? []).map((m) => toMember(state, m));
    if (!members.some((m) => m.userid === input.owner)) members.unshift(toMember(state, { userid: input.owner, type: 1 }));
    const group: FakeGroup = {
      chat_id: chatId, name: input.name, owner: input.owner, create_time: seconds(state), notice: '',
      member_list: members, admin_list: (input.admins ?? []).map((userid) => ({ userid })), member_version: hex(16),
      status: 0, dismissed: false, capacity: input.capacity ?? state.defaultCapacity, history: [],
    };
    group.history.push({ at: -Infinity, member_list: members.map((m) => ({ ...m })), member_version: group.member_version! });
    state.groups.set(chatId, group);
    return group;
  }

  async function addMember(group: FakeGroup, member: FakeMemberInput, o?: ChangeOptions): Promise<void> {
    if (group.member_list.some((m) => m.userid === member.userid)) throw new Error(`fake WeCom: ${member.userid} is already in ${group.chat_id}`);
    const last = group.member_version;
    group.member_list.push(toMember(state, member));
    bumpVersion(group, state.now());
    await notify(o, {
      chatId: group.chat_id, changeType: 'update', updateDetail: 'add_member', joinScene: member.joinScene === 3 ? 3 : 0,
      memChangeList: [member.userid], lastMemVer: last, curMemVer: group.member_version,
    });
  }

  return {
    corpId: state.corpId,
    secret: state.secret,
    state,
    calls,
    deliveries,
    held,
    async releaseHeld(index = 0) {
      const [xml] = held.splice(index, 1);
      if (xml === undefined) throw new Error(`fake WeCom: no held callback ${index}`);
      if (!sender) throw new Error('fake WeCom: no callback target');
      const d = await sender.send(xml);
      deliveries.push(d);
      return d;
    },
    async listen() {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (d: Buffer) => chunks.push(d));
        req.on('end', () => {
          const url = new URL(req.url ?? '/', 'http://fake');
          const send = (status: number, body: unknown) => {
            res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
            res.end(JSON.stringify(body));
          };
          if (!url.pathname.startsWith('/cgi-bin/')) return send(404, { errcode: 404, errmsg: 'not found' });
          let body: Record<string, unknown> = {};
          const raw = Buffer.concat(chunks).toString('utf8');
          if (req.method === 'POST' && raw !== '') {
            try {
              body = JSON.parse(raw) as Record<string, unknown>;
            } catch {
              return send(200, { errcode: 47001, errmsg: 'data format error' });
            }
          }
          const api = url.pathname.slice('/cgi-bin/'.length);
          const answer = handleApi(state, api, url.searchParams, body);
          calls.push({ api, errcode: answer.errcode });
          send(200, answer);
        });
      });
      await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    async close() {
      const s = server;
      if (!s) return;
      s.closeAllConnections();
      await new Promise<void>((r) => s.close(() => r()));
    },
    callCount: (api) => calls.filter((c) => c.api === api).length,
    expireTokens() {
      for (const token of state.tokens.keys()) state.tokens.set(token, 0);
    },
    failNext(api, errcode, times = 1) {
      const list = state.faults.get(api) ?? [];
      for (let i = 0; i < times; i++) list.push(errcode);
      state.faults.set(api, list);
    },
    setCallbackTarget(target) {
      sender = createCallbackSender(state.corpId, target, state.now);
    },
    async createGroup(input, o) {
      const group = newGroup(input);
      await notify(o, { chatId: group.chat_id, changeType: 'create' });
      return group.chat_id;
    },
    join: (chatId, member, o) => addMember(mustGroup(chatId), member, o),
    async joinViaJoinWay(configId, member, o) {
      const way = state.joinWays.get(configId);
      if (!way) throw new Error(`fake WeCom: no join way ${configId}`);
      let group = way.chat_id_list.map((id) => state.groups.get(id)).find((g) => g && !g.dismissed && g.member_list.length < g.capacity);
      if (!group) {
        if (way.auto_create_room !== 1) throw new Error('fake WeCom: every group of the join way is full');
        const first = mustGroup(way.chat_id_list[0]!);
        group = newGroup({ name: `${way.room_base_name}${way.nextRoomId++}`, owner: first.owner });
        // WeCom adds the new group to the join way so that later scans land there too.
        way.chat_id_list.push(group.chat_id);
        if (way.chat_id_list.length > 5) way.chat_id_list.shift();
        await notify(o, { chatId: group.chat_id, changeType: 'create' });
      }
      await addMember(group, { ...member, joinScene: 3, ...(way.state !== undefined ? { state: way.state } : {}) }, o);
      return group.chat_id;
    },
    async leave(chatId, userid, o) {
      const group = mustGroup(chatId);
      const index = group.member_list.findIndex((m) => m.userid === userid);
      if (index < 0) throw new Error(`fake WeCom: ${userid} is not in ${chatId}`);
      const last = group.member_version;
      group.member_list.splice(index, 1);
      bumpVersion(group, state.now());
      await notify(o, {
        chatId, changeType: 'update', updateDetail: 'del_member', quitScene: o?.removed ? 1 : 0,
        memChangeList: [userid], lastMemVer: last, curMemVer: group.member_version,
      });
    },
    async rename(chatId, name, o) {
      mustGroup(chatId).name = name;
      await notify(o, { chatId, changeType: 'update', updateDetail: 'change_name' });
    },
    async changeOwner(chatId, owner, o) {
      mustGroup(chatId).owner = owner;
      await notify(o, { chatId, changeType: 'update', updateDetail: 'change_owner' });
    },
    async changeNotice(chatId, notice, o) {
      mustGroup(chatId).notice = notice;
      await notify(o, { chatId, changeType: 'update', updateDetail: 'change_notice' });
    },
    async dismiss(chatId, o) {
      mustGroup(chatId).dismissed = true;
      await notify(o, { chatId, changeType: 'dismiss' });
    },
    confirmMsgTask: (msgid) => confirmTask(state, msgid),
    async resend(delivery) {
      if (!sender) throw new Error('fake WeCom: no callback target');
      const d = await sender.resend(delivery);
      deliveries.push(d);
      return d;
    },
    async sendXml(xml) {
      if (!sender) throw new Error('fake WeCom: no callback target');
      const d = await sender.send(xml);
      deliveries.push(d);
      return d;
    },
    async addContactViaWay(configId, externalUserId) {
      const way = state.contactWays.get(configId);
      if (!way) throw new Error(`fake WeCom: no contact way ${configId}`);
      if (!sender) throw new Error('fake WeCom: no callback target');
      const d = await sender.send(contactAddedXml(state.corpId, {
        userId: way.user![0]!, externalUserId, ...(way.state !== undefined ? { state: way.state } : {}), welcomeCode: hex(16), createTime: seconds(state),
      }));
      deliveries.push(d);
      return d;
    },
    group: (chatId) => state.groups.get(chatId),
  };
}
