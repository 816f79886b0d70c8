/**
 * Scores the secrets detector on eval/data/secrets.jsonl (made by eval/make-secrets-set.ts):
 *
 *   node eval/secrets.ts            # overall and per-family table
 *   node eval/secrets.ts --errors   # also every miss and false alarm
 *
 * It runs what the gateway runs (scanText over SECRET_RECOGNIZERS, default threshold), from
 * the committed rules only. Definitions:
 * - a gold secret is found when a prediction overlaps it (any secrets type: the gateway
 *   redacts either way); exactly when one has its very span; typed when an overlapping
 *   prediction is of its family (SECRET_GITHUB_PAT and SECRET_GITHUB_OAUTH are both "github";
 *   SECRET_GENERIC and SECRET_GENERIC_API_KEY both "generic");
 * - precision: predictions overlapping some gold secret, over all predictions;
 * - false-positive rate (per line): lines with no secret that get any prediction, over such lines.
 * Per family, recall counts gold secrets of the family, precision and false-positive lines
 * count predictions of the family.
 */
import { readFileSync } from 'node:fs';
import { scanText } from '../src/detect/scan.ts';
import { SECRET_RECOGNIZERS } from '../src/detect/secrets/index.ts';
import type { Detection } from '../src/detect/types.ts';

interface Gold { readonly type: string; readonly start: number; readonly end: number }
interface Line { readonly text: string; readonly secrets: readonly Gold[] }

const PROVIDERS: Record<string, string> = { GCP: 'google', GENERIC: 'generic', PRIVATE: 'private_key' };

/** SECRET_GITHUB_FINE_GRAINED_PAT -> "github". */
export function family(type: string): string {
  const word = type.replace(/^SECRET_/, '').split('_')[0]!;
  return PROVIDERS[word] ?? word.toLowerCase();
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

interface Tally { gold: number; found: number; exact: number; typed: number; predicted: number; correct: number; fpLines: number }
const tally = (): Tally => ({ gold: 0, found: 0, exact: 0, typed: 0, predicted: 0, correct: 0, fpLines: 0 });

const lines: Line[] = readFileSync(new URL('data/secrets.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Line);
const showErrors = process.argv.includes('--errors');

const all = tally();
const byFamily = new Map<string, Tally>();
const of = (f: string) => byFamily.get(f) ?? (byFamily.set(f, tally()), byFamily.get(f)!);
let negatives = 0;
let positives = 0;
let positivesComplete = 0;
const errors: string[] = [];

for (const line of lines) {
  const predicted: Detection[] = scanText(line.text, SECRET_RECOGNIZERS);
  if (line.secrets.length === 0) negatives++;
  else positives++;
  let complete = true;
  for (const g of line.secrets) {
    const t = of(family(g.type));
    const hits = predicted.filter((p) => overlaps(p, g));
    for (const x of [all, t]) {
      x.gold++;
      if (hits.length > 0) x.found++;
      if (hits.some((p) => p.start === g.start && p.end === g.end)) x.exact++;
      if (hits.some((p) => family(p.type) === family(g.type))) x.typed++;
    }
    if (hits.length === 0) {
      complete = false;
      errors.push(`MISS  ${g.type} ${JSON.stringify(line.text.slice(g.start, g.end))} in ${JSON.stringify(line.text.slice(0, 160))}`);
    }
  }
  if (line.secrets.length > 0 && complete) positivesComplete++;
  const fpFamilies = new Set<string>();
  for (const p of predicted) {
    const ok = line.secrets.some((g) => overlaps(p, g));
    for (const x of [all, of(family(p.type))]) {
      x.predicted++;
      if (ok) x.correct++;
    }
    if (!ok) {
      fpFamilies.add(family(p.type));
      errors.push(`FALSE ${p.type} ${p.score} ${JSON.stringify(line.text.slice(p.start, p.end))} in ${JSON.stringify(line.text.slice(0, 160))}`);
    }
  }
  if (line.secrets.length === 0 && predicted.length > 0) all.fpLines++;
  if (line.secrets.length === 0) for (const f of fpFamilies) of(f).fpLines++;
}

const pct = (a: number, b: number) => (b === 0 ? '   -  ' : `${((100 * a) / b).toFixed(1).padStart(5)}%`);
console.log(`secrets eval: ${lines.length} lines (${positives} with ${all.gold} secrets, ${negatives} without), eval/data/secrets.jsonl\n`);
console.log(`recall ${pct(all.found, all.gold)} (exact span ${pct(all.exact, all.gold)}, right family ${pct(all.typed, all.gold)})`);
console.log(`precision ${pct(all.correct, all.predicted)} (${all.correct} of ${all.predicted} predictions on a secret)`);
console.log(`false-positive rate per line ${pct(all.fpLines, negatives)} (${all.fpLines} of ${negatives} lines without secrets flagged)`);
console.log(`lines with every secret found ${pct(positivesComplete, positives)}\n`);
console.log('family         gold  recall   exact   typed   pred  precision  FP lines');
for (const [name, t] of [...byFamily].sort((a, b) => b[1].gold - a[1].gold || a[0].localeCompare(b[0]))) {
  console.log(`${name.padEnd(13)} ${String(t.gold).padStart(5)}  ${pct(t.found, t.gold)}  ${pct(t.exact, t.gold)}  ${pct(t.typed, t.gold)}  ${String(t.predicted).padStart(5)}   ${pct(t.correct, t.predicted)}  ${String(t.fpLines).padStart(8)}`);
}
if (showErrors) console.log(`\n${errors.join('\n')}`);
