/**
 * The workspace's labelled examples for its classifier: confirmed decisions and reports (spam),
 * undone decisions, "not spam" and accepted appeals (ham), and imported lists. One example per
 * decision: a later judgement on the same decision replaces the earlier label.
 */
import type { Queryable } from '../db/database.ts';

export type ExampleSource = 'confirmed' | 'undo' | 'not_spam' | 'appeal' | 'report' | 'import';

export interface ExampleInput { text: string; label: 'spam' | 'ham'; via: ExampleSource; decisionId?: number | null }

export async function addExample(tx: Queryable, workspaceId: number, e: ExampleInput, createdBy: number | null): Promise<void> {
  const text = e.text.slice(0, 4000);
  if (!text.trim()) return;
  if (e.decisionId == null) {
    await tx.query('insert into moderation_examples (workspace_id, text, label, source, created_by) values ($1, $2, $3, $4, $5)',
      [workspaceId, text, e.label, e.via, createdBy]);
    return;
  }
  await tx.query(
    `insert into moderation_examples (workspace_id, text, label, source, decision_id, created_by) values ($1, $2, $3, $4, $5, $6)
     on conflict (workspace_id, decision_id) where decision_id is not null
     do update set label = excluded.label, source = excluded.source, created_by = excluded.created_by, created_at = now()`,
    [workspaceId, text, e.label, e.via, e.decisionId, createdBy]);
}

/** The newest examples (at most `limit`), oldest first, and a fingerprint that changes when they do. */
export async function loadExamples(db: Queryable, workspaceId: number, limit = 50_000): Promise<{ examples: Array<{ text: string; label: 'spam' | 'ham' }>; fingerprint: string }> {
  const rows = await db.query<{ text: string; label: 'spam' | 'ham' }>(
    `select text, label from (select id, text, label from moderation_examples where workspace_id = $1 order by id desc limit $2) x order by id`, [workspaceId, limit]);
  return { examples: rows, fingerprint: await examplesFingerprint(db, workspaceId) };
}

/** Changes whenever an example is added or relabelled: the count, the newest id and the newest change. */
export async function examplesFingerprint(db: Queryable, workspaceId: number): Promise<string> {
  const r = await db.query<{ n: number; max_id: number | null; at: Date | null }>(
    'select count(*)::int as n, max(id) as max_id, max(created_at) as at from moderation_examples where workspace_id = $1', [workspaceId]);
  return `${r[0]?.n ?? 0}:${r[0]?.max_id ?? 0}:${r[0]?.at?.getTime() ?? 0}`;
}

export async function exampleCounts(db: Queryable, workspaceId: number): Promise<{ spam: number; ham: number }> {
  const r = await db.query<{ spam: number; ham: number }>(
    `select count(*) filter (where label = 'spam')::int as spam, count(*) filter (where label = 'ham')::int as ham from moderation_examples where workspace_id = $1`, [workspaceId]);
  return r[0] ?? { spam: 0, ham: 0 };
}
