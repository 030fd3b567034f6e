/**
 * Browser test of automations and the welcome ritual (issue #14 items 1, 2, 5), on a real server
 * (`qunyun serve` on a fresh DATA_DIR) and the sandbox platform started in this process on
 * loopback. In Chinese, at 1366×900 (and the rules list at 390×844), it:
 *   connects the sandbox account, sets the group's welcome (batches of 3, nickname format),
 *   lets three people join on the platform and sees one welcome naming all three, sent;
 *   creates a keyword rule in the editor, has a member write the keyword, sees the execution with
 *   its delivery in the log, and the rule's dry run over the last 7 days.
 * Screenshots go to screenshots/automation-<step>.png (QUNYUN_SCREENSHOTS).
 *
 *   node scripts/test.ts test/browser/automation.test.ts
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, ensureChromium } from '../../scripts/ensure-chromium.ts';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import { createSandboxPlatform } from '../../src/platform-sandbox/index.ts';
import { connectSandbox, consolePage, platformActionsOk as platformActions, setUpOwner, screenshot, waitFor as poll } from '../support/browser.ts';
import { serve, type RunningServer } from '../support/qunyun-process.ts';

const OWNER = { email: 'owner@example.com', password: 'correct horse battery staple', name: '店长', workspace: '鲜果铺' };
const TIMEOUT = 30_000;

const shot = (page: Page, step: string): Promise<void> => screenshot(page, `automation-${step}`);

/** What the bot posted, from the platform's client feed. */
async function botPosts(platformUrl: string, account: string): Promise<string[]> {
  const r = await fetch(`${platformUrl}/client/feed?${new URLSearchParams({ since: '0', invitesSince: '0', account })}`);
  return ((await r.json()) as { result: { posts: Array<{ text: string }> } }).result.posts.map((p) => p.text);
}

const waitFor = <T,>(what: string, probe: () => Promise<T | undefined>, timeoutMs = TIMEOUT): Promise<T> => poll(what, probe, timeoutMs, 300);

test('automations and welcomes in the console: welcome settings, a batched welcome sent, a keyword rule, its log and dry run', { timeout: 300_000 }, async (t) => {
  const started = Date.now();
  const step = (what: string) => t.diagnostic(`${((Date.now() - started) / 1000).toFixed(1)} s ${what}`);
  const executablePath = ensureChromium();
  ensureWebBuilt();

  const platform = createSandboxPlatform({ seed: 21, faults: { duplicateRate: 0, reorderWindow: 0 } });
  const platformUrl = await platform.listen(0, '127.0.0.1');
  const account = 'bot-auto';
  const bot = platform.addAccount({ id: account, name: '群运机器人' });
  const groupName = '鲜果铺会员 1 群';
  await platformActions(platformUrl, account, [
    { type: 'create_group', key: 'g', account, ownerId: 'owner', ownerName: '群主', name: groupName, capacity: 500 },
    { type: 'join', key: 'j-seed', groupId: 'g', userId: 'seed', name: '老王', source: 'staff' },
  ]);

  const dataDir = mkdtempSync(join(tmpdir(), 'qunyun-automation-'));
  let server: RunningServer | undefined;
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  try {
    server = await serve(dataDir, { OUTBOUND_ALLOW_PRIVATE: '127.0.0.1' });
    const base = server.url;
    const { page, problems } = await consolePage(browser, { width: 1366, height: 900 }, TIMEOUT);

    // Set-up and the sandbox account, as an owner does it.
    await setUpOwner(page, base, OWNER);
    await page.getByTestId('user-menu').waitFor();
    await connectSandbox(page, base, platformUrl, bot.token);
    const group = await waitFor('the group', async () => {
      const body = (await (await page.request.get(`${base}/api/groups?q=${encodeURIComponent(groupName)}`)).json()) as { items: Array<{ id: number; name: string }> };
      return body.items.find((g) => g.name === groupName);
    });
    step('account connected, group arrived');

    // 1. The group's welcome: batches of 3, nickname format.
    await page.getByTestId('nav-automations').click();
    await page.getByTestId('automation-tab-welcome').click();
    const form = page.getByTestId('welcome-form');
    await form.getByLabel('每几位新人合并欢迎一次').waitFor();
    await form.getByLabel('群宗旨').and(page.locator(':not([disabled])')).waitFor();
    const enabled = page.getByTestId('welcome-enabled');
    if ((await enabled.getAttribute('aria-checked')) !== 'true') await enabled.click();
    await form.getByLabel('群宗旨').fill('分享当季水果和会员福利');
    await form.getByLabel('群规链接').fill('https://example.org/rules');
    await form.getByLabel('每几位新人合并欢迎一次').fill('3');
    await form.getByLabel('最多等待（分钟）').fill('30');
    await form.getByLabel('昵称格式').fill('城市-姓名-行业');
    await shot(page, '1-welcome-settings');
    await page.getByTestId('welcome-save').click();
    await page.getByText('已保存').first().waitFor();
    step('welcome settings saved');

    // 2. Three people join: one welcome names all three, and is sent.
    await platformActions(platformUrl, account, [
      { type: 'join', key: 'j1', groupId: 'g', userId: 'u1', name: '上海-李雷-设计', source: 'qr_code' },
      { type: 'join', key: 'j2', groupId: 'g', userId: 'u2', name: '韩梅梅', source: 'qr_code' },
      { type: 'join', key: 'j3', groupId: 'g', userId: 'u3', name: '北京-小张-教育', source: 'referral' },
    ]);
    const batch = await waitFor('the welcome to be sent', async () => {
      const body = (await (await page.request.get(`${base}/api/welcome/batches`)).json()) as { items: Array<{ names: string[]; state: string; text: string; nicknameReminded: number }> };
      return body.items.find((b) => b.state === 'sent');
    }, 60_000);
    assert.deepEqual([...batch.names].sort(), ['上海-李雷-设计', '北京-小张-教育', '韩梅梅'].sort());
    assert.match(batch.text, /分享当季水果和会员福利/);
    assert.equal(batch.nicknameReminded, 1);
    const posted = await botPosts(platformUrl, account);
    assert.ok(posted.some((p) => p.includes('@韩梅梅') && p.includes('@上海-李雷-设计')), posted.join('\n'));
    await page.reload();
    const batches = page.getByTestId('welcome-batches');
    await batches.getByText('已发送').first().waitFor();
    await batches.getByText('韩梅梅', { exact: false }).first().waitFor();
    await shot(page, '2-welcome-sent');
    step('one welcome for three joins, sent');

    // 3. A keyword rule made in the editor.
    await page.getByTestId('automation-tab-rules').click();
    await page.getByTestId('automation-new').click();
    const editor = page.getByTestId('automation-editor');
    await editor.getByTestId('rule-name').fill('价格咨询自动回复');
    await editor.getByLabel('触发').first().click();
    await page.locator('.ant-select-item-option').filter({ hasText: '关键词' }).first().click();
    await editor.getByTestId('rule-keywords').fill('价格, 多少钱');
    await editor.getByTestId('rule-template').fill('{name}，价格请看群公告～');
    await shot(page, '3-rule-editor');
    await editor.getByTestId('rule-save').click();
    const rules = page.getByTestId('automation-rules');
    await rules.getByText('价格咨询自动回复').waitFor();
    await shot(page, '3-rules');
    step('keyword rule created');

    // 4. A member writes the keyword: the rule's post is executed and sent.
    await platformActions(platformUrl, account, [{ type: 'message', key: 'm1', groupId: 'g', userId: 'u2', text: '请问这个价格是多少？' }]);
    await waitFor('the rule execution to be sent', async () => {
      const body = (await (await page.request.get(`${base}/api/automations/executions`)).json()) as { items: Array<{ actions: Array<{ state: string }> }> };
      return body.items.find((x) => x.actions.every((a) => a.state === 'sent'));
    }, 60_000);
    assert.ok((await botPosts(platformUrl, account)).includes('韩梅梅，价格请看群公告～'));
    await page.getByTestId('automation-tab-log').click();
    const log = page.getByTestId('automation-log');
    await log.getByText('已发送').first().waitFor();
    await log.getByText('韩梅梅').first().waitFor();
    await shot(page, '4-log');
    step('execution logged and sent');

    // 5. Dry run of the saved rule over the last 7 days.
    await page.getByTestId('automation-tab-rules').click();
    await page.getByTestId('automation-rules').getByText('价格咨询自动回复').click();
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/automations/dry-run'));
    await page.getByTestId('rule-dry-run').click();
    const dryResponse = await answer;
    assert.equal(dryResponse.status(), 200, await dryResponse.text());
    const dry = page.getByTestId('dry-run-result');
    await dry.getByText('会执行 1 次', { exact: false }).waitFor();
    await dry.getByText('价格请看群公告', { exact: false }).first().waitFor();
    await shot(page, '5-dry-run');
    step('dry run');

    // The rules list on a phone.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/automations/rules`);
    await page.getByTestId('automation-rules').getByText('价格咨询自动回复').waitFor();
    await shot(page, '6-rules-phone');
    assert.deepEqual(problems, []);
    void group;
  } finally {
    await browser.close();
    await server?.stop();
    await platform.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
