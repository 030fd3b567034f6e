/**
 * The HTTP app: Fastify with zod schemas on every route (validation, serialization and the
 * OpenAPI document at /docs), one error handler, structured logs from the given pino logger, and
 * one route file per domain folder. It only builds the app; the caller listens and closes.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { ServerContext, ServerOptions } from './context.ts';
import { registerErrorHandler } from './errors.ts';
import { groupRoutes } from './routes/groups.ts';
import { healthRoutes } from './routes/health.ts';
import { memberRoutes } from './routes/members.ts';
import { webhookRoutes } from './routes/webhooks.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The workspace the request is served in. */
    workspaceId: number;
  }
}

export type { ServerOptions, WebhookHandler } from './context.ts';

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: options.logger as FastifyBaseLogger }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);

  const ctx: ServerContext = {
    config: options.config,
    db: options.db,
    ingest: options.ingest,
    webhooks: options.webhooks ?? new Map(),
    connectors: options.connectors ?? new Map(),
  };

  // The one place that says which workspace a request is in; an auth layer replaces this hook.
  app.decorateRequest('workspaceId', 0);
  app.addHook('onRequest', async (req) => { req.workspaceId = options.workspaceId; });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Qunyun API', description: 'Community operations for chat groups', version: '0.1.0' },
      tags: [
        { name: 'groups' }, { name: 'members' }, { name: 'webhooks', description: 'platform deliveries' },
        { name: 'ops', description: 'probes' },
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  await app.register(healthRoutes(ctx));
  await app.register(groupRoutes(ctx));
  await app.register(memberRoutes(ctx));
  await app.register(webhookRoutes(ctx));
  return app;
}
