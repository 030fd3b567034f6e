/**
 * The community model, pure and seeded: advancing it over a time interval returns the client
 * actions simulated users take in it (no I/O). The same options always yield the same actions.
 * Feedback from the platform (refused joins, kicked members, operators' posts) enters through
 * applyResults and onOperatorPost, so the model stays in step with what really happened.
 */
import { resolveParams, rhythmAt, rhythmTable, type JoinSource, type SimulationParams } from './params.ts';
import { mixSeed, Rng } from './rng.ts';
import { SimGroup, type Scheduled, type SimMember, type SimUser } from './group-state.ts';
import { texts, type Lang } from './texts.ts';
import { scheduleAfterJoin } from './after-join.ts';
import { answerWelcome } from './welcome.ts';
import { groupHasKol, monthOneDeathChance, onActivityPost, scheduleCheckins } from './activities.ts';
import { botPosted, heard, refused, spamLeaveHazard, spamPosted } from './moderation.ts';
import { asksReply, categoryOfPost, notePush, pushTruth } from './pushes.ts';

/** One client action as sent to the sandbox platform's client API. */
export interface SimAction { type: string; key: string; at: string; [field: string]: unknown }

export interface CommunityOptions {
  seed: number;
  groups: number;
  start: Date;
  days: number;
  /** Prefix of every key and id this community creates (default `s<seed>`). */
  namespace?: string;
  /**
   * A mark in every event key of this run (not in group or user ids): a community resumed by a new
   * process keeps its groups and people, and its new events are not mistaken for the earlier run's.
   */
  run?: string;
  /** Account id the groups are created in (default: the platform's only account). */
  account?: string;
  params?: Partial<SimulationParams>;
}

export interface CommunityCounters {
  actions: Record<string, number>;
  spamMessages: number;
  joinsPredictedRefused: number;
  operatorPostsSeen: number;
  /** First messages of newcomers answering a welcome post (welcome.ts). */
  welcomeFirstMessages: number;
  operatorPostsAnswered: number;
  responses: number;
  /** Operator posts members read as pushes (pushes.ts), and the leaves they caused. */
  pushesSeen: number;
  pushLeaves: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MINUTE = 60_000;
const SOURCES: JoinSource[] = ['qr_code', 'post', 'callback', 'invite', 'referral'];
const MEDIA = ['photo', 'sticker', 'voice', 'link', 'red_packet', 'video'];
const MEDIA_WEIGHTS = [0.45, 0.25, 0.1, 0.1, 0.05, 0.05];

export class Community {
  readonly params: SimulationParams;
  readonly groups: SimGroup[] = [];
  readonly counters: CommunityCounters = {
    actions: {}, spamMessages: 0, joinsPredictedRefused: 0, operatorPostsSeen: 0, welcomeFirstMessages: 0, operatorPostsAnswered: 0, responses: 0, pushesSeen: 0, pushLeaves: 0,
  };
  private readonly byId = new Map<string, SimGroup>();
  private readonly rhythm: Float64Array;
  private readonly users: SimUser[] = [];
  private readonly rng: Rng;
  private readonly account: string | undefined;
  private readonly sourceWeights: number[];
  /** Joins sent in the last batch: the member the model added (undefined if it predicted a refusal). */
  private readonly pendingJoins = new Map<string, { g: SimGroup; member: SimMember | undefined; refusedMember?: SimMember }>();
  private nextCreate = 0;

  constructor(o: CommunityOptions) {
    const p = (this.params = resolveParams(o.params));
    this.rhythm = rhythmTable(p);
    this.rng = new Rng(mixSeed(o.seed, 0));
    this.account = o.account;
    this.sourceWeights = SOURCES.map((s) => p.sourceWeights[s]);
    const ns = o.namespace ?? `s${o.seed}`;
    const start = o.start.getTime();
    const atStart = Math.round(o.groups * p.groupsAtStartShare);
    for (let i = 0; i < o.groups; i++) {
      const rng = new Rng(mixSeed(o.seed, i + 1));
      // Groups made at the start are spread over its first hour; the rest over the whole period.
      const createdAt = i < atStart ? start + Math.floor(rng.float() * HOUR) : start + Math.floor(rng.float() * o.days * DAY);
      const operated = rng.chance(p.operatedShare);
      const dies = rng.chance(monthOneDeathChance(p, operated, groupHasKol(p, o.seed, i, operated)));
      // A group that dies in month one goes quiet early enough to be silent for a full window by day 30.
      const maxDying = (30 - p.silentWindowDays) * DAY;
      const life = dies ? Math.max(HOUR * 12, rng.exp(p.dyingLifetimeMeanDays * DAY) % maxDying) : 30 * DAY + rng.exp(p.survivorLifetimeMeanDays * DAY);
      const lang: Lang = rng.chance(p.englishGroupShare) ? 'en' : 'zh';
      const g = new SimGroup({
        id: `${ns}.g${i}`, index: i, rng, createdAt, operated, diesAt: createdAt + life, lang, capacity: p.capacity,
        name: texts.groupName(rng, lang, i + 1),
      });
      if (o.run) g.run = `${o.run}-`;
      this.groups.push(g);
      this.byId.set(g.id, g);
    }
    this.groups.sort((a, b) => a.createdAt - b.createdAt || a.index - b.index);
  }

  group(id: string): SimGroup | undefined {
    return this.byId.get(id);
  }

  /** Activity level of a group at time t: novelty early on, fading to 0 when it dies. */
  liveliness(g: SimGroup, t: number): number {
    if (t >= g.diesAt) return 0;
    const fade = this.params.fadeDays * DAY;
    const fading = t > g.diesAt - fade ? (g.diesAt - t) / fade : 1;
    return fading * (1 + this.params.noveltyBoost * Math.exp(-(t - g.createdAt) / (this.params.noveltyDays * DAY)));
  }

  /** The actions of every group in [t0, t1) (t1 − t0 ≤ one hour); intensity > 1 speeds a live demo up. */
  advance(t0: number, t1: number, intensity = 1): SimAction[] {
    const out: SimAction[] = [];
    while (this.nextCreate < this.groups.length && this.groups[this.nextCreate]!.createdAt < t1) {
      this.createGroup(this.groups[this.nextCreate]!, out);
      this.nextCreate++;
    }
    for (let i = 0; i < this.nextCreate; i++) this.step(this.groups[i]!, t0, t1, intensity, out);
    for (const a of out) this.counters.actions[a.type] = (this.counters.actions[a.type] ?? 0) + 1;
    return out;
  }

  private push(out: SimAction[], g: SimGroup, type: string, at: number, fields: Record<string, unknown>): SimAction {
    const a: SimAction = { type, key: g.nextKey(), at: new Date(at).toISOString(), groupId: g.id, ...fields };
    out.push(a);
    return a;
  }

  private newUser(g: SimGroup, lang: Lang): SimUser {
    const u = { id: `${g.id}.u${g.userSeq++}`, name: texts.name(g.rng, lang), lang };
    this.users.push(u);
    return u;
  }

  private createGroup(g: SimGroup, out: SimAction[]): void {
    const p = this.params;
    const rng = g.rng;
    g.created = true;
    const owner = this.newUser(g, g.lang);
    g.ownerId = owner.id;
    const create: SimAction = { type: 'create_group', key: g.id, at: new Date(g.createdAt).toISOString(), name: g.name, capacity: g.capacity, ownerId: owner.id, ownerName: owner.name };
    if (this.account) create.account = this.account;
    out.push(create);
    const staff = [owner];
    for (let i = 1; i < p.staffPerGroup; i++) staff.push(this.newUser(g, g.lang));
    g.staffIds = staff.map((s) => s.id);
    // Owner and staff are members from the start; an operated group also gets its seed members.
    let t = g.createdAt + 1000;
    for (const u of staff) {
      g.schedule({ at: t, kind: 'join', source: 'staff', staffId: owner.id, member: { user: u, weight: 0.3, seed: false, staff: true, spammer: false, joinedAt: t } });
      t += 1000 + rng.int(60_000);
    }
    if (g.operated) {
      const seeds = rng.between(p.seedMembersMin, p.seedMembersMax);
      for (let i = 0; i < seeds; i++) {
        t += rng.int(8 * MINUTE);
        const weight = p.seedActivityBoost * (0.5 + rng.float());
        const user = this.newUser(g, rng.chance(g.enShare) ? 'en' : 'zh');
        g.schedule({ at: t, kind: 'join', source: 'invite', staffId: rng.pick(g.staffIds), member: { user, weight, seed: true, staff: false, spammer: false, joinedAt: t } });
      }
    }
    const oversubscribed = rng.chance(p.oversubscribedShare);
    const audience = oversubscribed ? Math.round(g.capacity * p.oversubscribedFactor) : rng.between(p.audienceMin, p.audienceMax);
    const times: number[] = [];
    for (let i = 0; i < audience; i++) {
      const delay = rng.chance(p.frontLoadShare) ? rng.exp(p.frontLoadMeanHours * HOUR) : rng.exp(p.tailMeanDays * DAY);
      const at = g.createdAt + HOUR + delay;
      // Nobody promotes a dead group: its planned arrivals never come.
      if (at < g.diesAt) times.push(at);
    }
    g.arrivals = Float64Array.from(times).sort();
    g.arrivalClock = g.createdAt;
  }

  private step(g: SimGroup, t0: number, t1: number, intensity: number, out: SimAction[]): void {
    const p = this.params;
    const rng = g.rng;
    const lo = Math.max(t0, g.createdAt);
    if (lo >= t1) return;
    const span = t1 - lo;
    const days = span / DAY;

    // Arrivals, on an arrival clock that runs `intensity` times faster in a live demo.
    g.arrivalClock = Math.max(g.arrivalClock, lo) + span * intensity;
    while (g.nextArrival < g.arrivals.length && g.arrivals[g.nextArrival]! < g.arrivalClock) {
      const planned = g.arrivals[g.nextArrival++]!;
      this.arrive(g, intensity === 1 ? planned : lo + rng.float() * span, out);
    }

    const live = this.liveliness(g, lo);
    const rhythm = rhythmAt(this.rhythm, p.utcOffsetHours, lo);
    const n = rng.poisson(g.totalWeight * p.messagesPerMemberDay * days * rhythm * live * intensity);
    if (n > 0) {
      const times = new Float64Array(n);
      for (let i = 0; i < n; i++) times[i] = lo + rng.float() * span;
      times.sort();
      for (const t of times) this.chat(g, Math.floor(t), out);
    }

    const hazard = (live < 1 && t0 > g.diesAt - p.fadeDays * DAY ? p.dyingLeaveHazardPerDay : p.leaveHazardPerDay) + spamLeaveHazard(p, g, lo);
    const leaves = rng.poisson(g.members.length * hazard * days * intensity);
    for (let i = 0; i < leaves; i++) {
      const m = g.pickOrdinary();
      if (!m) break;
      g.remove(m.user.id);
      this.push(out, g, 'leave', lo + rng.float() * span, { userId: m.user.id });
    }
    if (live > 0 && rng.chance((p.renamesPerGroupMonth / 30) * days * intensity)) {
      g.name = texts.groupName(rng, g.lang, g.index + 1 + rng.int(90));
      this.push(out, g, 'rename', lo + rng.float() * span, { userId: g.ownerId, name: g.name });
    }
    const profiles = rng.poisson(g.members.length * (p.profileChangesPerMemberMonth / 30) * days * intensity);
    for (let i = 0; i < profiles; i++) {
      const m = g.members[rng.int(g.members.length)];
      if (m) g.schedule({ at: lo + rng.float() * span, kind: 'profile', userId: m.user.id, name: texts.name(rng, m.user.lang) });
    }
    scheduleCheckins(p, g, lo, t1, live);
    for (const s of g.due(t1)) this.runScheduled(g, s, out);
  }

  private arrive(g: SimGroup, at: number, out: SimAction[]): void {
    const p = this.params;
    const rng = g.rng;
    let user: SimUser | undefined;
    if (this.users.length > 50 && rng.chance(p.crossJoinShare)) {
      const u = this.users[rng.int(this.users.length)]!;
      if (!g.has(u.id) && !u.id.startsWith(`${g.id}.`)) user = u;
    }
    user ??= this.newUser(g, rng.chance(g.enShare) ? 'en' : 'zh');
    let source: string = SOURCES[rng.weighted(this.sourceWeights)]!;
    const fields: Record<string, unknown> = { userId: user.id, name: user.name };
    if (source === 'referral') {
      const inviter = g.pickActive();
      if (inviter && !inviter.staff) fields.inviterId = inviter.user.id;
      else source = 'qr_code';
    }
    if (source !== 'referral' && source !== 'post') fields.staffId = rng.pick(g.staffIds);
    const code = g.invites.get(source);
    if (code) fields.inviteCode = code;
    fields.source = source;
    const spammer = rng.chance(p.spammerShare);
    const member: SimMember = { user, weight: spammer ? 0 : rng.lognormal(p.activitySigma), seed: false, staff: false, spammer, joinedAt: at };
    const join = this.push(out, g, 'join', at, fields);
    if (g.members.length >= g.capacity) {
      this.counters.joinsPredictedRefused++;
      this.pendingJoins.set(join.key, { g, member: undefined, refusedMember: member });
      return;
    }
    g.add(member);
    this.pendingJoins.set(join.key, { g, member });
    scheduleAfterJoin(this.params, g, member, at);
  }

  private chat(g: SimGroup, t: number, out: SimAction[]): void {
    const p = this.params;
    const rng = g.rng;
    const author = g.pickActive();
    if (!author) return;
    const lang = author.user.lang;
    const fields: Record<string, unknown> = { userId: author.user.id };
    let text: string | undefined;
    if (rng.chance(p.nonTextShare)) {
      const ct = MEDIA[rng.weighted(MEDIA_WEIGHTS)]!;
      fields.contentType = ct;
      if (ct === 'link') text = texts.link(rng);
      else if (ct === 'red_packet') text = texts.redPacket(lang);
    } else if (g.recent.length && rng.chance(p.replyShare)) {
      const target = g.recent[g.recent.length - 1 - rng.int(Math.min(10, g.recent.length))]!;
      if (target.userId !== author.user.id) fields.replyTo = target.id;
      text = texts.reply(rng, lang);
    } else {
      text = texts.chat(rng, lang);
    }
    if (text !== undefined && g.recent.length && rng.chance(p.mentionShare)) {
      const target = g.recent[g.recent.length - 1 - rng.int(Math.min(10, g.recent.length))]!;
      const who = g.get(target.userId);
      if (who && target.userId !== author.user.id) {
        fields.mentions = [target.userId];
        text = `@${who.user.name} ${text}`;
      }
    }
    if (text !== undefined) fields.text = text;
    const a = this.push(out, g, 'message', t, fields);
    heard(g, text);
    g.messages++;
    g.lastMessageAt = t;
    if (rng.chance(p.deleteShare)) {
      g.schedule({ at: t + rng.exp(3 * MINUTE) + 1000, kind: 'delete', userId: author.user.id, messageId: a.key });
      return;
    }
    g.remember(a.key, author.user.id);
    if (text !== undefined && rng.chance(p.editShare)) {
      g.schedule({ at: t + rng.exp(2 * MINUTE) + 1000, kind: 'edit', userId: author.user.id, messageId: a.key, text: texts.edited(text, lang) });
    }
    if (rng.chance(p.reactionPerMessage)) {
      const reactor = g.pickActive(author.user.id);
      if (reactor) g.schedule({ at: t + rng.exp(10 * MINUTE) + 1000, kind: 'reaction', userId: reactor.user.id, messageId: a.key, emoji: texts.emoji(rng) });
    }
  }

  private runScheduled(g: SimGroup, s: Scheduled, out: SimAction[]): void {
    const at = Math.floor(s.at);
    if (s.kind === 'join') {
      if (g.members.length >= g.capacity || g.has(s.member.user.id)) return;
      g.add(s.member);
      const fields: Record<string, unknown> = { userId: s.member.user.id, name: s.member.user.name, source: s.source };
      if (s.staffId) fields.staffId = s.staffId;
      const a = this.push(out, g, 'join', at, fields);
      this.pendingJoins.set(a.key, { g, member: s.member });
      return;
    }
    if (!g.has(s.userId)) return;
    switch (s.kind) {
      case 'message': {
        const fields: Record<string, unknown> = { userId: s.userId };
        if (s.text !== undefined) fields.text = s.text;
        if (s.replyTo) fields.replyTo = s.replyTo;
        if (s.mentions) fields.mentions = s.mentions;
        const a = this.push(out, g, 'message', at, fields);
        if (s.spam) { this.counters.spamMessages++; spamPosted(g, s.userId, at); }
        else g.remember(a.key, s.userId);
        if (s.response) this.counters.responses++;
        return;
      }
      case 'reaction':
        this.push(out, g, 'reaction', at, { userId: s.userId, messageId: s.messageId, emoji: s.emoji });
        if (s.response) this.counters.responses++;
        return;
      case 'edit':
        this.push(out, g, 'edit', at, { userId: s.userId, messageId: s.messageId, text: s.text });
        return;
      case 'delete':
        this.push(out, g, 'delete', at, { userId: s.userId, messageId: s.messageId });
        return;
      case 'leave':
        if (s.push && !g.has(s.userId)) return; // a push-fatigue leave of someone already gone
        g.remove(s.userId);
        this.push(out, g, 'leave', at, { userId: s.userId });
        return;
      case 'kick':
        g.remove(s.userId);
        this.push(out, g, 'kick', at, { userId: s.userId, byId: g.ownerId });
        return;
      case 'profile':
        g.get(s.userId)!.user.name = s.name;
        this.push(out, g, 'profile', at, { userId: s.userId, name: s.name });
        return;
    }
  }

  /** Brings the model in line with the platform's answers to the last batch. */
  applyResults(actions: SimAction[], results: Array<{ ok: boolean; error?: string }>): Record<string, number> {
    const failures: Record<string, number> = {};
    for (let i = 0; i < actions.length; i++) {
      const a = actions[i]!;
      const r = results[i];
      const join = a.type === 'join' ? this.pendingJoins.get(a.key) : undefined;
      if (join) this.pendingJoins.delete(a.key);
      if (!r || r.ok) {
        if (join && !join.member && join.refusedMember && r?.ok) join.g.add(join.refusedMember);
        continue;
      }
      const error = r.error ?? 'unknown';
      failures[error] = (failures[error] ?? 0) + 1;
      const g = typeof a.groupId === 'string' ? this.byId.get(a.groupId) : undefined;
      if (g && typeof a.userId === 'string') refused(this.params, g, a.userId, error, Date.parse(a.at));
      if (join?.member) join.g.remove(join.member.user.id);
      // Removed by someone outside the model (an operator's kick): forget the member.
      else if (g && error === 'not_member' && typeof a.userId === 'string') g.remove(a.userId);
    }
    return failures;
  }

  /** An operator (bot) posted in a group: members answer within the window, more in lively groups. */
  onOperatorPost(groupId: string, messageId: string, at: number, text?: string): void {
    const g = this.byId.get(groupId);
    if (!g || !g.created) return;
    if (text) botPosted(this.params, g, text, at);
    const p = this.params;
    const rng = g.rng;
    this.counters.operatorPostsSeen++;
    if (text) this.counters.welcomeFirstMessages += answerWelcome(p, g, text, at);
    const live = Math.min(1, this.liveliness(g, at));
    onActivityPost(p, g, text, at, live);
    // A push (members tell its category from its words) answers by the push model (pushes.ts).
    const category = categoryOfPost(text);
    const truth = category === null ? null : pushTruth(p, {
      hour: new Date(at + p.utcOffsetHours * HOUR).getUTCHours(), category, recentPushes: notePush(p, g, at), liveliness: live, asksReply: asksReply(text),
    });
    if (truth) {
      this.counters.pushesSeen++;
      const leaves = rng.poisson(g.members.length * truth.leaveProb);
      for (let i = 0; i < leaves; i++) {
        const m = g.pickOrdinary();
        if (m) { g.schedule({ at: at + Math.min(p.pushLeaveWindowHours * HOUR - 1000, rng.exp(p.pushLeaveWindowHours * HOUR / 4) + 60_000), kind: 'leave', userId: m.user.id, push: true }); this.counters.pushLeaves++; }
      }
    }
    if (!rng.chance(truth ? truth.responseProb : p.responseProbDead + (p.responseProbLive - p.responseProbDead) * live)) return;
    this.counters.operatorPostsAnswered++;
    const n = 1 + rng.poisson(truth ? truth.meanResponders - 1 : (p.responseMeanResponders - 1) * Math.max(live, 0.2));
    const window = p.responseWindowMinutes * MINUTE;
    for (let i = 0; i < n; i++) {
      const m = g.pickActive();
      if (!m) return;
      const t = at + Math.min(window - 1000, rng.exp(window / 6) + 5000);
      if (rng.chance(p.responseReactionShare)) g.schedule({ at: t, kind: 'reaction', userId: m.user.id, messageId, emoji: texts.emoji(rng), response: true });
      else g.schedule({ at: t, kind: 'message', userId: m.user.id, text: texts.operatorReply(rng, m.user.lang), replyTo: messageId, response: true });
    }
  }

  /** An invite link the operator made for a group: arrivals from that source use it. */
  onInviteLink(groupId: string, code: string, source: string | undefined): void {
    this.byId.get(groupId)?.invites.set(source ?? 'qr_code', code);
  }
}
