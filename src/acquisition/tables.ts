/**
 * Tables of acquisition (拉新): live codes (one stable link/QR code that routes each newcomer to a
 * group with room, or to a staff member), the groups and staff behind each code, reservations
 * (a newcomer routed and expected to join), attributions (a join credited to a code, source, staff
 * and inviter, once), entry thresholds (form answers, poster proofs, approvals, paid orders).
 * Every primary and unique key starts with workspace_id (see src/db/schema.ts).
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const id = (name: string) => bigint(name, { mode: 'number' });

/** A live code: kind 'group' (群活码) routes to groups, kind 'staff' (渠道活码) to staff members. */
export const liveCodes = pgTable('live_codes', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  /** The public page is /c/<slug>: random, so one code cannot be guessed from another. */
  slug: text('slug').notNull(),
  kind: text('kind').notNull().default('group'),
  name: text('name').notNull(),
  /** The default source of its joins (a visitor's ?s= overrides it): shop, poster, callback, post, … */
  source: text('source').notNull(),
  /** active or paused. */
  status: text('status').notNull().default('active'),
  expiresAt: ts('expires_at'),
  /** fill_first, round_robin or by_source. */
  rule: text('rule').notNull().default('fill_first'),
  firstPhase: integer('first_phase').notNull().default(100),
  sweetSpotMin: integer('sweet_spot_min').notNull().default(150),
  sweetSpotMax: integer('sweet_spot_max').notNull().default(200),
  hardCap: integer('hard_cap').notNull().default(350),
  /** The template the next group is opened from (src/acquisition/types.ts GroupTemplate), or null. */
  template: jsonb('template'),
  /** The entry threshold (types.ts Threshold): none, form, poster, approval or paid. */
  threshold: jsonb('threshold').notNull().default({ kind: 'none' }),
  /** Staff codes: working hours (workspace zone) and the tags applied on arrival. */
  staffSettings: jsonb('staff_settings'),
  /** The staff user credited with joins that carry no staff of their own. */
  staffUserId: id('staff_user_id'),
  /** Credit per attributed join still in the group after retentionDays (staff statements). */
  creditPerJoin: integer('credit_per_join').notNull().default(1),
  retentionDays: integer('retention_days').notNull().default(7),
  /** Secret of the shop system's signed order webhook (paid thresholds). */
  webhookSecret: text('webhook_secret').notNull(),
  /** Set while a new group is being opened (or an operator task asks for one), so it is asked once. */
  openingSince: ts('opening_since'),
  createdBy: id('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  unique('live_codes_slug_key').on(t.workspaceId, t.slug),
  index('live_codes_slug_idx').on(t.slug),
]);

/**
 * The groups behind a group code. `load` is what the cap is checked against: the members the group
 * had when it joined the pool, plus every newcomer routed to it and the seats processes leased and
 * have not handed out yet (live_code_leases), less reservations that expired unused and attributed
 * members who left. Routing raises it with one conditional update (`load < limit`), so two
 * processes can never both take the last seat.
 */
export const liveCodeGroups = pgTable('live_code_groups', {
  workspaceId: id('workspace_id').notNull(),
  codeId: id('code_id').notNull(),
  groupId: id('group_id').notNull(),
  position: integer('position').notNull(),
  /** by_source: the source this group is for (null: any). */
  source: text('source'),
  /** The group's own cap: the code's hard cap, never above the platform's limit for the group. */
  cap: integer('cap').notNull(),
  load: integer('load').notNull().default(0),
  /** Newcomers ever routed here (round-robin sends the next one to the least routed). */
  routed: integer('routed').notNull().default(0),
  /** The platform link or join-way QR the page hands out, and when the platform expires it. */
  linkUrl: text('link_url'),
  linkCode: text('link_code'),
  linkExpiresAt: ts('link_expires_at'),
  /** open, or closed (taken out of routing by an operator or dismissed). */
  status: text('status').notNull().default('open'),
  /** Whether the code opened this group from its template. */
  opened: boolean('opened').notNull().default(false),
  addedAt: ts('added_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.codeId, t.groupId] })]);

/**
 * Seats a process has taken from a pool group's load in advance and not handed out yet (seat
 * leases, seat-batches.ts): under a busy code a process raises a group's load by a block of seats in
 * one short statement and then seats newcomers from the block without locking the group's row. A
 * process gives its unused seats back when idle, on a pool or code change and on shutdown; the
 * upkeep job gives back the seats of leases not used before `expires_at` (a process that crashed).
 * `holder` names the process's batcher (random per process and code). No index but the key: a busy
 * code updates its lease row for every batch (hundreds a second), and with no index on a column the
 * update changes Postgres keeps it on its page (a HOT update: no new index entries, no bloat of a hot
 * row's index); the upkeep's scan for expired leases reads a table of a few rows per process.
 */
export const liveCodeLeases = pgTable('live_code_leases', {
  workspaceId: id('workspace_id').notNull(),
  codeId: id('code_id').notNull(),
  groupId: id('group_id').notNull(),
  holder: text('holder').notNull(),
  seats: integer('seats').notNull(),
  expiresAt: ts('expires_at').notNull(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.codeId, t.groupId, t.holder] }),
]);

/** The staff members behind a staff code, each with a WeCom contact way (联系我) of their own. */
export const liveCodeStaff = pgTable('live_code_staff', {
  workspaceId: id('workspace_id').notNull(),
  codeId: id('code_id').notNull(),
  staffUserId: id('staff_user_id').notNull(),
  /** The staff member's WeCom userid (the contact way's user). */
  platformUserId: text('platform_user_id').notNull(),
  dailyCap: integer('daily_cap').notNull().default(50),
  /** Backup staff take newcomers only when no regular one can (hours, caps). */
  backup: boolean('backup').notNull().default(false),
  position: integer('position').notNull(),
  contactUrl: text('contact_url'),
  contactConfigId: text('contact_config_id'),
  contactState: text('contact_state'),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.codeId, t.staffUserId] })]);

/** Newcomers routed to each staff member per day (workspace zone), against the daily cap. */
export const liveCodeStaffDaily = pgTable('live_code_staff_daily', {
  workspaceId: id('workspace_id').notNull(),
  codeId: id('code_id').notNull(),
  staffUserId: id('staff_user_id').notNull(),
  day: date('day', { mode: 'string' }).notNull(),
  routed: integer('routed').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.codeId, t.staffUserId, t.day] })]);

/** A newcomer routed by a code: expected to join `group_id` (or add `staff_user_id`) soon. */
export const codeReservations = pgTable('code_reservations', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  codeId: id('code_id').notNull(),
  groupId: id('group_id'),
  staffUserId: id('staff_user_id'),
  source: text('source').notNull(),
  /** The threshold entry the visitor passed, if the code has one. */
  entryId: id('entry_id'),
  /** The visitor's browser token: opening the page again returns the same reservation. */
  visitor: text('visitor'),
  /** pending, joined or expired. */
  state: text('state').notNull().default('pending'),
  createdAt: ts('created_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(),
  memberId: id('member_id'),
  /** The member whose referral link (a campaign's, src/campaigns) sent the visitor, if any. */
  inviterMemberId: id('inviter_member_id'),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  index('code_reservations_visitor_idx').on(t.workspaceId, t.codeId, t.visitor).where(sql`state = 'pending'`),
  // A group's pending seats, oldest first (attribution). Only seats in a group: so the planner can
  // never take it for a visitor's seat (which names no group), as it did on a table not analyzed yet,
  // scanning every pending seat of the code for each visitor of a routing batch (seat-batches.ts).
  index('code_reservations_pending_idx').on(t.workspaceId, t.codeId, t.groupId, t.createdAt).where(sql`state = 'pending' and group_id is not null`),
]);

/** A join credited to a code: once per member and group (a re-join is not credited again). */
export const codeAttributions = pgTable('code_attributions', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  codeId: id('code_id').notNull(),
  groupId: id('group_id').notNull(),
  memberId: id('member_id').notNull(),
  source: text('source').notNull(),
  staffUserId: id('staff_user_id'),
  inviterMemberId: id('inviter_member_id'),
  reservationId: id('reservation_id'),
  eventSeq: bigint('event_seq', { mode: 'number' }).notNull(),
  joinedAt: ts('joined_at').notNull(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  unique('code_attributions_member_key').on(t.workspaceId, t.groupId, t.memberId),
  index('code_attributions_code_idx').on(t.workspaceId, t.codeId, t.joinedAt),
]);

/**
 * A visitor's way through a code's threshold (门槛): form answers, a poster screenshot, a request
 * for approval, or an order. `token` is the visitor's own (kept in their browser) and lets them in
 * once the entry is passed.
 */
export const codeEntries = pgTable('code_entries', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  codeId: id('code_id').notNull(),
  token: text('token').notNull(),
  kind: text('kind').notNull(),
  /** pending, passed or rejected. */
  status: text('status').notNull().default('pending'),
  name: text('name').notNull().default(''),
  answers: jsonb('answers').notNull().default({}),
  /** Tags the answers give the member when they join. */
  tags: jsonb('tags').notNull().default([]),
  proofBase64: text('proof_base64'),
  proofType: text('proof_type'),
  orderId: text('order_id'),
  decidedBy: id('decided_by'),
  decidedAt: ts('decided_at'),
  note: text('note'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  unique('code_entries_token_key').on(t.workspaceId, t.token),
  index('code_entries_pending_idx').on(t.workspaceId, t.createdAt).where(sql`status = 'pending'`),
]);

/** Orders a shop system confirmed (signed webhook) or an admin entered by hand: once per order id. */
export const codeOrders = pgTable('code_orders', {
  workspaceId: id('workspace_id').notNull(),
  codeId: id('code_id').notNull(),
  orderId: text('order_id').notNull(),
  entryId: id('entry_id').notNull(),
  amountCents: integer('amount_cents').notNull(),
  currency: text('currency').notNull(),
  paidAt: ts('paid_at').notNull(),
  /** webhook or hand. */
  via: text('via').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.codeId, t.orderId] })]);

/** Operator tasks a code raises where the platform cannot act (open a group on Telegram, WeCom). */
export const codeTasks = pgTable('code_tasks', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  codeId: id('code_id').notNull(),
  kind: text('kind').notNull(),
  text: text('text').notNull(),
  /** open or done. */
  status: text('status').notNull().default('open'),
  createdAt: ts('created_at').notNull().defaultNow(),
  doneAt: ts('done_at'),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  index('code_tasks_open_idx').on(t.workspaceId, t.codeId).where(sql`status = 'open'`),
]);

/**
 * A WeCom customer added a staff member through a staff code's contact way (the add_external_contact
 * callback whose State is the way's): once per code and customer, however often WeCom calls back.
 * The staff code's arrival tags are kept here (and on the member when Qunyun knows them).
 */
export const codeContactArrivals = pgTable('code_contact_arrivals', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  codeId: id('code_id').notNull(),
  staffUserId: id('staff_user_id').notNull(),
  accountId: id('account_id').notNull(),
  /** The staff member's WeCom userid (UserID of the callback). */
  platformUserId: text('platform_user_id').notNull(),
  /** The customer's external_userid (ExternalUserID). */
  externalUserId: text('external_user_id').notNull(),
  state: text('state').notNull(),
  source: text('source').notNull(),
  tags: jsonb('tags').notNull().default([]),
  reservationId: id('reservation_id'),
  memberId: id('member_id'),
  arrivedAt: ts('arrived_at').notNull(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  unique('code_contact_arrivals_contact_key').on(t.workspaceId, t.codeId, t.externalUserId),
  index('code_contact_arrivals_code_idx').on(t.workspaceId, t.codeId, t.arrivedAt),
]);
