/**
 * Tables of the content calendar (排期) and live sessions (src/content): planned entries that
 * post by themselves at their slot, the monthly plan, each operator's calendar feed and chat for
 * reminders, and live sessions with their script, budget and report.
 */
import { bigint, bigserial, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const id = (name: string) => bigint(name, { mode: 'number' });

/**
 * A planned task on the calendar: a post of `text` to every group of `layer` at `day` `slot`
 * (local time of the workspace), or a task for an operator (a KOL task, preparing a live session)
 * that only reminds. run_at is day + slot in the workspace's zone, kept when either moves.
 */
export const calendarEntries = pgTable('calendar_entries', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  day: date('day', { mode: 'string' }).notNull(),
  /** HH:MM */
  slot: text('slot').notNull(),
  runAt: ts('run_at').notNull(),
  /** The group layer (分层) it is for: traffic, basic, premium, … */
  layer: text('layer').notNull(),
  theme: text('theme').notNull(),
  /** post (runs by itself) or task (reminds its assignee). */
  kind: text('kind').notNull().default('post'),
  /** activity, hot, professional, product, … (payload.category of the outbox action). */
  category: text('category').notNull().default('professional'),
  text: text('text').notNull().default(''),
  assigneeUserId: id('assignee_user_id'),
  /** planned, done (posted or reminded), cancelled. */
  status: text('status').notNull().default('planned'),
  doneAt: ts('done_at'),
  /** When its assignee (or every operator) was reminded, in the console and their chat. */
  remindedAt: ts('reminded_at'),
  /** Groups posted to when it ran. */
  posted: integer('posted').notNull().default(0),
  createdBy: id('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  index('calendar_entries_due_idx').on(t.workspaceId, t.status, t.runAt),
  index('calendar_entries_day_idx').on(t.workspaceId, t.day),
]);

/** The monthly plan: the acquisition target, the topics, the weekly live session, KOL tasks. */
export const contentPlans = pgTable('content_plans', {
  workspaceId: id('workspace_id').notNull(),
  /** The month's first day. */
  month: date('month', { mode: 'string' }).notNull(),
  acquisitionTarget: integer('acquisition_target').notNull().default(0),
  /** { topics: string[], liveWeekday: 0..6, liveSlot: 'HH:MM', kolTasks: string[] } */
  plan: jsonb('plan').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.month] })]);

/**
 * Per operator: the secret of their iCal feed (only its SHA-256) and where to remind them in
 * chat (a member identity of theirs in a group the bot is in; null = console only).
 */
export const calendarOperators = pgTable('calendar_operators', {
  workspaceId: id('workspace_id').notNull(),
  userId: id('user_id').notNull(),
  feedTokenHash: text('feed_token_hash'),
  chatGroupId: id('chat_group_id'),
  chatMemberId: id('chat_member_id'),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.userId] }),
  unique('calendar_operators_feed_key').on(t.workspaceId, t.feedTokenHash),
]);

/**
 * A live session (直播/分享) in one or more groups: a script of steps posted at their offsets
 * from starts_at, within a message budget and a time budget; the report after it.
 */
export const liveSessions = pgTable('live_sessions', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  title: text('title').notNull(),
  groupIds: bigint('group_ids', { mode: 'number' }).array().notNull(),
  startsAt: ts('starts_at').notNull(),
  maxMessages: integer('max_messages').notNull().default(35),
  maxMinutes: integer('max_minutes').notNull().default(25),
  /** [{ kind, atMinute, messages: string[] }] (src/content/live.ts). */
  steps: jsonb('steps').notNull(),
  /** Steps enqueued so far (the runner's progress). */
  stepsPosted: integer('steps_posted').notNull().default(0),
  /** planned, running, done. */
  status: text('status').notNull().default('planned'),
  report: jsonb('report'),
  createdBy: id('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  index('live_sessions_due_idx').on(t.workspaceId, t.status, t.startsAt),
]);
