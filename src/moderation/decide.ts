/**
 * decide(): the one entry point of the moderation engine. A message, what is known about its
 * author, the compiled rules and the group's flood state in; one decision out: the rule that
 * decided (the strongest finding: severity first, then score), its category, severity and
 * first action, a score, and every finding as evidence pointing into the original text.
 *
 * No SQL, HTTP or platform here. The only state is the group's recent traffic (rates, texts
 * already seen), which flood and duplicate checks need: the caller keeps one GroupState per
 * group and passes it in; decide advances it (state in, state out: the returned decision's
 * `state` is the same object, updated). Without a state those two checks are skipped.
 */
import { detectContact, detectKeywords, detectLinks, findLinks, findMentions } from './detect.ts';
import { detectImages } from './images.ts';
import { normaliseShared } from './normalise.ts';
import { compileRules, type CompiledRules, type ResolvedRule } from './rules.ts';
import type { Decision, Evidence, MemberContext, Message, RuleSet, Severity } from './types.ts';

/** Recent traffic of one group, kept by the caller between messages. */
export interface GroupState {
  /** Per member: times (ms) of recent messages, and of recent short ones. */
  members: Map<string, { times: number[]; short: number[] }>;
  /**
   * Normalised text → who posted it: [member, time, member, time, …], the time negative for an
   * established member (a flat array: most texts are seen once, and a Map each would cost more).
   */
  texts: Map<string, Array<string | number>>;
  /**
   * What was recorded, in arrival order, so old entries are dropped from the front: entry i is
   * logAt[i], logMember[i], logText[i] (the normalised text, or null when none was recorded);
   * three arrays rather than an object per message, which the garbage collector would then chase.
   */
  logAt: number[];
  logMember: string[];
  logText: Array<string | null>;
  head: number;
}

export function newGroupState(): GroupState {
  return { members: new Map(), texts: new Map(), logAt: [], logMember: [], logText: [], head: 0 };
}

const rank: Record<Severity, number> = { low: 1, medium: 2, high: 3 };

export interface DecisionWithState extends Decision {
  /** The group state after this message (the object passed in, advanced). */
  state?: GroupState;
}

const compiledCache = new WeakMap<RuleSet, CompiledRules>();

/** Compiled rules, or a rule set compiled once and cached by identity. */
function compiled(rules: CompiledRules | RuleSet | undefined): CompiledRules {
  if (!rules) return defaultCompiled ??= compileRules();
  if ('automaton' in rules) return rules;
  let c = compiledCache.get(rules);
  if (!c) { c = compileRules(rules); compiledCache.set(rules, c); }
  return c;
}
let defaultCompiled: CompiledRules | undefined;

/**
 * Decides on one message. `rules` is a compiled rule set (compileRules) or a plain RuleSet
 * (compiled on first use and cached by identity). Pass the group's state to enable flood and
 * duplicate checks.
 */
export function decide(message: Message, member: MemberContext = {}, rules?: CompiledRules | RuleSet, state?: GroupState): DecisionWithState {
  const c = compiled(rules);
  const evidence: Evidence[] = [];
  const text = message.text ?? '';
  const at = message.at ?? Date.now();
  if (member.isAdmin) return finish(message, c, evidence, state);
  const n = normaliseShared(text);
  const content = !member.trusted;
  const ruleOf = c.detectorRules;

  if (content) {
    if (c.patterns.length > 0) detectKeywords(c, text, n, evidence);
    for (const r of ruleOf.contact) detectContact(r, text, n, evidence);
  }
  const links = findLinks(text);
  if (content) for (const r of ruleOf.links) detectLinks(r, links, text, evidence);
  if (content && (message.images?.length || message.cards?.length)) for (const r of ruleOf.images) detectImages(r, message, evidence, ruleOf.links[0]?.options?.allowDomains ?? []);

  // Newcomers: links or mentions within minutes of joining.
  if (content && member.joinedAt !== undefined) {
    for (const r of ruleOf.newcomer) {
      const minutes = r.options?.minutes ?? 10;
      const since = at - member.joinedAt;
      if (since < 0 || since > minutes * 60_000) continue;
      const mentions = findMentions(text);
      const first = links[0]?.span ?? mentions[0];
      if (links.length > 0 || mentions.length > 0 || (message.mentions ?? 0) > 0) {
        const what = links.length > 0 ? 'a link' : 'a mention';
        evidence.push({
          detector: 'newcomer', rule: r.id, category: r.category, span: first, text: first ? text.slice(first[0], first[1]) : undefined,
          score: 0.8, note: `${what} ${Math.max(0, Math.round(since / 60_000))} min after joining (within ${minutes} min)`,
        });
      }
    }
  }

  // Flood and duplicate: need the group's state and a member id; never skipped for trusted members.
  if (state && member.memberId !== undefined) trafficChecks(state, member, member.memberId, text, n.text, at, c, evidence);

  // The classifier is not consulted when a high-severity rule has already decided: its score
  // could not change the decision (saves a fifth of the work on a spam-heavy stream).
  if (content && c.classifier && ruleOf.classifier.length > 0 && !anyHigh(evidence, ruleIndex(c))) {
    for (const r of ruleOf.classifier) {
      const p = c.classifier.score(text, n, links.length);
      const threshold = r.options?.threshold ?? 0.5;
      if (p >= threshold) {
        evidence.push({
          detector: 'classifier', rule: r.id, category: r.category, score: Math.round(p * 1000) / 1000,
          features: c.classifier.explain(text, n, 5, links.length), note: `spam probability ${p.toFixed(2)} (threshold ${threshold})`,
        });
      }
      break;
    }
  }
  return finish(message, c, evidence, state);
}

function anyHigh(evidence: Evidence[], byId: Map<string, ResolvedRule>): boolean {
  for (let i = 0; i < evidence.length; i++) if (byId.get(evidence[i]!.rule)?.severity === 'high') return true;
  return false;
}

/**
 * The flood and duplicate checks: advances the group's state with this message (member `id`,
 * normalised text, time) and adds their evidence. Exported so that a caller rebuilding a group's
 * state from stored messages (another process acted on them) replays exactly what decide() records.
 */
export function trafficChecks(state: GroupState, member: MemberContext, id: string, text: string, normalised: string, at: number, c: CompiledRules, evidence: Evidence[]): void {
  const ruleOf = c.detectorRules;
  sweep(state, at, c);
  let recordedText: string | null = null;
  let m = state.members.get(id);
  if (!m) { m = { times: [], short: [] }; state.members.set(id, m); }
  for (const r of ruleOf.flood) {
    const win = (r.options?.windowSeconds ?? 30) * 1000;
    const max = r.options?.maxMessages ?? 8;
    m.times.push(at);
    while (m.times.length > 0 && m.times[0]! <= at - win) m.times.shift();
    const shortChars = r.options?.shortChars ?? 3;
    const isShort = normalised.length <= shortChars;
    if (isShort) {
      m.short.push(at);
      while (m.short.length > 0 && m.short[0]! <= at - win) m.short.shift();
    }
    if (m.times.length > max) {
      evidence.push({ detector: 'flood', rule: r.id, category: r.category, score: Math.min(1, m.times.length / (2 * max)), note: `${m.times.length} messages in ${win / 1000} s (limit ${max})` });
    } else if (isShort && m.short.length > (r.options?.maxShort ?? 6)) {
      evidence.push({ detector: 'flood', rule: r.id, category: r.category, score: 0.7, note: `${m.short.length} short messages in ${win / 1000} s (limit ${r.options?.maxShort ?? 6})` });
    }
    break;
  }
  for (const r of ruleOf.duplicate) {
    if (normalised.length < (r.options?.minChars ?? 8)) break;
    const win = (r.options?.windowSeconds ?? 600) * 1000;
    let seen = state.texts.get(normalised);
    if (!seen) { seen = []; state.texts.set(normalised, seen); }
    // Established members (a week in the group, 20 clean messages) saying the same thing is a
    // conversation (生日快乐, 接龙), not a spam wave: only the others count towards a wave.
    const established = member.joinedAt !== undefined && at - member.joinedAt > 7 * 86_400_000 && (member.cleanMessages ?? 0) >= 20;
    const k = seen.indexOf(id);
    if (k >= 0 && k % 2 === 0) seen[k + 1] = established ? -at : at;
    else seen.push(id, established ? -at : at);
    recordedText = normalised;
    let members = 0;
    let others = 0;
    for (let p = 0; p < seen.length; p += 2) {
      const who = seen[p] as string;
      const stamp = seen[p + 1] as number;
      const when = Math.abs(stamp);
      if (when <= at - win) continue;
      if (who !== id) others++;
      if (stamp > 0) members++;
    }
    const min = r.options?.minMembers ?? 3;
    if (!established && members >= min) {
      evidence.push({ detector: 'duplicate', rule: r.id, category: r.category, span: [0, text.length], text, score: Math.min(1, members / (min + 2)), note: `the same text from ${members} members (not established ones) within ${win / 60_000} min` });
    } else if (others > 0 && (member.cleanMessages ?? Infinity) < 3 && member.joinedAt !== undefined && at - member.joinedAt < 86_400_000 && !member.trusted) {
      // A copycat: a newcomer (joined within a day, little history) repeating what someone else wrote.
      evidence.push({ detector: 'duplicate', rule: r.id, category: r.category, span: [0, text.length], text, score: 0.6, note: 'a newcomer repeating a message another member posted earlier' });
    }
    break;
  }
  state.logAt.push(at);
  state.logMember.push(id);
  state.logText.push(recordedText);
}

/** The longest flood/duplicate window of the rules (ms): how far back a group's state reaches. */
export function trafficWindow(c: CompiledRules): number {
  if (c === lastWindowOf) return lastWindow;
  let longest = longestCache.get(c);
  if (longest === undefined) {
    longest = 60_000;
    for (const r of c.rules) if (r.options?.windowSeconds) longest = Math.max(longest, r.options.windowSeconds * 1000);
    longestCache.set(c, longest);
  }
  lastWindowOf = c;
  lastWindow = longest;
  return longest;
}
// The last rule set asked about (most callers decide with one rule set after another): no WeakMap look-up.
let lastWindowOf: CompiledRules | null = null;
let lastWindow = 0;

function finish(message: Message, c: CompiledRules, evidence: Evidence[], state: GroupState | undefined): DecisionWithState {
  if (evidence.length === 0) {
    return { id: message.id, action: 'allow', rule: null, category: null, severity: null, score: 0, evidence, state };
  }
  const byId = ruleIndex(c);
  if (evidence.length > 1) {
    const sev = (e: Evidence) => rank[byId.get(e.rule)?.severity ?? 'low'];
    const len = (e: Evidence) => (e.span ? e.span[1] - e.span[0] : 0);
    evidence.sort((a, b) => sev(b) - sev(a) || (b.score ?? 0) - (a.score ?? 0) || len(b) - len(a));
  }
  const top = evidence[0]!;
  const rule = byId.get(top.rule)!;
  return { id: message.id, action: rule.action, rule: rule.id, category: top.category, severity: rule.severity, score: top.score ?? 1, evidence, state };
}

const indexCache = new WeakMap<CompiledRules, Map<string, ResolvedRule>>();
function ruleIndex(c: CompiledRules): Map<string, ResolvedRule> {
  if (c === lastIndexOf) return lastIndex!;
  let m = indexCache.get(c);
  if (!m) { m = new Map(c.rules.map((r) => [r.id, r])); indexCache.set(c, m); }
  lastIndexOf = c;
  lastIndex = m;
  return m;
}
let lastIndexOf: CompiledRules | null = null;
let lastIndex: Map<string, ResolvedRule> | null = null;

const longestCache = new WeakMap<CompiledRules, number>();

/** Drops what is older than every window, from the front of the arrival log (amortised O(1) per message). */
function sweep(state: GroupState, at: number, c: CompiledRules): void {
  const old = at - trafficWindow(c);
  const logAt = state.logAt, logMember = state.logMember, logText = state.logText;
  while (state.head < logAt.length && logAt[state.head]! <= old) {
    const member = logMember[state.head]!;
    const text = logText[state.head]!;
    state.head++;
    const m = state.members.get(member);
    if (m && (m.times[m.times.length - 1] ?? 0) <= old && (m.short[m.short.length - 1] ?? 0) <= old) state.members.delete(member);
    if (text !== null) {
      const who = state.texts.get(text);
      const k = who ? who.indexOf(member) : -1;
      if (who && k >= 0 && k % 2 === 0 && Math.abs(who[k + 1] as number) <= old) {
        // who.splice(k, 2) without the array of removed entries splice returns.
        for (let j = k + 2; j < who.length; j++) who[j - 2] = who[j]!;
        who.length -= 2;
        if (who.length === 0) state.texts.delete(text);
      }
    }
  }
  if (state.head > 1024 && state.head * 2 > logAt.length) {
    // Drop the consumed front (splice would also build an array of what it removed).
    const keep = logAt.length - state.head;
    logAt.copyWithin(0, state.head); logAt.length = keep;
    logMember.copyWithin(0, state.head); logMember.length = keep;
    logText.copyWithin(0, state.head); logText.length = keep;
    state.head = 0;
  }
}
