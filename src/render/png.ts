/**
 * Small drawing helpers over @napi-rs/canvas (Skia) for server-side images: a canvas of a given
 * size, text wrapped to a width (CJK text has no spaces, so it breaks between any two characters,
 * Latin words stay whole), and PNG encoding. Kept free of any feature's layout so that daily
 * cards (src/activities/daily-card.ts) and posters share it.
 */
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import { ensureCjkFont } from './fonts.ts';

export interface Drawing { ctx: SKRSContext2D; width: number; height: number; png(): Buffer }

/** A blank canvas filled with `background`, with the bundled CJK font registered. */
export function newDrawing(width: number, height: number, background = '#ffffff'): Drawing {
  ensureCjkFont();
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, width, height);
  return { ctx, width, height, png: () => canvas.toBuffer('image/png') };
}

/** A vertical gradient background. */
export function fillGradient(d: Drawing, from: string, to: string): void {
  const g = d.ctx.createLinearGradient(0, 0, 0, d.height);
  g.addColorStop(0, from);
  g.addColorStop(1, to);
  d.ctx.fillStyle = g;
  d.ctx.fillRect(0, 0, d.width, d.height);
}

const CLOSING = /^[，。！？、；：」』）》】,.!?;:)\]]$/u;

/** Splits text into lines no wider than maxWidth with the context's current font. */
export function wrapText(ctx: SKRSContext2D, text: string, maxWidth: number): string[] {
  const tokens = text.match(/[A-Za-z0-9'’\-.,!?:;]+\s*|\s+|./gsu) ?? [];
  const lines: string[] = [];
  let line = '';
  for (const token of tokens) {
    if (token === '\n') { lines.push(line); line = ''; continue; }
    const next = line + token;
    // Closing punctuation never starts a line (禁则): it stays on the line it closes.
    if (line && !CLOSING.test(token) && ctx.measureText(next.trimEnd()).width > maxWidth) {
      lines.push(line.trimEnd());
      line = token.trimStart();
    } else {
      line = next;
    }
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines;
}

export interface TextStyle { size: number; weight?: 400 | 700; color?: string; align?: 'left' | 'center' | 'right'; family?: string }

/** Draws (wrapped) text from y downwards; returns the y below its last line. */
export function drawText(d: Drawing, text: string, x: number, y: number, maxWidth: number, style: TextStyle): number {
  const family = style.family ?? ensureCjkFont();
  d.ctx.font = `${style.weight ?? 400} ${style.size}px "${family}"`;
  d.ctx.fillStyle = style.color ?? '#1f1f1f';
  d.ctx.textAlign = style.align ?? 'left';
  d.ctx.textBaseline = 'top';
  const lineHeight = Math.round(style.size * 1.4);
  for (const line of wrapText(d.ctx, text, maxWidth)) {
    d.ctx.fillText(line, x, y);
    y += lineHeight;
  }
  return y;
}
