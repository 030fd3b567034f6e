import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fakeRuntime, LinkingConnector } from '../../../test/support/acquisition.ts';
import { signedIn, type Client } from '../../../test/support/auth.ts';
import { seedCommunity, type Community } from '../../../test/support/community.ts';
import { forEachEngine } from '../../../test/support/engines.ts';
import { decodeQrPng } from '../../../test/support/qr-decode.ts';
import { testServer } from '../../../test/support/server.ts';

forEachEngine('referral campaigns api', (ctx) => {
  let server: Awaited<ReturnType<typeof testServer>>;
  let c: Community;
  let owner: Client, viewer: Client;
  const platform = new LinkingConnector('sandbox');
  before(async () => {
    c = await seedCommunity(ctx().db, 'campaigns-api');
    server = await testServer(ctx().db, undefined, undefined, { runtime: fakeRuntime(new Map([[c.accountId, platform]])), env: { PUBLIC_URL: 'https://qy.example' } });
    owner = await signedIn(server.app, ctx().db, c.workspaceId, 'owner');
    viewer = await signedIn(server.app, ctx().db, c.workspaceId, 'viewer');
  });
  after(async () => { await server.close(); });

  test('set-up, a participant\'s link routes through the code, the poster\'s QR decodes to the link, the public page shows no private data, reviews are audited', async () => {
    const db = ctx().db;
    const code = await owner.send('POST', '/api/codes', { name: '裂变活码', source: 'poster' });
    await owner.send('POST', `/api/codes/${code.code.id}/groups`, { groupId: c.groups['g-c'] });
    const created = await owner.send('POST', '/api/campaigns', {
      name: '邀请好友领课程', codeId: code.code.id, stock: 10, art: 'blue',
      settings: { kind: 'invite', goal: 3, tiers: [{ at: 3, reward: '课程一节' }], friendReward: '5 元红包' },
    });
    assert.equal(created.campaign.url, `https://qy.example/k/${created.campaign.slug}`);
    assert.equal((await viewer.inject({ method: 'POST', url: '/api/campaigns', payload: { name: 'x', codeId: code.code.id, stock: 1, settings: { kind: 'coupon', goal: 1, tiers: [{ at: 1, reward: 'x' }] } } })).statusCode, 403);
    const id = created.campaign.id;
    const part = await owner.send('POST', `/api/campaigns/${id}/participants`, { memberId: c.members['alice'], name: '张晓燕' });
    assert.match(part.link, new RegExp(`^https://qy.example/k/${created.campaign.slug}/[\\w-]+$`));
    const path = new URL(part.link).pathname;
    const page = await server.app.inject({ method: 'GET', url: path, headers: { 'x-forwarded-for': '203.0.113.9' } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /张\*\*/);
    assert.ok(!page.body.includes('张晓燕'), 'the inviter\'s name is masked');
    assert.match(page.body, /https:\/\/t\.me\/\+/, 'the friend is handed the group\'s link');
    const visits = await db.query<{ ip_hash: string | null; device_hash: string | null; reservation_id: number | null }>('select ip_hash, device_hash, reservation_id from campaign_visits where workspace_id = $1', [c.workspaceId]);
    assert.equal(visits.length, 1);
    assert.ok(visits[0]!.ip_hash && !visits[0]!.ip_hash.includes('127.0.0.1') && visits[0]!.device_hash && visits[0]!.reservation_id);
    const marked = await db.query<{ inviter_member_id: number }>('select inviter_member_id from code_reservations where workspace_id = $1 and id = $2', [c.workspaceId, visits[0]!.reservation_id]);
    assert.equal(Number(marked[0]!.inviter_member_id), c.members['alice']);
    const poster = await server.app.inject({ method: 'GET', url: `${path}/poster.png` });
    assert.equal(poster.headers['content-type'], 'image/png');
    assert.equal(decodeQrPng(poster.rawPayload), part.link);
    const pub = await server.app.inject({ method: 'GET', url: `/api/public/campaigns/${created.campaign.slug}` });
    assert.equal(pub.statusCode, 200);
    assert.ok(!pub.body.includes('张晓燕') && !pub.body.includes('memberId'));
    const landing = await server.app.inject({ method: 'GET', url: `/k/${created.campaign.slug}?lang=en` });
    assert.match(landing.body, /Leaderboard/);
    assert.equal((await server.app.inject({ method: 'GET', url: `/k/${created.campaign.slug}/not-a-token` })).statusCode, 404);
    // A referral held for review, released with a reason: audited in words.
    const ref = await db.query<{ id: number }>(
      `insert into campaign_referrals (workspace_id, campaign_id, participant_id, inviter_member_id, invitee_member_id, group_id, joined_at, status, reasons)
       values ($1, $2, $3, $4, $5, $6, now(), 'held', '[{"rule":"velocity","text":"25 friends within 60 min (limit 20)"}]') returning id`,
      [c.workspaceId, id, part.participantId, c.members['alice'], c.members['bob'], c.groups['g-c']]);
    const queue = await viewer.get(`/api/campaigns/${id}/referrals`);
    assert.equal(queue.items[0].reasons[0].rule, 'velocity');
    assert.equal(queue.items[0].inviteeName, 'Bob');
    const reviewed = await owner.send('POST', `/api/campaigns/${id}/referrals/${ref[0]!.id}/review`, { decision: 'release', note: '核实为真实好友' });
    assert.equal(reviewed.status, 'credited');
    const detail = await viewer.get(`/api/campaigns/${id}`);
    assert.equal(detail.funnel.visits, 1);
    assert.equal(detail.funnel.credited, 1);
    assert.equal(detail.leaderboard[0].name, '张晓燕');
    await owner.send('POST', `/api/campaigns/${id}/status`, { status: 'paused' });
    const audit = await db.query<{ action: string; target: string }>(`select action, target from audit_log where workspace_id = $1 and action like 'campaign.%' order by id`, [c.workspaceId]);
    assert.deepEqual(audit.map((a) => a.action), ['campaign.create', 'campaign.participant', 'campaign.referral.release', 'campaign.pause']);
  });
});
