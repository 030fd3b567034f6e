/**
 * A fresh embedded database without running initdb. PGlite creates a new data folder by starting
 * a second PGlite instance beside the first and running initdb in it: the two at once peak at
 * about 540 MB of RSS, whatever the command (a first `qunyun migrate` or import), against about
 * 150 MB to open an existing folder. So the data folder that PGlite's own initdb produces is kept
 * here, once per PGlite version (src/db/pgdata-template/pglite-<version>.tar.br, brotli of the
 * tar that PGlite's dumpDataDir writes), and a new folder is unpacked from it onto the disk before
 * PGlite opens it, which then costs no more than opening an existing one (PGlite's own
 * loadDataDir would hold three copies of the 40 MB tar in memory). Without a template for the
 * installed PGlite (after an upgrade), PGlite runs initdb as before; `npm run db:template`
 * writes the missing one (and src/db/pgdata-template.test.ts fails until it is there).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync } from 'node:zlib';

export const templateFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pgdata-template');

/** The installed PGlite's version (its package.json is not among its exports: found from its entry point). */
export function pgliteVersion(): string {
  const entry = fileURLToPath(import.meta.resolve('@electric-sql/pglite'));
  let dir = path.dirname(entry);
  while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

export function templatePath(version = pgliteVersion()): string {
  return path.join(templateFolder, `pglite-${version}.tar.br`);
}

/**
 * Unpacks the template into `pgDir` when that folder is missing or empty; false when there is no
 * template for the installed PGlite, or the folder holds something already (PGlite decides then).
 * Unpacked beside it first and renamed into place, so that a crash leaves no half-made database.
 */
export function unpackTemplate(pgDir: string): boolean {
  const file = templatePath();
  if (!existsSync(file)) return false;
  if (existsSync(pgDir) && readdirSync(pgDir).length > 0) return false;
  const staging = `${pgDir}.new-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true, mode: 0o700 });
  extractTar(brotliDecompressSync(readFileSync(file)), staging);
  rmSync(pgDir, { recursive: true, force: true });
  renameSync(staging, pgDir);
  return true;
}

/** Regular files and folders of a ustar archive (what PGlite's dumpDataDir writes), into `root`. */
function extractTar(tar: Buffer, root: string): void {
  const field = (at: number, length: number) => {
    const raw = tar.subarray(at, at + length);
    const end = raw.indexOf(0);
    return raw.subarray(0, end < 0 ? raw.length : end).toString('utf8');
  };
  for (let at = 0; at + 512 <= tar.length;) {
    const name = field(at, 100);
    if (!name) break; // the two zero blocks at the end
    const prefix = field(at + 345, 155);
    const size = parseInt(field(at + 124, 12).trim() || '0', 8);
    const type = field(at + 156, 1) || '0';
    const relative = path.posix.join(prefix, name).replace(/^\/+/, '');
    if (relative.split('/').includes('..')) throw new Error(`unsafe path in the database template: ${relative}`);
    const target = path.join(root, relative);
    const data = at + 512;
    if (type === '5') mkdirSync(target, { recursive: true, mode: 0o700 });
    else if (type === '0') {
      mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
      writeFileSync(target, tar.subarray(data, data + size), { mode: 0o600 });
    }
    at = data + Math.ceil(size / 512) * 512;
  }
}
