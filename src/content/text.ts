/**
 * Strings the content and experiment inputs accept: storable by Postgres (no NUL, no unpaired
 * surrogate: src/db/storable.ts), so that bad input is a 400 naming the field, not a 500.
 */
import { z } from 'zod';
import { isStorable } from '../db/storable.ts';

export function str() {
  return z.string()
    .refine((s) => !s.includes('\u0000'), 'must not contain the NUL character (U+0000)')
    .refine((s) => isStorable(s.replaceAll('\u0000', '')), 'must be well-formed Unicode');
}
