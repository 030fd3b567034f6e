/**
 * Browser test of referral campaigns (issue #15, the browser "Done when"), on a real server
 * (`qunyun serve` on a fresh DATA_DIR) and the sandbox platform on loopback:
 *   (1440×900) an owner connects a sandbox account through the console, a live code over its group
 *   is made, and a 送 campaign is set up through the console's form; two members take part;
 *   (390×844, newcomers' phones, one context each) friends open the participants' links
 *   /k/<slug>/<token>, get the group's link and join through it on the platform: three friends each
 *   from their own address (credited), four from one address (a farm past the limit of three: all
 *   four held by the anti-fraud rules, whatever order they are assessed in);
 *   (1440×900) the funnel, leaderboard and fraud review; a held referral is released with a
 *   reason, which the audit log keeps; the public campaign page at 390×844 (no horizontal overflow,
 *   names masked); the participant's poster PNG, whose QR code decodes to their link;
 *   axe-core: no serious violation on the campaigns page at desktop and on a phone.
 * Screenshots go to screenshots/campaigns-<step>.png (QUNYUN_SCREENSHOTS).
 *
 *   node scripts/test.ts test/browser/campaigns.test.ts
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, ensureChromium } from '../../scripts/ensure-chromium.ts';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import { createSandboxPlatform } from '../../src/platform-sandbox/index.ts';
import { connectSandbox, platformActionsOk, setUpOwner, screenshot, SCREENSHOTS, waitFor as poll } from '../support/browser.ts';
import { decodeQrPng } from '../support/qr-decode.ts';
import { serve, type RunningServer } from '../support/qunyun-process.ts';

const OWNER = { email: 'owner@example.com', password: 'correct horse battery staple', name: '店长', workspace: '读书会' };
const TIMEOUT = 30_000;
const AXE = fileURLToPath(import.meta.resolve('axe-core/axe.min.js'));
const INVITERS = [{ userId: 'u-wang', name: '王小明' }, { userId: 'u-li', name: '李晓红' }];
const FRIENDS = ['赵一', '钱二', '孙三', '周四', '吴五', '郑六', '冯七'];
/**
 * The address each friend's phone comes from (X-Forwarded-For, believed from the loopback proxy:
 * TRUST_PROXY=127.0.0.1): the first three each their own, the last four one shared address.
 * Devices are the phones' own visitor cookies (one browser context each), all distinct.
 */
const ADDRESSES = ['198.51.100.11', '198.51.100.12', '198.51.100.13', '203.0.113.7', '203.0.113.7', '203.0.113.7', '203.0.113.7'];

const shot = (page: Page, step: string): Promise<void> => screenshot(page, `campaigns-${step}`);
const waitFor = <T,>(what: string, probe: () => Promise<T | undefined>, timeoutMs = TIMEOUT): Promise<T> => poll(what, probe, timeoutMs, 250);
/** antd puts a space between two Chinese characters of a button. */
const twoChars = (label: string) => new RegExp(`^\\s*${[...label].join('\\s?')}\\s*$`);

/** A state-changing API call from the signed-in page (session cookie and CSRF header). */
async function apiSend(page: Page, base: string, method: 'POST' | 'PATCH', path: string, data: unknown): Promise<any> {
  const csrf = (await page.context().cookies(base)).find((c) => c.name === 'qy_csrf')?.value ?? '';
  const r = await page.request.fetch(`${base}${path}`, { method, data: data as object, headers: { 'x-csrf-token': csrf } });
  assert.ok(r.ok(), `${method} ${path}: ${r.status()} ${await r.text()}`);
  return r.json();
}

async function apiGet(page: Page, base: string, path: string): Promise<any> {
  const r = await page.request.get(`${base}${path}`);
  assert.ok(r.ok(), `GET ${path}: ${r.status()} ${await r.text()}`);
  return r.json();
}

/** axe-core's serious and critical violations on the current page (WCAG 2.x A and AA rules). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (options: object) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const result = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.targets.join(' ')}`);
}

async function noOverflow(page: Page, what: string): Promise<void> {
  const width = await page.evaluate<number>('document.scrollingElement.scrollWidth');
  assert.ok(width <= 390, `${what}: no horizontal overflow on a phone (${width}px)`);
}

/** A newcomer's phone (its own visitor cookie): opens the link, gets the group's link. */
async function visitAsNewcomer(browser: Browser, link: string, address: string, name?: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true, extraHTTPHeaders: { 'x-forwarded-for': address } });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  await page.goto(link);
  await page.locator('a.btn').waitFor();
  if (name) await shot(page, name);
  return page;
}

test('referral campaigns: set-up in the console, friends through the links on their phones, funnel, leaderboard, fraud review with the audit log, public page, poster QR', { timeout: 420_000 }, async (t) => {
  const started = Date.now();
  const step = (what: string) => t.diagnostic(`${((Date.now() - started) / 1000).toFixed(1)} s ${what}`);
  const executablePath = ensureChromium();
  ensureWebBuilt();
  const platform = createSandboxPlatform({ seed: 15, faults: { duplicateRate: 0, reorderWindow: 0 } });
  const platformUrl = await platform.listen(0, '127.0.0.1');
  const bot = platform.addAccount({ id: 'bot-camp', name: '群运机器人' });
  await platformActionsOk(platformUrl, 'bot-camp', [
    { type: 'create_group', key: 'g', account: 'bot-camp', ownerId: 'owner', ownerName: '群主', name: '读书会 1 群', capacity: 500 },
    ...INVITERS.map((m) => ({ type: 'join', key: `j-${m.userId}`, groupId: 'g', userId: m.userId, name: m.name, source: 'staff' })),
  ]);
  const dataDir = mkdtempSync(join(tmpdir(), 'qunyun-campaigns-'));
  let server: RunningServer | undefined;
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  const problems: string[] = [];
  try {
    server = await serve(dataDir, { OUTBOUND_ALLOW_PRIVATE: '127.0.0.1', TRUST_PROXY: '127.0.0.1' });
    const base = server.url;
    // bypassCSP: axe-core is injected as a script tag, which the console's policy would refuse.
    const deskContext = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', bypassCSP: true });
    await deskContext.addInitScript(() => { if (!localStorage.getItem('qy.lang')) localStorage.setItem('qy.lang', 'zh-CN'); });
    const desk = await deskContext.newPage();
    desk.setDefaultTimeout(TIMEOUT);
    desk.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    desk.on('response', (r) => { if (r.status() >= 500) problems.push(`${r.request().method()} ${r.url()} answered ${r.status()}`); });
    await setUpOwner(desk, base, OWNER);
    await desk.waitForURL((u) => !u.pathname.startsWith('/setup'));
    await connectSandbox(desk, base, platformUrl, bot.token);
    const group = await waitFor('the group and its members', async () => {
      const body = (await apiGet(desk, base, '/api/groups')) as { items: Array<{ id: number; name: string }> };
      const g = body.items.find((x) => x.name === '读书会 1 群');
      if (!g) return undefined;
      const members = (await apiGet(desk, base, `/api/members?groupId=${g.id}`)) as { items: Array<{ id: number; name?: string; displayName?: string }> };
      return members.items.length >= INVITERS.length ? g : undefined;
    });
    const code = (await apiSend(desk, base, 'POST', '/api/codes', { name: '读书会活码', source: '裂变', threshold: { kind: 'none' } })) as { code: { id: number } };
    await apiSend(desk, base, 'POST', `/api/codes/${code.code.id}/groups`, { groupId: group.id });
    const pool = (await apiGet(desk, base, `/api/codes/${code.code.id}`)) as { pool: Array<{ linkUrl: string; linkCode: string }> };
    const linkCode = pool.pool[0]!.linkCode;
    step('account connected, live code over the group');

    // 1. Set-up through the console's form.
    await desk.goto(`${base}/campaigns`);
    await desk.getByTestId('campaign-create').click();
    await desk.getByLabel('活动名称').fill('读书会邀请有礼');
    await desk.getByLabel('使用的活码').click();
    await desk.locator('.ant-select-item-option').filter({ hasText: '读书会活码' }).click();
    await desk.getByLabel('目标（邀请好友数）').fill('3');
    await desk.getByLabel('奖励', { exact: true }).fill('精装书一本');
    await desk.getByLabel('好友奖励（邀请有礼：双方都有）').fill('电子书');
    await desk.getByLabel('奖励库存').fill('20');
    await desk.getByLabel('好友留存天数').fill('0');
    await shot(desk, '1-setup');
    await desk.locator('#campaign-save').click();
    await desk.waitForURL(/\/campaigns\/\d+$/);
    const campaignId = Number(new URL(desk.url()).pathname.split('/').pop());
    const created = (await apiGet(desk, base, `/api/campaigns/${campaignId}`)) as { campaign: { slug: string; url: string; kind: string; stockTotal: number; settings: { goal: number; fraud: { stayDays: number } } } };
    assert.equal(created.campaign.kind, 'invite');
    assert.equal(created.campaign.stockTotal, 20);
    assert.equal(created.campaign.settings.goal, 3);
    assert.equal(created.campaign.settings.fraud.stayDays, 0);
    step('campaign created through the form');

    // 2. Two members take part: their links and posters.
    const members = (await apiGet(desk, base, `/api/members?groupId=${group.id}`)) as { items: Array<{ id: number } & Record<string, unknown>> };
    const memberId = (name: string) => {
      const m = members.items.find((x) => Object.values(x).includes(name));
      assert.ok(m, `member ${name}`);
      return m.id;
    };
    const parts = [] as Array<{ participantId: number; name: string; link: string; poster: string }>;
    for (const m of INVITERS) parts.push(await apiSend(desk, base, 'POST', `/api/campaigns/${campaignId}/participants`, { memberId: memberId(m.name) }));
    const [wang, li] = parts as [typeof parts[number], typeof parts[number]];
    assert.match(wang.link, new RegExp(`/k/${created.campaign.slug}/[\\w-]+$`));

    // 3. Friends open the links on their phones and join through the group's link: five for 王, two
    // for 李; 周四, 吴五, 郑六 and 冯七 from one address.
    const friendsOf = [wang, wang, wang, wang, li, wang, li];
    for (const [i, name] of FRIENDS.entries()) {
      const phone = await visitAsNewcomer(browser, friendsOf[i]!.link, ADDRESSES[i]!, i === 0 ? '2-phone-friend' : undefined);
      if (i === 0) {
        await noOverflow(phone, 'the friend\'s page');
        assert.ok(!(await phone.content()).includes('王小明'), 'the friend\'s page names the inviter masked');
        await phone.getByText('王** 邀请你加入').waitFor();
        await phone.getByText('好友入群即得 电子书').waitFor();
      }
      await phone.context().close();
      await platformActionsOk(platformUrl, 'bot-camp', [{ type: 'join', key: `jf-${i}`, groupId: 'g', userId: `u-f${i}`, name, inviteCode: linkCode }]);
      // One join after another: each takes the oldest pending seat of the code.
      await waitFor(`friend ${i + 1}'s referral`, async () => {
        const d = (await apiGet(desk, base, `/api/campaigns/${campaignId}`)) as { funnel: { joins: number } };
        return d.funnel.joins >= i + 1 ? true : undefined;
      });
    }
    // The seventh referral is recorded and assessed in one transaction, with the others from its address.
    await waitFor('the referrals assessed', async () => {
      const d = (await apiGet(desk, base, `/api/campaigns/${campaignId}`)) as { funnel: { joins: number; pending: number } };
      return d.funnel.joins === FRIENDS.length && d.funnel.pending === 0 ? true : undefined;
    });
    step('seven friends joined through the links');

    // 4. The console: funnel, leaderboard, fraud review.
    const detail = (await apiGet(desk, base, `/api/campaigns/${campaignId}`)) as { funnel: Record<string, number>; leaderboard: Array<{ name: string; count: number }> };
    t.diagnostic(`funnel ${JSON.stringify(detail.funnel)}`);
    assert.equal(detail.funnel.visits, 7);
    assert.equal(detail.funnel.joins, 7);
    assert.equal(detail.funnel.credited, 3, 'the three friends each from their own address credited at once (stay 0 days)');
    assert.equal(detail.funnel.held, 4, 'four joins from one address (over the limit of three): all four held');
    assert.equal(detail.leaderboard[0]?.name, '王小明');
    await desk.goto(`${base}/campaigns/${campaignId}`);
    const funnel = desk.getByTestId('campaign-funnel');
    await funnel.getByText('访问').waitFor();
    await shot(desk, '3-funnel');
    await funnel.screenshot({ path: join(SCREENSHOTS, 'campaigns-3a-funnel-card.png') });
    const board = desk.getByTestId('campaign-leaderboard');
    await board.getByText('王小明').waitFor();
    await board.screenshot({ path: join(SCREENSHOTS, 'campaigns-4-leaderboard.png') });
    const review = desk.getByTestId('campaign-review');
    await review.getByText('待审核').first().waitFor();
    await review.getByText(/同一地址多次入群/).first().waitFor();
    // The reason's details are worded in Chinese too (a code and numbers, rendered through i18n), not the stored English sentence.
    await review.getByText(/同一地址入群 \d+ 次（上限 \d+）/).first().waitFor();
    assert.ok(!(await review.innerText()).includes('joins from one address'), 'no English reason text in the Chinese console');
    await review.screenshot({ path: join(SCREENSHOTS, 'campaigns-5-review.png') });
    const queue = (await apiGet(desk, base, `/api/campaigns/${campaignId}/referrals`)) as { items: Array<{ id: number; status: string; inviterName: string; inviteeName: string }> };
    const held = queue.items.find((r) => r.status === 'held' && r.inviterName === '王小明');
    assert.ok(held, `a held referral of 王小明: ${JSON.stringify(queue.items)}`);
    const desktopAxe = await axeViolations(desk);
    assert.deepEqual(desktopAxe, [], 'axe-core: no serious violation on the campaign page (desktop)');
    step('funnel, leaderboard and review shown');

    // 5. Release the held referral with a reason; the audit log keeps it.
    const item = review.locator('.ant-list-item').filter({ hasText: held.inviteeName }).filter({ hasText: '待审核' });
    await item.getByRole('button', { name: twoChars('通过') }).click();
    const reason = '同一家人在门店扫码，核实无误';
    await desk.getByLabel('理由（必填，记入审计日志）').fill(reason);
    await shot(desk, '6-release');
    await desk.locator('.ant-modal-footer .ant-btn-primary').filter({ visible: true }).click();
    await desk.getByText('已处理').first().waitFor();
    // Released, it leaves the queue of flagged referrals; 李's held friend stays.
    await item.waitFor({ state: 'detached' });
    await review.getByText('李晓红 邀请了 吴五').waitFor();
    const credited = (await apiGet(desk, base, `/api/campaigns/${campaignId}/referrals?status=credited`)) as { items: Array<{ id: number; note: string | null; override: string | null }> };
    const released = credited.items.find((r) => r.id === held.id);
    assert.ok(released, 'the released referral is credited');
    assert.equal(released.note, reason);
    const audit = (await apiGet(desk, base, `/api/audit?action=${encodeURIComponent('campaign.referral.release')}`)) as { items: Array<{ action: string; target: string; detail: Record<string, unknown> | null; actor: { name: string } | null }> };
    assert.equal(audit.items.length, 1, 'one release in the audit log');
    assert.equal(audit.items[0]!.target, `referral:${held.id}`);
    assert.equal(audit.items[0]!.detail?.note, reason);
    assert.equal(audit.items[0]!.actor?.name, OWNER.name);
    await desk.goto(`${base}/settings/audit`);
    await desk.getByTestId('audit-table').getByText(`审核通过了 ${held.inviteeName} 的邀请（理由：${reason}）`).waitFor();
    // A new participant is named in the log, not “成员 #3”.
    await desk.getByTestId('audit-table').getByText('让成员 王小明 参加了裂变活动「读书会邀请有礼」').waitFor();
    await shot(desk, '7-audit');
    const after = (await apiGet(desk, base, `/api/campaigns/${campaignId}`)) as { funnel: Record<string, number> };
    assert.equal(after.funnel.credited, 4, 'the released referral counts');
    step('held referral released, audited');

    // 6. The public campaign page on a phone: no sideways scrolling, names masked.
    const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true, bypassCSP: true });
    const phone = await phoneContext.newPage();
    phone.setDefaultTimeout(TIMEOUT);
    await phone.goto(created.campaign.url);
    await phone.getByText('排行榜').waitFor();
    await noOverflow(phone, 'the public campaign page');
    const html = await phone.content();
    for (const name of [...INVITERS.map((m) => m.name), ...FRIENDS]) assert.ok(!html.includes(name), `the public page does not show ${name}`);
    await phone.getByText('王**').first().waitFor();
    await shot(phone, '8-public-page-phone');
    const publicAxe = await axeViolations(phone);
    assert.deepEqual(publicAxe, [], 'axe-core: no serious violation on the public campaign page');

    // 7. The poster: a PNG whose QR code decodes to the participant's link.
    const posterResponse = await phone.request.get(wang.poster);
    assert.equal(posterResponse.status(), 200);
    assert.equal(posterResponse.headers()['content-type'], 'image/png');
    const poster = Buffer.from(await posterResponse.body());
    await phone.goto(wang.poster);
    await shot(phone, '9-poster');
    assert.equal(decodeQrPng(poster), wang.link, 'the poster\'s QR code decodes to the participant\'s link');
    step('public page and poster checked');

    // 8. The console's campaigns page on a phone: through 更多, no overflow, axe.
    const phoneDeskContext = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true, bypassCSP: true, storageState: await deskContext.storageState() });
    const phoneDesk = await phoneDeskContext.newPage();
    phoneDesk.setDefaultTimeout(TIMEOUT);
    phoneDesk.on('pageerror', (error) => problems.push(`phone page error: ${error.message}`));
    await phoneDesk.goto(`${base}/`);
    await phoneDesk.getByTestId('nav-more').click();
    await phoneDesk.getByTestId('nav-campaigns').click();
    await phoneDesk.getByTestId('campaigns-list').getByText('读书会邀请有礼').waitFor();
    await noOverflow(phoneDesk, 'the campaigns list');
    await shot(phoneDesk, '10-phone-list');
    assert.deepEqual(await axeViolations(phoneDesk), [], 'axe-core: no serious violation on the campaigns list (phone)');
    await phoneDesk.getByRole('button', { name: '读书会邀请有礼' }).click();
    await phoneDesk.getByTestId('campaign-leaderboard').getByText('王小明').waitFor();
    await phoneDesk.getByTestId('campaign-review').waitFor();
    await noOverflow(phoneDesk, 'the campaign page');
    await shot(phoneDesk, '11-phone-campaign');
    // The fixed bottom navigation would cover the card's end in an element screenshot.
    await phoneDesk.getByTestId('campaign-review').screenshot({ path: join(SCREENSHOTS, 'campaigns-12-phone-review.png'), style: '.qy-bottom-nav{display:none}' });
    assert.deepEqual(await axeViolations(phoneDesk), [], 'axe-core: no serious violation on the campaign page (phone)');
    step('console on a phone checked');
    assert.deepEqual(problems, [], 'no page errors or 5xx answers');
  } finally {
    await browser.close();
    await server?.stop();
    await platform.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
