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
import { normalise, type Normalised } from './normalise.ts';

export type Label = 'spam' | 'ham';
export interface Example { text: string; label: Label }

/**
 * The serialisable model: per hashed feature, how many spam and ham documents contain it. Hashing
 * keeps a model of millions of training messages small and quick to train; names are not
 * stored, they are rebuilt from a message's text when it is explained.
 */
export interface ClassifierModel {
  kind: 'naive-bayes-hashed-v1';
  bits: number;
  docs: { spam: number; ham: number };
  /** Hashed feature → [spam documents containing it, ham documents containing it]. */
  counts: Record<string, [number, number]>;
  /** Raw log-odds score at which a message is spam (see calibrate). */
  threshold: number;
  /** Laplace smoothing. */
  alpha: number;
}

const BITS = 20;
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

const metaNames = ['link', 'currency', 'shouting', 'len:short', 'len:medium', 'len:long', 'exclaim', 'unused', 'mention'];

/** The name of a feature from what features() recorded (text positions or values). */
function describe(t: string, kind: number, a: number, b: number, c: number, d: number): string {
  switch (kind) {
    case WORD: return `w:${t.slice(a, b)}`;
    case WORD2: return `ww:${t.slice(a, b)} ${t.slice(c, d)}`;
    case LATINBI: return `lb:${t.slice(a, a + 2)}`;
    case DIGITS: return `d:${a}`;
    case UNI: return `c:${String.fromCharCode(a)}`;
    case BI: return `cc:${String.fromCharCode(a)}${String.fromCharCode(b)}`;
    default: return `m:${metaNames[a]}`;
  }
}

// The features of the last message given to features(), in order: hash, kind and the arguments
// describe() needs to name it (text positions or values). Reused buffers: scoring allocates nothing.
let fHash = new Int32Array(256);
let fKind = new Int32Array(256);
let fA = new Int32Array(256);
let fB = new Int32Array(256);
let fC = new Int32Array(256);
let fD = new Int32Array(256);

function growFeatures(n: number): void {
  if (n <= fHash.length) return;
  let size = fHash.length;
  while (size < n) size *= 2;
  fHash = new Int32Array(size); fKind = new Int32Array(size);
  fA = new Int32Array(size); fB = new Int32Array(size); fC = new Int32Array(size); fD = new Int32Array(size);
}

/**
 * Records the features of a message into the feature buffers (fHash… up to the returned count),
 * each with what describe() needs to name it, so scoring allocates nothing.
 */
function features(original: string, n: Normalised, links = -1): number {
  const t = n.text;
  const len = t.length;
  const gap = n.gap;
  // At most three features per character (a word, a word pair and a bigram; or a unigram and a
  // bigram) and six marks.
  growFeatures(3 * len + 8);
  const H = fHash, K = fKind, A = fA, B = fB, C = fC, D = fD;
  let f = 0;
  let i = 0;
  let prevWordHash = 0;
  let prevStart = 0, prevEnd = 0;
  let prevHan = -1;
  while (i < len) {
    const c = t.charCodeAt(i);
    if (c >= 0x61 && c <= 0x7a) {
      let j = i + 1;
      let h = mix(WORD, c);
      for (; j < len && gap[j] === 0; j++) {
        const x = t.charCodeAt(j);
        if (x < 0x61 || x > 0x7a) break;
        h = mix(h, x);
      }
      H[f] = h & MASK; K[f] = WORD; A[f] = i; B[f] = j; C[f] = 0; D[f] = 0; f++;
      if (prevWordHash !== 0) { H[f] = mix(mix(WORD2, prevWordHash), h) & MASK; K[f] = WORD2; A[f] = prevStart; B[f] = prevEnd; C[f] = i; D[f] = j; f++; }
      prevWordHash = h;
      prevStart = i; prevEnd = j;
      // Character bigrams inside Latin words catch misspellings (fr33, c1aim).
      let x = c;
      for (let p = i; p + 1 < j; p++) {
        const y = t.charCodeAt(p + 1);
        H[f] = mix(mix(LATINBI, x), y) & MASK; K[f] = LATINBI; A[f] = p; B[f] = 0; C[f] = 0; D[f] = 0; f++;
        x = y;
      }
      prevHan = -1;
      i = j;
      continue;
    }
    if (c >= 0x30 && c <= 0x39) {
      let j = i + 1;
      for (; j < len && gap[j] === 0; j++) { const x = t.charCodeAt(j); if (x < 0x30 || x > 0x39) break; }
      const b = digitBucket(j - i);
      H[f] = mix(DIGITS, b) & MASK; K[f] = DIGITS; A[f] = b; B[f] = 0; C[f] = 0; D[f] = 0; f++;
      prevHan = -1;
      prevWordHash = 0;
      i = j;
      continue;
    }
    // Chinese (and other scripts): character unigrams and bigrams.
    H[f] = mix(UNI, c) & MASK; K[f] = UNI; A[f] = c; B[f] = 0; C[f] = 0; D[f] = 0; f++;
    if (prevHan >= 0) { H[f] = mix(mix(BI, prevHan), c) & MASK; K[f] = BI; A[f] = prevHan; B[f] = c; C[f] = 0; D[f] = 0; f++; }
    prevHan = c;
    prevWordHash = 0;
    i++;
  }
  // Whole-message marks.
  let upper = 0, letters = 0, currency = false, exclaim = false, at = false;
  for (let p = 0; p < original.length; p++) {
    const c = original.charCodeAt(p);
    if (c >= 0x41 && c <= 0x5a) { upper++; letters++; } else if (c >= 0x61 && c <= 0x7a) letters++;
    else if (c === 0x24 || c === 0xa3 || c === 0x20ac || c === 0xa5 || c === 0xffe5) currency = true;
    else if (c === 0x21 || c === 0xff01) exclaim = true;
    else if (c === 0x40) at = true;
  }
  if ((links < 0 ? findLinks(original).length : links) > 0) f = meta(f, 0);
  if (currency) f = meta(f, 1);
  if (letters >= 6 && upper / letters > 0.4) f = meta(f, 2);
  f = meta(f, len <= 10 ? 3 : len <= 40 ? 4 : 5);
  if (exclaim) f = meta(f, 6);
  if (at) f = meta(f, 8);
  return f;
}

function meta(f: number, m: number): number {
  fHash[f] = mix(META, m) & MASK; fKind[f] = META; fA[f] = m; fB[f] = 0; fC[f] = 0; fD[f] = 0;
  return f + 1;
}

/**
 * The model's weights, hashed feature → log-likelihood ratio, for the features it has seen: an
 * open-addressing table with key and weight side by side ([key, weight] pairs in one buffer),
 * so a lookup reads one cache line, and the table (about 8 bytes per known feature, twice over)
 * stays in cache where a dense table of all 2^20 hashes (4 MB) did not. A feature not in the
 * table weighs 0, as it did in the dense table.
 */
class WeightTable {
  readonly keys: Int32Array;
  readonly values: Float32Array;
  readonly shift: number;
  readonly mask: number;

  constructor(dense: Float32Array, present: Uint8Array) {
    let count = 0;
    for (let i = 0; i < present.length; i++) if (present[i]) count++;
    let bits = 4;
    while ((1 << bits) < count * 2) bits++;
    const size = 1 << bits;
    const buffer = new ArrayBuffer(size * 8);
    this.keys = new Int32Array(buffer);
    this.values = new Float32Array(buffer);
    this.keys.fill(-1);
    this.shift = 32 - bits;
    this.mask = size - 1;
    for (let h = 0; h < present.length; h++) {
      if (!present[h]) continue;
      let slot = Math.imul(h, 0x9e3779b1) >>> this.shift;
      while (this.keys[slot << 1] !== -1) slot = (slot + 1) & this.mask;
      this.keys[slot << 1] = h;
      this.values[(slot << 1) + 1] = dense[h]!;
    }
  }

  get(h: number): number {
    const keys = this.keys;
    let slot = Math.imul(h, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const k = keys[slot << 1]!;
      if (k === h) return this.values[(slot << 1) + 1]!;
      if (k === -1) return 0;
      slot = (slot + 1) & this.mask;
    }
  }
}

/** A model ready to score: weights hashed into a table. */
export class Classifier {
  readonly model: ClassifierModel;
  private readonly weights: WeightTable;
  private readonly bias: number;

  constructor(model: ClassifierModel) {
    if (model.kind !== 'naive-bayes-hashed-v1' || model.bits !== BITS) throw new Error(`not a model this version reads (kind ${String(model.kind)}, bits ${String(model.bits)})`);
    this.model = model;
    const spam = new Float64Array(SIZE);
    const ham = new Float64Array(SIZE);
    for (const [k, [s, h]] of Object.entries(model.counts)) { spam[Number(k)] = s; ham[Number(k)] = h; }
    const present = new Uint8Array(SIZE);
    for (let i = 0; i < SIZE; i++) if (spam[i]! > 0 || ham[i]! > 0) present[i] = 1;
    this.weights = new WeightTable(weightsFrom(spam, ham, model.docs, model.alpha), present);
    this.bias = Math.log((model.docs.spam + 1) / (model.docs.ham + 1));
  }

  /** Raw log-odds score of a normalised message. */
  raw(original: string, n: Normalised = normalise(original), links = -1): number {
    return rawScore(this.weights, this.bias, original, n, links);
  }

  /** Spam probability, calibrated so that the model's threshold is 0.5. */
  score(original: string, n?: Normalised, links = -1): number {
    return sigmoid((this.raw(original, n, links) - this.model.threshold) / 2);
  }

  /** The features of a message that push most towards spam. */
  explain(original: string, n: Normalised = normalise(original), top = 5, links = -1): Array<{ feature: string; weight: number }> {
    // Keep the best `top` distinct features by weight; name only those.
    const best: Array<{ h: number; w: number; args: [number, number, number, number, number] }> = [];
    const count = features(original, n, links);
    for (let f = 0; f < count; f++) {
      const h = fHash[f]!;
      const w = this.weights.get(h);
      if (w <= 0) continue;
      let known = false;
      for (let b = 0; b < best.length; b++) if (best[b]!.h === h) { known = true; break; }
      if (known) continue;
      if (best.length === top && best[top - 1]!.w >= w) continue;
      // Into place by weight, after those that weigh as much (what a stable sort did).
      let at = best.length;
      while (at > 0 && best[at - 1]!.w < w) at--;
      best.splice(at, 0, { h, w, args: [fKind[f]!, fA[f]!, fB[f]!, fC[f]!, fD[f]!] });
      if (best.length > top) best.pop();
    }
    return best.map(({ w, args }) => ({ feature: describe(n.text, ...args), weight: Math.round(w * 100) / 100 }));
  }
}

/**
 * Multinomial NB weights over binarised counts: log P(f | spam) − log P(f | ham) with
 * P(f | c) = (count_c(f) + α) / (total_c + α·V). Features seen in neither class weigh 0.
 */
function weightsFrom(spam: Float64Array, ham: Float64Array, _docs: { spam: number; ham: number }, a: number): Float32Array {
  const w = new Float32Array(SIZE);
  let ts = 0, th = 0, v = 0;
  for (let i = 0; i < SIZE; i++) { const s = spam[i]!, h = ham[i]!; if (s > 0 || h > 0) { ts += s; th += h; v++; } }
  const ls = Math.log(ts + a * v), lh = Math.log(th + a * v);
  for (let i = 0; i < SIZE; i++) {
    const s = spam[i]!, h = ham[i]!;
    if (s <= 0 && h <= 0) continue;
    w[i] = Math.log(s + a) - ls - (Math.log(h + a) - lh);
  }
  return w;
}

// Features already counted in the current message: a small open-addressing set that stays in
// cache (the big stamp table cost a cache miss per feature).
const SEEN = 1024;
const seenKey = new Int32Array(SEEN);
const seenDoc = new Int32Array(SEEN);
let seenGen = 0;

// The running score: in a one-element Float64Array rather than a local, which the optimiser kept
// boxed (a heap number allocated per feature added).
const sum = new Float64Array(1);

function rawScore(weights: WeightTable, bias: number, original: string, n: Normalised, links: number): number {
  sum[0] = bias;
  const gen = ++seenGen;
  let count = 0;
  const total = features(original, n, links);
  const H = fHash;
  const { keys, values, shift, mask } = weights;
  for (let f = 0; f < total; f++) {
    const h = H[f]!;
    let slot = (Math.imul(h, 0x9e3779b1) >>> 22) & (SEEN - 1);
    let dup = false;
    while (seenDoc[slot] === gen) {
      if (seenKey[slot] === h) { dup = true; break; }
      slot = (slot + 1) & (SEEN - 1);
    }
    if (dup) continue;
    if (count >= SEEN / 2) continue; // a very long message: the first 512 distinct features decide
    count++;
    seenDoc[slot] = gen;
    seenKey[slot] = h;
    // weights.get(h), written out: a call here would box the weight it returns.
    slot = Math.imul(h, 0x9e3779b1) >>> shift;
    for (;;) {
      const key = keys[slot << 1]!;
      if (key === h) { sum[0] += values[(slot << 1) + 1]!; break; }
      if (key === -1) break;
      slot = (slot + 1) & mask;
    }
  }
  return sum[0]!;
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** The feature names of a message, each once (for inspection and tests). */
export function featureNames(text: string): string[] {
  const out = new Set<string>();
  const n = normalise(text);
  const count = features(text, n);
  for (let f = 0; f < count; f++) out.add(describe(n.text, fKind[f]!, fA[f]!, fB[f]!, fC[f]!, fD[f]!));
  return [...out];
}

/** The distinct hashed features of a message. */
function hashedFeatures(text: string, stamp: Int32Array, doc: number): Int32Array {
  const out: number[] = [];
  const count = features(text, normalise(text));
  for (let f = 0; f < count; f++) {
    const h = fHash[f]!;
    if (stamp[h] === doc) continue;
    stamp[h] = doc;
    out.push(h);
  }
  return Int32Array.from(out);
}

export interface TrainOptions {
  /** Precision the calibrated threshold aims for on out-of-fold scores (default 0.97). */
  targetPrecision?: number;
  /** Folds for calibration (default 5). */
  folds?: number;
  /** Examples used for calibration at most (a regular sample of them; default 40,000). */
  calibrationSample?: number;
  alpha?: number;
}

/**
 * Trains a model from labelled examples, with the threshold calibrated by cross-validation on
 * the training data itself. With fewer than 5 examples of either label the threshold stays 0.
 */
export function train(examples: readonly Example[], options: TrainOptions = {}): ClassifierModel {
  const alpha = options.alpha ?? 0.5;
  const spam = new Float64Array(SIZE);
  const ham = new Float64Array(SIZE);
  const docs = { spam: 0, ham: 0 };
  const stamp = new Int32Array(SIZE);
  const sampleMax = options.calibrationSample ?? 40_000;
  const every = Math.max(1, Math.ceil(examples.length / sampleMax));
  const sample: Array<{ f: Int32Array; spam: boolean }> = [];
  examples.forEach((ex, i) => {
    const f = hashedFeatures(ex.text, stamp, i + 1);
    const isSpam = ex.label === 'spam';
    const counts = isSpam ? spam : ham;
    if (isSpam) docs.spam++; else docs.ham++;
    for (let k = 0; k < f.length; k++) counts[f[k]!]!++;
    if (i % every === 0) sample.push({ f, spam: isSpam });
  });
  const threshold = calibrate(sample, spam, ham, docs, alpha, options);
  const counts: Record<string, [number, number]> = {};
  for (let i = 0; i < SIZE; i++) if (spam[i]! > 0 || ham[i]! > 0) counts[i] = [spam[i]!, ham[i]!];
  return { kind: 'naive-bayes-hashed-v1', bits: BITS, docs, counts, threshold, alpha };
}

/** Adds examples (confirmed decisions, "not spam" from undo and appeals) to a model; the threshold is kept. */
export function addExamples(model: ClassifierModel, examples: readonly Example[]): ClassifierModel {
  const counts: Record<string, [number, number]> = {};
  for (const [k, v] of Object.entries(model.counts)) counts[k] = [v[0], v[1]];
  const docs = { ...model.docs };
  const stamp = new Int32Array(SIZE);
  examples.forEach((ex, i) => {
    const isSpam = ex.label === 'spam';
    if (isSpam) docs.spam++; else docs.ham++;
    for (const h of hashedFeatures(ex.text, stamp, i + 1)) {
      const c = counts[h] ?? (counts[h] = [0, 0]);
      c[isSpam ? 0 : 1]++;
    }
  });
  return { ...model, docs, counts };
}

/**
 * Out-of-fold scores on a sample (each fold's model = all counts minus that fold's), then the
 * lowest threshold whose precision is ≥ the target; when no threshold reaches it, the best F0.5.
 */
function calibrate(sample: Array<{ f: Int32Array; spam: boolean }>, spam: Float64Array, ham: Float64Array, docs: { spam: number; ham: number }, alpha: number, options: TrainOptions): number {
  const spamCount = sample.filter((e) => e.spam).length;
  const hamCount = sample.length - spamCount;
  if (spamCount < 5 || hamCount < 5) return 0;
  const folds = Math.max(2, Math.min(options.folds ?? 5, spamCount, hamCount));
  const target = options.targetPrecision ?? 0.97;
  const scored: Array<{ s: number; spam: boolean }> = [];
  for (let fold = 0; fold < folds; fold++) {
    const s = spam.slice(), h = ham.slice();
    const d = { ...docs };
    const test = sample.filter((_, i) => i % folds === fold);
    for (const ex of test) {
      const c = ex.spam ? s : h;
      if (ex.spam) d.spam--; else d.ham--;
      for (let k = 0; k < ex.f.length; k++) c[ex.f[k]!]!--;
    }
    const w = weightsFrom(s, h, d, alpha);
    const bias = Math.log((d.spam + 1) / (d.ham + 1));
    for (const ex of test) {
      let score = bias;
      for (let k = 0; k < ex.f.length; k++) score += w[ex.f[k]!]!;
      scored.push({ s: score, spam: ex.spam });
    }
  }
  scored.sort((a, b) => b.s - a.s);
  let tp = 0, fp = 0;
  let best = { t: 0, recall: -1 };
  let bestF = { t: 0, f: -1 };
  for (let i = 0; i < scored.length; i++) {
    if (scored[i]!.spam) tp++; else fp++;
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
