/**
 * `qunyun import telegram|whatsapp <file>`: imports a chat export (Telegram Desktop's result.json,
 * WhatsApp's "Export chat" .txt) into the configured database, migrating it first. The import
 * itself is runImportCommand (src/imports/command.ts): this file only reads and checks the flags.
 */
import { z } from 'zod';
import { loadConfig } from '../config.ts';
import { parseFlags, UsageError, type Command } from './args.ts';

const Flags = z.object({
  workspace: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a workspace slug: lowercase letters, digits and -').default('default'),
  timezone: z.string().refine(isZone, 'an IANA time zone such as Asia/Shanghai').optional(),
  dateOrder: z.enum(['dmy', 'mdy', 'ymd']).optional(),
  group: z.string().min(1).max(200).optional(),
  selfName: z.string().min(1).max(200).optional(),
  batchSize: z.coerce.number().int().min(1).max(10_000).optional(),
  noProgress: z.boolean().default(false),
}).strict();

function isZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const importCommand: Command = {
  name: 'import',
  help: `Usage: qunyun import telegram|whatsapp <file> [flags]

Imports a chat export into the database (DATABASE_URL, else the embedded one in DATA_DIR):
Telegram Desktop's result.json, or the .txt of WhatsApp's "Export chat". Importing the same file
again stores nothing twice.
  --workspace <slug>     workspace to import into (default: default, the one qunyun serve uses)
  --timezone <zone>      WhatsApp: the phone's IANA time zone (default: the workspace's)
  --date-order <order>   WhatsApp: dmy, mdy or ymd (default: detected from the file)
  --group <id>           WhatsApp: what identifies the group (default: from the file name)
  --self-name <name>     WhatsApp: the exporter's name, for "You" in system lines
  --batch-size <n>       events per transaction (default 2000)
  --no-progress          no progress output`,
  async run(argv) {
    const parsed = parseFlags('import', argv, {
      workspace: { type: 'string' }, timezone: { type: 'string' }, dateOrder: { type: 'string' }, group: { type: 'string' },
      selfName: { type: 'string' }, batchSize: { type: 'string' }, noProgress: { type: 'boolean' },
    }, Flags, true);
    if (parsed === 'help') { console.log(this.help); return 0; }
    const { flags, positionals } = parsed;
    const [kind, file, ...extra] = positionals;
    if (kind !== 'telegram' && kind !== 'whatsapp') throw new UsageError(`import: say what to import: telegram or whatsapp${kind ? ` (not ${JSON.stringify(kind)})` : ''}`);
    if (!file) throw new UsageError(`import: the ${kind} export file is missing`);
    if (extra.length > 0) throw new UsageError(`import: unexpected argument ${extra[0]}`);
    if (kind === 'telegram') {
      for (const flag of ['timezone', 'dateOrder', 'group', 'selfName'] as const) {
        if (flags[flag] !== undefined) throw new UsageError(`import: --${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} is for WhatsApp exports only`);
      }
    }
    const config = loadConfig();
    const { rerunWithBoundedMemory } = await import('./bounded-memory.ts');
    const exitCode = await rerunWithBoundedMemory('import', argv);
    if (exitCode !== undefined) return exitCode;
    // Loaded here, after the flags: --help and mistakes answer without loading the database.
    const { openConfiguredDatabase } = await import('../db/database.ts');
    const { migrate } = await import('../db/migrate.ts');
    const { runImportCommand } = await import('../imports/command.ts');
    const { ImportFormatError } = await import('../imports/errors.ts');
    const db = await openConfiguredDatabase(config);
    try {
      await migrate(db);
      await runImportCommand(kind, file, {
        db, workspace: flags.workspace, progress: !flags.noProgress,
        ...(flags.timezone ? { timezone: flags.timezone } : {}), ...(flags.dateOrder ? { dateOrder: flags.dateOrder } : {}),
        ...(flags.group ? { group: flags.group } : {}), ...(flags.selfName ? { selfName: flags.selfName } : {}),
        ...(flags.batchSize ? { batchSize: flags.batchSize } : {}),
      });
    } catch (err) {
      // A file that is not what it should be is the user's to fix: say where, no stack trace.
      if (err instanceof ImportFormatError || (err as NodeJS.ErrnoException).code === 'ENOENT') {
        console.error(`qunyun import: ${(err as Error).message}`);
        return 1;
      }
      throw err;
    } finally {
      await db.close();
    }
    return 0;
  },
};
