/**
 * Edits rewrite a decoded JSON body at a path that an adapter recorded when it decoded a
 * Part (or a tool definition). Keeping edits path-based lets guards stay protocol-agnostic:
 * they say "this text becomes that", the body is re-serialized once, and a request no guard
 * edits keeps its original bytes.
 */
export type JsonPath = readonly (string | number)[];

export type Edit =
  | { readonly op: 'replace'; readonly path: JsonPath; readonly value: unknown }
  | { readonly op: 'remove'; readonly path: JsonPath }
  /**
   * Replaces characters [start, end) of the string at `path`, offsets into the string as it
   * was decoded (UTF-16). Several guards can splice one text (data protection masks a name,
   * injection defence replaces a passage) without knowing of each other; see `spliceText`.
   */
  | { readonly op: 'splice'; readonly path: JsonPath; readonly start: number; readonly end: number; readonly value: string };

export type Splice = Extract<Edit, { op: 'splice' }>;

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

function parentOf(root: unknown, path: JsonPath): { parent: Container; key: string | number } {
  if (path.length === 0) throw new Error('an edit needs a non-empty path');
  let node: unknown = root;
  for (let i = 0; i < path.length - 1; i++) {
    if (!isContainer(node)) throw new Error(`edit path ${path.join('/')} does not exist`);
    node = (node as Record<string | number, unknown>)[path[i] as string | number];
  }
  if (!isContainer(node)) throw new Error(`edit path ${path.join('/')} does not exist`);
  return { parent: node, key: path[path.length - 1] as string | number };
}

/**
 * Applies edits to a decoded body in place. Removals from arrays run last and from the
 * highest index down, so earlier removals never shift the paths of later ones.
 */
export function applyEdits(root: unknown, edits: readonly Edit[]): void {
  const removals: Edit[] = [];
  const replaced = new Set<string>();
  const splices = new Map<string, Splice[]>();
  for (const edit of edits) {
    if (edit.op === 'remove') {
      removals.push(edit);
      continue;
    }
    if (edit.op === 'splice') {
      const key = pathKey(edit.path);
      splices.get(key)?.push(edit) ?? splices.set(key, [edit]);
      continue;
    }
    replaced.add(pathKey(edit.path));
    const { parent, key } = parentOf(root, edit.path);
    (parent as Record<string | number, unknown>)[key] = edit.value;
  }
  // A whole-value replacement (a withheld tool result) supersedes splices of that value.
  for (const [key, group] of splices) {
    if (replaced.has(key)) continue;
    const { parent, key: field } = parentOf(root, (group[0] as Splice).path);
    const text = (parent as Record<string | number, unknown>)[field];
    if (typeof text !== 'string') throw new Error(`edit path ${key} is not a string`);
    (parent as Record<string | number, unknown>)[field] = spliceText(text, group);
  }
  removals.sort((a, b) => compareForRemoval(a.path, b.path));
  for (const edit of removals) {
    const { parent, key } = parentOf(root, edit.path);
    if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
    else delete (parent as Record<string | number, unknown>)[key];
  }
}

/** Deeper paths first, then higher array indices first. */
function compareForRemoval(a: JsonPath, b: JsonPath): number {
  if (a.length !== b.length) return b.length - a.length;
  const ka = a[a.length - 1];
  const kb = b[b.length - 1];
  return typeof ka === 'number' && typeof kb === 'number' ? kb - ka : 0;
}

const pathKey = (path: JsonPath): string => path.join('\u0000');

/**
 * Applies splices to one text. Overlapping splices merge into one that covers all of them and
 * takes the value of the widest (the later on a tie): a notice replacing an injected passage
 * swallows a name masked inside it, and no fragment of an overlapping value survives. Splices
 * of zero width insert text and overlap nothing.
 */
export function spliceText(text: string, splices: readonly Pick<Splice, 'start' | 'end' | 'value'>[]): string {
  const ordered = splices
    .map((s, order) => ({ start: Math.max(0, s.start), end: Math.min(text.length, s.end), value: s.value, order }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
  let out = '';
  let at = 0;
  for (let i = 0; i < ordered.length;) {
    let { start, end } = ordered[i] as (typeof ordered)[number];
    let winner = ordered[i] as (typeof ordered)[number];
    let j = i + 1;
    // Zero-width splices are insertions: they never join a cluster.
    while (end > start && j < ordered.length && (ordered[j] as (typeof ordered)[number]).start < end) {
      const next = ordered[j] as (typeof ordered)[number];
      if (next.end - next.start > winner.end - winner.start ||
        (next.end - next.start === winner.end - winner.start && next.order > winner.order)) winner = next;
      end = Math.max(end, next.end);
      j++;
    }
    start = Math.max(start, at);
    out += text.slice(at, start) + winner.value;
    at = Math.max(at, end);
    i = j;
  }
  return out + text.slice(at);
}
