/**
 * Rules from plain data to a compiled form: validated with zod (a rules file, a stored rule set),
 * merged with the built-in rules, every keyword of every list (and its pinyin variants)
 * normalised and put into ONE automaton. Compiling is done once per rule set version; deciding
 * then costs one scan whatever the number of keywords.
 */
import { pinyin } from 'pinyin-pro';
import { z } from 'zod';
import { Automaton } from './automaton.ts';
import { builtinRules } from './builtin.ts';
import type { Classifier } from './classifier.ts';
import { CharClass, charClass, isRun, normalise, type Normalised } from './normalise.ts';
import { actions, categories, defaultAction, severities, type Rule, type RuleSet, type Severity } from './types.ts';

const ruleSchema = z.object({
  id: z.string().min(1).max(200),
  name: z.string().max(500).optional(),
  detector: z.enum(['keywords', 'links', 'contact', 'flood', 'duplicate', 'newcomer', 'images', 'classifier']),
  category: z.enum(categories as [string, ...string[]]),
  action: z.enum(actions as [string, ...string[]]).optional(),
  severity: z.enum(severities as [string, ...string[]]).optional(),
  enabled: z.boolean().optional(),
  keywords: z.array(z.string().max(200)).max(100_000).optional(),
  pinyin: z.enum(['none', 'full', 'initials']).optional(),
  exclude: z.array(z.string().max(200)).max(100_000).optional(),
  options: z.object({
    allowDomains: z.array(z.string().min(1).max(253)).optional(),
    maxMessages: z.number().int().positive().optional(),
    windowSeconds: z.number().positive().optional(),
    maxShort: z.number().int().positive().optional(),
    shortChars: z.number().int().positive().optional(),
    minMembers: z.number().int().min(2).optional(),
    minChars: z.number().int().min(1).optional(),
    minutes: z.number().positive().optional(),
    allowMiniPrograms: z.array(z.string().min(1)).optional(),
    threshold: z.number().min(0).max(1).optional(),
  }).strict().optional(),
}).strict();

export const ruleSetSchema = z.object({
  builtins: z.boolean().optional(),
  rules: z.array(ruleSchema).optional(),
}).strict();

/** Validates a rule set (e.g. a parsed rules file); throws a zod error naming the path. */
export function parseRuleSet(input: unknown): RuleSet {
  return ruleSetSchema.parse(input) as RuleSet;
}

/** A rule with its defaults filled in. */
export interface ResolvedRule extends Rule {
  action: NonNullable<Rule['action']>;
  severity: Severity;
  enabled: boolean;
}

/** One pattern in the automaton: which rule and keyword it stands for, and how it must sit in the text. */
export interface KeywordPattern {
  rule: number;
  /** The keyword as listed (evidence shows it). */
  keyword: string;
  /** The form that matched when it is not the keyword itself (pinyin, initials). */
  variant?: string;
  /** Starts / ends with a Latin letter or digit: must start / end at a word boundary. */
  latinStart: boolean;
  latinEnd: boolean;
  /** Latin only (no Chinese): separators inside the match must be the keyword's own, or spell it out letter by letter. */
  latinOnly: boolean;
  /** Positions i (1..len-1) where the keyword itself has a separator before character i. */
  gaps: number[];
  /**
   * Positions i where the keyword repeats a character three or more times (买买买, fuuuck): the
   * normaliser collapses such a run to one character in keywords and texts alike, so the match
   * must be a collapsed run there too (买买买 is not in 我去买东西). Empty for most keywords.
   */
  runs: number[];
}

export interface CompiledRules {
  rules: ResolvedRule[];
  /** Indices into rules, by detector. */
  byDetector: Map<Rule['detector'], number[]>;
  /** The enabled rules of each detector. */
  detectorRules: Record<Rule['detector'], ResolvedRule[]>;
  automaton: Automaton;
  patterns: KeywordPattern[];
  classifier: Classifier | null;
}

/** Merges a workspace's rules with the built-in ones (same id overrides; keywords are added). */
export function resolveRules(set: RuleSet = {}): ResolvedRule[] {
  const byId = new Map<string, Rule>();
  if (set.builtins !== false) for (const r of builtinRules) byId.set(r.id, { ...r, keywords: r.keywords ? [...r.keywords] : undefined });
  for (const r of set.rules ?? []) {
    const base = byId.get(r.id);
    if (base) {
      byId.set(r.id, {
        ...base, ...r,
        keywords: [...(base.keywords ?? []), ...(r.keywords ?? [])],
        exclude: [...(base.exclude ?? []), ...(r.exclude ?? [])],
        options: { ...base.options, ...r.options },
        detector: base.detector,
      });
    } else {
      byId.set(r.id, r);
    }
  }
  return [...byId.values()].map((r) => {
    const severity = r.severity ?? 'medium';
    return { ...r, severity, action: r.action ?? defaultAction(severity), enabled: r.enabled ?? true };
  });
}

const isHan = (c: number) => charClass(c) === CharClass.Han;
const isLatin = (c: number) => { const k = charClass(c); return k === CharClass.Latin || k === CharClass.Digit; };

/**
 * Pinyin forms of a Chinese keyword: 'full' gives the syllables run together (微信 → weixin);
 * 'initials' adds initials and every mix of characters, syllables and initials (wx, vx, 微x, v信,
 * weix…), with v for w as spammers write it. Keywords of fewer than two Chinese characters get none.
 */
export function pinyinVariants(keyword: string, mode: 'none' | 'full' | 'initials'): string[] {
  if (mode === 'none') return [];
  const chars = [...keyword];
  const han = chars.filter((ch) => isHan(ch.charCodeAt(0)));
  if (han.length < 2) return [];
  // One syllable per Chinese character, read in context (银行 hang, not xing).
  const syllables = pinyin(keyword, { toneType: 'none', type: 'array', v: true, nonZh: 'removed' });
  const items: string[][] = [];
  let k = 0;
  for (const ch of chars) {
    if (!isHan(ch.charCodeAt(0))) { items.push([ch]); continue; }
    const s = (syllables[k++] ?? '').toLowerCase().replace(/[^a-z]/g, '');
    if (!s) { items.push([ch]); continue; }
    if (mode === 'full') { items.push([ch, s]); continue; }
    const opts = [ch, s, s[0]!];
    if (s[0] === 'w') opts.push('v');
    items.push(opts);
  }
  if (mode === 'full') {
    // All syllables, or the keyword itself: mixing is for 'initials'.
    const full = items.map((o) => o[o.length - 1]!).join('');
    return full !== keyword ? [full] : [];
  }
  let out = [''];
  for (const opts of items) {
    const next: string[] = [];
    for (const prefix of out) for (const o of opts) next.push(prefix + o);
    out = next;
    if (out.length > 400) break;
  }
  return out.filter((v) => v !== keyword);
}

/**
 * The forms a normalised keyword is looked for in: itself, normalised exactly as texts are (a run
 * of three or more of a letter is one character standing for the run: `runs`), and, when it
 * doubles a letter (买买, 好好), also with the double as such a run, since a text that repeats it
 * more (买买买买) is normalised to one.
 */
function keywordForms(n: Normalised): Array<{ text: string; runs: number[]; gaps: number[] }> {
  const t = n.text;
  const runs: number[] = [];
  const gaps: number[] = [];
  for (let p = 0; p < t.length; p++) {
    if (isRun(n, p)) runs.push(p);
    if (p > 0 && n.gap[p]) gaps.push(p);
  }
  const forms = [{ text: t, runs, gaps }];
  const letter = (c: number) => { const k = charClass(c); return k === CharClass.Latin || k === CharClass.Han; };
  let doubled = false;
  for (let p = 1; p < t.length; p++) if (t.charCodeAt(p) === t.charCodeAt(p - 1) && !n.gap[p] && letter(t.charCodeAt(p)) && !isRun(n, p) && !isRun(n, p - 1)) { doubled = true; break; }
  if (doubled) {
    let text = '';
    const r: number[] = [];
    const g: number[] = [];
    for (let p = 0; p < t.length; p++) {
      const c = t.charCodeAt(p);
      if (p > 0 && n.gap[p]) g.push(text.length);
      if (p + 1 < t.length && t.charCodeAt(p + 1) === c && !n.gap[p + 1] && letter(c) && !isRun(n, p) && !isRun(n, p + 1)) {
        r.push(text.length); text += t[p]; p++; continue;
      }
      if (isRun(n, p)) r.push(text.length);
      text += t[p];
    }
    forms.push({ text, runs: r, gaps: g });
  }
  return forms;
}

/** Compiles a rule set (plus an optional trained classifier) for decide(). */
export function compileRules(set: RuleSet = {}, classifier: Classifier | null = null): CompiledRules {
  const rules = resolveRules(set);
  const byDetector = new Map<Rule['detector'], number[]>();
  rules.forEach((r, i) => {
    if (!r.enabled) return;
    const list = byDetector.get(r.detector) ?? [];
    list.push(i);
    byDetector.set(r.detector, list);
  });
  const patterns: KeywordPattern[] = [];
  const texts: string[] = [];
  const seen = new Set<string>();
  for (const i of byDetector.get('keywords') ?? []) {
    const r = rules[i]!;
    const excluded = new Set(r.exclude ?? []);
    for (const keyword of r.keywords ?? []) {
      if (excluded.has(keyword)) continue;
      const defaultMode = r.pinyin ?? 'full';
      const forms = [keyword, ...pinyinVariants(keyword, defaultMode)];
      for (const form of forms) {
        for (const v of keywordForms(normalise(form))) {
          // One character alone would match far too much, unless it stands for a run (买买买).
          if (v.text.length === 0 || (v.text.length < 2 && v.runs.length === 0)) continue;
          const key = `${i}\u0000${v.text}\u0000${v.runs.join(',')}`;
          if (seen.has(key)) continue;
          seen.add(key);
          let hasHan = false;
          for (let p = 0; p < v.text.length; p++) if (!isLatin(v.text.charCodeAt(p))) { hasHan = true; break; }
          patterns.push({
            rule: i, keyword, variant: form !== keyword ? form : undefined,
            latinStart: isLatin(v.text.charCodeAt(0)), latinEnd: isLatin(v.text.charCodeAt(v.text.length - 1)),
            latinOnly: !hasHan, gaps: v.gaps, runs: v.runs,
          });
          texts.push(v.text);
        }
      }
    }
  }
  const detectorRules = Object.fromEntries((['keywords', 'links', 'contact', 'flood', 'duplicate', 'newcomer', 'images', 'classifier'] as const)
    .map((d) => [d, (byDetector.get(d) ?? []).map((i) => rules[i]!)])) as CompiledRules['detectorRules'];
  return { rules, byDetector, detectorRules, automaton: new Automaton(texts), patterns, classifier };
}
