/**
 * The one error type of the HTTP API and the one place it becomes a response. Routes and domain
 * calls throw AppError with a string code; the handler maps codes to HTTP statuses and answers
 * every error with the same body: { error: code, message, issues? }.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, ResponseSerializationError } from 'fastify-type-provider-zod';
import { GrammyError, HttpError } from 'grammy';
import { z } from 'zod';
import { platformFailure } from '../actions/errors.ts';
import { toPlatformError } from '../connectors/telegram/errors.ts';
import { AppError, statuses, type ErrorCode } from '../errors.ts';
import { redactText } from '../log/redact.ts';

export const ErrorBody = z.object({
  error: z.string().describe('machine-readable code: bad_request, not_found, …'),
  message: z.string(),
  issues: z.array(z.object({
    path: z.string(), message: z.string(),
    code: z.string().optional().describe('where the route has one: what was wrong, for a translation'),
    values: z.record(z.string(), z.union([z.string(), z.number()])).optional().describe('the values the code\'s words take'),
  })).optional()
    .describe('what was wrong with the request, one entry per field'),
  retryAfterSeconds: z.number().int().optional().describe('423 and 429: seconds until a retry may succeed'),
  instead: z.string().optional().describe('not_supported: what can be done instead on that platform'),
}).meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof ErrorBody>;

/** The error responses a route may declare in its schema, for the OpenAPI document. */
export const errorResponses = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 500: ErrorBody } as const;

/** The generic code of each status (the first listed wins: 403 is 'forbidden', not 'csrf'). */
const byStatus = new Map<number, ErrorCode>();
for (const [code, status] of Object.entries(statuses)) if (!byStatus.has(status)) byStatus.set(status, code as ErrorCode);

/** Validation parts as clients know them: `querystring` is the `query` of the URL. */
const parts: Record<string, string> = { querystring: 'query', params: 'params', body: 'body', headers: 'headers' };

/**
 * A platform's error that escaped a route unmapped: grammY's GrammyError / HttpError (a GrammyError
 * has a `method`, which fastify-type-provider-zod's duck-typed check took for a serialisation
 * error) or a connector's PlatformError. Said as the platform's failure, its message scrubbed.
 */
function escapedPlatformError(err: unknown): AppError | undefined {
  if (err instanceof GrammyError || err instanceof HttpError) {
    const method = err instanceof GrammyError ? err.method : /'(\w+)'/.exec(err.message)?.[1] ?? 'call';
    const p = toPlatformError(err, method);
    return new AppError('platform_unavailable', p.message);
  }
  return platformFailure(err);
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((raw: FastifyError, req, reply) => {
    const err: FastifyError = (escapedPlatformError(raw) ?? raw) as FastifyError;
    if (hasZodFastifySchemaValidationErrors(err)) {
      const part = parts[err.validationContext ?? ''] ?? err.validationContext ?? 'request';
      const issues = err.validation.map((v) => ({
        path: [part, ...v.instancePath.split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'invalid',
      }));
      return reply.code(400).send({ error: 'bad_request', message: `invalid ${part}`, issues });
    }
    if (err instanceof AppError) {
      // Messages may quote a platform's answer: scrubbed of anything that looks like a secret.
      const message = redactText(err.message);
      if (err.status >= 500) req.log.error({ err }, message);
      if (err.retryAfterSeconds !== undefined) {
        reply.header('retry-after', String(err.retryAfterSeconds));
        return reply.code(err.status).send({ error: err.code, message, retryAfterSeconds: err.retryAfterSeconds });
      }
      if (err.instead !== undefined) return reply.code(err.status).send({ error: err.code, message, instead: err.instead });
      if (err.issues !== undefined) return reply.code(err.status).send({ error: err.code, message, issues: err.issues });
      return reply.code(err.status).send({ error: err.code, message });
    }
    if (err instanceof ResponseSerializationError) {
      req.log.error({ err, issues: err.cause.issues }, 'response does not match its schema');
      return reply.code(500).send({ error: 'internal', message: 'internal error' });
    }
    // Fastify's own client errors (malformed JSON, body too large, unknown content type, …).
    const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).send({ error: byStatus.get(status) ?? 'bad_request', message: redactText(err.message) });
    }
    req.log.error({ err }, 'request failed');
    return reply.code(500).send({ error: 'internal', message: 'internal error' });
  });
  // The not-found handler is the console's (src/server/routes/console.ts): SPA fallback or JSON 404.
}
