/**
 * Tables of exports and reports (src/reports): read-only API keys for BI tools, and the weekly
 * digest of each operator. Table exports themselves keep nothing but their audit entry.
 */
import { bigint, bigserial, date, jsonb, pgTable, primaryKey, text, timestamp, unique } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const id = (name: string) => bigint(name, { mode: 'number' });

/**
 * A read-only API key of a workspace (BI tools): only the SHA-256 of the secret is kept; `prefix`
 * (the first characters of the secret) lets an owner tell keys apart. It reads like a viewer
 * (GET routes only) until revoked.
 */
export const apiKeys = pgTable('api_keys', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  name: text('name').notNull(),
  prefix: text('prefix').notNull(),
  tokenHash: text('token_hash').notNull(),
  createdBy: id('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  /** Written at most once a minute (reads do not each cost a write). */
  lastUsedAt: ts('last_used_at'),
  revokedAt: ts('revoked_at'),
  revokedBy: id('revoked_by'),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  unique('api_keys_token_key').on(t.tokenHash),
]);

/**
 * One operator's digest of one week (Monday `week` to the Sunday after, in the workspace's time
 * zone): the figures as data (`digest`, language-neutral codes and numbers), written once, by
 * whichever process made it first (the unique key). Where it was sent: `chatQueuedAt` (the
 * outbox), `emailedAt` (SMTP); `emailClaimedAt` keeps two processes from mailing it twice.
 */
export const weeklyDigests = pgTable('weekly_digests', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  userId: id('user_id').notNull(),
  week: date('week', { mode: 'string' }).notNull(),
  digest: jsonb('digest').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  chatQueuedAt: ts('chat_queued_at'),
  emailClaimedAt: ts('email_claimed_at'),
  emailedAt: ts('emailed_at'),
  emailError: text('email_error'),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  unique('weekly_digests_once').on(t.workspaceId, t.userId, t.week),
]);
