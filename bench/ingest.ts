/**
 * bench:ingest — 1,000,000 simulated events through the whole ingest path (the ingest queue:
 * validation, idempotency, identity resolution, projections, rollups, storage) against a raw
 * set-based insert of the same rows into the same table layout (one unnest INSERT per batch into
 * `events`, ids resolved beforehand, no validation, no conflict check, no rollups), each on a
 * fresh database, on Postgres and on PGlite, in the same run.
 *
 *   npm run bench:ingest [-- --events=1000000 --batch=2000 --engines=postgres,pglite]
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
/** Events per submission, as a webhook delivery brings them. */
const delivery = 500;
const targets = { postgres: 0.7, pglite: 0.6 } as const;

const file = await simulatedEventsFile({ groups: 1000, days: Math.ceil(32 * total / 1_000_000), seed: 1, limit: total });

async function scopeOf(db: Database) {
  const w = await ensureWorkspace(db, 'bench');
  const a = await ensurePlatformAccount(db, w.id, 'sandbox', 'bench', 'bench');
  return { workspaceId: w.id, accountId: a.id, timezone: w.timezone };
}

async function runIngest(db: Database): Promise<{ seconds: number; events: number }> {
  const scope = await scopeOf(db);
  const queue = createIngestQueue(db, { batchSize: batch, flushMs: 5 });
  let seconds = 0, events = 0;
  for await (const chunk of readEventChunks(file, batch)) {
    const t = performance.now();
    const parts: Promise<unknown>[] = [];
    for (let i = 0; i < chunk.length; i += delivery) parts.push(queue.submit(scope, chunk.slice(i, i + delivery)));
    const results = (await Promise.all(parts)) as Array<{ stored: number; rejected: unknown[] }>;
    seconds += (performance.now() - t) / 1000;
    for (const r of results) {
      events += r.stored;
      if (r.rejected.length) throw new Error(`rejected: ${JSON.stringify(r.rejected[0])}`);
    }
  }
  await queue.close();
  return { seconds, events };
}

type Ev = { eventId: string; type: string; occurredAt: string; groupId: string; userId?: string; messageId?: string };

async function runRaw(db: Database): Promise<{ seconds: number; events: number }> {
  const scope = await scopeOf(db);
  const groupIds = new Map<string, number>(), memberIds = new Map<string, number>();
  const idOf = (m: Map<string, number>, k: string) => { let v = m.get(k); if (v === undefined) { v = m.size + 1; m.set(k, v); } return v; };
  let seconds = 0, events = 0;
  for await (const chunk of readEventChunks(file, batch)) {
    const evs = chunk as Ev[];
    const cols = [evs.map((e) => e.eventId), evs.map((e) => e.type), evs.map((e) => e.occurredAt),
      evs.map((e) => idOf(groupIds, e.groupId)), evs.map((e) => (e.userId ? idOf(memberIds, e.userId) : null)),
      evs.map((e) => e.messageId ?? null), evs.map((e) => JSON.stringify(e))];
    const t = performance.now();
    await db.transaction((tx) => tx.query(
      `insert into events (workspace_id, account_id, platform_event_id, type, occurred_at, group_id, member_id, message_id, payload)
       select $1, $2, u.id, u.type, u.t, u.g, u.mem, u.mid, u.p::jsonb
       from unnest($3::text[], $4::text[], $5::timestamptz[], $6::int8[], $7::int8[], $8::text[], $9::text[]) as u(id, type, t, g, mem, mid, p)`,
      [scope.workspaceId, scope.accountId, ...cols]));
    seconds += (performance.now() - t) / 1000;
    events += evs.length;
  }
  return { seconds, events };
}

const figures: Record<string, number> = {};
let met = true;
for (const engine of engines()) {
  const rawDb = await benchDatabase(engine);
  const raw = await runRaw(rawDb.db);
  await rawDb.drop();
  const ingestDb = await benchDatabase(engine);
  const ingest = await runIngest(ingestDb.db);
  const [check] = await ingestDb.db.query<{ n: number; m: number }>(
    `select (select count(*) from events)::int as n, (select coalesce(sum(messages), 0) from group_daily)::int as m`);
  await ingestDb.drop();
  const rawRate = raw.events / raw.seconds, ingestRate = ingest.events / ingest.seconds;
  const ratio = ingestRate / rawRate;
  const ok = ratio >= targets[engine];
  met &&= ok;
  console.log(`${engine.padEnd(8)} raw insert   ${fmt(rawRate).padStart(7)} events/s (${fmt(raw.events)} events, ${raw.seconds.toFixed(1)} s)`);
  console.log(`${engine.padEnd(8)} ingest path  ${fmt(ingestRate).padStart(7)} events/s (${fmt(ingest.events)} stored, ${ingest.seconds.toFixed(1)} s; log ${fmt(check!.n)}, messages in rollups ${fmt(check!.m)})`);
  console.log(`${engine.padEnd(8)} ratio ${(ratio * 100).toFixed(1)}% of raw (target ${targets[engine] * 100}%: ${ok ? 'met' : 'NOT met'})`);
  figures[`${engine}_events_per_s`] = Math.round(ingestRate);
  figures[`${engine}_raw_events_per_s`] = Math.round(rawRate);
  figures[`${engine}_ratio`] = Number(ratio.toFixed(3));
}
const rss = peakRssMb();
console.log(`batch ${batch} events, deliveries of ${delivery}; peak RSS ${rss} MB`);
console.log(JSON.stringify({ bench: 'ingest', events: total, batch, ...figures, peak_rss_mb: rss, targets_met: met }));
