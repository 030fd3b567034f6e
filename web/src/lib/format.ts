/** Number, percentage and time formatting in the UI language and the workspace's time zone. */
import dayjs, { type Dayjs } from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import i18n from '../i18n/index.ts';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(relativeTime);

let workspaceZone: string | undefined;

/** Set from the session: times are shown in the workspace's zone, like the server's days. */
export function setWorkspaceZone(zone: string | undefined): void {
  workspaceZone = zone;
}

function locale(): string {
  return i18n.language === 'en' ? 'en-US' : 'zh-CN';
}

export function fmtNumber(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(value);
}

export function fmtCompact(value: number): string {
  return new Intl.NumberFormat(locale(), { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

/** Relative change from `previous` to `current`, or null when there is nothing to compare with. */
export function change(current: number, previous: number): number | null {
  if (!Number.isFinite(current) || !Number.isFinite(previous)) return null;
  if (previous === 0) return current === 0 ? 0 : null;
  return (current - previous) / previous;
}

export function fmtPercent(ratio: number, digits = 1): string {
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: digits }).format(ratio);
}

function inZone(at: string | Dayjs): Dayjs {
  const d = dayjs(at);
  return workspaceZone ? d.tz(workspaceZone) : d;
}

export function fmtDateTime(at: string | null | undefined): string {
  if (!at) return '–';
  return inZone(at).format('YYYY-MM-DD HH:mm');
}

export function fmtDate(at: string | null | undefined): string {
  if (!at) return '–';
  return inZone(at).format('YYYY-MM-DD');
}

export function fmtRelative(at: string | null | undefined): string {
  if (!at) return '–';
  return dayjs(at).fromNow();
}

/** A day axis label: MM-DD (the year is in the range picker). */
export function fmtDay(day: string): string {
  return day.length >= 10 ? day.slice(5) : day;
}

/** Today in the workspace zone, as a dayjs for the range pickers. */
export function today(): Dayjs {
  const now = dayjs();
  return workspaceZone ? dayjs(now.tz(workspaceZone).format('YYYY-MM-DD')) : now.startOf('day');
}

export function toDay(d: Dayjs): string {
  return d.format('YYYY-MM-DD');
}
