/**
 * Learning from labelled examples, for `qunyun moderate --train` and for the operations side
 * (confirmed decisions and appeals become examples): reading a training file (TSV
 * `label<TAB>text` or JSON lines `{"text","label"}`), and checking the rules against it. A
 * built-in keyword or detector rule that fires mostly on the examples labelled ham is switched
 * off for that rule set: what counts as spam differs between communities (a phone number is
 * poaching in a chat group, normal in a delivery notice), and the labels say which.
 */
import { z } from 'zod';
import { decide } from './decide.ts';
import type { Example } from './classifier.ts';
import { compileRules } from './rules.ts';
import type { Rule, RuleSet } from './types.ts';

export class TrainingFileError extends Error {}

const jsonExample = z.object({ text: z.string(), label: z.enum(['spam', 'ham']) }).passthrough();

/**
 * Parses a training file. The format is taken from the first non-empty line: JSON lines when it
 * starts with "{", TSV otherwise. Errors name the line.
 */
export function parseTrainingFile(content: string, name = 'training file'): Example[] {
  const lines = content.split(/\r?\n/);
  const first = lines.find((l) => l.trim() !== '');
  if (first === undefined) return [];
  const json = first.trimStart().startsWith('{');
  const out: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const where = `${name} line ${i + 1}`;
    if (json) {
      let value: unknown;
      try { value = JSON.parse(line); } catch (err) { throw new TrainingFileError(`${where}: not JSON (${(err as Error).message})`); }
      const r = jsonExample.safeParse(value);
      if (!r.success) throw new TrainingFileError(`${where}: expected {"text": string, "label": "spam"|"ham"} (${r.error.issues.map((x) => `${x.path.join('.') || 'value'}: ${x.message}`).join('; ')})`);
      out.push({ text: r.data.text, label: r.data.label });
    } else {
      const tab = line.indexOf('\t');
      if (tab < 0) throw new TrainingFileError(`${where}: expected label<TAB>text`);
      const label = line.slice(0, tab).trim().toLowerCase();
      if (label !== 'spam' && label !== 'ham') throw new TrainingFileError(`${where}: the label must be spam or ham, not ${JSON.stringify(line.slice(0, tab).slice(0, 40))}`);
      out.push({ label, text: line.slice(tab + 1) });
    }
  }
  return out;
}

/** Hits of a rule (or of one keyword of a keyword rule) on labelled examples. */
export interface RuleAudit { rule: string; keyword?: string; hits: number; spam: number; precision: number; disabled: boolean }

/**
 * Runs the rules (without classifier, flood or duplicate state) over labelled examples and
 * switches off the rules whose hits are mostly ham, and in the keyword lists that stay, the
 * keywords whose hits are mostly ham: at least `minHam` ham hits and a smoothed
 * precision (spam + 1) / (hits + 2) below `minPrecision` (defaults: 2 and 0.95, the precision
 * the filter aims for). Returns the adjusted rule set and the
 * figures per rule.
 */
export function auditRules(set: RuleSet, examples: readonly Example[], options: { minPrecision?: number; minHam?: number } = {}): { set: RuleSet; audit: RuleAudit[] } {
  const compiled = compileRules(set);
  const minPrecision = options.minPrecision ?? 0.95;
  const minHam = options.minHam ?? 2;
  const hits = new Map<string, { hits: number; spam: number }>();
  // A keyword list that passes as a whole is also audited keyword by keyword (one bad word is
  // left out, the list stays).
  const keywordHits = new Map<string, { rule: string; keyword: string; hits: number; spam: number }>();
  for (const ex of examples) {
    const d = decide({ text: ex.text }, {}, compiled);
    const rules = new Set<string>();
    const words = new Set<string>();
    for (const e of d.evidence) {
      rules.add(e.rule);
      if (e.detector === 'keywords' && e.matched !== undefined) words.add(`${e.rule}\u0000${e.matched}`);
    }
    for (const r of rules) {
      const h = hits.get(r) ?? { hits: 0, spam: 0 };
      h.hits++;
      if (ex.label === 'spam') h.spam++;
      hits.set(r, h);
    }
    for (const w of words) {
      const [rule, keyword] = w.split('\u0000') as [string, string];
      const h = keywordHits.get(w) ?? { rule, keyword, hits: 0, spam: 0 };
      h.hits++;
      if (ex.label === 'spam') h.spam++;
      keywordHits.set(w, h);
    }
  }
  const bad = (h: { hits: number; spam: number }) => h.hits - h.spam >= minHam && (h.spam + 1) / (h.hits + 2) < minPrecision;
  const audit: RuleAudit[] = [];
  const off: string[] = [];
  for (const [rule, h] of hits) {
    const disabled = bad(h);
    if (disabled) off.push(rule);
    audit.push({ rule, hits: h.hits, spam: h.spam, precision: Math.round((h.spam / h.hits) * 1000) / 1000, disabled });
  }
  const excluded = new Map<string, string[]>();
  for (const h of keywordHits.values()) {
    if (off.includes(h.rule)) continue;
    const disabled = bad(h);
    if (disabled) excluded.set(h.rule, [...(excluded.get(h.rule) ?? []), h.keyword]);
    audit.push({ rule: h.rule, keyword: h.keyword, hits: h.hits, spam: h.spam, precision: Math.round((h.spam / h.hits) * 1000) / 1000, disabled });
  }
  const rules = [...(set.rules ?? [])];
  const override = (id: string, change: (r: Rule) => Rule) => {
    const own = rules.findIndex((r) => r.id === id);
    if (own >= 0) rules[own] = change(rules[own]!);
    else {
      const base = compiled.rules.find((r) => r.id === id)!;
      rules.push(change({ id, detector: base.detector, category: base.category }));
    }
  };
  for (const id of off) override(id, (r) => ({ ...r, enabled: false }));
  for (const [id, words] of excluded) override(id, (r) => ({ ...r, exclude: [...(r.exclude ?? []), ...words] }));
  return { set: { ...set, rules }, audit: audit.sort((a, b) => b.hits - a.hits) };
}
