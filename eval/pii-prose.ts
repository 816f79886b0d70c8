/**
 * A precision guard for the PERSON recognizer on text that is not the evaluation data set: the
 * prose paragraphs of the README.md files of the installed packages (node_modules). That is
 * technical English, full of capitalised product, library and tool names and nearly free of
 * people, so nearly every PERSON finding there is a false alarm. The count is no precision
 * figure (the few real names, authors and maintainers, count too); it is a number that a change
 * to the name rules must not raise, measured the same way before and after.
 *
 * Usage: node eval/pii-prose.ts [--show N] [--lowercase]
 *   --show N       also print N findings (the word and a little context) picked evenly over the list
 *   --lowercase    scan the paragraphs in lowercase: the caseless rules (a message typed all in
 *                  lowercase has only the lexicon and the spelling of words to go on)
 *
 * Paragraphs are blocks between blank lines, outside fenced code; headings, tables, HTML,
 * indented code, list items and lines of links or badges are left out, as are paragraphs of
 * fewer than 8 words. README files with the same text (one package installed twice) count once.
 * The set depends on the installed packages, which package-lock.json pins.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { scanText } from '../src/detect/scan.ts';
import { personRecognizer } from '../src/detect/pii/ner/index.ts';
import { filesUnder } from './files-under.ts';

const { values: args } = parseArgs({ options: { show: { type: 'string', default: '0' }, lowercase: { type: 'boolean', default: false } } });
const root = fileURLToPath(new URL('../node_modules/', import.meta.url));


/** The prose paragraphs of a Markdown text (see the header for what is left out). */
export function proseParagraphs(markdown: string): string[] {
  const paragraphs: string[] = [];
  let fenced = false;
  let block: string[] = [];
  const flush = () => {
    if (block.length > 0) {
      const text = block.join('\n');
      if (text.split(/\s+/).length >= 8) paragraphs.push(text);
    }
    block = [];
  };
  for (const line of markdown.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) { fenced = !fenced; flush(); continue; }
    if (fenced) continue;
    if (line.trim() === '') { flush(); continue; }
    const notProse = /^\s*(#|\||<|>|[-*+]\s|\d+[.)]\s|!?\[)/.test(line) || /^( {4}|\t)/.test(line) || /^\s*[=-]{3,}\s*$/.test(line);
    if (notProse) { flush(); continue; }
    block.push(line);
  }
  flush();
  return paragraphs;
}

const seen = new Set<string>();
const paragraphs: string[] = [];
let files = 0;
for (const path of filesUnder(root, { match: (name) => name.toLowerCase() === 'readme.md' })) {
  const text = readFileSync(path, 'utf8');
  const hash = createHash('sha256').update(text).digest('hex');
  if (seen.has(hash)) continue;
  seen.add(hash);
  files++;
  paragraphs.push(...proseParagraphs(args.lowercase ? text.toLowerCase() : text));
}

const findings: string[] = [];
let withFinding = 0;
for (const p of paragraphs) {
  const found = scanText(p, [personRecognizer]).filter((f) => f.type === 'PERSON');
  if (found.length > 0) withFinding++;
  for (const f of found) findings.push(`${JSON.stringify(p.slice(f.start, f.end))}  in  ${JSON.stringify(p.slice(Math.max(0, f.start - 40), f.end + 40).replace(/\s+/g, ' '))}`);
}
console.log(`README prose (${root}): ${files} distinct README.md files, ${paragraphs.length} paragraphs${args.lowercase ? ', in lowercase' : ''}`);
console.log(`PERSON findings: ${findings.length} in ${withFinding} paragraphs`);
const show = Number(args.show);
for (let k = 0; k < Math.min(show, findings.length); k++) console.log(`  ${findings[Math.floor((k * findings.length) / Math.min(show, findings.length))]}`);
