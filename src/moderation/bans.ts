/**
 * The workspace's one ban list. A ban names a person (a member: all their identities on every
 * platform, src/db/schema.ts member_identities, and the members an operator linked to them as the
 * same person, src/members/people.ts) or, for an imported line about someone Qunyun
 * has not met, one platform identity. Banning removes the person from every group of the
 * workspace where they are now (outbox `ban` actions), and a banned person joining any group is
 * removed at once (the moderation reactor). Each ban keeps its reason, evidence, who and when;
 * lifting keeps the row. CSV import/export: `platform,user_id,member_id,reason,created_at`.
 */
import { storableJson } from '../db/storable.ts';
import { parse } from 'csv-parse/sync';
import type { Queryable } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { linkedMemberIds } from '../members/people.ts';
import { enqueueActions, type OutboxAction } from './outbox.ts';

export interface Ban {
  id: number;
  memberId: number | null;
  memberName: string | null;
  platform: string | null;
  platformUserId: string | null;
  /** The member's identities (platform and user id), for the list and the export. */
  identities: Array<{ platform: string; userId: string }>;
  reason: string;
  evidence: unknown;
  source: string;
  decisionId: number | null;
  createdBy: { id: number; name: string } | null;
  createdAt: string;
  liftedAt: string | null;
}

/** The active ban that covers this person (any member linked to them) or identity, if any. */
export async function findBan(db: Queryable, workspaceId: number, who: { memberId: number | null; platform?: string; platformUserId?: string }): Promise<{ id: number; reason: string } | null> {
  const person = who.memberId === null ? [] : await linkedMemberIds(db, workspaceId, who.memberId);
  const rows = await db.query<{ id: number; reason: string }>(
    `select b.id, b.reason from moderation_bans b
     where b.workspace_id = $1 and b.lifted_at is null
       and (b.member_id = any($2::bigint[])
            or (b.member_id is null and b.platform = $3 and b.platform_user_id = $4)
            or (b.member_id is null and exists (
                  select 1 from member_identities mi join platform_accounts a on a.workspace_id = mi.workspace_id and a.id = mi.account_id
                  where mi.workspace_id = b.workspace_id and mi.member_id = any($2::bigint[]) and a.platform = b.platform and mi.platform_user_id = b.platform_user_id)))
     order by b.id limit 1`,
    [workspaceId, person, who.platform ?? null, who.platformUserId ?? null]);
  return rows[0] ?? null;
}

/** The platform bans that carry out a ban of a person: one per group where they (or a member linked to them) are active. */
export async function removalActions(db: Queryable, workspaceId: number, memberId: number, banId: number, origin: string): Promise<OutboxAction[]> {
  const person = await linkedMemberIds(db, workspaceId, memberId);
  const groups = await db.query<{ group_id: number; member_id: string | number }>(
    'select group_id, member_id from memberships where workspace_id = $1 and member_id = any($2::bigint[]) and active', [workspaceId, person]);
  return groups.map((g) => {
    const m = Number(g.member_id);
    return {
      key: `moderation:ban:${banId}:group:${g.group_id}${m === memberId ? '' : `:member:${m}`}`, kind: 'ban', groupId: g.group_id, memberId: m, payload: {}, origin,
    } as OutboxAction;
  });
}

export interface BanInput { memberId: number; reason: string; evidence?: unknown; via: 'manual' | 'auto' | 'import'; decisionId?: number | null }

/**
 * Bans a person (once: an active ban of theirs is returned as it is) and removes them from every
 * group where they are now. Runs in the caller's transaction.
 */
export async function banMember(tx: Queryable, workspaceId: number, input: BanInput, createdBy: number | null): Promise<{ id: number; created: boolean }> {
  const member = await tx.query('select 1 from members where workspace_id = $1 and id = $2', [workspaceId, input.memberId]);
  if (!member.length) throw new AppError('not_found', `no member ${input.memberId}`);
  const inserted = await tx.query<{ id: number }>(
    `insert into moderation_bans (workspace_id, member_id, reason, evidence, source, decision_id, created_by)
     values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (workspace_id, member_id) where lifted_at is null and member_id is not null do nothing returning id`,
    [workspaceId, input.memberId, input.reason, storableJson(input.evidence ?? {}), input.via, input.decisionId ?? null, createdBy]);
  if (!inserted[0]) {
    const existing = await tx.query<{ id: number }>('select id from moderation_bans where workspace_id = $1 and member_id = $2 and lifted_at is null', [workspaceId, input.memberId]);
    return { id: existing[0]!.id, created: false };
  }
  const id = inserted[0].id;
  await enqueueActions(tx, workspaceId, await removalActions(tx, workspaceId, input.memberId, id, `moderation:ban:${id}`));
  return { id, created: true };
}

/** Lifts a ban; on platforms that keep a ban (Telegram), the member is unbanned in the groups they were banned from. */
export async function liftBan(tx: Queryable, workspaceId: number, banId: number, liftedBy: number | null): Promise<void> {
  const rows = await tx.query<{ member_id: number | null }>(
    'update moderation_bans set lifted_at = now(), lifted_by = $3 where workspace_id = $1 and id = $2 and lifted_at is null returning member_id',
    [workspaceId, banId, liftedBy]);
  if (!rows[0]) {
    const any = await tx.query('select 1 from moderation_bans where workspace_id = $1 and id = $2', [workspaceId, banId]);
    if (!any.length) throw new AppError('not_found', `no ban ${banId}`);
    return; // already lifted: nothing more to do
  }
  const memberId = rows[0].member_id;
  if (memberId === null) return;
  // Every group they have been in: the platform's ban is lifted where there is one (a no-op elsewhere).
  const person = await linkedMemberIds(tx, workspaceId, memberId);
  const groups = await tx.query<{ group_id: number; member_id: string | number }>(
    'select group_id, member_id from memberships where workspace_id = $1 and member_id = any($2::bigint[])', [workspaceId, person]);
  await enqueueActions(tx, workspaceId, groups.map((g) => {
    const m = Number(g.member_id);
    return {
      key: `moderation:unban:${banId}:group:${g.group_id}${m === memberId ? '' : `:member:${m}`}`, kind: 'unban', groupId: g.group_id, memberId: m, payload: {}, origin: `moderation:ban:${banId}`,
    } as OutboxAction;
  }));
}

type BanRow = { id: number; member_id: number | null; member_name: string | null; platform: string | null; platform_user_id: string | null;
  identities: Array<{ platform: string; userId: string }> | null; reason: string; evidence: unknown; source: string; decision_id: number | null;
  created_by: number | null; created_by_name: string | null; created_at: Date; lifted_at: Date | null };

export async function listBans(db: Queryable, workspaceId: number, opts: { active?: boolean; limit: number; offset: number }): Promise<{ items: Ban[]; total: number }> {
  const where = opts.active === false ? '' : 'and b.lifted_at is null';
  const [rows, total] = await Promise.all([
    db.query<BanRow>(
      `select b.id, b.member_id, m.display_name as member_name, b.platform, b.platform_user_id, b.reason, b.evidence, b.source, b.decision_id,
              b.created_by, u.name as created_by_name, b.created_at, b.lifted_at,
              (select json_agg(json_build_object('platform', a.platform, 'userId', mi.platform_user_id) order by a.platform, mi.platform_user_id)
                 from member_identities mi join platform_accounts a on a.workspace_id = mi.workspace_id and a.id = mi.account_id
                where mi.workspace_id = b.workspace_id and mi.member_id = b.member_id) as identities
       from moderation_bans b
       left join members m on m.workspace_id = b.workspace_id and m.id = b.member_id
       left join users u on u.id = b.created_by
       where b.workspace_id = $1 ${where} order by b.created_at desc, b.id desc limit $2 offset $3`,
      [workspaceId, opts.limit, opts.offset]),
    db.query<{ n: number }>(`select count(*)::int as n from moderation_bans b where b.workspace_id = $1 ${where}`, [workspaceId]),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id, memberId: r.member_id, memberName: r.member_name, platform: r.platform, platformUserId: r.platform_user_id,
      identities: r.identities ?? (r.platform && r.platform_user_id ? [{ platform: r.platform, userId: r.platform_user_id }] : []),
      reason: r.reason, evidence: r.evidence, source: r.source, decisionId: r.decision_id,
      createdBy: r.created_by !== null ? { id: r.created_by, name: r.created_by_name ?? '' } : null,
      createdAt: r.created_at.toISOString(), liftedAt: r.lifted_at?.toISOString() ?? null,
    })),
    total: total[0]?.n ?? 0,
  };
}

const CSV_HEADER = 'platform,user_id,member_id,reason,created_at';

function csvField(v: string): string {
  // A leading =, +, - or @ would be a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The active bans as CSV, one line per identity (a person with two identities is two lines). */
export async function exportBansCsv(db: Queryable, workspaceId: number): Promise<string> {
  const lines = [CSV_HEADER];
  for (let offset = 0; ; offset += 500) {
    const page = await listBans(db, workspaceId, { limit: 500, offset });
    for (const b of page.items) {
      const ids = b.identities.length ? b.identities : [{ platform: '', userId: '' }];
      for (const i of ids) lines.push([i.platform, i.userId, b.memberId?.toString() ?? '', b.reason, b.createdAt].map(csvField).join(','));
    }
    if (page.items.length < 500) break;
  }
  return lines.join('\n') + '\n';
}

export interface ImportResult { banned: number; already: number; rejected: Array<{ line: number; reason: string }> }

/**
 * Imports a ban list CSV (the export's format; `member_id` and `created_at` optional). A line
 * whose identity is known bans its person (all identities); an unknown identity is banned as it
 * is, and catches the person when they first join.
 */
export async function importBansCsv(tx: Queryable, workspaceId: number, csv: string, createdBy: number | null): Promise<ImportResult> {
  let rows: string[][];
  try {
    rows = parse(csv, { relax_column_count: true, bom: true, skip_empty_lines: true }) as string[][];
  } catch (e) {
    throw new AppError('bad_request', `the CSV could not be read: ${(e as Error).message}`);
  }
  const out: ImportResult = { banned: 0, already: 0, rejected: [] };
  const header = rows[0]?.map((h) => h.trim().toLowerCase()) ?? [];
  const col = (name: string) => header.indexOf(name);
  if (col('platform') < 0 || col('user_id') < 0 || col('reason') < 0) throw new AppError('bad_request', `the CSV's first line must name the columns: ${CSV_HEADER}`);
  if (rows.length > 50_001) throw new AppError('bad_request', 'at most 50,000 lines per import');
  for (let i = 1; i < rows.length; i++) {
    const r = rows[i]!;
    if (r.length === 1 && r[0]!.trim() === '') continue;
    const platform = (r[col('platform')] ?? '').trim();
    const userId = (r[col('user_id')] ?? '').trim().replace(/^'/, '');
    const reason = (r[col('reason')] ?? '').trim().slice(0, 500) || 'imported';
    if (!/^[a-z_]{1,32}$/.test(platform) || userId === '' || userId.length > 200) {
      out.rejected.push({ line: i + 1, reason: 'platform (telegram, wecom, sandbox) and user_id are required' });
      continue;
    }
    const member = await tx.query<{ member_id: number }>(
      `select mi.member_id from member_identities mi join platform_accounts a on a.workspace_id = mi.workspace_id and a.id = mi.account_id
       where mi.workspace_id = $1 and a.platform = $2 and mi.platform_user_id = $3 limit 1`, [workspaceId, platform, userId]);
    if (member[0]) {
      const r2 = await banMember(tx, workspaceId, { memberId: member[0].member_id, reason, via: 'import', evidence: { line: i + 1 } }, createdBy);
      if (r2.created) out.banned++; else out.already++;
      continue;
    }
    const ins = await tx.query(
      `insert into moderation_bans (workspace_id, platform, platform_user_id, reason, evidence, source, created_by)
       values ($1, $2, $3, $4, $5, 'import', $6)
       on conflict (workspace_id, platform, platform_user_id) where lifted_at is null and member_id is null do nothing returning id`,
      [workspaceId, platform, userId, reason, storableJson({ line: i + 1 }), createdBy]);
    if (ins.length) out.banned++; else out.already++;
  }
  return out;
}
