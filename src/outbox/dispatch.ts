/**
 * The dispatcher: takes due outbox actions and carries them out through their platform account,
 * within the platform's send limits, once.
 *
 * - Claim: due actions are taken `for update skip locked`, and each account's sends are counted
 *   under a per-account advisory lock, so several processes never take the same action nor
 *   together exceed a limit. A taken action is marked `sending` with a lease and its send time
 *   (the slot it uses) before the transaction commits; only then is the platform called.
 * - Limits: per group per minute and per account per second (limits.ts), counted over the
 *   actions' send times in the database. Each action is given the earliest slot the limits allow
 *   (SendSchedule); one within `aheadMs` is reserved (its `sent_at`) and sent when the slot comes,
 *   a later one waits queued until its slot. Slots are exact, so a round's latency never delays
 *   the ones after it.
 * - Outcome: sent (with the platform's message id), awaiting_confirmation, unsupported (with the
 *   platform's reason and what to do by hand), or queued again with backoff after a refusal that
 *   may pass (rate limit, platform down, account not connected); failed after MAX_ATTEMPTS.
 * - Crash: an action left `sending` past its lease is taken again; its key is passed to the
 *   connector as clientKey, so a platform (or connector) that honours keys posts once.
 */
import { ActionNotSupported, PlatformError } from '../connectors/connector.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { groupTarget, memberInGroup, type ActionDeps, type GroupTarget } from '../actions/targets.ts';
import { executorOf, SENDING_KINDS, userIdOnAccount, type ExecutionContext } from './executors.ts';
import { limitsOf, plannedWindowMs, type SendLimits } from './limits.ts';
import { normalise, outboxColumns, type OutboxRecord } from './outbox.ts';
import { guardClaimed } from '../pushes/guard-store.ts';

export const MAX_ATTEMPTS = 5;
const LEASE_MS = 60_000;
const OUTBOX_LOCK = 0x5159_0010;

export interface DispatchDeps extends ActionDeps {
  db: Database;
}

export interface DispatchOptions {
  /** Actions taken per round at most. */
  limit?: number;
  /**
   * How far ahead a round reserves send slots (ms, default 1500): an action whose earliest slot
   * is within it is claimed for that slot and sent when it comes, so a backlog goes out at the
   * limits' pace whatever a round's own latency; later ones wait, queued, for their slot.
   */
  aheadMs?: number;
  /**
   * The earliest slot a round gives is this far after it starts (ms, default 200): the time its
   * claim takes to commit, so that the first sends are not already late. A round that took longer
   * moves all its slots later by the excess (their spacing kept; the send times recorded).
   */
  leadMs?: number;
  /**
   * How long one call keeps claiming (ms, default 5000): while a backlog lasts, the next claim is
   * made while the previous one's sends still wait for their slots, so they follow without a gap.
   * 0: one claim.
   */
  budgetMs?: number;
  /** The clock (tests). */
  now?: () => Date;
}

export interface DispatchResult {
  sent: number;
  awaitingConfirmation: number;
  failed: number;
  unsupported: number;
  /** Refused for now and queued again (rate limit, platform or account unavailable). */
  retried: number;
  /** Due but held back by a send limit. */
  deferred: number;
  /** Not sent by a guard rule (cap, quiet hours, holiday), recorded with the reason (src/pushes/guard-store.ts). */
  skipped: number;
  /** The earliest time a queued action of the workspace becomes due, if any. */
  nextDueAt: Date | null;
}

const empty = (): DispatchResult => ({ sent: 0, awaitingConfirmation: 0, failed: 0, unsupported: 0, retried: 0, deferred: 0, skipped: 0, nextDueAt: null });

/** Runs one round over every workspace with due actions. */
export async function dispatchAllDue(deps: DispatchDeps, options: DispatchOptions = {}): Promise<DispatchResult> {
  const now = (options.now ?? (() => new Date()))();
  const workspaces = await deps.db.query<{ id: string | number }>(
    `select distinct workspace_id as id from outbox_actions
     where (state = 'queued' and not_before <= $1) or (state = 'sending' and lease_until < $1)`, [now]);
  const total = empty();
  for (const w of workspaces) add(total, await dispatchDue(deps, Number(w.id), options));
  const [next] = await deps.db.query<{ at: Date | null }>(`select min(not_before) as at from outbox_actions where state = 'queued'`);
  total.nextDueAt = next?.at ? new Date(next.at) : null;
  return total;
}

function add(into: DispatchResult, r: DispatchResult): void {
  into.sent += r.sent; into.awaitingConfirmation += r.awaitingConfirmation; into.failed += r.failed;
  into.unsupported += r.unsupported; into.retried += r.retried; into.deferred += r.deferred; into.skipped += r.skipped;
}

/**
 * Runs one round over the workspace's due actions: claims what the limits allow, carries it out
 * (each action at its slot), records outcomes; claims again while a backlog lasts (budgetMs).
 */
export async function dispatchDue(deps: DispatchDeps, workspaceId: number, options: DispatchOptions = {}): Promise<DispatchResult> {
  const clock = options.now ?? (() => new Date());
  const aheadMs = options.aheadMs ?? 1500;
  const result = empty();
  const until = clock().getTime() + (options.budgetMs ?? 5000);
  // One group's actions in order (a welcome before the rules that follow it); groups side by side.
  const lanes = new Map<string, Promise<void>>();
  for (;;) {
    const claimed = await claim(deps.db, workspaceId, options.limit ?? 500, aheadMs, options.leadMs ?? 200, clock(), result);
    if (claimed.length === 0) break;
    // Slots already passed while the claim committed: this claim's sends all move by as much.
    const slots = claimed.map((a) => a.sentAt!.getTime());
    const shift = Math.max(0, clock().getTime() - Math.min(...slots));
    for (const action of claimed) {
      const lane = action.groupId !== null ? `g${action.groupId}` : `a${action.accountId}:${action.memberId ?? ''}`;
      const at = new Date(action.sentAt!.getTime() + shift);
      lanes.set(lane, (lanes.get(lane) ?? Promise.resolve()).then(() => execute(deps, workspaceId, action, at, shift > 0, clock, result, !options.now)));
    }
    // While those wait for their slots, the next claim is made in time to continue right after
    // them (half the reach ahead before the last), until the round's budget is spent.
    if (clock().getTime() >= until) break;
    const nextClaim = Math.max(...slots) + shift - aheadMs / 2;
    const wait = nextClaim - clock().getTime();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  await Promise.all(lanes.values());
  const [next] = await deps.db.query<{ at: Date | null }>(
    `select min(not_before) as at from outbox_actions where workspace_id = $1 and state = 'queued'`, [workspaceId]);
  result.nextDueAt = next?.at ? new Date(next.at) : null;
  return result;
}

async function claim(db: Database, workspaceId: number, limit: number, aheadMs: number, leadMs: number, now: Date, result: DispatchResult): Promise<OutboxRecord[]> {
  return db.transaction(async (tx) => {
    const due = (await tx.query<OutboxRecord>(
      `select ${outboxColumns} from outbox_actions
       where workspace_id = $1 and ((state = 'queued' and not_before <= $4) or (state = 'sending' and lease_until < $2))
       order by not_before, id limit $3 for update skip locked`, [workspaceId, now, limit, new Date(now.getTime() + aheadMs)])).map(normalise);
    if (due.length === 0) return [];
    // ── guard rails (src/pushes/guard-store.ts): caps, quiet hours, holidays for actions with payload.category ──
    const guard = await guardClaimed(tx, workspaceId, due, now);
    due.splice(0, due.length, ...guard.go);
    result.deferred += guard.deferred;
    result.skipped += guard.skipped;
    // ── end guard rails ──
    const accounts = [...new Set(due.map((a) => a.accountId))].sort((a, b) => a - b);
    const platforms = new Map((await tx.query<{ id: string | number; platform: string }>(
      'select id, platform from platform_accounts where workspace_id = $1 and id = any($2::bigint[])', [workspaceId, accounts]))
      .map((r) => [Number(r.id), r.platform]));
    const go: OutboxRecord[] = [];
    const slots = new Map<number, Date>(); // action id → its reserved send time
    const wait = new Map<number, Date>(); // action id → when it can earliest go
    for (const accountId of accounts) {
      // Serialises counting and reserving slots of one account across processes.
      await tx.query('select pg_advisory_xact_lock($1::int, $2::int)', [OUTBOX_LOCK, accountId % 2_147_483_647]);
      const limits = limitsOf(platforms.get(accountId) ?? '');
      limitsByAccount.set(accountId, limits);
      // The account's sends of the last minute and the slots already reserved ahead (by any process).
      const recent = await tx.query<{ groupId: string | number | null; sentAt: Date }>(
        `select group_id as "groupId", sent_at as "sentAt" from outbox_actions
         where workspace_id = $1 and account_id = $2 and sent_at > $3 and kind = any($4::text[])
         order by sent_at`,
        [workspaceId, accountId, new Date(now.getTime() - plannedWindowMs(60_000)), [...SENDING_KINDS]]);
      const window = new SendSchedule(limits, recent.map((r) => ({ group: r.groupId === null ? null : Number(r.groupId), at: new Date(r.sentAt).getTime() })));
      for (const a of due) {
        if (a.accountId !== accountId) continue;
        if (!SENDING_KINDS.has(a.kind)) {
          // Not counted by the limits; taken ahead only for its own time.
          if (a.notBefore.getTime() <= now.getTime() + aheadMs) { go.push(a); slots.set(a.id, new Date(Math.max(now.getTime(), a.notBefore.getTime()))); }
          continue;
        }
        // The earliest slot the limits allow; reserved (also for actions that wait, so that the
        // ones behind them are spread over the slots that follow instead of all coming back at once).
        const at = window.reserve(a.groupId, Math.max(now.getTime() + leadMs, a.notBefore.getTime()));
        if (at <= now.getTime() + aheadMs) { go.push(a); slots.set(a.id, new Date(at)); }
        else wait.set(a.id, new Date(at));
      }
    }
    if (go.length > 0) {
      await tx.query(
        `update outbox_actions o set state = 'sending', lease_until = g.at + $3::interval, sent_at = g.at, attempts = attempts + 1
         from unnest($2::bigint[], $4::timestamptz[]) as g(id, at)
         where o.workspace_id = $1 and o.id = g.id`,
        [workspaceId, go.map((a) => a.id), `${LEASE_MS} milliseconds`, go.map((a) => slots.get(a.id)!.toISOString())]);
      for (const a of go) a.sentAt = slots.get(a.id)!;
    }
    if (wait.size > 0) {
      const ids = [...wait.keys()];
      await tx.query(
        `update outbox_actions o set state = 'queued', lease_until = null, not_before = w.at
         from unnest($2::bigint[], $3::timestamptz[]) as w(id, at)
         where o.workspace_id = $1 and o.id = w.id`,
        [workspaceId, ids, ids.map((i) => wait.get(i)!.toISOString())]);
      result.deferred += wait.size;
    }
    return go;
  });
}

/**
 * An account's send times (past sends and reserved slots), per account and per group, kept
 * sorted. `reserve` finds the earliest time from `from` on at which one more send keeps every
 * sliding window within its limit (per account per second, per group per minute, each widened as
 * plannedWindowMs says), at least 1/limit of the account's second after and before its other
 * sends (a second's sends spread evenly rather than all at one instant, which would bunch them
 * at the platform), and reserves it. Reserving at the exact earliest slot, rather than at the
 * moment a round happens to run, is what keeps a long backlog going out at the limits' pace.
 */
export class SendSchedule {
  private readonly groups = new Map<number, number[]>();
  private readonly account: number[] = [];
  private readonly limits: SendLimits;
  constructor(limits: SendLimits, sent: Array<{ group: number | null; at: number }>) {
    this.limits = limits;
    for (const r of sent) {
      insertSorted(this.account, r.at);
      if (r.group !== null) insertSorted(this.groupTimes(r.group), r.at);
    }
  }

  private groupTimes(group: number): number[] {
    let list = this.groups.get(group);
    if (!list) { list = []; this.groups.set(group, list); }
    return list;
  }

  reserve(group: number | null, from: number): number {
    const accountWindow = plannedWindowMs(1000);
    const groupWindow = plannedWindowMs(60_000);
    const gap = accountWindow / this.limits.perAccountPerSecond;
    const groupList = group === null ? null : this.groupTimes(group);
    // A group's sends in the order they were reserved.
    let t = groupList && groupList.length > 0 ? Math.max(from, groupList[groupList.length - 1]!) : from;
    // Each step moves t to the end of a window that is full around it; a few steps at most.
    for (;;) {
      const a = conflict(this.account, t, this.limits.perAccountPerSecond, accountWindow);
      const s = tooClose(this.account, t, gap);
      const g = groupList ? conflict(groupList, t, this.limits.perGroupPerMinute, groupWindow) : null;
      const next = Math.max(a ?? t, s ?? t, g ?? t);
      if (next === t) break;
      t = next;
    }
    insertSorted(this.account, t);
    if (groupList) insertSorted(groupList, t);
    return t;
  }
}

/**
 * Whether one more send at `t` would put `limit + 1` sends within one `windowMs` window of the
 * sorted `times`; if so, a later time to try: the end of that window when `t` would be its last
 * send, else the window's last send (any time before it leaves the window just as full).
 */
function conflict(times: number[], t: number, limit: number, windowMs: number): number | null {
  const p = lowerBound(times, t + 1); // t goes at index p, after equal times
  // Windows of limit + 1 consecutive sends (t inserted) that contain t: from index i to i + limit.
  for (let i = Math.max(0, p - limit); i <= p && i + limit <= times.length; i++) {
    const first = i === p ? t : times[i]!;
    const last = i + limit === p ? t : times[i + limit - 1]!;
    if (last - first < windowMs) return i + limit === p ? first + windowMs : last;
  }
  return null;
}

/** Whether a send at `t` would be less than `gap` after or before a neighbour; if so, a later time to try. */
function tooClose(times: number[], t: number, gap: number): number | null {
  const p = lowerBound(times, t + 1);
  if (p > 0 && t - times[p - 1]! < gap) return times[p - 1]! + gap;
  if (p < times.length && times[p]! - t < gap) return times[p]! + gap;
  return null;
}

function lowerBound(list: number[], value: number): number {
  let lo = 0, hi = list.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (list[mid]! < value) lo = mid + 1; else hi = mid; }
  return lo;
}

function insertSorted(list: number[], value: number): void {
  list.splice(lowerBound(list, value + 1), 0, value);
}

/** The limits of the accounts this process has claimed for (set by claim). */
const limitsByAccount = new Map<number, SendLimits>();
/** This process's actual send times of the last minute, per account and per group. */
const sentHere = new Map<string, number[]>();

/**
 * The last check before a send, on this process's actual send times: a send whose slot came on
 * time after an earlier one that went out late (a busy event loop) could put one send too many in
 * a window at the platform; it waits the few milliseconds needed instead. Real clock only.
 */
async function keepToLimitsHere(action: OutboxRecord): Promise<void> {
  const limits = limitsByAccount.get(action.accountId) ?? limitsOf('');
  const keys: Array<[string, number, number]> = [[`a${action.accountId}`, limits.perAccountPerSecond, 1000]];
  if (action.groupId !== null) keys.push([`g${action.accountId}:${action.groupId}`, limits.perGroupPerMinute, 60_000]);
  for (let tries = 0; tries < 3; tries++) {
    const now = Date.now();
    let wait = 0;
    for (const [key, limit, windowMs] of keys) {
      const list = sentHere.get(key) ?? [];
      while (list.length > 0 && list[0]! <= now - windowMs) list.shift();
      if (list.length >= limit) wait = Math.max(wait, list[list.length - limit]! + windowMs + 2 - now);
    }
    if (wait <= 0) break;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
  const now = Date.now();
  for (const [key] of keys) {
    const list = sentHere.get(key) ?? [];
    list.push(now);
    sentHere.set(key, list);
  }
  if (sentHere.size > 10_000) for (const [key, list] of sentHere) if ((list.at(-1) ?? 0) < now - 60_000) sentHere.delete(key);
}

/**
 * Carries one action out at `at` (its slot, or later when the round's slots moved: then `moved`
 * and that time is recorded, as the limits count it). What it needs from the database is read
 * before waiting for the slot, so the platform call itself is on time.
 */
async function execute(deps: DispatchDeps, workspaceId: number, action: OutboxRecord, at: Date, moved: boolean, clock: () => Date, result: DispatchResult,
  pacedHere = false): Promise<void> {
  const sentAt = moved ? at : null;
  let target: GroupTarget | undefined;
  const ctx: ExecutionContext = {
    deps, workspaceId, action,
    async group() {
      if (action.groupId === null) throw new AppError('bad_request', `outbox action ${action.key} names no group`);
      target ??= await groupTarget(deps, workspaceId, action.groupId);
      return target;
    },
    connector() {
      const c = deps.connector(action.accountId);
      if (!c) throw new AppError('conflict', `the platform account ${action.accountId} is not connected; nothing was done`);
      return c;
    },
    async userId() {
      if (action.memberId === null) throw new AppError('bad_request', `outbox action ${action.key} names no member`);
      return action.groupId !== null
        ? memberInGroup(deps.db, await ctx.group(), action.memberId)
        : userIdOnAccount(deps.db, workspaceId, action.accountId, action.memberId);
    },
  };
  const finish = (state: string, fields: { messageId?: string | null; error?: string | null; instead?: string | null; notBefore?: Date } = {}) =>
    deps.db.query(
      `update outbox_actions set state = $3, platform_message_id = coalesce($4, platform_message_id), error = $5, instead = $6,
         lease_until = null, not_before = coalesce($7, not_before),
         finished_at = case when $3 in ('queued') then null else now() end,
         sent_at = case when $3 = 'queued' then null else coalesce($8, sent_at) end
       where workspace_id = $1 and id = $2 and state = 'sending'`,
      [workspaceId, action.id, state, fields.messageId ?? null, fields.error ?? null, fields.instead ?? null, fields.notBefore ?? null, sentAt]);
  try {
    const executor = executorOf(action.kind);
    if (!executor) throw new AppError('bad_request', `no executor for outbox actions of kind ${action.kind}`);
    if (action.groupId !== null) await ctx.group();
    const early = at.getTime() - clock().getTime();
    if (early > 0) await new Promise((resolve) => setTimeout(resolve, early));
    if (pacedHere && SENDING_KINDS.has(action.kind)) await keepToLimitsHere(action);
    const done = await executor(ctx);
    if (done.awaitingConfirmation) { await finish('awaiting_confirmation', { messageId: done.messageId ?? null }); result.awaitingConfirmation++; }
    else { await finish('sent', { messageId: done.messageId ?? null }); result.sent++; }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof ActionNotSupported) {
      await finish('unsupported', { error: message, instead: err.instead ?? null });
      result.unsupported++;
      return;
    }
    const retryable = err instanceof PlatformError
      ? err.status === 429 || err.status >= 500
      : err instanceof AppError ? err.code === 'conflict' && /not connected|failed:|is disabled/.test(message) : true;
    if (retryable && action.attempts < MAX_ATTEMPTS) {
      const wait = err instanceof PlatformError && err.retryAfterMs !== undefined
        ? err.retryAfterMs
        : Math.min(300_000, 1000 * 2 ** action.attempts);
      await finish('queued', { error: message, notBefore: new Date(clock().getTime() + wait) });
      result.retried++;
    } else {
      await finish('failed', { error: message });
      result.failed++;
    }
  }
}
