/**
 * Zod pieces shared by the routes for what operators send, so that bad input is a 400 naming the
 * field rather than a 500 from the database: `text()` refuses the NUL character and unpaired
 * surrogates (Postgres stores neither; see src/db/storable.ts), and `queryDay` takes only days
 * from 1970-01-01 to 2100-12-31 (Postgres has no year 0, and the day arithmetic of the ranges
 * leaves four-digit years below that). Every string of a request schema that reaches a query or a
 * column is built on `text()`; src/server/fuzz.test.ts walks every route to keep it so.
 */
import { z } from 'zod';
import { isStorable } from '../db/storable.ts';

export const MIN_DAY = '1970-01-01';
export const MAX_DAY = '2100-12-31';

/** A string that Postgres can store and compare: no U+0000, no unpaired surrogate. */
export function text() {
  return z.string()
    .refine((s) => !s.includes('\u0000'), 'must not contain the NUL character (U+0000)')
    .refine((s) => isStorable(s.replaceAll('\u0000', '')), 'must be well-formed Unicode (it has an unpaired surrogate, \\uD800–\\uDFFF)');
}

/** A day of a query, YYYY-MM-DD, from MIN_DAY to MAX_DAY. */
export const queryDay = z.iso.date()
  .refine((d) => d >= MIN_DAY && d <= MAX_DAY, `a day from ${MIN_DAY} to ${MAX_DAY}`)
  .describe(`YYYY-MM-DD in the workspace time zone, from ${MIN_DAY} to ${MAX_DAY}`);
