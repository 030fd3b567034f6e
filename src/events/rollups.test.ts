import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { seedCommunity, type Community } from '../../test/support/community.ts';
import { forEachEngine } from '../../test/support/engines.ts';
import type { Database } from '../db/database.ts';
import type { PlatformEventInput } from './envelope.ts';
import { IdentityCache, ingestBatch } from './ingest.ts';
import { rebuildRollups, ROLLUP_TABLES } from './rollups.ts';

/** Every rollup row of the workspace, in a stable order, as text. */
async function snapshot(db: Database, workspaceId: number): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of ROLLUP_TABLES) {
    const rows = await db.query<{ r: string }>(`select t::text as r from ${table} t where workspace_id = $1 order by 1`, [workspaceId]);
    out[table] = rows.map((x) => x.r);
  }
  out.member_count = (await db.query<{ r: string }>('select id || \':\' || member_count || \':\' || coalesce(last_active_day::text, \'-\') as r from groups where workspace_id = $1 order by id', [workspaceId])).map((x) => x.r);
  return out;
}

/** Three weeks of a busier community, delivered out of order in several batches, with reactions. */
async function ingestMore(db: Database, c: Community): Promise<void> {
  const events: PlatformEventInput[] = [];
  let n = 0;
  const users = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'];
  const groups = ['g-a', 'g-b', 'g-d'];
  const base = Date.parse(`${c.today}T00:00:00+08:00`) - 21 * 86_400_000;
  for (const g of groups) for (const u of users) events.push({ type: 'join', eventId: `j-${g}-${u}`, occurredAt: new Date(base + n++ * 60_000).toISOString(), groupId: g, userId: u, name: u, via: { source: n % 2 ? 'qr_code' : 'post' } });
  for (let i = 0; i < 600; i++) {
    const at = new Date(base + i * 53 * 60_000 + 3_600_000).toISOString(); // every 53 minutes: crosses hours and days
    const g = groups[i % 3]!, u = users[(i * 7) % 6]!;
    events.push({ type: 'message', eventId: `m${i}`, occurredAt: at, groupId: g, messageId: `mm${i}`, userId: u, text: `hello ${i}` });
    if (i % 5 === 0) events.push({ type: 'reaction', eventId: `r${i}`, occurredAt: at, groupId: g, messageId: `mm${i}`, userId: users[(i + 1) % 6]!, emoji: '👍', added: i % 10 === 0 });
    if (i % 97 === 0) events.push({ type: 'leave', eventId: `l${i}`, occurredAt: at, groupId: g, userId: u });
  }
  // A few writers in earlier months (some twice in a month, some across a month's edge).
  for (let i = 0; i < 40; i++) {
    const at = new Date(base - (i * 3 + 1) * 86_400_000 - (i % 4) * 3_600_000).toISOString();
    events.push({ type: 'message', eventId: `old${i}`, occurredAt: at, groupId: groups[i % 3]!, messageId: `old${i}`, userId: users[(i * 5) % 6]!, text: `earlier ${i}` });
  }
  events.reverse();
  const cache = new IdentityCache();
  for (let i = 0; i < events.length; i += 150) {
    const r = await ingestBatch(db, { workspaceId: c.workspaceId, accountId: c.accountId, timezone: 'Asia/Shanghai' }, events.slice(i, i + 150), cache);
    assert.deepEqual(r.rejected, []);
  }
}

forEachEngine('rollup rebuild', (ctx) => {
  let c: Community, other: Community;
  before(async () => {
    c = await seedCommunity(ctx().db, 'rebuild');
    other = await seedCommunity(ctx().db, 'rebuild-other');
    await ingestMore(ctx().db, c);
  });

  test('the writers kept per group and day, and per workspace and day, are those of the event log', async () => {
    const db = ctx().db;
    const [groups] = await db.query<{ n: number; wrong: number }>(
      `with truth as (select group_id, (occurred_at at time zone 'Asia/Shanghai')::date as day, array_agg(distinct member_id order by member_id) as ids
                      from events where workspace_id = $1 and type = 'message' group by 1, 2)
       select count(*)::int as n, count(*) filter (where d.active_member_ids is distinct from t.ids)::int as wrong
       from truth t left join group_daily d on d.workspace_id = $1 and d.group_id = t.group_id and d.day = t.day`, [c.workspaceId]);
    assert.ok(groups!.n > 40, 'many group-days written');
    assert.equal(groups!.wrong, 0);
    const [ws] = await db.query<{ n: number; wrong: number }>(
      `with truth as (select (occurred_at at time zone 'Asia/Shanghai')::date as day, array_agg(distinct member_id order by member_id) as ids
                      from events where workspace_id = $1 and type = 'message' group by 1)
       select count(*)::int as n, count(*) filter (where w.active_member_ids is distinct from t.ids or w.active_members <> cardinality(t.ids))::int as wrong
       from truth t left join workspace_daily w on w.workspace_id = $1 and w.day = t.day`, [c.workspaceId]);
    assert.ok(ws!.n > 20);
    assert.equal(ws!.wrong, 0);
    // Weekly actives of every day: the distinct writers of the 7 days ending that day.
    const [weekly] = await db.query<{ n: number; wrong: number; max: number }>(
      `with writes as (select distinct member_id, (occurred_at at time zone 'Asia/Shanghai')::date as day
                       from events where workspace_id = $1 and type = 'message'),
       truth as (select d.day, (select count(distinct member_id) from writes x where x.day between d.day - 6 and d.day)::int as n
                 from (select distinct day + k as day from writes, generate_series(0, 6) k) d)
       select count(*)::int as n, count(*) filter (where coalesce(w.active_members_7d, 0) <> t.n)::int as wrong, max(t.n)::int as max
       from truth t left join workspace_daily w on w.workspace_id = $1 and w.day = t.day`, [c.workspaceId]);
    assert.ok(weekly!.n > 20 && weekly!.max > 3);
    assert.equal(weekly!.wrong, 0);
  });

  test('the messages kept per member, group and day are those of the event log', async () => {
    const db = ctx().db;
    const [r] = await db.query<{ n: number; wrong: number; max: number; stored: number }>(
      `with truth as (select group_id, (occurred_at at time zone 'Asia/Shanghai')::date as day, member_id, count(*)::int as n
                      from events where workspace_id = $1 and type = 'message' and member_id is not null group by 1, 2, 3)
       select count(*)::int as n, max(t.n)::int as max, count(*) filter (where d.messages is distinct from t.n)::int as wrong,
              (select count(*)::int from group_member_daily where workspace_id = $1) as stored
       from truth t left join group_member_daily d on d.workspace_id = $1 and d.group_id = t.group_id and d.day = t.day and d.member_id = t.member_id`, [c.workspaceId]);
    assert.ok(r!.n > 60 && r!.max > 1, `many member-days, some with several messages (${r!.n}, ${r!.max})`);
    assert.equal(r!.wrong, 0);
    assert.equal(r!.stored, r!.n, 'no member-day without a message is stored');
  });

  test('the monthly actives stored are the distinct writers of each calendar month in the event log', async () => {
    const db = ctx().db;
    const [monthly] = await db.query<{ n: number; wrong: number; max: number; stored: number }>(
      `with truth as (select date_trunc('month', (occurred_at at time zone 'Asia/Shanghai'))::date as month,
                             array_agg(distinct member_id order by member_id) as ids
                      from events where workspace_id = $1 and type = 'message' group by 1)
       select count(*)::int as n, max(cardinality(t.ids))::int as max,
              count(*) filter (where m.active_members is distinct from cardinality(t.ids) or m.active_member_ids is distinct from t.ids)::int as wrong,
              (select count(*)::int from workspace_monthly where workspace_id = $1) as stored
       from truth t left join workspace_monthly m on m.workspace_id = $1 and m.month = t.month`, [c.workspaceId]);
    assert.ok(monthly!.n >= 4, `several months written (${monthly!.n})`);
    assert.ok(monthly!.max > 3);
    assert.equal(monthly!.wrong, 0);
    assert.equal(monthly!.stored, monthly!.n, 'no month without writers is stored');
    // Each group's last day with activity is its newest group_daily day.
    const [last] = await db.query<{ n: number; wrong: number }>(
      `select count(*)::int as n, count(*) filter (where g.last_active_day is distinct from (select max(day) from group_daily d
         where d.workspace_id = g.workspace_id and d.group_id = g.id))::int as wrong from groups g where g.workspace_id = $1`, [c.workspaceId]);
    assert.ok(last!.n >= 3);
    assert.equal(last!.wrong, 0);
  });

  test('after truncating the rollups, a rebuild gives exactly the rows ingest produced', async () => {
    const db = ctx().db;
    const before = await snapshot(db, c.workspaceId);
    const otherBefore = await snapshot(db, other.workspaceId);
    assert.ok(before.group_daily!.length > 20 && before.workspace_daily!.length > 20);
    for (const table of ROLLUP_TABLES) await db.query(`delete from ${table} where workspace_id = $1`, [c.workspaceId]);
    await db.query('update groups set member_count = 0 where workspace_id = $1', [c.workspaceId]);
    const progress: number[] = [];
    // 5-hour chunks: chunk edges fall inside local days and hours, which must add up the same.
    const result = await rebuildRollups(db, { workspaceId: c.workspaceId, chunkHours: 5, onProgress: (p) => { progress.push(p.chunk); } });
    assert.equal(result.workspaces, 1);
    assert.ok(progress.length > 50, 'many chunks');
    assert.deepEqual(await snapshot(db, c.workspaceId), before);
    assert.deepEqual(await snapshot(db, other.workspaceId), otherBefore, 'another workspace is untouched');
  });

  test('rebuilding every workspace again changes nothing', async () => {
    const db = ctx().db;
    const before = [await snapshot(db, c.workspaceId), await snapshot(db, other.workspaceId)];
    await rebuildRollups(db, {});
    assert.deepEqual([await snapshot(db, c.workspaceId), await snapshot(db, other.workspaceId)], before);
  });
});
