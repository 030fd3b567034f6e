/**
 * Ingest: the one way events enter Qunyun. A batch is validated and appended to the event log in
 * one transaction, with set-based statements (unnest), never a round trip per event: groups and
 * members seen for the first time are created on the way, so every stored event names its group
 * and member. The projector (src/events/projector.ts) then gives the stored events their effects
 * (rollups, memberships, edits, …) from the log, by seq.
 *
 * Exactly once: the event log's key (workspace, account, platform event id) drops re-deliveries,
 * and the projector moves a watermark in the same transaction as the effects it applies.
 * Projections are written so that the order of delivery does not matter (the latest occurred_at
 * wins; counters only add). A malformed event is dead-lettered with its reason; the rest of its
 * batch goes through.
 */
import type { Database, Queryable } from '../db/database.ts';
import { insertExpectingNew } from '../db/optimistic-insert.ts';
import { storableJson } from '../db/storable.ts';
import { parseEvent, type PlatformEvent } from './envelope.ts';
import { findErasedUsers, scrubEvent, usersOf } from './erased.ts';
import { IdentityCache, resolveGroups, resolveMembers } from './identities.ts';
import { lockAppend } from './locks.ts';
import { projectPending } from './projector.ts';

export interface IngestScope {
  workspaceId: number;
  accountId: number;
  /** IANA zone of the workspace: days and hours of the rollups are counted in it. */
  timezone: string;
}

export interface IngestResult {
  /** Events stored for the first time (their effects follow through the projector). */
  stored: number;
  /** Events already stored before (or twice in this batch): no effect. */
  duplicates: number;
  /** Events that failed validation, dead-lettered with their reason. */
  rejected: Array<{ index: number; eventId?: string; reason: string }>;
  /**
   * Ids of valid events that were stored before this batch (repeats within the batch are not
   * listed): with them a caller that merged several deliveries gives each its exact share.
   */
  alreadyStored?: string[];
}

/**
 * One cache per database: ids are only valid in the database that made them, and a process may
 * hold several (the tests run PGlite and Postgres side by side, with the same ids in both).
 */
const caches = new WeakMap<Database, IdentityCache>();
function cacheOf(db: Database): IdentityCache {
  let cache = caches.get(db);
  if (!cache) { cache = new IdentityCache(); caches.set(db, cache); }
  return cache;
}

/**
 * Validates and stores a batch of raw events from one platform account, then projects what the
 * workspace has pending, so that the figures include the batch when it resolves. Callers that take
 * many batches (the ingest queue) append with `appendBatch` and project in larger slices.
 */
export async function ingestBatch(db: Database, scope: IngestScope, raw: readonly unknown[], cache: IdentityCache = cacheOf(db)): Promise<IngestResult> {
  const result = await appendBatch(db, scope, raw, cache);
  await projectPending(db, scope.workspaceId);
  return result;
}

/**
 * Validates a batch of raw events and appends it to the event log. Resolves once the batch is
 * committed: only then may a connector acknowledge the events to its platform. Their effects
 * follow when the projector reaches them.
 */
export async function appendBatch(db: Database, scope: IngestScope, raw: readonly unknown[], cache: IdentityCache = cacheOf(db)): Promise<IngestResult> {
  const valid: PlatformEvent[] = [];
  const payloads: string[] = [];
  const rejected: IngestResult['rejected'] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  raw.forEach((item, index) => {
    const parsed = parseEvent(item);
    if (!parsed.ok) {
      const eventId = typeof (item as { eventId?: unknown })?.eventId === 'string' ? (item as { eventId: string }).eventId : undefined;
      rejected.push({ index, reason: parsed.reason, ...(eventId ? { eventId } : {}) });
      return;
    }
    if (seen.has(parsed.event.eventId)) { duplicates++; return; }
    const payload = JSON.stringify(parsed.event);
    // Postgres cannot store a NUL character in text or jsonb.
    if (payload.includes('\\u0000')) {
      rejected.push({ index, eventId: parsed.event.eventId, reason: 'contains a NUL character, which cannot be stored' });
      return;
    }
    seen.add(parsed.event.eventId);
    valid.push(parsed.event);
    payloads.push(payload);
  });

  const pending = cache.pending();
  let alreadyStored: string[] = [];
  const stored = await db.transaction(async (tx) => {
    if (rejected.length > 0) await deadLetter(tx, scope, rejected.map((r) => ({ raw: raw[r.index], reason: r.reason })));
    if (valid.length === 0) return 0;
    await lockAppend(tx, scope.workspaceId);
    // After the lock: an erasure holds it too, so a batch sees every erasure committed before it.
    const erased = await findErasedUsers(tx, scope.workspaceId, scope.accountId, usersOf(valid));
    const groupIds = await resolveGroups(tx, scope, valid, cache, pending);
    const memberIds = await resolveMembers(tx, scope, valid, cache, pending, erased);
    if (erased.size === 0) {
      const { count, known } = await appendToLog(tx, scope, valid, payloads, groupIds, memberIds);
      alreadyStored = known;
      return count;
    }
    // Events of erased people are stored as their erasure left the old ones (src/events/erased.ts).
    const scrubbed = valid.map((e) => scrubEvent(e, erased));
    const originalIds = new Map(scrubbed.map((e, i) => [e.eventId, valid[i]!.eventId]));
    for (const user of erased.values()) memberIds.set(user.token, user.memberId);
    const { count, known } = await appendToLog(tx, scope, scrubbed, scrubbed.map((e) => JSON.stringify(e)), groupIds, memberIds);
    alreadyStored = known.map((id) => originalIds.get(id) ?? id);
    return count;
  });
  // What the transaction created is only trusted once it has committed.
  cache.commit(pending);
  return { stored, duplicates: duplicates + valid.length - stored, rejected, alreadyStored };
}

/**
 * Inserts the events into the log. Returns how many were new and the ids of those stored before.
 */
async function appendToLog(tx: Queryable, scope: IngestScope, events: PlatformEvent[], payloads: string[], groupIds: Map<string, number>, memberIds: Map<string, number>): Promise<{ count: number; known: string[] }> {
  const n = events.length;
  const ids = new Array<string>(n), types = new Array<string>(n), times = new Array<string>(n);
  const groups = new Array<number>(n), members = new Array<number | null>(n), messages = new Array<string | null>(n);
  for (let i = 0; i < n; i++) {
    const e = events[i]!;
    ids[i] = e.eventId; types[i] = e.type; times[i] = e.occurredAt; groups[i] = groupIds.get(e.groupId)!;
    const user = 'userId' in e ? e.userId : undefined;
    members[i] = user === undefined ? null : memberIds.get(user)!;
    messages[i] = 'messageId' in e ? e.messageId ?? null : null;
  }
  const params = [scope.workspaceId, scope.accountId, ids, types, times, groups, members, messages, payloads];
  const rows = `select $1, $2, u.id, u.type, u.t, u.g, u.mem, u.mid, u.p::jsonb
       from unnest($3::text[], $4::text[], $5::timestamptz[], $6::int8[], $7::int8[], $8::text[], $9::text[]) as u(id, type, t, g, mem, mid, p)`;
  const columns = 'workspace_id, account_id, platform_event_id, type, occurred_at, group_id, member_id, message_id, payload';
  const inserted = await insertExpectingNew(tx, 'append',
    async () => { await tx.query(`insert into events (${columns}) ${rows}`, params); return null; },
    async () => (await tx.query<{ count: number; first: number | null }>(
      `with ins as (insert into events (${columns}) ${rows}
         on conflict (workspace_id, account_id, platform_event_id) do nothing returning seq)
       select count(*)::int as count, min(seq) as first from ins`, params))[0]!);
  if (inserted === null) return { count: n, known: [] };
  const { count, first } = inserted;
  if (count === n) return { count, known: [] };
  // Some were stored before: those with a seq below this batch's (seqs grow under the append lock).
  // Key by key on the log's key (a plain `= any(…) and seq < …` lets the planner walk the seq
  // index across most of the log instead).
  const known = await tx.query<{ id: string }>(
    `select u.id from unnest($3::text[]) as u(id)
     cross join lateral (select seq from events
       where workspace_id = $1 and account_id = $2 and platform_event_id = u.id limit 1) e
     where e.seq < $4`,
    [scope.workspaceId, scope.accountId, ids, first ?? Number.MAX_SAFE_INTEGER]);
  return { count, known: known.map((k) => k.id) };
}

async function deadLetter(tx: Queryable, scope: IngestScope, items: Array<{ raw: unknown; reason: string }>): Promise<void> {
  // A malformed event of an erased person is kept without its body, as their erasure left the old ones.
  const userOf = (raw: unknown) => { const u = (raw as { userId?: unknown } | null)?.userId; return typeof u === 'string' ? u : undefined; };
  const erased = await findErasedUsers(tx, scope.workspaceId, scope.accountId, [...new Set(items.map((i) => userOf(i.raw)).filter((u) => u !== undefined))]);
  if (erased.size > 0) items = items.map((i) => (erased.has(userOf(i.raw) ?? '') ? { ...i, raw: { erased: true } } : i));
  await tx.query(
    `insert into dead_letters (workspace_id, account_id, reason, raw)
     select $1, $2, u.reason, u.raw::jsonb from unnest($3::text[], $4::text[]) as u(reason, raw)`,
    [scope.workspaceId, scope.accountId, items.map((i) => i.reason), items.map((i) => safeJson(i.raw))]);
}

/** The raw item as JSON that jsonb accepts (no NUL, no unpaired surrogate), whatever it was. */
function safeJson(value: unknown): string {
  try {
    return storableJson(value);
  } catch {
    return JSON.stringify(String(value));
  }
}

export { IdentityCache };
