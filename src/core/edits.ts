/**
 * Edits rewrite a decoded JSON body at a path that an adapter recorded when it decoded a
 * Part (or a tool definition). Keeping edits path-based lets guards stay protocol-agnostic:
 * they say "this text becomes that", the body is re-serialized once, and a request no guard
 * edits keeps its original bytes.
 */
export type JsonPath = readonly (string | number)[];

export type Edit =
  | { readonly op: 'replace'; readonly path: JsonPath; readonly value: unknown }
  | { readonly op: 'remove'; readonly path: JsonPath };

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
  for (const edit of edits) {
    if (edit.op === 'remove') {
      removals.push(edit);
      continue;
    }
    const { parent, key } = parentOf(root, edit.path);
    (parent as Record<string | number, unknown>)[key] = edit.value;
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
