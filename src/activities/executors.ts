/**
 * The `photo` outbox kind: an image posted in a group. The payload names what to draw (the daily
 * card's facts, not its bytes: the outbox row stays small and the PNG is drawn when it is sent);
 * the executor draws it and hands the PNG to the group's connector. A platform that cannot post
 * images (WeCom here) leaves the action `unsupported` with what to do by hand.
 */
import { ActionNotSupported, capabilityOf } from '../connectors/connector.ts';
import { AppError } from '../errors.ts';
import { registerExecutor } from '../outbox/executors.ts';
import { renderDailyCard, type DailyCardInput } from './daily-card.ts';

export const PHOTO_KIND = 'photo';

/** What a photo action draws: only the daily card so far. */
export interface PhotoPayload {
  image: { kind: 'daily_card' } & DailyCardInput;
  caption?: string;
  replyTo?: string;
}

function draw(payload: Record<string, unknown>, key: string): Buffer {
  const image = payload['image'] as Partial<PhotoPayload['image']> | undefined;
  if (image?.kind !== 'daily_card' || typeof image.day !== 'string' || typeof image.text !== 'string'
    || typeof image.memberName !== 'string' || typeof image.streak !== 'number') {
    throw new AppError('bad_request', `outbox action ${key}: payload.image must be a daily card (day, text, memberName, streak)`);
  }
  return renderDailyCard({ day: image.day, text: image.text, memberName: image.memberName, streak: image.streak, ...(image.groupName ? { groupName: image.groupName } : {}) });
}

registerExecutor(PHOTO_KIND, async (ctx) => {
  const target = await ctx.group();
  const c = capabilityOf(target.connector.capabilities, 'sendPhoto');
  if (!c.supported || !target.connector.sendPhoto) {
    throw new ActionNotSupported(target.platform, 'sendPhoto', c.supported ? 'this connector has no sendPhoto' : c.reason, c.supported ? undefined : c.instead);
  }
  const png = draw(ctx.action.payload, ctx.action.key);
  const caption = ctx.action.payload['caption'];
  const replyTo = ctx.action.payload['replyTo'];
  const sent = await target.connector.sendPhoto(target.platformGroupId, {
    png, filename: 'daily-card.png', clientKey: ctx.action.key,
    ...(typeof caption === 'string' && caption ? { caption } : {}), ...(typeof replyTo === 'string' ? { replyTo } : {}),
  });
  return { messageId: sent.messageId, awaitingConfirmation: sent.state === 'awaiting_confirmation' };
}, { sends: true });

export const POLL_KIND = 'poll';

/**
 * The `poll` outbox kind: a poll's opening. Where the platform has native polls (Telegram) it is
 * sent as one, non-anonymous, so that each vote comes back naming its member; elsewhere the
 * opening text is posted and members vote by replying with an option's number.
 */
registerExecutor(POLL_KIND, async (ctx) => {
  const target = await ctx.group();
  const p = ctx.action.payload;
  const question = p['question'], options = p['options'], text = p['text'];
  if (capabilityOf(target.connector.capabilities, 'sendPoll').supported && target.connector.sendPoll) {
    if (typeof question !== 'string' || !Array.isArray(options) || !options.every((o) => typeof o === 'string')) {
      throw new AppError('bad_request', `outbox action ${ctx.action.key}: payload.question and payload.options are required`);
    }
    const sent = await target.connector.sendPoll(target.platformGroupId, { question, options: options as string[], clientKey: ctx.action.key });
    return { messageId: sent.messageId };
  }
  const c = capabilityOf(target.connector.capabilities, 'sendToGroup');
  if (!c.supported) throw new ActionNotSupported(target.platform, 'sendToGroup', c.reason, c.instead);
  if (typeof text !== 'string' || !text) throw new AppError('bad_request', `outbox action ${ctx.action.key}: payload.text is required`);
  const sent = await target.connector.sendToGroup(target.platformGroupId, { text, clientKey: ctx.action.key }) as { messageId: string; state?: string };
  return { messageId: sent.messageId, awaitingConfirmation: sent.state === 'awaiting_confirmation' };
}, { sends: true });
