/**
 * False alarms on whole real documents read as tool results: how often the injection detector,
 * at its operating threshold for indirect input, flags documentation an agent might open. A
 * precision check on text outside the data sets, as eval/pii-prose.ts is for names.
 *
 * Usage: node eval/injection-docs.ts [--show N]      (npm run eval:injection-docs)
 *   --show N   also print N flagged documents (path, score and the flagged passage's start), not
 *              of the Debian half that is never read
 *
 * Corpora none of which was trained on (except the Debian dev half, below):
 * - the README.md files of the installed npm packages whose name falls in the held-out part of
 *   the package-docs split (eval/injection-data.ts): whole files, where training saw chunks of
 *   other packages' docs only; and, of the same packages, source files (.js, .ts) and JSON
 *   files, what a coding agent reads (at most 600 of each, spread over the sorted list);
 * - Python's standard library on this machine (/usr/lib/python3.x, at most 600 files), code and
 *   docstrings; and web pages, the HTML of the Rust book and the Cargo book where the machine has
 *   a Rust toolchain with its documentation (at most 600 pages), and of Node.js's API reference
 *   where Debian's nodejs documentation is installed;
 * - the README and NEWS files of the Debian packages installed on this machine
 *   (/usr/share/doc, gzipped or not, eval/debian-docs.ts): a different register (plain text, C
 *   tools, system administration). It depends on what is installed, so its counts vary from
 *   machine to machine; the count of files is printed with the rate. It is reported in two
 *   halves by package: the dev half may be read while changing rules, and since the fifteenth
 *   round eval/data/debian-docs.jsonl is cut from it (so its row is no longer held out); the
 *   other half is never trained on or read.
 * Each is reported whole (one document, one verdict) and cut into retrieval-sized chunks (the
 * cutting of scripts/build-doc-corpus.ts for Markdown; other files at line ends every 2,000
 * characters or so), as a RAG tool would return them.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { detectInjection } from '../src/detect/injection/index.ts';
import { chunkLines, chunkMarkdown, owningPackage } from '../scripts/build-doc-corpus.ts';
import { distinct, filesUnder } from './files-under.ts';
import { debianDocs, debianHalf } from './debian-docs.ts';
import { packageSplit } from './injection-data.ts';

const { values: args } = parseArgs({ options: { show: { type: 'string', default: '0' } } });

/** Non-empty files under dir whose name matches, at most `maxBytes` each (sorted, symbolic links followed). */
const files = (dir: string, match: (name: string) => boolean, maxBytes: number) => filesUnder(dir, { match, minBytes: 1, maxBytes });


interface Corpus { name: string; documents: { path: string; text: string }[] }

/** At most `most` of a sorted list, spread evenly over it. */
const spread = <T>(list: T[], most: number): T[] => list.length <= most ? list : Array.from({ length: most }, (_, k) => list[Math.floor((k * list.length) / most)] as T);
const readAll = (paths: string[]) => paths.map((path) => ({ path, text: readFileSync(path, 'utf8') }));

const root = fileURLToPath(new URL('../node_modules/', import.meta.url));
const heldOutPackage = (path: string) => { const owner = owningPackage(path); return owner !== null && packageSplit(owner.name) === 'held-out'; };
const corpora: Corpus[] = [
  { name: 'npm READMEs, held-out packages', documents: distinct(readAll(files(root, (n) => n.toLowerCase() === 'readme.md', 300_000).filter(heldOutPackage))) },
  // What a coding agent reads: source files and JSON (manifests, schemas, data), 600 of each at most.
  { name: 'npm source files (.js .ts), held-out packages', documents: distinct(readAll(spread(files(root, (n) => /\.(c|m)?(js|ts)$/.test(n), 100_000).filter(heldOutPackage), 600))) },
  { name: 'npm JSON files, held-out packages', documents: distinct(readAll(spread(files(root, (n) => n.endsWith('.json'), 100_000).filter(heldOutPackage), 600))) },
];
// Python's standard library, where the machine has it (Debian's python3): code and docstrings of another language.
const python = readdirSync('/usr/lib').filter((n) => /^python3\.\d+$/.test(n)).sort().pop();
if (python !== undefined) corpora.push({ name: `Python standard library (/usr/lib/${python})`, documents: distinct(readAll(spread(files(`/usr/lib/${python}`, (n) => n.endsWith('.py'), 100_000), 600))) });
// Web pages, where the machine has a Rust toolchain: the HTML of The Rust Programming Language
// and the Cargo book, tutorial prose that speaks to its reader ("Next, we'll introduce you to ...").
const rustDocs = rustHtml();
if (rustDocs !== null) corpora.push({ name: 'HTML pages: the Rust book and the Cargo book', documents: distinct(readAll(spread(['book', 'cargo'].flatMap((d) => files(join(rustDocs, d), (n) => n.endsWith('.html'), 300_000)), 600))) });
// Web pages of another make (fifteenth round): Node.js's API reference as Debian ships it, where the machine has it.
const nodeApi = files('/usr/share/doc/nodejs/api', (n) => n.endsWith('.html'), 1_000_000);
if (nodeApi.length > 0) corpora.push({ name: 'HTML pages: the Node.js API reference', documents: distinct(readAll(nodeApi)) });

/** The Rust toolchain's HTML documentation directory, or null. */
function rustHtml(): string | null {
  try {
    const root = execFileSync('rustc', ['--print', 'sysroot'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dir = join(root, 'share', 'doc', 'rust', 'html');
    return statSync(join(dir, 'book')).isDirectory() ? dir : null;
  } catch {
    return null;
  }
}
// Debian's dev half is where eval/data/debian-docs.jsonl was cut from (trained and calibrated on
// since the fifteenth round, a quarter of its packages held out); the other half is never read.
const debian = debianDocs();
corpora.push(
  { name: 'Debian READMEs and NEWS, dev half (the corpus trained on is cut from it)', documents: debian.filter((d) => debianHalf(d.package) === 'dev') },
  { name: 'Debian READMEs and NEWS, other half', documents: debian.filter((d) => debianHalf(d.package) === 'other') },
);

const show = Number(args.show);
for (const corpus of corpora) {
  const flagged: { path: string; score: number; passage: string }[] = [];
  let chunks = 0, flaggedChunks = 0;
  for (const { path, text } of corpus.documents) {
    const result = detectInjection(text, 'indirect');
    if (result.detected) {
      const first = result.findings.find((f) => f.type === 'PROMPT_INJECTION');
      flagged.push({ path, score: result.score, passage: first === undefined ? '' : text.slice(first.start, first.end) });
    }
    for (const chunk of /\.md$/i.test(path) ? chunkMarkdown(text) : chunkLines(text)) {
      chunks++;
      if (detectInjection(chunk, 'indirect').detected) flaggedChunks++;
    }
  }
  const n = corpus.documents.length;
  const pct = (k: number, of: number) => `${((100 * k) / Math.max(1, of)).toFixed(1)}%`;
  console.log(`${corpus.name}: ${flagged.length} of ${n} documents flagged (${pct(flagged.length, n)}); ${flaggedChunks} of ${chunks} chunks (${pct(flaggedChunks, chunks)})`);
  if (corpus.name.endsWith('other half')) continue;
  for (let k = 0; k < Math.min(show, flagged.length); k++) {
    const f = flagged[Math.floor((k * flagged.length) / Math.min(show, flagged.length))]!;
    console.log(`  ${f.score.toFixed(3)} ${f.path}: ${JSON.stringify(f.passage.replace(/\s+/g, ' ').slice(0, 160))}`);
  }
}
