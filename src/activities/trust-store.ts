/**
 * The trust-level job: for every member active in the window (or holding a level), gather the
 * facts (distinct repliers, questions answered, longest check-in streak, tenure, latest strike),
 * evaluate them (src/activities/trust.ts) and store the level with its reasons; a change is kept
 * in trust_changes with the reasons. Strikes come from moderation_strikes when that table exists
 * (moderation, issue #13); without it every member counts as strike-free.
 */
import type { Database, Queryable } from '../db/database.ts';
import { interactionsSince } from './graph-store.ts';
import { longestStreak } from './streaks.ts';
import { DEFAULT_TRUST_RULES, evaluateTrust, looksLikeQuestion, type TrustFacts, type TrustRules } from './trust.ts';

export const TRUST_WINDOW_DAYS = 90;

export async function gatherTrustFacts(db: Queryable, workspaceId: number, now: Date, windowDays = TRUST_WINDOW_DAYS): Promise<Map<number, TrustFacts>> {
  const since = new Date(now.getTime() - windowDays * 86_400_000);
  const members = await db.query<{ id: number; first_seen_at: Date }>(
    `select m.id, m.first_seen_at from members m where m.workspace_id = $1 and m.erased_at is null and (
       exists (select 1 from events e where e.workspace_id = $1 and e.member_id = m.id and e.type = 'message' and e.occurred_at >= $2)
       or exists (select 1 from trust_levels t where t.workspace_id = $1 and t.member_id = m.id))`, [workspaceId, since]);
  const edges = await interactionsSince(db, workspaceId, since);
  const repliers = new Map<number, Set<number>>();
  const answered = new Map<number, number>();
  for (const e of edges) {
    let s = repliers.get(e.to);
    if (!s) repliers.set(e.to, (s = new Set()));
    s.add(e.from);
    if (e.kind === 'reply' && looksLikeQuestion(e.parentText)) answered.set(e.from, (answered.get(e.from) ?? 0) + 1);
  }
  const days = new Map<number, string[]>();
  for (const r of await db.query<{ member_id: number; day: string }>(
    'select distinct member_id, day::text as day from checkins where workspace_id = $1 and day >= $2::date', [workspaceId, since.toISOString().slice(0, 10)])) {
    const list = days.get(Number(r.member_id)) ?? [];
    list.push(r.day);
    days.set(Number(r.member_id), list);
  }
  const strikes = new Map<number, Date>();
  const [has] = await db.query<{ t: string | null }>(`select to_regclass('moderation_strikes')::text as t`);
  if (has?.t) {
    for (const r of await db.query<{ member_id: number; last_at: Date }>('select member_id, max(last_at) as last_at from moderation_strikes where workspace_id = $1 group by member_id', [workspaceId])) strikes.set(Number(r.member_id), new Date(r.last_at));
  }
  const out = new Map<number, TrustFacts>();
  for (const m of members) {
    const id = Number(m.id);
    const strike = strikes.get(id);
    out.set(id, {
      distinctRepliers: repliers.get(id)?.size ?? 0,
      answeredQuestions: answered.get(id) ?? 0,
      longestStreak: longestStreak(days.get(id) ?? []),
      tenureDays: Math.floor((now.getTime() - new Date(m.first_seen_at).getTime()) / 86_400_000),
      daysSinceStrike: strike ? Math.floor((now.getTime() - strike.getTime()) / 86_400_000) : null,
    });
  }
  return out;
}

/** Runs the trust job once for a workspace; returns how many members were promoted and demoted. */
export async function updateTrustLevels(db: Database, workspaceId: number, now = new Date(), rules: TrustRules = DEFAULT_TRUST_RULES): Promise<{ evaluated: number; promoted: number; demoted: number }> {
  const facts = await gatherTrustFacts(db, workspaceId, now);
  let promoted = 0, demoted = 0;
  await db.transaction(async (tx) => {
    const current = new Map((await tx.query<{ member_id: number; level: number }>('select member_id, level from trust_levels where workspace_id = $1 for update', [workspaceId]))
      .map((r) => [Number(r.member_id), Number(r.level)]));
    for (const [memberId, f] of facts) {
      const previous = current.get(memberId) ?? 0;
      const ev = evaluateTrust(previous, f, rules);
      const reasons = JSON.stringify(ev.reasons.map((r) => ({ ...r, needed: r.needed })));
      await tx.query(
        `insert into trust_levels (workspace_id, member_id, level, facts, reasons, evaluated_at, changed_at) values ($1, $2, $3, $4, $5, $6, $6)
         on conflict (workspace_id, member_id) do update set level = excluded.level, facts = excluded.facts, reasons = excluded.reasons,
           evaluated_at = excluded.evaluated_at, changed_at = case when trust_levels.level <> excluded.level then excluded.evaluated_at else trust_levels.changed_at end`,
        [workspaceId, memberId, ev.level, JSON.stringify(f), reasons, now]);
      if (ev.change && (current.has(memberId) || ev.level > 0)) {
        await tx.query('insert into trust_changes (workspace_id, member_id, from_level, to_level, reasons, at) values ($1, $2, $3, $4, $5, $6)',
          [workspaceId, memberId, previous, ev.level, reasons, now]);
        if (ev.change === 'promoted') promoted++; else demoted++;
      }
    }
  });
  return { evaluated: facts.size, promoted, demoted };
}

export interface MemberTrust {
  memberId: number; level: number; facts: TrustFacts | null; reasons: unknown[]; evaluatedAt: Date | null;
  changes: { fromLevel: number; toLevel: number; reasons: unknown[]; at: Date }[];
}

export async function memberTrust(db: Queryable, workspaceId: number, memberId: number): Promise<MemberTrust> {
  const [t] = await db.query<{ level: number; facts: TrustFacts; reasons: unknown[]; evaluated_at: Date }>('select level, facts, reasons, evaluated_at from trust_levels where workspace_id = $1 and member_id = $2', [workspaceId, memberId]);
  const changes = await db.query<{ from_level: number; to_level: number; reasons: unknown[]; at: Date }>('select from_level, to_level, reasons, at from trust_changes where workspace_id = $1 and member_id = $2 order by at desc, id desc limit 20', [workspaceId, memberId]);
  return {
    memberId, level: t ? Number(t.level) : 0, facts: t?.facts ?? null, reasons: t?.reasons ?? [], evaluatedAt: t?.evaluated_at ?? null,
    changes: changes.map((c) => ({ fromLevel: Number(c.from_level), toLevel: Number(c.to_level), reasons: c.reasons, at: c.at })),
  };
}

/** Levels of many members (for automation's trust_level condition and moderation). */
export async function trustLevelsOf(db: Queryable, workspaceId: number, memberIds: readonly number[]): Promise<Map<number, number>> {
  const rows = await db.query<{ member_id: number; level: number }>('select member_id, level from trust_levels where workspace_id = $1 and member_id = any($2::int8[])', [workspaceId, [...memberIds]]);
  return new Map(rows.map((r) => [Number(r.member_id), Number(r.level)]));
}
