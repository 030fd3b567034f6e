/**
 * Browser test of the 复盘 page (issue #17 item 8), self-contained like activities.test.ts: a
 * fresh embedded database with a community of six groups over 40 days ingested like any events
 * (two die young), an operator's push and a draw with a hunter, then `qunyun serve` and, in the browser, each tab from the menu: engagement (the push and its responders),
 * retention (cohort heat map and curves), funnels (by source), health (scores with their parts and
 * the dead-group warnings); the retention tab again in English and the health tab on a phone
 * (390 px). Screenshots go to screenshots/review-*.png.
 *
 *   node scripts/test.ts test/browser/review.test.ts
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Database } from '../../src/db/database.ts';
import type { PlatformEventInput } from '../../src/events/envelope.ts';
import { IdentityCache, ingestBatch } from '../../src/events/ingest.ts';
import { ensurePlatformAccount } from '../../src/workspaces/workspaces.ts';
import { screenshot, startConsole } from '../support/browser.ts';

const OWNER = { email: 'owner@example.com', password: 'correct horse battery staple', name: 'Owner' };
const TIMEOUT = 30_000;

/**
 * Six groups over 40 days, ingested through ingestBatch (the CLI simulator is too slow for a
 * loaded test machine): members join by source and write on random days, reply and react; two
 * groups created 12 and 9 days ago fall silent after their first days (the warning); an operator's
 * push with replies, and a draw with a red-packet hunter.
 */
async function seedCommunity(db: Database): Promise<void> {
  const [ws] = await db.query<{ id: number; timezone: string }>('select id, timezone from workspaces order by id limit 1');
  const account = await ensurePlatformAccount(db, Number(ws!.id), 'sandbox', 'bot-review', 'bot');
  const scope = { workspaceId: Number(ws!.id), accountId: account.id, timezone: ws!.timezone };
  let seed = 17;
  const r = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  const now = Date.now(), DAY = 86_400_000, HOUR = 3_600_000;
  const events: PlatformEventInput[] = [];
  let n = 0;
  const at = (t: number) => new Date(Math.min(t, now - 60_000)).toISOString();
  const sources = ['qr_code', 'post', 'referral', 'invite', 'callback'];
  const groups = [
    { id: 'rv-1', name: '读书会 1 群', start: 40, users: 60, dies: null },
    { id: 'rv-2', name: '读书会 2 群', start: 35, users: 45, dies: null },
    { id: 'rv-3', name: 'Bloom Club', start: 30, users: 30, dies: null },
    { id: 'rv-4', name: '新品体验群', start: 25, users: 25, dies: 20 },
    { id: 'rv-5', name: '周末徒步群', start: 12, users: 20, dies: 10 },
    { id: 'rv-6', name: '烘焙交流群', start: 9, users: 18, dies: 7 },
  ];
  for (const g of groups) {
    const t0 = now - g.start * DAY;
    events.push({ type: 'group_created', eventId: `rv${++n}`, occurredAt: at(t0), groupId: g.id, name: g.name, capacity: 200 });
    const recent: string[] = [];
    for (let u = 0; u < g.users; u++) {
      const uid = `${g.id}-u${u}`;
      const joined = t0 + Math.floor(r() * r() * g.start * 0.8 * DAY);
      events.push({ type: 'join', eventId: `rv${++n}`, occurredAt: at(joined), groupId: g.id, userId: uid, name: `成员${u}`, via: { source: sources[Math.floor(r() * sources.length)]! } });
      const activity = r() * r();
      for (let d = 0; d < g.start; d++) {
        const t = joined + d * DAY + Math.floor(r() * 12) * HOUR;
        if (t > now || (g.dies !== null && t > now - g.dies * DAY) || r() > activity) continue;
        const mid = `${g.id}-m${++n}`;
        const reply = recent.length && r() < 0.3 ? recent[Math.floor(r() * recent.length)] : undefined;
        events.push({ type: 'message', eventId: `rv${n}`, occurredAt: at(t), groupId: g.id, messageId: mid, userId: uid, text: '你好', ...(reply ? { replyTo: reply } : {}) });
        recent.push(mid);
        if (recent.length > 30) recent.shift();
        if (r() < 0.1) events.push({ type: 'reaction', eventId: `rv${++n}`, occurredAt: at(t + 60_000), groupId: g.id, messageId: mid, userId: `${g.id}-u${(u + 1) % g.users}`, emoji: '👍' });
      }
      if (r() < 0.1) events.push({ type: 'leave', eventId: `rv${++n}`, occurredAt: at(joined + 5 * DAY), groupId: g.id, userId: uid });
    }
  }
  // The operator's push in rv-1, two days ago, and the answers within minutes.
  const postAt = now - 2 * DAY;
  events.push({ type: 'message', eventId: `rv${++n}`, occurredAt: at(postAt), groupId: 'rv-1', messageId: 'rv-push-1', userId: 'rv-op', name: '运营小助手', text: '本周话题：大家最近在读什么书？' });
  for (let i = 0; i < 5; i++) events.push({ type: 'message', eventId: `rv${++n}`, occurredAt: at(postAt + (i + 1) * 4 * 60_000), groupId: 'rv-1', messageId: `rv-ans-${i}`, userId: `rv-1-u${i}`, text: '在读《三体》', replyTo: 'rv-push-1' });
  events.push({ type: 'reaction', eventId: `rv${++n}`, occurredAt: at(postAt + 30 * 60_000), groupId: 'rv-1', messageId: 'rv-push-1', userId: 'rv-1-u9', emoji: '❤️' });
  events.push({ type: 'join', eventId: `rv${++n}`, occurredAt: at(now - 2 * DAY), groupId: 'rv-2', userId: 'rv-hunter', name: '抢红包的', via: { source: 'post' } });
  for (let i = 0; i < events.length; i += 1000) await ingestBatch(db, scope, events.slice(i, i + 1000), new IdentityCache());
  const gid = async (pid: string) => Number((await db.query<{ id: number }>('select id from groups where workspace_id = $1 and platform_group_id = $2', [scope.workspaceId, pid]))[0]!.id);
  const g1 = await gid('rv-1'), g2 = await gid('rv-2');
  await db.query(`insert into pushes (workspace_id, group_id, account_id, text, state, platform_message_id, created_at) values ($1, $2, $3, '本周话题：大家最近在读什么书？', 'sent', 'rv-push-1', $4)`,
    [scope.workspaceId, g1, account.id, new Date(postAt)]);
  const drawAt = now - DAY;
  const [act] = await db.query<{ id: number }>(`insert into activities (workspace_id, group_id, kind, title, config, created_at) values ($1, $2, 'draw', '周五红包', '{}', $3) returning id`, [scope.workspaceId, g2, new Date(drawAt)]);
  const entrants = await db.query<{ id: number }>(
    `select member_id as id from member_identities where workspace_id = $1 and (platform_user_id like 'rv-2-u%' or platform_user_id = 'rv-hunter') order by member_id desc limit 8`, [scope.workspaceId]);
  for (const [i, e] of entrants.entries()) {
    await db.query('insert into activity_entries (workspace_id, activity_id, member_id, question, at) values ($1, $2, $3, 0, $4)', [scope.workspaceId, act!.id, e.id, new Date(drawAt + (i + 1) * 60_000)]);
  }
}

test('review console: engagement, retention cohorts, funnels and health with warnings, in Chinese, English and on a phone', async (t) => {
  const started = Date.now();
  const step = (what: string) => t.diagnostic(`${((Date.now() - started) / 1000).toFixed(1)} s ${what}`);
  const app = await startConsole({ name: 'review', owner: OWNER, timeoutMs: TIMEOUT, seed: seedCommunity });
  const { base } = app;
  step('community ingested, a push and a draw recorded; serving');
  try {
    const { page, problems } = await app.signedInPage({ width: 1440, height: 900 });

    await page.getByTestId('nav-review').click();
    const posts = page.getByTestId('review-posts');
    await posts.getByText('本周话题').waitFor();
    const responders = Number((await posts.locator('tbody tr.ant-table-row').first().locator('td').nth(2).innerText()).trim());
    assert.ok(responders > 0, `the push has responders (${responders})`);
    await page.getByTestId('review-chatter').locator('tbody tr').first().waitFor();
    await screenshot(page, 'review-engagement');
    step('engagement');

    await page.getByTestId('review-tab-retention').click();
    await page.getByTestId('review-cohorts').locator('tbody tr').first().waitFor();
    await page.getByTestId('review-heatmap').locator('canvas').first().waitFor();
    await page.waitForTimeout(500); // the charts' entry animation
    await screenshot(page, 'review-retention');
    step('retention');

    await page.getByTestId('review-tab-funnels').click();
    const sources = page.getByTestId('review-funnel-sources');
    await sources.locator('tbody tr').first().waitFor();
    assert.match(await sources.innerText(), /qr_code|post|referral|invite|callback/);
    await page.waitForTimeout(500);
    await screenshot(page, 'review-funnels');
    step('funnels');

    await page.getByTestId('review-tab-health').click();
    const health = page.getByTestId('review-health-table');
    await health.locator('tbody tr').first().waitFor();
    assert.equal(await health.locator('tbody tr.ant-table-row').count(), 6, 'a score per group');
    await page.getByTestId('review-warnings').getByText('周末徒步群').waitFor();
    await health.locator('tbody tr.ant-table-row').first().locator('.ant-table-row-expand-icon').click();
    await page.getByText(/兴趣 I \d\/5/).first().waitFor();
    await page.getByText('第 5–7 天没有人发言').first().waitFor();
    await screenshot(page, 'review-health');
    // The figures are a stored report: the tab says when they were computed, and recomputes on demand.
    await page.getByTestId('review-freshness').getByText(/数据更新于 \d{2}:\d{2}/).waitFor();
    const refreshed = page.waitForResponse((r) => r.url().endsWith('/api/review/refresh') && r.status() === 200);
    await page.getByTestId('review-refresh').click();
    await refreshed;
    await health.locator('tbody tr.ant-table-row').first().waitFor();
    step('health');

    await page.evaluate(() => localStorage.setItem('qy.lang', 'en'));
    await page.goto(`${base}/review/retention`);
    await page.getByText('Cohort retention (share who wrote in each period)').waitFor();
    await page.waitForTimeout(500);
    await screenshot(page, 'review-retention-en');

    const phone = await app.signedInPage({ width: 390, height: 844 });
    await phone.page.goto(`${base}/review/health`);
    await phone.page.getByTestId('review-health-table').locator('tbody tr').first().waitFor();
    const overflow = await phone.page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    assert.ok(overflow <= 1, `no sideways scrolling on a phone (${overflow} px)`);
    await screenshot(phone.page, 'review-health-phone');
    step('English and phone');
    assert.deepEqual([...problems, ...phone.problems], []);
  } finally {
    await app.close();
  }
});
