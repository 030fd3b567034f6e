/**
 * The outbox kinds moderation adds (src/outbox/executors.ts registers the common ones): delete a
 * member's message, hold / release a member (verification, undoing a mute), ban and unban, and a
 * post with buttons (the verification prompt). Each checks the platform's capability first, so a
 * platform that cannot is recorded `unsupported` with what to do by hand.
 */
import { ActionNotSupported, type ActionName, type Capability } from '../connectors/connector.ts';
import { AppError } from '../errors.ts';
import { registerExecutor, userIdOnAccount } from '../outbox/executors.ts';

/** The member's platform user id on the group's account, in the group or not (a ban keeps out someone who already left). */
async function anyUserId(ctx: Parameters<Parameters<typeof registerExecutor>[1]>[0]): Promise<string> {
  const a = ctx.action;
  if (a.memberId === null) throw new AppError('bad_request', `outbox action ${a.key}: memberId is required`);
  return userIdOnAccount(ctx.deps.db, ctx.workspaceId, a.accountId, a.memberId);
}

registerExecutor('delete_message', async (ctx) => {
  const target = await ctx.group();
  requireSupported(target.connector.capabilities.deleteMessage, target.platform, 'deleteMessage');
  const messageId = ctx.action.payload['messageId'];
  if (typeof messageId !== 'string' || !messageId) throw new AppError('bad_request', `outbox action ${ctx.action.key}: payload.messageId is required`);
  await target.connector.deleteMessage(target.platformGroupId, messageId);
  return {};
});

registerExecutor('restrict', async (ctx) => {
  const target = await ctx.group();
  requireSupported(target.connector.capabilities.restrict, target.platform, 'restrict');
  const textOnly = ctx.action.payload['textOnly'] === true;
  await target.connector.restrict(target.platformGroupId, await anyUserId(ctx), textOnly ? { textOnly } : undefined);
  return {};
});

for (const kind of ['unrestrict', 'ban', 'unban'] as const) {
  registerExecutor(kind, async (ctx) => {
    const target = await ctx.group();
    requireSupported(target.connector.capabilities[kind], target.platform, kind);
    await target.connector[kind](target.platformGroupId, await anyUserId(ctx));
    return {};
  });
}

registerExecutor('post_buttons', async (ctx) => {
  const target = await ctx.group();
  requireSupported(target.connector.capabilities.sendToGroup, target.platform, 'sendToGroup');
  const text = ctx.action.payload['text'];
  const buttons = ctx.action.payload['buttons'];
  if (typeof text !== 'string' || !text) throw new AppError('bad_request', `outbox action ${ctx.action.key}: payload.text is required`);
  const list = Array.isArray(buttons) ? buttons.filter((b): b is { text: string; data: string } => typeof b?.text === 'string' && typeof b?.data === 'string') : [];
  const sent = await target.connector.sendToGroup(target.platformGroupId, { text, clientKey: ctx.action.key, buttons: list }) as { messageId: string; state?: string };
  return { messageId: sent.messageId, awaitingConfirmation: sent.state === 'awaiting_confirmation' };
}, { sends: true });


function requireSupported(c: Capability, platform: string, action: ActionName): void {
  if (!c.supported) throw new ActionNotSupported(platform, action, c.reason, c.instead);
}
