import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { createLogger } from '../cli/stack.ts';
import { loadConfig } from '../config.ts';
import { redactText } from './redact.ts';

test('bot tokens, access_token= / corpsecret= values and secret JSON fields are scrubbed from text', () => {
  assert.equal(redactText('GET http://h/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/getMe failed'), 'GET http://h/bot[redacted]/getMe failed');
  assert.equal(redactText('/cgi-bin/gettoken?corpid=ww1&corpsecret=S3cret&x=1'), '/cgi-bin/gettoken?corpid=ww1&corpsecret=[redacted]&x=1');
  assert.equal(redactText('/cgi-bin/groupchat/get?access_token=tok_en-1'), '/cgi-bin/groupchat/get?access_token=[redacted]');
  assert.equal(redactText('Bearer qyk_Z1x-8s7dQk2m3n4b5v6c7x8z9a0s1d2f3g4h5j6k7l'), 'Bearer [redacted]');
  assert.equal(redactText('Failing row contains (1, {"mode": "webhook", "token": "1:abc", "secretToken": "zzz"})'),
    'Failing row contains (1, {"mode": "webhook", "token": "[redacted]", "secretToken": "[redacted]"})');
  assert.equal(redactText('{\\"secret\\":\\"v\\",\\"corpId\\":\\"ww\\"}'), '{\\"secret\\":\\"[redacted]\\",\\"corpId\\":\\"ww\\"}');
});

test('the logger censors secret fields and a database error\'s parameters', async () => {
  const lines: string[] = [];
  const log = createLogger(loadConfig({ LOG_LEVEL: 'info' }), new Writable({ write(c, _e, done) { lines.push(String(c)); done(); } }));
  // Shaped like the error PGlite and pg give for a refused insert (test/e2e/account-setup.test.ts makes real ones on both engines).
  const err = Object.assign(new Error('new row for relation "t" violates check constraint "t_name_check"'), {
    code: '23514', detail: 'Failing row contains (boom, {"token": "VALUE-ONE", "encodingAesKey": "VALUE-TWO"}).',
    query: 'insert into t values ($1, $2)', params: ['boom', JSON.stringify({ token: 'VALUE-ONE', encodingAesKey: 'VALUE-TWO' })],
  });
  log.error({ err }, 'insert failed');
  log.info({ config: { token: 'VALUE-THREE', corpId: 'ww1' }, secret: 'VALUE-FOUR' }, 'account');
  log.warn('getUpdates failed for http://h/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/getUpdates');
  const all = lines.join('');
  for (const v of ['VALUE-ONE', 'VALUE-TWO', 'VALUE-THREE', 'VALUE-FOUR', 'AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw']) assert.ok(!all.includes(v), `${v} in ${all}`);
  assert.match(all, /ww1/, 'what is not secret stays');
  assert.match(all, /violates check constraint/);
});
