/**
 * The engine as a workspace runs it: its rules in force compiled once per version, with its
 * classifier retrained (the engine's train()) whenever its labelled examples change, and one
 * flood/duplicate state per group.
 *
 * The group states are kept in the process, but they are correct with several Qunyun processes on
 * one database: the moderation reactor works a workspace's events in seq order under its cursor
 * lock, one process at a time, and the states remember the last event they saw. When the next run
 * does not follow on from it (another process worked the events in between, this process is new,
 * or a run was rolled back and comes again), the states are rebuilt from the stored messages of
 * the last window (syncTraffic) before anything is decided: whoever holds the cursor sees all the
 * traffic, whichever process saw it first.
 */
import type { Queryable } from '../db/database.ts';
import { examplesFingerprint, loadExamples } from './examples.ts';
import { compileRules, loadClassifier, newGroupState, normaliseShared, parseRuleSet, train, trafficChecks, trafficWindow, type CompiledRules, type GroupState, type RuleSet } from './index.ts';
import { rulesInForce, type InForce } from './rule-versions.ts';

/** Below this many examples of either label the workspace's classifier is not trained (too little to learn from). */
export const MIN_EXAMPLES_PER_LABEL = 5;

interface Loaded { key: string; compiled: CompiledRules; trainedOn: { spam: number; ham: number } | null }

const compiledByDb = new WeakMap<object, Map<number, Loaded>>();
/** A workspace's group states and the seq of the last event they include (null: never synced). */
interface Traffic { groups: Map<number, GroupState>; lastSeq: number | null }
const statesByDb = new WeakMap<object, Map<number, Traffic>>();

export interface WorkspaceEngine extends InForce {
  compiled: CompiledRules;
  trainedOn: { spam: number; ham: number } | null;
  groupState(groupId: number): GroupState;
  /**
   * Before deciding on events from `firstSeq` on (the run's first event): rebuilds the group
   * states from stored messages unless they already include everything before it.
   */
  syncTraffic(firstSeq: number, firstAt: Date): Promise<void>;
  /** After the run: the states now include every event up to `seq`. */
  sawUpTo(seq: number): void;
}

/** Compiles rules with the classifier trained from the given examples (null when too few). */
export function compileWithExamples(rules: RuleSet, examples: ReadonlyArray<{ text: string; label: 'spam' | 'ham' }>): { compiled: CompiledRules; trainedOn: { spam: number; ham: number } | null } {
  const spam = examples.filter((e) => e.label === 'spam').length;
  const ham = examples.length - spam;
  const enough = spam >= MIN_EXAMPLES_PER_LABEL && ham >= MIN_EXAMPLES_PER_LABEL;
  const classifier = enough ? loadClassifier(train(examples)) : null;
  return { compiled: compileRules(parseRuleSet(rules), classifier), trainedOn: enough ? { spam, ham } : null };
}

/**
 * The workspace's engine now. `cacheKey` scopes the caches (one per database: the tests run two
 * engines side by side with the same workspace ids).
 */
export async function workspaceEngine(db: Queryable, workspaceId: number, cacheKey: object = db): Promise<WorkspaceEngine> {
  const inForce = await rulesInForce(db, workspaceId);
  const fingerprint = await examplesFingerprint(db, workspaceId);
  const key = `${inForce.version ?? 'builtin'}|${fingerprint}`;
  let byWs = compiledByDb.get(cacheKey);
  if (!byWs) { byWs = new Map(); compiledByDb.set(cacheKey, byWs); }
  let loaded = byWs.get(workspaceId);
  if (!loaded || loaded.key !== key) {
    const { examples } = await loadExamples(db, workspaceId);
    loaded = { key, ...compileWithExamples(inForce.rules, examples) };
    byWs.set(workspaceId, loaded);
  }
  let states = statesByDb.get(cacheKey);
  if (!states) { states = new Map(); statesByDb.set(cacheKey, states); }
  let traffic = states.get(workspaceId);
  if (!traffic) { traffic = { groups: new Map(), lastSeq: null }; states.set(workspaceId, traffic); }
  const t = traffic;
  const compiled = loaded.compiled;
  return {
    ...inForce, compiled, trainedOn: loaded.trainedOn,
    groupState(groupId) {
      let st = t.groups.get(groupId);
      if (!st) { st = newGroupState(); t.groups.set(groupId, st); }
      return st;
    },
    async syncTraffic(firstSeq, firstAt) {
      if (t.lastSeq !== null && t.lastSeq < firstSeq && !await liveMessagesBetween(db, workspaceId, t.lastSeq, firstSeq)) return;
      t.groups = await rebuildTraffic(db, workspaceId, compiled, firstSeq, firstAt, inForce.options.trustAfterCleanMessages);
      t.lastSeq = firstSeq - 1;
    },
    sawUpTo(seq) { t.lastSeq = seq; },
  };
}

/** Whether a live message (one the reactor decides on) was stored between two seqs, exclusive. */
async function liveMessagesBetween(db: Queryable, workspaceId: number, after: number, before: number): Promise<boolean> {
  const rows = await db.query<{ one: number }>(
    `select 1 as one from events e join platform_accounts a on a.workspace_id = e.workspace_id and a.id = e.account_id
     where e.workspace_id = $1 and e.seq > $2 and e.seq < $3 and e.type = 'message' and e.member_id is not null
       and a.platform not like '%-export' limit 1`, [workspaceId, after, before]);
  return rows.length > 0;
}

const REPORT = /^\/report(@\w+)?(\s|$)/i;

/**
 * The group states as they were just before `firstSeq`: the live messages of the last window
 * (the longest flood/duplicate window before the run's first event) replayed through the same
 * checks decide() runs, with each author's context as the reactor builds it.
 */
async function rebuildTraffic(db: Queryable, workspaceId: number, compiled: CompiledRules, firstSeq: number, firstAt: Date, trustAfter: number): Promise<Map<number, GroupState>> {
  const since = new Date(firstAt.getTime() - trafficWindow(compiled));
  const rows = await db.query<{ seq: string | number; group_id: string | number; member_id: string | number; occurred_at: Date | string; text: string | null; payload_bot: boolean | null }>(
    `select e.seq, e.group_id, e.member_id, e.occurred_at, e.payload->>'text' as text, (e.payload->>'isBot')::boolean as payload_bot
     from events e join platform_accounts a on a.workspace_id = e.workspace_id and a.id = e.account_id
     where e.workspace_id = $1 and e.seq < $2 and e.occurred_at > $3 and e.type = 'message' and e.member_id is not null
       and a.platform not like '%-export'
       and not exists (select 1 from member_identities mi where mi.workspace_id = e.workspace_id and mi.member_id = e.member_id and mi.account_id = e.account_id and mi.is_bot)
     order by e.seq`, [workspaceId, firstSeq, since]);
  const groups = new Map<number, GroupState>();
  if (!rows.length) return groups;
  // Each author's context at the window's start: joined when, clean messages before it, offences.
  const firstByMember = new Map<number, number>();
  for (const r of rows) { const m = Number(r.member_id); if (!firstByMember.has(m)) firstByMember.set(m, Number(r.seq)); }
  const ids = [...firstByMember.keys()];
  const ctx = await db.query<{ id: string | number; prior: number; offences: number }>(
    `select u.id,
            (select count(*)::int from (select 1 from events e where e.workspace_id = $1 and e.member_id = u.id and e.type = 'message' and e.seq < u.seq limit $4) x) as prior,
            (select count(*)::int from moderation_decisions d where d.workspace_id = $1 and d.member_id = u.id and d.state <> 'undone'
               and d.rule is not null and d.created_at > now() - interval '30 days') as offences
     from unnest($2::bigint[], $3::bigint[]) as u(id, seq)`,
    [workspaceId, ids, ids.map((i) => firstByMember.get(i)!), trustAfter]);
  const prior = new Map(ctx.map((c) => [Number(c.id), { prior: c.prior, offences: c.offences }]));
  const joins = await db.query<{ group_id: string | number; member_id: string | number; joined_at: Date | string | null }>(
    'select group_id, member_id, joined_at from memberships where workspace_id = $1 and member_id = any($2::bigint[])', [workspaceId, ids]);
  const joinedAt = new Map(joins.map((j) => [`${j.group_id}:${j.member_id}`, j.joined_at ? new Date(j.joined_at).getTime() : undefined]));
  const scratch: Parameters<typeof trafficChecks>[7] = [];
  for (const r of rows) {
    if (r.payload_bot) continue;
    const text = r.text ?? '';
    if (REPORT.test(text.trim())) continue;
    const groupId = Number(r.group_id);
    const memberId = Number(r.member_id);
    const p = prior.get(memberId) ?? { prior: 0, offences: 0 };
    let st = groups.get(groupId);
    if (!st) { st = newGroupState(); groups.set(groupId, st); }
    const joined = joinedAt.get(`${groupId}:${memberId}`);
    const member = { memberId: String(memberId), cleanMessages: p.offences ? 0 : p.prior, trusted: p.offences === 0 && p.prior >= trustAfter, ...(joined !== undefined ? { joinedAt: joined } : {}) };
    trafficChecks(st, member, member.memberId, text, normaliseShared(text).text, new Date(r.occurred_at).getTime(), compiled, scratch);
    scratch.length = 0;
    p.prior++;
    prior.set(memberId, p);
  }
  return groups;
}
