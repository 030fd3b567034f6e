/**
 * Browser test of the content calendar console (issue #16), self-contained like activities.test.ts:
 * a simulated community (`qunyun simulate`) in a temporary DATA_DIR, then — through Qunyun's own
 * code on that database — the demo's content plan (seedDemoContent), an A/B test of members
 * started three hours ago whose B text drew more answers (messages ingested as the platform would
 * report them), and a live session two hours ago that the content tick ran step by step, with
 * members speaking and asking. Then `qunyun serve`, and in the browser: the week's calendar (an
 * entry dragged to another cell and found there after a reload), a group's best times, the A/B result with its verdict
 * in Chinese and English, the live session's report, and the calendar as a list per day on a
 * phone. Screenshots go to screenshots/content-*.png.
 *
 *   node scripts/test.ts test/browser/content.test.ts
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, ensureChromium } from '../../scripts/ensure-chromium.ts';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import { seedDemoContent } from '../../src/content/demo.ts';
import { defaultScript } from '../../src/content/live.ts';
import { createLiveSession, runContentTick } from '../../src/content/store.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import type { PlatformEventInput } from '../../src/events/envelope.ts';
import { appendBatch, IdentityCache } from '../../src/events/ingest.ts';
import { projectPending } from '../../src/events/projector.ts';
import { createExperiment, startExperiment } from '../../src/experiments/store.ts';
import { consolePage, signIn } from '../support/browser.ts';
import { qunyun, serve, type RunningServer } from '../support/qunyun-process.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCREENSHOTS = process.env.QUNYUN_SCREENSHOTS ?? join(ROOT, 'screenshots');
const OWNER = { email: 'owner@example.com', password: 'correct horse battery staple', name: 'Owner' };
const TIMEOUT = 20_000;
const MIN = 60_000;

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `content-${name}.png`), fullPage: true });
}

async function prepare(db: Database): Promise<{ experiment: string; live: string }> {
  const [ws] = await db.query<{ id: number; timezone: string }>(
    `select w.id, w.timezone from workspaces w where exists (select 1 from groups g where g.workspace_id = w.id) order by w.id limit 1`);
  const workspaceId = Number(ws!.id);
  const [acc] = await db.query<{ id: number }>(`select id from platform_accounts where workspace_id = $1 and platform = 'sandbox' order by id limit 1`, [workspaceId]);
  const scope = { workspaceId, accountId: Number(acc!.id), timezone: ws!.timezone };
  const now = Date.now();
  await seedDemoContent(db, workspaceId, new Date(now));

  // An A/B test of members, three hours ago: B's text drew answers from 45% of its members, A's from 12%.
  const t0 = new Date(now - 3 * 60 * MIN);
  const e = await createExperiment(db, workspaceId, {
    name: '打卡文案', unit: 'member', category: 'activity', holdoutShare: 0.1, windowHours: 2,
    variants: [{ name: 'A', text: '明天开始打卡挑战' }, { name: 'B', text: '明天开始打卡挑战，连续 3 天送书！' }],
  }, null);
  await startExperiment(db, workspaceId, e.id, { groupIds: (await db.query<{ id: number }>('select id from groups where workspace_id = $1', [workspaceId])).map((g) => Number(g.id)) }, t0);
  const units = await db.query<{ arm: string; pid: string; gid: string }>(
    `select a.arm, mi.platform_user_id as pid, g.platform_group_id as gid from experiment_assignments a
     join member_identities mi on mi.workspace_id = a.workspace_id and mi.member_id = a.unit_id and mi.account_id = $3
     join groups g on g.workspace_id = a.workspace_id and g.id = a.group_id
     where a.workspace_id = $1 and a.experiment_id = $2 order by a.unit_id`, [workspaceId, e.id, scope.accountId]);
  assert.ok(units.length >= 100, `members in the experiment: ${units.length}`);
  const cache = new IdentityCache();
  let n = 0;
  const msg = (gid: string, uid: string, at: number, text: string, extra: Record<string, unknown> = {}): PlatformEventInput =>
    ({ type: 'message', eventId: `content-e2e-${++n}`, occurredAt: new Date(at).toISOString(), groupId: gid, messageId: `content-e2e-m${n}`, userId: uid, text, ...extra }) as PlatformEventInput;
  const answers: PlatformEventInput[] = [];
  units.forEach((u, i) => {
    const share = u.arm === 'B' ? 0.45 : 0.12;
    if ((i * 7919) % 100 < share * 100) answers.push(msg(u.gid, u.pid, t0.getTime() + 20 * MIN + (i % 60) * 1000, '好的，报名！'));
  });

  // A live session two hours ago in the busiest group, run by the content tick step by step.
  const [group] = await db.query<{ id: number; pid: string }>(`select id, platform_group_id as pid from groups where workspace_id = $1 order by member_count desc limit 1`, [workspaceId]);
  const start = now - 2 * 60 * MIN;
  const live = await createLiveSession(db, workspaceId, { title: '私域冷启动分享', groupIds: [Number(group!.id)], startsAt: new Date(start).toISOString(), steps: defaultScript('私域冷启动分享', '王老师') }, null);
  const speakers = units.filter((u) => u.gid === group!.pid).slice(0, 6);
  answers.push(
    msg(group!.pid, speakers[0]!.pid, start + 4 * MIN, '王老师讲得好'),
    msg(group!.pid, speakers[1]!.pid, start + 16 * MIN, '请问冷启动要准备多少种子用户？'),
    msg(group!.pid, speakers[2]!.pid, start + 17 * MIN, '怎么让新人第一天就开口？'),
    msg(group!.pid, speakers[3]!.pid, start + 18 * MIN, '学到了'),
    msg(group!.pid, speakers[4]!.pid, start + 23 * MIN, '福利怎么领？'),
  );
  await appendBatch(db, scope, answers, cache);
  await projectPending(db, workspaceId);
  for (const m of [-60, 0, 2, 15, 22, 60]) await runContentTick(db, workspaceId, new Date(start + m * MIN));
  return { experiment: e.name, live: live.title };
}

test('content console: the week calendar with drag and drop, an A/B verdict, a live-session report, the phone list', async (t) => {
  const started = Date.now();
  const step = (what: string) => t.diagnostic(`${((Date.now() - started) / 1000).toFixed(1)} s ${what}`);
  const executablePath = ensureChromium();
  ensureWebBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'qunyun-content-'));
  let server: RunningServer | undefined;
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  try {
    await qunyun(dataDir, ['simulate', '--groups', '4', '--days', '7', '--seed', '11', '--no-progress']);
    await qunyun(dataDir, ['user', 'create', '--email', OWNER.email, '--name', OWNER.name, '--password', OWNER.password]);
    const db = await openDatabase({ dataDir });
    let names: { experiment: string; live: string };
    try {
      names = await prepare(db);
    } finally {
      await db.close();
    }
    step('community simulated; content plan, an A/B test and a live session run');
    server = await serve(dataDir);
    const base = server.url;
    const { page, problems } = await consolePage(browser, { width: 1440, height: 900 }, TIMEOUT);
    await signIn(page, base, OWNER);

    // The calendar from the menu: the week's matrix of the layer.
    await page.getByTestId('nav-content').click();
    const grid = page.getByTestId('calendar-grid');
    await grid.getByText('今日开场').first().waitFor();
    await shot(page, 'calendar');
    // Drag the first planned entry with a theme of the week to another cell (native HTML5 drag and drop).
    const entry = grid.locator('[data-testid^="entry-"][draggable="true"]').first();
    const id = (await entry.getAttribute('data-testid'))!;
    const theme = await entry.innerText();
    const targets = grid.locator('td[data-testid^="cell-"]');
    let target = targets.last();
    if ((await target.locator(`[data-testid="${id}"]`).count()) > 0) target = targets.nth(Math.max(0, (await targets.count()) - 2));
    const cell = (await target.getAttribute('data-testid'))!;
    await entry.dragTo(target);
    await page.locator('.ant-message').getByText(/已改到/).waitFor();
    await page.reload();
    await page.getByTestId(cell).getByTestId(id).waitFor();
    assert.equal(await page.getByTestId(cell).getByTestId(id).innerText(), theme);
    await shot(page, 'calendar-moved');
    step('calendar shown; an entry dragged to another cell');

    // Best times of a group: suggested slots from its members' answers.
    const best = page.getByTestId('best-time');
    await best.locator('.ant-select').click();
    await page.locator('.ant-select-item-option').first().click();
    await best.locator('.ant-tag').filter({ hasText: /:00$/ }).first().waitFor();
    await best.scrollIntoViewIfNeeded();
    await shot(page, 'best-time');

    // The A/B result and its verdict.
    await page.getByTestId('content-tab-experiments').click();
    await page.getByTestId('experiment-table').getByText(names.experiment).click();
    const verdict = page.getByTestId('experiment-verdict');
    await verdict.waitFor();
    assert.match(await verdict.innerText(), /B 的回复率比 A 高 [\d.]+ 个百分点.*可以采用 B/s);
    assert.match(await page.getByTestId('experiment-result').innerText(), /对照组（不推送）/);
    await page.waitForTimeout(600); // the drawer's slide-in
    await shot(page, 'ab-result');
    await page.keyboard.press('Escape');
    step('A/B verdict shown');

    // The live session's report.
    await page.getByTestId('content-tab-live').click();
    await page.getByTestId('live-table').getByText(names.live).click();
    const report = page.getByTestId('live-report');
    await report.getByText('发言人数').waitFor();
    const text = await report.innerText();
    assert.match(text, /9 \/ 35/);
    assert.match(text, /请问冷启动要准备多少种子用户？/);
    await shot(page, 'live-report');
    await page.keyboard.press('Escape');

    // English: the verdict in English.
    const en = await consolePage(browser, { width: 1440, height: 900 }, TIMEOUT);
    await en.page.addInitScript(() => localStorage.setItem('qy.lang', 'en'));
    await signIn(en.page, base, OWNER);
    await en.page.goto(`${base}/content/experiments`);
    await en.page.getByTestId('experiment-table').getByText(names.experiment).click();
    const enVerdict = en.page.getByTestId('experiment-verdict');
    await enVerdict.waitFor();
    await en.page.waitForTimeout(600);
    assert.match(await enVerdict.innerText(), /B's response rate is [\d.]+ percentage points higher than A's.*adopt B/s);
    await shot(en.page, 'ab-result-en');
    await en.page.close();

    // A phone: the week as a list per day.
    const phone = await consolePage(browser, { width: 390, height: 844 }, TIMEOUT);
    await signIn(phone.page, base, OWNER);
    await phone.page.goto(`${base}/content`);
    await phone.page.getByTestId('calendar-list').getByText('今日开场').first().waitFor();
    await shot(phone.page, 'calendar-phone');
    await phone.page.close();
    step('report, English verdict and phone list shown');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
