/**
 * Appeals: a member whose message was removed, or who was muted, removed or banned, may ask an
 * operator to look again through a public mobile page. The page's link carries a random token
 * (the link is the signature: 144 random bits, stored only as its SHA-256 on the decision); it is
 * made when an operator asks for it and given to the member (a private message where the platform
 * can). One appeal per decision. Accepting it undoes the decision and labels its text not spam.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { undoDecision } from './decisions.ts';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new link token for the decision (an earlier link stops working). The link is `/appeal/<token>`. */
export async function makeAppealToken(db: Queryable, workspaceId: number, decisionId: number): Promise<string> {
  const token = `${workspaceId}.${decisionId}.${randomBytes(18).toString('base64url')}`;
  const rows = await db.query('update moderation_decisions set appeal_token_hash = $3 where workspace_id = $1 and id = $2 returning id', [workspaceId, decisionId, hash(token)]);
  if (!rows.length) throw new AppError('not_found', `no moderation decision ${decisionId}`);
  return token;
}

export interface AppealView {
  group: string;
  text: string | null;
  rule: string | null;
  category: string | null;
  actions: string[];
  muteMinutes: number | null;
  occurredAt: string;
  appeal: { state: string; text: string; createdAt: string } | null;
}

function parseToken(token: string): { workspaceId: number; decisionId: number } | null {
  const m = /^(\d{1,15})\.(\d{1,15})\.[A-Za-z0-9_-]{24}$/.exec(token);
  return m ? { workspaceId: Number(m[1]), decisionId: Number(m[2]) } : null;
}

async function byToken(db: Queryable, token: string): Promise<{ workspaceId: number; decisionId: number; memberId: number | null; row: AppealView }> {
  const ids = parseToken(token);
  const fail = () => new AppError('not_found', 'this appeal link is not valid (it may have been replaced by a newer one)');
  if (!ids) throw fail();
  const rows = await db.query<{ hash: string | null; member_id: number | null; group_name: string | null; text: string | null; rule: string | null; category: string | null;
    actions: string[]; mute_minutes: number | null; occurred_at: Date; a_state: string | null; a_text: string | null; a_at: Date | null }>(
    `select d.appeal_token_hash as hash, d.member_id, g.name as group_name, d.text, d.rule, d.category, d.actions, d.mute_minutes, d.occurred_at,
            ap.state as a_state, ap.text as a_text, ap.created_at as a_at
     from moderation_decisions d left join groups g on g.workspace_id = d.workspace_id and g.id = d.group_id
     left join moderation_appeals ap on ap.workspace_id = d.workspace_id and ap.decision_id = d.id
     where d.workspace_id = $1 and d.id = $2`, [ids.workspaceId, ids.decisionId]);
  const r = rows[0];
  if (!r?.hash || !timingSafeEqual(Buffer.from(r.hash, 'hex'), Buffer.from(hash(token), 'hex'))) throw fail();
  return {
    ...ids, memberId: r.member_id,
    row: {
      group: r.group_name ?? '', text: r.text, rule: r.rule, category: r.category, actions: r.actions, muteMinutes: r.mute_minutes,
      occurredAt: r.occurred_at.toISOString(), appeal: r.a_state ? { state: r.a_state, text: r.a_text ?? '', createdAt: r.a_at!.toISOString() } : null,
    },
  };
}

export async function viewAppeal(db: Queryable, token: string): Promise<AppealView> {
  return (await byToken(db, token)).row;
}

/** Files the member's appeal (once: a second one is refused). */
export async function fileAppeal(db: Queryable, token: string, text: string): Promise<{ workspaceId: number; decisionId: number; appealId: number }> {
  const d = await byToken(db, token);
  const rows = await db.query<{ id: number }>(
    `insert into moderation_appeals (workspace_id, decision_id, member_id, text) values ($1, $2, $3, $4)
     on conflict (workspace_id, decision_id) do nothing returning id`, [d.workspaceId, d.decisionId, d.memberId, text]);
  if (!rows[0]) throw new AppError('conflict', 'an appeal of this decision was already sent');
  return { workspaceId: d.workspaceId, decisionId: d.decisionId, appealId: rows[0].id };
}

export interface Appeal { id: number; decisionId: number; member: { id: number; name: string } | null; text: string; state: string; createdAt: string; decidedAt: string | null; decisionText: string | null; rule: string | null }

export async function listAppeals(db: Queryable, workspaceId: number, opts: { state?: string | undefined; limit: number; offset: number }): Promise<{ items: Appeal[]; total: number }> {
  const params: unknown[] = [workspaceId];
  let where = 'ap.workspace_id = $1';
  if (opts.state) { params.push(opts.state); where += ` and ap.state = $${params.length}`; }
  const [rows, total] = await Promise.all([
    db.query<{ id: number; decision_id: number; member_id: number | null; member_name: string | null; text: string; state: string; created_at: Date; decided_at: Date | null; d_text: string | null; rule: string | null }>(
      `select ap.id, ap.decision_id, ap.member_id, m.display_name as member_name, ap.text, ap.state, ap.created_at, ap.decided_at, d.text as d_text, d.rule
       from moderation_appeals ap
       left join members m on m.workspace_id = ap.workspace_id and m.id = ap.member_id
       left join moderation_decisions d on d.workspace_id = ap.workspace_id and d.id = ap.decision_id
       where ${where} order by ap.created_at desc, ap.id desc limit $${params.length + 1} offset $${params.length + 2}`, [...params, opts.limit, opts.offset]),
    db.query<{ n: number }>(`select count(*)::int as n from moderation_appeals ap where ${where}`, params),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id, decisionId: r.decision_id, member: r.member_id !== null ? { id: r.member_id, name: r.member_name ?? '' } : null, text: r.text, state: r.state,
      createdAt: r.created_at.toISOString(), decidedAt: r.decided_at?.toISOString() ?? null, decisionText: r.d_text, rule: r.rule,
    })),
    total: total[0]?.n ?? 0,
  };
}

/** An operator's answer: accepted undoes the decision (and labels it not spam); rejected keeps it. */
export async function decideAppeal(tx: Queryable, workspaceId: number, appealId: number, accept: boolean, userId: number | null): Promise<{ decisionId: number }> {
  const rows = await tx.query<{ decision_id: number }>(
    `update moderation_appeals set state = $3, decided_by = $4, decided_at = now() where workspace_id = $1 and id = $2 and state = 'open' returning decision_id`,
    [workspaceId, appealId, accept ? 'accepted' : 'rejected', userId]);
  if (!rows[0]) {
    const any = await tx.query('select 1 from moderation_appeals where workspace_id = $1 and id = $2', [workspaceId, appealId]);
    throw new AppError(any.length ? 'conflict' : 'not_found', any.length ? `appeal ${appealId} was already decided` : `no appeal ${appealId}`);
  }
  if (accept) await undoDecision(tx, workspaceId, rows[0].decision_id, userId, 'appeal');
  return { decisionId: rows[0].decision_id };
}
