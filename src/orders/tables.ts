/**
 * Tables of conversion (转化, issue #17 item 6): orders of members, imported from a shop system's
 * export (CSV, XLSX) or received through its signed webhook; the external customer ids and phone
 * numbers an operator mapped to members (Qunyun keeps no phone number of its own); the workspace's
 * order settings (the webhook's secret and address, the attribution window); and the cost of a
 * campaign, live code or group, against which revenue is set for ROI.
 * An order is stored once per workspace and order id (the unique key makes a webhook delivered
 * twice, or a file imported again, change nothing). Who or what an order is attributed to is not
 * stored: it is worked out when read (src/orders/attribution.ts), so a change of the window or a
 * newly mapped customer applies to every order at once.
 * Every primary and unique key starts with workspace_id (see src/db/schema.ts).
 */
import { bigint, bigserial, index, integer, pgTable, primaryKey, text, timestamp, unique } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const id = (name: string) => bigint(name, { mode: 'number' });

export const orders = pgTable('orders', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  /** The shop system's order id: once per workspace. */
  orderId: text('order_id').notNull(),
  amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
  currency: text('currency').notNull(),
  paidAt: ts('paid_at').notNull(),
  /** Who the shop says bought: any of these may be given. */
  platformUserId: text('platform_user_id'),
  phone: text('phone'),
  customerId: text('customer_id'),
  /** csv, xlsx or webhook. */
  via: text('via').notNull(),
  /** The member matched (null: unmatched, listed for an operator to map). */
  memberId: id('member_id'),
  /** How it was matched: platform_user_id, phone or customer_id; null when unmatched. */
  matchedBy: text('matched_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  unique('orders_order_key').on(t.workspaceId, t.orderId),
  index('orders_paid_idx').on(t.workspaceId, t.paidAt),
  index('orders_member_idx').on(t.workspaceId, t.memberId, t.paidAt),
]);

/** An external customer id or a phone number an operator mapped to a member. */
export const orderCustomers = pgTable('order_customers', {
  workspaceId: id('workspace_id').notNull(),
  /** customer_id or phone (digits only, without +86). */
  kind: text('kind').notNull(),
  value: text('value').notNull(),
  memberId: id('member_id').notNull(),
  createdBy: id('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.kind, t.value] })]);

/** The workspace's order webhook (address key and secret) and attribution window. */
export const orderSettings = pgTable('order_settings', {
  workspaceId: id('workspace_id').primaryKey(),
  /** The webhook's address is /webhooks/orders/<key>: random, not the secret. */
  webhookKey: text('webhook_key').notNull(),
  webhookSecret: text('webhook_secret').notNull(),
  /** Touches (push, join by code, referral) count for an order placed within this many days after them. */
  windowDays: integer('window_days').notNull().default(30),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [unique('order_settings_webhook_key').on(t.webhookKey)]);

/** What a campaign, live code or group cost (ads, rewards, staff time), for ROI. */
export const orderCosts = pgTable('order_costs', {
  workspaceId: id('workspace_id').notNull(),
  /** campaign, code or group. */
  kind: text('kind').notNull(),
  targetId: id('target_id').notNull(),
  costCents: bigint('cost_cents', { mode: 'number' }).notNull(),
  note: text('note'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.kind, t.targetId] })]);
