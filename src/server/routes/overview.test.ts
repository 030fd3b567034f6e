/**
 * The overview's range on bad input (issue #11 item 7): `from=0001-01-01` reached Postgres (which
 * has no year 0) and answered 500. Days are taken from 1970-01-01 to 2100-12-31, else 400.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signedIn, type Client } from '../../../test/support/auth.ts';
import { assertRefused } from '../../../test/support/bad-input.ts';
import { seedCommunity, type Community } from '../../../test/support/community.ts';
import { forEachEngine } from '../../../test/support/engines.ts';
import { testServer } from '../../../test/support/server.ts';

forEachEngine('overview api on bad input', (ctx) => {
  let server: Awaited<ReturnType<typeof testServer>>;
  let c: Community;
  let owner: Client;
  before(async () => {
    c = await seedCommunity(ctx().db, 'overview-api');
    server = await testServer(ctx().db);
    owner = await signedIn(server.app, ctx().db, c.workspaceId, 'owner');
  });
  after(async () => { await server.close(); });

  test('days of year 0000, 0001 or 9999 answer 400 naming them', async () => {
    assertRefused(await owner.inject({ url: '/api/overview?from=0001-01-01&to=0001-01-06' }), ['query.from', 'query.to'], /1970-01-01 to 2100-12-31/);
    assertRefused(await owner.inject({ url: '/api/overview?from=0000-01-01&to=0000-01-04' }), ['query.from', 'query.to']);
    assertRefused(await owner.inject({ url: '/api/overview?to=0000-01-04' }), ['query.to']);
    assertRefused(await owner.inject({ url: '/api/overview?from=9999-12-01&to=9999-12-31' }), ['query.from', 'query.to']);
  });

  test('the first and last days of the range are served', async () => {
    const first = await owner.get('/api/overview?from=1970-01-01&to=1970-01-31');
    assert.deepEqual([first.range, first.series.length, first.totals.messages], [{ from: '1970-01-01', to: '1970-01-31' }, 31, 0]);
    const last = await owner.get('/api/overview?from=2100-12-01&to=2100-12-31');
    assert.deepEqual([last.range, last.series.length], [{ from: '2100-12-01', to: '2100-12-31' }, 31]);
    assert.equal(c.today.length, 10);
  });
});
