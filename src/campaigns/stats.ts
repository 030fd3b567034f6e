/**
 * What the console and the public page show of a campaign: the funnel (visits → joins → credited →
 * rewarded), the leaderboard, the public proof of rewards paid (names masked: no private data on
 * the public page), a participant's progress, and the fraud review queue.
 */
import type { Queryable } from '../db/database.ts';
import type { Reason, ReferralStatus } from './fraud.ts';
import { leaderboard, progressOf, type Progress } from './progress.ts';
import { standings, type CampaignRow, type Participant } from './store.ts';

export interface Funnel { visits: number; joins: number; credited: number; rewarded: number; held: number; withdrawn: number; rejected: number; pending: number; participants: number; rewardsIssued: number; rewardsHeld: number }

export async function funnelOf(db: Queryable, c: CampaignRow): Promise<Funnel> {
  const rows = await db.query<Funnel>(
    `select (select count(*)::int from campaign_visits where workspace_id = $1 and campaign_id = $2) as visits,
            (select count(*)::int from campaign_referrals where workspace_id = $1 and campaign_id = $2) as joins,
            (select count(*)::int from campaign_referrals where workspace_id = $1 and campaign_id = $2 and status = 'credited') as credited,
            (select count(*)::int from campaign_referrals where workspace_id = $1 and campaign_id = $2 and status = 'held') as held,
            (select count(*)::int from campaign_referrals where workspace_id = $1 and campaign_id = $2 and status = 'withdrawn') as withdrawn,
            (select count(*)::int from campaign_referrals where workspace_id = $1 and campaign_id = $2 and status = 'rejected') as rejected,
            (select count(*)::int from campaign_referrals where workspace_id = $1 and campaign_id = $2 and status = 'pending') as pending,
            (select count(*)::int from campaign_participants where workspace_id = $1 and campaign_id = $2) as participants,
            (select count(distinct participant_id)::int from campaign_rewards where workspace_id = $1 and campaign_id = $2 and status = 'issued' and participant_id is not null) as rewarded,
            (select count(*)::int from campaign_rewards where workspace_id = $1 and campaign_id = $2 and status = 'issued') as "rewardsIssued",
            (select count(*)::int from campaign_rewards where workspace_id = $1 and campaign_id = $2 and status = 'held') as "rewardsHeld"`,
    [c.workspaceId, c.id]);
  return rows[0]!;
}

/** A name as the public page shows it: its first character, then stars (王** / A***). */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return `${chars[0] ?? ''}*`;
  return chars[0] + '*'.repeat(Math.min(3, chars.length - 1));
}

export interface BoardLine { rank: number; participantId: number; name: string; count: number }

export async function boardOf(db: Queryable, c: CampaignRow, limit = 20): Promise<BoardLine[]> {
  const board = leaderboard(await standings(db, c)).slice(0, limit);
  if (!board.length) return [];
  const names = new Map((await db.query<{ id: number; name: string }>('select id, name from campaign_participants where workspace_id = $1 and id = any($2::bigint[])',
    [c.workspaceId, board.map((b) => b.participantId)])).map((r) => [Number(r.id), r.name]));
  return board.map((b) => ({ rank: b.rank, participantId: b.participantId, name: names.get(b.participantId) ?? '', count: b.count }));
}

/** Rewards paid, newest first (the public proof: masked names, the reward, the day). */
export async function proofOf(db: Queryable, c: CampaignRow, limit = 10): Promise<{ total: number; recent: { name: string; reward: string; at: Date }[] }> {
  const total = (await db.query<{ n: number }>(`select count(*)::int as n from campaign_rewards where workspace_id = $1 and campaign_id = $2 and status = 'issued'`, [c.workspaceId, c.id]))[0]!.n;
  const recent = await db.query<{ name: string; reward: string; at: Date }>(
    `select coalesce(p.name, m.display_name, '') as name, r.reward, coalesce(r.decided_at, r.created_at) as at
     from campaign_rewards r left join campaign_participants p on p.workspace_id = r.workspace_id and p.id = r.participant_id
     left join members m on m.workspace_id = r.workspace_id and m.id = r.member_id
     where r.workspace_id = $1 and r.campaign_id = $2 and r.status = 'issued' order by r.id desc limit $3`, [c.workspaceId, c.id, limit]);
  return { total, recent: recent.map((r) => ({ name: maskName(r.name), reward: r.reward, at: new Date(r.at) })) };
}

export async function participantProgress(db: Queryable, c: CampaignRow, p: Participant, now = new Date()): Promise<Progress> {
  const refs = await db.query<{ credited_at: Date | null }>(
    `select credited_at from campaign_referrals where workspace_id = $1 and participant_id = $2 and status in ('credited', 'held')`, [c.workspaceId, p.id]);
  return progressOf(c.settings, c, p.startedAt, refs.map((r) => new Date(r.credited_at ?? now)));
}

export interface ReviewItem {
  id: number; participantId: number; inviterName: string; inviteeName: string; inviteeMemberId: number; status: ReferralStatus; reasons: Reason[];
  joinedAt: Date; spokeAt: Date | null; leftAt: Date | null; override: string | null; note: string | null;
}

/** The fraud review queue: held referrals first, then the other flagged ones, newest first. */
export async function reviewQueue(db: Queryable, c: CampaignRow, status: ReferralStatus | 'flagged', limit = 200): Promise<ReviewItem[]> {
  const statuses = status === 'flagged' ? ['held', 'rejected', 'withdrawn'] : [status];
  const rows = await db.query<ReviewItem>(
    `select r.id, r.participant_id as "participantId", p.name as "inviterName", coalesce(m.display_name, '') as "inviteeName", r.invitee_member_id as "inviteeMemberId",
            r.status, r.reasons, r.joined_at as "joinedAt", r.spoke_at as "spokeAt", r.left_at as "leftAt", r.override, r.note
     from campaign_referrals r join campaign_participants p on p.workspace_id = r.workspace_id and p.id = r.participant_id
     left join members m on m.workspace_id = r.workspace_id and m.id = r.invitee_member_id
     where r.workspace_id = $1 and r.campaign_id = $2 and r.status = any($3::text[])
     order by (r.status = 'held') desc, r.joined_at desc, r.id desc limit $4`, [c.workspaceId, c.id, statuses, limit]);
  return rows.map((r) => ({ ...r, id: Number(r.id), participantId: Number(r.participantId), inviteeMemberId: Number(r.inviteeMemberId),
    joinedAt: new Date(r.joinedAt), spokeAt: r.spokeAt ? new Date(r.spokeAt) : null, leftAt: r.leftAt ? new Date(r.leftAt) : null }));
}
