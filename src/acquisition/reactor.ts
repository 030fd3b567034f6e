/**
 * The acquisition reactor: joins and leaves of groups behind live codes, attributed and counted
 * against the codes' seats (attribution.ts), exactly once, behind the projector.
 */
import type { Reactor } from '../events/reactors.ts';
import { attributeEvents } from './attribution.ts';

export const acquisitionReactor: Reactor = {
  name: 'acquisition',
  types: ['join', 'leave'],
  async react(tx, workspaceId, events) {
    await attributeEvents(tx, workspaceId, events);
  },
};
