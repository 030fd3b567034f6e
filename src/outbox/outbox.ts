/**
 * The outbox: every automated action on a platform (a welcome, a moderation mute, a draw's
 * result, a scheduled push) is enqueued as a row, in the transaction of the decision that caused
 * it, and carried out afterwards by the dispatcher (dispatch.ts). Why: a decision and its action
 * commit together or not at all, a re-delivered event enqueues nothing new (the key is unique), and
 * the dispatcher can honour the platform's rate limits across all features and processes.
 */
import type { Queryable } from '../db/database.ts';
import { storableJson, storableText } from '../db/storable.ts';
import { AppError } from '../errors.ts';

/** What the dispatcher knows how to do (executors.ts); features may register more kinds. */
export type OutboxKind = 'post' | 'private_message' | 'mute' | 'kick' | (string & {});

export interface OutboxAction {
  /** Idempotency key, unique in the workspace: enqueueing the same key again does nothing. */
  key: string;
  kind: OutboxKind;
  /** The group acted in; its platform account carries the action. */
  groupId?: number;
  memberId?: number;
  /** The platform account, when there is no group (a private message); else the group's. */
  accountId?: number;
  /** What the executor needs: { text, replyTo } for a post, { until } for a mute, … */
  payload?: Record<string, unknown>;
  /** Who asked: 'automation:rule:12:v3', 'moderation:decision:55', … */
  origin: string;
  /** Not before this time (a verification timeout, a batched welcome). */
  notBefore?: Date;
}

export type OutboxState = 'queued' | 'sending' | 'sent' | 'awaiting_confirmation' | 'failed' | 'unsupported' | 'skipped';

export interface OutboxRecord {
  id: number;
  key: string;
  kind: string;
  origin: string;
  accountId: number;
  groupId: number | null;
  memberId: number | null;
  payload: Record<string, unknown>;
  state: OutboxState;
  attempts: number;
  notBefore: Date;
  sentAt: Date | null;
  platformMessageId: string | null;
  error: string | null;
  instead: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export const outboxColumns = `id, key, kind, origin, account_id as "accountId", group_id as "groupId", member_id as "memberId",
  payload, state, attempts, not_before as "notBefore", sent_at as "sentAt", platform_message_id as "platformMessageId",
  error, instead, created_at as "createdAt", finished_at as "finishedAt"`;

type Listener = () => void;
const listeners = new Set<Listener>();

/** Called (in this process) after actions are enqueued, so that a dispatcher can look sooner than its poll. */
export function onEnqueued(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Enqueues actions in the caller's transaction. Returns how many were new (a key already in the
 * workspace is the same action, enqueued before). An action names a group or an account.
 */
export async function enqueueActions(tx: Queryable, workspaceId: number, actions: readonly OutboxAction[]): Promise<number> {
  if (actions.length === 0) return 0;
  for (const a of actions) {
    if (!a.key || a.key.length > 500) throw new AppError('bad_request', `outbox action key must be 1..500 characters (origin ${a.origin})`);
    if (a.groupId === undefined && a.accountId === undefined) throw new AppError('bad_request', `outbox action ${a.key} names neither a group nor an account`);
  }
  const rows = await tx.query<{ n: number }>(
    `with input as (
       select * from unnest($2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[], $8::jsonb[], $9::timestamptz[])
         as t(key, kind, origin, group_id, member_id, account_id, payload, not_before)
     ), ins as (
       insert into outbox_actions (workspace_id, key, kind, origin, account_id, group_id, member_id, payload, not_before)
       select $1, i.key, i.kind, i.origin, coalesce(i.account_id, g.account_id), i.group_id, i.member_id, i.payload, i.not_before
       from input i left join groups g on g.workspace_id = $1 and g.id = i.group_id
       where coalesce(i.account_id, g.account_id) is not null
       on conflict (workspace_id, key) do nothing
       returning 1
     ) select count(*)::int as n from ins`,
    [
      workspaceId,
      actions.map((a) => storableText(a.key)),
      actions.map((a) => a.kind),
      actions.map((a) => storableText(a.origin)),
      actions.map((a) => a.groupId ?? null),
      actions.map((a) => a.memberId ?? null),
      actions.map((a) => a.accountId ?? null),
      actions.map((a) => storableJson(a.payload ?? {})),
      actions.map((a) => (a.notBefore ?? new Date()).toISOString()),
    ]);
  const n = rows[0]?.n ?? 0;
  if (n > 0) for (const l of listeners) l();
  return n;
}

/** The actions a feature asked for (by origin, or origins starting with a prefix ending in ':'), newest first. */
export async function listActions(db: Queryable, workspaceId: number, origin: string, page: { limit: number; offset: number } = { limit: 50, offset: 0 }): Promise<{ items: OutboxRecord[]; total: number }> {
  const prefix = origin.endsWith(':');
  const where = prefix ? 'origin like $2' : 'origin = $2';
  const arg = prefix ? `${origin.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : origin;
  const items = await db.query<OutboxRecord>(
    `select ${outboxColumns} from outbox_actions where workspace_id = $1 and ${where} order by id desc limit $3 offset $4`,
    [workspaceId, arg, page.limit, page.offset]);
  const [t] = await db.query<{ n: number }>(`select count(*)::int as n from outbox_actions where workspace_id = $1 and ${where}`, [workspaceId, arg]);
  return { items: items.map(normalise), total: t?.n ?? 0 };
}

export function normalise(r: OutboxRecord): OutboxRecord {
  return {
    ...r, id: Number(r.id), accountId: Number(r.accountId),
    groupId: r.groupId === null ? null : Number(r.groupId), memberId: r.memberId === null ? null : Number(r.memberId),
  };
}
