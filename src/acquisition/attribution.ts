/**
 * Attribution of joins to live codes, run as a reactor (src/events/reactors.ts) behind the
 * projector, inside the transaction that moves its cursor, so each event has its effect once.
 *
 * A join into a group of a code's pool through the link behind the code (its invite code, or the
 * WeCom join way's state) takes the oldest pending reservation of that code and group (the
 * newcomer the page sent there) and is credited once per member and group
 * (code_attributions' unique key) to the code, the reservation's source (else the join's own, else
 * the code's), the code's staff member, and the inviter (the referral link's participant the
 * reservation names, else the one the membership names); the tags the
 * visitor's threshold answers gave are put on the member. A join that used no reservation (a link
 * forwarded, an expired seat) still takes a seat: the group's load goes up by one. A leave of a
 * pool group gives its seat back. A join of a member who was already in (the platform's join
 * delivered again under another id) and a leave of one who had already left change nothing: they
 * take no one else's reservation and move no seat (the member's previous join or leave in the
 * group, by seq, says which). Imported history is never
 * acted on.
 */
import type { Queryable } from '../db/database.ts';

/** The part of a reactor event attribution reads (src/events/reactors.ts ReactorEvent). */
export interface JoinEvent {
  seq: number;
  imported: boolean;
  type: string;
  groupId: number;
  memberId: number | null;
  occurredAt: Date;
  payload: unknown;
}

interface Via { source?: string; inviteCode?: string }

function viaOf(payload: unknown): Via {
  const via = (payload as { via?: Via } | null)?.via;
  return via && typeof via === 'object' ? via : {};
}

export async function attributeEvents(tx: Queryable, workspaceId: number, events: readonly JoinEvent[]): Promise<number> {
  const relevant = events.filter((e) => !e.imported && e.memberId !== null && (e.type === 'join' || e.type === 'leave'));
  if (!relevant.length) return 0;
  const groupIds = [...new Set(relevant.map((e) => e.groupId))];
  const pools = await tx.query<{ code_id: number; group_id: number; link_code: string | null; source: string; staff_user_id: number | null }>(
    `select p.code_id, p.group_id, p.link_code, c.source, c.staff_user_id from live_code_groups p
     join live_codes c on c.workspace_id = p.workspace_id and c.id = p.code_id
     where p.workspace_id = $1 and p.group_id = any($2::bigint[])`, [workspaceId, groupIds]);
  if (!pools.length) return 0;
  let attributed = 0;
  for (const e of relevant) {
    const inPools = pools.filter((p) => p.group_id === e.groupId);
    if (!inPools.length) continue;
    const via = viaOf(e.payload);
    // The same membership change again (a join while in, a leave while out) moves no seat.
    const [previous] = await tx.query<{ type: string }>(
      `select type from events where workspace_id = $1 and member_id = $2 and group_id = $3 and seq < $4 and type in ('join', 'leave')
       order by seq desc limit 1`, [workspaceId, e.memberId, e.groupId, e.seq]);
    if (previous?.type === e.type) continue;
    if (e.type === 'leave') {
      // The seat comes back to the code the member came through (or every code holding the group).
      const mine = await tx.query<{ code_id: number }>(
        'select code_id from code_attributions where workspace_id = $1 and group_id = $2 and member_id = $3', [workspaceId, e.groupId, e.memberId]);
      const codes = mine.length ? mine.map((m) => m.code_id) : inPools.map((p) => p.code_id);
      await tx.query(`update live_code_groups set load = greatest(0, load - 1) where workspace_id = $1 and group_id = $2 and code_id = any($3::bigint[])`,
        [workspaceId, e.groupId, codes]);
      continue;
    }
    // The code whose link the join came through first; else any code holding the group.
    const ordered = [...inPools].sort((a, b) => Number(b.link_code !== null && b.link_code === via.inviteCode) - Number(a.link_code !== null && a.link_code === via.inviteCode));
    let done = false;
    for (const p of ordered) {
      // Through the link behind the code (or an earlier one it replaced); a pool row without a link
      // code (a platform that reports none) takes the oldest reservation.
      const throughLink = p.link_code === null || (via.inviteCode !== undefined && (p.link_code === via.inviteCode
        || (await tx.query('select 1 from invite_links where workspace_id = $1 and group_id = $2 and code = $3 and name = $4',
          [workspaceId, e.groupId, via.inviteCode, `code ${p.code_id}`])).length > 0));
      if (!throughLink) continue;
      const taken = await tx.query<{ id: number; source: string; entry_id: number | null; inviter_member_id: number | null }>(
        `update code_reservations set state = 'joined', member_id = $4
         where workspace_id = $1 and id = (
           select id from code_reservations where workspace_id = $1 and code_id = $2 and group_id = $3 and state = 'pending'
           order by created_at, id limit 1 for update skip locked)
         returning id, source, entry_id, inviter_member_id`, [workspaceId, p.code_id, e.groupId, e.memberId]);
      const r = taken[0];
      if (!r) await tx.query('update live_code_groups set load = load + 1 where workspace_id = $1 and code_id = $2 and group_id = $3', [workspaceId, p.code_id, e.groupId]);
      const ins = await tx.query<{ id: number }>(
        `insert into code_attributions (workspace_id, code_id, group_id, member_id, source, staff_user_id, inviter_member_id, reservation_id, event_seq, joined_at)
         select $1, $2, $3, $4, $5, $6, coalesce($10::bigint, m.inviter_member_id), $7, $8, $9
         from (select 1) one left join memberships m on m.workspace_id = $1 and m.group_id = $3 and m.member_id = $4
         on conflict (workspace_id, group_id, member_id) do nothing returning id`,
        [workspaceId, p.code_id, e.groupId, e.memberId, r?.source ?? via.source ?? p.source, p.staff_user_id, r?.id ?? null, e.seq, e.occurredAt, r?.inviter_member_id ?? null]);
      if (ins.length) attributed += 1;
      if (r?.entry_id) {
        await tx.query(
          `insert into member_tags (workspace_id, member_id, tag)
           select $1, $2, t from code_entries en cross join jsonb_array_elements_text(en.tags) t
           where en.workspace_id = $1 and en.id = $3 on conflict do nothing`, [workspaceId, e.memberId, r.entry_id]);
      }
      done = true;
      break;
    }
    // A join into a pool group that no code sent: it still fills a seat of every code holding the group.
    if (!done) {
      await tx.query(`update live_code_groups set load = load + 1 where workspace_id = $1 and group_id = $2`, [workspaceId, e.groupId]);
    }
  }
  return attributed;
}
