/**
 * Set-up, sign-in and sign-out, the session, switching workspace, and accepting an invitation
 * (docs/console-api.md, "Session and set-up"). Signing in sets the HTTP-only session cookie.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../auth/access.ts';
import { decoyHash, verifyPassword } from '../../auth/passwords.ts';
import { createSession, deleteSession, switchSessionWorkspace } from '../../auth/sessions.ts';
import { assertMayTry, defaultThrottlePolicy, recordFailure, recordSuccess } from '../../auth/throttle.ts';
import { anyUserExists, findUserByEmail, getUser, normalizeEmail, roleIn, setupFirstOwner, workspacesOf, type User } from '../../auth/users.ts';
import { recordAudit } from '../../audit/record.ts';
import { acceptInvite, findInvite } from '../../staff/staff.ts';
import { getWorkspace } from '../../workspaces/workspaces.ts';
import { actorOf, clearSessionCookie, setSessionCookie } from '../auth-hooks.ts';
import { AppError } from '../../errors.ts';
import { errorResponses } from '../errors.ts';
import { text } from '../schemas.ts';
import type { ServerContext } from '../context.ts';

const Role = z.enum(ROLES);
const UserOut = z.object({ id: z.number().int(), email: z.string(), name: z.string() });
const SignedIn = z.object({ user: UserOut });
const Email = z.string().trim().email().max(320);
const Password = z.string().min(1).max(1024);
const errors = { ...errorResponses, 410: errorResponses[404], 423: errorResponses[404], 429: errorResponses[404] };

export function sessionRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  const throttle = ctx.throttle ?? defaultThrottlePolicy;

  async function signIn(req: FastifyRequest, reply: FastifyReply, user: User, workspaceId: number): Promise<void> {
    const { token, expiresAt } = await createSession(ctx.db, user.id, workspaceId, { ip: req.ip, userAgent: req.headers['user-agent'] });
    setSessionCookie(req, reply, token, expiresAt);
  }

  return async (app) => {
    app.get('/api/setup', {
      config: { public: true },
      schema: { tags: ['session'], summary: 'Whether the first owner is still to be created', response: { 200: z.object({ needsSetup: z.boolean() }) } },
    }, async () => ({ needsSetup: !(await anyUserExists(ctx.db)) }));

    app.post('/api/setup', {
      config: { public: true },
      schema: {
        tags: ['session'], summary: 'Create the first owner and sign them in (only while no user exists)',
        body: z.object({ email: Email, name: text().trim().min(1).max(200), password: Password, workspaceName: text().trim().min(1).max(200) }),
        response: { 200: SignedIn, ...errors },
      },
    }, async (req, reply) => {
      const { user, workspace } = await setupFirstOwner(ctx.db, req.body, ctx.defaultWorkspaceSlug);
      await recordAudit(ctx.db, { workspaceId: workspace.id, userId: user.id, ip: req.ip }, { action: 'setup', target: `user:${user.id}`, detail: { workspace: workspace.id } });
      await signIn(req, reply, user, workspace.id);
      return { user };
    });

    app.post('/api/login', {
      config: { public: true },
      schema: {
        tags: ['session'], summary: 'Sign in (rate-limited per IP and per account)',
        body: z.object({ email: Email, password: Password }),
        response: { 200: SignedIn, ...errors },
      },
    }, async (req, reply) => {
      const email = normalizeEmail(req.body.email);
      await assertMayTry(ctx.db, req.ip, email);
      const found = await findUserByEmail(ctx.db, email);
      const ok = await verifyPassword(found?.passwordHash ?? (await decoyHash()), req.body.password);
      const workspaces = found && ok ? await workspacesOf(ctx.db, found.id) : [];
      if (!found || !ok) {
        await recordFailure(ctx.db, req.ip, email, throttle);
        throw new AppError('unauthorized', 'wrong email or password');
      }
      await recordSuccess(ctx.db, email);
      const first = workspaces[0];
      if (!first) throw new AppError('forbidden', 'this account belongs to no workspace any more');
      const user = { id: found.id, email: found.email, name: found.name };
      await recordAudit(ctx.db, { workspaceId: first.id, userId: user.id, ip: req.ip }, { action: 'session.login', target: `user:${user.id}` });
      await signIn(req, reply, user, first.id);
      return { user };
    });

    app.post('/api/logout', {
      config: { minRole: 'viewer' },
      schema: { tags: ['session'], summary: 'Sign out', response: { 204: z.null().describe('signed out'), ...errors } },
    }, async (req, reply) => {
      const actor = actorOf(req);
      await recordAudit(ctx.db, actor, { action: 'session.logout', target: `user:${actor.userId}` });
      await deleteSession(ctx.db, req.session!.tokenHash);
      clearSessionCookie(req, reply);
      return reply.code(204).send(null);
    });

    app.get('/api/session', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['session'], summary: 'The signed-in user, their current workspace and role (401 when signed out)',
        response: {
          200: z.object({
            user: UserOut,
            workspace: z.object({ id: z.number().int(), name: z.string(), slug: z.string(), timezone: z.string() }),
            role: Role,
            workspaces: z.array(z.object({ id: z.number().int(), name: z.string(), role: Role })),
          }),
          ...errors,
        },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const [user, workspace, workspaces] = await Promise.all([getUser(ctx.db, actor.userId), getWorkspace(ctx.db, actor.workspaceId), workspacesOf(ctx.db, actor.userId)]);
      if (!user || !workspace) throw new AppError('unauthorized', 'sign in again');
      return { user, workspace, role: actor.role, workspaces };
    });

    app.post('/api/session/workspace', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['session'], summary: 'Switch the session to another of your workspaces',
        body: z.object({ workspaceId: z.number().int().positive() }), response: { 204: z.null(), ...errors },
      },
    }, async (req, reply) => {
      const actor = actorOf(req);
      const role = await roleIn(ctx.db, req.body.workspaceId, actor.userId);
      if (!role) throw new AppError('not_found', `no workspace ${req.body.workspaceId}`);
      await switchSessionWorkspace(ctx.db, req.session!.tokenHash, req.body.workspaceId);
      await recordAudit(ctx.db, { ...actor, workspaceId: req.body.workspaceId }, { action: 'session.workspace', target: `workspace:${req.body.workspaceId}`, detail: { from: actor.workspaceId } });
      return reply.code(204).send(null);
    });

    const TokenParams = z.object({ token: z.string().min(10).max(200) });

    app.get('/api/invites/:token', {
      config: { public: true },
      schema: {
        tags: ['session'], summary: 'What an invitation is for (404 unknown, 410 used or expired)', params: TokenParams,
        response: { 200: z.object({ workspaceName: z.string(), role: Role, email: z.string() }), ...errors },
      },
    }, async (req) => {
      const invite = await findInvite(ctx.db, req.params.token);
      return { workspaceName: invite.workspaceName, role: invite.role, email: invite.email };
    });

    app.post('/api/invites/:token/accept', {
      config: { public: true },
      schema: {
        tags: ['session'], summary: 'Accept an invitation: set a name and password, and sign in', params: TokenParams,
        body: z.object({ name: text().trim().min(1).max(200), password: Password }),
        response: { 200: SignedIn, ...errors },
      },
    }, async (req, reply) => {
      const { user, workspaceId } = await acceptInvite(ctx.db, req.params.token, req.body, req.ip, verifyPassword);
      await signIn(req, reply, user, workspaceId);
      return { user };
    });
  };
}
