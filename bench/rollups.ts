/**
 * bench:rollups — what the projector's rollup statement (src/events/rollups.ts) costs at scale,
 * apart from the rest of ingest: the simulated community's events (as bench:ingest) are stored
 * through the ingest path once, then the rollups are emptied and recomputed from the log in
 * slices of --slice events by seq, as the projector feeds them, --rounds times. Prints the CPU
 * spent by the database (Postgres: the backend's, from /proc; PGlite: this process's) and the wall
 * time per round, and a digest of every rollup row: two branches give the same figures when their
 * digests match. CPU rather than wall time because shared machines' load moves wall time by 2×.
 *
 *   npm run bench:rollups [-- --events=1000000 --slice=50000 --rounds=3 --engines=postgres,pglite]
 *   npm run bench:rollups -- --explain=900000   (EXPLAIN ANALYZE of the slice after seq 900,000)
 *
 * Compare two versions by running it on each, on the same machine, one after the other.
 */
import { readFileSync } from 'node:fs';
import { openDatabase, type Database } from '../src/db/database.ts';
import { createIngestQueue } from '../src/events/ingest-queue.ts';
import { addToRollupsReadingWriters, ROLLUP_TABLES } from '../src/events/rollups.ts';
import { ensurePlatformAccount, ensureWorkspace } from '../src/workspaces/workspaces.ts';
import { benchDatabase, engines, fmt, numberArg, peakRssMb } from './support.ts';
import { readEventChunks, simulatedEventsFile } from './simulated-events.ts';

const total = numberArg('events', 1_000_000);
const slice = numberArg('slice', 50_000);
const rounds = numberArg('rounds', 3);
const explainArg = process.argv.find((a) => a.startsWith('--explain='));
const explainAfter = explainArg ? Number(explainArg.slice('--explain='.length)) : undefined;

const ROLLBACK = new Error('rolled back after the explain');
const file = await simulatedEventsFile({ groups: 1000, days: 32, seed: 1, limit: 1_000_000 });

async function load(db: Database): Promise<{ id: number; timezone: string }> {
  const w = await ensureWorkspace(db, 'bench');
  const a = await ensurePlatformAccount(db, w.id, 'sandbox', 'bench', 'bench');
  const queue = createIngestQueue(db, { batchSize: 2000, flushMs: 5 });
  let loaded = 0;
  for await (const chunk of readEventChunks(file, 2000)) {
    const part = chunk.slice(0, total - loaded);
    const parts: Promise<unknown>[] = [];
    for (let i = 0; i < part.length; i += 500) parts.push(queue.submit({ workspaceId: w.id, accountId: a.id, timezone: w.timezone }, part.slice(i, i + 500)));
    await Promise.all(parts);
    loaded += part.length;
    if (loaded >= total) break;
  }
  await queue.drain();
  await queue.close();
  return { id: w.id, timezone: w.timezone };
}

/** CPU milliseconds spent so far by whatever runs the statements. */
async function cpuClock(db: Database): Promise<() => number> {
  if (db.engine === 'pglite') return () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  const [{ pid }] = (await db.query<{ pid: number }>('select pg_backend_pid() as pid')) as [{ pid: number }];
  return () => {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) * 10; // utime + stime, in ticks of 10 ms
  };
}

async function digest(db: Database, ws: number): Promise<string> {
  const [row] = await db.query<{ h: string }>(`select md5(
    (select coalesce(string_agg(x::text, ',' order by group_id, day), '') from group_daily x where workspace_id = $1) ||
    (select coalesce(string_agg(x::text, ',' order by group_id, day, source), '') from group_join_sources x where workspace_id = $1) ||
    (select coalesce(string_agg(x::text, ',' order by day), '') from workspace_daily x where workspace_id = $1) ||
    (select coalesce(string_agg(x::text, ',' order by month), '') from workspace_monthly x where workspace_id = $1) ||
    (select coalesce(string_agg(id || ':' || coalesce(last_active_day::text, '-'), ',' order by id), '') from groups where workspace_id = $1)) as h`, [ws]);
  return row!.h;
}

const results: Record<string, unknown>[] = [];
for (const engine of engines()) {
  const t = await benchDatabase(engine);
  try {
    let s = performance.now();
    const ws = await load(t.db);
    // Postgres: one connection, so that every statement runs in the backend whose CPU is read.
    const db = engine === 'postgres' ? await openDatabase({ databaseUrl: t.databaseUrl!, poolSize: 1 }) : t.db;
    console.log(`${engine.padEnd(8)} ${fmt(total)} events stored and projected in ${((performance.now() - s) / 1000).toFixed(1)} s`);
    const seqs = (await db.query<{ seq: number }>('select seq from events where workspace_id = $1 order by seq', [ws.id])).map((r) => Number(r.seq));
    const bounds: number[] = [];
    for (let i = slice - 1; i < seqs.length; i += slice) bounds.push(seqs[i]!);
    if (bounds.at(-1) !== seqs.at(-1)) bounds.push(seqs.at(-1)!);
    if (explainAfter !== undefined) {
      const upTo = bounds.find((b) => b > explainAfter) ?? seqs.at(-1)!;
      await db.transaction(async (tx) => {
        const explaining = { query: async (sql: string, params?: unknown[]) => {
          if (!/^\s*with/.test(sql)) return tx.query(sql, params);
          const plan = await tx.query<Record<string, string>>(`explain (analyze, buffers) ${sql}`, params);
          console.log(plan.map((r) => Object.values(r)[0]).join('\n'));
          return [{ n: 0, acc: [], g: [], mem: [], first: [], last: [], first_ms: [] }];
        } };
        await addToRollupsReadingWriters(explaining as never, ws, { afterSeq: explainAfter, upToSeq: upTo }, true);
        throw ROLLBACK; // the explained statement ran: nothing of it is kept
      }).catch((err: unknown) => { if (err !== ROLLBACK) throw err; });
    }
    const cpu = await cpuClock(db);
    const cpuRounds: number[] = [], wallRounds: number[] = [];
    let sum = '';
    for (let r = 0; r < rounds; r++) {
      await db.transaction(async (tx) => {
        for (const table of ROLLUP_TABLES) await tx.query(`delete from ${table} where workspace_id = $1`, [ws.id]);
        await tx.query('update groups set last_active_day = null where workspace_id = $1', [ws.id]);
      });
      if (engine === 'postgres') await db.query(`vacuum analyze ${ROLLUP_TABLES.join(', ')}, groups`);
      const c0 = cpu();
      s = performance.now();
      let prev = 0;
      for (const b of bounds) {
        await db.transaction((tx) => addToRollupsReadingWriters(tx, ws, { afterSeq: prev, upToSeq: b }, true));
        prev = b;
      }
      wallRounds.push((performance.now() - s) / 1000);
      cpuRounds.push((cpu() - c0) / 1000);
      sum = await digest(db, ws.id);
      console.log(`${engine.padEnd(8)} round ${r + 1}/${rounds}: database CPU ${cpuRounds.at(-1)!.toFixed(2)} s, wall ${wallRounds.at(-1)!.toFixed(2)} s, ${bounds.length} slices of ${fmt(slice)}; rollups digest ${sum}`);
    }
    const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
    console.log(`${engine.padEnd(8)} median: database CPU ${median(cpuRounds).toFixed(2)} s, wall ${median(wallRounds).toFixed(2)} s (${fmt(total / median(wallRounds))} events/s)`);
    results.push({ engine, events: total, slice, cpuSeconds: Number(median(cpuRounds).toFixed(2)), wallSeconds: Number(median(wallRounds).toFixed(2)), digest: sum });
    if (db !== t.db) await db.close();
  } finally {
    await t.drop();
  }
}
console.log(JSON.stringify({ bench: 'rollups', results, peak_rss_mb: peakRssMb() }));
