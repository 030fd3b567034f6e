/**
 * The names of a workspace's things by kind (names.ts), which the audit view and the orders list
 * share: one query per kind whatever the number of ids, only within the workspace, nulls and
 * repeats ignored.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../test/support/engines.ts';
import { seedCommunity } from '../../test/support/community.ts';
import type { Queryable } from '../db/database.ts';
import { namesByKind } from './names.ts';

forEachEngine('names by kind', (ctx) => {
  test('one query per kind asked for, within the workspace; the unknown and another workspace\'s are missing', async () => {
    const { db } = ctx();
    const c = await seedCommunity(db, 'names');
    const other = await seedCommunity(db, 'names-other');
    let queries = 0;
    const counted: Queryable = { query: (text, params) => { queries++; return db.query(text, params); } };
    const [ga, gb] = [c.groups['g-a']!, c.groups['g-b']!];
    const alice = c.members.alice!;
    const names = await namesByKind(counted, c.workspaceId, {
      group: [ga, gb, ga, null, other.groups['g-a']!, 999_999], member: [alice, other.members.alice!], code: [null], campaign: [],
    });
    assert.equal(queries, 2, 'groups and members: one query each; nothing wanted of codes and campaigns');
    const groups = await db.query<{ id: number; name: string }>('select id, name from groups where workspace_id = $1 and id = any($2::bigint[])', [c.workspaceId, [ga, gb]]);
    assert.deepEqual([...names.group.entries()].sort((x, y) => x[0] - y[0]), groups.map((g) => [Number(g.id), g.name]).sort((x, y) => Number(x[0]) - Number(y[0])));
    assert.deepEqual([...names.member.keys()], [alice]);
    assert.equal(names.code.size, 0);
    assert.equal(names.campaign.size, 0);
  });
});
