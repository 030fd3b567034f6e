/**
 * Live codes in storage: creating, changing and reading them, and the groups and staff behind
 * each. A group enters a code's pool with its current size as its load and a cap that is the
 * code's hard cap, never above the group's capacity or its platform's limit.
 */
import { randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { limitProblems } from './routing.ts';
import { GroupTemplate, PLATFORM_GROUP_LIMIT, RoutingRule, StaffSettings, Threshold } from './types.ts';

export interface CodeRow {
  id: number;
  workspaceId: number;
  slug: string;
  kind: 'group' | 'staff';
  name: string;
  source: string;
  status: 'active' | 'paused';
  expiresAt: Date | null;
  rule: RoutingRule;
  firstPhase: number;
  sweetSpotMin: number;
  sweetSpotMax: number;
  hardCap: number;
  template: GroupTemplate | null;
  threshold: Threshold;
  staffSettings: StaffSettings | null;
  staffUserId: number | null;
  creditPerJoin: number;
  retentionDays: number;
  webhookSecret: string;
  openingSince: Date | null;
  createdAt: Date;
}

const COLUMNS = `id, workspace_id as "workspaceId", slug, kind, name, source, status, expires_at as "expiresAt", rule,
  first_phase as "firstPhase", sweet_spot_min as "sweetSpotMin", sweet_spot_max as "sweetSpotMax", hard_cap as "hardCap",
  template, threshold, staff_settings as "staffSettings", staff_user_id as "staffUserId", credit_per_join as "creditPerJoin",
  retention_days as "retentionDays", webhook_secret as "webhookSecret", opening_since as "openingSince", created_at as "createdAt"`;

export interface CodeInput {
  kind?: 'group' | 'staff' | undefined;
  name: string;
  source: string;
  rule?: RoutingRule | undefined;
  firstPhase?: number | undefined;
  sweetSpotMin?: number | undefined;
  sweetSpotMax?: number | undefined;
  hardCap?: number | undefined;
  expiresAt?: Date | null | undefined;
  template?: GroupTemplate | null | undefined;
  threshold?: Threshold | undefined;
  staffSettings?: StaffSettings | null | undefined;
  staffUserId?: number | null | undefined;
  creditPerJoin?: number | undefined;
  retentionDays?: number | undefined;
}

export async function createCode(db: Queryable, workspaceId: number, input: CodeInput, createdBy: number | null): Promise<CodeRow> {
  const limits = { firstPhase: input.firstPhase ?? 100, sweetSpotMin: input.sweetSpotMin ?? 150, sweetSpotMax: input.sweetSpotMax ?? 200, hardCap: input.hardCap ?? 350 };
  const problems = limitProblems(limits, 200_000);
  if (problems.length) throw new AppError('bad_request', problems.join('; '));
  if (input.template) await checkTemplateAccount(db, workspaceId, input.template, limits.hardCap);
  const slug = randomBytes(6).toString('base64url');
  const rows = await db.query<CodeRow>(
    `insert into live_codes (workspace_id, slug, kind, name, source, rule, first_phase, sweet_spot_min, sweet_spot_max, hard_cap,
       expires_at, template, threshold, staff_settings, staff_user_id, credit_per_join, retention_days, webhook_secret, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) returning ${COLUMNS}`,
    [workspaceId, slug, input.kind ?? 'group', input.name, input.source, input.rule ?? 'fill_first', limits.firstPhase, limits.sweetSpotMin,
      limits.sweetSpotMax, limits.hardCap, input.expiresAt ?? null, input.template ? JSON.stringify(input.template) : null,
      JSON.stringify(input.threshold ?? { kind: 'none' }), input.staffSettings ? JSON.stringify(input.staffSettings) : null,
      input.staffUserId ?? createdBy, input.creditPerJoin ?? 1, input.retentionDays ?? 7, randomBytes(24).toString('base64url'), createdBy]);
  return parseCode(rows[0]!);
}

async function checkTemplateAccount(db: Queryable, workspaceId: number, template: GroupTemplate, hardCap: number): Promise<void> {
  const rows = await db.query<{ platform: string }>('select platform from platform_accounts where workspace_id = $1 and id = $2', [workspaceId, template.accountId]);
  const platform = rows[0]?.platform;
  if (!platform) throw new AppError('bad_request', `template: no platform account ${template.accountId} in this workspace`);
  const limit = PLATFORM_GROUP_LIMIT[platform] ?? 200_000;
  if (hardCap > limit) throw new AppError('bad_request', `the hard cap ${hardCap} is above ${platform}'s limit of ${limit} members`);
}

function parseCode(row: CodeRow): CodeRow {
  return {
    ...row,
    template: row.template ? GroupTemplate.parse(row.template) : null,
    threshold: Threshold.parse(row.threshold),
    staffSettings: row.staffSettings ? StaffSettings.parse(row.staffSettings) : null,
  };
}

export async function getCode(db: Queryable, workspaceId: number, codeId: number): Promise<CodeRow> {
  const rows = await db.query<CodeRow>(`select ${COLUMNS} from live_codes where workspace_id = $1 and id = $2`, [workspaceId, codeId]);
  if (!rows[0]) throw new AppError('not_found', `no live code ${codeId}`);
  return parseCode(rows[0]);
}

/** The code a public page names; undefined for an unknown slug. */
export async function codeBySlug(db: Queryable, slug: string): Promise<CodeRow | undefined> {
  const rows = await db.query<CodeRow>(`select ${COLUMNS} from live_codes where slug = $1`, [slug]);
  return rows[0] ? parseCode(rows[0]) : undefined;
}

/**
 * The code a public page names, as read within the last second: a burst on one code reads it once
 * a second per process. A change made in this process is seen at once (updateCode forgets it);
 * one made in another process within a second.
 */
const recent = new WeakMap<Queryable, Map<string, { code: CodeRow | undefined; at: number }>>();
export async function recentCodeBySlug(db: Queryable, slug: string): Promise<CodeRow | undefined> {
  let cache = recent.get(db);
  if (!cache) recent.set(db, (cache = new Map()));
  const hit = cache.get(slug);
  if (hit && Date.now() - hit.at < 1000) return hit.code;
  const code = await codeBySlug(db, slug);
  if (cache.size > 1000) cache.clear();
  cache.set(slug, { code, at: Date.now() });
  return code;
}

export async function listCodes(db: Queryable, workspaceId: number): Promise<CodeRow[]> {
  const rows = await db.query<CodeRow>(`select ${COLUMNS} from live_codes where workspace_id = $1 order by created_at desc, id desc`, [workspaceId]);
  return rows.map(parseCode);
}

export async function updateCode(db: Queryable, workspaceId: number, codeId: number, patch: Partial<Pick<CodeInput, 'name' | 'rule' | 'expiresAt' | 'threshold' | 'template' | 'creditPerJoin' | 'retentionDays' | 'staffSettings'>> & { status?: 'active' | 'paused' }): Promise<CodeRow> {
  const code = await getCode(db, workspaceId, codeId);
  if (patch.template) await checkTemplateAccount(db, workspaceId, patch.template, code.hardCap);
  const sets: string[] = [];
  const params: unknown[] = [workspaceId, codeId];
  const set = (column: string, value: unknown) => { params.push(value); sets.push(`${column} = $${params.length}`); };
  if (patch.name !== undefined) set('name', patch.name);
  if (patch.status !== undefined) set('status', patch.status);
  if (patch.rule !== undefined) set('rule', patch.rule);
  if (patch.expiresAt !== undefined) set('expires_at', patch.expiresAt);
  if (patch.threshold !== undefined) set('threshold', JSON.stringify(patch.threshold));
  if (patch.template !== undefined) set('template', patch.template ? JSON.stringify(patch.template) : null);
  if (patch.staffSettings !== undefined) set('staff_settings', patch.staffSettings ? JSON.stringify(patch.staffSettings) : null);
  if (patch.creditPerJoin !== undefined) set('credit_per_join', patch.creditPerJoin);
  if (patch.retentionDays !== undefined) set('retention_days', patch.retentionDays);
  if (sets.length) await db.query(`update live_codes set ${sets.join(', ')} where workspace_id = $1 and id = $2`, params);
  recent.get(db)?.delete(code.slug);
  return getCode(db, workspaceId, codeId);
}

export interface PoolEntry {
  groupId: number;
  name: string;
  platform: string;
  position: number;
  source: string | null;
  cap: number;
  load: number;
  routed: number;
  memberCount: number;
  linkUrl: string | null;
  /** What joins through the link carry back as their invite code. */
  linkCode: string | null;
  linkExpiresAt: Date | null;
  status: string;
  opened: boolean;
}

export async function poolOf(db: Queryable, workspaceId: number, codeId: number): Promise<PoolEntry[]> {
  return db.query<PoolEntry>(
    `select p.group_id as "groupId", g.name, a.platform, p.position, p.source, p.cap, p.load, p.routed, g.member_count as "memberCount",
            p.link_url as "linkUrl", p.link_code as "linkCode", p.link_expires_at as "linkExpiresAt", p.status, p.opened
     from live_code_groups p join groups g on g.workspace_id = p.workspace_id and g.id = p.group_id
     join platform_accounts a on a.workspace_id = g.workspace_id and a.id = g.account_id
     where p.workspace_id = $1 and p.code_id = $2 order by p.position`, [workspaceId, codeId]);
}

/**
 * Puts a group into a code's pool (or changes its source), with the link the page hands out.
 * Its load starts at the group's current size; its cap is the code's hard cap, never above the
 * group's capacity or the platform's limit.
 */
export async function addGroupToPool(db: Queryable, workspaceId: number, code: CodeRow, groupId: number,
  link: { url: string; code: string; expiresAt: Date | null }, options: { source?: string | null; opened?: boolean } = {}): Promise<void> {
  const rows = await db.query<{ capacity: number; member_count: number; platform: string }>(
    `select g.capacity, g.member_count, a.platform from groups g join platform_accounts a on a.workspace_id = g.workspace_id and a.id = g.account_id
     where g.workspace_id = $1 and g.id = $2`, [workspaceId, groupId]);
  const g = rows[0];
  if (!g) throw new AppError('not_found', `no group ${groupId}`);
  const cap = Math.min(code.hardCap, g.capacity, PLATFORM_GROUP_LIMIT[g.platform] ?? 200_000);
  await db.query(
    `insert into live_code_groups (workspace_id, code_id, group_id, position, source, cap, load, link_url, link_code, link_expires_at, opened)
     values ($1, $2, $3, coalesce((select max(position) + 1 from live_code_groups where workspace_id = $1 and code_id = $2), 1), $4, $5, $6, $7, $8, $9, $10)
     on conflict (workspace_id, code_id, group_id) do update set source = excluded.source, link_url = excluded.link_url,
       link_code = excluded.link_code, link_expires_at = excluded.link_expires_at, status = 'open'`,
    [workspaceId, code.id, groupId, options.source ?? null, cap, g.member_count, link.url, link.code, link.expiresAt, options.opened ?? false]);
  // A group came in: the code may ask for the next one again when this one fills.
  await db.query('update live_codes set opening_since = null where workspace_id = $1 and id = $2', [workspaceId, code.id]);
}

export async function setPoolGroupStatus(db: Queryable, workspaceId: number, codeId: number, groupId: number, status: 'open' | 'closed'): Promise<void> {
  const rows = await db.query('update live_code_groups set status = $4 where workspace_id = $1 and code_id = $2 and group_id = $3 returning 1', [workspaceId, codeId, groupId, status]);
  if (!rows.length) throw new AppError('not_found', `group ${groupId} is not in code ${codeId}`);
}
