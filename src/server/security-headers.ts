/**
 * Security headers on every response (helmet's, computed once at start-up: see
 * securityHeaders): a Content-Security-Policy under which the built console works and little else does, no framing
 * (clickjacking of the console's buttons), no MIME sniffing, and no Referer (an invite link in the
 * address bar must not leak to another site).
 *
 * The console (vite build, React, antd) loads only its own scripts; antd writes its styles with
 * CSS-in-JS into <style> elements at run time, so style-src needs 'unsafe-inline' (styles cannot
 * run code; scripts stay 'self' only). Its favicon and a few icons are data: URIs.
 * upgrade-insecure-requests is left out: installations are often reached over plain http on a LAN
 * address, where it would break every asset. The OpenAPI UI at /docs sets its own policy (with the
 * hashes of its inline script: @fastify/swagger-ui's staticCSP), given the same framing, form
 * and style rules here.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

export const consoleCsp = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

const options: HelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: consoleCsp },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  // Cross-origin isolation would block nothing the console needs, but may break reverse proxies
  // that inject resources; the CSP above already limits what loads.
  crossOriginEmbedderPolicy: false,
};

/**
 * The headers helmet sets with our options, as name → value. They depend on nothing in the
 * request, so they are computed once: @fastify/helmet built helmet's middleware again on every
 * request (parsing the policy, ~40 µs a request, an eighth of a public join's CPU).
 */
export function securityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader(name: string, value: unknown) { headers[name.toLowerCase()] = String(value); },
    removeHeader(name: string) { delete headers[name.toLowerCase()]; },
  };
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => { if (err) throw err; });
  return headers;
}

export function registerSecurityHeaders(app: FastifyInstance): void {
  const headers = securityHeaders();
  // A route may still set its own (the OpenAPI UI's policy, a proof image's): set later, it wins.
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(headers);
    done();
  });
}

/**
 * The OpenAPI UI's own policy (see @fastify/swagger-ui's staticCSP: hashes of its inline script),
 * with our framing and form rules. Its style-src becomes 'self' 'unsafe-inline' like the console's:
 * the UI sets style attributes at run time, which hashes cannot allow (and with a hash present a
 * browser ignores 'unsafe-inline').
 */
export function docsCsp(header: string): string {
  const dropped = ['upgrade-insecure-requests', 'frame-ancestors', 'style-src', 'form-action'];
  const directives = header.split(';').map((d) => d.trim()).filter((d) => d && !dropped.some((name) => d === name || d.startsWith(`${name} `)));
  return [...directives, "style-src 'self' 'unsafe-inline'", "frame-ancestors 'none'", "form-action 'self'"].join('; ');
}
