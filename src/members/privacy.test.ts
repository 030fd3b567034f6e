/**
 * Export and erasure of a member's data (src/members/privacy.ts), on both engines, through the API:
 * the export holds each kind of data of a member with identities on two platforms; the erasure
 * leaves no trace of their names and texts anywhere in the database, keeps every figure, survives a
 * rollup rebuild and a re-delivery; both need owner or admin, stay in the workspace and are audited.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signedIn, type Client } from '../../test/support/auth.ts';
import { seedCommunity, type Community } from '../../test/support/community.ts';
import { forEachEngine } from '../../test/support/engines.ts';
import { testServer } from '../../test/support/server.ts';
import { recordAudit } from '../audit/record.ts';
import type { Queryable } from '../db/database.ts';
import type { PlatformEventInput } from '../events/envelope.ts';
import { IdentityCache, ingestBatch } from '../events/ingest.ts';
import { rebuildRollups } from '../events/rollups.ts';
import { ensurePlatformAccount } from '../workspaces/workspaces.ts';
import { erasedToken, identityHash } from '../events/erased.ts';
import { eraseMember, exportMember } from './privacy.ts';

const NAME = 'Quixotica';
const WORD = 'xylophonist';
const UID = 'zoe-q7', TG_UID = 'tg-777331';
const ZONE = 'Asia/Shanghai';

/** Rows of every table of the database whose text (all columns) contains the needle. */
async function traces(db: Queryable, needle: string): Promise<string[]> {
  const tables = await db.query<{ s: string; t: string }>(
    `select table_schema as s, table_name as t from information_schema.tables
     where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema') order by 1, 2`);
  const hits: string[] = [];
  for (const { s, t } of tables) {
    const rows = await db.query<{ row: string }>(`select x::text as row from "${s}"."${t}" x where x::text ilike $1`, [`%${needle}%`]);
    hits.push(...rows.map((r) => `${s}.${t}: ${r.row.slice(0, 200)}`));
  }
  return hits;
}

forEachEngine('member export and erasure', (ctx) => {
  let server: Awaited<ReturnType<typeof testServer>>;
  let c: Community;
  let owner: Client, admin: Client, viewer: Client, operator: Client, otherOwner: Client;
  let tgAccount: number;
  let zoe: number, yann: number;
  const warm = new IdentityCache();
  const at = (daysAgo: number, minute: number) => new Date(Date.now() - daysAgo * 86_400_000 + minute * 1000).toISOString();
  const sandbox = () => ({ workspaceId: c.workspaceId, accountId: c.accountId, timezone: ZONE });
  const telegram = () => ({ workspaceId: c.workspaceId, accountId: tgAccount, timezone: ZONE });
  const ingest = async (scope: ReturnType<typeof sandbox>, events: PlatformEventInput[], cache = warm) => {
    const r = await ingestBatch(ctx().db, scope, events, cache);
    assert.deepEqual(r.rejected, []);
    return r;
  };
  const msg = (id: string, uid: string, text: string, daysAgo: number, minute: number, extra: object = {}): PlatformEventInput =>
    ({ type: 'message', eventId: id, occurredAt: at(daysAgo, minute), groupId: 'g-a', messageId: id, userId: uid, text, ...extra });

  before(async () => {
    const db = ctx().db;
    c = await seedCommunity(db, 'privacy');
    const other = await seedCommunity(db, 'privacy-other');
    server = await testServer(db);
    owner = await signedIn(server.app, db, c.workspaceId, 'owner');
    admin = await signedIn(server.app, db, c.workspaceId, 'admin');
    viewer = await signedIn(server.app, db, c.workspaceId, 'viewer');
    operator = await signedIn(server.app, db, c.workspaceId, 'operator');
    otherOwner = await signedIn(server.app, db, other.workspaceId, 'owner');
    await db.query(
      `insert into invite_links (workspace_id, group_id, account_id, code, url, source, name) values ($1, $2, $3, 'code-1', 'https://t.me/+code-1', 'poster', 'Spring poster')`,
      [c.workspaceId, c.groups['g-a'], c.accountId]);
    await ingest(sandbox(), [
      // The join's id carries the user id, as WeCom's do.
      { type: 'join', eventId: `wc:join:g-a:${UID}:1`, occurredAt: at(3, 0), groupId: 'g-a', userId: UID, name: `Zoë ${NAME}`, via: { source: 'invite_link', inviteCode: 'code-1', inviterId: 'carol' } },
      msg('z1', UID, `the ${WORD} plays`, 2, 1, { name: `Zoë ${NAME}` }),
      msg('z2', UID, `a second ${WORD} note`, 2, 1, { mentions: ['bob'] }),
      msg('z3', UID, `third ${WORD}`, 1, 5),
      msg('b1', 'bob', 'hello there', 1, 6, { mentions: [UID, 'alice'] }),
      { type: 'edit', eventId: 'z2-edit', occurredAt: at(1, 7), groupId: 'g-a', messageId: 'z2', userId: UID, text: `edited ${WORD}` },
      { type: 'reaction', eventId: 'z-react', occurredAt: at(1, 8), groupId: 'g-a', messageId: 'b1', userId: UID, emoji: '🎻' },
      { type: 'member_profile', eventId: 'z-prof', occurredAt: at(1, 9), groupId: 'g-a', userId: UID, name: `Zoë ${NAME} the ${WORD}` },
      { type: 'join', eventId: 'y-join', occurredAt: at(1, 10), groupId: 'g-b', userId: 'yann', name: 'Yann', via: { source: 'referral', inviterId: UID } },
      { type: 'join_request', eventId: 'z-req', occurredAt: at(1, 11), groupId: 'g-c', userId: UID, name: NAME },
    ]);
    // A malformed event of theirs, dead-lettered with its raw body.
    const bad = await ingestBatch(db, sandbox(), [{ type: 'message', eventId: 'z-bad', occurredAt: at(1, 12), groupId: 'g-a', userId: UID, text: WORD }], warm);
    assert.equal(bad.rejected.length, 1);
    zoe = (await db.query<{ id: number }>('select member_id as id from member_identities where workspace_id = $1 and platform_user_id = $2', [c.workspaceId, UID]))[0]!.id;
    yann = (await db.query<{ id: number }>('select member_id as id from member_identities where workspace_id = $1 and platform_user_id = $2', [c.workspaceId, 'yann']))[0]!.id;
    // The same person on Telegram, linked to the member.
    tgAccount = (await ensurePlatformAccount(db, c.workspaceId, 'telegram', 'bot-privacy-tg', 'tg bot')).id;
    await db.query(`insert into member_identities (workspace_id, account_id, platform_user_id, member_id, display_name) values ($1, $2, $3, $4, $5)`,
      [c.workspaceId, tgAccount, TG_UID, zoe, `${NAME} TG`]);
    await ingest(telegram(), [
      { type: 'group_created', eventId: 'tg-g', occurredAt: at(4, 0), groupId: 'tg-group', name: 'TG group', ownerId: TG_UID },
      { type: 'join', eventId: 'tg-j', occurredAt: at(3, 1), groupId: 'tg-group', userId: TG_UID, name: `${NAME} TG` },
      { type: 'message', eventId: 'tg-m', occurredAt: at(2, 2), groupId: 'tg-group', messageId: '77', userId: TG_UID, text: `${WORD} on telegram` },
    ]);
    await owner.send('PUT', `/api/members/${zoe}/tags`, { tags: ['quixotic-fan'] });
    // Operators' actions about them: a kick in a group, a bulk tag of several members.
    await recordAudit(db, { workspaceId: c.workspaceId, userId: operator.userId, ip: '127.0.0.1' },
      { action: 'group.member.kick', target: `group:${c.groups['g-a']}`, detail: { member: zoe } });
    await owner.send('POST', '/api/members/bulk-tag', { ids: [c.members['bob']!, zoe], add: ['cohort-2'], remove: [] });
  });
  after(async () => { await server.close(); });

  test('the export holds the member, both identities, memberships with attribution, tags, messages, events and audit', async () => {
    const res = await admin.inject({ url: `/api/members/${zoe}/export` });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.headers['content-type'] as string, /application\/json/);
    assert.match(res.headers['content-disposition'] as string, new RegExp(`attachment; filename="member-${zoe}.json"`));
    const doc = res.json();
    assert.equal(doc.format, 'qunyun.member-export/1');
    assert.equal(doc.workspace.id, c.workspaceId);
    assert.deepEqual([doc.member.id, doc.member.name, doc.member.erasedAt], [zoe, `${NAME} TG`, null]);
    assert.deepEqual(doc.identities.map((i: { platform: string; platformUserId: string }) => [i.platform, i.platformUserId]).sort(),
      [['sandbox', UID], ['telegram', TG_UID]]);
    assert.deepEqual(doc.tags.map((t: { tag: string }) => t.tag), ['cohort-2', 'quixotic-fan']);
    const ga = doc.memberships.find((m: { groupId: number }) => m.groupId === c.groups['g-a']);
    assert.deepEqual([ga.active, ga.source, ga.inviteCode, ga.inviterMemberId, ga.inviteLink.name, ga.inviteLink.source],
      [true, 'invite_link', 'code-1', c.members['carol'], 'Spring poster', 'poster']);
    assert.equal(doc.memberships.length, 2, 'g-a and the Telegram group');
    assert.deepEqual(doc.referrals, [{ groupId: c.groups['g-b'], joins: 1 }]);
    const texts = doc.messages.map((m: { text: string }) => m.text);
    assert.deepEqual(texts, [`the ${WORD} plays`, `edited ${WORD}`, `${WORD} on telegram`, `third ${WORD}`]);
    const edited = doc.messages.find((m: { platformMessageId: string }) => m.platformMessageId === 'z2');
    assert.deepEqual([edited.originalText, edited.mentions], [`a second ${WORD} note`, ['bob']]);
    assert.deepEqual(doc.events.map((e: { type: string }) => e.type).sort(), ['edit', 'join', 'join', 'join_request', 'member_profile', 'reaction']);
    assert.ok(doc.audit.some((a: { action: string; detail: { tags: string[] } }) => a.action === 'member.tags.set' && a.detail.tags[0] === 'quixotic-fan'));
    assert.deepEqual(doc.audit.map((a: { action: string }) => a.action), ['member.tags.set', 'group.member.kick', 'member.tags.bulk', 'member.export'] /* this very export */);
    assert.deepEqual(doc.counts, { messages: 4, events: 6 });
    // Audited by id, by whom.
    const [entry] = await ctx().db.query<{ actor_user_id: number; target: string; detail: unknown }>(
      `select actor_user_id, target, detail from audit_log where action = 'member.export' order by id desc limit 1`);
    assert.deepEqual(entry, { actor_user_id: admin.userId, target: `member:${zoe}`, detail: null });
  });

  test('the export reads messages in pages, none twice or lost when times tie', async () => {
    const whole = async (page: number) => {
      let text = '';
      for await (const chunk of await exportMember(ctx().db, { workspaceId: c.workspaceId, userId: owner.userId, ip: '' }, zoe, { pageSize: page })) text += chunk;
      return JSON.parse(text);
    };
    const one = await whole(1), many = await whole(1000);
    assert.deepEqual(one.messages, many.messages);
    assert.deepEqual(one.events, many.events);
    assert.equal(one.messages.length, 4);
  });

  test('viewers and operators may not export or erase (403); another workspace gets 404', async () => {
    for (const client of [viewer, operator]) {
      assert.equal((await client.inject({ url: `/api/members/${zoe}/export` })).statusCode, 403);
      assert.equal((await client.inject({ method: 'POST', url: `/api/members/${zoe}/erase`, payload: { confirm: 'ERASE' } })).statusCode, 403);
    }
    assert.equal((await otherOwner.inject({ url: `/api/members/${zoe}/export` })).statusCode, 404);
    assert.equal((await otherOwner.inject({ method: 'POST', url: `/api/members/${zoe}/erase`, payload: { confirm: 'ERASE' } })).statusCode, 404);
    const unconfirmed = await owner.inject({ method: 'POST', url: `/api/members/${zoe}/erase`, payload: { confirm: 'yes' } });
    assert.equal(unconfirmed.statusCode, 400);
    assert.equal(unconfirmed.json().issues[0].path, 'body.confirm');
    assert.equal((await ctx().db.query('select 1 from members where id = $1 and erased_at is null', [zoe])).length, 1, 'nothing erased');
  });

  test('erasure leaves no name or text, keeps every figure (also after a rebuild), and is audited', async () => {
    const db = ctx().db;
    assert.ok((await traces(db, NAME)).length > 0 && (await traces(db, WORD)).length > 0, 'the probe finds them before');
    const figures = async () => {
      const overview = await owner.get('/api/overview');
      const groups = await owner.get('/api/groups?limit=100');
      const details = [];
      for (const g of Object.values(c.groups)) {
        const d = await owner.get(`/api/groups/${g}`);
        details.push({ ...d, topMembers: d.topMembers.map((m: { id: number; messages: number }) => [m.id, m.messages]),
          recentMessages: d.recentMessages.map((m: { id: number; member: { id: number }; sentAt: string; kind: string }) => [m.id, m.member.id, m.sentAt, m.kind]) });
      }
      const members = (await owner.get('/api/members?limit=100')).items.map((m: { id: number; groups: number; messages30d: number; lastActiveAt: string }) => [m.id, m.groups, m.messages30d, m.lastActiveAt])
        .sort((a: number[], b: number[]) => a[0]! - b[0]!);
      return { overview, groups, details, members };
    };
    const rollups = async () => ({
      groupDaily: await db.query('select * from group_daily where workspace_id = $1 order by group_id, day', [c.workspaceId]),
      sources: await db.query('select * from group_join_sources where workspace_id = $1 order by group_id, day, source', [c.workspaceId]),
      workspaceDaily: await db.query('select * from workspace_daily where workspace_id = $1 order by day', [c.workspaceId]),
      sizes: await db.query('select id, member_count from groups where workspace_id = $1 order by id', [c.workspaceId]),
      members: await db.query<{ n: number }>('select count(*)::int as n from members where workspace_id = $1', [c.workspaceId]),
    });
    const before = { figures: await figures(), rollups: await rollups() };

    const erased = await admin.send('POST', `/api/members/${zoe}/erase`, { confirm: 'ERASE' });
    assert.equal(erased.id, zoe);
    assert.match(erased.name, /^erased member #[0-9a-f]{8}$/);
    assert.deepEqual([erased.identities, erased.messages, erased.events, erased.tags], [2, 4, 10, 2]);

    for (const needle of [NAME, WORD, UID, TG_UID, 'quixotic-fan', '🎻']) assert.deepEqual(await traces(db, needle), [], needle);
    assert.deepEqual(await figures(), before.figures);
    assert.deepEqual(await rollups(), before.rollups);
    await rebuildRollups(db, { workspaceId: c.workspaceId });
    assert.deepEqual(await rollups(), before.rollups, 'a rebuild from the scrubbed log gives the same rollups');

    // The placeholder: no identities, tags or texts; its counts and groups stay.
    const profile = await owner.get(`/api/members/${zoe}`);
    assert.deepEqual([profile.name, profile.identities, profile.tags], [erased.name, [], []]);
    assert.ok(profile.timeline.every((t: { text?: string }) => t.text === undefined));
    const exported = await owner.get(`/api/members/${zoe}/export`);
    assert.deepEqual([exported.identities, exported.tags, exported.messages.length, exported.messages[0].text], [[], [], 4, null]);
    assert.equal(typeof exported.member.erasedAt, 'string');

    const [entry] = await db.query<{ actor_user_id: number; target: string; detail: Record<string, number> }>(
      `select actor_user_id, target, detail from audit_log where action = 'member.erase'`);
    assert.deepEqual(entry, { actor_user_id: admin.userId, target: `member:${zoe}`, detail: { identities: 2, messages: 4, events: 10, tags: 2 } });
    const again = await owner.inject({ method: 'POST', url: `/api/members/${zoe}/erase`, payload: { confirm: 'ERASE' } });
    assert.equal(again.statusCode, 409);
    // No tags again: refused for the one, left out of a bulk change.
    assert.equal((await owner.inject({ method: 'PUT', url: `/api/members/${zoe}/tags`, payload: { tags: ['again'] } })).statusCode, 409);
    assert.deepEqual(await owner.send('POST', '/api/members/bulk-tag', { ids: [zoe, c.members['bob']!], add: ['again'], remove: [] }), { updated: 1 });
    assert.deepEqual((await owner.get(`/api/members/${zoe}`)).tags, []);
    // The referral is still theirs, to the placeholder.
    assert.equal((await db.query<{ inviter: number }>('select inviter_member_id as inviter from memberships where member_id = $1', [yann]))[0]!.inviter, zoe);
  });

  test('after erasure, a re-delivered or re-imported event changes nothing; a new one is stored without text, on the placeholder', async () => {
    const db = ctx().db;
    const count = async () => (await db.query<{ n: number }>('select count(*)::int as n from members where workspace_id = $1', [c.workspaceId]))[0]!.n;
    const members = await count();
    const daily = async () => db.query('select * from workspace_daily where workspace_id = $1 order by day', [c.workspaceId]);
    const before = await daily();
    // Re-delivered, with a warm cache (the process that knew them) and a cold one (after a restart).
    for (const cache of [warm, new IdentityCache()]) {
      const r = await ingest(sandbox(), [
        { type: 'join', eventId: `wc:join:g-a:${UID}:1`, occurredAt: at(3, 0), groupId: 'g-a', userId: UID, name: `Zoë ${NAME}`, via: { source: 'invite_link', inviteCode: 'code-1', inviterId: 'carol' } },
        msg('z1', UID, `the ${WORD} plays`, 2, 1, { name: `Zoë ${NAME}` }),
        { type: 'member_profile', eventId: 'z-prof', occurredAt: at(1, 9), groupId: 'g-a', userId: UID, name: `Zoë ${NAME} the ${WORD}` },
      ], cache);
      assert.deepEqual([r.stored, r.duplicates], [0, 3]);
      const tg = await ingest(telegram(), [{ type: 'message', eventId: 'tg-m', occurredAt: at(2, 2), groupId: 'tg-group', messageId: '77', userId: TG_UID, text: `${WORD} on telegram` }], cache);
      assert.deepEqual([tg.stored, tg.duplicates], [0, 1]);
    }
    assert.deepEqual(await daily(), before);
    for (const needle of [NAME, WORD, UID, TG_UID]) assert.deepEqual(await traces(db, needle), [], needle);

    // New events of theirs: counted, on the placeholder, anonymous; a mention of them names the token.
    await ingest(sandbox(), [
      msg('z-new', UID, `${WORD} is back`, 0, 1, { name: NAME }),
      msg('b-new', 'bob', 'welcome back', 0, 2, { mentions: [UID] }),
      { type: 'member_profile', eventId: 'z-prof-2', occurredAt: at(0, 3), groupId: 'g-a', userId: UID, name: `${NAME} again` },
    ], new IdentityCache());
    // A malformed one is dead-lettered without its body.
    const bad = await ingestBatch(db, sandbox(), [{ type: 'message', eventId: 'z-bad-2', occurredAt: at(0, 4), groupId: 'g-a', userId: UID, text: `${WORD} ${NAME}` }], warm);
    assert.equal(bad.rejected.length, 1);
    assert.equal(await count(), members, 'no member was created');
    const [stored] = await db.query<{ member_id: number; payload: Record<string, unknown> }>(
      `select member_id, payload from events where workspace_id = $1 and message_id = 'z-new'`, [c.workspaceId]);
    assert.equal(stored!.member_id, zoe);
    assert.equal(stored!.payload.text, undefined);
    assert.match(String(stored!.payload.userId), /^erased:[0-9a-f]{16}$/);
    const [mention] = await db.query<{ payload: { mentions: string[] } }>(`select payload from events where workspace_id = $1 and message_id = 'b-new'`, [c.workspaceId]);
    assert.deepEqual(mention!.payload.mentions, [stored!.payload.userId]);
    for (const needle of [NAME, WORD, UID]) assert.deepEqual(await traces(db, needle), [], needle);
    const profile = await owner.get(`/api/members/${zoe}`);
    assert.match(profile.name, /^erased member #/);
  });

  test('an erasure that fails part-way changes nothing', async () => {
    const db = ctx().db;
    // Rewriting their event id would collide with an existing one: the statement fails late.
    const token = erasedToken(identityHash(c.workspaceId, c.accountId, 'dup-u'));
    await ingest(sandbox(), [
      msg('m:dup-u', 'dup-u', `unique ${WORD}`, 0, 4, { name: 'Dupont' }),
      msg(`m:${token}`, 'bob', 'a colliding id', 0, 5),
    ]);
    const id = (await db.query<{ id: number }>('select member_id as id from member_identities where workspace_id = $1 and platform_user_id = $2', [c.workspaceId, 'dup-u']))[0]!.id;
    await db.query(`insert into member_tags (workspace_id, member_id, tag) values ($1, $2, 'keep-me')`, [c.workspaceId, id]);
    const state = async () => ({
      member: await db.query('select * from members where workspace_id = $1 and id = $2', [c.workspaceId, id]),
      identities: await db.query('select * from member_identities where workspace_id = $1 and member_id = $2', [c.workspaceId, id]),
      tags: await db.query('select tag from member_tags where workspace_id = $1 and member_id = $2', [c.workspaceId, id]),
      events: await db.query('select platform_event_id, payload from events where workspace_id = $1 and member_id = $2 order by seq', [c.workspaceId, id]),
      erased: await db.query('select * from erased_identities where workspace_id = $1 and member_id = $2', [c.workspaceId, id]),
      audit: await db.query<{ n: number }>(`select count(*)::int as n from audit_log where workspace_id = $1 and action = 'member.erase'`, [c.workspaceId]),
    });
    const before = await state();
    await assert.rejects(eraseMember(db, { workspaceId: c.workspaceId, userId: owner.userId, ip: '' }, id), /duplicate key/);
    assert.deepEqual(await state(), before);
  });
});
