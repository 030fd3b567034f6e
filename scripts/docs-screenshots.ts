/**
 * Takes the screenshots that docs/connectors.md embeds: Settings → platform accounts with a
 * Telegram bot and a WeCom corp app connected. Qunyun runs as `qunyun serve` on a fresh embedded
 * database with PUBLIC_URL=https://qunyun.example.com; the bot and the corp are the fake Bot API
 * and fake WeCom servers the tests use (src/connectors/*\/fake-*.ts), so no real secret is needed.
 * The accounts are added through the API the same way an administrator does (POST /api/accounts).
 *
 *   node scripts/docs-screenshots.ts       → screenshots/docs/*.png (full size) and docs/img/*.png
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { startFakeBotApi } from '../test/fakes/telegram/fake-bot-api.ts';
import { createFakeWecom } from '../test/fakes/wecom/fake-server.ts';
import { qunyun, serve } from '../test/support/qunyun-process.ts';
import { CHROMIUM_ARGS, ensureChromium } from './ensure-chromium.ts';
import { ensureWebBuilt } from './ensure-web.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OWNER = { email: 'owner@example.com', password: 'correct horse battery staple' };
const MAX_DOC_IMAGE = 200 * 1024;

async function shoot(page: Page, name: string, clip?: { x: number; y: number; width: number; height: number }): Promise<void> {
  const full = join(ROOT, 'screenshots/docs', `${name}.png`);
  mkdirSync(join(ROOT, 'screenshots/docs'), { recursive: true });
  await page.screenshot({ path: full, ...(clip ? { clip } : {}) });
  const doc = join(ROOT, 'docs/img', `${name}.png`);
  mkdirSync(join(ROOT, 'docs/img'), { recursive: true });
  copyFileSync(full, doc);
  const size = statSync(doc).size;
  if (size > MAX_DOC_IMAGE) throw new Error(`${doc} is ${Math.round(size / 1024)} KB, more than 200 KB`);
  process.stdout.write(`${doc} (${Math.round(size / 1024)} KB)\n`);
}

async function main(): Promise<void> {
  ensureWebBuilt();
  const executablePath = ensureChromium();
  const dataDir = mkdtempSync(join(tmpdir(), 'qunyun-docs-'));
  const bot = await startFakeBotApi({ token: '7012345678:AAFakeTokenForTheDocsScreenshots', botUsername: 'acme_community_bot' });
  const wecom = createFakeWecom({ corpId: 'ww0a1b2c3d4e5f6a7b', secret: 'fake-corp-secret' });
  const wecomUrl = await wecom.listen();
  await qunyun(dataDir, ['user', 'create', '--email', OWNER.email, '--name', 'Owner', '--password', OWNER.password]);
  // The fakes listen on loopback, which account set-up refuses unless allowed (docs/connectors.md).
  const server = await serve(dataDir, { PUBLIC_URL: 'https://qunyun.example.com', OUTBOUND_ALLOW_PRIVATE: '127.0.0.1' });
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 600 }, locale: 'zh-CN' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-email').fill(OWNER.email);
    await page.getByTestId('login-password').fill(OWNER.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('user-menu').waitFor();

    const csrf = (await context.cookies()).find((c) => c.name === 'qy_csrf')?.value ?? '';
    const add = async (body: Record<string, unknown>) => {
      const response = await page.request.post(`${server.url}/api/accounts`, { data: body, headers: { 'x-csrf-token': csrf } });
      if (response.status() !== 201) throw new Error(`POST /api/accounts (${String(body.platform)}) answered ${response.status()}: ${await response.text()}`);
    };
    await add({ platform: 'telegram', token: bot.token, mode: 'webhook', apiRoot: bot.url });
    await add({
      platform: 'wecom', name: 'ACME 客户群', corpId: wecom.corpId, secret: wecom.secret,
      token: 'QunyunCallbackToken', encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', apiRoot: wecomUrl,
    });

    for (const [lang, suffix] of [['zh-CN', ''], ['en', '-en']] as const) {
      await page.evaluate((l) => localStorage.setItem('qy.lang', l), lang);
      await page.goto(`${server.url}/settings/accounts`);
      await page.getByTestId('accounts-table').locator('.ant-table-row').nth(1).waitFor();
      await page.waitForTimeout(300);
      await shoot(page, `settings-accounts${suffix}`);
    }
    // the reason behind a capability WeCom lacks, as its tooltip shows it
    await page.locator('.qy-tag-unsupported', { hasText: /^Mute$/ }).first().hover();
    await page.locator('.ant-tooltip').filter({ hasText: 'mute' }).first().waitFor();
    await page.waitForTimeout(300);
    await shoot(page, 'settings-accounts-wecom-unsupported');
  } finally {
    await browser.close();
    await server.stop();
    await bot.close();
    await wecom.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
