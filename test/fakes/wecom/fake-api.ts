/**
 * The fake WeCom's API handlers: each takes the parsed request and answers with the JSON body WeCom
 * documents — `{"errcode":0,"errmsg":"ok",…}` or an errcode body — including token checks (41001 /
 * 40014 / 42001), per-API rate limits (45009) and injected faults. Test-only.
 */
import type { ContactWay, JoinWay, JoinWayInfo, MsgTemplateRequest, WelcomeTemplate } from '../../../src/connectors/wecom/api-types.ts';
import { daysInMonth, hex, monthKey, seconds, type FakeState } from './fake-state.ts';

type Body = Record<string, unknown>;
type Answer = { errcode: number; errmsg: string; [key: string]: unknown };

const ok = (extra: Body = {}): Answer => ({ errcode: 0, errmsg: 'ok', ...extra });
const err = (errcode: number, errmsg: string): Answer => ({ errcode, errmsg });
const invalid = (why: string) => err(40058, `invalid parameter: ${why}`);

const utf8Length = (s: string) => Buffer.byteLength(s, 'utf8');
const charLength = (s: string) => [...s].length;

/** Answers one API call; `api` is the path after /cgi-bin/. */
export function handleApi(state: FakeState, api: string, query: URLSearchParams, body: Body): Answer {
  const fault = state.faults.get(api)?.shift();
  if (fault !== undefined) return err(fault, FAULT_MESSAGES[fault] ?? `injected fault ${fault}`);
  if (!withinRateLimit(state, api)) return err(45009, freqMessage());
  if (api === 'gettoken') return getToken(state, query);

  const token = query.get('access_token');
  if (!token) return err(41001, 'access_token missing');
  const expiresAt = state.tokens.get(token);
  if (expiresAt === undefined) return err(40014, 'invalid access_token');
  if (state.now() >= expiresAt) return err(42001, 'access_token expired');

  const handler = HANDLERS[api];
  if (!handler) return err(48002, `api forbidden: ${api} is not served by the fake`);
  return handler(state, body);
}

/** WeCom's own wording for the faults tests inject most (platforms.md §2.8). */
const FAULT_MESSAGES: Record<number, string> = {
  45009: freqMessage(),
  60020: 'not allow to access from your ip, hint: [1700000000_12_fake], from ip: 203.0.113.7, more info at https://open.work.weixin.qq.com/devtool/query?e=60020',
  40050: 'chatid not found, hint: [1700000000_13_fake]',
};

function freqMessage(): string {
  return 'api freq out of limit, hint: [fake], from ip: 127.0.0.1, more info at https://open.work.weixin.qq.com/devtool/query?e=45009';
}

function withinRateLimit(state: FakeState, api: string): boolean {
  const now = state.now();
  const list = (state.hits.get(api) ?? []).filter((t) => t > now - 60_000);
  state.hits.set(api, list);
  if (list.length >= state.rateLimitPerMinute) return false;
  list.push(now);
  return true;
}

function getToken(state: FakeState, query: URLSearchParams): Answer {
  if (query.get('corpid') !== state.corpId) return err(40013, 'invalid corpid');
  if (query.get('corpsecret') !== state.secret) return err(40001, 'invalid credential');
  const token = hex(32);
  state.tokens.set(token, state.now() + state.tokenTtlSeconds * 1000);
  return ok({ access_token: token, expires_in: state.tokenTtlSeconds });
}

function liveGroup(state: FakeState, chatId: unknown): Answer | import('./fake-state.ts').FakeGroup {
  if (typeof chatId !== 'string' || chatId === '') return err(40063, 'chat_id missing');
  const group = state.groups.get(chatId);
  if (!group) return err(40050, 'chatid not found');
  if (group.dismissed) return err(49008, 'group chat dismissed');
  return group;
}

const isAnswer = (x: unknown): x is Answer => typeof (x as Answer).errcode === 'number';

function listGroups(state: FakeState, body: Body): Answer {
  const limit = body.limit;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 1000) return invalid('limit must be 1..1000');
  const owners = (body.owner_filter as { userid_list?: unknown } | undefined)?.userid_list;
  if (owners !== undefined && (!Array.isArray(owners) || owners.length > 100)) return invalid('owner_filter.userid_list must hold at most 100 ids');
  if (owners === undefined && state.requireOwnerFilter) return err(81017, 'owner_filter required: visible range exceeds 1000 people');
  const statusFilter = body.status_filter ?? 0;
  const chats = [...state.groups.values()]
    .filter((g) => !g.dismissed && (statusFilter === 0 || g.status === statusFilter) && (!owners || owners.includes(g.owner)))
    .sort((a, b) => a.create_time - b.create_time || a.chat_id.localeCompare(b.chat_id));
  let start = 0;
  if (typeof body.cursor === 'string' && body.cursor !== '') {
    start = Number(Buffer.from(body.cursor, 'base64url').toString('utf8'));
    if (!Number.isInteger(start) || start < 0) return err(50100, 'invalid cursor');
  }
  const page = chats.slice(start, start + limit);
  const next = start + limit < chats.length ? Buffer.from(String(start + limit), 'utf8').toString('base64url') : '';
  return ok({ group_chat_list: page.map((g) => ({ chat_id: g.chat_id, status: g.status })), next_cursor: next });
}

function getGroup(state: FakeState, body: Body): Answer {
  const group = liveGroup(state, body.chat_id);
  if (isAnswer(group)) return group;
  const needName = body.need_name === 1;
  const { status: _s, dismissed: _d, capacity: _c, history, ...current } = group;
  let chat = current;
  if (state.memberListLagMs > 0) {
    // The list as it was memberListLagMs ago: the latest change at or before then.
    const seen = state.now() - state.memberListLagMs;
    const snapshot = history.filter((h) => h.at <= seen).at(-1);
    if (snapshot) chat = { ...current, member_list: snapshot.member_list, member_version: snapshot.member_version };
  }
  return ok({
    group_chat: {
      ...chat,
      member_list: chat.member_list.map(({ name, ...m }) => (needName && name !== undefined ? { ...m, name } : m)),
    },
  });
}

function validateJoinWay(state: FakeState, way: Partial<JoinWay>): Answer | undefined {
  if (way.scene !== 1 && way.scene !== 2) return invalid('scene must be 1 or 2');
  if (!Array.isArray(way.chat_id_list) || way.chat_id_list.length < 1 || way.chat_id_list.length > 5) return invalid('chat_id_list must hold 1..5 chat ids');
  for (const id of way.chat_id_list) {
    const g = liveGroup(state, id);
    if (isAnswer(g)) return g;
  }
  if (way.state !== undefined && (typeof way.state !== 'string' || charLength(way.state) > 30)) return invalid('state must be at most 30 characters');
  if (way.room_base_name !== undefined && charLength(way.room_base_name) > 40) return invalid('room_base_name must be at most 40 characters');
  if (way.auto_create_room === 1 && !way.room_base_name) return invalid('room_base_name is required with auto_create_room');
  return undefined;
}

function normalizeWay(way: Partial<JoinWay>, configId: string): JoinWay & { config_id: string; qr_code: string; nextRoomId: number } {
  return {
    config_id: configId,
    qr_code: `https://wework.qpic.cn/wwpic/fake_${configId}/0`,
    scene: way.scene as 1 | 2,
    remark: way.remark === undefined ? undefined : [...way.remark].slice(0, 30).join(''),
    auto_create_room: way.auto_create_room ?? 1,
    room_base_name: way.room_base_name,
    room_base_id: way.room_base_id,
    chat_id_list: [...(way.chat_id_list ?? [])],
    state: way.state,
    nextRoomId: way.room_base_id ?? 1,
  };
}

function publicWay(way: JoinWayInfo & { nextRoomId: number }): Body {
  const { nextRoomId: _n, ...rest } = way;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
}

function sendMsgTemplate(state: FakeState, body: Body): Answer {
  const req = body as MsgTemplateRequest;
  if (req.chat_type !== 'group') return invalid('the fake serves chat_type "group" only');
  if (typeof req.sender !== 'string' || req.sender === '') return invalid('sender is required for chat_type group');
  const content = req.text?.content;
  if ((content === undefined || content === '') && !(req.attachments?.length)) return err(44004, 'text content empty');
  if (content !== undefined && utf8Length(content) > 4000) return err(45002, 'content size out of limit');
  if ((req.attachments?.length ?? 0) > 9) return invalid('at most 9 attachments');
  const chatIds = req.chat_id_list ?? [...state.groups.values()].filter((g) => g.owner === req.sender).map((g) => g.chat_id);
  if (chatIds.length > 2000) return invalid('chat_id_list must hold at most 2000 chat ids');
  const failList: string[] = [];
  const results = new Map<string, { status: 0 | 1 | 3 }>();
  for (const id of chatIds) {
    const g = state.groups.get(id);
    // Only groups the sender owns can carry their mass message.
    if (!g || g.dismissed || g.owner !== req.sender) failList.push(id);
    else results.set(id, { status: 0 });
  }
  if (results.size === 0) return err(41048, 'no chat to send to');
  const msgid = `msg${hex(12)}`;
  state.msgTasks.set(msgid, { msgid, request: req, createTime: seconds(state), results });
  return ok({ fail_list: failList, msgid });
}

/** The sender confirms the task in the client: each group receives it unless its monthly cap is reached. */
export function confirmTask(state: FakeState, msgid: string): boolean {
  const task = state.msgTasks.get(msgid);
  if (!task) return false;
  const limit = state.monthlyReceiveLimit ?? daysInMonth(state.now());
  for (const [chatId, r] of task.results) {
    if (r.status !== 0) continue;
    const key = monthKey(state, chatId);
    const count = state.received.get(key) ?? 0;
    if (count >= limit) {
      task.results.set(chatId, { status: 3 });
      continue;
    }
    state.received.set(key, count + 1);
    task.results.set(chatId, { status: 1, sendTime: seconds(state) });
  }
  return true;
}

function sendResult(state: FakeState, body: Body): Answer {
  const task = typeof body.msgid === 'string' ? state.msgTasks.get(body.msgid) : undefined;
  if (!task) return err(41047, 'invalid msgid');
  if (body.userid !== task.request.sender) return ok({ send_list: [], next_cursor: '' });
  const sendList = [...task.results].map(([chatId, r]) => ({
    chat_id: chatId, userid: task.request.sender, status: r.status, ...(r.sendTime ? { send_time: r.sendTime } : {}),
  }));
  return ok({ send_list: sendList, next_cursor: '' });
}

function validateWelcome(t: WelcomeTemplate): Answer | undefined {
  const attachments = [t.image, t.link, t.miniprogram, t.file, t.video].filter((a) => a !== undefined);
  if (!t.text?.content && attachments.length === 0) return err(40063, 'template is empty');
  if (attachments.length > 1) return invalid('text plus at most one of image, link, miniprogram, file, video');
  if (t.text && utf8Length(t.text.content) > 3000) return invalid('text.content is longer than 3000 bytes');
  return undefined;
}

const pickTemplate = (body: Body): WelcomeTemplate => {
  const { template_id: _t, agentid: _a, notify: _n, ...rest } = body;
  return rest as WelcomeTemplate;
};

const HANDLERS: Record<string, (state: FakeState, body: Body) => Answer> = {
  'externalcontact/groupchat/list': listGroups,
  'externalcontact/groupchat/get': getGroup,
  'externalcontact/groupchat/add_join_way'(state, body) {
    const bad = validateJoinWay(state, body as Partial<JoinWay>);
    if (bad) return bad;
    const configId = hex(16);
    state.joinWays.set(configId, normalizeWay(body as Partial<JoinWay>, configId));
    return ok({ config_id: configId });
  },
  'externalcontact/groupchat/get_join_way'(state, body) {
    const way = state.joinWays.get(String(body.config_id));
    return way ? ok({ join_way: publicWay(way) }) : err(41044, 'invalid config_id');
  },
  'externalcontact/groupchat/update_join_way'(state, body) {
    const old = state.joinWays.get(String(body.config_id));
    if (!old) return err(41044, 'invalid config_id');
    const bad = validateJoinWay(state, body as Partial<JoinWay>);
    if (bad) return bad;
    state.joinWays.set(old.config_id, { ...normalizeWay(body as Partial<JoinWay>, old.config_id), nextRoomId: old.nextRoomId });
    return ok();
  },
  'externalcontact/groupchat/del_join_way'(state, body) {
    return state.joinWays.delete(String(body.config_id)) ? ok() : err(41044, 'invalid config_id');
  },
  'externalcontact/add_contact_way'(state, body) {
    const way = body as Partial<ContactWay>;
    if (way.type !== 1 && way.type !== 2) return err(40001, 'invalid type');
    if (way.scene !== 1 && way.scene !== 2) return err(40001, 'invalid scene');
    if (!Array.isArray(way.user) || way.user.length === 0 || (way.type === 1 && way.user.length !== 1)) return err(40058, 'invalid user');
    if (way.state !== undefined && [...way.state].length > 30) return err(40058, 'state exceeds 30 characters');
    const configId = hex(16);
    const qrCode = `https://open.work.weixin.qq.com/wwopen/userQRCode?vcode=fake_${configId}`;
    state.contactWays.set(configId, { ...(way as ContactWay), config_id: configId, qr_code: qrCode });
    return ok({ config_id: configId, qr_code: qrCode });
  },
  'externalcontact/add_msg_template': sendMsgTemplate,
  'externalcontact/get_groupmsg_send_result': sendResult,
  'externalcontact/group_welcome_template/add'(state, body) {
    const t = pickTemplate(body);
    const bad = validateWelcome(t);
    if (bad) return bad;
    if (state.welcomeTemplates.size >= 100) return err(41055, 'group welcome template count reaches limit');
    const id = `msg${hex(10)}`;
    state.welcomeTemplates.set(id, t);
    return ok({ template_id: id });
  },
  'externalcontact/group_welcome_template/edit'(state, body) {
    const id = String(body.template_id);
    if (!state.welcomeTemplates.has(id)) return invalid('unknown template_id');
    const t = pickTemplate(body);
    const bad = validateWelcome(t);
    if (bad) return bad;
    state.welcomeTemplates.set(id, t);
    return ok();
  },
  'externalcontact/group_welcome_template/get'(state, body) {
    const t = state.welcomeTemplates.get(String(body.template_id));
    return t ? ok({ ...t }) : invalid('unknown template_id');
  },
  'externalcontact/group_welcome_template/del'(state, body) {
    return state.welcomeTemplates.delete(String(body.template_id)) ? ok() : invalid('unknown template_id');
  },
  'externalcontact/get_corp_tag_list'(state, body) {
    const groupIds = body.group_id as string[] | undefined;
    const tagIds = body.tag_id as string[] | undefined;
    const groups = state.tagGroups
      .filter((g) => !groupIds?.length || groupIds.includes(g.group_id))
      .map((g) => ({ ...g, tag: g.tag.filter((t) => !tagIds?.length || tagIds.includes(t.id)) }))
      .filter((g) => !tagIds?.length || g.tag.length > 0);
    return ok({ tag_group: groups });
  },
  'externalcontact/mark_tag'(state, body) {
    const add = (body.add_tag as string[] | undefined) ?? [];
    const remove = (body.remove_tag as string[] | undefined) ?? [];
    if (typeof body.userid !== 'string' || typeof body.external_userid !== 'string') return err(40003, 'invalid userid');
    if (!add.length && !remove.length) return err(40063, 'add_tag and remove_tag both empty');
    const known = new Set(state.tagGroups.flatMap((g) => g.tag.map((t) => t.id)));
    if ([...add, ...remove].some((id) => !known.has(id))) return err(40068, 'invalid tagid');
    const key = `${body.userid}|${body.external_userid}`;
    const now = new Set(state.contactTags.get(key) ?? []);
    for (const id of add) now.add(id);
    for (const id of remove) now.delete(id);
    state.contactTags.set(key, [...now]);
    return ok();
  },
  'externalcontact/add_corp_tag'(state, body) {
    const tags = body.tag as Array<{ name: string; order?: number }> | undefined;
    if (!Array.isArray(tags) || tags.length === 0) return err(40063, 'tag missing');
    if (state.tagGroups.reduce((n, g) => n + g.tag.length, 0) + tags.length > 3000) return err(40126, 'corp tag count reaches limit');
    let group = state.tagGroups.find((g) => g.group_id === body.group_id || (body.group_id === undefined && g.group_name === body.group_name));
    if (!group) {
      if (typeof body.group_name !== 'string') return err(40068, 'invalid tag group');
      group = { group_id: `et${hex(8)}`, group_name: body.group_name, create_time: seconds(state), order: 0, tag: [] };
      state.tagGroups.push(group);
    }
    const added = tags.map((t) => ({ id: `et${hex(8)}`, name: t.name, create_time: seconds(state), order: t.order ?? 0 }));
    group.tag.push(...added);
    return ok({ tag_group: { ...group, tag: added } });
  },
};
