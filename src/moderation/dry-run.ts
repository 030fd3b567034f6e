/**
 * Dry run (issue #13 item 7): before a rule change is enabled, it runs over the last N days of the
 * workspace's stored messages (the event log) and shows what it would have done, by category and
 * rule, with examples, beside what the rules in force did to the same messages. Nothing is acted
 * on or stored but the summary. The engine is the live one (same decide(), same classifier trained
 * from the workspace's examples); members are judged with the history the run has seen so far.
 */
import type { Queryable } from '../db/database.ts';
import type { StoredEvidence } from './decisions.ts';
import { loadExamples } from './examples.ts';
import { decide, newGroupState, type GroupState, type RuleSet } from './index.ts';
import { stepsFor, ladderFor, type LadderConfig } from './ladder.ts';
import type { ModerationOptions } from './settings.ts';
import { compileWithExamples } from './workspace-engine.ts';

export interface DryRunExample { text: string; rule: string | null; category: string | null; score: number; group: string; member: string; at: string; evidence: StoredEvidence[] }

export interface DryRunSummary {
  days: number;
  since: string;
  messages: number;
  /** The run stopped at the cap: the figures cover the first `messages` messages of the period. */
  truncated: boolean;
  matched: number;
  /** What the rules in force match among the same messages. */
  matchedNow: number;
  /** Matched by the draft and not by the rules in force, and the reverse. */
  newlyMatched: number;
  noLongerMatched: number;
  byCategory: Array<{ category: string; count: number; examples: DryRunExample[] }>;
  byRule: Array<{ rule: string; count: number }>;
  byAction: Record<string, number>;
  /** Examples of messages the draft catches that the rules in force let through. */
  newExamples: DryRunExample[];
  ms: number;
}

const PAGE = 5000;
const EXAMPLES = 5;

export async function dryRun(db: Queryable, workspaceId: number, draft: { rules: RuleSet; ladder: LadderConfig; options: ModerationOptions },
  current: { rules: RuleSet }, days: number, options: { maxMessages?: number; now?: Date } = {}): Promise<DryRunSummary> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const since = new Date(now.getTime() - days * 86_400_000);
  const maxMessages = options.maxMessages ?? 200_000;
  const { examples } = await loadExamples(db, workspaceId);
  const next = compileWithExamples(draft.rules, examples).compiled;
  const cur = compileWithExamples(current.rules, examples).compiled;
  const names = await nameMaps(db, workspaceId);
  const states = { next: new Map<number, GroupState>(), cur: new Map<number, GroupState>() };
  const prior = new Map<number, number>();
  const joined = await joinTimes(db, workspaceId);
  const byCategory = new Map<string, { count: number; examples: DryRunExample[] }>();
  const byRule = new Map<string, number>();
  const byAction: Record<string, number> = {};
  const newExamples: DryRunExample[] = [];
  let messages = 0, matched = 0, matchedNow = 0, newlyMatched = 0, noLongerMatched = 0, afterSeq = 0, truncated = false;
  for (;;) {
    const rows = await db.query<{ seq: number; group_id: number; member_id: number | null; occurred_at: Date; text: string | null; mentions: number; message_id: string | null }>(
      `select e.seq, e.group_id, e.member_id, e.occurred_at, coalesce(c.text, e.payload->>'text') as text,
              coalesce(jsonb_array_length(e.payload->'mentions'), 0)::int as mentions, e.message_id
       from events e left join message_changes c on c.workspace_id = e.workspace_id and c.group_id = e.group_id and c.message_id = e.message_id
       where e.workspace_id = $1 and e.type = 'message' and e.seq > $2 and e.occurred_at >= $3 and e.occurred_at <= $4
       order by e.seq limit $5`, [workspaceId, afterSeq, since, now, PAGE]);
    for (const r of rows) {
      afterSeq = r.seq;
      if (r.member_id === null || names.bots.has(r.member_id)) continue;
      if (messages >= maxMessages) { truncated = true; break; }
      messages++;
      const n = prior.get(r.member_id) ?? 0;
      prior.set(r.member_id, n + 1);
      const member = {
        memberId: String(r.member_id), cleanMessages: n, trusted: n >= draft.options.trustAfterCleanMessages,
        ...(joined.has(`${r.group_id}:${r.member_id}`) ? { joinedAt: joined.get(`${r.group_id}:${r.member_id}`)! } : {}),
      };
      const msg = { text: r.text ?? '', at: r.occurred_at.getTime(), ...(r.mentions ? { mentions: r.mentions } : {}) };
      const d = decide(msg, member, next, stateOf(states.next, r.group_id));
      const c = decide(msg, member, cur, stateOf(states.cur, r.group_id));
      const hit = d.action !== 'allow';
      const hitNow = c.action !== 'allow';
      if (hitNow) matchedNow++;
      if (!hit) { if (hitNow) noLongerMatched++; continue; }
      matched++;
      const ex: DryRunExample = {
        text: (r.text ?? '').slice(0, 300), rule: d.rule, category: d.category, score: d.score, group: names.groups.get(r.group_id) ?? `#${r.group_id}`,
        member: names.members.get(r.member_id) ?? `#${r.member_id}`, at: r.occurred_at.toISOString(), evidence: d.evidence.slice(0, 3),
      };
      const cat = d.category ?? 'other';
      const bucket = byCategory.get(cat) ?? { count: 0, examples: [] };
      bucket.count++;
      if (bucket.examples.length < EXAMPLES) bucket.examples.push(ex);
      byCategory.set(cat, bucket);
      if (d.rule) byRule.set(d.rule, (byRule.get(d.rule) ?? 0) + 1);
      // The first rung of the ladder: what a first offence would have led to.
      const first = d.rule ? stepsFor(ladderFor(draft.ladder, d.rule), 1, d.action).actions : [];
      const label = first.length ? first.join('+') : d.action;
      byAction[label] = (byAction[label] ?? 0) + 1;
      if (!hitNow) {
        newlyMatched++;
        if (newExamples.length < EXAMPLES) newExamples.push(ex);
      }
    }
    if (truncated || rows.length < PAGE) break;
  }
  return {
    days, since: since.toISOString(), messages, truncated, matched, matchedNow, newlyMatched, noLongerMatched,
    byCategory: [...byCategory.entries()].map(([category, v]) => ({ category, ...v })).sort((a, b) => b.count - a.count),
    byRule: [...byRule.entries()].map(([rule, count]) => ({ rule, count })).sort((a, b) => b.count - a.count),
    byAction, newExamples, ms: Math.round(performance.now() - started),
  };
}

function stateOf(m: Map<number, GroupState>, groupId: number): GroupState {
  let s = m.get(groupId);
  if (!s) { s = newGroupState(); m.set(groupId, s); }
  return s;
}

async function nameMaps(db: Queryable, workspaceId: number): Promise<{ groups: Map<number, string>; members: Map<number, string>; bots: Set<number> }> {
  const [groups, members, bots] = await Promise.all([
    db.query<{ id: number; name: string }>('select id, name from groups where workspace_id = $1', [workspaceId]),
    db.query<{ id: number; name: string }>('select id, display_name as name from members where workspace_id = $1', [workspaceId]),
    db.query<{ member_id: number }>('select distinct member_id from member_identities where workspace_id = $1 and is_bot', [workspaceId]),
  ]);
  return { groups: new Map(groups.map((g) => [g.id, g.name])), members: new Map(members.map((m) => [m.id, m.name])), bots: new Set(bots.map((b) => b.member_id)) };
}

async function joinTimes(db: Queryable, workspaceId: number): Promise<Map<string, number>> {
  const rows = await db.query<{ group_id: number; member_id: number; joined_at: Date }>(
    'select group_id, member_id, joined_at from memberships where workspace_id = $1 and joined_at is not null', [workspaceId]);
  return new Map(rows.map((r) => [`${r.group_id}:${r.member_id}`, r.joined_at.getTime()]));
}

