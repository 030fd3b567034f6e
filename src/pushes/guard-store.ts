/**
 * The guard rails at the one place every producer passes: the dispatcher's claim (src/outbox/
 * dispatch.ts calls `guardClaimed` for the due actions it took, before its send limits). Why at dispatch and not
 * at enqueue: an action may wait (send limits, retries, a schedule) and what matters is when it
 * really goes; quiet hours and caps are judged at that moment, and the ledger counts what went.
 *
 * Concurrency: the workspace's guard lock (an advisory transaction lock) is taken before the
 * ledger is read, and the ledger rows of the actions let through are written in the same claim
 * transaction, so dispatchers in several processes see each other's sends and never exceed a cap.
 * An action already in the ledger (let through before, then held by a send limit or a crash) goes
 * on without being counted twice; its ledger time moves to its latest claim. The guard lock is
 * always taken before the send limits' account locks, so the two never wait on each other in a cycle. A capped or closed action is deferred (not_before) or recorded
 * `skipped` with the reason: never silently lost.
 */
import type { Queryable } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { OutboxRecord } from '../outbox/outbox.ts';
import { decide, GUARD_RULES, isCategory, resolveGuard, type CountedSend, type GuardRule, type GuardSettings } from './guard.ts';

const GUARD_LOCK = 0x5159_0020;

export interface GuardOutcome {
  go: OutboxRecord[];
  deferred: number;
  skipped: number;
}

export async function guardSettingsOf(db: Queryable, workspaceId: number): Promise<{ settings: GuardSettings; timezone: string; stored: Partial<GuardSettings> }> {
  const [row] = await db.query<{ timezone: string; settings: Partial<GuardSettings> | null }>(
    `select w.timezone, s.settings from workspaces w left join push_guard_settings s on s.workspace_id = w.id where w.id = $1`, [workspaceId]);
  if (!row) throw new AppError('not_found', `workspace ${workspaceId} not found`);
  return { settings: resolveGuard(row.settings), timezone: row.timezone, stored: row.settings ?? {} };
}

export async function saveGuardSettings(db: Queryable, workspaceId: number, settings: Partial<GuardSettings>, userId: number | null): Promise<void> {
  await db.query(
    `insert into push_guard_settings (workspace_id, settings, updated_by, updated_at) values ($1, $2::jsonb, $3, now())
     on conflict (workspace_id) do update set settings = excluded.settings, updated_by = excluded.updated_by, updated_at = now()`,
    [workspaceId, JSON.stringify(settings), userId]);
}

function liftedOf(payload: Record<string, unknown>): Set<GuardRule> {
  const o = payload['guardOverride'] as { rules?: unknown } | undefined;
  const rules = Array.isArray(o?.rules) ? o.rules : [];
  return new Set(rules.filter((r): r is GuardRule => (GUARD_RULES as readonly string[]).includes(r as string)));
}

/** Sorts the claimed actions into those that go now and those deferred or skipped by a guard rule (recorded here). */
export async function guardClaimed(tx: Queryable, workspaceId: number, claimed: OutboxRecord[], now: Date): Promise<GuardOutcome> {
  const guarded = claimed.filter((a) => a.payload['category'] !== undefined);
  if (guarded.length === 0) return { go: claimed, deferred: 0, skipped: 0 };
  await tx.query('select pg_advisory_xact_lock($1::int, $2::int)', [GUARD_LOCK, workspaceId % 2_147_483_647]);
  const { settings, timezone } = await guardSettingsOf(tx, workspaceId);
  const maxDays = Math.max(1, ...settings.caps.map((c) => c.days));
  const groups = [...new Set(guarded.filter((a) => a.kind !== 'private_message' && a.groupId !== null).map((a) => a.groupId!))];
  const members = [...new Set(guarded.filter((a) => a.kind === 'private_message' && a.memberId !== null).map((a) => a.memberId!))];
  const rows = await tx.query<{ actionId: string | number; scope: string; targetId: string | number; category: string; at: Date }>(
    `select action_id as "actionId", scope, target_id as "targetId", category, at from push_cap_ledger
     where workspace_id = $1 and at > $2 and ((scope = 'group' and target_id = any($3::bigint[])) or (scope = 'member' and target_id = any($4::bigint[])))`,
    [workspaceId, new Date(now.getTime() - maxDays * 86_400_000), groups, members]);
  const counted = new Map<string, CountedSend[]>();
  const inLedger = new Set<number>();
  for (const r of rows) {
    const k = `${r.scope}:${Number(r.targetId)}`;
    const list = counted.get(k) ?? [];
    list.push({ at: new Date(r.at).getTime(), category: r.category });
    counted.set(k, list);
  }
  const already = await tx.query<{ id: string | number }>(
    'select distinct action_id as id from push_cap_ledger where workspace_id = $1 and action_id = any($2::bigint[])', [workspaceId, guarded.map((a) => a.id)]);
  for (const r of already) inLedger.add(Number(r.id));
  const go: OutboxRecord[] = [];
  const ledger: Array<{ actionId: number; scope: string; targetId: number; category: string }> = [];
  const defer: Array<{ id: number; until: Date; reason: string }> = [];
  const skip: Array<{ id: number; reason: string }> = [];
  for (const a of claimed) {
    const category = a.payload['category'];
    if (category === undefined || inLedger.has(a.id)) { go.push(a); continue; }
    if (!isCategory(category)) { skip.push({ id: a.id, reason: `guard: unknown category ${String(category)}` }); continue; }
    const scopes = a.kind === 'private_message'
      ? (a.memberId !== null ? [`member:${a.memberId}`] : [])
      : (a.groupId !== null ? [`group:${a.groupId}`] : []);
    const expires = typeof a.payload['expiresAt'] === 'string' ? new Date(a.payload['expiresAt']) : null;
    const v = decide({
      category, now, timezone, settings, lifted: liftedOf(a.payload),
      counted: scopes.map((s) => counted.get(s) ?? []),
      expiresAt: expires && !Number.isNaN(expires.getTime()) ? expires : null,
    });
    if (v.verdict === 'defer') { defer.push({ id: a.id, until: v.until, reason: `guard (${v.rule}): ${v.reason}` }); continue; }
    if (v.verdict === 'skip') { skip.push({ id: a.id, reason: `guard (${v.rule}): ${v.reason}` }); continue; }
    go.push(a);
    for (const s of scopes) {
      const [scope, target] = s.split(':') as [string, string];
      ledger.push({ actionId: a.id, scope, targetId: Number(target), category });
      const list = counted.get(s) ?? [];
      list.push({ at: now.getTime(), category });
      counted.set(s, list);
    }
  }
  const again = go.filter((a) => a.payload['category'] !== undefined && inLedger.has(a.id)).map((a) => a.id);
  if (again.length > 0) {
    await tx.query('update push_cap_ledger set at = $3 where workspace_id = $1 and action_id = any($2::bigint[])', [workspaceId, again, now]);
  }
  if (ledger.length > 0) {
    await tx.query(
      `insert into push_cap_ledger (workspace_id, action_id, scope, target_id, category, at)
       select $1, l.a, l.s, l.t, l.c, $6 from unnest($2::bigint[], $3::text[], $4::bigint[], $5::text[]) as l(a, s, t, c)
       on conflict do nothing`,
      [workspaceId, ledger.map((l) => l.actionId), ledger.map((l) => l.scope), ledger.map((l) => l.targetId), ledger.map((l) => l.category), now]);
  }
  if (defer.length > 0) {
    await tx.query(
      `update outbox_actions o set state = 'queued', lease_until = null, not_before = d.at, error = d.reason
       from unnest($2::bigint[], $3::timestamptz[], $4::text[]) as d(id, at, reason)
       where o.workspace_id = $1 and o.id = d.id`,
      [workspaceId, defer.map((d) => d.id), defer.map((d) => d.until.toISOString()), defer.map((d) => d.reason)]);
  }
  if (skip.length > 0) {
    await tx.query(
      `update outbox_actions o set state = 'skipped', lease_until = null, error = d.reason, finished_at = now()
       from unnest($2::bigint[], $3::text[]) as d(id, reason)
       where o.workspace_id = $1 and o.id = d.id`,
      [workspaceId, skip.map((d) => d.id), skip.map((d) => d.reason)]);
  }
  return { go, deferred: defer.length, skipped: skip.length };
}
