/**
 * Browser test of the 复盘 page (issue #17 item 8), self-contained like activities.test.ts: a
 * fresh embedded database with a simulated community (`qunyun simulate`, 8 groups over 35 days:
 * some die young), one of its replied-to messages recorded as an operator's push, then `qunyun
 * serve` and, in the browser, each tab from the menu: engagement (the push and its responders),
 * retention (cohort heat map and curves), funnels (by source), health (scores with their parts and
 * the dead-group warnings); the retention tab again in English and the health tab on a phone
 * (390 px). Screenshots go to screenshots/review-*.png.
 *
 *   node scripts/test.ts test/browser/review.test.ts
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, ensureChromium } from '../../scripts/ensure-chromium.ts';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import { openDatabase } from '../../src/db/database.ts';
import { consolePage, screenshot } from '../support/browser.ts';
import { qunyun, serve, type RunningServer } from '../support/qunyun-process.ts';

const OWNER = { email: 'owner@example.com', password: 'correct horse battery staple', name: 'Owner' };
const TIMEOUT = 30_000;

async function signIn(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByTestId('login-email').fill(OWNER.email);
  await page.getByTestId('login-password').fill(OWNER.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-menu').waitFor();
}

test('review console: engagement, retention cohorts, funnels and health with warnings, in Chinese, English and on a phone', async (t) => {
  const started = Date.now();
  const step = (what: string) => t.diagnostic(`${((Date.now() - started) / 1000).toFixed(1)} s ${what}`);
  const executablePath = ensureChromium();
  ensureWebBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'qunyun-review-'));
  let server: RunningServer | undefined;
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  try {
    await qunyun(dataDir, ['simulate', '--groups', '8', '--days', '35', '--seed', '17', '--no-progress']);
    await qunyun(dataDir, ['user', 'create', '--email', OWNER.email, '--name', OWNER.name, '--password', OWNER.password]);
    const db = await openDatabase({ dataDir });
    try {
      // The most replied-to message of the last two weeks, recorded as the operator's push.
      const [m] = await db.query<{ ws: number; g: number; acc: number; mid: string; at: Date }>(
        `select e.workspace_id as ws, e.group_id as g, e.account_id as acc, e.message_id as mid, e.occurred_at as at from events e
         where e.type = 'message' and e.occurred_at > now() - interval '14 days'
         order by (select count(*) from events r where r.workspace_id = e.workspace_id and r.group_id = e.group_id and r.type = 'message' and r.payload->>'replyTo' = e.message_id) desc, e.seq
         limit 1`);
      assert.ok(m, 'the simulation wrote messages');
      await db.query(`insert into pushes (workspace_id, group_id, account_id, text, state, platform_message_id, created_at) values ($1, $2, $3, '本周话题：大家最近在读什么书？', 'sent', $4, $5)`,
        [m.ws, m.g, m.acc, m.mid, m.at]);
    } finally {
      await db.close();
    }
    step('community simulated, a push recorded');
    server = await serve(dataDir);
    const base = server.url;
    const { page, problems } = await consolePage(browser, { width: 1440, height: 900 }, TIMEOUT);
    await signIn(page, base);

    await page.getByTestId('nav-review').click();
    const posts = page.getByTestId('review-posts');
    await posts.getByText('本周话题').waitFor();
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
    assert.equal(await health.locator('tbody tr.ant-table-row').count(), 8, 'a score per group');
    await page.getByTestId('review-warnings').or(page.getByText('没有需要预警的新群')).first().waitFor();
    await health.locator('tbody tr.ant-table-row').first().locator('.ant-table-row-expand-icon').click();
    await page.getByText(/兴趣 I \d\/5/).first().waitFor();
    await screenshot(page, 'review-health');
    step('health');

    await page.evaluate(() => localStorage.setItem('qy.lang', 'en'));
    await page.goto(`${base}/review/retention`);
    await page.getByText('Cohort retention (share who wrote in each period)').waitFor();
    await page.waitForTimeout(500);
    await screenshot(page, 'review-retention-en');

    const phone = await consolePage(browser, { width: 390, height: 844 }, TIMEOUT);
    await signIn(phone.page, base);
    await phone.page.goto(`${base}/review/health`);
    await phone.page.getByTestId('review-health-table').locator('tbody tr').first().waitFor();
    const overflow = await phone.page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    assert.ok(overflow <= 1, `no sideways scrolling on a phone (${overflow} px)`);
    await screenshot(phone.page, 'review-health-phone');
    step('English and phone');
    assert.deepEqual([...problems, ...phone.problems], []);
  } finally {
    await browser.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
