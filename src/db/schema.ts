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
  /** Thresholds and options an owner may change (src/workspaces/settings.ts has the defaults). */
  settings: jsonb('settings').notNull().default({}),
  createdAt: ts('created_at').notNull().defaultNow(),
  /**
   * The event log's seq up to which the workspace's events are projected into rollups, memberships
   * and the rest (src/events/projector.ts): every event at or below it has had its effect, once.
   */
  projectedSeq: bigint('projected_seq', { mode: 'number' }).notNull().default(0),
  /**
   * Moves by one with every projected slice that wrote memberships (the projector is their only
   * writer), in the same transaction: figures computed from the memberships alone may be kept
   * under it (the overview's sizes, src/analytics/overview.ts) and are exact while it holds.
   */
  membershipsRev: bigint('memberships_rev', { mode: 'number' }).notNull().default(0),
  /**
   * Moves by one in the same transaction as every write of the rollups for a day before today (in
   * the workspace's zone, at the writing transaction's start): a late or imported event, a rebuild
   * (and its clearing). Figures of days before yesterday computed from the rollups may be kept under
   * it (an operator's daily writers, src/analytics/overview.ts) and are exact while it holds.
   */
  pastRollupsRev: bigint('past_rollups_rev', { mode: 'number' }).notNull().default(0),
});

/**
 * Login identities of the installation. Not tenant data: one person signs in once and may work in
 * several workspaces (workspace_staff), so users, sessions, known_devices and login_throttle are the
 * only tables not keyed by workspace. Emails are stored lower-cased; passwords only as argon2id hashes.
 */
export const users = pgTable('users', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  passwordHash: text('password_hash').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** A user's place in a workspace: owner, admin, operator or viewer. */
export const workspaceStaff = pgTable('workspace_staff', {
  workspaceId: id('workspace_id').notNull(),
  userId: id('user_id').notNull(),
  role: text('role').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.userId] }),
  index('workspace_staff_user_idx').on(t.userId),
]);

/** Signed-in browsers: the cookie holds a random token, this table only its SHA-256. */
export const sessions = pgTable('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  userId: id('user_id').notNull(),
  /** The workspace the session works in now (switchable among the user's workspaces). */
  workspaceId: id('workspace_id').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(),
  /** When expires_at was last pushed forward (sliding expiry), so that not every request writes. */
  renewedAt: ts('renewed_at').notNull().defaultNow(),
  ip: text('ip'),
  userAgent: text('user_agent'),
}, (t) => [index('sessions_user_idx').on(t.userId)]);

/**
 * Sign-in attempts per key (`ip:<address>`, `email:<address>` or `device:<token hash>`), kept in
 * the database so that a restart does not lift a lock-out. `failures` counts attempts reserved
 * before their password is checked (src/auth/throttle.ts); a success gives its slot back.
 */
export const loginThrottle = pgTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStart: ts('window_start').notNull(),
  lockedUntil: ts('locked_until'),
});

/**
 * Browsers a user has signed in from (src/auth/devices.ts): the `qy_device` cookie holds a random
 * token, this table its SHA-256. A known device may still sign in with the right password while
 * the account is locked out by someone else's guesses; its own failures count under its own key.
 */
export const knownDevices = pgTable('known_devices', {
  tokenHash: text('token_hash').primaryKey(),
  userId: id('user_id').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  lastUsedAt: ts('last_used_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(),
}, (t) => [index('known_devices_user_idx').on(t.userId)]);

/** A single-use, expiring invitation into a workspace; the link carries the token, this table its hash. */
export const staffInvites = pgTable('staff_invites', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  tokenHash: text('token_hash').notNull(),
  email: text('email').notNull(),
  role: text('role').notNull(),
  invitedBy: id('invited_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(),
  acceptedAt: ts('accepted_at'),
  acceptedUserId: id('accepted_user_id'),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  unique('staff_invites_token_key').on(t.workspaceId, t.tokenHash),
]);

/** Who did what, when, to what, from where (src/audit/record.ts). */
export const auditLog = pgTable('audit_log', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  at: ts('at').notNull().defaultNow(),
  actorUserId: id('actor_user_id'),
  action: text('action').notNull(),
  target: text('target').notNull(),
  detail: jsonb('detail'),
  ip: text('ip'),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  index('audit_log_time_idx').on(t.workspaceId, t.at),
]);

/** A configured connector: one bot, one corp, one sandbox account. */
export const platformAccounts = pgTable('platform_accounts', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  platform: text('platform').notNull(),
  externalId: text('external_id').notNull(),
  name: text('name').notNull(),
  config: jsonb('config').notNull().default({}),
  /** active, error (it could not start or lost its connection: see last_error) or disabled. */
  status: text('status').notNull().default('active'),
  createdAt: ts('created_at').notNull().defaultNow(),
  /** When the account's connector last had events stored; kept by the connector runtime. */
  lastEventAt: ts('last_event_at'),
  lastError: text('last_error'),
  /** What a connector must remember across restarts (e.g. the chat archive's seq); never secrets. */
  cursor: jsonb('cursor').notNull().default({}),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  unique('platform_accounts_external_key').on(t.workspaceId, t.platform, t.externalId),
]);

/**
 * Join requests of groups that need approval (Telegram's chat_join_request), kept by the connector
 * runtime until an operator decides them, and the decision after: a restart loses no pending
 * request, and a request decided once is not sent to the platform again. Ids are the platform's.
 */
export const joinRequests = pgTable('join_requests', {
  workspaceId: id('workspace_id').notNull(),
  accountId: id('account_id').notNull(),
  platformGroupId: text('platform_group_id').notNull(),
  platformUserId: text('platform_user_id').notNull(),
  name: text('name').notNull().default(''),
  requestedAt: ts('requested_at').notNull(),
  inviteCode: text('invite_code'),
  source: text('source'),
  bio: text('bio'),
  /** pending, approved or declined. */
  status: text('status').notNull().default('pending'),
  decidedAt: ts('decided_at'),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.accountId, t.platformGroupId, t.platformUserId] }),
  index('join_requests_pending_idx').on(t.workspaceId, t.accountId, t.requestedAt).where(sql`status = 'pending'`),
]);

/**
 * Posts operators made to a group through Qunyun. WeCom posts are mass-message tasks that a staff
 * member confirms in the WeCom client, so a post may be awaiting_confirmation rather than sent.
 */
export const pushes = pgTable('pushes', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  groupId: id('group_id').notNull(),
  accountId: id('account_id').notNull(),
  text: text('text').notNull(),
  /** sent, awaiting_confirmation or failed. */
  state: text('state').notNull(),
  platformMessageId: text('platform_message_id'),
  error: text('error'),
  /** The staff user who posted; null when it was not a person (a job, the CLI). */
  createdBy: id('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  index('pushes_group_idx').on(t.workspaceId, t.groupId, t.createdAt),
]);

/**
 * Invite links (Telegram) and join ways (WeCom) created through Qunyun. A join carries the
 * link's code back (memberships.invite_code), which attributes it to the link's source and staff.
 */
export const inviteLinks = pgTable('invite_links', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  groupId: id('group_id').notNull(),
  accountId: id('account_id').notNull(),
  /** What joins carry as their invite code: the link (Telegram), the join way's state (WeCom). */
  code: text('code').notNull(),
  url: text('url').notNull(),
  /** The platform's own id of the link, where it differs from code (WeCom's config_id). */
  platformLinkId: text('platform_link_id'),
  source: text('source').notNull(),
  name: text('name'),
  memberLimit: integer('member_limit'),
  requiresApproval: boolean('requires_approval').notNull().default(false),
  /** The staff user who made the link: the joins through it are theirs. */
  createdBy: id('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  unique('invite_links_code_key').on(t.workspaceId, t.groupId, t.code),
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
  /** The operator the group is assigned to (users.id); operators see only their groups. */
  ownerStaffId: id('owner_staff_id'),
  createdAt: ts('created_at').notNull(),
  /** occurred_at of the last rename, so that an older rename delivered late does not win. */
  nameAt: ts('name_at'),
  /** Active memberships, moved by the projector as joins, leaves and messages change them (a rebuild recounts). */
  memberCount: integer('member_count').notNull().default(0),
  /**
   * The last day (workspace zone) with a message, join, leave or reaction: its newest group_daily
   * day, kept by the rollups (src/events/rollups.ts). A group quiet for 30 days is measured there.
   */
  lastActiveDay: date('last_active_day', { mode: 'string' }),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  unique('groups_platform_key').on(t.workspaceId, t.accountId, t.platformGroupId),
  index('groups_operator_idx').on(t.workspaceId, t.ownerStaffId),
]);

/** Operators' labels on groups. */
export const groupTags = pgTable('group_tags', {
  workspaceId: id('workspace_id').notNull(),
  groupId: id('group_id').notNull(),
  tag: text('tag').notNull(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.groupId, t.tag] }),
  index('group_tags_tag_idx').on(t.workspaceId, t.tag),
]);

/** One person per workspace, whatever platforms they are on. */
export const members = pgTable('members', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  displayName: text('display_name').notNull(),
  firstSeenAt: ts('first_seen_at').notNull(),
  /**
   * When the person's data was erased (src/members/privacy.ts): the row stays, nameless, as the
   * anonymous placeholder that memberships, rollups and the event log still point to.
   */
  erasedAt: ts('erased_at'),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] })]);

/**
 * Platform identities whose person was erased, as a one-way hash of (workspace, account, platform
 * user id) only: ingest recognizes a later or re-delivered event of theirs by it, stores it without
 * text or names and attaches it to the placeholder member, so that nothing comes back.
 */
export const erasedIdentities = pgTable('erased_identities', {
  workspaceId: id('workspace_id').notNull(),
  accountId: id('account_id').notNull(),
  /** sha256 hex of `<workspace id>:<account id>:<platform user id>` (src/members/privacy.ts). */
  identityHash: text('identity_hash').notNull(),
  memberId: id('member_id').notNull(),
  erasedAt: ts('erased_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.accountId, t.identityHash] })]);

/** Operators' labels on members (interests, stage, persona); created_at feeds the member's timeline. */
export const memberTags = pgTable('member_tags', {
  workspaceId: id('workspace_id').notNull(),
  memberId: id('member_id').notNull(),
  tag: text('tag').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.memberId, t.tag] }),
  index('member_tags_tag_idx').on(t.workspaceId, t.tag),
]);

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
 * A member's place in a group, from their first join or message there (first_joined_at) until a
 * leave; a later join or message brings them back (src/events/projections.ts). Events may arrive
 * in any order: the latest by occurred_at decides whether the membership is active, and of a
 * leave and a join or message at the same time, the later stored.
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
  /**
   * Order of storing. Ingest stores a workspace's events one batch at a time (an advisory lock),
   * so a seq becomes visible only after every smaller seq of the workspace: the projector can
   * follow the log by seq and never skip an event (src/events/projector.ts).
   */
  seq: bigserial('seq', { mode: 'number' }).notNull(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.accountId, t.platformEventId] }),
  index('events_seq_idx').on(t.workspaceId, t.seq),
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

/**
 * Platform callbacks that were verified and acknowledged but could not be processed yet (the
 * platform's API was down when the group was re-read, the member list not updated yet): kept
 * decrypted, and retried by Qunyun with backoff, since WeCom does not retry an answered callback.
 * `key` (signature and nonce) makes a repeat of the same delivery one row.
 */
export const pendingCallbacks = pgTable('pending_callbacks', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  accountId: id('account_id').notNull(),
  key: text('key').notNull(),
  /** The platform's group the callback is about, for the operator and the log. */
  groupRef: text('group_ref'),
  /** The decrypted callback (WeCom: the plaintext XML). */
  payload: text('payload').notNull(),
  receivedAt: ts('received_at').notNull().defaultNow(),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: ts('next_attempt_at').notNull(),
  lastError: text('last_error'),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  unique('pending_callbacks_key').on(t.workspaceId, t.accountId, t.key),
  index('pending_callbacks_due_idx').on(t.workspaceId, t.accountId, t.nextAttemptAt),
]);

// Rollups, maintained by the projector from newly stored events only (src/events/projector.ts);
// rebuilt from the event log when their definition changes. Days are counted in the workspace's time zone.

export const groupDaily = pgTable('group_daily', {
  workspaceId: id('workspace_id').notNull(),
  groupId: id('group_id').notNull(),
  day: date('day', { mode: 'string' }).notNull(),
  messages: integer('messages').notNull().default(0),
  joins: integer('joins').notNull().default(0),
  leaves: integer('leaves').notNull().default(0),
  reactions: integer('reactions').notNull().default(0),
  /**
   * The members who wrote in the group that day, sorted: active members per day and week come
   * from here. One array per group and day instead of a row per member and day: a slice of the
   * log merges into a few hundred arrays rather than inserting and indexing thousands of rows.
   */
  activeMemberIds: bigint('active_member_ids', { mode: 'number' }).array().notNull().default(sql`'{}'::bigint[]`),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.groupId, t.day] })]);

/**
 * Messages per member, group and day (workspace zone): the 复盘 reads (src/review) take the
 * core members of a range (CHAOSS: who writes half the messages) and each writer's last day from
 * here, a range scan of this key, rather than counting the range's messages in the log.
 */
export const groupMemberDaily = pgTable('group_member_daily', {
  workspaceId: id('workspace_id').notNull(),
  groupId: id('group_id').notNull(),
  day: date('day', { mode: 'string' }).notNull(),
  memberId: id('member_id').notNull(),
  messages: integer('messages').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.groupId, t.day, t.memberId] })]);

/** Joins of a group per day by source (qr_code, post, referral, …): acquisition by channel. */
export const groupJoinSources = pgTable('group_join_sources', {
  workspaceId: id('workspace_id').notNull(),
  groupId: id('group_id').notNull(),
  day: date('day', { mode: 'string' }).notNull(),
  source: text('source').notNull(),
  joins: integer('joins').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.groupId, t.day, t.source] })]);

/** The whole workspace per day: the overview of owners, admins and viewers reads 2 × 30 rows. */
export const workspaceDaily = pgTable('workspace_daily', {
  workspaceId: id('workspace_id').notNull(),
  day: date('day', { mode: 'string' }).notNull(),
  messages: integer('messages').notNull().default(0),
  joins: integer('joins').notNull().default(0),
  leaves: integer('leaves').notNull().default(0),
  /** Distinct members who wrote that day, in any group. */
  activeMembers: integer('active_members').notNull().default(0),
  /** Distinct members who wrote in the 7 days ending that day (weekly actives). */
  activeMembers7d: integer('active_members_7d').notNull().default(0),
  /** Those members, sorted: the projector finds a member's other days around a new one here. */
  activeMemberIds: bigint('active_member_ids', { mode: 'number' }).array().notNull().default(sql`'{}'::bigint[]`),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.day] })]);

/**
 * The whole workspace per calendar month (days in its time zone; `month` is the month's first
 * day): the distinct members who wrote that month in any group, sorted, and their number (monthly
 * actives). Stored by the projector beside workspace_daily, so that a month-grain series over years
 * reads one row per month instead of recounting from the log.
 */
export const workspaceMonthly = pgTable('workspace_monthly', {
  workspaceId: id('workspace_id').notNull(),
  month: date('month', { mode: 'string' }).notNull(),
  activeMembers: integer('active_members').notNull().default(0),
  activeMemberIds: bigint('active_member_ids', { mode: 'number' }).array().notNull().default(sql`'{}'::bigint[]`),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.month] })]);

/**
 * The background recompute of a workspace's rollups after its time zone changed (src/jobs/
 * recompute.ts): one row per workspace, the latest run. `chunksDone` of `chunks` is the progress
 * the console shows ("recomputing 40%"); state is queued, running, done or failed.
 */
export const rollupRecomputes = pgTable('rollup_recomputes', {
  workspaceId: id('workspace_id').primaryKey(),
  timezone: text('timezone').notNull(),
  state: text('state').notNull(),
  chunksDone: integer('chunks_done').notNull().default(0),
  chunks: integer('chunks').notNull().default(0),
  requestedAt: ts('requested_at').notNull().defaultNow(),
  finishedAt: ts('finished_at'),
  error: text('error'),
});

/**
 * How far each reactor (src/events/reactors.ts) has answered a workspace's event log: every event
 * at or below `seq` has had the reactor's effect, once.
 */
export const reactorCursors = pgTable('reactor_cursors', {
  workspaceId: id('workspace_id').notNull(),
  reactor: text('reactor').notNull(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.reactor] })]);

export * from '../outbox/tables.ts';
export * from '../automation/tables.ts';
export * from '../activities/tables.ts';
export * from '../moderation/tables.ts';
export * from '../acquisition/tables.ts';
export * from '../pushes/tables.ts';
export * from '../members/tables.ts';
export * from '../experiments/tables.ts';
export * from '../content/tables.ts';
export * from '../campaigns/tables.ts';
export * from '../reports/tables.ts';
export * from '../orders/tables.ts';
export * from '../review/tables.ts';
