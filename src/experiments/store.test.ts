/**
 * A/B tests on both engines: starting an experiment assigns each group by its bucket, snapshots
 * its members, enqueues one post per non-holdout group (with its variant and category) and
 * nothing for holdout groups; a second start is refused; the result counts the members who wrote
 * after the send and gives the verdict.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../test/support/engines.ts';
import { ingestScope } from '../../test/support/ingest-scope.ts';
import type { PlatformEventInput } from '../events/envelope.ts';
import { appendBatch, IdentityCache } from '../events/ingest.ts';
import { projectPending } from '../events/projector.ts';
import { listActions } from '../outbox/outbox.ts';
import { assignArm, HOLDOUT } from './buckets.ts';
import { createExperiment, experimentResult, startExperiment } from './store.ts';

forEachEngine('experiments on the database', (ctx) => {
  test('groups are split by their buckets, holdouts get nothing, responses decide the verdict', async () => {
    const { db } = ctx();
    const s = await ingestScope(db, 'exp-groups');
    const cache = new IdentityCache();
    const t0 = new Date('2026-05-04T12:00:00Z');
    let n = 0;
    const ev = (group: number, user: string, at: Date, type: 'join' | 'message' = 'message'): PlatformEventInput => (type === 'join'
      ? { type: 'join', eventId: `j${++n}`, occurredAt: at.toISOString(), groupId: `g${group}`, userId: user, name: user }
      : { type: 'message', eventId: `m${++n}`, occurredAt: at.toISOString(), groupId: `g${group}`, messageId: `mm${n}`, userId: user, name: user, text: 'hi' }) as PlatformEventInput;
    const before = new Date(t0.getTime() - 86_400_000);
    const joins: PlatformEventInput[] = [];
    for (let g = 1; g <= 12; g++) for (let u = 1; u <= 20; u++) joins.push(ev(g, `u${g}-${u}`, before, 'join'));
    assert.deepEqual((await appendBatch(db, s, joins, cache)).rejected, []);
    await projectPending(db, s.workspaceId);
    const groups = await db.query<{ id: number; pid: string }>('select id, platform_group_id as pid from groups where workspace_id = $1 order by id', [s.workspaceId]);
    assert.equal(groups.length, 12);

    const e = await createExperiment(db, s.workspaceId, {
      name: '海报颜色', holdoutShare: 0.2, category: 'product', windowHours: 24,
      variants: [{ name: 'A', text: '红色海报' }, { name: 'B', text: '蓝色海报' }],
    }, null);
    const counts = await startExperiment(db, s.workspaceId, e.id, { groupIds: groups.map((g) => Number(g.id)) }, t0);
    assert.equal(Object.values(counts).reduce((a, b) => a + b, 0), 12);
    const arms = await db.query<{ unitId: number; arm: string; members: number }>(
      `select unit_id as "unitId", arm, cardinality(member_ids) as members from experiment_assignments where workspace_id = $1 and experiment_id = $2 order by unit_id`, [s.workspaceId, e.id]);
    const arms2 = [{ name: 'A', weight: 1 }, { name: 'B', weight: 1 }];
    for (const a of arms) {
      assert.equal(a.arm, assignArm(e.salt, Number(a.unitId), arms2, 0.2), 'the stored arm is the bucket of the unit');
      assert.equal(a.members, 20);
    }
    const { items } = await listActions(db, s.workspaceId, `experiment:${e.id}`, { limit: 100, offset: 0 });
    const sentTo = new Map(items.map((i) => [i.groupId, i]));
    for (const a of arms) {
      const action = sentTo.get(Number(a.unitId));
      if (a.arm === HOLDOUT) assert.equal(action, undefined, 'a holdout group gets nothing');
      else {
        assert.equal(action?.payload.text, a.arm === 'A' ? '红色海报' : '蓝色海报');
        assert.equal(action?.payload.category, 'product');
        assert.equal(action?.kind, 'post');
      }
    }
    await assert.rejects(startExperiment(db, s.workspaceId, e.id, { groupIds: [Number(groups[0]!.id)] }, t0), /already been started/);

    // In B's groups 10 of 20 members answer within the window; in A's 1; one answer after the window.
    const pidOf = new Map(groups.map((g) => [Number(g.id), Number(g.pid.slice(1))]));
    const answers: PlatformEventInput[] = [];
    for (const a of arms) {
      const g = pidOf.get(Number(a.unitId))!;
      const k = a.arm === 'B' ? 10 : 1;
      for (let u = 1; u <= k; u++) answers.push(ev(g, `u${g}-${u}`, new Date(t0.getTime() + 3_600_000)));
      answers.push(ev(g, `u${g}-20`, new Date(t0.getTime() + 30 * 3_600_000)));
    }
    await appendBatch(db, s, answers, cache);
    await projectPending(db, s.workspaceId);
    const r = await experimentResult(db, s.workspaceId, e.id, new Date(t0.getTime() + 48 * 3_600_000));
    assert.equal(r.complete, true);
    const byArm = Object.fromEntries(r.arms.map((a) => [a.arm, a]));
    const groupsOf = (arm: string) => arms.filter((a) => a.arm === arm).length;
    assert.equal(byArm.A!.responded, groupsOf('A'));
    assert.equal(byArm.B!.responded, groupsOf('B') * 10);
    assert.equal(byArm.B!.reached, groupsOf('B') * 20);
    if (groupsOf('A') >= 2 && groupsOf('B') >= 2) {
      assert.equal(r.verdict?.kind, 'adopt');
      assert.equal(r.verdict?.winner, 'B');
    }
  });

  test('member experiments send private messages to the members of the groups, once per member', async () => {
    const { db } = ctx();
    const s = await ingestScope(db, 'exp-members');
    const at = new Date('2026-05-01T00:00:00Z').toISOString();
    const joins = ['a', 'b', 'c', 'd', 'e', 'f'].map((u, i) => ({ type: 'join', eventId: `j${i}`, occurredAt: at, groupId: i < 4 ? 'g1' : 'g2', userId: u, name: u }) as PlatformEventInput);
    joins.push({ type: 'join', eventId: 'jx', occurredAt: at, groupId: 'g2', userId: 'a', name: 'a' } as PlatformEventInput);
    await appendBatch(db, s, joins, new IdentityCache());
    await projectPending(db, s.workspaceId);
    const e = await createExperiment(db, s.workspaceId, { name: 'm', unit: 'member', variants: [{ name: 'A', text: 'x' }, { name: 'B', text: 'y' }] }, null);
    const counts = await startExperiment(db, s.workspaceId, e.id, { layer: 'basic' });
    assert.equal(Object.values(counts).reduce((a, b) => a + b, 0), 6, 'a member in two groups is one unit');
    const { items } = await listActions(db, s.workspaceId, `experiment:${e.id}`, { limit: 100, offset: 0 });
    assert.equal(items.length, 6);
    assert.ok(items.every((i) => i.kind === 'private_message' && i.memberId !== null));
  });
});
