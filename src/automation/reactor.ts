/**
 * The automation reactor: follows the event log (src/events/reactors.ts) and, in the
 * transaction that moves its cursor, runs the event-triggered rules (join, leave, message,
 * keyword) and records joins for the welcome ritual. Imported history is never acted on.
 */
import type { Reactor } from '../events/reactors.ts';
import { eventCandidates, evaluate, type StoredEvent } from './engine.ts';
import { welcomeReact } from './welcome-store.ts';

export const automationReactor: Reactor = {
  name: 'automation',
  types: ['join', 'leave', 'message'],
  async react(tx, workspaceId, events) {
    const stored = events as unknown as StoredEvent[];
    const now = new Date();
    const { candidates, groups } = await eventCandidates(tx, workspaceId, stored);
    if (candidates.length > 0) {
      const [ws] = await tx.query<{ timezone: string }>('select timezone from workspaces where id = $1', [workspaceId]);
      await evaluate(tx, workspaceId, candidates, { timezone: ws?.timezone ?? 'Asia/Shanghai', now, groups });
    }
    await welcomeReact(tx, workspaceId, stored, now);
  },
};
