/**
 * Set-up, sign-in and sign-out (here or everywhere), the session, switching workspace, changing
 * one's password, and accepting an invitation (docs/console-api.md, "Session and set-up"). Signing
 * in sets the HTTP-only session cookie, the session's CSRF cookie and the known-device cookie.
 * Every password check goes through src/auth/credentials.ts (throttle, lock-out, known devices);
 * each wrong password is recorded in the audit log of the account's workspaces.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../auth/access.ts';
import { checkCredentials } from '../../auth/credentials.ts';
import { DEVICE_COOKIE, forgetOtherDevices, rememberDevice } from '../../auth/devices.ts';
import { checkPasswordPolicy } from '../../auth/passwords.ts';
import { createSession, deleteSession, endAllSessions, endOtherSessions, switchSessionWorkspace } from '../../auth/sessions.ts';
import { defaultThrottlePolicy } from '../../auth/throttle.ts';
import { anyUserExists, findUserByEmail, getUser, normalizeEmail, roleIn, setPassword, setupFirstOwner, workspacesOf, type User } from '../../auth/users.ts';
import { recordAudit, recordForUser } from '../../audit/record.ts';
import { acceptInvite, findInvite } from '../../staff/staff.ts';
import { getWorkspace } from '../../workspaces/workspaces.ts';
import { actorOf, clearSessionCookie, cookieOptions, setSessionCookie } from '../auth-hooks.ts';
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
    const device = await rememberDevice(ctx.db, user.id, req.cookies[DEVICE_COOKIE]);
    if (device.isNew) reply.setCookie(DEVICE_COOKIE, device.token, { ...cookieOptions(req, true, device.expiresAt), path: '/api/' });
  }

  /**
   * The user of this email if the password is theirs. Otherwise 401, the failure recorded in the
   * audit log of each of the account's workspaces (an unknown email: in the server log); 423/429
   * when the throttle allows no attempt now. A password change answers a wrong current password
   * with 400 on `body.currentPassword` instead, so that the console stays signed in.
   */
  async function proveCredentials(req: FastifyRequest, email: string, password: string, via: 'login' | 'invite' | 'password-change'): Promise<User> {
    const tried = normalizeEmail(email);
    let result;
    try {
      result = await checkCredentials(ctx.db, { email: tried, password, ip: req.ip, deviceToken: req.cookies[DEVICE_COOKIE] }, throttle);
    } catch (err) {
      if (err instanceof AppError) req.log.info({ email: tried, ip: req.ip, via, refused: err.code }, 'sign-in attempt refused by the throttle');
      throw err;
    }
    if (result.ok) return result.user;
    if (result.user) {
      await recordForUser(ctx.db, result.user.id, req.ip, {
        action: 'session.login.failed', target: `user:${result.user.id}`,
        detail: { email: tried, via, knownDevice: result.knownDevice, locked: result.locked },
      });
    } else {
      req.log.warn({ email: tried, ip: req.ip, via }, 'sign-in failed: no account has this email');
    }
    if (via === 'password-change') {
      throw new AppError('bad_request', 'the current password is wrong', { issues: [{ path: 'body.currentPassword', message: 'wrong password' }] });
    }
    throw new AppError('unauthorized', via === 'invite' ? 'this email has an account: give its password to join' : 'wrong email or password');
  }

  return async (app) => {
    app.get('/api/setup', {
      config: { public: true },
      schema: {
        tags: ['session'], summary: 'Whether the first owner is still to be created; in demo mode, the demo sign-in',
        response: { 200: z.object({
          needsSetup: z.boolean(),
          demo: z.object({ email: z.string(), password: z.string() }).optional().describe('only when serving with --demo: the sign-in the sign-in page shows'),
        }) },
      },
    }, async () => ({ needsSetup: !(await anyUserExists(ctx.db)), ...(ctx.demo ? { demo: { email: ctx.demo.email, password: ctx.demo.password } } : {}) }));

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
      const found = await proveCredentials(req, req.body.email, req.body.password, 'login');
      const first = (await workspacesOf(ctx.db, found.id))[0];
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

    app.post('/api/logout/all', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['session'], summary: 'Sign out everywhere: end every session of this user, in every workspace, and forget their other known devices',
        response: { 204: z.null().describe('signed out everywhere'), ...errors },
      },
    }, async (req, reply) => {
      const actor = actorOf(req);
      const ended = await ctx.db.transaction(async (tx) => {
        const n = await endAllSessions(tx, actor.userId);
        await forgetOtherDevices(tx, actor.userId, req.cookies[DEVICE_COOKIE]);
        await recordAudit(tx, actor, { action: 'session.logout.all', target: `user:${actor.userId}`, detail: { sessions: n } });
        return n;
      });
      req.log.info({ userId: actor.userId, sessions: ended }, 'signed out everywhere');
      clearSessionCookie(req, reply);
      return reply.code(204).send(null);
    });

    app.post('/api/password', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['session'],
        summary: 'Change your password (the current one is checked like a sign-in); signs out your other sessions and forgets your other known devices',
        body: z.object({ currentPassword: Password, newPassword: Password }),
        response: { 204: z.null().describe('changed'), ...errors },
      },
    }, async (req, reply) => {
      const actor = actorOf(req);
      const me = await getUser(ctx.db, actor.userId);
      if (!me) throw new AppError('unauthorized', 'sign in again');
      // The policy first: a refused new password costs no attempt of the throttle.
      checkPasswordPolicy(req.body.newPassword, 'body.newPassword');
      if (req.body.newPassword === req.body.currentPassword) {
        throw new AppError('bad_request', 'the new password is the current one', { issues: [{ path: 'body.newPassword', message: 'the same as the current password' }] });
      }
      await proveCredentials(req, me.email, req.body.currentPassword, 'password-change');
      await ctx.db.transaction(async (tx) => {
        await setPassword(tx, me.id, req.body.newPassword);
        const ended = await endOtherSessions(tx, me.id, req.session!.tokenHash);
        await forgetOtherDevices(tx, me.id, req.cookies[DEVICE_COOKIE]);
        await recordAudit(tx, actor, { action: 'session.password.change', target: `user:${me.id}`, detail: { otherSessionsEnded: ended } });
      });
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
        tags: ['session'],
        summary: "Accept an invitation as its email's account: a new account (name and password), or an existing one (its password, checked and throttled like a sign-in, or signed in as it)",
        params: TokenParams,
        body: z.object({ name: text().trim().min(1).max(200), password: Password.optional() }),
        response: { 200: SignedIn, ...errors },
      },
    }, async (req, reply) => {
      const invite = await findInvite(ctx.db, req.params.token);
      if (req.actor) {
        // Signed in: only as the invited email, which needs no password again.
        const me = await getUser(ctx.db, req.actor.userId);
        if (!me || me.email !== invite.email) throw new AppError('forbidden', `this invitation is for ${invite.email}: sign out, then open the link again`);
        const { user, workspaceId } = await acceptInvite(ctx.db, req.params.token, req.body, req.ip, me.id);
        await switchSessionWorkspace(ctx.db, req.session!.tokenHash, workspaceId);
        return { user };
      }
      let proven: number | null = null;
      if (await findUserByEmail(ctx.db, invite.email)) {
        if (req.body.password === undefined) throw new AppError('bad_request', 'this email has an account: give its password to join', { issues: [{ path: 'body.password', message: 'required' }] });
        proven = (await proveCredentials(req, invite.email, req.body.password, 'invite')).id;
      }
      const { user, workspaceId } = await acceptInvite(ctx.db, req.params.token, req.body, req.ip, proven);
      await signIn(req, reply, user, workspaceId);
      return { user };
    });
  };
}
