/**
 * QR codes of live codes as PNG or SVG (the `qrcode` package), error correction M: readable when
 * printed small on a shop counter or shown on a phone.
 */
import QRCode from 'qrcode';

export function qrPng(text: string, width = 512): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width });
}

export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
