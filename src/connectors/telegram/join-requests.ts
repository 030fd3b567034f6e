/**
 * Where the Telegram connector keeps join requests (chat_join_request) until an operator decides
 * them, and the decision after: the envelope has a join_request event for the figures, but
 * approving needs the request's link (its source goes to the join that follows) and must be
 * idempotent (approving twice, or after a restart, calls Telegram once). Inside Qunyun the
 * connector runtime gives a store in the database (src/connectors/runtime/join-requests.ts), so a
 * restart loses nothing; the one here, in memory, is for a connector used on its own (tests, tools).
 */
import type { PendingJoinRequest } from './translate.ts';

export type JoinRequestStatus = 'pending' | 'approved' | 'declined';

export interface StoredJoinRequest extends PendingJoinRequest {
  status: JoinRequestStatus;
  decidedAt?: string;
}

export interface JoinRequestStore {
  /** Keeps a request as pending; the same request delivered again changes nothing, a newer one re-opens a decided one. */
  save(request: PendingJoinRequest): Promise<void>;
  get(groupId: string, userId: string): Promise<StoredJoinRequest | undefined>;
  /** Records the operator's decision (the platform has carried it out). */
  decide(groupId: string, userId: string, status: Exclude<JoinRequestStatus, 'pending'>): Promise<void>;
  /** Requests not yet decided, oldest first. */
  pending(groupId?: string): Promise<PendingJoinRequest[]>;
}

/** A store in memory, bounded: the oldest decided requests go first. */
export function memoryJoinRequestStore(max = 10_000): JoinRequestStore {
  const rows = new Map<string, StoredJoinRequest>();
  const key = (g: string, u: string) => `${g}:${u}`;
  return {
    async save(r) {
      const k = key(r.groupId, r.userId);
      const before = rows.get(k);
      if (before && before.requestedAt >= r.requestedAt) return;
      rows.set(k, { ...r, status: 'pending' });
      if (rows.size > max) {
        const old = [...rows].find(([, v]) => v.status !== 'pending')?.[0] ?? rows.keys().next().value!;
        rows.delete(old);
      }
    },
    async get(g, u) {
      const r = rows.get(key(g, u));
      return r && { ...r };
    },
    async decide(g, u, status) {
      const now = new Date().toISOString();
      const r = rows.get(key(g, u)) ?? { groupId: g, userId: u, name: '', requestedAt: now };
      rows.set(key(g, u), { ...r, status, decidedAt: now });
    },
    async pending(groupId) {
      return [...rows.values()]
        .filter((r) => r.status === 'pending' && (groupId === undefined || r.groupId === groupId))
        .sort((a, b) => a.requestedAt.localeCompare(b.requestedAt))
        .map(({ status: _s, decidedAt: _d, ...r }) => r);
    },
  };
}
