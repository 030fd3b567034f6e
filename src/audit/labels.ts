/**
 * Names for the audit view: an entry stores what it acted on as a key (`group:12`, `member:81`,
 * `groups:1,2,3`, `user:3`) so that it survives renames; the console shows it in words, with the
 * names those keys have now. This resolves, for a page of entries, in one query per kind: the
 * target's name (`targetLabel`; the names by kind: src/workspaces/names.ts), the member an action was about besides its target
 * (`detail.member`: the member muted in a group, linked to another, who joined a campaign:
 * `memberLabel`) and the staff member a group was assigned to (`group.assign`: `assigneeLabel`).
 * Every kind of target the log records by id is named (a push by its title, a moderation decision
 * or a ban by its member, …), so that no sentence shows a bare key like 「push:3」.
 * Only names within the entry's workspace are used (users: those who are or were its staff, by id
 * as the log recorded them); what no longer exists has no label (null), and the console falls back
 * to the key.
 */
import type { Queryable } from '../db/database.ts';
import { namesByKind, type NameKind } from '../workspaces/names.ts';

export interface AuditLabels {
  /** The target's name(s): one name, or up to three of a list with "+N" for the rest; null when unknown. */
  targetLabel: string | null;
  /** The member an action was about besides its target (a group's mute, kick, join request; member.link; campaign.participant). */
  memberLabel?: string | null;
  /** The staff member a group was assigned to (`group.assign`). */
  assigneeLabel?: string | null;
}

type Kind = NameKind;

const KINDS: Record<string, Kind> = {
  group: 'group', groups: 'group', member: 'member', members: 'member', user: 'user',
  account: 'account', workspace: 'workspace', invite: 'invite', code: 'code', entry: 'entry',
  campaign: 'campaign', referral: 'referral', push: 'push', content: 'content', calendar: 'calendar',
  experiment: 'experiment', automation: 'automation', task: 'task', 'moderation-decision': 'decision', 'moderation-ban': 'ban', apikey: 'apikey',
};
const ALL_KINDS = [...new Set(Object.values(KINDS))];

const LIST_SHOWN = 3;

/** `groups:1,2,3` → { kind: 'group', ids: [1, 2, 3] }; anything else (route:…, telegram-bot:…) → null. */
export function parseTarget(target: string): { kind: Kind; ids: number[] } | null {
  const colon = target.indexOf(':');
  if (colon < 0) return null;
  const kind = KINDS[target.slice(0, colon)];
  if (!kind) return null;
  const ids = target.slice(colon + 1).split(',').map((s) => Number(s)).filter((n) => Number.isSafeInteger(n) && n > 0);
  return ids.length ? { kind, ids } : null;
}

function positiveId(value: unknown): number | null {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** Adds the labels to a page of entries (in place order kept), with at most one query per kind. */
export async function labelAuditEntries<E extends { action: string; target: string; detail: Record<string, unknown> | null }>(
  db: Queryable, workspaceId: number, entries: E[],
): Promise<Array<E & AuditLabels>> {
  const wanted = Object.fromEntries(ALL_KINDS.map((k) => [k, new Set<number>()])) as Record<Kind, Set<number>>;
  const parsed = entries.map((e) => {
    const target = parseTarget(e.target);
    if (target) for (const id of target.ids) wanted[target.kind].add(id);
    const member = positiveId(e.detail?.member);
    if (member) wanted.member.add(member);
    const assignee = e.action === 'group.assign' ? positiveId(e.detail?.value) : null;
    if (assignee) wanted.user.add(assignee);
    return { target, member, assignee };
  });
  const names = await namesByKind(db, workspaceId, wanted);
  return entries.map((e, i) => {
    const { target, member, assignee } = parsed[i]!;
    let targetLabel: string | null = null;
    if (target) {
      const known = target.ids.map((id) => names[target.kind].get(id)).filter((n): n is string => n !== undefined);
      if (known.length > 0) {
        targetLabel = known.slice(0, LIST_SHOWN).join(', ') + (target.ids.length > LIST_SHOWN ? ` +${target.ids.length - LIST_SHOWN}` : '');
      }
    }
    const labels: AuditLabels = { targetLabel };
    if (member) labels.memberLabel = names.member.get(member) ?? null;
    if (assignee) labels.assigneeLabel = names.user.get(assignee) ?? null;
    return { ...e, ...labels };
  });
}
