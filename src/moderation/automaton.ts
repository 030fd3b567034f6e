/**
 * One Aho-Corasick automaton for every keyword of every list: a message is scanned once,
 * whatever the number of keywords (the point of the 10,000-keyword benchmark). Written here
 * rather than taken from a package because the hot loop matters, and what it costs is memory
 * reads, so everything a step needs sits close together in typed arrays:
 *
 * - transitions out of the root are a dense array indexed by UTF-16 code unit, which also says
 *   when a code unit occurs in no keyword (then the scan resets to the root with no other read);
 * - every other state has one record (first child, number of children, a 32-bit filter of its
 *   children's code units, failure link, outputs) and its children's code units sorted in one
 *   array: most lookups that fail (the usual case: a common character after another one) stop
 *   at the filter, the others read a few adjacent code units;
 * - outputs follow dictionary suffix links, flattened at build time.
 *
 * scanInto() leaves the matches in reused buffers (no callback, no allocation per message);
 * scan() and findAll() are the convenient forms.
 */

export interface AutomatonMatch {
  /** Index of the pattern (as given to buildAutomaton). */
  pattern: number;
  /** [start, end) in the scanned text. */
  start: number;
  end: number;
}

// Per-state record, STRIDE ints: first child (index into codes/targets), number of children,
// filter (bit c & 31 set when a child's code unit is c), failure link, first output, outputs.
const STRIDE = 8;
const FIRST = 0, COUNT = 1, FILTER = 2, FAIL = 3, OUT = 4, OUTS = 5;

export class Automaton {
  /** Root transitions by code unit: -1 when the code unit is in no pattern, 0 when no pattern starts with it. */
  private readonly root: Int32Array;
  private readonly node: Int32Array;
  private readonly codes: Uint16Array;
  private readonly targets: Int32Array;
  private readonly outs: Int32Array;
  readonly lengths: Int32Array;
  readonly states: number;
  /** Matches of the last scanInto(): pattern index and end position (exclusive), in scan order. */
  matchPattern = new Int32Array(64);
  matchEnd = new Int32Array(64);

  constructor(patterns: readonly string[]) {
    // Trie with per-node Maps while building.
    const children: Array<Map<number, number>> = [new Map()];
    const terminal: number[][] = [[]];
    this.lengths = new Int32Array(patterns.length);
    const root = new Int32Array(65536).fill(-1);
    patterns.forEach((p, index) => {
      this.lengths[index] = p.length;
      if (p.length === 0) return;
      let s = 0;
      for (let i = 0; i < p.length; i++) {
        const c = p.charCodeAt(i);
        root[c] = 0;
        let t = children[s]!.get(c);
        if (t === undefined) {
          t = children.length;
          children.push(new Map());
          terminal.push([]);
          children[s]!.set(c, t);
        }
        s = t;
      }
      terminal[s]!.push(index);
    });
    const n = children.length;
    this.states = n;
    const fail = new Int32Array(n);
    const outputs: number[][] = terminal.map((t) => t.slice());
    // BFS for failure links; outputs include those of the failure state (already complete, BFS order).
    const queue: number[] = [];
    for (const t of children[0]!.values()) { fail[t] = 0; queue.push(t); }
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q]!;
      for (const [c, t] of children[s]!) {
        let f = fail[s]!;
        while (f !== 0 && !children[f]!.has(c)) f = fail[f]!;
        const g = children[f]!.get(c);
        fail[t] = g !== undefined && g !== t ? g : 0;
        if (outputs[fail[t]!]!.length) outputs[t] = outputs[t]!.concat(outputs[fail[t]!]!);
        queue.push(t);
      }
    }
    for (const [c, t] of children[0]!) root[c] = t;
    this.root = root;
    // Records, children (sorted by code unit) and flattened outputs.
    let edges = 0;
    let total = 0;
    for (let s = 0; s < n; s++) { edges += children[s]!.size; total += outputs[s]!.length; }
    this.node = new Int32Array(n * STRIDE);
    this.codes = new Uint16Array(edges);
    this.targets = new Int32Array(edges);
    this.outs = new Int32Array(total);
    let e = 0;
    let k = 0;
    for (let s = 0; s < n; s++) {
      const r = s * STRIDE;
      const kids = [...children[s]!].sort((a, b) => a[0] - b[0]);
      this.node[r + FIRST] = e;
      this.node[r + COUNT] = kids.length;
      let filter = 0;
      for (const [c, t] of kids) { this.codes[e] = c; this.targets[e] = t; e++; filter |= 1 << (c & 31); }
      this.node[r + FILTER] = filter;
      this.node[r + FAIL] = fail[s]!;
      this.node[r + OUT] = k;
      this.node[r + OUTS] = outputs[s]!.length;
      for (const p of outputs[s]!) this.outs[k++] = p;
    }
  }

  /**
   * Scans text: every occurrence of every pattern (overlapping ones included) is left in
   * matchPattern / matchEnd (valid until the next scan). Returns the number of matches.
   */
  scanInto(text: string): number {
    const root = this.root;
    const node = this.node;
    const codes = this.codes;
    const targets = this.targets;
    let s = 0;
    let count = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const r = root[c]!;
      if (r < 0) { s = 0; continue; }
      // The transition from s on c, following failure links; from the root, r.
      let t = 0;
      while (s !== 0) {
        const b = s * STRIDE;
        if ((node[b + FILTER]! & (1 << c)) !== 0) {
          const first = node[b + FIRST]!;
          const last = first + node[b + COUNT]!;
          let lo = first, hi = last;
          // Sorted code units: binary search down to a few, then a linear look.
          while (hi - lo > 8) {
            const mid = (lo + hi) >>> 1;
            if (codes[mid]! <= c) lo = mid; else hi = mid;
          }
          for (let j = lo; j < hi; j++) {
            const x = codes[j]!;
            if (x === c) { t = targets[j]!; break; }
            if (x > c) break;
          }
          if (t > 0) break;
        }
        s = node[b + FAIL]!;
      }
      s = t > 0 ? t : r;
      const m = node[s * STRIDE + OUTS]!;
      if (m !== 0) {
        if (count + m > this.matchPattern.length) this.growMatches(count + m);
        const from = node[s * STRIDE + OUT]!;
        const pats = this.matchPattern, ends = this.matchEnd;
        for (let j = 0; j < m; j++) { pats[count] = this.outs[from + j]!; ends[count] = i + 1; count++; }
      }
    }
    return count;
  }

  private growMatches(n: number): void {
    let size = this.matchPattern.length;
    while (size < n) size *= 2;
    const p = new Int32Array(size); p.set(this.matchPattern); this.matchPattern = p;
    const e = new Int32Array(size); e.set(this.matchEnd); this.matchEnd = e;
  }

  /**
   * Calls onMatch for every occurrence of every pattern in text (overlapping ones included).
   * Returns the number of matches.
   */
  scan(text: string, onMatch: (pattern: number, start: number, end: number) => void): number {
    const count = this.scanInto(text);
    const pats = this.matchPattern.slice(0, count), ends = this.matchEnd.slice(0, count);
    for (let j = 0; j < count; j++) onMatch(pats[j]!, ends[j]! - this.lengths[pats[j]!]!, ends[j]!);
    return count;
  }

  /** All matches as objects (convenient; scanInto() avoids the allocations). */
  findAll(text: string): AutomatonMatch[] {
    const found: AutomatonMatch[] = [];
    this.scan(text, (pattern, start, end) => found.push({ pattern, start, end }));
    return found;
  }
}
