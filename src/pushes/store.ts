/**
 * Pushes in the database: the content library, creating a push (targets resolved, deliveries
 * enqueued in the same transaction), cancelling one, and its figures: reach per channel, response,
 * fatigue and the WeCom confirmation state per staff member, all read from the outbox and the
 * event log.
 */
import type { Database, Queryable } from '../db/database.ts';
import { storableJson } from '../db/storable.ts';
import { AppError } from '../errors.ts';
import { enqueueActions } from '../outbox/outbox.ts';
import type { GuardRule, PushCategory } from './guard.ts';
import {
  channelOfKind, planDeliveries, pushOrigin, rate, targetsMembers,
  type Channel, type ChannelReach, type Media, type PushResponse, type PushTargets, type TargetGroup, type TargetMember,
} from './pushes.ts';
import './executors.ts';

export interface LibraryItem {
  id: number; title: string; category: PushCategory; body: string; media: Media[]; tags: string[];
  createdBy: number | null; authorName: string | null; createdAt: Date; updatedAt: Date;
}
export type LibraryInput = Pick<LibraryItem, 'title' | 'category' | 'body' | 'media' | 'tags'>;

const libraryColumns = `l.id::int as id, l.title, l.category, l.body, l.media, l.tags, l.created_by::int as "createdBy", u.name as "authorName",
  l.created_at as "createdAt", l.updated_at as "updatedAt"`;

export async function listLibrary(db: Queryable, workspaceId: number, filter: { category?: string | undefined; tag?: string | undefined } = {}): Promise<LibraryItem[]> {
  return db.query<LibraryItem>(
    `select ${libraryColumns} from push_library l left join users u on u.id = l.created_by
     where l.workspace_id = $1 and ($2::text is null or l.category = $2) and ($3::text is null or $3 = any(l.tags))
     order by l.updated_at desc, l.id desc limit 500`, [workspaceId, filter.category ?? null, filter.tag ?? null]);
}

export async function saveLibraryItem(db: Queryable, workspaceId: number, input: LibraryInput, userId: number | null, id?: number): Promise<LibraryItem> {
  const args = [workspaceId, input.title, input.category, input.body, storableJson(input.media), input.tags];
  const rows = id === undefined
    ? await db.query<{ id: number }>(
      `insert into push_library (workspace_id, title, category, body, media, tags, created_by) values ($1, $2, $3, $4, $5, $6, $7) returning id::int as id`,
      [...args, userId])
    : await db.query<{ id: number }>(
      `update push_library set title = $2, category = $3, body = $4, media = $5, tags = $6, updated_at = now()
       where workspace_id = $1 and id = $7 returning id::int as id`, [...args, id]);
  if (!rows[0]) throw new AppError('not_found', `content ${id} not found`);
  const [item] = await db.query<LibraryItem>(
    `select ${libraryColumns} from push_library l left join users u on u.id = l.created_by where l.workspace_id = $1 and l.id = $2`, [workspaceId, rows[0].id]);
  return item!;
}

export async function deleteLibraryItem(db: Queryable, workspaceId: number, id: number): Promise<void> {
  const rows = await db.query('delete from push_library where workspace_id = $1 and id = $2 returning 1', [workspaceId, id]);
  if (rows.length === 0) throw new AppError('not_found', `content ${id} not found`);
}

export interface PushInput {
  title: string;
  libraryId?: number | undefined;
  category: PushCategory;
  body: string;
  media: Media[];
  targets: PushTargets;
  channels: Channel[];
  scheduledAt: Date;
  guardOverride: { rules: GuardRule[]; reason: string } | null;
}

/** The groups a push's targets name (active groups; explicit, by layer, by tag). */
export async function resolveGroups(db: Queryable, workspaceId: number, t: PushTargets): Promise<TargetGroup[]> {
  if (!t.groups?.length && !t.layers?.length && !t.groupTags?.length) return [];
  return db.query<TargetGroup>(
    `select g.id::int as id, g.name from groups g where g.workspace_id = $1 and g.status = 'active' and (
       g.id = any($2::bigint[]) or g.layer = any($3::text[])
       or exists (select 1 from group_tags t where t.workspace_id = $1 and t.group_id = g.id and t.tag = any($4::text[])))
     order by g.id`, [workspaceId, t.groups ?? [], t.layers ?? [], t.groupTags ?? []]);
}

/**
 * The members a push's targets name, each with one active group of theirs to message through:
 * explicit members, or a segment (all of its conditions: member tags, groups' layer, stage, trust
 * level); without member targets, the members of the target groups.
 */
export async function resolveMembers(db: Queryable, workspaceId: number, t: PushTargets, groups: readonly TargetGroup[]): Promise<TargetMember[]> {
  const segment = targetsMembers(t);
  const rows = await db.query<TargetMember>(
    `with w as (select timezone as tz from workspaces where id = $1)
     select distinct on (m.id) m.id::int as id, m.display_name as name, ms.group_id::int as "groupId", g.name as "groupName"
     from members m
     join memberships ms on ms.workspace_id = $1 and ms.member_id = m.id and ms.active
     join groups g on g.workspace_id = $1 and g.id = ms.group_id and g.status = 'active'
     where m.workspace_id = $1 and m.erased_at is null
       and (case when $2::boolean then
         (cardinality($3::bigint[]) = 0 or m.id = any($3::bigint[]))
         and (cardinality($4::text[]) = 0 or exists (select 1 from member_tags mt where mt.workspace_id = $1 and mt.member_id = m.id and mt.tag = any($4::text[])))
         and (cardinality($5::text[]) = 0 or g.layer = any($5::text[]))
         and ($6::int is null or exists (select 1 from trust_levels tl where tl.workspace_id = $1 and tl.member_id = m.id and tl.level >= $6))
         and (cardinality($7::text[]) = 0 or (case
           when m.first_seen_at >= now() - interval '7 days' then 'new'
           when exists (select 1 from events e where e.workspace_id = $1 and e.member_id = m.id and e.type = 'message' and e.occurred_at >= now() - interval '14 days') then 'active'
           else 'silent' end) = any($7::text[]))
       else ms.group_id = any($8::bigint[]) end)
     order by m.id, ms.group_id`,
    [workspaceId, segment, t.members ?? [], t.memberTags ?? [], t.layers ?? [], t.minTrust ?? null, t.stages ?? [], groups.map((g) => g.id)]);
  return rows.map((r) => ({ ...r, id: Number(r.id), groupId: Number(r.groupId) }));
}

/** Creates a push and enqueues its deliveries (targets × channels) in one transaction. */
export async function createPush(db: Database, workspaceId: number, input: PushInput, userId: number | null): Promise<{ id: number; deliveries: number }> {
  return db.transaction((tx) => insertPush(tx, workspaceId, input, userId));
}

/**
 * createPush inside the caller's transaction (the content calendar's tick makes its entries
 * pushes this way). `keyPrefix` names the deliveries' unique outbox keys (`<prefix>:g<group>`)
 * when something other than the push itself must be delivered once (a calendar entry).
 */
export async function insertPush(tx: Queryable, workspaceId: number, input: PushInput, userId: number | null, keyPrefix?: string): Promise<{ id: number; deliveries: number }> {
  const [row] = await tx.query<{ id: number }>(
    `insert into push_campaigns (workspace_id, library_id, title, category, body, media, targets, channels, scheduled_at, guard_override, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id::int as id`,
    [workspaceId, input.libraryId ?? null, input.title, input.category, input.body, storableJson(input.media), storableJson(input.targets),
      input.channels, input.scheduledAt, input.guardOverride ? storableJson(input.guardOverride) : null, userId]);
  const id = Number(row!.id);
  const groups = await resolveGroups(tx, workspaceId, input.targets);
  const members = input.channels.includes('private_message') ? await resolveMembers(tx, workspaceId, input.targets, groups) : [];
  const groupChannels = input.channels.some((c) => c !== 'private_message');
  if ((groupChannels && groups.length === 0 && !input.channels.includes('private_message')) || (groups.length === 0 && members.length === 0)) {
    throw new AppError('bad_request', 'the push reaches nobody: no active group or member matches its targets');
  }
  const actions = planDeliveries({ id, ...input, media: input.media, keyPrefix }, groups, members);
  let n = 0;
  for (let i = 0; i < actions.length; i += 5000) n += await enqueueActions(tx, workspaceId, actions.slice(i, i + 5000));
  await tx.query('update push_campaigns set deliveries = $3 where workspace_id = $1 and id = $2', [workspaceId, id, n]);
  return { id, deliveries: n };
}

/** Cancels a push: deliveries not yet taken are recorded skipped ("cancelled"); what went stays. */
export async function cancelPush(db: Database, workspaceId: number, id: number): Promise<{ cancelled: number }> {
  return db.transaction(async (tx) => {
    const rows = await tx.query(`update push_campaigns set state = 'cancelled' where workspace_id = $1 and id = $2 returning 1`, [workspaceId, id]);
    if (rows.length === 0) throw new AppError('not_found', `push ${id} not found`);
    const c = await tx.query(
      `update outbox_actions set state = 'skipped', error = 'cancelled by an operator', finished_at = now()
       where workspace_id = $1 and origin = $2 and state = 'queued' returning 1`, [workspaceId, pushOrigin(id)]);
    return { cancelled: c.length };
  });
}

export interface PushSummary {
  id: number; title: string; category: PushCategory; body: string; channels: Channel[]; targets: PushTargets;
  scheduledAt: Date; state: string; deliveries: number; guardOverride: { rules: GuardRule[]; reason: string } | null;
  createdBy: number | null; createdAt: Date;
}

const pushColumns = `id::int as id, title, category, body, channels, targets, scheduled_at as "scheduledAt", state, deliveries::int as deliveries,
  guard_override as "guardOverride", created_by::int as "createdBy", created_at as "createdAt"`;

export async function listPushes(db: Queryable, workspaceId: number, page: { limit: number; offset: number }): Promise<{ items: PushSummary[]; total: number }> {
  const items = await db.query<PushSummary>(
    `select ${pushColumns} from push_campaigns where workspace_id = $1 order by scheduled_at desc, id desc limit $2 offset $3`, [workspaceId, page.limit, page.offset]);
  const [t] = await db.query<{ n: number }>('select count(*)::int as n from push_campaigns where workspace_id = $1', [workspaceId]);
  return { items, total: t?.n ?? 0 };
}

export async function getPush(db: Queryable, workspaceId: number, id: number): Promise<PushSummary> {
  const [p] = await db.query<PushSummary>(`select ${pushColumns} from push_campaigns where workspace_id = $1 and id = $2`, [workspaceId, id]);
  if (!p) throw new AppError('not_found', `push ${id} not found`);
  return p;
}

/** Windows the figures count in: response after each delivery, fatigue after it, silence after it. */
export interface FigureWindows { responseHours: number; fatigueHours: number; silenceHours: number }
export const DEFAULT_WINDOWS: FigureWindows = { responseHours: 2, fatigueHours: 24, silenceHours: 72 };

/** Reach per channel of a push: members of a group are those in it when the post went out. */
export async function pushReach(db: Queryable, workspaceId: number, id: number): Promise<ChannelReach[]> {
  const rows = await db.query<{ kind: string; state: string; n: number; members: number; instead: string | null }>(
    `select o.kind, o.state, count(*)::int as n,
       coalesce(sum(case when o.kind = 'private_message' then 1 when o.sent_at is null then g.member_count else (select count(*) from memberships ms where ms.workspace_id = $1 and ms.group_id = o.group_id
         and ms.first_joined_at <= o.sent_at and (ms.active or ms.left_at > o.sent_at)) end), 0)::int as members, max(o.instead) as instead
     from outbox_actions o left join groups g on g.workspace_id = $1 and g.id = o.group_id
     where o.workspace_id = $1 and o.origin = $2 group by o.kind, o.state`, [workspaceId, pushOrigin(id)]);
  const by = new Map<Channel, ChannelReach>();
  for (const r of rows) {
    const channel = channelOfKind(r.kind);
    const c = by.get(channel) ?? { channel, targets: 0, sent: 0, awaitingConfirmation: 0, queued: 0, skipped: 0, unsupported: 0, failed: 0, membersReached: 0, instead: null };
    c.targets += r.n;
    if (r.state === 'sent') { c.sent += r.n; c.membersReached += r.members; }
    else if (r.state === 'awaiting_confirmation') c.awaitingConfirmation += r.n;
    else if (r.state === 'queued' || r.state === 'sending') c.queued += r.n;
    else if (r.state === 'skipped') c.skipped += r.n;
    else if (r.state === 'unsupported') { c.unsupported += r.n; c.instead = r.instead; }
    else if (r.state === 'failed') c.failed += r.n;
    by.set(channel, c);
  }
  return [...by.values()];
}

/** Response and fatigue of a push's group posts, from the event log after each post went out. */
export async function pushResponse(db: Queryable, workspaceId: number, id: number, w: FigureWindows = DEFAULT_WINDOWS): Promise<PushResponse> {
  const [r] = await db.query<{ reached: number; responders: number; leaves: number; before: number; silenced: number }>(
    `with bots as (select member_id from member_identities where workspace_id = $1 and is_bot),
     d as (
       select o.group_id, o.sent_at, (select count(*) from memberships ms where ms.workspace_id = $1 and ms.group_id = o.group_id
         and ms.first_joined_at <= o.sent_at and (ms.active or ms.left_at > o.sent_at)) as member_count from outbox_actions o
       where o.workspace_id = $1 and o.origin = $2 and o.kind = 'post' and o.state = 'sent' and o.sent_at is not null)
     select coalesce(sum(d.member_count), 0)::int as reached,
       coalesce(sum((select count(distinct e.member_id) from events e where e.workspace_id = $1 and e.group_id = d.group_id
         and e.type in ('message', 'reaction') and e.member_id not in (select member_id from bots) and e.occurred_at > d.sent_at and e.occurred_at <= d.sent_at + make_interval(hours => $3))), 0)::int as responders,
       coalesce(sum((select count(*) from events e where e.workspace_id = $1 and e.group_id = d.group_id
         and e.type = 'leave' and e.occurred_at > d.sent_at and e.occurred_at <= d.sent_at + make_interval(hours => $4))), 0)::int as leaves,
       coalesce(sum(b.n), 0)::int as before, coalesce(sum(b.silenced), 0)::int as silenced
     from d cross join lateral (
       select count(*)::int as n, count(*) filter (where not exists (select 1 from events a where a.workspace_id = $1 and a.group_id = d.group_id
           and a.member_id = p.member_id and a.type = 'message' and a.occurred_at > d.sent_at and a.occurred_at <= d.sent_at + make_interval(hours => $5)))::int as silenced
       from (select distinct e.member_id from events e where e.workspace_id = $1 and e.group_id = d.group_id and e.type = 'message'
         and e.occurred_at > d.sent_at - interval '7 days' and e.occurred_at <= d.sent_at and e.member_id is not null
         and e.member_id not in (select member_id from bots)) p) b`,
    [workspaceId, pushOrigin(id), w.responseHours, w.fatigueHours, w.silenceHours]);
  const f = r ?? { reached: 0, responders: 0, leaves: 0, before: 0, silenced: 0 };
  return {
    responders: f.responders, responseRate: rate(f.responders, f.reached),
    leaves: f.leaves, leaveRate: rate(f.leaves, f.reached), mutes: null,
    silenced: f.silenced, silenceRate: rate(f.silenced, f.before),
  };
}

/** WeCom's confirmation flow per staff member: the group owner confirms each mass message in the client. */
export interface StaffConfirmation { staffId: number | null; staffName: string | null; awaiting: number; confirmed: number }

export async function pushConfirmations(db: Queryable, workspaceId: number, id: number): Promise<StaffConfirmation[]> {
  return db.query<StaffConfirmation>(
    `select g.owner_staff_id::int as "staffId", u.name as "staffName",
       count(*) filter (where o.state = 'awaiting_confirmation')::int as awaiting,
       count(*) filter (where o.state = 'sent')::int as confirmed
     from outbox_actions o join groups g on g.workspace_id = $1 and g.id = o.group_id
     join platform_accounts a on a.workspace_id = $1 and a.id = o.account_id and a.platform = 'wecom'
     left join users u on u.id = g.owner_staff_id
     where o.workspace_id = $1 and o.origin = $2 group by g.owner_staff_id, u.name order by awaiting desc`, [workspaceId, pushOrigin(id)]);
}
