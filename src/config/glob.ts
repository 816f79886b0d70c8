/**
 * Model-name globs: '*' matches any run of characters (including none); every other character is
 * literal and case-sensitive. Matching runs on every request, so exact names go through a Set and
 * globs use a hand-written matcher instead of a RegExp: no backtracking, no escaping to get wrong.
 */

/** A glob split at its '*'s: `head*mid1*mid2*tail`. */
interface CompiledGlob {
  readonly head: string;
  readonly middles: readonly string[];
  readonly tail: string;
  /** Shortest name that can match: all literal characters. */
  readonly minLength: number;
}

function compileGlob(pattern: string): CompiledGlob {
  const parts = pattern.split('*');
  const head = parts[0] ?? '';
  const tail = parts.length > 1 ? (parts[parts.length - 1] ?? '') : '';
  // Empty middles come from '**', which means the same as '*'.
  const middles = parts.slice(1, -1).filter((part) => part !== '');
  const minLength = head.length + tail.length + middles.reduce((sum, m) => sum + m.length, 0);
  return { head, middles, tail, minLength };
}

/**
 * Head and tail are pinned to the ends of the name. Each middle is then taken at its leftmost
 * occurrence after the previous one: any match could shift that middle left to the leftmost
 * occurrence and still match, so leftmost-first never misses one. That makes the matcher a single
 * forward scan (each `indexOf` resumes where the last stopped) with no backtracking.
 */
function matchGlob(glob: CompiledGlob, name: string): boolean {
  // Also guarantees head and tail do not overlap.
  if (name.length < glob.minLength) return false;
  if (!name.startsWith(glob.head) || !name.endsWith(glob.tail)) return false;
  let position = glob.head.length;
  const end = name.length - glob.tail.length;
  for (const middle of glob.middles) {
    const found = name.indexOf(middle, position);
    if (found === -1 || found + middle.length > end) return false;
    position = found + middle.length;
  }
  return true;
}

/** Compiles patterns once into a predicate "does any pattern match this name?". */
export function compileGlobs(patterns: readonly string[]): (name: string) => boolean {
  const exact = new Set<string>();
  const globs: CompiledGlob[] = [];
  for (const pattern of patterns) {
    if (pattern.includes('*')) globs.push(compileGlob(pattern));
    else exact.add(pattern);
  }
  if (globs.length === 0) return (name) => exact.has(name);
  return (name) => exact.has(name) || globs.some((glob) => matchGlob(glob, name));
}
