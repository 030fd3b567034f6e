/**
 * One Aho-Corasick automaton for every keyword of every list: a message is scanned once,
 * whatever the number of keywords (the point of the 10,000-keyword benchmark). Written here
 * rather than taken from a package because the hot loop matters: transitions out of the root
 * are a dense array indexed by UTF-16 code unit, the others one open-addressing hash table of
 * (state, code unit) in typed arrays, and a code unit that occurs in no keyword resets to the
 * root without a lookup. Outputs follow dictionary suffix links, flattened at build time.
 */

export interface AutomatonMatch {
  /** Index of the pattern (as given to buildAutomaton). */
  pattern: number;
  /** [start, end) in the scanned text. */
  start: number;
  end: number;
}

export class Automaton {
  private readonly root: Int32Array;
  private readonly alphabet: Uint8Array;
  private readonly keyState: Int32Array;
  private readonly keyCode: Uint16Array;
  private readonly value: Int32Array;
  private readonly mask: number;
  private readonly fail: Int32Array;
  private readonly outStart: Int32Array;
  private readonly outLen: Int32Array;
  private readonly outs: Int32Array;
  readonly lengths: Int32Array;
  readonly states: number;

  constructor(patterns: readonly string[]) {
    // Trie with per-node Maps while building.
    const children: Array<Map<number, number>> = [new Map()];
    const terminal: number[][] = [[]];
    this.lengths = new Int32Array(patterns.length);
    this.alphabet = new Uint8Array(65536);
    patterns.forEach((p, index) => {
      this.lengths[index] = p.length;
      if (p.length === 0) return;
      let s = 0;
      for (let i = 0; i < p.length; i++) {
        const c = p.charCodeAt(i);
        this.alphabet[c] = 1;
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
    this.fail = fail;
    // Flatten outputs.
    this.outStart = new Int32Array(n);
    this.outLen = new Int32Array(n);
    let total = 0;
    for (const o of outputs) total += o.length;
    this.outs = new Int32Array(total);
    let k = 0;
    for (let s = 0; s < n; s++) {
      this.outStart[s] = k;
      this.outLen[s] = outputs[s]!.length;
      for (const p of outputs[s]!) this.outs[k++] = p;
    }
    // Transitions: dense root, hashed others.
    this.root = new Int32Array(65536).fill(0);
    for (const [c, t] of children[0]!) this.root[c] = t;
    let edges = 0;
    for (let s = 1; s < n; s++) edges += children[s]!.size;
    let size = 16;
    while (size < edges * 2) size *= 2;
    this.mask = size - 1;
    this.keyState = new Int32Array(size).fill(-1);
    this.keyCode = new Uint16Array(size);
    this.value = new Int32Array(size);
    for (let s = 1; s < n; s++) {
      for (const [c, t] of children[s]!) {
        let h = this.hash(s, c);
        while (this.keyState[h] !== -1) h = (h + 1) & this.mask;
        this.keyState[h] = s;
        this.keyCode[h] = c;
        this.value[h] = t;
      }
    }
  }

  private hash(s: number, c: number): number {
    return (Math.imul(s, 0x9e3779b1) ^ Math.imul(c, 0x85ebca77)) >>> 0 & this.mask;
  }

  private next(s: number, c: number): number {
    if (s === 0) return this.root[c]!;
    let h = (Math.imul(s, 0x9e3779b1) ^ Math.imul(c, 0x85ebca77)) >>> 0 & this.mask;
    const keyState = this.keyState;
    for (;;) {
      const k = keyState[h]!;
      if (k === -1) return -1;
      if (k === s && this.keyCode[h] === c) return this.value[h]!;
      h = (h + 1) & this.mask;
    }
  }

  /**
   * Calls onMatch for every occurrence of every pattern in text (overlapping ones included).
   * Returns the number of matches.
   */
  scan(text: string, onMatch: (pattern: number, start: number, end: number) => void): number {
    const alphabet = this.alphabet;
    const fail = this.fail;
    const outLen = this.outLen;
    let s = 0;
    let count = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (alphabet[c] === 0) { s = 0; continue; }
      for (;;) {
        const t = this.next(s, c);
        if (t > 0) { s = t; break; }
        if (s === 0) break;
        s = fail[s]!;
      }
      const m = outLen[s]!;
      if (m !== 0) {
        const from = this.outStart[s]!;
        for (let j = 0; j < m; j++) {
          const p = this.outs[from + j]!;
          count++;
          onMatch(p, i + 1 - this.lengths[p]!, i + 1);
        }
      }
    }
    return count;
  }

  /** All matches as objects (convenient; scan() avoids the allocations). */
  findAll(text: string): AutomatonMatch[] {
    const found: AutomatonMatch[] = [];
    this.scan(text, (pattern, start, end) => found.push({ pattern, start, end }));
    return found;
  }
}
