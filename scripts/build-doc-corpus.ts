/**
 * Builds eval/data/package-docs.jsonl: real, benign technical documents for the injection
 * detector, cut from the Markdown documentation of the installed npm packages (node_modules).
 *
 * Usage: node scripts/build-doc-corpus.ts   (writes the file; the committed one is what training reads)
 *
 * Why: a tool result in the wild is often documentation (a README an agent opened, a RAG chunk
 * of a manual), full of imperatives ("Define a schema", "Run npm install") and questions ("What
 * information is needed in a bug report is described in the manual"). The public injection
 * sets have no such text: their benign documents are e-mails, tables and abstracts, and the
 * model learnt that any request inside a document is an injected task. Before this corpus, the
 * committed model flagged 30% of the README files under node_modules as injections.
 *
 * The corpus is committed rather than read from node_modules at training time, so a dependency
 * update does not change the model's training data. Each row names its package, version,
 * licence and file; only packages under a licence that allows redistribution are kept.
 *
 * What is kept: README files and other Markdown documentation (docs/, CONTRIBUTING, SECURITY,
 * ...); not changelogs or licence files (lists and legal boilerplate), and not files written
 * as instructions to AI agents (AGENTS.md, CLAUDE.md, SKILL.md, skills/): as a tool result, those
 * are what an injection detector should look at twice. Files are cut into chunks the size of a
 * retrieval chunk or a section an agent reads (about 300 to 2,000 characters, at headings and
 * then at blank lines outside code fences); chunks without a line of prose (8 words or more)
 * are dropped, as are repeats; at most MAX_PER_PACKAGE chunks per package, picked evenly.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { filesUnder } from '../eval/files-under.ts';

const ROOT = fileURLToPath(new URL('../node_modules/', import.meta.url));
const TARGET = fileURLToPath(new URL('../eval/data/package-docs.jsonl', import.meta.url));
const MIN_CHUNK = 300;
const MAX_CHUNK = 2000;
const MAX_PER_PACKAGE = 10;
/** SPDX identifiers (or expressions made only of them) that allow redistribution with notice. */
const PERMISSIVE = /^\(?((MIT|ISC|Apache-2\.0|BSD-[23]-Clause|0BSD|BlueOak-1\.0\.0|Unlicense|CC0-1\.0|Python-2\.0|CC-BY-4\.0)( (OR|AND) )?)+\)?$/;
const SKIPPED_FILE = /^(changelog|changes|history|license|licence|notice|authors|agents|claude|skill)(\..*)?\.md$/i;

export interface DocChunk { readonly package: string; readonly version: string; readonly license: string; readonly file: string; readonly text: string }

/** Markdown documentation under dir (see the module comment for what is left out), sorted, following symlinks. */
const markdownFiles = (dir: string) => filesUnder(dir, {
  match: (name) => /\.md$/i.test(name) && !SKIPPED_FILE.test(name),
  maxBytes: 300_000,
  skip: (name) => name === 'skills' || name === 'test' || name === 'tests' || name === 'fixtures',
});

/** The nearest package.json above a file under node_modules that names a package and its version. */
export function owningPackage(file: string): { name: string; version: string; license: string } | null {
  for (let dir = dirname(file); dir.startsWith(ROOT) && dir.length > ROOT.length - 1; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    try {
      const json = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string; license?: unknown };
      if (typeof json.name !== 'string' || typeof json.version !== 'string') continue;
      return { name: json.name, version: json.version, license: typeof json.license === 'string' ? json.license : '' };
    } catch { continue; }
  }
  return null;
}

/** Cuts Markdown into chunks: at headings, then at blank lines outside code fences, MIN_CHUNK to MAX_CHUNK characters where the text allows. */
export function chunkMarkdown(markdown: string): string[] {
  // Blocks: runs of lines between blank lines, a fenced code block being one block.
  const blocks: { text: string; heading: boolean }[] = [];
  let current: string[] = [];
  let fenced = false;
  const flush = () => { if (current.length > 0) blocks.push({ text: current.join('\n'), heading: /^#{1,6}\s/.test(current[0] as string) }); current = []; };
  for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (!fenced && /^#{1,6}\s/.test(line)) { flush(); current.push(line); flush(); continue; }
    if (!fenced && line.trim() === '') { flush(); continue; }
    current.push(line);
  }
  flush();
  const chunks: string[] = [];
  let chunk = '';
  const emit = () => { if (chunk.trim() !== '') chunks.push(chunk.trim()); chunk = ''; };
  for (const block of blocks) {
    // A heading starts a new chunk once the current one is big enough; a chunk never passes MAX_CHUNK.
    if ((block.heading && chunk.length >= MIN_CHUNK) || chunk.length + block.text.length + 2 > MAX_CHUNK) emit();
    if (block.text.length > MAX_CHUNK) { chunks.push(block.text.slice(0, MAX_CHUNK)); continue; }
    chunk = chunk === '' ? block.text : `${chunk}\n\n${block.text}`;
  }
  emit();
  return chunks.filter((c) => c.length >= 120 && c.split('\n').some((line) => !/^\s*(#|\||<|!?\[)/.test(line) && line.trim().split(/\s+/).length >= 8));
}

/** Pieces of about 2,000 characters, cut at line ends (code, JSON and plain text). */
export function chunkLines(text: string): string[] {
  const out: string[] = [];
  for (let a = 0; a < text.length;) {
    let b = Math.min(text.length, a + 2000);
    if (b < text.length) { const nl = text.lastIndexOf('\n', b); if (nl > a + 500) b = nl + 1; }
    if (text.slice(a, b).trim() !== '') out.push(text.slice(a, b));
    a = b;
  }
  return out;
}

function build(): DocChunk[] {
  const byPackage = new Map<string, DocChunk[]>();
  const seen = new Set<string>();
  for (const file of markdownFiles(ROOT)) {
    const owner = owningPackage(file);
    if (owner === null || !PERMISSIVE.test(owner.license)) continue;
    for (const text of chunkMarkdown(readFileSync(file, 'utf8'))) {
      const hash = createHash('sha256').update(text).digest('hex');
      if (seen.has(hash)) continue;
      seen.add(hash);
      const list = byPackage.get(owner.name) ?? [];
      list.push({ package: owner.name, version: owner.version, license: owner.license, file: relative(ROOT, file), text });
      byPackage.set(owner.name, list);
    }
  }
  return evenlyPerPackage(byPackage, MAX_PER_PACKAGE);
}

/** At most `most` chunks of each package, picked evenly over its list, packages in name order. */
export function evenlyPerPackage<T>(byPackage: ReadonlyMap<string, readonly T[]>, most: number): T[] {
  const out: T[] = [];
  for (const name of [...byPackage.keys()].sort()) {
    const list = byPackage.get(name) as readonly T[];
    const take = Math.min(most, list.length);
    for (let k = 0; k < take; k++) out.push(list[Math.floor((k * list.length) / take)] as T);
  }
  return out;
}

/** Writes a corpus as JSON lines and says what it holds. */
export function writeCorpus(target: string, chunks: readonly { readonly package: string; readonly text: string }[]): void {
  writeFileSync(target, chunks.map((c) => JSON.stringify(c)).join('\n') + '\n');
  const packages = new Set(chunks.map((c) => c.package)).size;
  const chars = chunks.reduce((s, c) => s + c.text.length, 0);
  console.log(`wrote ${target}: ${chunks.length} chunks of ${packages} packages, ${(chars / 1024).toFixed(0)} KB of text`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) writeCorpus(TARGET, build());
