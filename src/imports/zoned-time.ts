/**
 * Wall-clock time in an IANA zone to UTC, for exports that write local times without an offset
 * (WhatsApp). Uses Intl only: no time-zone database of our own.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    // Throws a RangeError for an unknown zone, which callers report before reading any file.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Throws a RangeError naming the zone when Intl does not know it. */
export function checkTimeZone(zone: string): void {
  try { formatter(zone); } catch { throw new RangeError(`unknown time zone: ${zone}`); }
}

/** The zone's offset from UTC at this instant, in milliseconds. */
function offsetAt(zone: string, utcMs: number): number {
  const parts = formatter(zone).formatToParts(new Date(utcMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/**
 * The instant at which the zone's clocks showed this wall-clock time. A time skipped by a DST
 * change is taken with the offset before the change; a repeated one, the first occurrence.
 */
export function zonedToUtc(zone: string, y: number, mo: number, d: number, h: number, mi: number, s: number): Date {
  const local = Date.UTC(y, mo - 1, d, h, mi, s);
  const first = offsetAt(zone, local);
  const guess = local - first;
  const second = offsetAt(zone, guess);
  if (second === first) return new Date(guess);
  // Across a DST change: prefer the candidate whose offset reproduces the wall-clock time.
  const alt = local - second;
  return new Date(offsetAt(zone, alt) === second ? Math.min(alt, guess) : guess);
}
