/**
 * Normalisation against evasion: spammers write 微.信, 加 V, ｗｘ, 𝐰𝐞𝐢𝐱𝐢𝐧, 微信號, ⓿二肆…, vеixin
 * with a Cyrillic е, or 免费费费费. Every character is folded through one table built once
 * (NFKC and full/half width, lower case, traditional → simplified from OpenCC, Cyrillic and
 * Greek look-alikes → Latin, circled and enclosed digits); separators, punctuation, symbols,
 * emoji and zero-width characters are dropped, so a keyword matches across them; runs of three
 * or more of the same letter collapse to one; runs of digits written with Chinese numerals
 * become ASCII digits. The result keeps, for every output character, the span of the ORIGINAL
 * text it came from, so evidence can point at what the member actually wrote.
 *
 * The same function normalises keywords, so a list and a message always meet in the same form.
 * One pass, one table lookup per character: this runs on every message.
 */
import * as OpenCC from 'opencc-js/t2cn';

/** Character classes of normalised characters. */
export const CharClass = { Drop: 0, Latin: 1, Digit: 2, Han: 3, Other: 4, HanDigit: 5 } as const;
export type CharClass = (typeof CharClass)[keyof typeof CharClass];

export interface Normalised {
  /** The normalised text: folded, separators dropped. */
  text: string;
  /** For output character i: the original text's [start[i], end[i]) it came from. */
  start: Int32Array;
  end: Int32Array;
  /** gap[i] = 1 when one or more dropped characters (space, punctuation…) came before output character i. */
  gap: Uint8Array;
}

const DROP = 0;          // table value: the character is dropped
const MULTI = 0xffff;    // table value: the folding is several characters (see multi)

let fold: Uint16Array | null = null;
let klass: Uint8Array | null = null;
const multi = new Map<number, string>();
const astral = new Map<number, number>();
/** Chinese numerals → their digit, used only inside runs of digits. */
const hanDigit = new Map<number, number>();

const homoglyphs: Record<string, string> = {
  // Cyrillic
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  і: 'i', ї: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w', ɡ: 'g', ʏ: 'y', ᴠ: 'v', ѵ: 'v', п: 'n', г: 'r', ь: 'b', з: '3',
  // Greek
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ω: 'w', ς: 'c', σ: 'o', μ: 'u', γ: 'y',
  // Latin look-alikes and dotless forms
  ı: 'i', ȷ: 'j', ℓ: 'l', ß: 'ss',
};

/** Enclosed digits that NFKC leaves alone (negative circled, dingbats). */
function enclosedDigit(c: number): number {
  if (c === 0x24ff || c === 0x1f10c) return 0;                                 // ⓿ 🄌
  if (c >= 0x2776 && c <= 0x277e) return c - 0x2776 + 1;                      // ❶..❾
  if (c >= 0x2780 && c <= 0x2788) return c - 0x2780 + 1;                      // ➀..➈
  if (c >= 0x278a && c <= 0x2792) return c - 0x278a + 1;                      // ➊..➒
  if (c >= 0x24f5 && c <= 0x24fd) return c - 0x24f5 + 1;                      // ⓵..⓽
  if (c >= 0x1f101 && c <= 0x1f10a) return c - 0x1f101;                       // 🄁..🄊 (0,..9,)
  return -1;
}

function classOf(ch: string): CharClass {
  if (ch.length !== 1) return CharClass.Other;
  const c = ch.charCodeAt(0);
  if (c >= 0x61 && c <= 0x7a) return CharClass.Latin;
  if (c >= 0x30 && c <= 0x39) return CharClass.Digit;
  if (hanDigit.has(c)) return CharClass.HanDigit;
  if ((c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff)) return CharClass.Han;
  return CharClass.Other;
}

function build(): void {
  const t2s = OpenCC.Converter({ from: 'tw', to: 'cn' });
  const hk2s = OpenCC.Converter({ from: 'hk', to: 'cn' });
  const han: string[] = [];
  for (let c = 0x3400; c <= 0x9fff; c++) han.push(String.fromCharCode(c));
  for (let c = 0xf900; c <= 0xfaff; c++) han.push(String.fromCharCode(c).normalize('NFKC'));
  const simplified = t2s(hk2s(han.join('\n'))).split('\n');
  const simple = new Map<number, string>();
  for (let i = 0; i < han.length; i++) {
    const from = i < 0x9fff - 0x3400 + 1 ? 0x3400 + i : 0xf900 + (i - (0x9fff - 0x3400 + 1));
    const to = simplified[i];
    if (to !== undefined && to.length === 1 && to !== String.fromCharCode(from)) simple.set(from, to);
  }
  '〇零一二三四五六七八九'.split('').forEach((ch, i) => hanDigit.set(ch.charCodeAt(0), i === 0 ? 0 : i - 1));
  for (const [ch, d] of Object.entries({ 壹: 1, 贰: 2, 貳: 2, 叁: 3, 參: 3, 肆: 4, 伍: 5, 陆: 6, 陸: 6, 柒: 7, 参: 3, 捌: 8, 玖: 9, 两: 2, 幺: 1, 洞: 0 })) hanDigit.set(ch.charCodeAt(0), d);

  const table = new Uint16Array(65536);
  const cls = new Uint8Array(65536);
  const foldOne = (ch: string): string => {
    let s = ch.normalize('NFKC').toLowerCase();
    let out = '';
    for (const u of s) {
      let v = homoglyphs[u] ?? u;
      const sc = simple.get(v.charCodeAt(0));
      if (v.length === 1 && sc) v = sc;
      const e = enclosedDigit(v.codePointAt(0)!);
      if (e >= 0) v = String(e);
      // Keep letters and digits; everything else (spaces, punctuation, symbols, marks, format
      // characters such as zero-width spaces) is a separator and is dropped.
      if (/[\p{L}\p{N}]/u.test(v)) out += v;
    }
    s = out;
    return s;
  };
  for (let c = 0; c < 65536; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const f = foldOne(String.fromCharCode(c));
    if (f.length === 0) { table[c] = DROP; continue; }
    if (f.length === 1 && f.charCodeAt(0) !== MULTI && f.charCodeAt(0) !== DROP) {
      table[c] = f.charCodeAt(0);
      cls[c] = classOf(f);
    } else {
      table[c] = MULTI;
      multi.set(c, f);
    }
  }
  // Dingbat circled digits are symbols (So): NFKC and \p{N} do not see them.
  for (let c = 0x2776; c <= 0x2793; c++) {
    const e = enclosedDigit(c);
    if (e >= 0) { table[c] = 0x30 + e; cls[c] = CharClass.Digit; }
  }
  table[0x24ff] = 0x30; cls[0x24ff] = CharClass.Digit;
  fold = table;
  klass = cls;
}

/** Folds an astral code point (mathematical alphanumerics 𝐰, squared/negative letters 🅰, regional indicators 🇼). */
function foldAstral(cp: number): number {
  let v = astral.get(cp);
  if (v !== undefined) return v;
  v = 0;
  const e = enclosedDigit(cp);
  if (e >= 0) v = 0x30 + e;
  else if (cp >= 0x1f130 && cp <= 0x1f149) v = 0x61 + cp - 0x1f130;        // 🄰 squared
  else if (cp >= 0x1f150 && cp <= 0x1f169) v = 0x61 + cp - 0x1f150;        // 🅐 negative circled
  else if (cp >= 0x1f170 && cp <= 0x1f189) v = 0x61 + cp - 0x1f170;        // 🅰 negative squared
  else if (cp >= 0x1f1e6 && cp <= 0x1f1ff) v = 0x61 + cp - 0x1f1e6;        // 🇦 regional indicators
  else {
    const s = String.fromCodePoint(cp).normalize('NFKC').toLowerCase();
    if (s.length === 1 && /[\p{L}\p{N}]/u.test(s)) v = s.charCodeAt(0);
    else if (/^[\p{L}\p{N}]$/u.test(s)) v = -1; // astral letter (rare CJK extension): kept as is
  }
  astral.set(cp, v);
  return v;
}

/** Builds the folding table now (about 0.3 s) instead of on the first message. */
export function warmUp(): void {
  if (!fold) build();
}

let outBuf = new Uint16Array(1024);
let startBuf = new Int32Array(1024);
let endBuf = new Int32Array(1024);
let gapBuf = new Uint8Array(1024);
let clsBuf = new Uint8Array(1024);

function grow(n: number): void {
  if (n <= outBuf.length) return;
  let size = outBuf.length;
  while (size < n) size *= 2;
  const o = new Uint16Array(size); o.set(outBuf); outBuf = o;
  const s = new Int32Array(size); s.set(startBuf); startBuf = s;
  const e = new Int32Array(size); e.set(endBuf); endBuf = e;
  const g = new Uint8Array(size); g.set(gapBuf); gapBuf = g;
  const k = new Uint8Array(size); k.set(clsBuf); clsBuf = k;
}

/** Class of a normalised character (after folding). */
export function charClass(code: number): CharClass {
  if (!klass) build();
  if (code >= 0x61 && code <= 0x7a) return CharClass.Latin;
  if (code >= 0x30 && code <= 0x39) return CharClass.Digit;
  return (klass![code] || (code > 0x7f ? CharClass.Other : CharClass.Drop)) as CharClass;
}

/**
 * Normalises a text (a message or a keyword). Offsets are UTF-16 code units of `text`.
 */
export function normalise(text: string): Normalised {
  const o = normaliseInto(text);
  return { text: shared.text, start: startBuf.slice(0, o), end: endBuf.slice(0, o), gap: gapBuf.slice(0, o) };
}

const shared: Normalised = { text: '', start: startBuf, end: endBuf, gap: gapBuf };

/**
 * normalise() without copying: the arrays are the normaliser's own buffers (longer than the
 * text; only the first text.length entries count), valid until the next call. For the hot path.
 */
export function normaliseShared(text: string): Normalised {
  normaliseInto(text);
  shared.start = startBuf; shared.end = endBuf; shared.gap = gapBuf;
  return shared;
}

// Reused plain arrays for String.fromCharCode.apply (quicker than applying a typed array), one
// per length up to SMALL.
const SMALL = 128;
const byLength: Array<number[] | undefined> = [];

function normaliseInto(text: string): number {
  if (!fold) build();
  const table = fold!;
  const cls = klass!;
  const n = text.length;
  grow(n * 2 + 8);
  // Locals: the module's buffers only change in grow(), called again only before astral letters.
  let out = outBuf, starts = startBuf, ends = endBuf, gaps = gapBuf, classes = clsBuf;
  let o = 0;
  let gap = 0;
  let run = 0; // length of the current run of the same letter (before collapsing)
  // Whether the output is still the text itself, character for character (plain Chinese, lower
  // case words): then the text is reused as the normalised text, no string is built.
  let same = true;
  let hanDigits = false;
  for (let i = 0; i < n; i++) {
    let c = text.charCodeAt(i);
    let width = 1;
    let v: number;
    let k: number;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      same = false;
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        width = 2;
        const cp = ((c - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
        const f = foldAstral(cp);
        if (f === 0) { gap = 1; i++; continue; }
        if (f === -1) {
          // An astral letter kept as it is: two code units, one "character".
          grow(o + 2);
          out = outBuf; starts = startBuf; ends = endBuf; gaps = gapBuf; classes = clsBuf;
          out[o] = c; starts[o] = i; ends[o] = i + 2; gaps[o] = gap; classes[o] = CharClass.Other; o++;
          out[o] = lo; starts[o] = i; ends[o] = i + 2; gaps[o] = 0; classes[o] = CharClass.Other; o++;
          gap = 0; run = 0; i++;
          continue;
        }
        v = f;
        k = f >= 0x61 && f <= 0x7a ? CharClass.Latin : f >= 0x30 && f <= 0x39 ? CharClass.Digit : CharClass.Other;
        c = v;
      } else { gap = 1; continue; }
    } else {
      v = table[c]!;
      // '_' and '-' join the parts of an id (wang_888, wxid-abc): dropped, but not a word break.
      if (v === DROP) { same = false; if (c !== 0x5f && c !== 0x2d) gap = 1; continue; }
      if (v === MULTI) {
        same = false;
        const s = multi.get(c)!;
        for (let j = 0; j < s.length; j++) {
          const u = s.charCodeAt(j);
          out[o] = u; starts[o] = i; ends[o] = i + 1; gaps[o] = j === 0 ? gap : 0;
          const uk = u >= 0x61 && u <= 0x7a ? CharClass.Latin : u >= 0x30 && u <= 0x39 ? CharClass.Digit : (cls[u] || CharClass.Other);
          if (uk === CharClass.HanDigit) hanDigits = true;
          classes[o] = uk;
          o++;
        }
        gap = 0; run = 0;
        continue;
      }
      k = cls[c]!;
      if (v !== c) same = false;
    }
    // Repeated letters: a run of three or more of the same letter collapses to one (免费费费, fuuuck);
    // digits never collapse (phone numbers), nor do Chinese numerals.
    if (o > 0 && gap === 0 && out[o - 1] === v && (k === CharClass.Latin || k === CharClass.Han)) {
      run++;
      if (run === 3) {
        // Drop the second copy already written: keep one, covering the whole run.
        same = false;
        o--;
        ends[o - 1] = ends[o]!;
      }
      if (run >= 3) { ends[o - 1] = i + width; gap = 0; i += width - 1; continue; }
    } else {
      run = 1;
    }
    out[o] = v; starts[o] = i; ends[o] = i + width; gaps[o] = gap; classes[o] = k; o++;
    if (k === CharClass.HanDigit) hanDigits = true;
    gap = 0;
    i += width - 1;
  }
  if (hanDigits && convertHanDigitRuns(o)) same = false;
  if (same && o === n) {
    shared.text = text;
  } else if (o < SMALL) {
    // One reused array per length: resizing one array would reallocate it every message.
    let a = byLength[o];
    if (a === undefined) { a = Array.from({ length: o }, () => 0); byLength[o] = a; }
    for (let p = 0; p < o; p++) a[p] = out[p]!;
    shared.text = String.fromCharCode.apply(null, a);
  } else {
    let s = '';
    for (let p = 0; p < o; p += 2048) s += String.fromCharCode.apply(null, out.subarray(p, Math.min(o, p + 2048)) as unknown as number[]);
    shared.text = s;
  }
  return o;
}

/**
 * Chinese numerals become digits inside a run of digits: ⓿二肆 → 024, 一三八一二三四五六七八 → 13812345678.
 * A run of three or more with an ASCII digit in it, or of five or more numerals alone; shorter
 * runs are words (一起, 三四个人), left alone. Returns whether any numeral was converted.
 */
function convertHanDigitRuns(o: number): boolean {
  let changed = false;
  let i = 0;
  while (i < o) {
    const k = clsBuf[i];
    if (k !== CharClass.Digit && k !== CharClass.HanDigit) { i++; continue; }
    let j = i;
    let han = 0;
    while (j < o && (clsBuf[j] === CharClass.Digit || clsBuf[j] === CharClass.HanDigit)) { if (clsBuf[j] === CharClass.HanDigit) han++; j++; }
    const len = j - i;
    if (han > 0 && ((len >= 3 && han < len) || len >= 5)) {
      for (let p = i; p < j; p++) {
        if (clsBuf[p] === CharClass.HanDigit) { outBuf[p] = 0x30 + hanDigit.get(outBuf[p]!)!; clsBuf[p] = CharClass.Digit; changed = true; }
      }
    }
    i = j;
  }
  return changed;
}

/**
 * Whether normalised character p stands for a run of three or more of the same character
 * (买买买 → 买, fuuuck → fuck): its span covers at least three code units, which no single
 * folded character does (an astral one covers two).
 */
export function isRun(n: Normalised, p: number): boolean {
  return n.end[p]! - n.start[p]! >= 3;
}

/** The span of the original text covered by normalised characters [from, to). */
export function originalSpan(n: Normalised, from: number, to: number): [number, number] {
  return [n.start[from]!, n.end[to - 1]!];
}
