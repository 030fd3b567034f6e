/**
 * Signed-in clients for HTTP tests: a staff user with a role in a workspace and a session,
 * created directly in the database (a real sign-in is tested in src/server/routes/session.test.ts),
 * sending the session cookie and the session's CSRF token (cookie and header) on every request.
 */
import assert from 'node:assert/strict';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Role } from '../../src/auth/access.ts';
import { hashPassword } from '../../src/auth/passwords.ts';
import { createSession } from '../../src/auth/sessions.ts';
import { csrfTokenFor } from '../../src/auth/tokens.ts';
import { setStaffRole } from '../../src/auth/users.ts';
import type { Queryable } from '../../src/db/database.ts';

export const TEST_PASSWORD = 'correct horse battery';
let passwordHash: Promise<string> | undefined;
let n = 0;

export interface Client {
  userId: number;
  email: string;
  headers: Record<string, string>;
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** GET that must answer 200; the JSON body. */
  get(url: string): Promise<any>;
  /** A state-changing request that must answer 2xx; the JSON body (if any). */
  send(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown): Promise<any>;
}

/** A user (password TEST_PASSWORD) with the role in the workspace. */
export async function createStaffUser(db: Queryable, workspaceId: number, role: Role, email = `user${++n}-${Date.now()}@example.com`, name = email.split('@')[0]!): Promise<{ userId: number; email: string }> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const rows = await db.query<{ id: number }>(
    `insert into users (email, name, password_hash) values ($1, $2, $3)
     on conflict (email) do update set name = excluded.name returning id`, [email.toLowerCase(), name, await passwordHash]);
  await setStaffRole(db, workspaceId, rows[0]!.id, role);
  return { userId: rows[0]!.id, email: email.toLowerCase() };
}

export function clientFor(app: FastifyInstance, userId: number, email: string, token: string): Client {
  const csrf = csrfTokenFor(token);
  const headers = { cookie: `qy_session=${token}; qy_csrf=${csrf}`, 'x-csrf-token': csrf };
  const inject = (options: InjectOptions) => app.inject({ ...options, headers: { ...headers, ...(options.headers ?? {}) } });
  return {
    userId, email, headers, inject,
    async get(url) {
      const res = await inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200, `GET ${url}: ${res.statusCode} ${res.body}`);
      return res.json();
    },
    async send(method, url, payload) {
      const res = await inject({ method, url, ...(payload !== undefined ? { payload: payload as object } : {}) });
      assert.ok(res.statusCode >= 200 && res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
      return res.body ? res.json() : undefined;
    },
  };
}

/** A signed-in client of a new user with this role in the workspace. */
export async function signedIn(app: FastifyInstance, db: Queryable, workspaceId: number, role: Role, email?: string): Promise<Client> {
  const user = await createStaffUser(db, workspaceId, role, email);
  const { token } = await createSession(db, user.userId, workspaceId, { ip: '127.0.0.1' });
  return clientFor(app, user.userId, user.email, token);
}
