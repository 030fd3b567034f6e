import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { forEachEngine } from '../../test/support/engines.ts';
import { ingestScope } from '../../test/support/ingest-scope.ts';
import type { Database } from '../db/database.ts';
import type { PlatformEventInput } from './envelope.ts';
import { IdentityCache, ingestBatch } from './ingest.ts';
import { refuseEvents } from '../../test/support/refuse-events.ts';

/** A small community: two groups, joins with attribution, messages, replies, edits, reactions, leaves. */
function scenario(): PlatformEventInput[] {
  const t = (min: number) => new Date(Date.UTC(2026, 2, 2, 0, 0) + min * 60_000).toISOString();
  const ev: PlatformEventInput[] = [
    { type: 'group_created', eventId: 'e1', occurredAt: t(0), groupId: 'g1', name: '读书会 1 群', capacity: 200 },
    { type: 'group_created', eventId: 'e2', occurredAt: t(1), groupId: 'g2', name: 'VIP 群', capacity: 300 },
    { type: 'join', eventId: 'e3', occurredAt: t(2), groupId: 'g1', userId: 'alice', name: 'Alice', via: { source: 'qr_code', staffId: 's1' } },
    { type: 'join', eventId: 'e4', occurredAt: t(3), groupId: 'g1', userId: 'bob', name: 'Bob', via: { source: 'referral', inviterId: 'alice' } },
    { type: 'join', eventId: 'e5', occurredAt: t(4), groupId: 'g2', userId: 'alice', name: 'Alice' },
    { type: 'message', eventId: 'e6', occurredAt: t(5), groupId: 'g1', messageId: 'm1', userId: 'alice', text: '大家好' },
    { type: 'message', eventId: 'e7', occurredAt: t(6), groupId: 'g1', messageId: 'm2', userId: 'bob', text: 'hi @alice', replyTo: 'm1', mentions: ['alice'] },
    { type: 'edit', eventId: 'e8', occurredAt: t(7), groupId: 'g1', messageId: 'm1', userId: 'alice', text: '大家好！' },
    { type: 'reaction', eventId: 'e9', occurredAt: t(8), groupId: 'g1', messageId: 'm1', userId: 'bob', emoji: '👍' },
    { type: 'message', eventId: 'e10', occurredAt: t(60 * 13), groupId: 'g2', messageId: 'm1', userId: 'alice', kind: 'image' },
    { type: 'group_renamed', eventId: 'e11', occurredAt: t(70), groupId: 'g1', name: '读书会·一群' },
    { type: 'leave', eventId: 'e12', occurredAt: t(80), groupId: 'g1', userId: 'bob' },
    { type: 'join', eventId: 'e13', occurredAt: t(90), groupId: 'g1', userId: 'bob', via: { source: 'post' } },
    { type: 'leave', eventId: 'e14', occurredAt: t(100), groupId: 'g2', userId: 'alice', reason: 'kicked' },
    { type: 'member_profile', eventId: 'e15', occurredAt: t(110), groupId: 'g1', userId: 'bob', name: 'Bob (北京)' },
    { type: 'delete', eventId: 'e16', occurredAt: t(120), groupId: 'g1', messageId: 'm2' },
    { type: 'message', eventId: 'e17', occurredAt: t(130), groupId: 'g3', messageId: 'x', userId: 'carol', text: 'first sight of g3' },
  ];
  return ev;
}

/** Every projected table, as plain rows without generated ids, in a stable order. */
async function snapshot(db: Database, ws: number) {
  const q = (sql: string) => db.query(sql, [ws]);
  return {
    groups: await q(`select platform_group_id, name, capacity, status, created_at, member_count from groups where workspace_id = $1 order by 1`),
    members: await q(`select i.platform_user_id, m.display_name from member_identities i join members m on m.workspace_id = i.workspace_id and m.id = i.member_id where i.workspace_id = $1 order by 1`),
    memberships: await q(`select g.platform_group_id, i.platform_user_id, ms.active, ms.first_joined_at, ms.joined_at, ms.left_at, ms.source, ms.leave_reason, inv.platform_user_id as inviter
      from memberships ms join groups g on g.workspace_id = ms.workspace_id and g.id = ms.group_id
      join member_identities i on i.workspace_id = ms.workspace_id and i.member_id = ms.member_id
      left join member_identities inv on inv.workspace_id = ms.workspace_id and inv.member_id = ms.inviter_member_id
      where ms.workspace_id = $1 order by 1, 2`),
    messages: await q(`select g.platform_group_id, m.platform_message_id, m.kind, m.text, m.reply_to, jsonb_array_length(m.mentions) as mentions, m.sent_at, m.edited_at, m.deleted_at, m.reactions
      from messages m join groups g on g.workspace_id = m.workspace_id and g.id = m.group_id where m.workspace_id = $1 order by 1, 2`),
    daily: await q(`select g.platform_group_id, d.day, d.messages, d.joins, d.leaves, d.reactions from group_daily d join groups g on g.workspace_id = d.workspace_id and g.id = d.group_id where d.workspace_id = $1 order by 1, 2`),
    workspace: await q(`select day, messages, joins, leaves, active_members, active_members_7d from workspace_daily where workspace_id = $1 order by 1`),
    sources: await q(`select g.platform_group_id, s.day, s.source, s.joins from group_join_sources s join groups g on g.workspace_id = s.workspace_id and g.id = s.group_id where s.workspace_id = $1 order by 1, 2, 3`),
    active: await q(`select g.platform_group_id, a.day, cardinality(a.active_member_ids) as members from group_daily a join groups g on g.workspace_id = a.workspace_id and g.id = a.group_id where a.workspace_id = $1 and cardinality(a.active_member_ids) > 0 order by 1, 2`),
    log: await q(`select count(*)::int as n from events where workspace_id = $1`),
  };
}

function seeded(seed: number) {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}

forEachEngine('ingest', (ctx) => {
  const scope = (slug: string) => ingestScope(ctx().db, slug);

  test('projects a community into groups, members, memberships, messages and rollups', async () => {
    const { db } = ctx();
    const s = await scope('basic');
    const r = await ingestBatch(db, s, scenario(), new IdentityCache());
    assert.deepEqual(r, { stored: 17, duplicates: 0, rejected: [], alreadyStored: [] });
    const snap = await snapshot(db, s.workspaceId);
    assert.deepEqual(snap.groups.map((g) => [g.platform_group_id, g.name, g.capacity]), [['g1', '读书会·一群', 200], ['g2', 'VIP 群', 300], ['g3', 'g3', 200]]);
    // A member seen writing is in the group (issue #12): alice writes in g2 at 13:00, after her kick at 01:40; carol writes in g3.
    assert.deepEqual(snap.groups.map((g) => g.member_count), [2, 1, 1], 'sizes: g1 alice and bob (back), g2 alice wrote after her kick, g3 carol wrote');
    const ms = Object.fromEntries(snap.memberships.map((m) => [`${m.platform_group_id}/${m.platform_user_id}`, m]));
    assert.equal(ms['g1/bob']!.active, true, 'bob left and came back');
    assert.equal(ms['g1/bob']!.source, 'post', 'the latest join carries the attribution');
    assert.equal(ms['g1/alice']!.source, 'qr_code');
    assert.equal(ms['g2/alice']!.active, true, 'alice wrote in g2 after she was kicked');
    assert.equal(ms['g2/alice']!.leave_reason, 'kicked');
    assert.equal(ms['g3/carol']!.active, true, 'carol is in g3, where she was only seen writing');
    const m1 = snap.messages.find((m) => m.platform_group_id === 'g1' && m.platform_message_id === 'm1')!;
    assert.equal(m1.text, '大家好！');
    assert.equal(m1.reactions, 1);
    const m2 = snap.messages.find((m) => m.platform_group_id === 'g1' && m.platform_message_id === 'm2')!;
    assert.equal(m2.reply_to, 'm1');
    assert.equal(m2.mentions, 1);
    assert.ok(m2.deleted_at instanceof Date);
    assert.equal(snap.members.find((m) => m.platform_user_id === 'bob')!.display_name, 'Bob (北京)');
    // 2026-03-02 00:00 UTC is 08:00 in Shanghai; the g2 image at 13:00 UTC falls on 21:00 the same local day.
    const g1 = snap.daily.filter((d) => d.platform_group_id === 'g1');
    assert.deepEqual(g1.map((d) => [d.day, d.messages, d.joins, d.leaves, d.reactions]), [['2026-03-02', 2, 3, 1, 1]]);
    assert.deepEqual(snap.daily.filter((d) => d.platform_group_id === 'g2').map((d) => [d.day, d.messages, d.joins, d.leaves]),
      [['2026-03-02', 1, 1, 1]]);
    assert.deepEqual(snap.sources.filter((x) => x.platform_group_id === 'g1').map((x) => [x.source, x.joins]), [['post', 1], ['qr_code', 1], ['referral', 1]]);
    assert.deepEqual(snap.active.map((a) => [a.platform_group_id, a.day, a.members]), [['g1', '2026-03-02', 2], ['g2', '2026-03-02', 1], ['g3', '2026-03-02', 1]]);
  });

  test('duplicated and reordered deliveries, in any batching, have exactly one effect', async () => {
    const { db } = ctx();
    const reference = await scope('in-order');
    await ingestBatch(db, reference, scenario(), new IdentityCache());
    const expected = await snapshot(db, reference.workspaceId);
    for (const seed of [1, 2, 3]) {
      const s = await scope(`shuffled-${seed}`);
      const rnd = seeded(seed);
      const events = scenario();
      // every event delivered twice or three times, all shuffled, in batches of random size
      const deliveries = [...events, ...events, ...events.filter(() => rnd() < 0.5)];
      for (let i = deliveries.length - 1; i > 0; i--) {
        const j = Math.floor(rnd() * (i + 1));
        [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
      }
      const cache = new IdentityCache();
      let stored = 0, duplicates = 0;
      for (let i = 0; i < deliveries.length;) {
        const n = 1 + Math.floor(rnd() * 7);
        const r = await ingestBatch(db, s, deliveries.slice(i, i + n), cache);
        stored += r.stored; duplicates += r.duplicates;
        i += n;
      }
      assert.equal(stored, events.length);
      assert.equal(duplicates, deliveries.length - events.length);
      assert.deepEqual(await snapshot(db, s.workspaceId), expected, `seed ${seed}`);
    }
  });

  test('a member already stored takes a newer name, never an older one, known to the process or not', async () => {
    const { db } = ctx();
    const s = await scope('names');
    const at = (m: number) => new Date(Date.UTC(2026, 2, 2, 10, m)).toISOString();
    const cache = new IdentityCache();
    const name = async () => (await db.query<{ n: string; i: string; bot: boolean }>(
      `select m.display_name as n, i.display_name as i, i.is_bot as bot from member_identities i join members m on m.workspace_id = i.workspace_id and m.id = i.member_id
       where i.workspace_id = $1 and i.platform_user_id = 'carol'`, [s.workspaceId]))[0];
    await ingestBatch(db, s, [{ type: 'join', eventId: 'n1', occurredAt: at(10), groupId: 'g1', userId: 'carol', name: 'Carol' }], cache);
    assert.deepEqual(await name(), { n: 'Carol', i: 'Carol', bot: false });
    await ingestBatch(db, s, [
      { type: 'member_profile', eventId: 'n2', occurredAt: at(20), groupId: 'g1', userId: 'carol', name: 'Carol 王', isBot: true },
      { type: 'member_profile', eventId: 'n3', occurredAt: at(15), groupId: 'g1', userId: 'carol', name: 'Carol (old)' },
    ], cache);
    assert.deepEqual(await name(), { n: 'Carol 王', i: 'Carol 王', bot: true }, 'the latest of the batch');
    // A process that never saw carol (another ingest process, or after a restart).
    await ingestBatch(db, s, [{ type: 'join', eventId: 'n4', occurredAt: at(5), groupId: 'g2', userId: 'carol', name: 'Carol (older)' }], new IdentityCache());
    assert.equal((await name())!.n, 'Carol 王', 'an older join changes nothing');
    await ingestBatch(db, s, [{ type: 'join', eventId: 'n5', occurredAt: at(30), groupId: 'g2', userId: 'carol', name: 'Carol 2' }], new IdentityCache());
    assert.deepEqual(await name(), { n: 'Carol 2', i: 'Carol 2', bot: true }, 'a newer join renames; isBot unsaid is kept');
  });

  test('a malformed event is dead-lettered with its reason and the rest of its batch is stored', async () => {
    const { db } = ctx();
    const s = await scope('malformed');
    const good = scenario().slice(0, 6);
    const batch = [good[0], { type: 'message', eventId: 'bad1', groupId: 'g1', occurredAt: 'not a time', userId: 'x' }, ...good.slice(1), 'garbage', { type: 'message', eventId: 'nul', occurredAt: good[0]!.occurredAt, groupId: 'g1', messageId: 'n\u0000', userId: 'x', text: 'ab' }];
    const r = await ingestBatch(db, s, batch, new IdentityCache());
    assert.equal(r.stored, 6);
    assert.deepEqual(r.rejected.map((x) => [x.index, x.eventId]), [[1, 'bad1'], [7, undefined], [8, 'nul']]);
    assert.match(r.rejected[0]!.reason, /occurredAt/);
    assert.match(r.rejected[0]!.reason, /messageId/);
    assert.match(r.rejected[2]!.reason, /NUL/);
    const dead = await db.query<{ reason: string; raw: unknown }>('select reason, raw from dead_letters where workspace_id = $1 order by id', [s.workspaceId]);
    assert.equal(dead.length, 3);
    assert.equal((dead[0]!.raw as { eventId: string }).eventId, 'bad1');
    assert.equal(dead[1]!.raw, 'garbage');
    assert.equal((await snapshot(db, s.workspaceId)).log[0]!.n, 6);
  });

  test("a platform's text with NUL or lone surrogates is stored cleaned; an id with them is dead-lettered, its raw kept well-formed (issue #11)", async () => {
    const { db } = ctx();
    const s = await scope('odd-text');
    const at = '2026-03-02T10:00:00.000Z';
    const batch = [
      { type: 'group_created', eventId: 'o1', occurredAt: at, groupId: 'g1', name: 'Club\u0000 \uD800' },
      { type: 'join', eventId: 'o2', occurredAt: at, groupId: 'g1', userId: 'u1', name: 'Ann\uDFFF', via: { source: 'po\u0000st' } },
      { type: 'message', eventId: 'o3', occurredAt: at, groupId: 'g1', messageId: 'm1', userId: 'u1', text: 'a\u0000b \uD83D end 😀' },
      { type: 'reaction', eventId: 'o4', occurredAt: at, groupId: 'g1', messageId: 'm1', userId: 'u1', emoji: '\uD83D' },
      { type: 'message', eventId: 'o5\uD800', occurredAt: at, groupId: 'g1', messageId: 'm2', userId: 'u1', text: 'lost' },
      { type: 'message', eventId: 'o6', occurredAt: at, groupId: 'g1', messageId: 'm3', userId: 'u\u0000', text: 'lost' },
    ];
    const r = await ingestBatch(db, s, batch, new IdentityCache());
    assert.equal(r.stored, 4);
    assert.deepEqual(r.rejected.map((x) => x.index), [4, 5]);
    for (const x of r.rejected) assert.match(x.reason, /NUL|surrogate/);
    const payloads = await db.query<{ id: string; p: Record<string, unknown> }>(
      'select platform_event_id as id, payload as p from events where workspace_id = $1 order by seq', [s.workspaceId]);
    assert.deepEqual(payloads.map((e) => [e.id, e.p.name ?? e.p.text ?? e.p.emoji]), [['o1', 'Club \uFFFD'], ['o2', 'Ann\uFFFD'], ['o3', 'ab \uFFFD end 😀'], ['o4', '\uFFFD']]);
    assert.deepEqual(payloads[1]!.p.via, { source: 'post' });
    const dead = await db.query<{ raw: { eventId: string; userId: string } }>('select raw from dead_letters where workspace_id = $1 order by id', [s.workspaceId]);
    assert.deepEqual(dead.map((d) => [d.raw.eventId, d.raw.userId]), [['o5\uFFFD', 'u1'], ['o6', 'u']]);
  });

  test('any text in any field of any event: the batch is stored or dead-lettered, never refused by the database (fast-check, fixed seed)', async () => {
    const { db } = ctx();
    const s = await scope('any-text');
    const odd = fc.constantFrom('\u0000', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '😀', '\u202E', '\uFEFF', '"', '\\', "'", '%', 'a', '中');
    const str = fc.oneof(fc.string({ unit: odd, minLength: 0, maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 12 }));
    const at = '2026-03-02T10:00:00.000Z';
    let n = 0;
    const event = fc.tuple(fc.constantFrom('group_created', 'join', 'message', 'edit', 'reaction', 'member_profile'), str, str, str, str)
      .map(([type, a, b, c, d]) => {
        const id = `any-${++n}`;
        switch (type) {
          case 'group_created': return { type, eventId: id, occurredAt: at, groupId: a || 'g', name: b };
          case 'join': return { type, eventId: id, occurredAt: at, groupId: 'g', userId: a || 'u', name: b, via: { source: c || 's', inviteCode: d || 'i' } };
          case 'message': return { type, eventId: id, occurredAt: at, groupId: 'g', messageId: a || 'm', userId: 'u', name: b, text: c, mentions: [d || 'x'] };
          case 'edit': return { type, eventId: id, occurredAt: at, groupId: 'g', messageId: 'm', userId: 'u', text: a };
          case 'reaction': return { type, eventId: id, occurredAt: at, groupId: 'g', messageId: 'm', userId: b || 'u', emoji: a };
          default: return { type, eventId: `${id}${d}`, occurredAt: at, groupId: 'g', userId: 'u', name: a };
        }
      });
    await fc.assert(fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 8 }), async (batch) => {
      const r = await ingestBatch(db, s, batch, new IdentityCache());
      assert.equal(r.stored + r.duplicates + r.rejected.length, batch.length);
    }), { seed: 11, numRuns: 40 });
  });

  test('a batch that fails in the database leaves nothing behind and ids are not cached', async () => {
    const { db } = ctx();
    const s = await scope('rollback');
    const cache = new IdentityCache();
    // The database refuses the last event, after groups, members and the other events were written.
    const allow = await refuseEvents(db, 'rollback-boom');
    const boom = { type: 'message', eventId: 'rollback-boom', occurredAt: '2026-03-02T10:00:00.000Z', groupId: 'g1', messageId: 'mb', userId: 'zed', text: 'x' };
    await assert.rejects(ingestBatch(db, s, [...scenario(), boom], cache), /rollback-boom refused/);
    await allow();
    const snap = await snapshot(db, s.workspaceId);
    assert.equal(snap.log[0]!.n, 0);
    assert.equal(snap.groups.length, 0);
    assert.equal(snap.members.length, 0);
    const r = await ingestBatch(db, s, scenario(), cache);
    assert.equal(r.stored, 17);
    assert.equal((await snapshot(db, s.workspaceId)).members.length, 3);
  });
});
