/**
 * Threshold entries in storage: a visitor submits the form (passes at once), a poster screenshot
 * or a request (wait for an admin), or pays (passes when the shop confirms the order, or an admin
 * enters it by hand). An entry is found again by the visitor's token; decisions are made once.
 */
import { randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { CodeRow } from './codes.ts';
import { checkAnswers, initialStatus, orderPays, type EntryStatus, type OrderWebhook } from './threshold.ts';

export interface Entry {
  id: number;
  codeId: number;
  token: string;
  kind: string;
  status: EntryStatus;
  name: string;
  answers: Record<string, string>;
  tags: string[];
  hasProof: boolean;
  orderId: string | null;
  note: string | null;
  createdAt: Date;
  decidedAt: Date | null;
}

const cols = (p: string) => `${p}id, ${p}code_id as "codeId", ${p}token, ${p}kind, ${p}status, ${p}name, ${p}answers, ${p}tags,
  ${p}proof_base64 is not null as "hasProof", ${p}order_id as "orderId", ${p}note, ${p}created_at as "createdAt", ${p}decided_at as "decidedAt"`;
const COLUMNS = cols('');

export interface Submission { name: string; answers: Record<string, unknown>; proof?: { base64: string; type: string } | undefined }

export async function submitEntry(db: Queryable, code: CodeRow, input: Submission): Promise<Entry> {
  const t = code.threshold;
  if (t.kind === 'none') throw new AppError('bad_request', 'this code has no threshold');
  const questions = t.kind === 'form' || t.kind === 'approval' ? t.questions : [];
  const checked = checkAnswers(questions, input.answers);
  if (checked.problems.length) throw new AppError('bad_request', checked.problems.join('; '));
  if (t.kind === 'poster' && !input.proof) throw new AppError('bad_request', 'a screenshot of the shared poster is required');
  const rows = await db.query<Entry>(
    `insert into code_entries (workspace_id, code_id, token, kind, status, name, answers, tags, proof_base64, proof_type, decided_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, case when $5 = 'passed' then now() end) returning ${COLUMNS}`,
    [code.workspaceId, code.id, randomBytes(18).toString('base64url'), t.kind, initialStatus(t), input.name, JSON.stringify(checked.answers),
      JSON.stringify(checked.tags), input.proof?.base64 ?? null, input.proof?.type ?? null]);
  return rows[0]!;
}

export async function entryByToken(db: Queryable, code: Pick<CodeRow, 'workspaceId' | 'id'>, token: string): Promise<Entry | undefined> {
  const rows = await db.query<Entry>(`select ${COLUMNS} from code_entries where workspace_id = $1 and code_id = $2 and token = $3`, [code.workspaceId, code.id, token]);
  return rows[0];
}

export interface QueuedEntry extends Entry { codeName: string }

/** Entries waiting for an admin, oldest first. */
export async function pendingEntries(db: Queryable, workspaceId: number, limit = 100): Promise<QueuedEntry[]> {
  return db.query<QueuedEntry>(
    `select ${cols('e.')}, c.name as "codeName"
     from code_entries e join live_codes c on c.workspace_id = e.workspace_id and c.id = e.code_id
     where e.workspace_id = $1 and e.status = 'pending' order by e.created_at, e.id limit ${Number(limit)}`, [workspaceId]);
}

export async function entryProof(db: Queryable, workspaceId: number, entryId: number): Promise<{ base64: string; type: string }> {
  const rows = await db.query<{ base64: string | null; type: string | null }>(
    'select proof_base64 as base64, proof_type as type from code_entries where workspace_id = $1 and id = $2', [workspaceId, entryId]);
  const r = rows[0];
  if (!r?.base64) throw new AppError('not_found', `entry ${entryId} has no screenshot`);
  return { base64: r.base64, type: r.type ?? 'image/png' };
}

/** An admin's decision; deciding a decided entry again changes nothing (and says what it is). */
export async function decideEntry(db: Queryable, workspaceId: number, entryId: number, decision: 'passed' | 'rejected', by: number | null, note?: string): Promise<EntryStatus> {
  const rows = await db.query<{ status: EntryStatus }>(
    `update code_entries set status = $3, decided_by = $4, decided_at = now(), note = $5
     where workspace_id = $1 and id = $2 and status = 'pending' returning status`, [workspaceId, entryId, decision, by, note ?? null]);
  if (rows[0]) return rows[0].status;
  const now = await db.query<{ status: EntryStatus }>('select status from code_entries where workspace_id = $1 and id = $2', [workspaceId, entryId]);
  if (!now[0]) throw new AppError('not_found', `no entry ${entryId}`);
  return now[0].status;
}

export type OrderOutcome = 'passed' | 'duplicate' | 'underpaid' | 'unknown_entry';

/**
 * An order confirmed for a paid code (webhook or by hand): stored once per order id; the entry it
 * names passes when the order pays the price. A re-delivered order changes nothing.
 */
export async function confirmOrder(db: Queryable, code: CodeRow, order: OrderWebhook, via: 'webhook' | 'hand'): Promise<OrderOutcome> {
  const entry = await entryByToken(db, code, order.entryToken);
  if (!entry) return 'unknown_entry';
  const ins = await db.query(
    `insert into code_orders (workspace_id, code_id, order_id, entry_id, amount_cents, currency, paid_at, via)
     values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict do nothing returning 1`,
    [code.workspaceId, code.id, order.orderId, entry.id, order.amountCents, order.currency, new Date(order.paidAt), via]);
  if (!ins.length) return 'duplicate';
  if (!orderPays(code.threshold, order)) return 'underpaid';
  await db.query(`update code_entries set status = 'passed', order_id = $3, decided_at = now() where workspace_id = $1 and id = $2 and status <> 'passed'`,
    [code.workspaceId, entry.id, order.orderId]);
  return 'passed';
}
