/**
 * The storage model. Every table carries workspace_id and every primary and unique key starts
 * with it, so the schema can later be distributed by workspace (Citus) without a rewrite.
 * Hot tables carry no foreign keys: ingest keeps them consistent and Citus would need every
 * foreign key to include the distribution column anyway.
 * Migrations are generated from this file with `npm run db:generate` (drizzle-kit) and kept in
 * src/db/migrations; the same SQL runs on PGlite and on Postgres 15+.
 */
import { sql } from 'drizzle-orm';
import {
  bigint, bigserial, boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const id = (name: string) => bigint(name, { mode: 'number' });

export const workspaces = pgTable('workspaces', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  /** IANA zone in which days and hours of the figures are counted. */
  timezone: text('timezone').notNull().default('Asia/Shanghai'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const staffUsers = pgTable('staff_users', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  email: text('email').notNull(),
  name: text('name').notNull(),
  role: text('role').notNull().default('operator'),
  passwordHash: text('password_hash'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  unique('staff_users_email_key').on(t.workspaceId, t.email),
]);

/** A configured connector: one bot, one corp, one sandbox account. */
export const platformAccounts = pgTable('platform_accounts', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  platform: text('platform').notNull(),
  externalId: text('external_id').notNull(),
  name: text('name').notNull(),
  config: jsonb('config').notNull().default({}),
  status: text('status').notNull().default('active'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  unique('platform_accounts_external_key').on(t.workspaceId, t.platform, t.externalId),
]);

export const groups = pgTable('groups', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  accountId: id('account_id').notNull(),
  platformGroupId: text('platform_group_id').notNull(),
  name: text('name').notNull(),
  capacity: integer('capacity').notNull().default(200),
  /** What the group is for: acquisition, sales, service, enablement, … */
  purpose: text('purpose').notNull().default('general'),
  /** 分层: traffic, basic, premium, … */
  layer: text('layer').notNull().default('basic'),
  status: text('status').notNull().default('active'),
  ownerStaffId: id('owner_staff_id'),
  createdAt: ts('created_at').notNull(),
  /** occurred_at of the last rename, so that an older rename delivered late does not win. */
  nameAt: ts('name_at'),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  unique('groups_platform_key').on(t.workspaceId, t.accountId, t.platformGroupId),
]);

/** One person per workspace, whatever platforms they are on. */
export const members = pgTable('members', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  displayName: text('display_name').notNull(),
  firstSeenAt: ts('first_seen_at').notNull(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] })]);

/** A platform user id linked to a member. */
export const memberIdentities = pgTable('member_identities', {
  workspaceId: id('workspace_id').notNull(),
  accountId: id('account_id').notNull(),
  platformUserId: text('platform_user_id').notNull(),
  memberId: id('member_id').notNull(),
  displayName: text('display_name').notNull(),
  isBot: boolean('is_bot').notNull().default(false),
  profileAt: ts('profile_at'),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.accountId, t.platformUserId] }),
  index('member_identities_member_idx').on(t.workspaceId, t.memberId),
]);

/**
 * A member's place in a group. Joins and leaves may arrive in any order: the latest by
 * occurred_at (state_at) decides whether the membership is active.
 */
export const memberships = pgTable('memberships', {
  workspaceId: id('workspace_id').notNull(),
  groupId: id('group_id').notNull(),
  memberId: id('member_id').notNull(),
  active: boolean('active').notNull(),
  firstJoinedAt: ts('first_joined_at'),
  joinedAt: ts('joined_at'),
  leftAt: ts('left_at'),
  stateAt: ts('state_at').notNull(),
  /** Where the join came from: qr_code, post, callback, invite, referral, … */
  source: text('source'),
  inviterMemberId: id('inviter_member_id'),
  staffId: text('staff_id'),
  inviteCode: text('invite_code'),
  leaveReason: text('leave_reason'),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.groupId, t.memberId] }),
  index('memberships_member_idx').on(t.workspaceId, t.memberId),
]);

/**
 * Append-only log of everything a connector reported, keyed by the platform's event id. It is also
 * where messages live: a message is stored once, as its event (see the `messages` view), with the
 * group and member resolved so that figures and reads need no second copy.
 */
export const events = pgTable('events', {
  workspaceId: id('workspace_id').notNull(),
  accountId: id('account_id').notNull(),
  platformEventId: text('platform_event_id').notNull(),
  type: text('type').notNull(),
  occurredAt: ts('occurred_at').notNull(),
  receivedAt: ts('received_at').notNull().default(sql`now()`),
  groupId: id('group_id').notNull(),
  /** The member the event is about: sender, joiner, leaver, reactor, … */
  memberId: id('member_id'),
  /** The platform message id, for message, edit, delete and reaction events. */
  messageId: text('message_id'),
  /** The whole normalized envelope, from which every projection can be rebuilt. */
  payload: jsonb('payload').notNull(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.accountId, t.platformEventId] }),
  index('events_group_time_idx').on(t.workspaceId, t.groupId, t.occurredAt),
  index('events_member_time_idx').on(t.workspaceId, t.memberId, t.occurredAt),
]);

/**
 * What happened to a message after it was posted: its latest edit, its deletion, its reactions.
 * Kept apart from the event so that a message arriving after its own edit still shows the edit.
 */
export const messageChanges = pgTable('message_changes', {
  workspaceId: id('workspace_id').notNull(),
  groupId: id('group_id').notNull(),
  messageId: text('message_id').notNull(),
  text: text('text'),
  editedAt: ts('edited_at'),
  deletedAt: ts('deleted_at'),
  reactions: integer('reactions').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.groupId, t.messageId] })]);

/** Events that failed validation, kept raw with the reason, for an operator to inspect or replay. */
export const deadLetters = pgTable('dead_letters', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  accountId: id('account_id').notNull(),
  receivedAt: ts('received_at').notNull().defaultNow(),
  reason: text('reason').notNull(),
  raw: jsonb('raw'),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] })]);

// Rollups, maintained by ingest from newly stored events only; rebuilt from the event log when
// their definition changes. Days and hours are counted in the workspace's time zone.

export const groupHourly = pgTable('group_hourly', {
  workspaceId: id('workspace_id').notNull(),
  groupId: id('group_id').notNull(),
  hour: timestamp('hour', { withTimezone: false, mode: 'string' }).notNull(),
  messages: integer('messages').notNull().default(0),
  joins: integer('joins').notNull().default(0),
  leaves: integer('leaves').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.groupId, t.hour] })]);

export const groupDaily = pgTable('group_daily', {
  workspaceId: id('workspace_id').notNull(),
  groupId: id('group_id').notNull(),
  day: date('day', { mode: 'string' }).notNull(),
  messages: integer('messages').notNull().default(0),
  joins: integer('joins').notNull().default(0),
  leaves: integer('leaves').notNull().default(0),
  reactions: integer('reactions').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.groupId, t.day] })]);

/**
 * The days a member wrote in a group: active members per day and week come from here. It records
 * presence, not counts, so that ingest writes a row only for a member's first message of the day
 * (a member's messages per day are counted from the events, member by member, when asked).
 */
export const memberGroupDaily = pgTable('member_group_daily', {
  workspaceId: id('workspace_id').notNull(),
  groupId: id('group_id').notNull(),
  day: date('day', { mode: 'string' }).notNull(),
  memberId: id('member_id').notNull(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.groupId, t.day, t.memberId] }),
  index('member_group_daily_member_idx').on(t.workspaceId, t.memberId, t.day),
]);

/** Joins of a group per day by source (qr_code, post, referral, …): acquisition by channel. */
export const groupJoinSources = pgTable('group_join_sources', {
  workspaceId: id('workspace_id').notNull(),
  groupId: id('group_id').notNull(),
  day: date('day', { mode: 'string' }).notNull(),
  source: text('source').notNull(),
  joins: integer('joins').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.groupId, t.day, t.source] })]);
