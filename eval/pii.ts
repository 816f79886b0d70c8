/**
 * PII detection quality on the presidio-research synthetic data set: Portcullis's PII
 * recognizers next to redact-pii, per entity type (span level) and for PII as a whole (token
 * level, presidio-research's rules). See eval/README.md for the matching rules and the label map.
 *
 * Usage: node eval/pii.ts [--dataset PATH] [--raw-gold] [--errors TYPE] [--no-timing]
 *   --raw-gold     keep the data set's address pieces instead of merging them (see dataset.ts)
 *   --errors TYPE  list our misses and false alarms of TYPE on the tuning half (never held-out)
 *   --tuning-only  print the tuning half's table only (what to look at while tuning)
 * Writes eval/results/pii.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { scanText } from '../src/detect/scan.ts';
import type { Recognizer } from '../src/detect/types.ts';
import { NER_RECOGNIZERS } from '../src/detect/pii/ner/index.ts';
import { isTuning, LABEL_MAP, loadDataset, PII_TYPES, type Sample, type Span } from './dataset.ts';
import { countSpans, countTokens, type Counts, scores, type Scores, tokenScores, type TokenCounts } from './metrics.ts';
import { alignRedaction, loadRedactPii, REDACT_PII_MAP } from './redact-pii.ts';
import { formatTable, timeRecognizers } from './report.ts';

const { values: args } = parseArgs({
  options: {
    dataset: { type: 'string', default: fileURLToPath(new URL('../../shared/datasets/pii/presidio-research/synth_dataset_v2.json', import.meta.url)) },
    'raw-gold': { type: 'boolean', default: false },
    errors: { type: 'string' },
    'tuning-only': { type: 'boolean', default: false },
    'no-timing': { type: 'boolean', default: false },
  },
});

/** PII_RECOGNIZERS may not exist yet while it is being written: the evaluation then runs ours alone. */
async function loadRecognizers(): Promise<{ recognizers: Recognizer[]; note: string }> {
  let base: readonly Recognizer[] = [];
  let note = 'PII_RECOGNIZERS loaded from src/detect/pii/index.ts';
  try {
    const mod = (await import('../src/detect/pii/index.ts' as string)) as { PII_RECOGNIZERS?: readonly Recognizer[] };
    if (Array.isArray(mod.PII_RECOGNIZERS)) base = mod.PII_RECOGNIZERS;
    else note = 'src/detect/pii/index.ts has no PII_RECOGNIZERS export: NER recognizers only';
  } catch (error) {
    note = `src/detect/pii/index.ts not loadable (${(error as Error).message.split('\n')[0]}): NER recognizers only`;
  }
  const names = new Set(base.map((r) => r.name));
  return { recognizers: [...base, ...NER_RECOGNIZERS.filter((r) => !names.has(r.name))], note };
}

const samples = loadDataset(args.dataset!, !args['raw-gold']);
const { recognizers, note } = await loadRecognizers();
console.log(`Data set: ${args.dataset} (${samples.length} samples${args['raw-gold'] ? ', raw gold' : ', address pieces merged'})`);
console.log(`Portcullis: ${note}; ${recognizers.length} recognizers: ${recognizers.map((r) => r.name).join(', ')}`);

type System = 'portcullis' | 'redact-pii';
const predictions = new Map<System, Span[][]>();
/** Finer types of ours that the data set labels with a coarser one (a fax number is a phone number there). */
const AS_DATASET_TYPE: Readonly<Record<string, string>> = { FAX_NUMBER: 'PHONE_NUMBER' };
const ours: Span[][] = samples.map((s) => scanText(s.text, recognizers).map((d) => ({ type: AS_DATASET_TYPE[d.type] ?? d.type, start: d.start, end: d.end })));
predictions.set('portcullis', ours);
const redactor = loadRedactPii();
let unaligned = 0;
predictions.set('redact-pii', samples.map((s) => {
  const spans = alignRedaction(s.text, redactor.redact(s.text));
  if (spans === undefined) unaligned++;
  return spans ?? [];
}));

const EVALUATED = new Set(Object.values(LABEL_MAP).filter((t): t is string => t !== null));

interface Result { perType: Record<string, Scores>; pii: ReturnType<typeof tokenScores> }
function evaluate(system: System, subset: (s: Sample) => boolean): Result {
  const counts = new Map<string, Counts>();
  const tokens: TokenCounts = { annotated: 0, predicted: 0, truePositive: 0 };
  const predicted = predictions.get(system)!;
  for (const sample of samples) {
    if (!subset(sample)) continue;
    const p = predicted[sample.id]!;
    countSpans(sample.text, sample.gold, p, EVALUATED, counts);
    countTokens(sample.text, sample.gold, p, PII_TYPES, tokens);
  }
  const perType: Record<string, Scores> = {};
  for (const [type, c] of [...counts].sort((a, b) => b[1].gold - a[1].gold)) perType[type] = scores(c);
  return { perType, pii: tokenScores(tokens) };
}

const splits = {
  'held-out': (s: Sample) => !isTuning(s),
  tuning: isTuning,
  all: () => true,
} as const;
const results: Record<string, Record<System, Result>> = {};
for (const [name, subset] of Object.entries(splits)) {
  results[name] = { portcullis: evaluate('portcullis', subset), 'redact-pii': evaluate('redact-pii', subset) };
}

for (const split of args['tuning-only'] ? ['tuning'] as const : ['held-out', 'all'] as const) {
  const n = samples.filter(splits[split]).length;
  const title = { 'held-out': 'HELD-OUT: templates with an odd id, never used for tuning', all: 'ALL samples (half of them were used for tuning)', tuning: 'TUNING half only' }[split];
  console.log(`\n== ${title} (${n} samples) ==`);
  console.log(formatTable(results[split]!.portcullis, results[split]!['redact-pii']));
}
if (unaligned > 0) console.log(`\nredact-pii: ${unaligned} outputs could not be aligned to their input (no predictions counted for them).`);

const timing = args['no-timing'] ? undefined : timeRecognizers(samples.map((s) => s.text), recognizers, NER_RECOGNIZERS);
if (timing !== undefined) {
  const us = (x: number) => `${x.toFixed(1)} µs`;
  console.log(`\nSpeed per 2 KB message (best of 5 runs): NER recognizers ${us(timing.proseNer)} on prose, ${us(timing.denseNer)} on joined data set samples (dense in names);`
    + ` all ${recognizers.length} recognizers ${us(timing.proseAll)} on prose, ${us(timing.denseAll)} on joined samples`);
}

if (args.errors !== undefined) {
  const type = args.errors;
  console.log(`\n== ${type} errors on the tuning half ==`);
  for (const sample of samples) {
    if (!isTuning(sample)) continue;
    const g = sample.gold.filter((s) => s.type === type), p = ours[sample.id]!.filter((s) => s.type === type);
    const missed = g.filter((x) => !p.some((y) => x.start < y.end && y.start < x.end));
    const wrong = p.filter((y) => !g.some((x) => x.start < y.end && y.start < x.end));
    const show = (s: Span) => JSON.stringify(sample.text.slice(s.start, s.end));
    if (missed.length + wrong.length === 0) continue;
    const other = ours[sample.id]!.filter((s) => s.type !== type).map((s) => `${s.type}:${show(s)}`).join(' ');
    console.log(`${JSON.stringify(sample.text.slice(0, 160))}\n   missed: ${missed.map(show).join(', ')}  false: ${wrong.map(show).join(', ')}  other: ${other}`);
  }
}

const out = {
  dataset: args.dataset, samples: samples.length, goldAddressPiecesMerged: !args['raw-gold'],
  split: 'tuning = template_id even; held-out = template_id odd', labelMap: LABEL_MAP, redactPiiMap: REDACT_PII_MAP,
  piiTypes: [...PII_TYPES], portcullis: { note, recognizers: recognizers.map((r) => r.name) }, redactPiiUnaligned: unaligned,
  results, timing,
};
const dir = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(dir, { recursive: true });
writeFileSync(dir + 'pii.json', JSON.stringify(out, (_, v) => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 10000) / 10000 : v), 2) + '\n');
console.log(`\nWrote ${dir}pii.json`);
