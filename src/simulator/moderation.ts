/**
 * Spammers and moderation in the simulated community (issue #13 item 11). Spammers of every kind
 * of src/simulator/spam.ts arrive (ads with evasions, poachers who chat on topic first and poach
 * later, flooders, link droppers right after joining, copycats who repeat a member's earlier
 * message, scams, gambling) and react to what moderation does to them: a warning naming them
 * (a bot post), being muted (their messages refused) or removed (refused as not a member) makes
 * them stop, and often leave. Ordinary members leave more where spam stays up: every spam
 * message not dealt with within `spamHandledMinutes` adds `spamVisibleLeaveHazard` to the
 * group's daily leave hazard for a day.
 *
 * Community.ts calls these through one-line hooks; the state lives here, per group.
 */
import type { SimGroup, SimMember } from './group-state.ts';
import type { SimulationParams } from './params.ts';
import { spamKinds, spamMessage, type SpamKind } from './spam.ts';
import { texts } from './texts.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

interface SpamPost { at: number; userId: string; handled: boolean }
interface GroupSpam { posts: SpamPost[]; heard: string[]; spammers: Map<string, { name: string; kind: SpamKind; stopped: boolean; persistent: boolean }> }

const state = new WeakMap<SimGroup, GroupSpam>();
function of(g: SimGroup): GroupSpam {
  let s = state.get(g);
  if (!s) { s = { posts: [], heard: [], spammers: new Map() }; state.set(g, s); }
  return s;
}

/** A spammer joined: what their kind does, scheduled on the group. */
export function scheduleSpammer(p: SimulationParams, g: SimGroup, m: SimMember, at: number): void {
  const rng = g.rng;
  const lang = m.user.lang;
  const kind = rng.pick(spamKinds);
  const s = of(g);
  const persistent = kind !== 'flooder' && kind !== 'poacher' && rng.chance(p.spammerPersistentProb);
  s.spammers.set(m.user.id, { name: m.user.name, kind, stopped: false, persistent });
  const say = (t: number, text: string, spam = true) => g.schedule({ at: t, kind: 'message', userId: m.user.id, text, contentType: 'text', spam });
  let t = at;
  if (persistent) {
    // The same spam again and again, each time after what moderation did (the default ladder:
    // warned, muted an hour, muted a day), until removed: strikes 1 to 5 of one rule.
    const text = kind === 'copycat' ? spamMessage(rng, 'ad', lang) : spamMessage(rng, kind, lang);
    t += rng.between(1, 10) * MINUTE;
    say(t, text);
    t += rng.between(5, 20) * MINUTE; say(t, text);                   // warned: strike 2, muted an hour
    t += rng.between(90, 150) * MINUTE; say(t, text);                 // after the hour: strike 3, muted a day
    t += DAY + rng.between(40, 100) * MINUTE; say(t, text);           // after the day: strike 4, removed
    t += rng.between(5, 30) * MINUTE; say(t, text);                   // (refused when removed)
  } else switch (kind) {
    case 'poacher':
      // On topic for a while (not spam), the invitation hours later.
      for (let i = rng.between(2, 4); i > 0; i--) { t += rng.exp(40 * MINUTE) + MINUTE; say(t, texts.chat(rng, lang), false); }
      t += rng.exp(3 * 60 * MINUTE) + MINUTE;
      say(t, spamMessage(rng, 'poacher', lang));
      break;
    case 'flooder': {
      const same = rng.chance(0.4) ? spamMessage(rng, 'ad', lang) : null;
      t += rng.exp(10 * MINUTE) + MINUTE;
      for (let i = rng.between(8, 15); i > 0; i--) { t += rng.between(500, 3000); say(t, same ?? spamMessage(rng, 'flooder', lang)); }
      break;
    }
    case 'link':
      t += rng.between(1, 4) * MINUTE;
      say(t, spamMessage(rng, 'link', lang));
      break;
    case 'copycat': {
      const earlier = s.heard.length ? s.heard[s.heard.length - 1 - rng.int(Math.min(50, s.heard.length))]! : texts.chat(rng, lang);
      t += rng.exp(20 * MINUTE) + MINUTE;
      say(t, earlier);
      t += rng.exp(30 * MINUTE) + MINUTE;
      say(t, spamMessage(rng, 'copycat', lang));
      break;
    }
    default:
      for (let i = rng.between(1, p.spamPostsMax); i > 0; i--) { t += rng.exp(20 * MINUTE) + MINUTE; say(t, spamMessage(rng, kind, lang)); }
  }
  // Without moderation: some leave on their own, and in an operated group a person may remove them by hand.
  if (rng.chance(p.spammerLeaveProb)) g.schedule({ at: t + rng.exp(30 * MINUTE) + MINUTE, kind: 'leave', userId: m.user.id });
  else if (g.operated && rng.chance(p.spammerKickProb)) g.schedule({ at: t + rng.exp(60 * MINUTE) + MINUTE, kind: 'kick', userId: m.user.id });
}

/** A message of an ordinary member: copycats repeat such messages. */
export function heard(g: SimGroup, text: string | undefined): void {
  if (!text || text.length < 8) return;
  const s = of(g);
  s.heard.push(text);
  if (s.heard.length > 200) s.heard.splice(0, 100);
}

/** A spam message went out. */
export function spamPosted(g: SimGroup, userId: string, at: number): void {
  const s = of(g);
  s.posts.push({ at, userId, handled: false });
  if (s.posts.length > 500) s.posts.splice(0, 250);
}

function stop(p: SimulationParams, g: SimGroup, userId: string, at: number, quitProb: number): void {
  const s = of(g);
  for (const post of s.posts) if (post.userId === userId) post.handled = true;
  const sp = s.spammers.get(userId);
  if (!sp || sp.stopped) return;
  if (sp.persistent && quitProb > 0) return; // ignores warnings and mutes; only removal stops them
  sp.stopped = true;
  if (g.has(userId) && g.rng.chance(quitProb)) g.schedule({ at: at + g.rng.exp(5 * MINUTE) + 1000, kind: 'leave', userId });
}

/** A bot post in the group: a warning that names a spammer makes them stop, and often leave. */
export function botPosted(p: SimulationParams, g: SimGroup, text: string, at: number): void {
  for (const [userId, sp] of of(g).spammers) {
    if (!sp.stopped && text.includes(sp.name)) stop(p, g, userId, at, p.spammerQuitWhenWarnedProb);
  }
}

/** The platform refused a spammer's action: muted (they mostly give up) or no longer a member (removed). */
export function refused(p: SimulationParams, g: SimGroup, userId: string, error: string, at: number): void {
  if (!of(g).spammers.has(userId)) return;
  if (error === 'muted') stop(p, g, userId, at, p.spammerQuitWhenMutedProb);
  else if (error === 'not_member' || error === 'banned') stop(p, g, userId, at, 0);
}

/** Extra daily leave hazard of ordinary members: spam of the last day that nobody dealt with in time. */
export function spamLeaveHazard(p: SimulationParams, g: SimGroup, t: number): number {
  const s = state.get(g);
  if (!s || s.posts.length === 0) return 0;
  let visible = 0;
  for (const post of s.posts) {
    if (post.at > t - DAY && post.at + p.spamHandledMinutes * MINUTE <= t && !post.handled) visible++;
  }
  return Math.min(0.2, visible * p.spamVisibleLeaveHazard);
}

/** Spammers stopped (warned, muted or removed) and spam messages left up: for summaries and tests. */
export function spamStats(g: SimGroup): { spammers: number; stopped: number; posts: number; handled: number } {
  const s = state.get(g);
  if (!s) return { spammers: 0, stopped: 0, posts: 0, handled: 0 };
  return {
    spammers: s.spammers.size, stopped: [...s.spammers.values()].filter((x) => x.stopped).length,
    posts: s.posts.length, handled: s.posts.filter((x) => x.handled).length,
  };
}

/** The spammers who joined the group: their kind, name and whether they are persistent (tests). */
export function spammersOf(g: SimGroup): Map<string, { kind: SpamKind; name: string; persistent: boolean }> {
  return new Map([...(state.get(g)?.spammers ?? [])].map(([id, sp]) => [id, { kind: sp.kind, name: sp.name, persistent: sp.persistent }]));
}
