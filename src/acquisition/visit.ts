/**
 * What a visitor of a code's public page gets: the threshold first (nobody who has not passed it
 * is routed), then a seat in a group or a staff member's contact. The source is the visitor's
 * `?s=` when the code allows it (any text up to 64 characters), else the code's own.
 */
import type { Queryable } from '../db/database.ts';
import type { CodeRow } from './codes.ts';
import { entryByToken, type Entry } from './entries.ts';
import { routeToGroup, routeToStaff, type RouteResult } from './route.ts';
import { mayRoute } from './threshold.ts';

export interface VisitRequest { source?: string | undefined; visitor: string | null; entryToken?: string | undefined; zone: string; now?: Date }

export type VisitResult = RouteResult | { kind: 'threshold'; entry: Entry | null };

export function visitSource(code: Pick<CodeRow, 'source'>, given: string | undefined): string {
  const s = given?.trim();
  return s && s.length <= 64 && !s.includes('~') ? s : code.source;
}

export async function visitCode(db: Queryable, code: CodeRow, req: VisitRequest): Promise<VisitResult> {
  const entry = req.entryToken ? (await entryByToken(db, code, req.entryToken)) ?? null : null;
  if (!mayRoute(code.threshold, entry)) return { kind: 'threshold', entry };
  const route = { source: visitSource(code, req.source), visitor: req.visitor, entryId: entry?.id ?? null, ...(req.now ? { now: req.now } : {}) };
  return code.kind === 'staff' ? routeToStaff(db, code, req.zone, route) : routeToGroup(db, code, route);
}
