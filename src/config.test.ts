/**
 * The configuration's parsing where it is more than a type: TRUST_PROXY's forms.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig, trustProxyOption } from './config.ts';

test('TRUST_PROXY: false, true as one hop, a number of hops, or a list of proxy addresses/CIDRs', () => {
  assert.equal(loadConfig({}).TRUST_PROXY, false);
  assert.equal(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY, false);
  assert.equal(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY, 1, 'true is one hop, never "believe anything"');
  assert.equal(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY, 2);
  assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1' }).TRUST_PROXY, ['10.0.0.0/8', '127.0.0.1', '::1']);
  for (const wrong of ['maybe', '10.0.0.0/33', '300.1.1.1', '99']) {
    assert.throws(() => loadConfig({ TRUST_PROXY: wrong }), (err: Error) => err instanceof ConfigError && /TRUST_PROXY/.test(err.message), wrong);
  }
  const oneHop = trustProxyOption(1) as (address: string, hop: number) => boolean;
  assert.deepEqual([oneHop('127.0.0.1', 0), oneHop('6.6.6.6', 1)], [true, false]);
});
