/**
 * The README and NEWS files of the Debian packages installed on this machine (/usr/share/doc,
 * gzipped or not), for the injection detector: plain text in a register none of the public sets
 * has (hard-wrapped prose, release notes that are lists of imperatives, system administration).
 *
 * Split in halves by a hash of the package's directory. The dev half is where
 * eval/data/debian-docs.jsonl comes from (scripts/build-debian-doc-corpus.ts, trained and
 * calibrated on since the fifteenth round, with a held-out quarter of its own); the other half is
 * never trained on or read, and `npm run eval:injection-docs` reports it as it finds it here.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { distinct, filesUnder } from './files-under.ts';
import { unit } from './injection-data.ts';

export interface DebianDoc { readonly path: string; readonly package: string; readonly text: string }

const ROOT = '/usr/share/doc';

/** Every distinct README or NEWS text of at least 200 characters, the first path that has it (sorted). */
export function debianDocs(): DebianDoc[] {
  return distinct(filesUnder(ROOT, { match: (n) => /^(README|NEWS)([._-].*)?$/i.test(n) && !/\.(html?|pdf|png)$/i.test(n), minBytes: 1, maxBytes: 300_000 })
    .map((path) => ({ path, package: path.slice(ROOT.length + 1).split('/')[0] as string, text: (path.endsWith('.gz') ? gunzipSync(readFileSync(path)) : readFileSync(path)).toString('utf8') }))
    .filter((d) => !d.text.includes('\u0000')));
}

/** The half a package's documents are in: 'dev' (the corpus is cut from it) or 'other' (never read). */
export const debianHalf = (packageDir: string): 'dev' | 'other' => unit(`debian-doc:${packageDir}`) < 0.5 ? 'dev' : 'other';
