/**
 * Fonts for images Qunyun draws on the server (daily cards, posters). The CJK face is Noto Sans SC
 * from the @fontsource/noto-sans-sc package (SIL OFL 1.1, its LICENSE beside the files): the
 * "chinese-simplified" slices hold the GB2312-and-more characters plus Latin digits and letters,
 * about 1.1 MB per weight, so nothing is downloaded at run time and the repository stays small.
 * Registration is once per process; callers ask for a family name and get one that is loaded.
 * `missingGlyphs` tells which characters of a string the bundled font has no glyph for (they
 * would be drawn as a .notdef box, "tofu", or by whatever system font Skia falls back to), from
 * the font's own cmap, so a card can be checked without OCR. The WOFF 1.0 files are used (zlib
 * per table, readable with node:zlib; Skia draws them as it draws TTF).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { GlobalFonts } from '@napi-rs/canvas';

export type FontWeight = 400 | 700;

/** The family name under which the bundled CJK font is registered (both weights). */
export const CJK_FAMILY = 'Qunyun Noto Sans SC';

const require = createRequire(import.meta.url);
let registered = false;

/** Folder of the bundled font files (node_modules/@fontsource/noto-sans-sc/files). */
export function bundledFontDir(): string {
  return join(dirname(require.resolve('@fontsource/noto-sans-sc/package.json')), 'files');
}

/** The file of one slice and weight of the bundled font, e.g. ('chinese-simplified', 400). */
export function bundledFontFile(slice: 'chinese-simplified' | 'latin', weight: FontWeight): string {
  return join(bundledFontDir(), `noto-sans-sc-${slice}-${weight}-normal.woff`);
}

/** Registers the bundled CJK font (regular and bold) once; returns its family name. */
export function ensureCjkFont(): string {
  if (!registered) {
    for (const weight of [400, 700] as const) {
      const key = GlobalFonts.registerFromPath(bundledFontFile('chinese-simplified', weight), CJK_FAMILY);
      if (!key) throw new Error(`could not load the bundled font ${bundledFontFile('chinese-simplified', weight)}`);
    }
    registered = true;
  }
  return CJK_FAMILY;
}

/** Registers any font file under a family name (a test's control font, an operator's brand font). */
export function registerFont(path: string, family: string): string {
  if (!GlobalFonts.registerFromPath(path, family)) throw new Error(`could not load the font ${path}`);
  return family;
}

/**
 * The code points a WOFF (1.0) font file maps to a glyph, read from its cmap table (formats 4
 * and 12). This is the font's own coverage, independent of Skia's fallback to system fonts (which
 * would hide a missing glyph on a machine that has some CJK font and show tofu on one that has none).
 */
export function fontCoverage(path: string): Set<number> {
  const cached = coverageCache.get(path);
  if (cached) return cached;
  const file = readFileSync(path);
  if (file.toString('latin1', 0, 4) !== 'wOFF') throw new Error(`${path} is not a WOFF 1.0 font`);
  const numTables = file.readUInt16BE(12);
  let cmap: Buffer | null = null;
  for (let i = 0; i < numTables; i++) {
    const at = 44 + i * 20;
    if (file.toString('latin1', at, at + 4) !== 'cmap') continue;
    const offset = file.readUInt32BE(at + 4);
    const compLength = file.readUInt32BE(at + 8);
    const origLength = file.readUInt32BE(at + 12);
    const raw = file.subarray(offset, offset + compLength);
    cmap = compLength < origLength ? inflateSync(raw) : Buffer.from(raw);
  }
  if (!cmap) throw new Error(`${path} has no cmap table`);
  const covered = new Set<number>();
  const subtables = cmap.readUInt16BE(2);
  for (let i = 0; i < subtables; i++) {
    const sub = cmap.readUInt32BE(4 + i * 8 + 4);
    const format = cmap.readUInt16BE(sub);
    if (format === 4) {
      const segX2 = cmap.readUInt16BE(sub + 6);
      const ends = sub + 14, starts = ends + segX2 + 2, deltas = starts + segX2, ranges = deltas + segX2;
      for (let s = 0; s < segX2 / 2; s++) {
        const end = cmap.readUInt16BE(ends + s * 2), begin = cmap.readUInt16BE(starts + s * 2);
        const delta = cmap.readInt16BE(deltas + s * 2), rangeOffset = cmap.readUInt16BE(ranges + s * 2);
        for (let c = begin; c <= end && c !== 0xffff; c++) {
          let glyph: number;
          if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
          else {
            const g = cmap.readUInt16BE(ranges + s * 2 + rangeOffset + (c - begin) * 2);
            glyph = g === 0 ? 0 : (g + delta) & 0xffff;
          }
          if (glyph !== 0) covered.add(c);
        }
      }
    } else if (format === 12) {
      const groups = cmap.readUInt32BE(sub + 12);
      for (let g = 0; g < groups; g++) {
        const at = sub + 16 + g * 12;
        const begin = cmap.readUInt32BE(at), end = cmap.readUInt32BE(at + 4), glyph = cmap.readUInt32BE(at + 8);
        for (let c = begin; c <= end; c++) if (glyph + (c - begin) !== 0) covered.add(c);
      }
    }
  }
  coverageCache.set(path, covered);
  return covered;
}

const coverageCache = new Map<string, Set<number>>();

/** The characters of `text` (whitespace aside) that the font file has no glyph for: they would be tofu. */
export function missingGlyphs(text: string, fontFile = bundledFontFile('chinese-simplified', 400)): string[] {
  const covered = fontCoverage(fontFile);
  return [...new Set(Array.from(text))].filter((ch) => !/\s/u.test(ch) && !covered.has(ch.codePointAt(0)!));
}
