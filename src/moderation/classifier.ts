/**
 * The learned classifier: naive Bayes over features of the normalised text, so it works on
 * Chinese (which has no spaces) as well as on English: character unigrams and bigrams for
 * Chinese, words and word pairs for Latin text, the shape of digit runs (a phone number's eleven
 * digits, a short code's five) and a few marks of the whole message (a link, a currency sign,
 * shouting in capitals, length). Each message counts a feature once (binarised NB, which suits
 * short messages better than raw counts).
 *
 * Features are hashed into a table of weights (log-likelihood ratios), so scoring a message
 * allocates nothing; the model itself keeps the counts of the feature strings, so it can be
 * serialised as JSON, grown with more examples (confirmed decisions, "not spam" from appeals)
 * and explained: the top features of a message are shown as evidence.
 *
 * The decision threshold is calibrated on the training data by cross-validation (out-of-fold
 * scores): the lowest score at which precision stays at or above a target (0.97 by default).
 * Scores are reported as probabilities with that threshold at 0.5.
 */
import { findLinks } from './detect.ts';
import { CharClass, charClass, normalise, type Normalised } from './normalise.ts';

export type Label = 'spam' | 'ham';
export interface Example { text: string; label: Label }

/** The serialisable model. */
export interface ClassifierModel {
  kind: 'naive-bayes-v1';
  docs: { spam: number; ham: number };
  /** Feature → [documents of spam containing it, documents of ham containing it]. */
  features: Record<string, [number, number]>;
  /** Raw log-odds score at which a message is spam (see calibrate). */
  threshold: number;
  /** Laplace smoothing. */
  alpha: number;
}

const BITS = 18;
const SIZE = 1 << BITS;
const MASK = SIZE - 1;

// Feature kinds (hash seeds).
const UNI = 0x1001, BI = 0x2002, WORD = 0x3003, WORD2 = 0x4004, DIGITS = 0x5005, META = 0x6006, LATINBI = 0x7007;

function mix(h: number, v: number): number {
  h = Math.imul(h ^ v, 0x5bd1e995);
  return (h ^ (h >>> 15)) | 0;
}

function digitBucket(len: number): number {
  return len <= 2 ? len : len <= 4 ? 4 : len <= 7 ? 7 : len <= 10 ? 10 : len === 11 ? 11 : 12;
}

const metaNames = ['link', 'currency', 'shouting', 'len:short', 'len:medium', 'len:long', 'exclaim', 'phone-shape', 'mention'];

/**
 * Calls emit(hash, describe) for each feature of the message; describe() builds the feature's
 * name (only called when a name is needed: training and explanations).
 */
function features(original: string, n: Normalised, emit: (h: number, describe: () => string) => void): void {
  const t = n.text;
  const len = t.length;
  let i = 0;
  let prevWordHash = 0;
  let prevWord = '';
  let prevHan = -1;
  while (i < len) {
    const c = t.charCodeAt(i);
    const k = charClass(c);
    if (k === CharClass.Latin) {
      let j = i + 1;
      let h = WORD;
      h = mix(h, c);
      while (j < len && n.gap[j] === 0 && charClass(t.charCodeAt(j)) === CharClass.Latin) { h = mix(h, t.charCodeAt(j)); j++; }
      const s = i, e = j;
      emit(h & MASK, () => `w:${t.slice(s, e)}`);
      if (prevWordHash !== 0) {
        const pw = prevWord;
        emit(mix(mix(WORD2, prevWordHash), h) & MASK, () => `ww:${pw} ${t.slice(s, e)}`);
      }
      prevWordHash = h;
      prevWord = t.slice(s, e);
      // Character bigrams inside Latin words catch misspellings (fr33, c1aim).
      for (let p = s; p + 1 < e; p++) {
        const a = t.charCodeAt(p), b = t.charCodeAt(p + 1), q = p;
        emit(mix(mix(LATINBI, a), b) & MASK, () => `lb:${t.slice(q, q + 2)}`);
      }
      prevHan = -1;
      i = j;
      continue;
    }
    if (k === CharClass.Digit) {
      let j = i + 1;
      while (j < len && charClass(t.charCodeAt(j)) === CharClass.Digit && n.gap[j] === 0) j++;
      const b = digitBucket(j - i);
      emit(mix(DIGITS, b) & MASK, () => `d:${b}`);
      prevHan = -1;
      prevWordHash = 0;
      i = j;
      continue;
    }
    // Chinese (and other scripts): character unigrams and bigrams.
    emit(mix(UNI, c) & MASK, () => `c:${String.fromCharCode(c)}`);
    if (prevHan >= 0) {
      const a = prevHan;
      emit(mix(mix(BI, a), c) & MASK, () => `cc:${String.fromCharCode(a)}${String.fromCharCode(c)}`);
    }
    prevHan = c;
    prevWordHash = 0;
    i++;
  }
  // Whole-message marks.
  const meta = (m: number) => emit(mix(META, m) & MASK, () => `m:${metaNames[m]}`);
  if (findLinks(original).length > 0) meta(0);
  if (/[$£€¥￥]/.test(original)) meta(1);
  let upper = 0, letters = 0;
  for (let p = 0; p < original.length; p++) {
    const c = original.charCodeAt(p);
    if (c >= 0x41 && c <= 0x5a) { upper++; letters++; } else if (c >= 0x61 && c <= 0x7a) letters++;
  }
  if (letters >= 6 && upper / letters > 0.4) meta(2);
  meta(len <= 10 ? 3 : len <= 40 ? 4 : 5);
  if (original.includes('!') || original.includes('！')) meta(6);
  if (/(?<![0-9])1[3-9][0-9]{9}(?![0-9])/.test(t)) meta(7);
  if (original.includes('@')) meta(8);
}

/** A model ready to score: weights hashed into a table. */
export class Classifier {
  readonly model: ClassifierModel;
  private readonly weights: Float32Array;
  private readonly bias: number;
  private readonly stamp = new Int32Array(SIZE);
  private doc = 0;

  constructor(model: ClassifierModel) {
    this.model = model;
    this.weights = new Float32Array(SIZE);
    const { spam, ham } = model.docs;
    const a = model.alpha;
    // Binarised NB: P(f | class) = (docs of class with f + α) / (docs of class + 2α).
    const base = Math.log((0 + a) / (spam + 2 * a)) - Math.log((0 + a) / (ham + 2 * a));
    this.bias = Math.log((spam + 1) / (ham + 1));
    const sums = new Float64Array(SIZE);
    const seen = new Uint8Array(SIZE);
    for (const [f, [s, h]] of Object.entries(model.features)) {
      const hsh = hashName(f);
      if (hsh < 0) continue;
      const w = Math.log((s + a) / (spam + 2 * a)) - Math.log((h + a) / (ham + 2 * a)) - base;
      sums[hsh]! += w;
      seen[hsh] = 1;
    }
    for (let i = 0; i < SIZE; i++) if (seen[i]) this.weights[i] = sums[i]!;
    this.unseen = base;
  }
  /** Weight of a feature never seen in training (0 after the shift above). */
  private readonly unseen: number;

  /** Raw log-odds score of a normalised message. */
  raw(original: string, n: Normalised = normalise(original)): number {
    const doc = ++this.doc;
    const stamp = this.stamp;
    const weights = this.weights;
    let score = this.bias;
    features(original, n, (h) => {
      if (stamp[h] === doc) return;
      stamp[h] = doc;
      score += weights[h]!;
    });
    return score;
  }

  /** Spam probability, calibrated so that the model's threshold is 0.5. */
  score(original: string, n?: Normalised): number {
    return sigmoid((this.raw(original, n) - this.model.threshold) / 2);
  }

  /** The features of a message that push most towards spam. */
  explain(original: string, n: Normalised = normalise(original), top = 5): Array<{ feature: string; weight: number }> {
    const found = new Map<string, number>();
    features(original, n, (h, describe) => {
      const w = this.weights[h]!;
      if (w > 0) found.set(describe(), w);
    });
    return [...found].sort((a, b) => b[1] - a[1]).slice(0, top).map(([feature, weight]) => ({ feature, weight: Math.round(weight * 100) / 100 }));
  }
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** The hash of a feature name, as features() computes it from the text (so names and texts meet). */
function hashName(name: string): number {
  const colon = name.indexOf(':');
  const kind = name.slice(0, colon);
  const v = name.slice(colon + 1);
  const word = (w: string) => { let h = WORD; for (let i = 0; i < w.length; i++) h = mix(h, w.charCodeAt(i)); return h; };
  switch (kind) {
    case 'w': return word(v) & MASK;
    case 'ww': { const [a, b] = v.split(' '); return mix(mix(WORD2, word(a!)), word(b!)) & MASK; }
    case 'lb': return mix(mix(LATINBI, v.charCodeAt(0)), v.charCodeAt(1)) & MASK;
    case 'd': return mix(DIGITS, Number(v)) & MASK;
    case 'c': return mix(UNI, v.charCodeAt(0)) & MASK;
    case 'cc': return mix(mix(BI, v.charCodeAt(0)), v.charCodeAt(1)) & MASK;
    case 'm': { const m = metaNames.indexOf(v); return m < 0 ? -1 : mix(META, m) & MASK; }
    default: return -1;
  }
}

/** The feature names of a message, each once. */
export function featureNames(text: string): string[] {
  const out = new Set<string>();
  features(text, normalise(text), (_h, describe) => { out.add(describe()); });
  return [...out];
}

function countInto(model: ClassifierModel, examples: readonly Example[]): void {
  for (const ex of examples) {
    const spam = ex.label === 'spam';
    if (spam) model.docs.spam++; else model.docs.ham++;
    for (const f of featureNames(ex.text)) {
      const c = model.features[f] ?? (model.features[f] = [0, 0]);
      c[spam ? 0 : 1]++;
    }
  }
}

export interface TrainOptions {
  /** Precision the calibrated threshold aims for on out-of-fold scores (default 0.97). */
  targetPrecision?: number;
  /** Folds for calibration (default 5; fewer examples → fewer folds). */
  folds?: number;
  alpha?: number;
}

/**
 * Trains a model from labelled examples, with the threshold calibrated by cross-validation.
 * Needs at least one spam and one ham example.
 */
export function train(examples: readonly Example[], options: TrainOptions = {}): ClassifierModel {
  const alpha = options.alpha ?? 0.5;
  const model: ClassifierModel = { kind: 'naive-bayes-v1', docs: { spam: 0, ham: 0 }, features: Object.create(null), threshold: 0, alpha };
  countInto(model, examples);
  model.threshold = calibrate(examples, options);
  return model;
}

/** Adds examples (confirmed decisions, appeals) to a model; the threshold is kept unless recalibrate is given. */
export function addExamples(model: ClassifierModel, examples: readonly Example[]): ClassifierModel {
  const next: ClassifierModel = { ...model, docs: { ...model.docs }, features: Object.assign(Object.create(null), model.features) };
  for (const k of Object.keys(next.features)) next.features[k] = [...next.features[k]!] as [number, number];
  countInto(next, examples);
  return next;
}

/** Out-of-fold scores → the lowest threshold whose precision is ≥ target (else the best F0.5). */
function calibrate(examples: readonly Example[], options: TrainOptions): number {
  const spamCount = examples.filter((e) => e.label === 'spam').length;
  const hamCount = examples.length - spamCount;
  if (spamCount < 5 || hamCount < 5) return 0;
  const folds = Math.max(2, Math.min(options.folds ?? 5, spamCount, hamCount));
  const target = options.targetPrecision ?? 0.97;
  const scored: Array<{ s: number; spam: boolean }> = [];
  for (let f = 0; f < folds; f++) {
    const trainSet = examples.filter((_, i) => i % folds !== f);
    const test = examples.filter((_, i) => i % folds === f);
    const m: ClassifierModel = { kind: 'naive-bayes-v1', docs: { spam: 0, ham: 0 }, features: Object.create(null), threshold: 0, alpha: options.alpha ?? 0.5 };
    countInto(m, trainSet);
    const c = new Classifier(m);
    for (const ex of test) scored.push({ s: c.raw(ex.text), spam: ex.label === 'spam' });
  }
  scored.sort((a, b) => b.s - a.s);
  let tp = 0, fp = 0;
  let best = { t: 0, recall: -1 };
  let bestF = { t: 0, f: -1 };
  for (let i = 0; i < scored.length; i++) {
    if (scored[i]!.spam) tp++; else fp++;
    // Only between distinct scores.
    if (i + 1 < scored.length && scored[i + 1]!.s === scored[i]!.s) continue;
    const precision = tp / (tp + fp);
    const recall = tp / spamCount;
    const t = i + 1 < scored.length ? (scored[i]!.s + scored[i + 1]!.s) / 2 : scored[i]!.s - 1;
    if (precision >= target && recall > best.recall) best = { t, recall };
    const f = (1.25 * precision * recall) / (0.25 * precision + recall || 1);
    if (f > bestF.f) bestF = { t, f };
  }
  return best.recall > 0 ? best.t : bestF.t;
}

export function loadClassifier(model: ClassifierModel): Classifier {
  return new Classifier(model);
}
