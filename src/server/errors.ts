/**
 * The one error type of the HTTP API and the one place it becomes a response. Routes and domain
 * calls throw AppError with a string code; the handler maps codes to HTTP statuses and answers
 * every error with the same body: { error: code, message, issues? }.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';

const statuses = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof statuses;

export class AppError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
  }
  get status(): number { return statuses[this.code]; }
}

export const ErrorBody = z.object({
  error: z.string().describe('machine-readable code: bad_request, not_found, …'),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional()
    .describe('what was wrong with the request, one entry per field'),
}).meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof ErrorBody>;

/** The error responses a route may declare in its schema, for the OpenAPI document. */
export const errorResponses = { 400: ErrorBody, 404: ErrorBody, 500: ErrorBody } as const;

const byStatus = new Map<number, ErrorCode>(Object.entries(statuses).map(([code, status]) => [status, code as ErrorCode]));

/** Validation parts as clients know them: `querystring` is the `query` of the URL. */
const parts: Record<string, string> = { querystring: 'query', params: 'params', body: 'body', headers: 'headers' };

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const part = parts[err.validationContext ?? ''] ?? err.validationContext ?? 'request';
      const issues = err.validation.map((v) => ({
        path: [part, ...v.instancePath.split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'invalid',
      }));
      return reply.code(400).send({ error: 'bad_request', message: `invalid ${part}`, issues });
    }
    if (err instanceof AppError) {
      if (err.status >= 500) req.log.error({ err }, err.message);
      return reply.code(err.status).send({ error: err.code, message: err.message });
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err, issues: err.cause.issues }, 'response does not match its schema');
      return reply.code(500).send({ error: 'internal', message: 'internal error' });
    }
    // Fastify's own client errors (malformed JSON, body too large, unknown content type, …).
    const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).send({ error: byStatus.get(status) ?? 'bad_request', message: err.message });
    }
    req.log.error({ err }, 'request failed');
    return reply.code(500).send({ error: 'internal', message: 'internal error' });
  });
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send({ error: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` });
  });
}
