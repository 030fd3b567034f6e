/** Helpers of the acquisition tests: a workspace with sandbox groups, and the reactor fed by hand. */
import type { Database } from '../../src/db/database.ts';
import { attributeEvents, type JoinEvent } from '../../src/acquisition/attribution.ts';
import { ingestBatch } from '../../src/events/ingest.ts';
import { ingestScope } from './ingest-scope.ts';

export async function groupsWorkspace(db: Database, slug: string, groups: number, capacity = 500) {
  const scope = await ingestScope(db, slug);
  const at = new Date(Date.now() - 3600_000).toISOString();
  await ingestBatch(db, scope, Array.from({ length: groups }, (_, i) => ({ type: 'group_created', eventId: `${slug}-g${i}`, occurredAt: at, groupId: `pg${i}`, name: `群 ${i + 1}`, capacity })));
  const rows = await db.query<{ id: number }>('select id from groups where workspace_id = $1 order by platform_group_id', [scope.workspaceId]);
  return { scope, groupIds: rows.map((r) => r.id) };
}

/** Runs attribution over the events stored after `afterSeq` (what the reactor does), returns the last seq. */
export async function attributeSince(db: Database, workspaceId: number, afterSeq: number): Promise<number> {
  const rows = await db.query<{ seq: number; type: string; group_id: number; member_id: number | null; occurred_at: Date; payload: unknown }>(
    'select seq, type, group_id, member_id, occurred_at, payload from events where workspace_id = $1 and seq > $2 order by seq', [workspaceId, afterSeq]);
  const events: JoinEvent[] = rows.map((r) => ({ seq: r.seq, imported: false, type: r.type, groupId: r.group_id, memberId: r.member_id, occurredAt: r.occurred_at, payload: r.payload }));
  await db.transaction((tx) => attributeEvents(tx, workspaceId, events));
  return rows.at(-1)?.seq ?? afterSeq;
}

/** A staff user without a password (the tests never sign them in). */
export async function staffUser(db: Database, email: string, name: string): Promise<{ id: number }> {
  const rows = await db.query<{ id: number }>(
    `insert into users (email, name, password_hash) values ($1, $2, 'x') on conflict (email) do update set name = excluded.name returning id`, [email, name]);
  return rows[0]!;
}
