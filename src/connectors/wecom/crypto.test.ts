import assert from 'node:assert/strict';
import { createDecipheriv, createCipheriv } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, test, type TestContext } from 'node:test';
import * as wecom from '@wecom/crypto';
import fc from 'fast-check';
import {
  createReplayGuard,
  createWecomCrypto,
  parseCallbackEnvelope,
  WecomCryptoError,
  type WecomCrypto,
  type WecomCryptoErrorCode,
} from './crypto.ts';

// `wechat-crypto` (node-webot, 2014) is CommonJS without types: a constructor (token, encodingAESKey, id).
interface WechatCryptoInstance {
  getSignature(timestamp: string, nonce: string, encrypt: string): string;
  encrypt(text: string): string;
  decrypt(text: string): { message: string; id: string };
}
type WechatCryptoCtor = new (token: string, encodingAESKey: string, id: string) => WechatCryptoInstance;
const WechatCrypto = createRequire(import.meta.url)('wechat-crypto') as WechatCryptoCtor;

// Published vectors (docs/platforms.md §1.3). Set A: sbzhu/weworkapi_python callback/Sample.py at 609f460;
// set B: the doc's "举例说明" / sbzhu/weworkapi_golang sample.go before 7e1b55d.
const A = {
  token: 'hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo',
  encodingAesKey: '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt',
  receiveId: 'ww1436e0e65a779aee',
  url: {
    msg_signature: '012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb',
    timestamp: '1476416373',
    nonce: '47744683',
    echostr: 'fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==',
  },
  urlReply: '1288432023552776189',
  urlRandom: '8908d0ff052afda0',
  msg: { msg_signature: '0c3914025cb4b4d68103f6bfc8db550f79dcf48e', timestamp: '1476422779', nonce: '1597212914' },
  msgEncrypt:
    'Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3NyeTkAgGzBhzTtRLNshw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z5jaU0y9GSh010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cRX3Mfp6iELcDNfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+',
  msgPlain:
    '<xml><ToUserName>ww1436e0e65a779aee</ToUserName><FromUserName>ChenJiaShun</FromUserName><CreateTime>1476422779</CreateTime><MsgType>text</MsgType><Content>你好</Content><MsgId>1456453720</MsgId><AgentID>1000002</AgentID></xml>',
};
const B = {
  token: 'QDG6eK',
  encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  receiveId: 'wx5823bf96d3bd56c7',
  // The URL-verify query exactly as it arrives on the wire.
  urlQueryString:
    'msg_signature=5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3&timestamp=1409659589&nonce=263014780'
    + '&echostr=P9nAzCzyDtyTWESHep1vC5X9xho%2FqYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp%2B4RPcs8TgAE7OaBO%2BFZXvnaqQ%3D%3D',
  urlReply: '1616140317555161061',
  msg: { msg_signature: '477715d11cdb4164915debcba66cb864d751f3e6', timestamp: '1409659813', nonce: '1372623149' },
  msgEncrypt:
    'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==',
  msgPlain:
    '<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n<FromUserName><![CDATA[mycreate]]></FromUserName>\n<CreateTime>1409659813</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[hello]]></Content>\n<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n</xml>',
};

const cryptoA = createWecomCrypto(A);
const envelope = (encrypt: string, to = A.receiveId) =>
  `<xml><ToUserName><![CDATA[${to}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>`;

function rejects(fn: () => unknown, code: WecomCryptoErrorCode): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof WecomCryptoError, `expected a WecomCryptoError, got ${String(err)}`);
    assert.equal(err.code, code, `expected code ${code}, got ${err.code}: ${err.message}`);
    assert.ok(err.message.length > 0);
    return true;
  });
}

/** Raw AES-256-CBC with the WeCom key and no padding: lets tests build plaintexts our encoder would never produce. */
function rawAes(encodingAesKey: string, data: Buffer, direction: 'encrypt' | 'decrypt'): Buffer {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  const c = direction === 'encrypt'
    ? createCipheriv('aes-256-cbc', key, key.subarray(0, 16))
    : createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  c.setAutoPadding(false);
  return Buffer.concat([c.update(data), c.final()]);
}

function flipByte(b64: string, index: number, mask = 0x01): string {
  const bytes = Buffer.from(b64, 'base64');
  bytes[index] = (bytes[index] ?? 0) ^ mask;
  return bytes.toString('base64');
}

describe('published WeCom test vectors', () => {
  test('set A: URL verification answers the echostr plaintext', () => {
    assert.equal(cryptoA.signature(A.url.timestamp, A.url.nonce, A.url.echostr), A.url.msg_signature);
    assert.equal(cryptoA.verifyUrl(A.url), A.urlReply);
    assert.deepEqual(cryptoA.decrypt(A.url.echostr), { message: A.urlReply, receiveId: A.receiveId });
  });

  test('set A: message callback decrypts to the published XML (pad byte 22 > 16)', () => {
    assert.equal(cryptoA.signature(A.msg.timestamp, A.msg.nonce, A.msgEncrypt), A.msg.msg_signature);
    assert.equal(cryptoA.decryptCallback(A.msg, envelope(A.msgEncrypt)), A.msgPlain);
    const raw = rawAes(A.encodingAesKey, Buffer.from(A.msgEncrypt, 'base64'), 'decrypt');
    assert.equal(raw.at(-1), 22);
  });

  test('set A: encrypt with the same random reproduces the published ciphertexts byte for byte', () => {
    assert.equal(cryptoA.encrypt(A.urlReply, Buffer.from(A.urlRandom, 'ascii')), A.url.echostr);
    const random = rawAes(A.encodingAesKey, Buffer.from(A.msgEncrypt, 'base64'), 'decrypt').subarray(0, 16);
    assert.equal(cryptoA.encrypt(A.msgPlain, random), A.msgEncrypt);
  });

  test('set B: URL verification from the wire-encoded query string', () => {
    const params = new URLSearchParams(B.urlQueryString);
    const query = {
      msg_signature: params.get('msg_signature') ?? '',
      timestamp: params.get('timestamp') ?? '',
      nonce: params.get('nonce') ?? '',
      echostr: params.get('echostr') ?? '',
    };
    assert.equal(query.echostr, 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==');
    const cryptoB = createWecomCrypto(B);
    assert.equal(cryptoB.verifyUrl(query), B.urlReply);
  });

  test('set B: message callback (envelope with newlines) decrypts to the published XML', () => {
    const cryptoB = createWecomCrypto(B);
    const body = `<xml>\n<ToUserName><![CDATA[${B.receiveId}]]></ToUserName>\n<Encrypt><![CDATA[${B.msgEncrypt}]]></Encrypt>\n<AgentID><![CDATA[218]]></AgentID>\n</xml>\n`;
    assert.equal(cryptoB.decryptCallback(B.msg, body), B.msgPlain);
    const random = rawAes(B.encodingAesKey, Buffer.from(B.msgEncrypt, 'base64'), 'decrypt').subarray(0, 16);
    assert.equal(cryptoB.encrypt(B.msgPlain, random), B.msgEncrypt);
  });

  test('the vectors do not cross: set A credentials reject set B traffic', () => {
    rejects(() => cryptoA.decryptCallback(B.msg, envelope(B.msgEncrypt)), 'bad_signature');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Interop property tests against implementations written elsewhere.

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const alnum = (minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...ALNUM), minLength, maxLength });
const encodingAesKeyArb = alnum(43, 43); // WeCom issues [A-Za-z0-9]{43}; most such keys have non-zero spare bits
const tokenArb = alnum(1, 32);
const receiveIdArb = (minLength: number) => fc.string({ unit: fc.constantFrom(...ALNUM, '_', '-'), minLength, maxLength: 40 });
const chinese = fc.integer({ min: 0x4e00, max: 0x9fff }).map((cp) => String.fromCodePoint(cp));
const messageUnit = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 3, arbitrary: chinese },
  { weight: 1, arbitrary: fc.constantFrom('<', '>', '&', ']]>', '\n', '\r\n', '\0', '\uFEFF', '😀', '👨‍👩‍👧') },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) }, // any code point, astral included
);
const messageArb = fc.array(messageUnit, { maxLength: 700, size: 'max' }).map((units) => units.join(''));
const numericArb = fc.integer({ min: 0, max: 2 ** 31 }).map(String);
const nonceArb = fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 32 });

/** Appends ASCII so that 16 + 4 + msg + receiveId is an exact multiple of 32: the full 32-byte pad block case. */
function alignToBlock(message: string, receiveId: string): string {
  const total = 20 + Buffer.byteLength(message) + Buffer.byteLength(receiveId);
  return message + 'x'.repeat((32 - (total % 32)) % 32);
}

interface Coverage { cases: number; aligned: number; maxBytes: number; nonAscii: number; emptyId: number }
const newCoverage = (): Coverage => ({ cases: 0, aligned: 0, maxBytes: 0, nonAscii: 0, emptyId: 0 });
function record(cov: Coverage, message: string, receiveId: string, aligned: boolean) {
  cov.cases++;
  if (aligned) cov.aligned++;
  cov.maxBytes = Math.max(cov.maxBytes, Buffer.byteLength(message));
  if (/[^\x00-\x7f]/.test(message)) cov.nonAscii++;
  if (receiveId === '') cov.emptyId++;
}
function assertCoverage(cov: Coverage, minCases: number, t: TestContext) {
  t.diagnostic(`coverage: ${JSON.stringify(cov)}`);
  assert.ok(cov.cases >= minCases, `ran ${cov.cases} cases`);
  assert.ok(cov.aligned >= minCases / 5, `only ${cov.aligned} full-block cases`);
  assert.ok(cov.nonAscii >= minCases / 2, `only ${cov.nonAscii} non-ASCII messages`);
  assert.ok(cov.maxBytes >= 1000, `longest message only ${cov.maxBytes} bytes`);
}

/** Our ciphertext has the exact padded length (a whole extra block when aligned) and decrypts under our strict checks. */
function assertOwnCiphertext(ours: WecomCrypto, ciphertext: string, message: string, receiveId: string, aligned: boolean) {
  const plainLength = 20 + Buffer.byteLength(message) + Buffer.byteLength(receiveId);
  const expected = plainLength + (32 - (plainLength % 32));
  if (aligned) assert.equal(expected, plainLength + 32); // the pad is a whole block of 0x20 bytes
  assert.equal(Buffer.from(ciphertext, 'base64').length, expected);
  assert.deepEqual(ours.decrypt(ciphertext), { message, receiveId });
}

const RUNS = 1000;

describe('interop with @wecom/crypto (WeCom’s Node library)', () => {
  test(`${RUNS} random keys, receive ids and UTF-8 messages round-trip both ways with equal signatures`, (t) => {
    const cov = newCoverage();
    fc.assert(
      fc.property(
        encodingAesKeyArb, tokenArb, receiveIdArb(0), messageArb, fc.boolean(), numericArb, nonceArb,
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        (key, token, receiveId, rawMessage, aligned, timestamp, nonce, randomBytes) => {
          const message = aligned ? alignToBlock(rawMessage, receiveId) : rawMessage;
          record(cov, message, receiveId, aligned);
          const ours = createWecomCrypto({ token, encodingAesKey: key, receiveId });
          const random = Buffer.from(randomBytes);

          // ours -> theirs
          const mine = ours.encrypt(message);
          const theirsDecrypted = wecom.decrypt(key, mine);
          assert.equal(theirsDecrypted.message, message);
          assert.equal(theirsDecrypted.id, receiveId);
          // theirs -> ours
          const theirs = wecom.encrypt(key, message, receiveId);
          assert.deepEqual(ours.decrypt(theirs), { message, receiveId });
          // same random => identical ciphertext
          assert.equal(ours.encrypt(message, random), wecom.encrypt(key, message, receiveId, random));
          // signatures, and the whole signed-callback path on their ciphertext
          const sig = wecom.getSignature(token, timestamp, nonce, theirs);
          assert.equal(ours.signature(timestamp, nonce, theirs), sig);
          assert.equal(ours.decryptCallback({ msg_signature: sig, timestamp, nonce }, envelope(theirs, receiveId)), message);

          assertOwnCiphertext(ours, mine, message, receiveId, aligned);
        },
      ),
      { numRuns: RUNS },
    );
    assertCoverage(cov, RUNS, t);
    assert.ok(cov.emptyId > 0, 'the AI-bot case (empty receive id) was never generated');
  });

  test('a 70,000-byte message (length field above 0xFFFF) round-trips both ways', () => {
    const key = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
    const message = '群'.repeat(23_000) + 'x'.repeat(1_000);
    const ours = createWecomCrypto({ token: 't', encodingAesKey: key, receiveId: 'ww0123456789abcdef' });
    assert.equal(wecom.decrypt(key, ours.encrypt(message)).message, message);
    assert.equal(ours.decrypt(wecom.encrypt(key, message, 'ww0123456789abcdef')).message, message);
  });
});

describe('interop with wechat-crypto (node-webot)', () => {
  test(`${RUNS} random keys, receive ids and UTF-8 messages round-trip both ways with equal signatures`, (t) => {
    const cov = newCoverage();
    fc.assert(
      fc.property(
        encodingAesKeyArb, tokenArb, receiveIdArb(1), messageArb, fc.boolean(), numericArb, nonceArb,
        (key, token, receiveId, rawMessage, aligned, timestamp, nonce) => {
          const message = aligned ? alignToBlock(rawMessage, receiveId) : rawMessage;
          record(cov, message, receiveId, aligned);
          const ours = createWecomCrypto({ token, encodingAesKey: key, receiveId });
          const peer = new WechatCrypto(token, key, receiveId);

          const mine = ours.encrypt(message);
          assert.deepEqual(peer.decrypt(mine), { message, id: receiveId });
          const theirs = peer.encrypt(message);
          assert.deepEqual(ours.decrypt(theirs), { message, receiveId });
          assertOwnCiphertext(ours, mine, message, receiveId, aligned);

          const sig = peer.getSignature(timestamp, nonce, theirs);
          assert.equal(ours.signature(timestamp, nonce, theirs), sig);
          assert.equal(ours.decryptCallback({ msg_signature: sig, timestamp, nonce }, envelope(theirs, receiveId)), message);

          // our passive reply envelope, checked by the peer
          const replyXml = ours.encryptReply(message, timestamp, 'n0nce');
          const reply = parseCallbackEnvelope(replyXml);
          const replySig = /<MsgSignature><!\[CDATA\[([0-9a-f]{40})\]\]><\/MsgSignature>/.exec(replyXml)?.[1];
          assert.equal(replySig, peer.getSignature(timestamp, 'n0nce', reply.encrypt));
          assert.equal(peer.decrypt(reply.encrypt).message, message);
        },
      ),
      { numRuns: RUNS },
    );
    assertCoverage(cov, RUNS, t);
  });

  test('a 70,000-byte message (length field above 0xFFFF) round-trips both ways', () => {
    const key = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
    const message = '群'.repeat(23_000) + 'x'.repeat(1_000);
    const ours = createWecomCrypto({ token: 't', encodingAesKey: key, receiveId: 'ww0123456789abcdef' });
    const peer = new WechatCrypto('t', key, 'ww0123456789abcdef');
    assert.equal(peer.decrypt(ours.encrypt(message)).message, message);
    assert.equal(ours.decrypt(peer.encrypt(message)).message, message);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Tampering and malformed input

describe('tampered or malformed input is rejected with a stable code', () => {
  // Vector A message plaintext: random 0..15 | length 16..19 | XML 20..247 | receive id 248..265 | pad 22 x 22 (266..287).
  // CBC: flipping ciphertext byte j flips plaintext byte j + 16 (and garbles the 16-byte block holding j).

  test('every single flipped ciphertext byte fails the signature check of a callback', () => {
    const length = Buffer.from(A.msgEncrypt, 'base64').length;
    assert.equal(length, 288);
    for (let i = 0; i < length; i++) {
      rejects(() => cryptoA.decryptCallback(A.msg, envelope(flipByte(A.msgEncrypt, i))), 'bad_signature');
    }
  });

  test('without the signature, flips show up as bad padding, bad length or a foreign receive id', () => {
    rejects(() => cryptoA.decrypt(flipByte(A.msgEncrypt, 287 - 16)), 'bad_padding'); // pad byte 22 -> 23
    rejects(() => cryptoA.decrypt(flipByte(A.msgEncrypt, 16 - 16, 0x80)), 'bad_length'); // length field high bit
    rejects(() => cryptoA.decrypt(flipByte(A.msgEncrypt, 248 - 16)), 'receive_id_mismatch'); // first receive id byte
  });

  test('wrong signatures', () => {
    const last = A.url.msg_signature.at(-1) === '0' ? '1' : '0';
    rejects(() => cryptoA.verifyUrl({ ...A.url, msg_signature: A.url.msg_signature.slice(0, -1) + last }), 'bad_signature');
    rejects(() => cryptoA.verifyUrl({ ...A.url, msg_signature: A.url.msg_signature.toUpperCase() }), 'bad_signature');
    rejects(() => cryptoA.verifyUrl({ ...A.url, msg_signature: A.url.msg_signature.slice(0, 39) }), 'bad_signature');
    rejects(() => cryptoA.verifyUrl({ ...A.url, msg_signature: '' }), 'bad_signature');
    rejects(() => cryptoA.verifyUrl({ ...A.url, timestamp: '1476416374' }), 'bad_signature');
    rejects(() => cryptoA.verifyUrl({ ...A.url, nonce: '47744684' }), 'bad_signature');
    rejects(() => createWecomCrypto({ ...A, token: A.token + 'x' }).verifyUrl(A.url), 'bad_signature');
    rejects(() => cryptoA.decryptCallback({ ...A.msg, msg_signature: A.url.msg_signature }, envelope(A.msgEncrypt)), 'bad_signature');
    // echostr passed still URL-encoded: its signature does not match
    rejects(() => cryptoA.verifyUrl({ ...A.url, echostr: encodeURIComponent(A.url.echostr) }), 'bad_signature');
  });

  test('wrong receive id', () => {
    rejects(() => createWecomCrypto({ ...A, receiveId: 'ww1436e0e65a779aef' }).verifyUrl(A.url), 'receive_id_mismatch');
    rejects(() => createWecomCrypto({ ...A, receiveId: '' }).decrypt(A.msgEncrypt), 'receive_id_mismatch');
    rejects(() => createWecomCrypto({ ...A, receiveId: 'ww1436e0e65a779ae' }).decrypt(A.msgEncrypt), 'receive_id_mismatch');
    const foreign = wecom.encrypt(A.encodingAesKey, '<xml/>', 'wwOtherCorp');
    rejects(() => cryptoA.decrypt(foreign), 'receive_id_mismatch');
    const sig = cryptoA.signature('1', '2', foreign);
    rejects(() => cryptoA.decryptCallback({ msg_signature: sig, timestamp: '1', nonce: '2' }, envelope(foreign)), 'receive_id_mismatch');
  });

  test('truncated ciphertext', () => {
    const bytes = Buffer.from(A.msgEncrypt, 'base64');
    rejects(() => cryptoA.decrypt(bytes.subarray(0, 272).toString('base64')), 'bad_length'); // 16-byte aligned, not 32
    rejects(() => cryptoA.decrypt(bytes.subarray(0, 100).toString('base64')), 'bad_length');
    rejects(() => cryptoA.decrypt(bytes.subarray(0, 256).toString('base64')), 'bad_padding'); // ends inside the receive id
    rejects(() => cryptoA.decrypt(A.msgEncrypt.slice(0, -1)), 'malformed_body'); // base64 text cut mid-quantum
    // a truncated ciphertext that is (re)signed still fails on the content
    const cut = bytes.subarray(0, 272).toString('base64');
    const sig = cryptoA.signature('1', '2', cut);
    rejects(() => cryptoA.decryptCallback({ msg_signature: sig, timestamp: '1', nonce: '2' }, envelope(cut)), 'bad_length');
  });

  test('bad padding and impossible lengths in well-encrypted blocks', () => {
    const body = Buffer.concat([Buffer.alloc(16, 7), Buffer.from([0, 0, 0, 3]), Buffer.from('abc'), Buffer.from(A.receiveId)]);
    const fill = 32 - (body.length % 32); // body is 41 bytes: 23 bytes of padding
    const withPad = (pad: Buffer) => rawAes(A.encodingAesKey, Buffer.concat([body, pad]), 'encrypt').toString('base64');
    // control: the correct padding decrypts
    assert.deepEqual(cryptoA.decrypt(withPad(Buffer.alloc(fill, fill))), { message: 'abc', receiveId: A.receiveId });
    rejects(() => cryptoA.decrypt(withPad(Buffer.alloc(fill, 0))), 'bad_padding');
    rejects(() => cryptoA.decrypt(withPad(Buffer.concat([Buffer.alloc(fill - 1, 0), Buffer.from([33])]))), 'bad_padding');
    const inconsistent = Buffer.alloc(fill, fill);
    inconsistent[2] = 8;
    rejects(() => cryptoA.decrypt(withPad(inconsistent)), 'bad_padding');
    // the pad byte claims one byte more than the padding region holds (23 bytes saying 24)
    rejects(() => cryptoA.decrypt(withPad(Buffer.alloc(fill, fill + 1))), 'bad_padding');
    // a lone 32-byte block of padding leaves nothing: shorter than random + length
    rejects(() => cryptoA.decrypt(rawAes(A.encodingAesKey, Buffer.alloc(32, 32), 'encrypt').toString('base64')), 'bad_length');
    // message length field points past the end
    const liar = Buffer.from(body);
    liar.writeUInt32BE(1000, 16);
    rejects(() => cryptoA.decrypt(rawAes(A.encodingAesKey, Buffer.concat([liar, Buffer.alloc(fill, fill)]), 'encrypt').toString('base64')), 'bad_length');
    // invalid UTF-8 inside an otherwise valid plaintext
    const badUtf8 = Buffer.concat([Buffer.alloc(16), Buffer.from([0, 0, 0, 2, 0xc3, 0x28]), Buffer.from(A.receiveId)]);
    const p = 32 - (badUtf8.length % 32);
    rejects(() => cryptoA.decrypt(rawAes(A.encodingAesKey, Buffer.concat([badUtf8, Buffer.alloc(p, p)]), 'encrypt').toString('base64')), 'malformed_body');
  });

  test('non-base64 ciphertext', () => {
    for (const bad of ['', 'abc$', `${A.msgEncrypt.slice(0, 40)} ${A.msgEncrypt.slice(40)}`, `${A.msgEncrypt}\n`,
      A.msgEncrypt.replaceAll('+', '-').replaceAll('/', '_'), encodeURIComponent(A.msgEncrypt), 'QR==', '====']) {
      rejects(() => cryptoA.decrypt(bad), 'malformed_body');
    }
    const junk = 'not*base64!';
    const sig = cryptoA.signature('1', '2', junk);
    rejects(() => cryptoA.decryptCallback({ msg_signature: sig, timestamp: '1', nonce: '2' }, envelope(junk)), 'malformed_body');
    rejects(() => cryptoA.verifyUrl({ msg_signature: sig, timestamp: '1', nonce: '2', echostr: junk }), 'malformed_body');
  });

  test('bad EncodingAESKey is refused up front', () => {
    for (const encodingAesKey of [A.encodingAesKey.slice(0, 42), `${A.encodingAesKey}=`, `${A.encodingAesKey}A`,
      `${A.encodingAesKey.slice(0, 42)}-`, `${A.encodingAesKey.slice(0, 42)} `, '', `${A.encodingAesKey.slice(0, 41)}中`]) {
      rejects(() => createWecomCrypto({ ...A, encodingAesKey }), 'bad_key');
    }
    assert.throws(() => createWecomCrypto({ ...A, token: '' }), RangeError);
  });

  test('query parameters that are not single strings (duplicated in the URL) are malformed', () => {
    const doubled = { ...A.url, nonce: [A.url.nonce, A.url.nonce] as unknown as string };
    rejects(() => cryptoA.verifyUrl(doubled), 'malformed_body');
  });
});

describe('callback envelope parsing', () => {
  test('reads the three fields, CDATA or text, tolerating declaration, BOM, whitespace and unknown fields', () => {
    assert.deepEqual(parseCallbackEnvelope(envelope('QUJD')), { encrypt: 'QUJD', toUserName: A.receiveId, agentId: '1000002' });
    assert.deepEqual(
      parseCallbackEnvelope('\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<xml>\r\n  <Extra>x &amp; y</Extra><Encrypt>QUJD</Encrypt>\n <AgentID/>\n</xml>\n'),
      { encrypt: 'QUJD', toUserName: undefined, agentId: '' },
    );
    assert.equal(parseCallbackEnvelope('<xml><ToUserName>a&lt;b&#x4E2D;&#25991;</ToUserName><Encrypt>QUJD</Encrypt></xml>').toUserName, 'a<b中文');
  });

  test('rejects anything else as malformed_body', () => {
    for (const body of [
      '',
      '{"encrypt":"QUJD"}',
      '<xml><ToUserName>a</ToUserName></xml>', // no Encrypt
      '<xml><Encrypt></Encrypt></xml>', // empty Encrypt
      '<xml><Encrypt>QUJD</Encrypt><Encrypt>QUFB</Encrypt></xml>', // duplicated
      '<xml><Encrypt>QUJD</Encrypt></xml><xml/>', // trailing content
      '<xml><Encrypt>QUJD</Encrypt>', // unterminated
      '<xml><Encrypt><![CDATA[QUJD</Encrypt></xml>', // unterminated CDATA
      '<xml><Encrypt>QUJD</Encrypt2></xml>', // mismatched close tag
      '<xml><Encrypt a="1">QUJD</Encrypt></xml>', // attributes
      '<xml><Outer><Encrypt>QUJD</Encrypt></Outer></xml>', // nesting
      '<!DOCTYPE xml [<!ENTITY e "QUJD">]><xml><Encrypt>&e;</Encrypt></xml>',
      '<xml><Encrypt>&e;</Encrypt></xml>', // undefined entity
      '<xml><Encrypt>a & b</Encrypt></xml>', // bare ampersand
      '<xml><Encrypt>&#0;</Encrypt></xml>',
      '<xml><Encrypt>&constructor;</Encrypt></xml>',
      `<xml><Encrypt>${'A'.repeat(1 << 20)}</Encrypt></xml>`, // oversized
    ]) {
      rejects(() => parseCallbackEnvelope(body), 'malformed_body');
    }
    rejects(() => parseCallbackEnvelope(42 as unknown as string), 'malformed_body');
  });
});

describe('encryptReply', () => {
  test('produces the passive-reply envelope, signed over its Encrypt, decryptable by @wecom/crypto', () => {
    const xml = cryptoA.encryptReply('<xml><Content>收到</Content></xml>', 1476422779, 'abc123');
    const m = /^<xml><Encrypt><!\[CDATA\[([A-Za-z0-9+/=]+)\]\]><\/Encrypt><MsgSignature><!\[CDATA\[([0-9a-f]{40})\]\]><\/MsgSignature><TimeStamp>1476422779<\/TimeStamp><Nonce><!\[CDATA\[abc123\]\]><\/Nonce><\/xml>$/.exec(xml);
    assert.ok(m, xml);
    const [, encrypt = '', signature = ''] = m;
    assert.equal(signature, wecom.getSignature(A.token, '1476422779', 'abc123', encrypt));
    assert.equal(wecom.decrypt(A.encodingAesKey, encrypt).message, '<xml><Content>收到</Content></xml>');
  });

  test('refuses a nonce or timestamp that would break the envelope', () => {
    assert.throws(() => cryptoA.encryptReply('<xml/>', '1', 'a]]>b'), RangeError);
    assert.throws(() => cryptoA.encryptReply('<xml/>', 'now', 'abc'), RangeError);
    assert.throws(() => cryptoA.encrypt('<xml/>', Buffer.alloc(15)), RangeError);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Replay protection

describe('replay guard', () => {
  const T0 = 1_800_000_000;
  const clock = (start: number) => {
    let ms = start * 1000;
    return { now: () => ms, set: (seconds: number) => { ms = seconds * 1000; } };
  };
  const req = (timestamp: number, nonce = 'n1', signature = 's1') => ({ timestamp: String(timestamp), nonce, signature });

  test('rejects a reused (timestamp, nonce, signature) and accepts new ones', () => {
    const c = clock(T0);
    const guard = createReplayGuard({ now: c.now });
    guard.check(req(T0));
    rejects(() => guard.check(req(T0)), 'replay');
    guard.check(req(T0, 'n2'));
    guard.check(req(T0, 'n1', 's2'));
    guard.check(req(T0 + 1));
    assert.equal(guard.size, 4);
    c.set(T0 + 299);
    rejects(() => guard.check(req(T0)), 'replay');
  });

  test('rejects timestamps outside ±window, and non-numeric ones', () => {
    const guard = createReplayGuard({ windowSeconds: 300, now: () => T0 * 1000 + 999 });
    rejects(() => guard.check(req(T0 - 301)), 'stale_timestamp');
    rejects(() => guard.check(req(T0 + 301)), 'stale_timestamp');
    guard.check(req(T0 - 300));
    guard.check(req(T0 + 300));
    for (const timestamp of ['', 'abc', '-1', '1e9', ' 1800000000', '18000000000000']) {
      rejects(() => guard.check({ timestamp, nonce: 'n', signature: 's' }), 'stale_timestamp');
    }
    assert.equal(guard.size, 2);
  });

  test('evicts expired keys; a replay after expiry is refused as stale', () => {
    const c = clock(T0);
    const guard = createReplayGuard({ windowSeconds: 60, now: c.now });
    for (let i = 0; i < 50; i++) guard.check(req(T0, `n${i}`));
    assert.equal(guard.size, 50);
    c.set(T0 + 61);
    guard.check(req(T0 + 61, 'fresh'));
    assert.equal(guard.size, 1);
    rejects(() => guard.check(req(T0)), 'stale_timestamp');
  });

  test('memory is bounded by maxEntries, dropping the oldest timestamps first', () => {
    const c = clock(T0);
    const guard = createReplayGuard({ now: c.now, maxEntries: 100 });
    for (let i = 0; i < 1000; i++) {
      guard.check(req(T0 - 200 + (i % 400), `n${i}`));
      assert.ok(guard.size <= 100);
    }
    assert.equal(guard.size, 100);
    // the newest timestamps are still remembered; the oldest were dropped to make room
    rejects(() => guard.check(req(T0 + 199, 'n799')), 'replay');
    rejects(() => guard.check(req(T0 - 1, 'n999')), 'replay');
    guard.check(req(T0 - 2, 'n998'));
  });

  test('forget() lets a retry through after failed processing', () => {
    const guard = createReplayGuard({ now: () => T0 * 1000 });
    guard.check(req(T0));
    guard.forget(req(T0));
    assert.equal(guard.size, 0);
    guard.check(req(T0));
    rejects(() => guard.check(req(T0)), 'replay');
  });

  test('wired into decryptCallback: only signed requests reach it, replays and stale callbacks are refused', () => {
    const c = clock(Number(A.msg.timestamp) + 10);
    const guard = createReplayGuard({ now: c.now });
    const guarded = createWecomCrypto({ ...A, replayGuard: guard });
    // a forged request with the same timestamp and nonce neither passes nor burns the nonce
    rejects(() => guarded.decryptCallback({ ...A.msg, msg_signature: '0'.repeat(40) }, envelope(A.msgEncrypt)), 'bad_signature');
    assert.equal(guard.size, 0);
    assert.equal(guarded.decryptCallback(A.msg, envelope(A.msgEncrypt)), A.msgPlain);
    rejects(() => guarded.decryptCallback(A.msg, envelope(A.msgEncrypt)), 'replay');
    // the published vector replayed years later
    const late = createWecomCrypto({ ...A, replayGuard: createReplayGuard() });
    rejects(() => late.decryptCallback(A.msg, envelope(A.msgEncrypt)), 'stale_timestamp');
  });
});
