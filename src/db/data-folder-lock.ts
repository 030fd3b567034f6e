/**
 * One process at a time on an embedded data folder. PGlite is a single-user Postgres with no
 * lock of its own: two processes opening the same folder (a second `qunyun serve`, or
 * `qunyun user create` beside a running server) each replay and write the WAL as if alone, and
 * lose committed rows or leave a folder that no longer opens. So whoever opens the folder first
 * creates `<DATA_DIR>/qunyun.lock` atomically (open with 'wx': it fails if the file exists) and
 * writes its PID and command into it; a second process reads the PID and refuses at once, before
 * it starts PGlite. A lock whose PID is no longer running (the holder was SIGKILLed, the machine
 * lost power) is stale and taken over. The lock goes when the database closes, when the process
 * exits, and on SIGINT/SIGTERM/SIGHUP when nothing else in the process handles that signal.
 * A Postgres server (DATABASE_URL) needs none of this: several processes on one server are fine.
 */
import { closeSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

export const LOCK_FILE = 'qunyun.lock';

/** The data folder is held by another live process (or already open in this one). */
export class DataFolderInUseError extends Error {
  readonly folder: string;
  readonly pid: number | undefined;
  readonly holder: string | undefined;
  constructor(folder: string, pid: number | undefined, holder: string | undefined) {
    const who = pid === undefined ? 'another process (its lock file is being written)'
      : pid === process.pid ? `this process (PID ${pid}${holder ? `, ${holder}` : ''}) already`
      : `another process (PID ${pid}${holder ? `, ${holder}` : ''})`;
    super(`the data folder ${folder} is in use by ${who}: PGlite allows one process at a time. `
      + 'Stop that process first (or use its API), then try again.');
    this.name = 'DataFolderInUseError';
    this.folder = folder;
    this.pid = pid;
    this.holder = holder;
  }
}

export interface DataFolderLock {
  readonly folder: string;
  /** Removes the lock file (if it is still ours). Idempotent. */
  release(): void;
}

export interface LockHolder { pid: number | undefined; command: string | undefined }

/** Lock files this process holds, by path. */
const held = new Map<string, string>();

/** The live holder of the folder's lock, if any (a stale lock counts as none). */
export function dataFolderHolder(folder: string): LockHolder | undefined {
  const file = path.join(path.resolve(folder), LOCK_FILE);
  const found = readLock(file);
  if (!found) return undefined;
  const holder = parse(found.text);
  return isStale(file, holder) ? undefined : holder;
}

/**
 * Takes the folder's lock for this process, or throws DataFolderInUseError naming the holder.
 * `command` says who holds it (shown to the next process that tries).
 */
export function lockDataFolder(folder: string, command: string): DataFolderLock {
  const dir = path.resolve(folder);
  const file = path.join(dir, LOCK_FILE);
  const content = `${process.pid}\n${command.replace(/\s+/g, ' ').slice(0, 200)}\n`;
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      try { writeSync(fd, content); } finally { closeSync(fd); }
      held.set(file, content);
      installHandlers();
      let released = false;
      return { folder: dir, release() { if (!released) { released = true; releaseFile(file); } } };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const found = readLock(file);
    if (!found) continue; // removed in the meantime: try again
    const holder = parse(found.text);
    if (!isStale(file, holder)) throw new DataFolderInUseError(dir, holder.pid, holder.command);
    takeOver(file, found.text);
  }
  throw new DataFolderInUseError(dir, undefined, undefined);
}

function readLock(file: string): { text: string; mtimeMs: number } | undefined {
  try {
    return { text: readFileSync(file, 'utf8'), mtimeMs: statSync(file).mtimeMs };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function parse(text: string): LockHolder {
  const [first, second] = text.split('\n');
  const pid = Number(first);
  return { pid: Number.isInteger(pid) && pid > 0 ? pid : undefined, command: second || undefined };
}

/** A lock is stale when its PID is not running, or is this process's own PID from an earlier life (PID reuse in a container). */
function isStale(file: string, holder: LockHolder): boolean {
  if (holder.pid === undefined) {
    // Created but not yet written (the writer is a few microseconds behind), or a writer that died
    // right between the two: stale once it has stayed empty for a while.
    const age = Date.now() - (readLock(file)?.mtimeMs ?? 0);
    return age > 10_000;
  }
  if (holder.pid === process.pid) return !held.has(file);
  return !isRunning(holder.pid);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, as another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes a stale lock so that the next open('wx') can take it. Renamed aside first (atomic), then
 * checked: if what was moved is not the stale lock judged (another process took over and locked
 * in between), it is put back.
 */
function takeOver(file: string, staleText: string): void {
  const aside = `${file}.stale-${process.pid}-${Date.now()}`;
  try {
    renameSync(file, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  let moved = '';
  try { moved = readFileSync(aside, 'utf8'); } catch { /* gone: nothing to put back */ }
  if (moved !== staleText) {
    try { linkSync(aside, file); } catch { /* a newer lock is in place: it wins */ }
  }
  try { unlinkSync(aside); } catch { /* already gone */ }
}

function releaseFile(file: string): void {
  const mine = held.get(file);
  held.delete(file);
  if (held.size === 0) removeHandlers();
  if (mine === undefined) return;
  try {
    if (readFileSync(file, 'utf8') === mine) unlinkSync(file);
  } catch { /* already gone */ }
}

function releaseAll(): void {
  for (const file of [...held.keys()]) releaseFile(file);
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let installed = false;

/**
 * On a signal that nothing else in the process handles (a one-shot command such as migrate), the
 * lock is released and the signal raised again, so that the process ends as it would have.
 * Where something else handles it (serve's orderly shutdown), that code closes the database,
 * which releases the lock; 'exit' catches whatever is left.
 */
function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  releaseAll();
  process.kill(process.pid, signal);
}

function installHandlers(): void {
  if (installed) return;
  installed = true;
  process.on('exit', releaseAll);
  for (const s of SIGNALS) process.on(s, onSignal);
}

function removeHandlers(): void {
  if (!installed) return;
  installed = false;
  process.off('exit', releaseAll);
  for (const s of SIGNALS) process.off(s, onSignal);
}
