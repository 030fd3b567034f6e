/** Number, percentage and time formatting in the UI language and the workspace's time zone. */
import dayjs, { type Dayjs } from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import i18n from '../i18n/index.ts';
import { currentZone } from './zone.ts';

dayjs.extend(relativeTime);

export { setWorkspaceZone, today, toDay } from './zone.ts';

function locale(): string {
  return i18n.language === 'en' ? 'en-US' : 'zh-CN';
}

// Intl formatters are costly to build (a table of a few hundred cells built one per cell took tens
// of milliseconds): one per language, zone and options, reused.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function numberFormat(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${locale()}|${JSON.stringify(options)}`;
  let f = formatters.get(key) as Intl.NumberFormat | undefined;
  if (!f) formatters.set(key, (f = new Intl.NumberFormat(locale(), options)));
  return f;
}

export function fmtNumber(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return numberFormat({ maximumFractionDigits: digits }).format(value);
}

export function fmtCompact(value: number): string {
  return numberFormat({ notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

/** Relative change from `previous` to `current`, or null when there is nothing to compare with. */
export function change(current: number, previous: number): number | null {
  if (!Number.isFinite(current) || !Number.isFinite(previous)) return null;
  if (previous === 0) return current === 0 ? 0 : null;
  return (current - previous) / previous;
}

export function fmtPercent(ratio: number, digits = 1): string {
  return numberFormat({ style: 'percent', maximumFractionDigits: digits }).format(ratio);
}

function inZone(at: string | Dayjs): Dayjs {
  const d = dayjs(at);
  const zone = currentZone();
  return zone ? d.tz(zone) : d;
}

/** 'YYYY-MM-DD HH:mm' in the workspace's zone (or the browser's), from one cached Intl formatter. */
function zoned(at: string, withTime: boolean): string {
  if (!withTime && /^\d{4}-\d{2}-\d{2}$/.test(at)) return at; // already a day
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return inZone(at).format(withTime ? 'YYYY-MM-DD HH:mm' : 'YYYY-MM-DD');
  const workspaceZone = currentZone();
  const key = `d|${workspaceZone ?? ''}`;
  let f = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: workspaceZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(key, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(date)) p[part.type] = part.value;
  const day = `${p.year}-${p.month}-${p.day}`;
  return withTime ? `${day} ${p.hour}:${p.minute}` : day;
}

export function fmtDateTime(at: string | null | undefined): string {
  if (!at) return '–';
  return zoned(at, true);
}

export function fmtDate(at: string | null | undefined): string {
  if (!at) return '–';
  return zoned(at, false);
}

export function fmtRelative(at: string | null | undefined): string {
  if (!at) return '–';
  return dayjs(at).fromNow();
}

/** A day axis label: MM-DD (the year is in the range picker). */
export function fmtDay(day: string): string {
  return day.length >= 10 ? day.slice(5) : day;
}

