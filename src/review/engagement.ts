/**
 * Engagement that is not noise (复盘, ../shared/product.md §7): what counts is the response a post
 * or activity gets — replies, reactions, entries, check-ins within a window — not the raw message
 * count. Per post: responses, distinct responders (bots never count), breadth (responders ÷ the
 * group's members then), time to the first response; draw entrants who wrote nothing else in the
 * group before ("red-packet hunters", as src/activities/draw.ts calls them) are shown apart and not
 * counted as responders. Per group: the chatter ratio, the share of members' messages that are in
 * no conversation (neither a reply nor replied to nor reacted to).
 * Pure functions; src/review/store.ts reads the posts and responses from the log.
 */

export type PostKind = 'push' | 'poll' | 'quiz' | 'draw';
export interface Post { key: string; kind: PostKind; groupId: number; at: number; title: string; audience: number }
export type ResponseKind = 'reply' | 'reaction' | 'entry';
export interface Response { postKey: string; memberId: number; at: number; kind: ResponseKind; bot: boolean; hunter: boolean }

export interface PostEngagement {
  key: string; kind: PostKind; groupId: number; at: string; title: string;
  /** Members of the group when it was posted. */
  audience: number;
  replies: number; reactions: number; entries: number;
  /** Distinct members who responded within the window, hunters and bots left out. */
  responders: number;
  /** Draw entrants with no earlier message in the group (not counted in responders). */
  hunters: number;
  /** responders ÷ audience. */
  breadth: number;
  /** Seconds to the first response by a member who is not a bot; null when none came. */
  firstResponseSeconds: number | null;
}

export interface EngagementSummary {
  posts: number;
  /** Posts with at least one responder (hunters and bots aside) ÷ posts. */
  responseRate: number;
  /** Mean breadth over posts. */
  breadth: number;
  /** Median seconds to the first response, over answered posts. */
  medianFirstResponseSeconds: number | null;
  hunters: number;
}

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

/** Responses within `windowMs` after each post. */
export function postEngagement(posts: readonly Post[], responses: readonly Response[], windowMs: number): PostEngagement[] {
  const byPost = new Map<string, Response[]>();
  for (const r of responses) {
    const l = byPost.get(r.postKey);
    if (l) l.push(r); else byPost.set(r.postKey, [r]);
  }
  return posts.map((p) => {
    const rs = (byPost.get(p.key) ?? []).filter((r) => !r.bot && r.at >= p.at && r.at <= p.at + windowMs);
    const responders = new Set<number>(), hunters = new Set<number>();
    let first: number | null = null;
    for (const r of rs) {
      if (r.hunter) { hunters.add(r.memberId); continue; }
      responders.add(r.memberId);
      if (first === null || r.at < first) first = r.at;
    }
    return {
      key: p.key, kind: p.kind, groupId: p.groupId, at: new Date(p.at).toISOString(), title: p.title, audience: p.audience,
      replies: rs.filter((r) => r.kind === 'reply').length,
      reactions: rs.filter((r) => r.kind === 'reaction').length,
      entries: rs.filter((r) => r.kind === 'entry').length,
      responders: responders.size, hunters: hunters.size,
      breadth: p.audience > 0 ? round(responders.size / p.audience) : 0,
      firstResponseSeconds: first === null ? null : Math.round((first - p.at) / 1000),
    };
  });
}

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function summarize(list: readonly PostEngagement[]): EngagementSummary {
  const answered = list.filter((p) => p.responders > 0);
  return {
    posts: list.length,
    responseRate: list.length ? round(answered.length / list.length) : 0,
    breadth: list.length ? round(list.reduce((s, p) => s + p.breadth, 0) / list.length) : 0,
    medianFirstResponseSeconds: median(answered.map((p) => p.firstResponseSeconds!).filter((x) => x !== null)),
    hunters: list.reduce((s, p) => s + p.hunters, 0),
  };
}

/** A member's message, for the chatter ratio. */
export interface ChatMessage { id: string; replyTo: string | null; reactions: number; bot: boolean }

/**
 * Messages in no conversation ÷ members' messages: neither replying, nor replied to, nor reacted
 * to. High is noise (too much chatter drives good members away); bots' messages are left out.
 */
export function chatterRatio(messages: readonly ChatMessage[]): { messages: number; chatter: number; ratio: number } {
  const own = messages.filter((m) => !m.bot);
  const repliedTo = new Set(own.map((m) => m.replyTo).filter((x): x is string => x !== null));
  const chatter = own.filter((m) => m.replyTo === null && m.reactions <= 0 && !repliedTo.has(m.id)).length;
  return { messages: own.length, chatter, ratio: own.length ? round(chatter / own.length) : 0 };
}
