/**
 * Serves the operator console (web/dist, built by `npm run build:web`) at `/`: files as they are
 * (content-hashed /assets/* cached for a year, immutable, pre-compressed with brotli and gzip;
 * anything else no-cache), and for any
 * other GET/HEAD outside /api/ that matches no file, index.html (the console routes in the
 * browser). Without a build, `/` says how to make one. Unknown /api/* paths stay JSON 404s.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';

const NO_BUILD = `<!doctype html><html><head><meta charset="utf-8"><title>Qunyun</title></head>
<body style="font-family:sans-serif;max-width:40em;margin:4em auto">
<h1>Qunyun is running</h1>
<p>The operator console has not been built yet. Run <code>npm run build:web</code> and reload this page.</p>
<p>The API is here: <a href="/docs">/docs</a>.</p></body></html>`;

const isApi = (url: string) => url === '/api' || url.startsWith('/api/') || url.startsWith('/webhooks/');

export async function registerConsole(app: FastifyInstance, webDist: string): Promise<void> {
  const root = path.resolve(webDist);
  const built = () => existsSync(path.join(root, 'index.html'));
  // preCompressed: the build writes .br and .gz beside each text asset (web/vite.config.ts); the
  // file matching the browser's Accept-Encoding is sent, with Vary: accept-encoding.
  await app.register(fastifyStatic, { root, serve: false, preCompressed: true });
  const isFile = (file: string) => {
    const full = path.resolve(root, file);
    if (!full.startsWith(root + path.sep)) return false;
    try {
      return statSync(full).isFile();
    } catch {
      return false;
    }
  };

  const sendIndex = (reply: FastifyReply) => {
    if (!built()) return reply.code(200).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(NO_BUILD);
    return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
  };

  const serve = async (req: FastifyRequest<{ Params: { '*': string } }>, reply: FastifyReply) => {
    const file = req.params['*'] ?? '';
    if (isApi(req.url)) return reply.callNotFound();
    if (file === '' || file === 'index.html' || !built()) return sendIndex(reply);
    const immutable = file.startsWith('assets/');
    // Checked here rather than left to sendFile: its not-found path re-enters the reply, which
    // added a 'close' listener per attempt (Node's "possible EventEmitter memory leak" warning).
    if (!isFile(file)) {
      // A missing hashed asset (an old build's chunk) is a 404, not index.html parsed as script.
      if (immutable) return reply.code(404).send({ error: 'not_found', message: `no file ${req.url.split('?')[0]}` });
      return sendIndex(reply);
    }
    reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    return reply.sendFile(file, { cacheControl: false });
  };
  app.get('/*', { config: { public: true }, schema: { hide: true } }, serve);

  app.setNotFoundHandler((req, reply) => {
    if ((req.method === 'GET' || req.method === 'HEAD') && !isApi(req.url.split('?')[0]!)) {
      reply.removeHeader('cache-control');
      return sendIndex(reply);
    }
    return reply.code(404).send({ error: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` });
  });
}
