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
import { LocalDays } from './local-day.ts';
import { ACTIVE_DAY_TAIL, COUNT_ROLLUP_CTES } from './rollups.ts';

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
 * Validates and stores a batch of raw events from one platform account. Resolves once the batch
 * is committed: only then may a connector acknowledge the events to its platform.
 */
export async function ingestBatch(db: Database, scope: IngestScope, raw: readonly unknown[], cache: IdentityCache = cacheOf(db)): Promise<IngestResult> {
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
  const activeDays = new Set<string>();
  let alreadyStored: string[] = [];
  const stored = await db.transaction(async (tx) => {
    if (rejected.length > 0) await deadLetter(tx, scope, rejected.map((r) => ({ raw: raw[r.index], reason: r.reason })));
    if (valid.length === 0) return 0;
    const groupIds = await resolveGroups(tx, scope, valid, cache, pending);
    const created = new Set<string>();
    const memberIds = await resolveMembers(tx, scope, valid, cache, pending, created);
    const { count, others, known } = await appendToLog(tx, scope, valid, payloads, groupIds, memberIds);
    alreadyStored = known;
    await markActiveDays(tx, scope, valid, groupIds, memberIds, cache, activeDays);
    if (others.size > 0) await projectEvents(tx, scope, valid.filter((e) => others.has(e.eventId)), groupIds, memberIds, created);
    return count;
  });
  // What the transaction created is only trusted once it has committed.
  cache.commit(pending, activeDays);
  if (cache.takeAnalyzeDue()) await db.query(`analyze member_identities, members, groups, memberships, member_group_daily`);
  return { stored, duplicates: duplicates + valid.length - stored, rejected, alreadyStored };
}

/**
 * Inserts the events into the log and, in the same statement, adds those not stored before to the
 * counting rollups (src/events/rollups.ts, shared with the rebuild; in the workspace's time zone). Returns how many were new, and the ids
 * of the new events other than plain messages, which need further projection.
 */
async function appendToLog(tx: Queryable, scope: IngestScope, events: PlatformEvent[], payloads: string[], groupIds: Map<string, number>, memberIds: Map<string, number>): Promise<{ count: number; others: Set<string>; known: string[] }> {
  const n = events.length;
  const ids = new Array<string>(n), types = new Array<string>(n), times = new Array<string>(n);
  const groups = new Array<number>(n), members = new Array<number | null>(n), messages = new Array<string | null>(n);
  for (let i = 0; i < n; i++) {
    const e = events[i]!;
    ids[i] = e.eventId; types[i] = e.type; times[i] = e.occurredAt; groups[i] = groupIds.get(e.groupId)!;
    const user = 'userId' in e ? e.userId : undefined;
    members[i] = user === undefined ? null : memberIds.get(user)!;
    messages[i] = 'messageId' in e ? e.messageId : null;
  }
  const rows = await tx.query<{ count: number; others: string[] | null; known: string[] | null }>(
    `with ins as (
       insert into events (workspace_id, account_id, platform_event_id, type, occurred_at, group_id, member_id, message_id, payload)
       select $1, $2, u.id, u.type, u.t, u.g, u.mem, u.mid, u.p::jsonb
       from unnest($4::text[], $5::text[], $6::timestamptz[], $7::int8[], $8::int8[], $9::text[], $10::text[]) as u(id, type, t, g, mem, mid, p)
       on conflict (workspace_id, account_id, platform_event_id) do nothing
       returning platform_event_id, type, occurred_at, group_id, member_id, payload),
     ${COUNT_ROLLUP_CTES}
     select (select count(*)::int from ins) as count,
            (select array_agg(platform_event_id) from ins where type <> 'message') as others,
            (select array_agg(u.id) from unnest($4::text[]) as u(id)
              where not exists (select 1 from ins where ins.platform_event_id = u.id)) as known`,
    [scope.workspaceId, scope.accountId, scope.timezone, ids, types, times, groups, members, messages, payloads]);
  const row = rows[0]!;
  return { count: row.count, others: new Set(row.others ?? []), known: row.known ?? [] };
}

/**
 * Records the days members wrote in groups (and in the workspace: ACTIVE_DAY_TAIL, shared with the
 * rebuild). Only a member's first message of a day in a group
 * needs a row, so rows known to exist are not sent again; the insert is idempotent either way.
 */
async function markActiveDays(tx: Queryable, scope: IngestScope, events: PlatformEvent[], groupIds: Map<string, number>, memberIds: Map<string, number>, cache: IdentityCache, added: Set<string>): Promise<void> {
  const days = localDays(scope.timezone);
  const gs: number[] = [], ms: number[] = [], ds: string[] = [];
  for (const e of events) {
    if (e.type !== 'message') continue;
    const g = groupIds.get(e.groupId)!, m = memberIds.get(e.userId)!, d = days.dayOf(Date.parse(e.occurredAt));
    const key = `${scope.workspaceId}:${g}:${m}:${d}`;
    if (added.has(key) || cache.hasActiveDay(key)) continue;
    added.add(key);
    gs.push(g); ms.push(m); ds.push(d);
  }
  if (gs.length === 0) return;
  await tx.query(
    `with mgd as (
       insert into member_group_daily (workspace_id, group_id, member_id, day)
       select $1, u.g, u.m, u.d from unnest($2::int8[], $3::int8[], $4::date[]) as u(g, m, d)
       on conflict do nothing returning member_id, day)
     ${ACTIVE_DAY_TAIL}`, [scope.workspaceId, gs, ms, ds]);
}

const zones = new Map<string, LocalDays>();
function localDays(timezone: string): LocalDays {
  let z = zones.get(timezone);
  if (!z) { z = new LocalDays(timezone); zones.set(timezone, z); }
  return z;
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
