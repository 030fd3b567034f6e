/**
 * Request and response shapes of the WeCom customer-group APIs this connector uses, as documented
 * (docs: platforms.md §2). Field names are WeCom's own (snake_case) so they can be compared with
 * the documentation line by line; the fake server (fake-server.ts) serves the same shapes.
 */

export interface WecomResponse { errcode: number; errmsg: string }

/** member_list[] of groupchat/get. */
export interface GroupMember {
  userid: string;
  /** 1 internal member (staff), 2 external contact (customer). */
  type: 1 | 2;
  unionid?: string;
  /** Unix seconds. */
  join_time: number;
  /** 1 invited directly, 2 invited by link, 3 scanned the group QR code (incl. join ways). */
  join_scene: 1 | 2 | 3;
  /** Only when an internal member invited them. */
  invitor?: { userid: string };
  group_nickname?: string;
  /** With need_name=1. */
  name?: string;
  /** The `state` of the join way the member came in through. */
  state?: string;
}

export interface GroupChat {
  chat_id: string;
  name: string;
  owner: string;
  create_time: number;
  notice?: string;
  member_list: GroupMember[];
  admin_list?: Array<{ userid: string }>;
  member_version?: string;
}

export interface GroupChatListRequest {
  /** 0 all, 1 owner resigned awaiting handover, 2 handover in progress, 3 handover done. */
  status_filter?: 0 | 1 | 2 | 3;
  owner_filter?: { userid_list: string[] };
  cursor?: string;
  /** 1..1000. */
  limit: number;
}

export interface GroupChatListResponse extends WecomResponse {
  group_chat_list: Array<{ chat_id: string; status: number }>;
  next_cursor?: string;
}

export interface JoinWay {
  /** 1 mini-program plug-in, 2 QR-code plug-in. */
  scene: 1 | 2;
  remark?: string;
  auto_create_room?: 0 | 1;
  room_base_name?: string;
  room_base_id?: number;
  /** At most 5 groups. */
  chat_id_list: string[];
  /** At most 30 characters; shows up as member_list[].state. */
  state?: string;
  mark_source?: boolean;
}

export interface JoinWayInfo extends JoinWay { config_id: string; qr_code?: string }

/** 「联系我」 (externalcontact/add_contact_way): a QR code that adds a staff member as a contact. */
export interface ContactWay {
  /** 1 one staff member, 2 several. */
  type: 1 | 2;
  /** 1 mini-program, 2 QR code. */
  scene: 1 | 2;
  remark?: string;
  skip_verify?: boolean;
  /** At most 30 characters; comes back on the add_external_contact callback as State. */
  state?: string;
  user: string[];
}

export interface MsgAttachment { msgtype: 'image' | 'link' | 'miniprogram' | 'video' | 'file'; [key: string]: unknown }

export interface MsgTemplateRequest {
  chat_type?: 'single' | 'group';
  external_userid?: string[];
  chat_id_list?: string[];
  /** Required for chat_type 'group': the member who confirms and sends it. */
  sender?: string;
  allow_select?: boolean;
  text?: { content: string };
  attachments?: MsgAttachment[];
}

export interface MsgTemplateResponse extends WecomResponse { msgid?: string; fail_list?: string[] }

export interface GroupMsgSendResultResponse extends WecomResponse {
  /** status 0 not sent, 1 sent, 2 not a friend / not in group, 3 receive limit reached. */
  send_list: Array<{ external_userid?: string; chat_id?: string; userid: string; status: number; send_time?: number }>;
  next_cursor?: string;
}

export interface WelcomeTemplate {
  text?: { content: string };
  image?: { media_id?: string; pic_url?: string };
  link?: { title: string; picurl?: string; desc?: string; url: string };
  miniprogram?: { title: string; pic_media_id: string; appid: string; page: string };
  file?: { media_id: string };
  video?: { media_id: string };
  agentid?: number;
  notify?: 0 | 1;
}

export interface CorpTag { id: string; name: string; create_time: number; order: number; deleted?: boolean }
export interface CorpTagGroup { group_id: string; group_name: string; create_time: number; order: number; deleted?: boolean; tag: CorpTag[] }
