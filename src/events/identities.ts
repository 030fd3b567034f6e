/**
 * Resolving the platform's ids (group ids, user ids) to Qunyun's rows, creating groups and
 * members the first time they are seen. Resolved ids are cached in the process: a warm cache
 * makes resolution free, which is what keeps ingest close to the speed of a raw insert.
 * Lookups go key by key (LATERAL … LIMIT 1) so that their plan never depends on table statistics,
 * which an embedded PGlite (no autovacuum) or a table growing during a bulk load has not got.
 */
import type { Queryable } from '../db/database.ts';
import { insertExpectingNew } from '../db/optimistic-insert.ts';
import type { PlatformEvent } from './envelope.ts';
import type { IngestScope } from './ingest.ts';

type Pending = Map<string, number>;

/**
 * What ingest has learnt and may trust once the transaction that learnt it committed: ids of
 * groups and members.
 */
export class IdentityCache {
  #ids = new Map<string, number>();
  /** Users created without a name (first seen as mentioned, inviter or leaver): named by their first event that has one. */
  #nameless = new Set<string>();
  readonly #max: number;
  constructor(max = 500_000) { this.#max = max; }
  get(key: string): number | undefined { return this.#ids.get(key); }
  /** Ids learnt inside a transaction wait here until it commits. */
  pending(): Pending { return new Map(); }
  commit(pending: Pending): void {
    if (this.#ids.size + pending.size > this.#max) { this.#ids.clear(); this.#nameless.clear(); }
    for (const [k, v] of pending) this.#ids.set(k, v);
  }
  /** Forgets everything (e.g. after members were erased). */
  clear(): void { this.#ids.clear(); this.#nameless.clear(); }
  markNameless(key: string): void { this.#nameless.add(key); }
  isNameless(key: string): boolean { return this.#nameless.has(key); }
  named(key: string): void { this.#nameless.delete(key); }
}

const groupKey = (s: IngestScope, id: string) => `g:${s.workspaceId}:${s.accountId}:${id}`;
const userKey = (s: IngestScope, id: string) => `u:${s.workspaceId}:${s.accountId}:${id}`;

/** Platform group id → group id, for every group the events touch. */
export async function resolveGroups(tx: Queryable, scope: IngestScope, events: PlatformEvent[], cache: IdentityCache, pending: Pending): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const missing = new Map<string, string>(); // platform id → first time seen
  for (const e of events) {
    if (out.has(e.groupId)) continue;
    const id = cache.get(groupKey(scope, e.groupId)) ?? pending.get(groupKey(scope, e.groupId));
    if (id !== undefined) out.set(e.groupId, id);
    else {
      const t = missing.get(e.groupId);
      if (t === undefined || e.occurredAt < t) missing.set(e.groupId, e.occurredAt);
    }
  }
  if (missing.size === 0) return out;
  const platformIds = [...missing.keys()];
  // A group first seen through a message gets its platform id as name until its name is known.
  const rows = await tx.query<{ pid: string; id: number }>(
    `with input as (select * from unnest($3::text[], $4::timestamptz[]) as u(pid, seen)),
     ins as (
       insert into groups (workspace_id, account_id, platform_group_id, name, created_at)
       select $1, $2, pid, pid, seen from input
       on conflict (workspace_id, account_id, platform_group_id) do nothing
       returning platform_group_id as pid, id)
     select pid, id from ins
     union all
     select x.pid, x.id from unnest($3::text[]) as u(pid)
     cross join lateral (
       select platform_group_id as pid, id from groups
       where workspace_id = $1 and account_id = $2 and platform_group_id = u.pid limit 1) x`,
    [scope.workspaceId, scope.accountId, platformIds, platformIds.map((p) => missing.get(p))]);
  for (const r of rows) {
    out.set(r.pid, r.id);
    pending.set(groupKey(scope, r.pid), r.id);
  }
  return out;
}

/**
 * Platform user id → member id, for every user the events name (senders, joiners, inviters,
 * mentions). `erased`: users whose identity was erased, with their placeholder member.
 */
export async function resolveMembers(tx: Queryable, scope: IngestScope, events: PlatformEvent[], cache: IdentityCache, pending: Pending,
  erased: ReadonlyMap<string, { memberId: number }> = new Map()): Promise<Map<string, number>> {
  // Erased people (src/events/erased.ts) are their placeholder member: never created anew.
  const out = new Map<string, number>([...erased].map(([uid, e]) => [uid, e.memberId]));
  // profileAt: when the name came from a join or profile event, its time, so that projecting that
  // same event afterwards finds nothing newer to write.
  const missing = new Map<string, { name: string | undefined; seen: string; bot: boolean; profileAt: string | null }>();
  // Known users created without a name, and the name this batch gives them (a message's sender name).
  const naming = new Map<string, string>();
  const want = (uid: string, e: PlatformEvent, name?: string, bot?: boolean, isProfile = false) => {
    if (out.has(uid) && !missing.has(uid)) {
      if (name && !naming.has(uid) && cache.isNameless(userKey(scope, uid))) naming.set(uid, name);
      return;
    }
    const id = missing.has(uid) ? undefined : cache.get(userKey(scope, uid)) ?? pending.get(userKey(scope, uid));
    if (id !== undefined) {
      out.set(uid, id);
      if (name && cache.isNameless(userKey(scope, uid))) naming.set(uid, name);
      return;
    }
    let m = missing.get(uid);
    if (!m) { m = { name: undefined, seen: e.occurredAt, bot: bot ?? false, profileAt: null }; missing.set(uid, m); }
    if (e.occurredAt < m.seen) m.seen = e.occurredAt;
    if (name && isProfile && (m.profileAt === null || m.profileAt < e.occurredAt)) {
      m.name = name; m.profileAt = e.occurredAt; m.bot = bot ?? m.bot;
    } else if (name && m.profileAt === null && !m.name) m.name = name;
  };
  for (const e of events) {
    switch (e.type) {
      case 'join':
        want(e.userId, e, e.name, e.isBot, true);
        if (e.via?.inviterId) want(e.via.inviterId, e);
        break;
      case 'message':
        want(e.userId, e, e.name);
        for (const m of e.mentions ?? []) want(m, e);
        break;
      case 'member_profile': want(e.userId, e, e.name, e.isBot, true); break;
      case 'join_request': want(e.userId, e, e.name); break;
      case 'leave': case 'edit': case 'reaction': want(e.userId, e); break;
      case 'group_created': if (e.ownerId) want(e.ownerId, e); break;
      default: break;
    }
  }
  const tn = performance.now();
  if (naming.size > 0) { await nameNameless(tx, scope, naming, cache); (globalThis as any).NN = ((globalThis as any).NN ?? 0) + performance.now() - tn; (globalThis as any).NNc = ((globalThis as any).NNc ?? 0) + naming.size; }
  (globalThis as any).MISS = ((globalThis as any).MISS ?? 0) + missing.size;
  if (missing.size === 0) return out;
  const uids = [...missing.keys()];
  const info = uids.map((u) => missing.get(u)!);
  // Member ids are drawn from the members sequence first, so that the identity (whose key decides
  // who wins a race between two ingests) and the member are created together.
  const insert = (onConflict: string) => tx.query<{ uid: string; id: number }>(
    `with input as (
       select u.*, nextval('members_id_seq') as new_id
       from unnest($3::text[], $4::text[], $5::timestamptz[], $6::bool[], $7::timestamptz[]) as u(uid, name, seen, bot, profile_at)),
     ins as (
       insert into member_identities (workspace_id, account_id, platform_user_id, member_id, display_name, is_bot, profile_at)
       select $1, $2, uid, new_id, coalesce(name, uid), bot, profile_at from input
       ${onConflict}
       returning platform_user_id as uid, member_id as id),
     mem as (
       insert into members (workspace_id, id, display_name, first_seen_at)
       select $1, ins.id, coalesce(input.name, input.uid), input.seen from ins join input on input.uid = ins.uid)
     select uid, id from ins`,
    [scope.workspaceId, scope.accountId, uids, info.map((i) => i.name ?? null), info.map((i) => i.seen), info.map((i) => i.bot), info.map((i) => i.profileAt)]);
  // Users the cache does not know are nearly always new; those another process made, or that a
  // cleared cache forgot, send the batch through the conflict-aware insert.
  const rows = await insertExpectingNew(tx, 'members', () => insert(''),
    () => insert('on conflict (workspace_id, account_id, platform_user_id) do nothing'));
  if (rows.length < uids.length) {
    // Known to the database but not to the cache (another process made them, or the cache was
    // cleared): looked up key by key.
    const made = new Set(rows.map((r) => r.uid));
    rows.push(...await tx.query<{ uid: string; id: number }>(
      `select x.uid, x.id from unnest($3::text[]) as u(uid)
       cross join lateral (
         select platform_user_id as uid, member_id as id from member_identities
         where workspace_id = $1 and account_id = $2 and platform_user_id = u.uid limit 1) x`,
      [scope.workspaceId, scope.accountId, uids.filter((u) => !made.has(u))]));
  }
  for (const r of rows) {
    out.set(r.uid, r.id);
    pending.set(userKey(scope, r.uid), r.id);
  }
  for (const uid of uids) if (missing.get(uid)!.name === undefined) cache.markNameless(userKey(scope, uid));
  return out;
}

/**
 * Names members created without one (their display name is their platform id, e.g. `user123`
 * for a Telegram user first seen as mentioned) from the first later event that carries a name,
 * unless a profile or join named them meanwhile.
 */
async function nameNameless(tx: Queryable, scope: IngestScope, naming: Map<string, string>, cache: IdentityCache): Promise<void> {
  await tx.query(
    // Key by key (lateral): joined as sets, stale statistics (PGlite has no autovacuum) let the
    // planner scan all identities and all members for a handful of names.
    `with u as (select * from unnest($3::text[], $4::text[]) as u(uid, name)),
     found as (
       select x.row_id, u.name from u
       cross join lateral (select ctid as row_id from member_identities
         where workspace_id = $1 and account_id = $2 and platform_user_id = u.uid
           and profile_at is null and display_name = platform_user_id limit 1) x),
     ids as (
       update member_identities i set display_name = f.name from found f
       where i.ctid = f.row_id
       returning i.member_id, i.platform_user_id as uid, i.display_name as name),
     m as (
       select x.row_id, ids.name from ids
       cross join lateral (select ctid as row_id from members
         where workspace_id = $1 and id = ids.member_id and display_name = ids.uid limit 1) x)
     update members set display_name = m.name from m where members.ctid = m.row_id`,
    [scope.workspaceId, scope.accountId, [...naming.keys()], [...naming.values()]]);
  for (const uid of naming.keys()) cache.named(userKey(scope, uid));
}
