/**
 * Trains the injection model and writes src/detect/injection/model-data.ts.
 *
 * Usage: npm run train:injection   (node scripts/train-injection.ts [--check])
 *   --check  train, and compare with the committed file instead of writing it (exit 1 if different)
 *
 * Reproducible: the data is ../shared/datasets/ (train and calibration splits only, see
 * eval/injection-data.ts) plus synthetic text from a fixed seed (scripts/injection-synth.ts);
 * the shuffle is seeded; the arithmetic is plain float64 in a fixed order. The same inputs give
 * the same bytes.
 *
 * Steps: every text is read as the runtime reads it (pipeline.ts) and cut into the ranges the
 * runtime scores (windows; for indirect input, sentences too); a range is positive when the
 * text is an attack and the range holds it (for an attack inserted into a document, only the
 * ranges covering it; the rest of that document are negatives). Logistic regression by SGD with
 * L2, classes balanced per source, the last epochs' weights averaged. The n-gram weights are
 * quantized to int8 with one scale. Then, on the calibration split and with the quantized weights
 * (exactly what the runtime computes), Platt scaling maps the best range's raw score to a
 * probability, and each source's threshold is set at the calibrated score that flags at most 0.5%
 * of that source's benign calibration texts (never below 0.5). It prints the calibration split's
 * detection and false-positive rates at those thresholds: what to look at while changing it.
 * The calibration texts include half of WildGuard's benign prompts (never trained on; the
 * evaluation reports the other half): synthetic benign chat alone is too easy to set a
 * threshold on.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BUCKETS } from '../src/detect/injection/features.ts';
import { bestRange, namedFeatures, scoredRanges, type Source, sigmoid, type Weights } from '../src/detect/injection/model.ts';
import { read } from '../src/detect/injection/pipeline.ts';
import { bipiaAttacks, bipiaContexts, deepset, type Example, insert, POSITIONS, presidioSentences, type Split, wildGuard } from '../eval/injection-data.ts';
import { benignChat, benignDocs, directAttacks, hiddenInstructions, pick, rng, systemPrompts, tasks } from './injection-synth.ts';

const SEED = 20240601;
const EPOCHS = 8;
const AVERAGED = EPOCHS - Math.ceil(EPOCHS / 2);
const L2 = 1e-5;
const LR = 0.5;
/**
 * Share of each source's benign calibration texts a threshold may flag: half the 1% target,
 * because the calibration texts (partly synthetic) are easier than real traffic. At 1% the
 * held-out benign sets came out at 2.8% (WildGuard) and 3.3% (BIPIA contexts); see docs/injection.md.
 */
const TARGET_FPR = 0.005;
const TARGET = fileURLToPath(new URL('../src/detect/injection/model-data.ts', import.meta.url));

/** The texts of one split: public train/calibration data plus synthetic text (its own seed per split). */
export function examples(split: Exclude<Split, 'held-out'>): Example[] {
  const r = rng(SEED + (split === 'train' ? 0 : 1));
  // The calibration split is as large as the training one: its 0.5% quantile sets the thresholds.
  const scale = 1;
  const out: Example[] = [...deepset(split)];
  const direct = (text: string, label: 0 | 1, set: string) => out.push({ text, label, source: 'direct', set });
  const contexts = bipiaContexts(split).map((c) => c.text);
  const docs = [...contexts, ...benignDocs(r, Math.round(300 * scale))];
  const sentences = presidioSentences(split);
  // Benign documents: BIPIA contexts, synthetic documents, presidio sentences joined into paragraphs.
  for (let i = 0; i + 4 <= sentences.length; i += 4) docs.push(sentences.slice(i, i + 4).join(' '));
  for (const text of docs) out.push({ text, label: 0, source: 'indirect', set: 'benign-doc' });
  // Users paste documents too: the same documents are benign direct input.
  for (let i = 0; i < docs.length; i += 3) direct(docs[i] as string, 0, 'pasted-doc');
  for (const text of sentences.slice(0, Math.round(600 * scale))) direct(text, 0, 'presidio');
  // Long benign messages: several requests and sentences in one, so length alone is no signal.
  const chat = benignChat(r, Math.round(1600 * scale));
  for (let i = 0; i + 5 <= chat.length; i += 5) direct([chat[i], sentences[i % sentences.length], chat[i + 1], chat[i + 2], sentences[(i + 1) % sentences.length], chat[i + 3]].join(' '), 0, 'long-chat');
  // Attacks inserted into documents: BIPIA's training kinds, deepset's training attacks, synthetic hidden instructions.
  const attacks = [
    ...bipiaAttacks(false).filter((a) => !a.code).map((a) => a.text),
    ...deepset(split).filter((e) => e.label === 1).map((e) => e.text),
    ...hiddenInstructions(r, Math.round(500 * scale)),
    // A user's kind of request inside a document is an injected task (BIPIA's threat model).
    ...tasks(r, Math.round(300 * scale)),
    ...deepset(split).filter((e) => e.label === 0 && e.text.length < 200).map((e) => e.text),
  ];
  const codeAttacks = bipiaAttacks(false).filter((a) => a.code).map((a) => a.text);
  const codeContexts = bipiaContexts(split).filter((c) => c.kind === 'code').map((c) => c.text);
  for (let i = 0; i < Math.round(1400 * scale); i++) {
    const code = i % 7 === 0 && codeContexts.length > 0;
    const made = insert(code ? pick(r, codeContexts) : pick(r, docs), code ? pick(r, codeAttacks) : pick(r, attacks), pick(r, POSITIONS));
    out.push({ text: made.text, span: made.span, label: 1, source: 'indirect', set: 'inserted' });
  }
  for (const text of directAttacks(r, Math.round(1200 * scale))) direct(text, 1, 'synthetic-attack');
  for (const text of benignChat(r, Math.round(1200 * scale))) direct(text, 0, 'synthetic-chat');
  for (const text of systemPrompts(r, Math.round(300 * scale))) direct(text, 0, 'synthetic-system');
  return out;
}

interface WindowExample { buckets: Int32Array; named: number[]; y: number; weight: number; source: Source }

/** Cuts a text into the runtime's windows with their labels (see the module comment). */
function windows(e: Example, names: Map<string, number>): WindowExample[] {
  const { normalized, features: f, hits, global } = read(e.text, e.source);
  const n = normalized.text.length;
  // The attack's span in normalized offsets: the normalized units whose origin lies inside it.
  let span: [number, number] | null = null;
  if (e.span !== undefined) {
    const [s, t] = e.span;
    let a = -1, b = -1;
    for (let i = 0; i < n; i++) {
      const o = normalized.starts === null ? i : (normalized.starts[i] as number);
      if (o >= s && o < t) { if (a < 0) a = i; b = i + 1; }
    }
    if (a >= 0) span = [a, b];
  }
  const out: WindowExample[] = [];
  // The ranges the runtime scores (windows; for indirect input, sentences too), except a
  // sentence that is the whole one window; and no sentences of an attack whose span is unknown:
  // they need not each be an attack ("Wow, that's fantastic! Forget all previous tasks.").
  const [windowList, sentenceList = []] = scoredRanges(normalized.text, f, e.source);
  const sentencesToo = e.label === 1 && span === null ? [] : sentenceList.filter(([a, b]) => !(windowList!.length === 1 && a <= 0 && b >= n));
  for (const ranges of [windowList!, sentencesToo]) {
    const sentence = ranges === sentencesToo;
    let k = 0;
    for (const [start, end] of ranges) {
      let y = e.label;
      if (span !== null) {
        // A window is an attack when it holds most of the attack (or the attack most of it); a
        // sentence only when it is most of the attack: one line of an injected code block
        // ("import os", "```") is no attack on its own.
        const inside = Math.max(0, Math.min(end, span[1]) - Math.max(start, span[0]));
        const need = (sentence ? span[1] - span[0] : Math.min(span[1] - span[0], end - start)) * 0.6;
        if (inside === 0) y = 0;
        else if (inside < need) continue; // a sliver of the attack: neither clearly one nor the other
      }
      while (k < f.count && (f.positions[k] as number) < start) k++;
      let m = k;
      while (m < f.count && (f.positions[m] as number) < end) m++;
      const families = new Set(hits.filter((h) => h.start < end && h.end > start).map((h) => h.family));
      const named = namedFeatures(e.source, families, global).map((name) => names.get(name) ?? (names.set(name, names.size), names.size - 1));
      out.push({ buckets: f.buckets.slice(k, m), named, y, weight: 1, source: e.source });
    }
  }
  return out;
}

function train(data: WindowExample[], namedCount: number): { w: Float64Array; v: Float64Array } {
  const w = new Float64Array(BUCKETS), v = new Float64Array(namedCount);
  const wAvg = new Float64Array(BUCKETS), vAvg = new Float64Array(namedCount);
  // Balance classes within each source: each (source, label) cell weighs the same in total.
  const cells = new Map<string, number>();
  for (const x of data) cells.set(`${x.source}:${x.y}`, (cells.get(`${x.source}:${x.y}`) ?? 0) + 1);
  for (const x of data) x.weight = data.length / (4 * (cells.get(`${x.source}:${x.y}`) as number));
  const r = rng(SEED);
  const order = Array.from(data.keys());
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) { const j = Math.floor(r() * (i + 1)); [order[i], order[j]] = [order[j] as number, order[i] as number]; }
    const lr = LR / (1 + epoch);
    for (const idx of order) {
      const x = data[idx] as WindowExample;
      const norm = x.buckets.length > 0 ? 1 / Math.sqrt(x.buckets.length) : 0;
      let z = 0;
      for (const j of x.named) z += v[j] as number;
      let s = 0;
      for (let k = 0; k < x.buckets.length; k++) s += w[x.buckets[k] as number] as number;
      z += s * norm;
      const g = (sigmoid(z) - x.y) * x.weight * lr;
      for (const j of x.named) v[j] = (v[j] as number) * (1 - lr * L2) - g;
      const gn = g * norm;
      for (let k = 0; k < x.buckets.length; k++) { const b = x.buckets[k] as number; w[b] = (w[b] as number) * (1 - lr * L2) - gn; }
    }
    // The average of the last epochs' weights: one shuffle's luck matters less (tail averaging).
    if (epoch >= EPOCHS / 2) {
      for (let i = 0; i < w.length; i++) wAvg[i] = (wAvg[i] as number) + (w[i] as number) / AVERAGED;
      for (let i = 0; i < v.length; i++) vAvg[i] = (vAvg[i] as number) + (v[i] as number) / AVERAGED;
    }
  }
  return { w: wAvg, v: vAvg };
}

/** Platt scaling: (a, b) minimizing log loss of sigmoid(a * raw + b), by Newton's method. */
function platt(raws: number[], ys: number[]): { a: number; b: number } {
  let a = 1, b = 0;
  for (let iter = 0; iter < 50; iter++) {
    let ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9;
    raws.forEach((x, i) => {
      const p = sigmoid(a * x + b), d = p - (ys[i] as number), h = p * (1 - p);
      ga += d * x; gb += d; haa += h * x * x; hab += h * x; hbb += h;
    });
    const det = haa * hbb - hab * hab;
    a -= (hbb * ga - hab * gb) / det;
    b -= (haa * gb - hab * ga) / det;
  }
  return { a: round(a), b: round(b) };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** Lines describing the calibration split's figures at the chosen thresholds (filled by build). */
export const calibrationReport: string[] = [];

export function build(): string {
  const names = new Map<string, number>();
  const texts = examples('train');
  const data = texts.flatMap((e) => windows(e, names));
  const { w, v } = train(data, names.size);
  let max = 0;
  for (const x of w) max = Math.max(max, Math.abs(x));
  const scale = max / 127;
  const q = new Int8Array(BUCKETS);
  for (let i = 0; i < BUCKETS; i++) q[i] = Math.round((w[i] as number) / scale);
  const named: Record<string, number> = {};
  for (const [name, j] of [...names].sort((x, y) => (x[0] < y[0] ? -1 : 1))) named[name] = round(v[j] as number);
  const weights: Weights = { ngrams: q, scale, named: new Map(Object.entries(named)) };
  // Calibration on texts never trained on, scored exactly as at run time; with half of
  // WildGuard's benign prompts, so the direct threshold is set against real benign requests.
  const calibration = [...examples('calibration'), ...wildGuard('calibration')];
  const raws = calibration.map((e) => { const x = read(e.text, e.source); return bestRange(x.normalized.text, x.features, x.hits, e.source, x.global, weights).raw; });
  const p = platt(raws, calibration.map((e) => e.label));
  const thresholds = { direct: 0, indirect: 0 };
  for (const source of ['direct', 'indirect'] as const) {
    const benign = calibration.map((e, i) => [e, sigmoid(p.a * (raws[i] as number) + p.b)] as const).filter(([e]) => e.source === source && e.label === 0).map(([, s]) => s).sort((x, y) => y - x);
    const allowed = Math.floor(benign.length * TARGET_FPR);
    thresholds[source] = Math.min(0.95, Math.max(0.5, Math.ceil(((benign[allowed] ?? 0) + 1e-6) * 100) / 100));
    // What to look at while changing the training (never the held-out sets): the calibration split.
    const scored = calibration.map((e, i) => [e, sigmoid(p.a * (raws[i] as number) + p.b)] as const).filter(([e]) => e.source === source);
    const rate = (label: number) => scored.filter(([e, x]) => e.label === label && x >= thresholds[source]).length / Math.max(1, scored.filter(([e]) => e.label === label).length);
    calibrationReport.push(`${source}: threshold ${thresholds[source]}, calibration detection ${(100 * rate(1)).toFixed(1)}%, false positives ${(100 * rate(0)).toFixed(1)}%`);
  }
  const bytes = Buffer.from(q.buffer);
  return [
    '// Generated by scripts/train-injection.ts (npm run train:injection). Do not edit.',
    `// Trained on ${data.length} ranges (windows and sentences) of ${texts.length} texts; calibrated on ${calibration.length} texts. Seed ${SEED}.`,
    '// ngrams: 2^18 int8 weights (base64), multiplied by `scale`; named: rule, source and whole-text feature weights.',
    `export const MODEL = {`,
    `  ngrams: '${bytes.toString('base64')}',`,
    `  scale: ${scale},`,
    `  named: ${JSON.stringify(named)} as Record<string, number>,`,
    `  platt: ${JSON.stringify(p)},`,
    `  thresholds: ${JSON.stringify(thresholds)},`,
    '};',
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const source = build();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (process.argv.includes('--check')) {
    const same = readFileSync(TARGET, 'utf8') === source;
    console.log(same ? `model-data.ts is up to date (${seconds} s)` : 'model-data.ts differs from a fresh training run');
    process.exitCode = same ? 0 : 1;
  } else {
    writeFileSync(TARGET, source);
    console.log(`wrote ${TARGET} (${(source.length / 1024).toFixed(0)} KB) in ${seconds} s`);
    for (const line of calibrationReport) console.log(`  ${line}`);
  }
}
