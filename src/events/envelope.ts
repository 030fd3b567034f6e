/**
 * The normalized event envelope: what every connector turns its platform's events into before
 * ingest. One flat shape per event type, told apart by `type`. Ids are the platform's own
 * (strings), unique within one platform account; `eventId` is the platform's id of the delivery
 * and is what makes a re-delivered event a duplicate.
 *
 * Text Postgres cannot store (issue #11): a platform's or an import's free text (names, message
 * text, emoji, sources) is kept, with NUL removed and unpaired surrogates as U+FFFD — a message is
 * worth more than one bad character. An id with either is refused (the event is dead-lettered):
 * ids must match the platform's exactly, and a changed one would not.
 */
import { z } from 'zod';
import { isStorable, storableText } from '../db/storable.ts';

const platformId = z.string().min(1).max(200).refine(isStorable, 'an id must not contain a NUL character or an unpaired surrogate');
/** Free text of a platform or an import, made storable before its length is checked. */
const platformText = () => z.string().overwrite(storableText);
const when = z.iso.datetime({ offset: true }).describe('ISO 8601 time with zone');

const base = {
  eventId: platformId.describe('platform event id, unique per account'),
  occurredAt: when,
  groupId: platformId.describe('platform group id'),
};

/** How a member came in: the product attributes every join to a source, staff and inviter. */
export const JoinVia = z.object({
  source: platformText().min(1).max(64).optional().describe('qr_code, post, callback, invite, referral, …'),
  inviteCode: platformId.optional(),
  inviterId: platformId.optional().describe('platform user id of the member who invited'),
  staffId: platformId.optional(),
}).strict();

export const MessageKind = z.enum(['text', 'image', 'voice', 'video', 'file', 'link', 'sticker', 'red_packet', 'poll', 'system', 'other']);

export const GroupCreated = z.object({
  ...base, type: z.literal('group_created'),
  name: platformText().min(1).max(500),
  capacity: z.number().int().min(1).max(200_000).optional(),
  ownerId: platformId.optional(),
}).strict();

export const GroupRenamed = z.object({ ...base, type: z.literal('group_renamed'), name: platformText().min(1).max(500) }).strict();
export const GroupDismissed = z.object({ ...base, type: z.literal('group_dismissed') }).strict();

export const MemberJoined = z.object({
  ...base, type: z.literal('join'),
  userId: platformId,
  name: platformText().max(500).optional(),
  isBot: z.boolean().optional(),
  via: JoinVia.optional(),
}).strict();

/** Someone asked to join a group that requires approval (an entry threshold, 门槛). */
export const JoinRequested = z.object({
  ...base, type: z.literal('join_request'),
  userId: platformId,
  name: platformText().max(500).optional(),
  via: JoinVia.optional(),
}).strict();

export const MemberLeft = z.object({
  ...base, type: z.literal('leave'),
  userId: platformId,
  reason: z.enum(['left', 'kicked', 'banned']).default('left'),
}).strict();

export const MessagePosted = z.object({
  ...base, type: z.literal('message'),
  messageId: platformId,
  userId: platformId,
  name: platformText().max(500).optional(),
  kind: MessageKind.default('text'),
  text: platformText().max(100_000).optional(),
  replyTo: platformId.optional().describe('platform message id this one answers'),
  mentions: z.array(platformId).max(500).optional().describe('platform user ids mentioned'),
  isBot: z.boolean().optional().describe('the author is a bot (moderation leaves bots alone)'),
}).strict();

export const MessageEdited = z.object({
  ...base, type: z.literal('edit'),
  messageId: platformId,
  userId: platformId,
  text: platformText().max(100_000),
}).strict();

export const MessageDeleted = z.object({
  ...base, type: z.literal('delete'),
  messageId: platformId,
}).strict();

export const ReactionChanged = z.object({
  ...base, type: z.literal('reaction'),
  messageId: platformId,
  userId: platformId,
  emoji: platformText().min(1).max(64),
  added: z.boolean().default(true),
}).strict();

export const MemberProfile = z.object({
  ...base, type: z.literal('member_profile'),
  userId: platformId,
  name: platformText().min(1).max(500),
  isBot: z.boolean().optional(),
}).strict();

/**
 * A member pressed a button under a bot's message (Telegram: an inline keyboard's callback query):
 * newcomer verification (src/moderation/verification.ts) reads `data`. No effect on the figures.
 */
export const ButtonPressed = z.object({
  ...base, type: z.literal('button'),
  userId: platformId,
  name: platformText().max(500).optional(),
  messageId: platformId.optional().describe('the message the button is under'),
  data: platformText().min(1).max(200),
}).strict();

export const PlatformEvent = z.discriminatedUnion('type', [
  GroupCreated, GroupRenamed, GroupDismissed, MemberJoined, JoinRequested, MemberLeft,
  MessagePosted, MessageEdited, MessageDeleted, ReactionChanged, MemberProfile, ButtonPressed,
]);

export type PlatformEvent = z.infer<typeof PlatformEvent>;
export type PlatformEventInput = z.input<typeof PlatformEvent>;
export type EventType = PlatformEvent['type'];
export type JoinVia = z.infer<typeof JoinVia>;

/** Validates one raw event; on failure says what was wrong and where, in one line. */
export function parseEvent(raw: unknown): { ok: true; event: PlatformEvent } | { ok: false; reason: string } {
  const r = PlatformEvent.safeParse(raw);
  if (r.success) return { ok: true, event: r.data };
  const reason = r.error.issues
    .map((i) => `${i.path.length ? i.path.join('.') : '(event)'}: ${i.message}`)
    .join('; ');
  return { ok: false, reason };
}
