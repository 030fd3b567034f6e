/**
 * Pagination of every list (docs/console-api.md): `?limit=&offset=&sort=&order=` → `{ items, total }`,
 * limit 20 by default and at most 200.
 */
import { z } from 'zod';

export const MAX_LIMIT = 200;

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(20).describe(`items per page, at most ${MAX_LIMIT}`),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0).describe('items to skip'),
};

export const orderQuery = (fallback: 'asc' | 'desc') => z.enum(['asc', 'desc']).default(fallback);

export function pageOf<T extends z.ZodType>(item: T, name: string) {
  return z.object({
    items: z.array(item),
    total: z.number().int().describe('items matching the filters, all pages'),
  }).meta({ id: name });
}
