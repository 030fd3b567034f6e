/**
 * Server-side pagination shared by list routes: `limit` (≤ 200), then either an opaque `cursor`
 * from the previous page's `nextCursor` (stable while rows are added) or an `offset` (to jump).
 */
import { z } from 'zod';
import { AppError } from './errors.ts';

export const MAX_LIMIT = 200;

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(20).describe(`items per page, at most ${MAX_LIMIT}`),
  cursor: z.string().min(1).max(500).optional().describe('nextCursor of the previous page'),
  offset: z.coerce.number().int().min(0).max(1_000_000).optional().describe('items to skip (instead of cursor)'),
};

export function pageOf<T extends z.ZodType>(item: T, name: string) {
  return z.object({
    items: z.array(item),
    total: z.number().int().describe('items matching the filters, all pages'),
    nextCursor: z.string().nullable().describe('pass as cursor for the next page; null on the last page'),
  }).meta({ id: name });
}

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** Reads a cursor back with the shape it was made with; a tampered or foreign cursor is a bad request. */
export function decodeCursor<T extends z.ZodType>(cursor: string, shape: T): z.infer<T> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new AppError('bad_request', 'cursor is not valid: pass nextCursor of a previous page');
  }
  const parsed = shape.safeParse(value);
  if (!parsed.success) throw new AppError('bad_request', 'cursor is not valid for this list: pass nextCursor of a previous page');
  return parsed.data;
}

/** cursor and offset each say where the page starts: only one may be given. */
export function checkOneStart(query: { cursor?: string | undefined; offset?: number | undefined }): void {
  if (query.cursor !== undefined && query.offset !== undefined) throw new AppError('bad_request', 'give cursor or offset, not both');
}
