/**
 * Referral behaviour in a campaign (裂变), with fraudsters whose ground truth is known: honest
 * participants bring friends spread over the campaign (some speak, some leave, some share the
 * inviter's address: look-alikes that must pass), self-inviters bring alt accounts from their own
 * device, join-and-leave rings join each other's links and leave within hours, farmers bring
 * bursts of silent fake accounts from a few devices. Pure: a plan of people and referrals (times
 * in hours from the campaign's start) that src/campaigns/simulate.ts plays against a database and
 * bench/campaign.ts uses at scale. Parameters: params.ts ReferralParams, README.
 */
import { defaultReferralParams, type ReferralParams } from './params.ts';
import { Rng } from './rng.ts';

export type ParticipantKind = 'honest' | 'self' | 'ring' | 'farm';
export type FraudKind = 'self_invite' | 'join_and_leave' | 'silent_fake';

export interface SimParticipant { index: number; userId: string; name: string; kind: ParticipantKind; device: string; ip: string }

export interface SimReferral {
  participant: number;
  userId: string;
  name: string;
  /** Hours from the campaign's start. */
  joinAt: number;
  speakAt: number | null;
  leaveAt: number | null;
  device: string;
  ip: string;
  /** Ground truth: null for an honest friend. */
  fraud: FraudKind | null;
}

export interface ReferralPlan { params: ReferralParams; participants: SimParticipant[]; referrals: SimReferral[]; bounces: { participant: number; at: number }[] }

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英', '晓东', '雨萱'];

export function planReferrals(overrides: Partial<ReferralParams> = {}): ReferralPlan {
  const p: ReferralParams = { ...defaultReferralParams, ...overrides };
  const rng = new Rng(p.seed);
  const name = () => rng.pick(SURNAMES) + rng.pick(GIVEN);
  const participants: SimParticipant[] = [];
  const add = (kind: ParticipantKind) => {
    const i = participants.length;
    participants.push({ index: i, userId: `p${i}`, name: name(), kind, device: `dev-p${i}`, ip: `ip-p${i}` });
  };
  for (let i = 0; i < p.participants; i++) add('honest');
  for (let i = 0; i < p.selfInviters; i++) add('self');
  for (let i = 0; i < p.ringMembers; i++) add('ring');
  for (let i = 0; i < p.farmers; i++) add('farm');
  const hours = p.days * 24;
  const referrals: SimReferral[] = [];
  let f = 0;
  const friend = (part: SimParticipant, joinAt: number, r: Omit<SimReferral, 'participant' | 'userId' | 'name' | 'joinAt'>) => {
    const n = f++;
    referrals.push({ participant: part.index, userId: `f${n}`, name: name(), joinAt, ...r });
  };
  const ring = participants.filter((x) => x.kind === 'ring');
  for (const part of participants) {
    switch (part.kind) {
      case 'honest': {
        const k = rng.between(0, Math.round(2 * p.friendsMean));
        for (let j = 0; j < k; j++) {
          const joinAt = rng.float() * hours * 0.7;
          const shared = rng.chance(p.sharedAddressShare);
          friend(part, joinAt, {
            speakAt: rng.chance(p.speakShare) ? joinAt + rng.exp(p.speakMeanHours) : null,
            leaveAt: rng.chance(p.leaveShare) ? joinAt + rng.exp(p.leaveMeanDays * 24) : null,
            device: `dev-f${f}`, ip: shared ? part.ip : `ip-f${f}`, fraud: null,
          });
        }
        break;
      }
      case 'self': {
        const k = rng.between(p.altsMin, p.altsMax);
        const t = rng.float() * hours * 0.5;
        // Alt accounts from the inviter's own phone; some of them even say something.
        for (let j = 0; j < k; j++) friend(part, t + j * rng.exp(2), { speakAt: rng.chance(0.5) ? t + 1 : null, leaveAt: null, device: part.device, ip: part.ip, fraud: 'self_invite' });
        break;
      }
      case 'ring': {
        // Ring members join one another's links and leave within hours (each from their own phone).
        const k = rng.between(p.ringJoinsMin, p.ringJoinsMax);
        for (let j = 0; j < k; j++) {
          const joinAt = rng.float() * hours * 0.7;
          const other = ring[rng.int(ring.length)]!;
          friend(part, joinAt, { speakAt: rng.chance(0.3) ? joinAt + 0.2 : null, leaveAt: joinAt + rng.exp(p.ringLeaveMeanHours), device: `${other.device}-ring${j}`, ip: `ip-ring${rng.int(1000)}`, fraud: 'join_and_leave' });
        }
        break;
      }
      case 'farm': {
        // A burst of silent fake accounts from a few devices.
        const k = rng.between(p.fakesMin, p.fakesMax);
        const t = rng.float() * hours * 0.5;
        for (let j = 0; j < k; j++) {
          friend(part, t + rng.float() * 0.8, { speakAt: null, leaveAt: null, device: `dev-farm${part.index}-${rng.int(p.farmDevices)}`, ip: `ip-farm${part.index}`, fraud: 'silent_fake' });
        }
        break;
      }
    }
  }
  referrals.sort((a, b) => a.joinAt - b.joinAt);
  const bounces: { participant: number; at: number }[] = [];
  for (const part of participants) {
    const k = rng.between(0, Math.round(2 * p.bouncesMean));
    for (let j = 0; j < k; j++) bounces.push({ participant: part.index, at: rng.float() * hours });
  }
  return { params: p, participants, referrals, bounces };
}
