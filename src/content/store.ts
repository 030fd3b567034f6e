/**
 * The content calendar, live sessions and best times in storage. The tick (`runContentTick`,
 * every minute from pg-boss: jobs.ts) makes the calendar run by itself: a planned post whose slot
 * has come posts its text to every active group of its layer through the outbox (key
 * `calendar:<entry>:g<group>`, payload.category so frequency caps and quiet hours apply), each
 * task is reminded 30 minutes before (a console notification and, when the operator set a chat, a
 * private message there), and live sessions post their due steps. A planned post runs as a push
 * (src/pushes: its reach, response and fatigue on the pushes page). The entry's row lock and the
 * unique outbox keys make a tick running twice, or in two processes, post once.
 */
import { z } from 'zod';
import { str } from './text.ts';
import type { Database, Queryable } from '../db/database.ts';
import { hashToken, newToken } from '../auth/tokens.ts';
import { AppError } from '../errors.ts';
import { enqueueActions, listActions, type OutboxAction } from '../outbox/outbox.ts';
import type { PushCategory } from '../pushes/guard.ts';
import { insertPush } from '../pushes/store.ts';
import { bestTimes, type BestTime } from './best-time.ts';
import { Day, icalFeed, MonthlyPlan, planEntries, Slot, weekMatrix, zonedInstant, type WeekMatrix } from './calendar.ts';
import { checkBudget, DEFAULT_MAX_MESSAGES, DEFAULT_MAX_MINUTES, dueSteps, LiveScript, liveReport, stepAt, type LiveReport, type LiveStep } from './live.ts';

const dbId = z.number().int().positive().max(2_147_483_647);
/** A slot that came while no tick ran still posts within this time; older ones are marked missed. */
export const CATCH_UP_MS = 2 * 3_600_000;
export const REMIND_BEFORE_MS = 30 * 60_000;

async function timezoneOf(db: Queryable, workspaceId: number): Promise<string> {
  const [w] = await db.query<{ timezone: string }>('select timezone from workspaces where id = $1', [workspaceId]);
  if (!w) throw new AppError('not_found', 'no such workspace');
  return w.timezone;
}

// --- calendar entries ---

export const EntryInput = z.object({
  day: Day,
  slot: Slot,
  layer: str().trim().min(1).max(50),
  theme: str().trim().min(1).max(200),
  kind: z.enum(['post', 'task']).default('post'),
  category: str().trim().min(1).max(40).default('professional'),
  text: str().max(4000).default(''),
  assigneeUserId: dbId.nullable().default(null),
}).strict().refine((e) => e.kind === 'task' || e.text.trim().length > 0, 'a post needs its text');
export type EntryInput = z.input<typeof EntryInput>;

export const MoveInput = z.object({ day: Day, slot: Slot, layer: str().trim().min(1).max(50).optional() }).strict();

export interface CalendarEntry {
  id: number; day: string; slot: string; runAt: Date; layer: string; theme: string; kind: string; category: string; text: string;
  assigneeUserId: number | null; status: string; doneAt: Date | null; posted: number;
}

const entryColumns = `id, day::text as day, slot, run_at as "runAt", layer, theme, kind, category, text, assignee_user_id as "assigneeUserId",
  status, done_at as "doneAt", posted`;
const normEntry = (r: CalendarEntry): CalendarEntry => ({ ...r, id: Number(r.id), assigneeUserId: r.assigneeUserId === null ? null : Number(r.assigneeUserId) });

export async function createEntry(db: Queryable, workspaceId: number, input: EntryInput, createdBy: number | null): Promise<CalendarEntry> {
  const e = EntryInput.parse(input);
  const tz = await timezoneOf(db, workspaceId);
  const [row] = await db.query<CalendarEntry>(
    `insert into calendar_entries (workspace_id, day, slot, run_at, layer, theme, kind, category, text, assignee_user_id, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning ${entryColumns}`,
    [workspaceId, e.day, e.slot, zonedInstant(e.day, e.slot, tz).toISOString(), e.layer, e.theme, e.kind, e.category, e.text, e.assigneeUserId, createdBy]);
  return normEntry(row!);
}

/** Drag and drop: a planned entry moves to another day, slot (and layer). */
export async function moveEntry(db: Queryable, workspaceId: number, id: number, input: z.input<typeof MoveInput>): Promise<CalendarEntry> {
  const m = MoveInput.parse(input);
  const tz = await timezoneOf(db, workspaceId);
  const [row] = await db.query<CalendarEntry>(
    `update calendar_entries set day = $3, slot = $4, run_at = $5, layer = coalesce($6, layer), reminded_at = null
     where workspace_id = $1 and id = $2 and status = 'planned' returning ${entryColumns}`,
    [workspaceId, id, m.day, m.slot, zonedInstant(m.day, m.slot, tz).toISOString(), m.layer ?? null]);
  if (!row) throw new AppError('conflict', 'only a planned entry can be moved');
  return normEntry(row);
}

export async function cancelEntry(db: Queryable, workspaceId: number, id: number): Promise<void> {
  const rows = await db.query(`update calendar_entries set status = 'cancelled' where workspace_id = $1 and id = $2 and status = 'planned' returning id`, [workspaceId, id]);
  if (rows.length === 0) throw new AppError('conflict', 'only a planned entry can be cancelled');
}

export async function entriesBetween(db: Queryable, workspaceId: number, from: string, to: string): Promise<CalendarEntry[]> {
  return (await db.query<CalendarEntry>(
    `select ${entryColumns} from calendar_entries where workspace_id = $1 and day >= $2 and day <= $3 and status <> 'cancelled' order by run_at, id`,
    [workspaceId, from, to])).map(normEntry);
}

export async function calendarWeek(db: Queryable, workspaceId: number, week: string): Promise<WeekMatrix<CalendarEntry>> {
  const empty = weekMatrix<CalendarEntry>(week, [], []);
  const entries = await entriesBetween(db, workspaceId, empty.days[0]!, empty.days[6]!);
  const layers = (await db.query<{ layer: string }>(`select distinct layer from groups where workspace_id = $1 and status = 'active' order by layer`, [workspaceId])).map((r) => r.layer);
  return weekMatrix(week, entries, layers);
}

// --- monthly plan ---

export async function savePlan(db: Database, workspaceId: number, month: string, input: z.input<typeof MonthlyPlan>, createdBy: number | null): Promise<{ plan: MonthlyPlan; added: number }> {
  const plan = MonthlyPlan.parse(input);
  const first = `${Day.parse(month.length === 7 ? `${month}-01` : month).slice(0, 7)}-01`;
  const tz = await timezoneOf(db, workspaceId);
  return db.transaction(async (tx) => {
    await tx.query(`insert into content_plans (workspace_id, month, acquisition_target, plan) values ($1, $2, $3, $4)
      on conflict (workspace_id, month) do update set acquisition_target = excluded.acquisition_target, plan = excluded.plan, updated_at = now()`,
    [workspaceId, first, plan.acquisitionTarget, JSON.stringify(plan)]);
    let added = 0;
    for (const e of planEntries(first, plan)) {
      const rows = await tx.query(`insert into calendar_entries (workspace_id, day, slot, run_at, layer, theme, kind, category, text, assignee_user_id, created_by)
        select $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11
        where not exists (select 1 from calendar_entries c where c.workspace_id = $1 and c.day = $2 and c.slot = $3 and c.theme = $6 and c.kind = $7 and c.status <> 'cancelled')
        returning id`,
      [workspaceId, e.day, e.slot, zonedInstant(e.day, e.slot, tz).toISOString(), e.layer, e.theme, e.kind, e.category, e.text, e.assigneeUserId, createdBy]);
      added += rows.length;
    }
    return { plan, added };
  });
}

export async function getPlan(db: Queryable, workspaceId: number, month: string): Promise<MonthlyPlan | null> {
  const [row] = await db.query<{ plan: MonthlyPlan }>('select plan from content_plans where workspace_id = $1 and month = $2', [workspaceId, `${month.slice(0, 7)}-01`]);
  return row ? MonthlyPlan.parse(row.plan) : null;
}

// --- operators: feed and chat ---

export async function setOperatorChat(db: Queryable, workspaceId: number, userId: number, chat: { groupId: number; memberId: number } | null): Promise<void> {
  await db.query(`insert into calendar_operators (workspace_id, user_id, chat_group_id, chat_member_id) values ($1, $2, $3, $4)
    on conflict (workspace_id, user_id) do update set chat_group_id = excluded.chat_group_id, chat_member_id = excluded.chat_member_id`,
  [workspaceId, userId, chat?.groupId ?? null, chat?.memberId ?? null]);
}

/** A new secret feed URL path for the operator (the old one stops working): `<workspace>.<random>`. */
export async function rotateFeedToken(db: Queryable, workspaceId: number, userId: number): Promise<string> {
  const token = `${workspaceId}.${newToken()}`;
  await db.query(`insert into calendar_operators (workspace_id, user_id, feed_token_hash) values ($1, $2, $3)
    on conflict (workspace_id, user_id) do update set feed_token_hash = excluded.feed_token_hash`, [workspaceId, userId, hashToken(token)]);
  return token;
}

/** The iCal feed of the token's operator: their tasks and everyone's posts, 14 days back to 90 ahead; null when the token is unknown. */
export async function feedFor(db: Queryable, token: string, now = new Date()): Promise<string | null> {
  const ws = Number(token.split('.')[0]);
  if (!Number.isSafeInteger(ws) || ws <= 0) return null;
  const [op] = await db.query<{ userId: number; name: string }>(
    `select o.user_id as "userId", w.name from calendar_operators o join workspaces w on w.id = o.workspace_id
     join workspace_staff s on s.workspace_id = o.workspace_id and s.user_id = o.user_id
     where o.workspace_id = $1 and o.feed_token_hash = $2`, [ws, hashToken(token)]);
  if (!op) return null;
  const rows = (await db.query<CalendarEntry & { updated: Date }>(
    `select ${entryColumns}, coalesce(done_at, created_at) as updated from calendar_entries
     where workspace_id = $1 and status <> 'cancelled' and run_at >= $3 and run_at <= $4 and (assignee_user_id is null or assignee_user_id = $2)
     order by run_at, id limit 2000`,
    [ws, op.userId, new Date(now.getTime() - 14 * 86_400_000).toISOString(), new Date(now.getTime() + 90 * 86_400_000).toISOString()])).map((r) => ({ ...normEntry(r), updated: r.updated }));
  return icalFeed(`${op.name} · 内容日历`, rows.map((r) => ({
    uid: `calendar-${ws}-${r.id}@qunyun`, start: new Date(r.runAt), minutes: r.kind === 'task' ? 30 : 15,
    summary: `${r.kind === 'task' ? '任务' : '发布'}：${r.theme} (${r.layer})`, description: r.text, updated: new Date(r.updated),
  })), now);
}

// --- the tick ---

/** The calendar's category in the pushes' words: its 'universal' (破冰) topic is the pushes' 'icebreaker'. */
const pushCategoryOf = (c: string): PushCategory => (c === 'universal' ? 'icebreaker' : c) as PushCategory;

export interface TickResult { posted: number; reminded: number; missed: number; liveSteps: number; liveReports: number }

export async function runContentTick(db: Database, workspaceId: number, now = new Date()): Promise<TickResult> {
  const out: TickResult = { posted: 0, reminded: 0, missed: 0, liveSteps: 0, liveReports: 0 };
  await db.transaction(async (tx) => {
    const missed = await tx.query(`update calendar_entries set status = 'missed' where workspace_id = $1 and status = 'planned' and kind = 'post' and run_at < $2 returning id`,
      [workspaceId, new Date(now.getTime() - CATCH_UP_MS).toISOString()]);
    out.missed = missed.length;
    const due = (await tx.query<CalendarEntry>(
      `select ${entryColumns} from calendar_entries where workspace_id = $1 and status = 'planned' and run_at <= $2 order by run_at, id limit 200 for update skip locked`,
      [workspaceId, now.toISOString()])).map(normEntry);
    for (const e of due) {
      let n = 0;
      if (e.kind === 'post') {
        // The entry runs as a push (src/pushes) to its layer, so the pushes page shows its reach,
        // response and fatigue; its deliveries keep the entry's unique keys `calendar:<entry>:g<group>`.
        const [has] = await tx.query<{ n: number }>(`select count(*)::int as n from groups where workspace_id = $1 and layer = $2 and status = 'active'`, [workspaceId, e.layer]);
        if ((has?.n ?? 0) > 0) {
          await insertPush(tx, workspaceId, {
            title: `${e.theme} · ${e.day} ${e.slot}`, category: pushCategoryOf(e.category), body: e.text, media: [], targets: { layers: [e.layer] },
            channels: ['group_post'], scheduledAt: now, guardOverride: null,
          }, null, `calendar:${e.id}`);
          n = has!.n;
        }
        out.posted += n;
      }
      await tx.query(`update calendar_entries set status = 'done', done_at = $3, posted = $4 where workspace_id = $1 and id = $2`, [workspaceId, e.id, now.toISOString(), n]);
    }
    // Reminders, 30 minutes before (or at once when planned later than that).
    const remind = (await tx.query<CalendarEntry>(
      `select ${entryColumns} from calendar_entries where workspace_id = $1 and status = 'planned' and reminded_at is null and run_at <= $2
       order by run_at, id limit 200 for update skip locked`,
      [workspaceId, new Date(now.getTime() + REMIND_BEFORE_MS).toISOString()])).map(normEntry);
    for (const e of remind) {
      const text = `排期提醒：${e.day} ${e.slot} ${e.kind === 'task' ? '任务' : '发布'}「${e.theme}」(${e.layer})${e.text ? ` — ${e.text.slice(0, 200)}` : ''}`;
      await tx.query(`insert into automation_notifications (workspace_id, key, user_id, group_id, text, origin) values ($1, $2, $3, null, $4, $5)
        on conflict (workspace_id, key) do nothing`, [workspaceId, `calendar:${e.id}:remind:${e.day}T${e.slot}`, e.assigneeUserId, text, `calendar:${e.id}`]);
      const chats = await tx.query<{ groupId: number; memberId: number }>(
        `select chat_group_id as "groupId", chat_member_id as "memberId" from calendar_operators
         where workspace_id = $1 and chat_member_id is not null and chat_group_id is not null and ($2::bigint is null or user_id = $2)`, [workspaceId, e.assigneeUserId]);
      await enqueueActions(tx, workspaceId, chats.map((c) => ({
        key: `calendar:${e.id}:remind:${e.day}T${e.slot}:m${c.memberId}`, kind: 'private_message', groupId: Number(c.groupId), memberId: Number(c.memberId),
        origin: `calendar:${e.id}:remind`, payload: { text }, notBefore: now,
      })));
      await tx.query('update calendar_entries set reminded_at = $3 where workspace_id = $1 and id = $2', [workspaceId, e.id, now.toISOString()]);
      out.reminded++;
    }
  });
  const live = await runDueLiveSessions(db, workspaceId, now);
  out.liveSteps = live.steps;
  out.liveReports = live.reports;
  return out;
}

// --- live sessions ---

export const LiveSessionInput = z.object({
  title: str().trim().min(1).max(200),
  groupIds: z.array(dbId).min(1).max(500),
  startsAt: z.coerce.date(),
  maxMessages: z.number().int().min(1).max(500).default(DEFAULT_MAX_MESSAGES),
  maxMinutes: z.number().int().min(1).max(600).default(DEFAULT_MAX_MINUTES),
  steps: LiveScript,
}).strict();
export type LiveSessionInput = z.input<typeof LiveSessionInput>;

export interface LiveSession {
  id: number; title: string; groupIds: number[]; startsAt: Date; maxMessages: number; maxMinutes: number;
  steps: LiveStep[]; stepsPosted: number; status: string; report: LiveReport | null; createdAt: Date;
}

const liveColumns = `id, title, group_ids as "groupIds", starts_at as "startsAt", max_messages as "maxMessages", max_minutes as "maxMinutes",
  steps, steps_posted as "stepsPosted", status, report, created_at as "createdAt"`;
const normLive = (r: LiveSession): LiveSession => ({ ...r, id: Number(r.id), groupIds: r.groupIds.map(Number), startsAt: new Date(r.startsAt) });

export async function createLiveSession(db: Queryable, workspaceId: number, input: LiveSessionInput, createdBy: number | null): Promise<LiveSession> {
  const s = LiveSessionInput.parse(input);
  checkBudget(s.steps, s.maxMessages, s.maxMinutes);
  const known = await db.query<{ id: number }>('select id from groups where workspace_id = $1 and id = any($2::bigint[])', [workspaceId, s.groupIds]);
  if (known.length !== new Set(s.groupIds).size) throw new AppError('not_found', 'no such group');
  const [row] = await db.query<LiveSession>(
    `insert into live_sessions (workspace_id, title, group_ids, starts_at, max_messages, max_minutes, steps, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning ${liveColumns}`,
    [workspaceId, s.title, [...new Set(s.groupIds)], s.startsAt.toISOString(), s.maxMessages, s.maxMinutes, JSON.stringify(s.steps), createdBy]);
  return normLive(row!);
}

export async function getLiveSession(db: Queryable, workspaceId: number, id: number): Promise<LiveSession | null> {
  const [row] = await db.query<LiveSession>(`select ${liveColumns} from live_sessions where workspace_id = $1 and id = $2`, [workspaceId, id]);
  return row ? normLive(row) : null;
}

export async function listLiveSessions(db: Queryable, workspaceId: number, page: { limit: number; offset: number }): Promise<{ items: LiveSession[]; total: number }> {
  const items = (await db.query<LiveSession>(`select ${liveColumns} from live_sessions where workspace_id = $1 order by starts_at desc, id desc limit $2 offset $3`,
    [workspaceId, page.limit, page.offset])).map(normLive);
  const [t] = await db.query<{ n: number }>('select count(*)::int as n from live_sessions where workspace_id = $1', [workspaceId]);
  return { items, total: t?.n ?? 0 };
}

/** Seconds between two messages of one step (so a step reads as someone typing, and stays under the platform's rate). */
const MESSAGE_SPACING_MS = 20_000;
/** Members' messages this long after the last step still count in the report. */
const REPORT_TAIL_MINUTES = 30;

export async function runDueLiveSessions(db: Database, workspaceId: number, now = new Date()): Promise<{ steps: number; reports: number }> {
  let steps = 0;
  let reports = 0;
  const candidates = await db.query<{ id: number }>(
    `select id from live_sessions where workspace_id = $1 and status in ('planned', 'running') and starts_at <= $2::timestamptz + interval '1 day' order by id`,
    [workspaceId, now.toISOString()]);
  for (const c of candidates) {
    const done = await db.transaction(async (tx) => {
      const [row] = await tx.query<LiveSession>(`select ${liveColumns} from live_sessions where workspace_id = $1 and id = $2 and status in ('planned', 'running') for update skip locked`, [workspaceId, c.id]);
      if (!row) return { steps: 0, report: false };
      const s = normLive(row);
      const due = dueSteps(s.steps, s.startsAt, s.stepsPosted, now);
      const actions: OutboxAction[] = [];
      for (const i of due) {
        const step = s.steps[i]!;
        const at = stepAt(s.startsAt, step).getTime();
        step.messages.forEach((text, j) => {
          for (const g of s.groupIds) {
            actions.push({ key: `live:${s.id}:s${i}:m${j}:g${g}`, kind: 'post', groupId: g, origin: `live:${s.id}`,
              payload: { text, category: 'activity', liveSessionId: s.id, step: i, stepKind: step.kind }, notBefore: new Date(Math.max(at, now.getTime()) + j * MESSAGE_SPACING_MS) });
          }
        });
      }
      if (actions.length) await enqueueActions(tx, workspaceId, actions);
      const posted = s.stepsPosted + due.length;
      const lastAt = Math.max(...s.steps.map((x) => stepAt(s.startsAt, x).getTime()));
      const finished = posted >= s.steps.length && now.getTime() >= lastAt + REPORT_TAIL_MINUTES * 60_000;
      const report = finished ? await computeLiveReport(tx, workspaceId, s) : null;
      await tx.query(`update live_sessions set steps_posted = $3, status = $4, report = coalesce($5, report) where workspace_id = $1 and id = $2`,
        [workspaceId, s.id, posted, finished ? 'done' : posted > 0 ? 'running' : 'planned', report ? JSON.stringify(report) : null]);
      return { steps: due.length, report: finished };
    });
    steps += done.steps;
    if (done.report) reports++;
  }
  return { steps, reports };
}

/** The report from the session's outbox posts and the groups' messages during it. */
export async function computeLiveReport(db: Queryable, workspaceId: number, s: LiveSession): Promise<LiveReport> {
  const { items } = await listActions(db, workspaceId, `live:${s.id}`, { limit: 5000, offset: 0 });
  const posts = items.map((a) => ({ step: Number(a.payload.step), platformMessageId: a.platformMessageId, groupId: a.groupId ?? 0, state: a.state }));
  const inSession = s.steps.filter((x) => x.kind !== 'preview');
  const from = Math.min(...(inSession.length ? inSession : s.steps).map((x) => stepAt(s.startsAt, x).getTime()));
  const to = Math.max(...s.steps.map((x) => stepAt(s.startsAt, x).getTime())) + REPORT_TAIL_MINUTES * 60_000;
  const messages = (await db.query<{ groupId: number; memberId: number | null; at: Date; text: string | null; replyTo: string | null; isBot: boolean }>(
    `select e.group_id as "groupId", e.member_id as "memberId", e.occurred_at as at, e.payload->>'text' as text, e.payload->>'replyTo' as "replyTo",
            coalesce((e.payload->>'isBot')::boolean, false) or exists (select 1 from member_identities i where i.workspace_id = e.workspace_id and i.member_id = e.member_id and i.is_bot) as "isBot"
     from events e where e.workspace_id = $1 and e.group_id = any($2::bigint[]) and e.type = 'message' and e.occurred_at >= $3 and e.occurred_at <= $4
     order by e.occurred_at limit 20000`,
    [workspaceId, s.groupIds, new Date(from).toISOString(), new Date(to).toISOString()])).map((m) => ({
    groupId: Number(m.groupId), memberId: m.memberId === null ? null : Number(m.memberId), at: new Date(m.at), text: m.text ?? '', replyTo: m.replyTo, isBot: m.isBot,
  }));
  // Qunyun's own posts come back as messages of the bot (isBot): liveReport leaves them out.
  return liveReport(s.steps, s.startsAt, posts, messages, { maxMessages: s.maxMessages, maxMinutes: s.maxMinutes }, REPORT_TAIL_MINUTES);
}

// --- best time ---

export async function groupBestTime(db: Queryable, workspaceId: number, groupId: number, options: { days?: number; now?: Date } = {}): Promise<BestTime> {
  const tz = await timezoneOf(db, workspaceId);
  const now = options.now ?? new Date();
  const from = new Date(now.getTime() - (options.days ?? 28) * 86_400_000).toISOString();
  const rows = await db.query<{ at: Date; replies: number }>(
    `with msgs as (
       select e.message_id, e.occurred_at from events e
       where e.workspace_id = $1 and e.group_id = $2 and e.type = 'message' and e.occurred_at >= $3 and e.occurred_at <= $4
     ), replies as (
       select e.payload->>'replyTo' as message_id, count(*)::int as n from events e
       where e.workspace_id = $1 and e.group_id = $2 and e.type = 'message' and e.occurred_at >= $3 and e.payload ? 'replyTo'
       group by 1
     )
     select m.occurred_at as at, coalesce(r.n, 0) + coalesce(c.reactions, 0) as replies
     from msgs m left join replies r on r.message_id = m.message_id
     left join message_changes c on c.workspace_id = $1 and c.group_id = $2 and c.message_id = m.message_id`,
    [workspaceId, groupId, from, now.toISOString()]);
  return bestTimes(rows.map((r) => ({ at: new Date(r.at), replies: Number(r.replies) })), { timezone: tz });
}
