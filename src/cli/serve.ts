/**
 * `qunyun serve`: the whole Qunyun process: migrates the database, starts the ingest queue, the
 * worker and the HTTP server, and with --demo a simulated community on the sandbox platform.
 * SIGINT or SIGTERM shuts everything down in order and exits 0.
 */
import { z } from 'zod';
import { loadConfig } from '../config.ts';
import { parseFlags, type Command } from './args.ts';
import { untilSignal } from './signals.ts';

/** The demo's sign-in, printed at start; only `serve --demo` creates it. */
export const DEMO_OWNER = { email: 'demo@qunyun.local', password: 'qunyun-demo-owner' };

/** The demo community's ids: the same seed and size make the same community, found again at the next start. */
export function demoNamespace(seed: number, groups: number): string {
  return `demo-s${seed}g${groups}`;
}

/** What a newcomer needs, framed so that it stands out from the log lines around it. */
export function demoBanner(url: string, workspace: string): string {
  const lines = [
    'Qunyun demo is running',
    '',
    `  Open      ${url}`,
    `  Email     ${DEMO_OWNER.email}`,
    `  Password  ${DEMO_OWNER.password}`,
    `  Workspace ${workspace} (you are its owner)`,
    `  API docs  ${url}/docs`,
    '',
    'A simulated community fills the dashboards while you watch.',
    'Requests are logged at debug (LOG_LEVEL=debug to see them). Ctrl+C stops.',
  ];
  const width = Math.max(...lines.map((l) => l.length)) + 2;
  const rule = '═'.repeat(width);
  return ['', `╔${rule}╗`, ...lines.map((l) => `║ ${l.padEnd(width - 1)}║`), `╚${rule}╝`, ''].join('\n');
}

const Flags = z.object({
  host: z.string().min(1).optional(),
  port: z.coerce.number().int().min(0).max(65535).optional(),
  demo: z.boolean().default(false),
  seed: z.coerce.number().int().min(0).default(1),
  groups: z.coerce.number().int().min(1).max(5000).default(30),
  historyDays: z.coerce.number().min(0).max(90).default(14),
}).strict();

export const serveCommand: Command = {
  name: 'serve',
  help: `Usage: qunyun serve [--host <host>] [--port <port>] [--demo [--seed <n>] [--groups <n>] [--history-days <n>]]

Migrates the database, then serves the API (docs at /docs) and runs the background jobs.
  --host <host>          address to listen on (default HOST, 127.0.0.1)
  --port <port>          port to listen on (default PORT, 3000; 0 picks a free one)
  --demo                 also run the sandbox platform with a simulated community, live
  --seed <n>             seed of the simulated community (default 1)
  --groups <n>           groups in the simulated community (default 30)
  --history-days <n>     days of simulated history before now (default 14)
Configuration comes from the environment: DATABASE_URL, DATA_DIR, LOG_LEVEL, … (see README).`,
  async run(argv) {
    const parsed = parseFlags('serve', argv, {
      host: { type: 'string' }, port: { type: 'string' }, demo: { type: 'boolean' },
      seed: { type: 'string' }, groups: { type: 'string' }, historyDays: { type: 'string' },
    }, Flags);
    if (parsed === 'help') { console.log(this.help); return 0; }
    const { flags } = parsed;
    const config = loadConfig();
    // Loaded here, after the flags: --help and mistakes answer without loading the server.
    const { createDemoLogger, startStack } = await import('./stack.ts');
    const { startSandboxCommunity } = await import('./sandbox-community.ts');
    const stack = await startStack(config, {
      host: flags.host ?? config.HOST, port: flags.port ?? config.PORT, worker: true,
      // The demo: readable log lines, requests at debug, its sign-in on the sign-in page.
      ...(flags.demo ? { demo: DEMO_OWNER, logger: await createDemoLogger(config) } : {}),
    });
    if (flags.demo) {
      // A newcomer must be able to sign in at once: a known demo owner of the demo workspace.
      const { ensureUserWithRole } = await import('../auth/users.ts');
      await ensureUserWithRole(stack.db, { ...DEMO_OWNER, name: 'Demo Owner', workspace: stack.workspace.slug, role: 'owner' });
      // Newcomers of the demo are welcomed in batches (docs/automation.md).
      const { ensureDemoWelcome } = await import('../automation/welcome-store.ts');
      await ensureDemoWelcome(stack.db, stack.workspace.id);
      // One community per seed and size: started again, the demo reattaches to it instead of
      // adding a second one with the same group names beside it.
      const community = await startSandboxCommunity(stack, {
        seed: flags.seed, groups: flags.groups, mode: { kind: 'live', historyDays: flags.historyDays },
        namespace: demoNamespace(flags.seed, flags.groups), resume: true,
      });
      stack.onStop(async () => { await community.stop(); });
      void community.done.then(async () => {
        stack.logger.info('demo community caught up with the present; now live');
        // The demo's operator runs a draw (docs/activities.md).
        const { startDemoDraw } = await import('../activities/demo.ts');
        const draw = await startDemoDraw(stack.db, stack.workspace.id).catch((err: unknown) => { stack.logger.error({ err }, 'demo draw not started'); return null; });
        if (draw) stack.logger.info({ activity: draw.id, created: draw.created }, 'demo draw opened; it closes in 10 minutes');
        // The demo's week on the content calendar, an A/B test and a live session (docs/content.md).
        const { seedDemoContent } = await import('../content/demo.ts');
        const content = await seedDemoContent(stack.db, stack.workspace.id).catch((err: unknown) => { stack.logger.error({ err }, 'demo content plan not seeded'); return null; });
        if (content) stack.logger.info(content, 'demo content calendar planned; it runs by itself');
      });
      console.log(`Qunyun is listening on ${stack.url} (API docs: ${stack.url}/docs)`);
      console.log(demoBanner(stack.url, stack.workspace.name));
    } else {
      console.log(`Qunyun is listening on ${stack.url} (API docs: ${stack.url}/docs)`);
      const { anyUserExists } = await import('../auth/users.ts');
      if (!(await anyUserExists(stack.db))) console.log(`First run: open ${stack.url} to create the first owner (or run qunyun user create).`);
    }
    await untilSignal();
    stack.logger.info('shutting down');
    await stack.stop();
    return 0;
  },
};
