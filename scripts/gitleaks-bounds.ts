/**
 * Bounds on how far a rule's match can reach, for the runtime's windows (see
 * CompiledRule.maxLength and CompiledRule.loops in src/detect/secrets/rules.ts).
 */
import { ALT, ALT_MATCH, FAIL, followClasses, isRune, MATCH, maxWidth, type Prog } from './gitleaks-program.ts';

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

