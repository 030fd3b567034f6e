/**
 * What the browser tests of the console share: a zh-CN page that records page errors and 5xx
 * answers, the owner's first set-up, connecting a sandbox account through the console's form,
 * client actions on the sandbox platform, polling for a condition, and screenshots (into
 * screenshots/ or QUNYUN_SCREENSHOTS).
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SCREENSHOTS = process.env.QUNYUN_SCREENSHOTS ?? join(ROOT, 'screenshots');

export interface Owner { email: string; password: string; name: string; workspace: string }

/** A full-page screenshot named `<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** A page of a new zh-CN context; `problems` collects page errors and 5xx answers. */
export async function consolePage(browser: Browser, viewport: { width: number; height: number }, timeoutMs: number): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  await context.addInitScript(() => { if (!localStorage.getItem('qy.lang')) localStorage.setItem('qy.lang', 'zh-CN'); });
  const page = await context.newPage();
  page.setDefaultTimeout(timeoutMs);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('response', (r) => { if (r.status() >= 500) problems.push(`${r.request().method()} ${r.url()} answered ${r.status()}`); });
  return { page, problems };
}

/** Fills and sends the first set-up form (workspace and owner); the caller waits for what follows. */
export async function setUpOwner(page: Page, base: string, owner: Owner): Promise<void> {
  await page.goto(`${base}/setup`);
  await page.getByTestId('setup-email').waitFor();
  await page.getByTestId('setup-workspace').fill(owner.workspace);
  await page.getByTestId('setup-name').fill(owner.name);
  await page.getByTestId('setup-email').fill(owner.email);
  await page.getByTestId('setup-password').fill(owner.password);
  await page.getByTestId('setup-confirm').fill(owner.password);
  await page.getByTestId('setup-submit').click();
}

/** Signs in through the login form and waits for the console's header. */
export async function signIn(page: Page, base: string, credentials: Pick<Owner, 'email' | 'password'>): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByTestId('login-email').fill(credentials.email);
  await page.getByTestId('login-password').fill(credentials.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-menu').waitFor();
}

/** Connects a sandbox account through the console's form on the accounts tab. */
export async function connectSandbox(page: Page, base: string, platformUrl: string, token: string): Promise<void> {
  await page.goto(`${base}/settings/accounts`);
  await page.getByTestId('connect-account').first().click();
  await page.getByTestId('connect-platform-sandbox').click();
  await page.getByTestId('connect-sandbox-url').fill(platformUrl);
  await page.getByTestId('connect-sandbox-token').fill(token);
  await page.getByTestId('connect-submit').click();
  await page.getByTestId('connect-done').waitFor();
  await page.getByTestId('connect-finish').click();
}

export interface ActionResult { ok: boolean; error?: string; description?: string }

/** Client actions on the sandbox platform, as its simulated users do them; their results. */
export async function platformActions(platformUrl: string, account: string, actions: Array<Record<string, unknown>>): Promise<ActionResult[]> {
  const at = new Date().toISOString();
  const response = await fetch(`${platformUrl}/client/actions`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ account, actions: actions.map((a) => ({ at, ...a })) }),
  });
  return ((await response.json()) as { results: ActionResult[] }).results;
}

/** platformActions, each of which must succeed. */
export async function platformActionsOk(platformUrl: string, account: string, actions: Array<Record<string, unknown>>): Promise<void> {
  for (const r of await platformActions(platformUrl, account, actions)) assert.equal(r.ok, true, r.description ?? r.error);
}

/** Polls `probe` until it gives a value. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
