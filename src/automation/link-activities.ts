/**
 * Automation and activities joined (issue #14): a rule's `start_activity` creates an activity,
 * the `trust_level` condition reads the trust levels, and activity events (a streak reached, a
 * draw closed) run the rules with an `activity` trigger, in the transaction that recorded them.
 * Imported for its effect by src/jobs/reactors.ts, which every Qunyun process loads.
 */
import { startActivityFromRule } from '../activities/automation-bridge.ts';
import { setActivityEventSink } from '../activities/store.ts';
import { trustLevelsOf } from '../activities/trust-store.ts';
import { emitAutomationEvent } from './engine.ts';
import { registerActivityStarter, registerTrustLevelSource } from './hooks.ts';

registerActivityStarter(startActivityFromRule);
registerTrustLevelSource(trustLevelsOf);
setActivityEventSink(async (tx, workspaceId, e) => {
  await emitAutomationEvent(tx, workspaceId, { name: e.name, groupId: e.groupId, memberId: e.memberId, data: { value: e.value }, key: e.key });
});
