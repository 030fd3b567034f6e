/**
 * Tables of 复盘 (src/review): the stored reports. The four reads (engagement, retention,
 * funnels, health) scan weeks of the log and rollups: at 10M messages a compute takes seconds, so
 * each report is kept here once computed, per workspace, kind, scope (the groups the actor sees)
 * and parameters, and refreshed in the background like a BI dashboard (src/review/stored.ts).
 * Nothing here is touched by ingest or the projector.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const id = (name: string) => bigint(name, { mode: 'number' });

/**
 * One computed 复盘 report. `scope` is `workspace` (owners, admins, viewers, API keys) or
 * `groups:<sha256 of the sorted group ids>` (an operator's assigned groups: two actors seeing the
 * same groups share it); `params` the canonical JSON of range, grain, group and window.
 * `body` is the report's JSON text, null while the first compute runs: text rather than jsonb,
 * since it is only ever sent whole (a 1,000-group health report is megabytes; jsonb would be
 * parsed on every write and printed again on every read). `projectedSeq` and `today` are the workspace's
 * when the compute began: the report is fresh while both still hold, or for the refresh interval.
 * `refreshingUntil` is the claim of the one process computing it (a lease: a crash frees it).
 * `scopeUserId`: an operator whose groups the scope is, so that the worker can recompute it.
 */
export const reviewReports = pgTable('review_reports', {
  workspaceId: id('workspace_id').notNull(),
  kind: text('kind').notNull(),
  scope: text('scope').notNull(),
  params: text('params').notNull(),
  scopeUserId: id('scope_user_id'),
  body: text('body'),
  computedAt: ts('computed_at'),
  computeMs: id('compute_ms'),
  projectedSeq: bigint('projected_seq', { mode: 'number' }),
  today: date('today', { mode: 'string' }),
  readAt: ts('read_at').notNull().default(sql`now()`),
  /**
   * Asked for by a reader at least once (false: computed by the worker's warm-up and not read
   * since). The worker warms an operator's scope only once someone read a report of it.
   */
  read: boolean('read').notNull().default(true),
  refreshingUntil: ts('refreshing_until'),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.kind, t.scope, t.params] }),
  index('review_reports_read_idx').on(t.workspaceId, t.readAt),
]);
