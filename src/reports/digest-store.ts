/**
 * The weekly digests in storage, and their weekly run (src/reports/jobs.ts calls `runDigestTick`).
 *
 * When: from Monday 08:00 in each workspace's time zone, the digest of the week before is made
 * for each staff member who operates groups — an operator for their assigned groups, an admin or
 * owner for all of them (viewers get none). A tick runs every 15 minutes; one that finds the
 * week's digest made does nothing, and one that comes later in the week (the server was down on
 * Monday) still makes it.
 * Per group once: a run computes each group's figures of the week once (groupWeeks: the rollups,
 * health and the response to posts, for every active group at once) and assembles each
 * recipient's digest from those of the groups they see (assembleDigest), so operators who share
 * groups and admins who see them all do not read them again.
 * Once: the row's unique key (workspace, user, week) decides which process made it; only that one
 * queues the chat message (an outbox key per digest, so even a retried transaction sends once) and
 * the console notification. E-mail is claimed per row (`email_claimed_at`, taken atomically)
 * before it is sent, so two processes do not both mail it; a failed send is retried after 15
 * minutes for two days, its error kept on the row.
 * Where: the console (GET /api/digests), the operator's own chat where they linked it (the content
 * calendar's chat link: themselves as a member of a group, a private message through the outbox),
 * and e-mail to their sign-in address where SMTP_URL is configured.
 */
import type { Database, Queryable } from '../db/database.ts';
import { groupScopeSql, isScopedToAssignedGroups, type Actor, type Role } from '../auth/access.ts';
import { addDays } from '../analytics/grain.ts';
import { enqueueActions } from '../outbox/outbox.ts';
import { engagementReport, healthReport } from '../review/store.ts';
import { summarize, type PostEngagement } from '../review/engagement.ts';
import { digestText, nextSteps, type Digest, type DigestGroup, type DigestWarning, type WeekFigures } from './digest.ts';
import type { Mailer } from './mail.ts';

/** The hour of Monday (workspace time) from which last week's digest is made. */
export const DIGEST_HOUR = 8;

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Last week's Monday (YYYY-MM-DD) for the workspace at `now`, and whether its digest is due. */
export async function digestWeek(db: Queryable, workspaceId: number, now = new Date()): Promise<{ week: string; due: boolean } | undefined> {
  const [row] = await db.query<{ monday: string; due: boolean }>(
    `select (date_trunc('week', $2::timestamptz at time zone timezone)::date - 7)::text as monday,
            ($2::timestamptz at time zone timezone) >= date_trunc('week', $2::timestamptz at time zone timezone) + make_interval(hours => $3) as due
     from workspaces where id = $1`, [workspaceId, now.toISOString(), DIGEST_HOUR]);
  return row ? { week: row.monday, due: row.due } : undefined;
}

/** A group's week from the rollups: sums, and who wrote (ids, so that writers across groups are counted once). */
interface GroupWeekFigures { messages: number; joins: number; leaves: number; writers: number[] }

async function weekFigures(db: Queryable, workspaceId: number, ids: number[], from: string, to: string): Promise<Map<number, GroupWeekFigures>> {
  const [sums, writers] = await Promise.all([
    db.query<{ g: number; messages: number; joins: number; leaves: number }>(
      `select group_id as g, sum(messages)::int as messages, sum(joins)::int as joins, sum(leaves)::int as leaves
       from group_daily where workspace_id = $1 and group_id = any($2::int8[]) and day between $3::date and $4::date group by group_id`, [workspaceId, ids, from, to]),
    db.query<{ g: number; m: number }>(
      `select distinct d.group_id as g, x as m from group_daily d cross join lateral unnest(d.active_member_ids) x
       where d.workspace_id = $1 and d.group_id = any($2::int8[]) and d.day between $3::date and $4::date`, [workspaceId, ids, from, to]),
  ]);
  const out = new Map<number, GroupWeekFigures>(ids.map((id) => [id, { messages: 0, joins: 0, leaves: 0, writers: [] }]));
  for (const r of sums) Object.assign(out.get(Number(r.g)) ?? {}, { messages: r.messages ?? 0, joins: r.joins ?? 0, leaves: r.leaves ?? 0 });
  for (const r of writers) out.get(Number(r.g))?.writers.push(Number(r.m));
  return out;
}

/**
 * One group's figures for a digest week: the same whoever receives them, so a digest run
 * computes them once per group (groupWeeks) and assembles each recipient's digest from those of
 * the groups they see (assembleDigest).
 */
export interface GroupWeek {
  groupId: number; name: string; members: number;
  /** The operator the group is assigned to (an operator's digest has their groups only). */
  ownerStaffId: number | null;
  thisWeek: GroupWeekFigures; lastWeek: GroupWeekFigures;
  score: number | null;
  warning: DigestWarning | null;
  /** The week's posts in the group and the response each got. */
  posts: PostEngagement[];
}

/** How many of the latest posts are read per group in the run (the 复盘 pages read 500 for what one person sees). */
const POSTS_PER_GROUP = 500;

/**
 * The figures of the week starting Monday `week` for each group `actor` sees (for the weekly run:
 * every active group of the workspace), in a fixed number of queries whatever the number of groups.
 */
export async function groupWeeks(db: Queryable, actor: Actor, week: string): Promise<GroupWeek[]> {
  const from = week, to = addDays(week, 6);
  const params: unknown[] = [];
  const scope = groupScopeSql(actor, 'g', params);
  const groups = (await db.query<{ id: number; name: string; members: number; owner: number | null }>(
    `select g.id, g.name, g.member_count as members, g.owner_staff_id as owner from groups g where ${scope} and g.status = 'active' order by g.id`, params))
    .map((g) => ({ ...g, id: Number(g.id), owner: g.owner === null ? null : Number(g.owner) }));
  if (!groups.length) return [];
  const ids = groups.map((g) => g.id);
  const maxPosts = POSTS_PER_GROUP * groups.length;
  const [thisWeek, lastWeek, engagement, health] = await Promise.all([
    weekFigures(db, actor.workspaceId, ids, from, to),
    weekFigures(db, actor.workspaceId, ids, addDays(from, -7), addDays(to, -7)),
    engagementReport(db, actor, { from, to }, 120, undefined, false, maxPosts),
    healthReport(db, actor, { maxPosts }),
  ]);
  const scoreOf = new Map(health.groups.map((g) => [g.groupId, round1(g.score)]));
  const warningOf = new Map(health.warnings.map((w) => [w.groupId, { groupId: w.groupId, name: w.name, risk: w.risk, reasons: w.reasons, suggestion: w.suggestion.code }]));
  const postsOf = new Map<number, PostEngagement[]>();
  for (const p of engagement.posts) { let l = postsOf.get(p.groupId); if (!l) postsOf.set(p.groupId, l = []); l.push(p); }
  return groups.map((g) => ({
    groupId: g.id, name: g.name, members: g.members, ownerStaffId: g.owner,
    thisWeek: thisWeek.get(g.id)!, lastWeek: lastWeek.get(g.id)!,
    score: scoreOf.get(g.id) ?? null, warning: warningOf.get(g.id) ?? null, posts: postsOf.get(g.id) ?? [],
  }));
}

/** The groups of a run that `actor` sees: an operator their assigned groups, an admin or owner all (as groupScopeSql). */
export function groupsSeenBy(actor: Actor, all: readonly GroupWeek[]): GroupWeek[] {
  return isScopedToAssignedGroups(actor) ? all.filter((g) => g.ownerStaffId === actor.userId) : [...all];
}

function totals(figures: readonly GroupWeekFigures[]): WeekFigures {
  const writers = new Set<number>();
  let messages = 0, joins = 0, leaves = 0;
  for (const f of figures) { messages += f.messages; joins += f.joins; leaves += f.leaves; for (const w of f.writers) writers.add(w); }
  return { messages, writers: writers.size, joins, leaves };
}

/** A recipient's digest from the figures of their groups (plain: no query), compared with their previous digest. */
export function assembleDigest(week: string, groups: readonly GroupWeek[], previous?: Digest | null): Digest {
  const before = new Map((previous?.perGroup ?? []).map((g) => [g.groupId, g.score]));
  const perGroup: DigestGroup[] = groups.map((g) => ({
    groupId: g.groupId, name: g.name, members: g.members, messages: g.thisWeek.messages, writers: g.thisWeek.writers.length,
    score: g.score, previousScore: before.get(g.groupId) ?? null,
  }));
  const nameOf = new Map(groups.map((g) => [g.groupId, g.name]));
  const posts = groups.flatMap((g) => g.posts);
  const summary = summarize(posts);
  const base: Omit<Digest, 'next'> = {
    week: { from: week, to: addDays(week, 6) }, groups: groups.length, members: groups.reduce((s, g) => s + g.members, 0),
    thisWeek: totals(groups.map((g) => g.thisWeek)), lastWeek: totals(groups.map((g) => g.lastWeek)),
    posts: posts.length, responseRate: posts.length ? summary.responseRate : null, breadth: posts.length ? summary.breadth : null,
    perGroup,
    warnings: groups.flatMap((g) => (g.warning ? [g.warning] : [])).sort((a, b) => b.risk - a.risk || a.groupId - b.groupId),
    topPosts: posts.filter((p) => p.responders > 0)
      .sort((a, b) => b.responders - a.responders || b.breadth - a.breadth || a.key.localeCompare(b.key)).slice(0, 3)
      .map((p) => ({ key: p.key, groupId: p.groupId, groupName: nameOf.get(p.groupId) ?? '', title: p.title, kind: p.kind, responders: p.responders, breadth: p.breadth })),
  };
  return { ...base, next: nextSteps(base) };
}

/** The digest of the week starting Monday `week` for what `actor` sees (an operator: their groups). */
export async function computeDigest(db: Queryable, actor: Actor, week: string, previous?: Digest | null): Promise<Digest> {
  return assembleDigest(week, await groupWeeks(db, actor, week), previous);
}

export interface StoredDigest { id: number; week: string; createdAt: Date; emailedAt: Date | null; chatQueuedAt: Date | null; digest: Digest }

const storedColumns = `id, week::text as week, created_at as "createdAt", emailed_at as "emailedAt", chat_queued_at as "chatQueuedAt", digest`;

export async function listDigests(db: Queryable, workspaceId: number, userId: number, limit = 12): Promise<StoredDigest[]> {
  return (await db.query<StoredDigest>(
    `select ${storedColumns} from weekly_digests where workspace_id = $1 and user_id = $2 order by week desc limit $3`, [workspaceId, userId, limit]))
    .map((r) => ({ ...r, id: Number(r.id) }));
}

async function previousDigest(db: Queryable, workspaceId: number, userId: number, week: string): Promise<Digest | null> {
  const [row] = await db.query<{ digest: Digest }>(
    'select digest from weekly_digests where workspace_id = $1 and user_id = $2 and week < $3::date order by week desc limit 1', [workspaceId, userId, week]);
  return row?.digest ?? null;
}

/** The digest of last week for the actor, computed now (the console's preview before Monday's run). */
export async function previewDigest(db: Queryable, actor: Actor, now = new Date()): Promise<Digest> {
  const w = await digestWeek(db, actor.workspaceId, now);
  return computeDigest(db, actor, w!.week, await previousDigest(db, actor.workspaceId, actor.userId, w!.week));
}

export interface DigestDeps { mailer?: Mailer | undefined; publicUrl?: string | undefined; log?: (msg: string, detail: Record<string, unknown>) => void }
export interface DigestTickResult { made: number; chats: number; emailed: number; emailFailed: number }

/** Staff who get a digest: operators with an active group, and admins and owners of a workspace with one. */
async function recipients(db: Queryable, workspaceId: number): Promise<Array<{ userId: number; role: Role; email: string }>> {
  return (await db.query<{ userId: number; role: Role; email: string }>(
    `select s.user_id as "userId", s.role, u.email from workspace_staff s join users u on u.id = s.user_id
     where s.workspace_id = $1 and exists (select 1 from groups g where g.workspace_id = s.workspace_id and g.status = 'active'
       and (s.role in ('owner', 'admin') or (s.role = 'operator' and g.owner_staff_id = s.user_id)))
     order by s.user_id`, [workspaceId])).map((r) => ({ ...r, userId: Number(r.userId) }));
}

/** Makes the due digests of one workspace (once each), queues their chat messages, then mails. */
export async function runDigestTick(db: Database, workspaceId: number, deps: DigestDeps = {}, now = new Date()): Promise<DigestTickResult> {
  const out: DigestTickResult = { made: 0, chats: 0, emailed: 0, emailFailed: 0 };
  const when = await digestWeek(db, workspaceId, now);
  if (when?.due) {
    const { week } = when;
    const made = new Set((await db.query<{ userId: number }>('select user_id as "userId" from weekly_digests where workspace_id = $1 and week = $2::date', [workspaceId, week])).map((r) => Number(r.userId)));
    const due = (await recipients(db, workspaceId)).filter((r) => !made.has(r.userId));
    // Every group's figures once for the run (operators who share groups, admins who see them all,
    // read them once), then each recipient's digest from those of their groups.
    const all = due.length ? await groupWeeks(db, { userId: 0, workspaceId, role: 'owner', ip: '' }, week) : [];
    for (const r of due) {
      const actor: Actor = { userId: r.userId, workspaceId, role: r.role, ip: '' };
      const digest = assembleDigest(week, groupsSeenBy(actor, all), await previousDigest(db, workspaceId, r.userId, week));
      const text = digestText(digest, 'zh-CN', deps.publicUrl ? `${deps.publicUrl}/review/digest` : undefined);
      await db.transaction(async (tx) => {
        const [row] = await tx.query<{ id: number }>(
          `insert into weekly_digests (workspace_id, user_id, week, digest, created_at) values ($1, $2, $3::date, $4, $5)
           on conflict (workspace_id, user_id, week) do nothing returning id`, [workspaceId, r.userId, week, JSON.stringify(digest), now.toISOString()]);
        if (!row) return; // another process made it
        out.made++;
        await tx.query(`insert into automation_notifications (workspace_id, key, user_id, group_id, text, origin) values ($1, $2, $3, null, $4, $5)
          on conflict (workspace_id, key) do nothing`, [workspaceId, `digest:${week}:u${r.userId}`, r.userId, text.subject, `digest:${row.id}`]);
        const chats = await tx.query<{ groupId: number; memberId: number }>(
          `select chat_group_id as "groupId", chat_member_id as "memberId" from calendar_operators
           where workspace_id = $1 and user_id = $2 and chat_member_id is not null and chat_group_id is not null`, [workspaceId, r.userId]);
        const queued = await enqueueActions(tx, workspaceId, chats.map((c) => ({
          key: `digest:${week}:u${r.userId}:m${c.memberId}`, kind: 'private_message', groupId: Number(c.groupId), memberId: Number(c.memberId),
          origin: `digest:${row.id}`, payload: { text: text.body.slice(0, 4000) }, notBefore: now,
        })));
        if (queued > 0) {
          out.chats += queued;
          await tx.query('update weekly_digests set chat_queued_at = $3 where workspace_id = $1 and id = $2', [workspaceId, row.id, now.toISOString()]);
        }
      });
    }
  }
  if (deps.mailer) await mailDigests(db, workspaceId, deps, now, out);
  return out;
}

async function mailDigests(db: Database, workspaceId: number, deps: DigestDeps, now: Date, out: DigestTickResult): Promise<void> {
  const pending = await db.query<{ id: number }>(
    `select id from weekly_digests where workspace_id = $1 and emailed_at is null and created_at > $2::timestamptz - interval '2 days'
       and (email_claimed_at is null or email_claimed_at < $2::timestamptz - interval '15 minutes') order by id limit 500`, [workspaceId, now.toISOString()]);
  for (const p of pending) {
    // The claim: one process wins the row (the condition is checked again under the row's lock).
    const [claimed] = await db.query<{ digest: Digest; email: string }>(
      `update weekly_digests d set email_claimed_at = $3 from users u
       where d.workspace_id = $1 and d.id = $2 and u.id = d.user_id and d.emailed_at is null
         and (d.email_claimed_at is null or d.email_claimed_at < $3::timestamptz - interval '15 minutes')
       returning d.digest, u.email`, [workspaceId, p.id, now.toISOString()]);
    if (!claimed) continue;
    const text = digestText(claimed.digest, 'zh-CN', deps.publicUrl ? `${deps.publicUrl}/review/digest` : undefined);
    try {
      await deps.mailer!.send({ to: claimed.email, subject: text.subject, text: text.body });
      await db.query('update weekly_digests set emailed_at = now(), email_error = null where workspace_id = $1 and id = $2', [workspaceId, p.id]);
      out.emailed++;
    } catch (err) {
      out.emailFailed++;
      const message = err instanceof Error ? err.message : String(err);
      await db.query('update weekly_digests set email_error = $3 where workspace_id = $1 and id = $2', [workspaceId, p.id, message.slice(0, 500)]);
      deps.log?.('weekly digest e-mail failed; retried in 15 minutes', { workspaceId, digest: p.id, err: message });
    }
  }
}
