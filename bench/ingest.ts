/**
 * bench:ingest — 1,000,000 simulated events through the whole ingest path (the ingest queue:
 * validation, idempotency, identity resolution, storage, then the projector: rollups, memberships
 * and the rest) against a raw set-based insert of the same rows into the same table layout (one
 * unnest INSERT per batch into `events`, ids resolved beforehand, no validation, no conflict
 * check, no rollups), each on a fresh database, on Postgres and on PGlite, in the same run.
 *
 * The events are parsed into memory first, so neither side pays for reading them. The two run in
 * alternating rounds (--rounds, default 10), each into its own database, so that a drift in the
 * machine's speed hits both alike. An ingest round's time runs until the queue is drained, that is
 * until every event of the round is stored AND projected; the time until its last
 * acknowledgement is printed too.
 *
 *   npm run bench:ingest [-- --events=1000000 --batch=2000 --rounds=10 --engines=postgres,pglite]
 *
 * Targets: ingest ≥ 70% of the raw rate on Postgres, ≥ 60% on PGlite.
 */
import { createIngestQueue } from '../src/events/ingest-queue.ts';
import { ensurePlatformAccount, ensureWorkspace } from '../src/workspaces/workspaces.ts';
import type { Database } from '../src/db/database.ts';
import { benchDatabase, engines, fmt, numberArg, peakRssMb } from './support.ts';
import { readEventChunks, simulatedEventsFile } from './simulated-events.ts';

const total = numberArg('events', 1_000_000);
const batch = numberArg('batch', 2000);
/** Alternating rounds of raw insert and ingest (see below). */
const rounds = numberArg('rounds', 10);
/** Events per submission, as a webhook delivery brings them. */
const delivery = 500;
const targets = { postgres: 0.7, pglite: 0.6 } as const;

// Always the same community (1,000 groups × 32 days); a smaller --events takes its beginning.
const file = await simulatedEventsFile({ groups: 1000, days: 32, seed: 1, limit: 1_000_000 });
const chunks: unknown[][] = [];
let loaded = 0;
for await (const chunk of readEventChunks(file, batch)) {
  const part = chunk.slice(0, total - loaded);
  chunks.push(part);
  loaded += part.length;
  if (loaded >= total) break;
}
const datasetRss = Math.round(process.memoryUsage().rss / 1024 / 1024);

async function scopeOf(db: Database) {
  const w = await ensureWorkspace(db, 'bench');
  const a = await ensurePlatformAccount(db, w.id, 'sandbox', 'bench', 'bench');
  return { workspaceId: w.id, accountId: a.id, timezone: w.timezone };
}

/**
 * The ingest path, one round: every chunk as deliveries of `delivery` events, each chunk's
 * acknowledgements awaited before the next, then drain (everything stored and projected).
 */
function ingestRunner(db: Database) {
  let scope: Awaited<ReturnType<typeof scopeOf>> | undefined;
  const queue = createIngestQueue(db, { batchSize: batch, flushMs: 5 });
  return {
    async round(round: unknown[][]): Promise<{ events: number; ackSeconds: number }> {
      scope ??= await scopeOf(db);
      let events = 0;
      const t = performance.now();
      for (const chunk of round) {
        const parts: Promise<unknown>[] = [];
        for (let i = 0; i < chunk.length; i += delivery) parts.push(queue.submit(scope, chunk.slice(i, i + delivery)));
        const results = (await Promise.all(parts)) as Array<{ stored: number; rejected: unknown[] }>;
        for (const r of results) {
          events += r.stored;
          if (r.rejected.length) throw new Error(`rejected: ${JSON.stringify(r.rejected[0])}`);
        }
      }
      const ackSeconds = (performance.now() - t) / 1000;
      await queue.drain();
      return { events, ackSeconds };
    },
    close: () => queue.close(),
  };
}

type Ev = { eventId: string; type: string; occurredAt: string; groupId: string; userId?: string; messageId?: string };

/** The raw insert, one round: one unnest INSERT per chunk, ids numbered in memory. */
function rawRunner(db: Database) {
  let scope: Awaited<ReturnType<typeof scopeOf>> | undefined;
  const groupIds = new Map<string, number>(), memberIds = new Map<string, number>();
  const idOf = (m: Map<string, number>, k: string) => { let v = m.get(k); if (v === undefined) { v = m.size + 1; m.set(k, v); } return v; };
  return async (round: unknown[][]): Promise<number> => {
    const s = scope ??= await scopeOf(db);
    let events = 0;
    for (const chunk of round) {
      const evs = chunk as Ev[];
      const cols = [evs.map((e) => e.eventId), evs.map((e) => e.type), evs.map((e) => e.occurredAt),
        evs.map((e) => idOf(groupIds, e.groupId)), evs.map((e) => (e.userId ? idOf(memberIds, e.userId) : null)),
        evs.map((e) => e.messageId ?? null), evs.map((e) => JSON.stringify(e))];
      await db.transaction((tx) => tx.query(
        `insert into events (workspace_id, account_id, platform_event_id, type, occurred_at, group_id, member_id, message_id, payload)
         select $1, $2, u.id, u.type, u.t, u.g, u.mem, u.mid, u.p::jsonb
         from unnest($3::text[], $4::text[], $5::timestamptz[], $6::int8[], $7::int8[], $8::text[], $9::text[]) as u(id, type, t, g, mem, mid, p)`,
        [s.workspaceId, s.accountId, ...cols]));
      events += evs.length;
    }
    return events;
  };
}

const figures: Record<string, number> = {};
let met = true;
for (const engine of engines()) {
  // Both databases side by side, fed in alternating rounds, so that both see the machine as it is
  // at that moment (shared machines' speed drifts by more than the difference measured) and both
  // tables have the same size when each round is measured.
  const rawDb = await benchDatabase(engine);
  const ingestDb = await benchDatabase(engine);
  const raw = rawRunner(rawDb.db);
  const ingest = ingestRunner(ingestDb.db);
  let rawSeconds = 0, rawEvents = 0, ingestSeconds = 0, ackSeconds = 0, ingestEvents = 0;
  const per = Math.ceil(chunks.length / rounds);
  for (let r = 0; r < rounds; r++) {
    const round = chunks.slice(r * per, (r + 1) * per);
    if (round.length === 0) break;
    let t = performance.now();
    rawEvents += await raw(round);
    const rawRound = (performance.now() - t) / 1000;
    t = performance.now();
    const done = await ingest.round(round);
    const ingestRound = (performance.now() - t) / 1000;
    rawSeconds += rawRound; ingestSeconds += ingestRound; ackSeconds += done.ackSeconds; ingestEvents += done.events;
    console.log(`${engine.padEnd(8)} round ${r + 1}/${rounds}: raw ${fmt(round.length * batch / rawRound)}/s, ingest ${fmt(done.events / ingestRound)}/s (${((rawRound / ingestRound) * 100).toFixed(0)}%)`);
  }
  await ingest.close();
  const [check] = await ingestDb.db.query<{ n: number; m: number; logged: number }>(
    `select (select count(*) from events)::int as n, (select coalesce(sum(messages), 0) from group_daily)::int as m,
            (select count(*) from events where type = 'message')::int as logged`);
  if (check!.m !== check!.logged) throw new Error(`rollups count ${check!.m} messages, the log holds ${check!.logged}`);
  await rawDb.drop();
  await ingestDb.drop();
  const rawRate = rawEvents / rawSeconds, ingestRate = ingestEvents / ingestSeconds;
  const ratio = ingestRate / rawRate;
  const ok = ratio >= targets[engine];
  met &&= ok;
  console.log(`${engine.padEnd(8)} raw insert   ${fmt(rawRate).padStart(7)} events/s (${fmt(rawEvents)} events, ${rawSeconds.toFixed(1)} s)`);
  console.log(`${engine.padEnd(8)} ingest path  ${fmt(ingestRate).padStart(7)} events/s (${fmt(ingestEvents)} stored and projected, ${ingestSeconds.toFixed(1)} s, of which acknowledging ${ackSeconds.toFixed(1)} s; log ${fmt(check!.n)}, messages in rollups ${fmt(check!.m)})`);
  console.log(`${engine.padEnd(8)} ratio ${(ratio * 100).toFixed(1)}% of raw (target ${targets[engine] * 100}%: ${ok ? 'met' : 'NOT met'})`);
  figures[`${engine}_events_per_s`] = Math.round(ingestRate);
  figures[`${engine}_raw_events_per_s`] = Math.round(rawRate);
  figures[`${engine}_ratio`] = Number(ratio.toFixed(3));
}
const rss = peakRssMb();
console.log(`batch ${batch} events, deliveries of ${delivery}; peak RSS ${rss} MB (of which the events parsed in memory: ${datasetRss} MB)`);
console.log(JSON.stringify({ bench: 'ingest', events: total, batch, ...figures, peak_rss_mb: rss, targets_met: met }));
