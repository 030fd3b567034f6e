/**
 * Runs every test: unit tests beside the code (src/**\/*.test.ts) and end-to-end tests (test/).
 * Storage tests run on both engines: embedded PGlite and the Postgres server at
 * TEST_DATABASE_URL (default postgres://root@127.0.0.1:5432/postgres).
 * Extra arguments are passed to `node --test` (e.g. a file to run alone).
 * Builds the console (web/dist) first when it is missing or stale: the browser test serves it.
 */
import { spawnSync } from 'node:child_process';
import { globSync } from 'node:fs';
import { ensureWebBuilt } from './ensure-web.ts';

const args = process.argv.slice(2);
const files = args.some((a) => !a.startsWith('-'))
  ? args.filter((a) => !a.startsWith('-'))
  : globSync(['src/**/*.test.ts', 'test/**/*.test.ts']).sort();
const flags = args.filter((a) => a.startsWith('-'));
if (files.some((f) => /(^|\/)test\/browser\//.test(f))) {
  try {
    ensureWebBuilt();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=2', '--test-timeout=600000', ...flags, ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
