/**
 * What each kind of outbox action does on a platform, through the group's connector. A feature
 * that needs another kind (delete a message, restrict a newcomer, send a poll) registers its
 * executor here with `registerExecutor`; the dispatcher looks kinds up at run time.
 */
import { ActionNotSupported, type Connector } from '../connectors/connector.ts';
import type { Queryable } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { groupTarget, memberInGroup, requireCapability, type ActionDeps, type GroupTarget } from '../actions/targets.ts';
import type { OutboxRecord } from './outbox.ts';

export interface ExecutionResult {
  messageId?: string;
  /** The platform took it but a person must still confirm it (WeCom's staff confirmation). */
  awaitingConfirmation?: boolean;
}

export interface ExecutionContext {
  deps: ActionDeps;
  workspaceId: number;
  action: OutboxRecord;
  /** The group's target, when the action names a group. */
  group(): Promise<GroupTarget>;
  /** The connector of the action's account (for actions without a group). */
  connector(): Connector;
  /** The member's platform user id in the action's group (they must be in it) or account. */
  userId(): Promise<string>;
}

export type Executor = (ctx: ExecutionContext) => Promise<ExecutionResult>;

/** Whether the kind sends a message (what the platforms' send limits count). */
export const SENDING_KINDS = new Set(['post', 'private_message']);

const executors = new Map<string, Executor>();

export function registerExecutor(kind: string, executor: Executor, options: { sends?: boolean } = {}): void {
  executors.set(kind, executor);
  if (options.sends) SENDING_KINDS.add(kind);
}

export function executorOf(kind: string): Executor | undefined {
  return executors.get(kind);
}

const text = (a: OutboxRecord): string => {
  const t = a.payload['text'];
  if (typeof t !== 'string' || t.length === 0) throw new AppError('bad_request', `outbox action ${a.key}: payload.text is required`);
  return t;
};

/** `payload.buttons` of a post: [{text, data}] (a platform without buttons sends the text alone). */
function buttonsOf(v: unknown): Array<{ text: string; data: string }> {
  if (!Array.isArray(v)) return [];
  return v.filter((b): b is { text: string; data: string } => !!b && typeof b === 'object'
    && typeof (b as { text?: unknown }).text === 'string' && typeof (b as { data?: unknown }).data === 'string');
}

registerExecutor('post', async (ctx) => {
  const target = await ctx.group();
  requireCapability(target, 'sendToGroup');
  const replyTo = ctx.action.payload['replyTo'];
  const buttons = buttonsOf(ctx.action.payload['buttons']);
  const sent = await target.connector.sendToGroup(target.platformGroupId, {
    text: text(ctx.action), clientKey: ctx.action.key, ...(typeof replyTo === 'string' ? { replyTo } : {}), ...(buttons.length ? { buttons } : {}),
  }) as { messageId: string; state?: string };
  return { messageId: sent.messageId, awaitingConfirmation: sent.state === 'awaiting_confirmation' };
});

registerExecutor('private_message', async (ctx) => {
  const connector = ctx.action.groupId !== null ? (await ctx.group()).connector : ctx.connector();
  const c = connector.capabilities.sendToMember;
  if (!c.supported) throw new ActionNotSupported(connector.platform, 'sendToMember', c.reason, c.instead);
  const sent = await connector.sendToMember(await ctx.userId(), { text: text(ctx.action), clientKey: ctx.action.key }) as { messageId: string; state?: string };
  return { messageId: sent.messageId, awaitingConfirmation: sent.state === 'awaiting_confirmation' };
});

registerExecutor('mute', async (ctx) => {
  const target = await ctx.group();
  requireCapability(target, 'mute');
  const until = new Date(String(ctx.action.payload['until'] ?? ''));
  if (Number.isNaN(until.getTime())) throw new AppError('bad_request', `outbox action ${ctx.action.key}: payload.until must be a date`);
  await target.connector.mute(target.platformGroupId, await ctx.userId(), until);
  return {};
});

registerExecutor('kick', async (ctx) => {
  const target = await ctx.group();
  requireCapability(target, 'kick');
  await target.connector.kick(target.platformGroupId, await ctx.userId());
  return {};
});

/** The member's platform user id on an account, whether or not they are in a group of it. */
export async function userIdOnAccount(db: Queryable, workspaceId: number, accountId: number, memberId: number): Promise<string> {
  const [row] = await db.query<{ user_id: string }>(
    'select platform_user_id as user_id from member_identities where workspace_id = $1 and account_id = $2 and member_id = $3 limit 1',
    [workspaceId, accountId, memberId]);
  if (!row) throw new AppError('not_found', `member ${memberId} has no identity on account ${accountId}`);
  return row.user_id;
}

export { groupTarget, memberInGroup };
