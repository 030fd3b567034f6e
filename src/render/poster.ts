/**
 * A participant's personal referral poster (裂变海报), drawn on the server as PNG: the campaign's
 * art (a theme's gradient and its kind's character), the participant's name in Chinese, what the
 * friend gets, and a QR code of the participant's link, drawn module by module from the qrcode
 * package's matrix (crisp at any size, error correction M). Text uses the bundled CJK font
 * (fonts.ts); characters it has no glyph for (an emoji in a nickname) are left out rather than
 * drawn as boxes ("tofu").
 */
import QRCode from 'qrcode';
import { drawText, fillGradient, newDrawing } from './png.ts';
import { missingGlyphs } from './fonts.ts';

export const POSTER_THEMES: Record<string, [string, string, string]> = {
  red: ['#d4380d', '#fa8c16', '#fff1e6'],
  blue: ['#1d39c4', '#40a9ff', '#e6f4ff'],
  green: ['#237804', '#73d13d', '#f6ffed'],
  purple: ['#531dab', '#b37feb', '#f9f0ff'],
};

export interface PosterInput {
  campaignName: string;
  /** The kind's character: 送 帮 拼 砍 券 比. */
  kindLabel: string;
  participantName: string;
  /** What the friend gets or what the campaign offers, one line. */
  offer: string;
  link: string;
  theme?: string;
}

/** Drops characters the bundled font cannot draw. */
export function drawable(text: string): string {
  const missing = new Set(missingGlyphs(text));
  return Array.from(text).filter((c) => !missing.has(c)).join('').trim();
}

/** The lines a poster shows (what the test checks for tofu). */
export function posterLines(p: PosterInput): { name: string; invite: string; title: string; offer: string; scan: string } {
  const name = drawable(p.participantName) || '好友';
  return { name, invite: `${name} 邀请你一起参加`, title: drawable(p.campaignName), offer: drawable(p.offer), scan: '长按识别二维码 加入活动' };
}

export function renderPoster(p: PosterInput): Buffer {
  const W = 750, H = 1334;
  const [deep, light, paper] = POSTER_THEMES[p.theme ?? 'red'] ?? POSTER_THEMES.red!;
  const d = newDrawing(W, H);
  fillGradient(d, deep, light);
  const lines = posterLines(p);
  const ctx = d.ctx;
  // Art: soft circles and the kind's character in a badge.
  ctx.globalAlpha = 0.12;
  ctx.fillStyle = '#ffffff';
  for (const [x, y, r] of [[80, 120, 140], [680, 260, 180], [120, 760, 90], [660, 980, 120]] as const) { ctx.beginPath(); ctx.arc(x, y, r, 0, Math.PI * 2); ctx.fill(); }
  ctx.globalAlpha = 1;
  ctx.fillStyle = '#ffffff';
  ctx.beginPath(); ctx.arc(W / 2, 170, 90, 0, Math.PI * 2); ctx.fill();
  drawText(d, p.kindLabel, W / 2, 112, 160, { size: 110, weight: 700, color: deep, align: 'center' });
  let y = drawText(d, lines.title, W / 2, 300, W - 120, { size: 56, weight: 700, color: '#ffffff', align: 'center' });
  y = drawText(d, lines.invite, W / 2, y + 20, W - 120, { size: 36, color: '#ffffff', align: 'center' });
  // The card with the offer and the QR code.
  const top = Math.max(y + 40, 560);
  ctx.fillStyle = paper;
  ctx.beginPath(); ctx.roundRect(60, top, W - 120, H - top - 80, 32); ctx.fill();
  const after = drawText(d, lines.offer, W / 2, top + 40, W - 200, { size: 38, weight: 700, color: deep, align: 'center' });
  const qr = QRCode.create(p.link, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const box = 400;
  const cell = Math.floor(box / (n + 8));
  const size = cell * (n + 8);
  const qx = Math.round((W - size) / 2), qy = after + 30;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(qx, qy, size, size);
  ctx.fillStyle = '#000000';
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) ctx.fillRect(qx + (c + 4) * cell, qy + (r + 4) * cell, cell, cell);
  drawText(d, lines.scan, W / 2, qy + size + 24, W - 200, { size: 28, color: '#595959', align: 'center' });
  return d.png();
}
