/**
 * The dispatcher: takes due outbox actions and carries them out through their platform account,
 * within the platform's send limits, once.
 *
 * - Claim: due actions are taken `for update skip locked`, and each account's sends are counted
 *   under a per-account advisory lock, so several processes never take the same action nor
 *   together exceed a limit. A taken action is marked `sending` with a lease and its send time
 *   (the slot it uses) before the transaction commits; only then is the platform called.
 * - Limits: per group per minute and per account per second (limits.ts), counted over the
 *   actions' send times in the database. An action over a limit waits for the moment a slot frees.
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
import { limitsOf, type SendLimits } from './limits.ts';
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

/** Runs one round over the workspace's due actions: claims what the limits allow, carries it out, records outcomes. */
export async function dispatchDue(deps: DispatchDeps, workspaceId: number, options: DispatchOptions = {}): Promise<DispatchResult> {
  const clock = options.now ?? (() => new Date());
  const result = empty();
  const claimed = await claim(deps.db, workspaceId, options.limit ?? 500, clock(), result);
  // One group's actions in order (a welcome before the rules that follow it); groups side by side.
  const lanes = new Map<string, OutboxRecord[]>();
  for (const a of claimed) {
    const lane = a.groupId !== null ? `g${a.groupId}` : `a${a.accountId}:${a.memberId ?? ''}`;
    const list = lanes.get(lane) ?? [];
    list.push(a);
    lanes.set(lane, list);
  }
  await Promise.all([...lanes.values()].map(async (list) => {
    for (const action of list) await execute(deps, workspaceId, action, clock, result);
  }));
  const [next] = await deps.db.query<{ at: Date | null }>(
    `select min(not_before) as at from outbox_actions where workspace_id = $1 and state = 'queued'`, [workspaceId]);
  result.nextDueAt = next?.at ? new Date(next.at) : null;
  return result;
}

async function claim(db: Database, workspaceId: number, limit: number, now: Date, result: DispatchResult): Promise<OutboxRecord[]> {
  return db.transaction(async (tx) => {
    const due = (await tx.query<OutboxRecord>(
      `select ${outboxColumns} from outbox_actions
       where workspace_id = $1 and ((state = 'queued' and not_before <= $2) or (state = 'sending' and lease_until < $2))
       order by not_before, id limit $3 for update skip locked`, [workspaceId, now, limit])).map(normalise);
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
    const wait = new Map<number, Date>(); // action id → when a slot frees
    for (const accountId of accounts) {
      // Serialises counting and reserving slots of one account across processes.
      await tx.query('select pg_advisory_xact_lock($1::int, $2::int)', [OUTBOX_LOCK, accountId % 2_147_483_647]);
      const limits = limitsOf(platforms.get(accountId) ?? '');
      const recent = await tx.query<{ groupId: string | number | null; sentAt: Date }>(
        `select group_id as "groupId", sent_at as "sentAt" from outbox_actions
         where workspace_id = $1 and account_id = $2 and sent_at > $3 and kind = any($4::text[])
         order by sent_at`,
        [workspaceId, accountId, new Date(now.getTime() - 60_000), [...SENDING_KINDS]]);
      const window = new SendWindow(limits, now, recent.map((r) => ({ group: r.groupId === null ? null : Number(r.groupId), at: new Date(r.sentAt).getTime() })));
      for (const a of due) {
        if (a.accountId !== accountId) continue;
        if (!SENDING_KINDS.has(a.kind)) { go.push(a); continue; }
        const freeAt = window.take(a.groupId);
        if (freeAt === null) go.push(a);
        else wait.set(a.id, new Date(freeAt));
      }
    }
    if (go.length > 0) {
      await tx.query(
        `update outbox_actions set state = 'sending', lease_until = $3, sent_at = $4, attempts = attempts + 1
         where workspace_id = $1 and id = any($2::bigint[])`,
        [workspaceId, go.map((a) => a.id), new Date(now.getTime() + LEASE_MS), now]);
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
 * The send times of an account in the last minute; `take` reserves a slot for a send now, or
 * says when the earliest slot frees (per group per minute, per account per second).
 */
class SendWindow {
  private readonly groups = new Map<number | null, number[]>();
  private readonly account: number[] = [];
  private readonly limits: SendLimits;
  private readonly now: number;
  constructor(limits: SendLimits, now: Date, recent: Array<{ group: number | null; at: number }>) {
    this.limits = limits;
    this.now = now.getTime();
    for (const r of recent) {
      this.account.push(r.at);
      const list = this.groups.get(r.group) ?? [];
      list.push(r.at);
      this.groups.set(r.group, list);
    }
  }

  take(group: number | null): number | null {
    const inLastSecond = this.account.filter((t) => t > this.now - 1000);
    let freeAt = 0;
    if (inLastSecond.length >= this.limits.perAccountPerSecond) {
      freeAt = inLastSecond[inLastSecond.length - this.limits.perAccountPerSecond]! + 1000;
    }
    if (group !== null) {
      const list = this.groups.get(group) ?? [];
      const inLastMinute = list.filter((t) => t > this.now - 60_000);
      if (inLastMinute.length >= this.limits.perGroupPerMinute) {
        freeAt = Math.max(freeAt, inLastMinute[inLastMinute.length - this.limits.perGroupPerMinute]! + 60_000);
      }
    }
    if (freeAt > 0) return freeAt;
    this.account.push(this.now);
    const list = this.groups.get(group) ?? [];
    list.push(this.now);
    this.groups.set(group, list);
    return null;
  }
}

async function execute(deps: DispatchDeps, workspaceId: number, action: OutboxRecord, clock: () => Date, result: DispatchResult): Promise<void> {
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
         sent_at = case when $3 = 'queued' then null else sent_at end
       where workspace_id = $1 and id = $2 and state = 'sending'`,
      [workspaceId, action.id, state, fields.messageId ?? null, fields.error ?? null, fields.instead ?? null, fields.notBefore ?? null]);
  try {
    const executor = executorOf(action.kind);
    if (!executor) throw new AppError('bad_request', `no executor for outbox actions of kind ${action.kind}`);
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
