/**
 * Ingest: the one way events enter Qunyun. A batch is validated, written to the append-only event
 * log and projected into groups, members, memberships, messages and rollups, all in one
 * transaction, with set-based statements (unnest), never a round trip per event.
 *
 * Exactly once: the event log's key (workspace, account, platform event id) drops re-deliveries,
 * and only events newly stored by this batch are projected. Projections are written so that the
 * order of delivery does not matter (the latest occurred_at wins; counters only add).
 * A malformed event is dead-lettered with its reason; the rest of its batch goes through.
 */
import type { Database, Queryable } from '../db/database.ts';
import { parseEvent, type PlatformEvent } from './envelope.ts';
import { projectEvents } from './projections.ts';
import { IdentityCache, resolveGroups, resolveMembers } from './identities.ts';

export interface IngestScope {
  workspaceId: number;
  accountId: number;
  /** IANA zone of the workspace: days and hours of the rollups are counted in it. */
  timezone: string;
}

export interface IngestResult {
  /** Events stored for the first time (their effects applied). */
  stored: number;
  /** Events already stored before (or twice in this batch): no effect. */
  duplicates: number;
  /** Events that failed validation, dead-lettered with their reason. */
  rejected: Array<{ index: number; eventId?: string; reason: string }>;
}

const sharedCache = new IdentityCache();

/**
 * Validates and stores a batch of raw events from one platform account. Resolves once the batch
 * is committed: only then may a connector acknowledge the events to its platform.
 */
export async function ingestBatch(db: Database, scope: IngestScope, raw: readonly unknown[], cache: IdentityCache = sharedCache): Promise<IngestResult> {
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
  const stored = await db.transaction(async (tx) => {
    if (rejected.length > 0) await deadLetter(tx, scope, rejected.map((r) => ({ raw: raw[r.index], reason: r.reason })));
    if (valid.length === 0) return 0;
    const fresh = await appendToLog(tx, scope, valid, payloads);
    if (fresh.length === 0) return 0;
    const groupIds = await resolveGroups(tx, scope, fresh, cache, pending);
    const memberIds = await resolveMembers(tx, scope, fresh, cache, pending);
    await projectEvents(tx, scope, fresh, groupIds, memberIds);
    return fresh.length;
  });
  // Ids created in the transaction are only trusted once it has committed.
  cache.commit(pending);
  return { stored, duplicates: duplicates + valid.length - stored, rejected };
}

/** Inserts the events into the log; returns those not stored before, in batch order. */
async function appendToLog(tx: Queryable, scope: IngestScope, events: PlatformEvent[], payloads: string[]): Promise<PlatformEvent[]> {
  const ids: string[] = [], types: string[] = [], times: string[] = [], groups: string[] = [];
  for (const e of events) {
    ids.push(e.eventId); types.push(e.type); times.push(e.occurredAt); groups.push(e.groupId);
  }
  const rows = await tx.query<{ id: string }>(
    `insert into events (workspace_id, account_id, platform_event_id, type, occurred_at, platform_group_id, payload)
     select $1, $2, u.id, u.type, u.t, u.g, u.p::jsonb
     from unnest($3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[]) as u(id, type, t, g, p)
     on conflict (workspace_id, account_id, platform_event_id) do nothing
     returning platform_event_id as id`,
    [scope.workspaceId, scope.accountId, ids, types, times, groups, payloads]);
  if (rows.length === events.length) return events;
  const fresh = new Set(rows.map((r) => r.id));
  return events.filter((e) => fresh.has(e.eventId));
}

async function deadLetter(tx: Queryable, scope: IngestScope, items: Array<{ raw: unknown; reason: string }>): Promise<void> {
  await tx.query(
    `insert into dead_letters (workspace_id, account_id, reason, raw)
     select $1, $2, u.reason, u.raw::jsonb from unnest($3::text[], $4::text[]) as u(reason, raw)`,
    [scope.workspaceId, scope.accountId, items.map((i) => i.reason), items.map((i) => safeJson(i.raw))]);
}

function safeJson(value: unknown): string {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? 'null' : text.replaceAll('\\u0000', '');
  } catch {
    return JSON.stringify(String(value));
  }
}

export { IdentityCache };
