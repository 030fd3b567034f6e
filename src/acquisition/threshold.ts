/**
 * Entry thresholds (门槛), as plain functions: checking a visitor's form answers against the
 * code's questions (and the tags they give), what state an entry starts in, whether a visitor may
 * be routed, and the shop system's signed order webhook (HMAC-SHA256 over the exact body).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Question, Threshold } from './types.ts';

export type EntryStatus = 'pending' | 'passed' | 'rejected';

export interface CheckedAnswers { answers: Record<string, string>; tags: string[]; problems: string[] }

export function checkAnswers(questions: readonly Question[], given: Record<string, unknown>): CheckedAnswers {
  const answers: Record<string, string> = {};
  const tags: string[] = [];
  const problems: string[] = [];
  for (const q of questions) {
    const raw = given[q.key];
    const value = typeof raw === 'string' ? raw.trim() : '';
    if (!value) {
      if (q.required) problems.push(`${q.label}: required`);
      continue;
    }
    if (value.length > 500) { problems.push(`${q.label}: at most 500 characters`); continue; }
    if (q.options && !q.options.includes(value)) { problems.push(`${q.label}: choose one of ${q.options.join(', ')}`); continue; }
    answers[q.key] = value;
    if (q.tagPrefix !== undefined) tags.push(`${q.tagPrefix}${value}`.slice(0, 60));
  }
  for (const key of Object.keys(given)) if (!questions.some((q) => q.key === key)) problems.push(`${key}: not a question of this code`);
  return { answers, tags, problems };
}

/** A form passes at once; a poster proof and an approval wait for an admin, a paid entry for its order. */
export function initialStatus(threshold: Threshold): EntryStatus {
  return threshold.kind === 'form' || threshold.kind === 'none' ? 'passed' : 'pending';
}

/** Nobody who has not passed the code's threshold is routed into a group. */
export function mayRoute(threshold: Threshold, entry: { status: EntryStatus } | null): boolean {
  if (threshold.kind === 'none') return true;
  return entry?.status === 'passed';
}

/** The order a shop system confirms; amounts in cents. */
export const OrderWebhook = z.object({
  orderId: z.string().trim().min(1).max(100),
  entryToken: z.string().min(10).max(100).describe("the visitor's entry token, passed to the shop as ?entry="),
  amountCents: z.number().int().min(0),
  currency: z.string().regex(/^[A-Z]{3}$/),
  paidAt: z.iso.datetime({ offset: true }),
}).strict();
export type OrderWebhook = z.infer<typeof OrderWebhook>;

export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function verifySignature(secret: string, body: string, header: string | undefined): boolean {
  if (!header) return false;
  const want = Buffer.from(signBody(secret, body));
  const got = Buffer.from(header.trim());
  return want.length === got.length && timingSafeEqual(want, got);
}

/** Whether an order pays the threshold's price. */
export function orderPays(threshold: Threshold, order: Pick<OrderWebhook, 'amountCents' | 'currency'>): boolean {
  return threshold.kind === 'paid' && order.currency === threshold.currency && order.amountCents >= threshold.priceCents;
}
