/**
 * `qunyun member export|erase`: a person's data from the command line, for an operator without
 * the console (or a request that arrives by mail): export everything held about a member as JSON,
 * or erase it (src/members/privacy.ts). Both are audited like the console's, with no user as actor.
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { loadConfig } from '../config.ts';
import { AppError } from '../errors.ts';
import { parseFlags, UsageError, type Command } from './args.ts';

const Flags = z.object({
  workspace: z.string().min(1).optional(),
  out: z.string().min(1).optional(),
  yes: z.boolean().optional(),
}).strict();

const help = `Usage: qunyun member export <id> [--workspace <slug>] [--out <file>]
       qunyun member erase <id> --yes [--workspace <slug>]

export  writes everything held about the member as one JSON document: their profile, platform
        identities, tags, memberships (with how they joined), the audit entries about them, and
        every message and event of theirs. To standard output, or to --out <file>.
erase   removes their platform identities, names, tags and message texts for good, keeping only
        anonymous counts: every figure stays the same. Their later events are stored without text
        or names. Cannot be undone; --yes says it is meant.
  --workspace <slug>  the member's workspace (default: the one the member id belongs to)
  --out <file>        export: write to this file instead of standard output
  --yes               erase: confirm the erasure`;

export const memberCommand: Command = {
  name: 'member',
  help,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub === undefined || sub === '--help' || sub === '-h') { console.log(this.help); return sub === undefined ? 2 : 0; }
    if (sub !== 'export' && sub !== 'erase') throw new UsageError(`member: unknown subcommand ${JSON.stringify(sub)} (try: export, erase)`);
    const parsed = parseFlags(`member ${sub}`, rest, { workspace: { type: 'string' }, out: { type: 'string' }, yes: { type: 'boolean' } }, Flags, true);
    if (parsed === 'help') { console.log(this.help); return 0; }
    const { flags, positionals } = parsed;
    if (positionals.length !== 1 || !/^[1-9]\d{0,15}$/.test(positionals[0]!)) throw new UsageError(`member ${sub}: expected one member id (a positive number)`);
    const memberId = Number(positionals[0]);
    if (sub === 'export' && flags.yes) throw new UsageError('member export: --yes is for erase');
    if (sub === 'erase' && flags.out) throw new UsageError('member erase: --out is for export');
    if (sub === 'erase' && !flags.yes) throw new UsageError('member erase: the erasure cannot be undone; add --yes to confirm it');

    const config = loadConfig();
    const { openConfiguredDatabase } = await import('../db/database.ts');
    const { migrate } = await import('../db/migrate.ts');
    const { eraseMember, exportMember } = await import('../members/privacy.ts');
    const db = await openConfiguredDatabase(config);
    try {
      await migrate(db);
      const rows = await db.query<{ workspace_id: number }>(
        `select m.workspace_id from members m join workspaces w on w.id = m.workspace_id
         where m.id = $1 ${flags.workspace !== undefined ? 'and w.slug = $2' : ''}`,
        flags.workspace !== undefined ? [memberId, flags.workspace] : [memberId]);
      if (rows.length !== 1) {
        console.error(`qunyun member ${sub}: no member ${memberId}${flags.workspace !== undefined ? ` in workspace ${JSON.stringify(flags.workspace)}` : ''}`);
        return 1;
      }
      const actor = { workspaceId: rows[0]!.workspace_id, userId: null, ip: '' };
      if (sub === 'export') {
        const chunks = Readable.from(await exportMember(db, actor, memberId));
        if (flags.out) {
          await pipeline(chunks, createWriteStream(flags.out));
          console.error(`exported member ${memberId} to ${flags.out}`);
        } else {
          await pipeline(chunks, process.stdout, { end: false });
        }
      } else {
        const r = await eraseMember(db, actor, memberId);
        console.log(`erased member ${memberId}, now "${r.name}": ${r.identities} identities, ${r.tags} tags and the texts of ${r.messages} messages removed (${r.events} events scrubbed); figures unchanged`);
      }
    } catch (err) {
      if (err instanceof AppError) { console.error(`qunyun member ${sub}: ${err.message}`); return 1; }
      throw err;
    } finally {
      await db.close();
    }
    return 0;
  },
};
