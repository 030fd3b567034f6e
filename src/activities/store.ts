/**
 * Activities on the database: the reactor that turns members' messages into check-ins, make-up
 * cards, votes, quiz answers and draw entries; creating and closing polls, quizzes and draws;
 * the check-in leaderboard; a draw's export for verification. Every effect is a unique row
 * written with `on conflict do nothing` inside the reactor's transaction (src/events/reactors.ts),
 * and every post goes through the outbox (src/outbox) with a key derived from what caused it, so
 * a re-delivered message or a second Qunyun process changes nothing.
 */
import type { Queryable } from '../db/database.ts';
import type { Reactor, ReactorEvent } from '../events/reactors.ts';
import { enqueueActions, type OutboxAction } from '../outbox/outbox.ts';
import { AppError } from '../errors.ts';
import { openingText, type DrawConfig, type NewActivity, type PollConfig, type QuizConfig } from './config.ts';
import {
  canonicalEntries, checkEligibility, commitmentOf, drawWinners, entryKey, newSeed, redPacketShares, type Candidate, type DrawRecord,
} from './draw.ts';
import { DAILY_CARD_LINE } from './daily-card.ts';
import { PHOTO_KIND, POLL_KIND, type PhotoPayload } from './executors.ts';
import { parseQuizAnswer, parseVote, scoreQuiz, tallyVotes } from './polls.ts';
import {
  addDays, classifyCheckinText, currentStreak, dayInZone, decideMakeup, DEFAULT_CHECKIN_RULES, leaderboard, milestonesReached,
  type CheckinDay, type CheckinRules, type LeaderboardRow,
} from './streaks.ts';

/** Called for each activity event (streak reached, draw closed) inside the transaction; automation plugs in here. */
export type ActivityEventSink = (tx: Queryable, workspaceId: number, event: { name: string; groupId: number; memberId: number | null; value: number; key: string }) => Promise<void>;
let eventSink: ActivityEventSink | null = null;
export function setActivityEventSink(sink: ActivityEventSink | null): void { eventSink = sink; }

async function emitActivityEvent(tx: Queryable, workspaceId: number, e: { name: string; groupId: number; memberId: number | null; value: number; dedupe: string; at: Date }): Promise<void> {
  const rows = await tx.query(
    `insert into activity_events (workspace_id, kind, group_id, member_id, value, dedupe, at) values ($1, $2, $3, $4, $5, $6, $7)
     on conflict do nothing returning id`, [workspaceId, e.name, e.groupId, e.memberId, e.value, e.dedupe, e.at]);
  if (rows.length && eventSink) await eventSink(tx, workspaceId, { name: e.name, groupId: e.groupId, memberId: e.memberId, value: e.value, key: `${e.name}:${e.groupId}:${e.dedupe}` });
}

async function zoneOf(tx: Queryable, workspaceId: number): Promise<string> {
  const [w] = await tx.query<{ timezone: string }>('select timezone from workspaces where id = $1', [workspaceId]);
  return w?.timezone ?? 'Asia/Shanghai';
}

async function memberName(tx: Queryable, workspaceId: number, memberId: number): Promise<string> {
  const [m] = await tx.query<{ display_name: string }>('select display_name from members where workspace_id = $1 and id = $2', [workspaceId, memberId]);
  return m?.display_name || `#${memberId}`;
}

async function history(tx: Queryable, workspaceId: number, groupId: number, memberId: number, since: string): Promise<CheckinDay[]> {
  const rows = await tx.query<{ day: string; kind: 'checkin' | 'makeup'; used_on: string | null }>(
    'select day::text as day, kind, used_on::text as used_on from checkins where workspace_id = $1 and group_id = $2 and member_id = $3 and day >= $4 order by day',
    [workspaceId, groupId, memberId, since]);
  return rows.map((r) => ({ day: r.day, kind: r.kind, ...(r.used_on ? { usedOn: r.used_on } : {}) }));
}

export interface CheckinOutcome { kind: 'checkin' | 'makeup'; day: string; streak: number; milestones: number[]; recorded: boolean; refused?: string }

/**
 * A member checks in (or uses a make-up card) in a group at `at`: at most one row per day, the
 * streak after it, milestones emitted once, a reply posted once.
 */
export async function recordCheckin(tx: Queryable, workspaceId: number, input: { groupId: number; memberId: number; at: Date; kind: 'checkin' | 'makeup'; messageId?: string | null; timezone?: string; rules?: CheckinRules }): Promise<CheckinOutcome> {
  const rules = input.rules ?? DEFAULT_CHECKIN_RULES;
  const today = dayInZone(input.at, input.timezone ?? await zoneOf(tx, workspaceId));
  const past = await history(tx, workspaceId, input.groupId, input.memberId, addDays(today, -400));
  const before = currentStreak(past.map((p) => p.day), today);
  let day = today;
  if (input.kind === 'makeup') {
    const d = decideMakeup(past, today, rules);
    if (!d.ok) return { kind: 'makeup', day: today, streak: before, milestones: [], recorded: false, refused: d.reason };
    day = d.day;
  }
  const days = [...past.map((p) => p.day), day];
  const streak = currentStreak(days, today);
  const inserted = await tx.query(
    `insert into checkins (workspace_id, group_id, member_id, day, kind, used_on, at, streak, message_id) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     on conflict do nothing returning day`,
    [workspaceId, input.groupId, input.memberId, day, input.kind, input.kind === 'makeup' ? today : null, input.at, streak, input.messageId ?? null]);
  if (!inserted.length) return { kind: input.kind, day, streak: before, milestones: [], recorded: false, refused: 'already' };
  const milestones = milestonesReached(before, streak, rules.milestones);
  for (const m of milestones) await emitActivityEvent(tx, workspaceId, { name: 'streak_reached', groupId: input.groupId, memberId: input.memberId, value: m, dedupe: `m${input.memberId}:${m}:from:${addDays(today, -(streak - 1))}`, at: input.at });
  return { kind: input.kind, day, streak, milestones, recorded: true };
}

interface OpenActivity { id: number; groupId: number; kind: 'poll' | 'quiz' | 'draw'; config: Record<string, unknown>; closesAt: Date | null }

async function openActivities(tx: Queryable, workspaceId: number, groupIds: number[]): Promise<Map<number, OpenActivity[]>> {
  const rows = await tx.query<OpenActivity>(
    `select id, group_id as "groupId", kind, config, closes_at as "closesAt" from activities
     where workspace_id = $1 and state = 'open' and group_id = any($2::int8[]) order by id`, [workspaceId, groupIds]);
  const out = new Map<number, OpenActivity[]>();
  for (const r of rows) {
    const list = out.get(Number(r.groupId)) ?? [];
    list.push({ ...r, id: Number(r.id), groupId: Number(r.groupId) });
    out.set(Number(r.groupId), list);
  }
  return out;
}

const post = (key: string, groupId: number, text: string, origin: string, replyTo?: string | null, buttons?: Array<{ text: string; data: string }>): OutboxAction =>
  ({ key, kind: 'post', groupId, payload: { text, ...(replyTo ? { replyTo } : {}), ...(buttons?.length ? { buttons } : {}) }, origin });

/** The data of the 打卡 button under a check-in reply: pressing it checks the presser in. */
export const CHECKIN_BUTTON_DATA = 'activities:checkin';
/** The button itself (Telegram's inline keyboard, the sandbox's buttons; other platforms send the text alone). */
export const CHECKIN_BUTTON = { text: '打卡', data: CHECKIN_BUTTON_DATA };

/** The daily card of a check-in, posted in the group as an image (the `photo` outbox kind). */
async function dailyCardAction(tx: Queryable, workspaceId: number, c: { groupId: number; memberId: number; name: string; day: string; streak: number; replyTo?: string | null }): Promise<OutboxAction> {
  const [g] = await tx.query<{ name: string | null }>('select name from groups where workspace_id = $1 and id = $2', [workspaceId, c.groupId]);
  const payload: PhotoPayload = {
    image: { kind: 'daily_card', day: c.day, text: DAILY_CARD_LINE, memberName: c.name, streak: c.streak, ...(g?.name ? { groupName: g.name } : {}) },
    caption: `${c.name} 的日签 · ${c.day}`,
    ...(c.replyTo ? { replyTo: c.replyTo } : {}),
  };
  return { key: `activities:card:${c.groupId}:${c.memberId}:${c.day}`, kind: PHOTO_KIND, groupId: c.groupId, payload: payload as unknown as Record<string, unknown>, origin: `activities:checkin:${c.groupId}` };
}

/**
 * A check-in older than this when Qunyun reads it (delivered late, after downtime, or a demo's
 * backfilled history) is recorded but not answered: a reply hours later would only be noise.
 */
export const CHECKIN_REPLY_HORIZON_MS = 30 * 60_000;

/** Gives members' messages their effect on check-ins and open activities (see the module comment). */
export async function reactToMessages(tx: Queryable, workspaceId: number, events: readonly ReactorEvent[], rules: CheckinRules = DEFAULT_CHECKIN_RULES, options: { now?: Date; replyHorizonMs?: number } = {}): Promise<void> {
  const now = (options.now ?? new Date()).getTime();
  const horizon = options.replyHorizonMs ?? CHECKIN_REPLY_HORIZON_MS;
  const messages = events.filter((e) => !e.imported && e.memberId !== null
    && ((e.type === 'message' && e.payload.type === 'message')
      || (e.type === 'button' && e.payload.type === 'button' && (e.payload.data === CHECKIN_BUTTON_DATA || e.payload.data.startsWith(POLL_VOTE_PREFIX)))));
  if (!messages.length) return;
  const timezone = await zoneOf(tx, workspaceId);
  const open = await openActivities(tx, workspaceId, [...new Set(messages.map((e) => e.groupId))]);
  const actions: OutboxAction[] = [];
  for (const e of messages) {
    if (e.payload.type !== 'message' && e.payload.type !== 'button') continue;
    if (e.payload.type === 'button' && e.payload.data.startsWith(POLL_VOTE_PREFIX)) {
      await nativeVote(tx, workspaceId, open.get(e.groupId) ?? [], { memberId: e.memberId!, messageId: e.messageId, data: e.payload.data, at: e.occurredAt });
      continue;
    }
    // A press of the 打卡 button is a check-in like the word (a second press the same day changes nothing).
    const pressed = e.payload.type === 'button';
    const text = e.payload.type === 'message' ? e.payload.text ?? '' : '';
    const memberId = e.memberId!;
    const kind = pressed ? 'checkin' as const : classifyCheckinText(text, rules);
    if (kind) {
      const r = await recordCheckin(tx, workspaceId, { groupId: e.groupId, memberId, at: e.occurredAt, kind, messageId: pressed ? null : e.messageId, timezone, rules });
      const name = await memberName(tx, workspaceId, memberId);
      const key = `activities:checkin:${e.groupId}:${memberId}:${r.day}:${kind}`;
      if (now - e.occurredAt.getTime() > horizon) continue;
      if (r.recorded) {
        const extra = r.milestones.length ? ` 🎉 达成连续 ${r.milestones.at(-1)} 天！` : '';
        actions.push(post(key, e.groupId, kind === 'makeup'
          ? `${name} 补卡成功（${r.day}），已连续打卡 ${r.streak} 天。${extra}`
          : `✅ ${name} 打卡成功，已连续打卡 ${r.streak} 天。${extra}`, `activities:checkin:${e.groupId}`, pressed ? null : e.messageId, [CHECKIN_BUTTON]));
        // The day's card (日签) as an image, once per member, group and day, after the reply.
        if (kind === 'checkin') actions.push(await dailyCardAction(tx, workspaceId, { groupId: e.groupId, memberId, name, day: r.day, streak: r.streak, replyTo: pressed ? null : e.messageId }));
      } else if (r.refused && r.refused !== 'already') {
        const why = r.refused === 'weekly_limit' ? `本周补卡次数已用完（每周 ${rules.makeupPerWeek} 次）` : r.refused === 'outside_window' ? `只能补最近 ${rules.makeupWindowDays} 天内的卡` : '没有需要补的卡';
        actions.push(post(`${key}:refused`, e.groupId, `${name}：${why}。`, `activities:checkin:${e.groupId}`, e.messageId));
      }
      continue;
    }
    for (const a of open.get(e.groupId) ?? []) {
      if (a.closesAt && e.occurredAt > a.closesAt) continue;
      if (a.kind === 'poll') {
        const option = parseVote(text, (a.config as PollConfig).options);
        if (option === null) continue;
        // The latest vote counts: replace an older one, keep a newer one.
        await tx.query(
          `insert into activity_entries (workspace_id, activity_id, member_id, question, choice, at, message_id) values ($1, $2, $3, 0, $4, $5, $6)
           on conflict (workspace_id, activity_id, member_id, question) do update set choice = excluded.choice, at = excluded.at, message_id = excluded.message_id
           where activity_entries.at <= excluded.at`, [workspaceId, a.id, memberId, option, e.occurredAt, e.messageId]);
      } else if (a.kind === 'quiz') {
        const ans = parseQuizAnswer(text, (a.config as QuizConfig).questions);
        if (!ans) continue;
        // The first answer counts: an earlier one delivered late replaces a later one.
        await tx.query(
          `insert into activity_entries (workspace_id, activity_id, member_id, question, choice, at, message_id) values ($1, $2, $3, $4, $5, $6, $7)
           on conflict (workspace_id, activity_id, member_id, question) do update set choice = excluded.choice, at = excluded.at, message_id = excluded.message_id
           where activity_entries.at > excluded.at`, [workspaceId, a.id, memberId, ans.question, ans.option, e.occurredAt, e.messageId]);
      } else if (a.kind === 'draw') {
        if (text.trim() !== (a.config as DrawConfig).keyword) continue;
        await tx.query(
          `insert into activity_entries (workspace_id, activity_id, member_id, question, choice, at, message_id) values ($1, $2, $3, 0, null, $4, $5)
           on conflict do nothing`, [workspaceId, a.id, memberId, e.occurredAt, e.messageId]);
      }
    }
  }
  if (actions.length) await enqueueActions(tx, workspaceId, actions);
}

/** A `button` event's data for a vote in a native poll (Telegram's poll_answer): `poll:<option index>`, `poll:` when retracted. */
export const POLL_VOTE_PREFIX = 'poll:';

/**
 * A vote in a native poll: the poll is the open poll activity whose opening was sent as the
 * message the vote is under. The latest vote counts (as for text votes); a retracted vote removes it.
 */
async function nativeVote(tx: Queryable, workspaceId: number, open: OpenActivity[], v: { memberId: number; messageId: string | null; data: string; at: Date }): Promise<void> {
  if (!v.messageId) return;
  const polls = open.filter((a) => a.kind === 'poll' && !(a.closesAt && v.at > a.closesAt));
  if (!polls.length) return;
  const [hit] = await tx.query<{ id: number }>(
    `select a.id from activities a join outbox_actions o on o.workspace_id = a.workspace_id and o.key = 'activities:' || a.id || ':open'
     where a.workspace_id = $1 and a.id = any($2::int8[]) and o.platform_message_id = $3 limit 1`, [workspaceId, polls.map((a) => a.id), v.messageId]);
  if (!hit) return;
  const activity = polls.find((a) => a.id === Number(hit.id))!;
  const raw = v.data.slice(POLL_VOTE_PREFIX.length);
  if (raw === '') {
    await tx.query('delete from activity_entries where workspace_id = $1 and activity_id = $2 and member_id = $3 and question = 0 and at <= $4', [workspaceId, activity.id, v.memberId, v.at]);
    return;
  }
  const index = Number(raw);
  if (!Number.isInteger(index) || index < 0 || index >= (activity.config as PollConfig).options.length) return;
  // The option's index, as text votes store it.
  await tx.query(
    `insert into activity_entries (workspace_id, activity_id, member_id, question, choice, at, message_id) values ($1, $2, $3, 0, $4, $5, null)
     on conflict (workspace_id, activity_id, member_id, question) do update set choice = excluded.choice, at = excluded.at, message_id = excluded.message_id
     where activity_entries.at <= excluded.at`, [workspaceId, activity.id, v.memberId, index, v.at]);
}

/** The activities reactor; tests pass a reply horizon to have old check-ins answered. */
export function makeActivitiesReactor(options: { replyHorizonMs?: number } = {}): Reactor {
  return { name: 'activities', types: ['message', 'button'], react: (tx, workspaceId, events) => reactToMessages(tx, workspaceId, events, DEFAULT_CHECKIN_RULES, options) };
}

export const activitiesReactor: Reactor = makeActivitiesReactor();

export interface ActivityRow {
  id: number; groupId: number; groupName: string; kind: 'poll' | 'quiz' | 'draw'; title: string; state: 'open' | 'closed';
  config: Record<string, unknown>; commitment: string | null; seed: string | null; result: Record<string, unknown> | null;
  createdAt: Date; closesAt: Date | null; closedAt: Date | null; entries: number;
}

const activityColumns = `a.id, a.group_id as "groupId", g.name as "groupName", a.kind, a.title, a.state, a.config, a.commitment,
  case when a.state = 'closed' then a.seed end as seed, a.result, a.created_at as "createdAt", a.closes_at as "closesAt", a.closed_at as "closedAt",
  (select count(distinct e.member_id) from activity_entries e where e.workspace_id = a.workspace_id and e.activity_id = a.id) as entries`;

function normalise(r: ActivityRow): ActivityRow {
  return { ...r, id: Number(r.id), groupId: Number(r.groupId), entries: Number(r.entries) };
}

export async function listActivities(db: Queryable, workspaceId: number, filter: { groupIds?: number[] | null; limit: number; offset: number }): Promise<{ items: ActivityRow[]; total: number }> {
  const scope = filter.groupIds ? 'and a.group_id = any($4::int8[])' : '';
  const params: unknown[] = [workspaceId, filter.limit, filter.offset, ...(filter.groupIds ? [filter.groupIds] : [])];
  const items = await db.query<ActivityRow>(
    `select ${activityColumns} from activities a join groups g on g.workspace_id = a.workspace_id and g.id = a.group_id
     where a.workspace_id = $1 ${scope} order by a.id desc limit $2 offset $3`, params);
  const [t] = await db.query<{ n: number }>(`select count(*) as n from activities a where a.workspace_id = $1 ${scope.replace('$4', '$2')}`, [workspaceId, ...(filter.groupIds ? [filter.groupIds] : [])]);
  return { items: items.map(normalise), total: Number(t?.n ?? 0) };
}

export async function getActivity(db: Queryable, workspaceId: number, id: number): Promise<ActivityRow> {
  const [r] = await db.query<ActivityRow>(
    `select ${activityColumns} from activities a join groups g on g.workspace_id = a.workspace_id and g.id = a.group_id where a.workspace_id = $1 and a.id = $2`, [workspaceId, id]);
  if (!r) throw new AppError('not_found', `activity ${id} not found`);
  return normalise(r);
}

/**
 * Opens an activity in a group and posts it. A draw gets its seed now; only the seed's SHA-256
 * is posted and shown until the draw closes. `key` makes a repeated start (an automation rule's
 * action retried) open one activity.
 */
export async function createActivity(tx: Queryable, workspaceId: number, input: NewActivity, meta: { createdBy: number | null; origin: string; key?: string; now?: Date }): Promise<{ id: number; created: boolean }> {
  const [g] = await tx.query('select 1 from groups where workspace_id = $1 and id = $2', [workspaceId, input.groupId]);
  if (!g) throw new AppError('not_found', `group ${input.groupId} not found`);
  const seed = input.kind === 'draw' ? newSeed() : null;
  const commitment = seed ? commitmentOf(seed) : null;
  const config = meta.key ? { ...input.config, startKey: meta.key } : input.config;
  if (meta.key) {
    const [existing] = await tx.query<{ id: number }>(`select id from activities where workspace_id = $1 and config->>'startKey' = $2`, [workspaceId, meta.key]);
    if (existing) return { id: Number(existing.id), created: false };
  }
  const [row] = await tx.query<{ id: number }>(
    `insert into activities (workspace_id, group_id, kind, title, config, commitment, seed, created_by, closes_at, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id`,
    [workspaceId, input.groupId, input.kind, input.title, JSON.stringify(config), commitment, seed, meta.createdBy, input.closesAt ?? null, meta.now ?? new Date()]);
  const id = Number(row!.id);
  const opening = post(`activities:${id}:open`, input.groupId, openingText(input, commitment), `activities:activity:${id}`);
  // A poll opens as a native poll where the platform has them (Telegram), as the text elsewhere.
  if (input.kind === 'poll') Object.assign(opening, { kind: POLL_KIND, payload: { ...opening.payload, question: input.title, options: (input.config as PollConfig).options } });
  await enqueueActions(tx, workspaceId, [opening]);
  return { id, created: true };
}

/** Days since each member's last message before `before`, banned flags and "other" messages in the window. */
async function candidateFacts(tx: Queryable, workspaceId: number, groupId: number, memberIds: number[], opened: Date, closed: Date, config: DrawConfig): Promise<Candidate[]> {
  if (!memberIds.length) return [];
  const windowStart = new Date(opened.getTime() - config.eligibility.activeWithinDays * 86_400_000);
  const rows = await tx.query<{ member_id: number; last_at: Date | null; other: number; left_banned: boolean }>(
    `select m.id as member_id,
       (select max(e.occurred_at) from events e where e.workspace_id = $1 and e.member_id = m.id and e.type = 'message' and e.occurred_at < $3) as last_at,
       (select count(*) from events e where e.workspace_id = $1 and e.member_id = m.id and e.type = 'message'
          and e.occurred_at >= $4 and e.occurred_at <= $5
          and coalesce(e.payload->>'kind', 'text') <> 'red_packet' and coalesce(trim(e.payload->>'text'), '') <> $6) as other,
       exists (select 1 from memberships ms where ms.workspace_id = $1 and ms.group_id = $7 and ms.member_id = m.id and not ms.active and ms.leave_reason = 'banned') as left_banned
     from members m where m.workspace_id = $1 and m.id = any($2::int8[])`,
    [workspaceId, memberIds, opened, windowStart, closed, config.keyword, groupId]);
  const banned = new Set<number>();
  const [hasBans] = await tx.query<{ t: string | null }>(`select to_regclass('moderation_bans')::text as t`);
  if (hasBans?.t) {
    for (const b of await tx.query<{ member_id: number }>('select member_id from moderation_bans where workspace_id = $1 and member_id = any($2::int8[]) and lifted_at is null', [workspaceId, memberIds])) banned.add(Number(b.member_id));
  }
  return rows.map((r) => ({
    memberId: Number(r.member_id),
    daysSinceActive: r.last_at ? Math.floor((opened.getTime() - new Date(r.last_at).getTime()) / 86_400_000) : null,
    banned: banned.has(Number(r.member_id)) || r.left_banned,
    otherMessages: Number(r.other),
  }));
}

/**
 * Closes an activity (idempotent: a closed one is returned as it is), computes its result and
 * posts it. A draw reveals its seed with the winners; `qunyun draw verify` re-runs it.
 */
export async function closeActivity(tx: Queryable, workspaceId: number, id: number, now = new Date()): Promise<ActivityRow> {
  const [a] = await tx.query<{ id: number; group_id: number; kind: string; title: string; state: string; config: Record<string, unknown>; seed: string | null; commitment: string | null; created_at: Date }>(
    'select id, group_id, kind, title, state, config, seed, commitment, created_at from activities where workspace_id = $1 and id = $2 for update', [workspaceId, id]);
  if (!a) throw new AppError('not_found', `activity ${id} not found`);
  if (a.state === 'closed') return getActivity(tx, workspaceId, id);
  const groupId = Number(a.group_id);
  const entries = (await tx.query<{ member_id: number; question: number; choice: number | null; at: Date }>(
    'select member_id, question, choice, at from activity_entries where workspace_id = $1 and activity_id = $2 order by at, member_id', [workspaceId, id]))
    .map((e) => ({ memberId: Number(e.member_id), question: Number(e.question), choice: e.choice === null ? null : Number(e.choice), at: new Date(e.at) }));
  const names = new Map<number, string>();
  for (const r of await tx.query<{ id: number; display_name: string }>('select id, display_name from members where workspace_id = $1 and id = any($2::int8[])', [workspaceId, [...new Set(entries.map((e) => e.memberId))]])) names.set(Number(r.id), r.display_name);
  const nameOf = (m: number) => names.get(m) || `#${m}`;
  let result: Record<string, unknown>;
  let text: string;
  if (a.kind === 'poll') {
    const options = (a.config as PollConfig).options;
    const t = tallyVotes(entries.map((e) => ({ memberId: e.memberId, option: e.choice ?? -1, at: e.at })), options.length);
    result = { counts: t.counts, voters: t.voters };
    text = `📊 投票结果：${a.title}（${t.voters} 人参与）\n${options.map((o, i) => `${i + 1}. ${o}：${t.counts[i]} 票`).join('\n')}`;
  } else if (a.kind === 'quiz') {
    const cfg = a.config as QuizConfig;
    const scores = scoreQuiz(cfg.questions, entries.map((e) => ({ memberId: e.memberId, question: e.question, option: e.choice ?? -1, at: e.at })), cfg.bonusPlaces);
    result = { scores: scores.map((s) => ({ ...s, name: nameOf(s.memberId) })) };
    text = `❓ 答题结果：${a.title}\n${scores.slice(0, 10).map((s, i) => `${i + 1}. ${nameOf(s.memberId)} ${s.score} 分（答对 ${s.correct} 题）`).join('\n') || '无人作答'}`;
  } else {
    const cfg = a.config as DrawConfig;
    const members = [...new Set(entries.map((e) => e.memberId))];
    const facts = await candidateFacts(tx, workspaceId, groupId, members, new Date(a.created_at), now, cfg);
    const { eligible, excluded } = checkEligibility(facts, cfg.eligibility);
    const keys = canonicalEntries(eligible.map(entryKey));
    const winners = drawWinners(a.seed!, keys, cfg.winners);
    const shares = cfg.totalCents > 0 && winners.length ? redPacketShares(a.seed!, winners.length, cfg.totalCents) : [];
    const winnerIds = winners.map((w) => Number(w.slice('member:'.length)));
    result = {
      entries: keys, winners, winnersWanted: cfg.winners, totalCents: cfg.totalCents, shares,
      winnerNames: winnerIds.map(nameOf), excluded: excluded.map((x) => ({ ...x, name: nameOf(x.memberId) })), entrants: members.length,
    };
    const best = shares.length ? shares.indexOf(Math.max(...shares)) : -1;
    text = `🎁 开奖：${a.title}\n参与 ${members.length} 人，有效 ${keys.length} 人${excluded.length ? `（不符合条件 ${excluded.length} 人）` : ''}\n`
      + (winnerIds.length ? winnerIds.map((m, i) => `🏆 ${nameOf(m)}${shares.length ? ` ${(shares[i]! / 100).toFixed(2)} 元${i === best ? '（手气最佳）' : ''}` : ''}`).join('\n') : '无人中奖')
      + `\n种子：${a.seed}\nSHA-256(种子) = ${a.commitment}（开奖前已公布）\n验证：qunyun draw verify --draw ${id}`;
    await emitActivityEvent(tx, workspaceId, { name: 'draw_closed', groupId, memberId: null, value: winnerIds.length, dedupe: `draw:${id}`, at: now });
  }
  await tx.query(`update activities set state = 'closed', closed_at = $3, result = $4 where workspace_id = $1 and id = $2`, [workspaceId, id, now, JSON.stringify(result)]);
  await enqueueActions(tx, workspaceId, [post(`activities:${id}:result`, groupId, text, `activities:activity:${id}`)]);
  return getActivity(tx, workspaceId, id);
}

/** Closes every open activity whose closing time has passed (the worker calls it each minute). */
export async function closeDueActivities(db: { transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> } & Queryable, workspaceId: number, now = new Date()): Promise<number> {
  const due = await db.query<{ id: number }>(`select id from activities where workspace_id = $1 and state = 'open' and closes_at <= $2 order by id`, [workspaceId, now]);
  for (const d of due) await db.transaction((tx) => closeActivity(tx, workspaceId, Number(d.id), now));
  return due.length;
}

/** A closed draw as a verifiable record (what `qunyun draw verify` checks, and what it exports). */
export async function drawRecord(db: Queryable, workspaceId: number, id: number): Promise<DrawRecord> {
  const a = await getActivity(db, workspaceId, id);
  if (a.kind !== 'draw') throw new AppError('bad_request', `activity ${id} is a ${a.kind}, not a draw`);
  if (a.state !== 'closed' || !a.seed || !a.result) throw new AppError('conflict', `draw ${id} is still open: its seed is revealed when it closes`);
  const r = a.result as { entries: string[]; winners: string[]; winnersWanted: number; totalCents: number; shares: number[] };
  return { drawId: id, commitment: a.commitment!, seed: a.seed, entries: r.entries, winnersWanted: r.winnersWanted, winners: r.winners, ...(r.totalCents ? { totalCents: r.totalCents, shares: r.shares } : {}) };
}

/** The check-in leaderboard of a group (or of the given groups together) on a day. */
export async function checkinLeaderboard(db: Queryable, workspaceId: number, opts: { groupIds: number[] | null; today?: string; limit?: number }): Promise<{ today: string; rows: LeaderboardRow[] }> {
  const today = opts.today ?? dayInZone(new Date(), await zoneOf(db, workspaceId));
  const since = addDays(today, -400);
  const rows = await db.query<{ member_id: number; name: string; day: string; kind: 'checkin' | 'makeup' }>(
    `select c.member_id, m.display_name as name, c.day::text as day, c.kind from checkins c
     join members m on m.workspace_id = c.workspace_id and m.id = c.member_id
     where c.workspace_id = $1 and c.day >= $2 and c.day <= $3 ${opts.groupIds ? 'and c.group_id = any($4::int8[])' : ''}`,
    [workspaceId, since, today, ...(opts.groupIds ? [opts.groupIds] : [])]);
  const per = new Map<number, { name: string; days: CheckinDay[] }>();
  for (const r of rows) {
    const m = Number(r.member_id);
    const e = per.get(m) ?? { name: r.name, days: [] };
    e.days.push({ day: r.day, kind: r.kind });
    per.set(m, e);
  }
  return { today, rows: leaderboard(per, today).slice(0, opts.limit ?? 50) };
}

/** The streak of one member in one group today (for the daily card). */
export async function memberStreak(db: Queryable, workspaceId: number, groupId: number, memberId: number, today: string): Promise<number> {
  const h = await history(db, workspaceId, groupId, memberId, addDays(today, -400));
  return currentStreak(h.map((x) => x.day), today);
}
