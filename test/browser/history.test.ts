/**
 * Browser test of a long history (issue #12 item 6, "the group page shows a 4-year history by
 * month"): writes a Telegram export of one group whose 4 years of messages ended about a year ago,
 * imports it with `qunyun import telegram`, serves it, and in Chromium opens the group's page,
 * chooses "all history" and checks that the activity chart is drawn by month, from the group's
 * first day, with a point per month; and that the page says its figures are measured at its last
 * activity. Screenshots: history-group-all.png (and -30d) in the folder of console.test.ts.
 *
 * The export is generated here (deterministic), so the test needs no data from outside the repository.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, ensureChromium } from '../../scripts/ensure-chromium.ts';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import { qunyun, serve, type RunningServer } from '../support/qunyun-process.ts';

// Not imported from console.test.ts: importing a test file would run its test too.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCREENSHOTS = process.env.QUNYUN_SCREENSHOTS ?? join(ROOT, 'screenshots');
const CREDENTIALS = { email: 'owner@example.com', name: 'Owner', password: 'correct horse battery staple' };

async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

const DAY = 86_400;

/** A single-chat export: 6 members joining in turn, messages on most days for 4 years, ending ~400 days ago. */
function writeExport(path: string): { first: string; last: string; messages: number } {
  const now = Math.floor(Date.now() / 1000);
  const end = now - 400 * DAY;
  const start = end - 4 * 365 * DAY;
  const users = ['Ada', 'Bo', '陈一', 'Dee', 'Eli', '方舟'].map((name, i) => ({ name, id: `user${1000 + i}` }));
  const messages: object[] = [];
  let id = 0, seed = 5, count = 0;
  const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  users.forEach((u, i) => messages.push({
    id: ++id, type: 'service', date_unixtime: String(start + i * 20 * DAY), actor: u.name, actor_id: u.id, action: 'join_group_by_link', inviter: 'Group', text: '',
  }));
  for (let t = start + DAY / 2; t <= end; t += DAY) {
    if (rand() < 0.3) continue;
    const n = 1 + Math.floor(rand() * 5);
    for (let k = 0; k < n; k++) {
      const u = users[Math.floor(rand() * users.length)]!;
      messages.push({ id: ++id, type: 'message', date_unixtime: String(t + k * 60), from: u.name, from_id: u.id, text: `message ${id}` });
      count++;
    }
  }
  messages.sort((a, b) => Number((a as { date_unixtime: string }).date_unixtime) - Number((b as { date_unixtime: string }).date_unixtime));
  writeFileSync(path, JSON.stringify({ name: '四年老群 Four years', type: 'private_supergroup', id: 4_040_404, messages }, null, 1));
  const day = (s: number) => new Date(s * 1000).toISOString().slice(0, 10);
  return { first: day(start), last: day(end), messages: count };
}

test('the group page shows a 4-year history by month', { timeout: 300_000 }, async (t) => {
  const executablePath = ensureChromium();
  ensureWebBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'qunyun-history-'));
  let server: RunningServer | undefined;
  try {
    const file = join(dataDir, 'result.json');
    const made = writeExport(file);
    const printed = await qunyun(dataDir, ['import', 'telegram', file, '--no-progress']);
    t.diagnostic(printed.trim().split('\n').at(-1) ?? '');
    await qunyun(dataDir, ['user', 'create', '--email', CREDENTIALS.email, '--name', CREDENTIALS.name, '--password', CREDENTIALS.password]);
    server = await serve(dataDir);
    const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
    try {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('response', (response) => {
        if (response.status() >= 500) problems.push(`${response.request().method()} ${response.url()} answered ${response.status()}`);
      });
      await page.goto(`${server.url}/login`);
      await page.getByTestId('login-email').fill(CREDENTIALS.email);
      await page.getByTestId('login-password').fill(CREDENTIALS.password);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('user-menu').waitFor();
      const groups = await (await page.request.get(`${server.url}/api/groups`)).json() as { items: Array<{ id: number; name: string }> };
      assert.equal(groups.items.length, 1);
      const id = groups.items[0]!.id;

      await page.goto(`${server.url}/groups/${id}`);
      const activity = page.getByTestId('group-activity');
      await activity.waitFor();
      assert.equal(await activity.getAttribute('data-grain'), 'day');
      assert.equal(await activity.getAttribute('data-points'), '30');
      // Archived: figures measured at its last activity, and the page says so.
      const measured = page.getByTestId('group-measured-at');
      await measured.waitFor();
      assert.match(await measured.innerText(), /\d{4}-\d{2}-\d{2}/);
      await screenshot(page, 'history-group-30d');

      const answered = page.waitForResponse((r) => /\/api\/groups\/\d+\?.*all=true/.test(r.url()) && r.status() === 200);
      await page.getByTestId('group-range-all').click();
      const detail = await (await answered).json() as { grain: string; firstDay: string; series: Array<{ day: string; messages: number }> };
      await page.locator('[data-testid="group-activity"][data-grain="month"]').waitFor();
      const points = Number(await activity.getAttribute('data-points'));
      // From the first day (the first join) to today: about 5 years and 2 months, one point per month.
      const months = (Date.parse(`${new Date().toISOString().slice(0, 7)}-01`) - Date.parse(`${made.first.slice(0, 7)}-01`)) / (30.44 * DAY * 1000);
      assert.ok(Math.abs(points - (Math.round(months) + 1)) <= 1, `${points} points for about ${Math.round(months) + 1} months`);
      assert.ok(points >= 48, 'at least 4 years of months');
      assert.equal(detail.grain, 'month');
      assert.equal(await activity.getAttribute('data-first'), detail.firstDay);
      assert.equal(detail.series.reduce((s, p) => s + p.messages, 0), made.messages, 'every imported message is in the months');
      assert.equal(detail.series.filter((p) => p.messages > 0).length >= 48, true, 'four years of months with messages');
      await page.getByTestId('chart-group-activity').locator('canvas').first().waitFor();
      // The range picker shows where all history starts.
      assert.equal(await page.getByTestId('group-range').locator('input').first().inputValue(), detail.firstDay);
      await page.waitForTimeout(600); // chart animation
      const shot = await screenshot(page, 'history-group-all');
      t.diagnostic(`screenshot ${shot}`);

      // The console may override the grain: by week, the same history in weeks.
      await page.getByTestId('group-range-grain').getByText('按周').click();
      await page.locator('[data-testid="group-activity"][data-grain="week"]').waitFor();
      assert.ok(Number(await activity.getAttribute('data-points')) > 4 * 52);
      assert.deepEqual(problems, [], 'no page errors and no 5xx answers');
    } finally {
      await browser.close();
    }
  } finally {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
