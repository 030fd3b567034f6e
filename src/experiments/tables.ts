/**
 * Tables of A/B tests and holdouts (src/experiments): an experiment, its variants, and the arm of
 * each unit (a group or a member) with the members it targeted when it was sent — the outcome is
 * measured against that snapshot, not against whoever is in the group later.
 */
import { bigint, bigserial, doublePrecision, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const id = (name: string) => bigint(name, { mode: 'number' });

export const experiments = pgTable('experiments', {
  workspaceId: id('workspace_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  name: text('name').notNull(),
  /** What is randomised: 'group' (a post to the group) or 'member' (a private message). */
  unit: text('unit').notNull().default('group'),
  /** Salt of the hash buckets: each experiment divides the units independently of the others. */
  salt: text('salt').notNull(),
  holdoutShare: doublePrecision('holdout_share').notNull().default(0),
  /** The content category of the pushes (payload.category: frequency caps apply by it). */
  category: text('category').notNull().default('professional'),
  /** Responses count within this many hours after the send. */
  windowHours: integer('window_hours').notNull().default(24),
  alpha: doublePrecision('alpha').notNull().default(0.05),
  /** draft, running (sent), done. */
  status: text('status').notNull().default('draft'),
  startedAt: ts('started_at'),
  createdBy: id('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] })]);

export const experimentVariants = pgTable('experiment_variants', {
  workspaceId: id('workspace_id').notNull(),
  experimentId: id('experiment_id').notNull(),
  /** Order: the first is the control. */
  position: integer('position').notNull(),
  name: text('name').notNull(),
  text: text('text').notNull(),
  weight: doublePrecision('weight').notNull().default(1),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.experimentId, t.position] })]);

export const experimentAssignments = pgTable('experiment_assignments', {
  workspaceId: id('workspace_id').notNull(),
  experimentId: id('experiment_id').notNull(),
  unitId: id('unit_id').notNull(),
  /** A variant's name, or 'holdout'. */
  arm: text('arm').notNull(),
  /** The group the unit was reached in (the group itself, or the member's group). */
  groupId: id('group_id').notNull(),
  /** Members targeted at send time. */
  memberIds: bigint('member_ids', { mode: 'number' }).array().notNull(),
  sentAt: ts('sent_at').notNull(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.experimentId, t.unitId] })]);
