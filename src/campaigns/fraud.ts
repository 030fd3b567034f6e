/**
 * Anti-fraud of referral campaigns (pure rules with reasons). Each referral (a friend who joined
 * through a participant's link) is assessed from plain facts; the verdict keeps every reason, so
 * an operator can review it and override it (the override is stored and audited by the caller).
 *
 *   rejected   self-invite (same member, or the inviter's own device), friend banned elsewhere in
 *              the workspace, friend not new when only newcomers count;
 *   withdrawn  the friend left within the leave window (join-and-leave): the credit is taken back;
 *   held       suspect, for review rather than refused: the inviter is banned, invites too fast
 *              (velocity), many joins came from one device or one address (decided for the address
 *              as a whole: past the limit, all its joins of the campaign are held, those credited
 *              before too — store.ts reassess assesses them together), or most of the inviter's
 *              matured friends never spoke (silent fake accounts) — more of them than chance allows
 *              given how many friends of the campaign's other inviters never spoke: lurkers are
 *              normal (about 40% of honest friends in the simulator), so 4 silent of 5 friends
 *              happens to one honest inviter in 12 and is no sign (bench:campaign at 5,000
 *              completions: 125 of 197 false flags were such; a farm's 8–20 silent accounts are
 *              far beyond chance);
 *   pending    not yet credited: a friend counts once they stayed `stayDays` or spoke;
 *   credited   counts towards the inviter's progress.
 *
 * Addresses and devices are only ever seen hashed (fingerprint.ts). A reason is stored as its rule,
 * a code and numbers (the console words it in the operator's language: campaigns.reasons.* in the
 * i18n files), with an English sentence for logs and the CLI.
 */
import type { FraudSettings } from './types.ts';

export type ReferralStatus = 'pending' | 'credited' | 'withdrawn' | 'held' | 'rejected';
export type FraudRule = 'self_invite' | 'banned' | 'not_new' | 'join_and_leave' | 'inviter_banned' | 'velocity' | 'same_device' | 'same_address' | 'silent_friends';

/** Which case of a rule, with its numbers: the console's sentence is campaigns.reasons.<code>. */
export type ReasonCode = 'same_member' | 'inviter_device' | 'banned' | 'not_new' | 'left_early' | 'inviter_banned' | 'velocity' | 'same_device' | 'same_address' | 'silent_friends';
export interface Reason { rule: FraudRule; code: ReasonCode; params: Record<string, number>; text: string }
export interface Verdict { status: ReferralStatus; reasons: Reason[] }

export interface ReferralFacts {
  inviterMemberId: number;
  inviteeMemberId: number;
  joinedAt: Date;
  leftAt: Date | null;
  spokeAt: Date | null;
  /** The friend's visit: hashed address and device (null when unknown, e.g. a join without a visit). */
  ipHash: string | null;
  deviceHash: string | null;
  /** Devices the inviter was seen on (their own visits to the campaign). */
  inviterDevices: readonly string[];
  /** Joins of the campaign whose visit had the same address / device (this one included). */
  sameAddressJoins: number;
  sameDeviceJoins: number;
  /** The inviter's referrals that joined within the velocity window ending at this join (this one included). */
  inviterRecentJoins: number;
  inviteeBanned: boolean;
  inviterBanned: boolean;
  /** The friend was a member of the workspace before the campaign started. */
  inviteeWasMember: boolean;
  newMembersOnly: boolean;
  /** The inviter's friends past the stay time, and how many of them never spoke. */
  inviterMatured: number;
  inviterSilent: number;
  /**
   * What silence is normal here: friends of the campaign's other inviters past the stay time (its
   * latest 1,000 such), and how many of them never spoke.
   */
  othersMatured: number;
  othersSilent: number;
}

/** Before a campaign has friends of other inviters to go by: half of friends never speak, weighing as 10 friends. */
const PRIOR_SILENT_SHARE = 0.5;
const PRIOR_WEIGHT = 10;

/** P(X ≥ k) for X ~ Binomial(n, p): how likely this many silent friends (or more) are by chance. */
export function binomialTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  let logPmf = k * Math.log(p) + (n - k) * Math.log(1 - p);
  for (let i = 1; i <= k; i++) logPmf += Math.log(n - k + i) - Math.log(i);
  let pmf = Math.exp(logPmf), sum = 0;
  for (let j = k; j <= n && pmf > 0; j++) {
    sum += pmf;
    pmf *= ((n - j) / (j + 1)) * (p / (1 - p));
  }
  return Math.min(1, sum);
}

/** The share of silent friends normal in the campaign: its other inviters' friends, with a prior for a young campaign. */
export function normalSilentShare(f: Pick<ReferralFacts, 'othersMatured' | 'othersSilent'>): number {
  const matured = Math.max(0, f.othersMatured);
  const silent = Math.min(matured, Math.max(0, f.othersSilent));
  return (silent + PRIOR_SILENT_SHARE * PRIOR_WEIGHT) / (matured + PRIOR_WEIGHT);
}

const DAY = 86_400_000;

const reason = (rule: FraudRule, code: ReasonCode, params: Record<string, number>, text: string): Reason => ({ rule, code, params, text });

export function assessReferral(f: ReferralFacts, s: FraudSettings, now: Date): Verdict {
  const refuse: Reason[] = [];
  if (f.inviteeMemberId === f.inviterMemberId) refuse.push(reason('self_invite', 'same_member', {}, 'the friend is the inviter'));
  else if (f.deviceHash !== null && f.inviterDevices.includes(f.deviceHash)) refuse.push(reason('self_invite', 'inviter_device', {}, "the friend joined from the inviter's own device"));
  if (f.inviteeBanned) refuse.push(reason('banned', 'banned', {}, 'the friend is on the workspace ban list'));
  if (f.newMembersOnly && f.inviteeWasMember) refuse.push(reason('not_new', 'not_new', {}, 'the friend was already a member before the campaign'));
  if (refuse.length) return { status: 'rejected', reasons: refuse };

  if (f.leftAt !== null && f.leftAt.getTime() - f.joinedAt.getTime() < s.leaveWindowDays * DAY) {
    const hours = Math.round(Math.max(0, (f.leftAt.getTime() - f.joinedAt.getTime()) / 3600_000) * 10) / 10;
    return { status: 'withdrawn', reasons: [reason('join_and_leave', 'left_early', { hours, days: s.leaveWindowDays }, `the friend left ${hours.toFixed(1)} h after joining (window ${s.leaveWindowDays} d)`)] };
  }

  const suspect: Reason[] = [];
  if (f.inviterBanned) suspect.push(reason('inviter_banned', 'inviter_banned', {}, 'the inviter is on the workspace ban list'));
  if (f.inviterRecentJoins > s.velocityLimit) {
    suspect.push(reason('velocity', 'velocity', { count: f.inviterRecentJoins, minutes: s.velocityWindowMinutes, limit: s.velocityLimit },
      `${f.inviterRecentJoins} friends within ${s.velocityWindowMinutes} min (limit ${s.velocityLimit})`));
  }
  if (f.deviceHash !== null && f.sameDeviceJoins > s.sameFingerprintLimit) {
    suspect.push(reason('same_device', 'same_device', { count: f.sameDeviceJoins, limit: s.sameFingerprintLimit }, `${f.sameDeviceJoins} joins from one device (limit ${s.sameFingerprintLimit})`));
  }
  if (f.ipHash !== null && f.sameAddressJoins > s.sameFingerprintLimit) {
    suspect.push(reason('same_address', 'same_address', { count: f.sameAddressJoins, limit: s.sameFingerprintLimit }, `${f.sameAddressJoins} joins from one address (limit ${s.sameFingerprintLimit})`));
  }
  if (f.spokeAt === null && f.inviterMatured >= s.silentMin && f.inviterSilent / f.inviterMatured >= s.silentShare) {
    const normal = normalSilentShare(f);
    if (binomialTail(f.inviterSilent, f.inviterMatured, normal) <= s.silentSignificance) {
      const normalPercent = Math.round(normal * 100);
      suspect.push(reason('silent_friends', 'silent_friends', { silent: f.inviterSilent, matured: f.inviterMatured, normalPercent },
        `${f.inviterSilent} of the inviter's ${f.inviterMatured} friends never spoke (${normalPercent}% of the campaign's other friends never did)`));
    }
  }
  const matured = f.spokeAt !== null || now.getTime() - f.joinedAt.getTime() >= s.stayDays * DAY;
  if (!matured) return { status: 'pending', reasons: suspect };
  if (suspect.length) return { status: 'held', reasons: suspect };
  return { status: 'credited', reasons: [] };
}

/** Whether a verdict is a fraud flag (what precision and recall are measured on). */
export function isFlagged(status: ReferralStatus): boolean {
  return status === 'rejected' || status === 'withdrawn' || status === 'held';
}

/** A friend past the stay time (whether they spoke or not), for the silent-friends share. */
export function isMatured(joinedAt: Date, s: FraudSettings, now: Date): boolean {
  return now.getTime() - joinedAt.getTime() >= s.stayDays * DAY;
}

export interface Score { truePositives: number; falsePositives: number; falseNegatives: number; precision: number; recall: number }

/** Precision and recall of the fraud flags against a known ground truth. */
export function scoreFlags(items: readonly { flagged: boolean; fraud: boolean }[]): Score {
  let tp = 0, fp = 0, fn = 0;
  for (const i of items) {
    if (i.flagged && i.fraud) tp++;
    else if (i.flagged) fp++;
    else if (i.fraud) fn++;
  }
  return { truePositives: tp, falsePositives: fp, falseNegatives: fn, precision: tp + fp ? tp / (tp + fp) : 1, recall: tp + fn ? tp / (tp + fn) : 1 };
}
