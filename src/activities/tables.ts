/**
 * Tables of activities (check-ins, polls, quizzes, draws) and of trust levels and KOLs. Every
 * primary and unique key starts with workspace_id (src/db/schema.ts explains why). Effects that
 * must happen once (a check-in per member and day, an entry per member and activity, a streak
 * milestone) are unique rows written with `on conflict do nothing`.
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const id = (name: string) => bigint(name, { mode: 'number' });

/**
 * An activity in a group: a poll, a quiz or a draw (check-ins need no row: they are always on,
 * with the workspace's rules). A draw's seed is kept here from its opening (only its SHA-256,
 * `commitment`, is shown and posted) and revealed with the result.
 */
export const activities = pgTable('activities', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  groupId: id('group_id').notNull(),
  /** poll, quiz or draw. */
  kind: text('kind').notNull(),
  title: text('title').notNull(),
  /** Kind-specific: options, questions, keyword, winners, totalCents, eligibility. */
  config: jsonb('config').notNull().default({}),
  /** open or closed. */
  state: text('state').notNull().default('open'),
  commitment: text('commitment'),
  seed: text('seed'),
  result: jsonb('result'),
  createdBy: id('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  closesAt: ts('closes_at'),
  closedAt: ts('closed_at'),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  index('activities_group_idx').on(t.workspaceId, t.groupId, t.createdAt),
  index('activities_open_idx').on(t.workspaceId, t.groupId).where(sql`state = 'open'`),
]);

/** What members sent to an activity: a vote, a quiz answer (one row per question), a draw entry. */
export const activityEntries = pgTable('activity_entries', {
  workspaceId: id('workspace_id').notNull(),
  activityId: id('activity_id').notNull(),
  memberId: id('member_id').notNull(),
  /** Quiz question index; 0 for polls and draws. */
  question: integer('question').notNull().default(0),
  /** Chosen option (polls, quizzes); null for a draw entry. */
  choice: integer('choice'),
  at: ts('at').notNull(),
  messageId: text('message_id'),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.activityId, t.memberId, t.question] })]);

/** Days a member checked in to a group (kind checkin) or filled with a make-up card (kind makeup, used_on = when). */
export const checkins = pgTable('checkins', {
  workspaceId: id('workspace_id').notNull(),
  groupId: id('group_id').notNull(),
  memberId: id('member_id').notNull(),
  day: date('day', { mode: 'string' }).notNull(),
  kind: text('kind').notNull(),
  usedOn: date('used_on', { mode: 'string' }),
  at: ts('at').notNull(),
  /** The streak after this check-in, as it was announced. */
  streak: integer('streak').notNull(),
  messageId: text('message_id'),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.groupId, t.memberId, t.day] }),
  index('checkins_day_idx').on(t.workspaceId, t.groupId, t.day),
]);

/**
 * Activity events automation may react to ("streak reached N"), kept as rows once each: the
 * automation engine (h/automation) reads them or receives them through its emit hook at merge.
 */
export const activityEvents = pgTable('activity_events', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  /** streak_reached, draw_closed, … */
  kind: text('kind').notNull(),
  groupId: id('group_id').notNull(),
  memberId: id('member_id'),
  value: integer('value').notNull().default(0),
  /** What makes it unique: e.g. the day of the check-in that reached the streak. */
  dedupe: text('dedupe').notNull(),
  at: ts('at').notNull(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  unique('activity_events_dedupe_key').on(t.workspaceId, t.kind, t.groupId, t.dedupe),
]);

/** A member's trust level now, the facts it was computed from and the reasons (src/activities/trust.ts). */
export const trustLevels = pgTable('trust_levels', {
  workspaceId: id('workspace_id').notNull(),
  memberId: id('member_id').notNull(),
  level: integer('level').notNull(),
  facts: jsonb('facts').notNull(),
  reasons: jsonb('reasons').notNull(),
  evaluatedAt: ts('evaluated_at').notNull(),
  changedAt: ts('changed_at').notNull(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.memberId] }), index('trust_levels_level_idx').on(t.workspaceId, t.level)]);

/** Every promotion and demotion, with its reasons. */
export const trustChanges = pgTable('trust_changes', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  memberId: id('member_id').notNull(),
  fromLevel: integer('from_level').notNull(),
  toLevel: integer('to_level').notNull(),
  reasons: jsonb('reasons').notNull(),
  at: ts('at').notNull(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('trust_changes_member_idx').on(t.workspaceId, t.memberId, t.at)]);

/** KOLs and candidates, kept by the periodic review (src/activities/kol-store.ts). */
export const kols = pgTable('kols', {
  workspaceId: id('workspace_id').notNull(),
  memberId: id('member_id').notNull(),
  /** kol or eliminated. */
  status: text('status').notNull(),
  score: jsonb('score').notNull(),
  reasons: jsonb('reasons').notNull(),
  since: ts('since').notNull(),
  reviewedAt: ts('reviewed_at').notNull(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.memberId] })]);

/** Tasks given to a KOL (start a topic, answer newcomers…) and the reward points for doing them. */
export const kolTasks = pgTable('kol_tasks', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  memberId: id('member_id').notNull(),
  title: text('title').notNull(),
  dueAt: ts('due_at').notNull(),
  doneAt: ts('done_at'),
  rewardPoints: integer('reward_points').notNull().default(0),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('kol_tasks_member_idx').on(t.workspaceId, t.memberId)]);
