/**
 * A visit through a participant's link (/k/<slug>/<token>): the visitor is routed by the campaign's
 * live code exactly as on its own page (thresholds included: nobody who has not passed is
 * routed), and the visit is recorded with the visitor's hashed address and device; the seat the
 * code gave is marked with the inviting member, so the join is attributed to them.
 */
import type { Queryable } from '../db/database.ts';
import { getCode } from '../acquisition/codes.ts';
import { visitCode, type VisitRequest, type VisitResult } from '../acquisition/visit.ts';
import { isOpen } from './progress.ts';
import { recordVisit, type CampaignRow, type Participant } from './store.ts';

export type LinkVisit = VisitResult | { kind: 'closed' };

export async function visitThroughLink(db: Queryable, c: CampaignRow, p: Participant, req: VisitRequest & { ipHash: string | null; deviceHash: string | null }): Promise<LinkVisit> {
  const now = req.now ?? new Date();
  if (!isOpen(c, now)) return { kind: 'closed' };
  const code = await getCode(db, c.workspaceId, c.codeId);
  const result = await visitCode(db, code, req);
  const reservationId = result.kind === 'group' || result.kind === 'staff' ? result.reservationId : null;
  await recordVisit(db, c, p, { visitor: req.visitor, ipHash: req.ipHash, deviceHash: req.deviceHash, reservationId, now });
  return result;
}
