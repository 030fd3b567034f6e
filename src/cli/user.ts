/**
 * `qunyun user create`: creates a user (or gives an existing one a role) in a workspace, e.g. the
 * first owner of a headless installation. The workspace is found by slug or name, or created.
 */
import { z } from 'zod';
import { loadConfig } from '../config.ts';
import { ROLES } from '../auth/access.ts';
import { MIN_PASSWORD_LENGTH, passwordProblem } from '../auth/passwords.ts';
import { parseFlags, UsageError, type Command } from './args.ts';

const Flags = z.object({
  email: z.string().email(),
  name: z.string().min(1),
  // The console's password policy (src/auth/passwords.ts), said here before anything is opened.
  password: z.string().superRefine((p, ctx) => {
    const problem = passwordProblem(p);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  workspace: z.string().min(1).default('default'),
  role: z.enum(ROLES).default('owner'),
}).strict();

export const userCommand: Command = {
  name: 'user',
  help: `Usage: qunyun user create --email <email> --name <name> --password <password> [--workspace <slug or name>] [--role owner|admin|operator|viewer]

Creates a user who signs in to the console with this email and password, with the role (default
owner) in the workspace (default: the installation's default workspace; created if no workspace has
this slug or name). An existing user keeps their password and gets the role. A password needs
${MIN_PASSWORD_LENGTH} characters or more and may not be one of the most common passwords.`,
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
