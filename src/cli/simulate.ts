/**
 * `qunyun simulate`: simulates a community over a period on the sandbox platform, as fast as it
 * goes, with Qunyun ingesting every webhook delivery into the configured database; prints the
 * simulation's summary, the platform's delivery figures and what Qunyun stored, then exits.
 */
import cliProgress from 'cli-progress';
import { z } from 'zod';
import { loadConfig } from '../config.ts';
import { parseFlags, type Command } from './args.ts';
import { untilSignal } from './signals.ts';

const DAY = 86_400_000;

const Flags = z.object({
  seed: z.coerce.number().int().min(0).default(1),
  groups: z.coerce.number().int().min(1).max(100_000).default(50),
  days: z.coerce.number().positive().max(3650).default(30),
  start: z.iso.date().or(z.iso.datetime({ offset: true })).optional(),
  port: z.coerce.number().int().min(0).max(65535).default(0),
  ackJournal: z.string().min(1).optional(),
  noProgress: z.boolean().default(false),
}).strict();

export const simulateCommand: Command = {
  name: 'simulate',
  help: `Usage: qunyun simulate [--seed <n>] [--groups <n>] [--days <n>] [--start <date>] [--port <port>] [--no-progress]

Runs the community simulator against the sandbox platform for a period of simulated time, with
Qunyun receiving the platform's webhooks and ingesting them into the configured database.
  --seed <n>        seed: the same seed gives the same community (default 1)
  --groups <n>      groups in the community (default 50)
  --days <n>        simulated days (default 30)
  --start <date>    first simulated day, YYYY-MM-DD or an ISO time (default: --days before now)
  --port <port>     port of Qunyun's webhook server (default 0: a free one)
  --ack-journal <f> the platform appends every event id Qunyun acknowledged to this file
  --no-progress     no progress bar

The same seed, groups and start replay the same events: run again after a crash, it stores what
was lost and nothing twice.`,
  async run(argv) {
    const parsed = parseFlags('simulate', argv, {
      seed: { type: 'string' }, groups: { type: 'string' }, days: { type: 'string' }, start: { type: 'string' },
      port: { type: 'string' }, ackJournal: { type: 'string' }, noProgress: { type: 'boolean' },
    }, Flags);
    if (parsed === 'help') { console.log(this.help); return 0; }
    const { flags } = parsed;
    const config = loadConfig();
    // Default start: midnight (UTC) --days ago, so that a run started again the same day replays it.
    const start = flags.start ? new Date(flags.start) : new Date(Math.floor((Date.now() - flags.days * DAY) / DAY) * DAY);
    // Loaded here, after the flags: --help and mistakes answer without loading the server.
    const { startStack } = await import('./stack.ts');
    const { startSandboxCommunity } = await import('./sandbox-community.ts');
    const stack = await startStack(config, { host: '127.0.0.1', port: flags.port, worker: false });
    const bar = !flags.noProgress && process.stderr.isTTY
      ? new cliProgress.SingleBar({ format: 'simulating {bar} {percentage}% | {day} | {actions} actions', stream: process.stderr }, cliProgress.Presets.shades_classic)
      : undefined;
    bar?.start(1, 0, { day: start.toISOString().slice(0, 10), actions: 0 });
    const community = await startSandboxCommunity(stack, {
      seed: flags.seed, groups: flags.groups,
      namespace: `s${flags.seed}g${flags.groups}d${flags.days}t${start.getTime().toString(36)}`,
      ...(flags.ackJournal ? { ackJournalPath: flags.ackJournal } : {}),
      mode: {
        kind: 'run', start, days: flags.days,
        onProgress: (p) => bar?.update(p.fraction, { day: p.simulatedTime.toISOString().slice(0, 10), actions: p.actionsSent }),
      },
    });
    const interrupted = untilSignal().then(() => 'interrupted' as const);
    const outcome = await Promise.race([community.done, interrupted]).catch((err: unknown) => err);
    bar?.stop();
    const summary = await community.stop();
    const stats = community.stats();
    const stored = await stack.db.query<{ events: number; groups: number; members: number }>(
      `select (select count(*) from events where workspace_id = $1 and account_id = $2)::int as events,
              (select count(*) from groups where workspace_id = $1 and account_id = $2)::int as groups,
              (select count(distinct member_id) from member_identities where workspace_id = $1 and account_id = $2)::int as members`,
      [stack.workspace.id, community.accountId]);
    await stack.stop();
    if (outcome === 'interrupted') { console.error('simulate: interrupted'); return 130; }
    if (outcome instanceof Error) { console.error(`simulate: ${outcome.message}`); return 1; }
    console.log(JSON.stringify({ summary, platform: stats, stored: stored[0] }, null, 2));
    return 0;
  },
};
