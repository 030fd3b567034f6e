/**
 * A/B tests in storage: an experiment with its variants; starting it assigns every unit (groups,
 * or the members of groups) by its hash bucket, snapshots the members each unit targets, and
 * enqueues each non-holdout unit's variant through the outbox (key `experiment:<id>:<unit>`, so a
 * repeated start sends nothing twice; payload.category so frequency caps apply) — all in one
 * transaction. The result reads the events of the targeted groups in the window after the send
 * and hands them to the pure measure (outcomes.ts).
 */
import { z } from 'zod';
import { str } from '../content/text.ts';
import type { Database, Queryable } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { enqueueActions, type OutboxAction } from '../outbox/outbox.ts';
import { assignArm, HOLDOUT } from './buckets.ts';
import { measure, type ExperimentOutcome, type OutcomeEvent, type UnitExposure } from './outcomes.ts';

const dbId = z.number().int().positive().max(2_147_483_647);

export const ExperimentInput = z.object({
  name: str().trim().min(1).max(200),
  unit: z.enum(['group', 'member']).default('group'),
  holdoutShare: z.number().min(0).max(0.5).default(0),
  category: str().min(1).max(40).default('professional'),
  windowHours: z.number().int().min(1).max(24 * 30).default(24),
  alpha: z.number().min(0.001).max(0.2).default(0.05),
  variants: z.array(z.object({ name: str().trim().min(1).max(60), text: str().min(1).max(4000), weight: z.number().min(0.01).max(100).default(1) }).strict())
    .min(2).max(6).refine((v) => new Set(v.map((x) => x.name)).size === v.length && !v.some((x) => x.name === HOLDOUT), 'variant names must be distinct and not "holdout"'),
}).strict();
export type ExperimentInput = z.input<typeof ExperimentInput>;

export const StartInput = z.object({
  /** The groups in the experiment (its units, or whose members are its units); or all groups of a layer. */
  groupIds: z.array(dbId).max(10_000).optional(),
  layer: str().min(1).max(50).optional(),
}).strict().refine((s) => s.groupIds?.length || s.layer, 'name groups or a layer');

export interface Experiment {
  id: number;
  name: string;
  unit: 'group' | 'member';
  salt: string;
  holdoutShare: number;
  category: string;
  windowHours: number;
  alpha: number;
  status: string;
  startedAt: Date | null;
  createdAt: Date;
  variants: { name: string; text: string; weight: number }[];
}

const columns = `id, name, unit, salt, holdout_share as "holdoutShare", category, window_hours as "windowHours", alpha, status,
  started_at as "startedAt", created_at as "createdAt"`;

export async function createExperiment(db: Database, workspaceId: number, input: ExperimentInput, createdBy: number | null): Promise<Experiment> {
  const e = ExperimentInput.parse(input);
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ id: number }>(
      `insert into experiments (workspace_id, name, unit, salt, holdout_share, category, window_hours, alpha, created_by)
       values ($1, $2, $3, md5(random()::text || clock_timestamp()::text), $4, $5, $6, $7, $8) returning id`,
      [workspaceId, e.name, e.unit, e.holdoutShare, e.category, e.windowHours, e.alpha, createdBy]);
    const id = Number(row!.id);
    await tx.query(`insert into experiment_variants (workspace_id, experiment_id, position, name, text, weight)
      select $1, $2, * from unnest($3::int[], $4::text[], $5::text[], $6::float8[])`,
      [workspaceId, id, e.variants.map((_, i) => i), e.variants.map((v) => v.name), e.variants.map((v) => v.text), e.variants.map((v) => v.weight)]);
    return (await getExperiment(tx, workspaceId, id))!;
  });
}

export async function getExperiment(db: Queryable, workspaceId: number, id: number): Promise<Experiment | null> {
  const [row] = await db.query<Experiment>(`select ${columns} from experiments where workspace_id = $1 and id = $2`, [workspaceId, id]);
  if (!row) return null;
  const variants = await db.query<{ name: string; text: string; weight: number }>(
    'select name, text, weight from experiment_variants where workspace_id = $1 and experiment_id = $2 order by position', [workspaceId, id]);
  return { ...row, id: Number(row.id), variants };
}

export async function listExperiments(db: Queryable, workspaceId: number, page: { limit: number; offset: number }): Promise<{ items: Experiment[]; total: number }> {
  const rows = await db.query<{ id: number }>('select id from experiments where workspace_id = $1 order by id desc limit $2 offset $3', [workspaceId, page.limit, page.offset]);
  const items = (await Promise.all(rows.map((r) => getExperiment(db, workspaceId, Number(r.id))))).filter((e): e is Experiment => e !== null);
  const [t] = await db.query<{ n: number }>('select count(*)::int as n from experiments where workspace_id = $1', [workspaceId]);
  return { items, total: t?.n ?? 0 };
}

/** Assigns, snapshots and enqueues; returns how many units per arm. Starting twice is refused. */
export async function startExperiment(db: Database, workspaceId: number, id: number, input: z.input<typeof StartInput>, now = new Date()): Promise<Record<string, number>> {
  const s = StartInput.parse(input);
  return db.transaction(async (tx) => {
    const [locked] = await tx.query<{ status: string }>('select status from experiments where workspace_id = $1 and id = $2 for update', [workspaceId, id]);
    if (!locked) throw new AppError('not_found', 'no such experiment');
    if (locked.status !== 'draft') throw new AppError('conflict', 'the experiment has already been started');
    const e = (await getExperiment(tx, workspaceId, id))!;
    const groups = await tx.query<{ id: number; members: number[] }>(
      `select g.id, coalesce(array_agg(m.member_id order by m.member_id) filter (where m.member_id is not null), '{}') as members
       from groups g
       left join memberships m on m.workspace_id = g.workspace_id and m.group_id = g.id and m.active
         and not exists (select 1 from member_identities i where i.workspace_id = m.workspace_id and i.member_id = m.member_id and i.is_bot)
       where g.workspace_id = $1 and g.status = 'active' and (g.id = any($2::bigint[]) or ($3::text is not null and g.layer = $3))
       group by g.id order by g.id`,
      [workspaceId, s.groupIds ?? [], s.layer ?? null]);
    if (groups.length === 0) throw new AppError('bad_request', 'no active group in the experiment');
    const arms = e.variants.map((v) => ({ name: v.name, weight: v.weight }));
    const text = new Map(e.variants.map((v) => [v.name, v.text]));
    const units: { unitId: number; arm: string; groupId: number; memberIds: number[] }[] = [];
    const seen = new Set<number>();
    for (const g of groups) {
      const members = g.members.map(Number);
      if (e.unit === 'group') units.push({ unitId: Number(g.id), arm: assignArm(e.salt, Number(g.id), arms, e.holdoutShare), groupId: Number(g.id), memberIds: members });
      else {
        for (const m of members) {
          if (seen.has(m)) continue;
          seen.add(m);
          units.push({ unitId: m, arm: assignArm(e.salt, m, arms, e.holdoutShare), groupId: Number(g.id), memberIds: [m] });
        }
      }
    }
    for (let i = 0; i < units.length; i += 5000) {
      const chunk = units.slice(i, i + 5000);
      await tx.query(`insert into experiment_assignments (workspace_id, experiment_id, unit_id, arm, group_id, member_ids, sent_at)
        select $1, $2, u.unit_id, u.arm, u.group_id, (select coalesce(array_agg(x::bigint), '{}') from jsonb_array_elements_text(u.members) x), $3
        from unnest($4::bigint[], $5::text[], $6::bigint[], $7::jsonb[]) as u(unit_id, arm, group_id, members)`,
        [workspaceId, id, now.toISOString(), chunk.map((u) => u.unitId), chunk.map((u) => u.arm), chunk.map((u) => u.groupId), chunk.map((u) => JSON.stringify(u.memberIds))]);
    }
    const origin = `experiment:${id}`;
    const actions: OutboxAction[] = units.filter((u) => u.arm !== HOLDOUT).map((u) => (e.unit === 'group'
      ? { key: `experiment:${id}:g${u.unitId}`, kind: 'post', groupId: u.groupId, payload: { text: text.get(u.arm), category: e.category, experimentId: id, variant: u.arm }, origin, notBefore: now }
      : { key: `experiment:${id}:m${u.unitId}`, kind: 'private_message', groupId: u.groupId, memberId: u.unitId, payload: { text: text.get(u.arm), category: e.category, experimentId: id, variant: u.arm }, origin, notBefore: now }));
    for (let i = 0; i < actions.length; i += 5000) await enqueueActions(tx, workspaceId, actions.slice(i, i + 5000));
    await tx.query(`update experiments set status = 'running', started_at = $3 where workspace_id = $1 and id = $2`, [workspaceId, id, now.toISOString()]);
    const counts: Record<string, number> = {};
    for (const u of units) counts[u.arm] = (counts[u.arm] ?? 0) + 1;
    return counts;
  });
}

export interface ExperimentResult extends ExperimentOutcome {
  experiment: Experiment;
  /** The window has passed: the figures will not change. */
  complete: boolean;
}

export async function experimentResult(db: Queryable, workspaceId: number, id: number, now = new Date()): Promise<ExperimentResult> {
  const e = await getExperiment(db, workspaceId, id);
  if (!e) throw new AppError('not_found', 'no such experiment');
  const windowMs = e.windowHours * 3_600_000;
  const rows = await db.query<{ unitId: number; arm: string; groupId: number; memberIds: number[]; sentAt: Date }>(
    `select unit_id as "unitId", arm, group_id as "groupId", member_ids as "memberIds", sent_at as "sentAt"
     from experiment_assignments where workspace_id = $1 and experiment_id = $2`, [workspaceId, id]);
  const exposures: UnitExposure[] = rows.map((r) => ({ unitId: Number(r.unitId), arm: r.arm, at: new Date(r.sentAt), memberIds: r.memberIds.map(Number), groupIds: [Number(r.groupId)] }));
  let events: OutcomeEvent[] = [];
  if (rows.length && e.startedAt) {
    const from = new Date(e.startedAt);
    const to = new Date(from.getTime() + windowMs);
    const groupIds = [...new Set(rows.map((r) => Number(r.groupId)))];
    events = (await db.query<{ type: string; groupId: number; memberId: number | null; at: Date }>(
      `select type, group_id as "groupId", member_id as "memberId", occurred_at as at from events
       where workspace_id = $1 and group_id = any($2::bigint[]) and type in ('message', 'leave', 'button') and occurred_at > $3 and occurred_at <= $4`,
      [workspaceId, groupIds, from.toISOString(), to.toISOString()])).map((r) => ({ type: r.type, groupId: Number(r.groupId), memberId: r.memberId === null ? null : Number(r.memberId), at: new Date(r.at) }));
  }
  const outcome = measure(exposures, events, { windowMs, arms: e.variants.map((v) => v.name), alpha: e.alpha, conversionType: 'button' });
  const complete = e.startedAt !== null && now.getTime() >= new Date(e.startedAt).getTime() + windowMs;
  return { ...outcome, experiment: e, complete };
}
