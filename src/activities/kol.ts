/**
 * KOLs (意见领袖) from the reply and mention graph. An edge u → v means u replied to or mentioned
 * v: attention flows to v. Measures over a window: distinct repliers of each member and a
 * weighted PageRank (damping 0.85, dangling mass spread evenly), so that being answered by people
 * who are themselves answered counts for more. Coverage of a group is the share of its active
 * members who interacted with a KOL (replied to, were replied to by, or mentioned one).
 *
 * For logs without reply metadata (IRC, text exports), `inferReplyLinks` guesses links the usual
 * chat way: a message opening with a recent speaker's name ("nick: …", "@nick …") answers that
 * speaker's latest message, and the addressed speaker's next unaddressed line soon after answers
 * the line that addressed them. src/activities/kol-irc.test.ts checks both against the Ubuntu IRC
 * disentanglement corpus, whose reply links were annotated by hand.
 */

export interface Interaction { from: number; to: number; weight?: number }

export interface KolScore { memberId: number; pagerank: number; distinctRepliers: number; received: number }

/** Distinct members who replied to or mentioned each member. */
export function distinctRepliers(edges: readonly Interaction[]): Map<number, number> {
  const sets = new Map<number, Set<number>>();
  for (const e of edges) {
    if (e.from === e.to) continue;
    let s = sets.get(e.to);
    if (!s) sets.set(e.to, (s = new Set()));
    s.add(e.from);
  }
  return new Map([...sets].map(([k, v]) => [k, v.size]));
}

/** Weighted PageRank over the interaction graph; returns scores summing to 1. */
export function pagerank(edges: readonly Interaction[], options: { damping?: number; iterations?: number; tolerance?: number } = {}): Map<number, number> {
  const damping = options.damping ?? 0.85;
  const nodes = new Set<number>();
  const out = new Map<number, Map<number, number>>();
  for (const e of edges) {
    nodes.add(e.from); nodes.add(e.to);
    if (e.from === e.to) continue;
    let m = out.get(e.from);
    if (!m) out.set(e.from, (m = new Map()));
    m.set(e.to, (m.get(e.to) ?? 0) + (e.weight ?? 1));
  }
  const ids = [...nodes];
  const n = ids.length;
  if (n === 0) return new Map();
  let rank = new Map(ids.map((id) => [id, 1 / n]));
  const outTotal = new Map([...out].map(([k, m]) => [k, [...m.values()].reduce((a, b) => a + b, 0)]));
  for (let it = 0; it < (options.iterations ?? 100); it++) {
    const next = new Map(ids.map((id) => [id, (1 - damping) / n]));
    let dangling = 0;
    for (const id of ids) {
      const r = rank.get(id)!;
      const targets = out.get(id);
      if (!targets) { dangling += r; continue; }
      const total = outTotal.get(id)!;
      for (const [to, w] of targets) next.set(to, next.get(to)! + damping * r * (w / total));
    }
    for (const id of ids) next.set(id, next.get(id)! + (damping * dangling) / n);
    let delta = 0;
    for (const id of ids) delta += Math.abs(next.get(id)! - rank.get(id)!);
    rank = next;
    if (delta < (options.tolerance ?? 1e-10)) break;
  }
  return rank;
}

/** Members ranked as KOL candidates: PageRank, then distinct repliers, then id. */
export function rankKols(edges: readonly Interaction[]): KolScore[] {
  const pr = pagerank(edges);
  const dr = distinctRepliers(edges);
  const received = new Map<number, number>();
  for (const e of edges) if (e.from !== e.to) received.set(e.to, (received.get(e.to) ?? 0) + 1);
  return [...pr].map(([memberId, pagerank]) => ({ memberId, pagerank, distinctRepliers: dr.get(memberId) ?? 0, received: received.get(memberId) ?? 0 }))
    .sort((a, b) => b.pagerank - a.pagerank || b.distinctRepliers - a.distinctRepliers || a.memberId - b.memberId);
}

/** Share of `members` who interacted with any of `kols` (either direction); KOLs themselves are not counted. */
export function kolCoverage(members: readonly number[], kols: ReadonlySet<number>, edges: readonly Interaction[]): { covered: number; total: number; share: number } {
  const touched = new Set<number>();
  for (const e of edges) {
    if (kols.has(e.to) && !kols.has(e.from)) touched.add(e.from);
    if (kols.has(e.from) && !kols.has(e.to)) touched.add(e.to);
  }
  const pool = members.filter((m) => !kols.has(m));
  const covered = pool.filter((m) => touched.has(m)).length;
  return { covered, total: pool.length, share: pool.length ? covered / pool.length : 0 };
}

export interface KolReviewRules {
  /** Candidates in the top share of the ranking (by PageRank) with enough distinct repliers are promoted. */
  topShare: number;
  minDistinctRepliers: number;
  /** A KOL falls out below this many distinct repliers in the window, or when they did under `minTaskRatio` of their tasks. */
  keepDistinctRepliers: number;
  minTaskRatio: number;
}

export const DEFAULT_KOL_REVIEW: KolReviewRules = { topShare: 0.05, minDistinctRepliers: 5, keepDistinctRepliers: 3, minTaskRatio: 0.5 };

export interface KolStanding { memberId: number; isKol: boolean; tasksDue: number; tasksDone: number }
export interface KolDecision { memberId: number; decision: 'promote' | 'keep' | 'eliminate' | 'none'; reasons: string[] }

/** The periodic review: who becomes a KOL, who stays, who is eliminated, with reasons. */
export function reviewKols(scores: readonly KolScore[], standing: ReadonlyMap<number, KolStanding>, rules: KolReviewRules = DEFAULT_KOL_REVIEW): KolDecision[] {
  const topN = Math.max(1, Math.ceil(scores.length * rules.topShare));
  const rankOf = new Map(scores.map((s, i) => [s.memberId, i]));
  const ids = new Set([...scores.map((s) => s.memberId), ...standing.keys()]);
  const out: KolDecision[] = [];
  for (const memberId of ids) {
    const s = scores.find((x) => x.memberId === memberId);
    const st = standing.get(memberId);
    const rank = rankOf.get(memberId);
    const dr = s?.distinctRepliers ?? 0;
    if (st?.isKol) {
      const reasons: string[] = [];
      if (dr < rules.keepDistinctRepliers) reasons.push(`distinct repliers ${dr} < ${rules.keepDistinctRepliers}`);
      if (st.tasksDue > 0 && st.tasksDone / st.tasksDue < rules.minTaskRatio) reasons.push(`tasks done ${st.tasksDone}/${st.tasksDue} < ${Math.round(rules.minTaskRatio * 100)}%`);
      out.push(reasons.length ? { memberId, decision: 'eliminate', reasons } : { memberId, decision: 'keep', reasons: [`distinct repliers ${dr}`, `rank ${(rank ?? -1) + 1}`] });
    } else if (rank !== undefined && rank < topN && dr >= rules.minDistinctRepliers) {
      out.push({ memberId, decision: 'promote', reasons: [`rank ${rank + 1} of ${scores.length} (top ${topN})`, `distinct repliers ${dr} ≥ ${rules.minDistinctRepliers}`] });
    }
  }
  return out.sort((a, b) => a.memberId - b.memberId);
}

export interface ChatLine { index: number; speaker: string | null; text: string }

/**
 * Reply links inferred from addressing: a line opening with a known recent speaker's name
 * followed by ':' or ',' (or '@name') answers that speaker's latest earlier line; the addressed
 * speaker's next line without an addressee, within `followUp` lines, answers the addressing line.
 * Returns [parentIndex, childIndex] pairs.
 */
export function inferReplyLinks(lines: readonly ChatLine[], lookback = 200, followUp = 15): [number, number][] {
  const lastBy = new Map<string, number>();
  /** The latest line that addressed each speaker, and who wrote it. */
  const addressedBy = new Map<string, number>();
  const links: [number, number][] = [];
  for (const line of lines) {
    if (line.speaker === null) continue;
    const speaker = line.speaker.toLowerCase();
    const m = /^@?([^\s:,]+)\s*[:,]/u.exec(line.text) ?? /^@([^\s:,]+)/u.exec(line.text);
    const name = m?.[1]?.toLowerCase();
    const parent = name !== undefined ? lastBy.get(name) : undefined;
    if (name !== undefined && parent !== undefined && line.index - parent <= lookback && name !== speaker) {
      links.push([parent, line.index]);
      addressedBy.set(name, line.index);
    } else {
      // An unaddressed line soon after someone addressed this speaker answers that line.
      const asked = addressedBy.get(speaker);
      if (asked !== undefined && line.index - asked <= followUp) links.push([asked, line.index]);
      addressedBy.delete(speaker);
    }
    lastBy.set(speaker, line.index);
  }
  return links;
}
