/**
 * Builds eval/data/debian-docs.jsonl: real, benign plain-text documents for the injection
 * detector, cut from the README and NEWS files of the Debian packages in the dev half of
 * /usr/share/doc (eval/debian-docs.ts; the other half stays unread, for eval:injection-docs).
 *
 * Usage: node scripts/build-debian-doc-corpus.ts   (writes the file; the committed one is what training reads)
 *
 * Why (fifteenth round): documentation read as a tool result was flagged mostly in this
 * register: hard-wrapped plain text, whose lines ("then define your customizations", "So, how
 * does Rust") the detector scores as sentences, and release notes that are lists of imperatives
 * ("Fix the parser to ...", "Use it if you want binary data in your output."). Nothing trained on
 * looked like it: the Markdown of npm packages is the only real documentation in English, and
 * at the threshold it calibrates, 2.8% of 2,000-character chunks of Debian's files were flagged.
 *
 * The corpus is committed, so training does not depend on what this machine has installed. Each
 * row names its package, version, file and the licences its copyright file lists (mostly GPL,
 * with the rest of the free licences Debian allows: the texts are kept verbatim with their
 * attribution, as eval/data/foreign-docs.jsonl keeps Debian's man pages). Files are cut as the
 * package docs are (scripts/build-doc-corpus.ts: about 300 to 2,000 characters, at headings and
 * blank lines, a line of prose in each); repeats are dropped; at most MAX_PER_PACKAGE chunks per
 * package, picked evenly.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { debianDocs, debianHalf } from '../eval/debian-docs.ts';
import { chunkMarkdown, evenlyPerPackage, writeCorpus } from './build-doc-corpus.ts';

const TARGET = fileURLToPath(new URL('../eval/data/debian-docs.jsonl', import.meta.url));
const MAX_PER_PACKAGE = 12;

export interface DebianChunk { readonly package: string; readonly version: string; readonly license: string; readonly file: string; readonly text: string }

/** The installed version of a package, or '' when dpkg does not know the directory's name as a package. */
function version(name: string): string {
  try { return execFileSync('dpkg-query', ['-W', '-f=${Version}', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return ''; }
}

/** The licences a Debian copyright file lists ("License:" fields, each once, in order). */
function licences(name: string): string {
  const path = `/usr/share/doc/${name}/copyright`;
  if (!existsSync(path)) return '';
  const names = [...readFileSync(path, 'utf8').matchAll(/^License:[ \t]*(\S[^\n]*)$/gm)].map((m) => (m[1] as string).trim());
  return [...new Set(names)].join('; ');
}

function build(): DebianChunk[] {
  const byPackage = new Map<string, DebianChunk[]>();
  const seen = new Set<string>();
  for (const doc of debianDocs()) {
    if (debianHalf(doc.package) !== 'dev') continue;
    const list = byPackage.get(doc.package) ?? [];
    for (const text of chunkMarkdown(doc.text)) {
      const hash = createHash('sha256').update(text).digest('hex');
      if (seen.has(hash)) continue;
      seen.add(hash);
      list.push({ package: doc.package, version: '', license: '', file: doc.path, text });
    }
    byPackage.set(doc.package, list);
  }
  // dpkg and the copyright file, once per package kept.
  const meta = new Map<string, { version: string; license: string }>();
  return evenlyPerPackage(byPackage, MAX_PER_PACKAGE).map((chunk) => {
    if (!meta.has(chunk.package)) meta.set(chunk.package, { version: version(chunk.package), license: licences(chunk.package) });
    return { ...chunk, ...meta.get(chunk.package)! };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) writeCorpus(TARGET, build());
