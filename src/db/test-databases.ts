/**
 * Fresh databases for tests: a throwaway embedded PGlite and a new database on the Postgres
 * server (TEST_DATABASE_URL, default postgres://root@127.0.0.1:5432/postgres), dropped afterwards.
 * A storage test runs once per engine with `forEachEngine`, the same way on both.
 * QUNYUN_TEST_ENGINES=pglite (or postgres) limits the run to one engine.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from './database.ts';
import { migrate } from './migrate.ts';

export type Engine = 'pglite' | 'postgres';

export function testEngines(): Engine[] {
  const wanted = process.env.QUNYUN_TEST_ENGINES;
  if (!wanted) return ['pglite', 'postgres'];
  return wanted.split(',').map((e) => e.trim()).filter((e): e is Engine => e === 'pglite' || e === 'postgres');
}

export function serverUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
}

export interface TestDatabase {
  engine: Engine;
  db: Database;
  /** What to pass as DATABASE_URL / DATA_DIR to reopen the same database (e.g. in a child process). */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Closes the connection (if still open) and removes the database. */
  drop(): Promise<void>;
}

/** Creates an empty, migrated database on the engine. `persistent` PGlite uses a temp folder instead of memory. */
export async function createTestDatabase(engine: Engine, options: { persistent?: boolean; migrated?: boolean } = {}): Promise<TestDatabase> {
  const migrated = options.migrated ?? true;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'qunyun-test-'));
  if (engine === 'pglite') {
    const db = await openDatabase({ dataDir: options.persistent ? dataDir : 'memory://' });
    if (migrated) await migrate(db);
    let closed = false;
    return {
      engine, db, databaseUrl: undefined, dataDir,
      async drop() {
        if (!closed) { closed = true; await db.close().catch(() => {}); }
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const name = `qunyun_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const db = await openDatabase({ databaseUrl, poolSize: 5 });
  if (migrated) await migrate(db);
  return {
    engine, db, databaseUrl, dataDir,
    async drop() {
      await db.close().catch(() => {});
      const a = new pg.Client({ connectionString: serverUrl() });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
