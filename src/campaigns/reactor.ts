/**
 * The campaigns reactor: referrals recorded from joins the acquisition reactor attributed to a
 * participant (code_attributions of the same events), and assessed again when a friend speaks or
 * leaves; rewards settled in the same transaction, behind the projector, exactly once.
 *
 * It reads what the acquisition reactor wrote for the same events, so it never runs ahead of it:
 * in one process reactors run in list order; if another process is still working acquisition on
 * these events (or the workspace was projected further between the two), the run is given up
 * quietly (ReactorNotReady: rolled back) and comes again on the next run.
 */
import { ReactorNotReady, type Reactor } from '../events/reactors.ts';
import { noteFriendActivity, reassess, recordReferrals } from './store.ts';

export const campaignsReactor: Reactor = {
  name: 'campaigns',
  types: ['join', 'leave', 'message'],
  async react(tx, workspaceId, events) {
    const live = events.filter((e) => !e.imported && e.memberId !== null);
    if (!live.length) return;
    const joins = live.filter((e) => e.type === 'join');
    const ids: number[] = [];
    if (joins.length) {
      const last = joins[joins.length - 1]!.seq;
      const cursor = await tx.query<{ seq: string | number }>(`select seq from reactor_cursors where workspace_id = $1 and reactor = 'acquisition'`, [workspaceId]);
      if (cursor[0] && Number(cursor[0].seq) < last) throw new ReactorNotReady('the acquisition reactor has not reached these joins yet');
      const rows = await tx.query<{ code_id: number; group_id: number; member_id: number; inviter_member_id: number; reservation_id: number | null; joined_at: Date }>(
        `select code_id, group_id, member_id, inviter_member_id, reservation_id, joined_at from code_attributions
         where workspace_id = $1 and event_seq = any($2::bigint[]) and inviter_member_id is not null order by event_seq`, [workspaceId, joins.map((e) => e.seq)]);
      ids.push(...await recordReferrals(tx, workspaceId, rows.map((r) => ({
        codeId: Number(r.code_id), groupId: Number(r.group_id), memberId: Number(r.member_id), inviterMemberId: Number(r.inviter_member_id),
        reservationId: r.reservation_id === null ? null : Number(r.reservation_id), joinedAt: new Date(r.joined_at),
      }))));
    }
    const at = (e: typeof live[number]) => ({ memberId: e.memberId!, groupId: e.groupId, at: e.occurredAt });
    ids.push(...await noteFriendActivity(tx, workspaceId, 'spoke', live.filter((e) => e.type === 'message').map(at)));
    ids.push(...await noteFriendActivity(tx, workspaceId, 'left', live.filter((e) => e.type === 'leave').map(at)));
    // Judged as of the events read (a backlog is judged as it was then); time passing is the upkeep's (jobs.ts).
    await reassess(tx, workspaceId, ids, new Date(Math.max(...live.map((e) => e.occurredAt.getTime()))));
  },
};
