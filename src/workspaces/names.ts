/**
 * The names a workspace's things have now, looked up by kind and id: one query per kind for a
 * whole page (ids batched), only within the workspace. Lists, reports and the audit view store ids
 * (they survive renames) and show these names; what no longer exists, or has no name, is missing
 * from the answer and the caller falls back to its key. Used by the audit view's labels
 * (src/audit/labels.ts) and the orders list (src/orders/routes.ts), so each kind is named one way.
 */
import type { Queryable } from '../db/database.ts';

export type NameKind = 'group' | 'member' | 'user' | 'account' | 'workspace' | 'invite' | 'code' | 'entry' | 'campaign' | 'referral'
  | 'push' | 'content' | 'calendar' | 'experiment' | 'automation' | 'task' | 'decision' | 'ban' | 'apikey';

/** Each kind's query: $1 the workspace, $2 the ids; rows (id, name). */
const QUERIES: Record<NameKind, string> = {
  group: 'select id, name from groups where workspace_id = $1 and id = any($2::bigint[])',
  member: 'select id, display_name as name from members where workspace_id = $1 and id = any($2::bigint[])',
  // Users are not per workspace: only those who are its staff, or whom its log names (removed staff).
  user: `select u.id, u.name from users u where u.id = any($2::bigint[])
           and (exists (select 1 from workspace_staff s where s.workspace_id = $1 and s.user_id = u.id)
             or exists (select 1 from audit_log a where a.workspace_id = $1 and (a.actor_user_id = u.id or a.target = 'user:' || u.id)))`,
  account: 'select id, name from platform_accounts where workspace_id = $1 and id = any($2::bigint[])',
  workspace: 'select id, name from workspaces where id = $1 and id = any($2::bigint[])',
  invite: 'select id, email as name from staff_invites where workspace_id = $1 and id = any($2::bigint[])',
  code: 'select id, name from live_codes where workspace_id = $1 and id = any($2::bigint[])',
  entry: 'select id, name from code_entries where workspace_id = $1 and id = any($2::bigint[])',
  campaign: 'select id, name from campaigns where workspace_id = $1 and id = any($2::bigint[])',
  apikey: 'select id, name from api_keys where workspace_id = $1 and id = any($2::bigint[])',
  // A referral is named by its friend (a referral under review is about whom it brought in).
  referral: `select r.id, m.display_name as name from campaign_referrals r join members m on m.workspace_id = r.workspace_id and m.id = r.invitee_member_id
             where r.workspace_id = $1 and r.id = any($2::bigint[])`,
  push: 'select id, title as name from push_campaigns where workspace_id = $1 and id = any($2::bigint[])',
  content: 'select id, title as name from push_library where workspace_id = $1 and id = any($2::bigint[])',
  calendar: 'select id, theme as name from calendar_entries where workspace_id = $1 and id = any($2::bigint[])',
  experiment: 'select id, name from experiments where workspace_id = $1 and id = any($2::bigint[])',
  automation: 'select id, name from automation_rules where workspace_id = $1 and id = any($2::bigint[])',
  task: 'select id, left(text, 60) as name from code_tasks where workspace_id = $1 and id = any($2::bigint[])',
  // A moderation decision and a ban are named by their member (what the operator knows them by).
  decision: `select d.id, m.display_name as name from moderation_decisions d join members m on m.workspace_id = d.workspace_id and m.id = d.member_id
             where d.workspace_id = $1 and d.id = any($2::bigint[])`,
  ban: `select b.id, coalesce(m.display_name, b.platform_user_id) as name from moderation_bans b left join members m on m.workspace_id = b.workspace_id and m.id = b.member_id
        where b.workspace_id = $1 and b.id = any($2::bigint[])`,
};

export const NAME_KINDS = Object.keys(QUERIES) as NameKind[];

export type Names = Record<NameKind, Map<number, string>>;

/**
 * The names of the wanted ids of each kind (nulls and repeats ignored), one query per kind that
 * has any, run together. Every kind is in the answer (empty when nothing was wanted or found).
 */
export async function namesByKind(db: Queryable, workspaceId: number, wanted: Partial<Record<NameKind, Iterable<number | null | undefined>>>): Promise<Names> {
  const names = Object.fromEntries(NAME_KINDS.map((k) => [k, new Map<number, string>()])) as Names;
  await Promise.all(NAME_KINDS.map(async (kind) => {
    const ids = [...new Set([...(wanted[kind] ?? [])].filter((x): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x > 0))];
    if (!ids.length) return;
    const rows = await db.query<{ id: number | string; name: string | null }>(QUERIES[kind], [workspaceId, ids]);
    for (const r of rows) if (r.name !== null && r.name !== '') names[kind].set(Number(r.id), r.name);
  }));
  return names;
}
