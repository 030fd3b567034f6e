import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { GrammyError, HttpError } from 'grammy';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createLogger } from '../cli/stack.ts';
import { loadConfig } from '../config.ts';
import { PlatformError } from '../connectors/connector.ts';
import { registerErrorHandler } from './errors.ts';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

async function app() {
  const logs: string[] = [];
  const logger = createLogger(loadConfig({ LOG_LEVEL: 'info' }), new Writable({ write(c, _e, done) { logs.push(String(c)); done(); } }));
  const a = Fastify({ loggerInstance: logger as FastifyBaseLogger }).withTypeProvider<ZodTypeProvider>();
  a.setValidatorCompiler(validatorCompiler);
  a.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(a);
  a.get('/grammy', async () => {
    throw new GrammyError('Call to \'getChat\' failed!', { ok: false, error_code: 400, description: `Bad Request: chat not found (bot${TOKEN})` }, 'getChat', {});
  });
  a.get('/http', async () => {
    throw new HttpError('Network request for \'getMe\' failed!', new Error(`request to http://h/bot${TOKEN}/getMe failed, reason: connect ECONNREFUSED`));
  });
  a.get('/platform', async () => { throw new PlatformError(`WeCom gettoken: https://h/cgi-bin/gettoken?corpid=ww1&corpsecret=S3cretValue failed`, 0, 'network'); });
  a.get('/shape', { schema: { response: { 200: z.object({ n: z.number() }) } } }, async () => ({ n: 'not a number' }) as never);
  await a.ready();
  return { a, logs };
}

test('a GrammyError escaping a route is the platform failing (502), its message scrubbed; the handler does not take it for a serialisation error', async () => {
  const { a, logs } = await app();
  const r = await a.inject('/grammy');
  assert.equal(r.statusCode, 502, r.body);
  assert.equal(r.json().error, 'platform_unavailable');
  assert.match(r.json().message, /telegram getChat: 400 Bad Request: chat not found/);
  assert.ok(!r.body.includes(TOKEN.split(':')[1]!), r.body);

  const h = await a.inject('/http');
  assert.equal(h.statusCode, 502, h.body);
  assert.equal(h.json().message, 'telegram getMe: could not reach the Bot API server');

  const p = await a.inject('/platform');
  assert.equal(p.statusCode, 502, p.body);
  assert.ok(!p.body.includes('S3cretValue'), p.body);

  // A real serialisation error is still one.
  const s = await a.inject('/shape');
  assert.equal(s.statusCode, 500);
  assert.deepEqual(s.json(), { error: 'internal', message: 'internal error' });
  const all = logs.join('');
  assert.ok(!all.includes(TOKEN.split(':')[1]!) && !all.includes('S3cretValue'), all);
  await a.close();
});
