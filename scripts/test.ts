/**
 * Runs every test: unit tests beside the code (src/**\/*.test.ts) and end-to-end tests (test/).
 * Storage tests run on both engines: embedded PGlite and the Postgres server at
 * TEST_DATABASE_URL (default postgres://root@127.0.0.1:5432/postgres).
 * Builds the console (web/dist) first when it is missing or stale: the browser tests serve it.
 *
 * Files start longest first (longest-processing-time-first, by the seconds in
 * scripts/test-durations.json; a file not listed there counts as UNKNOWN_SECONDS): started in path
 * order, the browser tests came last and one of them ran alone for minutes at the end. `node --test`
 * sorts the files it is given by path, so this uses node:test's run(), which keeps the order.
 *
 *   node scripts/test.ts                         # everything
 *   node scripts/test.ts path/to/a.test.ts …     # some files
 *   node scripts/test.ts --write-durations       # and record each file's time in test-durations.json
 *
 * Flags as `node --test` takes them: --test-concurrency=N (default 2, or QUNYUN_TEST_CONCURRENCY),
 * --test-timeout=MS, --test-name-pattern=RE, --test-skip-pattern=RE, --test-only,
 * --test-force-exit, --test-reporter=NAME|MODULE with --test-reporter-destination=stdout|stderr|FILE
 * (default: spec to stdout). At the end the slowest files are listed on stderr.
 */
import { createWriteStream, existsSync, globSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { run } from 'node:test';
import * as builtInReporters from 'node:test/reporters';
import { pathToFileURL, fileURLToPath } from 'node:url';
import type { Writable } from 'node:stream';
import { ensureWebBuilt } from './ensure-web.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DURATIONS = join(ROOT, 'scripts/test-durations.json');
/** A new file not yet in test-durations.json: most files take a few seconds. */
const UNKNOWN_SECONDS = 10;

/** The machine's CPU time, busy and in all, summed over its cores (Linux /proc/stat; elsewhere nothing). */
function machineCpu(): { busy: number; total: number } | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = fields.reduce((a, b) => a + b, 0);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle and iowait
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

function fail(message: string): never {
  process.stderr.write(`scripts/test.ts: ${message}\n`);
  process.exit(1);
}

// --- arguments -------------------------------------------------------------------------------
const args = process.argv.slice(2);
const given = args.filter((a) => !a.startsWith('-'));
const flags = new Map<string, string[]>();
for (const arg of args.filter((a) => a.startsWith('-'))) {
  const [name, ...rest] = arg.split('=');
  const value = rest.join('=');
  flags.set(name!, [...(flags.get(name!) ?? []), value]);
}
const known = ['--test-concurrency', '--test-timeout', '--test-name-pattern', '--test-skip-pattern', '--test-only', '--test-force-exit', '--test-reporter', '--test-reporter-destination', '--write-durations'];
for (const name of flags.keys()) if (!known.includes(name)) fail(`unknown flag ${name} (known: ${known.join(', ')}; values as --flag=value)`);
const last = (name: string) => flags.get(name)?.at(-1);
const number = (name: string, fallback: number): number => {
  const raw = last(name);
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) fail(`${name} wants a positive whole number, not "${raw}"`);
  return value;
};
const concurrency = number('--test-concurrency', Number(process.env.QUNYUN_TEST_CONCURRENCY) || 2);
const timeout = number('--test-timeout', 600_000);

// --- the files, longest first ----------------------------------------------------------------
const toRelative = (file: string) => relative(ROOT, isAbsolute(file) ? file : join(process.cwd(), file)).split('\\').join('/');
const files = (given.length > 0 ? given.map(toRelative) : globSync(['src/**/*.test.ts', 'test/**/*.test.ts'], { cwd: ROOT })).sort();
for (const file of files) if (!existsSync(join(ROOT, file))) fail(`no such test file: ${file}`);
const durations: Record<string, number> = existsSync(DURATIONS) ? JSON.parse(readFileSync(DURATIONS, 'utf8')) as Record<string, number> : {};
const expected = (file: string) => durations[file] ?? UNKNOWN_SECONDS;
const ordered = [...files].sort((a, b) => expected(b) - expected(a) || a.localeCompare(b));

if (files.some((f) => f.startsWith('test/browser/'))) {
  try {
    ensureWebBuilt();
  } catch (error) {
    fail((error as Error).message);
  }
}

// --- reporters, as node --test sets them up ---------------------------------------------------
const names = flags.get('--test-reporter') ?? ['spec'];
const destinations = flags.get('--test-reporter-destination') ?? (names.length === 1 ? ['stdout'] : []);
if (destinations.length !== names.length) fail('give one --test-reporter-destination per --test-reporter');
type Reporter = Parameters<ReturnType<typeof run>['compose']>[0];
async function reporter(name: string): Promise<Reporter> {
  let found: unknown = (builtInReporters as Record<string, unknown>)[name];
  if (!found) {
    const module = (await import(existsSync(name) ? pathToFileURL(join(process.cwd(), name)).href : name)) as { default?: unknown };
    found = module.default ?? module;
  }
  const maybeClass = found as { prototype?: object } & (new () => Reporter);
  if (maybeClass.prototype && Object.getOwnPropertyDescriptor(maybeClass.prototype, 'constructor')) return new maybeClass();
  return found as Reporter;
}
function destination(to: string): Writable {
  if (to === 'stdout') return process.stdout;
  if (to === 'stderr') return process.stderr;
  return createWriteStream(to);
}

// --- the run ---------------------------------------------------------------------------------
// Node's compile cache for every process of the run (test files, the qunyun commands and servers
// they start): each loads much the same modules, and compiling them cost about a second of CPU
// per process (importing src/server/app.ts: 3.0 s of CPU without the cache, 2.0 s with it).
// Keyed by each file's content and Node's version, so a stale entry is never used.
process.env.NODE_COMPILE_CACHE ??= join(tmpdir(), 'qunyun-node-compile-cache');
const started = Date.now();
const cpuAtStart = machineCpu();
const stream = run({
  files: ordered.map((f) => join(ROOT, f)),
  concurrency,
  timeout,
  only: flags.has('--test-only'),
  forceExit: flags.has('--test-force-exit'),
  ...(flags.has('--test-name-pattern') ? { testNamePatterns: flags.get('--test-name-pattern')! } : {}),
  ...(flags.has('--test-skip-pattern') ? { testSkipPatterns: flags.get('--test-skip-pattern')! } : {}),
});
const took = new Map<string, number>();
let failed = false;
stream.on('test:fail', (data) => { if (!data.todo) failed = true; });
stream.on('test:complete', (data) => {
  // The file's own entry (its child process, start to end) has the file's path as its name.
  if (data.nesting === 0 && data.file && data.name === data.file) took.set(toRelative(data.file), data.details.duration_ms / 1000);
});
stream.on('test:summary', (data) => { if (data.file === undefined && !data.success) failed = true; });
for (const [i, name] of names.entries()) stream.compose(await reporter(name)).pipe(destination(destinations[i]!));
await new Promise<void>((resolve) => stream.once('end', () => resolve()));

const slowest = [...took].sort((a, b) => b[1] - a[1]).slice(0, 8);
const cpuAtEnd = machineCpu();
// How busy the machine's cores were over the run (every process, the database server's too): near
// 100% means more concurrency cannot shorten the run; well below, the files mostly waited.
const busy = cpuAtStart && cpuAtEnd ? ` (cores ${(100 * (cpuAtEnd.busy - cpuAtStart.busy) / Math.max(1, cpuAtEnd.total - cpuAtStart.total)).toFixed(0)}% busy)` : '';
process.stderr.write(`scripts/test.ts: ${files.length} files in ${((Date.now() - started) / 1000).toFixed(0)} s at concurrency ${concurrency}${busy}; slowest: ${slowest.map(([f, s]) => `${f} ${s.toFixed(0)} s`).join(', ')}\n`);
if (flags.has('--write-durations')) {
  const next: Record<string, number> = {};
  const all = new Set(globSync(['src/**/*.test.ts', 'test/**/*.test.ts'], { cwd: ROOT }));
  for (const file of [...all].sort()) {
    const seconds = took.get(file) ?? durations[file];
    if (seconds !== undefined) next[file] = Math.round(seconds);
  }
  writeFileSync(DURATIONS, `${JSON.stringify(next, null, 2)}\n`);
  process.stderr.write(`scripts/test.ts: wrote ${relative(ROOT, DURATIONS)}\n`);
}
process.exitCode = failed ? 1 : 0;
