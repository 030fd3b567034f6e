import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { DataFolderInUseError, LOCK_FILE, dataFolderHolder, lockDataFolder } from './data-folder-lock.ts';
import { openDatabase } from './database.ts';

const lockModule = path.join(import.meta.dirname, 'data-folder-lock.ts');
const dirs: string[] = [];
const tempDir = () => { const d = mkdtempSync(path.join(tmpdir(), 'qunyun-lock-')); dirs.push(d); return d; };
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

/** A PID that is not running: a child that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

/** Runs a child that takes the folder's lock, prints "locked" and waits. */
function holder(dir: string) {
  const code = `import { lockDataFolder } from ${JSON.stringify(lockModule)};
lockDataFolder(${JSON.stringify(dir)}, 'test holder'); console.log('locked'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => { if (c.toString().includes('locked')) resolve(); });
    child.on('exit', (code) => reject(new Error(`holder exited with ${code}`)));
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, ready, exited };
}

test('a second process is refused, with the folder and the PID holding it; the lock goes with the holder', async () => {
  const dir = tempDir();
  const h = holder(dir);
  await h.ready;
  try {
    assert.equal(readFileSync(path.join(dir, LOCK_FILE), 'utf8').split('\n')[0], String(h.child.pid));
    assert.deepEqual(dataFolderHolder(dir), { pid: h.child.pid, command: 'test holder' });
    assert.throws(() => lockDataFolder(dir, 'second'), (err: unknown) => {
      assert.ok(err instanceof DataFolderInUseError);
      assert.match(err.message, new RegExp(`data folder ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is in use by another process \\(PID ${h.child.pid}, test holder\\)`));
      return true;
    });
    // Refused before PGlite is started: nothing is created in the folder.
    await assert.rejects(openDatabase({ dataDir: dir }), DataFolderInUseError);
    assert.equal(existsSync(path.join(dir, 'pg', 'PG_VERSION')), false);
  } finally {
    h.child.kill('SIGTERM');
  }
  const { signal } = await h.exited;
  assert.equal(signal, 'SIGTERM', 'the signal still ends the process');
  assert.equal(existsSync(path.join(dir, LOCK_FILE)), false, 'released on SIGTERM');
  lockDataFolder(dir, 'next').release();
});

test('SIGINT releases the lock of a process that does not handle it', async () => {
  const dir = tempDir();
  const h = holder(dir);
  await h.ready;
  h.child.kill('SIGINT');
  assert.equal((await h.exited).signal, 'SIGINT');
  assert.equal(existsSync(path.join(dir, LOCK_FILE)), false);
});

test('a lock left by a SIGKILLed process is stale and taken over', async () => {
  const dir = tempDir();
  const h = holder(dir);
  await h.ready;
  h.child.kill('SIGKILL');
  await h.exited;
  assert.ok(existsSync(path.join(dir, LOCK_FILE)), 'SIGKILL leaves the lock file');
  assert.equal(dataFolderHolder(dir), undefined, 'a dead holder holds nothing');
  const lock = lockDataFolder(dir, 'after the crash');
  assert.equal(readFileSync(path.join(dir, LOCK_FILE), 'utf8'), `${process.pid}\nafter the crash\n`);
  lock.release();
  assert.equal(existsSync(path.join(dir, LOCK_FILE)), false);
});

test('stale locks: a dead PID, this PID from an earlier life; a fresh empty lock is not stale', () => {
  const dir = tempDir();
  const file = path.join(dir, LOCK_FILE);
  writeFileSync(file, `${deadPid()}\nqunyun serve\n`);
  lockDataFolder(dir, 'a').release();
  // A container restarts with the same PID: a lock naming this PID that this process does not hold.
  writeFileSync(file, `${process.pid}\nqunyun serve\n`);
  const lock = lockDataFolder(dir, 'b');
  // Held by this process now: a second open here is refused too.
  assert.throws(() => lockDataFolder(dir, 'c'), /in use by this process/);
  lock.release();
  lock.release();
  writeFileSync(file, '');
  assert.throws(() => lockDataFolder(dir, 'd'), /its lock file is being written/);
});

test('the embedded database holds its folder from open to close', async () => {
  const dir = tempDir();
  const db = await openDatabase({ dataDir: dir });
  try {
    assert.equal(dataFolderHolder(dir)?.pid, process.pid);
    await assert.rejects(openDatabase({ dataDir: dir }), /in use by this process/);
  } finally {
    await db.close();
  }
  assert.equal(dataFolderHolder(dir), undefined);
  assert.equal(existsSync(path.join(dir, LOCK_FILE)), false);
});
