/**
 * Projecting newly stored events, other than plain messages (stored as events and counted in the
 * rollups), into the tables the product reads: memberships and groups' sizes, members' profiles,
 * message changes, groups' names and states. It reads a slice of the log (by seq) inside the
 * database, in one statement for the frequent events, so that no payload travels to the process
 * and back, and each row is found key by key: a join of the slice against a table would let stale
 * statistics (PGlite has no autovacuum) choose a scan of the whole table for every slice.
 *
 * Each effect is written so that the order in which events arrive does not change the result: the
 * latest occurred_at decides a state (then the event id, or the order of storing where noted),
 * counters only add, and a message that arrives after its own edit, deletion or reaction merges
 * with what they left.
 */
import type { Queryable } from '../db/database.ts';
import type { PlatformEvent } from './envelope.ts';
import type { SliceWriters } from './rollups.ts';

type Of<T extends PlatformEvent['type']> = Extract<PlatformEvent, { type: T }>;

/** The events of the log between two seqs (exclusive, inclusive) of one workspace. */
export interface LogRange { workspaceId: number; afterSeq: number; upToSeq: number }

/**
 * Gives the events of the range other than messages their effects. Group events (rare) go
 * through applyGroupEvents, the rest through one statement.
 */
export async function projectChanges(tx: Queryable, range: LogRange, writers: SliceWriters): Promise<MembershipStates> {
  const [row] = await tx.query<{ group_events: number; written: number; sg: unknown[]; sm: unknown[]; sa: boolean[]; sf: unknown[] }>(CHANGES_SQL,
    [range.workspaceId, range.afterSeq, range.upToSeq, writers.acc, writers.g, writers.mem, writers.first, writers.last]);
  if (row && row.group_events > 0) await applyGroupEvents(tx, range);
  return {
    written: row?.written ?? 0,
    g: (row?.sg ?? []).map(Number), mem: (row?.sm ?? []).map(Number),
    active: row?.sa ?? [], firstMs: (row?.sf ?? []).map((v) => (v === null ? null : Number(v))),
  };
}

/**
 * The memberships the statement looked at (the slice's joins, leaves and the writers it was given),
 * as they are after it: whether active, and their first event in epoch milliseconds.
 */
export interface MembershipStates {
  /** Memberships inserted or updated by the statement (0: the memberships are as they were). */
  written: number;
  g: number[]; mem: number[]; active: boolean[]; firstMs: Array<number | null>;
}

const CHANGES_SQL = `
  with ev as materialized (
    select seq, account_id as acc, platform_event_id collate "C" as eid, type, occurred_at as t,
           group_id as g, member_id as mem, message_id as mid, payload as p
    from events
    where workspace_id = $1 and seq > $2 and seq <= $3
      and type in ('join', 'leave', 'edit', 'delete', 'reaction', 'member_profile', 'group_created', 'group_renamed', 'group_dismissed')),

  -- Message changes, one row per message: its latest edit, its first deletion, its reactions added
  -- less those removed.
  changed as (
    select g, mid,
           (array_agg(p->>'text' order by t desc, eid desc) filter (where type = 'edit'))[1] as text,
           max(t) filter (where type = 'edit') as edited_at,
           min(t) filter (where type = 'delete') as deleted_at,
           coalesce(sum(case when (p->>'added')::boolean then 1 else -1 end) filter (where type = 'reaction'), 0)::int as reactions
    from ev where type in ('edit', 'delete', 'reaction') group by g, mid),
  changes as (
    insert into message_changes (workspace_id, group_id, message_id, text, edited_at, deleted_at, reactions)
    select $1, g, mid, text, edited_at, deleted_at, reactions from changed
    on conflict (workspace_id, group_id, message_id) do update set
      text = case when excluded.edited_at > coalesce(message_changes.edited_at, '-infinity') then excluded.text else message_changes.text end,
      edited_at = greatest(message_changes.edited_at, excluded.edited_at),
      deleted_at = least(message_changes.deleted_at, excluded.deleted_at),
      reactions = message_changes.reactions + excluded.reactions),

  -- Memberships. A member is in a group from their first event there (a join, or a message: a log
  -- without joins still shows who took part) until a leave; a later join or message brings them
  -- back. Of a leave and a join or message at the same time, the later stored wins (a quit and a
  -- rejoin in the same second keep the member in). Joins and leaves are reduced per membership:
  -- the earliest join is the first join, and the latest join carries the attribution (the first
  -- stored of several at the same time), its inviter found by their platform id. The ordered
  -- aggregates share one order, so that the rows are sorted once for all of them.
  moves as (
    select acc, g, mem,
           min(t) filter (where type = 'join') as first_join,
           max(t) filter (where type = 'join') as last_join,
           max(t) filter (where type = 'leave') as last_leave,
           (array_agg(seq order by t desc, seq desc) filter (where type = 'leave'))[1] as leave_seq,
           (array_agg(p->'via' order by t desc, seq) filter (where type = 'join'))[1] as via,
           (array_agg(p->>'reason' order by t desc, seq) filter (where type = 'leave'))[1] as reason
    from ev where type in ('join', 'leave') group by acc, g, mem),
  -- The slice's writers, one row per membership, with their first and last message, read by the
  -- rollups from the same rows (src/events/rollups.ts) less those the projector knows are in
  -- (src/events/projector.ts).
  wrote as (
    select * from unnest($4::int8[], $5::int8[], $6::int8[], $7::timestamptz[], $8::timestamptz[]) as w(acc, g, mem, first_t, last_t)),
  pairs as materialized (
    select coalesce(mv.acc, w.acc) as acc, coalesce(mv.g, w.g) as g, coalesce(mv.mem, w.mem) as mem,
           mv.first_join, mv.last_join, mv.last_leave, mv.leave_seq, mv.via, mv.reason, w.first_t, w.last_t
    from moves mv full join wrote w on w.g = mv.g and w.mem = mv.mem),
  -- The memberships as they were before this statement (a statement does not see its own writes).
  before as materialized (
    select pr.*, b.active as was_active, b.left_at as was_left, b.first_joined_at as was_first, (b.active is not null) as existed
    from pairs pr
    left join lateral (select active, left_at, first_joined_at from memberships
                       where workspace_id = $1 and group_id = pr.g and member_id = pr.mem limit 1) b on true),
  decided as (
    select b.*,
           least(b.first_join, b.first_t) as first_in,
           greatest(b.last_join, b.last_t) as last_in,
           case
             -- A leave in the slice: in only if a join or message (stored up to this slice) came after
             -- the latest leave, found through the member's events by time (leaves are few).
             when b.last_leave is not null then exists (
               select 1 from events e
               where e.workspace_id = $1 and e.member_id = b.mem and e.group_id = b.g and e.type in ('join', 'message')
                 and e.seq <= $3 and e.occurred_at >= greatest(b.last_leave, b.was_left)
                 and (e.occurred_at > greatest(b.last_leave, b.was_left)
                      or e.seq > case when b.last_leave >= coalesce(b.was_left, '-infinity') then b.leave_seq else $2 end))
             -- Only joins or messages: in, unless a stored leave is later than all of them.
             else coalesce(b.was_active, false) or greatest(b.last_join, b.last_t) >= coalesce(b.was_left, '-infinity')
           end as now_active
    from before b),
  -- Writers already in the group, seen there no earlier than before: nothing to write (most of them).
  u as (
    select d.*, inviter.id as inviter from decided d
    left join lateral (select member_id as id from member_identities
                       where workspace_id = $1 and account_id = d.acc and platform_user_id = d.via->>'inviterId' limit 1) inviter on true
    where d.last_join is not null or d.last_leave is not null or not d.existed or d.now_active is distinct from d.was_active
       or d.first_in < coalesce(d.was_first, 'infinity')),
  upsert as (
    insert into memberships (workspace_id, group_id, member_id, active, state_at, first_joined_at, joined_at, left_at,
                             source, inviter_member_id, staff_id, invite_code, leave_reason)
    select $1, g, mem, now_active, greatest(last_in, last_leave), first_in, last_join, last_leave,
           via->>'source', inviter, via->>'staffId', via->>'inviteCode', reason
    from u
    on conflict (workspace_id, group_id, member_id) do update set
      active = excluded.active,
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
  -- Every membership of u is in upsert (a conflict always updates), so the change per group is
  -- its memberships' states after less those before: no join (its estimate would be a guess).
  moved as (
    select g, sum(n) as n from (
      select group_id as g, active::int as n from upsert
      union all select g, -(coalesce(was_active, false)::int) from u) x
    group by g),
  sizes as (
    update groups set member_count = member_count + moved.n
    from moved where groups.workspace_id = $1 and groups.id = moved.g and moved.n <> 0),

  -- Profiles: a profile event, or a join that names the member. The latest name wins; one no
  -- newer than the member's profile changes nothing (most often the member was created from that
  -- very event, with its name and time).
  named as (
    select distinct on (acc, p->>'userId') acc, p->>'userId' as uid, p->>'name' as name, t, (p->>'isBot')::boolean as bot
    from ev where type = 'member_profile' or (type = 'join' and coalesce(p->>'name', '') <> '')
    order by acc, p->>'userId', t desc, eid desc),
  found as (
    select x.row_id, n.name, n.t, n.bot from named n
    cross join lateral (select ctid as row_id from member_identities
      where workspace_id = $1 and account_id = n.acc and platform_user_id = n.uid
        and (profile_at is null or profile_at < n.t) limit 1) x),
  profiled as (
    update member_identities i set display_name = f.name, is_bot = coalesce(f.bot, i.is_bot), profile_at = f.t
    from found f where i.ctid = f.row_id
    returning i.member_id, i.display_name),
  -- First seen: a member's earliest event, wherever it is in the log (an export's chats, or
  -- batches, need not come in time order); and their name from the profiles above. One update of
  -- members for both: two in one statement could not see each other. Most members need neither.
  -- Candidates: the memberships written above (new to a group, or seen there earlier than before;
  -- a membership's first event is never earlier than its member's, so the other writers cannot
  -- lower it) and profiles. Not edits and reactions: a lookup per reactor would cost the
  -- projector a fifth of its time, and they follow a message in all but the rarest orders.
  seen as (
    select mem, min(t) as t from (
      select mem, least(first_in, last_leave) as t from u
      union all select mem, t from ev where mem is not null and type = 'member_profile') x
    group by mem),
  fix as (
    select coalesce(pf.member_id, s.mem) as id, pf.display_name, s.t
    from (select distinct on (member_id) member_id, display_name from profiled order by member_id) pf
    full join seen s on s.mem = pf.member_id),
  renamed as (
    update members set display_name = coalesce(x.display_name, members.display_name), first_seen_at = least(members.first_seen_at, x.t)
    from (select fix.display_name, fix.t, r.row_id from fix
          cross join lateral (select ctid as row_id from members where workspace_id = $1 and id = fix.id
            -- Most often a known member joining another group under the same name: nothing to write.
            and (first_seen_at > fix.t or (fix.display_name is not null and display_name is distinct from fix.display_name)) limit 1) r) x
    where members.ctid = x.row_id)

  select (select count(*) from ev where type in ('group_created', 'group_renamed', 'group_dismissed'))::int as group_events,
         (select count(*) from upsert)::int as written,
         st.sg, st.sm, st.sa, st.sf
  from (select coalesce(array_agg(g), '{}') as sg, coalesce(array_agg(mem), '{}') as sm, coalesce(array_agg(now_active), '{}') as sa,
               coalesce(array_agg(floor(extract(epoch from least(first_in, was_first)) * 1000)::float8), '{}') as sf
        from decided) st`;

/** Group created, renamed or dismissed: few, read from the log and applied one kind at a time. */
async function applyGroupEvents(tx: Queryable, range: LogRange): Promise<void> {
  const rows = await tx.query<{ group_id: number; payload: PlatformEvent }>(
    `select group_id, payload from events
     where workspace_id = $1 and seq > $2 and seq <= $3 and type in ('group_created', 'group_renamed', 'group_dismissed')
     order by seq`, [range.workspaceId, range.afterSeq, range.upToSeq]);
  const ids = new Map(rows.map((r) => [r.payload, r.group_id]));
  const g = (e: PlatformEvent) => ids.get(e)!;
  const of = <T extends PlatformEvent['type']>(t: T) => rows.map((r) => r.payload).filter((e): e is Of<T> => e.type === t);
  const created = of('group_created'), renamed = of('group_renamed'), dismissed = of('group_dismissed');
  const ws = range.workspaceId;
  if (created.length || renamed.length) await applyGroupNames(tx, ws, created, renamed, g);
  if (dismissed.length) {
    await tx.query(`update groups set status = 'dismissed' where workspace_id = $1 and id = any($2::int8[])`, [ws, dismissed.map(g)]);
  }
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

async function applyGroupNames(tx: Queryable, ws: number, created: Of<'group_created'>[], renamed: Of<'group_renamed'>[], g: (e: PlatformEvent) => number) {
  if (created.length) {
    const list = latestBy(created, (e) => String(g(e)));
    await tx.query(
      `update groups set created_at = u.t, capacity = coalesce(u.cap, groups.capacity),
         name = case when groups.name_at is null or groups.name_at <= u.t then u.name else groups.name end,
         name_at = greatest(groups.name_at, u.t)
       from unnest($2::int8[], $3::text[], $4::timestamptz[], $5::int[]) as u(g, name, t, cap)
       where groups.workspace_id = $1 and groups.id = u.g`,
      [ws, list.map(g), list.map((e) => e.name), list.map((e) => e.occurredAt), list.map((e) => e.capacity ?? null)]);
  }
  if (renamed.length) {
    const list = latestBy(renamed, (e) => String(g(e)));
    await tx.query(
      `update groups set name = u.name, name_at = u.t
       from unnest($2::int8[], $3::text[], $4::timestamptz[]) as u(g, name, t)
       where groups.workspace_id = $1 and groups.id = u.g and (groups.name_at is null or groups.name_at < u.t)`,
      [ws, list.map(g), list.map((e) => e.name), list.map((e) => e.occurredAt)]);
  }
}
