/**
 * The `announcement` outbox kind of pushes. None of Qunyun's connectors can set a group's
 * announcement (Telegram's pinned message and WeCom's group notice have no call in them yet), so
 * the delivery is recorded `unsupported` with the manual way: the operator does it in the client.
 */
import { ActionNotSupported } from '../connectors/connector.ts';
import { registerExecutor } from '../outbox/executors.ts';

const INSTEAD: Record<string, string> = {
  telegram: 'pin the push in the group by hand (long-press → Pin)',
  wecom: 'set it as the group notice (群公告) by hand in the WeCom client',
};

registerExecutor('announcement', async (ctx) => {
  const target = await ctx.group();
  const platform = target.connector.platform;
  throw new ActionNotSupported(platform, 'sendToGroup', `${platform}: Qunyun cannot set a group announcement`, INSTEAD[platform] ?? 'post it as the group announcement by hand');
});
