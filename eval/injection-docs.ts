/**
 * False alarms on whole real documents read as tool results: how often the injection detector,
 * at its operating threshold for indirect input, flags documentation an agent might open. A
 * precision check on text outside the data sets, as eval/pii-prose.ts is for names.
 *
 * Usage: node eval/injection-docs.ts [--show N]      (npm run eval:injection-docs)
 *   --show N   also print N flagged documents (path, score and the flagged passage's start), not
 *              of the Debian half that is never read
 *
 * Two corpora, neither trained on:
 * - the README.md files of the installed npm packages whose name falls in the held-out part of
 *   the package-docs split (eval/injection-data.ts): whole files, where training saw chunks of
 *   other packages only;
 * - the README and NEWS files of the Debian packages installed on this machine
 *   (/usr/share/doc, gzipped or not): a different register (plain text, C tools, system
 *   administration), never seen in any form. It depends on what is installed, so its counts
 *   vary from machine to machine; the count of files is printed with the rate. It is reported in
 *   two halves by package: the dev half may be read while changing rules, the other may not.
 * Each is reported whole (one document, one verdict) and cut into retrieval-sized chunks (the
 * cutting of scripts/build-doc-corpus.ts), as a RAG tool would return them.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { detectInjection } from '../src/detect/injection/index.ts';
import { chunkMarkdown } from '../scripts/build-doc-corpus.ts';
import { packageSplit, unit } from './injection-data.ts';

const { values: args } = parseArgs({ options: { show: { type: 'string', default: '0' } } });

/** Files under dir whose name matches, sorted, following symlinks, at most `limit` bytes each. */
function files(dir: string, match: (name: string) => boolean, limit: number, out: string[] = []): string[] {
  let entries: string[];
  try { entries = readdirSync(dir).sort(); } catch { return out; }
  for (const name of entries) {
    const path = join(dir, name);
    let stat;
    try { stat = statSync(path); } catch { continue; }
    if (stat.isDirectory()) files(path, match, limit, out);
    else if (match(name) && stat.size > 0 && stat.size <= limit) out.push(path);
  }
  return out;
}

/** The nearest package.json's name above a file under node_modules. */
function packageName(path: string): string | null {
  const parts = path.split('/');
  for (let i = parts.length - 1; i > 0; i--) {
    try {
      const json = JSON.parse(readFileSync([...parts.slice(0, i), 'package.json'].join('/'), 'utf8')) as { name?: unknown };
      if (typeof json.name === 'string') return json.name;
    } catch { /* no manifest at this level */ }
  }
  return null;
}

interface Corpus { name: string; documents: { path: string; text: string }[] }

function distinct(list: { path: string; text: string }[]): { path: string; text: string }[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const hash = createHash('sha256').update(d.text).digest('hex');
    if (seen.has(hash) || d.text.trim().length < 200) return false;
    seen.add(hash);
    return true;
  });
}

const root = fileURLToPath(new URL('../node_modules/', import.meta.url));
const corpora: Corpus[] = [
  {
    name: 'npm READMEs, held-out packages',
    documents: distinct(files(root, (n) => n.toLowerCase() === 'readme.md', 300_000)
      .filter((path) => { const name = packageName(path); return name !== null && packageSplit(name) === 'held-out'; })
      .map((path) => ({ path, text: readFileSync(path, 'utf8') }))),
  },
];
const debian = distinct(files('/usr/share/doc', (n) => /^(README|NEWS)([._-].*)?$/i.test(n) && !/\.(html?|pdf|png)$/i.test(n), 300_000)
  .map((path) => ({ path, text: (path.endsWith('.gz') ? gunzipSync(readFileSync(path)) : readFileSync(path)).toString('utf8') }))
  .filter((d) => !d.text.includes('\u0000')));
// Halves by a hash of the Debian package's directory: the dev half may be read while changing
// rules (--show prints only its documents); the other half is reported and never read.
const dev = (path: string) => unit(`debian-doc:${path.split('/')[4]}`) < 0.5;
corpora.push(
  { name: 'Debian READMEs and NEWS, dev half', documents: debian.filter((d) => dev(d.path)) },
  { name: 'Debian READMEs and NEWS, other half', documents: debian.filter((d) => !dev(d.path)) },
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
    for (const chunk of chunkMarkdown(text)) {
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
