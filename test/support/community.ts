/**
 * A small community with figures known in advance, placed around "today" in the workspace's
 * time zone, for the tests of the read API. Events are ingested with ingestBatch like any others.
 */
import type { Database } from '../../src/db/database.ts';
import type { PlatformEventInput } from '../../src/events/envelope.ts';
import { IdentityCache, ingestBatch } from '../../src/events/ingest.ts';
import { ensurePlatformAccount, ensureWorkspace } from '../../src/workspaces/workspaces.ts';

export interface Community {
  workspaceId: number;
  accountId: number;
  today: string;
  /** Group ids by platform group id. */
  groups: Record<string, number>;
  /** Member ids by platform user id. */
  members: Record<string, number>;
}

const ZONE = 'Asia/Shanghai';

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Groups (platform ids):
 * - g-a, created 10 days ago: carol joined 9 days ago (post), bob 2 days ago (referral), alice and
 *   dave today (qr_code), dave left today. carol posted once 8 days ago, bob twice yesterday and
 *   once today, alice 3 times today. → size 3, today 4 messages, 7 days 6 messages, active today
 *   2, active 7d 2, joins7d 3, leaves7d 1.
 * - g-b, created 5 days ago: eve joined yesterday (invite) and posted 10 times 3 days ago.
 * - g-c, created yesterday: nobody.
 */
export async function seedCommunity(db: Database, slug: string): Promise<Community> {
  const ws = await ensureWorkspace(db, slug, slug, ZONE);
  const account = await ensurePlatformAccount(db, ws.id, 'sandbox', `bot-${slug}`, 'bot');
  const today = (await db.query<{ d: string }>(`select (now() at time zone $1)::date as d`, [ZONE]))[0]!.d;
  const at = (daysAgo: number, hour: number, minute = 0) =>
    `${addDays(today, -daysAgo)}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`;
  let n = 0;
  const id = () => `ev${++n}`;
  const msg = (groupId: string, userId: string, daysAgo: number, minute: number): PlatformEventInput =>
    ({ type: 'message', eventId: id(), occurredAt: at(daysAgo, 10, minute), groupId, messageId: `m${n}`, userId, text: 'hi' });
  const events: PlatformEventInput[] = [
    { type: 'group_created', eventId: id(), occurredAt: at(10, 9), groupId: 'g-a', name: 'Alpha 读书会', capacity: 200 },
    { type: 'group_created', eventId: id(), occurredAt: at(5, 9), groupId: 'g-b', name: 'Beta VIP', capacity: 300 },
    { type: 'group_created', eventId: id(), occurredAt: at(1, 9), groupId: 'g-c', name: 'Gamma', capacity: 100 },
    { type: 'join', eventId: id(), occurredAt: at(9, 9, 30), groupId: 'g-a', userId: 'carol', name: 'Carol', via: { source: 'post' } },
    { type: 'join', eventId: id(), occurredAt: at(2, 9, 30), groupId: 'g-a', userId: 'bob', name: 'Bob', via: { source: 'referral', inviterId: 'carol' } },
    { type: 'join', eventId: id(), occurredAt: at(0, 9, 30), groupId: 'g-a', userId: 'alice', name: 'Alice', via: { source: 'qr_code', staffId: 's1' } },
    { type: 'join', eventId: id(), occurredAt: at(0, 9, 31), groupId: 'g-a', userId: 'dave', name: 'Dave', via: { source: 'qr_code' } },
    { type: 'leave', eventId: id(), occurredAt: at(0, 9, 45), groupId: 'g-a', userId: 'dave' },
    msg('g-a', 'carol', 8, 0),
    msg('g-a', 'bob', 1, 0), msg('g-a', 'bob', 1, 1), msg('g-a', 'bob', 0, 2),
    msg('g-a', 'alice', 0, 3), msg('g-a', 'alice', 0, 4), msg('g-a', 'alice', 0, 5),
    { type: 'join', eventId: id(), occurredAt: at(1, 9, 30), groupId: 'g-b', userId: 'eve', name: 'Eve', via: { source: 'invite' } },
    ...Array.from({ length: 10 }, (_, i) => msg('g-b', 'eve', 3, i)),
  ];
  const scope = { workspaceId: ws.id, accountId: account.id, timezone: ZONE };
  const result = await ingestBatch(db, scope, events, new IdentityCache());
  if (result.stored !== events.length) throw new Error(`seed stored ${result.stored} of ${events.length}: ${JSON.stringify(result.rejected)}`);
  const groups = Object.fromEntries((await db.query<{ pid: string; id: number }>(
    'select platform_group_id as pid, id from groups where workspace_id = $1', [ws.id])).map((r) => [r.pid, r.id]));
  const members = Object.fromEntries((await db.query<{ pid: string; id: number }>(
    'select platform_user_id as pid, member_id as id from member_identities where workspace_id = $1', [ws.id])).map((r) => [r.pid, r.id]));
  return { workspaceId: ws.id, accountId: account.id, today, groups, members };
}
