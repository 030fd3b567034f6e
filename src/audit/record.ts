/**
 * The audit log: who did what, when, to what, from where. Every state-changing route records one
 * entry (src/server/audit-coverage.test.ts walks every such route and checks it). Entries are
 * written in the same transaction as the change when the caller passes its transaction, so a
 * change that rolled back leaves no entry.
 *
 * Denied attempts are recorded too: `access.denied` (a 403 or a CSRF refusal of a signed-in user,
 * src/server/auth-hooks.ts) and `session.login.failed` (a wrong password, recordForUser below).
 *
 * Conventions: `action` is `<domain>.<verb>` (group.tag, member.tags.set, staff.role.set, …);
 * `target` names the object (`group:12`, `member:7`, `user:3`, `workspace:1`, or a list
 * `groups:1,2,3`); `detail` holds the parameters of the change, never a secret.
 *
 * Writing an entry never fails on its text: the route has already done its work, and the details
 * may carry what a request sent. Target and details are made storable (src/db/storable.ts): NUL
 * removed, an unpaired surrogate written as U+FFFD (jsonb refuses both).
 */
import type { Queryable } from '../db/database.ts';
import type { Actor } from '../auth/access.ts';
import { storableJson, storableText } from '../db/storable.ts';
import { labelAuditEntries, type AuditLabels } from './labels.ts';

export interface AuditInput {
  action: string;
  target: string;
  detail?: Record<string, unknown> | null;
}

/** Who acted: a signed-in actor, or (sign-in, set-up) the user being signed in. */
export type AuditActor = Pick<Actor, 'workspaceId' | 'ip' | 'apiKeyId'> & { userId: number | null };

export async function recordAudit(db: Queryable, actor: AuditActor, entry: AuditInput): Promise<void> {
  // What an API key did says so (its creator is the actor; detail.apiKey which key).
  if (actor.apiKeyId !== undefined) entry = { ...entry, detail: { ...(entry.detail ?? {}), apiKey: actor.apiKeyId } };
  await db.query(
    `insert into audit_log (workspace_id, actor_user_id, action, target, detail, ip) values ($1, $2, $3, $4, $5, $6)`,
    [actor.workspaceId, actor.userId, storableText(entry.action), storableText(entry.target),
      entry.detail == null ? null : storableJson(entry.detail), actor.ip ? storableText(actor.ip) : null]);
}

/**
 * Security events about a user that happen outside any session (a wrong password given for their
 * email at sign-in, at an invitation or at a password change): one entry in EACH workspace the
 * user belongs to, so that every owner and admin who answers for that account sees them in their
 * audit view, and no other workspace does. The audit log stays keyed by workspace like every
 * tenant table (it is not made nullable): a failure for an email that has no account concerns no
 * workspace, and is written to the server log instead (src/server/routes/session.ts).
 * The actor is unknown (null): the detail says the email tried; never the password.
 */
export async function recordForUser(db: Queryable, userId: number, ip: string, entry: AuditInput): Promise<void> {
  await db.query(
    `insert into audit_log (workspace_id, actor_user_id, action, target, detail, ip)
     select workspace_id, null, $2, $3, $4, $5 from workspace_staff where user_id = $1`,
    [userId, entry.action, entry.target, entry.detail == null ? null : JSON.stringify(entry.detail), ip || null]);
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: { id: number; name: string } | null;
  action: string;
  target: string;
  detail: Record<string, unknown> | null;
  ip: string | null;
}

export interface AuditQuery {
  limit: number;
  offset: number;
  actorId?: number | undefined;
  action?: string | undefined;
  target?: string | undefined;
  /** Days in the workspace's time zone, inclusive. */
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * Newest first, filtered; `action` and `target` match a prefix (`group.` finds every group action).
 * Each entry carries the names its keys point at now (src/audit/labels.ts), for the console's sentences.
 */
export async function listAudit(db: Queryable, workspaceId: number, q: AuditQuery): Promise<{ items: Array<AuditEntry & AuditLabels>; total: number }> {
  const params: unknown[] = [workspaceId];
  const where = ['a.workspace_id = $1'];
  const add = (cond: (n: number) => string, value: unknown) => { params.push(value); where.push(cond(params.length)); };
  if (q.actorId !== undefined) add((n) => `a.actor_user_id = $${n}`, q.actorId);
  if (q.action) add((n) => `a.action like $${n}`, `${escapeLike(q.action)}%`);
  if (q.target) add((n) => `a.target like $${n}`, `${escapeLike(q.target)}%`);
  const tz = `(select timezone from workspaces where id = $1)`;
  if (q.from) add((n) => `a.at >= ($${n}::date::timestamp at time zone ${tz})`, q.from);
  if (q.to) add((n) => `a.at < (($${n}::date + 1)::timestamp at time zone ${tz})`, q.to);
  const filter = where.join(' and ');
  const [rows, total] = await Promise.all([
    db.query<{ id: number; at: Date; actorId: number | null; actorName: string | null; action: string; target: string; detail: Record<string, unknown> | null; ip: string | null }>(
      `select a.id, a.at, a.actor_user_id as "actorId", u.name as "actorName", a.action, a.target, a.detail, a.ip
       from audit_log a left join users u on u.id = a.actor_user_id
       where ${filter} order by a.at desc, a.id desc limit $${params.length + 1} offset $${params.length + 2}`,
      [...params, q.limit, q.offset]),
    db.query<{ n: number }>(`select count(*)::int as n from audit_log a where ${filter}`, params),
  ]);
  const items = rows.map((r) => ({
    id: r.id, at: r.at.toISOString(), actor: r.actorId === null ? null : { id: r.actorId, name: r.actorName ?? '' },
    action: r.action, target: r.target, detail: r.detail, ip: r.ip,
  }));
  return { items: await labelAuditEntries(db, workspaceId, items), total: total[0]?.n ?? 0 };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
