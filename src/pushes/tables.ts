/**
 * Tables of pushes (src/pushes): the content library, the pushes operators schedule, the
 * workspace's guard-rail settings and the cap ledger the guard counts sends in. Owned by
 * src/pushes. Deliveries themselves are outbox actions (origin `push:<id>`), not rows here.
 * (`pushes` is taken by the console's one-off posts in schema.ts; hence `push_campaigns`.)
 */
import { bigint, bigserial, index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const id = (name: string) => bigint(name, { mode: 'number' });

/** A piece of content: a topic or a template with {variables}, its media, tags and author. */
export const pushLibrary = pgTable('push_library', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  title: text('title').notNull(),
  /** product, promotion, hot, professional, personal, icebreaker, activity, other (guard.ts). */
  category: text('category').notNull(),
  /** The text, with {name}, {group}, … (renderTemplate of src/automation/plan.ts). */
  body: text('body').notNull(),
  /** [{ kind: image | link | mini_program, url, title? }] */
  media: jsonb('media').notNull().default([]),
  tags: text('tags').array().notNull().default([]),
  createdBy: id('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] })]);

/** A push: content, targets, channels and time; its deliveries are outbox actions `push:<id>:…`. */
export const pushCampaigns = pgTable('push_campaigns', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  libraryId: id('library_id'),
  title: text('title').notNull(),
  category: text('category').notNull(),
  body: text('body').notNull(),
  media: jsonb('media').notNull().default([]),
  /** { groups?: number[], layers?: string[], groupTags?: string[], members?: number[], memberTags?, stages?, minTrust? } */
  targets: jsonb('targets').notNull(),
  /** group_post, private_message, announcement. */
  channels: text('channels').array().notNull(),
  scheduledAt: ts('scheduled_at').notNull(),
  /** Guard rules lifted for this push, with the reason (audited when set): { rules, reason } | null. */
  guardOverride: jsonb('guard_override'),
  /** scheduled (its actions are queued) or cancelled. */
  state: text('state').notNull().default('scheduled'),
  /** Outbox actions enqueued for it (targets × channels). */
  deliveries: bigint('deliveries', { mode: 'number' }).notNull().default(0),
  createdBy: id('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  index('push_campaigns_time_idx').on(t.workspaceId, t.scheduledAt),
]);

/** The workspace's guard-rail settings (only what differs from DEFAULT_GUARD). */
export const pushGuardSettings = pgTable('push_guard_settings', {
  workspaceId: id('workspace_id').primaryKey(),
  settings: jsonb('settings').notNull().default({}),
  updatedBy: id('updated_by'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/**
 * Sends counted against the frequency caps: one row per outbox action and scope (a group post
 * counts for its group, a private message for its member), written in the dispatcher's claim
 * transaction under the workspace's guard lock, so processes together never exceed a cap.
 */
export const pushCapLedger = pgTable('push_cap_ledger', {
  workspaceId: id('workspace_id').notNull(),
  actionId: id('action_id').notNull(),
  /** group or member. */
  scope: text('scope').notNull(),
  targetId: id('target_id').notNull(),
  category: text('category').notNull(),
  at: ts('at').notNull(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.actionId, t.scope] }),
  index('push_cap_ledger_target_idx').on(t.workspaceId, t.scope, t.targetId, t.at),
]);
