/**
 * Browser test of pushes (issue #16 items 1, 3, 4, 8), on a real server (`qunyun serve` on a fresh
 * DATA_DIR) and the sandbox platform on loopback. In Chinese at 1366×900 (the list also at 390×844):
 *   adds content to the library, schedules a push of it to the group with an explicit override
 *   of the calendar rules (so the test runs at any hour) and a reason, sees it sent by the
 *   dispatcher; members reply, react and one leaves; the push shows its reach, response and
 *   fatigue; the guard-rail settings are saved. axe-core finds no serious violation on the page.
 * Screenshots go to screenshots/pushes-<step>.png (QUNYUN_SCREENSHOTS).
 *
 *   node scripts/test.ts test/browser/pushes.test.ts
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, ensureChromium } from '../../scripts/ensure-chromium.ts';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import { createSandboxPlatform } from '../../src/platform-sandbox/index.ts';
import { connectSandbox, platformActionsOk as platformActions, setUpOwner, screenshot, waitFor as poll } from '../support/browser.ts';
import { serve, type RunningServer } from '../support/qunyun-process.ts';

const OWNER = { email: 'owner@example.com', password: 'correct horse battery staple', name: '店长', workspace: '鲜果铺' };
const TIMEOUT = 30_000;
const shot = (page: Page, step: string): Promise<void> => screenshot(page, `pushes-${step}`);
const waitFor = <T,>(what: string, probe: () => Promise<T | undefined>, timeoutMs = TIMEOUT): Promise<T> => poll(what, probe, timeoutMs, 300);

const AXE = fileURLToPath(import.meta.resolve('axe-core/axe.min.js'));
async function axeSerious(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (o: object) => Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const r = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, target: JSON.stringify(v.nodes[0]?.target) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}) at ${v.target}`);
}

interface PushRow { id: number; reach: Array<{ channel: string; sent: number; membersReached: number }>; response: { responders: number; responseRate: number | null; leaves: number } }

test('pushes in the console: content library, a scheduled push with an override, its reach, response and fatigue, guard rails', { timeout: 300_000 }, async (t) => {
  const started = Date.now();
  const step = (what: string) => t.diagnostic(`${((Date.now() - started) / 1000).toFixed(1)} s ${what}`);
  const executablePath = ensureChromium();
  ensureWebBuilt();

  const platform = createSandboxPlatform({ seed: 16, faults: { duplicateRate: 0, reorderWindow: 0 } });
  const platformUrl = await platform.listen(0, '127.0.0.1');
  const account = 'bot-push';
  const bot = platform.addAccount({ id: account, name: '群运机器人' });
  const groupName = '鲜果铺会员 1 群';
  await platformActions(platformUrl, account, [
    { type: 'create_group', key: 'g', account, ownerId: 'owner', ownerName: '群主', name: groupName, capacity: 500 },
    ...['老王', '李雷', '韩梅梅', '小张'].map((name, i) => ({ type: 'join', key: `j${i}`, groupId: 'g', userId: `u${i}`, name, source: 'qr_code' })),
    { type: 'message', key: 'm-before', groupId: 'g', userId: 'u3', text: '大家好' },
  ]);

  const dataDir = mkdtempSync(join(tmpdir(), 'qunyun-pushes-'));
  let server: RunningServer | undefined;
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  try {
    server = await serve(dataDir, { OUTBOUND_ALLOW_PRIVATE: '127.0.0.1' });
    const base = server.url;
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', bypassCSP: true });
    await context.addInitScript(() => { if (!localStorage.getItem('qy.lang')) localStorage.setItem('qy.lang', 'zh-CN'); });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('response', (r) => { if (r.status() >= 500) problems.push(`${r.request().method()} ${r.url()} answered ${r.status()}`); });

    await setUpOwner(page, base, OWNER);
    await page.getByTestId('user-menu').waitFor();
    await connectSandbox(page, base, platformUrl, bot.token);
    await waitFor('the group', async () => {
      const body = (await (await page.request.get(`${base}/api/groups?q=${encodeURIComponent(groupName)}`)).json()) as { items: Array<{ id: number; name: string; memberCount?: number }> };
      return body.items.find((g) => g.name === groupName);
    });
    step('account connected, group arrived');

    // 1. Content library: a professional topic with a variable and a link.
    await page.getByTestId('nav-pushes').click();
    await page.getByRole('tab', { name: '内容库' }).click();
    await page.getByTestId('content-new').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('标题').fill('本周干货：水果保鲜');
    await dialog.getByLabel('内容', { exact: true }).fill('{group} 的朋友们，本周干货：水果怎么保鲜？');
    await dialog.getByLabel('图片与链接').fill('https://example.org/fresh');
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByTestId('content-table').getByText('本周干货：水果保鲜').waitFor();
    await shot(page, '1-library');
    step('content added');

    // 2. A push of it to the group, with the calendar rules lifted explicitly.
    await page.getByRole('tab', { name: '推送' }).first().click();
    await page.getByTestId('push-new').click();
    const form = page.getByTestId('push-form');
    await form.getByLabel('从内容库选择').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '本周干货：水果保鲜' }).click();
    await form.getByLabel('目标群').click();
    await page.locator('.ant-select-item-option').filter({ hasText: groupName }).click();
    await form.getByLabel('目标群').press('Escape');
    await form.getByText('免打扰时段').click();
    await form.getByText('法定节假日').click();
    await form.getByLabel('放行理由').fill('测试在任何时间运行');
    await shot(page, '2-new-push');
    await page.getByRole('button', { name: '排期推送' }).click();
    await page.getByTestId('push-table').getByText('本周干货：水果保鲜').waitFor();
    const push = await waitFor('the push to be sent', async () => {
      const body = (await (await page.request.get(`${base}/api/pushes`)).json()) as { items: PushRow[] };
      return body.items.find((p) => p.reach.some((r) => r.channel === 'group_post' && r.sent === 1));
    }, 60_000);
    step('push sent');

    // 3. Members answer, one leaves: response and fatigue of the push.
    const feed = (await (await fetch(`${platformUrl}/client/feed?${new URLSearchParams({ since: '0', invitesSince: '0', account })}`)).json()) as { result: { posts: Array<{ text: string; messageId: string }> } };
    const posted = feed.result.posts.find((p) => p.text.includes('水果怎么保鲜'));
    assert.ok(posted, 'the bot posted the push');
    assert.match(posted.text, new RegExp(`^${groupName} 的朋友们`), 'the {group} variable was filled in');
    assert.match(posted.text, /https:\/\/example\.org\/fresh/);
    await platformActions(platformUrl, account, [
      { type: 'message', key: 'r1', groupId: 'g', userId: 'u1', text: '放冰箱冷藏就好', replyTo: posted.messageId },
      { type: 'reaction', key: 'r2', groupId: 'g', userId: 'u2', messageId: posted.messageId, emoji: '👍' },
      { type: 'leave', key: 'l1', groupId: 'g', userId: 'u0' },
    ]);
    const figures = await waitFor('the response and the leave to count', async () => {
      const body = (await (await page.request.get(`${base}/api/pushes`)).json()) as { items: PushRow[] };
      const p = body.items.find((x) => x.id === push.id);
      return p && p.response.responders >= 2 && p.response.leaves >= 1 ? p : undefined;
    }, 60_000);
    assert.ok(figures.response.responseRate !== null && figures.response.responseRate > 0);
    await page.reload();
    await page.getByTestId('push-table').getByText('本周干货：水果保鲜').click();
    const detail = page.getByTestId('push-detail');
    await detail.getByTestId('push-reach').getByText('群发消息').waitFor();
    await detail.getByText('测试在任何时间运行', { exact: false }).waitFor();
    await detail.getByTestId('push-response').getByText('2 人回应', { exact: false }).waitFor();
    await shot(page, '3-push-figures');
    assert.deepEqual(await axeSerious(page), []);
    await page.keyboard.press('Escape');
    step('response and fatigue shown');

    // 4. Guard rails: one product push a week, saved and audited.
    await page.getByRole('tab', { name: '守护规则' }).click();
    const guard = page.getByTestId('guard-settings');
    await guard.getByLabel('每周产品/促销推送上限（每群、每人）').fill('1');
    await page.getByTestId('guard-save').click();
    await page.getByText('已保存').first().waitFor();
    const saved = (await (await page.request.get(`${base}/api/pushes/guard`)).json()) as { settings: { caps: Array<{ name: string; max: number }> } };
    assert.equal(saved.settings.caps.find((c) => c.name === 'commercial')?.max, 1);
    await shot(page, '4-guard');
    assert.deepEqual(await axeSerious(page), []);
    const audit = (await (await page.request.get(`${base}/api/audit?limit=50`)).json()) as { items: Array<{ action: string }> };
    for (const a of ['push.library.create', 'push.create', 'push.guard.update']) assert.ok(audit.items.some((e) => e.action === a), a);

    // The list on a phone.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/pushes`);
    await page.getByTestId('push-table').getByText('本周干货：水果保鲜').waitFor();
    await shot(page, '5-phone');
    assert.deepEqual(problems, []);
    step('done');
  } finally {
    await browser.close();
    await server?.stop();
    await platform.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
