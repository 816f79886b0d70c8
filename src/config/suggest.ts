/**
 * "did you mean" for unknown keys: strict objects turn typos into errors, and naming the
 * intended key turns the error into a one-second fix.
 */
import type { z } from 'zod';

/** The parts of a zod v4 schema definition needed to walk down a key path. */
interface WalkableDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  valueType?: z.ZodType;
}

function defOf(schema: z.ZodType): WalkableDef {
  return schema._zod.def as unknown as WalkableDef;
}

/** Strips wrappers (default, optional, pipe/transform...) that do not change the shape. */
function unwrap(schema: z.ZodType): z.ZodType {
  for (let current = schema; ; ) {
    const def = defOf(current);
    const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (inner === undefined) return current;
    current = inner;
  }
}

/** Keys the object schema at `path` accepts, or [] if the path does not lead to an object. */
export function knownKeys(root: z.ZodType, path: readonly PropertyKey[]): string[] {
  let schema: z.ZodType | undefined = unwrap(root);
  for (const segment of path) {
    const def: WalkableDef = defOf(schema);
    const next: z.ZodType | undefined =
      def.type === 'object' ? def.shape?.[String(segment)]
      : def.type === 'array' ? def.element
      : def.type === 'record' ? def.valueType
      : undefined;
    if (next === undefined) return [];
    schema = unwrap(next);
  }
  return Object.keys(defOf(schema).shape ?? {});
}

/** The closest known key within a small edit distance (or differing only in case), if any. */
export function closestKey(key: string, candidates: readonly string[]): string | undefined {
  // Short keys get less slack, or every 2-letter typo would "suggest" some unrelated key.
  const limit = key.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate.toLowerCase() === key.toLowerCase()) return candidate;
    const distance = editDistance(key, candidate);
    if (distance <= limit && distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

/** Optimal string alignment distance: Levenshtein plus adjacent swaps ("mdoels"). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}
