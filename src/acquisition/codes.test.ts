import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../test/support/engines.ts';
import { groupsWorkspace, LinkingConnector, react, staffUser } from '../../test/support/acquisition.ts';
import type { Database, Queryable } from '../db/database.ts';
import { ingestBatch } from '../events/ingest.ts';
import { addGroupToPool, createCode, poolOf } from './codes.ts';
import { confirmOrder, decideEntry, submitEntry } from './entries.ts';
import { runLiveCodeUpkeep } from './jobs.ts';
import { LINK_DAYS, linkForGroup, openNextGroup } from './open-group.ts';
import { RecordingConnector } from '../../test/fakes/recording-connector.ts';
import { rig } from '../../test/fakes/wecom/test-kit.ts';
import { setStaffRole } from '../auth/users.ts';
import { addStaffToCode } from './staff-codes.ts';
import { expireReservations, routeToGroup, routeToStaff, type RouteResult } from './route.ts';
import { openDatabase } from '../db/database.ts';
import { codeFigures, monthlyStatement } from './stats.ts';
import { visitCode } from './visit.ts';
import { rankCandidates } from './routing.ts';
import { giveBackLeases, leasePolicy, reclaimLeases } from './seat-batches.ts';
import { recordContactArrival } from './contact-arrivals.ts';
import { MARK_CONTACT_TAGS } from './contact-tag-executor.ts';
import { executorOf } from '../outbox/executors.ts';
import { normalise, outboxColumns, type OutboxRecord } from '../outbox/outbox.ts';


const link = (n: number) => ({ url: `https://t.example/+l${n}`, code: `l${n}`, expiresAt: null });

forEachEngine('live codes', (ctx, engine) => {
  // Routing runs each statement on its own (not in a caller's transaction: a row whose cap check
  // failed stays locked to the end of a transaction). PGlite has one connection, so there the burst
  // is run as concurrent transactions, which it serializes.
  const concurrently = <T>(db: Database, fn: (q: Queryable) => Promise<T>) => engine === 'pglite' ? db.transaction(fn) : fn(db);

  test('a burst of concurrent routings never puts a group over its cap, and the pool fills in order', async () => {
    const { db } = ctx();
    const { scope, groupIds } = await groupsWorkspace(db, 'burst', 3);
    const code = await createCode(db, scope.workspaceId, { name: '活码', source: 'shop', firstPhase: 4, sweetSpotMin: 5, sweetSpotMax: 6, hardCap: 8 }, null);
    for (const [i, id] of groupIds.entries()) await addGroupToPool(db, scope.workspaceId, code, id, link(i));
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => concurrently(db, (tx) => routeToGroup(tx, code, { source: 'shop', visitor: `v${i}`, entryId: null }))));
    const seated = results.filter((r) => r.kind === 'group');
    assert.equal(seated.length, 24, '3 groups × cap 8');
    assert.equal(results.filter((r) => r.kind === 'full').length, 16);
    const pool = await poolOf(db, scope.workspaceId, code.id);
    assert.deepEqual(pool.map((p) => p.load), [8, 8, 8]);
    const perGroup = await db.query<{ n: number }>(`select count(*)::int as n from code_reservations where workspace_id = $1 group by group_id`, [scope.workspaceId]);
    assert.ok(perGroup.every((r) => r.n <= 8));
    // A visitor who opens the page again keeps their seat.
    const again = await routeToGroup(db, code, { source: 'shop', visitor: 'v0', entryId: null });
    assert.equal(again.kind === 'group' && again.reused, true);
    // Seats nobody used are given back after the reservation time.
    assert.equal(await expireReservations(db, scope.workspaceId, new Date(Date.now() + 3600_000)), 24);
    assert.deepEqual((await poolOf(db, scope.workspaceId, code.id)).map((p) => p.load), [0, 0, 0]);
  });

  test('two instances routing one code at once (batched) share its seats exactly: no group over its cap, each seat to one newcomer, a visitor twice in a batch gets one seat', async () => {
    const t = ctx();
    const { scope, groupIds } = await groupsWorkspace(t.db, 'two-instances', 3);
    const code = await createCode(t.db, scope.workspaceId, { name: '活码', source: 'shop', firstPhase: 4, sweetSpotMin: 5, sweetSpotMax: 6, hardCap: 8 }, null);
    for (const [i, id] of groupIds.entries()) await addGroupToPool(t.db, scope.workspaceId, code, id, link(i));
    // Postgres: a second connection pool, as a second process has (its own batches, its own view of the pool).
    // PGlite (one connection): the database and transaction handles, each with batches of its own.
    const other = engine === 'postgres' ? await openDatabase({ databaseUrl: t.databaseUrl!, poolSize: 3 }) : undefined;
    try {
      const instances: Array<(fn: (q: Queryable) => Promise<RouteResult>) => Promise<RouteResult>> = other
        ? [(fn) => fn(t.db), (fn) => fn(other)]
        : [(fn) => fn(t.db), (fn) => t.db.transaction(fn)];
      // 60 newcomers in waves over both instances; every fifth visitor opens the page twice at once on the same instance.
      const asks = Array.from({ length: 60 }, (_, i) => ({ visitor: `v${i}`, instance: i % 2, twice: i % 5 === 0 }));
      const results = await Promise.all(asks.flatMap((a) => {
        const go = () => instances[a.instance]!((q) => routeToGroup(q, code, { source: a.twice ? 'poster' : 'shop', visitor: a.visitor, entryId: null }));
        return a.twice ? [go().then((r) => ({ a, r })), go().then((r) => ({ a, r }))] : [go().then((r) => ({ a, r }))];
      }));
      const seats = results.filter((x) => x.r.kind === 'group') as Array<{ a: typeof asks[number]; r: Extract<RouteResult, { kind: 'group' }> }>;
      const ids = new Set(seats.map((x) => x.r.reservationId));
      assert.equal(ids.size, 24, '3 groups × cap 8, each seat once');
      for (const id of ids) assert.equal(new Set(seats.filter((x) => x.r.reservationId === id).map((x) => x.a.visitor)).size, 1, `seat ${id} went to one visitor`);
      for (const a of asks.filter((x) => x.twice)) {
        const mine = results.filter((x) => x.a === a).map((x) => x.r);
        assert.equal(mine[0]!.kind, mine[1]!.kind, `${a.visitor}: the same answer twice`);
        if (mine[0]!.kind === 'group' && mine[1]!.kind === 'group') assert.equal(mine[0]!.reservationId, mine[1]!.reservationId, `${a.visitor}: one seat`);
      }
      const per = await t.db.query<{ n: number; load: number; cap: number }>(
        `select p.load, p.cap, (select count(*)::int from code_reservations r where r.workspace_id = p.workspace_id and r.code_id = p.code_id and r.group_id = p.group_id) as n
         from live_code_groups p where p.workspace_id = $1 and p.code_id = $2`, [scope.workspaceId, code.id]);
      assert.deepEqual(per.map((g) => [g.n, g.load]), [[8, 8], [8, 8], [8, 8]], 'loads are the reservations, at the cap');
      assert.equal(results.filter((x) => x.r.kind === 'full').length, results.length - seats.length);
    } finally {
      await other?.close();
    }
  });

  test('seat leases (a busy code): two instances take blocks of seats and hand them out; no group over its cap, each seat once; unused leased seats go back when idle, on shutdown, and by the upkeep job after a crash', async () => {
    const t = ctx();
    const { scope, groupIds } = await groupsWorkspace(t.db, 'leases', 3);
    const code = await createCode(t.db, scope.workspaceId, { name: '活码', source: 'shop', firstPhase: 20, sweetSpotMin: 30, sweetSpotMax: 30, hardCap: 40 }, null);
    for (const [i, id] of groupIds.entries()) await addGroupToPool(t.db, scope.workspaceId, code, id, link(i));
    // A second instance: a second connection pool (Postgres), or a second handle on the one connection (PGlite): batches and leases of its own.
    const other: Queryable & { close?(): Promise<void> } = engine === 'postgres'
      ? await openDatabase({ databaseUrl: t.databaseUrl!, poolSize: 3 })
      : { query: (text, params, prepare) => t.db.query(text, params, prepare) };
    const saved = { ...leasePolicy };
    // Every batch leases (a second of arrivals), and nothing is given back on its own.
    Object.assign(leasePolicy, { rate: 0, seconds: 1, idleMs: 60_000, endOfPool: 0 });
    const ws = scope.workspaceId;
    const state = () => t.db.query<{ load: number; cap: number; n: number; leased: number }>(
      `select p.load, p.cap,
              (select count(*)::int from code_reservations r where r.workspace_id = p.workspace_id and r.code_id = p.code_id and r.group_id = p.group_id) as n,
              (select coalesce(sum(seats), 0)::int from live_code_leases l where l.workspace_id = p.workspace_id and l.code_id = p.code_id and l.group_id = p.group_id) as leased
       from live_code_groups p where p.workspace_id = $1 and p.code_id = $2 order by p.position`, [ws, code.id]);
    const route = (q: Queryable, visitor: string) => routeToGroup(q, code, { source: 'shop', visitor, entryId: null });
    try {
      const instances = [t.db, other];
      const results: RouteResult[] = [];
      for (let wave = 0; wave < 3; wave++) {
        results.push(...await Promise.all(Array.from({ length: 25 }, (_, i) => route(instances[i % 2]!, `v${wave}-${i}`))));
      }
      assert.ok(results.every((r) => r.kind === 'group'), '75 newcomers, 120 seats: all seated');
      assert.equal(new Set(results.map((r) => r.kind === 'group' && r.reservationId)).size, 75, 'each seat once');
      let groups = await state();
      assert.ok((await t.db.query('select 1 from live_code_leases where workspace_id = $1', [ws])).length > 0, 'seats were leased');
      for (const g of groups) {
        assert.ok(g.load <= g.cap && g.n <= g.cap, `load ${g.load}, ${g.n} reservations, cap ${g.cap}`);
        assert.equal(g.load, g.n + g.leased, 'a load is its reservations and the seats leased');
      }
      // An instance that crashed holding leases: the upkeep job gives their seats back once they expire (not before).
      assert.equal(await reclaimLeases(t.db, ws), 0, 'leases in use are kept');
      const held = groups.reduce((n, g) => n + g.leased, 0);
      assert.equal(await reclaimLeases(t.db, ws, new Date(Date.now() + 10 * 60_000)), held);
      groups = await state();
      assert.deepEqual(groups.map((g) => g.load), groups.map((g) => g.n), 'loads are the reservations again');
      // The instances still think they hold them: their next newcomers are refused those seats and seated from the loads.
      const after = await Promise.all(Array.from({ length: 10 }, (_, i) => route(instances[i % 2]!, `w${i}`)));
      assert.ok(after.every((r) => r.kind === 'group'));
      for (const g of await state()) assert.equal(g.load, g.n + g.leased);
      // Shutdown gives every lease back.
      await giveBackLeases(t.db);
      await giveBackLeases(other);
      groups = await state();
      assert.deepEqual(groups.map((g) => [g.load, g.leased]), groups.map((g) => [g.n, 0]), 'shut down: nothing leased');
      // The code paused (by any process): the next newcomer is told so and the leases go back.
      await Promise.all(Array.from({ length: 6 }, (_, i) => route(t.db, `p${i}`)));
      const leases = () => t.db.query('select 1 from live_code_leases where workspace_id = $1', [ws]);
      assert.ok((await leases()).length > 0, 'leased again');
      await t.db.query(`update live_codes set status = 'paused' where workspace_id = $1 and id = $2`, [ws, code.id]);
      assert.deepEqual(await route(t.db, 'p-paused'), { kind: 'unavailable', reason: 'paused' });
      for (let i = 0; i < 100 && (await leases()).length; i++) await new Promise((r) => setTimeout(r, 20));
      groups = await state();
      assert.deepEqual(groups.map((g) => [g.load, g.leased]), groups.map((g) => [g.n, 0]), 'paused: nothing leased');
      await t.db.query(`update live_codes set status = 'active' where workspace_id = $1 and id = $2`, [ws, code.id]);
      // Near the end of the pool (less room than ten leases) no lease is taken: its last seats go to whoever comes.
      Object.assign(leasePolicy, { endOfPool: 10 });
      const rest: RouteResult[] = await Promise.all(Array.from({ length: 6 }, (_, i) => route(instances[i % 2]!, `z${i}`)));
      assert.equal((await leases()).length, 0, 'no lease near the end of the pool');
      Object.assign(leasePolicy, { endOfPool: 0 });
      // Idle: leases go back on their own. Then the rest of the pool, to the last seat: 120 in all, each group at its cap.
      Object.assign(leasePolicy, { idleMs: 20 });
      for (let wave = 0; wave < 2; wave++) {
        rest.push(...await Promise.all(Array.from({ length: 20 }, (_, i) => route(instances[i % 2]!, `x${wave}-${i}`))));
      }
      await new Promise((r) => setTimeout(r, 200));
      groups = await state();
      assert.deepEqual(groups.map((g) => [g.load, g.leased]), groups.map((g) => [g.n, 0]), 'idle: nothing leased');
      Object.assign(leasePolicy, saved);
      for (let i = 0; i < 12; i++) rest.push(await route(instances[i % 2]!, `y${i}`));
      assert.equal(rest.filter((r) => r.kind === 'group').length, 29, 'the last 29 seats');
      assert.deepEqual((await state()).map((g) => [g.n, g.load]), [[40, 40], [40, 40], [40, 40]]);
    } finally {
      Object.assign(leasePolicy, saved);
      await other.close?.();
    }
  });

  test('fill-first stops each group at the first phase before using the next; paused and expired codes route nobody', async () => {
    const { db } = ctx();
    const { scope, groupIds } = await groupsWorkspace(db, 'phases', 2);
    const code = await createCode(db, scope.workspaceId, { name: 'c', source: 'post', firstPhase: 2, sweetSpotMin: 3, sweetSpotMax: 3, hardCap: 4 }, null);
    for (const [i, id] of groupIds.entries()) await addGroupToPool(db, scope.workspaceId, code, id, link(i));
    const order: number[] = [];
    for (let i = 0; i < 8; i++) {
      const r = await routeToGroup(db, code, { source: 'post', visitor: null, entryId: null });
      assert.equal(r.kind, 'group');
      if (r.kind === 'group') order.push(groupIds.indexOf(r.groupId));
    }
    assert.deepEqual(order, [0, 0, 1, 1, 0, 1, 0, 1]);
    assert.equal((await routeToGroup(db, code, { source: 'post', visitor: null, entryId: null })).kind, 'full');
    assert.deepEqual(await routeToGroup(db, { ...code, status: 'paused' }, { source: 'post', visitor: null, entryId: null }), { kind: 'unavailable', reason: 'paused' });
    assert.deepEqual(await routeToGroup(db, { ...code, expiresAt: new Date(Date.now() - 1000) }, { source: 'post', visitor: null, entryId: null }), { kind: 'unavailable', reason: 'expired' });
  });

  test('thresholds: nobody is routed before passing; approval, poster proof and paid orders (idempotent) let them in', async () => {
    const { db } = ctx();
    const { scope, groupIds } = await groupsWorkspace(db, 'gate', 1);
    const approval = await createCode(db, scope.workspaceId, { name: 'a', source: 'shop', threshold: { kind: 'approval', questions: [{ key: 'city', label: '城市', required: true, tagPrefix: '城市:' }] } }, null);
    await addGroupToPool(db, scope.workspaceId, approval, groupIds[0]!, link(0));
    const zone = 'Asia/Shanghai';
    assert.equal((await visitCode(db, approval, { visitor: 'x', zone })).kind, 'threshold');
    await assert.rejects(submitEntry(db, approval, { name: '张三', answers: {} }), /城市: required/);
    const entry = await submitEntry(db, approval, { name: '张三', answers: { city: '上海' } });
    assert.equal(entry.status, 'pending');
    assert.equal((await visitCode(db, approval, { visitor: 'x', zone, entryToken: entry.token })).kind, 'threshold');
    assert.equal((await visitCode(db, approval, { visitor: 'x', zone, entryToken: 'not-a-token-at-all' })).kind, 'threshold');
    assert.equal(await decideEntry(db, scope.workspaceId, entry.id, 'passed', null), 'passed');
    assert.equal(await decideEntry(db, scope.workspaceId, entry.id, 'rejected', null), 'passed', 'decided once');
    assert.equal((await visitCode(db, approval, { visitor: 'x', zone, entryToken: entry.token })).kind, 'group');

    const poster = await createCode(db, scope.workspaceId, { name: 'p', source: 'poster', threshold: { kind: 'poster', instructions: '' } }, null);
    await assert.rejects(submitEntry(db, poster, { name: 'a', answers: {} }), /screenshot/);
    const shot = await submitEntry(db, poster, { name: 'a', answers: {}, proof: { base64: 'iVBORw0KGgo=', type: 'image/png' } });
    assert.equal(shot.hasProof, true);
    await decideEntry(db, scope.workspaceId, shot.id, 'rejected', null, '不是海报');
    assert.equal((await visitCode(db, poster, { visitor: 'y', zone, entryToken: shot.token })).kind, 'threshold');

    const paid = await createCode(db, scope.workspaceId, { name: '$', source: 'shop', threshold: { kind: 'paid', priceCents: 9900, currency: 'CNY' } }, null);
    await addGroupToPool(db, scope.workspaceId, paid, groupIds[0]!, link(0));
    const buyer = await submitEntry(db, paid, { name: 'b', answers: {} });
    const order = { orderId: 'o-1', entryToken: buyer.token, amountCents: 9900, currency: 'CNY', paidAt: new Date().toISOString() };
    assert.equal(await confirmOrder(db, paid, { ...order, orderId: 'o-0', amountCents: 100 }, 'webhook'), 'underpaid');
    assert.equal((await visitCode(db, paid, { visitor: 'z', zone, entryToken: buyer.token })).kind, 'threshold');
    const twice = await Promise.all([confirmOrder(db, paid, order, 'webhook'), confirmOrder(db, paid, order, 'webhook')]);
    assert.deepEqual(twice.sort(), ['duplicate', 'passed']);
    assert.equal(await confirmOrder(db, paid, { ...order, entryToken: 'unknown-token-xyz' }, 'hand'), 'unknown_entry');
    assert.equal((await visitCode(db, paid, { visitor: 'z', zone, entryToken: buyer.token })).kind, 'group');
  });

  test('joins are attributed once to the code, source, staff and inviter; answers become tags; leaves give seats back; statements count retention', async () => {
    const { db } = ctx();
    const { scope, groupIds } = await groupsWorkspace(db, 'attr', 1);
    const staff = await staffUser(db, 'wang@example.com', '王芳');
    const code = await createCode(db, scope.workspaceId, { name: 'c', source: 'shop', threshold: { kind: 'form', questions: [{ key: 'city', label: '城市', required: true, tagPrefix: '城市:' }] } }, staff.id);
    await addGroupToPool(db, scope.workspaceId, code, groupIds[0]!, link(0));
    await react(db, scope.workspaceId);
    const entry = await submitEntry(db, code, { name: 'Ann', answers: { city: '杭州' } });
    const r1 = await visitCode(db, code, { visitor: 'ann', zone: 'UTC', entryToken: entry.token, source: 'poster' });
    assert.equal(r1.kind, 'group');
    const at = (min: number) => new Date(Date.now() - 3000_000 + min * 60_000).toISOString();
    await ingestBatch(db, scope, [
      { type: 'join', eventId: 'j-inviter', occurredAt: at(0), groupId: 'pg0', userId: 'u-host', name: 'Host' },
      { type: 'join', eventId: 'j-ann', occurredAt: at(1), groupId: 'pg0', userId: 'u-ann', name: 'Ann', via: { inviteCode: 'l0', inviterId: 'u-host' } },
    ]);
    await react(db, scope.workspaceId);
    // The same join delivered again under another id, and Ann leaving and coming back, credit nobody twice.
    const loadAfterJoins = (await poolOf(db, scope.workspaceId, code.id))[0]!.load;
    await ingestBatch(db, scope, [
      { type: 'join', eventId: 'j-ann-again', occurredAt: at(2), groupId: 'pg0', userId: 'u-ann', name: 'Ann', via: { inviteCode: 'l0' } },
    ]);
    await react(db, scope.workspaceId);
    const rows = await db.query<{ source: string; staff_user_id: number; inviter_member_id: number | null; member_id: number }>(
      'select source, staff_user_id, inviter_member_id, member_id from code_attributions where workspace_id = $1', [scope.workspaceId]);
    assert.equal(rows.length, 1, 'the host came in without the code and is not attributed; Ann once');
    assert.equal(rows[0]!.source, 'poster');
    assert.equal(rows[0]!.staff_user_id, staff.id);
    assert.ok(rows[0]!.inviter_member_id !== null, 'the inviter the join named');
    const tags = await db.query<{ tag: string }>('select tag from member_tags where workspace_id = $1 and member_id = $2', [scope.workspaceId, rows[0]!.member_id]);
    assert.deepEqual(tags.map((t) => t.tag), ['城市:杭州']);
    // Load: Ann's reserved seat and the host's join; the re-delivered join of Ann, already in, takes no seat.
    const loadBefore = (await poolOf(db, scope.workspaceId, code.id))[0]!.load;
    assert.equal(loadBefore, loadAfterJoins, 'a join of a member already in takes no second seat');
    await ingestBatch(db, scope, [{ type: 'leave', eventId: 'l-host', occurredAt: at(3), groupId: 'pg0', userId: 'u-host' }]);
    await react(db, scope.workspaceId);
    assert.equal((await poolOf(db, scope.workspaceId, code.id))[0]!.load, loadBefore - 1);
    // The host's leave delivered again under another id gives no second seat back.
    await ingestBatch(db, scope, [{ type: 'leave', eventId: 'l-host-again', occurredAt: at(4), groupId: 'pg0', userId: 'u-host' }]);
    await react(db, scope.workspaceId);
    assert.equal((await poolOf(db, scope.workspaceId, code.id))[0]!.load, loadBefore - 1, 'a leave of a member already out gives back nothing');
    const figures = await codeFigures(db, scope.workspaceId, code.id);
    assert.equal(figures.joined, 1);
    assert.deepEqual(figures.bySource.find((s) => s.source === 'poster'), { source: 'poster', routed: 1, joined: 1 });
    const month = new Date().toISOString().slice(0, 7);
    const pending = await monthlyStatement(db, scope.workspaceId, month, 'UTC');
    assert.deepEqual(pending.map((l) => [l.staffName, l.joins, l.pending, l.credit]), [['王芳', 1, 1, 0]]);
    const later = await monthlyStatement(db, scope.workspaceId, month, 'UTC', new Date(Date.now() + 8 * 86_400_000));
    assert.deepEqual(later.map((l) => [l.credited, l.credit]), [[1, 1]]);
  });

  test('links behind a code that expire within a day are replaced by the upkeep job, and their joins still count', async () => {
    const { db } = ctx();
    const { scope, groupIds } = await groupsWorkspace(db, 'refresh', 1);
    const code = await createCode(db, scope.workspaceId, { name: 'r', source: 'shop' }, null);
    const platform = new LinkingConnector('sandbox');
    const deps = { db, connector: (id: number) => (id === scope.accountId ? platform : undefined) };
    const first = await linkForGroup(deps, scope.workspaceId, code, groupIds[0]!, 'sandbox');
    assert.ok(first.expiresAt, 'sandbox links are made with an expiry');
    await addGroupToPool(db, scope.workspaceId, code, groupIds[0]!, first);
    assert.deepEqual(await runLiveCodeUpkeep(deps), { expired: 0, reclaimed: 0, refreshed: 0, failed: 0 }, 'not due yet');
    const done = await runLiveCodeUpkeep(deps, new Date(Date.now() + (LINK_DAYS - 0.5) * 86_400_000));
    assert.equal(done.refreshed, 1);
    const [row] = await poolOf(db, scope.workspaceId, code.id);
    assert.notEqual(row!.linkCode, first.code);
    assert.ok(row!.linkExpiresAt!.getTime() > first.expiresAt!.getTime());
    // A newcomer who still had the old link joins through it: it is the code's.
    await react(db, scope.workspaceId);
    await routeToGroup(db, code, { source: 'shop', visitor: null, entryId: null });
    await ingestBatch(db, scope, [{ type: 'join', eventId: 'old-link', occurredAt: new Date().toISOString(), groupId: 'pg0', userId: 'late', name: 'Late', via: { inviteCode: first.code } }]);
    await react(db, scope.workspaceId);
    assert.equal((await codeFigures(db, scope.workspaceId, code.id)).joined, 1);
  });

  test('where the platform cannot create groups, a full pool asks an operator once, however many processes notice', async () => {
    const { db } = ctx();
    const { scope } = await groupsWorkspace(db, 'no-create', 0);
    const code = await createCode(db, scope.workspaceId, { name: 'tg', source: 'post', template: { accountId: scope.accountId, namePattern: '茶友 {n} 群', rules: '', welcome: '', admins: [] } }, null);
    const telegram = new RecordingConnector('telegram', { createGroup: { reason: 'bots cannot create groups', instead: 'create it in the app' } });
    const deps = { db, connector: () => telegram };
    assert.equal((await routeToGroup(db, code, { source: 'post', visitor: null, entryId: null })).kind, 'full');
    const outcomes = await Promise.all([openNextGroup(deps, scope.workspaceId, code.id), openNextGroup(deps, scope.workspaceId, code.id)]);
    assert.deepEqual(outcomes.map((o) => o.kind).sort(), ['already', 'task']);
    const tasks = (await codeFigures(db, scope.workspaceId, code.id)).openTasks;
    assert.equal(tasks.length, 1);
    assert.match(tasks[0]!.text, /茶友 1 群.*bots cannot create groups/);
    assert.equal(telegram.calls.length, 0, 'nothing was asked of the platform');
  });

  test('each staff member of a staff code gets a WeCom contact way (联系我) whose state names the source; other platforms are refused', async () => {
    const { db } = ctx();
    const { scope } = await groupsWorkspace(db, 'contact-way', 0);
    const code = await createCode(db, scope.workspaceId, { kind: 'staff', name: '客服码', source: 'shop' }, null);
    const user = await staffUser(db, 'li@example.com', '李');
    await setStaffRole(db, scope.workspaceId, user.id, 'operator');
    const wecom = await rig();
    try {
      await addStaffToCode(db, () => wecom.connector, code, { staffUserId: user.id, platformUserId: 'lisi', dailyCap: 5, backup: false, accountId: scope.accountId });
      const ways = [...wecom.fake.state.contactWays.values()];
      assert.equal(ways.length, 1);
      assert.deepEqual(ways[0]!.user, ['lisi']);
      assert.match(ways[0]!.state ?? '', /^shop~/);
      const [row] = await db.query<{ contact_url: string; contact_state: string }>('select contact_url, contact_state from live_code_staff where workspace_id = $1 and code_id = $2', [scope.workspaceId, code.id]);
      assert.equal(row!.contact_url, ways[0]!.qr_code);
      assert.equal(row!.contact_state, ways[0]!.state);
      const routed = await routeToStaff(db, code, 'Asia/Shanghai', { source: 'shop', visitor: null, entryId: null });
      assert.equal(routed.kind === 'staff' && routed.url, ways[0]!.qr_code, 'the page hands out the staff member\'s contact QR');
      await assert.rejects(addStaffToCode(db, () => new RecordingConnector('telegram'), code, { staffUserId: user.id, platformUserId: 'x', dailyCap: 5, backup: false, accountId: scope.accountId }), /only on a connected WeCom account/);
    } finally {
      await wecom.close();
    }
  });

  test('staff codes rotate newcomers across staff under daily caps, and backups take them out of hours', async () => {
    const { db } = ctx();
    const { scope } = await groupsWorkspace(db, 'staff', 0);
    const code = await createCode(db, scope.workspaceId, { kind: 'staff', name: 's', source: 'shop', staffSettings: { hours: { start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5] }, tags: [] } }, null);
    const users = await Promise.all(['a', 'b', 'c'].map((n) => staffUser(db, `${n}@example.com`, n)));
    for (const [i, u] of users.entries()) {
      await db.query(`insert into live_code_staff (workspace_id, code_id, staff_user_id, platform_user_id, daily_cap, backup, position, contact_url) values ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [scope.workspaceId, code.id, u.id, `wx-${i}`, 3, i === 2, i, `https://wecom.example/qr/${i}`]);
    }
    const thursday10 = new Date('2026-12-03T02:00:00Z');
    const got = await Promise.all(Array.from({ length: 12 }, () => concurrently(db, (tx) => routeToStaff(tx, code, 'Asia/Shanghai', { source: 'shop', visitor: null, entryId: null, now: thursday10 }))));
    const count = (id: number) => got.filter((r) => r.kind === 'staff' && r.staffUserId === id).length;
    assert.deepEqual(users.map((u) => count(u.id)), [3, 3, 3], 'each up to the daily cap, the backup last');
    assert.equal(got.filter((r) => r.kind === 'full').length, 3);
    const night = await routeToStaff(db, code, 'Asia/Shanghai', { source: 'shop', visitor: null, entryId: null, now: new Date('2026-12-04T14:00:00Z') });
    assert.equal(night.kind === 'staff' && night.staffUserId, users[2]!.id, 'out of hours only the backup, on a new day');
  });

  test('routing in one statement takes the group the rules rank first (rankCandidates), for every rule, tier and source', async () => {
    const { db } = ctx();
    const { scope, groupIds } = await groupsWorkspace(db, 'ranking', 6);
    let seed = 7;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    for (const rule of ['fill_first', 'round_robin', 'by_source'] as const) {
      const code = await createCode(db, scope.workspaceId, { name: rule, source: 'shop', rule, firstPhase: 4, sweetSpotMin: 6, sweetSpotMax: 8, hardCap: 10 }, null);
      for (const [i, id] of groupIds.entries()) await addGroupToPool(db, scope.workspaceId, code, id, link(i), { source: i % 3 === 0 ? null : i % 3 === 1 ? 'shop' : 'poster' });
      for (let round = 0; round < 25; round++) {
        // A random pool: loads across the tiers, some groups with a smaller cap, routed counts apart.
        for (const id of groupIds) {
          await db.query('update live_code_groups set load = $4, routed = $5, cap = $6 where workspace_id = $1 and code_id = $2 and group_id = $3',
            [scope.workspaceId, code.id, id, rnd(11), rnd(5), rnd(4) === 0 ? 5 : 10]);
        }
        const pool = (await poolOf(db, scope.workspaceId, code.id)).map((p) => ({ groupId: p.groupId, position: p.position, source: p.source, cap: p.cap, load: p.load, routed: p.routed }));
        const source = round % 2 ? 'shop' : 'poster';
        const expected = rankCandidates(pool, code, rule, source)[0];
        const r = await routeToGroup(db, code, { source, visitor: null, entryId: null });
        if (!expected) assert.equal(r.kind, 'full', `${rule} round ${round}`);
        else assert.equal(r.kind === 'group' && r.groupId, expected.groupId, `${rule} round ${round}: ${JSON.stringify(pool)}`);
      }
    }
  });

  test('a customer who adds a staff member through a staff code (add_external_contact) is attributed once, gets the arrival tags in Qunyun and on WeCom; a duplicated callback changes nothing', async () => {
    const { db } = ctx();
    const { scope } = await groupsWorkspace(db, 'contact-added', 1);
    // Qunyun knows the customer already (a member of a group on this account).
    await ingestBatch(db, scope, [{ type: 'join', eventId: 'j-cust', occurredAt: new Date().toISOString(), groupId: 'pg0', userId: 'wm-cust-1', name: '顾客' }]);
    const code = await createCode(db, scope.workspaceId, { kind: 'staff', name: '门店客服码', source: 'shop', staffSettings: { tags: ['新客', '门店A'] } }, null);
    const user = await staffUser(db, 'zhao@example.com', '赵');
    await setStaffRole(db, scope.workspaceId, user.id, 'operator');
    const wecom = await rig({ connector: { onContactAdded: async (c) => { await recordContactArrival(db, scope.workspaceId, scope.accountId, c); } } });
    try {
      await addStaffToCode(db, () => wecom.connector, code, { staffUserId: user.id, platformUserId: 'zhaoliu', dailyCap: 50, backup: false, accountId: scope.accountId });
      const routed = await routeToStaff(db, code, 'Asia/Shanghai', { source: 'poster', visitor: 'visitor-1', entryId: null });
      assert.equal(routed.kind, 'staff');
      const [way] = [...wecom.fake.state.contactWays.values()];
      const first = await wecom.fake.addContactViaWay(way!.config_id, 'wm-cust-1');
      assert.equal(first.delivered, true);
      await wecom.fake.sendXml(first.xml); // WeCom delivering the same event again, freshly signed
      // Someone who added the staff member without the code's contact way is not the code's.
      await wecom.fake.sendXml(first.xml.replace(way!.state!, 'another-state').replace('wm-cust-1', 'wm-cust-2'));

      const arrivals = await db.query<{ staff_user_id: number; external_user_id: string; source: string; tags: string[]; reservation_id: number | null; member_id: number | null }>(
        'select staff_user_id, external_user_id, source, tags, reservation_id, member_id from code_contact_arrivals where workspace_id = $1 and code_id = $2', [scope.workspaceId, code.id]);
      assert.equal(arrivals.length, 1, 'one arrival for two deliveries');
      assert.equal(arrivals[0]!.staff_user_id, user.id);
      assert.deepEqual(arrivals[0]!.tags, ['新客', '门店A']);
      assert.equal(arrivals[0]!.source, 'poster', "the routed visitor's source");
      assert.equal(routed.kind === 'staff' && arrivals[0]!.reservation_id, routed.kind === 'staff' ? routed.reservationId : -1, 'the visitor\'s seat is used');
      const [member] = await db.query<{ member_id: number }>('select member_id from member_identities where workspace_id = $1 and platform_user_id = $2', [scope.workspaceId, 'wm-cust-1']);
      assert.equal(arrivals[0]!.member_id, member!.member_id);
      const tags = await db.query<{ tag: string }>('select tag from member_tags where workspace_id = $1 and member_id = $2 order by tag', [scope.workspaceId, member!.member_id]);
      assert.deepEqual(tags.map((t) => t.tag).sort(), ['新客', '门店A'].sort());
      const actions = await db.query<OutboxRecord>(`select ${outboxColumns} from outbox_actions where workspace_id = $1 and kind = $2`, [scope.workspaceId, MARK_CONTACT_TAGS]);
      assert.equal(actions.length, 1, 'tags are marked on WeCom once');
      const figures = await codeFigures(db, scope.workspaceId, code.id);
      assert.equal(figures.joined, 1);
      assert.deepEqual(figures.byStaff.map((r) => [r.staffUserId, r.joined]), [[user.id, 1]]);

      // The outbox action marks the tags on the customer (created in the corp's tag library first); again changes nothing.
      const run = () => executorOf(MARK_CONTACT_TAGS)!({ action: normalise(actions[0]!), workspaceId: scope.workspaceId, connector: () => wecom.connector } as never);
      await run();
      await run();
      const library = new Map(wecom.fake.state.tagGroups.flatMap((g) => g.tag.map((t) => [t.id, t.name] as const)));
      assert.equal(library.size, 2, 'each tag created once');
      assert.deepEqual((wecom.fake.state.contactTags.get('zhaoliu|wm-cust-1') ?? []).map((id) => library.get(id)).sort(), ['新客', '门店A'].sort());
    } finally {
      await wecom.close();
    }
  });
});
