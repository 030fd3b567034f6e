/**
 * The ingest queue: merges events submitted concurrently (webhook deliveries, imports) into
 * batches and writes them with ingestBatch, one batch at a time. Many small deliveries then cost
 * one short transaction instead of one each, and PGlite's single session is never asked for two
 * transactions at once.
 *
 * Each submission resolves with its own share of the result only after the batch that holds it
 * committed, so a connector acknowledges nothing that is not stored. If the batch fails, every
 * submission in it rejects and nothing of it is stored: the platform delivers again.
 *
 * A submission is never split: a batch holds whole submissions up to batchSize events (a single
 * larger submission is a batch of its own). Batches are per scope (workspace, account, zone).
 */
import type { Database } from '../db/database.ts';
import { ingestBatch, type IngestResult, type IngestScope } from './ingest.ts';

export interface IngestQueueOptions {
  /** Events per batch at most (a single larger submission still goes through whole). */
  batchSize: number;
  /** How long the first submission of a batch may wait for others to join it. */
  flushMs: number;
}

export interface IngestQueue {
  /** Resolves with this submission's share of the result once its batch committed. */
  submit(scope: IngestScope, raw: unknown[]): Promise<IngestResult>;
  /** Writes everything submitted so far without waiting for batches to fill. */
  drain(): Promise<void>;
  /** Drains, then refuses further submissions. */
  close(): Promise<void>;
}

interface Submission {
  raw: unknown[];
  resolve(result: IngestResult): void;
  reject(error: unknown): void;
}

interface Pending {
  scope: IngestScope;
  items: Submission[];
  events: number;
  /** Set when the batch is full or its wait is over: it is written at the next turn. */
  due: boolean;
  timer: NodeJS.Timeout | undefined;
}

export class IngestQueueClosed extends Error {
  constructor() { super('the ingest queue is closed'); }
}

export function createIngestQueue(db: Database, options: IngestQueueOptions): IngestQueue {
  const pending = new Map<string, Pending>();
  const idle: Array<() => void> = [];
  let writing = false;
  let closed = false;

  function keyOf(s: IngestScope): string {
    return `${s.workspaceId}\u0001${s.accountId}\u0001${s.timezone}`;
  }

  function markDue(p: Pending): void {
    p.due = true;
    if (p.timer) { clearTimeout(p.timer); p.timer = undefined; }
  }

  function submit(scope: IngestScope, raw: unknown[]): Promise<IngestResult> {
    if (closed) return Promise.reject(new IngestQueueClosed());
    if (raw.length === 0) return Promise.resolve({ stored: 0, duplicates: 0, rejected: [] });
    return new Promise<IngestResult>((resolve, reject) => {
      const key = keyOf(scope);
      let p = pending.get(key);
      if (!p) {
        p = { scope, items: [], events: 0, due: false, timer: undefined };
        pending.set(key, p);
      }
      p.items.push({ raw, resolve, reject });
      p.events += raw.length;
      if (p.events >= options.batchSize || options.flushMs === 0) markDue(p);
      else if (!p.due && !p.timer) {
        const entry = p;
        entry.timer = setTimeout(() => { entry.timer = undefined; entry.due = true; void pump(); }, options.flushMs);
      }
      void pump();
    });
  }

  /** Writes due batches one after another until none is due. */
  async function pump(): Promise<void> {
    if (writing) return;
    writing = true;
    try {
      for (;;) {
        const next = [...pending.entries()].find(([, p]) => p.due);
        if (!next) break;
        const [key, p] = next;
        const batch = takeBatch(p, options.batchSize);
        pending.delete(key);
        if (p.timer) { clearTimeout(p.timer); p.timer = undefined; }
        // What is left has waited through this write already: it is due, after the other scopes'.
        if (p.items.length > 0) { p.due = true; pending.set(key, p); }
        await writeBatch(db, p.scope, batch);
      }
    } finally {
      writing = false;
      if (pending.size === 0) for (const done of idle.splice(0)) done();
    }
  }

  async function drain(): Promise<void> {
    if (pending.size === 0 && !writing) return;
    const done = new Promise<void>((resolve) => idle.push(resolve));
    for (const p of pending.values()) markDue(p);
    void pump();
    await done;
  }

  return {
    submit,
    drain,
    async close() {
      closed = true;
      await drain();
    },
  };
}

function takeBatch(p: Pending, batchSize: number): Submission[] {
  const batch: Submission[] = [];
  let events = 0;
  while (p.items.length > 0) {
    const next = p.items[0]!;
    if (batch.length > 0 && events + next.raw.length > batchSize) break;
    batch.push(p.items.shift()!);
    events += next.raw.length;
  }
  p.events -= events;
  return batch;
}

async function writeBatch(db: Database, scope: IngestScope, batch: Submission[]): Promise<void> {
  const merged = batch.length === 1 ? batch[0]!.raw : batch.flatMap((s) => s.raw);
  let result: IngestResult;
  try {
    result = await ingestBatch(db, scope, merged);
  } catch (err) {
    for (const s of batch) s.reject(err);
    return;
  }
  if (batch.length === 1) { batch[0]!.resolve(result); return; }
  const owners = batch.flatMap((s, i) => s.raw.map(() => i));
  let shares: IngestResult[];
  try {
    shares = await splitResult(db, scope, batch, owners, merged, result);
  } catch {
    // The batch is committed; only telling its new events from the known ones failed. Count them
    // in order rather than fail submissions whose events are stored.
    shares = split(batch, owners, merged, result, undefined);
  }
  batch.forEach((s, i) => s.resolve(shares[i]!));
}

/**
 * Gives each submission its share of the merged result. Rejections map back by index. Of the
 * events that passed validation, the first occurrence of an event id in the merged batch was a
 * candidate for storing and later ones are duplicates within the batch, as ingestBatch counts
 * them. Which candidates were new is clear when all went the same way or all belong to one
 * submission; otherwise the rows this batch stored are told apart by their received_at: the
 * start of this batch's transaction, later than that of every row stored before it.
 */
async function splitResult(db: Database, scope: IngestScope, batch: Submission[], owners: number[], merged: unknown[], result: IngestResult): Promise<IngestResult[]> {
  const { candidates, withinBatch } = classify(merged, result);
  const known = result.duplicates - withinBatch;
  if (known === 0) return split(batch, owners, merged, result, 'all');
  if (result.stored === 0) return split(batch, owners, merged, result, 'none');
  if (new Set(candidates.map((i) => owners[i])).size === 1) return split(batch, owners, merged, result, undefined);
  const ids = candidates.map((i) => (merged[i] as { eventId: string }).eventId);
  const rows = await db.query<{ id: string }>(
    `select id from (
       select e.platform_event_id as id, e.received_at, max(e.received_at) over () as latest
       from unnest($3::text[]) as u(id)
       cross join lateral (select platform_event_id, received_at from events
         where workspace_id = $1 and account_id = $2 and platform_event_id = u.id) e) x
     where received_at = latest`,
    [scope.workspaceId, scope.accountId, ids]);
  const fresh = new Set(rows.map((r) => r.id));
  // Another process storing the same events at the same moment could blur the line: count in order then.
  return split(batch, owners, merged, result, fresh.size === result.stored ? fresh : undefined);
}

/** Indexes of the candidates (first valid occurrence of each event id) and the duplicates within the batch. */
function classify(merged: unknown[], result: IngestResult): { candidates: number[]; withinBatch: number } {
  const rejected = new Set(result.rejected.map((r) => r.index));
  const seen = new Set<string>();
  const candidates: number[] = [];
  let withinBatch = 0;
  merged.forEach((item, index) => {
    if (rejected.has(index)) return;
    const eventId = (item as { eventId: string }).eventId;
    if (seen.has(eventId)) { withinBatch++; return; }
    seen.add(eventId);
    candidates.push(index);
  });
  return { candidates, withinBatch };
}

/**
 * Builds each submission's result. `fresh` says which candidates were stored: all, none, the
 * given event ids, or (undefined) the first result.stored candidates in order, which is exact
 * when one submission holds every candidate.
 */
function split(batch: Submission[], owners: number[], merged: unknown[], result: IngestResult, fresh: 'all' | 'none' | Set<string> | undefined): IngestResult[] {
  const shares: IngestResult[] = batch.map(() => ({ stored: 0, duplicates: 0, rejected: [] }));
  const starts: number[] = [];
  let offset = 0;
  for (const s of batch) { starts.push(offset); offset += s.raw.length; }
  for (const r of result.rejected) {
    const owner = owners[r.index]!;
    shares[owner]!.rejected.push({ ...r, index: r.index - starts[owner]! });
  }
  const { candidates } = classify(merged, result);
  const isCandidate = new Set(candidates);
  const rejected = new Set(result.rejected.map((r) => r.index));
  let left = result.stored;
  merged.forEach((item, index) => {
    if (rejected.has(index)) return;
    const share = shares[owners[index]!]!;
    if (!isCandidate.has(index)) { share.duplicates++; return; }
    const eventId = (item as { eventId: string }).eventId;
    const isNew = fresh === 'all' || (fresh !== 'none' && (fresh ? fresh.has(eventId) : left > 0));
    if (isNew) { share.stored++; left--; } else share.duplicates++;
  });
  return shares;
}
