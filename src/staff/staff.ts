/**
 * The staff of a workspace and invitations into it. Only owners and admins manage staff; only an
 * owner grants or removes `owner`; the last owner can be neither demoted nor removed (409).
 * An invitation is a link carrying a random token (its hash stored), single use, expiring after
 * INVITE_DAYS; the token starts with the workspace id so that its row is found by a key that
 * starts with workspace_id like every other.
 */
import type { Database, Queryable } from '../db/database.ts';
import { hasRole, type Actor, type Role } from '../auth/access.ts';
import { hashToken, newToken } from '../auth/tokens.ts';
import { createUser, findUserByEmail, normalizeEmail, setStaffRole, type User } from '../auth/users.ts';
import { endSessionsIn } from '../auth/sessions.ts';
import { recordAudit } from '../audit/record.ts';
import { AppError } from '../errors.ts';

export const INVITE_DAYS = 7;

export interface StaffRow { id: number; email: string; name: string; role: Role; groups: number }

export async function listStaff(db: Queryable, workspaceId: number, page: { limit: number; offset: number }): Promise<{ items: StaffRow[]; total: number }> {
  const [items, total] = await Promise.all([
    db.query<StaffRow>(
      `select u.id, u.email, u.name, s.role,
              (select count(*) from groups g where g.workspace_id = s.workspace_id and g.owner_staff_id = u.id)::int as groups
       from workspace_staff s join users u on u.id = s.user_id where s.workspace_id = $1
       order by case s.role when 'owner' then 0 when 'admin' then 1 when 'operator' then 2 else 3 end, u.name, u.id
       limit $2 offset $3`, [workspaceId, page.limit, page.offset]),
    db.query<{ n: number }>('select count(*)::int as n from workspace_staff where workspace_id = $1', [workspaceId]),
  ]);
  return { items, total: total[0]?.n ?? 0 };
}

async function staffRole(db: Queryable, workspaceId: number, userId: number): Promise<Role> {
  const rows = await db.query<{ role: Role }>('select role from workspace_staff where workspace_id = $1 and user_id = $2 for update', [workspaceId, userId]);
  if (!rows[0]) throw new AppError('not_found', `no staff member ${userId}`);
  return rows[0].role;
}

async function assertNotLastOwner(db: Queryable, workspaceId: number): Promise<void> {
  const rows = await db.query<{ n: number }>(`select count(*)::int as n from workspace_staff where workspace_id = $1 and role = 'owner'`, [workspaceId]);
  if ((rows[0]?.n ?? 0) <= 1) throw new AppError('conflict', 'the last owner cannot be demoted or removed: make someone else owner first');
}

function assertMayGrant(actor: Actor, role: Role): void {
  if (role === 'owner' && !hasRole(actor.role, 'owner')) throw new AppError('forbidden', 'only an owner may grant or remove the owner role');
}

export async function setRole(db: Database, actor: Actor, userId: number, role: Role): Promise<StaffRow> {
  return db.transaction(async (tx) => {
    // One change to owners at a time, so two demotions cannot both pass the last-owner check.
    await tx.query('select id from workspaces where id = $1 for update', [actor.workspaceId]);
    const current = await staffRole(tx, actor.workspaceId, userId);
    assertMayGrant(actor, current);
    assertMayGrant(actor, role);
    if (current === 'owner' && role !== 'owner') await assertNotLastOwner(tx, actor.workspaceId);
    await setStaffRole(tx, actor.workspaceId, userId, role);
    if (role === 'viewer') await tx.query('update groups set owner_staff_id = null where workspace_id = $1 and owner_staff_id = $2', [actor.workspaceId, userId]);
    await recordAudit(tx, actor, { action: 'staff.role.set', target: `user:${userId}`, detail: { from: current, to: role } });
    return (await tx.query<StaffRow>(
      `select u.id, u.email, u.name, s.role,
              (select count(*) from groups g where g.workspace_id = s.workspace_id and g.owner_staff_id = u.id)::int as groups
       from workspace_staff s join users u on u.id = s.user_id where s.workspace_id = $1 and s.user_id = $2`, [actor.workspaceId, userId]))[0]!;
  });
}

export async function removeStaff(db: Database, actor: Actor, userId: number): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('select id from workspaces where id = $1 for update', [actor.workspaceId]);
    const current = await staffRole(tx, actor.workspaceId, userId);
    assertMayGrant(actor, current);
    if (current === 'owner') await assertNotLastOwner(tx, actor.workspaceId);
    await tx.query('delete from workspace_staff where workspace_id = $1 and user_id = $2', [actor.workspaceId, userId]);
    await tx.query('update groups set owner_staff_id = null where workspace_id = $1 and owner_staff_id = $2', [actor.workspaceId, userId]);
    await endSessionsIn(tx, actor.workspaceId, userId);
    await recordAudit(tx, actor, { action: 'staff.remove', target: `user:${userId}`, detail: { role: current } });
  });
}

export async function createInvite(db: Database, actor: Actor, email: string, role: Role): Promise<{ token: string; expiresAt: Date }> {
  assertMayGrant(actor, role);
  const token = `${actor.workspaceId}.${newToken()}`;
  const expiresAt = new Date(Date.now() + INVITE_DAYS * 86_400_000);
  await db.transaction(async (tx) => {
    const rows = await tx.query<{ id: number }>(
      `insert into staff_invites (workspace_id, token_hash, email, role, invited_by, expires_at) values ($1, $2, $3, $4, $5, $6) returning id`,
      [actor.workspaceId, hashToken(token), normalizeEmail(email), role, actor.userId, expiresAt]);
    await recordAudit(tx, actor, { action: 'staff.invite', target: `invite:${rows[0]!.id}`, detail: { email: normalizeEmail(email), role } });
  });
  return { token, expiresAt };
}

interface InviteRow { id: number; workspaceId: number; workspaceName: string; email: string; role: Role; expiresAt: Date; acceptedAt: Date | null }

/** The invitation of a token: 404 unknown, 410 used or expired. */
export async function findInvite(db: Queryable, token: string): Promise<InviteRow> {
  const workspaceId = Number(token.split('.')[0]);
  if (!Number.isSafeInteger(workspaceId) || workspaceId <= 0) throw new AppError('not_found', 'no such invitation');
  const rows = await db.query<InviteRow>(
    `select i.id, i.workspace_id as "workspaceId", w.name as "workspaceName", i.email, i.role, i.expires_at as "expiresAt", i.accepted_at as "acceptedAt"
     from staff_invites i join workspaces w on w.id = i.workspace_id where i.workspace_id = $1 and i.token_hash = $2`,
    [workspaceId, hashToken(token)]);
  const row = rows[0];
  if (!row) throw new AppError('not_found', 'no such invitation');
  if (row.acceptedAt) throw new AppError('gone', 'this invitation has been used already');
  if (row.expiresAt.getTime() <= Date.now()) throw new AppError('gone', 'this invitation has expired: ask for a new one');
  return row;
}

/**
 * Accepts an invitation, as the account of its email and no other: a new user with the name and
 * password given (password policy applies), or, when the email has an account already, that user,
 * whom the caller must have proven (`provenUserId`: signed in as them, or their password checked
 * through the sign-in throttle, src/auth/credentials.ts); anyone else is refused. Single use: the
 * row is claimed in the same transaction, which a refusal rolls back.
 */
export async function acceptInvite(db: Database, token: string, input: { name: string; password?: string | undefined }, ip: string, provenUserId: number | null): Promise<{ user: User; workspaceId: number; role: Role }> {
  return db.transaction(async (tx) => {
    const invite = await findInvite(tx, token);
    const claimed = await tx.query(`update staff_invites set accepted_at = now() where workspace_id = $1 and id = $2 and accepted_at is null returning id`, [invite.workspaceId, invite.id]);
    if (claimed.length === 0) throw new AppError('gone', 'this invitation has been used already');
    const existing = await findUserByEmail(tx, invite.email);
    let user: User;
    if (existing) {
      if (provenUserId !== existing.id) throw new AppError('unauthorized', 'this email has an account: give its password to join');
      user = { id: existing.id, email: existing.email, name: existing.name };
    } else {
      if (provenUserId !== null) throw new AppError('forbidden', `this invitation is for ${invite.email}`);
      if (input.password === undefined) throw new AppError('bad_request', 'choose a password', { issues: [{ path: 'body.password', message: 'required' }] });
      user = await createUser(tx, { email: invite.email, name: input.name, password: input.password });
    }
    await tx.query('update staff_invites set accepted_user_id = $3 where workspace_id = $1 and id = $2', [invite.workspaceId, invite.id, user.id]);
    const had = await tx.query<{ role: Role }>('select role from workspace_staff where workspace_id = $1 and user_id = $2', [invite.workspaceId, user.id]);
    if (!had[0]) await setStaffRole(tx, invite.workspaceId, user.id, invite.role);
    await recordAudit(tx, { workspaceId: invite.workspaceId, userId: user.id, ip }, { action: 'staff.invite.accept', target: `user:${user.id}`, detail: { invite: invite.id, role: had[0]?.role ?? invite.role } });
    return { user, workspaceId: invite.workspaceId, role: had[0]?.role ?? invite.role };
  });
}
