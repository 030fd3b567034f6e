/**
 * Fresh databases for tests: a throwaway embedded PGlite and a new database on the Postgres
 * server (TEST_DATABASE_URL, default postgres://root@127.0.0.1:5432/postgres), dropped afterwards.
 * A storage test runs once per engine with `forEachEngine`, the same way on both.
 * QUNYUN_TEST_ENGINES=pglite (or postgres) limits the run to one engine.
 *
 * A migrated in-memory PGlite starts from a copy of one made by initdb and migrate(): PGlite's
 * initdb and the migrations cost about 10 s of CPU per database (a quarter of the whole suite's
 * time went there), loading the copy about 1.5 s. The copy is made once per PGlite version and
 * set of migrations and kept in the temp folder (pgliteMigratedTar). Likewise a Postgres test
 * database is a copy of a migrated template database on the server (postgresTemplate). migrate()
 * still runs on each database and finds nothing to do. Copies for other migrations are removed
 * when they have not been made or used for a day (another checkout's run may still be using a
 * newer one: it is left alone).
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import { openDatabase, type Database } from './database.ts';
import { migrate, migrationsFolder } from './migrate.ts';
import { pgliteVersion } from './pgdata-template.ts';

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

/** 16 hex digits that change with any file under src/db/migrations. */
function migrationsHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else hash.update(`${path.relative(migrationsFolder, full)}\0`).update(readFileSync(full));
    }
  };
  walk(migrationsFolder);
  return hash.digest('hex').slice(0, 16);
}

let migratedTar: Promise<Blob> | undefined;

/**
 * The tar (PGlite's dumpDataDir) of a fresh in-memory database after migrate(), from
 * <tmp>/qunyun-test-pglite-<version>-<hash of the migrations>.tar, made there when missing
 * (written beside it and renamed into place: files started together may both make it, and
 * neither reads half of it).
 */
export function pgliteMigratedTar(): Promise<Blob> {
  migratedTar ??= (async () => {
    const file = path.join(tmpdir(), `qunyun-test-pglite-${pgliteVersion()}-${migrationsHash()}.tar`);
    if (existsSync(file)) {
      const now = new Date();
      utimesSync(file, now, now); // used: kept by removeStaleTars
      return new Blob([readFileSync(file)]);
    }
    removeStaleTars(file);
    const db = await openDatabase({ dataDir: 'memory://' });
    let tar: Blob;
    try {
      await migrate(db);
      tar = await (db.native as { pglite: PGlite }).pglite.dumpDataDir('none');
    } finally {
      await db.close();
    }
    const staging = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(staging, Buffer.from(await tar.arrayBuffer()));
    renameSync(staging, file);
    return tar;
  })();
  return migratedTar;
}

/** A day: copies for other migrations not made or used for this long are removed. */
const STALE_MS = 24 * 3600_000;

/** Other migrations' tars in the temp folder (about 44 MB each), untouched for a day. */
function removeStaleTars(keep: string): void {
  for (const name of readdirSync(tmpdir())) {
    const full = path.join(tmpdir(), name);
    if (!/^qunyun-test-pglite-.*\.tar$/.test(name) || full === keep) continue;
    try {
      if (Date.now() - statSync(full).mtimeMs > STALE_MS) rmSync(full, { force: true });
    } catch {
      // removed meanwhile by another process
    }
  }
}

/**
 * Other migrations' template databases on the server whose files were not changed for a day (a
 * template is only ever read, so this is when it was made) and that nobody is connected to. Needs
 * the server's pg_stat_file (a superuser, as tests run): elsewhere they are left.
 */
async function dropStaleTemplates(admin: pg.Client, keep: string): Promise<void> {
  try {
    const stale = await admin.query<{ datname: string }>(
      `select d.datname from pg_database d
       where d.datname like 'qunyun\\_template\\_%' and d.datname <> $1 and d.datname not like '%\\_new'
         and not exists (select 1 from pg_stat_activity a where a.datid = d.oid)
         and (pg_stat_file('base/' || d.oid || '/PG_VERSION')).modification < now() - make_interval(secs => $2)`,
      [keep, STALE_MS / 1000]);
    for (const { datname } of stale.rows) await admin.query(`drop database if exists ${datname}`);
  } catch {
    // not a superuser, or dropped meanwhile: left for another time
  }
}

const TEMPLATE_LOCK = 7_261_002;

/**
 * The name of a migrated database on the server to copy (create database … template …), made
 * when missing: migrate() over the network costs seconds per database, a copy a fraction of it.
 * Named after the migrations, so a change to them makes a new one; made under an advisory lock
 * and renamed into place once migrated, so that files started together wait for one copy and
 * never copy a half-migrated one.
 */
async function postgresTemplate(admin: pg.Client): Promise<string> {
  const template = `qunyun_template_${migrationsHash()}`;
  await admin.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK]);
  try {
    const found = await admin.query('select 1 from pg_database where datname = $1', [template]);
    if (found.rowCount) return template;
    await dropStaleTemplates(admin, template);
    const staging = `${template}_new`;
    await admin.query(`drop database if exists ${staging} with (force)`);
    await admin.query(`create database ${staging}`);
    const url = new URL(serverUrl());
    url.pathname = `/${staging}`;
    const db = await openDatabase({ databaseUrl: url.toString(), poolSize: 1 });
    try {
      await migrate(db);
    } finally {
      await db.close();
    }
    await admin.query(`alter database ${staging} rename to ${template}`);
    return template;
  } finally {
    await admin.query('select pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
  }
}

/** Creates an empty, migrated database on the engine. `persistent` PGlite uses a temp folder instead of memory. */
export async function createTestDatabase(engine: Engine, options: { persistent?: boolean; migrated?: boolean } = {}): Promise<TestDatabase> {
  const migrated = options.migrated ?? true;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'qunyun-test-'));
  if (engine === 'pglite') {
    const from = migrated && !options.persistent ? await pgliteMigratedTar() : undefined;
    const db = await openDatabase({ dataDir: options.persistent ? dataDir : 'memory://', ...(from ? { pgliteFrom: from } : {}) });
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
  try {
    await admin.query(migrated ? `create database ${name} template ${await postgresTemplate(admin)}` : `create database ${name}`);
  } finally {
    await admin.end();
  }
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
