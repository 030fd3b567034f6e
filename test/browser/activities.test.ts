/**
 * Browser test of the activities console (issue #14 item 5), self-contained like console.test.ts:
 * a fresh embedded database in a temporary DATA_DIR with a simulated community
 * (`qunyun simulate`), then — through Qunyun's own code on that database, as the running product
 * would — members check in over six days (with a make-up card), a red-packet draw runs (commitment,
 * entries, a hunter left out, seed revealed), a poll is open with votes, and the trust and KOL jobs
 * run. Then `qunyun serve`, and in the browser: the activities list, starting a poll from the
 * console and closing it, the closed draw's result with its re-verification, the check-in
 * leaderboard, the daily card preview, the KOL page with coverage and a member's trust with its
 * reasons (Chinese, then the KOL page in English). Screenshots go to screenshots/activities-*.png
 * and the rendered daily card itself to screenshots/activities-daily-card.png.
 *
 *   node scripts/test.ts test/browser/activities.test.ts
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import type { Database } from '../../src/db/database.ts';
import type { PlatformEventInput } from '../../src/events/envelope.ts';
import { appendBatch, IdentityCache } from '../../src/events/ingest.ts';
import { projectPending } from '../../src/events/projector.ts';
import { reactPending } from '../../src/events/reactors.ts';
import { runKolReview } from '../../src/activities/kol-store.ts';
import { closeActivity, createActivity, makeActivitiesReactor } from '../../src/activities/store.ts';
import { updateTrustLevels } from '../../src/activities/trust-store.ts';
import { startConsole } from '../support/browser.ts';
import { qunyun } from '../support/qunyun-process.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCREENSHOTS = process.env.QUNYUN_SCREENSHOTS ?? join(ROOT, 'screenshots');
const OWNER = { email: 'owner@example.com', password: 'correct horse battery staple', name: 'Owner' };
const TIMEOUT = 20_000;
const HOUR = 3_600_000;

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `activities-${name}.png`), fullPage: true });
}

/** Check-ins, a closed draw, an open poll, trust levels and a KOL review, through the product's code. */
async function runActivities(db: Database): Promise<{ drawTitle: string }> {
  const [ws] = await db.query<{ id: number; timezone: string }>(
    `select w.id, w.timezone from workspaces w where exists (select 1 from groups g where g.workspace_id = w.id) order by w.id limit 1`);
  const workspaceId = Number(ws!.id);
  const [acc] = await db.query<{ id: number }>(`select id from platform_accounts where workspace_id = $1 and platform = 'sandbox' order by id limit 1`, [workspaceId]);
  const scope = { workspaceId, accountId: Number(acc!.id), timezone: ws!.timezone };
  const [group] = await db.query<{ id: number; platform_group_id: string }>(
    `select g.id, g.platform_group_id from groups g where g.workspace_id = $1 order by g.member_count desc limit 1`, [workspaceId]);
  const people = await db.query<{ member_id: number; platform_user_id: string }>(
    `select mi.member_id, mi.platform_user_id from member_identities mi
     join memberships ms on ms.workspace_id = mi.workspace_id and ms.member_id = mi.member_id and ms.group_id = $2 and ms.active
     where mi.workspace_id = $1 and mi.account_id = $3 and not mi.is_bot order by mi.member_id limit 12`, [workspaceId, group!.id, scope.accountId]);
  assert.ok(people.length >= 10, 'the simulated group has members');
  const reactor = makeActivitiesReactor({ replyHorizonMs: Number.POSITIVE_INFINITY });
  await reactPending(db, workspaceId, [reactor]);
  const cache = new IdentityCache();
  let n = 0;
  const msg = (uid: string, text: string, at: number): PlatformEventInput =>
    ({ type: 'message', eventId: `act-e2e-${++n}`, occurredAt: new Date(at).toISOString(), groupId: group!.platform_group_id, messageId: `act-e2e-m${n}`, userId: uid, text });
  const now = Date.now();
  const events: PlatformEventInput[] = [];
  for (let d = 5; d >= 0; d--) {
    for (const [i, p] of people.slice(0, 6).entries()) {
      if (i === 2 && d === 2) continue; // a missed day, made up below
      if (i >= 4 && d > 2) continue;    // later starters
      events.push(msg(p.platform_user_id, '打卡', now - d * 24 * HOUR - (i + 1) * 60_000 - HOUR));
    }
  }
  events.push(msg(people[2]!.platform_user_id, '补卡', now - HOUR + 30_000));
  // A red-packet hunter: in the group for the red packets only (a claim before the draw, then the entry word).
  events.push({ ...msg('act-e2e-hunter', '', now - 2 * HOUR), kind: 'red_packet' } as PlatformEventInput);
  await appendBatch(db, scope, events, cache);
  await projectPending(db, workspaceId);
  await reactPending(db, workspaceId, [reactor]);

  const drawTitle = '周五红包';
  const draw = await db.transaction((tx) => createActivity(tx, workspaceId, {
    kind: 'draw', groupId: Number(group!.id), title: drawTitle,
    config: { keyword: '抽奖', winners: 3, totalCents: 888, prize: '', eligibility: { activeWithinDays: 30, excludeBanned: true, excludeHunters: true, hunterMinOtherMessages: 1 } },
  }, { createdBy: null, origin: 'e2e', now: new Date(now - 40 * 60_000) }));
  const poll = await db.transaction((tx) => createActivity(tx, workspaceId, {
    kind: 'poll', groupId: Number(group!.id), title: '下次读书会读什么？', config: { options: ['《活着》', '《三体》', '《人类简史》'] },
  }, { createdBy: null, origin: 'e2e', now: new Date(now - 30 * 60_000) }));
  void poll;
  const entries = [...people.slice(0, 9).map((p, i) => msg(p.platform_user_id, '抽奖', now - 20 * 60_000 + i * 1000)), msg('act-e2e-hunter', '抽奖', now - 19 * 60_000)];
  const votes = people.slice(0, 7).map((p, i) => msg(p.platform_user_id, String((i % 3) + 1), now - 10 * 60_000 + i * 1000));
  await appendBatch(db, scope, [...entries, ...votes], cache);
  await projectPending(db, workspaceId);
  await reactPending(db, workspaceId, [reactor]);
  await db.transaction((tx) => closeActivity(tx, workspaceId, draw.id));
  await updateTrustLevels(db, workspaceId);
  await runKolReview(db, workspaceId);
  return { drawTitle };
}

test('activities console: activities, a poll started and closed, a verified draw, leaderboard, daily card, KOLs and trust', async (t) => {
  const started = Date.now();
  const step = (what: string) => t.diagnostic(`${((Date.now() - started) / 1000).toFixed(1)} s ${what}`);
  let drawTitle = '';
  const app = await startConsole({
    name: 'activities', owner: OWNER, timeoutMs: TIMEOUT,
    prepare: async (dataDir) => { await qunyun(dataDir, ['simulate', '--groups', '4', '--days', '10', '--seed', '9', '--no-progress']); },
    seed: async (db) => { ({ drawTitle } = await runActivities(db)); },
  });
  const { base } = app;
  step('community simulated; check-ins, a draw, a poll, trust and KOLs run; serving');
  try {
    const { page, problems } = await app.signedInPage({ width: 1440, height: 900 });

    // The list, from the menu.
    await page.getByTestId('nav-activities').click();
    const table = page.getByTestId('activity-table');
    await table.getByText(drawTitle).waitFor();
    await shot(page, 'list');

    // Start a poll from the console, then close it: the result and its posts.
    await page.getByTestId('activity-new').click();
    await page.getByRole('dialog').getByText('投票', { exact: true }).click();
    await page.getByTestId('activity-group').click();
    await page.locator('.ant-select-item-option').first().click();
    await page.getByTestId('activity-title').fill('周末去哪儿？');
    await page.getByRole('dialog').getByLabel('选项').fill('爬山\n看电影\n读书');
    await shot(page, 'start-poll');
    await page.getByTestId('activity-submit').click();
    const detail = page.getByTestId('activity-detail');
    await detail.getByText('周末去哪儿？').or(detail.getByText('进行中')).first().waitFor();
    await detail.getByText('投票：周末去哪儿？', { exact: false }).waitFor();
    await page.getByTestId('activity-close').click();
    await detail.getByText('投票结果', { exact: true }).waitFor();
    await shot(page, 'poll-closed');
    await page.keyboard.press('Escape');
    step('poll started and closed from the console');

    // The draw: winners, the hunter left out, seed and commitment, re-verified.
    await table.getByText(drawTitle).click();
    await detail.getByText(/^已验证/).waitFor();
    await detail.getByText('只抢红包').waitFor();
    assert.match(await detail.innerText(), /开奖种子/);
    await shot(page, 'draw-result');
    await page.keyboard.press('Escape');
    step('draw result verified');

    await page.getByTestId('activities-tab-leaderboard').click();
    const board = page.getByTestId('leaderboard-table');
    await board.locator('tbody tr').first().waitFor();
    const firstRow = await board.locator('tbody tr').first().innerText();
    assert.match(firstRow, /\b6\b/, `the top streak is six days: ${firstRow}`);
    await shot(page, 'leaderboard');

    await page.getByTestId('activities-tab-card').click();
    await page.getByTestId('card-render').click();
    // The server's PNG is 750 px wide: loaded, not a broken image.
    const card = page.getByTestId('daily-card');
    for (let i = 0; ; i++) {
      const width = await card.evaluate((img) => ((img as unknown as { complete: boolean; naturalWidth: number }).complete ? (img as unknown as { naturalWidth: number }).naturalWidth : 0));
      if (width === 750) break;
      assert.ok(i < 80, `the daily card did not load (width ${width})`);
      await new Promise((r) => setTimeout(r, 250));
    }
    await shot(page, 'daily-card-preview');
    const png = await page.request.get(`${base}/api/daily-card.png?day=2026-02-17&name=${encodeURIComponent('张晓燕')}&text=${encodeURIComponent('新春快乐，万事顺意！')}`);
    assert.equal(png.status(), 200);
    assert.equal(png.headers()['content-type'], 'image/png');
    writeFileSync(join(SCREENSHOTS, 'activities-daily-card.png'), await png.body());
    step('leaderboard and daily card');

    await page.getByTestId('nav-kols').click();
    await page.getByTestId('kol-coverage').locator('tbody tr').first().waitFor();
    await shot(page, 'kols');
    await page.getByTestId('kol-candidates').or(page.getByTestId('kol-table')).first().locator('tbody tr a').first().click();
    await page.getByTestId('trust-level').waitFor();
    await shot(page, 'trust');
    await page.keyboard.press('Escape');
    await page.evaluate(() => localStorage.setItem('qy.lang', 'en'));
    await page.reload();
    await page.getByText('KOL coverage per group').waitFor();
    await shot(page, 'kols-en');
    step('KOLs and trust');
    assert.deepEqual(problems, []);
  } finally {
    await app.close();
  }
});
