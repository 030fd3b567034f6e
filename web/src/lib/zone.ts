/**
 * The workspace's time zone and today's day in it: what the pages' day ranges (lib/range.ts) are
 * built from. Kept apart from format.ts (which needs i18next and React through the UI language) so
 * that the start-up requests (early.ts, lib/preload.ts) can be sent before the console's code is
 * loaded, with dayjs alone.
 */
import dayjs, { type Dayjs } from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

const ZONE_KEY = 'qy.zone';
function storedZone(): string | undefined {
  try {
    return localStorage.getItem(ZONE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}
// The last session's zone until this one's arrives: the day ranges the pages' early requests ask
// for at start-up (lib/preload.ts) are then the ones the pages ask for (a different day, near
// midnight in the workspace's zone, meant a second request and a second render).
let workspaceZone: string | undefined = storedZone();

/** The workspace's zone (from the session, or the last session's), or undefined: the browser's. */
export function currentZone(): string | undefined {
  return workspaceZone;
}

/** Set from the session: times are shown in the workspace's zone, like the server's days. */
export function setWorkspaceZone(zone: string | undefined): void {
  workspaceZone = zone;
  try {
    if (zone) localStorage.setItem(ZONE_KEY, zone);
  } catch {
    // not remembered: the next start-up uses the browser's day until the session arrives
  }
}

/** Today in the workspace zone, as a dayjs for the range pickers. */
export function today(): Dayjs {
  const now = dayjs();
  return workspaceZone ? dayjs(now.tz(workspaceZone).format('YYYY-MM-DD')) : now.startOf('day');
}

export function toDay(d: Dayjs): string {
  return d.format('YYYY-MM-DD');
}
