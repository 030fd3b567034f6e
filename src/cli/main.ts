/**
 * The qunyun command line: `qunyun <command> [flags]`. Each command lives in its own file; this
 * one picks it, prints help, and turns usage and configuration errors into exit code 2.
 */
import { ConfigError } from '../config.ts';
import { DataFolderInUseError } from '../db/data-folder-lock.ts';
import { UsageError, type Command } from './args.ts';

/** Loaded on use: --help and mistakes answer at once, without loading the server. */
const commands: Array<{ name: string; summary: string; load(): Promise<Command> }> = [
  { name: 'serve', summary: 'run the server, worker and (with --demo) a simulated community', load: async () => (await import('./serve.ts')).serveCommand },
  { name: 'simulate', summary: 'simulate a community on the sandbox platform into the database', load: async () => (await import('./simulate.ts')).simulateCommand },
  { name: 'migrate', summary: 'apply database migrations', load: async () => (await import('./migrate.ts')).migrateCommand },
  { name: 'import', summary: 'import a Telegram or WhatsApp chat export', load: async () => (await import('./import.ts')).importCommand },
  { name: 'user', summary: 'create a user who signs in to the console (user create …)', load: async () => (await import('./user.ts')).userCommand },
  { name: 'member', summary: "export or erase a member's personal data (member export|erase <id>)", load: async () => (await import('./member.ts')).memberCommand },
  { name: 'campaign', summary: 'run a simulated referral campaign end to end (campaign simulate …)', load: async () => (await import('./campaign.ts')).campaignCommand },
  { name: 'draw', summary: 're-run a draw from its seed and entries (draw verify --draw <id> | --file <json>)', load: async () => (await import('./draw.ts')).drawCommand },
  { name: 'rollups', summary: 'recompute the rollups from the event log (rollups rebuild)', load: async () => (await import('./rollups.ts')).rollupsCommand },
  { name: 'moderate', summary: 'decide on messages given as JSON lines (auto-moderation, optionally trained)', load: async () => (await import('./moderate.ts')).moderateCommand },
  { name: 'bench', summary: 'run a benchmark from bench/', load: async () => (await import('./bench.ts')).benchCommand },
];

function topHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return `Usage: qunyun <command> [flags]

Qunyun (群运): community operations for chat groups.

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`).join('\n')}

Run qunyun <command> --help for the flags of a command.`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(topHelp());
    return name === undefined ? 2 : 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    console.error(name.startsWith('-') ? `qunyun: unknown flag ${name}` : `qunyun: unknown command ${JSON.stringify(name)}`);
    console.error(`Commands: ${commands.map((c) => c.name).join(', ')}. See qunyun --help.`);
    return 2;
  }
  const command = await entry.load();
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`qunyun ${err.message}`);
      console.error(`See qunyun ${command.name} --help.`);
      return 2;
    }
    if (err instanceof ConfigError) {
      console.error(`qunyun ${command.name}: ${err.message}`);
      return 2;
    }
    // Another process holds the embedded data folder: refused before PGlite opened it.
    if (err instanceof DataFolderInUseError) {
      console.error(`qunyun ${command.name}: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

if (import.meta.main) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (err: unknown) => { console.error(err); process.exitCode = 1; },
  );
}
