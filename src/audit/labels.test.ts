/**
 * The audit view in words (issue #12 item 2): the audit list names what each entry acted on —
 * group, member, user, account, a list of groups — by its current name, resolved on the server
 * within the entry's workspace; the member of a group action and the assignee of group.assign too.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../test/support/engines.ts';
import { seedCommunity } from '../../test/support/community.ts';
import { ensureWorkspace } from '../workspaces/workspaces.ts';
import { listAudit, recordAudit } from './record.ts';
import { parseTarget } from './labels.ts';

test('targets are parsed by kind; keys that name nothing storable are not', () => {
  assert.deepEqual(parseTarget('groups:1,2,x,3'), { kind: 'group', ids: [1, 2, 3] });
  assert.deepEqual(parseTarget('member:81'), { kind: 'member', ids: [81] });
  assert.equal(parseTarget('route:/api/x'), null);
  assert.equal(parseTarget('telegram-bot:123'), null);
  assert.equal(parseTarget('member:'), null);
});

forEachEngine('audit labels', (ctx) => {
  test('targets and the members and assignees in details are named; others and the unknown are null', async () => {
    const { db } = ctx();
    const c = await seedCommunity(db, 'audit-labels');
    const other = await seedCommunity(db, 'audit-labels-other');
    const [ada] = await db.query<{ id: number }>(`insert into users (email, name, password_hash) values ('ada@example.com', 'Ada Staff', 'x') returning id`);
    await db.query(`insert into workspace_staff (workspace_id, user_id, role) values ($1, $2, 'operator')`, [c.workspaceId, ada!.id]);
    const actor = { workspaceId: c.workspaceId, userId: Number(ada!.id), ip: '127.0.0.1' };
    const ga = c.groups['g-a']!, gb = c.groups['g-b']!, gc = c.groups['g-c']!;
    const alice = c.members.alice!;
    await recordAudit(db, actor, { action: 'group.member.kick', target: `group:${ga}`, detail: { member: alice } });
    await recordAudit(db, actor, { action: 'member.tags.set', target: `member:${alice}`, detail: { tags: ['x'] } });
    await recordAudit(db, actor, { action: 'staff.role.set', target: `user:${ada!.id}`, detail: { from: 'viewer', to: 'operator' } });
    await recordAudit(db, actor, { action: 'group.assign', target: `groups:${ga},${gb},${gc},${ga}`, detail: { value: Number(ada!.id), updated: 3 } });
    await recordAudit(db, actor, { action: 'account.update', target: `account:${c.accountId}`, detail: { enabled: false } });
    // another workspace's group and member: never named here
    await recordAudit(db, actor, { action: 'group.member.mute', target: `group:${other.groups['g-a']!}`, detail: { member: other.members.alice!, minutes: 5 } });
    await recordAudit(db, actor, { action: 'access.denied', target: 'route:/api/staff' });

    const { items } = await listAudit(db, c.workspaceId, { limit: 20, offset: 0 });
    const by = (action: string) => items.find((e) => e.action === action)!;
    const names = await db.query<{ id: number; name: string }>('select id, name from groups where workspace_id = $1 order by id', [c.workspaceId]);
    const groupName = (id: number) => names.find((g) => Number(g.id) === id)!.name;
    const [aliceRow] = await db.query<{ name: string }>('select display_name as name from members where workspace_id = $1 and id = $2', [c.workspaceId, alice]);
    const [account] = await db.query<{ name: string }>('select name from platform_accounts where id = $1', [c.accountId]);

    assert.equal(by('group.member.kick').targetLabel, groupName(ga));
    assert.equal(by('group.member.kick').memberLabel, aliceRow!.name);
    assert.equal(by('member.tags.set').targetLabel, aliceRow!.name);
    assert.equal(by('staff.role.set').targetLabel, 'Ada Staff');
    assert.equal(by('group.assign').targetLabel, `${groupName(ga)}, ${groupName(gb)}, ${groupName(gc)} +1`);
    assert.equal(by('group.assign').assigneeLabel, 'Ada Staff');
    assert.equal(by('account.update').targetLabel, account!.name);
    assert.equal(by('group.member.mute').targetLabel, null, "another workspace's group is not named");
    assert.equal(by('group.member.mute').memberLabel, null, "another workspace's member is not named");
    assert.equal(by('access.denied').targetLabel, null);

    // a user who is no one's colleague here is not named
    // The member of any action is named (a campaign's new participant, a member linked to another), and every kind of target stored by id.
    const bob = c.members.bob!;
    const [ban] = await db.query<{ id: number }>(`insert into moderation_bans (workspace_id, member_id, reason, source) values ($1, $2, '广告', 'manual') returning id`, [c.workspaceId, bob]);
    await recordAudit(db, actor, { action: 'campaign.participant', target: 'campaign:999999', detail: { member: alice } });
    await recordAudit(db, actor, { action: 'member.link', target: `member:${bob}`, detail: { member: alice, linked: 2 } });
    await recordAudit(db, actor, { action: 'moderation.unban', target: `moderation-ban:${ban!.id}`, detail: null });
    const { items: more } = await listAudit(db, c.workspaceId, { limit: 20, offset: 0 });
    const [bobRow] = await db.query<{ name: string }>('select display_name as name from members where workspace_id = $1 and id = $2', [c.workspaceId, bob]);
    const of = (action: string) => more.find((e) => e.action === action)!;
    assert.equal(of('campaign.participant').memberLabel, aliceRow!.name, 'a new participant is named, not “#id”');
    assert.equal(of('member.link').memberLabel, aliceRow!.name);
    assert.equal(of('member.link').targetLabel, bobRow!.name);
    assert.equal(of('moderation.unban').targetLabel, bobRow!.name, 'a ban is named by its member');

    const stranger = await ensureWorkspace(db, 'audit-labels-stranger');
    await recordAudit(db, { workspaceId: stranger.id, userId: null, ip: '' }, { action: 'staff.remove', target: `user:${ada!.id}` });
    const { items: strangers } = await listAudit(db, stranger.id, { limit: 5, offset: 0 });
    assert.equal(strangers[0]!.targetLabel, 'Ada Staff', 'named: the log of that workspace names them');
  });
});
