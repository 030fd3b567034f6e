/**
 * Moderation's tables (issue #13, operations side): the workspace's rule versions, the decisions
 * taken with their evidence, strikes per member and rule (the ladder), the one ban list of the
 * workspace (a person across platforms: member_id covers every linked identity), members'
 * reports and appeals, newcomer verifications, and the training examples the classifier learns
 * from. Same conventions as src/db/schema.ts: workspace_id first in every key, no foreign keys.
 */
import { sql } from 'drizzle-orm';
import {
  bigint, bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, unique, uniqueIndex,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const id = (name: string) => bigint(name, { mode: 'number' });

/**
 * The workspace's moderation settings, one row per version: a change writes a new version and the
 * newest enabled one is in force. `rules` is what the engine's decide() reads; `ladder` the steps
 * per rule (src/moderation/ladder.ts); `dry_run` the summary of the dry run made before enabling.
 */
export const moderationRuleVersions = pgTable('moderation_rule_versions', {
  workspaceId: id('workspace_id').notNull(),
  version: integer('version').notNull(),
  rules: jsonb('rules').notNull(),
  ladder: jsonb('ladder').notNull(),
  /** Newcomer verification and other options (src/moderation/settings.ts). */
  options: jsonb('options').notNull().default({}),
  enabled: boolean('enabled').notNull().default(false),
  note: text('note'),
  dryRun: jsonb('dry_run'),
  createdBy: id('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  enabledAt: ts('enabled_at'),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.version] })]);

/**
 * What moderation decided about one message, join or report, with the engine's evidence, and what
 * was done (`actions`: the ladder's steps, enqueued in the outbox under keys derived from the
 * event). `key` makes a decision about the same event one row. WeCom decisions carry `task`: what
 * an operator must do in the WeCom client, since its API cannot act.
 */
export const moderationDecisions = pgTable('moderation_decisions', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  key: text('key').notNull(),
  /** auto (a message), join (ban list / shared list), report, verification, operator. */
  source: text('source').notNull(),
  eventSeq: id('event_seq'),
  groupId: id('group_id').notNull(),
  memberId: id('member_id'),
  messageId: text('message_id'),
  /** The text decided on (cleared when the member's data is erased). */
  text: text('text'),
  rule: text('rule'),
  category: text('category'),
  score: real('score'),
  evidence: jsonb('evidence').notNull().default([]),
  /** Ladder steps taken: delete, warn, mute, kick, ban (in order). */
  actions: text('actions').array().notNull().default(sql`'{}'::text[]`),
  muteMinutes: integer('mute_minutes'),
  /** applied, task (an operator must act in the platform's client), confirmed, undone. */
  state: text('state').notNull().default('applied'),
  task: text('task'),
  rulesVersion: integer('rules_version'),
  /** The strike this decision counted as for (member, rule). */
  strike: integer('strike'),
  reviewedBy: id('reviewed_by'),
  reviewedAt: ts('reviewed_at'),
  /** SHA-256 of the appeal link's token (src/moderation/appeals.ts); the link itself is given to the member once. */
  appealTokenHash: text('appeal_token_hash'),
  occurredAt: ts('occurred_at').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  unique('moderation_decisions_key').on(t.workspaceId, t.key),
  index('moderation_decisions_time_idx').on(t.workspaceId, t.createdAt),
  index('moderation_decisions_member_idx').on(t.workspaceId, t.memberId),
]);

/** Strikes of a member under a rule; the count starts again after the rule's reset period. */
export const moderationStrikes = pgTable('moderation_strikes', {
  workspaceId: id('workspace_id').notNull(),
  memberId: id('member_id').notNull(),
  rule: text('rule').notNull(),
  count: integer('count').notNull(),
  firstAt: ts('first_at').notNull(),
  lastAt: ts('last_at').notNull(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.memberId, t.rule] })]);

/**
 * The workspace's ban list. A ban names a person (member_id: all their linked identities, on every
 * platform) or, for an imported line whose person Qunyun has not met, a platform identity.
 * Lifting a ban keeps the row (lifted_at, lifted_by): the list is also its history.
 */
export const moderationBans = pgTable('moderation_bans', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  memberId: id('member_id'),
  platform: text('platform'),
  platformUserId: text('platform_user_id'),
  reason: text('reason').notNull(),
  evidence: jsonb('evidence').notNull().default({}),
  /** manual, auto (the ladder), import (CSV). */
  source: text('source').notNull(),
  decisionId: id('decision_id'),
  createdBy: id('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  liftedAt: ts('lifted_at'),
  liftedBy: id('lifted_by'),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  uniqueIndex('moderation_bans_member_active').on(t.workspaceId, t.memberId).where(sql`lifted_at is null and member_id is not null`),
  uniqueIndex('moderation_bans_identity_active').on(t.workspaceId, t.platform, t.platformUserId).where(sql`lifted_at is null and member_id is null`),
]);

/** A member's report of a message (`/report` as a reply on Telegram, or the sandbox's). */
export const moderationReports = pgTable('moderation_reports', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  /** The reporting event's seq: a re-delivered report is one row. */
  eventSeq: id('event_seq').notNull(),
  groupId: id('group_id').notNull(),
  reporterMemberId: id('reporter_member_id'),
  messageId: text('message_id').notNull(),
  /** The reported message's author and text, when the message is stored. */
  memberId: id('member_id'),
  text: text('text'),
  /** open, actioned (a decision removed it), dismissed. */
  state: text('state').notNull().default('open'),
  decisionId: id('decision_id'),
  createdAt: ts('created_at').notNull(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  unique('moderation_reports_event_key').on(t.workspaceId, t.eventSeq),
]);

/** A member's appeal of a decision, through the signed public page. */
export const moderationAppeals = pgTable('moderation_appeals', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  decisionId: id('decision_id').notNull(),
  memberId: id('member_id'),
  text: text('text').notNull(),
  /** open, accepted (the decision is undone), rejected. */
  state: text('state').notNull().default('open'),
  decidedBy: id('decided_by'),
  decidedAt: ts('decided_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  unique('moderation_appeals_decision_key').on(t.workspaceId, t.decisionId),
]);

/** A newcomer's verification in one group: pending until they pass or the deadline passes. */
export const moderationVerifications = pgTable('moderation_verifications', {
  workspaceId: id('workspace_id').notNull(),
  groupId: id('group_id').notNull(),
  memberId: id('member_id').notNull(),
  /** The join event's seq: the verification of a later join is a new one. */
  joinSeq: id('join_seq').notNull(),
  /** pending, passed, failed. */
  state: text('state').notNull(),
  /** The token the button or answer carries back. */
  token: text('token').notNull(),
  /** button or question (the newcomer's next message is their answer). */
  kind: text('kind').notNull().default('button'),
  /** question: the accepted answers, normalised as messages are (src/moderation/normalise.ts). */
  answers: text('answers').array(),
  deadline: ts('deadline').notNull(),
  createdAt: ts('created_at').notNull(),
  resolvedAt: ts('resolved_at'),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.groupId, t.memberId]}),
  index('moderation_verifications_due_idx').on(t.workspaceId, t.deadline).where(sql`state = 'pending'`),
]);

/**
 * Labelled texts the workspace's classifier is trained on: confirmed decisions and reports (spam),
 * undone decisions, accepted appeals and "not spam" (ham). One example per decision and label.
 */
export const moderationExamples = pgTable('moderation_examples', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  text: text('text').notNull(),
  label: text('label').notNull(),
  /** confirmed, undo, not_spam, appeal, report, import. */
  source: text('source').notNull(),
  decisionId: id('decision_id'),
  createdBy: id('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  uniqueIndex('moderation_examples_decision_key').on(t.workspaceId, t.decisionId).where(sql`decision_id is not null`),
]);
