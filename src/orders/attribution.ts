/**
 * Conversion (转化, issue #17 item 6) as plain functions over plain data: reading the rows of a
 * shop's export (column names in English or Chinese, amounts like "¥1,299.50", local times in the
 * workspace's zone) into orders with an error per row and column that says what was wrong and
 * where; the order webhook's signature (HMAC-SHA256 over "<timestamp>.<raw body>", so that an old
 * delivery replayed later is refused); matching an order to a member; attributing it by last touch
 * within a window to a push, a live code, a referral campaign and a group; and ROI.
 *
 * Attribution (last touch within `windowDays` before the order is paid):
 * - push: the last push (a post Qunyun made to a group) the member could see: made in one of their
 *   groups while they were in it;
 * - code: the live code they last joined a group by; campaign: the referral campaign that last
 *   brought them into a group (a referral rejected as fraud is no touch);
 * - group: the push's group; else the group of that join; else the group they joined last among
 *   those they were in when they paid (their group, however long ago they joined).
 * Nothing of this is stored: it is worked out when read, so a changed window applies to all orders.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

// ---- Reading rows -------------------------------------------------------------------------

/** The columns an order file may have, with the names a shop export uses for them. */
export const ORDER_COLUMNS = {
  orderId: ['order_id', 'orderid', 'order', '订单号', '订单编号', '订单id'],
  amount: ['amount', 'total', 'paid_amount', '金额', '实付金额', '订单金额', '支付金额'],
  currency: ['currency', '币种', '货币'],
  paidAt: ['paid_at', 'paidat', 'paid_time', 'time', '支付时间', '付款时间', '下单时间'],
  platformUserId: ['platform_user_id', 'user_id', 'userid', 'external_userid', 'openid', '用户id', '平台用户id'],
  phone: ['phone', 'mobile', 'tel', '手机号', '手机', '电话'],
  customerId: ['customer_id', 'customerid', 'customer', '客户id', '客户编号', '会员号'],
} as const;
export type OrderColumn = keyof typeof ORDER_COLUMNS;

const ALIASES = new Map<string, OrderColumn>(
  Object.entries(ORDER_COLUMNS).flatMap(([k, names]) => names.map((n) => [n, k as OrderColumn] as const)));

/** A header cell → the column it names, or null (other columns are ignored). */
export function columnOf(header: string): OrderColumn | null {
  return ALIASES.get(header.trim().toLowerCase().replace(/[\s-]+/g, '_')) ?? null;
}

export interface OrderInput {
  orderId: string; amountCents: number; currency: string; paidAt: Date;
  platformUserId: string | null; phone: string | null; customerId: string | null;
}

/**
 * What was wrong in an import: the file's row (1 = the header), the column, in words (English), and
 * a code with its values for the console to say it in the operator's language.
 */
export interface RowError { row: number; column: string; message: string; code?: string; values?: Record<string, string | number> }

/** "¥1,299.50", "1299.5", 1299.5 → 129950 cents; null when it is not an amount. */
export function parseAmount(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 && v < 1e13 ? Math.round(v * 100) : null;
  if (typeof v !== 'string') return null;
  const s = v.trim().replace(/^[¥￥$€£]|元$|rmb$|cny$/gi, '').replace(/,/g, '').trim();
  if (!/^\d{1,13}(\.\d{1,2})?$/.test(s)) return null;
  const [whole, frac = ''] = s.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

/** Digits of a phone number without the country code +86 / 0086; null when fewer than 5 digits. */
export function normalisePhone(v: string): string | null {
  let d = v.replace(/\D/g, '');
  if (d.startsWith('0086')) d = d.slice(4);
  else if (d.length === 13 && d.startsWith('86')) d = d.slice(2);
  return d.length >= 5 && d.length <= 20 ? d : null;
}

function zoneOffsetMs(utcMs: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
    .formatToParts(new Date(utcMs));
  const n = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(utcMs / 1000) * 1000;
}

/** A wall-clock time in `zone` → the instant. */
export function zonedTime(y: number, mo: number, d: number, h: number, mi: number, s: number, zone: string): Date {
  const guess = Date.UTC(y, mo - 1, d, h, mi, s);
  const first = guess - zoneOffsetMs(guess, zone);
  return new Date(guess - zoneOffsetMs(first, zone));
}

/**
 * When an order was paid: an ISO time with its offset as given; "2026-05-03 14:20(:05)", "2026/5/3
 * 14:20" or a day alone in the workspace's zone; an Excel date cell (exceljs gives the sheet's wall
 * time as if it were UTC) likewise. Null when it is none of these or outside 2000–2100.
 */
export function parsePaidAt(v: unknown, zone: string): Date | null {
  let out: Date | null = null;
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return null;
    out = zonedTime(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate(), v.getUTCHours(), v.getUTCMinutes(), v.getUTCSeconds(), zone);
  } else if (typeof v === 'string') {
    const s = v.trim();
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/i.test(s)) out = new Date(s);
    else {
      const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
      if (!m) return null;
      const [y, mo, d, h = '0', mi = '0', sec = '0'] = m.slice(1).map((x) => x ?? undefined) as string[];
      const nums = [y, mo, d, h, mi, sec].map(Number) as [number, number, number, number, number, number];
      if (nums[1] < 1 || nums[1] > 12 || nums[2] < 1 || nums[2] > 31 || nums[3] > 23 || nums[4] > 59 || nums[5] > 59) return null;
      const check = new Date(Date.UTC(nums[0], nums[1] - 1, nums[2]));
      if (check.getUTCDate() !== nums[2]) return null;
      out = zonedTime(...nums, zone);
    }
  }
  if (!out || Number.isNaN(out.getTime())) return null;
  const y = out.getUTCFullYear();
  return y >= 2000 && y <= 2100 ? out : null;
}

const cell = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  const s = (typeof v === 'number' ? String(v) : typeof v === 'string' ? v : v instanceof Date ? v.toISOString() : String(v)).trim();
  return s === '' ? null : s;
};

/** Text cells: no control characters (jsonb and text refuse NUL), at most `max` characters. */
const Text = (max: number) => z.string().max(max, `longer than ${max} characters`).refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(s), 'contains control characters');

/**
 * The rows of a file (objects by column, as read: strings, numbers, Dates) → orders, or the errors
 * of every row. A row's number is its own `row`, else `firstRow` + its index (2: after the header).
 * All or nothing is the caller's: it stores the orders only when errors is empty.
 */
export function readOrderRows(rows: ReadonlyArray<Partial<Record<OrderColumn, unknown>> & { row?: number }>, zone: string, firstRow = 2, defaultCurrency = 'CNY'): { orders: OrderInput[]; errors: RowError[] } {
  const orders: OrderInput[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  rows.forEach((r, i) => {
    const row = r.row ?? firstRow + i;
    const err = (column: string, message: string, code?: string, values?: Record<string, string | number>) =>
      errors.push({ row, column, message, ...(code ? { code, values: values ?? {} } : {}) });
    const before = errors.length;
    const orderId = cell(r.orderId);
    if (orderId === null) err('order_id', 'missing: every order needs its order id', 'missing');
    else {
      const t = Text(100).safeParse(orderId);
      if (!t.success) err('order_id', t.error.issues[0]!.message);
      else if (seen.has(orderId)) err('order_id', `"${orderId}" is also on row ${seen.get(orderId)}: an order id may appear once`, 'duplicate', { value: orderId, other: seen.get(orderId)! });
      else seen.set(orderId, row);
    }
    const amountCents = parseAmount(typeof r.amount === 'string' || typeof r.amount === 'number' ? r.amount : cell(r.amount));
    if (amountCents === null) {
      if (r.amount === undefined || cell(r.amount) === null) err('amount', 'missing: the amount paid', 'missing');
      else err('amount', `"${cell(r.amount)}" is not an amount (e.g. 199 or 199.50)`, 'notAmount', { value: cell(r.amount)! });
    }
    const currency = (cell(r.currency) ?? defaultCurrency).toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) err('currency', `"${currency}" is not a currency code (e.g. CNY)`, 'notCurrency', { value: currency });
    const paidAt = parsePaidAt(r.paidAt instanceof Date ? r.paidAt : cell(r.paidAt), zone);
    if (paidAt === null) {
      if (cell(r.paidAt) === null) err('paid_at', 'missing: when the order was paid', 'missing');
      else err('paid_at', `"${cell(r.paidAt)}" is not a time (e.g. 2026-05-03 14:20 or 2026-05-03T14:20:00+08:00)`, 'notTime', { value: cell(r.paidAt)! });
    } else if (paidAt.getTime() > Date.now() + 86_400_000) err('paid_at', `${cell(r.paidAt)} is in the future`, 'future', { value: cell(r.paidAt)! });
    const ids: Record<'platformUserId' | 'phone' | 'customerId', string | null> = { platformUserId: null, phone: null, customerId: null };
    for (const [key, column] of [['platformUserId', 'platform_user_id'], ['phone', 'phone'], ['customerId', 'customer_id']] as const) {
      const v = cell(r[key]);
      if (v === null) continue;
      const t = Text(200).safeParse(v);
      if (!t.success) { err(column, t.error.issues[0]!.message); continue; }
      if (key === 'phone') {
        const p = normalisePhone(v);
        if (p === null) { err('phone', `"${v}" is not a phone number`, 'notPhone', { value: v }); continue; }
        ids.phone = p;
      } else ids[key] = v;
    }
    if (ids.platformUserId === null && ids.phone === null && ids.customerId === null && !errors.slice(before).some((e) => ['platform_user_id', 'phone', 'customer_id'].includes(e.column))) {
      err('customer', 'no buyer: give platform_user_id, phone or customer_id', 'noBuyer');
    }
    if (errors.length === before) orders.push({ orderId: orderId!, amountCents: amountCents!, currency, paidAt: paidAt!, ...ids });
  });
  return { orders, errors };
}

/** One order as a shop's webhook sends it (JSON). */
export const WebhookOrder = z.object({
  orderId: z.string().trim().min(1).max(100),
  amount: z.union([z.number().nonnegative().max(1e11), z.string().max(30)]).describe('yuan: 199.5 or "199.50"'),
  currency: z.string().regex(/^[A-Za-z]{3}$/).default('CNY'),
  paidAt: z.string().max(40).describe('ISO time with offset, or local time in the workspace zone'),
  platformUserId: z.string().trim().min(1).max(200).optional(),
  phone: z.string().trim().min(1).max(40).optional(),
  customerId: z.string().trim().min(1).max(200).optional(),
}).strict();

/** A webhook's order read like a file's row (the same checks, the same words). */
export function readWebhookOrder(json: unknown, zone: string): { order: OrderInput | null; errors: RowError[] } {
  const p = WebhookOrder.safeParse(json);
  if (!p.success) return { order: null, errors: p.error.issues.map((i) => ({ row: 1, column: i.path.join('.') || 'body', message: i.message })) };
  const { orders, errors } = readOrderRows([p.data], zone, 1);
  return { order: orders[0] ?? null, errors };
}

// ---- The webhook's signature --------------------------------------------------------------

/** Deliveries older or newer than this are refused (a replay of an old, validly signed body). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** x-qunyun-signature for a body sent at `timestamp` (unix seconds): sha256=<hex of HMAC(secret, "<timestamp>.<body>")>. */
export function signOrderWebhook(secret: string, timestamp: number | string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export type WebhookCheck = 'ok' | 'missing' | 'stale' | 'bad_signature';

/** Whether a delivery is the shop's, and recent; compared in constant time. */
export function verifyOrderWebhook(secret: string, body: string, timestamp: string | undefined, signature: string | undefined, nowMs: number): WebhookCheck {
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return 'missing';
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > WEBHOOK_TOLERANCE_SECONDS) return 'stale';
  const want = Buffer.from(signOrderWebhook(secret, timestamp, body));
  const got = Buffer.from(signature);
  return got.length === want.length && timingSafeEqual(got, want) ? 'ok' : 'bad_signature';
}

// ---- Matching -----------------------------------------------------------------------------

export interface MatchIndex {
  /** platform user id → the members with that identity (more than one: ambiguous). */
  byPlatformUser: ReadonlyMap<string, readonly number[]>;
  /** phone (normalised) and customer id → member, as operators mapped them. */
  byPhone: ReadonlyMap<string, number>;
  byCustomer: ReadonlyMap<string, number>;
}

export type MatchedBy = 'platform_user_id' | 'phone' | 'customer_id';

/** The member an order is of: by platform user id (if it names exactly one), else phone, else customer id. */
export function matchOrder(o: Pick<OrderInput, 'platformUserId' | 'phone' | 'customerId'>, ix: MatchIndex): { memberId: number; by: MatchedBy } | null {
  const pu = o.platformUserId ? ix.byPlatformUser.get(o.platformUserId) : undefined;
  if (pu && new Set(pu).size === 1) return { memberId: pu[0]!, by: 'platform_user_id' };
  const ph = o.phone ? ix.byPhone.get(o.phone) : undefined;
  if (ph !== undefined) return { memberId: ph, by: 'phone' };
  const cu = o.customerId ? ix.byCustomer.get(o.customerId) : undefined;
  if (cu !== undefined) return { memberId: cu, by: 'customer_id' };
  return null;
}

// ---- Attribution --------------------------------------------------------------------------

/** A member's touches, times in ms. A membership: in the group from `joinedAt` until `leftAt` (null: still in). */
export interface Touches {
  memberships: ReadonlyArray<{ groupId: number; joinedAt: number; leftAt: number | null }>;
  pushes: ReadonlyArray<{ pushId: number; groupId: number; at: number }>;
  codes: ReadonlyArray<{ codeId: number; groupId: number; at: number }>;
  referrals: ReadonlyArray<{ campaignId: number; groupId: number; at: number }>;
}

export interface Attribution {
  groupId: number | null; pushId: number | null; codeId: number | null; campaignId: number | null;
  /** What gave the group: the push, a join (code or campaign) or the membership. */
  groupBy: 'push' | 'join' | 'membership' | null;
}

const inGroupAt = (t: Touches, groupId: number, at: number) =>
  t.memberships.some((m) => m.groupId === groupId && m.joinedAt <= at && (m.leftAt === null || m.leftAt > at));

function last<T extends { at: number }>(list: readonly T[], from: number, to: number): T | null {
  let best: T | null = null;
  for (const x of list) if (x.at >= from && x.at <= to && (best === null || x.at > best.at)) best = x;
  return best;
}

export function attribute(paidAt: number, t: Touches, windowDays: number): Attribution {
  const from = paidAt - windowDays * 86_400_000;
  const push = last(t.pushes.filter((p) => inGroupAt(t, p.groupId, p.at)), from, paidAt);
  const code = last(t.codes, from, paidAt);
  const campaign = last(t.referrals, from, paidAt);
  let groupId: number | null = null, groupBy: Attribution['groupBy'] = null;
  if (push) { groupId = push.groupId; groupBy = 'push'; } else {
    const join = last<{ groupId: number; at: number }>([...(code ? [code] : []), ...(campaign ? [campaign] : [])], from, paidAt);
    if (join) { groupId = join.groupId; groupBy = 'join'; } else {
      const m = t.memberships.filter((x) => x.joinedAt <= paidAt && (x.leftAt === null || x.leftAt > paidAt)).sort((a, b) => b.joinedAt - a.joinedAt || a.groupId - b.groupId)[0];
      if (m) { groupId = m.groupId; groupBy = 'membership'; }
    }
  }
  return { groupId, groupBy, pushId: push?.pushId ?? null, codeId: code?.codeId ?? null, campaignId: campaign?.campaignId ?? null };
}

// ---- ROI ----------------------------------------------------------------------------------

export interface RoiRow { key: number; orders: number; buyers: number; revenueCents: number; costCents: number | null; roi: number | null }

/**
 * Revenue attributed to each key (campaign, code, group) against its cost: ROI = (revenue − cost) ÷
 * cost, null without a cost (or a cost of 0). Keys with a cost and no order are listed too (ROI −1).
 */
export function roiBy(orders: ReadonlyArray<{ key: number | null; memberId: number; amountCents: number }>, costs: ReadonlyMap<number, number>): RoiRow[] {
  const by = new Map<number, { orders: number; buyers: Set<number>; revenue: number }>();
  for (const o of orders) {
    if (o.key === null) continue;
    const e = by.get(o.key) ?? { orders: 0, buyers: new Set<number>(), revenue: 0 };
    e.orders++; e.buyers.add(o.memberId); e.revenue += o.amountCents;
    by.set(o.key, e);
  }
  for (const k of costs.keys()) if (!by.has(k)) by.set(k, { orders: 0, buyers: new Set(), revenue: 0 });
  return [...by].map(([key, e]) => {
    const cost = costs.get(key) ?? null;
    return { key, orders: e.orders, buyers: e.buyers.size, revenueCents: e.revenue, costCents: cost, roi: cost ? Math.round(((e.revenue - cost) / cost) * 1000) / 1000 : null };
  }).sort((a, b) => b.revenueCents - a.revenueCents || a.key - b.key);
}
