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
 * (How far a match can reach is in gitleaks-bounds.ts; reading the program, in gitleaks-program.ts.)
 */
import { ALT, ALT_MATCH, CAPTURE, EMPTY_WIDTH, FAIL, FOLDED_ASCII, followClasses, isRune, MATCH, maxWidth, NOP, RUNE1, RUNE, transitions, Trie, type Inst, type Prog } from './gitleaks-program.ts';

export interface Anchor {
  readonly literal: string;
  readonly min: number;
  readonly max: number;
  readonly gate: number | null;
  readonly follow: readonly string[];
  readonly after: string | null;
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
