/**
 * Browser test of the operator console (web/), self-contained: it builds the console when web/dist
 * is missing or stale (scripts/ensure-web.ts), makes sure Chromium is installed
 * (scripts/ensure-chromium.ts; when that is impossible the test fails with the reason), and starts
 * Qunyun itself on a fresh embedded database in a temporary DATA_DIR:
 *   qunyun simulate --groups 30 --days 14 --seed 3 --no-progress   (a simulated community)
 *   qunyun user create --email … --password …                      (the owner)
 *   qunyun serve --port 0                                            (the console, at the URL it prints)
 * then signs in, sees the overview (charts and KPIs from the simulated data), opens a group, tags a
 * member (checked through the API), exports and erases that member's data, switches the language, visits the members and settings
 * pages and the OpenAPI UI at /docs, with no Content-Security-Policy refusal on the way.
 * Then every page again, at 1440×900 and at 390×844 (a phone; screenshots phone-<page>.png): when its
 * data became visible after the navigation, with the Navigation and Resource Timing behind it
 * (printed as diagnostics, never asserted), axe-core's WCAG A/AA checks (no serious or critical
 * violation allowed), and on the phone no horizontal overflow, the navigation on screen and drawers
 * within the screen. Each page is saved once, by that pass, as screenshots/<page>.png
 * (QUNYUN_SCREENSHOTS to change the folder); the flow before it saves only what the pass does not
 * show (setup, member-erased, language-en and -zh, docs).
 *
 *   node --test test/browser/console.test.ts      (or npm test, which runs it with everything else)
 *
 * Setting QUNYUN_CONSOLE_URL (with QUNYUN_CONSOLE_EMAIL and QUNYUN_CONSOLE_PASSWORD) runs the same
 * flows against an already running server instead of starting one.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, ensureChromium } from '../../scripts/ensure-chromium.ts';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import { qunyun, serve, type RunningServer } from '../support/qunyun-process.ts';

/** Read when used, so a harness may start the server and set it before calling the helpers. */
export function consoleUrl(): string | undefined {
  return process.env.QUNYUN_CONSOLE_URL?.replace(/\/+$/, '') || undefined;
}
export const CREDENTIALS = {
  email: process.env.QUNYUN_CONSOLE_EMAIL ?? 'owner@example.com',
  password: process.env.QUNYUN_CONSOLE_PASSWORD ?? 'correct horse battery staple',
  name: process.env.QUNYUN_CONSOLE_NAME ?? 'Owner',
  workspaceName: process.env.QUNYUN_CONSOLE_WORKSPACE ?? '测试工作区',
};
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCREENSHOTS = process.env.QUNYUN_SCREENSHOTS ?? join(ROOT, 'screenshots');
// QUNYUN_BROWSER_TIMEOUT_MS: longer waits on a machine shared by many (swagger-ui alone took over 15 s at load 17).
const TIMEOUT = Number(process.env.QUNYUN_BROWSER_TIMEOUT_MS) || 15_000;

function url(path: string): string {
  const base = consoleUrl();
  if (!base) throw new Error('QUNYUN_CONSOLE_URL is not set');
  return base + path;
}

export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path, fullPage });
  return path;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS, headless: true });
}

/** Opens a page with a desktop viewport, the console in Chinese (its default) unless told otherwise. */
export async function newPage(browser: Browser, language: 'zh-CN' | 'en' = 'zh-CN'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: language });
  await context.addInitScript((lang) => {
    if (!localStorage.getItem('qy.lang')) localStorage.setItem('qy.lang', lang);
  }, language);
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on('pageerror', (error) => process.stderr.write(`[browser] page error: ${error.message}\n`));
  return page;
}

/** Signs in at /login; on a fresh server (redirected to /setup) creates the workspace and owner first. */
export async function signIn(page: Page, credentials = CREDENTIALS): Promise<void> {
  await page.goto(url('/login'));
  const form = page.getByTestId('login-page').or(page.getByTestId('setup-page'));
  await form.first().waitFor();
  if (await page.getByTestId('setup-email').isVisible().catch(() => false)) {
    await page.getByTestId('setup-workspace').fill(credentials.workspaceName);
    await page.getByTestId('setup-name').fill(credentials.name);
    await page.getByTestId('setup-email').fill(credentials.email);
    await page.getByTestId('setup-password').fill(credentials.password);
    await page.getByTestId('setup-confirm').fill(credentials.password);
    await screenshot(page, 'setup');
    await page.getByTestId('setup-submit').click();
  } else {
    await page.getByTestId('login-email').fill(credentials.email);
    await page.getByTestId('login-password').fill(credentials.password);
    await page.getByTestId('login-submit').click();
  }
  const failed = page.locator('[data-testid^="login-error-"]');
  const signedIn = page.getByTestId('user-menu');
  await signedIn.or(failed).first().waitFor();
  if (await failed.isVisible()) {
    throw new Error(`sign-in failed: ${(await failed.innerText()).replace(/\s+/g, ' ')}`);
  }
  assert.equal(await page.getByTestId('workspace-name').isVisible(), true);
}

/** "1,234", "3.5", "1.2万" → a number (0 for "–"). */
function kpiNumber(text: string): number {
  const value = Number.parseFloat(text.replace(/[^\d.]/g, ''));
  return Number.isFinite(value) ? value : 0;
}

/** The overview: KPI cards (or the designed empty state on an empty workspace), charts, presets. */
export async function seeOverview(page: Page, expectData = false): Promise<void> {
  await page.goto(url('/'));
  const kpis = page.getByTestId('overview-kpis');
  const empty = page.getByTestId('overview-page').getByTestId('empty-state');
  await kpis.or(empty).first().waitFor();
  if (await kpis.isVisible()) {
    assert.equal(await page.getByTestId('kpi-members').isVisible(), true);
    await page.getByTestId('chart-messages').or(page.getByTestId('empty-state')).first().waitFor();
    if (expectData) {
      for (const key of ['members', 'people', 'groups', 'messages']) {
        const value = kpiNumber(await page.getByTestId(`kpi-${key}`).locator('.qy-kpi-value').innerText());
        assert.ok(value > 0, `KPI ${key} is ${value}, expected > 0 from the simulated community`);
      }
      for (const chart of ['chart-messages', 'chart-joins', 'chart-active']) {
        await page.getByTestId(chart).locator('canvas').first().waitFor();
      }
    }
    // switch to the 7-day preset and back: the range is in the address
    await page.getByTestId('overview-range').click();
    await page.locator('.ant-picker-presets li').first().click();
    await page.waitForURL(/from=\d{4}-\d{2}-\d{2}/);
    await kpis.waitFor();
  }
}

/** Groups list → the first group's detail page (charts, members). */
export async function openGroup(page: Page, expectData = false): Promise<number> {
  await page.goto(url('/groups'));
  const table = page.getByTestId('groups-table');
  await table.or(page.getByTestId('groups-page').getByTestId('empty-state')).first().waitFor();
  assert.equal(await table.isVisible(), true, 'the server has no group to open');
  await page.locator('.ant-table-row').first().waitFor();
  // Each group's stage in its life, in the list and on its page (docs/group-stage.md).
  await page.getByTestId('groups-table').locator('[data-testid^="group-stage-"]').first().waitFor();
  const link = page.locator('[data-testid^="group-link-"]').first();
  const id = Number((await link.getAttribute('data-testid'))!.replace('group-link-', ''));
  await link.click();
  await page.waitForURL(new RegExp(`/groups/${id}$`));
  await page.getByTestId('group-name').locator('[data-testid^="group-stage-"]').waitFor();
  await page.getByTestId('group-members').locator('.ant-table').waitFor();
  if (expectData) {
    await page.getByTestId('chart-group-activity').locator('canvas').first().waitFor();
    await page.getByTestId('recent-messages').locator('.qy-message').first().waitFor();
  }
  return id;
}

/** Members list → the first member's profile drawer → add a tag → saved with PUT, then read back. */
export async function tagMember(page: Page, tag = `e2e-${Date.now().toString(36)}`): Promise<{ id: number; tag: string }> {
  await page.goto(url('/members'));
  const table = page.getByTestId('members-table');
  await table.or(page.getByTestId('members-page').getByTestId('empty-state')).first().waitFor();
  assert.equal(await table.isVisible(), true, 'the server has no member to tag');
  const link = page.locator('[data-testid^="member-link-"]').first();
  const id = Number((await link.getAttribute('data-testid'))!.replace('member-link-', ''));
  await link.click();
  await page.waitForURL(new RegExp(`/members/${id}`));
  await page.getByTestId('member-profile').waitFor();
  const select = page.getByTestId('member-tags-select');
  await select.click();
  await page.keyboard.type(tag);
  // Enter takes the active option: wait until it is the whole typed tag (on a busy machine the
  // search may still hold a prefix, or an earlier run's tag that starts alike may be active).
  await page.locator(`.ant-select-dropdown .ant-select-item-option-active[title="${tag}"]`).waitFor();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  const saved = page.waitForResponse((r) => r.url().endsWith(`/api/members/${id}/tags`) && r.request().method() === 'PUT');
  await page.getByTestId('member-tags-save').click();
  const response = await saved;
  assert.equal(response.ok(), true, `PUT tags answered ${response.status()}`);
  const body = (await response.json()) as { tags?: string[] };
  if (body.tags) assert.ok(body.tags.includes(tag), 'the saved tags include the new one');
  await page.locator('[data-testid="member-tags-save"]:disabled').waitFor();
  await page.getByTestId('member-profile').getByText(tag, { exact: true }).first().waitFor();
  await page.getByTestId('member-name').scrollIntoViewIfNeeded();
  // persisted: the API answers it, and the profile shows it after a reload
  const stored = await page.request.get(url(`/api/members/${id}`));
  assert.equal(stored.ok(), true, `GET /api/members/${id} answered ${stored.status()}`);
  assert.ok(((await stored.json()) as { tags: string[] }).tags.includes(tag), 'the tag is stored');
  await page.reload();
  await page.getByTestId('member-profile').getByText(tag, { exact: true }).first().waitFor();
  return { id, tag };
}

/**
 * On the member's profile: "导出个人数据" downloads the JSON export; with `erase` (never against a
 * server the test did not start), "删除个人数据" asks for the name or ERASE, then erases.
 */
export async function exportAndEraseMember(page: Page, id: number, erase: boolean): Promise<void> {
  await page.goto(url(`/members/${id}`));
  await page.getByTestId('member-profile').waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('member-export').click()]);
  const chunks: Buffer[] = [];
  for await (const chunk of (await download.createReadStream())) chunks.push(chunk as Buffer);
  const doc = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { member: { id: number }; identities: unknown[] };
  assert.equal(doc.member.id, id, 'the download is the member\'s export');
  assert.ok(doc.identities.length > 0);
  if (!erase) return;
  await page.getByTestId('member-erase').click();
  const confirm = page.locator('[data-testid="member-erase-confirm"]');
  assert.equal(await confirm.isDisabled(), true, 'the erasure waits for the name or ERASE');
  await page.getByTestId('member-erase-input').fill('ERASE');
  const erased = page.waitForResponse((r) => r.url().endsWith(`/api/members/${id}/erase`) && r.request().method() === 'POST');
  await confirm.click();
  assert.equal((await erased).status(), 200);
  await page.getByTestId('member-erased').waitFor();
  await page.getByTestId('member-name').getByText(/^erased member #/).waitFor();
  await screenshot(page, 'member-erased', false);
}

/** Header switch: zh-CN → en (antd and the menu follow), remembered across a reload, then back. */
export async function switchLanguage(page: Page): Promise<void> {
  await page.goto(url('/groups'));
  const toggle = page.getByTestId('lang-switch');
  await toggle.waitFor();
  if ((await toggle.getAttribute('data-lang')) !== 'zh-CN') {
    await toggle.click();
    await page.locator('html[lang="zh-CN"]').waitFor({ state: 'attached' });
  }
  assert.equal(await page.getByTestId('nav-groups').innerText(), '群组');
  await toggle.click();
  await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
  assert.equal(await page.getByTestId('nav-groups').innerText(), 'Groups');
  await page.reload();
  await page.getByTestId('nav-groups').waitFor();
  assert.equal(await page.getByTestId('nav-groups').innerText(), 'Groups', 'the language survives a reload');
  await page.getByTestId('groups-table').or(page.getByTestId('empty-state')).first().waitFor();
  await screenshot(page, 'language-en');
  await page.getByTestId('lang-switch').click();
  await page.locator('html[lang="zh-CN"]').waitFor({ state: 'attached' });
  await screenshot(page, 'language-zh');
}


/** The members list, the settings tabs (workspace, staff, platform accounts, audit). */
export async function visitListsAndSettings(page: Page, expectData = false): Promise<void> {
  await page.goto(url('/members'));
  const table = page.getByTestId('members-table');
  await table.or(page.getByTestId('members-page').getByTestId('empty-state')).first().waitFor();
  if (expectData) await page.locator('[data-testid^="member-row-"]').first().waitFor();

  await page.goto(url('/settings'));
  await page.getByTestId('workspace-name-input').waitFor();
  for (const tab of ['staff', 'accounts', 'audit']) {
    await page.getByTestId(`settings-tab-${tab}`).click();
    await page.waitForURL(new RegExp(`/settings/${tab}$`));
    const filled = page.getByTestId(`${tab}-table`).locator('.ant-table-row').first();
    await filled.or(page.getByTestId('settings-page').getByTestId('empty-state')).first().waitFor();
    if (expectData) await filled.waitFor();
  }
  // My account (every role): change password and sign out everywhere.
  await page.getByTestId('settings-tab-me').click();
  await page.waitForURL(/\/settings\/me$/);
  await page.getByTestId('account-change-password').waitFor();
}

/** The OpenAPI UI at /docs renders under its own Content-Security-Policy. */
export async function visitDocs(page: Page): Promise<void> {
  await page.goto(url('/docs/'));
  await page.locator('.swagger-ui .info .title').first().waitFor();
  await screenshot(page, 'docs', false);
}


/** The pages every pass visits, with what shows that the page's data is there. */
interface ConsolePage { name: string; path: string; ready: string[] }
function consolePages(groupId: number, memberId: number): ConsolePage[] {
  return [
    { name: 'overview', path: '/', ready: ['[data-testid="overview-kpis"] .qy-kpi-value', '[data-testid="chart-messages"] canvas'] },
    { name: 'groups', path: '/groups', ready: ['[data-testid^="group-link-"]'] },
    { name: 'group', path: `/groups/${groupId}`, ready: ['[data-testid="group-name"]', '[data-testid="group-members"] [data-row-key]', '[data-testid="chart-group-activity"] canvas'] },
    { name: 'members', path: '/members', ready: ['[data-testid^="member-row-"]'] },
    { name: 'member', path: `/members/${memberId}`, ready: ['[data-testid="member-name"]', '[data-testid="member-groups"] [data-row-key]', '[data-testid="member-timeline"]'] },
    { name: 'settings', path: '/settings', ready: ['[data-testid="workspace-name-input"]'] },
    { name: 'settings-staff', path: '/settings/staff', ready: ['[data-testid="staff-table"] [data-row-key]'] },
    { name: 'settings-accounts', path: '/settings/accounts', ready: ['[data-testid="accounts-table"] [data-row-key]'] },
    { name: 'settings-audit', path: '/settings/audit', ready: ['[data-testid="audit-table"] [data-row-key]'] },
    { name: 'settings-me', path: '/settings/me', ready: ['[data-testid="account-change-password"]'] },
  ];
}

/**
 * Records, in every document of the context, the moment (performance.now(), ms after the navigation
 * began) at which all the selectors stored in sessionStorage under qy-ready first match: a
 * MutationObserver checks after each change of the DOM, so the time is when the rows and figures
 * were in the page, not when the test's polling noticed them.
 */
export async function watchDataVisible(context: BrowserContext): Promise<void> {
  // A string: it runs in the page, and node's typings have no DOM.
  await context.addInitScript({
    content: `(() => {
      const selectors = JSON.parse(sessionStorage.getItem('qy-ready') || '[]');
      if (selectors.length === 0) return;
      const observer = new MutationObserver(() => {
        if (!selectors.every((s) => document.querySelector(s))) return;
        window.qyReadyAt = performance.now();
        observer.disconnect();
      });
      observer.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
    })();`,
  });
}

/** Opens a page by a full navigation and waits for its data; answers when (ms after the navigation began) it was visible. */
async function openAndWait(page: Page, target: ConsolePage): Promise<number> {
  await page.evaluate((ready) => sessionStorage.setItem('qy-ready', JSON.stringify(ready)), target.ready);
  await page.goto(url(target.path));
  for (const selector of target.ready) await page.locator(selector).first().waitFor();
  const at = await page.evaluate<number | undefined>('window.qyReadyAt');
  assert.ok(at !== undefined, `${target.name}: the observer saw its data appear`);
  return Math.round(at);
}

/** Navigation and Resource Timing of the current page, in one line. */
async function timingLine(page: Page, visibleMs: number): Promise<string> {
  const t = await page.evaluate(() => {
    type Entry = { name: string; startTime: number; responseEnd: number; transferSize: number; domContentLoadedEventEnd?: number };
    // In the page; node's typings have no DOM.
    const entries = (performance as unknown as { getEntriesByType(type: string): Entry[] }).getEntriesByType.bind(performance);
    const nav = entries('navigation')[0];
    const resources = entries('resource');
    const api = resources.filter((r) => new URL(r.name).pathname.startsWith('/api/'));
    const assets = resources.filter((r) => new URL(r.name).pathname.startsWith('/assets/'));
    const kb = (n: number) => Math.round(n / 1024);
    return {
      html: Math.round(nav?.responseEnd ?? 0),
      dcl: Math.round(nav?.domContentLoadedEventEnd ?? 0),
      assets: assets.length,
      assetKb: kb(assets.reduce((sum, r) => sum + r.transferSize, 0)),
      assetsDone: Math.round(Math.max(0, ...assets.map((r) => r.responseEnd))),
      api: api.map((r) => `${new URL(r.name).pathname.replace('/api/', '')} ${Math.round(r.startTime)}→${Math.round(r.responseEnd)}`),
    };
  });
  return `data visible at ${visibleMs} ms (html ${t.html} ms, DOMContentLoaded ${t.dcl} ms; ${t.assets} assets, ${t.assetKb} kB over the wire, last at ${t.assetsDone} ms; api: ${t.api.join(', ')})`;
}

/**
 * Moves to the target inside the console, as a link or the back button does (history.pushState and a
 * popstate event: the router renders the new page in the same document), and answers when (ms after
 * the move) its data was in the DOM, with the API requests sent since: the in-app counterpart of
 * openAndWait's full navigation.
 */
async function moveAndWait(page: Page, target: ConsolePage): Promise<string> {
  const result = await page.evaluate(`new Promise((resolve, reject) => {
    const selectors = ${JSON.stringify(target.ready)};
    const start = performance.now();
    const done = () => {
      observer.disconnect();
      clearTimeout(timer);
      const api = performance.getEntriesByType('resource')
        .filter((r) => r.startTime >= start && new URL(r.name).pathname.startsWith('/api/'))
        .map((r) => new URL(r.name).pathname.replace('/api/', '') + ' ' + Math.round(r.startTime - start) + '→' + Math.round(r.responseEnd - start));
      const code = performance.getEntriesByType('resource').filter((r) => r.startTime >= start && r.name.endsWith('.js')).length;
      resolve({ ms: Math.round(performance.now() - start), api, code });
    };
    const observer = new MutationObserver(() => { if (selectors.every((s) => document.querySelector(s))) done(); });
    const timer = setTimeout(() => { observer.disconnect(); reject(new Error('no data after the move to ${target.path}')); }, ${TIMEOUT});
    observer.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
    history.pushState(null, '', ${JSON.stringify(target.path)});
    dispatchEvent(new PopStateEvent('popstate', { state: null }));
  })`) as { ms: number; api: string[]; code: number };
  return `data visible ${result.ms} ms after the move (${result.code} code chunks fetched; api: ${result.api.join(', ')})`;
}

const AXE = fileURLToPath(import.meta.resolve('axe-core/axe.min.js'));

/** axe-core's serious and critical violations on the current page (WCAG 2.x A and AA rules). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (options: object) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const result = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.targets.join(' ')}`);
}

/**
 * Every page, in a fresh signed-in context with the given viewport: when its data is visible
 * (printed), axe-core's serious or critical violations (none allowed), and on a phone no
 * horizontal overflow and the navigation within the screen. Screenshots: <prefix><page>.png.
 * bypassCSP: axe-core is injected as a script tag, which the console's policy would refuse.
 */
export async function auditPages(
  browser: Browser, viewport: { width: number; height: number }, prefix: string, log: (line: string) => void,
): Promise<string[]> {
  const phone = viewport.width < 600;
  const context = await browser.newContext({ viewport, locale: 'zh-CN', bypassCSP: true, ...(phone ? { isMobile: true, hasTouch: true } : {}) });
  const problems: string[] = [];
  const problem = (line: string) => { log(`problem: ${line}`); problems.push(line); };
  await watchDataVisible(context);
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    await signIn(page);
    const groups = (await (await page.request.get(url('/api/groups?limit=1'))).json()) as { items: Array<{ id: number }> };
    const members = (await (await page.request.get(url('/api/members?limit=1'))).json()) as { items: Array<{ id: number }> };
    assert.ok(groups.items[0] && members.items[0], 'a group and a member to open');
    for (const target of consolePages(groups.items[0].id, members.items[0].id)) {
      const visible = await openAndWait(page, target);
      log(`${prefix}${target.name}: ${await timingLine(page, visible)}`);
      await page.waitForTimeout(300); // chart animation, for the screenshot and the contrast check
      if (phone) {
        const width = await page.evaluate<number>('document.scrollingElement.scrollWidth');
        if (width > viewport.width) problem(`${prefix}${target.name}: the page is ${width} px wide on a ${viewport.width} px screen`);
        const nav = await page.getByTestId('nav-groups').boundingBox();
        if (!nav || nav.y < 0 || nav.y + nav.height > viewport.height || nav.x + nav.width > viewport.width) {
          problem(`${prefix}${target.name}: the navigation is not on the screen (${JSON.stringify(nav)})`);
        }
        const drawer = await page.locator('.ant-drawer-content-wrapper').boundingBox().catch(() => null);
        if (drawer && drawer.width > viewport.width) problem(`${prefix}${target.name}: the drawer is ${drawer.width} px wide`);
        if (target.name === 'member') {
          // The profile drawer's table of groups: rows as labelled cards, like every list on a phone.
          await page.getByTestId('member-groups').locator('tbody > tr.ant-table-row').first().waitFor();
          const cards = await page.evaluate<{ row: string; cell: string; label: string | null; head: string }>(`(() => {
            const row = document.querySelector('[data-testid="member-groups"] tbody > tr.ant-table-row');
            const cell = row.querySelector('td');
            const head = row.closest('table').querySelector('thead');
            return { row: getComputedStyle(row).display, cell: getComputedStyle(cell).display, label: cell.getAttribute('data-label'), head: head ? getComputedStyle(head).display : 'none' };
          })()`);
          if (cards.row !== 'block' || cards.cell !== 'flex' || cards.head !== 'none' || !cards.label) {
            problem(`${prefix}member: the profile's table of groups is not shown as cards (${JSON.stringify(cards)})`);
          }
        }
      }
      await screenshot(page, `${prefix}${target.name}`, !phone || target.name !== 'member');
      for (const violation of await axeViolations(page)) problem(`${prefix}${target.name}: ${violation}`);
    }
    // The same pages reached inside the console (no page load), from a page without their data.
    // On a desktop only: a phone runs the same code on a move, and the test's time is better spent
    // on its full loads, overflow and accessibility checks above.
    if (!phone) {
      await page.goto(url('/settings/me'));
      await page.getByTestId('account-change-password').waitFor();
      for (const target of consolePages(groups.items[0].id, members.items[0].id)) {
        log(`${prefix}in-app ${target.name}: ${await moveAndWait(page, target)}`);
      }
    }
    // The pages before sign-in.
    await context.clearCookies();
    await page.goto(url('/login'));
    await page.getByTestId('login-submit').waitFor();
    if (phone) {
      const width = await page.evaluate<number>('document.scrollingElement.scrollWidth');
      if (width > viewport.width) problem(`${prefix}login: the page is ${width} px wide`);
    }
    await screenshot(page, `${prefix}login`);
    for (const violation of await axeViolations(page)) problem(`${prefix}login: ${violation}`);
  } finally {
    await context.close();
  }
  return problems;
}


test('operator console: sign in, overview, group, member tags, language, lists, settings', { timeout: TIMEOUT * 40 }, async (t) => {
  const started = Date.now();
  const step = (what: string) => t.diagnostic(`${((Date.now() - started) / 1000).toFixed(1)} s ${what}`);
  // Chromium first: when it cannot be installed the test fails here, with the reason.
  const executablePath = ensureChromium();
  const external = consoleUrl();
  let server: RunningServer | undefined;
  let dataDir: string | undefined;
  if (!external) {
    ensureWebBuilt();
    step('console built');
    dataDir = mkdtempSync(join(tmpdir(), 'qunyun-console-'));
    await qunyun(dataDir, ['simulate', '--groups', '30', '--days', '14', '--seed', '3', '--no-progress']);
    step('community simulated');
    await qunyun(dataDir, ['user', 'create', '--email', CREDENTIALS.email, '--name', CREDENTIALS.name, '--password', CREDENTIALS.password]);
    server = await serve(dataDir);
    process.env.QUNYUN_CONSOLE_URL = server.url;
    step(`serving ${server.url}`);
  }
  const problems: string[] = [];
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  try {
    const page = await newPage(browser);
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    // The Content-Security-Policy refuses nothing the console (or /docs) needs.
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
    });
    page.on('response', (response) => {
      if (response.status() >= 500) problems.push(`${response.request().method()} ${response.url()} answered ${response.status()}`);
    });
    const expectData = !external;
    await signIn(page);
    await seeOverview(page, expectData);
    step('overview');
    await openGroup(page, expectData);
    step('group');
    const tagged = await tagMember(page);
    step('member tagged');
    await exportAndEraseMember(page, tagged.id, !external);
    step('member exported and erased');
    await switchLanguage(page);
    step('language');
    await visitListsAndSettings(page, expectData);
    step('members and settings');
    await visitDocs(page);
    step('docs');
    assert.deepEqual(problems, [], 'no page errors and no 5xx answers');
    // Every page on a desktop and on a phone: timings (printed), accessibility, no overflow.
    const audited = await auditPages(browser, { width: 1440, height: 900 }, '', (line) => t.diagnostic(line));
    step('pages on a desktop');
    audited.push(...await auditPages(browser, { width: 390, height: 844 }, 'phone-', (line) => t.diagnostic(line)));
    step('pages on a phone');
    assert.deepEqual(audited, [], 'no serious accessibility violation, no overflow on a phone');
  } finally {
    await browser.close();
    if (server) {
      await server.stop();
      delete process.env.QUNYUN_CONSOLE_URL;
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    step('stopped');
  }
});
