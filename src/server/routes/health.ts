/**
 * Probes for orchestrators: /health says the process answers; /ready says it can serve, i.e. the
 * database answers and its migrations are applied.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { migrationsApplied } from '../../db/migrate.ts';
import type { ServerContext } from '../context.ts';

const Ready = z.object({ status: z.enum(['ready', 'unavailable']), reason: z.string().optional() });

export function healthRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/health', {
      config: { public: true },
      schema: { tags: ['ops'], summary: 'The process is up', response: { 200: z.object({ status: z.literal('ok') }) } },
    }, async () => ({ status: 'ok' as const }));

    app.get('/ready', {
      config: { public: true },
      schema: { tags: ['ops'], summary: 'The database answers and is migrated', response: { 200: Ready, 503: Ready } },
    }, async (req, reply) => {
      try {
        await ctx.db.query('select 1');
        if (!(await migrationsApplied(ctx.db))) {
          return reply.code(503).send({ status: 'unavailable', reason: 'database migrations are not applied' });
        }
      } catch (err) {
        req.log.warn({ err }, 'readiness check failed');
        return reply.code(503).send({ status: 'unavailable', reason: 'database does not answer' });
      }
      return { status: 'ready' as const };
    });
  };
}
