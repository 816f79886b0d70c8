/**
 * What the compile script learns from re2js's compiled program of a rule's regex, so that the
 * runtime can run the regex only where it can match (running each of 222 regexes over a whole
 * message in re2js costs 0.5-1 ms per 2 KB for the keyword-assignment rules):
 *
 * - anchors: literals (folded to lower case) of which every match contains one, with the range
 *   of offsets from the match start to the end of the first one. A literal found ending at e
 *   then bounds where a match can start: [e - max, e - min]. The rule's own keywords are tried
 *   first (gitleaks picks them to be in the secret); when a match need not contain one (the
 *   Airtable PAT rule's keyword is "airtable", its regex `\bpat...`), the literals every match
 *   starts with are enumerated instead.
 * - gate: for a literal, the longest run of characters a match can read after it before one
 *   of = > : | ? , (the first characters of gitleaks's assignment operators). The runtime skips
 *   a literal with no such character that close: the word "token" in prose.
 * - follow: for a literal, the characters a match can read at each of the next few positions
 *   (`ghp_` must be followed by 36 letters or digits), which rejects "skip" for the anchor "sk".
 * - after: a literal every match reads somewhere after the anchor's (curl's rules need "-u" or
 *   "-h" after "curl", at any distance), so "curl" with neither later in the text is skipped.
 * - maxLength: the longest match in UTF-16 units (null: unbounded), to bound the text given to re2js.
 *
 * This reads re2js internals (RE2JS#re2().prog, the instruction array of RE2's compiler, and
 * Inst#matchRune); re2js is pinned, and checkInternals() fails loudly if their shape changes.
 * It runs at compile time only: the runtime uses re2js's public API.
 */
import { RE2JS } from 're2js';
import { fold } from '../src/detect/secrets/fold.ts';

const ALT = 1, ALT_MATCH = 2, CAPTURE = 3, EMPTY_WIDTH = 4, FAIL = 5, MATCH = 6, NOP = 7, RUNE = 8, RUNE1 = 9, RUNE_ANY = 10, RUNE_ANY_NOT_NL = 11;
const FOLD_CASE = 1;

interface Inst { readonly op: number; readonly out: number; readonly arg: number; readonly runes: Int32Array; matchRune(r: number): boolean }
interface Prog { readonly inst: readonly Inst[]; readonly start: number }

export interface Anchor {
  readonly literal: string;
  readonly min: number;
  readonly max: number;
  readonly gate: number | null;
  readonly follow: readonly string[];
  readonly after: string | null;
}

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

const accepts = (inst: Inst, r: number): boolean =>
  inst.op === RUNE_ANY ? true : inst.op === RUNE_ANY_NOT_NL ? r !== 10 : inst.op === RUNE1 ? r === inst.runes[0] : inst.op === RUNE ? inst.matchRune(r) : false;

const isRune = (inst: Inst) => inst.op >= RUNE && inst.op <= RUNE_ANY_NOT_NL;

/** Widest character the instruction can read, in UTF-16 units. */
function maxWidth(inst: Inst): number {
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
function transitions(inst: Inst, alphabet: readonly number[]): { chars: number[]; other: boolean } {
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

/** Longest match in UTF-16 units; null when a loop makes it unbounded. */
export function maxLength(prog: Prog): number | null {
  const memo = new Map<number, number>();
  const onStack = new Set<number>();
  const longest = (pc: number): number => {
    const known = memo.get(pc);
    if (known !== undefined) return known;
    if (onStack.has(pc)) return Infinity;
    onStack.add(pc);
    const inst = prog.inst[pc]!;
    let n: number;
    if (inst.op === MATCH) n = 0;
    else if (inst.op === FAIL) n = -Infinity;
    else if (inst.op === ALT || inst.op === ALT_MATCH) n = Math.max(longest(inst.out), longest(inst.arg));
    else if (isRune(inst)) n = maxWidth(inst) + longest(inst.out);
    else n = longest(inst.out);
    onStack.delete(pc);
    memo.set(pc, n);
    return n;
  };
  const n = longest(prog.start);
  return Number.isFinite(n) ? n : null;
}

/** ASCII as folded text holds it: no upper case letters. */
const FOLDED_ASCII = Array.from({ length: 128 }, (_, c) => c).filter((c) => fold(c) === c);

/**
 * For a regex with loops, what bounds a match anyway: when every loop (strongly connected part
 * of the program) reads through a single character instruction, a match is a stretch of at
 * most `acyclic` units read outside loops plus, per loop, one contiguous run of that loop's
 * class (a path cannot re-enter a loop it left). The runtime turns this into a window:
 * `[\w.=-]{10,150}|[a-z0-9][a-z0-9+/]{11,}` cannot reach past the end of the run of base64
 * characters it starts in. null when a loop reads through several instructions.
 */
export function loopBound(prog: Prog): { acyclic: number; loops: string[] } | null {
  const n = prog.inst.length;
  const succ = (pc: number) => {
    const i = prog.inst[pc]!;
    if (i.op === ALT || i.op === ALT_MATCH) return [i.out, i.arg];
    return i.op === MATCH || i.op === FAIL ? [] : [i.out];
  };
  // Tarjan's strongly connected components, iteratively (programs have thousands of instructions).
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const comp = new Int32Array(n).fill(-1);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  let counter = 0;
  let comps = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    const work: [number, number][] = [[root, 0]];
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const [v, k] = frame;
      if (k === 0) {
        index[v] = low[v] = counter++;
        stack.push(v);
        onStack[v] = 1;
      }
      const next = succ(v);
      if (k < next.length) {
        frame[1] = k + 1;
        const w = next[k]!;
        if (index[w] === -1) work.push([w, 0]);
        else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]![0];
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] === index[v]) {
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          comp[w] = comps;
        } while (w !== v);
        comps++;
      }
    }
  }
  const members = new Map<number, number[]>();
  for (let pc = 0; pc < n; pc++) members.set(comp[pc]!, [...(members.get(comp[pc]!) ?? []), pc]);
  const loops: string[] = [];
  const inLoop = new Uint8Array(n);
  for (const pcs of members.values()) {
    const cyclic = pcs.length > 1 || succ(pcs[0]!).includes(pcs[0]!);
    if (!cyclic) continue;
    const runes = pcs.filter((pc) => isRune(prog.inst[pc]!));
    if (runes.length !== 1) return null;
    loops.push(followClasses(prog, runes.map((pc) => pc), 1)[0] ?? 'ffffffffffffffffffffffffffffffff+');
    for (const pc of pcs) inLoop[pc] = 1;
  }
  // Longest path counting only reads outside loops, over the DAG of components.
  const succComps = new Map<number, Set<number>>();
  const own = new Map<number, number>();
  let matchComp = -1;
  for (let pc = 0; pc < n; pc++) {
    const c = comp[pc]!;
    if (prog.inst[pc]!.op === MATCH) matchComp = c;
    const set = succComps.get(c) ?? new Set<number>();
    for (const s of succ(pc)) if (comp[s] !== c) set.add(comp[s]!);
    succComps.set(c, set);
    if (!inLoop[pc] && isRune(prog.inst[pc]!)) own.set(c, maxWidth(prog.inst[pc]!));
  }
  const memo = new Map<number, number>();
  const longest = (c: number): number => {
    const known = memo.get(c);
    if (known !== undefined) return known;
    const rest = c === matchComp ? 0 : Math.max(-Infinity, ...[...succComps.get(c)!].map(longest));
    const value = (own.get(c) ?? 0) + rest;
    memo.set(c, value);
    return value;
  };
  const acyclic = longest(comp[prog.start]!);
  return Number.isFinite(acyclic) ? { acyclic, loops } : null;
}

const GATE_CHARS = [...'=>:|?,'].map((c) => c.charCodeAt(0));

/** Longest run a path from `pc` can read before a character of GATE_CHARS; Infinity if none is required. */
function gateDistance(prog: Prog, pc: number, memo: Map<number, number>, onStack: Set<number>): number {
  const known = memo.get(pc);
  if (known !== undefined) return known;
  if (onStack.has(pc)) return Infinity;
  onStack.add(pc);
  const inst = prog.inst[pc]!;
  let n: number;
  if (inst.op === MATCH) n = Infinity;
  else if (inst.op === FAIL) n = -Infinity;
  else if (inst.op === ALT || inst.op === ALT_MATCH) n = Math.max(gateDistance(prog, inst.out, memo, onStack), gateDistance(prog, inst.arg, memo, onStack));
  else if (isRune(inst)) n = transitions(inst, GATE_CHARS).other ? maxWidth(inst) + gateDistance(prog, inst.out, memo, onStack) : 0;
  else n = gateDistance(prog, inst.out, memo, onStack);
  onStack.delete(pc);
  memo.set(pc, n);
  return n;
}

/** A small Aho-Corasick over folded literals, for walking it in step with the program. */
class Trie {
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

interface Reach { min: number; max: number; conts: Set<number> }
type Reaches = Map<number, Reach> | null; // null: some path matches without completing a literal

const MAX_NODES = 400_000;

/**
 * Offsets at which every match first completes one of `literals`, or null when a match can
 * avoid them all (or reach them only after an unbounded stretch).
 */
export function anchorsFor(prog: Prog, literals: readonly string[], candidates: readonly string[] = []): Anchor[] | null {
  const trie = new Trie(literals);
  const alphabet = [...new Set(literals.flatMap((l) => [...l].map((c) => c.charCodeAt(0))))];
  const moves = new Map<number, { chars: number[]; other: boolean }>();
  const memo = new Map<number, Reaches>();
  const onStack = new Set<number>();
  const states = trie.next.length;
  const visit = (pc: number, s: number): Reaches => {
    const key = pc * states + s;
    if (memo.has(key)) return memo.get(key)!;
    if (onStack.has(key) || memo.size > MAX_NODES) return null;
    onStack.add(key);
    const inst = prog.inst[pc]!;
    let result: Reaches;
    if (inst.op === MATCH) result = null;
    else if (inst.op === FAIL) result = new Map();
    else if (inst.op === ALT || inst.op === ALT_MATCH) result = merge([visit(inst.out, s), visit(inst.arg, s)], 0, 0);
    else if (!isRune(inst)) result = visit(inst.out, s);
    else {
      let move = moves.get(pc);
      if (move === undefined) moves.set(pc, (move = transitions(inst, alphabet)));
      const parts: Reaches[] = [];
      for (const c of move.chars) {
        const n = trie.step(s, c);
        if (trie.out[n]!.length > 0) parts.push(new Map(trie.out[n]!.map((id) => [id, { min: 0, max: 0, conts: new Set([inst.out]) }])));
        else parts.push(visit(inst.out, n));
      }
      const shifted = merge(parts, 1, 1);
      result = move.other ? merge([shifted, shift(visit(inst.out, 0), 1, maxWidth(inst))], 0, 0) : shifted;
    }
    onStack.delete(key);
    memo.set(key, result);
    return result;
  };
  let reaches: Reaches;
  try {
    reaches = visit(prog.start, 0);
  } catch (error) {
    if (error instanceof RangeError) return null; // recursion too deep: give up on anchors
    throw error;
  }
  if (reaches === null || reaches.size === 0 || memo.size > MAX_NODES) return null;
  const gateMemo = new Map<number, number>();
  return [...reaches].map(([id, r]) => {
    const gate = Math.max(...[...r.conts].map((pc) => gateDistance(prog, pc, gateMemo, new Set())));
    const follow = followClasses(prog, r.conts, FOLLOW_DEPTH);
    const after = [...candidates].sort((a, b) => b.length - a.length).find((c) => requiredFrom(prog, r.conts, c)) ?? null;
    return { literal: literals[id]!, min: r.min, max: r.max, gate: Number.isFinite(gate) && gate <= 64 ? gate : null, follow, after };
  }).sort((a, b) => (a.literal < b.literal ? -1 : 1));
}

/** Whether every path from `starts` to a match reads `literal` (folded) in full. */
function requiredFrom(prog: Prog, starts: Iterable<number>, literal: string): boolean {
  const trie = new Trie([literal]);
  const alphabet = [...new Set([...literal].map((c) => c.charCodeAt(0)))];
  const states = trie.next.length;
  const seen = new Set<number>();
  const stack: [number, number][] = [...starts].map((pc) => [pc, 0]);
  while (stack.length > 0) {
    const [pc, s] = stack.pop()!;
    if (seen.has(pc * states + s)) continue;
    seen.add(pc * states + s);
    const inst = prog.inst[pc]!;
    if (inst.op === MATCH) return false;
    if (inst.op === ALT || inst.op === ALT_MATCH) stack.push([inst.out, s], [inst.arg, s]);
    else if (!isRune(inst)) {
      if (inst.op !== FAIL) stack.push([inst.out, s]);
    } else {
      const move = transitions(inst, alphabet);
      for (const c of move.chars) {
        const n = trie.step(s, c);
        if (trie.out[n]!.length === 0) stack.push([inst.out, n]);
      }
      if (move.other) stack.push([inst.out, 0]);
    }
  }
  return true;
}

/**
 * Runs of plain characters in a regex's source, folded, two or more long: candidates for
 * `after`. Sloppy on purpose (a quantified last character is kept, for one): requiredFrom()
 * decides which are really required.
 */
export function literalRuns(regex: string): string[] {
  const runs = new Set<string>();
  let run = '';
  const flush = () => {
    if (run.length >= 2 && !/[^\x00-\x7f]/.test(run)) runs.add(run.toLowerCase());
    run = '';
  };
  for (let i = 0; i < regex.length; i++) {
    const c = regex[i]!;
    if (c === '\\') {
      const n = regex[++i] ?? '';
      if (/[a-zA-Z0-9]/.test(n)) flush();
      else run += n;
    } else if (c === '[') {
      flush();
      i++;
      if (regex[i] === '^') i++;
      if (regex[i] === ']') i++;
      while (i < regex.length && regex[i] !== ']') {
        if (regex[i] === '\\') i += 2;
        else if (regex.startsWith('[:', i)) i = regex.indexOf(':]', i) + 2; // [[:alnum:]]
        else i++;
      }
    } else if (c === '(') {
      flush();
      if (regex[i + 1] === '?') while (i < regex.length && regex[i] !== ':' && regex[i] !== ')') i++;
    } else if ('*+?{'.includes(c)) {
      run = run.slice(0, -1);
      flush();
      if (c === '{') i = regex.indexOf('}', i);
    } else if (')|.^$'.includes(c)) flush();
    else run += c;
  }
  flush();
  return [...runs];
}

const FOLLOW_DEPTH = 16;

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

function shift(r: Reaches, lo: number, hi: number): Reaches {
  if (r === null) return null;
  return new Map([...r].map(([id, x]) => [id, { min: x.min + lo, max: x.max + hi, conts: x.conts }]));
}

function merge(parts: readonly Reaches[], lo: number, hi: number): Reaches {
  const out = new Map<number, Reach>();
  for (const part of parts) {
    if (part === null) return null;
    for (const [id, x] of part) {
      const have = out.get(id);
      if (have === undefined) out.set(id, { min: x.min + lo, max: x.max + hi, conts: new Set(x.conts) });
      else out.set(id, { min: Math.min(have.min, x.min + lo), max: Math.max(have.max, x.max + hi), conts: new Set([...have.conts, ...x.conts]) });
    }
  }
  return out;
}

/**
 * The folded strings of length up to `depth` that every match starts with, cut short where a
 * position admits more than a few characters; null when the first position already does, or
 * there would be more than `limit` of them.
 */
export function prefixLiterals(prog: Prog, depth: number, limit: number): string[] | null {
  const found = new Set<string>();
  const seen = new Set<string>();
  const wide = new Map<number, number[] | null>();
  let failed = false;
  const charsOf = (pc: number, inst: Inst): number[] | null => {
    if (!wide.has(pc)) {
      let set: number[] | null = null;
      if (inst.op === RUNE1 || inst.op === RUNE) {
        const move = transitions(inst, FOLDED_ASCII);
        set = move.other || move.chars.length > 16 ? null : move.chars;
      }
      wide.set(pc, set);
    }
    return wide.get(pc)!;
  };
  const walk = (pc: number, prefix: string): void => {
    if (failed || seen.has(`${pc}:${prefix}`)) return;
    seen.add(`${pc}:${prefix}`);
    const inst = prog.inst[pc]!;
    if (inst.op === MATCH) {
      if (prefix === '') failed = true;
      else found.add(prefix);
    } else if (inst.op === ALT || inst.op === ALT_MATCH) {
      walk(inst.out, prefix);
      walk(inst.arg, prefix);
    } else if (inst.op === CAPTURE || inst.op === NOP || inst.op === EMPTY_WIDTH) {
      walk(inst.out, prefix);
    } else if (isRune(inst)) {
      const chars = prefix.length < depth ? charsOf(pc, inst) : null;
      if (chars === null) {
        if (prefix === '') failed = true;
        else found.add(prefix);
      } else {
        for (const c of chars) walk(inst.out, prefix + String.fromCharCode(c));
      }
    }
    if (found.size > limit) failed = true;
  };
  walk(prog.start, '');
  return failed ? null : [...found];
}
