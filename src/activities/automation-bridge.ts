/**
 * What automation (src/automation, issue #14 items 1-2, built in parallel) needs from activities,
 * in the shapes its hooks take, so the merge is three registration lines:
 *   registerActivityStarter(startActivityFromRule)
 *   registerTrustLevelSource(trustLevelsOf)            (src/activities/trust-store.ts)
 *   setActivityEventSink((tx, ws, e) => emitAutomationEvent(tx, ws, { name: e.name, groupId: e.groupId,
 *     memberId: e.memberId, data: { value: e.value }, key: e.key }).then(() => undefined))
 * Until then activity events ("streak_reached", "draw_closed") are rows of activity_events.
 */
import type { Queryable } from '../db/database.ts';
import { NewActivity } from './config.ts';
import { createActivity } from './store.ts';

export interface ActivityStartRequest { key: string; activity: string; params: Record<string, unknown>; groupId: number; memberId: number | null; origin: string }

/** An automation rule's `start_activity` action: the params are an activity as the API takes it (kind from `activity`). */
export async function startActivityFromRule(tx: Queryable, workspaceId: number, start: ActivityStartRequest): Promise<{ started: boolean; detail?: string }> {
  const parsed = NewActivity.safeParse({ ...start.params, kind: start.activity, groupId: start.groupId });
  if (!parsed.success) return { started: false, detail: parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ') };
  const r = await createActivity(tx, workspaceId, parsed.data, { createdBy: null, origin: start.origin, key: start.key });
  return { started: r.created, detail: `activity ${r.id}` };
}
