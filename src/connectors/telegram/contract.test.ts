/**
 * Contract tests: the same cases against the fake Bot API and, when TELEGRAM_TEST_TOKEN and
 * TELEGRAM_TEST_CHAT are set (a bot that is an admin in that test group), against the real one —
 * which keeps the fake honest. Every case cleans up what it creates on the real API.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { PlatformError } from '../connector.ts';
import { checkTelegramBot, TelegramSetupError } from './check-bot.ts';
import { startFakeBotApi } from '../../../test/fakes/telegram/fake-bot-api.ts';
import { createTelegramConnector } from './telegram-connector.ts';

interface Target { token: string; apiRoot?: string; chatId: string }

const closers: Array<() => Promise<void>> = [];
after(async () => {
  for (const c of closers) await c();
});

function contract(name: string, target: () => Promise<Target | string>) {
  describe(`telegram contract: ${name}`, () => {
    const get = async (t: { skip: (reason: string) => void }) => {
      const r = await target();
      if (typeof r === 'string') {
        t.skip(r);
        return undefined;
      }
      return r;
    };
    const connector = (x: Target) => createTelegramConnector({ token: x.token, ...(x.apiRoot ? { apiRoot: x.apiRoot } : {}), mode: 'polling' });

    test('the set-up check knows the bot and its group; a wrong token is a 401', async (t) => {
      const x = await get(t);
      if (!x) return;
      const check = await checkTelegramBot(x.token, x.apiRoot, { chatIds: [x.chatId] });
      assert.match(check.bot.id, /^\d+$/);
      assert.ok(check.bot.username.length > 0);
      const group = check.groups.find((g) => g.chatId === x.chatId);
      assert.ok(group && group.title.length > 0 && group.isAdmin, JSON.stringify(check.groups));
      await assert.rejects(checkTelegramBot('123456:wrong-token-for-contract-test', x.apiRoot), TelegramSetupError);
    });

    test('sends to the group and deletes the message again', async (t) => {
      const x = await get(t);
      if (!x) return;
      const c = connector(x);
      const { messageId } = await c.sendToGroup(x.chatId, { text: 'Qunyun contract test: this message deletes itself' });
      assert.match(messageId, /^\d+$/);
      assert.equal(await c.api.deleteMessage(Number(x.chatId), Number(messageId)), true);
    });

    test('creates a named invite link (then revokes it)', async (t) => {
      const x = await get(t);
      if (!x) return;
      const c = connector(x);
      const link = await c.createInviteLink(x.chatId, { source: 'contract-test', memberLimit: 1, expiresAt: new Date(Date.now() + 3_600_000) });
      assert.match(link.url, /^https:\/\/t\.me\/\+/);
      const revoked = await c.api.revokeChatInviteLink(Number(x.chatId), link.url);
      assert.equal(revoked.name, 'contract-test');
      assert.equal(revoked.is_revoked, true);
    });

    test('an unknown chat is a 400 chat_not_found', async (t) => {
      const x = await get(t);
      if (!x) return;
      await assert.rejects(connector(x).renameGroup('-1000000000001', 'nope'),
        (e: unknown) => e instanceof PlatformError && e.status === 400 && e.code === 'chat_not_found');
    });
  });
}

contract('fake Bot API', async () => {
  const api = await startFakeBotApi();
  closers.push(() => api.close());
  const owner = api.world.addUser({ firstName: 'Ada' });
  return { token: api.token, apiRoot: api.url, chatId: String(api.world.createGroup({ title: 'Contract group', ownerId: owner.id })) };
});

contract('real Bot API', async () => {
  const token = process.env.TELEGRAM_TEST_TOKEN;
  const chatId = process.env.TELEGRAM_TEST_CHAT;
  if (!token || !chatId) return 'TELEGRAM_TEST_TOKEN and TELEGRAM_TEST_CHAT are not set: not contacting api.telegram.org';
  return { token, chatId };
});
