import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { signedIn, type Client } from '../../test/support/auth.ts';
import { seedCommunity, type Community } from '../../test/support/community.ts';
import { forEachEngine } from '../../test/support/engines.ts';
import { testServer } from '../../test/support/server.ts';
import type { Database } from '../db/database.ts';
import { markRecompute, runRecompute } from './recompute.ts';
import { startWorker, type Worker } from './worker.ts';

/** Group-days whose stored messages differ from the event log's counted in the zone (0 when the rollups are in it). */
async function daysOff(db: Database, workspaceId: number, zone: string): Promise<{ n: number; wrong: number }> {
  const [r] = await db.query<{ n: number; wrong: number }>(
    `with truth as (select group_id, (occurred_at at time zone $2)::date as day, count(*)::int as m
                    from events where workspace_id = $1 and type = 'message' group by 1, 2)
     select count(*)::int as n, count(*) filter (where d.messages is distinct from t.m)::int as wrong
     from truth t left join group_daily d on d.workspace_id = $1 and d.group_id = t.group_id and d.day = t.day`, [workspaceId, zone]);
  return r!;
}

forEachEngine('time zone recompute', (ctx) => {
  let c: Community;
  let plain: Awaited<ReturnType<typeof testServer>>;
  let owner: Client;
  let worker: Worker | undefined;
  before(async () => {
    c = await seedCommunity(ctx().db, 'recompute');
    plain = await testServer(ctx().db);
    owner = await signedIn(plain.app, ctx().db, c.workspaceId, 'owner');
  });
  after(async () => { await worker?.stop(); await plain.close(); });

  const until = async (client: Client, state: string) => {
    let w = await client.get('/api/workspace');
    for (let i = 0; i < 400 && w.recompute?.state !== state; i++) { await sleep(150); w = await client.get('/api/workspace'); }
    return w;
  };

  test('a change of time zone is recomputed in the background, by a worker started later if none runs', async () => {
    const { db } = ctx();
    // Seeded at 09:00–10:xx in Shanghai: the day before in Los Angeles.
    assert.equal((await daysOff(db, c.workspaceId, 'Asia/Shanghai')).wrong, 0);
    assert.ok((await daysOff(db, c.workspaceId, 'America/Los_Angeles')).wrong > 0);
    const patched = await owner.send('PATCH', '/api/workspace', { timezone: 'America/Los_Angeles' });
    assert.equal(patched.timezone, 'America/Los_Angeles');
    assert.deepEqual([patched.recompute.state, patched.recompute.timezone, patched.recompute.progress], ['queued', 'America/Los_Angeles', 0]);
    // A rename alone does not recompute.
    const renamed = await owner.send('PATCH', '/api/workspace', { name: 'Renamed', timezone: 'America/Los_Angeles' });
    assert.equal(renamed.recompute.requestedAt, patched.recompute.requestedAt);
    // No worker ran in this server: the one that starts now takes the recompute left queued.
    worker = await startWorker({ db, logger: pino({ level: 'silent' }), pollingIntervalSeconds: 0.5 });
    const done = await until(owner, 'done');
    assert.equal(done.recompute.state, 'done');
    assert.equal(done.recompute.progress, 1);
    assert.ok(done.recompute.finishedAt);
    const off = await daysOff(db, c.workspaceId, 'America/Los_Angeles');
    assert.ok(off.n > 3);
    assert.equal(off.wrong, 0, 'every group-day counted in the new zone');
  });

  test('with a worker beside the server, the change sends the job at once; the status goes back to done in the new zone', async () => {
    const { db } = ctx();
    assert.ok(worker);
    const server = await testServer(db, undefined, undefined, { jobs: worker.boss });
    try {
      const client = await signedIn(server.app, db, c.workspaceId, 'admin');
      const patched = await client.send('PATCH', '/api/workspace', { timezone: 'Asia/Tokyo' });
      assert.notEqual(patched.recompute.state, 'done');
      const done = await until(client, 'done');
      assert.deepEqual([done.recompute.timezone, done.recompute.progress], ['Asia/Tokyo', 1]);
      assert.equal((await daysOff(db, c.workspaceId, 'Asia/Tokyo')).wrong, 0);
    } finally {
      await server.close();
    }
  });

  test('the progress is written chunk by chunk: the API shows it rising while the recompute runs', async () => {
    const { db } = ctx();
    await worker?.stop();
    worker = undefined;
    await db.query(`update workspaces set timezone = 'Europe/Paris' where id = $1`, [c.workspaceId]);
    await markRecompute(db, c.workspaceId, 'Europe/Paris');
    const seen: Array<[string, number]> = [];
    const state = await runRecompute(db, c.workspaceId, {
      chunkHours: 12,
      onProgress: async () => {
        const w = await owner.get('/api/workspace');
        seen.push([w.recompute.state, w.recompute.progress]);
      },
    });
    assert.equal(state, 'done');
    assert.ok(seen.length > 10, `${seen.length} chunks`);
    assert.ok(seen.every(([s]) => s === 'running'));
    const values = seen.map(([, p]) => p);
    assert.deepEqual(values, [...values].sort((a, b) => a - b), 'never goes back');
    assert.ok(values.some((p) => p > 0.3 && p < 0.7), `a value midway: ${values.join(' ')}`);
    assert.equal((await owner.get('/api/workspace')).recompute.progress, 1);
    assert.equal((await daysOff(db, c.workspaceId, 'Europe/Paris')).wrong, 0);
    assert.equal(await runRecompute(db, c.workspaceId), null, 'nothing pending: nothing done');
  });
});
