/**
 * Rules in the database: create, change (each change a new version), enable/disable, delete, and
 * the enabled rules of a workspace as an index (match.ts), cached per process and rebuilt when the
 * workspace's rule revision moved (one indexed read per batch of events, not a read of every rule).
 */
import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { RuleIndex } from './match.ts';
import { RuleDefinition, type Rule, type RuleDefinitionInput } from './rules.ts';

export interface RuleRow {
  id: number; name: string; enabled: boolean; version: number; triggerKind: string;
  definition: RuleDefinition; createdAt: Date; updatedAt: Date;
}

async function bumpRevision(tx: Queryable, workspaceId: number): Promise<void> {
  await tx.query(
    `insert into automation_state (workspace_id, revision, token) values ($1, 1, $2)
     on conflict (workspace_id) do update set revision = automation_state.revision + 1`, [workspaceId, randomUUID()]);
}

export async function createRule(db: Database, workspaceId: number, input: RuleDefinitionInput, userId: number | null): Promise<RuleRow> {
  const def = RuleDefinition.parse(input);
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ id: number }>(
      `insert into automation_rules (workspace_id, name, enabled, current_version, trigger_kind) values ($1, $2, $3, 1, $4) returning id`,
      [workspaceId, def.name, def.enabled, def.trigger.kind]);
    await tx.query(`insert into automation_rule_versions (workspace_id, rule_id, version, definition, created_by) values ($1, $2, 1, $3, $4)`,
      [workspaceId, row!.id, JSON.stringify(def), userId]);
    await bumpRevision(tx, workspaceId);
    return (await getRule(tx, workspaceId, row!.id))!;
  });
}

/** Creates many rules at once (an import, a template applied to many groups), in one transaction. */
export async function createRules(db: Database, workspaceId: number, inputs: readonly RuleDefinitionInput[], userId: number | null): Promise<number[]> {
  const defs = inputs.map((i) => RuleDefinition.parse(i));
  if (defs.length === 0) return [];
  return db.transaction(async (tx) => {
    const rows = await tx.query<{ id: number }>(
      `insert into automation_rules (workspace_id, name, enabled, current_version, trigger_kind)
       select $1, x.name, x.enabled, 1, x.kind from unnest($2::text[], $3::boolean[], $4::text[]) with ordinality as x(name, enabled, kind, ord) order by x.ord
       returning id`, [workspaceId, defs.map((d) => d.name), defs.map((d) => d.enabled), defs.map((d) => d.trigger.kind)]);
    const ids = rows.map((r) => r.id).sort((a, b) => a - b);
    await tx.query(`insert into automation_rule_versions (workspace_id, rule_id, version, definition, created_by)
      select $1, x.id, 1, x.def::jsonb, $4 from unnest($2::bigint[], $3::text[]) as x(id, def)`, [workspaceId, ids, defs.map((d) => JSON.stringify(d)), userId]);
    await bumpRevision(tx, workspaceId);
    return ids;
  });
}

/** Saves a new version of a rule (the previous ones stay, with their executions). */
export async function updateRule(db: Database, workspaceId: number, ruleId: number, input: RuleDefinitionInput, userId: number | null): Promise<RuleRow> {
  const def = RuleDefinition.parse(input);
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ version: number }>(
      `update automation_rules set current_version = current_version + 1, name = $3, enabled = $4, trigger_kind = $5, updated_at = now()
       where workspace_id = $1 and id = $2 and deleted_at is null returning current_version as version`,
      [workspaceId, ruleId, def.name, def.enabled, def.trigger.kind]);
    if (!row) throw new AppError('not_found', `no automation rule ${ruleId}`);
    await tx.query(`insert into automation_rule_versions (workspace_id, rule_id, version, definition, created_by) values ($1, $2, $3, $4, $5)`,
      [workspaceId, ruleId, row.version, JSON.stringify(def), userId]);
    await bumpRevision(tx, workspaceId);
    return (await getRule(tx, workspaceId, ruleId))!;
  });
}

/** Enabling or disabling is a new version too: the log says which version ran. */
export async function setRuleEnabled(db: Database, workspaceId: number, ruleId: number, enabled: boolean, userId: number | null): Promise<RuleRow> {
  const rule = await getRule(db, workspaceId, ruleId);
  if (!rule) throw new AppError('not_found', `no automation rule ${ruleId}`);
  return updateRule(db, workspaceId, ruleId, { ...rule.definition, enabled }, userId);
}

export async function deleteRule(db: Database, workspaceId: number, ruleId: number): Promise<void> {
  await db.transaction(async (tx) => {
    const rows = await tx.query(`update automation_rules set deleted_at = now(), updated_at = now(), enabled = false
      where workspace_id = $1 and id = $2 and deleted_at is null returning id`, [workspaceId, ruleId]);
    if (rows.length === 0) throw new AppError('not_found', `no automation rule ${ruleId}`);
    await bumpRevision(tx, workspaceId);
  });
}

const SELECT = `select r.id, r.name, r.enabled, r.current_version as version, r.trigger_kind as "triggerKind", v.definition,
    r.created_at as "createdAt", r.updated_at as "updatedAt"
  from automation_rules r join automation_rule_versions v on v.workspace_id = r.workspace_id and v.rule_id = r.id and v.version = r.current_version`;

export async function getRule(db: Queryable, workspaceId: number, ruleId: number): Promise<RuleRow | null> {
  const rows = await db.query<RuleRow>(`${SELECT} where r.workspace_id = $1 and r.id = $2 and r.deleted_at is null`, [workspaceId, ruleId]);
  return rows[0] ? withParsed(rows[0]) : null;
}

export async function listRules(db: Queryable, workspaceId: number): Promise<RuleRow[]> {
  const rows = await db.query<RuleRow>(`${SELECT} where r.workspace_id = $1 and r.deleted_at is null order by r.id`, [workspaceId]);
  return rows.map(withParsed);
}

export async function ruleVersion(db: Queryable, workspaceId: number, ruleId: number, version: number): Promise<Rule | null> {
  const rows = await db.query<{ definition: unknown }>(
    `select definition from automation_rule_versions where workspace_id = $1 and rule_id = $2 and version = $3`, [workspaceId, ruleId, version]);
  return rows[0] ? { ...RuleDefinition.parse(rows[0].definition), id: ruleId, version } : null;
}

function withParsed(row: RuleRow): RuleRow {
  return { ...row, definition: RuleDefinition.parse(row.definition) };
}

/** Per process: the index of each workspace's rules, keyed by the state row's random token (unique per database and workspace). */
const cache = new Map<string, { revision: number; index: RuleIndex }>();
const EMPTY = new RuleIndex([]);

/** The enabled rules of a workspace as an index, rebuilt only when the workspace's revision moved. */
export async function ruleIndex(tx: Queryable, workspaceId: number): Promise<RuleIndex> {
  const [state] = await tx.query<{ revision: number; token: string }>('select revision, token from automation_state where workspace_id = $1', [workspaceId]);
  if (!state) return EMPTY;
  const hit = cache.get(state.token);
  if (hit && hit.revision === state.revision) return hit.index;
  const rows = await tx.query<{ id: number; version: number; definition: unknown }>(
    `select r.id, r.current_version as version, v.definition from automation_rules r
       join automation_rule_versions v on v.workspace_id = r.workspace_id and v.rule_id = r.id and v.version = r.current_version
      where r.workspace_id = $1 and r.deleted_at is null and r.enabled`, [workspaceId]);
  const index = new RuleIndex(rows.map((r) => ({ ...RuleDefinition.parse(r.definition), id: r.id, version: r.version })));
  cache.set(state.token, { revision: state.revision, index });
  return index;
}
