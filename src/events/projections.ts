/**
 * Projecting newly stored events, other than plain messages (stored as events and counted in the
 * rollups), into the tables the product reads: groups, memberships, members'
 * profiles and message changes. Each statement is set-based, and each is written
 * so that the order in which events arrive does not change the result: the latest occurred_at
 * decides a state, counters only add, and a message that arrives after its own edit, deletion or
 * reaction merges with what they left.
 */
import type { Queryable } from '../db/database.ts';
import type { PlatformEvent } from './envelope.ts';
import type { IngestScope } from './ingest.ts';

type Ids = Map<string, number>;
type Of<T extends PlatformEvent['type']> = Extract<PlatformEvent, { type: T }>;

export async function projectEvents(tx: Queryable, scope: IngestScope, events: PlatformEvent[], groupIds: Ids, memberIds: Ids): Promise<void> {
  const byType = new Map<string, PlatformEvent[]>();
  for (const e of events) {
    const list = byType.get(e.type);
    if (list) list.push(e); else byType.set(e.type, [e]);
  }
  const of = <T extends PlatformEvent['type']>(t: T) => (byType.get(t) ?? []) as Of<T>[];
  const g = (e: PlatformEvent) => groupIds.get(e.groupId)!;
  const m = (uid: string) => memberIds.get(uid)!;
  const ws = scope.workspaceId;

  if (of('edit').length) await applyEdits(tx, ws, of('edit'), g);
  if (of('delete').length) await applyDeletes(tx, ws, of('delete'), g);
  if (of('reaction').length) await applyReactions(tx, ws, of('reaction'), g);
  if (of('join').length || of('leave').length) await applyMemberships(tx, ws, of('join'), of('leave'), g, m);
  if (of('group_created').length || of('group_renamed').length) await applyGroupNames(tx, ws, of('group_created'), of('group_renamed'), g);
  if (of('group_dismissed').length) {
    await tx.query(`update groups set status = 'dismissed' where workspace_id = $1 and id = any($2::int8[])`,
      [ws, of('group_dismissed').map(g)]);
  }
  // A join that names the member is a profile observation too: the latest name wins (a member
  // created by the same event already has it, with that time, and is left as it is).
  const profiles = [...of('member_profile'), ...of('join').filter((e) => e.name)];
  if (profiles.length) await applyProfiles(tx, scope, profiles as Array<Of<'member_profile'> | Of<'join'>>);
}

/** Keeps the last of several events with the same key (by occurred_at, then event id). */
function latestBy<E extends PlatformEvent>(events: E[], key: (e: E) => string): E[] {
  const out = new Map<string, E>();
  for (const e of events) {
    const k = key(e);
    const prev = out.get(k);
    if (!prev || prev.occurredAt < e.occurredAt || (prev.occurredAt === e.occurredAt && prev.eventId < e.eventId)) out.set(k, e);
  }
  return [...out.values()];
}

async function applyEdits(tx: Queryable, ws: number, events: Of<'edit'>[], g: (e: PlatformEvent) => number) {
  const list = latestBy(events, (e) => `${e.groupId}\u0001${e.messageId}`);
  await tx.query(
    `insert into message_changes (workspace_id, group_id, message_id, text, edited_at)
     select $1, u.g, u.mid, u.text, u.t from unnest($2::int8[], $3::text[], $4::timestamptz[], $5::text[]) as u(g, mid, t, text)
     on conflict (workspace_id, group_id, message_id) do update set text = excluded.text, edited_at = excluded.edited_at
     where message_changes.edited_at is null or message_changes.edited_at < excluded.edited_at`,
    [ws, list.map(g), list.map((e) => e.messageId), list.map((e) => e.occurredAt), list.map((e) => e.text)]);
}

async function applyDeletes(tx: Queryable, ws: number, events: Of<'delete'>[], g: (e: PlatformEvent) => number) {
  const list = latestBy(events, (e) => `${e.groupId}\u0001${e.messageId}`);
  await tx.query(
    `insert into message_changes (workspace_id, group_id, message_id, deleted_at)
     select $1, u.g, u.mid, u.t from unnest($2::int8[], $3::text[], $4::timestamptz[]) as u(g, mid, t)
     on conflict (workspace_id, group_id, message_id) do update
       set deleted_at = least(coalesce(message_changes.deleted_at, excluded.deleted_at), excluded.deleted_at)`,
    [ws, list.map(g), list.map((e) => e.messageId), list.map((e) => e.occurredAt)]);
}

async function applyReactions(tx: Queryable, ws: number, events: Of<'reaction'>[], g: (e: PlatformEvent) => number) {
  const sums = new Map<string, { g: number; mid: string; n: number }>();
  for (const e of events) {
    const k = `${e.groupId}\u0001${e.messageId}`;
    const s = sums.get(k) ?? { g: g(e), mid: e.messageId, n: 0 };
    s.n += e.added ? 1 : -1;
    sums.set(k, s);
  }
  const list = [...sums.values()];
  await tx.query(
    `insert into message_changes (workspace_id, group_id, message_id, reactions)
     select $1, u.g, u.mid, u.n from unnest($2::int8[], $3::text[], $4::int[]) as u(g, mid, n)
     on conflict (workspace_id, group_id, message_id) do update set reactions = message_changes.reactions + excluded.reactions`,
    [ws, list.map((s) => s.g), list.map((s) => s.mid), list.map((s) => s.n)]);
}

interface MembershipChange {
  g: number; mem: number; active: boolean; stateAt: string;
  firstJoin: string | null; lastJoin: Of<'join'> | null; lastLeave: Of<'leave'> | null;
}

/**
 * Joins and leaves, reduced per membership and merged so that delivery order does not matter:
 * the latest event decides whether the member is in the group (a leave wins a tie), the earliest
 * join is the first join, and the latest join carries the attribution.
 */
async function applyMemberships(tx: Queryable, ws: number, joins: Of<'join'>[], leaves: Of<'leave'>[], g: (e: PlatformEvent) => number, m: (u: string) => number) {
  const changes = new Map<string, MembershipChange>();
  const get = (e: Of<'join'> | Of<'leave'>) => {
    const k = `${e.groupId}\u0001${e.userId}`;
    let c = changes.get(k);
    if (!c) {
      c = { g: g(e), mem: m(e.userId), active: e.type === 'join', stateAt: e.occurredAt, firstJoin: null, lastJoin: null, lastLeave: null };
      changes.set(k, c);
    }
    return c;
  };
  const decide = (c: MembershipChange, active: boolean, at: string) => {
    if (at > c.stateAt) { c.active = active; c.stateAt = at; } else if (at === c.stateAt) c.active = c.active && active;
  };
  for (const e of joins) {
    const c = get(e);
    decide(c, true, e.occurredAt);
    if (!c.firstJoin || e.occurredAt < c.firstJoin) c.firstJoin = e.occurredAt;
    if (!c.lastJoin || c.lastJoin.occurredAt < e.occurredAt) c.lastJoin = e;
  }
  for (const e of leaves) {
    const c = get(e);
    decide(c, false, e.occurredAt);
    if (!c.lastLeave || c.lastLeave.occurredAt < e.occurredAt) c.lastLeave = e;
  }
  const list = [...changes.values()];
  const via = (c: MembershipChange) => c.lastJoin?.via;
  // The group's size moves by the memberships whose state changed: `before` reads them as they
  // were before this statement (a statement does not see its own writes). Exact under the
  // projector's lock; a rebuild recounts it from the memberships.
  await tx.query(
    `with u as (
       select * from unnest($2::int8[], $3::int8[], $4::bool[], $5::timestamptz[], $6::timestamptz[], $7::timestamptz[], $8::timestamptz[],
                            $9::text[], $10::int8[], $11::text[], $12::text[], $13::text[])
         as u(g, mem, active, state_at, first_join, last_join, last_leave, source, inviter, staff, code, reason)),
     before as (
       select u.g, u.mem, b.active from u
       cross join lateral (select active from memberships
                           where workspace_id = $1 and group_id = u.g and member_id = u.mem limit 1) b),
     upsert as (
       insert into memberships (workspace_id, group_id, member_id, active, state_at, first_joined_at, joined_at, left_at,
                                source, inviter_member_id, staff_id, invite_code, leave_reason)
       select $1, u.g, u.mem, u.active, u.state_at, u.first_join, u.last_join, u.last_leave, u.source, u.inviter, u.staff, u.code, u.reason
       from u
       on conflict (workspace_id, group_id, member_id) do update set
         active = case when excluded.state_at > memberships.state_at then excluded.active
                       when excluded.state_at < memberships.state_at then memberships.active
                       else memberships.active and excluded.active end,
         state_at = greatest(memberships.state_at, excluded.state_at),
         first_joined_at = least(memberships.first_joined_at, excluded.first_joined_at),
         joined_at = greatest(memberships.joined_at, excluded.joined_at),
         source = case when excluded.joined_at > coalesce(memberships.joined_at, '-infinity') then excluded.source else memberships.source end,
         inviter_member_id = case when excluded.joined_at > coalesce(memberships.joined_at, '-infinity') then excluded.inviter_member_id else memberships.inviter_member_id end,
         staff_id = case when excluded.joined_at > coalesce(memberships.joined_at, '-infinity') then excluded.staff_id else memberships.staff_id end,
         invite_code = case when excluded.joined_at > coalesce(memberships.joined_at, '-infinity') then excluded.invite_code else memberships.invite_code end,
         left_at = greatest(memberships.left_at, excluded.left_at),
         leave_reason = case when excluded.left_at > coalesce(memberships.left_at, '-infinity') then excluded.leave_reason else memberships.leave_reason end
       returning group_id, member_id, active),
     moved as (
       select a.group_id as g, sum(a.active::int - coalesce(b.active::int, 0)) as n
       from upsert a left join before b on b.g = a.group_id and b.mem = a.member_id
       group by a.group_id)
     update groups set member_count = member_count + moved.n
     from moved where groups.workspace_id = $1 and groups.id = moved.g and moved.n <> 0`,
    [ws, list.map((c) => c.g), list.map((c) => c.mem), list.map((c) => c.active), list.map((c) => c.stateAt),
      list.map((c) => c.firstJoin), list.map((c) => c.lastJoin?.occurredAt ?? null), list.map((c) => c.lastLeave?.occurredAt ?? null),
      list.map((c) => via(c)?.source ?? null), list.map((c) => (via(c)?.inviterId ? m(via(c)!.inviterId!) : null)),
      list.map((c) => via(c)?.staffId ?? null), list.map((c) => via(c)?.inviteCode ?? null),
      list.map((c) => c.lastLeave?.reason ?? null)]);
}

async function applyGroupNames(tx: Queryable, ws: number, created: Of<'group_created'>[], renamed: Of<'group_renamed'>[], g: (e: PlatformEvent) => number) {
  if (created.length) {
    const list = latestBy(created, (e) => e.groupId);
    await tx.query(
      `update groups set created_at = u.t, capacity = coalesce(u.cap, groups.capacity),
         name = case when groups.name_at is null or groups.name_at <= u.t then u.name else groups.name end,
         name_at = greatest(groups.name_at, u.t)
       from unnest($2::int8[], $3::text[], $4::timestamptz[], $5::int[]) as u(g, name, t, cap)
       where groups.workspace_id = $1 and groups.id = u.g`,
      [ws, list.map(g), list.map((e) => e.name), list.map((e) => e.occurredAt), list.map((e) => e.capacity ?? null)]);
  }
  if (renamed.length) {
    const list = latestBy(renamed, (e) => e.groupId);
    await tx.query(
      `update groups set name = u.name, name_at = u.t
       from unnest($2::int8[], $3::text[], $4::timestamptz[]) as u(g, name, t)
       where groups.workspace_id = $1 and groups.id = u.g and (groups.name_at is null or groups.name_at < u.t)`,
      [ws, list.map(g), list.map((e) => e.name), list.map((e) => e.occurredAt)]);
  }
}

async function applyProfiles(tx: Queryable, scope: IngestScope, events: Array<Of<'member_profile'> | Of<'join'>>) {
  const list = latestBy(events, (e) => e.userId);
  // Key by key (the identity's row found through its key, then updated by row id): a join of the
  // list against the identities would let stale statistics (PGlite has no autovacuum) choose a
  // scan of all of the account's identities for every slice.
  await tx.query(
    `with found as (
       select x.row_id, u.name, u.t, u.bot from unnest($3::text[], $4::text[], $5::timestamptz[], $6::bool[]) as u(uid, name, t, bot)
       cross join lateral (select ctid as row_id from member_identities
         where workspace_id = $1 and account_id = $2 and platform_user_id = u.uid
           and (profile_at is null or profile_at < u.t) limit 1) x),
     up as (
       update member_identities i set display_name = f.name, is_bot = coalesce(f.bot, i.is_bot), profile_at = f.t
       from found f where i.ctid = f.row_id
       returning i.member_id, i.display_name)
     update members set display_name = x.display_name
     from (select up.display_name, r.row_id from up
           cross join lateral (select ctid as row_id from members where workspace_id = $1 and id = up.member_id limit 1) r) x
     where members.ctid = x.row_id`,
    [scope.workspaceId, scope.accountId, list.map((e) => e.userId), list.map((e) => e.name), list.map((e) => e.occurredAt),
      list.map((e) => e.isBot ?? null)]);
}
