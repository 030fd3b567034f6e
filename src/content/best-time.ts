/**
 * Best time to post in a group: when do its members respond? Every message counts at its local
 * weekday and hour (the workspace's zone), weighted by the answers it drew — a message that got
 * three replies says more about when people listen than one nobody answered. The score of a slot
 * is its weight per week observed, so a month of history and a week of it compare; the top slots,
 * at least `minGapHours` apart on a day, are suggested. Pure: the store hands in the messages.
 */
import { localTime } from '../automation/conditions.ts';

export interface ActivityMessage {
  at: Date;
  /** Replies (and reactions) this message drew. */
  replies: number;
}

export interface Slot {
  /** 0 = Sunday … 6 = Saturday (the zone's local day). */
  weekday: number;
  hour: number;
  score: number;
  messages: number;
}

export interface BestTime {
  /** 7 × 24 scores (weekday * 24 + hour). */
  matrix: number[];
  top: Slot[];
  weeks: number;
  messages: number;
}

export interface BestTimeOptions {
  timezone: string;
  /** How much one reply adds to its message's weight (1 + replyWeight × replies). */
  replyWeight?: number;
  /** How many slots to suggest. */
  top?: number;
  /** Suggested slots on the same weekday are at least this many hours apart. */
  minGapHours?: number;
}

const WEEK = 7 * 86_400_000;

export function bestTimes(messages: readonly ActivityMessage[], options: BestTimeOptions): BestTime {
  const replyWeight = options.replyWeight ?? 2;
  const weight = new Array<number>(7 * 24).fill(0);
  const count = new Array<number>(7 * 24).fill(0);
  let first = Infinity;
  let last = -Infinity;
  for (const m of messages) {
    const t = m.at.getTime();
    first = Math.min(first, t);
    last = Math.max(last, t);
    const { day, minutes } = localTime(m.at, options.timezone);
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    const i = weekday * 24 + Math.floor(minutes / 60);
    weight[i]! += 1 + replyWeight * Math.max(0, m.replies);
    count[i]!++;
  }
  const weeks = messages.length ? Math.max(1, Math.ceil((last - first + 1) / WEEK)) : 0;
  const matrix = weight.map((w) => (weeks ? w / weeks : 0));
  const ranked = matrix.map((score, i) => ({ weekday: Math.floor(i / 24), hour: i % 24, score, messages: count[i]! }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.weekday - b.weekday || a.hour - b.hour);
  const gap = options.minGapHours ?? 2;
  const top: Slot[] = [];
  for (const s of ranked) {
    if (top.length >= (options.top ?? 5)) break;
    if (top.some((t) => t.weekday === s.weekday && Math.abs(t.hour - s.hour) < gap)) continue;
    top.push(s);
  }
  return { matrix, top, weeks, messages: messages.length };
}
