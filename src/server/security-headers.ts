/**
 * Security headers on every response (@fastify/helmet, the Fastify team's plugin over helmet):
 * a Content-Security-Policy under which the built console works and little else does, no framing
 * (clickjacking of the console's buttons), no MIME sniffing, and no Referer (an invite link in the
 * address bar must not leak to another site).
 *
 * The console (vite build, React, antd) loads only its own scripts; antd writes its styles with
 * CSS-in-JS into <style> elements at run time, so style-src needs 'unsafe-inline' (styles cannot
 * run code; scripts stay 'self' only). Its favicon and a few icons are data: URIs.
 * upgrade-insecure-requests is left out: installations are often reached over plain http on a LAN
 * address, where it would break every asset. The OpenAPI UI at /docs sets its own policy (with the
 * hashes of its inline script and style: @fastify/swagger-ui's staticCSP), tightened here to the
 * same framing and form rules.
 */
import type { FastifyInstance } from 'fastify';
import fastifyHelmet from '@fastify/helmet';

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

export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: consoleCsp },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Cross-origin isolation would block nothing the console needs, but may break reverse proxies
    // that inject resources; the CSP above already limits what loads.
    crossOriginEmbedderPolicy: false,
  });
}

/** The OpenAPI UI's own policy (see @fastify/swagger-ui's staticCSP), with our framing and form rules. */
export function docsCsp(header: string): string {
  const directives = header.split(';').map((d) => d.trim()).filter((d) => d && !d.startsWith('upgrade-insecure-requests') && !d.startsWith('frame-ancestors'));
  return [...directives, "frame-ancestors 'none'", "form-action 'self'"].join('; ');
}
