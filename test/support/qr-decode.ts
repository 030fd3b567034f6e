/** Decodes the QR code in a PNG (what a phone does with a poster or a code): jsqr over pngjs. */
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';

const jsQR = ((jsQRModule as unknown as { default?: unknown }).default ?? jsQRModule) as typeof jsQRModule.default;

export function decodeQrPng(png: Buffer): string | null {
  const img = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(img.data), img.width, img.height)?.data ?? null;
}
