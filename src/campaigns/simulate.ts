/**
 * Plays a simulated referral campaign (src/simulator/referrals.ts) end to end against a database:
 * a workspace with one group behind a live code, a campaign over it, participants with their
 * links, friends who visit a link, join through the code's platform link, speak and leave (events
 * through ingest, reactors behind the projector, as in production), then the upkeep. Returns the
 * funnel (visits → joins → credited → rewarded), the rewards and the fraud flags' precision and
 * recall against the plan's ground truth. What `qunyun campaign simulate` prints.
 */
import type { Database } from '../db/database.ts';
import { addGroupToPool, createCode } from '../acquisition/codes.ts';
import { acquisitionReactor } from '../acquisition/reactor.ts';
import { ingestBatch } from '../events/ingest.ts';
import { reactPending } from '../events/reactors.ts';
import { ensurePlatformAccount, ensureWorkspace } from '../workspaces/workspaces.ts';
import type { ReferralPlan } from '../simulator/referrals.ts';
import { isFlagged, scoreFlags, type ReferralStatus, type Score } from './fraud.ts';
import { runCampaignUpkeep } from './jobs.ts';
import { campaignsReactor } from './reactor.ts';
import { createCampaign, getCampaign, startParticipant, type CampaignRow } from './store.ts';
import type { CampaignSettings } from './types.ts';
import { visitThroughLink } from './visit.ts';

const HOUR = 3600_000;

export interface SimulationReport {
  campaign: CampaignRow;
  funnel: { visits: number; joins: number; credited: number; rewarded: number };
  rewards: Record<string, number>;
  stockLeft: number;
  statuses: Record<string, number>;
  fraud: Score & { byKind: Record<string, { caught: number; of: number }> };
}

export async function simulateCampaign(db: Database, plan: ReferralPlan, options: { slug: string; settings: CampaignSettings; stock: number; now?: Date }): Promise<SimulationReport> {
  const now = options.now ?? new Date();
  // The campaign started long enough ago for every friend's stay time to have passed.
  const start = new Date(now.getTime() - (plan.params.days + 5) * 24 * HOUR);
  const at = (h: number) => new Date(start.getTime() + h * HOUR);
  const w = await ensureWorkspace(db, options.slug);
  const account = await ensurePlatformAccount(db, w.id, 'sandbox', `bot-${options.slug}`, 'bot');
  const scope = { workspaceId: w.id, accountId: account.id, timezone: w.timezone };
  const ingest = async (events: unknown[]) => { for (let i = 0; i < events.length; i += 500) await ingestBatch(db, scope, events.slice(i, i + 500)); };
  const react = () => reactPending(db, w.id, [acquisitionReactor, campaignsReactor]);
  await ingest([{ type: 'group_created', eventId: 'g', occurredAt: new Date(start.getTime() - 30 * 24 * HOUR).toISOString(), groupId: 'camp', name: '裂变群', capacity: 100_000 }]);
  const groupId = (await db.query<{ id: number }>(`select id from groups where workspace_id = $1 and platform_group_id = 'camp'`, [w.id]))[0]!.id;
  const code = await createCode(db, w.id, { name: '裂变活码', source: 'campaign', firstPhase: 90_000, sweetSpotMin: 95_000, sweetSpotMax: 99_000, hardCap: 100_000 }, null);
  await addGroupToPool(db, w.id, code, Number(groupId), { url: 'https://sandbox.example/+camp', code: 'camp-link', expiresAt: null });
  await react();
  // Participants were members before the campaign.
  await ingest(plan.participants.map((p) => ({ type: 'join', eventId: `pj-${p.userId}`, occurredAt: new Date(start.getTime() - 20 * 24 * HOUR).toISOString(), groupId: 'camp', userId: p.userId, name: p.name })));
  await react();
  const memberOf = new Map((await db.query<{ platform_user_id: string; member_id: number }>(
    'select platform_user_id, member_id from member_identities where workspace_id = $1', [w.id])).map((r) => [r.platform_user_id, Number(r.member_id)]));
  const campaign = await createCampaign(db, w.id, { name: '邀请好友领好礼', codeId: code.id, settings: options.settings, stock: options.stock, startsAt: start, endsAt: null }, null);
  const parts = [];
  for (const p of plan.participants) parts.push(await startParticipant(db, campaign, memberOf.get(p.userId)!, { name: p.name, deviceHash: p.device, now: start }));
  // Each friend opens the link, then joins, speaks and leaves; the events go in in time order (the
  // code takes seats in order of visits, a join takes the oldest seat: visits come in join order).
  const events: { at: Date; e: Record<string, unknown> }[] = [];
  for (const r of plan.referrals) {
    if (at(r.joinAt) > now) continue;
    await visitThroughLink(db, campaign, parts[r.participant]!, { visitor: `v-${r.userId}`, zone: 'UTC', ipHash: r.ip, deviceHash: r.device, now: at(r.joinAt) });
    events.push({ at: at(r.joinAt), e: { type: 'join', eventId: `j-${r.userId}`, occurredAt: at(r.joinAt).toISOString(), groupId: 'camp', userId: r.userId, name: r.name, via: { inviteCode: 'camp-link' } } });
    if (r.speakAt !== null && at(r.speakAt) <= now) events.push({ at: at(r.speakAt), e: { type: 'message', eventId: `m-${r.userId}`, occurredAt: at(r.speakAt).toISOString(), groupId: 'camp', messageId: `m-${r.userId}`, userId: r.userId, text: '谢谢邀请' } });
    if (r.leaveAt !== null && at(r.leaveAt) <= now) events.push({ at: at(r.leaveAt), e: { type: 'leave', eventId: `l-${r.userId}`, occurredAt: at(r.leaveAt).toISOString(), groupId: 'camp', userId: r.userId } });
  }
  events.sort((a, b) => a.at.getTime() - b.at.getTime());
  await ingest(events.map((x) => x.e));
  await react();
  // Visitors who opened a link and never joined (after the joins: their seats lapse unused).
  for (const [i, b] of plan.bounces.entries()) {
    await visitThroughLink(db, campaign, parts[b.participant]!, { visitor: `b-${i}`, zone: 'UTC', ipHash: `ip-b${i}`, deviceHash: `dev-b${i}`, now });
  }
  await runCampaignUpkeep(db, now);
  return campaignReport(db, campaign.workspaceId, campaign.id, plan);
}

export async function campaignReport(db: Database, workspaceId: number, campaignId: number, plan: ReferralPlan): Promise<SimulationReport> {
  const campaign = (await db.query<{ stock: number }>('select stock from campaigns where workspace_id = $1 and id = $2', [workspaceId, campaignId]))[0]!;
  const refs = await db.query<{ platform_user_id: string; status: ReferralStatus }>(
    `select i.platform_user_id, r.status from campaign_referrals r
     join member_identities i on i.workspace_id = r.workspace_id and i.member_id = r.invitee_member_id
     where r.workspace_id = $1 and r.campaign_id = $2`, [workspaceId, campaignId]);
  const truth = new Map(plan.referrals.map((r) => [r.userId, r.fraud]));
  const statuses: Record<string, number> = {};
  const byKind: Record<string, { caught: number; of: number }> = {};
  for (const r of refs) {
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    const k = truth.get(r.platform_user_id);
    if (k) { const b = (byKind[k] ??= { caught: 0, of: 0 }); b.of++; if (isFlagged(r.status)) b.caught++; }
  }
  const score = scoreFlags(refs.map((r) => ({ flagged: isFlagged(r.status), fraud: (truth.get(r.platform_user_id) ?? null) !== null })));
  const rewardRows = await db.query<{ status: string; n: number }>('select status, count(*)::int as n from campaign_rewards where workspace_id = $1 and campaign_id = $2 group by status', [workspaceId, campaignId]);
  const rewards = Object.fromEntries(rewardRows.map((r) => [r.status, r.n]));
  const visits = (await db.query<{ n: number }>('select count(*)::int as n from campaign_visits where workspace_id = $1 and campaign_id = $2', [workspaceId, campaignId]))[0]!.n;
  const rewarded = (await db.query<{ n: number }>(`select count(distinct member_id)::int as n from campaign_rewards where workspace_id = $1 and campaign_id = $2 and status = 'issued' and participant_id is not null`, [workspaceId, campaignId]))[0]!.n;
  return {
    campaign: await getCampaign(db, workspaceId, campaignId), stockLeft: campaign.stock, statuses, rewards,
    funnel: { visits, joins: refs.length, credited: statuses.credited ?? 0, rewarded },
    fraud: { ...score, byKind },
  };
}
