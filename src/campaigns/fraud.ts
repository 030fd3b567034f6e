/**
 * Anti-fraud of referral campaigns (pure rules with reasons). Each referral (a friend who joined
 * through a participant's link) is assessed from plain facts; the verdict keeps every reason, so
 * an operator can review it and override it (the override is stored and audited by the caller).
 *
 *   rejected   self-invite (same member, or the inviter's own device), friend banned elsewhere in
 *              the workspace, friend not new when only newcomers count;
 *   withdrawn  the friend left within the leave window (join-and-leave): the credit is taken back;
 *   held       suspect, for review rather than refused: the inviter is banned, invites too fast
 *              (velocity), many joins came from one device or one address, or most of the inviter's
 *              matured friends never spoke (silent fake accounts);
 *   pending    not yet credited: a friend counts once they stayed `stayDays` or spoke;
 *   credited   counts towards the inviter's progress.
 *
 * Addresses and devices are only ever seen hashed (fingerprint.ts).
 */
import type { FraudSettings } from './types.ts';

export type ReferralStatus = 'pending' | 'credited' | 'withdrawn' | 'held' | 'rejected';
export type FraudRule = 'self_invite' | 'banned' | 'not_new' | 'join_and_leave' | 'inviter_banned' | 'velocity' | 'same_device' | 'same_address' | 'silent_friends';

export interface Reason { rule: FraudRule; text: string }
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
}

const DAY = 86_400_000;

export function assessReferral(f: ReferralFacts, s: FraudSettings, now: Date): Verdict {
  const refuse: Reason[] = [];
  if (f.inviteeMemberId === f.inviterMemberId) refuse.push({ rule: 'self_invite', text: 'the friend is the inviter' });
  else if (f.deviceHash !== null && f.inviterDevices.includes(f.deviceHash)) refuse.push({ rule: 'self_invite', text: "the friend joined from the inviter's own device" });
  if (f.inviteeBanned) refuse.push({ rule: 'banned', text: 'the friend is on the workspace ban list' });
  if (f.newMembersOnly && f.inviteeWasMember) refuse.push({ rule: 'not_new', text: 'the friend was already a member before the campaign' });
  if (refuse.length) return { status: 'rejected', reasons: refuse };

  if (f.leftAt !== null && f.leftAt.getTime() - f.joinedAt.getTime() < s.leaveWindowDays * DAY) {
    const hours = Math.max(0, (f.leftAt.getTime() - f.joinedAt.getTime()) / 3600_000);
    return { status: 'withdrawn', reasons: [{ rule: 'join_and_leave', text: `the friend left ${hours.toFixed(1)} h after joining (window ${s.leaveWindowDays} d)` }] };
  }

  const suspect: Reason[] = [];
  if (f.inviterBanned) suspect.push({ rule: 'inviter_banned', text: 'the inviter is on the workspace ban list' });
  if (f.inviterRecentJoins > s.velocityLimit) suspect.push({ rule: 'velocity', text: `${f.inviterRecentJoins} friends within ${s.velocityWindowMinutes} min (limit ${s.velocityLimit})` });
  if (f.deviceHash !== null && f.sameDeviceJoins > s.sameFingerprintLimit) suspect.push({ rule: 'same_device', text: `${f.sameDeviceJoins} joins from one device (limit ${s.sameFingerprintLimit})` });
  if (f.ipHash !== null && f.sameAddressJoins > s.sameFingerprintLimit) suspect.push({ rule: 'same_address', text: `${f.sameAddressJoins} joins from one address (limit ${s.sameFingerprintLimit})` });
  if (f.inviterMatured >= s.silentMin && f.inviterSilent / f.inviterMatured >= s.silentShare && f.spokeAt === null) {
    suspect.push({ rule: 'silent_friends', text: `${f.inviterSilent} of the inviter's ${f.inviterMatured} friends never spoke` });
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
