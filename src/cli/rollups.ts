/**
 * `qunyun rollups rebuild`: recomputes every rollup from the event log (after a time zone change, a
 * change to a rollup's definition, or a repair), one time chunk per transaction, with progress.
 */
import cliProgress from 'cli-progress';
import { z } from 'zod';
import { loadConfig } from '../config.ts';
import { parseFlags, UsageError, type Command } from './args.ts';

const Flags = z.object({
  workspace: z.coerce.number().int().positive().optional(),
  chunkHours: z.coerce.number().int().min(1).max(24 * 31).default(24),
  progress: z.boolean().default(true),
}).strict();

export const rollupsCommand: Command = {
  name: 'rollups',
  help: `Usage: qunyun rollups rebuild [--workspace <id>] [--chunk-hours <n>] [--no-progress]

Recomputes group_daily (with its writers per day), group_member_daily, group_join_sources and workspace_daily from the
events table, and recounts the groups' sizes, set-based, one chunk of the log per transaction
(default 24 hours). Figures are incomplete while it runs.
  --workspace <id>   only this workspace (default: all)
  --chunk-hours <n>  hours of events per transaction (default 24)
  --no-progress      no progress bar`,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub === undefined || sub === '--help' || sub === '-h') { console.log(this.help); return sub === undefined ? 2 : 0; }
    if (sub !== 'rebuild') throw new UsageError(`rollups: unknown subcommand ${JSON.stringify(sub)} (try: rebuild)`);
    const parsed = parseFlags('rollups rebuild', rest, {
      workspace: { type: 'string' }, chunkHours: { type: 'string' }, progress: { type: 'boolean' }, noProgress: { type: 'boolean' },
    }, Flags.extend({ noProgress: z.boolean().optional() }));
    if (parsed === 'help') { console.log(this.help); return 0; }
    const { flags } = parsed;
    const config = loadConfig();
    const { openConfiguredDatabase } = await import('../db/database.ts');
    const { migrate } = await import('../db/migrate.ts');
    const { rebuildRollups } = await import('../events/rollups.ts');
    const db = await openConfiguredDatabase(config);
    const bar = flags.noProgress ? undefined
      : new cliProgress.SingleBar({ format: 'rebuilding workspace {ws} {bar} {value}/{total} chunks | {events} events', stream: process.stderr }, cliProgress.Presets.shades_classic);
    let events = 0, started = false;
    try {
      await migrate(db);
      const result = await rebuildRollups(db, {
        workspaceId: flags.workspace, chunkHours: flags.chunkHours,
        onProgress: (p) => {
          events += p.events;
          if (!bar) return;
          if (!started || p.chunk === 1) { bar.start(p.chunks, 0, { ws: p.workspaceId, events }); started = true; }
          bar.update(p.chunk, { ws: p.workspaceId, events });
        },
      });
      bar?.stop();
      console.log(`rebuilt the rollups of ${result.workspaces} workspace(s) from ${result.events} events`);
    } finally {
      bar?.stop();
      await db.close();
    }
    return 0;
  },
};
