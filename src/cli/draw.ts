/**
 * `qunyun draw verify`: re-runs a draw from its revealed seed and its entries and checks that the
 * seed hashes to the commitment posted before the draw and that the winners (and red-packet
 * shares) come out the same (src/activities/draw.ts). From the database (`--draw <id>`) or from an
 * exported JSON file (`--file`, what `--export` writes and what the console offers), so a member
 * who was given the file can check it without Qunyun's database. Exit 0 when verified, 1 when not.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { loadConfig } from '../config.ts';
import { DrawRecord, verifyDraw } from '../activities/draw.ts';
import { parseFlags, UsageError, type Command } from './args.ts';

const Flags = z.object({
  draw: z.string().regex(/^[1-9]\d{0,15}$/, '--draw is a draw id (a positive number)').optional(),
  workspace: z.string().min(1).optional(),
  file: z.string().min(1).optional(),
  export: z.string().min(1).optional(),
}).strict();

const help = `Usage: qunyun draw verify --draw <id> [--workspace <slug>] [--export <file>]
       qunyun draw verify --file <draw.json>

Re-runs a closed draw from its revealed seed and its sorted entries, and checks that
SHA-256(seed) is the commitment posted before the draw and that the winners (and red-packet
shares) are the ones announced. Exit code 0 when everything matches, 1 when not.
  --draw <id>         the draw (an activity id) in the database
  --workspace <slug>  its workspace (default: the one the id belongs to)
  --export <file>     also write the draw's record as JSON (to give to members)
  --file <file>       verify an exported record instead of the database`;

export const drawCommand: Command = {
  name: 'draw',
  help,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub === undefined || sub === '--help' || sub === '-h') { console.log(this.help); return sub === undefined ? 2 : 0; }
    if (sub !== 'verify') throw new UsageError(`draw: unknown subcommand ${JSON.stringify(sub)} (try: verify)`);
    const parsed = parseFlags('draw verify', rest, { draw: { type: 'string' }, workspace: { type: 'string' }, file: { type: 'string' }, export: { type: 'string' } }, Flags, false);
    if (parsed === 'help') { console.log(this.help); return 0; }
    const { flags } = parsed;
    if ((flags.draw === undefined) === (flags.file === undefined)) throw new UsageError('draw verify: give either --draw <id> or --file <draw.json>');
    let record: DrawRecord;
    if (flags.file !== undefined) {
      let raw: unknown;
      try { raw = JSON.parse(readFileSync(flags.file, 'utf8')); } catch (err) { throw new UsageError(`draw verify: cannot read ${flags.file}: ${(err as Error).message}`); }
      const r = DrawRecord.safeParse(raw);
      if (!r.success) throw new UsageError(`draw verify: ${flags.file} is not a draw record: ${r.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`);
      record = r.data;
    } else {
      const config = loadConfig();
      const { openConfiguredDatabase } = await import('../db/database.ts');
      const { migrate } = await import('../db/migrate.ts');
      const { drawRecord } = await import('../activities/store.ts');
      const db = await openConfiguredDatabase(config);
      try {
        await migrate(db);
        const rows = await db.query<{ workspace_id: number }>(
          `select a.workspace_id from activities a join workspaces w on w.id = a.workspace_id where a.id = $1 ${flags.workspace !== undefined ? 'and w.slug = $2' : ''}`,
          flags.workspace !== undefined ? [Number(flags.draw), flags.workspace] : [Number(flags.draw)]);
        if (rows.length !== 1) { console.error(`qunyun draw verify: draw ${flags.draw} not found`); return 1; }
        record = await drawRecord(db, Number(rows[0]!.workspace_id), Number(flags.draw));
      } catch (err) {
        if ((err as { code?: string }).code === 'conflict' || (err as { code?: string }).code === 'bad_request') { console.error(`qunyun draw verify: ${(err as Error).message}`); return 1; }
        throw err;
      } finally {
        await db.close();
      }
      if (flags.export !== undefined) writeFileSync(flags.export, `${JSON.stringify(record, null, 2)}\n`);
    }
    const v = verifyDraw(record);
    console.log(`commitment  ${record.commitment}`);
    console.log(`seed        ${record.seed}`);
    console.log(`entries     ${record.entries.length}`);
    console.log(`winners     ${v.recomputedWinners.join(', ') || '(none)'}`);
    if (v.recomputedShares) console.log(`shares      ${v.recomputedShares.map((c) => (c / 100).toFixed(2)).join(', ')}`);
    if (v.ok) { console.log('verified: the seed matches the commitment and the draw gives the announced winners'); return 0; }
    for (const p of v.problems) console.log(`NOT VERIFIED: ${p}`);
    return 1;
  },
};
