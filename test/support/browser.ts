/**
 * What the browser tests of the console share: a console started on a fresh embedded database
 * with its owner and Chromium beside it (startConsole), a zh-CN page that records page errors and
 * 5xx answers, the owner's first set-up, connecting a sandbox account through the console's form,
 * client actions on the sandbox platform, polling for a condition, and screenshots (into
 * screenshots/ or QUNYUN_SCREENSHOTS).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, ensureChromium } from '../../scripts/ensure-chromium.ts';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import { ensureUserWithRole } from '../../src/auth/users.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { serve, type RunningServer } from './qunyun-process.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SCREENSHOTS = process.env.QUNYUN_SCREENSHOTS ?? join(ROOT, 'screenshots');

export interface Owner { email: string; password: string; name: string; workspace: string }

/** A full-page screenshot named `<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

export interface PageOptions {
  /** Lets axe-core be injected as a script tag, which the console's policy would refuse. */
  bypassCSP?: boolean;
  /** A phone: mobile meta viewport and touch. */
  mobile?: boolean;
}

/** A page of a new zh-CN context; `problems` collects page errors and 5xx answers. */
export async function consolePage(browser: Browser, viewport: { width: number; height: number }, timeoutMs: number, options: PageOptions = {}): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({
    viewport, locale: 'zh-CN',
    ...(options.bypassCSP ? { bypassCSP: true } : {}),
    ...(options.mobile ? { isMobile: true, hasTouch: true } : {}),
  });
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

/**
 * Does `act` (clicks) until `shown` is visible, up to `tries` times, `ms` each: under a fully
 * loaded CI machine a click on a control of a dialog that is still opening or animating can be
 * lost (seen on the connect form's platform choice and on the mute dialog's duration), and a test
 * would then wait for an outcome that never comes. Throws the last wait's error.
 */
export async function untilShown(act: () => Promise<void>, shown: Locator, tries = 4, ms = 5_000): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await act();
      await shown.waitFor({ timeout: ms });
      return;
    } catch (err) {
      if (attempt >= tries) throw err;
    }
  }
}

/**
 * Opens the accounts tab's connect form on the sandbox platform. The platform choice is clicked
 * again if its form does not show: once in a CI run under full load, the first click on the
 * segmented control (while the modal was still opening) was lost, and the test waited 30 s for a
 * form that never came.
 */
export async function openSandboxForm(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/settings/accounts`);
  await page.getByTestId('connect-account').first().click();
  await untilShown(() => page.getByTestId('connect-platform-sandbox').click(), page.getByTestId('connect-sandbox-url'));
}

/** Connects a sandbox account through the console's form on the accounts tab. */
export async function connectSandbox(page: Page, base: string, platformUrl: string, token: string): Promise<void> {
  await openSandboxForm(page, base);
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

export interface ConsoleUnderTest {
  /** The console's URL, e.g. http://127.0.0.1:41234. */
  base: string;
  dataDir: string;
  browser: Browser;
  /** consolePage signed in as the owner through the login form. */
  signedInPage(viewport: { width: number; height: number }, options?: PageOptions): Promise<{ page: Page; problems: string[] }>;
  /** Closes the browser, stops the server, removes the data folder. */
  close(): Promise<void>;
}

/**
 * What most browser tests start with: a fresh embedded database in a temporary DATA_DIR, `prepare`
 * run on the folder first (e.g. `qunyun simulate`), the owner created as `qunyun user create` does
 * (migrate, then the user as owner of the default workspace; in this process: a loaded machine
 * starts the CLI slowly), `seed` run on the database, then `qunyun serve` on it, with Chromium
 * launched meanwhile. Builds the console first when web/dist is stale; fails with the reason when
 * Chromium cannot be installed.
 */
export async function startConsole(options: {
  name: string;
  owner: Pick<Owner, 'email' | 'password' | 'name'>;
  timeoutMs: number;
  prepare?: (dataDir: string) => Promise<void>;
  seed?: (db: Database) => Promise<void>;
  env?: Record<string, string>;
}): Promise<ConsoleUnderTest> {
  const executablePath = ensureChromium();
  ensureWebBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), `qunyun-${options.name}-`));
  const launching = chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  launching.catch(() => {}); // awaited below; a failure is reported there
  let server: RunningServer | undefined;
  const close = async () => {
    await launching.then((b) => b.close(), () => {});
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    if (options.prepare) await options.prepare(dataDir);
    const db = await openDatabase({ dataDir });
    try {
      await migrate(db);
      await ensureUserWithRole(db, { ...options.owner, workspace: 'default', role: 'owner' });
      if (options.seed) await options.seed(db);
    } finally {
      await db.close();
    }
    server = await serve(dataDir, options.env ?? {}, 120_000); // a loaded test machine starts slowly
    const browser = await launching;
    const base = server.url;
    return {
      base, dataDir, browser, close,
      async signedInPage(viewport, pageOptions = {}) {
        const opened = await consolePage(browser, viewport, options.timeoutMs, pageOptions);
        await signIn(opened.page, base, options.owner);
        return opened;
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}
