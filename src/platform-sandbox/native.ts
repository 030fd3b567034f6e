/**
 * The sandbox platform's own update format, modelled on Telegram/WeCom updates. It is deliberately
 * not Qunyun's envelope: the sandbox connector translates it, as a real connector would.
 */

export type NativeKind =
  | 'chat_created' | 'chat_renamed' | 'chat_dismissed'
  | 'member_joined' | 'member_left' | 'member_updated' | 'join_request'
  | 'message' | 'message_edited' | 'message_deleted' | 'reaction' | 'button_pressed';

export type ContentType = 'text' | 'photo' | 'voice' | 'video' | 'document' | 'link' | 'sticker' | 'red_packet' | 'poll';

export interface NativeUser { id: string; name: string; is_bot: boolean }
export interface NativeChat { id: string; title: string }

export interface NativeMessage {
  message_id: string;
  content_type: ContentType;
  text?: string;
  reply_to_message_id?: string;
  entities?: Array<{ type: 'mention'; user_id: string }>;
}

export interface NativeJoin {
  source?: string;
  invite_link?: { code: string; name?: string };
  inviter_id?: string;
  staff_id?: string;
}

export interface NativeEvent {
  /** Per-account sequence number, increasing in emission order. */
  update_id: number;
  /** Deterministic id: a function of the client action key or the bot's clientKey. */
  event_id: string;
  kind: NativeKind;
  chat: NativeChat;
  /** Who did it (absent for platform-side changes). */
  from?: NativeUser;
  /** Unix time in milliseconds (simulated time for client actions). */
  date: number;
  message?: NativeMessage;
  /** The member a membership/profile event is about. */
  member?: NativeUser;
  join?: NativeJoin;
  leave?: { reason: 'left' | 'kicked' | 'banned' };
  reaction?: { message_id: string; emoji: string; added: boolean };
  edit?: { message_id: string; text: string };
  deleted?: { message_id: string };
  /** A member pressed a button under a bot's message. */
  button?: { message_id: string; data: string };
  new_title?: string;
  chat_info?: { capacity: number; owner_id?: string };
}

/** An error the platform answers with: HTTP status, a short machine code and a description. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly retryAfterSeconds: number | undefined;
  constructor(status: number, code: string, description: string, retryAfterSeconds?: number) {
    super(description);
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
