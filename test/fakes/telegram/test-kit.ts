/**
 * What the Telegram connector's tests share: a fake Bot API with one group owned by Ada, and a
 * polling connector against it with short waits; both closed after the file's tests, last first.
 */
import { after } from 'node:test';
import { createTelegramConnector, type TelegramConnector, type TelegramConnectorOptions } from '../../../src/connectors/telegram/telegram-connector.ts';
import { startFakeBotApi, type FakeBotApi, type FakeBotApiOptions } from './fake-bot-api.ts';

export const SECRET = 'qunyun-test_secret-1';

export function telegramKit() {
  const closers: Array<() => Promise<void>> = [];
  after(async () => {
    for (const c of closers.reverse()) await c();
  });

  async function fake(options: FakeBotApiOptions = {}) {
    const api = await startFakeBotApi(options);
    closers.push(() => api.close());
    const owner = api.world.addUser({ firstName: 'Ada', username: 'ada' });
    const chat = api.world.createGroup({ title: 'Tea lovers', ownerId: owner.id });
    return { api, owner, chat };
  }

  function connector(api: FakeBotApi, extra: Partial<TelegramConnectorOptions> = {}): TelegramConnector {
    const c = createTelegramConnector({ token: api.token, apiRoot: api.url, mode: 'polling', pollTimeoutSeconds: 1, retryDelayMs: 20, ...extra } as TelegramConnectorOptions);
    closers.push(() => c.stop());
    return c;
  }

  return { fake, connector, closers };
}
