/**
 * Settings an owner or admin may change per workspace, stored in workspaces.settings (jsonb) and
 * read with these defaults filled in, so that a stored value only records a change.
 *
 * Health of a group (docs/console-api.md), decided in this order:
 * - full:    size ≥ fullRatio × capacity (default 95%): open the next group of the series;
 * - silent:  no message for silentDays (default 7): about 80% of new groups die this way;
 * - quiet:   fewer than quietMessagesPerDay messages a day on average over the last 7 days (default 5);
 * - healthy: otherwise.
 *
 * Stage of a group in its life (docs/group-stage.md), from its age, size and the trend of its
 * activity, decided in this order:
 * - dormant:   no message for dormantDays (default 30: "about 80% of new groups go silent within a
 *              month"), judged at today; a group measured at its last activity (no event for 30
 *              days) is dormant;
 * - new:       younger than newDays (default 30: the cold start, whose checkpoints are the first
 *              day, week and month; a group that survives its first month usually lives long);
 * - declining: messages of the last 7 days at most (1 − trendShare) × the weekly average of the 3
 *              weeks before, or members down by sizeShare or more in 7 days (net leaves);
 * - growing:   messages of the last 7 days at least (1 + trendShare) × that average, or members
 *              up by sizeShare or more in 7 days (net joins);
 * - mature:    otherwise (steady).
 */
import { z } from 'zod';
import type { Queryable } from '../db/database.ts';

const healthFields = {
  fullRatio: z.number().min(0.1).max(1),
  silentDays: z.number().int().min(1).max(30),
  quietMessagesPerDay: z.number().min(0).max(10_000),
};
export const HealthSettings = z.object({
  fullRatio: healthFields.fullRatio.default(0.95),
  silentDays: healthFields.silentDays.default(7),
  quietMessagesPerDay: healthFields.quietMessagesPerDay.default(5),
});
/** A change of some thresholds: the others keep their stored values (no defaults filled in here). */
export const HealthSettingsPatch = z.object(healthFields).partial();

const stageFields = {
  newDays: z.number().int().min(1).max(365),
  dormantDays: z.number().int().min(1).max(30),
  trendShare: z.number().min(0.05).max(1),
  sizeShare: z.number().min(0.01).max(1),
};
export const StageSettings = z.object({
  newDays: stageFields.newDays.default(30),
  dormantDays: stageFields.dormantDays.default(30),
  trendShare: stageFields.trendShare.default(0.3),
  sizeShare: stageFields.sizeShare.default(0.1),
});
export const StageSettingsPatch = z.object(stageFields).partial();
export const DEFAULT_STAGE_SETTINGS: StageSettings = { newDays: 30, dormantDays: 30, trendShare: 0.3, sizeShare: 0.1 };

export const WorkspaceSettings = z.object({
  health: HealthSettings.default({ fullRatio: 0.95, silentDays: 7, quietMessagesPerDay: 5 }),
  stage: StageSettings.default(DEFAULT_STAGE_SETTINGS),
});
export type WorkspaceSettings = z.infer<typeof WorkspaceSettings>;
export type HealthSettings = z.infer<typeof HealthSettings>;
export type StageSettings = z.infer<typeof StageSettings>;

/** The workspace's settings with defaults; a stored value that no longer validates falls back to them. */
export async function workspaceSettings(db: Queryable, workspaceId: number): Promise<WorkspaceSettings> {
  const rows = await db.query<{ settings: unknown }>('select settings from workspaces where id = $1', [workspaceId]);
  const parsed = WorkspaceSettings.safeParse(rows[0]?.settings ?? {});
  return parsed.success ? parsed.data : WorkspaceSettings.parse({});
}
