/**
 * The content calendar (排期) as plain functions: when a planned entry runs (its day and slot in
 * the workspace's zone), the weekly matrix an operator edits (theme × day × slot, per group
 * layer), a month's plan turned into entries (the weekly live session and KOL tasks), and the
 * iCal feed of an operator's tasks (RFC 5545: CRLF lines folded at 75 octets, text escaped).
 */
import { z } from 'zod';
import { str } from './text.ts';
import { localTime } from '../automation/conditions.ts';

export const Slot = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
export const Day = z.iso.date().refine((d) => d >= '1970-01-01' && d <= '2100-12-31', 'a day from 1970-01-01 to 2100-12-31');

/** The UTC instant of a local day and HH:MM in a zone (the zone's offset at that moment). */
export function zonedInstant(day: string, slot: string, timezone: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const [hh, mm] = slot.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  const offsetAt = (t: number) => {
    const { day: ld, minutes } = localTime(new Date(t), timezone);
    const [ly, lm, lday] = ld.split('-').map(Number) as [number, number, number];
    return Date.UTC(ly, lm - 1, lday) + minutes * 60_000 - t;
  };
  let t = wall - offsetAt(wall);
  t = wall - offsetAt(t);
  return new Date(t);
}

/** Monday of the week containing `day` (weeks start on Monday, as in China). */
export function weekStart(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return new Date(new Date(`${day}T00:00:00Z`).getTime() + n * 86_400_000).toISOString().slice(0, 10);
}

export interface EntryLike {
  id: number;
  day: string;
  slot: string;
  layer: string;
  theme: string;
  kind: string;
  category: string;
  status: string;
}

export interface WeekMatrix<E extends EntryLike> {
  week: string;
  days: string[];
  layers: string[];
  slots: string[];
  /** cells[layer][day][slot] = entries */
  cells: Record<string, Record<string, Record<string, E[]>>>;
}

/** The weekly matrix: each layer's entries by day and slot (slots: the default ones plus any used). */
export function weekMatrix<E extends EntryLike>(week: string, entries: readonly E[], layers: readonly string[], defaultSlots: readonly string[] = ['09:00', '12:30', '20:00']): WeekMatrix<E> {
  const start = weekStart(week);
  const days = Array.from({ length: 7 }, (_, i) => addDays(start, i));
  const allLayers = [...new Set([...layers, ...entries.map((e) => e.layer)])];
  const slots = [...new Set([...defaultSlots, ...entries.map((e) => e.slot)])].sort();
  const cells: WeekMatrix<E>['cells'] = {};
  for (const l of allLayers) {
    cells[l] = {};
    for (const d of days) {
      cells[l]![d] = {};
      for (const s of slots) cells[l]![d]![s] = [];
    }
  }
  for (const e of entries) cells[e.layer]?.[e.day]?.[e.slot]?.push(e);
  return { week: start, days, layers: allLayers, slots, cells };
}

export const MonthlyPlan = z.object({
  acquisitionTarget: z.number().int().min(0).max(10_000_000).default(0),
  topics: z.array(str().min(1).max(200)).max(100).default([]),
  /** The weekly live session: weekday (0 = Sunday) and slot; null = none. */
  live: z.object({ weekday: z.number().int().min(0).max(6), slot: Slot, title: str().min(1).max(200), layer: str().min(1).max(50) }).nullable().default(null),
  kolTasks: z.array(z.object({ weekday: z.number().int().min(0).max(6), slot: Slot, title: str().min(1).max(200), assigneeUserId: z.number().int().positive().max(2_147_483_647).nullable().default(null) })).max(50).default([]),
}).strict();
export type MonthlyPlan = z.infer<typeof MonthlyPlan>;

export interface PlannedEntry { day: string; slot: string; layer: string; theme: string; kind: 'post' | 'task'; category: string; text: string; assigneeUserId: number | null }

/** The tasks a month's plan puts on the calendar: each week's live session preparation and KOL tasks. */
export function planEntries(month: string, plan: MonthlyPlan, defaultLayer = 'basic'): PlannedEntry[] {
  const first = `${month.slice(0, 7)}-01`;
  const out: PlannedEntry[] = [];
  for (let day = first; day.slice(0, 7) === first.slice(0, 7); day = addDays(day, 1)) {
    const wd = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (plan.live && plan.live.weekday === wd) {
      out.push({ day, slot: plan.live.slot, layer: plan.live.layer, theme: plan.live.title, kind: 'task', category: 'activity', text: `直播/分享：${plan.live.title}`, assigneeUserId: null });
    }
    for (const k of plan.kolTasks) {
      if (k.weekday === wd) out.push({ day, slot: k.slot, layer: defaultLayer, theme: k.title, kind: 'task', category: 'professional', text: `KOL：${k.title}`, assigneeUserId: k.assigneeUserId });
    }
  }
  return out;
}

// --- iCal (RFC 5545) ---

function escapeText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds a content line at 75 octets (UTF-8), never inside a character: continuation lines start with a space. */
export function foldLine(line: string): string {
  const enc = new TextEncoder();
  const parts: string[] = [];
  let current = '';
  let bytes = 0;
  for (const ch of line) {
    const n = enc.encode(ch).length;
    const limit = parts.length === 0 ? 75 : 74; // the leading space counts
    if (bytes + n > limit) {
      parts.push(current);
      current = '';
      bytes = 0;
    }
    current += ch;
    bytes += n;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const icsTime = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

export interface FeedEvent { uid: string; start: Date; minutes: number; summary: string; description: string; updated: Date }

export function icalFeed(name: string, events: readonly FeedEvent[], now = new Date()): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Qunyun//Content calendar//ZH', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${escapeText(name)}`];
  for (const e of events) {
    lines.push('BEGIN:VEVENT', `UID:${e.uid}`, `DTSTAMP:${icsTime(now)}`, `LAST-MODIFIED:${icsTime(e.updated)}`,
      `DTSTART:${icsTime(e.start)}`, `DTEND:${icsTime(new Date(e.start.getTime() + e.minutes * 60_000))}`,
      `SUMMARY:${escapeText(e.summary)}`, `DESCRIPTION:${escapeText(e.description)}`,
      'BEGIN:VALARM', 'ACTION:DISPLAY', 'TRIGGER:-PT15M', `DESCRIPTION:${escapeText(e.summary)}`, 'END:VALARM', 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
