/**
 * A connector that records what it is asked to do and answers as a platform would: each send gets
 * a message id, a clientKey already seen posts nothing new. Behaviour per call can be overridden
 * (a refusal, a rate limit) and capabilities withdrawn, to test what callers do with the answers.
 */
import type { ActionName, Capabilities, Connector, OutgoingMessage } from '../../src/connectors/connector.ts';

export interface RecordedCall {
  action: ActionName;
  groupId?: string;
  userId?: string;
  /** restrict: the member may still send plain text. */
  textOnly?: boolean;
  message?: OutgoingMessage;
  until?: Date;
  messageId?: string;
}

const ALL: ActionName[] = ['sendToGroup', 'sendToMember', 'createInviteLink', 'approveJoinRequest', 'declineJoinRequest', 'mute', 'kick', 'renameGroup', 'createGroup',
  'deleteMessage', 'restrict', 'unrestrict', 'ban', 'unban'];

export class RecordingConnector implements Connector {
  readonly platform: string;
  readonly capabilities: Capabilities;
  readonly calls: RecordedCall[] = [];
  /** Messages the "platform" holds, by clientKey: a repeated key is the same message. */
  readonly posted = new Map<string, string>();
  /** Set to make the next calls fail (the function may throw). */
  before: ((call: RecordedCall) => void) | undefined;
  private next = 1;

  constructor(platform = 'sandbox', unsupported: Partial<Record<ActionName, { reason: string; instead?: string }>> = {}) {
    this.platform = platform;
    this.capabilities = Object.fromEntries(ALL.map((a) => {
      const u = unsupported[a];
      return [a, u ? { supported: false as const, reason: u.reason, ...(u.instead ? { instead: u.instead } : {}) } : { supported: true as const }];
    })) as Capabilities;
  }

  private record(call: RecordedCall): void {
    this.before?.(call);
    this.calls.push(call);
  }

  private send(message: OutgoingMessage): { messageId: string } {
    const key = message.clientKey;
    const known = key ? this.posted.get(key) : undefined;
    if (known) return { messageId: known };
    const messageId = `m${this.next++}`;
    if (key) this.posted.set(key, messageId);
    return { messageId };
  }

  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async sendToGroup(groupId: string, message: OutgoingMessage) { this.record({ action: 'sendToGroup', groupId, message }); return this.send(message); }
  async sendToMember(userId: string, message: OutgoingMessage) { this.record({ action: 'sendToMember', userId, message }); return this.send(message); }
  async createInviteLink(groupId: string) { this.record({ action: 'createInviteLink', groupId }); return { url: `https://t.me/+${groupId}`, code: groupId }; }
  async approveJoinRequest(groupId: string, userId: string) { this.record({ action: 'approveJoinRequest', groupId, userId }); }
  async declineJoinRequest(groupId: string, userId: string) { this.record({ action: 'declineJoinRequest', groupId, userId }); }
  async mute(groupId: string, userId: string, until: Date) { this.record({ action: 'mute', groupId, userId, until }); }
  async kick(groupId: string, userId: string) { this.record({ action: 'kick', groupId, userId }); }
  async renameGroup(groupId: string) { this.record({ action: 'renameGroup', groupId }); }
  async createGroup(options: { name: string }) { this.record({ action: 'createGroup' }); return { groupId: `new-${options.name}` }; }
  async deleteMessage(groupId: string, messageId: string) { this.record({ action: 'deleteMessage', groupId, messageId }); }
  async restrict(groupId: string, userId: string, options?: { textOnly?: boolean }) { this.record({ action: 'restrict', groupId, userId, ...(options?.textOnly ? { textOnly: true } : {}) }); }
  async unrestrict(groupId: string, userId: string) { this.record({ action: 'unrestrict', groupId, userId }); }
  async ban(groupId: string, userId: string) { this.record({ action: 'ban', groupId, userId }); }
  async unban(groupId: string, userId: string) { this.record({ action: 'unban', groupId, userId }); }
}
