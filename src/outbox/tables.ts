/**
 * The outbox's one table: every automated action on a platform, from enqueued to its outcome.
 * Owned by src/outbox; the key makes an action happen once however often it is enqueued.
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const id = (name: string) => bigint(name, { mode: 'number' });

export const outboxActions = pgTable('outbox_actions', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  /** Idempotency key, unique in the workspace: the same key is one action. */
  key: text('key').notNull(),
  /** post, private_message, mute, kick, … (src/outbox/executors.ts). */
  kind: text('kind').notNull(),
  /** Who asked for it: 'automation:rule:12:v3', 'moderation:decision:55', … (the console reads delivery by it). */
  origin: text('origin').notNull(),
  accountId: id('account_id').notNull(),
  groupId: id('group_id'),
  memberId: id('member_id'),
  payload: jsonb('payload').notNull().default({}),
  /** queued, sending, sent, awaiting_confirmation, failed, unsupported, skipped (a guard rule: src/pushes/guard-store.ts). */
  state: text('state').notNull().default('queued'),
  attempts: integer('attempts').notNull().default(0),
  notBefore: ts('not_before').notNull().defaultNow(),
  /** While sending: when the claim lapses and another dispatcher may take the action again. */
  leaseUntil: ts('lease_until'),
  /** When it was (last) handed to the platform: what the rate limits count. */
  sentAt: ts('sent_at'),
  platformMessageId: text('platform_message_id'),
  error: text('error'),
  /** For unsupported actions: what the operator can do by hand instead. */
  instead: text('instead'),
  createdAt: ts('created_at').notNull().defaultNow(),
  finishedAt: ts('finished_at'),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  unique('outbox_actions_key').on(t.workspaceId, t.key),
  index('outbox_actions_due_idx').on(t.workspaceId, t.notBefore).where(sql`state in ('queued', 'sending')`),
  index('outbox_actions_sent_idx').on(t.workspaceId, t.accountId, t.sentAt).where(sql`sent_at is not null`),
  index('outbox_actions_origin_idx').on(t.workspaceId, t.origin),
]);
