/**
 * Walks the JSON of an MCP definition without recursion. Definitions come from upstream servers
 * we do not trust: a schema nested ten thousand levels deep must not overflow the stack of a
 * scan, and the cost must stay linear in the size of the definition.
 */
import { formatPath } from '../../config/errors.ts';
import { printable } from './text.ts';

/** A position in a definition: its parent and the key or index that leads here. */
export interface JsonPath {
  readonly parent: JsonPath | undefined;
  readonly segment: string | number;
}

/** One string met on the walk: a value, or an object key (keys can hide text too). */
export interface JsonString {
  readonly text: string;
  readonly path: JsonPath | undefined;
  readonly isKey: boolean;
  /** The key of the member holding this string (`description`, `default`, ...); array items inherit their array's. */
  readonly member: string;
}

/** Below this depth the walk stops descending; real schemas stay far above it. */
export const MAX_WALK_DEPTH = 128;

/** Every string of `value`, depth first, keys before their values. */
export function* jsonStrings(value: unknown): Generator<JsonString> {
  const stack: { value: unknown; path: JsonPath | undefined; member: string; depth: number }[] = [{ value, path: undefined, member: '', depth: 0 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { value: v, path, depth } = item;
    if (typeof v === 'string') yield { text: v, path, isKey: false, member: item.member };
    if (typeof v !== 'object' || v === null || depth >= MAX_WALK_DEPTH) continue;
    const children: typeof stack = [];
    if (Array.isArray(v)) {
      v.forEach((child, index) => children.push({ value: child, path: { parent: path, segment: index }, member: item.member, depth: depth + 1 }));
    } else {
      for (const [key, child] of Object.entries(v as Record<string, unknown>)) {
        const childPath = { parent: path, segment: key };
        yield { text: key, path: childPath, isKey: true, member: key };
        children.push({ value: child, path: childPath, member: key, depth: depth + 1 });
      }
    }
    // Reversed onto the stack so strings come out in document order.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
}

/** How deep `value` nests (0 for a primitive), counted without recursion, stopping past `limit`. */
export function jsonDepth(value: unknown, limit = Number.POSITIVE_INFINITY): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [v, depth] = item;
    if (typeof v !== 'object' || v === null) continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(v) ? v : Object.values(v as Record<string, unknown>)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** `inputSchema.properties.path.description`, with any hidden characters in keys made visible. */
export function pathText(path: JsonPath | undefined): string {
  const segments: (string | number)[] = [];
  for (let p = path; p !== undefined; p = p.parent) segments.push(typeof p.segment === 'string' ? printable(p.segment, 80) : p.segment);
  return formatPath(segments.reverse());
}

/** The key of the object member two levels up: for `properties.url.default`, 'url'. */
export function propertyOf(path: JsonPath | undefined): string | undefined {
  const parent = path?.parent;
  return parent !== undefined && typeof parent.segment === 'string' && parent.parent?.segment === 'properties' ? parent.segment : undefined;
}
