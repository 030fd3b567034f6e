/**
 * Settings routes on bad input (issue #11 item 7): text Postgres cannot store and days it cannot
 * count from answer 400 naming the field, and the audit log keeps what it is given.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signedIn, type Client } from '../../../test/support/auth.ts';
import { assertRefused, LONE_SURROGATE, NUL, NUL_IN_URL } from '../../../test/support/bad-input.ts';
import { seedCommunity, type Community } from '../../../test/support/community.ts';
import { forEachEngine } from '../../../test/support/engines.ts';
import { testServer } from '../../../test/support/server.ts';

forEachEngine('settings api on bad input', (ctx) => {
  let server: Awaited<ReturnType<typeof testServer>>;
  let c: Community;
  let owner: Client;
  before(async () => {
    c = await seedCommunity(ctx().db, 'settings-api');
    server = await testServer(ctx().db);
    owner = await signedIn(server.app, ctx().db, c.workspaceId, 'owner');
  });
  after(async () => { await server.close(); });

  test('a workspace name with a lone surrogate or a NUL answers 400 naming it, and changes nothing', async () => {
    const before = await owner.get('/api/workspace');
    assertRefused(await owner.inject({ method: 'PATCH', url: '/api/workspace', payload: { name: `Club ${LONE_SURROGATE}` } }), ['body.name'], /surrogate/);
    assertRefused(await owner.inject({ method: 'PATCH', url: '/api/workspace', payload: { name: NUL } }), ['body.name'], /NUL/);
    assert.deepEqual(await owner.get('/api/workspace'), before);
  });

  test('an audit search with a NUL, or days outside 1970..2100, answers 400 naming the field', async () => {
    assertRefused(await owner.inject({ url: `/api/audit?action=${NUL_IN_URL}&target=${NUL_IN_URL}` }), ['query.action', 'query.target'], /NUL/);
    assertRefused(await owner.inject({ url: '/api/audit?from=0000-01-01&to=0000-01-15' }), ['query.from', 'query.to'], /1970-01-01/);
    assertRefused(await owner.inject({ url: '/api/audit?from=0001-01-01' }), ['query.from']);
    assert.equal((await owner.get('/api/audit?from=1970-01-01&to=2100-12-31')).total >= 0, true);
  });

  test('an invitation accepted with a NUL or a lone surrogate in the name answers 400 naming it; then a good one goes through', async () => {
    const invite = await owner.send('POST', '/api/staff/invites', { email: 'nul-invitee@example.com', role: 'viewer' });
    const token = invite.url.split('/invite/')[1];
    const accept = (name: string) => server.app.inject({
      method: 'POST', url: `/api/invites/${token}/accept`, payload: { name, password: 'a good password' },
      headers: { cookie: 'qy_csrf=c', 'x-csrf-token': 'c' },
    });
    assertRefused(await accept(NUL), ['body.name'], /NUL/);
    assertRefused(await accept(LONE_SURROGATE), ['body.name'], /surrogate/);
    assert.equal((await accept('Invitee')).statusCode, 200);
  });
});
