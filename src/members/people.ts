/**
 * Linked identities: an operator says that two members of the workspace (say a Telegram member and
 * a WeCom member) are one person. Linking merges the two people (every member linked to either);
 * unlinking takes one member out of their person. Who is linked matters to the ban list: a ban
 * of the person covers every linked member, so a banned person joining any group on any platform
 * of the workspace is removed at once (src/moderation/bans.ts, the moderation reactor).
 * Admins link and unlink; each change is audited in the same transaction.
 */
import type { Database, Queryable } from '../db/database.ts';
import { assertMembersAccess, type Actor } from '../auth/access.ts';
import { recordAudit } from '../audit/record.ts';
import { AppError } from '../errors.ts';

/** Every member of the person `memberId` is (themself included), smallest id first. */
export async function linkedMemberIds(db: Queryable, workspaceId: number, memberId: number): Promise<number[]> {
  const rows = await db.query<{ member_id: string | number }>(
    `select p.member_id from member_people p
     where p.workspace_id = $1 and p.person_id = (select person_id from member_people where workspace_id = $1 and member_id = $2)
     order by p.member_id`, [workspaceId, memberId]);
  const ids = rows.map((r) => Number(r.member_id));
  return ids.length ? ids : [memberId];
}

export interface LinkedMember { id: number; name: string; identities: Array<{ platform: string; platformUserId: string }> }

/** The other members linked to this one, with their platform identities. */
export async function linkedMembers(db: Queryable, workspaceId: number, memberId: number): Promise<LinkedMember[]> {
  const ids = (await linkedMemberIds(db, workspaceId, memberId)).filter((i) => i !== memberId);
  if (!ids.length) return [];
  const rows = await db.query<{ id: string | number; name: string; identities: Array<{ platform: string; platformUserId: string }> | null }>(
    `select m.id, m.display_name as name,
            (select json_agg(json_build_object('platform', a.platform, 'platformUserId', mi.platform_user_id) order by a.platform, mi.platform_user_id)
               from member_identities mi join platform_accounts a on a.workspace_id = mi.workspace_id and a.id = mi.account_id
              where mi.workspace_id = m.workspace_id and mi.member_id = m.id) as identities
     from members m where m.workspace_id = $1 and m.id = any($2::bigint[]) order by m.id`, [workspaceId, ids]);
  return rows.map((r) => ({ id: Number(r.id), name: r.name, identities: r.identities ?? [] }));
}

/** Links two members as one person (merging whoever each is already linked to). Runs in the caller's transaction. */
export async function linkMembersTx(tx: Queryable, workspaceId: number, a: number, b: number, by: number | null): Promise<number[]> {
  if (a === b) throw new AppError('bad_request', 'a member is already the same person as themself');
  const found = await tx.query<{ id: string | number }>('select id from members where workspace_id = $1 and id = any($2::bigint[])', [workspaceId, [a, b]]);
  if (found.length !== 2) throw new AppError('not_found', `no member ${found.some((r) => Number(r.id) === a) ? b : a}`);
  const all = [...new Set([...await linkedMemberIds(tx, workspaceId, a), ...await linkedMemberIds(tx, workspaceId, b)])].sort((x, y) => x - y);
  const person = all[0]!;
  await tx.query(
    `insert into member_people (workspace_id, member_id, person_id, linked_by) select $1, m, $3, $4 from unnest($2::bigint[]) as m
     on conflict (workspace_id, member_id) do update set person_id = excluded.person_id`,
    [workspaceId, all, person, by]);
  return all;
}

/** Takes a member out of their person; the others stay linked (a person of one is no row). */
export async function unlinkMemberTx(tx: Queryable, workspaceId: number, memberId: number): Promise<void> {
  const rest = (await linkedMemberIds(tx, workspaceId, memberId)).filter((i) => i !== memberId);
  await tx.query('delete from member_people where workspace_id = $1 and member_id = $2', [workspaceId, memberId]);
  if (rest.length <= 1) {
    await tx.query('delete from member_people where workspace_id = $1 and member_id = any($2::bigint[])', [workspaceId, rest]);
    return;
  }
  await tx.query('update member_people set person_id = $3 where workspace_id = $1 and member_id = any($2::bigint[])', [workspaceId, rest, rest[0]]);
}

/** An operator's link (audited). */
export async function linkMembers(db: Database, actor: Actor, memberId: number, other: number): Promise<{ linked: number[] }> {
  await assertMembersAccess(db, actor, [memberId, other], { write: true });
  return db.transaction(async (tx) => {
    const linked = await linkMembersTx(tx, actor.workspaceId, memberId, other, actor.userId);
    await recordAudit(tx, actor, { action: 'member.link', target: `member:${memberId}`, detail: { member: other, linked } });
    return { linked };
  });
}

/** An operator's unlink (audited). */
export async function unlinkMember(db: Database, actor: Actor, memberId: number): Promise<{ ok: true }> {
  await assertMembersAccess(db, actor, [memberId], { write: true });
  return db.transaction(async (tx) => {
    await unlinkMemberTx(tx, actor.workspaceId, memberId);
    await recordAudit(tx, actor, { action: 'member.unlink', target: `member:${memberId}`, detail: null });
    return { ok: true as const };
  });
}
