/**
 * Files under a directory, for the evaluations and data builders that read the machine's own
 * files (node_modules, /usr/share/doc, ...): sorted paths, so every run reads the same files in
 * the same order; symbolic links followed; unreadable entries skipped. And the documents read
 * from them, each text once.
 */
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface Walk {
  /** Which files to keep, by name. */
  readonly match: (name: string) => boolean;
  /** Smaller and larger files are left out. */
  readonly minBytes?: number;
  readonly maxBytes?: number;
  /** Directories (and files) not to enter, by name. */
  readonly skip?: (name: string) => boolean;
}

export function filesUnder(dir: string, walk: Walk, out: string[] = []): string[] {
  let entries: string[];
  try { entries = readdirSync(dir).sort(); } catch { return out; }
  for (const name of entries) {
    if (walk.skip?.(name) === true) continue;
    const path = join(dir, name);
    let stat;
    try { stat = statSync(path); } catch { continue; }
    if (stat.isDirectory()) filesUnder(path, walk, out);
    else if (walk.match(name) && stat.size >= (walk.minBytes ?? 0) && stat.size <= (walk.maxBytes ?? Infinity)) out.push(path);
  }
  return out;
}

/** The documents whose text is at least 200 characters (trimmed), each text once (its first path). */
export function distinct<T extends { readonly text: string }>(list: readonly T[]): T[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const hash = createHash('sha256').update(d.text).digest('hex');
    if (seen.has(hash) || d.text.trim().length < 200) return false;
    seen.add(hash);
    return true;
  });
}
