/**
 * `qunyun migrate`: brings the database of the configuration (DATABASE_URL, else the embedded
 * one in DATA_DIR) to the latest schema.
 */
import { z } from 'zod';
import { loadConfig } from '../config.ts';
import { parseFlags, type Command } from './args.ts';

export const migrateCommand: Command = {
  name: 'migrate',
  help: `Usage: qunyun migrate

Applies the pending migrations to the database: the Postgres server at DATABASE_URL, or the
embedded database in DATA_DIR (default ./data) when DATABASE_URL is not set.`,
  async run(argv) {
    if (parseFlags('migrate', argv, {}, z.object({}).strict()) === 'help') { console.log(this.help); return 0; }
    const config = loadConfig();
    // Bounded memory, as for an import (bounded-memory.ts): unbounded, V8's optimizing compiler
    // alone takes about 600 MB compiling PGlite while the migrations run.
    const { rerunWithBoundedMemory } = await import('./bounded-memory.ts');
    const exitCode = await rerunWithBoundedMemory('migrate', argv);
    if (exitCode !== undefined) return exitCode;
    const { openConfiguredDatabase } = await import('../db/database.ts');
    const { migrate } = await import('../db/migrate.ts');
    const db = await openConfiguredDatabase(config);
    try {
      await migrate(db);
    } finally {
      await db.close();
    }
    const peak = Math.round(process.resourceUsage().maxRSS / 1024);
    console.log(`migrated the ${db.engine === 'pglite' ? `embedded database in ${config.DATA_DIR}` : 'Postgres database'} (peak RSS ${peak} MB)`);
    return 0;
  },
};
