/**
 * Tables of automation rules and the welcome ritual (src/automation/). Keys start with
 * workspace_id like every tenant table (src/db/schema.ts). Idempotency lives in unique keys:
 * an execution's key (rule, version, cause), a pending welcome's join event, a greeting task's
 * batch and seed member: a second worker or a re-read event inserts nothing.
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const id = (name: string) => bigint(name, { mode: 'number' });

/** A rule; what it does is its current version's definition (automation_rule_versions). */
export const automationRules = pgTable('automation_rules', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  name: text('name').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  currentVersion: integer('current_version').notNull(),
  triggerKind: text('trigger_kind').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  /** Deleted rules stay, so that their executions keep naming them. */
  deletedAt: ts('deleted_at'),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] })]);

/** Every saved version of a rule, never changed after: executions point at (rule, version). */
export const automationRuleVersions = pgTable('automation_rule_versions', {
  workspaceId: id('workspace_id').notNull(),
  ruleId: id('rule_id').notNull(),
  version: integer('version').notNull(),
  definition: jsonb('definition').notNull(),
  createdBy: id('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.ruleId, t.version] })]);

/** Bumped on every rule change: processes rebuild their in-memory rule index when it moved. */
export const automationState = pgTable('automation_state', {
  workspaceId: id('workspace_id').primaryKey(),
  revision: bigint('revision', { mode: 'number' }).notNull().default(0),
  /** Random, set once: names this workspace's rules in a process's cache (ids repeat across databases). */
  token: text('token').notNull(),
});

/**
 * One row per execution of a rule. `key` is automation:r<rule>:v<version>:<cause>; inserting it
 * is what claims the execution, so a duplicated or re-read cause executes once across processes.
 */
export const automationExecutions = pgTable('automation_executions', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  key: text('key').notNull(),
  ruleId: id('rule_id').notNull(),
  version: integer('version').notNull(),
  trigger: text('trigger').notNull(),
  /** What caused it: { seq, eventId, type } of the stored event, or { slot } / { silentSince } / { size } / { event }. */
  cause: jsonb('cause').notNull(),
  groupId: id('group_id'),
  memberId: id('member_id'),
  /** The planned actions, with their keys and a one-line description each. */
  actions: jsonb('actions').notNull(),
  /** Why it did nothing (e.g. a join reported beyond the rule's late window); null when it ran. */
  skipped: text('skipped'),
  executedAt: ts('executed_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  unique('automation_executions_key').on(t.workspaceId, t.key),
  index('automation_executions_rule_idx').on(t.workspaceId, t.ruleId, t.id),
]);

/** Console notifications to operators (notify_operator), unread until read_at. */
export const automationNotifications = pgTable('automation_notifications', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  key: text('key').notNull(),
  userId: id('user_id'),
  groupId: id('group_id'),
  text: text('text').notNull(),
  origin: text('origin').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  readAt: ts('read_at'),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  unique('automation_notifications_key').on(t.workspaceId, t.key),
  index('automation_notifications_user_idx').on(t.workspaceId, t.userId, t.id),
]);

/** Welcome settings of a group (group_id 0: the workspace's default). */
export const welcomeSettings = pgTable('welcome_settings', {
  workspaceId: id('workspace_id').notNull(),
  groupId: id('group_id').notNull(),
  settings: jsonb('settings').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.groupId] })]);

/**
 * Every join waiting for its welcome, one row per join event (its event log key), until a batch
 * names it (batch_id). A join is never dropped: it stays here until a welcome is enqueued for it.
 */
export const welcomePending = pgTable('welcome_pending', {
  workspaceId: id('workspace_id').notNull(),
  groupId: id('group_id').notNull(),
  eventKey: text('event_key').notNull(),
  memberId: id('member_id').notNull(),
  name: text('name').notNull(),
  joinedAt: ts('joined_at').notNull(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  batchId: id('batch_id'),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.groupId, t.eventKey] }),
  index('welcome_pending_open_idx').on(t.workspaceId, t.groupId, t.joinedAt).where(sql`batch_id is null`),
]);

/** A welcome sent for a batch of newcomers; its delivery is the outbox action keyed `welcome:<id>`. */
export const welcomeBatches = pgTable('welcome_batches', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  groupId: id('group_id').notNull(),
  memberIds: bigint('member_ids', { mode: 'number' }).array().notNull(),
  names: jsonb('names').notNull(),
  text: text('text').notNull(),
  /** Newcomers reminded of the nickname format (a second post keyed `welcome:<id>:nickname`). */
  badNicknameIds: bigint('bad_nickname_ids', { mode: 'number' }).array().notNull().default(sql`'{}'::bigint[]`),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  index('welcome_batches_group_idx').on(t.workspaceId, t.groupId, t.id),
]);

/** A seed member's task to greet a batch's newcomers; done when they next write in the group. */
export const welcomeGreetings = pgTable('welcome_greetings', {
  workspaceId: id('workspace_id').notNull(),
  batchId: id('batch_id').notNull(),
  seedMemberId: id('seed_member_id').notNull(),
  groupId: id('group_id').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  doneAt: ts('done_at'),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.batchId, t.seedMemberId] }),
  index('welcome_greetings_open_idx').on(t.workspaceId, t.groupId, t.seedMemberId).where(sql`done_at is null`),
]);
