/**
 * Schedule slots of a cron trigger, in the workspace's zone (croner). A slot is the instant a
 * schedule was due; its ISO time is the execution's cause, so two workers that both see a slot
 * due execute it once (the execution key is unique). A worker that was down does not replay a
 * backlog: only the latest slot within the catch-up window runs.
 */
import { Cron } from 'croner';

/** How late a missed slot may still run (a restart, a slow tick). */
export const CATCH_UP_MS = 30 * 60_000;

/** The latest slot of `cron` in (since, now], not older than the catch-up window, or null. */
export function dueSlot(cron: string, timezone: string, since: Date, now: Date): Date | null {
  const from = new Date(Math.max(since.getTime(), now.getTime() - CATCH_UP_MS));
  const job = new Cron(cron, { timezone, paused: true });
  let slot: Date | null = null;
  let next = job.nextRun(from);
  let guard = 0;
  while (next && next.getTime() <= now.getTime() && guard++ < 10_000) {
    slot = next;
    next = job.nextRun(next);
  }
  return slot;
}

/** Every slot of `cron` in (from, to], for the dry run (at most `limit`). */
export function slotsBetween(cron: string, timezone: string, from: Date, to: Date, limit = 1000): Date[] {
  const job = new Cron(cron, { timezone, paused: true });
  const out: Date[] = [];
  let next = job.nextRun(from);
  while (next && next.getTime() <= to.getTime() && out.length < limit) {
    out.push(next);
    next = job.nextRun(next);
  }
  return out;
}
