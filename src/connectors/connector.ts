/**
 * The one interface every chat platform implements. A connector translates its platform's events
 * into the normalized envelope (src/events/envelope.ts) and hands them to an EventSink, and carries
 * out operators' actions on the platform. It knows no domain rules.
 *
 * A platform that has no API for an action says so in `capabilities`, and the action rejects with
 * an ActionNotSupported error that carries the platform's reason and what can be done instead.
 */
import type { IngestResult } from '../events/ingest.ts';

/**
 * Where a connector delivers events. The promise resolves only after the events are durably
 * stored; a connector acknowledges them to its platform only then.
 */
export type EventSink = (events: unknown[]) => Promise<IngestResult>;

export type ActionName =
  | 'sendToGroup' | 'sendToMember' | 'createInviteLink' | 'approveJoinRequest' | 'declineJoinRequest'
  | 'mute' | 'kick' | 'renameGroup' | 'createGroup'
  // Moderation (issue #13): delete a member's message, hold a newcomer until they verify, lift a
  // mute or hold, remove and keep out, let back in.
  | 'deleteMessage' | 'restrict' | 'unrestrict' | 'ban' | 'unban';

/**
 * Actions added after the first connectors (issue #14): a connector that does not list one in its
 * capabilities does not support it (`capabilityOf`). `sendPhoto`: a PNG in a group; `buttons`:
 * `OutgoingMessage.buttons` come back as `button` events (otherwise the text is sent alone);
 * `sendPoll`: a native poll whose votes come back as `button` events `poll:<option index>` under it.
 */
export type ExtraActionName = 'sendPhoto' | 'buttons' | 'sendPoll';

export type Capability =
  | { supported: true; note?: string }
  | { supported: false; reason: string; instead?: string };

export type Capabilities = Record<ActionName, Capability> & Partial<Record<ExtraActionName, Capability>>;

/** A connector's capability for an action, an unlisted extra action being unsupported. */
export function capabilityOf(capabilities: Capabilities, action: ActionName | ExtraActionName): Capability {
  return capabilities[action] ?? { supported: false, reason: `this connector does not ${action}` };
}

/** A native poll (Telegram: non-anonymous, so that each vote names its member). */
export interface OutgoingPoll {
  question: string;
  options: string[];
  clientKey?: string;
}

/** An image posted in a group (the daily card): PNG bytes, an optional caption. */
export interface OutgoingPhoto {
  png: Uint8Array;
  filename?: string;
  caption?: string;
  replyTo?: string;
  /** Idempotency key, as for messages. */
  clientKey?: string;
}

export interface OutgoingMessage {
  text: string;
  replyTo?: string;
  /** Idempotency key: the same key sent twice posts once. */
  clientKey?: string;
  /**
   * Buttons under the message (Telegram: an inline keyboard); pressing one comes back as a
   * `button` event carrying `data`. Platforms without buttons send the text alone.
   */
  buttons?: Array<{ text: string; data: string }>;
}

export interface InviteLinkOptions {
  name?: string;
  source?: string;
  memberLimit?: number;
  requiresApproval?: boolean;
  expiresAt?: Date;
}

export interface InviteLink { url: string; code: string }

export interface Connector {
  readonly platform: string;
  readonly capabilities: Capabilities;
  /** Starts receiving events (webhook registration or polling) into the sink. */
  start(sink: EventSink): Promise<void>;
  stop(): Promise<void>;
  /**
   * Whether the account works now (e.g. the platform answers a cheap read); rejects with the
   * reason. The connector runtime calls it to retry an account in error while it runs.
   */
  check?(): Promise<void>;
  sendToGroup(groupId: string, message: OutgoingMessage): Promise<{ messageId: string }>;
  sendToMember(userId: string, message: OutgoingMessage): Promise<{ messageId: string }>;
  /** Posts a native poll in a group (where `capabilities.sendPoll` is supported). */
  sendPoll?(groupId: string, poll: OutgoingPoll): Promise<{ messageId: string }>;
  /** Posts a PNG in a group (where `capabilities.sendPhoto` is supported). */
  sendPhoto?(groupId: string, photo: OutgoingPhoto): Promise<{ messageId: string; state?: string }>;
  createInviteLink(groupId: string, options: InviteLinkOptions): Promise<InviteLink>;
  approveJoinRequest(groupId: string, userId: string): Promise<void>;
  declineJoinRequest(groupId: string, userId: string): Promise<void>;
  mute(groupId: string, userId: string, until: Date): Promise<void>;
  kick(groupId: string, userId: string): Promise<void>;
  renameGroup(groupId: string, name: string): Promise<void>;
  createGroup(options: { name: string; capacity?: number }): Promise<{ groupId: string }>;
  /** Deletes a member's message (a message already gone is not an error). */
  deleteMessage(groupId: string, messageId: string): Promise<void>;
  /**
   * Holds a member: they stay in the group but cannot post (a newcomer until they verify);
   * with `textOnly` they may still send plain text (a newcomer answering a question).
   */
  restrict(groupId: string, userId: string, options?: { textOnly?: boolean }): Promise<void>;
  /** Lifts a mute or a hold. */
  unrestrict(groupId: string, userId: string): Promise<void>;
  /** Removes a member and keeps them out (until unban). */
  ban(groupId: string, userId: string): Promise<void>;
  unban(groupId: string, userId: string): Promise<void>;
}

export class ActionNotSupported extends Error {
  readonly action: ActionName | ExtraActionName;
  readonly platform: string;
  readonly instead: string | undefined;
  constructor(platform: string, action: ActionName | ExtraActionName, reason: string, instead?: string) {
    super(`${platform} cannot ${action}: ${reason}`);
    this.platform = platform;
    this.action = action;
    this.instead = instead;
  }
}

/** The platform refused or failed an action; `retryAfterMs` is set for rate limits. */
export class PlatformError extends Error {
  readonly status: number;
  readonly code: string;
  readonly retryAfterMs: number | undefined;
  constructor(message: string, status: number, code: string, retryAfterMs?: number) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfterMs = retryAfterMs;
  }
}
