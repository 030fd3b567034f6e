/**
 * Webhooks of the sandbox platform: each delivery goes, as the raw body (the signature is over
 * the exact bytes), to the handler of its platform account, whose connector verifies it, ingests
 * the events and says what to answer (200 only once they are stored).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import type { ServerContext } from '../context.ts';

/** A delivery carries at most a few thousand events. */
const BODY_LIMIT = 16 * 1024 * 1024;

export function webhookRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    // Only in this plugin's scope: every other route keeps Fastify's JSON parser.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_req, body, done) => done(null, body));

    app.post('/webhooks/sandbox/:accountId', {
      bodyLimit: BODY_LIMIT,
      schema: {
        tags: ['webhooks'],
        summary: 'A signed delivery from the sandbox platform',
        params: z.object({ accountId: z.coerce.number().int().positive() }),
        body: z.string().describe('the native update batch, signed with HMAC-SHA256'),
        // Whatever the connector answers (its platform's format), or an Error body: 404 for an
        // unknown account, 503 when the events could not be stored.
        response: { default: z.unknown().describe("the connector's answer to the platform") },
      },
    }, async (req, reply) => {
      const handler = ctx.webhooks.get(req.params.accountId);
      if (!handler) throw new AppError('not_found', `no sandbox account ${req.params.accountId} is connected`);
      let answer: { status: number; body: unknown };
      try {
        answer = await handler(req.body, req.headers);
      } catch (err) {
        // Nothing of the delivery is acknowledged: the platform delivers it again.
        req.log.error({ err, accountId: req.params.accountId }, 'webhook delivery failed');
        throw new AppError('unavailable', 'the delivery could not be stored; deliver it again');
      }
      return reply.code(answer.status).send(answer.body);
    });
  };
}
