/**
 * How simulated members respond to activities (issue #14 item 6), kept apart from community.ts,
 * which calls in at three points:
 * - group creation (`monthOneDeathChance`): groups with a KOL survive their first month more
 *   often; the mean over operated groups stays `operatedSilent30dShare`, so the calibrated
 *   silent shares do not move: KOL groups die `kolSilentFactor` times as often, the others more;
 * - every interval (`scheduleCheckins`): in operated groups that run daily check-ins, habit
 *   members send 打卡 once a local day with `checkinDailyProb` (streaks build), and after a missed
 *   day ask for a make-up card (补卡) with `checkinMakeupProb`;
 * - an operator's post (`onActivityPost`): a draw ("回复「口令」参与") is entered by ordinary
 *   members with `drawEntryProb` and by red-packet hunters — the quietest members, picked per
 *   group with `hunterShare` — with `hunterEntryProb`: the spike of entries a draw brings.
 * Every choice uses this module's own random streams (seeded from the group id), so the rest of
 * the community's streams, and what existing seeds produce, are unchanged.
 */
import type { SimGroup, SimMember } from './group-state.ts';
import type { SimulationParams } from './params.ts';
import { mixSeed, Rng } from './rng.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function hashId(id: string): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Whether a group has a KOL (decided from its seed and index, apart from its own stream). */
export function groupHasKol(p: SimulationParams, seed: number, index: number, operated: boolean): boolean {
  if (!operated) return false;
  return new Rng(mixSeed(seed, 900_000 + index)).chance(p.kolGroupShare);
}

/**
 * Chance a group dies in its first month: for operated groups, KOL groups `kolSilentFactor` as
 * likely as the base, the others raised so that the mean over operated groups is the base.
 */
export function monthOneDeathChance(p: SimulationParams, operated: boolean, hasKol: boolean): number {
  if (!operated) return p.unoperatedSilent30dShare;
  const base = p.operatedSilent30dShare;
  const withKol = base * p.kolSilentFactor;
  if (hasKol) return withKol;
  if (p.kolGroupShare >= 1) return withKol;
  return Math.min(1, (base - p.kolGroupShare * withKol) / (1 - p.kolGroupShare));
}

interface GroupActivity {
  rng: Rng;
  checkins: boolean;
  /** Member id → habit (checks in) or not; decided on first sight. */
  habit: Map<string, boolean>;
  hunter: Map<string, boolean>;
  /** Member id → last local day they checked in (days since epoch, local). */
  lastDay: Map<string, number>;
  /** Last local day handled for the whole group. */
  handledDay: number;
}

const state = new WeakMap<SimGroup, GroupActivity>();

function stateOf(p: SimulationParams, g: SimGroup): GroupActivity {
  let s = state.get(g);
  if (!s) {
    const rng = new Rng(mixSeed(hashId(g.id), 77));
    s = { rng, checkins: g.operated && rng.chance(p.checkinGroupShare), habit: new Map(), hunter: new Map(), lastDay: new Map(), handledDay: -1 };
    state.set(g, s);
  }
  return s;
}

const localDay = (p: SimulationParams, t: number) => Math.floor((t + p.utcOffsetHours * HOUR) / DAY);

function isHabit(p: SimulationParams, s: GroupActivity, m: SimMember): boolean {
  let h = s.habit.get(m.user.id);
  if (h === undefined) s.habit.set(m.user.id, (h = !m.spammer && !m.staff && s.rng.chance(p.checkinMemberShare)));
  return h;
}

/**
 * Schedules the interval's check-ins: once per local day, at the first interval of the day, each
 * habit member of a check-in group decides whether to check in today (at a morning-to-evening
 * time), or, having missed yesterday, to ask for a make-up card as well.
 */
export function scheduleCheckins(p: SimulationParams, g: SimGroup, lo: number, hi: number, live: number): number {
  const s = stateOf(p, g);
  if (!s.checkins || live <= 0) return 0;
  const today = localDay(p, lo);
  if (today === s.handledDay) return 0;
  s.handledDay = today;
  const dayStart = today * DAY - p.utcOffsetHours * HOUR;
  let scheduled = 0;
  for (const m of g.members) {
    if (!isHabit(p, s, m)) continue;
    if (!s.rng.chance(p.checkinDailyProb * Math.min(1, live))) continue;
    // 07:00–22:00 local, never before now.
    const at = Math.max(lo, dayStart + 7 * HOUR + s.rng.float() * 15 * HOUR);
    if (at >= dayStart + DAY) continue;
    const last = s.lastDay.get(m.user.id);
    g.schedule({ at, kind: 'message', userId: m.user.id, text: p.checkinKeyword, contentType: 'text' });
    scheduled++;
    if (last !== undefined && last === today - 2 && s.rng.chance(p.checkinMakeupProb)) {
      g.schedule({ at: at + MINUTE + s.rng.float() * 10 * MINUTE, kind: 'message', userId: m.user.id, text: p.checkinMakeupKeyword, contentType: 'text' });
      scheduled++;
    }
    s.lastDay.set(m.user.id, today);
  }
  void hi;
  return scheduled;
}

/** The entry word of a draw announced in a post ("回复「抽奖」参与"), or null when the post is not a draw. */
export function drawKeywordOf(text: string | undefined): string | null {
  const m = /回复「([^」]{1,30})」参与/u.exec(text ?? '');
  return m ? m[1]! : null;
}

/**
 * An operator's post opened a draw: ordinary members enter with drawEntryProb (more in lively
 * groups), red-packet hunters — the quietest hunterShare of members — with hunterEntryProb,
 * all within the response window. Returns the number of entries scheduled.
 */
export function onActivityPost(p: SimulationParams, g: SimGroup, text: string | undefined, at: number, live: number): number {
  const keyword = drawKeywordOf(text);
  if (!keyword) return 0;
  const s = stateOf(p, g);
  const quietCut = quietThreshold(g, p.hunterShare);
  let entries = 0;
  for (const m of g.members) {
    if (m.spammer || m.staff) continue;
    let hunter = s.hunter.get(m.user.id);
    if (hunter === undefined) s.hunter.set(m.user.id, (hunter = m.weight <= quietCut));
    const prob = hunter ? p.hunterEntryProb : p.drawEntryProb * Math.min(1, Math.max(live, 0.2));
    if (!s.rng.chance(prob)) continue;
    const t = at + 5000 + s.rng.exp((hunter ? 3 : 20) * MINUTE);
    g.schedule({ at: t, kind: 'message', userId: m.user.id, text: keyword, contentType: 'text', response: true });
    entries++;
  }
  return entries;
}

/** The activity weight at or below which the quietest `share` of members lie. */
function quietThreshold(g: SimGroup, share: number): number {
  if (share <= 0 || g.members.length === 0) return -1;
  const w = g.members.map((m) => m.weight).sort((a, b) => a - b);
  return w[Math.min(w.length - 1, Math.floor(w.length * share))]!;
}
