import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { checkTelegramBot, TelegramSetupError } from './check-bot.ts';
import { startFakeBotApi } from '../../../test/fakes/telegram/fake-bot-api.ts';

const closers: Array<() => Promise<void>> = [];
after(async () => {
  for (const c of closers) await c();
});

describe('checkTelegramBot', () => {
  test('a wrong token is a clear 401 error', async () => {
    const api = await startFakeBotApi();
    closers.push(() => api.close());
    await assert.rejects(checkTelegramBot('123:wrong', api.url), (e: unknown) => {
      assert.ok(e instanceof TelegramSetupError);
      assert.match(e.message, /^401 Unauthorized: the token is wrong/);
      return true;
    });
  });

  test('lists the groups seen in my_chat_member updates with the admin rights the bot lacks', async () => {
    const api = await startFakeBotApi();
    closers.push(() => api.close());
    const owner = api.world.addUser({ firstName: 'Ada' });
    const full = api.world.createGroup({ title: 'All rights', ownerId: owner.id });
    const some = api.world.createGroup({ title: 'Some rights', ownerId: owner.id, botRights: { can_invite_users: true, can_manage_chat: true } });
    const member = api.world.createGroup({ title: 'Plain member', ownerId: owner.id, bot: 'member' });
    const gone = api.world.createGroup({ title: 'Kicked', ownerId: owner.id });
    api.world.setBotStatus(gone, owner.id, 'kicked');
    const before = api.world.pending.length;
    const check = await checkTelegramBot(api.token, api.url);
    assert.deepEqual(check.bot, { id: String(api.world.bot.id), username: 'qunyun_test_bot' });
    const byId = new Map(check.groups.map((g) => [g.chatId, g]));
    assert.deepEqual(byId.get(String(full)), { chatId: String(full), title: 'All rights', isAdmin: true, missingRights: [] });
    assert.deepEqual(byId.get(String(some))?.missingRights, ['can_restrict_members', 'can_delete_messages']);
    assert.equal(byId.get(String(member))?.isAdmin, false);
    assert.equal(byId.get(String(member))?.missingRights.length, 4);
    assert.match(byId.get(String(gone))?.error ?? '', /403 Forbidden: bot was kicked/);
    assert.equal(api.world.pending.length, before, 'peeking confirmed no update');
  });

  test('with a webhook set it checks only the groups it is given, and says so', async () => {
    const api = await startFakeBotApi();
    closers.push(() => api.close());
    const owner = api.world.addUser({ firstName: 'Ada' });
    const chat = api.world.createGroup({ title: 'Known', ownerId: owner.id });
    api.world.createGroup({ title: 'Unknown', ownerId: owner.id });
    await fetch(`${api.url}/bot${api.token}/setWebhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: 'http://127.0.0.1:9/hook' }) });
    const check = await checkTelegramBot(api.token, api.url, { chatIds: [String(chat)] });
    assert.deepEqual(check.groups.map((g) => g.title), ['Known']);
    assert.match(check.notes.join(' '), /webhook is set/);
  });
});
