import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { openDatabase, type Database } from './database.ts';
import { pgliteVersion, templatePath, unpackTemplate } from './pgdata-template.ts';

const describeDb = async (db: Database) => ({
  databases: await db.query(`select datname, pg_encoding_to_char(encoding) as encoding, datcollate, datctype from pg_database order by datname`),
  roles: await db.query(`select rolname, rolsuper from pg_roles where rolname not like 'pg\\_%' order by rolname`),
  version: await db.query(`select current_setting('server_version_num') as v`),
  extensions: await db.query(`select extname from pg_extension order by 1`),
});

test('the installed PGlite has its fresh data folder (npm run db:template after an upgrade)', () => {
  assert.ok(existsSync(templatePath()), `missing ${path.relative(process.cwd(), templatePath())} for PGlite ${pgliteVersion()}: run npm run db:template`);
});

test('a new folder opened from the template is the database initdb makes', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'qunyun-template-'));
  try {
    const fromTemplate = await openDatabase({ dataDir: dir });
    const initdb = await openDatabase({ dataDir: 'memory://' });
    try {
      assert.deepEqual(await describeDb(fromTemplate), await describeDb(initdb));
      await fromTemplate.query('create table t (x int)');
      await fromTemplate.query('insert into t values (1)');
    } finally {
      await fromTemplate.close();
      await initdb.close();
    }
    const again = await openDatabase({ dataDir: dir });
    try {
      assert.deepEqual(await again.query('select x from t'), [{ x: 1 }]);
    } finally {
      await again.close();
    }
    assert.deepEqual(readdirSync(dir).sort(), ['pg'], 'no staging folder left');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a folder that holds something already is left to PGlite', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'qunyun-template-'));
  try {
    const pg = path.join(dir, 'pg');
    mkdirSync(pg);
    writeFileSync(path.join(pg, 'something'), 'x');
    assert.equal(unpackTemplate(pg), false);
    assert.deepEqual(readdirSync(pg), ['something']);
    assert.equal(unpackTemplate(path.join(dir, 'new')), true);
    assert.ok(existsSync(path.join(dir, 'new', 'PG_VERSION')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
