/**
 * `qunyun user create`: creates a user (or gives an existing one a role) in a workspace, e.g. the
 * first owner of a headless installation. The workspace is found by slug or name, or created.
 */
import { loadConfig } from '../config.ts';
import { MIN_PASSWORD_LENGTH } from '../auth/passwords.ts';
import { AdminRequestError, askServerToCreateUser, UserCreateInput as Flags } from './admin-socket.ts';
import { parseFlags, UsageError, type Command } from './args.ts';

export const userCommand: Command = {
  name: 'user',
  help: `Usage: qunyun user create --email <email> --name <name> --password <password> [--workspace <slug or name>] [--role owner|admin|operator|viewer]

Creates a user who signs in to the console with this email and password, with the role (default
owner) in the workspace (default: the installation's default workspace; created if no workspace has
this slug or name). An existing user keeps their password and gets the role. A password needs
${MIN_PASSWORD_LENGTH} characters or more and may not be one of the most common passwords.
On the embedded database, beside a running qunyun serve on the same DATA_DIR, the server does it
(through its admin socket in DATA_DIR/run/): only one process may open the data folder.`,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub === undefined || sub === '--help' || sub === '-h') { console.log(this.help); return sub === undefined ? 2 : 0; }
    if (sub !== 'create') throw new UsageError(`user: unknown subcommand ${JSON.stringify(sub)} (try: create)`);
    const parsed = parseFlags('user create', rest, {
      email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' }, workspace: { type: 'string' }, role: { type: 'string' },
    }, Flags);
    if (parsed === 'help') { console.log(this.help); return 0; }
    const { flags } = parsed;
    const config = loadConfig();
    if (!config.DATABASE_URL) {
      // The embedded folder held by a running server: ask it rather than open the folder too.
      const { dataFolderHolder } = await import('../db/data-folder-lock.ts');
      const holder = dataFolderHolder(config.DATA_DIR);
      if (holder) {
        const who = `PID ${holder.pid ?? '?'}${holder.command ? `, ${holder.command}` : ''}`;
        try {
          const answer = await askServerToCreateUser(config.DATA_DIR, flags);
          if (answer !== 'unreachable') {
            console.log(`${answer.created ? 'created' : 'updated'} ${answer.email} as ${answer.role} of workspace "${answer.workspace.name}" (${answer.workspace.slug}), through the running server (${who})`);
            return 0;
          }
        } catch (err) {
          if (err instanceof AdminRequestError) { console.error(`qunyun user create: ${err.message}`); return 1; }
          throw err;
        }
        console.error(`qunyun user create: the data folder ${config.DATA_DIR} is in use by another process (${who}) that takes no admin requests (or a server still starting: wait until it listens); stop it, then run this again.`);
        return 1;
      }
    }
    const { openConfiguredDatabase } = await import('../db/database.ts');
    const { migrate } = await import('../db/migrate.ts');
    const { ensureUserWithRole } = await import('../auth/users.ts');
    const db = await openConfiguredDatabase(config);
    try {
      await migrate(db);
      const { user, workspace, created } = await ensureUserWithRole(db, flags);
      console.log(`${created ? 'created' : 'updated'} ${user.email} as ${flags.role} of workspace "${workspace.name}" (${workspace.slug})`);
    } finally {
      await db.close();
    }
    return 0;
  },
};
