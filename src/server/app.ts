/**
 * The HTTP app: Fastify with zod schemas on every route (validation, serialization and the
 * OpenAPI document at /docs), one error handler, structured logs from the given pino logger, and
 * one route file per domain folder. It only builds the app; the caller listens and closes.
 */
import { fileURLToPath } from 'node:url';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { trustProxyOption } from '../config.ts';
import { createConnectorRuntime } from '../connectors/runtime/index.ts';
import { createOutbound } from '../net/outbound.ts';
import type { ServerContext, ServerOptions } from './context.ts';
import { registerErrorHandler } from './errors.ts';
import { registerAuth, type RouteEntry } from './auth-hooks.ts';
import { docsCsp, registerSecurityHeaders } from './security-headers.ts';
import { accountRoutes } from './routes/accounts.ts';
import { groupActionRoutes } from './routes/group-actions.ts';
import { automationRoutes } from './routes/automation.ts';
import { pushRoutes } from './routes/pushes.ts';
import { registerConsole } from './routes/console.ts';
import { overviewRoutes } from './routes/overview.ts';
import { reviewRoutes } from './routes/review.ts';
import { kpiRoutes } from './routes/kpi.ts';
import { orderRoutes } from '../orders/routes.ts';
import { sessionRoutes } from './routes/session.ts';
import { settingsRoutes } from './routes/settings.ts';
import { groupRoutes } from './routes/groups.ts';
import { healthRoutes } from './routes/health.ts';
import { memberRoutes } from './routes/members.ts';
import { moderationRoutes } from './routes/moderation.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { activityRoutes } from './routes/activities.ts';
import { codeRoutes } from './routes/codes.ts';
import { codePageRoutes } from './routes/code-page.ts';
import { contentRoutes } from './routes/content.ts';
import { campaignRoutes } from './routes/campaigns.ts';
import { campaignPageRoutes } from './routes/campaign-page.ts';
import { reportRoutes, trackTableRoutes } from './routes/reports.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with the role it needs, for the tests that walk them all. */
    routeCatalog: RouteEntry[];
  }
}

const defaultWebDist = fileURLToPath(new URL('../../web/dist', import.meta.url));

export type { ServerOptions, WebhookHandler } from './context.ts';

/**
 * The demo's terminal is for reading: its request lines go to debug (a failed request stays at
 * error), so the banner and the community's progress are not buried under them.
 */
class QuietRequests extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ req: request }, 'incoming request');
  }
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) super.requestCompleted(error, request, reply);
    else reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger, trustProxy: trustProxyOption(options.config.TRUST_PROXY),
    ...(options.demo ? { logController: new QuietRequests() } : {}),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);

  // The server's own address, for links it hands out (invitations): PUBLIC_URL, else the address it
  // listens on. Never the request's Host header, which the requester chooses.
  const publicUrl = () => {
    if (options.config.PUBLIC_URL) return options.config.PUBLIC_URL;
    try {
      return app.listeningOrigin;
    } catch {
      return `http://${options.config.HOST}:${options.config.PORT}`;
    }
  };
  const ctx: ServerContext = {
    config: options.config,
    publicUrl,
    db: options.db,
    defaultWorkspaceSlug: options.defaultWorkspaceSlug ?? 'default',
    throttle: options.throttle,
    ingest: options.ingest,
    webhooks: options.webhooks ?? new Map(),
    jobs: options.jobs,
    demo: options.demo,
    runtime: options.runtime ?? createConnectorRuntime({
      db: options.db, ingest: options.ingest, logger: options.logger,
      publicUrl,
      outbound: createOutbound({ allow: options.config.OUTBOUND_ALLOW_PRIVATE }),
    }),
  };

  registerSecurityHeaders(app);
  // Before any route: each route must declare who may call it (see auth-hooks.ts).
  app.decorate('routeCatalog', await registerAuth(app, options.db));

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Qunyun API', description: 'Community operations for chat groups', version: '0.1.0' },
      tags: [
        { name: 'session' }, { name: 'overview' }, { name: 'groups' }, { name: 'members' },
        { name: 'privacy', description: "a person's data: export and erasure (PIPL/GDPR)" }, { name: 'settings' },
        { name: 'accounts', description: 'platform accounts and their connectors' }, { name: 'actions', description: "operators' actions on groups, through their platform" },
        { name: 'webhooks', description: 'platform deliveries' },
        { name: 'reports', description: 'tables as CSV/XLSX, weekly digests' },
        { name: 'ops', description: 'probes' },
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  // validatorUrl null: the UI does not send the document's address to an outside validator.
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', staticCSP: true, transformStaticCSP: docsCsp, uiConfig: { validatorUrl: null } });

  // Before the routes: which GET routes are tables that GET /api/export can write as a file.
  const tables = trackTableRoutes(app);
  await app.register(healthRoutes(ctx));
  await app.register(sessionRoutes(ctx));
  await app.register(overviewRoutes(ctx));
  await app.register(reviewRoutes(ctx));
  await app.register(kpiRoutes(ctx));
  await app.register(orderRoutes(ctx));
  await app.register(settingsRoutes(ctx));
  await app.register(groupRoutes(ctx));
  await app.register(memberRoutes(ctx));
  await app.register(accountRoutes(ctx));
  await app.register(groupActionRoutes(ctx));
  await app.register(moderationRoutes(ctx));
  await app.register(automationRoutes(ctx));
  await app.register(pushRoutes(ctx));
  await app.register(webhookRoutes(ctx));
  await app.register(activityRoutes(ctx));
  await app.register(codeRoutes(ctx));
  await app.register(codePageRoutes(ctx));
  await app.register(contentRoutes(ctx));
  await app.register(campaignRoutes(ctx));
  await app.register(campaignPageRoutes(ctx));
  await app.register(reportRoutes(ctx, app, tables));
  await registerConsole(app, options.webDist ?? defaultWebDist);
  return app;
}
