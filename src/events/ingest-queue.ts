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
 *
 * The queue also runs the projector (src/events/projector.ts) for the workspaces it stored events
 * of: once projectAfter events wait for it, or projectLagMs after the first of them was stored.
 * Under load the projector thus takes large slices; when deliveries are few, figures follow
 * within projectLagMs. On Postgres it runs on its own connection, beside the next batches.
 */
import type { Database } from '../db/database.ts';
import { appendBatch, type IngestResult, type IngestScope } from './ingest.ts';
import { projectPending } from './projector.ts';

export interface IngestQueueOptions {
  /** Events per batch at most (a single larger submission still goes through whole). */
  batchSize: number;
  /** How long the first submission of a batch may wait for others to join it. */
  flushMs: number;
  /** Stored events that start a projection without waiting (default 20,000 on Postgres, 50,000 on PGlite). */
  projectAfter?: number;
  /** How long stored events wait at most before they are projected, however few (default 1 s). */
  projectLagMs?: number;
  /** Called when a projection fails (it is retried with the next batch or drain). */
  onProjectionError?: (err: unknown) => void;
  /** Called after a workspace's stored events were projected (the reactors follow: src/jobs/reactors.ts). */
  onProjected?: (workspaceId: number) => void;
}

export interface IngestQueue {
  /** Resolves with this submission's share of the result once its batch committed. */
  submit(scope: IngestScope, raw: unknown[]): Promise<IngestResult>;
  /** Writes everything submitted so far without waiting for batches to fill, and projects it. */
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
  const projection = createProjectionScheduler(db, options);

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
        const stored = await writeBatch(db, p.scope, batch);
        if (stored > 0) projection.stored(p.scope.workspaceId, stored);
      }
    } finally {
      writing = false;
      if (pending.size === 0) for (const done of idle.splice(0)) done();
    }
  }

  async function drain(): Promise<void> {
    if (pending.size > 0 || writing) {
      const done = new Promise<void>((resolve) => idle.push(resolve));
      for (const p of pending.values()) markDue(p);
      void pump();
      await done;
    }
    await projection.settle();
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

/** Appends one batch and resolves its submissions; returns how many events it stored. */
async function writeBatch(db: Database, scope: IngestScope, batch: Submission[]): Promise<number> {
  const merged = batch.length === 1 ? batch[0]!.raw : batch.flatMap((s) => s.raw);
  let result: IngestResult;
  try {
    result = await appendBatch(db, scope, merged);
  } catch (err) {
    for (const s of batch) s.reject(err);
    return 0;
  }
  if (batch.length === 1) batch[0]!.resolve(result);
  else {
    const owners = batch.flatMap((s, i) => s.raw.map(() => i));
    const shares = splitResult(batch, owners, merged, result);
    batch.forEach((s, i) => s.resolve(shares[i]!));
  }
  return result.stored;
}

interface ProjectionScheduler {
  /** `count` events of the workspace were stored. */
  stored(workspaceId: number, count: number): void;
  /**
   * Resolves when everything stored so far is projected. A workspace whose projection failed is
   * tried once more; if it fails again, this rejects with its error.
   */
  settle(): Promise<void>;
}

/**
 * Events that start a projection by default. On Postgres the projector runs on its own connection
 * beside the next batches being stored, so it starts early and keeps its backlog small (measured:
 * 20,000 keeps bench:ingest about 4 points above 50,000, whose backlog is left to project after
 * the last batch). On PGlite it holds the one session while it runs: fewer, larger slices cost
 * less per event there.
 */
function defaultProjectAfter(db: Database): number {
  return db.engine === 'postgres' ? 20_000 : 50_000;
}

/**
 * Starts projections for the workspaces with stored events, one run at a time; a run catches
 * each workspace up completely. Events wait at most projectLagMs, or less once projectAfter of them
 * wait: under load the slices grow, which is what makes projecting cheap per event.
 */
function createProjectionScheduler(db: Database, options: IngestQueueOptions): ProjectionScheduler {
  const after = options.projectAfter ?? defaultProjectAfter(db);
  const lagMs = options.projectLagMs ?? 1000;
  const waiting = new Map<number, number>(); // workspace → events stored, not yet projected
  const failed = new Set<number>();
  let lastError: unknown;
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;

  function total(): number {
    let n = 0;
    for (const v of waiting.values()) n += v;
    return n;
  }

  function schedule(): void {
    if (running) return; // a run reschedules when it ends
    if (total() >= after) void run();
    else if (waiting.size > 0 && !timer) timer = setTimeout(() => { timer = undefined; void run(); }, lagMs);
  }

  function run(): Promise<void> {
    if (timer) { clearTimeout(timer); timer = undefined; }
    if (running) return running;
    running = (async () => {
      const workspaces = [...waiting.keys()];
      waiting.clear();
      for (const workspaceId of workspaces) {
        try {
          await projectPending(db, workspaceId);
          options.onProjected?.(workspaceId);
        } catch (err) {
          // Nothing of a failed slice is applied (its transaction rolled back): its events stay
          // behind the watermark for the next run.
          failed.add(workspaceId);
          lastError = err;
          options.onProjectionError?.(err);
        }
      }
    })().finally(() => { running = undefined; schedule(); });
    return running;
  }

  return {
    stored(workspaceId, count) {
      waiting.set(workspaceId, (waiting.get(workspaceId) ?? 0) + count);
      schedule();
    },
    async settle() {
      let retried = false;
      for (;;) {
        if (running) { await running; continue; }
        if (failed.size > 0) {
          if (retried) throw lastError;
          retried = true;
          for (const w of failed) waiting.set(w, waiting.get(w) ?? 0);
          failed.clear();
        }
        if (waiting.size === 0) return;
        await run();
      }
    },
  };
}

/**
 * Gives each submission its share of the merged result. Rejections map back by index. Of the
 * events that passed validation, the first occurrence of an event id in the merged batch was a
 * candidate for storing and later ones are duplicates within the batch, as appendBatch counts
 * them; the candidates appendBatch reports as already stored were not new either.
 */
function splitResult(batch: Submission[], owners: number[], merged: unknown[], result: IngestResult): IngestResult[] {
  const shares: IngestResult[] = batch.map(() => ({ stored: 0, duplicates: 0, rejected: [] }));
  const starts: number[] = [];
  let offset = 0;
  for (const s of batch) { starts.push(offset); offset += s.raw.length; }
  const rejected = new Set<number>();
  for (const r of result.rejected) {
    const owner = owners[r.index]!;
    shares[owner]!.rejected.push({ ...r, index: r.index - starts[owner]! });
    rejected.add(r.index);
  }
  const known = new Set(result.alreadyStored ?? []);
  const seen = new Set<string>();
  merged.forEach((item, index) => {
    if (rejected.has(index)) return;
    const share = shares[owners[index]!]!;
    const eventId = (item as { eventId: string }).eventId;
    if (seen.has(eventId) || known.has(eventId)) { share.duplicates++; return; }
    seen.add(eventId);
    share.stored++;
  });
  return shares;
}
