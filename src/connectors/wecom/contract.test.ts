/**
 * Contract tests: the same client cases against the fake and, when credentials are in the
 * environment, against the real qyapi.weixin.qq.com — which is how the fake is kept honest.
 *   WECOM_TEST_CORP_ID, WECOM_TEST_SECRET   a self-built app with customer-contact permission
 *   WECOM_TEST_CHAT_ID (optional)           a customer group the app may manage: enables the join-way case
 *   WECOM_TEST_OWNER_IDS (optional)         comma-separated owners, for corps with > 1000 visible people (81017)
 * Only reads, plus one join way that is created and deleted again. Nothing is sent to customers.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createWecomClient, type WecomClient } from './client.ts';
import { WecomApiError } from './errors.ts';
import { createFakeWecom } from '../../../test/fakes/wecom/fake-server.ts';

interface Target { corpId: string; secret: string; apiRoot?: string; chatId?: string; ownerIds?: string[] }

const closers: Array<() => Promise<void>> = [];
after(async () => {
  for (const c of closers.reverse()) await c();
});

function countingClient(t: Target, secret = t.secret): { client: WecomClient; tokenFetches: () => number } {
  let n = 0;
  const client = createWecomClient({
    corpId: t.corpId, secret, ...(t.apiRoot ? { apiRoot: t.apiRoot } : {}),
    fetch: (input, init) => {
      if (String(input).includes('/cgi-bin/gettoken')) n++;
      return fetch(input, init);
    },
  });
  return { client, tokenFetches: () => n };
}

function contract(name: string, target: () => Promise<Target | string>) {
  describe(`WeCom contract: ${name}`, () => {
    let cached: Promise<Target | string> | undefined;
    const get = () => (cached ??= target());
    /** `body` returns a reason when the target lacks what the case needs, and the case is skipped with it. */
    const run = (title: string, body: (t: Target) => Promise<void | string>) => test(title, async (ctx) => {
      const t = await get();
      if (typeof t === 'string') return ctx.skip(t);
      const skipped = await body(t);
      if (typeof skipped === 'string') ctx.skip(skipped);
    });
    const owners = (t: Target) => (t.ownerIds ? { ownerIds: t.ownerIds } : {});

    run('gettoken is fetched once for several calls', async (t) => {
      const { client, tokenFetches } = countingClient(t);
      for (let i = 0; i < 3; i++) await client.getAccessToken();
      assert.equal(tokenFetches(), 1);
    });

    run('a wrong secret is invalid_credential (40001)', async (t) => {
      const { client } = countingClient(t, 'definitely-not-the-secret');
      await assert.rejects(client.getAccessToken(), { code: 'invalid_credential', errcode: 40001 });
    });

    run('groupchat/list pages by cursor without repeating a chat', async (t) => {
      const { client } = countingClient(t);
      const seen: string[] = [];
      for await (const g of client.listAllGroupChats({ limit: 1, ...owners(t) })) {
        seen.push(g.chat_id);
        assert.equal(typeof g.status, 'number');
        if (seen.length >= 3) break;
      }
      assert.equal(new Set(seen).size, seen.length);
    });

    run('groupchat/get has the documented member fields', async (t) => {
      const { client } = countingClient(t);
      let chatId = t.chatId;
      if (!chatId) for await (const g of client.listAllGroupChats({ limit: 1, ...owners(t) })) { chatId = g.chat_id; break; }
      if (!chatId) return 'the app sees no customer group';
      const g = await client.getGroupChat(chatId);
      assert.equal(g.chat_id, chatId);
      assert.equal(typeof g.owner, 'string');
      assert.equal(typeof g.create_time, 'number');
      for (const m of g.member_list) {
        assert.ok(m.type === 1 || m.type === 2, `member type ${m.type}`);
        assert.ok([1, 2, 3].includes(m.join_scene), `join_scene ${m.join_scene}`);
        assert.equal(typeof m.join_time, 'number');
      }
    });

    run('an unknown chat id is an error, never a success', async (t) => {
      const { client } = countingClient(t);
      await assert.rejects(client.getGroupChat('wrQunyunContractTestNoSuchChat'), (e: unknown) => e instanceof WecomApiError && e.errcode !== 0);
    });

    run('a join way can be added, read back with its state and QR code, and deleted', async (t) => {
      if (!t.chatId) return 'WECOM_TEST_CHAT_ID is not set: no group to attach a test join way to';
      const { client } = countingClient(t);
      const configId = await client.addJoinWay({ scene: 2, chat_id_list: [t.chatId], state: 'qunyun_contract', auto_create_room: 0, remark: 'qunyun contract test' });
      try {
        const way = await client.getJoinWay(configId);
        assert.equal(way.state, 'qunyun_contract');
        assert.match(way.qr_code ?? '', /^https:\/\//);
      } finally {
        await client.delJoinWay(configId);
      }
    });
  });
}

contract('fake server', async () => {
  const fake = createFakeWecom();
  const apiRoot = await fake.listen();
  closers.push(() => fake.close());
  const chatId = await fake.createGroup({ name: 'Contract', owner: 'staff1', members: [{ userid: 'wmA', joinScene: 3, state: 's' }] });
  await fake.createGroup({ name: 'Contract 2', owner: 'staff1' });
  return { corpId: fake.corpId, secret: fake.secret, apiRoot, chatId };
});

contract('real qyapi.weixin.qq.com', async () => {
  const corpId = process.env.WECOM_TEST_CORP_ID;
  const secret = process.env.WECOM_TEST_SECRET;
  if (!corpId || !secret) return 'WECOM_TEST_CORP_ID and WECOM_TEST_SECRET are not set: the real WeCom API is not contacted';
  const owners = process.env.WECOM_TEST_OWNER_IDS?.split(',').map((s) => s.trim()).filter(Boolean);
  return { corpId, secret, ...(process.env.WECOM_TEST_CHAT_ID ? { chatId: process.env.WECOM_TEST_CHAT_ID } : {}), ...(owners?.length ? { ownerIds: owners } : {}) };
});
