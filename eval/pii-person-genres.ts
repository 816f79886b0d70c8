/**
 * PERSON precision and recall on eval/data/person-genres.jsonl: short sentences written by hand
 * for this project (not from any benchmark, and not from the presidio-research templates) in the
 * genres a gateway sees: e-mails, chat, support tickets, clinical notes, HR and banking text,
 * news. About half name people (lone first names, lone surnames, at a sentence's start and
 * inside it, full names), the rest hold look-alikes: products, brands, places, months,
 * capitalised ordinary words ("Grace period", "Frank feedback"). Each line lists the people it
 * names as they are written; every occurrence of each is a gold span.
 *
 * It is small (under 200 lines) and was written while the fifth round of PERSON work went on, so
 * its figures show breadth, not unbiased quality. Scored as eval/pii.ts scores PERSON: a
 * prediction is right when it overlaps a gold span.
 *
 * Usage: node eval/pii-person-genres.ts [--errors]   (npm run eval:pii-person-genres)
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { scanText } from '../src/detect/scan.ts';
import { personRecognizer } from '../src/detect/pii/ner/index.ts';

interface Line { readonly genre: string; readonly text: string; readonly people: readonly string[] }

const { values: args } = parseArgs({ options: { errors: { type: 'boolean', default: false } } });
const lines: Line[] = readFileSync(new URL('./data/person-genres.jsonl', import.meta.url), 'utf8')
  .split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Line);

/** Every occurrence of each listed name, as [start, end). */
function goldSpans(line: Line): [number, number][] {
  const spans: [number, number][] = [];
  for (const name of line.people) {
    for (let at = line.text.indexOf(name); at >= 0; at = line.text.indexOf(name, at + name.length)) spans.push([at, at + name.length]);
  }
  return spans;
}

const overlaps = (a: readonly [number, number], b: readonly [number, number]) => a[0] < b[1] && b[0] < a[1];
const byGenre = new Map<string, { gold: number; found: number; predicted: number; right: number }>();
const total = { gold: 0, found: 0, predicted: 0, right: 0 };
for (const line of lines) {
  const gold = goldSpans(line);
  const predicted = scanText(line.text, [personRecognizer]).filter((f) => f.type === 'PERSON').map((f): [number, number] => [f.start, f.end]);
  const found = gold.filter((g) => predicted.some((p) => overlaps(g, p)));
  const right = predicted.filter((p) => gold.some((g) => overlaps(g, p)));
  const row = byGenre.get(line.genre) ?? { gold: 0, found: 0, predicted: 0, right: 0 };
  for (const r of [row, total]) { r.gold += gold.length; r.found += found.length; r.predicted += predicted.length; r.right += right.length; }
  byGenre.set(line.genre, row);
  if (args.errors) {
    const missed = gold.filter((g) => !found.includes(g)).map(([s, e]) => line.text.slice(s, e));
    const wrong = predicted.filter((p) => !right.includes(p)).map(([s, e]) => line.text.slice(s, e));
    if (missed.length + wrong.length > 0) console.log(`${JSON.stringify(line.text)}\n   missed: ${JSON.stringify(missed)}  false: ${JSON.stringify(wrong)}`);
  }
}

const ratio = (a: number, b: number) => (b === 0 ? '  -  ' : (a / b).toFixed(3));
console.log(`PERSON on eval/data/person-genres.jsonl: ${lines.length} sentences, ${total.gold} names`);
console.log('genre       gold  P      R');
for (const [genre, r] of [...byGenre].sort()) console.log(`${genre.padEnd(10)} ${String(r.gold).padStart(5)}  ${ratio(r.right, r.predicted)}  ${ratio(r.found, r.gold)}`);
console.log(`${'all'.padEnd(10)} ${String(total.gold).padStart(5)}  ${ratio(total.right, total.predicted)}  ${ratio(total.found, total.gold)}   (${total.right}/${total.predicted} predictions right, ${total.found}/${total.gold} names found)`);
