/**
 * Quality of the moderation filter, measured: precision and recall with 5-fold train/test splits
 * on real data (the SMS Spam Collection, deduplicated) and on the simulator's labelled traffic
 * (src/simulator/spam.ts), for the rules alone (as shipped) and for rules + classifier trained
 * on the other four folds exactly as `qunyun moderate --train` does it (classifier threshold
 * calibrated on the training folds, rules the training labels contradict switched off).
 * A message counts as flagged when the action is not 'allow'. Prints the figures, per category
 * (precision of each deciding category; recall per spammer kind on simulated traffic) and ends
 * with one JSON line.
 *
 *   npm run eval:moderation [-- --messages=20000]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { numberArg } from './support.ts';
import { compileRules, decide, loadClassifier, newGroupState, train, type Example, type RuleSet } from '../src/moderation/index.ts';
import { auditRules } from '../src/moderation/training.ts';
import { generateTraffic, type LabelledMessage } from '../src/simulator/spam.ts';

interface Item { text: string; label: 'spam' | 'ham'; kind?: string; msg?: LabelledMessage }
interface Outcome { flagged: boolean; category: string | null }

const FOLDS = 5;

function smsData(): Item[] {
  const file = path.join(import.meta.dirname, '../../shared/data/sms_spam_en/SMSSpamCollection.tsv');
  const seen = new Set<string>();
  const out: Item[] = [];
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const tab = line.indexOf('\t');
    if (tab < 0) continue;
    const label = line.slice(0, tab);
    const text = line.slice(tab + 1);
    if ((label !== 'spam' && label !== 'ham') || seen.has(text)) continue;
    seen.add(text);
    out.push({ text, label });
  }
  return out;
}

interface Scores { tp: number; fp: number; fn: number; tn: number; byCategory: Map<string, { spam: number; ham: number }>; byKind: Map<string, { flagged: number; total: number }> }
const empty = (): Scores => ({ tp: 0, fp: 0, fn: 0, tn: 0, byCategory: new Map(), byKind: new Map() });

function add(s: Scores, item: Item, o: Outcome): void {
  const spam = item.label === 'spam';
  if (o.flagged && spam) s.tp++; else if (o.flagged) s.fp++; else if (spam) s.fn++; else s.tn++;
  if (o.flagged) {
    const c = s.byCategory.get(o.category ?? '?') ?? { spam: 0, ham: 0 };
    if (spam) c.spam++; else c.ham++;
    s.byCategory.set(o.category ?? '?', c);
  }
  if (spam && item.kind) {
    const k = s.byKind.get(item.kind) ?? { flagged: 0, total: 0 };
    k.total++;
    if (o.flagged) k.flagged++;
    s.byKind.set(item.kind, k);
  }
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;
function summary(s: Scores) {
  const precision = s.tp + s.fp === 0 ? 1 : s.tp / (s.tp + s.fp);
  const recall = s.tp + s.fn === 0 ? 0 : s.tp / (s.tp + s.fn);
  return {
    precision: r3(precision), recall: r3(recall), f1: r3((2 * precision * recall) / (precision + recall || 1)),
    tp: s.tp, fp: s.fp, fn: s.fn, tn: s.tn,
    categories: Object.fromEntries([...s.byCategory].sort((a, b) => b[1].spam + b[1].ham - a[1].spam - a[1].ham)
      .map(([c, v]) => [c, { flagged: v.spam + v.ham, precision: r3(v.spam / (v.spam + v.ham)) }])),
    ...(s.byKind.size > 0 ? { recallByKind: Object.fromEntries([...s.byKind].sort().map(([k, v]) => [k, r3(v.flagged / v.total)])) } : {}),
  };
}

/** Runs the 5 folds: rules alone once over everything, rules + classifier per fold. */
function evaluate(items: Item[], base: RuleSet, stream: boolean) {
  const rules = empty();
  const both = empty();
  const plain = compileRules(base);
  const run = (compiled: ReturnType<typeof compileRules>, score: (i: number) => boolean, into: Scores) => {
    const state = newGroupState();
    items.forEach((item, i) => {
      const m = item.msg;
      const d = m
        ? decide({ text: item.text, at: m.at }, { memberId: m.member, joinedAt: m.joinedAt, cleanMessages: m.cleanMessages }, compiled, stream ? state : undefined)
        : decide({ text: item.text }, {}, compiled);
      if (score(i)) add(into, item, { flagged: d.action !== 'allow', category: d.category });
    });
  };
  run(plain, () => true, rules);
  const thresholds: number[] = [];
  for (let f = 0; f < FOLDS; f++) {
    const trainSet: Example[] = items.filter((_, i) => i % FOLDS !== f).map((x) => ({ text: x.text, label: x.label }));
    const model = train(trainSet);
    thresholds.push(model.threshold);
    const audited = auditRules(base, trainSet);
    const compiled = compileRules(audited.set, loadClassifier(model));
    // The whole stream goes through decide (flood and duplicate checks see all traffic); only the test fold is scored.
    run(compiled, (i) => i % FOLDS === f, both);
  }
  return { rules: summary(rules), rulesClassifier: summary(both) };
}

function print(name: string, r: ReturnType<typeof evaluate>, n: number, spam: number): void {
  console.log(`\n${name}: ${n} messages, ${spam} spam, ${FOLDS}-fold`);
  for (const [mode, s] of Object.entries(r)) {
    console.log(`  ${mode.padEnd(16)} precision ${s.precision.toFixed(3)}  recall ${s.recall.toFixed(3)}  F1 ${s.f1.toFixed(3)}  (tp ${s.tp}, fp ${s.fp}, fn ${s.fn})`);
    console.log(`    by deciding category: ${Object.entries(s.categories).map(([c, v]) => `${c} ${v.flagged} flagged, precision ${v.precision}`).join('; ')}`);
    if ('recallByKind' in s && s.recallByKind) console.log(`    recall by spammer kind: ${Object.entries(s.recallByKind).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
}

const t0 = performance.now();
const sms = smsData();
const smsResult = evaluate(sms, {}, false);
print('SMS Spam Collection (real, English)', smsResult, sms.length, sms.filter((x) => x.label === 'spam').length);

const messages = numberArg('messages', 20_000);
const traffic = generateTraffic({ seed: 13, messages });
const simItems: Item[] = traffic.map((m) => ({ text: m.text, label: m.label, kind: m.label === 'spam' ? m.kind : undefined, msg: m }));
// The shop's own links are allowed, as a workspace would configure it.
const simRules: RuleSet = { rules: [{ id: 'builtin:links', detector: 'links', category: 'links', options: { allowDomains: ['example.com'] } }] };
const simResult = evaluate(simItems, simRules, true);
print('Simulator traffic (labelled, Chinese and English)', simResult, simItems.length, simItems.filter((x) => x.label === 'spam').length);
for (const lang of ['zh', 'en'] as const) {
  const sub = simItems.filter((x) => x.msg!.lang === lang);
  const r = evaluate(sub, simRules, true);
  console.log(`  ${lang}: rules P ${r.rules.precision} R ${r.rules.recall}; rules+classifier P ${r.rulesClassifier.precision} R ${r.rulesClassifier.recall}`);
}

const target = { precision: 0.95, recall: 0.9 };
const met = smsResult.rulesClassifier.precision >= target.precision && smsResult.rulesClassifier.recall >= target.recall;
console.log(`\ntarget on real data (precision ≥ ${target.precision} at recall ≥ ${target.recall}): ${met ? 'met' : 'NOT met'}; ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const brief = (s: ReturnType<typeof summary>) => ({ precision: s.precision, recall: s.recall, f1: s.f1 });
console.log(JSON.stringify({
  bench: 'eval-moderation', folds: FOLDS,
  sms: { messages: sms.length, rules: brief(smsResult.rules), rulesClassifier: brief(smsResult.rulesClassifier), categories: smsResult.rulesClassifier.categories },
  simulator: { messages: simItems.length, rules: brief(simResult.rules), rulesClassifier: brief(simResult.rulesClassifier), recallByKind: simResult.rulesClassifier.recallByKind, categories: simResult.rulesClassifier.categories },
  targetMet: met,
}));
