/**
 * Platform-account routes for the console's settings page (admin and above, every change
 * audited): list, add (Telegram bot, WeCom corp app, sandbox bot), check a Telegram bot token,
 * rename, enable or disable, and the capabilities of an account. Secrets are accepted, stored and
 * never answered: no response schema here has a field that could carry one.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accountCapabilities, createAccount, listAccounts, updateAccount } from '../../accounts/accounts.ts';
import { platformFailure } from '../../actions/errors.ts';
import { checkTelegramBot, TelegramSetupError } from '../../connectors/telegram/index.ts';
import { telegramToken, wecomAgentId, wecomCorpId } from '../../connectors/runtime/account-config.ts';
import { operatorUrl } from '../../net/outbound.ts';
import { recordAudit } from '../../audit/record.ts';
import { actorOf } from '../auth-hooks.ts';
import { AppError } from '../../errors.ts';
import { ErrorBody, errorResponses } from '../errors.ts';
import { text } from '../schemas.ts';
import type { ServerContext } from '../context.ts';

/** Operator-given URLs: http(s), no user:password, query or fragment; a trailing slash is dropped. */
const url = operatorUrl;

const Account = z.object({
  id: z.number().int(),
  platform: z.string(),
  name: z.string(),
  externalId: z.string(),
  status: z.enum(['active', 'error', 'disabled']),
  lastEventAt: z.iso.datetime().nullable(),
  groups: z.number().int(),
  capabilities: z.array(z.string()).describe('what Qunyun can do through this account: receiveMessages, sendMessages, mute, kick, inviteLinks, …'),
  unsupported: z.array(z.object({ capability: z.string(), reason: z.string(), instead: z.string().optional() }))
    .describe("what the platform cannot do, with its reason and what to do instead"),
  error: z.string().optional().describe('the last error, when status is error'),
  fault: z.object({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() }).optional()
    .describe('why the account is in error, as a code the console translates (wecom_ip_not_allowed, wecom_clock_skew, …)'),
  retry: z.object({ nextAt: z.iso.datetime().nullable(), attempts: z.number().int() }).optional()
    .describe('when an account in error is tried again (null: not until its settings change), and how many tries failed in a row'),
  settings: z.record(z.string(), z.unknown()).describe('the config without its secrets'),
  webhookUrl: z.string().optional().describe('where the platform delivers (for WeCom: the callback URL to enter in the app settings)'),
  callbackVerifiedAt: z.iso.datetime().nullable().optional().describe("WeCom: when the callback URL last passed WeCom's URL verification; null: not yet"),
}).meta({ id: 'Account' });

const Capability = z.object({
  capability: z.string(), supported: z.boolean(), note: z.string().optional(), reason: z.string().optional(), instead: z.string().optional(),
}).meta({ id: 'Capability' });

const NewAccount = z.discriminatedUnion('platform', [
  z.object({
    platform: z.literal('telegram'),
    name: text().min(1).max(200).optional(),
    token: telegramToken,
    mode: z.enum(['webhook', 'polling']).default('webhook').describe('webhook needs PUBLIC_URL reachable by Telegram over HTTPS'),
    apiRoot: url.optional().describe('a Bot API server other than api.telegram.org'),
  }).strict(),
  z.object({
    platform: z.literal('wecom'),
    name: text().min(1).max(200),
    corpId: wecomCorpId,
    secret: z.string().min(1).max(200).describe("the customer-contact (客户联系) or app secret"),
    token: z.string().min(1).max(32).describe('callback Token of 接收消息'),
    encodingAesKey: z.string().length(43).describe('callback EncodingAESKey of 接收消息'),
    agentId: wecomAgentId.optional(),
    apiRoot: url.optional(),
    archive: z.object({ sidecarUrl: url }).strict().optional().describe('the chat-archive (会话内容存档) sidecar'),
  }).strict(),
  z.object({
    platform: z.literal('sandbox'),
    name: text().min(1).max(200).optional(),
    baseUrl: url,
    token: text().min(1).max(200),
    webhookSecret: text().min(16).max(200).optional(),
  }).strict(),
]);

const idParams = z.object({ id: z.coerce.number().int().positive() });
const errors = { ...errorResponses, 422: ErrorBody, 429: ErrorBody, 502: ErrorBody };

export function accountRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  const deps = { db: ctx.db, runtime: ctx.runtime };
  return async (app) => {
    app.get('/api/accounts', {
      config: { minRole: 'admin' },
      schema: {
        tags: ['accounts'], summary: 'Platform accounts with their status and capabilities (no secrets)',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(20), offset: z.coerce.number().int().min(0).default(0) }),
        response: { 200: z.object({ items: z.array(Account), total: z.number().int() }), ...errors },
      },
    }, async (req) => listAccounts(deps, actorOf(req).workspaceId, req.query));

    app.get('/api/accounts/:id/capabilities', {
      config: { minRole: 'admin' },
      schema: {
        tags: ['accounts'], summary: "What the account's platform lets Qunyun do, and what to do instead where it does not",
        params: idParams, response: { 200: z.object({ items: z.array(Capability) }), ...errors },
      },
    }, async (req) => ({ items: await accountCapabilities(deps, actorOf(req).workspaceId, req.params.id) }));

    app.post('/api/accounts/telegram/check', {
      config: { minRole: 'admin' },
      schema: {
        tags: ['accounts'], summary: "Checks a bot token and the bot's admin rights in the groups it is known in",
        body: z.object({ token: telegramToken, apiRoot: url.optional() }).strict(),
        response: {
          200: z.object({
            ok: z.boolean().describe('the token works and the bot has every right it needs where it is known'),
            bot: z.object({ id: z.string(), username: z.string() }),
            groups: z.array(z.object({ chatId: z.string(), title: z.string(), isAdmin: z.boolean(), missingRights: z.array(z.string()), error: z.string().optional() })),
            problems: z.array(z.string()).describe('what to fix, one line each'),
            notes: z.array(z.string()),
          }),
          ...errors,
        },
      },
    }, async (req) => {
      const actor = actorOf(req);
      let check;
      try {
        check = await checkTelegramBot(req.body.token, req.body.apiRoot, { fetch: ctx.runtime.outbound.fetch });
      } catch (err) {
        if (err instanceof TelegramSetupError) throw new AppError('platform_refused', err.message);
        throw platformFailure(err) ?? err;
      }
      const problems = check.groups.flatMap((g) => [
        ...(g.error ? [`${g.title || g.chatId}: ${g.error}`] : []),
        ...(!g.error && !g.isAdmin ? [`${g.title || g.chatId}: the bot is not an administrator (make it one, with ${g.missingRights.join(', ')})`] : []),
        ...(!g.error && g.isAdmin && g.missingRights.length > 0 ? [`${g.title || g.chatId}: the bot lacks ${g.missingRights.join(', ')}`] : []),
      ]);
      await recordAudit(ctx.db, actor, { action: 'account.telegram.check', target: `telegram-bot:${check.bot.id}`, detail: { groups: check.groups.length, problems: problems.length } });
      return { ok: problems.length === 0, bot: check.bot, groups: check.groups, problems, notes: check.notes };
    });

    app.post('/api/accounts', {
      config: { minRole: 'admin' },
      schema: {
        tags: ['accounts'], summary: 'Connects a platform account (checked against the platform first) and starts its connector',
        body: NewAccount, response: { 201: Account, ...errors },
      },
    }, async (req, reply) => {
      const actor = actorOf(req);
      const account = await createAccount(deps, actor.workspaceId, req.body);
      await recordAudit(ctx.db, actor, {
        action: 'account.create', target: `account:${account.id}`,
        detail: { platform: account.platform, externalId: account.externalId, name: account.name, status: account.status },
      });
      return reply.code(201).send(account);
    });

    app.patch('/api/accounts/:id', {
      config: { minRole: 'admin' },
      schema: {
        tags: ['accounts'], summary: 'Renames, disables (stops its connector) or enables (starts it again) an account',
        params: idParams,
        body: z.object({ name: text().min(1).max(200).optional(), enabled: z.boolean().optional() }).strict()
          .refine((b) => b.name !== undefined || b.enabled !== undefined, 'give name or enabled'),
        response: { 200: Account, ...errors },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const account = await updateAccount(deps, actor.workspaceId, req.params.id, req.body);
      await recordAudit(ctx.db, actor, { action: 'account.update', target: `account:${account.id}`, detail: { ...req.body, status: account.status } });
      return account;
    });
  };
}
