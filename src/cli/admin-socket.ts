/**
 * The running server's door for CLI commands that must work beside it on the embedded database.
 * Only one process may open an embedded data folder (src/db/data-folder-lock.ts), so
 * `qunyun user create` cannot open it while `qunyun serve` runs; it asks the server instead,
 * over a Unix socket in the data folder: `<DATA_DIR>/run/admin.sock`, in a folder only the
 * owner may enter (0700). Whoever can reach the socket can read the database files anyway, so
 * the file system's permissions are the authentication; nothing listens on the network.
 * Requests and answers are small JSON documents, validated with zod on both sides.
 */
import { chmodSync, mkdirSync, unlinkSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Logger } from 'pino';
import { z } from 'zod';
import { passwordProblem } from '../auth/passwords.ts';
import { ROLES } from '../auth/access.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';

/** What `qunyun user create` sends (also its flags). */
export const UserCreateInput = z.object({
  email: z.string().email(),
  name: z.string().min(1),
  // The console's password policy (src/auth/passwords.ts), checked before anything is opened.
  password: z.string().superRefine((p, ctx) => {
    const problem = passwordProblem(p);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  workspace: z.string().min(1).default('default'),
  role: z.enum(ROLES).default('owner'),
}).strict();
export type UserCreateInput = z.infer<typeof UserCreateInput>;

const UserCreated = z.object({
  created: z.boolean(),
  email: z.string(),
  role: z.string(),
  workspace: z.object({ name: z.string(), slug: z.string() }),
});
export type UserCreated = z.infer<typeof UserCreated>;

const ErrorAnswer = z.object({ error: z.string(), message: z.string(), issues: z.array(z.unknown()).optional() });

/** Unix socket paths are limited to about 107 bytes; a deeper data folder gets no socket. */
const MAX_SOCKET_PATH = 100;

export function adminSocketPath(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'run', 'admin.sock');
}

export interface AdminSocket { readonly path: string; close(): Promise<void> }

/**
 * Listens on the data folder's admin socket. Call only while holding the folder's lock: a socket
 * file left by a crashed server is removed first.
 */
export async function startAdminSocket(options: { dataDir: string; db: Database; logger: Logger }): Promise<AdminSocket | undefined> {
  const socketPath = adminSocketPath(options.dataDir);
  if (socketPath.length > MAX_SOCKET_PATH) {
    options.logger.warn({ socketPath }, 'data folder path too long for the admin socket: stop the server to run qunyun user create');
    return undefined;
  }
  const dir = path.dirname(socketPath);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  try { unlinkSync(socketPath); } catch { /* none left */ }
  const server = http.createServer((req, res) => {
    void handle(options, req).then(({ status, body }) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => { server.off('error', reject); resolve(); });
  });
  chmodSync(socketPath, 0o600);
  return {
    path: socketPath,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      try { unlinkSync(socketPath); } catch { /* gone */ }
    },
  };
}

async function handle(options: { db: Database; logger: Logger }, req: http.IncomingMessage): Promise<{ status: number; body: unknown }> {
  try {
    const text = await readBody(req, 64 * 1024);
    if (req.method !== 'POST' || req.url !== '/users') return { status: 404, body: { error: 'not_found', message: `no ${req.method} ${req.url} here (try POST /users)` } };
    let json: unknown;
    try { json = JSON.parse(text); } catch { return { status: 400, body: { error: 'bad_request', message: 'the body is not JSON' } }; }
    const input = UserCreateInput.safeParse(json);
    if (!input.success) return { status: 400, body: { error: 'bad_request', message: 'invalid user', issues: input.error.issues } };
    const { ensureUserWithRole } = await import('../auth/users.ts');
    const { user, workspace, created } = await ensureUserWithRole(options.db, input.data);
    options.logger.info({ userId: user.id, workspace: workspace.slug, role: input.data.role, created }, 'user set up through the admin socket');
    return { status: 200, body: { created, email: user.email, role: input.data.role, workspace: { name: workspace.name, slug: workspace.slug } } satisfies UserCreated };
  } catch (err) {
    if (err instanceof AppError) return { status: err.status, body: { error: err.code, message: err.message } };
    options.logger.error({ err }, 'admin socket request failed');
    return { status: 500, body: { error: 'internal', message: 'the server could not do this; see its log' } };
  }
}

function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) { reject(new AppError('payload_too_large', `the body is over ${limit} bytes`)); req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The server refused the request (bad input, a conflict): its message says why. */
export class AdminRequestError extends Error {}

/**
 * Asks the server holding the data folder to create the user. Resolves 'unreachable' when no
 * server answers on the socket (the folder is held by a process without one, e.g. an import).
 */
export function askServerToCreateUser(dataDir: string, input: UserCreateInput): Promise<UserCreated | 'unreachable'> {
  const body = JSON.stringify(input);
  return new Promise((resolve, reject) => {
    const req = http.request({
      socketPath: adminSocketPath(dataDir), method: 'POST', path: '/users', agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        let json: unknown;
        try { json = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { json = undefined; }
        if (res.statusCode === 200) {
          const ok = UserCreated.safeParse(json);
          if (ok.success) resolve(ok.data); else reject(new AdminRequestError('the server answered something unexpected'));
          return;
        }
        const failed = ErrorAnswer.safeParse(json);
        reject(new AdminRequestError(failed.success ? failed.data.message : `the server answered ${res.statusCode}`));
      });
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED' || err.code === 'ENOTSOCK' || err.code === 'EACCES') resolve('unreachable');
      else reject(err);
    });
    req.end(body);
  });
}
