/**
 * The workspace's moderation rules, versioned: each change is a new version (rules for the
 * engine, the ladder, the options), made as a draft, dry-run, then enabled; the newest enabled
 * version is in force. Without any, the built-in rules, the default ladder and default options
 * apply (verification off), so a new workspace is moderated from the start.
 */
import { storableJson } from '../db/storable.ts';
import type { Queryable } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { DEFAULT_LADDER, LadderConfig } from './ladder.ts';
import { ModerationOptions, readOptions } from './settings.ts';
import type { RuleSet } from './types.ts';

export interface RuleVersion {
  version: number;
  rules: RuleSet;
  ladder: LadderConfig;
  options: ModerationOptions;
  enabled: boolean;
  note: string | null;
  dryRun: unknown;
  createdBy: number | null;
  createdAt: string;
  enabledAt: string | null;
}

export interface InForce { version: number | null; rules: RuleSet; ladder: LadderConfig; options: ModerationOptions }

export const BUILTIN_RULES: RuleSet = { builtins: true, rules: [] };

type Row = Omit<RuleVersion, 'createdAt' | 'enabledAt' | 'ladder' | 'options' | 'rules'> & { rules: unknown; ladder: unknown; options: unknown; createdAt: Date; enabledAt: Date | null };
const columns = `version, rules, ladder, options, enabled, note, dry_run as "dryRun", created_by as "createdBy", created_at as "createdAt", enabled_at as "enabledAt"`;

function toVersion(r: Row): RuleVersion {
  const ladder = LadderConfig.safeParse(r.ladder);
  return {
    ...r, rules: r.rules as RuleSet, ladder: ladder.success ? ladder.data : DEFAULT_LADDER, options: readOptions(r.options),
    createdAt: r.createdAt.toISOString(), enabledAt: r.enabledAt?.toISOString() ?? null,
  };
}

/** The rules in force: the newest enabled version, or the built-in defaults. */
export async function rulesInForce(db: Queryable, workspaceId: number): Promise<InForce> {
  const rows = await db.query<Row>(`select ${columns} from moderation_rule_versions where workspace_id = $1 and enabled order by version desc limit 1`, [workspaceId]);
  const v = rows[0] ? toVersion(rows[0]) : undefined;
  return v ? { version: v.version, rules: v.rules, ladder: v.ladder, options: v.options } : { version: null, rules: BUILTIN_RULES, ladder: DEFAULT_LADDER, options: readOptions({}) };
}

export async function listVersions(db: Queryable, workspaceId: number, limit = 50): Promise<RuleVersion[]> {
  return (await db.query<Row>(`select ${columns} from moderation_rule_versions where workspace_id = $1 order by version desc limit $2`, [workspaceId, limit])).map(toVersion);
}

export async function getVersion(db: Queryable, workspaceId: number, version: number): Promise<RuleVersion> {
  const row = (await db.query<Row>(`select ${columns} from moderation_rule_versions where workspace_id = $1 and version = $2`, [workspaceId, version]))[0];
  if (!row) throw new AppError('not_found', `no moderation rules version ${version}`);
  return toVersion(row);
}

/**
 * Saves a new version as a draft (not in force until enabled). Two saves at once get different
 * numbers: the number is taken under the workspace's row lock.
 */
export async function saveDraft(tx: Queryable, workspaceId: number, draft: { rules: RuleSet; ladder: LadderConfig; options: ModerationOptions; note?: string | null }, createdBy: number | null): Promise<RuleVersion> {
  await tx.query('select 1 from workspaces where id = $1 for update', [workspaceId]);
  const rows = await tx.query<Row>(
    `insert into moderation_rule_versions (workspace_id, version, rules, ladder, options, note, created_by)
     select $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5, $6 from moderation_rule_versions where workspace_id = $1
     returning ${columns}`,
    [workspaceId, storableJson(draft.rules), storableJson(draft.ladder), storableJson(ModerationOptions.parse(draft.options)), draft.note ?? null, createdBy]);
  return toVersion(rows[0]!);
}

export async function recordDryRun(db: Queryable, workspaceId: number, version: number, summary: unknown): Promise<void> {
  await db.query('update moderation_rule_versions set dry_run = $3 where workspace_id = $1 and version = $2', [workspaceId, version, storableJson(summary)]);
}

/** Puts a version in force (it becomes the newest enabled one: later versions are disabled). */
export async function enableVersion(tx: Queryable, workspaceId: number, version: number): Promise<RuleVersion> {
  await getVersion(tx, workspaceId, version);
  await tx.query('update moderation_rule_versions set enabled = false where workspace_id = $1 and version > $2 and enabled', [workspaceId, version]);
  const rows = await tx.query<Row>(`update moderation_rule_versions set enabled = true, enabled_at = now() where workspace_id = $1 and version = $2 returning ${columns}`, [workspaceId, version]);
  return toVersion(rows[0]!);
}
