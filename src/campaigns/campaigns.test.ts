import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../test/support/engines.ts';
import { groupsWorkspace } from '../../test/support/acquisition.ts';
import type { Database } from '../db/database.ts';
import { acquisitionReactor } from '../acquisition/reactor.ts';
import { addGroupToPool, createCode } from '../acquisition/codes.ts';
import { ingestBatch } from '../events/ingest.ts';
import { reactPending } from '../events/reactors.ts';
import { campaignsReactor } from './reactor.ts';
import { runCampaignUpkeep } from './jobs.ts';
import { createCampaign, reassess, reviewReferral, startParticipant, type CampaignRow, type Participant } from './store.ts';
import { CampaignSettings } from './types.ts';
import { visitThroughLink } from './visit.ts';
import { Threshold } from '../acquisition/types.ts';

const HOUR = 3600_000;

async function rig(db: Database, slug: string, settings: Record<string, unknown>, options: { stock?: number; threshold?: Threshold; deviceOfHost?: string } = {}) {
  const { scope, groupIds } = await groupsWorkspace(db, slug, 1, 5000);
  const ws = scope.workspaceId;
  const code = await createCode(db, ws, { name: '活码', source: 'poster', hardCap: 5000, sweetSpotMax: 5000, sweetSpotMin: 4000, firstPhase: 3000, ...(options.threshold ? { threshold: options.threshold } : {}) }, null);
  await addGroupToPool(db, ws, code, groupIds[0]!, { url: 'https://t.example/+l0', code: 'l0', expiresAt: null });
  // The reactors, then the upkeep (time passing: friends who have stayed long enough are credited).
  const react = async () => { await reactPending(db, ws, [acquisitionReactor, campaignsReactor]); await runCampaignUpkeep(db); };
  await react();
  // The host joined the group a week before the campaign.
  await ingestBatch(db, scope, [{ type: 'join', eventId: `${slug}-host`, occurredAt: new Date(Date.now() - 7 * 24 * HOUR).toISOString(), groupId: 'pg0', userId: 'u-host', name: '王小明' }]);
  await react();
  const host = (await db.query<{ id: number }>(`select id from members where workspace_id = $1 and display_name = '王小明'`, [ws]))[0]!.id;
  const campaign = await createCampaign(db, ws, { name: '邀请有礼', codeId: code.id, settings: CampaignSettings.parse(settings), stock: options.stock ?? 100, startsAt: new Date(Date.now() - 30 * 24 * HOUR) }, null);
  const p = await startParticipant(db, campaign, host, { deviceHash: options.deviceOfHost ?? 'dev-host' });
  let n = 0;
  /** A friend visits the host's link and joins `agoHours` ago. */
  async function friend(name: string, f: { device?: string | null; ip?: string | null; agoHours?: number; eventId?: string } = {}) {
    const c = campaign as CampaignRow;
    const r = await visitThroughLink(db, c, p as Participant, { visitor: `v-${name}`, zone: 'UTC', ipHash: f.ip === undefined ? `ip-${name}` : f.ip, deviceHash: f.device === undefined ? `dev-${name}` : f.device });
    const at = new Date(Date.now() - (f.agoHours ?? 0) * HOUR - 60_000 + (n++) * 10);
    await ingestBatch(db, scope, [{ type: 'join', eventId: f.eventId ?? `${slug}-j-${name}`, occurredAt: at.toISOString(), groupId: 'pg0', userId: `u-${name}`, name, via: { inviteCode: 'l0' } }]);
    return r;
  }
  const say = (name: string) => ingestBatch(db, scope, [{ type: 'message', eventId: `${slug}-m-${name}-${n++}`, occurredAt: new Date(Date.now() - 1000).toISOString(), groupId: 'pg0', messageId: `m-${name}-${n}`, userId: `u-${name}`, text: '大家好' }]);
  const leave = (name: string, at: Date) => ingestBatch(db, scope, [{ type: 'leave', eventId: `${slug}-l-${name}`, occurredAt: at.toISOString(), groupId: 'pg0', userId: `u-${name}` }]);
  const referrals = async () => db.query<{ id: number; status: string; reasons: { rule: string }[]; name: string }>(
    `select r.id, r.status, r.reasons, m.display_name as name from campaign_referrals r join members m on m.workspace_id = r.workspace_id and m.id = r.invitee_member_id
     where r.workspace_id = $1 order by r.id`, [ws]);
  const status = async (name: string) => (await referrals()).find((r) => r.name === name);
  const rewards = async () => db.query<{ key: string; status: string; member_id: number }>(`select key, status, member_id from campaign_rewards where workspace_id = $1 order by key`, [ws]);
  const stock = async () => (await db.query<{ stock: number }>('select stock from campaigns where workspace_id = $1', [ws]))[0]!.stock;
  /** The reactors only (no upkeep): the joins ingested since the last call are assessed as one run. */
  const assess = () => reactPending(db, ws, [acquisitionReactor, campaignsReactor]);
  return { ws, scope, code, campaign, p, host, react, assess, friend, say, leave, referrals, status, rewards, stock };
}

forEachEngine('referral campaigns', (ctx, engine) => {
  test('a friend through the link is attributed to the inviting member; credited once they speak; rewards once each, both rewarded (送)', async () => {
    const { db } = ctx();
    const r = await rig(db, 'give', { kind: 'invite', goal: 2, tiers: [{ at: 1, reward: '贴纸' }, { at: 2, reward: '课程' }], friendReward: '红包' });
    assert.equal((await r.friend('ann')).kind, 'group');
    await r.react();
    const attr = await db.query<{ inviter_member_id: number }>('select inviter_member_id from code_attributions where workspace_id = $1', [r.ws]);
    assert.equal(Number(attr[0]!.inviter_member_id), r.host, 'the attribution names the inviting member');
    assert.equal((await r.status('ann'))?.status, 'pending', 'not credited before staying 3 days or speaking');
    await r.say('ann');
    await r.react();
    assert.equal((await r.status('ann'))?.status, 'credited');
    // The join delivered again (another event id), the message again, the upkeep twice: nothing twice.
    await r.friend('ann', { eventId: 'give-j-ann-again' });
    await r.say('ann');
    await r.react();
    await runCampaignUpkeep(db);
    await runCampaignUpkeep(db);
    assert.equal((await r.referrals()).length, 1);
    assert.deepEqual((await r.rewards()).map((x) => [x.key, x.status]), [['friend', 'issued'], ['tier:1', 'issued']]);
    assert.equal(await r.stock(), 98);
  });

  test('the campaigns reactor never runs ahead of attribution: behind it, the run is given up quietly and done later', async () => {
    const { db } = ctx();
    const r = await rig(db, 'order', { kind: 'coupon', goal: 5, tiers: [{ at: 1, reward: '券' }], fraud: { silentMin: 100 } });
    await r.friend('late', { agoHours: 100 });
    assert.ok(await reactPending(db, r.ws, [campaignsReactor]) >= 0, 'no error');
    assert.equal((await r.referrals()).length, 0, 'not recorded before the attribution exists');
    await r.react();
    assert.equal((await r.status('late'))?.status, 'credited');
  });

  test('exactly-once rewards under duplicated and concurrent completions; stock never below zero', async () => {
    const { db } = ctx();
    const r = await rig(db, 'coupons', { kind: 'coupon', goal: 10, tiers: [{ at: 1, reward: '5元券' }], fraud: { silentMin: 100 } }, { stock: 3 });
    for (const name of ['a', 'b', 'c', 'd', 'e']) await r.friend(name, { agoHours: 100 });
    const before = Date.now();
    await r.react();
    const ids = (await r.referrals()).map((x) => x.id);
    assert.deepEqual((await r.referrals()).map((x) => x.status), ['credited', 'credited', 'credited', 'credited', 'credited'], 'stayed 4 days');
    // Every completion delivered again, and twice at once, in separate transactions.
    const again = () => db.transaction((tx) => reassess(tx, r.ws, ids, new Date(before)));
    await again();
    await Promise.all([again(), again(), ...ids.map((id) => db.transaction((tx) => reassess(tx, r.ws, [id])))]);
    const rewards = await r.rewards();
    assert.equal(rewards.filter((x) => x.status === 'issued').length, 3, 'stock 3');
    assert.equal(rewards.filter((x) => x.status === 'out_of_stock').length, 2);
    assert.equal(new Set(rewards.map((x) => x.key)).size, rewards.length, 'each key once');
    assert.equal(await r.stock(), 0);
  });

  test('concurrent completions of one participant: each credit is counted (the participant is locked while settled)', async () => {
    const { db } = ctx();
    const r = await rig(db, 'race', { kind: 'coupon', goal: 50, tiers: [{ at: 1, reward: '券' }] }, { stock: 100 });
    for (let i = 0; i < 8; i++) await r.friend(`f${i}`, { agoHours: 1 });
    await r.react();
    const ids = (await r.referrals()).map((x) => x.id);
    // Make them pending again, then complete all at once.
    await db.query(`update campaign_referrals set status = 'pending', spoke_at = now() where workspace_id = $1`, [r.ws]);
    await Promise.all(ids.map((id) => db.transaction((tx) => reassess(tx, r.ws, [id]))));
    assert.equal((await r.rewards()).filter((x) => x.status === 'issued').length, 8, engine);
    assert.equal(await r.stock(), 92);
  });

  test('self-invites: the inviter themself or their own device is refused; a friend on the same address passes', async () => {
    const { db } = ctx();
    const r = await rig(db, 'self', { kind: 'invite', goal: 5, tiers: [{ at: 1, reward: 'x' }] });
    await r.friend('alt', { device: 'dev-host', ip: 'ip-home' });
    await r.friend('wife', { device: 'dev-wife', ip: 'ip-home' });
    await r.react();
    await r.say('alt'); await r.say('wife');
    await r.react();
    assert.equal((await r.status('alt'))?.status, 'rejected');
    assert.equal((await r.status('alt'))?.reasons[0]?.rule, 'self_invite');
    assert.equal((await r.status('wife'))?.status, 'credited');
  });

  test('join-and-leave within the window withdraws the credit; leaving after it does not', async () => {
    const { db } = ctx();
    const r = await rig(db, 'leave', { kind: 'coupon', goal: 5, tiers: [{ at: 1, reward: '券' }] });
    await r.friend('ring', { agoHours: 2 });
    await r.friend('stayer', { agoHours: 100 });
    await r.react();
    await r.say('ring');
    await r.react();
    assert.equal((await r.status('ring'))?.status, 'credited', 'spoke: credited at once');
    await r.leave('ring', new Date(Date.now() - HOUR));
    await r.leave('stayer', new Date(Date.now() - HOUR));
    await r.react();
    assert.equal((await r.status('ring'))?.status, 'withdrawn');
    assert.equal((await r.status('ring'))?.reasons[0]?.rule, 'join_and_leave');
    assert.equal((await r.status('stayer'))?.status, 'credited');
  });

  test('velocity per inviter holds rewards for review; the same number spread out passes; an operator releases with a reason', async () => {
    const { db } = ctx();
    const fast = await rig(db, 'fast', { kind: 'invite', goal: 3, tiers: [{ at: 3, reward: '课' }], fraud: { velocityLimit: 2, velocityWindowMinutes: 60 } });
    for (const n of ['a', 'b', 'c']) await fast.friend(n, { agoHours: 100 });
    await fast.react();
    const statuses = (await fast.referrals()).map((x) => x.status);
    assert.deepEqual(statuses, ['credited', 'credited', 'held']);
    assert.deepEqual((await fast.rewards()).map((x) => [x.key, x.status]), [['tier:3', 'held']], 'held, not refused');
    const held = (await fast.referrals())[2]!;
    assert.equal(held.reasons[0]?.rule, 'velocity');
    assert.equal((await reviewReferral(db, fast.ws, held.id, 'release', '核实为真实好友', null)).status, 'credited');
    assert.deepEqual((await fast.rewards()).map((x) => x.status), ['issued']);
    await runCampaignUpkeep(db);
    assert.equal((await fast.status('c'))?.status, 'credited', 'an override stays');

    const slow = await rig(db, 'slow', { kind: 'invite', goal: 3, tiers: [{ at: 3, reward: '课' }], fraud: { velocityLimit: 2, velocityWindowMinutes: 60 } });
    for (const [i, n] of ['a', 'b', 'c'].entries()) await slow.friend(n, { agoHours: 100 + i * 2 });
    await slow.react();
    assert.deepEqual((await slow.referrals()).map((x) => x.status), ['credited', 'credited', 'credited']);
    assert.deepEqual((await slow.rewards()).map((x) => x.status), ['issued']);
  });

  test('many joins from one device or address are held; distinct ones pass; rejecting gives the held stock back', async () => {
    const { db } = ctx();
    const r = await rig(db, 'farm', { kind: 'coupon', goal: 10, tiers: [{ at: 1, reward: '券' }], fraud: { sameFingerprintLimit: 2, silentMin: 100 } }, { stock: 10 });
    for (const n of ['p1', 'p2', 'p3']) await r.friend(n, { device: 'dev-farm', agoHours: 100 });
    for (const n of ['q1', 'q2', 'q3']) await r.friend(n, { ip: 'ip-cafe', agoHours: 100 });
    for (const n of ['ok1', 'ok2']) await r.friend(n, { agoHours: 100 });
    await r.react();
    await runCampaignUpkeep(db);
    const by = new Map((await r.referrals()).map((x) => [x.name, x]));
    for (const n of ['p1', 'p2', 'p3']) assert.equal(by.get(n)?.status, 'held', n);
    assert.ok(by.get('p3')?.reasons.some((x) => x.rule === 'same_device'));
    for (const n of ['q1', 'q2', 'q3']) assert.equal(by.get(n)?.status, 'held', n);
    assert.ok(by.get('q1')?.reasons.some((x) => x.rule === 'same_address'));
    for (const n of ['ok1', 'ok2']) assert.equal(by.get(n)?.status, 'credited', n);
    assert.ok((await r.rewards()).every((x) => x.status === 'held'), 'the suspect inviter\'s rewards are held');
    for (const n of ['p1', 'p2', 'p3', 'q1', 'q2', 'q3']) await reviewReferral(db, r.ws, by.get(n)!.id, 'reject', '同一设备批量注册', null);
    const rewards = await r.rewards();
    assert.deepEqual(rewards.map((x) => x.status).sort(), ['issued', 'issued', 'rejected', 'rejected', 'rejected', 'rejected', 'rejected', 'rejected']);
    assert.equal(await r.stock(), 8);
  });

  test('one decision per address and device, whatever the assessment runs: one by one, all at once and in two runs give the same verdicts', async () => {
    const { db } = ctx();
    const settings = { kind: 'coupon', goal: 20, tiers: [{ at: 1, reward: '券' }], fraud: { sameFingerprintLimit: 2, silentMin: 100, stayDays: 0 } };
    // A device farm (4 joins, over the limit of 2), an address farm (3 joins from one address, distinct
    // devices), a family under the limit (2 from one address) and two others.
    const joins: [string, { device?: string; ip?: string }][] = [
      ['d1', { device: 'dev-farm' }], ['ok1', {}], ['d2', { device: 'dev-farm' }], ['a1', { ip: 'ip-cafe' }], ['fam1', { ip: 'ip-home' }],
      ['d3', { device: 'dev-farm' }], ['a2', { ip: 'ip-cafe' }], ['fam2', { ip: 'ip-home' }], ['ok2', {}], ['a3', { ip: 'ip-cafe' }], ['d4', { device: 'dev-farm' }],
    ];
    const runs = { one: joins.map((_, i) => i + 1), all: [joins.length], two: [5, joins.length] };
    const verdicts = new Map<string, string>();
    for (const [name, cuts] of Object.entries(runs)) {
      const r = await rig(db, `runs-${name}`, settings, { stock: 8 });
      let done = 0;
      for (const cut of cuts) {
        for (const [n, f] of joins.slice(done, cut)) await r.friend(n, { ...f, agoHours: 100 });
        await r.assess();
        done = cut;
      }
      const by = new Map((await r.referrals()).map((x) => [x.name, x]));
      for (const n of ['d1', 'd2', 'd3', 'd4']) {
        assert.equal(by.get(n)?.status, 'held', `${name}: ${n}, the whole device farm`);
        assert.deepEqual(by.get(n)?.reasons.map((x) => [x.rule, (x as unknown as { params: unknown }).params]), [['same_device', { count: 4, limit: 2 }]], `${name}: ${n}`);
      }
      for (const n of ['a1', 'a2', 'a3']) assert.deepEqual([by.get(n)?.status, by.get(n)?.reasons.map((x) => x.rule)], ['held', ['same_address']], `${name}: ${n}`);
      for (const n of ['ok1', 'ok2', 'fam1', 'fam2']) assert.deepEqual([by.get(n)?.status, by.get(n)?.reasons], ['credited', []], `${name}: ${n} passes`);
      verdicts.set(name, JSON.stringify([...by].map(([n, x]) => [n, x.status, x.reasons])));
      // Rewards: a coupon per credited or held friend, each once; those issued before the farm
      // showed stay issued, the rest are held; stock 8 covers 8 of the 11, never below zero.
      const rewards = await r.rewards();
      assert.equal(new Set(rewards.map((x) => x.key)).size, rewards.length, `${name}: each key once`);
      assert.equal(rewards.filter((x) => x.status !== 'out_of_stock').length, 8, name);
      assert.equal(rewards.filter((x) => x.status === 'out_of_stock').length, 3, name);
      assert.equal(await r.stock(), 0);
      if (name === 'all') assert.ok(rewards.every((x) => x.status !== 'issued'), 'all at once: nothing issued to the suspect inviter');
      if (name === 'one') assert.deepEqual(rewards.filter((x) => x.status === 'issued').map((x) => x.key), ['coupon:1', 'coupon:2', 'coupon:3', 'coupon:4', 'coupon:5'], 'one by one: given before the farm showed (at d3), they stay given');
    }
    assert.equal(verdicts.get('one'), verdicts.get('all'));
    assert.equal(verdicts.get('two'), verdicts.get('all'));
  });

  test('a farm credited before it passed the limit is held whole when it does; the suspect inviter\'s later rewards are held, not refused', async () => {
    const { db } = ctx();
    const r = await rig(db, 'late-farm', { kind: 'invite', goal: 2, tiers: [{ at: 2, reward: '课' }, { at: 4, reward: '书' }], friendReward: '红包', fraud: { sameFingerprintLimit: 3, silentMin: 100, stayDays: 0 } }, { stock: 20 });
    for (const n of ['x1', 'x2', 'x3']) { await r.friend(n, { ip: 'ip-dorm', agoHours: 100 }); await r.assess(); }
    assert.deepEqual((await r.referrals()).map((x) => x.status), ['credited', 'credited', 'credited'], 'three from one address: the limit, not over it');
    assert.deepEqual((await r.rewards()).map((x) => [x.key, x.status]), [['friend', 'issued'], ['friend', 'issued'], ['friend', 'issued'], ['tier:2', 'issued']]);
    await r.friend('x4', { ip: 'ip-dorm', agoHours: 100 });
    await r.assess();
    const after = await r.referrals();
    assert.deepEqual(after.map((x) => x.status), ['held', 'held', 'held', 'held'], 'the fourth: all four held');
    assert.ok(after.every((x) => x.reasons.some((y) => y.rule === 'same_address')));
    // Given rewards stay given; the tier now reached (4, counting held friends) is held for review; no friend reward for the held fourth.
    assert.deepEqual((await r.rewards()).map((x) => [x.key, x.status]), [['friend', 'issued'], ['friend', 'issued'], ['friend', 'issued'], ['tier:2', 'issued'], ['tier:4', 'held']]);
    assert.equal(await r.stock(), 15);
    // The upkeep changes nothing more.
    await runCampaignUpkeep(db);
    assert.deepEqual((await r.referrals()).map((x) => x.status), ['held', 'held', 'held', 'held']);
    assert.equal(await r.stock(), 15);
  });

  test('invitees who never speak: an inviter whose matured friends are silent beyond chance is held; one with a talkative friend passes', async () => {
    const { db } = ctx();
    // A young campaign has no other friends to go by: half of friends are taken to be lurkers, so 8 silent of 8 is beyond chance (1 in 256).
    const settings = { kind: 'coupon', goal: 10, tiers: [{ at: 1, reward: '券' }], fraud: { silentMin: 5, silentShare: 0.8 } };
    const names = (p: string) => Array.from({ length: 8 }, (_, i) => `${p}${i + 1}`);
    const fake = await rig(db, 'silent', settings);
    for (const n of names('s')) await fake.friend(n, { agoHours: 100 });
    await fake.react();
    await runCampaignUpkeep(db);
    assert.deepEqual((await fake.referrals()).map((x) => x.status), names('s').map(() => 'held'));
    assert.equal((await fake.referrals())[0]!.reasons[0]?.rule, 'silent_friends');
    // 7 silent of 8 (above the 80% share) happens by chance one time in 28 with half lurking: no sign.
    const real = await rig(db, 'talk', settings);
    for (const n of names('t')) await real.friend(n, { agoHours: 100 });
    await real.say('t1');
    await real.react();
    await runCampaignUpkeep(db);
    assert.deepEqual((await real.referrals()).map((x) => x.status), names('t').map(() => 'credited'));
  });

  test('a friend banned elsewhere in the workspace is refused; the ban lifted, they pass', async () => {
    const { db } = ctx();
    const r = await rig(db, 'ban', { kind: 'coupon', goal: 10, tiers: [{ at: 1, reward: '券' }] });
    await r.friend('spam', { agoHours: 100 });
    await r.friend('fine', { agoHours: 100 });
    const spam = (await db.query<{ id: number }>(`select id from members where workspace_id = $1 and display_name = 'spam'`, [r.ws]))[0]!.id;
    await db.query(`insert into moderation_bans (workspace_id, member_id, reason, source) values ($1, $2, '广告', 'manual')`, [r.ws, spam]);
    await r.react();
    assert.equal((await r.status('spam'))?.status, 'rejected');
    assert.equal((await r.status('spam'))?.reasons[0]?.rule, 'banned');
    assert.equal((await r.status('fine'))?.status, 'credited');
  });

  test('threshold gating still holds: a gated code routes nobody through a participant\'s link, and no referral is credited', async () => {
    const { db } = ctx();
    const r = await rig(db, 'gate', { kind: 'coupon', goal: 10, tiers: [{ at: 1, reward: '券' }] }, { threshold: Threshold.parse({ kind: 'approval', questions: [] }) });
    assert.equal((await r.friend('x', { agoHours: 100 })).kind, 'threshold');
    await r.react();
    assert.equal((await r.referrals()).length, 0);
    const visits = await db.query<{ reservation_id: number | null }>('select reservation_id from campaign_visits where workspace_id = $1', [r.ws]);
    assert.deepEqual(visits.map((v) => v.reservation_id), [null], 'the visit is recorded, with no seat');
  });
});
