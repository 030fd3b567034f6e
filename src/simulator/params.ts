/**
 * Every knob of the community simulator in one object, with defaults taken from the domain brief
 * (docs: src/simulator/README.md). Rates are per simulated time; times are in Asia/Shanghai.
 */

export type JoinSource = 'qr_code' | 'post' | 'callback' | 'invite' | 'referral';

export interface SimulationParams {
  /** Offset of the community's local time from UTC, in hours (Asia/Shanghai: +8, no DST). */
  utcOffsetHours: number;

  /** Capacity each simulated group is created with (sweet spot 150–200; platform max 500). */
  capacity: number;
  /** Each group's eventual audience is drawn uniformly from [audienceMin, audienceMax]. */
  audienceMin: number;
  audienceMax: number;
  /** Share of groups whose live code keeps being scanned after they are full: joins refused. */
  oversubscribedShare: number;
  /** Audience of an oversubscribed group, as a multiple of its capacity. */
  oversubscribedFactor: number;
  /** Share of groups created at the start; the rest are created uniformly over the period. */
  groupsAtStartShare: number;
  /** Share of groups that are operated: seeded with active members, welcomed, cared for. */
  operatedShare: number;
  /** Prepared active members (team, seed users) an operated group starts with. */
  seedMembersMin: number;
  seedMembersMax: number;
  /** How many times more a seed member writes than an average member. */
  seedActivityBoost: number;
  /** Staff members attributed to a group's joins (they bring customers in). */
  staffPerGroup: number;
  /** Share of groups chatting mostly in English (the rest mostly in Chinese). */
  englishGroupShare: number;

  /** Relative weight of each acquisition source among arrivals. */
  sourceWeights: Record<JoinSource, number>;
  /** Share of a group's audience that arrives in its first days (front-loaded fill). */
  frontLoadShare: number;
  /** Mean delay after creation of a front-loaded arrival, in hours. */
  frontLoadMeanHours: number;
  /** Mean delay after creation of a tail arrival, in days. */
  tailMeanDays: number;
  /** Share of arrivals who are already members of another simulated group. */
  crossJoinShare: number;

  /** Messages per average member per day in a fully live group (before rhythm). */
  messagesPerMemberDay: number;
  /** σ of the lognormal per-member activity weight; 1.4 (with chance) makes ~20% of members write ~80%. */
  activitySigma: number;
  /** Share of messages that reply to a recent message. */
  replyShare: number;
  /** Share of messages that mention a recent author. */
  mentionShare: number;
  /** Chance a message gets a reaction from another member. */
  reactionPerMessage: number;
  /** Chance a message is edited / deleted by its author shortly after. */
  editShare: number;
  deleteShare: number;
  /** Share of messages that are not plain text (photo, sticker, voice, link, red packet, …). */
  nonTextShare: number;
  /** In operated groups: chance a newcomer is welcomed, introduces themself, renames to the nickname format. */
  welcomeProb: number;
  /** Chance a newcomer named in Qunyun's welcome post writes a first message soon after it (src/simulator/welcome.ts). */
  welcomedFirstMessageProb: number;
  introduceProb: number;
  nicknameRenameProb: number;

  /** Share of new unoperated / operated groups silent (no member message for silentWindowDays) by day 30. */
  unoperatedSilent30dShare: number;
  operatedSilent30dShare: number;
  /** A group is silent when nobody wrote for this many days. */
  silentWindowDays: number;
  /** Mean lifetime beyond the first month of a group that survives it, in days. */
  survivorLifetimeMeanDays: number;
  /** Mean lifetime of a group that dies in its first month, in days. */
  dyingLifetimeMeanDays: number;
  /** Days over which a dying group's activity fades to nothing. */
  fadeDays: number;
  /** A new group's extra buzz: activity × (1 + noveltyBoost · e^(−age/noveltyDays)). */
  noveltyBoost: number;
  noveltyDays: number;

  /** Daily chance a member leaves a live group / a dying or dead group. */
  leaveHazardPerDay: number;
  dyingLeaveHazardPerDay: number;
  /** Group renames per live group per 30 days; profile changes per member per 30 days. */
  renamesPerGroupMonth: number;
  profileChangesPerMemberMonth: number;

  /** Share of arrivals who are spammers (ads, contact poaching, links). */
  spammerShare: number;
  /** A spammer posts 1..spamPostsMax ads, then leaves with spammerLeaveProb, else (operated group) is kicked with spammerKickProb. */
  spamPostsMax: number;
  spammerLeaveProb: number;
  spammerKickProb: number;
  /** Moderation (src/simulator/moderation.ts): a spammer warned by name stops, and leaves with this chance. */
  spammerQuitWhenWarnedProb: number;
  /** A muted spammer (messages refused) stops, and leaves with this chance. */
  spammerQuitWhenMutedProb: number;
  /**
   * Share of spammers (all kinds but flooders and poachers) who are persistent: they ignore warnings
   * and mutes and post the same spam again after each (minutes later, after the hour's mute, after
   * the day's mute) until they are removed: the whole ladder, warn → mute → mute a day → remove.
   */
  spammerPersistentProb: number;
  /** Spam dealt with (its author warned, muted or removed) within this many minutes does not drive members away. */
  spamHandledMinutes: number;
  /** Extra daily leave probability of each ordinary member per spam message left up in the last day (capped at 0.2). */
  spamVisibleLeaveHazard: number;

  /** Members answer an operator's post within this window. */
  responseWindowMinutes: number;
  /** Chance a post gets any response in a fully live group / a dead group. */
  responseProbLive: number;
  responseProbDead: number;
  /** Mean responders to a post that gets a response, in a fully live group. */
  responseMeanResponders: number;
  /** Share of responses that are reactions (the rest are replies). */
  responseReactionShare: number;

  /** Pushes (src/simulator/pushes.ts). Response multiplier by local hour of the push (24 entries). */
  pushHourFactors: number[];
  /** Response multiplier by the push's category. */
  pushCategoryResponse: Record<string, number>;
  /** Response multiplier of a push that asks members to answer (回复 …, "reply …"): the demo's A/B test's true effect. */
  pushAskReplyLift: number;
  /** Pushes within this many days before a push make members tired of it. */
  pushFatigueDays: number;
  /** Response multiplied by this for each recent push (fatigue). */
  pushFatigueResponseDecay: number;
  /** Chance each ordinary member leaves within pushLeaveWindowHours after a push, before fatigue. */
  pushLeaveBase: number;
  /** Leave multiplier by category (commercial pushes drive members away more). */
  pushCategoryLeave: Record<string, number>;
  /** Each recent push raises the leave chance by this share of the base. */
  pushLeavePerRecentPush: number;
  pushLeaveWindowHours: number;

  /** Activities (src/simulator/activities.ts). Share of operated groups that run daily check-ins (打卡). */
  checkinGroupShare: number;
  /** Share of a check-in group's members with the check-in habit. */
  checkinMemberShare: number;
  /** Daily chance a habit member checks in (a live group); a miss breaks the streak. */
  checkinDailyProb: number;
  /** Chance a habit member who missed yesterday also asks for a make-up card (补卡). */
  checkinMakeupProb: number;
  checkinKeyword: string;
  checkinMakeupKeyword: string;
  /** Chance an ordinary member enters a draw announced in the group (a live group). */
  drawEntryProb: number;
  /** Share of a group's members who are red-packet hunters (the quietest ones), and their chance to enter a draw. */
  hunterShare: number;
  hunterEntryProb: number;
  /** Share of operated groups with a KOL, and how much less often such a group dies in month one. */
  kolGroupShare: number;
  kolSilentFactor: number;

  /** Relative activity per local hour 0..23 (evening peak 20–22h, lunch bump, night trough). */
  hourlyWeights: number[];
  /** Weekend activity relative to weekdays, and for weekend mornings (7–10h, people sleep in). */
  weekendFactor: number;
  weekendMorningFactor: number;

  /** Live codes (src/simulator/acquisition.ts, when the run has `liveCode`): newcomers who scan the code per simulated hour at the rhythm's mean. */
  codeArrivalsPerHour: number;
  /** Relative weight of each source a live code is scanned from (its `?s=`). */
  codeSourceWeights: Record<string, number>;
}

export const defaultParams: SimulationParams = {
  utcOffsetHours: 8,
  capacity: 200,
  audienceMin: 100,
  audienceMax: 200,
  oversubscribedShare: 0.15,
  oversubscribedFactor: 1.2,
  groupsAtStartShare: 0.4,
  operatedShare: 0.5,
  seedMembersMin: 7,
  seedMembersMax: 8,
  seedActivityBoost: 3,
  staffPerGroup: 3,
  englishGroupShare: 0.2,
  sourceWeights: { qr_code: 0.35, post: 0.2, callback: 0.1, invite: 0.15, referral: 0.2 },
  frontLoadShare: 0.6,
  frontLoadMeanHours: 30,
  tailMeanDays: 20,
  crossJoinShare: 0.05,
  messagesPerMemberDay: 0.4,
  activitySigma: 1.4,
  replyShare: 0.3,
  mentionShare: 0.08,
  reactionPerMessage: 0.12,
  editShare: 0.02,
  deleteShare: 0.01,
  nonTextShare: 0.1,
  welcomeProb: 0.6,
  welcomedFirstMessageProb: 0.35,
  introduceProb: 0.3,
  nicknameRenameProb: 0.25,
  unoperatedSilent30dShare: 0.8,
  operatedSilent30dShare: 0.3,
  silentWindowDays: 7,
  survivorLifetimeMeanDays: 365,
  dyingLifetimeMeanDays: 7,
  fadeDays: 3,
  noveltyBoost: 1,
  noveltyDays: 3,
  leaveHazardPerDay: 0.003,
  dyingLeaveHazardPerDay: 0.02,
  renamesPerGroupMonth: 0.3,
  profileChangesPerMemberMonth: 0.05,
  spammerShare: 0.025,
  spamPostsMax: 3,
  spammerLeaveProb: 0.5,
  spammerKickProb: 0.6,
  spammerQuitWhenWarnedProb: 0.5,
  spammerQuitWhenMutedProb: 0.8,
  spammerPersistentProb: 0.3,
  spamHandledMinutes: 30,
  spamVisibleLeaveHazard: 0.01,
  responseWindowMinutes: 120,
  responseProbLive: 0.8,
  responseProbDead: 0.05,
  responseMeanResponders: 4,
  responseReactionShare: 0.5,
  pushHourFactors: [0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 0.7, 0.9, 1, 1, 1.1, 1.2, 1, 0.9, 0.9, 1, 1, 1.1, 1.2, 1.3, 1.2, 0.8, 0.5],
  pushCategoryResponse: { product: 0.7, promotion: 0.8, hot: 1.2, professional: 1, personal: 1.1, icebreaker: 1.3, activity: 1, other: 0.9 },
  pushAskReplyLift: 1.5,
  pushFatigueDays: 7,
  pushFatigueResponseDecay: 0.85,
  pushLeaveBase: 0.002,
  pushCategoryLeave: { product: 2, promotion: 2.5, hot: 1, professional: 0.5, personal: 0.5, icebreaker: 0.5, activity: 1, other: 1 },
  pushLeavePerRecentPush: 0.5,
  pushLeaveWindowHours: 24,
  checkinGroupShare: 0.5,
  checkinMemberShare: 0.2,
  checkinDailyProb: 0.8,
  checkinMakeupProb: 0.4,
  checkinKeyword: '打卡',
  checkinMakeupKeyword: '补卡',
  drawEntryProb: 0.25,
  hunterShare: 0.1,
  hunterEntryProb: 0.9,
  kolGroupShare: 0.5,
  kolSilentFactor: 0.4,
  hourlyWeights: [
    0.5, 0.25, 0.12, 0.08, 0.06, 0.08, 0.2, 0.5, 0.8, 0.9, 0.95, 1.0,
    1.4, 1.2, 0.9, 0.9, 0.95, 1.0, 1.1, 1.4, 1.9, 2.0, 1.6, 1.0,
  ],
  weekendFactor: 1.15,
  weekendMorningFactor: 0.6,
  codeArrivalsPerHour: 6,
  codeSourceWeights: { shop: 0.4, poster: 0.25, callback: 0.15, post: 0.2 },
};

export function resolveParams(p: Partial<SimulationParams> = {}): SimulationParams {
  const out = { ...defaultParams, ...p, sourceWeights: { ...defaultParams.sourceWeights, ...p.sourceWeights }, codeSourceWeights: { ...defaultParams.codeSourceWeights, ...p.codeSourceWeights } };
  if (out.hourlyWeights.length !== 24) throw new Error('hourlyWeights must have 24 entries');
  if (out.audienceMin > out.audienceMax) throw new Error('audienceMin must not exceed audienceMax');
  return out;
}

/**
 * Activity multiplier per (weekday, local hour), normalised to mean 1 over the week, so
 * messagesPerMemberDay stays the daily mean. Index: dayOfWeek * 24 + hour, Sunday = 0.
 */
export function rhythmTable(p: SimulationParams): Float64Array {
  const t = new Float64Array(7 * 24);
  for (let d = 0; d < 7; d++) {
    const weekend = d === 0 || d === 6;
    for (let h = 0; h < 24; h++) {
      let w = p.hourlyWeights[h]!;
      if (weekend) w *= h >= 7 && h < 10 ? p.weekendMorningFactor : p.weekendFactor;
      t[d * 24 + h] = w;
    }
  }
  const mean = t.reduce((a, b) => a + b, 0) / t.length;
  for (let i = 0; i < t.length; i++) t[i]! /= mean;
  return t;
}

export function rhythmAt(table: Float64Array, offsetHours: number, t: number): number {
  const localHours = Math.floor(t / 3_600_000) + offsetHours;
  const hour = ((localHours % 24) + 24) % 24;
  // 1970-01-01 was a Thursday (4).
  const day = (((Math.floor(localHours / 24) + 4) % 7) + 7) % 7;
  return table[day * 24 + hour]!;
}

/**
 * Referral behaviour in a campaign (src/simulator/referrals.ts; README "Referral campaigns"):
 * honest participants and fraudsters of three kinds, each referral with its ground truth.
 */
export interface ReferralParams {
  /** Honest participants, and the mean number of friends each brings (0 … 2×mean, uniform). */
  participants: number;
  friendsMean: number;
  /** Fraudsters of each kind: self-invites (alt accounts from their own device), join-and-leave rings, silent fake-account farms. */
  selfInviters: number;
  ringMembers: number;
  farmers: number;
  /** Alt accounts per self-inviter, ring joins per ring member, fake accounts per farmer (min–max). */
  altsMin: number; altsMax: number;
  ringJoinsMin: number; ringJoinsMax: number;
  fakesMin: number; fakesMax: number;
  /** Devices a farm's fake accounts share (many joins from one device). */
  farmDevices: number;
  /** Hours after joining a ring account leaves (exponential mean): within the leave window. */
  ringLeaveMeanHours: number;
  /** Honest friends: share who ever speak (after an exponential mean of hours), share who leave (mean days). */
  speakShare: number; speakMeanHours: number;
  leaveShare: number; leaveMeanDays: number;
  /** Share of honest friends on the inviter's address (one household or office: a look-alike that must pass). */
  sharedAddressShare: number;
  /** The campaign's length in days; honest friends arrive spread over it, fraud arrives in bursts. */
  days: number;
  /** Visitors who open a link and never join, per participant (the funnel's top). */
  bouncesMean: number;
  seed: number;
}

export const defaultReferralParams: ReferralParams = {
  participants: 150, friendsMean: 3,
  selfInviters: 10, ringMembers: 12, farmers: 4,
  altsMin: 1, altsMax: 3, ringJoinsMin: 2, ringJoinsMax: 4, fakesMin: 8, fakesMax: 20, farmDevices: 2,
  ringLeaveMeanHours: 8,
  speakShare: 0.6, speakMeanHours: 12, leaveShare: 0.08, leaveMeanDays: 12,
  sharedAddressShare: 0.1,
  days: 10, bouncesMean: 2, seed: 7,
};
