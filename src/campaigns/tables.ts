/**
 * Tables of referral campaigns (裂变): the campaign (kind, settings, stock, window, the live code
 * its links route through), participants (each with a personal link token), visits through a
 * participant's link (address and device only hashed), referrals (a friend who joined, with the
 * anti-fraud verdict and its reasons, and an operator's override) and rewards (once per member and
 * key: the unique key is what makes issuing exactly-once under retries and concurrent completions).
 * Every primary and unique key starts with workspace_id (see src/db/schema.ts).
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const id = (name: string) => bigint(name, { mode: 'number' });

export const campaigns = pgTable('campaigns', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  /** The public page is /k/<slug>, a participant's link /k/<slug>/<token>: random. */
  slug: text('slug').notNull(),
  /** The live code newcomers are routed through (its attribution names the inviting participant). */
  codeId: id('code_id').notNull(),
  name: text('name').notNull(),
  /** invite (送), help (帮), team (拼), cut (砍), coupon (券), rank (比). */
  kind: text('kind').notNull(),
  /** types.ts CampaignSettings: goal, tiers, eligibility, anti-fraud settings, … */
  settings: jsonb('settings').notNull(),
  /** Rewards left; never below zero (taken under the row lock by what it covers: store.ts issueRewards). */
  stock: integer('stock').notNull(),
  stockTotal: integer('stock_total').notNull(),
  startsAt: ts('starts_at').notNull(),
  endsAt: ts('ends_at'),
  /** active, paused or ended. */
  status: text('status').notNull().default('active'),
  /** The poster's colour theme (campaign art). */
  art: text('art').notNull().default('red'),
  createdBy: id('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  unique('campaigns_slug_key').on(t.workspaceId, t.slug),
  index('campaigns_slug_idx').on(t.slug),
  index('campaigns_code_idx').on(t.workspaceId, t.codeId),
]);

export const campaignParticipants = pgTable('campaign_participants', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  campaignId: id('campaign_id').notNull(),
  memberId: id('member_id').notNull(),
  /** The name on the poster and the leaderboard (shown as given: a display name, never an id). */
  name: text('name').notNull(),
  /** The personal link's token: /k/<slug>/<token>. */
  token: text('token').notNull(),
  /** The participant's own device (hashed), when they started from a browser: self-invites from it are refused. */
  deviceHash: text('device_hash'),
  startedAt: ts('started_at').notNull().defaultNow(),
  /** When the participant reached the goal (leaderboard ties). */
  reachedAt: ts('reached_at'),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  unique('campaign_participants_member_key').on(t.workspaceId, t.campaignId, t.memberId),
  unique('campaign_participants_token_key').on(t.workspaceId, t.token),
  index('campaign_participants_token_idx').on(t.token),
]);

/** A visit through a participant's link, and the seat the live code gave the visitor. */
export const campaignVisits = pgTable('campaign_visits', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  campaignId: id('campaign_id').notNull(),
  participantId: id('participant_id').notNull(),
  visitor: text('visitor'),
  ipHash: text('ip_hash'),
  deviceHash: text('device_hash'),
  reservationId: id('reservation_id'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  index('campaign_visits_reservation_idx').on(t.workspaceId, t.reservationId),
  index('campaign_visits_campaign_idx').on(t.workspaceId, t.campaignId, t.createdAt),
]);

/** A friend who joined through a participant's link: once per campaign and friend. */
export const campaignReferrals = pgTable('campaign_referrals', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  campaignId: id('campaign_id').notNull(),
  participantId: id('participant_id').notNull(),
  inviterMemberId: id('inviter_member_id').notNull(),
  inviteeMemberId: id('invitee_member_id').notNull(),
  groupId: id('group_id').notNull(),
  joinedAt: ts('joined_at').notNull(),
  leftAt: ts('left_at'),
  spokeAt: ts('spoke_at'),
  ipHash: text('ip_hash'),
  deviceHash: text('device_hash'),
  /** fraud.ts ReferralStatus: pending, credited, withdrawn, held, rejected. */
  status: text('status').notNull().default('pending'),
  /** The rules' reasons ([{rule, code, params, text}]: fraud.ts Reason) behind the status. */
  reasons: jsonb('reasons').notNull().default([]),
  /** An operator's decision (credited or rejected), which the rules no longer change. */
  override: text('override'),
  decidedBy: id('decided_by'),
  decidedAt: ts('decided_at'),
  note: text('note'),
  creditedAt: ts('credited_at'),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  unique('campaign_referrals_invitee_key').on(t.workspaceId, t.campaignId, t.inviteeMemberId),
  index('campaign_referrals_participant_idx').on(t.workspaceId, t.participantId, t.joinedAt),
  index('campaign_referrals_ip_idx').on(t.workspaceId, t.campaignId, t.ipHash),
  index('campaign_referrals_device_idx').on(t.workspaceId, t.campaignId, t.deviceHash),
  index('campaign_referrals_invitee_idx').on(t.workspaceId, t.inviteeMemberId),
  /** The campaign's latest friends (the silence normal among them: silent friends, fraud.ts). */
  index('campaign_referrals_joined_idx').on(t.workspaceId, t.campaignId, t.joinedAt),
  index('campaign_referrals_open_idx').on(t.workspaceId, t.campaignId).where(sql`status in ('pending', 'held') and override is null`),
]);

/** A reward: once per campaign, member and key (tier:3, coupon:2, rank:1, friend). */
export const campaignRewards = pgTable('campaign_rewards', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  campaignId: id('campaign_id').notNull(),
  memberId: id('member_id').notNull(),
  /** The participant it rewards (null: a friend's own reward, 送). */
  participantId: id('participant_id'),
  key: text('key').notNull(),
  reward: text('reward').notNull(),
  /** issued, held (suspect inviter: for review), rejected (stock given back), out_of_stock. */
  status: text('status').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  decidedBy: id('decided_by'),
  decidedAt: ts('decided_at'),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  unique('campaign_rewards_key').on(t.workspaceId, t.campaignId, t.memberId, t.key),
  index('campaign_rewards_campaign_idx').on(t.workspaceId, t.campaignId, t.status),
]);
