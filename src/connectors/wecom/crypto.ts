/**
 * WeCom (企业微信) callback encryption — WXBizMsgCrypt — on node:crypto, plus replay protection.
 *
 * Scheme (official doc "加解密方案说明", developer.work.weixin.qq.com/document/path/91144):
 *   msg_signature = sha1_hex(concat(sort([token, timestamp, nonce, msg_encrypt])))
 *   AESKey        = base64_decode(EncodingAESKey + "=")          (32 bytes; IV = AESKey[0:16])
 *   msg_encrypt   = base64(AES-256-CBC(pkcs7_32(random(16) | uint32be(len(msg)) | msg | ReceiveId)))
 * PKCS#7 here pads to 32-byte blocks (pad byte 1..32), so Node's own 16-byte auto padding is disabled and
 * the padding is written and checked here.
 *
 * ReceiveId is the CorpID for a self-built app, the SuiteId for third-party suite callbacks, and "" for
 * AI-bot callbacks; decryption rejects any other value.
 *
 * Security notes for callers:
 * - `decrypt` alone is malleable (CBC, no MAC) and its error codes would be a padding oracle. Callbacks must go
 *   through `verifyUrl` / `decryptCallback`, which check the signature (over the ciphertext) first; the HTTP
 *   layer should answer every failure the same way.
 * - The envelope's ToUserName and AgentID are NOT covered by the signature; use them only to pick which app's
 *   credentials to try. Trust the decrypted XML.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export type WecomCryptoErrorCode =
  | 'bad_signature'
  | 'bad_padding'
  | 'bad_length'
  | 'receive_id_mismatch'
  | 'bad_key'
  | 'malformed_body'
  | 'stale_timestamp'
  | 'replay';

export class WecomCryptoError extends Error {
  readonly code: WecomCryptoErrorCode;
  constructor(code: WecomCryptoErrorCode, message: string) {
    super(message);
    this.name = 'WecomCryptoError';
    this.code = code;
  }
}

/** Query parameters of a callback POST (already URL-decoded). */
export interface CallbackQuery {
  msg_signature: string;
  timestamp: string;
  nonce: string;
}

/** Query parameters of the URL-verification GET (already URL-decoded: echostr is base64 with + / =). */
export interface UrlVerifyQuery extends CallbackQuery {
  echostr: string;
}

export interface WecomCryptoConfig {
  token: string;
  /** 43 characters of base64 (WeCom issues [A-Za-z0-9]). */
  encodingAesKey: string;
  /** CorpID (self-built app), SuiteId (third-party suite) or "" (AI bot). */
  receiveId: string;
  /** When given, `decryptCallback` rejects stale timestamps and replays (checked after the signature). */
  replayGuard?: ReplayGuard;
}

export interface WecomCrypto {
  /** SHA-1 hex over the byte-wise sorted concatenation of [token, timestamp, nonce, encrypted]. */
  signature(timestamp: string | number, nonce: string | number, encrypted: string): string;
  /** base64 ciphertext of random16 | len | plainXml | receiveId. `random16` is for tests only. */
  encrypt(plainXml: string, random16?: Buffer): string;
  decrypt(encrypted: string): { message: string; receiveId: string };
  /** Verifies and decrypts echostr; answer the request with the returned string, verbatim, as the whole body. */
  verifyUrl(query: UrlVerifyQuery): string;
  /** Verifies the signature over the body's <Encrypt>, applies the replay guard, returns the plaintext XML. */
  decryptCallback(query: CallbackQuery, body: string): string;
  /** Passive reply envelope: <xml><Encrypt/><MsgSignature/><TimeStamp/><Nonce/></xml>. */
  encryptReply(plainXml: string, timestamp: string | number, nonce: string): string;
}

const BLOCK = 32;
const ENCODING_AES_KEY = /^[A-Za-z0-9+/]{43}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const TIMESTAMP = /^[0-9]{1,12}$/;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function parseKey(encodingAesKey: unknown): Buffer {
  if (typeof encodingAesKey !== 'string' || !ENCODING_AES_KEY.test(encodingAesKey)) {
    throw new WecomCryptoError('bad_key', 'EncodingAESKey must be exactly 43 base64 characters ([A-Za-z0-9+/])');
  }
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== 32) {
    throw new WecomCryptoError('bad_key', `EncodingAESKey decodes to ${key.length} bytes, expected 32`);
  }
  return key;
}

/** SHA-1 hex of the four strings sorted by their UTF-8 bytes (the order Go's sort.Strings uses) and joined. */
function sha1Signature(parts: string[]): string {
  const sorted = parts.map((p) => Buffer.from(p, 'utf8')).sort(Buffer.compare);
  return createHash('sha1').update(Buffer.concat(sorted)).digest('hex');
}

function signaturesEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string') {
    throw new WecomCryptoError('malformed_body', `${name} must be a single string`);
  }
  return value;
}

/** Strict base64: canonical alphabet, padded to a multiple of 4, no whitespace (Node's decoder skips junk). */
function decodeBase64Strict(text: string): Buffer {
  if (text.length === 0 || !BASE64.test(text)) {
    throw new WecomCryptoError('malformed_body', 'ciphertext is not valid base64');
  }
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) {
    throw new WecomCryptoError('malformed_body', 'ciphertext is not canonical base64');
  }
  return bytes;
}

export function createWecomCrypto(config: WecomCryptoConfig): WecomCrypto {
  const { token, receiveId, replayGuard } = config;
  if (typeof token !== 'string' || token.length === 0) throw new RangeError('WeCom token must be a non-empty string');
  if (typeof receiveId !== 'string') throw new RangeError('WeCom receiveId must be a string ("" for AI bots)');
  const key = parseKey(config.encodingAesKey);
  const iv = key.subarray(0, 16);
  const receiveIdBytes = Buffer.from(receiveId, 'utf8');

  function signature(timestamp: string | number, nonce: string | number, encrypted: string): string {
    return sha1Signature([token, String(timestamp), String(nonce), encrypted]);
  }

  function verifySignature(query: CallbackQuery, encrypted: string): void {
    const given = requireString(query.msg_signature, 'msg_signature');
    const timestamp = requireString(query.timestamp, 'timestamp');
    const nonce = requireString(query.nonce, 'nonce');
    if (!signaturesEqual(signature(timestamp, nonce, encrypted), given)) {
      throw new WecomCryptoError('bad_signature', 'msg_signature does not match sha1(sort(token, timestamp, nonce, encrypt))');
    }
  }

  function encrypt(plainXml: string, random16: Buffer = randomBytes(16)): string {
    if (typeof plainXml !== 'string') throw new TypeError('plaintext must be a string');
    if (!Buffer.isBuffer(random16) || random16.length !== 16) throw new RangeError('random16 must be a 16-byte Buffer');
    const message = Buffer.from(plainXml, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(message.length, 0);
    const body = Buffer.concat([random16, length, message, receiveIdBytes]);
    const pad = BLOCK - (body.length % BLOCK); // 1..32: a whole block of 32s when already aligned
    const cipher = createCipheriv('aes-256-cbc', key, iv);
    cipher.setAutoPadding(false);
    return Buffer.concat([cipher.update(body), cipher.update(Buffer.alloc(pad, pad)), cipher.final()]).toString('base64');
  }

  function decrypt(encrypted: string): { message: string; receiveId: string } {
    const ciphertext = decodeBase64Strict(requireString(encrypted, 'ciphertext'));
    if (ciphertext.length % BLOCK !== 0) {
      throw new WecomCryptoError('bad_length', `ciphertext is ${ciphertext.length} bytes, not a positive multiple of ${BLOCK}`);
    }
    const decipher = createDecipheriv('aes-256-cbc', key, iv);
    decipher.setAutoPadding(false);
    const padded = Buffer.concat([decipher.update(ciphertext), decipher.final()]);

    const pad = padded[padded.length - 1] ?? 0;
    if (pad < 1 || pad > BLOCK) throw new WecomCryptoError('bad_padding', `PKCS#7 pad byte ${pad} is outside 1..${BLOCK}`);
    for (let i = padded.length - pad; i < padded.length; i++) {
      if (padded[i] !== pad) throw new WecomCryptoError('bad_padding', `PKCS#7 padding is not ${pad} bytes of value ${pad}`);
    }
    const plain = padded.subarray(0, padded.length - pad);
    if (plain.length < 20) throw new WecomCryptoError('bad_length', `plaintext is ${plain.length} bytes, shorter than random(16) + length(4)`);
    const messageLength = plain.readUInt32BE(16);
    if (messageLength > plain.length - 20) {
      throw new WecomCryptoError('bad_length', `message length field ${messageLength} exceeds the ${plain.length - 20} bytes present`);
    }
    const messageBytes = plain.subarray(20, 20 + messageLength);
    const idBytes = plain.subarray(20 + messageLength);
    if (!idBytes.equals(receiveIdBytes)) {
      throw new WecomCryptoError('receive_id_mismatch', `receive id ${JSON.stringify(idBytes.toString('utf8'))} is not the configured ${JSON.stringify(receiveId)}`);
    }
    let message: string;
    try {
      message = utf8.decode(messageBytes);
    } catch {
      throw new WecomCryptoError('malformed_body', 'decrypted message is not valid UTF-8');
    }
    return { message, receiveId };
  }

  function verifyUrl(query: UrlVerifyQuery): string {
    const echostr = requireString(query.echostr, 'echostr');
    verifySignature(query, echostr);
    return decrypt(echostr).message;
  }

  function decryptCallback(query: CallbackQuery, body: string): string {
    const { encrypt: encrypted } = parseCallbackEnvelope(body);
    verifySignature(query, encrypted);
    // Only signed requests reach the guard, so forged ones can neither burn nonces nor fill its memory.
    replayGuard?.check({ timestamp: query.timestamp, nonce: query.nonce, signature: query.msg_signature });
    return decrypt(encrypted).message;
  }

  function encryptReply(plainXml: string, timestamp: string | number, nonce: string): string {
    const ts = String(timestamp);
    if (!TIMESTAMP.test(ts)) throw new RangeError('reply timestamp must be a decimal Unix time in seconds');
    if (typeof nonce !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(nonce)) {
      throw new RangeError('reply nonce must be 1..64 characters of [A-Za-z0-9_-]');
    }
    const encrypted = encrypt(plainXml);
    const msgSignature = signature(ts, nonce, encrypted);
    return `<xml><Encrypt><![CDATA[${encrypted}]]></Encrypt><MsgSignature><![CDATA[${msgSignature}]]></MsgSignature>`
      + `<TimeStamp>${ts}</TimeStamp><Nonce><![CDATA[${nonce}]]></Nonce></xml>`;
  }

  return { signature, encrypt, decrypt, verifyUrl, decryptCallback, encryptReply };
}

// ---------------------------------------------------------------------------------------------------------------
// Callback envelope: <xml><ToUserName>…</ToUserName><Encrypt>…</Encrypt><AgentID>…</AgentID></xml>

export interface CallbackEnvelope {
  encrypt: string;
  toUserName: string | undefined;
  agentId: string | undefined;
}

/** Callback envelopes are a few hundred bytes; anything near this is not WeCom. */
export const MAX_ENVELOPE_CHARS = 1 << 20;

const ENVELOPE_FIELDS = new Map<string, keyof CallbackEnvelope>([['Encrypt', 'encrypt'], ['ToUserName', 'toUserName'], ['AgentID', 'agentId']]);
const ENTITIES = new Map([['lt', '<'], ['gt', '>'], ['amp', '&'], ['quot', '"'], ['apos', "'"]]);
const NAME = /[A-Za-z_][A-Za-z0-9_.-]*/y;

/**
 * A deliberately tiny, linear-time reader for the flat envelope: an optional XML declaration, then `<xml>` whose
 * children are elements holding text or one CDATA section (no attributes, no nesting, no DOCTYPE, only the five
 * predefined entities and character references). Unknown children are skipped; a duplicated known field, a missing
 * or empty Encrypt, or anything else is `malformed_body`.
 */
export function parseCallbackEnvelope(body: string): CallbackEnvelope {
  const fail: (why: string) => never = (why) => {
    throw new WecomCryptoError('malformed_body', `callback body is not a WeCom envelope: ${why}`);
  };
  if (typeof body !== 'string') fail('not a string');
  if (body.length > MAX_ENVELOPE_CHARS) fail(`longer than ${MAX_ENVELOPE_CHARS} characters`);
  let pos = body.charCodeAt(0) === 0xfeff ? 1 : 0;
  const skipSpace = () => {
    while (pos < body.length && ' \t\r\n'.includes(body[pos] ?? 'x')) pos++;
  };
  const expect = (literal: string) => {
    if (!body.startsWith(literal, pos)) fail(`expected ${JSON.stringify(literal)} at offset ${pos}`);
    pos += literal.length;
  };

  skipSpace();
  if (body.startsWith('<?xml', pos)) {
    const end = body.indexOf('?>', pos);
    if (end < 0) fail('unterminated XML declaration');
    pos = end + 2;
    skipSpace();
  }
  expect('<xml>');
  const found: Partial<Record<keyof CallbackEnvelope, string>> = {};
  for (;;) {
    skipSpace();
    if (body.startsWith('</xml>', pos)) {
      pos += 6;
      break;
    }
    expect('<');
    NAME.lastIndex = pos;
    const name = NAME.exec(body)?.[0];
    if (name === undefined) fail(`expected an element name at offset ${pos}`);
    pos += name.length;
    let value = '';
    if (body.startsWith('/>', pos)) {
      pos += 2;
    } else {
      expect('>');
      if (body.startsWith('<![CDATA[', pos)) {
        const end = body.indexOf(']]>', pos + 9);
        if (end < 0) fail('unterminated CDATA section');
        value = body.slice(pos + 9, end);
        pos = end + 3;
      } else {
        const end = body.indexOf('<', pos);
        if (end < 0) fail(`unterminated element <${name}>`);
        value = decodeText(body.slice(pos, end), fail);
        pos = end;
      }
      expect(`</${name}>`);
    }
    const field = ENVELOPE_FIELDS.get(name);
    if (field !== undefined) {
      if (found[field] !== undefined) fail(`<${name}> appears more than once`);
      found[field] = value;
    }
  }
  skipSpace();
  if (pos !== body.length) fail('content after </xml>');
  const encrypt = found.encrypt;
  if (encrypt === undefined || encrypt.length === 0) fail('no <Encrypt> element');
  return { encrypt, toUserName: found.toUserName, agentId: found.agentId };
}

function decodeText(text: string, fail: (why: string) => never): string {
  return text.replace(/&([^;&]{0,10});?/g, (match, entity: string) => {
    if (!match.endsWith(';')) return fail('bare & in text');
    const named = ENTITIES.get(entity);
    if (named !== undefined) return named;
    const ref = /^#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}))$/.exec(entity);
    const code = ref === null ? NaN : parseInt(ref[1] ?? ref[2] ?? '', ref[1] !== undefined ? 16 : 10);
    if (!(code >= 1 && code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) return fail(`unsupported entity &${entity};`);
    return String.fromCodePoint(code);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Replay protection

export interface ReplayKey {
  timestamp: string;
  nonce: string;
  signature: string;
}

export interface ReplayGuard {
  /** Throws `stale_timestamp` outside ±window, `replay` for a key already seen; otherwise records the key. */
  check(key: ReplayKey): void;
  /** Drops a recorded key, e.g. when processing failed and WeCom's retry of the same request must be accepted. */
  forget(key: ReplayKey): void;
  /** Number of keys held. */
  readonly size: number;
}

export interface ReplayGuardOptions {
  /** Accepted clock difference either way, and how long a key is remembered past its timestamp. Default 300. */
  windowSeconds?: number;
  /** Clock in milliseconds since the epoch. Default Date.now. */
  now?: () => number;
  /** Hard cap on remembered keys; past it the keys with the oldest timestamps are dropped first. Default 100,000. */
  maxEntries?: number;
}

export function createReplayGuard(options: ReplayGuardOptions = {}): ReplayGuard {
  const windowSeconds = options.windowSeconds ?? 300;
  const maxEntries = options.maxEntries ?? 100_000;
  const now = options.now ?? Date.now;
  if (!Number.isInteger(windowSeconds) || windowSeconds < 1) throw new RangeError('windowSeconds must be a positive integer');
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError('maxEntries must be a positive integer');

  // Keys bucketed by timestamp: a bucket is dropped whole once its timestamp falls out of the window, so at most
  // 2 * window + 1 buckets are live and eviction never scans individual keys.
  const buckets = new Map<number, Set<string>>();
  let size = 0;
  let sweptAt = -1;

  const keyOf = (key: ReplayKey) => JSON.stringify([key.nonce, key.signature]);
  const parseTimestamp = (timestamp: unknown): number => {
    if (typeof timestamp !== 'string' || !TIMESTAMP.test(timestamp)) {
      throw new WecomCryptoError('stale_timestamp', 'timestamp is not a decimal Unix time in seconds');
    }
    return Number(timestamp);
  };
  const sweep = (nowSeconds: number) => {
    if (nowSeconds === sweptAt) return;
    sweptAt = nowSeconds;
    for (const [ts, set] of buckets) {
      if (ts < nowSeconds - windowSeconds) {
        size -= set.size;
        buckets.delete(ts);
      }
    }
  };
  const dropOldest = () => {
    let oldest = Infinity;
    for (const ts of buckets.keys()) if (ts < oldest) oldest = ts;
    const set = buckets.get(oldest);
    if (set === undefined) return;
    const first = set.values().next();
    if (!first.done) {
      set.delete(first.value);
      size--;
    }
    if (set.size === 0) buckets.delete(oldest);
  };

  return {
    check(key) {
      const ts = parseTimestamp(key.timestamp);
      const nowSeconds = Math.floor(now() / 1000);
      if (Math.abs(ts - nowSeconds) > windowSeconds) {
        throw new WecomCryptoError('stale_timestamp', `timestamp ${ts} is more than ${windowSeconds} s from now (${nowSeconds})`);
      }
      sweep(nowSeconds);
      const id = keyOf(key);
      let set = buckets.get(ts);
      if (set?.has(id)) {
        throw new WecomCryptoError('replay', `request (timestamp ${ts}, nonce ${JSON.stringify(key.nonce)}) was already accepted`);
      }
      while (size >= maxEntries) dropOldest();
      if (set === undefined) {
        set = new Set();
        buckets.set(ts, set);
      }
      set.add(id);
      size++;
    },
    forget(key) {
      if (typeof key.timestamp !== 'string' || !TIMESTAMP.test(key.timestamp)) return;
      const ts = Number(key.timestamp);
      const set = buckets.get(ts);
      if (set?.delete(keyOf(key))) {
        size--;
        if (set.size === 0) buckets.delete(ts);
      }
    },
    get size() {
      return size;
    },
  };
}
