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
 * peak_rss_mb is the process's maxRSS, which never goes down: it includes an embedded PGlite
 * (which alone peaks above 1 GB while it starts) and, with several engines, the earlier runs.
 * rss_during_max_mb, sampled while importing, and the Postgres run (database out of process)
 * show the importer's own footprint.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensurePlatformAccount, ensureWorkspace } from '../src/workspaces/workspaces.ts';
import { importHistory } from '../src/imports/import-history.ts';
import { makeTelegramExport } from '../src/imports/make-telegram-export.ts';
import { benchDatabase, fmt, numberArg, peakRssMb } from './support.ts';
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
    const target = await benchDatabase(engine);
    try {
      const w = await ensureWorkspace(target.db, 'bench');
      const a = await ensurePlatformAccount(target.db, w.id, 'telegram-export', 'import', 'bench');
      // maxRSS only grows, and PGlite alone peaks far above the importer while it starts: the
      // resident size is also sampled during the import, to tell the importer's share.
      const before = Math.round(process.memoryUsage.rss() / 1e6);
      let during = before;
      const sample = () => { during = Math.max(during, Math.round(process.memoryUsage.rss() / 1e6)); };
      t = performance.now();
      const s = await importHistory(target.db, { workspaceId: w.id, accountId: a.id, timezone: w.timezone }, { kind: 'telegram', path: file }, { batchSize, onProgress: sample });
      const seconds = (performance.now() - t) / 1000;
      const perS = s.stored / (s.ingestMs / 1000);
      console.log(`[${engine}] ${fmt(s.events)} events (${fmt(s.messages)} messages, ${fmt(s.joins)} joins, ${fmt(s.leaves)} leaves, ${fmt(s.members)} members, ${s.groups} groups)`);
      console.log(`[${engine}] validate pass ${(s.validateMs / 1000).toFixed(1)} s, ingest pass ${(s.ingestMs / 1000).toFixed(1)} s, total ${seconds.toFixed(1)} s`);
      console.log(`[${engine}] ${fmt(s.events / seconds)} events/s overall, ${fmt(perS)} events/s in the ingest pass`);
      console.log(`[${engine}] RSS: ${before} MB before the import, at most ${during} MB during it (sampled), process peak ${s.peakRssMb} MB (maxRSS)`);
      if (s.stored !== s.events || s.rejected !== 0) throw new Error(`stored ${s.stored} of ${s.events} events, ${s.rejected} rejected`);
      const again = performance.now();
      const re = await importHistory(target.db, { workspaceId: w.id, accountId: a.id, timezone: w.timezone }, { kind: 'telegram', path: file }, { batchSize });
      console.log(`[${engine}] re-import: ${fmt(re.stored)} stored, ${fmt(re.duplicates)} duplicates in ${((performance.now() - again) / 1000).toFixed(1)} s`);
      results.push({ bench: 'import', engine, mb: Math.round(made.bytes / 1e5) / 10, events: s.events, duration_s: Math.round(seconds * 10) / 10,
        events_per_s: Math.round(s.events / seconds), peak_rss_mb: peakRssMb(), rss_before_mb: before, rss_during_max_mb: during, reimport_stored: re.stored });
    } finally {
      await target.drop();
    }
  }
  for (const r of results) console.log(JSON.stringify(r));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
