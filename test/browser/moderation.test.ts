/**
 * Browser test of moderation (issue #13), on a real server (`qunyun serve` on a fresh DATA_DIR)
 * and the sandbox platform in this process: a sandbox account is connected, a member chats and a
 * spammer posts ads; the moderation reactor deletes and warns, then mutes, through the outbox. In
 * the console (Chinese) the queue shows each decision with its evidence marked in the message
 * (screenshot), "not spam" undoes one, and a new keyword rule is dry-run over the stored messages
 * before enabling, by category with examples (screenshot). Screenshots go to
 * screenshots/moderation-*.png (QUNYUN_SCREENSHOTS).
 *
 *   node scripts/test.ts test/browser/moderation.test.ts
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
import { connectSandbox, consolePage, platformActions, setUpOwner, screenshot, waitFor as poll } from '../support/browser.ts';
import { serve, type RunningServer } from '../support/qunyun-process.ts';

const OWNER = { email: 'owner@example.com', password: 'correct horse battery staple', name: '店长', workspace: '鲜果铺' };
const TIMEOUT = 30_000;

const shot = (page: Page, step: string): Promise<void> => screenshot(page, `moderation-${step}`);

const waitFor = <T,>(what: string, probe: () => Promise<T | undefined>, timeoutMs = TIMEOUT): Promise<T> => poll(what, probe, timeoutMs, 300);

test('moderation in the console: the queue with evidence, not spam, a dry run before enabling', { timeout: 240_000 }, async (t) => {
  const started = Date.now();
  const step = (what: string) => t.diagnostic(`${((Date.now() - started) / 1000).toFixed(1)} s ${what}`);
  const executablePath = ensureChromium();
  ensureWebBuilt();
  const platform = createSandboxPlatform({ seed: 13, faults: { duplicateRate: 0, reorderWindow: 0 } });
  const platformUrl = await platform.listen(0, '127.0.0.1');
  const account = 'bot-mod';
  const bot = platform.addAccount({ id: account, name: '群运机器人' });
  const groupName = '鲜果铺 团购群';
  const gid = `${account}-g`;
  const results = await platformActions(platformUrl, account, [
    { type: 'create_group', key: `${account}-g`, account, ownerId: `${account}-owner`, ownerName: '群主', name: groupName, capacity: 500 },
    { type: 'join', key: 'j-ada', groupId: gid, userId: 'ada', name: '阿达', source: 'staff' },
    { type: 'join', key: 'j-sam', groupId: gid, userId: 'sam', name: '推广小王', source: 'qr_code' },
  ]);
  assert.ok(results.every((r) => r.ok));
  const dataDir = mkdtempSync(join(tmpdir(), 'qunyun-moderation-'));
  let server: RunningServer | undefined;
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  try {
    server = await serve(dataDir, { OUTBOUND_ALLOW_PRIVATE: '127.0.0.1' });
    const base = server.url;
    const { page, problems } = await consolePage(browser, { width: 1366, height: 900 }, TIMEOUT);

    await setUpOwner(page, base, OWNER);
    await page.getByTestId('user-menu').waitFor();

    await connectSandbox(page, base, platformUrl, bot.token);
    const group = await waitFor('the group', async () => {
      const body = (await (await page.request.get(`${base}/api/groups`)).json()) as { items: Array<{ id: number; name: string; size: number }> };
      return body.items.find((g) => g.name === groupName && g.size >= 2);
    });
    // The reactors take up a new workspace from where it is when they first see it (every ~2 s).
    await new Promise((r) => setTimeout(r, 4000));
    step('account connected, group known');

    // A member chats (one message the new rule will catch), a spammer posts the same kind of ad twice (one rule: strikes 1 and 2).
    await platformActions(platformUrl, account, [
      { type: 'message', key: 'm1', groupId: gid, userId: 'ada', text: '大家好，这周的团购什么时候开始？' },
      { type: 'message', key: 'm2', groupId: gid, userId: 'ada', text: '今天的草莓很甜' },
      { type: 'message', key: 'm3', groupId: gid, userId: 'sam', text: '加我微信 abc12345 有优惠' },
    ]);
    await waitFor('the first decision carried out', async () => {
      const q = (await (await page.request.get(`${base}/api/moderation/decisions`)).json()) as { items: Array<{ delivery: Array<{ state: string }> }> };
      return q.items.length >= 1 && q.items[0]!.delivery.every((d) => d.state === 'sent') ? true : undefined;
    });
    await platformActions(platformUrl, account, [{ type: 'message', key: 'm4', groupId: gid, userId: 'sam', text: '加我微信 xyz98765 有优惠' }]);
    const decisions = await waitFor('the second decision: a mute', async () => {
      const q = (await (await page.request.get(`${base}/api/moderation/decisions`)).json()) as { items: Array<{ id: number; actions: string[]; delivery: Array<{ kind: string; state: string }> }> };
      const muted = q.items.find((d) => d.actions.includes('mute'));
      return muted && muted.delivery.find((x) => x.kind === 'mute')?.state === 'sent' ? q.items : undefined;
    });
    // Muted on the platform: the spammer's next message is refused.
    const refused = await platformActions(platformUrl, account, [{ type: 'message', key: 'm5', groupId: gid, userId: 'sam', text: '再发一条' }]);
    assert.equal(refused[0]!.error, 'muted');
    step('spammer warned, then muted');

    // The queue: each decision with its evidence marked in the message.
    await page.goto(`${base}/moderation`);
    const queue = page.getByTestId('mod-queue');
    await queue.waitFor();
    await queue.getByText('推广小王').first().waitFor();
    assert.ok(await queue.locator('mark.qy-evidence-mark').count() >= 2, 'evidence spans are marked');
    await queue.getByText('禁言').first().waitFor();
    await queue.getByText('警告').first().waitFor();
    await shot(page, 'queue');
    // "Not spam" on the first decision: undone, and labelled for the classifier.
    const first = decisions.at(-1)!;
    await page.getByTestId(`not-spam-${first.id}`).click();
    await page.getByText('已标记为不是垃圾').waitFor();
    await page.getByTestId(`undo-${first.id}`).waitFor({ state: 'detached' });
    step('queue with evidence; not spam');

    // A new rule, dry-run over the stored messages before enabling.
    await page.goto(`${base}/moderation/rules`);
    await page.getByTestId('mod-keywords').fill('团购');
    await page.getByTestId('mod-dry-run').click();
    const result = page.getByTestId('mod-dry-run-result');
    await result.waitFor();
    await result.getByText('自定义 · 1').waitFor();
    await result.getByText('大家好，这周的').first().waitFor();
    await shot(page, 'dry-run');
    await page.getByTestId('mod-enable').click();
    await page.getByText('版本 v1 已启用').waitFor();
    step('dry run shown, version enabled');
    void group;
    assert.deepEqual(problems, [], 'no page errors and no 5xx answers');
    await page.context().close();
  } finally {
    await browser.close();
    await server?.stop();
    await platform.close();
    rmSync(dataDir, { recursive: true, force: true });
    step('stopped');
  }
});
