/**
 * How newcomers answer Qunyun's welcome (src/automation/welcome.ts): a welcome post names its
 * newcomers as "@name"; each newcomer named, who joined within the last day, writes a first
 * message (an introduction) with probability `welcomedFirstMessageProb`, soon after the welcome.
 * Newcomers nobody welcomed only write as their activity weight makes them. This is the ground
 * truth a later A/B test of the welcome ritual measures against.
 */
import type { SimGroup } from './group-state.ts';
import type { SimulationParams } from './params.ts';
import { texts } from './texts.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Schedules the first messages answering a welcome post; returns how many were scheduled. */
export function answerWelcome(p: SimulationParams, g: SimGroup, text: string, at: number): number {
  if (!text.includes('@')) return 0;
  let n = 0;
  for (const m of g.members) {
    if (m.spammer || m.staff || m.seed || at - m.joinedAt > DAY || at < m.joinedAt) continue;
    if (!text.includes(`@${m.user.name}`)) continue;
    if (!g.rng.chance(p.welcomedFirstMessageProb)) continue;
    g.schedule({ at: at + Math.round(g.rng.exp(10 * MINUTE)) + 5000, kind: 'message', userId: m.user.id, text: texts.intro(g.rng, m.user.lang, m.user.name), response: true });
    n++;
  }
  return n;
}
