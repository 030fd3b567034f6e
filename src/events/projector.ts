/**
 * The projector: follows a workspace's event log by seq and gives each stored event its effect
 * exactly once, in slices of many events, each in one transaction that also moves the workspace's
 * watermark (workspaces.projected_seq). Effects: the rollups (src/events/rollups.ts) and the
 * projections of joins, leaves, edits, deletions, reactions, renames and profiles
 * (src/events/projections.ts).
 *
 * Why apart from storing: an event is acknowledged to its platform once it is in the log, and the
 * log is the truth. Projecting many batches at once costs far less per event than projecting each
 * delivery (a group's day is upserted once per slice, not once per batch; a group's size is
 * recounted once), and on Postgres it runs beside the next batches being stored. Figures trail the
 * log by one slice at most; a crash between the two loses nothing, since the next projection
 * starts from the watermark.
 */
import type { Database, Queryable } from '../db/database.ts';
import type { PlatformEvent } from './envelope.ts';
import { lockProjection } from './locks.ts';
import { projectEvents } from './projections.ts';
import { addToRollups } from './rollups.ts';

export interface ProjectOptions {
  /** Events per transaction at most. */
  slice?: number;
}

/** Events per slice by default: big enough to amortize, short enough not to hold PGlite's one session long. */
export const DEFAULT_SLICE = 20_000;

/**
 * Projects every event of the workspace stored so far and not yet projected. Returns how many
 * events it projected.
 */
export async function projectPending(db: Database, workspaceId: number, options: ProjectOptions = {}): Promise<number> {
  const slice = options.slice ?? DEFAULT_SLICE;
  let total = 0;
  for (;;) {
    const n = await db.transaction((tx) => projectSlice(tx, workspaceId, slice));
    total += n;
    if (n > 0) await analyzeWhenDue(db, n);
    if (n < slice) return total;
  }
}

/** Events projected per database since its statistics were last refreshed, and at that time. */
const growth = new WeakMap<Database, { since: number; at: number }>();

/**
 * Refreshes the planner's statistics of the tables the projector and the read API look up, each
 * time they may have doubled: PGlite has no autovacuum, and a bulk load outruns Postgres's. Off
 * the path that acknowledges events.
 */
async function analyzeWhenDue(db: Database, projected: number): Promise<void> {
  const g = growth.get(db) ?? { since: 0, at: 0 };
  growth.set(db, g);
  g.since += projected;
  if (g.since < Math.max(20_000, g.at)) return;
  g.at += g.since;
  g.since = 0;
  await db.query('analyze member_identities, members, groups, memberships, member_group_daily');
}

/** Projects what every workspace has pending (after a restart: what a crash left unprojected). */
export async function projectAllPending(db: Database, options: ProjectOptions = {}): Promise<number> {
  const behind = await db.query<{ id: number }>(
    `select w.id from workspaces w
     where exists (select 1 from events e where e.workspace_id = w.id and e.seq > w.projected_seq) order by w.id`);
  let total = 0;
  for (const w of behind) total += await projectPending(db, w.id, options);
  return total;
}

async function projectSlice(tx: Queryable, workspaceId: number, slice: number): Promise<number> {
  await lockProjection(tx, workspaceId);
  const [ws] = await tx.query<{ timezone: string; seq: number }>(
    'select timezone, projected_seq as seq from workspaces where id = $1', [workspaceId]);
  if (!ws) return 0;
  const [range] = await tx.query<{ n: number; hi: number | null }>(
    `select count(*)::int as n, max(seq) as hi from (
       select seq from events where workspace_id = $1 and seq > $2 order by seq limit $3) s`,
    [workspaceId, ws.seq, slice]);
  if (!range || range.n === 0 || range.hi === null) return 0;
  const afterSeq = ws.seq, upToSeq = range.hi;
  await addToRollups(tx, { id: workspaceId, timezone: ws.timezone }, { afterSeq, upToSeq });
  await projectOthers(tx, workspaceId, ws.timezone, afterSeq, upToSeq);
  await tx.query('update workspaces set projected_seq = $2 where id = $1', [workspaceId, upToSeq]);
  return range.n;
}

/**
 * The events other than plain messages (a message has its effect in the rollups only), account by
 * account: platform ids are the account's. Ids were resolved when the events were stored.
 */
async function projectOthers(tx: Queryable, workspaceId: number, timezone: string, afterSeq: number, upToSeq: number): Promise<void> {
  const rows = await tx.query<{ account_id: number; group_id: number; payload: PlatformEvent }>(
    `select account_id, group_id, payload from events
     where workspace_id = $1 and seq > $2 and seq <= $3 and type not in ('message', 'join_request')
     order by seq`, [workspaceId, afterSeq, upToSeq]);
  if (rows.length === 0) return;
  const byAccount = new Map<number, typeof rows>();
  for (const r of rows) {
    const list = byAccount.get(r.account_id);
    if (list) list.push(r); else byAccount.set(r.account_id, [r]);
  }
  for (const [accountId, list] of byAccount) {
    const groupIds = new Map<string, number>();
    const users = new Set<string>();
    for (const r of list) {
      groupIds.set(r.payload.groupId, r.group_id);
      for (const u of usersOf(r.payload)) users.add(u);
    }
    const memberIds = new Map<string, number>();
    const profileAt = new Map<string, number>();
    if (users.size > 0) {
      const found = await tx.query<{ uid: string; id: number; profile_at: Date | null }>(
        `select i.platform_user_id as uid, i.member_id as id, i.profile_at from unnest($3::text[]) as u(uid)
         cross join lateral (select platform_user_id, member_id, profile_at from member_identities
           where workspace_id = $1 and account_id = $2 and platform_user_id = u.uid limit 1) i`,
        [workspaceId, accountId, [...users]]);
      for (const f of found) {
        memberIds.set(f.uid, f.id);
        if (f.profile_at) profileAt.set(f.uid, f.profile_at.getTime());
      }
    }
    await projectEvents(tx, { workspaceId, accountId, timezone }, list.flatMap((r) => withoutStaleProfile(r.payload, profileAt) ?? []), groupIds, memberIds);
  }
}

/**
 * A profile observation (a profile event, a join naming the member) no newer than the profile the
 * member has (most often: the member was created from this very event) changes nothing: dropped
 * here (a join keeps its other effects), before the update that would find nothing to do.
 */
function withoutStaleProfile(e: PlatformEvent, profileAt: Map<string, number>): PlatformEvent | undefined {
  if (e.type !== 'member_profile' && !(e.type === 'join' && e.name)) return e;
  const known = profileAt.get(e.userId);
  if (known === undefined || known < Date.parse(e.occurredAt)) return e;
  if (e.type === 'join') { const { name: _, ...rest } = e; return rest; }
  return undefined;
}

/** Platform user ids an event's projection needs as members. */
function usersOf(e: PlatformEvent): string[] {
  switch (e.type) {
    case 'join': return e.via?.inviterId ? [e.userId, e.via.inviterId] : [e.userId];
    case 'leave': case 'member_profile': return [e.userId];
    default: return [];
  }
}
