/**
 * One way to reach the database, whichever engine is behind it: an embedded PGlite in a data
 * folder (no DATABASE_URL) or a Postgres server (DATABASE_URL). Both run the same SQL.
 *
 * Values come back alike from both drivers: int8 and numeric as JS numbers, timestamptz as Date,
 * date as 'YYYY-MM-DD' strings, timestamp (no zone) as 'YYYY-MM-DD HH:MM:SS' strings.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import pg from 'pg';
import type { Config } from '../config.ts';
import { lockDataFolder } from './data-folder-lock.ts';
import { unpackTemplate } from './pgdata-template.ts';

export interface Queryable {
  /**
   * `prepare`: a name under which Postgres keeps the statement parsed and planned per connection (a
   * hot statement run thousands of times a second: live-code routing); the same name must always
   * come with the same text. PGlite ignores it.
   */
  query<T = Record<string, unknown>>(text: string, params?: unknown[], prepare?: string): Promise<T[]>;
}

export interface Database extends Queryable {
  readonly engine: 'pglite' | 'postgres';
  /** Runs fn in one transaction: commit when it resolves, rollback when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** The PGlite instance (embedded) or the connection string (server), for pg-boss. */
  readonly native: { pglite: PGlite } | { connectionString: string; pool: pg.Pool };
  close(): Promise<void>;
}

const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const TIMESTAMP = 1114;

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** Folder of the embedded database; 'memory://' for a throwaway one (tests). */
  dataDir?: string;
  /** Connections in the server pool. */
  poolSize?: number;
  /** Shared buffers of the embedded database, e.g. '32MB'. */
  pgliteSharedBuffers?: string;
  /** A 'memory://' database started from this tar of a data folder (PGlite's dumpDataDir) instead of initdb: tests. */
  pgliteFrom?: Blob;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  return openPglite(options.dataDir ?? './data', options.pgliteSharedBuffers ?? '32MB', options.pgliteFrom);
}

/** Opens the database the configuration names. */
export function openConfiguredDatabase(config: Pick<Config, 'DATABASE_URL' | 'DATA_DIR' | 'PGLITE_SHARED_BUFFERS'>): Promise<Database> {
  return openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, pgliteSharedBuffers: config.PGLITE_SHARED_BUFFERS });
}

/** What the lock file says holds the folder: the qunyun command (never its flags, which may hold a password). */
function processName(): string {
  const script = path.basename(process.argv[1] ?? 'node');
  return script === 'main.ts' || script === 'qunyun.js' ? `qunyun ${process.argv[2] ?? ''}`.trim() : script;
}

async function openPglite(dataDir: string, sharedBuffers: string, from: Blob | undefined): Promise<Database> {
  if (dataDir === 'memory://') return startPglite(undefined, sharedBuffers, undefined, from);
  mkdirSync(dataDir, { recursive: true });
  // Before PGlite touches the folder: a second process refuses here (data-folder-lock.ts).
  const lock = lockDataFolder(dataDir, processName());
  try {
    const dir = path.resolve(dataDir, 'pg');
    // A new folder starts from the fresh data folder kept in src/db/pgdata-template (no initdb:
    // see pgdata-template.ts); without a template for this PGlite, PGlite runs initdb itself.
    if (!unpackTemplate(dir)) mkdirSync(dir, { recursive: true });
    return await startPglite(dir, sharedBuffers, lock);
  } catch (err) {
    lock.release();
    throw err;
  }
}

async function startPglite(dir: string | undefined, sharedBuffers: string, lock: { release(): void } | undefined, from?: Blob): Promise<Database> {
  const db = new PGlite({
    ...(dir ? { dataDir: dir } : {}),
    ...(from ? { loadDataDir: from } : {}),
    parsers: {
      [INT8]: (v: string) => Number(v),
      [NUMERIC]: (v: string) => Number(v),
      [DATE]: (v: string) => v,
      [TIMESTAMP]: (v: string) => v,
    },
    // Without a cap PGlite's pg_wal grows to about 1 GB during a bulk load.
    // Postgres's default 128 MB of shared buffers is most of an embedded install's memory; the
    // files stay in the OS page cache anyway, so a smaller pool costs little speed.
    postgresqlconf: ['max_wal_size = 64MB', 'min_wal_size = 32MB', `shared_buffers = ${sharedBuffers}`],
  });
  await db.waitReady;
  const wrap = (q: { query: PGlite['query'] }): Queryable => ({
    async query<T>(text: string, params?: unknown[]) {
      const res = await q.query<T>(text, params as unknown[]);
      return res.rows;
    },
  });
  const self = wrap(db);
  return {
    engine: 'pglite',
    query: self.query,
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    native: { pglite: db },
    async close() {
      try { await db.close(); } finally { lock?.release(); }
    },
  };
}

async function openPostgres(connectionString: string, max: number): Promise<Database> {
  const parsers: Record<number, (v: string) => unknown> = {
    [INT8]: Number, [NUMERIC]: Number, [DATE]: (v) => v, [TIMESTAMP]: (v) => v,
  };
  const pool = new pg.Pool({
    connectionString,
    max,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        parsers[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // A connection dropped by the server must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  await pool.query('select 1');
  const wrap = (q: { query: pg.Pool['query'] }): Queryable => ({
    async query<T>(text: string, params?: unknown[], prepare?: string) {
      const res = prepare ? await q.query({ name: prepare, text, values: params as unknown[] }) : await q.query(text, params as unknown[]);
      return res.rows as T[];
    },
  });
  const self = wrap(pool);
  return {
    engine: 'postgres',
    query: self.query,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await fn(wrap(client as unknown as pg.Pool));
        await client.query('commit');
        return result;
      } catch (err) {
        await client.query('rollback').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    native: { connectionString, pool },
    close: () => pool.end(),
  };
}

export { pgliteTypes };
