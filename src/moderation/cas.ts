/**
 * An optional shared ban list for Telegram, CAS-style (combot's Anti-Spam: GET
 * https://api.cas.chat/check?user_id=<id> answers {"ok": true, ...} for a banned user). The URL is
 * the workspace's (its {id} is replaced by the user id) and goes through the outbound guard;
 * answers are cached; any error, timeout or unreadable answer means allow: a shared list being down
 * must never keep people out.
 */
import type { Outbound } from '../net/outbound.ts';

export interface CasLookup {
  /** true when the list says the user is banned; false otherwise, and on any error. */
  isBanned(urlTemplate: string, userId: string, cacheMinutes: number): Promise<boolean>;
}

export function createCasLookup(outbound: Outbound, options: { timeoutMs?: number; now?: () => number; maxEntries?: number } = {}): CasLookup {
  const cache = new Map<string, { banned: boolean; at: number }>();
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 50_000;
  return {
    async isBanned(urlTemplate, userId, cacheMinutes) {
      const key = `${urlTemplate}\n${userId}`;
      const hit = cache.get(key);
      if (hit && now() - hit.at < cacheMinutes * 60_000) return hit.banned;
      let banned: boolean;
      try {
        const res = await outbound.fetch(urlTemplate.replace('{id}', encodeURIComponent(userId)), { signal: AbortSignal.timeout(options.timeoutMs ?? 2000) });
        const body = (await res.json().catch(() => null)) as { ok?: unknown } | null;
        // An error status or an unreadable answer is a failure, not an answer.
        if (!res.ok || !body || typeof body.ok !== 'boolean') return false;
        banned = body.ok;
      } catch {
        return false; // an error means allow, and is not cached: the next join asks again
      }
      if (cache.size >= maxEntries) cache.delete(cache.keys().next().value!);
      cache.set(key, { banned, at: now() });
      return banned;
    },
  };
}
