/**
 * History import benchmark: writes a Telegram Desktop export of about --mb megabytes (default
 * 100) to a temp folder, imports it into a fresh database per engine (PGlite by default; add
 * Postgres with --engines=pglite,postgres) and reports events/s, duration and the process's peak
 * RSS (the target: under 300 MB for a 100 MB export: the import streams, it never holds the file).
 *
 *   npx node bench/import.ts --mb=100 [--engines=pglite,postgres] [--batch=2000] [--seed=1]
 *
 * Ends with one line of JSON per engine:
 * {"bench":"import","engine":…,"mb":…,"events":…,"events_per_s":…,"peak_rss_mb":…,…}
 * The import itself is the real command, `qunyun import telegram <file>`, run in a process of its
 * own on an already migrated database (embedded or server), started through the launcher
 * bin/qunyun.js as a user starts it; peak_rss_mb is the peak of the resident memory of the launcher
 * and the import process it starts (with bounded memory: src/cli/bounded-memory.ts), summed,
 * sampled from /proc every 25 ms; import_process_peak_rss_mb is the import process's own maxRSS,
 * as the command reports it (embedded engine included).
 * On PGlite it then measures the first commands on a new data folder, where the database is
 * created (src/db/pgdata-template.ts): `qunyun migrate` alone on a fresh folder, and an import
 * into a fresh folder (no migrate before it); one more JSON line, {"bench":"import-fresh",…}.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeTelegramExport } from '../src/imports/make-telegram-export.ts';
import { benchDatabase, fmt, numberArg } from './support.ts';
import type { Engine } from '../src/db/test-databases.ts';

const mb = numberArg('mb', 100);
const batchSize = numberArg('batch', 2000);
const seed = numberArg('seed', 1);
const arg = process.argv.find((a) => a.startsWith('--engines='));
const engines = (arg ? arg.slice('--engines='.length) : 'pglite').split(',').filter((e): e is Engine => e === 'pglite' || e === 'postgres');

const generateTo = process.argv.find((a) => a.startsWith('--write='))?.slice('--write='.length);
if (generateTo) {
  // Child process: writes the export and reports it, so that the parent's peak RSS is the import's.
  const made = await makeTelegramExport(generateTo, { bytes: mb * 1e6, members: Math.max(500, Math.round(mb * 50)), chats: Math.max(1, Math.round(mb / 20)), seed });
  console.log(JSON.stringify(made));
  process.exit(0);
}

/** Resident memory of a process, in kB, from /proc (undefined where there is none). */
function rssKb(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch { return undefined; }
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch { return []; }
}

/** Runs `qunyun <args>`, sampling the resident memory of it and its children every 25 ms. */
async function importWatched(env: Record<string, string | undefined>, args: string[]): Promise<{ out: string; treePeakMb: number | undefined }> {
  // Through the launcher, as a user runs it (`qunyun import …`).
  const child = spawn(process.execPath, [path.resolve('bin/qunyun.js'), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
  let peak: number | undefined;
  const sample = setInterval(() => {
    const pids = [child.pid!, ...childrenOf(child.pid!)];
    const sizes = pids.map(rssKb).filter((k): k is number => k !== undefined);
    if (sizes.length > 0) peak = Math.max(peak ?? 0, sizes.reduce((a, b) => a + b, 0));
  }, 25);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(sample);
  if (code !== 0) throw new Error(`qunyun ${args.join(' ')} failed (exit ${code}): ${out}`);
  return { out, treePeakMb: peak === undefined ? undefined : Math.round(peak / 1024) };
}

const dir = mkdtempSync(path.join(tmpdir(), 'qunyun-bench-import-'));
try {
  const file = path.join(dir, 'result.json');
  let t = performance.now();
  const child = spawnSync(process.execPath, [import.meta.filename, `--write=${file}`, `--mb=${mb}`, `--seed=${seed}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (child.status !== 0) throw new Error(`writing the export failed (exit ${child.status})`);
  const made = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { bytes: number; messages: number; chats: number };
  console.log(`export: ${(made.bytes / 1e6).toFixed(1)} MB, ${fmt(made.messages)} messages in ${made.chats} chats, written in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const results: Record<string, unknown>[] = [];
  for (const engine of engines) {
    // The import runs as `qunyun import telegram <file>` in a process of its own, on a database
    // that exists already (as it does for anyone importing history): its peak RSS is the figure.
    const target = await benchDatabase(engine);
    await target.db.close();
    try {
      const env: Record<string, string | undefined> = { ...process.env, LOG_LEVEL: 'warn', DATA_DIR: target.dataDir, DATABASE_URL: target.databaseUrl };
      if (!target.databaseUrl) delete env.DATABASE_URL;
      const cli = (...args: string[]) => {
        const r = spawnSync(process.execPath, [path.resolve('src/cli/main.ts'), ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        if (r.status !== 0) throw new Error(`qunyun ${args.join(' ')} failed (exit ${r.status}): ${r.stderr}${r.stdout}`);
        return r.stdout + r.stderr;
      };
      cli('migrate');
      t = performance.now();
      const { out, treePeakMb } = await importWatched(env, ['import', 'telegram', file, '--no-progress', '--batch-size', String(batchSize)]);
      const seconds = (performance.now() - t) / 1000;
      const stored = Number(/\(([\d,]+) new/.exec(out)?.[1]?.replaceAll(',', '') ?? NaN);
      const worker = Number(/peak RSS (\d+) MB/.exec(out)?.[1] ?? NaN);
      // The launcher runs the import in a child with bounded memory (src/cli/bounded-memory.ts):
      // the figure is the peak of both processes' resident memory together, where /proc shows it.
      const rss = treePeakMb ?? worker;
      const again = performance.now();
      const out2 = cli('import', 'telegram', file, '--no-progress', '--batch-size', String(batchSize));
      const restored = Number(/\(([\d,]+) new/.exec(out2)?.[1]?.replaceAll(',', '') ?? NaN);
      console.log(`[${engine}] ${out.trim().split('\n').at(-1)}`);
      console.log(`[${engine}] ${fmt(stored)} events in ${seconds.toFixed(1)} s (${fmt(stored / seconds)} events/s, whole command); peak RSS ${rss} MB, launcher and import process together (the import process alone: ${worker} MB; target < 300 MB: ${rss < 300 ? 'met' : 'NOT met'})`);
      console.log(`[${engine}] re-import: ${fmt(restored)} stored in ${((performance.now() - again) / 1000).toFixed(1)} s`);
      results.push({ bench: 'import', engine, mb: Math.round(made.bytes / 1e5) / 10, events: stored, duration_s: Math.round(seconds * 10) / 10,
        events_per_s: Math.round(stored / seconds), peak_rss_mb: rss, import_process_peak_rss_mb: worker, reimport_stored: restored });
    } finally {
      await target.drop();
    }
  }
  if (engines.includes('pglite')) {
    // The first commands on a new data folder: the database is created by them.
    const fresh = (name: string) => {
      const env: Record<string, string | undefined> = { ...process.env, LOG_LEVEL: 'warn', DATA_DIR: path.join(dir, name) };
      delete env.DATABASE_URL;
      return env;
    };
    const migrated = await importWatched(fresh('fresh-migrate'), ['migrate']);
    const migrateOwn = Number(/peak RSS (\d+) MB/.exec(migrated.out)?.[1] ?? NaN);
    t = performance.now();
    const imported = await importWatched(fresh('fresh-import'), ['import', 'telegram', file, '--no-progress', '--batch-size', String(batchSize)]);
    const seconds = (performance.now() - t) / 1000;
    const stored = Number(/\(([\d,]+) new/.exec(imported.out)?.[1]?.replaceAll(',', '') ?? NaN);
    const importOwn = Number(/peak RSS (\d+) MB/.exec(imported.out)?.[1] ?? NaN);
    const migrateRss = migrated.treePeakMb ?? migrateOwn, importRss = imported.treePeakMb ?? importOwn;
    console.log(`[pglite, fresh folder] qunyun migrate: peak RSS ${migrateRss} MB, launcher and command together (the command alone: ${migrateOwn} MB; target < 300 MB: ${migrateRss < 300 ? 'met' : 'NOT met'})`);
    console.log(`[pglite, fresh folder] qunyun import: ${fmt(stored)} events in ${seconds.toFixed(1)} s; peak RSS ${importRss} MB together (the import process alone: ${importOwn} MB; target < 300 MB: ${importRss < 300 ? 'met' : 'NOT met'})`);
    results.push({ bench: 'import-fresh', engine: 'pglite', mb: Math.round(made.bytes / 1e5) / 10, events: stored, duration_s: Math.round(seconds * 10) / 10,
      migrate_peak_rss_mb: migrateRss, migrate_process_peak_rss_mb: migrateOwn, import_peak_rss_mb: importRss, import_process_peak_rss_mb: importOwn });
  }
  for (const r of results) console.log(JSON.stringify(r));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
