/**
 * The KOL review on the database: rank members by the reply and mention graph of the window,
 * apply the review rules (src/activities/kol.ts) against the stored KOLs and their tasks, and keep
 * the outcome with reasons. Coverage per group is computed on read from the same graph.
 */
import type { Database, Queryable } from '../db/database.ts';
import { interactionsSince } from './graph-store.ts';
import { DEFAULT_KOL_REVIEW, kolCoverage, rankKols, reviewKols, type KolReviewRules, type KolScore, type KolStanding } from './kol.ts';

export const KOL_WINDOW_DAYS = 30;

export async function runKolReview(db: Database, workspaceId: number, now = new Date(), rules: KolReviewRules = DEFAULT_KOL_REVIEW): Promise<{ promoted: number; eliminated: number; kept: number }> {
  const since = new Date(now.getTime() - KOL_WINDOW_DAYS * 86_400_000);
  const scores = rankKols(await interactionsSince(db, workspaceId, since));
  const byId = new Map(scores.map((s) => [s.memberId, s]));
  let promoted = 0, eliminated = 0, kept = 0;
  await db.transaction(async (tx) => {
    const standing = new Map<number, KolStanding>();
    for (const r of await tx.query<{ member_id: number; due: number; done: number }>(
      `select k.member_id,
         (select count(*) from kol_tasks t where t.workspace_id = k.workspace_id and t.member_id = k.member_id and t.due_at between $2 and $3) as due,
         (select count(*) from kol_tasks t where t.workspace_id = k.workspace_id and t.member_id = k.member_id and t.due_at between $2 and $3 and t.done_at is not null) as done
       from kols k where k.workspace_id = $1 and k.status = 'kol' for update`, [workspaceId, since, now])) {
      standing.set(Number(r.member_id), { memberId: Number(r.member_id), isKol: true, tasksDue: Number(r.due), tasksDone: Number(r.done) });
    }
    for (const d of reviewKols(scores, standing, rules)) {
      if (d.decision === 'none') continue;
      const status = d.decision === 'eliminate' ? 'eliminated' : 'kol';
      const score: KolScore = byId.get(d.memberId) ?? { memberId: d.memberId, pagerank: 0, distinctRepliers: 0, received: 0 };
      await tx.query(
        `insert into kols (workspace_id, member_id, status, score, reasons, since, reviewed_at) values ($1, $2, $3, $4, $5, $6, $6)
         on conflict (workspace_id, member_id) do update set status = excluded.status, score = excluded.score, reasons = excluded.reasons, reviewed_at = excluded.reviewed_at,
           since = case when kols.status <> excluded.status then excluded.since else kols.since end`,
        [workspaceId, d.memberId, status, JSON.stringify(score), JSON.stringify(d.reasons), now]);
      if (d.decision === 'promote') promoted++; else if (d.decision === 'eliminate') eliminated++; else kept++;
    }
  });
  return { promoted, eliminated, kept };
}

export interface KolRow { memberId: number; name: string; status: string; pagerank: number; distinctRepliers: number; reasons: string[]; since: Date | null; tasksDue: number; tasksDone: number }
export interface CoverageRow { groupId: number; groupName: string; members: number; covered: number; share: number; kols: number }

/** KOLs and the top candidates now, and coverage per group over the window. */
export async function kolOverview(db: Queryable, workspaceId: number, groupIds: number[] | null, now = new Date()): Promise<{ kols: KolRow[]; candidates: KolRow[]; coverage: CoverageRow[] }> {
  const since = new Date(now.getTime() - KOL_WINDOW_DAYS * 86_400_000);
  const edges = await interactionsSince(db, workspaceId, since, groupIds);
  const scores = rankKols(edges);
  const stored = await db.query<{ member_id: number; status: string; reasons: string[]; since: Date; name: string; due: number; done: number }>(
    `select k.member_id, k.status, k.reasons, k.since, m.display_name as name,
       (select count(*) from kol_tasks t where t.workspace_id = k.workspace_id and t.member_id = k.member_id) as due,
       (select count(*) from kol_tasks t where t.workspace_id = k.workspace_id and t.member_id = k.member_id and t.done_at is not null) as done
     from kols k join members m on m.workspace_id = k.workspace_id and m.id = k.member_id where k.workspace_id = $1`, [workspaceId]);
  const ids = [...new Set([...scores.slice(0, 20).map((s) => s.memberId), ...stored.map((s) => Number(s.member_id))])];
  const names = new Map((await db.query<{ id: number; display_name: string }>('select id, display_name from members where workspace_id = $1 and id = any($2::int8[])', [workspaceId, ids])).map((r) => [Number(r.id), r.display_name]));
  const scoreOf = new Map(scores.map((s) => [s.memberId, s]));
  const kolSet = new Set(stored.filter((s) => s.status === 'kol').map((s) => Number(s.member_id)));
  const kolRows: KolRow[] = stored.map((s) => ({
    memberId: Number(s.member_id), name: s.name, status: s.status, pagerank: scoreOf.get(Number(s.member_id))?.pagerank ?? 0,
    distinctRepliers: scoreOf.get(Number(s.member_id))?.distinctRepliers ?? 0, reasons: s.reasons, since: s.since, tasksDue: Number(s.due), tasksDone: Number(s.done),
  })).sort((a, b) => b.pagerank - a.pagerank);
  const candidates: KolRow[] = scores.filter((s) => !kolSet.has(s.memberId)).slice(0, 10).map((s) => ({
    memberId: s.memberId, name: names.get(s.memberId) ?? `#${s.memberId}`, status: 'candidate', pagerank: s.pagerank, distinctRepliers: s.distinctRepliers, reasons: [], since: null, tasksDue: 0, tasksDone: 0,
  }));
  const groups = await db.query<{ id: number; name: string }>(`select id, name from groups where workspace_id = $1 ${groupIds ? 'and id = any($2::int8[])' : ''} order by id`, [workspaceId, ...(groupIds ? [groupIds] : [])]);
  const active = await db.query<{ group_id: number; member_id: number }>(
    `select distinct group_id, member_id from events where workspace_id = $1 and type = 'message' and occurred_at >= $2 and member_id is not null ${groupIds ? 'and group_id = any($3::int8[])' : ''}`,
    [workspaceId, since, ...(groupIds ? [groupIds] : [])]);
  const coverage: CoverageRow[] = groups.map((g) => {
    const gid = Number(g.id);
    const members = active.filter((a) => Number(a.group_id) === gid).map((a) => Number(a.member_id));
    const c = kolCoverage(members, kolSet, edges.filter((e) => e.groupId === gid));
    return { groupId: gid, groupName: g.name, members: c.total, covered: c.covered, share: c.share, kols: members.filter((m) => kolSet.has(m)).length };
  });
  return { kols: kolRows, candidates, coverage };
}
