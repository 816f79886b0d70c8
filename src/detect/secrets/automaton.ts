/**
 * Aho-Corasick over case-folded text: every occurrence of every pattern in one pass.
 *
 * The gitleaks rules come with ~240 distinct keywords; a rule runs only when one of its keywords
 * is in the text. Measured on a 1.4 KB chat message (Node 24): one indexOf per keyword costs
 * ~100 µs, one native regex alternation of all of them ~10 µs, this automaton ~2 µs. The
 * transition table is dense over a small alphabet (the characters the patterns use, plus one
 * class for everything else), so each character costs two array reads.
 *
 * Positions are UTF-16 offsets into the text as given (not into a lowercased copy, whose length
 * can differ), so a hit's offsets can be used on the original text directly.
 */
import { fold } from './fold.ts';
import { MAX_WASM_TEXT, WasmScanner } from './scan-wasm.ts';

/** All pattern occurrences, as parallel arrays: pattern id and end offset (exclusive). */
export interface Hits {
  readonly ids: number[];
  readonly ends: number[];
  /** present[id] === 1 when pattern `id` occurs at least once. */
  readonly present: Uint8Array;
}

export class Automaton {
  readonly patterns: readonly string[];
  /**
   * Class of every UTF-16 unit (64 KB): one table read per character, no branch. Characters
   * that fold into ASCII (K, ſ, İ) share the class of what they fold to.
   */
  private readonly classOf = new Uint8Array(0x10000);
  private readonly classes: number;
  /**
   * Transitions, indexed by state + class, holding the next state. States are numbered
   * pre-multiplied by the class count (no multiply per character), and those with outputs come
   * last, so "did a pattern end here" is one comparison with `firstOutput`.
   */
  private readonly delta: Int32Array;
  private readonly firstOutput: number;
  /** Per state index / class count: where its pattern ids start in outIds. */
  private readonly outStart: Int32Array;
  private readonly outIds: Int32Array;
  /** The scan loop in WebAssembly, made on the first scan (most automata only ever answer contains()). */
  private wasm: WasmScanner | null | undefined;

  /** `patterns` must be non-empty ASCII strings; they are folded (lowercased) here. */
  constructor(patterns: readonly string[]) {
    this.patterns = patterns.map((p) => foldString(p));
    let classes = 1; // class 0: any character no pattern contains
    for (const p of this.patterns) {
      if (p.length === 0) throw new Error('empty pattern');
      for (let i = 0; i < p.length; i++) {
        const c = p.charCodeAt(i);
        if (c >= 128) throw new Error(`non-ASCII pattern ${JSON.stringify(p)}`);
        if (this.classOf[c] === 0) this.classOf[c] = classes++;
      }
    }
    if (classes > 255) throw new Error('alphabet too large');
    for (const c of [...Array.from({ length: 26 }, (_, i) => 0x41 + i), 0x212a, 0x17f, 0x130]) this.classOf[c] = this.classOf[fold(c)]!;
    this.classes = classes;

    // Trie, then breadth-first failure links folded into a complete transition table.
    const goto: number[][] = [new Array<number>(classes).fill(-1)];
    const out: number[][] = [[]];
    this.patterns.forEach((p, id) => {
      let s = 0;
      for (let i = 0; i < p.length; i++) {
        const k = this.classOf[p.charCodeAt(i)]!;
        let next = goto[s]![k]!;
        if (next === -1) {
          next = goto.length;
          goto.push(new Array<number>(classes).fill(-1));
          out.push([]);
          goto[s]![k] = next;
        }
        s = next;
      }
      out[s]!.push(id);
    });
    const states = goto.length;
    const next = new Int32Array(states * classes);
    const failure = new Int32Array(states);
    const queue: number[] = [];
    for (let k = 0; k < classes; k++) {
      const child = goto[0]![k]!;
      next[k] = child === -1 ? 0 : child;
      if (child > 0) queue.push(child);
    }
    for (let head = 0; head < queue.length; head++) {
      const s = queue[head]!;
      out[s]!.push(...out[failure[s]!]!);
      for (let k = 0; k < classes; k++) {
        const child = goto[s]![k]!;
        if (child === -1) {
          next[s * classes + k] = next[failure[s]! * classes + k]!;
        } else {
          failure[child] = next[failure[s]! * classes + k]!;
          next[s * classes + k] = child;
          queue.push(child);
        }
      }
    }
    // Renumber: states without outputs first (the root stays 0), then those with outputs.
    const order = [...Array(states).keys()].sort((a, b) => (out[a]!.length > 0 ? 1 : 0) - (out[b]!.length > 0 ? 1 : 0) || a - b);
    const rank = new Int32Array(states);
    order.forEach((old, i) => (rank[old] = i));
    // Always Int32Array: one element type keeps the scan loop monomorphic across automata.
    const delta = new Int32Array(states * classes);
    for (let s = 0; s < states; s++) {
      for (let k = 0; k < classes; k++) delta[rank[s]! * classes + k] = rank[next[s * classes + k]!]! * classes;
    }
    this.delta = delta;
    const firstWithOutput = order.findIndex((s) => out[s]!.length > 0);
    this.firstOutput = (firstWithOutput < 0 ? states : firstWithOutput) * classes;
    this.outStart = new Int32Array(states + 1);
    const ids: number[] = [];
    order.forEach((old, i) => {
      this.outStart[i] = ids.length;
      ids.push(...out[old]!);
    });
    this.outStart[states] = ids.length;
    this.outIds = Int32Array.from(ids);
  }

  /** Whether any pattern occurs; stops at the first. */
  contains(text: string): boolean {
    const { classOf, delta, firstOutput } = this;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      s = delta[s + classOf[text.charCodeAt(i)]!]!;
      if (s >= firstOutput) return true;
    }
    return false;
  }

  /**
   * Every occurrence of every pattern. The loop only notes the states with outputs and where
   * (state, end offset pairs); expanding them into pattern ids happens afterwards. The loop runs
   * as WebAssembly where it can (scan-wasm.ts), else in JavaScript (`useWasm` false, or a text
   * over MAX_WASM_TEXT); both give the same pairs.
   */
  scan(text: string, useWasm = true): Hits {
    let pairs: Int32Array;
    let count: number;
    if (useWasm && text.length <= MAX_WASM_TEXT && (this.wasm ??= wasmScanner(this.classOf, this.delta, this.firstOutput)) !== null) {
      ({ states: pairs, count } = this.wasm.scan(text));
    } else {
      ({ pairs, count } = this.scanJs(text));
    }
    const ids: number[] = [];
    const ends: number[] = [];
    const present = new Uint8Array(this.patterns.length);
    const { classes, outStart, outIds } = this;
    for (let h = 0; h < count; h++) {
      const state = (pairs[2 * h]! / classes) | 0;
      for (let j = outStart[state]!; j < outStart[state + 1]!; j++) {
        const id = outIds[j]!;
        ids.push(id);
        ends.push(pairs[2 * h + 1]!);
        present[id] = 1;
      }
    }
    return { ids, ends, present };
  }

  /**
   * The loop in JavaScript, into an array reused between calls. Pushing pattern ids inside it
   * (array pushes, a division) made V8 compile it half as fast, ~8 instead of ~4.5 ns a character.
   */
  private scanJs(text: string): { pairs: Int32Array; count: number } {
    const classOf = this.classOf;
    const delta = this.delta;
    const firstOutput = this.firstOutput;
    const n = text.length;
    if (hitPairs.length < 2 * n) hitPairs = new Int32Array(2 * n);
    const pairs = hitPairs;
    let s = 0;
    let count = 0;
    for (let i = 0; i < n; i++) {
      s = delta[s + classOf[text.charCodeAt(i)]!]!;
      if (s >= firstOutput) { pairs[2 * count] = s; pairs[2 * count + 1] = i + 1; count++; }
    }
    return { pairs, count };
  }
}

/** The WebAssembly loop, or null where WebAssembly cannot be instantiated (the JavaScript loop then serves). */
function wasmScanner(classOf: Uint8Array, delta: Int32Array, firstOutput: number): WasmScanner | null {
  if (delta.length > 0x10000) return null; // the WebAssembly table has 16-bit entries
  try {
    return new WasmScanner(classOf, delta, firstOutput);
  } catch {
    return null;
  }
}

// (state, end offset) pairs for scanJs(); shared by every automaton (scans do not nest).
let hitPairs = new Int32Array(4096);

export function foldString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += String.fromCharCode(fold(s.charCodeAt(i)));
  return out;
}
