/**
 * The detectors that read a message's text: keywords (one automaton scan over the normalised
 * text, with word-boundary checks for Latin keywords so 'vx' does not fire inside "devx"),
 * contact details (mainland phone numbers, WeChat and QQ ids after their handle), links (with
 * the domain allow-list) and mentions. Each returns evidence whose span points into the original
 * text. Pure functions of their inputs.
 */
import type { CompiledRules } from './rules.ts';
import { CharClass, charClass, isRun, type Normalised } from './normalise.ts';
import type { Evidence } from './types.ts';

const isWordChar = (c: number) => { const k = charClass(c); return k === CharClass.Latin || k === CharClass.Digit; };

function startsWord(n: Normalised, s: number): boolean {
  return s === 0 || n.gap[s] === 1 || !isWordChar(n.text.charCodeAt(s - 1));
}
function endsWord(n: Normalised, e: number): boolean {
  return e >= n.text.length || n.gap[e] === 1 || !isWordChar(n.text.charCodeAt(e));
}

/** Keyword matches, one evidence per (rule, keyword) with the first place it occurs. */
export function detectKeywords(compiled: CompiledRules, original: string, n: Normalised, out: Evidence[]): void {
  const { patterns, rules, automaton } = compiled;
  const count = automaton.scanInto(n.text);
  if (count === 0) return;
  const matchPattern = automaton.matchPattern, matchEnd = automaton.matchEnd, lengths = automaton.lengths;
  let seen: Set<string> | null = null;
  next: for (let m = 0; m < count; m++) {
    const p = matchPattern[m]!;
    const e = matchEnd[m]!;
    const s = e - lengths[p]!;
    const pat = patterns[p]!;
    if (pat.latinStart && !startsWord(n, s)) continue;
    if (pat.latinEnd && !endsWord(n, e)) continue;
    if (pat.runs.length !== 0) for (const r of pat.runs) if (!isRun(n, s + r)) continue next;
    if (pat.latinOnly) {
      // Separators inside a Latin match: the keyword's own ("dm me"), or the word spelled out
      // letter by letter (w.e.i.x.i.n), or a long keyword split (wei xin); not two words that
      // happen to meet ("it's ex…" is not "sex").
      let foreign = false;
      for (let k = s + 1; k < e; k++) if (n.gap[k] === 1 && !pat.gaps.includes(k - s)) { foreign = true; break; }
      if (foreign && e - s < 6) {
        let piece = 1;
        for (let k = s + 1; k < e; k++) {
          if (n.gap[k] === 1) { if (piece > 1) continue next; piece = 1; } else piece++;
        }
        if (piece > 1) continue;
      }
    }
    seen ??= new Set();
    const key = `${pat.rule}\u0000${pat.keyword}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const rule = rules[pat.rule]!;
    const span: [number, number] = [n.start[s]!, n.end[e - 1]!];
    out.push({
      detector: 'keywords', rule: rule.id, category: rule.category, span, text: original.slice(span[0], span[1]),
      matched: pat.keyword, score: 1,
      note: pat.variant ? `keyword "${pat.keyword}" written as "${pat.variant}"` : `keyword "${pat.keyword}"`,
    });
  }
}

const phoneContext = /(?:订单|单号|运单|快递|物流|编号|工号|学号|order|tracking|ref|invoice|no)$/;
const handle = /(微信号码?|微信号?|威信|薇信|维信|卫星号|weixin|wechat|wxid|wx|vx|v信|加v|扣扣号?|qq号?|企鹅号?|telegram|tg|whatsapp|line)(?:号码?|id|是|为|is|on|:)?/g;

/**
 * Contact details: a mainland mobile number (11 digits starting 13–19, alone: not inside a longer
 * number, not after 订单/单号/order…), or a handle (微信, wx, vx, QQ…) followed by an id.
 */
export function detectContact(rule: CompiledRules['rules'][number], original: string, n: Normalised, out: Evidence[]): void {
  const t = n.text;
  // Phones: scan digit runs.
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c < 0x30 || c > 0x39) continue;
    let j = i;
    while (j < t.length && t.charCodeAt(j) >= 0x30 && t.charCodeAt(j) <= 0x39) j++;
    let s = i;
    let len = j - i;
    if (len === 13 && t.startsWith('86', i)) { s = i + 2; len = 11; }
    if (len === 11 && t.charCodeAt(s) === 0x31 && t.charCodeAt(s + 1) >= 0x33) {
      const before = t.slice(Math.max(0, i - 8), i);
      if (!phoneContext.test(before)) {
        const span: [number, number] = [n.start[s]!, n.end[s + 10]!];
        out.push({ detector: 'contact', rule: rule.id, category: rule.category, span, text: original.slice(span[0], span[1]), matched: t.slice(s, s + 11), score: 1, note: 'mobile phone number' });
      }
    }
    i = j;
  }
  // Handles followed by an id.
  handle.lastIndex = 0;
  for (let m = handle.exec(t); m; m = handle.exec(t)) {
    const h = m[1]!;
    const s = m.index;
    if (isWordChar(t.charCodeAt(s)) && !startsWord(n, s)) continue;
    let p = s + m[0].length;
    // A Latin handle glued to Latin letters is a word (wxwidgets), not a handle and an id; glued to digits (vx12345) it is.
    const hEnd = s + h.length;
    if (p === hEnd && isWordChar(t.charCodeAt(hEnd - 1)) && hEnd < t.length && n.gap[hEnd] === 0) {
      const next = t.charCodeAt(hEnd);
      if (next >= 0x61 && next <= 0x7a) { handle.lastIndex = s + 1; continue; }
    }
    // The id: Latin letters and digits of one original word (no separator inside).
    let q = p;
    while (q < t.length && isWordChar(t.charCodeAt(q)) && (q === p || n.gap[q] === 0)) q++;
    const id = t.slice(p, q);
    const qq = /qq|扣扣|企鹅/.test(h);
    const ok = qq ? /^[1-9][0-9]{4,10}$/.test(id) : /^[a-z][a-z0-9]{5,19}$/.test(id) || /^[0-9]{6,11}$/.test(id);
    if (!ok) { handle.lastIndex = Math.max(s + 1, p); continue; }
    const span: [number, number] = [n.start[s]!, n.end[q - 1]!];
    out.push({ detector: 'contact', rule: rule.id, category: rule.category, span, text: original.slice(span[0], span[1]), matched: id, score: 1, note: qq ? 'QQ number' : `${h} id` });
    p = q;
    handle.lastIndex = q;
  }
}

const shorteners = new Set(['bit.ly', 't.cn', 'tinyurl.com', 'goo.gl', 'is.gd', 'ow.ly', 'url.cn', 'dwz.cn', 'suo.im', 'rebrand.ly', 'cutt.ly', 'shorturl.at', 't.co', 'v.gd']);
const tlds = 'com|cn|net|org|xyz|top|io|me|ly|cc|vip|club|shop|info|biz|co|ru|tk|site|online|link|app|ink|wang|ltd|pro|fun|icu|live|store|tech|win|bet|asia|hk|tw|sg|us|uk|de|in|gl|gd|im|at|to';
const linkRe = new RegExp(`(?:https?://|www\\.)[^\\s<>"'，。！？、）)】]+|(?<![\\w.@-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+(?:${tlds})(?![a-z0-9])(?:[/?#][^\\s<>"'，。！？、）)】]*)?`, 'gi');

/** Full-width ASCII → ASCII, one for one (offsets stay valid). */
function halfWidth(s: string): string {
  if (!/[\uff01-\uff5e\u3002]/.test(s)) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c >= 0xff01 && c <= 0xff5e ? String.fromCharCode(c - 0xfee0) : c === 0x3002 ? '.' : s[i];
  }
  return out;
}

export interface FoundLink { span: [number, number]; url: string; domain: string }

/** Links in the original text (http(s)://, www., bare domains, full-width dots). */
const noLinks: FoundLink[] = [];
Object.freeze(noLinks);

export function findLinks(original: string): readonly FoundLink[] {
  if (original.indexOf('.') < 0 && original.indexOf('．') < 0 && original.indexOf('。') < 0) return noLinks;
  const s = halfWidth(original);
  const out: FoundLink[] = [];
  linkRe.lastIndex = 0;
  for (let m = linkRe.exec(s); m; m = linkRe.exec(s)) {
    const url = m[0].replace(/[.,!?;:]+$/, '');
    const host = url.replace(/^https?:\/\//i, '').split(/[/?#:]/)[0]!.toLowerCase().replace(/^www\./, '');
    if (!host.includes('.')) continue;
    out.push({ span: [m.index, m.index + url.length], url, domain: host });
  }
  return out;
}

export function domainAllowed(domain: string, allow: readonly string[]): boolean {
  for (const a of allow) {
    const d = a.toLowerCase().replace(/^\*\./, '').replace(/^www\./, '');
    if (domain === d || domain.endsWith(`.${d}`)) return true;
  }
  return false;
}

export function detectLinks(rule: CompiledRules['rules'][number], links: readonly FoundLink[], original: string, out: Evidence[]): void {
  const allow = rule.options?.allowDomains ?? [];
  for (const l of links) {
    if (domainAllowed(l.domain, allow)) continue;
    const short = shorteners.has(l.domain);
    out.push({
      detector: 'links', rule: rule.id, category: rule.category, span: l.span, text: original.slice(l.span[0], l.span[1]), matched: l.domain,
      score: short ? 0.9 : 0.7, note: short ? `link shortener ${l.domain} hides where it goes` : `link to ${l.domain}, not on the allow-list`,
    });
  }
}

const mentionRe = /(?<![\w@.])@[\p{L}\p{N}_]{2,32}/gu;

export function findMentions(original: string): Array<[number, number]> {
  if (!original.includes('@')) return [];
  const out: Array<[number, number]> = [];
  mentionRe.lastIndex = 0;
  for (let m = mentionRe.exec(original); m; m = mentionRe.exec(original)) out.push([m.index, m.index + m[0].length]);
  return out;
}
