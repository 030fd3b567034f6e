/**
 * Generates the console's API types (web/src/api/schema.d.ts, committed) from the server's own
 * OpenAPI document: builds the HTTP app in-process, without listening, on an empty in-memory
 * database, reads app.swagger() and runs openapi-typescript on it. web/src/api/types.ts names the
 * types the console uses as aliases of these, so a server change that breaks the console fails
 * `npm run typecheck:web`.
 *
 *   npm run gen:api            writes the file
 *   npm run gen:api -- --check exits 1 when the committed file is not what the server describes
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import pino from 'pino';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { createIngestQueue } from '../src/events/ingest-queue.ts';
import { buildServer } from '../src/server/app.ts';

const OUT = fileURLToPath(new URL('../web/src/api/schema.d.ts', import.meta.url));
const HEADER = `/**
 * The console API's types, generated from the server's OpenAPI document by scripts/gen-api.ts
 * (npm run gen:api). Do not edit: change the route schemas and run it again.
 */
`;

export async function generateApiTypes(): Promise<string> {
  const db = await openDatabase({ dataDir: 'memory://' });
  const ingest = createIngestQueue(db, { batchSize: 1, flushMs: 1000 });
  const app = await buildServer({ config: loadConfig({}), db, logger: pino({ level: 'silent' }), ingest });
  try {
    await app.ready();
    const document = app.swagger() as Parameters<typeof openapiTS>[0];
    const ast = await openapiTS(document, { alphabetize: true });
    return HEADER + astToString(ast);
  } finally {
    await app.close();
    await ingest.close();
    await db.close();
  }
}

if (import.meta.main) {
  const check = process.argv.includes('--check');
  const text = await generateApiTypes();
  let current = '';
  try {
    current = readFileSync(OUT, 'utf8');
  } catch { /* not generated yet */ }
  if (check) {
    if (current !== text) {
      process.stderr.write('web/src/api/schema.d.ts is not what the server describes: run `npm run gen:api` and commit it.\n');
      process.exit(1);
    }
  } else if (current !== text) {
    writeFileSync(OUT, text);
    process.stdout.write('wrote web/src/api/schema.d.ts\n');
  }
}
