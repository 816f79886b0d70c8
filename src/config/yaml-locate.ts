/**
 * Maps between key paths (as zod reports them) and positions in the YAML source, so every
 * validation error can name a line and column.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';

export type KeyPath = readonly PropertyKey[];

/** The text of a mapping key, as it appears in a zod path. */
export function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return String(key);
}

function start(node: unknown): number | undefined {
  return isNodeWithRange(node) ? node.range[0] : undefined;
}

function isNodeWithRange(node: unknown): node is Node & { range: [number, number, number] } {
  return typeof node === 'object' && node !== null && Array.isArray((node as { range?: unknown }).range);
}

/**
 * Source offset for `path`: a mapping entry's key (so `baseUrl: x` points at `baseUrl`), or a
 * sequence item. When the path runs out of document (a missing key), it stops at the deepest
 * node that exists, i.e. the mapping the key is missing from.
 */
export function offsetOf(doc: Document, path: KeyPath): number {
  let node: unknown = doc.contents;
  let offset = start(node) ?? 0;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((item) => keyText(item.key) === String(segment));
      if (pair === undefined) break;
      offset = start(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (item === undefined) break;
      offset = start(item) ?? offset;
      node = item;
    } else break;
  }
  return offset;
}

/** The key path of the innermost node containing `offset` (used to name YAML errors' keys). */
export function pathAt(doc: Document, offset: number): KeyPath {
  const path: PropertyKey[] = [];
  let node: unknown = doc.contents;
  const contains = (n: unknown) => isNodeWithRange(n) && n.range[0] <= offset && offset <= n.range[2];
  for (;;) {
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && (contains(item.key) || contains(item.value)));
      if (pair === undefined) break;
      path.push(keyText(pair.key));
      next = contains(pair.value) ? pair.value : undefined;
    } else if (isSeq(node)) {
      const index = node.items.findIndex(contains);
      if (index === -1) break;
      path.push(index);
      next = node.items[index];
    }
    if (next === undefined) break;
    node = next;
  }
  return path;
}

/**
 * Source offset of the character at `inner` inside the string value at `path` (for errors
 * inside an embedded expression, such as a CEL condition). Exact for plain scalars and
 * block scalars; for quoted ones it assumes no escapes before the error.
 */
export function valueOffset(doc: Document, source: string, path: KeyPath, inner: number): number {
  let node: unknown = doc.contents;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) node = node.items.find((item) => keyText(item.key) === String(segment))?.value;
    else if (isSeq(node) && typeof segment === 'number') node = node.items[segment];
    else return offsetOf(doc, path);
  }
  if (!isScalar(node) || !isNodeWithRange(node) || typeof node.value !== 'string') return offsetOf(doc, path);
  const begin = node.range[0];
  if (node.type === 'PLAIN') return begin + inner;
  if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') return begin + 1 + inner;
  // Block scalar: the header line, then content lines sharing one indentation.
  const value = node.value;
  const lineIndex = value.slice(0, inner).split('\n').length - 1;
  const column = inner - (value.lastIndexOf('\n', inner - 1) + 1);
  let cursor = source.indexOf('\n', begin) + 1;
  const indent = /^[ ]*/.exec(source.slice(cursor))?.[0].length ?? 0;
  for (let i = 0; i < lineIndex && cursor > 0; i++) cursor = source.indexOf('\n', cursor) + 1;
  return cursor + indent + column;
}
