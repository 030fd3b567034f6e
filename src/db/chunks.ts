/**
 * Keeping request transactions short. The embedded database has one connection and runs each
 * statement synchronously on the event loop, so one large statement or transaction in a request
 * (a bulk tag of thousands of members) holds every other request, /health included, until it
 * ends. Bulk operations therefore validate everything first, then apply in chunks of bounded
 * size, each in its own transaction, giving the event loop a turn between chunks.
 */

/** The items in consecutive slices of at most `size` (at least one slice, maybe empty). */
export function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const n = Math.max(1, Math.floor(size));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
  return out.length > 0 ? out : [[]];
}

/** Lets pending I/O (other requests) run before the next chunk. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Rows a bulk chunk writes at most: small enough that a chunk takes milliseconds on PGlite. */
export const ROWS_PER_CHUNK = 1000;
