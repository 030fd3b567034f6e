/**
 * Where the WeCom connector keeps callbacks it acknowledged but could not process yet: WeCom
 * retries a callback only on network errors and timeouts, never because of our answer, so a
 * callback whose group could not be re-read (the API down, the member list not updated yet) is
 * kept here, decrypted, and retried by the connector itself with backoff. The connector runtime
 * stores them in the database (table pending_callbacks); the memory store is for tests and for a
 * connector used on its own.
 */

export interface PendingCallback {
  id: number;
  /** The decrypted callback XML. */
  xml: string;
  /** Failed tries so far. */
  attempts: number;
}

export interface PendingCallbackStore {
  /** Keeps a callback; the same key twice is one entry (a repeat of the same delivery). */
  add(item: { key: string; chatId: string; xml: string; error: string; nextAttemptAt: Date }): Promise<void>;
  /** Callbacks whose next try is due, oldest first. */
  due(now: Date, limit: number): Promise<PendingCallback[]>;
  /** When the earliest next try is, if any callback is kept. */
  nextDue(): Promise<Date | undefined>;
  /** Processed: forget it. */
  done(id: number): Promise<void>;
  /** Failed again: count the try, say why, and when to try next. */
  failed(id: number, error: string, nextAttemptAt: Date): Promise<void>;
}

export function createMemoryPendingStore(): PendingCallbackStore & { readonly items: ReadonlyMap<number, PendingCallback & { key: string; nextAttemptAt: Date; error: string }> } {
  const items = new Map<number, PendingCallback & { key: string; nextAttemptAt: Date; error: string }>();
  let next = 1;
  return {
    items,
    async add(item) {
      if ([...items.values()].some((i) => i.key === item.key)) return;
      items.set(next, { id: next, key: item.key, xml: item.xml, attempts: 1, nextAttemptAt: item.nextAttemptAt, error: item.error });
      next++;
    },
    async due(now, limit) {
      return [...items.values()].filter((i) => i.nextAttemptAt <= now).sort((a, b) => a.id - b.id).slice(0, limit)
        .map(({ id, xml, attempts }) => ({ id, xml, attempts }));
    },
    async nextDue() {
      let min: Date | undefined;
      for (const i of items.values()) if (!min || i.nextAttemptAt < min) min = i.nextAttemptAt;
      return min;
    },
    async done(id) {
      items.delete(id);
    },
    async failed(id, error, nextAttemptAt) {
      const i = items.get(id);
      if (i) items.set(id, { ...i, attempts: i.attempts + 1, error, nextAttemptAt });
    },
  };
}
