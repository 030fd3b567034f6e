/**
 * The grain of a series (day, week or month) and its buckets. A range picks its grain (up to 90
 * days: days; up to 2 years: weeks; longer: months) unless the caller names one, so that any
 * range, back to a group's first event, is drawn in a few hundred points at most and read from the
 * rollups. Weeks end on the range's last day and go back 7 days at a time (so a week's active
 * members are the stored weekly actives of its last day); months are calendar months (their active
 * members are the stored monthly actives). Buckets are clipped to the range: a clipped bucket has
 * `whole: false`, and its active members are counted from the daily writers of its days instead.
 */
import { z } from 'zod';

export const grains = ['day', 'week', 'month'] as const;
export type Grain = (typeof grains)[number];
export const GrainQuery = z.enum(grains).optional().describe('day, week or month; default: chosen by the range (≤ 90 days: day; ≤ 2 years: week; longer: month)');

const DAY = 86_400_000;
const ms = (day: string) => Date.parse(`${day}T00:00:00Z`);
const fromMs = (t: number) => new Date(t).toISOString().slice(0, 10);
export const addDays = (day: string, n: number) => fromMs(ms(day) + n * DAY);
export const daysBetween = (from: string, to: string) => Math.round((ms(to) - ms(from)) / DAY) + 1;

/** The grain a range is drawn at by default. */
export function chooseGrain(from: string, to: string): Grain {
  const days = daysBetween(from, to);
  if (days <= 90) return 'day';
  if (days <= 731) return 'week';
  return 'month';
}

export interface Bucket {
  /** First and last day of the bucket within the range. */
  start: string;
  end: string;
  /** Whether the whole week or month lies within the range (else it was clipped). */
  whole: boolean;
}

/** The buckets covering from…to, oldest first. */
export function bucketsOf(from: string, to: string, grain: Grain): Bucket[] {
  const out: Bucket[] = [];
  if (grain === 'day') {
    for (let d = from; d <= to; d = addDays(d, 1)) out.push({ start: d, end: d, whole: true });
    return out;
  }
  if (grain === 'week') {
    for (let end = to; end >= from; end = addDays(end, -7)) {
      const start = addDays(end, -6);
      out.push({ start: start < from ? from : start, end, whole: start >= from });
    }
    return out.reverse();
  }
  for (let first = `${from.slice(0, 7)}-01`; first <= to;) {
    const next = new Date(ms(first));
    next.setUTCMonth(next.getUTCMonth() + 1);
    const last = addDays(fromMs(next.getTime()), -1);
    out.push({ start: first < from ? from : first, end: last > to ? to : last, whole: first >= from && last <= to });
    first = fromMs(next.getTime());
  }
  return out;
}

/** The bucket's index for each day of the range (days are YYYY-MM-DD, in order). */
export function bucketIndex(buckets: Bucket[]): (day: string) => number {
  return (day) => {
    let lo = 0, hi = buckets.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (buckets[mid]!.start <= day) lo = mid; else hi = mid - 1;
    }
    return lo;
  };
}
