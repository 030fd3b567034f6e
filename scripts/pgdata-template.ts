/**
 * `npm run db:template`: writes src/db/pgdata-template/pglite-<version>.tar.br, the data folder
 * of a fresh database as the installed PGlite's initdb makes it (see src/db/pgdata-template.ts
 * for why). Run after upgrading @electric-sql/pglite; commit the new file and delete the old.
 * This runs initdb once, so it takes about 540 MB of memory.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { constants, brotliCompressSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { templatePath } from '../src/db/pgdata-template.ts';

const db = new PGlite();
await db.waitReady;
const tar = Buffer.from(await (await db.dumpDataDir('none')).arrayBuffer());
await db.close();
const compressed = brotliCompressSync(tar, {
  params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: tar.length },
});
const file = templatePath();
mkdirSync(path.dirname(file), { recursive: true });
writeFileSync(file, compressed);
console.log(`wrote ${path.relative(process.cwd(), file)}: ${(compressed.length / 1e6).toFixed(2)} MB (${(tar.length / 1e6).toFixed(1)} MB of tar)`);
