/**
 * Browser test of live codes (issue #15 items 1–4, 7), on a real server (`qunyun serve` on a fresh
 * DATA_DIR) and the sandbox platform on loopback:
 *   (1440×900) an owner connects a sandbox account, creates a group code with a form threshold
 *   in the console, adds the group to its pool and sees its QR code, which decodes back to the
 *   code's public page;
 *   (390×844, a newcomer's phone) opens the public page, answers the form, gets the group's link,
 *   joins on the platform through it; a second code with an approval threshold waits;
 *   (1440×900) the join is attributed (by source, by staff), the request is approved from the queue,
 *   and the staff statement lists the join.
 * Screenshots go to screenshots/codes-<step>.png (QUNYUN_SCREENSHOTS).
 *
 *   node scripts/test.ts test/browser/codes.test.ts
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, ensureChromium } from '../../scripts/ensure-chromium.ts';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import { createSandboxPlatform } from '../../src/platform-sandbox/index.ts';
import { platformActionsOk as platformActions, setUpOwner, screenshot, waitFor as poll } from '../support/browser.ts';
import { serve, type RunningServer } from '../support/qunyun-process.ts';

const jsQR = ((jsQRModule as unknown as { default?: unknown }).default ?? jsQRModule) as typeof jsQRModule.default;
const OWNER = { email: 'owner@example.com', password: 'correct horse battery staple', name: '店长', workspace: '读书会' };
const TIMEOUT = 20_000;

const shot = (page: Page, step: string): Promise<void> => screenshot(page, `codes-${step}`);

const waitFor = <T,>(what: string, probe: () => Promise<T | undefined>, timeoutMs = TIMEOUT): Promise<T> => poll(what, probe, timeoutMs, 250);

/** A state-changing API call from the signed-in page (session cookie and CSRF header). */
async function apiSend(page: Page, base: string, method: 'POST' | 'PATCH', path: string, data: unknown): Promise<any> {
  const csrf = (await page.context().cookies(base)).find((c) => c.name === 'qy_csrf')?.value ?? '';
  const r = await page.request.fetch(`${base}${path}`, { method, data: data as object, headers: { 'x-csrf-token': csrf } });
  assert.ok(r.ok(), `${method} ${path}: ${r.status()} ${await r.text()}`);
  return r.json();
}

test('live codes in the console and on a newcomer\'s phone: QR code, threshold form, routing, attribution, approval queue, staff statement', { timeout: 240_000 }, async (t) => {
  const started = Date.now();
  const step = (what: string) => t.diagnostic(`${((Date.now() - started) / 1000).toFixed(1)} s ${what}`);
  const executablePath = ensureChromium();
  ensureWebBuilt();
  const platform = createSandboxPlatform({ seed: 15, faults: { duplicateRate: 0, reorderWindow: 0 } });
  const platformUrl = await platform.listen(0, '127.0.0.1');
  const bot = platform.addAccount({ id: 'bot-codes', name: '群运机器人' });
  await platformActions(platformUrl, 'bot-codes', [
    { type: 'create_group', key: 'g', account: 'bot-codes', ownerId: 'owner', ownerName: '群主', name: '读书会 1 群', capacity: 500 },
    { type: 'join', key: 'j1', groupId: 'g', userId: 'u-a', name: '阿达', source: 'staff' },
  ]);
  const dataDir = mkdtempSync(join(tmpdir(), 'qunyun-codes-'));
  let server: RunningServer | undefined;
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  try {
    server = await serve(dataDir, { OUTBOUND_ALLOW_PRIVATE: '127.0.0.1' });
    const base = server.url;
    const desk = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })).newPage();
    await setUpOwner(desk, base, OWNER);
    await desk.waitForURL((u) => !u.pathname.startsWith('/setup'));
    await apiSend(desk, base, 'POST', '/api/accounts', { platform: 'sandbox', name: '沙盒', baseUrl: platformUrl, token: bot.token });
    const group = await waitFor('the group', async () => {
      const body = (await (await desk.request.get(`${base}/api/groups`)).json()) as { items: Array<{ id: number; name: string }> };
      return body.items.find((g) => g.name === '读书会 1 群');
    });
    step('account connected, group arrived');

    // 1. Create a group code with a form threshold in the console.
    await desk.goto(`${base}/codes`);
    await desk.getByTestId('code-create').click();
    const form = desk.getByTestId('code-form');
    await form.getByLabel('名称').fill('读书会活码');
    await form.getByLabel('来源', { exact: true }).fill('门店');
    await form.getByLabel('入群门槛').click();
    await desk.locator('.ant-select-item-option').filter({ hasText: '填写问卷' }).click();
    await form.getByLabel('问题').fill('所在城市');
    await shot(desk, '1-create');
    await desk.getByRole('button', { name: '创 建' }).or(desk.getByRole('button', { name: '创建' })).last().click();
    await desk.waitForURL(/\/codes\/\d+$/);
    const codeId = Number(new URL(desk.url()).pathname.split('/').pop());
    await desk.getByLabel('群 ID').fill(String(group.id));
    await desk.getByRole('button', { name: '加入群池' }).click();
    await desk.getByTestId('pool-table').getByText('读书会 1 群').waitFor();
    await desk.getByTestId('code-qr').waitFor();
    await shot(desk, '2-code');
    const detail = (await (await desk.request.get(`${base}/api/codes/${codeId}`)).json()) as { code: { url: string; slug: string }; pool: Array<{ linkUrl: string; linkCode: string }> };
    const png = PNG.sync.read(Buffer.from(await (await desk.request.get(`${base}/api/codes/${codeId}/qr.png`)).body()));
    assert.equal(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data, detail.code.url, 'the QR code decodes to the code\'s page');
    step('code created, QR decoded');

    // 2. A newcomer's phone: the form, then the group's link; they join through it on the platform.
    const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
    const phone = await phoneContext.newPage();
    await phone.goto(`${base}/c/${detail.code.slug}?s=海报`);
    await phone.getByLabel('所在城市').waitFor();
    await shot(phone, '3-phone-form');
    await phone.getByLabel('称呼').fill('小林');
    await phone.getByLabel('所在城市').fill('杭州');
    await phone.getByRole('button', { name: '提交' }).click();
    await phone.getByText('加入群聊').first().waitFor();
    assert.equal(await phone.locator('a.btn').getAttribute('href'), detail.pool[0]!.linkUrl);
    const width = await phone.evaluate<number>('document.documentElement.scrollWidth');
    assert.ok(width <= 390, `no horizontal overflow on the phone (${width}px)`);
    await shot(phone, '4-phone-join');
    await platformActions(platformUrl, 'bot-codes', [{ type: 'join', key: 'j-lin', groupId: 'g', userId: 'u-lin', name: '小林', inviteCode: detail.pool[0]!.linkCode }]);
    step('newcomer routed and joined');

    // 3. A second code needs approval: the newcomer's request waits in the queue.
    const approval = (await apiSend(desk, base, 'POST', '/api/codes', { name: '精品群', source: '回访', threshold: { kind: 'approval', questions: [] } })) as { code: { id: number; slug: string } };
    await apiSend(desk, base, 'POST', `/api/codes/${approval.code.id}/groups`, { groupId: group.id });
    await phone.goto(`${base}/c/${approval.code.slug}`);
    await phone.getByLabel('称呼').fill('小周');
    await phone.getByRole('button', { name: '提交' }).click();
    await phone.getByText('等待管理员审核').waitFor();
    await shot(phone, '5-phone-pending');

    // 4. The console: attribution by source, the approval queue, the staff statement.
    await waitFor('the attributed join', async () => {
      const d = (await (await desk.request.get(`${base}/api/codes/${codeId}`)).json()) as { figures: { joined: number } };
      return d.figures.joined === 1 ? true : undefined;
    });
    await desk.goto(`${base}/codes/${codeId}`);
    await desk.getByTestId('by-source').getByText('海报').waitFor();
    await shot(desk, '6-attributed');
    await desk.goto(`${base}/codes/tab/approvals`);
    await desk.getByTestId('approvals-table').getByText('小周').waitFor();
    await shot(desk, '7-approvals');
    await desk.getByTestId('approvals-table').getByRole('button', { name: '通过' }).or(desk.getByTestId('approvals-table').getByRole('button', { name: '通 过' })).first().click();
    await desk.getByText('没有待审核的申请').waitFor();
    await phone.goto(`${base}/c/${approval.code.slug}`);
    await phone.getByText('加入群聊').first().waitFor();
    await desk.goto(`${base}/codes/tab/statements`);
    await desk.getByTestId('statements-table').getByText(OWNER.name).waitFor();
    await shot(desk, '8-statements');
    const list = await desk.goto(`${base}/codes`);
    assert.ok(list?.ok());
    await desk.getByTestId('codes-table').getByText('读书会活码').waitFor();
    await shot(desk, '9-list');
    // The console's pages of codes on a phone: cards, no sideways scrolling, the bottom navigation.
    await desk.setViewportSize({ width: 390, height: 844 });
    for (const [path, name] of [['/codes', '10-phone-list'], [`/codes/${codeId}`, '11-phone-code']] as const) {
      await desk.goto(`${base}${path}`);
      await desk.getByTestId(path === '/codes' ? 'codes-table' : 'code-qr').waitFor();
      const w = await desk.evaluate<number>('document.documentElement.scrollWidth');
      assert.ok(w <= 390, `${path}: no horizontal overflow on a phone (${w}px)`);
      await shot(desk, name);
    }
    step('attributed, approved, statement shown');
  } finally {
    await browser.close();
    await server?.stop();
    await platform.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
