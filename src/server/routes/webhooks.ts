/**
 * Platforms' deliveries: each goes, as the raw body (signatures are over the exact bytes), to the
 * connector of its platform account, which verifies it (sandbox: HMAC signature; Telegram: the
 * secret-token header; WeCom: msg_signature and AES decryption), ingests the events and says what
 * to answer — 200 only once they are stored, so that the platform delivers again otherwise.
 * These routes are public: the connector's verification is their authentication.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { PlatformWebhook } from '../../connectors/runtime/index.ts';
import { AppError } from '../../errors.ts';
import type { ServerContext } from '../context.ts';

/** A delivery carries at most a few thousand events. */
const BODY_LIMIT = 16 * 1024 * 1024;

const params = z.object({ accountId: z.coerce.number().int().positive() });
// Whatever the connector answers (its platform's format), or an Error body: 404 for an unknown
// account, 503 when the events could not be stored.
const response = { default: z.unknown().describe("the connector's answer to the platform") };

export function webhookRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    // Only in this plugin's scope: every other route keeps Fastify's JSON parser.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_req, body, done) => done(null, body));

    async function deliver(req: FastifyRequest, reply: FastifyReply, platform: string, accountId: number, hook: PlatformWebhook | undefined, onOk?: () => Promise<void>): Promise<unknown> {
      if (!hook) throw new AppError('not_found', `no ${platform} account ${accountId} is connected`);
      let answer: { status: number; body: unknown; contentType?: string };
      try {
        answer = await hook({
          method: req.method, query: req.query as Record<string, string | string[] | undefined>,
          headers: req.headers, body: typeof req.body === 'string' ? req.body : '',
        });
      } catch (err) {
        // Nothing of the delivery is acknowledged: the platform delivers it again.
        req.log.error({ err, platform, accountId }, 'webhook delivery failed');
        throw new AppError('unavailable', 'the delivery could not be stored; deliver it again');
      }
      if (answer.status === 200 && onOk) await onOk();
      if (answer.contentType) reply.type(answer.contentType);
      return reply.code(answer.status).send(answer.body);
    }

    app.post('/webhooks/sandbox/:accountId', {
      bodyLimit: BODY_LIMIT,
      config: { public: true },
      schema: {
        tags: ['webhooks'], summary: 'A signed delivery from the sandbox platform', params,
        body: z.string().describe('the native update batch, signed with HMAC-SHA256'), response,
      },
    }, async (req, reply) => {
      const id = req.params.accountId;
      // The demo community registers its handler itself; accounts configured in the database run in the runtime.
      const legacy = ctx.webhooks.get(id);
      const hook: PlatformWebhook | undefined = legacy ? (r) => legacy(r.body, r.headers) : ctx.runtime.webhook('sandbox', id);
      return deliver(req, reply, 'sandbox', id, hook);
    });

    app.post('/webhooks/telegram/:accountId', {
      bodyLimit: BODY_LIMIT,
      config: { public: true },
      schema: {
        tags: ['webhooks'], summary: 'An update from the Telegram Bot API (X-Telegram-Bot-Api-Secret-Token checked)', params,
        body: z.string().optional().describe('one Telegram Update, JSON'), response,
      },
    }, async (req, reply) => deliver(req, reply, 'telegram', req.params.accountId, ctx.runtime.webhook('telegram', req.params.accountId)));

    const wecomSchema = {
      tags: ['webhooks'],
      params,
      querystring: z.object({
        msg_signature: z.string().optional(), timestamp: z.string().optional(), nonce: z.string().optional(), echostr: z.string().optional(),
      }).describe('signed by WeCom; checked by the connector'),
      response,
    };
    app.get('/webhooks/wecom/:accountId', {
      config: { public: true },
      schema: { ...wecomSchema, summary: 'WeCom callback URL verification: answers the decrypted echostr' },
    }, async (req, reply) => deliver(req, reply, 'wecom', req.params.accountId, ctx.runtime.webhook('wecom', req.params.accountId),
      // The URL passed WeCom's verification (the connector checked the signature): the console shows it.
      () => ctx.db.query(`update platform_accounts set cursor = jsonb_set(cursor, '{callbackVerifiedAt}', to_jsonb(now())) where id = $1 and platform = 'wecom'`,
        [req.params.accountId]).then(() => undefined)));
    app.post('/webhooks/wecom/:accountId', {
      bodyLimit: BODY_LIMIT,
      config: { public: true },
      schema: { ...wecomSchema, summary: 'An encrypted WeCom callback event', body: z.string().optional().describe('<xml><Encrypt>…</Encrypt></xml>') },
    }, async (req, reply) => deliver(req, reply, 'wecom', req.params.accountId, ctx.runtime.webhook('wecom', req.params.accountId)));
  };
}
