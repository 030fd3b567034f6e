/**
 * Browser test of acting from the console (issue #12 items 1–3), on a real server (`qunyun serve`
 * on a fresh DATA_DIR, set up through the console's first-run page) and the sandbox platform
 * started in this process on loopback (the server may call it: OUTBOUND_ALLOW_PRIVATE=127.0.0.1).
 * At 1366×900 and at 390×844, each with its own sandbox bot and group, it:
 *   (desktop) follows the empty overview to the connect form, checks a Telegram bot's rights against the fake Bot API and sees the checklist;
 *   connects a WeCom corp (fake WeCom server), copies the callback URL and sees it verified once
 *   WeCom (here: the test, signing like WeCom) has called it,
 *   connects the sandbox account through the Settings → accounts form,
 *   posts to the group (a network failure first, said in Chinese), mutes a member for an hour and
 *   removes another (each answer shown), mutes from the member's own page,
 *   creates an invite link, makes someone join through it on the platform and sees the join counted,
 *   and reads those actions in the audit log as sentences with names, in Chinese.
 * Screenshots of each step go to screenshots/actions-<viewport>-<step>.png (QUNYUN_SCREENSHOTS).
 *
 *   node scripts/test.ts test/browser/actions.test.ts
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, ensureChromium } from '../../scripts/ensure-chromium.ts';
import { ensureWebBuilt } from '../../scripts/ensure-web.ts';
import { createSandboxPlatform, type SandboxPlatform } from '../../src/platform-sandbox/index.ts';
import { createWecomCrypto } from '../../src/connectors/wecom/crypto.ts';
import { startFakeBotApi, type FakeBotApi } from '../fakes/telegram/fake-bot-api.ts';
import { createFakeWecom, type FakeWecom } from '../fakes/wecom/fake-server.ts';
import { consolePage, openSandboxForm, platformActionsOk as platformActions, setUpOwner, screenshot, untilShown, waitFor as poll } from '../support/browser.ts';
import { serve, type RunningServer } from '../support/qunyun-process.ts';

const OWNER = { email: 'owner@example.com', password: 'correct horse battery staple', name: '店长', workspace: '鲜果铺' };
const TIMEOUT = 20_000;

const VIEWPORTS = [
  { key: 'desktop', width: 1366, height: 900 },
  { key: 'phone', width: 390, height: 844 },
] as const;

const shot = (page: Page, viewport: string, step: string): Promise<void> => screenshot(page, `actions-${viewport}-${step}`);

const waitFor = <T,>(what: string, probe: () => Promise<T | undefined>, timeoutMs = TIMEOUT): Promise<T> => poll(what, probe, timeoutMs, 250);

async function signIn(page: Page, base: string): Promise<void> {
  const { needsSetup } = (await (await page.request.get(`${base}/api/setup`)).json()) as { needsSetup: boolean };
  if (needsSetup) {
    await setUpOwner(page, base, OWNER);
  } else {
    await page.goto(`${base}/login`);
    await page.getByTestId('login-email').waitFor();
    // A wrong password first: the console says it in Chinese, not the server's English.
    await page.getByTestId('login-email').fill(OWNER.email);
    await page.getByTestId('login-password').fill('not the password at all');
    await page.getByTestId('login-submit').click();
    const invalid = page.getByTestId('login-error-invalid');
    await invalid.waitFor();
    assert.match(await invalid.innerText(), /邮箱或密码错误/);
    assert.doesNotMatch(await invalid.innerText(), /wrong email or password/i);
    await page.getByTestId('login-password').fill(OWNER.password);
    await page.getByTestId('login-submit').click();
  }
  await page.getByTestId('user-menu').waitFor();
}

interface Sandbox { account: string; token: string; groupName: string; people: Record<'ada' | 'bob' | 'cyd', string> }

async function checkTelegramRights(page: Page, base: string, telegram: FakeBotApi, v: string): Promise<void> {
  // The empty overview points at the form, which opens on the accounts tab.
  await page.goto(`${base}/`);
  const empty = page.getByTestId('overview-page').getByTestId('empty-state');
  await empty.waitFor();
  assert.doesNotMatch(await empty.innerText(), /qunyun connect/);
  await shot(page, v, '0-empty-overview');
  await empty.getByRole('button').click();
  await page.waitForURL(/\/settings\/accounts/);
  await page.getByTestId('connect-platform-telegram').click();
  await page.getByTestId('connect-telegram-token').fill(telegram.token);
  await page.getByLabel('API 地址（可选）').fill(telegram.url);
  await page.getByTestId('connect-telegram-check').click();
  const checklist = page.getByTestId('telegram-checklist');
  await checklist.waitFor();
  await checklist.getByText('已找到机器人 @qunyun_test_bot').waitFor();
  await checklist.locator('li', { hasText: '茶友会' }).getByText('缺少权限: 封禁/禁言成员').waitFor();
  await checklist.locator('li', { hasText: '咖啡群' }).getByText('机器人不是管理员').waitFor();
  await shot(page, v, '0-telegram-checklist');
  await page.keyboard.press('Escape');
  await checklist.waitFor({ state: 'detached' });
}

const CALLBACK_TOKEN = 'QunyunCallbackToken2026';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

async function connectWecom(page: Page, base: string, wecom: { fake: FakeWecom; url: string }, v: string): Promise<void> {
  await page.goto(`${base}/settings/accounts`);
  await page.getByTestId('connect-account').first().click();
  await page.getByTestId('connect-platform-wecom').click();
  await page.getByLabel('名称').fill('鲜果铺企业微信');
  await page.getByLabel('企业 ID').fill(wecom.fake.corpId);
  await page.getByLabel('Secret').fill(wecom.fake.secret);
  await page.getByLabel('回调 Token').fill(CALLBACK_TOKEN);
  await page.getByLabel('EncodingAESKey').fill(AES_KEY);
  await page.getByLabel('API 地址（可选）').fill(wecom.url);
  await page.getByTestId('connect-submit').click();
  const callbackUrl = await page.getByTestId('connect-callback-url').inputValue();
  assert.match(callbackUrl, /\/webhooks\/wecom\/\d+$/);
  const state = page.getByTestId('connect-done').locator('[data-verified]');
  assert.equal(await state.getAttribute('data-verified'), 'no');
  await shot(page, v, '0-wecom-callback-url');
  // WeCom verifies the URL when it is saved in the app settings: a signed GET with an encrypted echostr.
  const crypto = createWecomCrypto({ token: CALLBACK_TOKEN, encodingAesKey: AES_KEY, receiveId: wecom.fake.corpId });
  const echostr = crypto.encrypt('echo-12');
  const ts = String(Math.floor(Date.now() / 1000));
  const verify = await fetch(`${callbackUrl}?${new URLSearchParams({ msg_signature: crypto.signature(ts, '7', echostr), timestamp: ts, nonce: '7', echostr })}`);
  assert.equal(await verify.text(), 'echo-12');
  await page.getByTestId('connect-done').locator('[data-verified="yes"]').waitFor();
  await shot(page, v, '0-wecom-verified');
  await page.getByTestId('connect-finish').click();

  // A customer group arrives by callback; posting to it waits for the owner's confirmation, and a
  // member limit (which WeCom's join ways do not have) is refused with what to do instead.
  wecom.fake.setCallbackTarget({ url: callbackUrl, token: CALLBACK_TOKEN, encodingAesKey: AES_KEY });
  await wecom.fake.createGroup({ name: 'VIP 客户群', owner: 'zhangsan', members: [{ userid: 'wmAlice', name: 'Alice' }] });
  const group = await waitFor('the WeCom group', async () => {
    const body = (await (await page.request.get(`${base}/api/groups?q=VIP`)).json()) as { items: Array<{ id: number; name: string }> };
    return body.items.find((g) => g.name === 'VIP 客户群');
  });
  await page.goto(`${base}/groups/${group.id}`);
  await page.getByTestId('post-text').fill('本周会员日：全场九折');
  await page.getByTestId('post-submit').click();
  await page.getByTestId('post-outcome').filter({ hasText: '等待群主在企业微信客户端确认发送' }).waitFor();
  await page.getByTestId('push-history').getByText('待确认').waitFor();
  await page.getByTestId('group-actions').scrollIntoViewIfNeeded();
  await shot(page, v, '0-wecom-post-awaiting');
  await page.getByTestId('group-actions-tab-links').click();
  await page.getByLabel('人数上限').fill('10');
  await page.getByTestId('link-create').click();
  const refused = page.getByTestId('link-outcome');
  await refused.filter({ hasText: '该平台不支持此操作' }).waitFor();
  assert.equal(await refused.getAttribute('data-outcome'), 'refused');
  assert.match(await refused.innerText(), /替代做法/);
  await shot(page, v, '0-wecom-link-not-supported');
}

/**
 * Confirms in a dialog that has just opened until the action's outcome shows (untilShown): the
 * confirm button is clicked again only while it is still there (a lost click: seen under CI load on
 * the mute dialog, mounted at its first opening); once the dialog has closed, the outcome is only
 * waited for, so the action is never sent twice after a click that took.
 */
async function confirmUntil(confirm: Locator, outcome: Locator): Promise<void> {
  await untilShown(async () => { if (await confirm.isVisible()) await confirm.click({ timeout: 5_000 }); }, outcome, 4, 10_000);
}

async function actFromTheConsole(browser: Browser, base: string, platform: SandboxPlatform, platformUrl: string, viewport: (typeof VIEWPORTS)[number], sandbox: Sandbox, step: (what: string) => void, telegram?: FakeBotApi, wecom?: { fake: FakeWecom; url: string }): Promise<void> {
  const v = viewport.key;
  const { page, problems } = await consolePage(browser, { width: viewport.width, height: viewport.height }, TIMEOUT);
  try {
    await signIn(page, base);
    if (telegram) {
      await checkTelegramRights(page, base, telegram, v);
      step(`${v}: Telegram rights checklist`);
    }
    if (wecom) {
      await connectWecom(page, base, wecom, v);
      step(`${v}: WeCom connected and its callback URL verified`);
    }

    // 1. Connect the sandbox account through the form; a refused token is said next to its field first.
    await openSandboxForm(page, base);
    await page.getByTestId('connect-sandbox-url').fill(platformUrl);
    await page.getByTestId('connect-sandbox-token').fill('not-a-token');
    await page.getByTestId('connect-submit').click();
    const refusal = page.locator('.ant-form-item-explain-error').filter({ hasText: '平台拒绝了此操作' });
    await refusal.first().waitFor();
    await shot(page, v, '1-connect-refused');
    await page.getByTestId('connect-sandbox-token').fill(sandbox.token);
    await shot(page, v, '1-connect-form');
    await page.getByTestId('connect-submit').click();
    await page.getByTestId('connect-done').waitFor();
    await shot(page, v, '1-connect-done');
    await page.getByTestId('connect-finish').click();
    await page.getByTestId('accounts-table').getByText(sandbox.account).first().waitFor();
    step(`${v}: account connected`);

    // The group arrives through the platform's webhooks.
    const group = await waitFor('the group', async () => {
      const r = await page.request.get(`${base}/api/groups?q=${encodeURIComponent(sandbox.groupName)}`);
      const body = (await r.json()) as { items: Array<{ id: number; name: string; size: number }> };
      const g = body.items.find((i) => i.name === sandbox.groupName);
      return g && g.size >= 3 ? g : undefined;
    });
    const members = ((await (await page.request.get(`${base}/api/groups/${group.id}/members?limit=50`)).json()) as { items: Array<{ id: number; name: string }> }).items;
    const idOf = (name: string) => members.find((m) => m.name === name)!.id;

    // 2. Post to the group.
    await page.goto(`${base}/groups/${group.id}`);
    await page.getByTestId('group-actions').waitFor();
    const text = `周末团购开始啦（${v}）`;
    await page.getByTestId('post-text').fill(text);
    // The network fails once: said in Chinese, not "Failed to fetch".
    await page.route('**/api/groups/*/messages', (route) => route.abort('internetdisconnected'), { times: 1 });
    await page.getByTestId('post-submit').click();
    const posted = page.locator('[data-testid="post-outcome"]');
    await posted.filter({ hasText: '无法连接服务器' }).waitFor();
    assert.equal(await posted.getAttribute('data-outcome'), 'refused');
    assert.doesNotMatch(await posted.innerText(), /Failed to fetch/);
    await shot(page, v, '2-post-offline');
    await page.getByTestId('post-submit').click();
    await posted.filter({ hasText: '已发送到群里' }).waitFor();
    await posted.waitFor();
    assert.equal(await posted.getAttribute('data-outcome'), 'ok', await posted.innerText());
    assert.match(await posted.innerText(), /已发送到群里/);
    await page.getByTestId('push-history').getByText(text).waitFor();
    await page.getByTestId('group-actions').scrollIntoViewIfNeeded();
    await shot(page, v, '2-posted');
    step(`${v}: posted`);

    // 3. Mute one member for an hour, remove another.
    const ada = idOf(sandbox.people.ada), bob = idOf(sandbox.people.bob);
    await page.getByTestId(`mute-${ada}`).click();
    const memberOutcome = page.getByTestId('group-members').getByTestId('member-action-outcome');
    await confirmUntil(page.getByTestId(`mute-confirm-${ada}`), memberOutcome.filter({ hasText: `已禁言 ${sandbox.people.ada}` }));
    assert.equal(await memberOutcome.getAttribute('data-outcome'), 'ok');
    await shot(page, v, '3-muted');
    await page.getByTestId(`kick-${bob}`).click();
    await confirmUntil(page.getByTestId(`kick-confirm-${bob}`), memberOutcome.filter({ hasText: `已将 ${sandbox.people.bob} 移出群` }));
    await waitFor('the removal', async () => {
      const r = (await (await page.request.get(`${base}/api/groups/${group.id}/members?limit=50`)).json()) as { items: Array<{ id: number; active: boolean }> };
      return r.items.find((m) => m.id === bob)?.active === false ? true : undefined;
    });
    await shot(page, v, '3-removed');
    // From the member's own page: mute in this group for a day.
    const cyd = idOf(sandbox.people.cyd);
    await page.goto(`${base}/members/${cyd}`);
    const profile = page.getByTestId('member-groups');
    await profile.getByTestId(`mute-${cyd}`).click();
    // The duration's option is picked again until the select shows it (untilShown): under CI load a
    // click on an option of the dialog that had just mounted was lost once (muted for the default
    // hour, then the audit's 1,440 minutes never came).
    const duration = page.getByTestId('mute-duration');
    await untilShown(async () => {
      if (!(await page.locator('.ant-select-dropdown:visible').count())) await duration.click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '1 天' }).click({ timeout: 5_000 });
    }, duration.filter({ hasText: '1 天' }));
    await confirmUntil(page.getByTestId(`mute-confirm-${cyd}`), profile.getByTestId('member-action-outcome').filter({ hasText: `已禁言 ${sandbox.people.cyd}` }));
    await shot(page, v, '3-muted-from-profile');
    await page.goto(`${base}/groups/${group.id}`);
    await page.getByTestId('group-actions').waitFor();
    step(`${v}: muted and removed`);

    // 4. An invite link; someone joins through it on the platform; the console counts the join.
    await page.getByTestId('group-actions-tab-links').click();
    await page.getByTestId('link-name').fill(`海报-${v}`);
    await page.getByTestId('link-create').click();
    const linked = page.getByTestId('link-outcome');
    await linked.waitFor();
    assert.equal(await linked.getAttribute('data-outcome'), 'ok', await linked.innerText());
    await page.getByTestId('link-url').waitFor();
    await shot(page, v, '4-link-created');
    const links = (await (await page.request.get(`${base}/api/groups/${group.id}/invite-links`)).json()) as { items: Array<{ id: number; code: string; joins: number }> };
    const link = links.items[0]!;
    await platformActions(platformUrl, sandbox.account, [{ type: 'join', key: `join-${v}`, groupId: `${sandbox.account}-g`, userId: `${sandbox.account}-dan`, name: `丹-${v}`, inviteCode: link.code }]);
    await waitFor('the join through the link', async () => {
      const r = (await (await page.request.get(`${base}/api/groups/${group.id}/invite-links`)).json()) as { items: Array<{ id: number; joins: number }> };
      return r.items.find((l) => l.id === link.id)?.joins === 1 ? true : undefined;
    });
    await page.reload();
    await page.getByTestId('group-actions-tab-links').click();
    await page.getByTestId(`link-joins-${link.id}`).filter({ hasText: /^1$/ }).waitFor();
    // The join's source is named in Chinese in the group's member list.
    await page.getByTestId('group-members').getByText('二维码').first().waitFor();
    await page.getByTestId('link-history').scrollIntoViewIfNeeded();
    await shot(page, v, '4-link-joined');
    step(`${v}: joined through the link`);

    // 5. The audit log says it in words, with names.
    await page.goto(`${base}/settings/audit`);
    const audit = page.getByTestId('audit-table');
    const sentences = [
      `把 ${sandbox.people.bob} 移出了群「${sandbox.groupName}」`,
      `在群「${sandbox.groupName}」把 ${sandbox.people.ada} 禁言 60 分钟`,
      `在群「${sandbox.groupName}」把 ${sandbox.people.cyd} 禁言 1440 分钟`,
    ];
    // The log as loaded: on a loaded machine the page may have been read before the last
    // action's entry committed (seen once in a full run, never alone); one reload, then it must be there.
    const missing = async () => { for (const s of sentences) if (await audit.getByText(s).count() === 0) return s; return undefined; };
    await audit.getByText(sentences[0]!).first().waitFor();
    if (await missing()) { await page.reload(); await audit.getByText(sentences[0]!).first().waitFor(); }
    for (const s of sentences) await audit.getByText(s).first().waitFor();
    await audit.getByText(`为群「${sandbox.groupName}」创建了邀请链接（来源：二维码）`).first().waitFor();
    await audit.getByText(new RegExp(`在群「${sandbox.groupName}」发了一条消息`)).first().waitFor();
    assert.equal(await audit.getByText(/^group\.|member:\d/).count(), 0, 'no raw keys in the audit view');
    await shot(page, v, '5-audit');
    step(`${v}: audit in words`);
    void platform;
    assert.deepEqual(problems, [], 'no page errors and no 5xx answers');
  } finally {
    await page.context().close();
  }
}

test('acting from the console: connect a sandbox account, post, mute, remove, invite link with a join, audit in words', { timeout: 240_000 }, async (t) => {
  const started = Date.now();
  const step = (what: string) => t.diagnostic(`${((Date.now() - started) / 1000).toFixed(1)} s ${what}`);
  const executablePath = ensureChromium();
  ensureWebBuilt();
  step('console built');

  const platform = createSandboxPlatform({ seed: 12, faults: { duplicateRate: 0, reorderWindow: 0 } });
  const platformUrl = await platform.listen(0, '127.0.0.1');
  const sandboxes: Sandbox[] = [];
  for (const v of VIEWPORTS) {
    const id = `bot-${v.key}`;
    const bot = platform.addAccount({ id, name: `群运机器人 ${v.key}` });
    const people = { ada: `阿达-${v.key}`, bob: `鲍勃-${v.key}`, cyd: `晓燕-${v.key}` };
    const groupName = `鲜果铺 ${v.key === 'desktop' ? '1' : '2'} 群`;
    await platformActions(platformUrl, id, [
      { type: 'create_group', key: `${id}-g`, account: id, ownerId: `${id}-owner`, ownerName: '群主', name: groupName, capacity: 500 },
      ...Object.entries(people).map(([k, name]) => ({ type: 'join', key: `${id}-join-${k}`, groupId: `${id}-g`, userId: `${id}-${k}`, name, source: 'staff' })),
    ]);
    sandboxes.push({ account: id, token: bot.token, groupName, people });
  }

  // A Telegram bot known in two groups: an admin without the right to restrict, and a plain member.
  const telegram = await startFakeBotApi();
  const tgOwner = telegram.world.addUser({ firstName: 'Ada', username: 'ada' });
  telegram.world.createGroup({ title: '茶友会', ownerId: tgOwner.id, botRights: { can_manage_chat: true, can_delete_messages: true, can_invite_users: true, can_pin_messages: true } });
  telegram.world.createGroup({ title: '咖啡群', ownerId: tgOwner.id, bot: 'member' });

  const wecomFake = createFakeWecom();
  const wecom = { fake: wecomFake, url: await wecomFake.listen() };

  const dataDir = mkdtempSync(join(tmpdir(), 'qunyun-actions-'));
  let server: RunningServer | undefined;
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  try {
    server = await serve(dataDir, { OUTBOUND_ALLOW_PRIVATE: '127.0.0.1' });
    step(`serving ${server.url}, sandbox platform at ${platformUrl}`);
    for (const [i, viewport] of VIEWPORTS.entries()) {
      await actFromTheConsole(browser, server.url, platform, platformUrl, viewport, sandboxes[i]!, step, i === 0 ? telegram : undefined, i === 0 ? wecom : undefined);
    }
  } finally {
    await browser.close();
    await server?.stop();
    await platform.close();
    await telegram.close();
    await wecomFake.close();
    rmSync(dataDir, { recursive: true, force: true });
    step('stopped');
  }
});
