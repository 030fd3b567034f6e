/**
 * Pushes end to end on both engines: targets resolved (layer, member segment), one delivery per
 * target × channel however often it is created, the announcement recorded `unsupported` with the
 * manual way, reach per channel, response and fatigue from the event log after the post, cancel.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../test/support/engines.ts';
import { ingestScope } from '../../test/support/ingest-scope.ts';
import { RecordingConnector } from '../../test/fakes/recording-connector.ts';
import type { PlatformEventInput } from '../events/envelope.ts';
import { appendBatch, IdentityCache } from '../events/ingest.ts';
import { projectPending } from '../events/projector.ts';
import { dispatchDue } from '../outbox/dispatch.ts';
import { enqueueActions } from '../outbox/outbox.ts';
import { planDeliveries } from './pushes.ts';
import { cancelPush, createPush, deleteLibraryItem, listLibrary, pushReach, pushResponse, saveLibraryItem } from './store.ts';

const T = Date.UTC(2026, 5, 2, 2, 0); // Tuesday 10:00 in Shanghai
const at = (ms: number) => new Date(T + ms).toISOString();

forEachEngine('pushes', (ctx) => {
  test('a push to a layer by group post, announcement and private message: reach, response, fatigue, cancel', async () => {
    const { db } = ctx();
    const s = await ingestScope(db, 'push-e2e');
    const ev = (e: Omit<PlatformEventInput, 'eventId'> & { eventId?: string }, i: number) => ({ eventId: `e${i}`, ...e }) as PlatformEventInput;
    const joins: PlatformEventInput[] = [
      { type: 'join', groupId: 'g0', userId: 'u1', name: '甲', occurredAt: at(-5 * 86_400_000) },
      { type: 'join', groupId: 'g0', userId: 'u2', name: '乙', occurredAt: at(-5 * 86_400_000) },
      { type: 'join', groupId: 'g0', userId: 'u3', name: '丙', occurredAt: at(-5 * 86_400_000) },
      { type: 'join', groupId: 'g1', userId: 'u4', name: '丁', occurredAt: at(-5 * 86_400_000) },
      { type: 'message', groupId: 'g0', userId: 'u1', messageId: 'm0', text: '早', occurredAt: at(-86_400_000) },
    ].map((e, i) => ev(e as PlatformEventInput, i));
    await appendBatch(db, s, joins, new IdentityCache());
    await projectPending(db, s.workspaceId);
    const groups = new Map((await db.query<{ id: number; pid: string }>('select id::int as id, platform_group_id as pid from groups where workspace_id = $1', [s.workspaceId])).map((r) => [r.pid, r.id]));
    await db.query(`update groups set layer = 'premium' where workspace_id = $1 and id = $2`, [s.workspaceId, groups.get('g0')]);
    const members = new Map((await db.query<{ id: number; name: string }>('select id::int as id, display_name as name from members where workspace_id = $1', [s.workspaceId])).map((r) => [r.name, r.id]));
    await db.query(`insert into member_tags (workspace_id, member_id, tag) values ($1, $2, 'vip')`, [s.workspaceId, members.get('乙')]);

    // The library.
    const item = await saveLibraryItem(db, s.workspaceId, { title: '干货', category: 'professional', body: '{name}，{group} 的干货', media: [{ kind: 'link', url: 'https://example.org/x' }], tags: ['weekly'] }, null);
    assert.equal((await listLibrary(db, s.workspaceId, { tag: 'weekly' })).length, 1);

    const input = {
      title: '干货', libraryId: item.id, category: 'professional' as const, body: item.body, media: item.media,
      targets: { layers: ['premium'] }, channels: ['group_post' as const, 'announcement' as const, 'private_message' as const],
      scheduledAt: new Date(T - 1000), guardOverride: null,
    };
    const p = await createPush(db, s.workspaceId, input, null);
    assert.equal(p.deliveries, 1 + 1 + 3, 'post and announcement into g0, a private message to each of its 3 members');
    // The same deliveries enqueued again (a retried request) add nothing.
    const again = planDeliveries({ id: p.id, ...input }, [{ id: groups.get('g0')!, name: 'g0' }], []);
    assert.equal(await db.transaction((tx) => enqueueActions(tx, s.workspaceId, again)), 0);

    // A segment: vip members only.
    const seg = await createPush(db, s.workspaceId, { ...input, title: 'vip', targets: { memberTags: ['vip'] }, channels: ['private_message'] }, null);
    assert.equal(seg.deliveries, 1);

    const c = new RecordingConnector('sandbox');
    const r = await dispatchDue({ db, connector: () => c }, s.workspaceId, { now: () => new Date(T) });
    assert.equal(r.sent, 1 + 3 + 1);
    assert.equal(r.unsupported, 1, 'no connector sets an announcement');
    const post = c.calls.find((x) => x.action === 'sendToGroup')!;
    assert.equal(post.message?.text, '，g0 的干货\nhttps://example.org/x', 'a group post has no member name');
    assert.ok(c.calls.filter((x) => x.action === 'sendToMember').some((x) => x.message?.text.startsWith('乙，g0 的干货')));

    const reach = new Map((await pushReach(db, s.workspaceId, p.id)).map((x) => [x.channel, x]));
    assert.deepEqual([reach.get('group_post')!.sent, reach.get('group_post')!.membersReached], [1, 3]);
    assert.equal(reach.get('private_message')!.membersReached, 3);
    assert.equal(reach.get('announcement')!.unsupported, 1);
    assert.match(reach.get('announcement')!.instead ?? '', /by hand/);

    // After the post: 乙 replies within the hour, 丙 leaves; 甲 (who wrote the day before) stays silent.
    await appendBatch(db, s, [
      { eventId: 'a1', type: 'message', groupId: 'g0', userId: 'u2', messageId: 'm1', text: '收到', occurredAt: at(10 * 60_000) },
      { eventId: 'a2', type: 'leave', groupId: 'g0', userId: 'u3', occurredAt: at(3600_000) },
      { eventId: 'a3', type: 'message', groupId: 'g0', userId: 'u2', messageId: 'm2', text: '晚了', occurredAt: at(5 * 3600_000) },
    ], new IdentityCache());
    await projectPending(db, s.workspaceId);
    const resp = await pushResponse(db, s.workspaceId, p.id);
    assert.equal(resp.responders, 1, 'a message 5 h later is outside the 2 h response window');
    assert.equal(resp.responseRate, 1 / 3);
    assert.equal(resp.leaves, 1);
    assert.deepEqual([resp.silenced, resp.silenceRate], [1, 1]);
    assert.equal(resp.mutes, null);

    // Cancel: what went stays; nothing is queued any more.
    const later = await createPush(db, s.workspaceId, { ...input, title: 'later', scheduledAt: new Date(T + 86_400_000), channels: ['group_post'] }, null);
    assert.deepEqual(await cancelPush(db, s.workspaceId, later.id), { cancelled: 1 });
    assert.equal((await pushReach(db, s.workspaceId, later.id))[0]!.skipped, 1);
    await deleteLibraryItem(db, s.workspaceId, item.id);
    await assert.rejects(createPush(db, s.workspaceId, { ...input, targets: { layers: ['nobody'] } }, null), /reaches nobody/);
  });
});
