/**
 * Events of erased people (src/members/privacy.ts erases a member). An erased platform identity
 * is remembered only as a one-way hash in erased_identities; ingest looks up the users of every
 * batch there (skipped after one cheap question while the account has no erasures) and stores their
 * events as the erasure left the old ones: no text, no names, no emoji, the platform user id
 * replaced by a token, attached to the anonymous placeholder member. So a re-delivered or
 * re-imported event is still a duplicate (its id is rewritten the same way, see `scrubEventId`)
 * and a new one is counted without bringing any personal data back.
 *
 * The hash is sha256 of `<workspace id>:<account id>:<platform user id>`: it cannot be turned back
 * into the id, and it differs between workspaces and accounts, so it links nothing across them.
 * Whoever already knows someone's platform id can of course check whether it was erased: that is
 * what lets ingest recognize them.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import type { PlatformEvent } from './envelope.ts';
import { isStorable } from '../db/storable.ts';

/** The hash under which erased_identities remembers an identity. */
export function identityHash(workspaceId: number, accountId: number, platformUserId: string): string {
  return createHash('sha256').update(`${workspaceId}:${accountId}:${platformUserId}`, 'utf8').digest('hex');
}

/** What stands in for an erased platform user id in the event log (payloads and event ids). */
export function erasedToken(hash: string): string {
  return `erased:${hash.slice(0, 16)}`;
}

/**
 * The event id an erased identity's event is stored under: every occurrence of their platform
 * user id replaced by the token (WeCom's join and leave ids carry the user id). The erasure does
 * the same in SQL (`replace`, which like replaceAll replaces every occurrence, left to right).
 */
export function scrubEventId(eventId: string, platformUserId: string, token: string): string {
  return eventId.replaceAll(platformUserId, token);
}

/** Fields of an erased person's own events that carry what they wrote or were called. */
export const PERSONAL_FIELDS = ['name', 'text', 'emoji'] as const;

export interface ErasedUser { memberId: number; token: string }

/** Every platform user id the events name: actors, inviters, mentioned users, owners. */
export function usersOf(events: readonly PlatformEvent[]): string[] {
  const out = new Set<string>();
  for (const e of events) {
    if ('userId' in e) out.add(e.userId);
    if ((e.type === 'join' || e.type === 'join_request') && e.via?.inviterId) out.add(e.via.inviterId);
    if (e.type === 'message') for (const m of e.mentions ?? []) out.add(m);
    if (e.type === 'group_created' && e.ownerId) out.add(e.ownerId);
  }
  return [...out];
}

/**
 * The erased identities among the users the events name, by platform user id. While the account
 * has no erased identity, one statement that sends no ids.
 */
export async function findErasedUsers(tx: Queryable, workspaceId: number, accountId: number, users: readonly string[]): Promise<Map<string, ErasedUser>> {
  // An id Postgres cannot store (NUL, a lone surrogate) was never stored, so never erased; such an
  // event is on its way to the dead letters, and the id must not reach the statement.
  const storable = users.filter(isStorable);
  if (storable.length === 0) return new Map();
  // Nearly every account has no erasure: asked first without the batch's ids, which cost more to
  // send than the answer.
  const [any] = await tx.query<{ any: boolean }>(
    'select exists (select 1 from erased_identities where workspace_id = $1 and account_id = $2) as any', [workspaceId, accountId]);
  if (!any?.any) return new Map();
  const rows = await tx.query<{ uid: string; member_id: number; hash: string }>(
    `select u.uid, e.member_id, e.identity_hash as hash from unnest($3::text[]) as u(uid)
     join erased_identities e on e.workspace_id = $1 and e.account_id = $2
       and e.identity_hash = encode(sha256(convert_to($4 || u.uid, 'UTF8')), 'hex')`,
    [workspaceId, accountId, storable, `${workspaceId}:${accountId}:`]);
  return new Map(rows.map((r) => [r.uid, { memberId: r.member_id, token: erasedToken(r.hash) }]));
}

/**
 * The event as the erasure would have left it: an erased person's own event loses its personal
 * fields and their id; an event of someone else that names an erased person (a mention, the
 * inviter, the group's owner) names the token instead.
 */
export function scrubEvent(e: PlatformEvent, erased: ReadonlyMap<string, ErasedUser>): PlatformEvent {
  const token = (uid: string) => erased.get(uid)?.token ?? uid;
  let out: Record<string, unknown> = { ...e };
  const own = 'userId' in e ? erased.get(e.userId) : undefined;
  if (own && 'userId' in e) {
    for (const f of PERSONAL_FIELDS) delete out[f];
    out.userId = own.token;
    out.eventId = scrubEventId(e.eventId, e.userId, own.token);
  }
  if (e.type === 'message' && e.mentions) out.mentions = e.mentions.map(token);
  if ((e.type === 'join' || e.type === 'join_request') && e.via?.inviterId) out.via = { ...e.via, inviterId: token(e.via.inviterId) };
  if (e.type === 'group_created' && e.ownerId) out = { ...out, ownerId: token(e.ownerId) };
  return out as PlatformEvent;
}
