/**
 * Storage of referral campaigns: creating campaigns and participants, visits through a
 * participant's link, referrals recorded from attributed joins, their assessment (fraud.ts) kept
 * with its reasons, operators' overrides, and rewards.
 *
 * Exactly-once rewards: a reward is inserted under its unique key (campaign, member, key) with
 * `on conflict do nothing`, and only the inserts that created rows take stock: the campaign's row
 * is locked (`for update`, read as it is after any concurrent update) and lowered by what it
 * covers, never below zero; rewards it does not cover are out of stock. A participant's row is
 * locked (`for update`) while their rewards are settled, so two completions of one participant at
 * once are settled one after the other, the second seeing the first's credit. Assessing and
 * settling are set-based (reassess): a run of completions costs a fixed number of statements.
 */
import { randomBytes } from 'node:crypto';
import type { Database, Queryable } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { assessReferral, type Reason, type ReferralStatus } from './fraud.ts';
import { friendRewardOf, isOpen, leaderboard, progressOf, rankRewards, rewardsDue, type Progress, type RewardDue } from './progress.ts';
import { CampaignSettings, FraudSettings } from './types.ts';

const DEFAULT_FINGERPRINT_LIMIT = FraudSettings.parse({}).sameFingerprintLimit;

export interface CampaignRow {
  workspaceId: number; id: number; slug: string; codeId: number; name: string; kind: CampaignSettings['kind'];
  settings: CampaignSettings; stock: number; stockTotal: number; startsAt: Date; endsAt: Date | null; status: string; art: string; createdAt: Date;
}

const COLS = `workspace_id as "workspaceId", id, slug, code_id as "codeId", name, kind, settings, stock, stock_total as "stockTotal",
  starts_at as "startsAt", ends_at as "endsAt", status, art, created_at as "createdAt"`;

function row(r: CampaignRow): CampaignRow {
  return { ...r, workspaceId: Number(r.workspaceId), id: Number(r.id), codeId: Number(r.codeId), settings: CampaignSettings.parse(r.settings),
    startsAt: new Date(r.startsAt), endsAt: r.endsAt ? new Date(r.endsAt) : null, createdAt: new Date(r.createdAt) };
}

export interface CampaignInput {
  name: string; codeId: number; settings: CampaignSettings; stock: number;
  startsAt?: Date | undefined; endsAt?: Date | null | undefined; art?: string | undefined;
}

export async function createCampaign(db: Queryable, workspaceId: number, input: CampaignInput, createdBy: number | null): Promise<CampaignRow> {
  const code = await db.query('select 1 from live_codes where workspace_id = $1 and id = $2', [workspaceId, input.codeId]);
  if (!code.length) throw new AppError('not_found', 'no such live code in this workspace');
  const settings = CampaignSettings.parse(input.settings);
  const rows = await db.query<CampaignRow>(
    `insert into campaigns (workspace_id, slug, code_id, name, kind, settings, stock, stock_total, starts_at, ends_at, art, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10, $11) returning ${COLS}`,
    [workspaceId, randomBytes(9).toString('base64url'), input.codeId, input.name, settings.kind, JSON.stringify(settings), input.stock,
      input.startsAt ?? new Date(), input.endsAt ?? null, input.art ?? 'red', createdBy]);
  return row(rows[0]!);
}

export async function getCampaign(db: Queryable, workspaceId: number, id: number): Promise<CampaignRow> {
  const rows = await db.query<CampaignRow>(`select ${COLS} from campaigns where workspace_id = $1 and id = $2`, [workspaceId, id]);
  if (!rows[0]) throw new AppError('not_found', 'no such campaign');
  return row(rows[0]);
}

export async function campaignBySlug(db: Queryable, slug: string): Promise<CampaignRow | undefined> {
  const rows = await db.query<CampaignRow>(`select ${COLS} from campaigns where slug = $1 limit 1`, [slug]);
  return rows[0] ? row(rows[0]) : undefined;
}

export async function listCampaigns(db: Queryable, workspaceId: number): Promise<CampaignRow[]> {
  return (await db.query<CampaignRow>(`select ${COLS} from campaigns where workspace_id = $1 order by id desc`, [workspaceId])).map(row);
}

export async function setCampaignStatus(db: Queryable, workspaceId: number, id: number, status: 'active' | 'paused' | 'ended'): Promise<CampaignRow> {
  const rows = await db.query<CampaignRow>(`update campaigns set status = $3 where workspace_id = $1 and id = $2 returning ${COLS}`, [workspaceId, id, status]);
  if (!rows[0]) throw new AppError('not_found', 'no such campaign');
  return row(rows[0]);
}

export interface Participant { id: number; campaignId: number; memberId: number; name: string; token: string; startedAt: Date; deviceHash: string | null }
const PCOLS = `id, campaign_id as "campaignId", member_id as "memberId", name, token, started_at as "startedAt", device_hash as "deviceHash"`;
const prow = (r: Participant): Participant => ({ ...r, id: Number(r.id), campaignId: Number(r.campaignId), memberId: Number(r.memberId), startedAt: new Date(r.startedAt) });

/** A member takes part (once per campaign: starting again returns the same link). */
export async function startParticipant(db: Queryable, c: CampaignRow, memberId: number, options: { name?: string; deviceHash?: string | null; now?: Date } = {}): Promise<Participant> {
  const now = options.now ?? new Date();
  const member = await db.query<{ display_name: string | null }>('select display_name from members where workspace_id = $1 and id = $2', [c.workspaceId, memberId]);
  if (!member[0]) throw new AppError('not_found', 'no such member');
  if (!isOpen(c, now)) throw new AppError('conflict', 'the campaign is not open');
  const days = c.settings.eligibility.participantMinDays;
  if (days > 0) {
    const ok = await db.query(`select 1 from memberships where workspace_id = $1 and member_id = $2 and first_joined_at <= $3 limit 1`,
      [c.workspaceId, memberId, new Date(now.getTime() - days * 86_400_000)]);
    if (!ok.length) throw new AppError('conflict', `only members of ${days} days or more may take part`);
  }
  const name = (options.name ?? member[0].display_name ?? '').trim().slice(0, 40) || `#${memberId}`;
  const rows = await db.query<Participant>(
    `insert into campaign_participants (workspace_id, campaign_id, member_id, name, token, device_hash, started_at)
     values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (workspace_id, campaign_id, member_id) do update set device_hash = coalesce(campaign_participants.device_hash, excluded.device_hash)
     returning ${PCOLS}`, [c.workspaceId, c.id, memberId, name, randomBytes(12).toString('base64url'), options.deviceHash ?? null, now]);
  return prow(rows[0]!);
}

export async function participantByToken(db: Queryable, c: CampaignRow, token: string): Promise<Participant | undefined> {
  const rows = await db.query<Participant>(`select ${PCOLS} from campaign_participants where workspace_id = $1 and campaign_id = $2 and token = $3`, [c.workspaceId, c.id, token]);
  return rows[0] ? prow(rows[0]) : undefined;
}

export async function getParticipant(db: Queryable, workspaceId: number, id: number): Promise<Participant> {
  const rows = await db.query<Participant>(`select ${PCOLS} from campaign_participants where workspace_id = $1 and id = $2`, [workspaceId, id]);
  if (!rows[0]) throw new AppError('not_found', 'no such participant');
  return prow(rows[0]);
}

/** A participant's personal link: the campaign's page, which routes through the live code. */
export function participantLink(baseUrl: string, c: Pick<CampaignRow, 'slug'>, p: Pick<Participant, 'token'>): string {
  return `${baseUrl.replace(/\/$/, '')}/k/${c.slug}/${p.token}`;
}

/**
 * A visit through a participant's link, and the seat its live code gave the visitor: the
 * reservation is marked with the inviting member, so attribution names them when the visitor joins.
 */
export async function recordVisit(db: Queryable, c: CampaignRow, p: Participant, v: { visitor: string | null; ipHash: string | null; deviceHash: string | null; reservationId: number | null; now?: Date }): Promise<void> {
  await db.query(
    `insert into campaign_visits (workspace_id, campaign_id, participant_id, visitor, ip_hash, device_hash, reservation_id, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`, [c.workspaceId, c.id, p.id, v.visitor, v.ipHash, v.deviceHash, v.reservationId, v.now ?? new Date()]);
  if (v.reservationId !== null) {
    await db.query(`update code_reservations set inviter_member_id = $3 where workspace_id = $1 and id = $2 and state = 'pending'`, [c.workspaceId, v.reservationId, p.memberId]);
  }
}

/** A join attributed to a code with an inviting member (code_attributions), as the reactor reads it. */
export interface AttributedJoin { codeId: number; groupId: number; memberId: number; inviterMemberId: number; reservationId: number | null; joinedAt: Date }

/** Records the referrals of attributed joins (once per campaign and friend), in one statement. Returns the new referral ids. */
export async function recordReferrals(tx: Queryable, workspaceId: number, joins: readonly AttributedJoin[]): Promise<number[]> {
  if (!joins.length) return [];
  const rows = await tx.query<{ id: number }>(
    `insert into campaign_referrals (workspace_id, campaign_id, participant_id, inviter_member_id, invitee_member_id, group_id, joined_at, ip_hash, device_hash)
     select $1, c.id, p.id, p.member_id, j.member, j.grp, j.at, v.ip_hash, v.device_hash
     from unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::timestamptz[], $6::bigint[], $7::bigint[]) with ordinality as j(code, member, grp, at, inviter, reservation, o)
     join campaigns c on c.workspace_id = $1 and c.code_id = j.code and c.status = 'active' and c.starts_at <= j.at and (c.ends_at is null or c.ends_at > j.at)
     join campaign_participants p on p.workspace_id = c.workspace_id and p.campaign_id = c.id and p.member_id = j.inviter
     left join lateral (select ip_hash, device_hash from campaign_visits
       where workspace_id = $1 and reservation_id = j.reservation and campaign_id = c.id order by id desc limit 1) v on true
     order by j.o
     on conflict (workspace_id, campaign_id, invitee_member_id) do nothing returning id`,
    [workspaceId, joins.map((j) => j.codeId), joins.map((j) => j.memberId), joins.map((j) => j.groupId), joins.map((j) => j.joinedAt),
      joins.map((j) => j.inviterMemberId), joins.map((j) => j.reservationId)]);
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

interface FactsRow {
  id: number; campaign_id: number; participant_id: number; inviter_member_id: number; invitee_member_id: number; joined_at: Date; left_at: Date | null; spoke_at: Date | null;
  ip_hash: string | null; device_hash: string | null; status: ReferralStatus; reasons: unknown; override: string | null; inviter_devices: string[] | null;
  same_address: number; same_device: number; recent: number; invitee_banned: boolean; inviter_banned: boolean; was_member: boolean; matured: number; silent: number;
}

/**
 * Assesses referrals again (after a join, a message, a leave, the stay time, a review) and settles
 * the rewards of the participants whose referrals changed. Operators' overrides stay as decided.
 *
 * Set-based, so that a run of events (the reactor's batch, the upkeep's chunk) costs a handful of
 * statements rather than several per referral: the participants are locked in one statement (in
 * id order: two runs never wait on each other in a cycle), the facts of every referral read in one
 * query per campaign, the verdicts that changed written in one, and the rewards of all touched
 * participants settled together (settleMany). Referrals sharing an address or device over the
 * limit with one of `referralIds` are assessed with them (sameFingerprintFellows): the address
 * rule decides for all of them at once. Returns the number of referrals whose status changed.
 */
export async function reassess(tx: Queryable, workspaceId: number, referralIds: readonly number[], now = new Date()): Promise<number> {
  if (!referralIds.length) return 0;
  const ids = [...new Set([...referralIds, ...await sameFingerprintFellows(tx, workspaceId, referralIds)])].sort((a, b) => a - b);
  // Participants are locked before their referrals change: a concurrent twin of this run waits here and then sees its effect.
  const parts = await tx.query<{ id: number; campaign_id: number }>(
    `select p.id, p.campaign_id from campaign_participants p
     where p.workspace_id = $1 and p.id in (select participant_id from campaign_referrals where workspace_id = $1 and id = any($2::bigint[]))
     order by p.id for update`, [workspaceId, ids]);
  let changed = 0;
  for (const cid of [...new Set(parts.map((p) => Number(p.campaign_id)))].sort((a, b) => a - b)) {
    const c = await getCampaign(tx, workspaceId, cid);
    const f = c.settings.fraud;
    const maturedBefore = new Date(now.getTime() - f.stayDays * 86_400_000);
    const facts = await tx.query<FactsRow>(
      `select r.id, r.campaign_id, r.participant_id, r.inviter_member_id, r.invitee_member_id, r.joined_at, r.left_at, r.spoke_at, r.ip_hash, r.device_hash, r.status, r.reasons, r.override,
         (select array_remove(array_agg(distinct d), null) from (
            select p.device_hash as d from campaign_participants p where p.workspace_id = $1 and p.id = r.participant_id
            union all select v.device_hash from campaign_visits v join code_attributions a on a.workspace_id = v.workspace_id and a.reservation_id = v.reservation_id
              where v.workspace_id = $1 and a.group_id = r.group_id and a.member_id = r.inviter_member_id) x) as inviter_devices,
         (select count(*)::int from campaign_referrals o where o.workspace_id = $1 and o.campaign_id = r.campaign_id and o.ip_hash = r.ip_hash) as same_address,
         (select count(*)::int from campaign_referrals o where o.workspace_id = $1 and o.campaign_id = r.campaign_id and o.device_hash = r.device_hash) as same_device,
         (select count(*)::int from campaign_referrals o where o.workspace_id = $1 and o.participant_id = r.participant_id
            and o.joined_at > r.joined_at - make_interval(mins => $4) and o.joined_at <= r.joined_at) as recent,
         exists (select 1 from moderation_bans b where b.workspace_id = $1 and b.member_id = r.invitee_member_id and b.lifted_at is null) as invitee_banned,
         exists (select 1 from moderation_bans b where b.workspace_id = $1 and b.member_id = r.inviter_member_id and b.lifted_at is null) as inviter_banned,
         exists (select 1 from memberships m where m.workspace_id = $1 and m.member_id = r.invitee_member_id and m.first_joined_at < $5) as was_member,
         s.matured, s.silent
       from campaign_referrals r
       join lateral (select count(*)::int as matured, count(*) filter (where o.spoke_at is null)::int as silent
         from campaign_referrals o where o.workspace_id = $1 and o.participant_id = r.participant_id and o.joined_at <= $6) s on true
       where r.workspace_id = $1 and r.campaign_id = $2 and r.id = any($3::bigint[]) and r.override is null`,
      [workspaceId, cid, ids, f.velocityWindowMinutes, c.startsAt, maturedBefore]);
    // What silence is normal in this campaign (silent friends: fraud.ts): its latest 1,000 matured
    // friends (a bounded read, whatever the campaign's size), by inviter so that each inviter is
    // compared with the others; read only when an inviter here has friends silent enough to ask.
    const asks = facts.some((r) => r.spoke_at === null && r.matured >= f.silentMin && r.silent / r.matured >= f.silentShare);
    const sample = asks ? await tx.query<{ participant_id: number; matured: number; silent: number }>(
      `select participant_id, count(*)::int as matured, count(*) filter (where spoke_at is null)::int as silent from (
         select participant_id, spoke_at from campaign_referrals where workspace_id = $1 and campaign_id = $2 and joined_at <= $3 order by joined_at desc limit 1000) s
       group by participant_id`, [workspaceId, cid, maturedBefore]) : [];
    const total = { matured: 0, silent: 0 };
    const sampled = new Map<number, { matured: number; silent: number }>();
    for (const x of sample) { total.matured += x.matured; total.silent += x.silent; sampled.set(Number(x.participant_id), x); }
    const updates: { id: number; status: ReferralStatus; reasons: string }[] = [];
    const touched = new Set<number>();
    for (const r of facts) {
      const v = assessReferral({
        inviterMemberId: Number(r.inviter_member_id), inviteeMemberId: Number(r.invitee_member_id), joinedAt: new Date(r.joined_at),
        leftAt: r.left_at ? new Date(r.left_at) : null, spokeAt: r.spoke_at ? new Date(r.spoke_at) : null, ipHash: r.ip_hash, deviceHash: r.device_hash,
        inviterDevices: r.inviter_devices ?? [], sameAddressJoins: r.same_address, sameDeviceJoins: r.same_device, inviterRecentJoins: r.recent,
        inviteeBanned: r.invitee_banned, inviterBanned: r.inviter_banned, inviteeWasMember: r.was_member, newMembersOnly: c.settings.eligibility.newMembersOnly,
        inviterMatured: r.matured, inviterSilent: r.silent,
        othersMatured: total.matured - (sampled.get(Number(r.participant_id))?.matured ?? 0), othersSilent: total.silent - (sampled.get(Number(r.participant_id))?.silent ?? 0),
      }, f, now);
      const reasons = JSON.stringify(v.reasons);
      // A verdict delivered again writes nothing (same status, same reasons).
      if (v.status !== r.status || reasons !== JSON.stringify(r.reasons ?? [])) {
        updates.push({ id: Number(r.id), status: v.status, reasons });
        if (v.status !== r.status) changed++;
      }
      touched.add(Number(r.participant_id));
    }
    if (updates.length) {
      await tx.query(
        `update campaign_referrals r set status = u.status, reasons = u.reasons::jsonb,
           credited_at = case when u.status in ('credited', 'held') then coalesce(r.credited_at, $3) else null end
         from unnest($2::bigint[], $4::text[], $5::text[]) as u(id, status, reasons)
         where r.workspace_id = $1 and r.id = u.id`,
        [workspaceId, updates.map((u) => u.id), now, updates.map((u) => u.status), updates.map((u) => u.reasons)]);
    }
    await settleMany(tx, c, [...touched].sort((a, b) => a - b), now);
  }
  return changed;
}

/**
 * The address and device rules decide for a whole address (device) of a campaign at once: once
 * more than `sameFingerprintLimit` of its joins came from one, every referral of the campaign from
 * it is held — those credited before the later ones arrived too — so the final verdicts do not
 * depend on how the joins fell into assessment runs. Returns the open referrals (not decided by an
 * operator, not refused or withdrawn, outside `ids`) sharing an address or device over the limit
 * with a referral in `ids`, to be assessed with them. Under the limit this rule holds nothing, so
 * nothing is added. Two runs recording joins from one address at the same moment in separate
 * transactions may each miss the other's (not yet committed); the upkeep, which assesses every
 * open referral again, settles it.
 */
async function sameFingerprintFellows(tx: Queryable, workspaceId: number, ids: readonly number[]): Promise<number[]> {
  const rows = await tx.query<{ id: number }>(
    `with mine as (select distinct campaign_id, ip_hash, device_hash from campaign_referrals where workspace_id = $1 and id = any($2::bigint[])),
     lim as (select c.id as campaign_id, coalesce((c.settings->'fraud'->>'sameFingerprintLimit')::int, $3) as n
       from campaigns c where c.workspace_id = $1 and c.id in (select campaign_id from mine)),
     addr as (select m.campaign_id, m.ip_hash from (select distinct campaign_id, ip_hash from mine where ip_hash is not null) m join lim using (campaign_id)
       where (select count(*) from campaign_referrals x where x.workspace_id = $1 and x.campaign_id = m.campaign_id and x.ip_hash = m.ip_hash) > lim.n),
     dev as (select m.campaign_id, m.device_hash from (select distinct campaign_id, device_hash from mine where device_hash is not null) m join lim using (campaign_id)
       where (select count(*) from campaign_referrals x where x.workspace_id = $1 and x.campaign_id = m.campaign_id and x.device_hash = m.device_hash) > lim.n)
     select o.id from campaign_referrals o
     where o.workspace_id = $1 and o.override is null and o.status in ('pending', 'credited', 'held') and not (o.id = any($2::bigint[]))
       and ((o.campaign_id, o.ip_hash) in (select campaign_id, ip_hash from addr) or (o.campaign_id, o.device_hash) in (select campaign_id, device_hash from dev))`,
    [workspaceId, ids, DEFAULT_FINGERPRINT_LIMIT]);
  return rows.map((r) => Number(r.id));
}

/** Issues one reward under its key: the first insert takes a unit of stock; a repeat does nothing. */
export async function issueReward(tx: Queryable, c: CampaignRow, memberId: number, participantId: number | null, due: RewardDue, held: boolean): Promise<'issued' | 'held' | 'out_of_stock' | 'duplicate'> {
  const [status] = await issueRewards(tx, c, [{ memberId, participantId, due, held }]);
  return status!;
}

interface NewReward { memberId: number; participantId: number | null; due: RewardDue; held: boolean }
type Outcome = 'issued' | 'held' | 'out_of_stock' | 'duplicate';

/**
 * Issues rewards under their keys, whatever their number, in two statements (three when the stock
 * runs out): the rows are inserted issued (or held) with `on conflict do nothing` — a key already
 * given, by this run's concurrent twin too, inserts nothing — then the stock is taken for those
 * inserted (plus `giveBack` returned) in one statement, the last before commit: the campaign's row
 * is the one every completion of the campaign writes, and it stays locked until commit, so it is
 * taken as late as possible. Those the stock did not cover are then marked out of stock (the last
 * ones, in order). Returns each reward's outcome, in order.
 */
async function issueRewards(tx: Queryable, c: CampaignRow, rewards: readonly NewReward[], giveBack = 0): Promise<Outcome[]> {
  const out: Outcome[] = rewards.map(() => 'duplicate');
  const ins = rewards.length ? await tx.query<{ id: number; o: number }>(
    `insert into campaign_rewards (workspace_id, campaign_id, member_id, participant_id, key, reward, status)
     select $1, $2, m, p, k, rw, st from unnest($3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::text[]) with ordinality as u(m, p, k, rw, st, o) order by o
     on conflict (workspace_id, campaign_id, member_id, key) do nothing
     returning id, (select o from unnest($3::bigint[], $5::text[]) with ordinality as x(m2, k2, o) where m2 = member_id and k2 = key limit 1) as o`,
    [c.workspaceId, c.id, rewards.map((r) => r.memberId), rewards.map((r) => r.participantId), rewards.map((r) => r.due.key), rewards.map((r) => r.due.reward),
      rewards.map((r) => (r.held ? 'held' : 'issued'))]) : [];
  if (!ins.length && !giveBack) return out;
  const inserted = ins.map((r) => ({ id: Number(r.id), i: Number(r.o) - 1 })).sort((a, b) => a.i - b.i);
  // Stock never below zero: the row is locked and read as it is now (cur), then lowered by what it covers.
  const [row] = await tx.query<{ took: number }>(
    `with cur as (select stock from campaigns where workspace_id = $1 and id = $2 for update)
     update campaigns c set stock = cur.stock + $4 - least(cur.stock + $4, $3) from cur
     where c.workspace_id = $1 and c.id = $2 returning least(cur.stock + $4, $3)::int as took`,
    [c.workspaceId, c.id, inserted.length, giveBack]);
  const took = Math.max(0, row?.took ?? 0);
  inserted.forEach((x, k) => { out[x.i] = k < took ? (rewards[x.i]!.held ? 'held' : 'issued') : 'out_of_stock'; });
  if (took < inserted.length) {
    await tx.query(`update campaign_rewards set status = 'out_of_stock' where workspace_id = $1 and id = any($2::bigint[])`,
      [c.workspaceId, inserted.slice(took).map((x) => x.id)]);
  }
  return out;
}

/**
 * Settles a participant's rewards from their credited (and held) referrals: rewards newly due are
 * issued, or held while any of their referrals is held; held rewards are released once none is,
 * and given back (rejected, stock returned) when no longer due. Call with the participant locked.
 */
export async function settleRewards(tx: Queryable, c: CampaignRow, participantId: number, now = new Date()): Promise<Progress> {
  return (await settleMany(tx, c, [participantId], now)).get(participantId)!;
}

/** settleRewards for many participants of one campaign at once (all locked by the caller), in a fixed number of statements. */
async function settleMany(tx: Queryable, c: CampaignRow, participantIds: readonly number[], now: Date): Promise<Map<number, Progress>> {
  const progressBy = new Map<number, Progress>();
  if (!participantIds.length) return progressBy;
  const [parts, refs] = await Promise.all([
    tx.query<{ id: number; member_id: number; started_at: Date; reached_at: Date | null }>(
      'select id, member_id, started_at, reached_at from campaign_participants where workspace_id = $1 and id = any($2::bigint[]) order by id', [c.workspaceId, participantIds]),
    tx.query<{ participant_id: number; status: ReferralStatus; credited_at: Date | null; invitee_member_id: number }>(
      `select participant_id, status, credited_at, invitee_member_id from campaign_referrals
       where workspace_id = $1 and participant_id = any($2::bigint[]) and status in ('credited', 'held') order by participant_id, credited_at`,
      [c.workspaceId, participantIds]),
  ]);
  const refsOf = new Map<number, typeof refs>();
  for (const r of refs) { const k = Number(r.participant_id); let l = refsOf.get(k); if (!l) refsOf.set(k, l = []); l.push(r); }
  const friend = friendRewardOf(c.settings);
  const plans = parts.map((row) => {
    const p = { id: Number(row.id), memberId: Number(row.member_id), startedAt: new Date(row.started_at), reached: row.reached_at !== null };
    const mine = refsOf.get(p.id) ?? [];
    const suspect = mine.some((r) => r.status === 'held');
    const progress = progressOf(c.settings, c, p.startedAt, mine.map((r) => new Date(r.credited_at ?? now)));
    progressBy.set(p.id, progress);
    const friends = friend ? mine.filter((x) => x.status === 'credited').map((x) => Number(x.invitee_member_id)) : [];
    return { p, suspect, progress, due: rewardsDue(c.settings, progress), friends };
  });
  const reached = plans.filter((x) => x.progress.reached && !x.p.reached).map((x) => x.p.id);
  // What each member has already: only keys not given yet are tried (each still under the unique key).
  const members = [...new Set(plans.flatMap((x) => [x.p.memberId, ...x.friends]))];
  const [have] = await Promise.all([
    tx.query<{ id: number; member_id: number; participant_id: number | null; key: string; status: string }>(
      'select id, member_id, participant_id, key, status from campaign_rewards where workspace_id = $1 and campaign_id = $2 and member_id = any($3::bigint[])',
      [c.workspaceId, c.id, members]),
    reached.length ? tx.query('update campaign_participants set reached_at = coalesce(reached_at, $3) where workspace_id = $1 and id = any($2::bigint[])', [c.workspaceId, reached, now]) : null,
  ]);
  const given = new Set(have.map((r) => `${r.member_id}:${r.key}`));
  const fresh: NewReward[] = [];
  const gone: number[] = [], release: number[] = [];
  for (const x of plans) {
    for (const d of x.due) if (!given.has(`${x.p.memberId}:${d.key}`)) fresh.push({ memberId: x.p.memberId, participantId: x.p.id, due: d, held: x.suspect });
    if (friend) for (const m of x.friends) if (!given.has(`${m}:${friend.key}`)) { fresh.push({ memberId: m, participantId: null, due: friend, held: false }); given.add(`${m}:${friend.key}`); }
    // Held rewards no longer due give their stock back; the rest are released once nothing is held.
    const keys = new Set(x.due.map((d) => d.key));
    for (const r of have) {
      if (Number(r.participant_id) !== x.p.id || r.status !== 'held') continue;
      if (!keys.has(r.key) && !r.key.startsWith('rank:')) gone.push(Number(r.id));
      else if (!x.suspect) release.push(Number(r.id));
    }
  }
  if (release.length) await tx.query(`update campaign_rewards set status = 'issued', decided_at = $3 where workspace_id = $1 and id = any($2::bigint[]) and status = 'held'`, [c.workspaceId, release, now]);
  const back = gone.length
    ? (await tx.query(`update campaign_rewards set status = 'rejected', decided_at = $3 where workspace_id = $1 and id = any($2::bigint[]) and status = 'held' returning id`, [c.workspaceId, gone, now])).length
    : 0;
  // Last: the stock (the campaign's row, which concurrent runs queue on until this commits).
  await issueRewards(tx, c, fresh, back);
  return progressBy;
}

/** 比: once the campaign has ended, each ranked participant's reward, once. */
export async function awardRanks(tx: Queryable, c: CampaignRow, now = new Date()): Promise<number> {
  if (c.settings.kind !== 'rank' || (c.endsAt === null ? c.status !== 'ended' : c.endsAt.getTime() > now.getTime())) return 0;
  const board = leaderboard(await standings(tx, c));
  let n = 0;
  for (const [pid, due] of rankRewards(c.settings, board)) {
    const p = await getParticipant(tx, c.workspaceId, pid);
    const held = (await tx.query(`select 1 from campaign_referrals where workspace_id = $1 and participant_id = $2 and status = 'held' limit 1`, [c.workspaceId, pid])).length > 0;
    if ((await issueReward(tx, c, p.memberId, pid, due, held)) !== 'duplicate') n++;
  }
  return n;
}

export async function standings(db: Queryable, c: CampaignRow) {
  const rows = await db.query<{ id: number; n: number; last: Date | null }>(
    `select p.id, count(r.id)::int as n, max(r.credited_at) as last from campaign_participants p
     left join campaign_referrals r on r.workspace_id = p.workspace_id and r.participant_id = p.id and r.status = 'credited'
     where p.workspace_id = $1 and p.campaign_id = $2 group by p.id`, [c.workspaceId, c.id]);
  return rows.map((r) => ({ participantId: Number(r.id), count: r.n, reachedAt: r.last ? new Date(r.last) : null }));
}

/** A friend spoke or left: their referrals are assessed again. */
export async function noteFriendActivity(tx: Queryable, workspaceId: number, kind: 'spoke' | 'left', items: readonly { memberId: number; groupId: number; at: Date }[]): Promise<number[]> {
  if (!items.length) return [];
  const col = kind === 'spoke' ? 'spoke_at' : 'left_at';
  const rows = await tx.query<{ id: number }>(
    `update campaign_referrals r set ${col} = x.at from (
       select distinct on (m, g) m, g, at from unnest($2::bigint[], $3::bigint[], $4::timestamptz[]) as u(m, g, at) order by m, g, at) x
     where r.workspace_id = $1 and r.invitee_member_id = x.m and r.group_id = x.g and r.${col} is null and r.joined_at <= x.at
     returning r.id`,
    [workspaceId, items.map((i) => i.memberId), items.map((i) => i.groupId), items.map((i) => i.at)]);
  return rows.map((r) => Number(r.id));
}

/** Referrals waiting for the stay time or held, whose verdict may have changed with time. */
export async function openReferrals(db: Queryable, workspaceId: number): Promise<number[]> {
  return (await db.query<{ id: number }>(
    `select id from campaign_referrals where workspace_id = $1 and status in ('pending', 'held', 'credited') and override is null`, [workspaceId])).map((r) => Number(r.id));
}

/**
 * An operator's decision on a referral: release (credited), reject, or hold it for review again
 * (back to the rules). The reason is kept; the caller audits it.
 */
export async function reviewReferral(database: Database, workspaceId: number, referralId: number, decision: 'release' | 'reject' | 'reopen', note: string, by: number | null, now = new Date()): Promise<{ status: ReferralStatus }> {
  return database.transaction((db) => review(db, workspaceId, referralId, decision, note, by, now));
}

async function review(db: Queryable, workspaceId: number, referralId: number, decision: 'release' | 'reject' | 'reopen', note: string, by: number | null, now: Date): Promise<{ status: ReferralStatus }> {
  const r = await db.query<{ participant_id: number; campaign_id: number; reasons: Reason[] }>(
    'select participant_id, campaign_id, reasons from campaign_referrals where workspace_id = $1 and id = $2', [workspaceId, referralId]);
  if (!r[0]) throw new AppError('not_found', 'no such referral');
  await db.query('select 1 from campaign_participants where workspace_id = $1 and id = $2 for update', [workspaceId, r[0].participant_id]);
  if (decision === 'reopen') {
    await db.query('update campaign_referrals set override = null, decided_by = $3, decided_at = $4, note = $5 where workspace_id = $1 and id = $2', [workspaceId, referralId, by, now, note]);
    await reassess(db, workspaceId, [referralId], now);
  } else {
    const status: ReferralStatus = decision === 'release' ? 'credited' : 'rejected';
    await db.query(
      `update campaign_referrals set override = $3, status = $3, decided_by = $4, decided_at = $5, note = $6,
         credited_at = case when $3 = 'credited' then coalesce(credited_at, $5) else null end
       where workspace_id = $1 and id = $2`, [workspaceId, referralId, status, by, now, note]);
    await settleRewards(db, await getCampaign(db, workspaceId, Number(r[0].campaign_id)), Number(r[0].participant_id), now);
  }
  const after = await db.query<{ status: ReferralStatus }>('select status from campaign_referrals where workspace_id = $1 and id = $2', [workspaceId, referralId]);
  return { status: after[0]!.status };
}
