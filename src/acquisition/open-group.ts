/**
 * Growing a code's pool: when its groups pass the sweet spot, the next group is opened from the
 * code's template through the template account's connector (createGroup), given a link, its rules
 * and welcome posted through the outbox, and put into the pool; where the platform cannot create groups (Telegram bots, WeCom) an
 * operator task asks for one instead. `opening_since` is claimed with a conditional update first,
 * so a burst on several processes asks once. Also: links behind a code that the platform expires
 * are replaced before they do (refreshLinks, run by a job).
 */
import type { ActionDeps } from '../actions/targets.ts';
import { createInviteLink } from '../actions/invite-links.ts';
import { AppError } from '../errors.ts';
import { enqueueActions } from '../outbox/outbox.ts';
import { addGroupToPool, getCode, poolOf, type CodeRow } from './codes.ts';
import { groupName } from './routing.ts';

/** Links the code makes on platforms that expire them live this long, and are replaced a day before. */
export const LINK_DAYS = 7;
export const REFRESH_BEFORE_MS = 24 * 3600_000;

export type OpenOutcome = { kind: 'opened'; groupId: number } | { kind: 'task'; taskId: number } | { kind: 'already' } | { kind: 'no_template' };

/** The platforms whose links Qunyun creates with an expiry (and so refreshes). */
const EXPIRING = new Set(['sandbox', 'telegram']);

/** Makes a link for a group of the pool and returns it with its expiry. */
export async function linkForGroup(deps: ActionDeps, workspaceId: number, code: CodeRow, groupId: number, platform: string, now = new Date()): Promise<{ url: string; code: string; expiresAt: Date | null }> {
  const link = await createInviteLink(deps, workspaceId, groupId, { source: code.source.slice(0, 24), name: `code ${code.id}`.slice(0, 32) }, code.staffUserId);
  return { url: link.url, code: link.code, expiresAt: EXPIRING.has(platform) ? new Date(now.getTime() + LINK_DAYS * 86_400_000) : null };
}

export async function openNextGroup(deps: ActionDeps, workspaceId: number, codeId: number): Promise<OpenOutcome> {
  const code = await getCode(deps.db, workspaceId, codeId);
  const template = code.template;
  if (!template) return { kind: 'no_template' };
  // An opening older than 10 minutes is taken to have failed and may be claimed again.
  const claimed = await deps.db.query(
    `update live_codes set opening_since = now() where workspace_id = $1 and id = $2
       and (opening_since is null or opening_since < now() - interval '10 minutes') returning 1`, [workspaceId, codeId]);
  if (!claimed.length) return { kind: 'already' };
  const pool = await poolOf(deps.db, workspaceId, codeId);
  const name = groupName(template.namePattern, pool.length + 1);
  const account = await deps.db.query<{ platform: string }>('select platform from platform_accounts where workspace_id = $1 and id = $2', [workspaceId, template.accountId]);
  const platform = account[0]?.platform ?? 'unknown';
  const connector = deps.connector(template.accountId);
  const capability = connector?.capabilities.createGroup;
  if (!connector || !capability?.supported) {
    const why = !connector ? 'its account is not connected' : capability && !capability.supported ? capability.reason : 'unknown';
    const text = `Open a new ${platform} group named "${name}" (capacity ${code.hardCap}), post its rules and welcome, make the template's admins admins, then add it to live code "${code.name}": Qunyun cannot open it because ${why}.`;
    const task = await deps.db.query<{ id: number }>(
      `insert into code_tasks (workspace_id, code_id, kind, text) values ($1, $2, 'open_group', $3) returning id`, [workspaceId, codeId, text]);
    return { kind: 'task', taskId: task[0]!.id };
  }
  try {
    const capacity = Math.min(template.capacity ?? code.hardCap, code.hardCap);
    const created = await connector.createGroup({ name, capacity });
    const rows = await deps.db.query<{ id: number }>(
      `insert into groups (workspace_id, account_id, platform_group_id, name, capacity, created_at, purpose) values ($1, $2, $3, $4, $5, now(), 'acquisition')
       on conflict (workspace_id, account_id, platform_group_id) do update set capacity = excluded.capacity returning id`,
      [workspaceId, template.accountId, created.groupId, name, capacity]);
    const groupId = rows[0]!.id;
    const link = await linkForGroup(deps, workspaceId, code, groupId, platform);
    await addGroupToPool(deps.db, workspaceId, code, groupId, link, { opened: true });
    const intro = [template.rules, template.welcome].filter((s) => s.trim()).join('\n\n');
    if (intro) {
      await enqueueActions(deps.db, workspaceId, [{ key: `code:${codeId}:group:${groupId}:intro`, kind: 'post', groupId, payload: { text: intro }, origin: `acquisition:code:${codeId}` }]);
    }
    if (template.admins.length) {
      await deps.db.query(`insert into code_tasks (workspace_id, code_id, kind, text) values ($1, $2, 'admins', $3)`,
        [workspaceId, codeId, `Make staff ${template.admins.join(', ')} admins of the new group "${name}" (the connector has no API to promote admins).`]);
    }
    return { kind: 'opened', groupId };
  } catch (err) {
    await deps.db.query('update live_codes set opening_since = null where workspace_id = $1 and id = $2', [workspaceId, codeId]);
    throw err;
  }
}

/** Replaces links of open pool groups that expire within a day; returns how many were replaced. */
export async function refreshLinks(deps: ActionDeps, workspaceId: number, now = new Date()): Promise<{ refreshed: number; failed: Array<{ codeId: number; groupId: number; error: string }> }> {
  const due = await deps.db.query<{ code_id: number; group_id: number; platform: string }>(
    `select p.code_id, p.group_id, a.platform from live_code_groups p
     join groups g on g.workspace_id = p.workspace_id and g.id = p.group_id
     join platform_accounts a on a.workspace_id = g.workspace_id and a.id = g.account_id
     where p.workspace_id = $1 and p.status = 'open' and p.link_expires_at is not null and p.link_expires_at <= $2`,
    [workspaceId, new Date(now.getTime() + REFRESH_BEFORE_MS)]);
  let refreshed = 0;
  const failed: Array<{ codeId: number; groupId: number; error: string }> = [];
  for (const d of due) {
    try {
      const code = await getCode(deps.db, workspaceId, d.code_id);
      const link = await linkForGroup(deps, workspaceId, code, d.group_id, d.platform, now);
      await deps.db.query('update live_code_groups set link_url = $4, link_code = $5, link_expires_at = $6 where workspace_id = $1 and code_id = $2 and group_id = $3',
        [workspaceId, d.code_id, d.group_id, link.url, link.code, link.expiresAt]);
      refreshed += 1;
    } catch (err) {
      failed.push({ codeId: d.code_id, groupId: d.group_id, error: err instanceof AppError || err instanceof Error ? err.message : String(err) });
    }
  }
  return { refreshed, failed };
}
