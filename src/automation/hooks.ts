/**
 * What other features plug into automation, as small typed registries:
 * - an activity starter (src/activities registers one): the `start_activity` action calls it in
 *   the execution's transaction, with the action's idempotency key;
 * - a trust-level source (trust levels register one): the `trust_level` condition reads it;
 *   without one, the condition does not hold (a rule never assumes a level it cannot know).
 * Activity events come the other way: see emitAutomationEvent in engine.ts.
 */
import type { Queryable } from '../db/database.ts';

export interface ActivityStart {
  /** The idempotency key of this action: starting twice with one key must start once. */
  key: string;
  activity: string;
  params: Record<string, unknown>;
  groupId: number;
  memberId: number | null;
  /** e.g. automation:rule:12:v3 */
  origin: string;
}

export type ActivityStarter = (tx: Queryable, workspaceId: number, start: ActivityStart) => Promise<{ started: boolean; detail?: string }>;
export type TrustLevelSource = (tx: Queryable, workspaceId: number, memberIds: readonly number[]) => Promise<Map<number, number>>;

let activityStarter: ActivityStarter | null = null;
let trustLevelSource: TrustLevelSource | null = null;

export function registerActivityStarter(fn: ActivityStarter | null): void { activityStarter = fn; }
export function registerTrustLevelSource(fn: TrustLevelSource | null): void { trustLevelSource = fn; }
export function currentActivityStarter(): ActivityStarter | null { return activityStarter; }
export function currentTrustLevelSource(): TrustLevelSource | null { return trustLevelSource; }
