/**
 * What follows a join, scheduled on the group: a spammer does what their kind does (moderation.ts);
 * in an operated group a newcomer is welcomed, introduces themself and takes the nickname format.
 */
import type { SimGroup, SimMember } from './group-state.ts';
import type { SimulationParams } from './params.ts';
import { scheduleSpammer } from './moderation.ts';
import { texts } from './texts.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export function scheduleAfterJoin(p: SimulationParams, g: SimGroup, m: SimMember, at: number): void {
  const rng = g.rng;
  const lang = m.user.lang;
  if (m.spammer) {
    scheduleSpammer(p, g, m, at);
    return;
  }
  if (!g.operated || at >= g.diesAt) return;
  if (rng.chance(p.welcomeProb)) {
    const greeter = g.members.find((x) => x.seed) ?? g.get(g.ownerId);
    if (greeter) g.schedule({ at: at + rng.exp(8 * MINUTE) + 5000, kind: 'message', userId: greeter.user.id, text: texts.welcome(rng, greeter.user.lang, m.user.name), mentions: [m.user.id] });
  }
  if (rng.chance(p.introduceProb)) g.schedule({ at: at + rng.exp(20 * MINUTE) + 10_000, kind: 'message', userId: m.user.id, text: texts.intro(rng, lang, m.user.name) });
  if (rng.chance(p.nicknameRenameProb)) g.schedule({ at: at + rng.exp(HOUR) + 10_000, kind: 'profile', userId: m.user.id, name: texts.nickname(rng, lang, m.user.name) });
}
