/**
 * A unified line diff (`diff -u` style, 3 lines of context) of two policy renderings. Common
 * leading and trailing lines are set aside first (a policy edit is usually small), then the
 * middle is aligned by longest common subsequence. The LCS table is bounded: past it the
 * middle is shown as replaced wholesale, which is still a correct diff, only a coarser one.
 */
const CONTEXT = 3;
const MAX_CELLS = 4_000_000;

type Op = { readonly kind: ' ' | '-' | '+'; readonly text: string };

export function unifiedDiff(before: string, after: string, fromLabel: string, toLabel: string): string {
  const a = lines(before);
  const b = lines(after);
  const ops = align(a, b);
  if (ops.every((op) => op.kind === ' ')) return '';
  return [`--- ${fromLabel}`, `+++ ${toLabel}`, ...hunks(ops)].join('\n') + '\n';
}

function lines(text: string): string[] {
  if (text === '') return [];
  const split = text.split('\n');
  if (split.at(-1) === '') split.pop();
  return split;
}

function align(a: readonly string[], b: readonly string[]): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const same = (from: number, to: number): Op[] => a.slice(from, to).map((text) => ({ kind: ' ', text }));
  return [...same(0, start), ...middle(a.slice(start, endA), b.slice(start, endB)), ...same(endA, a.length)];
}

function middle(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_CELLS) return [...a.map((text): Op => ({ kind: '-', text })), ...b.map((text): Op => ({ kind: '+', text }))];
  // lcs[i][j]: length of the LCS of a[i..] and b[j..], flattened row-major.
  const lcs = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => lcs[i * (m + 1) + j] as number;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * (m + 1) + j] = a[i] === b[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push({ kind: ' ', text: a[i++] as string });
      j++;
    } else if (at(i + 1, j) >= at(i, j + 1)) ops.push({ kind: '-', text: a[i++] as string });
    else ops.push({ kind: '+', text: b[j++] as string });
  }
  while (i < n) ops.push({ kind: '-', text: a[i++] as string });
  while (j < m) ops.push({ kind: '+', text: b[j++] as string });
  return ops;
}

/** Groups changes with their context into `@@ -l,s +l,s @@` hunks; nearby changes share one. */
function hunks(ops: readonly Op[]): string[] {
  const out: string[] = [];
  const changed = ops.flatMap((op, index) => (op.kind === ' ' ? [] : [index]));
  let k = 0;
  while (k < changed.length) {
    const first = changed[k] as number;
    let last = first;
    while (k + 1 < changed.length && (changed[k + 1] as number) - last <= 2 * CONTEXT + 1) last = changed[++k] as number;
    k++;
    const from = Math.max(0, first - CONTEXT);
    const to = Math.min(ops.length, last + CONTEXT + 1);
    // Line numbers where the hunk starts, counted over the ops before it.
    let lineA = 1;
    let lineB = 1;
    for (let i = 0; i < from; i++) {
      if (ops[i]?.kind !== '+') lineA++;
      if (ops[i]?.kind !== '-') lineB++;
    }
    const body = ops.slice(from, to);
    const sizeA = body.filter((op) => op.kind !== '+').length;
    const sizeB = body.filter((op) => op.kind !== '-').length;
    out.push(`@@ -${sizeA === 0 ? lineA - 1 : lineA},${sizeA} +${sizeB === 0 ? lineB - 1 : lineB},${sizeB} @@`);
    for (const op of body) out.push(op.kind + op.text);
  }
  return out;
}
