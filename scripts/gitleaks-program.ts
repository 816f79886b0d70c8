/**
 * Reading re2js's compiled programs (RE2JS#re2().prog: the instruction array of RE2's
 * compiler, and Inst#matchRune), for scripts/gitleaks-analysis.ts and gitleaks-bounds.ts.
 * These are re2js internals: re2js is pinned, and checkInternals() fails loudly if their shape
 * changes. Compile time only; the runtime uses re2js's public API.
 */
import { RE2JS } from 're2js';
import { fold } from '../src/detect/secrets/fold.ts';

export const ALT = 1, ALT_MATCH = 2, CAPTURE = 3, EMPTY_WIDTH = 4, FAIL = 5, MATCH = 6, NOP = 7, RUNE = 8, RUNE1 = 9, RUNE_ANY = 10, RUNE_ANY_NOT_NL = 11;
const FOLD_CASE = 1;

export interface Inst { readonly op: number; readonly out: number; readonly arg: number; readonly runes: Int32Array; matchRune(r: number): boolean }
export interface Prog { readonly inst: readonly Inst[]; readonly start: number }

export function programOf(regex: string): Prog {
  return (RE2JS.compile(regex).re2() as unknown as { prog: Prog }).prog;
}

/** Fails if re2js's program no longer looks the way this file reads it. */
export function checkInternals(): void {
  const prog = programOf('a[bc]');
  const ops = prog.inst.map((i) => i.op);
  const rune = prog.inst.find((i) => i.op === RUNE);
  if (!ops.includes(RUNE1) || !ops.includes(MATCH) || rune === undefined || !rune.matchRune(0x63) || rune.matchRune(0x64)) {
    throw new Error(`re2js internals changed (ops ${ops.join(',')}): update scripts/gitleaks-analysis.ts`);
  }
}

export const accepts = (inst: Inst, r: number): boolean =>
  inst.op === RUNE_ANY ? true : inst.op === RUNE_ANY_NOT_NL ? r !== 10 : inst.op === RUNE1 ? r === inst.runes[0] : inst.op === RUNE ? inst.matchRune(r) : false;

export const isRune = (inst: Inst) => inst.op >= RUNE && inst.op <= RUNE_ANY_NOT_NL;

/** Widest character the instruction can read, in UTF-16 units. */
export function maxWidth(inst: Inst): number {
  if (inst.op === RUNE_ANY || inst.op === RUNE_ANY_NOT_NL) return 2;
  if (inst.runes.length === 1) return inst.runes[0]! >= (inst.arg & FOLD_CASE ? 0x80 : 0x10000) ? 2 : 1;
  for (let j = 1; j < inst.runes.length; j += 2) if (inst.runes[j]! > 0xffff) return 2;
  return 1;
}

/** Characters that fold to `a`. */
function preimages(a: number): number[] {
  const out = [a];
  if (a >= 0x61 && a <= 0x7a) out.push(a - 0x20);
  for (const c of [0x212a, 0x17f, 0x130]) if (fold(c) === a) out.push(c);
  return out;
}

/**
 * How the instruction moves a folded-text reader: which characters of `alphabet` it can read
 * (after folding) and whether it can read anything that folds outside it.
 */
export function transitions(inst: Inst, alphabet: readonly number[]): { chars: number[]; other: boolean } {
  const chars = alphabet.filter((a) => preimages(a).some((p) => accepts(inst, p)));
  if (inst.op === RUNE_ANY || inst.op === RUNE_ANY_NOT_NL) return { chars, other: true };
  const inAlphabet = (r: number) => alphabet.includes(fold(r));
  if (inst.op === RUNE1) return { chars, other: !inAlphabet(inst.runes[0]!) };
  if (inst.runes.length === 1) {
    const r0 = inst.runes[0]!;
    if (!(inst.arg & FOLD_CASE)) return { chars, other: !inAlphabet(r0) };
    if (r0 >= 0x80) return { chars, other: true }; // orbit unknown here: assume the worst
    const orbit = [r0, r0 ^ 0x20, 0x212a, 0x17f].filter((r) => accepts(inst, r));
    return { chars, other: orbit.some((r) => !inAlphabet(r)) };
  }
  let total = 0;
  for (let j = 0; j < inst.runes.length; j += 2) total += inst.runes[j + 1]! - inst.runes[j]! + 1;
  const inside = alphabet.flatMap(preimages).filter((p) => accepts(inst, p)).length;
  return { chars, other: total > inside };
}

/** ASCII as folded text holds it: no upper case letters. */
export const FOLDED_ASCII = Array.from({ length: 128 }, (_, c) => c).filter((c) => fold(c) === c);


/**
 * The characters paths from `starts` can read at each of the next `depth` positions, as
 * 32 hex digits of a 128-bit ASCII mask plus "+" when some non-ASCII character is allowed.
 * Stops where a path can end (nothing is required past it); trailing "anything" classes are cut.
 */
export function followClasses(prog: Prog, starts: Iterable<number>, depth: number): string[] {
  const out: string[] = [];
  let frontier = [...starts];
  for (let d = 0; d < depth && frontier.length > 0; d++) {
    const runes = new Set<number>();
    const seen = new Set<number>();
    let canEnd = false;
    const stack = [...frontier];
    while (stack.length > 0) {
      const pc = stack.pop()!;
      if (seen.has(pc)) continue;
      seen.add(pc);
      const inst = prog.inst[pc]!;
      if (inst.op === MATCH) canEnd = true;
      else if (inst.op === ALT || inst.op === ALT_MATCH) stack.push(inst.out, inst.arg);
      else if (isRune(inst)) runes.add(pc);
      else if (inst.op !== FAIL) stack.push(inst.out);
    }
    if (canEnd || runes.size === 0) break;
    const mask = new Uint32Array(4);
    let other = false;
    for (const pc of runes) {
      const inst = prog.inst[pc]!;
      for (let c = 0; c < 128; c++) if (accepts(inst, c)) mask[c >> 5]! |= 1 << (c & 31);
      other ||= acceptsNonAscii(inst);
    }
    out.push([...mask].map((w) => (w >>> 0).toString(16).padStart(8, '0')).join('') + (other ? '+' : ''));
    frontier = [...runes].map((pc) => prog.inst[pc]!.out);
  }
  while (out.length > 0 && out[out.length - 1] === 'ffffffffffffffffffffffffffffffff+') out.pop();
  return out;
}

function acceptsNonAscii(inst: Inst): boolean {
  if (inst.op === RUNE_ANY || inst.op === RUNE_ANY_NOT_NL) return true;
  if (inst.op === RUNE1) return inst.runes[0]! >= 0x80;
  if (inst.runes.length === 1) return inst.runes[0]! >= 0x80 || accepts(inst, 0x212a) || accepts(inst, 0x17f);
  for (let j = 1; j < inst.runes.length; j += 2) if (inst.runes[j]! >= 0x80) return true;
  return false;
}

/** A small Aho-Corasick over folded literals, for walking it in step with the program. */
export class Trie {
  readonly next: Map<number, number>[] = [new Map()];
  readonly fail: number[] = [0];
  readonly out: number[][] = [[]];
  constructor(literals: readonly string[]) {
    literals.forEach((lit, id) => {
      let s = 0;
      for (const ch of lit) {
        const c = ch.charCodeAt(0);
        let n = this.next[s]!.get(c);
        if (n === undefined) {
          n = this.next.length;
          this.next.push(new Map());
          this.fail.push(0);
          this.out.push([]);
          this.next[s]!.set(c, n);
        }
        s = n;
      }
      this.out[s]!.push(id);
    });
    const queue = [...this.next[0]!.values()];
    for (let head = 0; head < queue.length; head++) {
      const s = queue[head]!;
      for (const [c, n] of this.next[s]!) {
        this.fail[n] = s === 0 ? 0 : this.step(this.fail[s]!, c);
        this.out[n]!.push(...this.out[this.fail[n]!]!);
        queue.push(n);
      }
    }
  }
  step(s: number, c: number): number {
    for (;;) {
      const n = this.next[s]!.get(c);
      if (n !== undefined) return n;
      if (s === 0) return 0;
      s = this.fail[s]!;
    }
  }
}

