/**
 * Orders in the database (src/orders/tables.ts): storing an import all or nothing (one
 * transaction: a failed insert leaves no order of the file), a webhook's order once per order id,
 * the webhook settings and the attribution window, customers mapped to members (re-matching the
 * unmatched orders they explain), costs; and the reads: orders with what each is attributed to, ROI
 * per campaign, live code and group, and revenue and buyers per group for the operators' KPIs.
 * An operator sees the orders attributed to their groups only; unmatched orders are for admins.
 */
import { randomBytes } from 'node:crypto';
import type { Database, Queryable } from '../db/database.ts';
import { groupScopeSql, isScopedToAssignedGroups, type Actor } from '../auth/access.ts';
import { AppError } from '../errors.ts';
import { attribute, matchOrder, normalisePhone, roiBy, type Attribution, type MatchIndex, type OrderInput, type RoiRow, type Touches } from './attribution.ts';

export interface Range { from: string; to: string }

export interface OrderSettings { webhookKey: string; webhookSecret: string; windowDays: number }

const token = (bytes: number) => randomBytes(bytes).toString('base64url');

/** The workspace's settings, made on first use (a random address key and secret). */
export async function orderSettings(db: Queryable, ws: number): Promise<OrderSettings> {
  await db.query(`insert into order_settings (workspace_id, webhook_key, webhook_secret) values ($1, $2, $3) on conflict (workspace_id) do nothing`, [ws, token(18), token(32)]);
  const [s] = await db.query<OrderSettings>(`select webhook_key as "webhookKey", webhook_secret as "webhookSecret", window_days as "windowDays" from order_settings where workspace_id = $1`, [ws]);
  return s!;
}

export async function updateOrderSettings(db: Queryable, ws: number, change: { windowDays?: number | undefined; rotateSecret?: boolean | undefined }): Promise<OrderSettings> {
  await orderSettings(db, ws);
  await db.query(`update order_settings set window_days = coalesce($2, window_days), webhook_secret = case when $3 then $4 else webhook_secret end, updated_at = now() where workspace_id = $1`,
    [ws, change.windowDays ?? null, change.rotateSecret === true, token(32)]);
  return orderSettings(db, ws);
}

/** The workspace (and its zone) whose webhook address key this is; null when none. */
export async function workspaceOfWebhook(db: Queryable, key: string): Promise<{ workspaceId: number; secret: string; zone: string } | null> {
  const [r] = await db.query<{ workspaceId: number; secret: string; zone: string }>(
    `select s.workspace_id as "workspaceId", s.webhook_secret as secret, w.timezone as zone from order_settings s join workspaces w on w.id = s.workspace_id where s.webhook_key = $1`, [key]);
  return r ? { ...r, workspaceId: Number(r.workspaceId) } : null;
}

export async function zoneOf(db: Queryable, ws: number): Promise<string> {
  const [w] = await db.query<{ zone: string }>(`select timezone as zone from workspaces where id = $1`, [ws]);
  return w!.zone;
}

/** Identities, phones and customer ids of these orders → members. */
async function matchIndex(db: Queryable, ws: number, orders: ReadonlyArray<Pick<OrderInput, 'platformUserId' | 'phone' | 'customerId'>>): Promise<MatchIndex> {
  const users = [...new Set(orders.map((o) => o.platformUserId).filter((x): x is string => x !== null))];
  const phones = [...new Set(orders.map((o) => o.phone).filter((x): x is string => x !== null))];
  const customers = [...new Set(orders.map((o) => o.customerId).filter((x): x is string => x !== null))];
  const ids = users.length === 0 ? [] : await db.query<{ u: string; m: number }>(
    `select distinct platform_user_id as u, member_id as m from member_identities where workspace_id = $1 and platform_user_id = any($2::text[])`, [ws, users]);
  const links = phones.length + customers.length === 0 ? [] : await db.query<{ kind: string; value: string; m: number }>(
    `select kind, value, member_id as m from order_customers where workspace_id = $1
       and ((kind = 'phone' and value = any($2::text[])) or (kind = 'customer_id' and value = any($3::text[])))`, [ws, phones, customers]);
  const byPlatformUser = new Map<string, number[]>();
  for (const r of ids) byPlatformUser.set(r.u, [...(byPlatformUser.get(r.u) ?? []), Number(r.m)]);
  return {
    byPlatformUser,
    byPhone: new Map(links.filter((l) => l.kind === 'phone').map((l) => [l.value, Number(l.m)])),
    byCustomer: new Map(links.filter((l) => l.kind === 'customer_id').map((l) => [l.value, Number(l.m)])),
  };
}

export interface StoreOutcome { stored: number; duplicates: number; matched: number; unmatched: number; duplicateIds: string[] }

/**
 * Stores orders once per order id, in one transaction (all or nothing): an order id stored before
 * is a duplicate and changes nothing (a file imported twice, a webhook delivered twice).
 */
export async function storeOrders(db: Database, ws: number, via: 'csv' | 'xlsx' | 'webhook', list: readonly OrderInput[]): Promise<StoreOutcome> {
  return db.transaction(async (tx) => {
    const ix = await matchIndex(tx, ws, list);
    const out: StoreOutcome = { stored: 0, duplicates: 0, matched: 0, unmatched: 0, duplicateIds: [] };
    const CHUNK = 1000;
    for (let i = 0; i < list.length; i += CHUNK) {
      const chunk = list.slice(i, i + CHUNK);
      const matches = chunk.map((o) => matchOrder(o, ix));
      const rows = await tx.query<{ orderId: string; memberId: number | null }>(
        `insert into orders (workspace_id, order_id, amount_cents, currency, paid_at, platform_user_id, phone, customer_id, via, member_id, matched_by)
         select $1, o, a, c, p, u, ph, cu, $2, m, mb from unnest($3::text[], $4::int8[], $5::text[], $6::timestamptz[], $7::text[], $8::text[], $9::text[], $10::int8[], $11::text[])
           as x(o, a, c, p, u, ph, cu, m, mb)
         on conflict (workspace_id, order_id) do nothing returning order_id as "orderId", member_id as "memberId"`,
        [ws, via, chunk.map((o) => o.orderId), chunk.map((o) => o.amountCents), chunk.map((o) => o.currency), chunk.map((o) => o.paidAt),
          chunk.map((o) => o.platformUserId), chunk.map((o) => o.phone), chunk.map((o) => o.customerId),
          matches.map((m) => m?.memberId ?? null), matches.map((m) => m?.by ?? null)]);
      const stored = new Set(rows.map((r) => r.orderId));
      out.stored += rows.length;
      out.matched += rows.filter((r) => r.memberId !== null).length;
      for (const o of chunk) if (!stored.has(o.orderId)) { out.duplicates++; if (out.duplicateIds.length < 20) out.duplicateIds.push(o.orderId); }
    }
    out.unmatched = out.stored - out.matched;
    return out;
  });
}

/**
 * Maps an external customer id or a phone number to a member, and matches the unmatched orders
 * that carry it. Returns how many orders it matched.
 */
export async function mapCustomer(db: Database, actor: Actor, kind: 'customer_id' | 'phone', raw: string, memberId: number): Promise<{ value: string; matched: number }> {
  const value = kind === 'phone' ? normalisePhone(raw) : raw.trim();
  if (!value) throw new AppError('bad_request', kind === 'phone' ? `"${raw}" is not a phone number` : 'the customer id is empty');
  const ws = actor.workspaceId;
  const [m] = await db.query(`select 1 from members where workspace_id = $1 and id = $2 and erased_at is null`, [ws, memberId]);
  if (!m) throw new AppError('not_found', 'no such member');
  return db.transaction(async (tx) => {
    await tx.query(`insert into order_customers (workspace_id, kind, value, member_id, created_by) values ($1, $2, $3, $4, $5)
                    on conflict (workspace_id, kind, value) do update set member_id = excluded.member_id, created_by = excluded.created_by, created_at = now()`,
      [ws, kind, value, memberId, actor.userId]);
    const col = kind === 'phone' ? 'phone' : 'customer_id';
    const rows = await tx.query(`update orders set member_id = $3, matched_by = $4 where workspace_id = $1 and member_id is null and ${col} = $2 returning id`, [ws, value, memberId, kind]);
    return { value, matched: rows.length };
  });
}

export type CostKind = 'campaign' | 'code' | 'group';

/** Sets (or with null, removes) the cost of a campaign, live code or group; 404 when it is not the workspace's. */
export async function setCost(db: Queryable, ws: number, kind: CostKind, targetId: number, costCents: number | null, note: string | null): Promise<void> {
  const table = { campaign: 'campaigns', code: 'live_codes', group: 'groups' }[kind];
  const [t] = await db.query(`select 1 from ${table} where workspace_id = $1 and id = $2`, [ws, targetId]);
  if (!t) throw new AppError('not_found', `no such ${kind}`);
  if (costCents === null) await db.query(`delete from order_costs where workspace_id = $1 and kind = $2 and target_id = $3`, [ws, kind, targetId]);
  else await db.query(`insert into order_costs (workspace_id, kind, target_id, cost_cents, note) values ($1, $2, $3, $4, $5)
    on conflict (workspace_id, kind, target_id) do update set cost_cents = excluded.cost_cents, note = excluded.note, updated_at = now()`, [ws, kind, targetId, costCents, note]);
}

// ---- Reads --------------------------------------------------------------------------------

export interface AttributedOrder {
  id: number; orderId: string; amountCents: number; currency: string; paidAt: string; via: string;
  memberId: number | null; memberName: string | null; matchedBy: string | null;
  platformUserId: string | null; phone: string | null; customerId: string | null;
  attribution: Attribution;
}

const inRange = (col: string) => `${col} >= ($2::date::timestamp at time zone $4) and ${col} < (($3::date + 1)::timestamp at time zone $4)`;

/** The touches of each member, around the orders (pushes from `from` − window). */
type Mutable = { [K in keyof Touches]: Array<Touches[K][number]> };

async function touchesOf(db: Queryable, ws: number, memberIds: readonly number[], fromMs: number, toMs: number): Promise<Map<number, Touches>> {
  const out = new Map<number, Mutable>();
  if (memberIds.length === 0) return out;
  for (const m of memberIds) out.set(m, { memberships: [], pushes: [], codes: [], referrals: [] });
  const ms = await db.query<{ m: number; g: number; joined: Date; left: Date | null }>(
    `select member_id as m, group_id as g, first_joined_at as joined, case when active then null else left_at end as left
     from memberships where workspace_id = $1 and member_id = any($2::int8[]) and first_joined_at is not null`, [ws, memberIds]);
  for (const r of ms) out.get(Number(r.m))!.memberships.push({ groupId: Number(r.g), joinedAt: new Date(r.joined).getTime(), leftAt: r.left === null ? null : new Date(r.left).getTime() });
  const groups = [...new Set(ms.map((r) => Number(r.g)))];
  const pushes = groups.length === 0 ? [] : await db.query<{ id: number; g: number; at: Date }>(
    `select id, group_id as g, created_at as at from pushes where workspace_id = $1 and group_id = any($2::int8[]) and state = 'sent'
       and created_at >= $3 and created_at <= $4`, [ws, groups, new Date(fromMs), new Date(toMs)]);
  const pushesOf = new Map<number, Array<{ pushId: number; groupId: number; at: number }>>();
  for (const p of pushes) pushesOf.set(Number(p.g), [...(pushesOf.get(Number(p.g)) ?? []), { pushId: Number(p.id), groupId: Number(p.g), at: new Date(p.at).getTime() }]);
  for (const t of out.values()) for (const g of new Set(t.memberships.map((x) => x.groupId))) t.pushes = [...t.pushes, ...(pushesOf.get(g) ?? [])];
  const codes = await db.query<{ m: number; code: number; g: number; at: Date }>(
    `select member_id as m, code_id as code, group_id as g, joined_at as at from code_attributions where workspace_id = $1 and member_id = any($2::int8[])`, [ws, memberIds]);
  for (const c of codes) out.get(Number(c.m))!.codes.push({ codeId: Number(c.code), groupId: Number(c.g), at: new Date(c.at).getTime() });
  const refs = await db.query<{ m: number; campaign: number; g: number; at: Date }>(
    `select invitee_member_id as m, campaign_id as campaign, group_id as g, joined_at as at from campaign_referrals
     where workspace_id = $1 and invitee_member_id = any($2::int8[]) and status <> 'rejected'`, [ws, memberIds]);
  for (const c of refs) out.get(Number(c.m))!.referrals.push({ campaignId: Number(c.campaign), groupId: Number(c.g), at: new Date(c.at).getTime() });
  return out;
}

/** The ids of the groups the actor sees (all of the workspace's for non-operators). */
async function visibleGroups(db: Queryable, actor: Actor): Promise<Set<number>> {
  const params: unknown[] = [];
  const rows = await db.query<{ id: number }>(`select g.id from groups g where ${groupScopeSql(actor, 'g', params)}`, params);
  return new Set(rows.map((r) => Number(r.id)));
}

/**
 * Orders paid in the range (days in the workspace's zone), each with its attribution. An operator
 * gets those attributed to their groups; `unmatched` adds the orders no member was found for
 * (not for operators).
 */
export async function attributedOrders(db: Queryable, actor: Actor, range: Range, options: { unmatched?: boolean } = {}): Promise<{ windowDays: number; orders: AttributedOrder[] }> {
  const ws = actor.workspaceId;
  const { windowDays } = await orderSettings(db, ws);
  const zone = await zoneOf(db, ws);
  const rows = await db.query<{ id: number; orderId: string; amountCents: number; currency: string; paidAt: Date; via: string; memberId: number | null; memberName: string | null; matchedBy: string | null; platformUserId: string | null; phone: string | null; customerId: string | null }>(
    `select o.id, o.order_id as "orderId", o.amount_cents as "amountCents", o.currency, o.paid_at as "paidAt", o.via, o.member_id as "memberId",
            m.display_name as "memberName", o.matched_by as "matchedBy", o.platform_user_id as "platformUserId", o.phone, o.customer_id as "customerId"
     from orders o left join members m on m.workspace_id = o.workspace_id and m.id = o.member_id
     where o.workspace_id = $1 and ${inRange('o.paid_at')} ${options.unmatched ? '' : 'and o.member_id is not null'}
     order by o.paid_at desc, o.id desc limit 20000`, [ws, range.from, range.to, zone]);
  const paid = rows.map((r) => new Date(r.paidAt).getTime());
  const fromMs = paid.length ? Math.min(...paid) - windowDays * 86_400_000 : 0;
  const toMs = paid.length ? Math.max(...paid) : 0;
  const touches = await touchesOf(db, ws, [...new Set(rows.filter((r) => r.memberId !== null).map((r) => Number(r.memberId)))], fromMs, toMs);
  const none: Attribution = { groupId: null, pushId: null, codeId: null, campaignId: null, groupBy: null };
  const all = rows.map((r, i): AttributedOrder => ({
    ...r, id: Number(r.id), amountCents: Number(r.amountCents), paidAt: new Date(r.paidAt).toISOString(), memberId: r.memberId === null ? null : Number(r.memberId),
    attribution: r.memberId === null ? none : attribute(paid[i]!, touches.get(Number(r.memberId))!, windowDays),
  }));
  if (!isScopedToAssignedGroups(actor)) return { windowDays, orders: all };
  const mine = await visibleGroups(db, actor);
  return { windowDays, orders: all.filter((o) => o.attribution.groupId !== null && mine.has(o.attribution.groupId)) };
}

export interface NamedRoi extends RoiRow { name: string }
export interface RoiReport {
  range: Range; windowDays: number;
  totals: { orders: number; revenueCents: number; buyers: number; unmatched: number; attributedToGroup: number };
  byCampaign: NamedRoi[]; byCode: NamedRoi[]; byGroup: NamedRoi[];
}

/** ROI per campaign, live code and group: attributed revenue against the cost set for each. */
export async function roiReport(db: Queryable, actor: Actor, range: Range): Promise<RoiReport> {
  const ws = actor.workspaceId;
  const { windowDays, orders } = await attributedOrders(db, actor, range);
  const costs = await db.query<{ kind: CostKind; id: number; cost: number }>(`select kind, target_id as id, cost_cents as cost from order_costs where workspace_id = $1`, [ws]);
  const mine = isScopedToAssignedGroups(actor) ? await visibleGroups(db, actor) : null;
  const costOf = (kind: CostKind) => new Map(costs.filter((c) => c.kind === kind && (kind !== 'group' || !mine || mine.has(Number(c.id)))).map((c) => [Number(c.id), Number(c.cost)]));
  const matched = orders.filter((o) => o.memberId !== null);
  const rows = (key: (o: AttributedOrder) => number | null, kind: CostKind) =>
    roiBy(matched.map((o) => ({ key: key(o), memberId: o.memberId!, amountCents: o.amountCents })), mine && kind !== 'group' ? new Map() : costOf(kind));
  const byCampaign = rows((o) => o.attribution.campaignId, 'campaign');
  const byCode = rows((o) => o.attribution.codeId, 'code');
  const byGroup = rows((o) => o.attribution.groupId, 'group');
  const names = async (table: string, ids: number[]) => new Map((ids.length === 0 ? [] : await db.query<{ id: number; name: string }>(
    `select id, name from ${table} where workspace_id = $1 and id = any($2::int8[])`, [ws, ids])).map((r) => [Number(r.id), r.name]));
  const [cn, kn, gn] = await Promise.all([names('campaigns', byCampaign.map((r) => r.key)), names('live_codes', byCode.map((r) => r.key)), names('groups', byGroup.map((r) => r.key))]);
  const zone = await zoneOf(db, ws);
  const [un] = mine ? [{ n: 0 }] : await db.query<{ n: number }>(`select count(*)::int as n from orders o where o.workspace_id = $1 and o.member_id is null and ${inRange('o.paid_at')}`, [ws, range.from, range.to, zone]);
  return {
    range, windowDays,
    totals: {
      orders: matched.length, revenueCents: matched.reduce((s, o) => s + o.amountCents, 0), buyers: new Set(matched.map((o) => o.memberId)).size,
      unmatched: un!.n, attributedToGroup: matched.filter((o) => o.attribution.groupId !== null).length,
    },
    byCampaign: byCampaign.map((r) => ({ ...r, name: cn.get(r.key) ?? `#${r.key}` })),
    byCode: byCode.map((r) => ({ ...r, name: kn.get(r.key) ?? `#${r.key}` })),
    byGroup: byGroup.map((r) => ({ ...r, name: gn.get(r.key) ?? `#${r.key}` })),
  };
}

/** Revenue, orders and buyers per group (attributed), for the operators' KPIs. */
export async function conversionByGroup(db: Queryable, actor: Actor, range: Range): Promise<Map<number, { orders: number; buyers: number; revenueCents: number }>> {
  const { orders } = await attributedOrders(db, actor, range);
  const by = new Map<number, { orders: number; buyers: Set<number>; revenueCents: number }>();
  for (const o of orders) {
    const g = o.attribution.groupId;
    if (g === null || o.memberId === null) continue;
    const e = by.get(g) ?? { orders: 0, buyers: new Set<number>(), revenueCents: 0 };
    e.orders++; e.buyers.add(o.memberId); e.revenueCents += o.amountCents;
    by.set(g, e);
  }
  return new Map([...by].map(([g, e]) => [g, { orders: e.orders, buyers: e.buyers.size, revenueCents: e.revenueCents }]));
}

/**
 * For the funnel's "converted" step: the memberships (`group:member`) of these joins whose member
 * paid a matched order on or after joining that group.
 */
export async function convertedMemberships(db: Queryable, ws: number, joins: ReadonlyArray<{ g: number; mem: number; joined: string }>, zone: string): Promise<Set<string>> {
  if (joins.length === 0) return new Set();
  const rows = await db.query<{ g: number; mem: number }>(
    `select j.g, j.mem from unnest($2::int8[], $3::int8[], $4::date[]) as j(g, mem, joined)
     where exists (select 1 from orders o where o.workspace_id = $1 and o.member_id = j.mem and o.paid_at >= (j.joined::timestamp at time zone $5))`,
    [ws, joins.map((j) => j.g), joins.map((j) => j.mem), joins.map((j) => j.joined), zone]);
  return new Set(rows.map((r) => `${Number(r.g)}:${Number(r.mem)}`));
}
