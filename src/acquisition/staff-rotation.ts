/**
 * Which staff member a staff code (渠道活码 / 联系我) hands the next newcomer to: regular staff
 * during working hours (workspace zone) while under their daily cap, the least routed today first;
 * backup staff when no regular one can take them (outside hours, or all capped). Plain functions;
 * the storage takes the slot with a conditional upsert `routed < daily_cap`.
 */
import type { StaffSettings } from './types.ts';

export interface StaffSlot { staffUserId: number; dailyCap: number; backup: boolean; position: number; routedToday: number }

interface LocalTime { day: string; weekday: number; minutes: number }

/** The date (YYYY-MM-DD), ISO weekday (1 = Monday) and minute of the day at `at` in `zone`. */
export function localTime(at: Date, zone: string): LocalTime {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short', hourCycle: 'h23',
  }).formatToParts(at).map((p) => [p.type, p.value]));
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday!) + 1;
  return { day: `${parts.year}-${parts.month}-${parts.day}`, weekday, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether `at` falls in the working hours; an end before the start runs past midnight (22:00–02:00). */
export function inWorkingHours(hours: StaffSettings['hours'], at: Date, zone: string): boolean {
  if (!hours) return true;
  const t = localTime(at, zone);
  const start = toMinutes(hours.start);
  const end = toMinutes(hours.end);
  if (start <= end) return hours.days.includes(t.weekday) && t.minutes >= start && t.minutes < end;
  // Overnight: the evening part belongs to its own day, the small hours to the day before.
  if (t.minutes >= start) return hours.days.includes(t.weekday);
  const previous = t.weekday === 1 ? 7 : t.weekday - 1;
  return t.minutes < end && hours.days.includes(previous);
}

/** Staff to try, best first; empty when nobody can take a newcomer now. */
export function rankStaff(staff: readonly StaffSlot[], withinHours: boolean): StaffSlot[] {
  const order = (a: StaffSlot, b: StaffSlot) => a.routedToday - b.routedToday || a.position - b.position;
  const open = staff.filter((s) => s.routedToday < s.dailyCap);
  const regular = withinHours ? open.filter((s) => !s.backup).sort(order) : [];
  const backup = open.filter((s) => s.backup).sort(order);
  return [...regular, ...backup];
}
