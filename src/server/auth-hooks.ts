/**
 * Who is asking, and may they: the hooks every request goes through.
 *
 * Every route declares `config: { minRole: 'viewer' | 'operator' | 'admin' | 'owner' }` or
 * `config: { public: true }`; a route that declares neither stops the app from starting (onRoute
 * throws), so no route is left open by omission. For each request:
 * 1. The session cookie `qy_session` resolves `request.actor` (user, workspace, role, IP).
 * 2. CSRF: the `qy_csrf` cookie (readable by the console's script) carries the token that a
 *    state-changing request (POST/PUT/PATCH/DELETE) must send back in `x-csrf-token`, or it
 *    answers 403 `csrf`. With a session the token is bound to it (an HMAC keyed by the session's
 *    secret token, src/auth/tokens.ts): a token of another session, or a cookie an attacker
 *    planted, does not match. Without one (sign-in, set-up, invitations) it is a random
 *    pre-session token, checked as a double submit. Only /webhooks/* is exempt: platforms sign
 *    their deliveries instead, and send no cookies.
 * 3. A non-public route answers 401 without a session and 403 below its minRole.
 * 4. Without a session, `Authorization: Bearer qyk_…` is a read-only API key (src/reports/api-keys.ts):
 *    a viewer of its workspace on GET routes, refused (403) on every other method, rate-limited
 *    per key (429), 401 when unknown or revoked. The key is never logged (request logs hold no
 *    headers; the refusal names no key).
 * A public GET route may also declare `sessionless: true` (a live code's page and its JSON twin):
 * 1 and 2 are skipped for it, no session looked up and no CSRF cookie handed out, since nothing
 * it does depends on who is asking (docs/acquisition.md: what the public route skips).
 * This runs in onRequest, before the body is even read. Refusals (403 of any kind) of a signed-in
 * user are recorded in the audit log of their workspace (`access.denied`); those without a
 * session, which belong to no workspace, go to the server log.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import { hasRole, ROLES, type Actor, type Role } from '../auth/access.ts';
import { resolveSession, SESSION_COOKIE, type SessionInfo } from '../auth/sessions.ts';
import { csrfTokenFor, newToken, sameSecret } from '../auth/tokens.ts';
import { recordAudit } from '../audit/record.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { apiKeyOf, createKeyRateLimiter, resolveApiKey } from '../reports/api-keys.ts';

/**
 * A header the export route (src/server/routes/reports.ts) puts on the requests it makes inside
 * the process for each batch of rows, with a random value of this process: those batches are
 * part of one request already counted against the key's rate limit. Never sent by a client.
 */
export const INTERNAL_BATCH_HEADER = 'x-qunyun-export-batch';
export const INTERNAL_BATCH_SECRET = newToken();

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The least role that may call the route. */
    minRole?: Role;
    /** Callable without a session (probes, webhooks, sign-in, set-up, invites, docs). */
    public?: boolean;
    /**
     * A public GET route that never looks at who is asking (a live code's page and its JSON twin,
     * thousands a second under a campaign): no session is looked up and no CSRF cookie handed out
     * for it (nothing it does depends on a session, and it changes no state a CSRF token guards).
     */
    sessionless?: boolean;
  }
  interface FastifyRequest {
    /** The signed-in user in their current workspace; null on public routes without a session. */
    actor: Actor | null;
    /** The session behind `actor`. */
    session: SessionInfo | null;
  }
}

export const CSRF_COOKIE = 'qy_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Routes that plugins register (the OpenAPI UI) and that are public by nature. */
const PLUGIN_PUBLIC_PREFIXES = ['/docs'];

export interface RouteEntry { method: string; url: string; minRole: Role | undefined; public: boolean }

/** The actor of a route that declared a minRole: always there (the hook answered 401 otherwise). */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('unauthorized', 'sign in first');
  return req.actor;
}

export function cookieOptions(req: FastifyRequest, httpOnly: boolean, expires?: Date) {
  return { path: '/', sameSite: 'lax' as const, httpOnly, secure: req.protocol === 'https', ...(expires ? { expires } : {}) };
}

/** Sets the session cookie, and the CSRF cookie to the session's token. */
export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string, expires: Date): void {
  reply.setCookie(SESSION_COOKIE, token, cookieOptions(req, true, expires));
  reply.setCookie(CSRF_COOKIE, csrfTokenFor(token), cookieOptions(req, false));
}

/** Clears the session cookie; the CSRF cookie becomes a new pre-session token. */
export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(req, true));
  reply.setCookie(CSRF_COOKIE, newToken(), cookieOptions(req, false));
}

/**
 * Registers cookies, the route check and the request hooks; returns the catalogue of routes
 * (filled as routes are added) for tests that walk every route.
 */
export async function registerAuth(app: FastifyInstance, db: Database): Promise<RouteEntry[]> {
  await app.register(fastifyCookie);
  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);

  const routes: RouteEntry[] = [];
  app.addHook('onRoute', (route) => {
    const config = (route.config ?? {}) as { minRole?: Role; public?: boolean; sessionless?: boolean };
    if (!config.public && PLUGIN_PUBLIC_PREFIXES.some((p) => route.url === p || route.url.startsWith(`${p}/`))) {
      route.config = { ...config, public: true };
      config.public = true;
    }
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (config.sessionless === true && (config.public !== true || methods.some((m) => m !== 'GET' && m !== 'HEAD'))) {
      throw new Error(`route ${methods.join(',')} ${route.url} is sessionless: it must be public and GET only`);
    }
    if (config.public === true && config.minRole !== undefined) {
      throw new Error(`route ${methods.join(',')} ${route.url} declares both public and minRole: pick one`);
    }
    if (config.public !== true && (config.minRole === undefined || !ROLES.includes(config.minRole))) {
      throw new Error(`route ${methods.join(',')} ${route.url} declares neither config.minRole nor config.public: every route must say who may call it`);
    }
    for (const method of methods) routes.push({ method, url: route.url, minRole: config.minRole, public: config.public === true });
  });

  const keyLimiter = createKeyRateLimiter();
  app.addHook('onRequest', async (req, reply) => {
    if (req.routeOptions.config.sessionless === true && !req.is404) return; // public, GET only (onRoute checked)
    const path = req.url.split('?')[0]!;
    if (path.startsWith('/webhooks/')) return;
    const token = req.cookies[SESSION_COOKIE];
    if (token && !req.is404) {
      const session = await resolveSession(db, token);
      if (session) {
        req.session = session;
        req.actor = { userId: session.userId, workspaceId: session.workspaceId, role: session.role, ip: req.ip };
        if (session.renewed) setSessionCookie(req, reply, token, session.expiresAt);
      }
    }
    const apiKey = req.session ? undefined : apiKeyOf(req.headers.authorization);
    if (apiKey !== undefined) {
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new AppError('forbidden', 'an API key is read-only: it may only call GET routes');
      const key = await resolveApiKey(db, apiKey);
      if (!key) throw new AppError('unauthorized', 'unknown or revoked API key');
      if (req.headers[INTERNAL_BATCH_HEADER] !== INTERNAL_BATCH_SECRET) {
        const wait = keyLimiter.take(key.keyId);
        if (wait > 0) throw new AppError('rate_limited', `this API key made too many requests: wait ${wait} s`, { retryAfterSeconds: wait });
      }
      req.actor = { userId: key.createdBy, workspaceId: key.workspaceId, role: 'viewer', ip: req.ip, apiKeyId: key.keyId };
    }
    // The token a state-changing request must send: the session's, else the pre-session cookie's.
    const bound = req.session && token ? csrfTokenFor(token) : undefined;
    const cookie = req.cookies[CSRF_COOKIE];
    if (path.startsWith('/api/')) {
      if (bound !== undefined && cookie !== bound) reply.setCookie(CSRF_COOKIE, bound, cookieOptions(req, false));
      else if (bound === undefined && !cookie) reply.setCookie(CSRF_COOKIE, newToken(), cookieOptions(req, false));
    }
    if (STATE_CHANGING.has(req.method)) {
      const expected = bound ?? cookie;
      const sent = req.headers[CSRF_HEADER];
      if (!expected || typeof sent !== 'string' || !sameSecret(sent, expected)) {
        throw new AppError('csrf', 'missing or wrong CSRF token: send the qy_csrf cookie value in the x-csrf-token header');
      }
    }
    if (req.is404) return;
    const config = req.routeOptions.config;
    if (config.public) return;
    if (!req.actor) throw new AppError('unauthorized', 'sign in first');
    if (!hasRole(req.actor.role, config.minRole!)) throw new AppError('forbidden', `this needs the ${config.minRole} role or above`);
  });

  // Refusals are security events: who was refused what, and why (never a secret: no token).
  app.addHook('onError', async (req, _reply, err) => {
    if (!(err instanceof AppError) || (err.code !== 'forbidden' && err.code !== 'csrf')) return;
    const route = `${req.method} ${req.routeOptions.url ?? req.url.split('?')[0]}`;
    const reason = err.code === 'csrf' ? 'csrf' : 'forbidden';
    if (!req.actor) {
      req.log.warn({ ip: req.ip, route, reason }, `refused: ${err.message}`);
      return;
    }
    try {
      await recordAudit(db, req.actor, {
        action: 'access.denied', target: `route:${route}`,
        detail: { reason, role: req.actor.role, ...(req.routeOptions.config.minRole ? { needs: req.routeOptions.config.minRole } : {}), message: err.message },
      });
    } catch (cause) {
      req.log.error({ err: cause }, 'could not record a refusal in the audit log');
    }
  });
  return routes;
}
