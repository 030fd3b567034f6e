/**
 * Invite links (Telegram, sandbox) and join ways (WeCom) made through Qunyun, for acquisition by
 * source (拉新): each is recorded with its source and the staff member who made it, and the joins
 * that come through it carry its code back (memberships.invite_code), so they are attributed to it
 * and counted per link. On WeCom the code is the join way's `state` (join-way-state.ts), since
 * that is what WeCom hands back on the members who joined through it.
 */
import { AppError } from '../errors.ts';
import { onPlatform } from './errors.ts';
import { joinWayState, MAX_WECOM_SOURCE } from './join-way-state.ts';
import { groupTarget, requireCapability, type ActionDeps } from './targets.ts';

export interface InviteLinkInput {
  source: string;
  name?: string | undefined;
  memberLimit?: number | undefined;
  requiresApproval?: boolean | undefined;
}

export interface StoredInviteLink {
  id: number;
  groupId: number;
  url: string;
  code: string;
  source: string;
  name: string | null;
  memberLimit: number | null;
  requiresApproval: boolean;
  createdBy: { id: number; name: string } | null;
  createdAt: string;
  /** Members whose latest join into the group came through this link. */
  joins: number;
}

/** The longest source per platform: Telegram carries it as the link's name (≤ 32 characters). */
const MAX_SOURCE: Record<string, number> = { telegram: 32, wecom: MAX_WECOM_SOURCE, sandbox: 64 };

export async function createInviteLink(deps: ActionDeps, workspaceId: number, groupId: number, input: InviteLinkInput, createdBy: number | null): Promise<StoredInviteLink> {
  const target = await groupTarget(deps, workspaceId, groupId);
  await onPlatform(async () => requireCapability(target, 'createInviteLink'));
  const max = MAX_SOURCE[target.platform] ?? 64;
  if ([...input.source].length > max) throw new AppError('bad_request', `on ${target.platform} a source is at most ${max} characters`);
  const options = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.memberLimit !== undefined ? { memberLimit: input.memberLimit } : {}),
    ...(input.requiresApproval ? { requiresApproval: true } : {}),
  };
  let code: string;
  let url: string;
  let platformLinkId: string | null = null;
  if (target.platform === 'wecom') {
    const state = joinWayState(input.source);
    const way = await onPlatform(() => target.connector.createInviteLink(target.platformGroupId, { ...options, source: state }));
    code = state;
    url = way.url;
    platformLinkId = way.code;
  } else {
    const link = await onPlatform(() => target.connector.createInviteLink(target.platformGroupId, { ...options, source: input.source }));
    code = link.code;
    url = link.url;
  }
  const rows = await deps.db.query<{ id: number }>(
    `insert into invite_links (workspace_id, group_id, account_id, code, url, platform_link_id, source, name, member_limit, requires_approval, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id`,
    [workspaceId, groupId, target.accountId, code, url, platformLinkId, input.source, input.name ?? null,
      input.memberLimit ?? null, input.requiresApproval ?? false, createdBy]);
  const created = (await listInviteLinks(deps, workspaceId, groupId, { limit: 1, offset: 0, id: rows[0]!.id })).items[0];
  if (!created) throw new Error('invite link vanished after insert');
  return created;
}

export async function listInviteLinks(deps: Pick<ActionDeps, 'db'>, workspaceId: number, groupId: number, page: { limit: number; offset: number; id?: number }): Promise<{ items: StoredInviteLink[]; total: number }> {
  const params: unknown[] = [workspaceId, groupId];
  let only = '';
  if (page.id !== undefined) { params.push(page.id); only = `and l.id = $${params.length}`; }
  const [rows, total] = await Promise.all([
    deps.db.query<Omit<StoredInviteLink, 'createdAt' | 'createdBy'> & { createdAt: Date; creatorId: number | null; creatorName: string | null }>(
      `select l.id, l.group_id as "groupId", l.url, l.code, l.source, l.name, l.member_limit as "memberLimit",
              l.requires_approval as "requiresApproval", l.created_by as "creatorId", u.name as "creatorName", l.created_at as "createdAt",
              (select count(*)::int from memberships m
                where m.workspace_id = l.workspace_id and m.group_id = l.group_id and m.invite_code = l.code) as joins
       from invite_links l left join users u on u.id = l.created_by
       where l.workspace_id = $1 and l.group_id = $2 ${only}
       order by l.created_at desc, l.id desc limit ${Number(page.limit)} offset ${Number(page.offset)}`, params),
    deps.db.query<{ n: number }>('select count(*)::int as n from invite_links where workspace_id = $1 and group_id = $2', [workspaceId, groupId]),
  ]);
  return {
    items: rows.map(({ creatorId, creatorName, createdAt, ...r }) => ({
      ...r, createdAt: createdAt.toISOString(), createdBy: creatorId === null ? null : { id: creatorId, name: creatorName ?? '' },
    })),
    total: total[0]?.n ?? 0,
  };
}
