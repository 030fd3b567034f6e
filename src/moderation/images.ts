/**
 * QR codes in images and mini-program cards: the ways spammers carry a contact or a link past
 * text filters. Where the platform delivers the image, its bytes (PNG or JPEG, decoded with
 * fast-png / jpeg-js) or its RGBA pixels are searched for a QR code with jsQR; what the code
 * says is reported, and classed: a WeChat contact or group card (u.wechat.com, weixin.qq.com/g/…)
 * is poaching, a link outside the allow-list is a link, anything else is still a QR code.
 * Mini-program cards are reported unless their app id is allowed.
 */
import { decode as decodePng, hasPngSignature } from 'fast-png';
import { decode as decodeJpeg } from 'jpeg-js';
import jsQRModule from 'jsqr';
import { domainAllowed, findLinks } from './detect.ts';
import type { ResolvedRule } from './rules.ts';
import type { Evidence, Message, MessageImage } from './types.ts';

/** Largest image decoded (pixels): bigger ones are skipped, not decoded. */
// jsqr is CommonJS with `exports.default`: under Node's ESM loader the default import is the module object.
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ?? jsQRModule) as unknown as (data: Uint8ClampedArray, width: number, height: number, options?: { inversionAttempts?: 'dontInvert' | 'onlyInvert' | 'attemptBoth' | 'invertFirst' }) => { data: string } | null;

const MAX_PIXELS = 4_000_000;

export interface Rgba { data: Uint8ClampedArray; width: number; height: number }

/** Decoded pixels of an image, or null when it cannot be decoded (or is too large). */
export function toRgba(image: MessageImage): Rgba | null {
  if (image.rgba && image.width && image.height) {
    if (image.rgba.length !== image.width * image.height * 4) return null;
    return { data: new Uint8ClampedArray(image.rgba.buffer, image.rgba.byteOffset, image.rgba.length), width: image.width, height: image.height };
  }
  const bytes = image.bytes;
  if (!bytes || bytes.length < 8) return null;
  try {
    if (hasPngSignature(bytes)) {
      const png = decodePng(bytes);
      if (png.width * png.height > MAX_PIXELS) return null;
      const rgba = new Uint8ClampedArray(png.width * png.height * 4);
      const ch = png.channels;
      const src = png.data;
      const scale = png.depth === 16 ? 257 : png.depth === 8 ? 1 : 255 / ((1 << png.depth) - 1);
      if (png.palette) {
        for (let i = 0; i < png.width * png.height; i++) {
          const [r, g, b, a] = png.palette[src[i]!] ?? [0, 0, 0, 255];
          rgba[i * 4] = r ?? 0; rgba[i * 4 + 1] = g ?? 0; rgba[i * 4 + 2] = b ?? 0; rgba[i * 4 + 3] = a ?? 255;
        }
      } else {
        for (let i = 0; i < png.width * png.height; i++) {
          const v = (k: number) => Math.round(src[i * ch + k]! / scale);
          if (ch >= 3) { rgba[i * 4] = v(0); rgba[i * 4 + 1] = v(1); rgba[i * 4 + 2] = v(2); rgba[i * 4 + 3] = ch === 4 ? v(3) : 255; }
          else { const g = v(0); rgba[i * 4] = g; rgba[i * 4 + 1] = g; rgba[i * 4 + 2] = g; rgba[i * 4 + 3] = ch === 2 ? v(1) : 255; }
        }
      }
      return { data: rgba, width: png.width, height: png.height };
    }
    if (bytes[0] === 0xff && bytes[1] === 0xd8) {
      const jpg = decodeJpeg(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_PIXELS / 1e6, maxMemoryUsageInMB: 256 });
      return { data: new Uint8ClampedArray(jpg.data.buffer, jpg.data.byteOffset, jpg.data.length), width: jpg.width, height: jpg.height };
    }
  } catch {
    return null;
  }
  return null;
}

/** The text of a QR code in the image, or null. */
export function readQr(image: MessageImage): string | null {
  const rgba = toRgba(image);
  if (!rgba) return null;
  const code = jsQR(rgba.data, rgba.width, rgba.height, { inversionAttempts: 'attemptBoth' });
  return code ? code.data : null;
}

const wechatContact = /(?:u\.wechat\.com|weixin\.qq\.com\/(?:g|r|q)\/|wxp:\/\/|qm\.qq\.com|jq\.qq\.com|t\.me\/(?:joinchat|\+)|wa\.me\/|chat\.whatsapp\.com)/i;

export function detectImages(rule: ResolvedRule, message: Message, out: Evidence[], allowDomains: readonly string[]): void {
  for (const [i, image] of (message.images ?? []).entries()) {
    const data = readQr(image);
    if (data === null) continue;
    const links = findLinks(data);
    if (wechatContact.test(data)) {
      out.push({ detector: 'images', rule: rule.id, category: 'poaching', text: data, matched: `image ${i + 1}`, score: 1, note: `QR code in image ${i + 1} is a contact or group invitation: ${data.slice(0, 200)}` });
    } else if (links.length > 0 && links.every((l) => domainAllowed(l.domain, allowDomains))) {
      continue;
    } else {
      out.push({ detector: 'images', rule: rule.id, category: 'qrcode', text: data, matched: `image ${i + 1}`, score: 0.9, note: `QR code in image ${i + 1}: ${data.slice(0, 200)}` });
    }
  }
  const allowApps = rule.options?.allowMiniPrograms ?? [];
  for (const card of message.cards ?? []) {
    if (card.kind !== 'miniprogram') continue;
    if (card.appId && allowApps.includes(card.appId)) continue;
    out.push({
      detector: 'images', rule: rule.id, category: 'miniprogram', text: card.title ?? card.url, matched: card.appId ?? 'unknown app', score: 0.9,
      note: `mini-program card${card.appId ? ` ${card.appId}` : ''} not on the allow-list${card.title ? `: ${card.title}` : ''}`,
    });
  }
}
