/**
 * A group's stage (src/workspaces/settings.ts, docs/group-stage.md), on both engines: groups whose
 * daily messages, joins and age are chosen so that each rule decides one of them, ingested as
 * events like any others; the list (with its stage filter), the detail and a change of the
 * thresholds through PATCH /api/workspace (which keeps the other thresholds) are checked.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signedIn, type Client } from '../../test/support/auth.ts';
import { addDays } from '../../test/support/community.ts';
import { forEachEngine } from '../../test/support/engines.ts';
import { testServer } from '../../test/support/server.ts';
import type { PlatformEventInput } from '../events/envelope.ts';
import { IdentityCache, ingestBatch } from '../events/ingest.ts';
import { ensurePlatformAccount, ensureWorkspace } from '../workspaces/workspaces.ts';

const ZONE = 'Asia/Shanghai';

/**
 * Messages per day (days ago → count) and extra joins, per group; all created `age` days ago with
 * four regulars who joined then.
 * - young:     10 days old, writing every day                          → new
 * - archived:  60 days old, last message 40 days ago                   → dormant (measured at its last activity)
 * - steady:    5 messages a week for 4 weeks                           → mature
 * - rising:    2 a week for the 3 weeks before, 12 in the last 7 days  → growing (≥ 1.3 × 2)
 * - falling:   10 a week for the 3 weeks before, 3 in the last 7 days  → declining (≤ 0.7 × 10)
 * - swelling:  steady messages, 4 regulars + 2 newcomers this week     → growing (net joins ≥ 10% of 4)
 * - lull:      60 days old, last message 15 days ago                   → declining by default (none in
 *              the last 7 days against 4 in the 3 weeks before; < 30 days without one); dormant with dormantDays 10
 */
const plan: Record<string, { age: number; messages: Record<number, number>; newcomers?: number }> = {
  young: { age: 10, messages: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [i, 3])) },
  archived: { age: 60, messages: { 40: 5 } },
  steady: { age: 60, messages: { 1: 5, 8: 5, 15: 5, 22: 5 } },
  rising: { age: 60, messages: { 2: 6, 3: 6, 9: 2, 16: 2, 23: 2 } },
  falling: { age: 60, messages: { 3: 3, 8: 10, 15: 10, 22: 10 } },
  swelling: { age: 60, messages: { 1: 5, 8: 5, 15: 5, 22: 5 }, newcomers: 2 },
  lull: { age: 60, messages: { 15: 4 } },
};

forEachEngine('group stage', (ctx) => {
  let server: Awaited<ReturnType<typeof testServer>>;
  let owner: Client;
  let ids: Record<string, number>;
  before(async () => {
    const db = ctx().db;
    const ws = await ensureWorkspace(db, 'stage', 'stage', ZONE);
    const account = await ensurePlatformAccount(db, ws.id, 'sandbox', 'bot-stage', 'bot');
    const today = (await db.query<{ d: string }>('select (now() at time zone $1)::date::text as d', [ZONE]))[0]!.d;
    const at = (daysAgo: number, minute: number) => `${addDays(today, -daysAgo)}T${String(8 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00+08:00`;
    let n = 0;
    const events: PlatformEventInput[] = [];
    for (const [group, p] of Object.entries(plan)) {
      events.push({ type: 'group_created', eventId: `e${++n}`, occurredAt: at(p.age, 0), groupId: group, name: group, capacity: 200 });
      for (let r = 0; r < 4; r++) {
        events.push({ type: 'join', eventId: `e${++n}`, occurredAt: at(p.age, 1 + r), groupId: group, userId: `${group}-r${r}`, name: `R${r}`, via: { source: 'invite' } });
      }
      for (let k = 0; k < (p.newcomers ?? 0); k++) {
        events.push({ type: 'join', eventId: `e${++n}`, occurredAt: at(2, 10 + k), groupId: group, userId: `${group}-n${k}`, name: `N${k}`, via: { source: 'qr_code' } });
      }
      for (const [daysAgo, count] of Object.entries(p.messages)) {
        for (let i = 0; i < count; i++) {
          events.push({ type: 'message', eventId: `e${++n}`, occurredAt: at(Number(daysAgo), 30 + i), groupId: group, messageId: `m${n}`, userId: `${group}-r${i % 4}`, text: 'hi' });
        }
      }
    }
    const result = await ingestBatch(db, { workspaceId: ws.id, accountId: account.id, timezone: ZONE }, events, new IdentityCache());
    assert.equal(result.stored, events.length, JSON.stringify(result.rejected));
    ids = Object.fromEntries((await db.query<{ pid: string; id: number }>('select platform_group_id as pid, id from groups where workspace_id = $1', [ws.id])).map((r) => [r.pid, r.id]));
    server = await testServer(db);
    owner = await signedIn(server.app, db, ws.id, 'owner');
  });
  after(async () => { await server?.close(); });

  const stages = async () => Object.fromEntries(((await owner.get('/api/groups?limit=50')).items as Array<{ platformGroupId: string; stage: string }>).map((g) => [g.platformGroupId, g.stage]));

  test('each group is in the stage its age, size and trend give, in the list and on its page', async () => {
    assert.deepEqual(await stages(), {
      young: 'new', archived: 'dormant', steady: 'mature', rising: 'growing', falling: 'declining', swelling: 'growing', lull: 'declining',
    });
    const detail = await owner.get(`/api/groups/${ids['falling']}`);
    assert.equal(detail.stage, 'declining');
    assert.equal((await owner.get(`/api/groups/${ids['archived']}`)).stage, 'dormant');
  });

  test('the list filters by stage (repeatable), with the total of the filtered groups', async () => {
    const names = (page: { items: Array<{ platformGroupId: string }> }) => page.items.map((g) => g.platformGroupId);
    const growing = await owner.get('/api/groups?stage=growing&sort=name');
    assert.deepEqual([names(growing), growing.total], [['rising', 'swelling'], 2]);
    assert.deepEqual(names(await owner.get('/api/groups?stage=new&stage=dormant&sort=name')), ['archived', 'young']);
    const both = await owner.get('/api/groups?stage=declining&health=silent&sort=name');
    assert.deepEqual(names(both), ['lull'], 'stage and health filters combine');
    await assert.rejects(owner.get('/api/groups?stage=thriving'));
  });

  test('thresholds are workspace settings: a change of one keeps the others', async () => {
    await owner.send('PATCH', '/api/workspace', { stage: { dormantDays: 10 } });
    let s = await stages();
    assert.equal(s['lull'], 'dormant', '15 days without a message, dormant after 10');
    assert.equal(s['rising'], 'growing');
    await owner.send('PATCH', '/api/workspace', { stage: { trendShare: 0.9 } });
    s = await stages();
    assert.equal(s['lull'], 'dormant', 'dormantDays kept when trendShare changes');
    assert.equal(s['falling'], 'mature', '3 a week is not 90% below 10');
    assert.equal(s['rising'], 'growing', '12 is at least 1.9 × 2');
    await owner.send('PATCH', '/api/workspace', { stage: { newDays: 90, trendShare: 0.3, dormantDays: 30 } });
    s = await stages();
    assert.deepEqual([s['steady'], s['archived'], s['young']], ['new', 'dormant', 'new']);
  });
});
