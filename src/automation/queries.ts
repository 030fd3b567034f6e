/**
 * Reads for the console: a rule's execution log with the delivery state of each action (the
 * outbox's row for the action's key), recent welcome batches with theirs, an operator's
 * notifications. Delivery states are the outbox's (queued, sending, sent, awaiting_confirmation,
 * failed, unsupported); an action that never reaches a platform (a tag, a notification) is 'done'.
 */
import type { Queryable } from '../db/database.ts';

export interface Delivery { key: string; kind: string; description: string; state: string; error: string | null }
export interface ExecutionRow {
  id: number; ruleId: number; version: number; trigger: string; cause: Record<string, unknown>;
  groupId: number | null; groupName: string | null; memberId: number | null; memberName: string | null; executedAt: Date; actions: Delivery[];
  /** Why it did nothing (a late join beyond the window, …); null when it ran. */
  skipped: string | null;
}

const OUTBOX_KINDS = new Set(['post', 'private_message']);

async function deliveries(tx: Queryable, workspaceId: number, keys: string[]): Promise<Map<string, { state: string; error: string | null }>> {
  if (keys.length === 0) return new Map();
  const rows = await tx.query<{ key: string; state: string; error: string | null }>(
    'select key, state, error from outbox_actions where workspace_id = $1 and key = any($2::text[])', [workspaceId, keys]);
  return new Map(rows.map((r) => [r.key, r]));
}

export async function listExecutions(tx: Queryable, workspaceId: number, filter: { ruleId?: number | undefined; state?: 'failed' | undefined; limit: number; offset: number }): Promise<{ items: ExecutionRow[]; total: number }> {
  const params: unknown[] = [workspaceId];
  let where = 'x.workspace_id = $1';
  if (filter.ruleId !== undefined) { params.push(filter.ruleId); where += ` and x.rule_id = $${params.length}`; }
  if (filter.state === 'failed') {
    where += ` and exists (select 1 from outbox_actions o where o.workspace_id = x.workspace_id and o.key like x.key || ':%' and o.state in ('failed', 'unsupported'))`;
  }
  const [count] = await tx.query<{ n: number }>(`select count(*)::int as n from automation_executions x where ${where}`, params);
  const rows = await tx.query<Omit<ExecutionRow, 'actions'> & { key: string; actions: Array<{ key: string; kind: string; description: string }> }>(
    `select x.id, x.key, x.rule_id as "ruleId", x.version, x.trigger, x.cause, x.group_id as "groupId", g.name as "groupName",
            x.member_id as "memberId", m.display_name as "memberName", x.executed_at as "executedAt", x.actions, x.skipped
       from automation_executions x
       left join groups g on g.workspace_id = x.workspace_id and g.id = x.group_id
       left join members m on m.workspace_id = x.workspace_id and m.id = x.member_id
      where ${where} order by x.id desc limit ${filter.limit} offset ${filter.offset}`, params);
  const keys = rows.flatMap((r) => r.actions.flatMap((a) => [a.key, `${a.key}:chat`]));
  const states = await deliveries(tx, workspaceId, keys);
  return {
    total: count?.n ?? 0,
    items: rows.map(({ key: _key, actions, ...r }) => ({
      ...r,
      actions: actions.map((a) => {
        const d = states.get(a.key) ?? states.get(`${a.key}:chat`);
        return { key: a.key, kind: a.kind, description: a.description, state: d?.state ?? (OUTBOX_KINDS.has(a.kind) ? 'queued' : 'done'), error: d?.error ?? null };
      }),
    })),
  };
}

export interface WelcomeBatchRow {
  id: number; groupId: number; groupName: string; names: string[]; text: string; createdAt: Date;
  state: string; error: string | null; nicknameReminded: number; greetingsOpen: number; greetingsDone: number;
}

export async function listWelcomeBatches(tx: Queryable, workspaceId: number, filter: { groupIds?: number[] | undefined; failedOnly?: boolean; limit: number }): Promise<WelcomeBatchRow[]> {
  const params: unknown[] = [workspaceId];
  let where = 'b.workspace_id = $1';
  if (filter.groupIds) { params.push(filter.groupIds); where += ` and b.group_id = any($${params.length}::bigint[])`; }
  if (filter.failedOnly) where += ` and exists (select 1 from outbox_actions o where o.workspace_id = b.workspace_id and o.key = 'welcome:' || b.id and o.state in ('failed', 'unsupported'))`;
  const rows = await tx.query<Omit<WelcomeBatchRow, 'state' | 'error'>>(
    `select b.id, b.group_id as "groupId", g.name as "groupName", b.names, b.text, b.created_at as "createdAt",
            cardinality(b.bad_nickname_ids) as "nicknameReminded",
            (select count(*) filter (where w.done_at is null)::int from welcome_greetings w where w.workspace_id = b.workspace_id and w.batch_id = b.id) as "greetingsOpen",
            (select count(*) filter (where w.done_at is not null)::int from welcome_greetings w where w.workspace_id = b.workspace_id and w.batch_id = b.id) as "greetingsDone"
       from welcome_batches b join groups g on g.workspace_id = b.workspace_id and g.id = b.group_id
      where ${where} order by b.id desc limit ${filter.limit}`, params);
  const states = await deliveries(tx, workspaceId, rows.map((r) => `welcome:${r.id}`));
  return rows.map((r) => {
    const d = states.get(`welcome:${r.id}`);
    return { ...r, state: d?.state ?? 'queued', error: d?.error ?? null };
  });
}

export async function pendingWelcomes(tx: Queryable, workspaceId: number, groupId: number): Promise<number> {
  const [r] = await tx.query<{ n: number }>('select count(*)::int as n from welcome_pending where workspace_id = $1 and group_id = $2 and batch_id is null', [workspaceId, groupId]);
  return r?.n ?? 0;
}

export async function listNotifications(tx: Queryable, workspaceId: number, userId: number, limit: number): Promise<Array<{ id: number; text: string; groupId: number | null; origin: string; createdAt: Date; read: boolean }>> {
  return tx.query(
    `select id, text, group_id as "groupId", origin, created_at as "createdAt", read_at is not null as read
       from automation_notifications where workspace_id = $1 and (user_id = $2 or user_id is null) order by id desc limit ${limit}`, [workspaceId, userId]);
}
