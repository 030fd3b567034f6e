/**
 * Sliding-window rate limits on bot sends, as real platforms enforce them (per group per minute,
 * per account per second). Counts wall-clock time from an injectable clock so tests need no waiting.
 */

export class SlidingWindow {
  private readonly hits = new Map<string, number[]>();
  private readonly limit: number;
  private readonly windowMs: number;
  constructor(limit: number, windowMs: number) {
    this.limit = limit;
    this.windowMs = windowMs;
  }

  /** Seconds to wait before `key` may send again at `now`, or 0 if it may send now (without recording). */
  retryAfter(key: string, now: number): number {
    const list = this.prune(key, now);
    if (list.length < this.limit) return 0;
    const oldest = list[list.length - this.limit]!;
    return Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000));
  }

  record(key: string, now: number): void {
    const list = this.prune(key, now);
    list.push(now);
  }

  private prune(key: string, now: number): number[] {
    let list = this.hits.get(key);
    if (!list) {
      list = [];
      this.hits.set(key, list);
    }
    let drop = 0;
    while (drop < list.length && list[drop]! <= now - this.windowMs) drop++;
    if (drop) list.splice(0, drop);
    return list;
  }
}
