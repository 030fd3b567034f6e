/**
 * Settings an owner or admin may change per workspace, stored in workspaces.settings (jsonb) and
 * read with these defaults filled in, so that a stored value only records a change.
 *
 * Health of a group (docs/console-api.md), decided in this order:
 * - full:    size ≥ fullRatio × capacity (default 95%): open the next group of the series;
 * - silent:  no message for silentDays (default 7): about 80% of new groups die this way;
 * - quiet:   fewer than quietMessagesPerDay messages a day on average over the last 7 days (default 5);
 * - healthy: otherwise.
 */
import { z } from 'zod';
import type { Queryable } from '../db/database.ts';

export const HealthSettings = z.object({
  fullRatio: z.number().min(0.1).max(1).default(0.95),
  silentDays: z.number().int().min(1).max(30).default(7),
  quietMessagesPerDay: z.number().min(0).max(10_000).default(5),
});

export const WorkspaceSettings = z.object({
  health: HealthSettings.default({ fullRatio: 0.95, silentDays: 7, quietMessagesPerDay: 5 }),
});
export type WorkspaceSettings = z.infer<typeof WorkspaceSettings>;
export type HealthSettings = z.infer<typeof HealthSettings>;

/** The workspace's settings with defaults; a stored value that no longer validates falls back to them. */
export async function workspaceSettings(db: Queryable, workspaceId: number): Promise<WorkspaceSettings> {
  const rows = await db.query<{ settings: unknown }>('select settings from workspaces where id = $1', [workspaceId]);
  const parsed = WorkspaceSettings.safeParse(rows[0]?.settings ?? {});
  return parsed.success ? parsed.data : WorkspaceSettings.parse({});
}
