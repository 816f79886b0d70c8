/**
 * Trains the injection model and writes src/detect/injection/model-data.ts.
 *
 * Usage: npm run train:injection   (node scripts/train-injection.ts [--check])
 *   --check  train, and compare with the committed file instead of writing it (exit 1 if different)
 *   INJECTION_SEED=N        another draw of the synthetic text (the committed model: the default)
 *   INJECTION_VERBOSE=1     also print each calibration set's 1% point (which set holds the threshold)
 *
 * Reproducible: the data is ../shared/datasets/ (train and calibration splits only, see
 * eval/injection-data.ts) plus synthetic text from a fixed seed, assembled by
 * scripts/injection-training-data.ts (where the INJECTION_* knobs that size it are);
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
 * probability, and each source's threshold is set so that every benign calibration set of that
 * source with at least MIN_SET texts (WildGuard's calibration quarter, BIPIA's calibration contexts,
 * the synthetic documents, ...) has at most TARGET_FPR (1%) of its texts flagged (estimated
 * from the tail of each set's scores, see tailQuantile), capped at MAX_THRESHOLD. It prints the calibration split's detection and false-positive rates at those
 * thresholds: what to look at while changing it. WildGuard's calibration quarter is never
 * trained on (its training quarter is, since the eighth round; the evaluation reports the other
 * half): synthetic benign chat alone is too easy to set a threshold on, and a pooled quantile
 * would let many easy texts set it for the few hard ones.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BUCKETS, DIRECT_TWIN } from '../src/detect/injection/features.ts';
import { readsAsEnglish } from '../src/detect/injection/language.ts';
import { bestRange, featureNorm, namedFeatures, scoredRanges, type Source, SOURCES, sigmoid, TABULAR, type Weights } from '../src/detect/injection/model.ts';
import { read } from '../src/detect/injection/pipeline.ts';
import { Stray, type StrayBin, strayBins, strayFeature, strayGain } from '../src/detect/injection/stray.ts';
import { type Example, wildGuard } from '../eval/injection-data.ts';
import { examples, SEED } from './injection-training-data.ts';
import { mulberry32 } from './seeded-random.ts';

export const EPOCHS = 12;
const AVERAGED = EPOCHS - Math.ceil(EPOCHS / 2);
export const L2 = 1e-5;
export const LR = 1.0;
/** Stray-sentence features for indirect sentences (stray.ts; INJECTION_STRAY=0 leaves them out, to compare). */
const STRAY = process.env['INJECTION_STRAY'] !== '0';
/**
 * Learning rate of the stray sentences' gains (a multiplier of their n-gram sum, stray.ts) as a
 * share of LR: a gain multiplies a sum of hundreds of weights, so its gradient is that much
 * larger than a named weight's. 0.03 and 0.1 measured (thirteenth round): the same at <= 1%
 * held-out false positives, 0.03 steadier at <= 0.5%.
 */
const STRAY_GAIN_LR = 0.03;
/**
 * Share of each benign calibration set a threshold may flag: the 1% target, per set. (Until
 * this round it was 0.5% of all benign calibration texts pooled, most of them synthetic and easy:
 * the held-out WildGuard half then came out at 2.2% and, with the new synthetic data, BIPIA's
 * held-out contexts at 4%. See docs/injection-rounds.md.)
 */
const TARGET_FPR = 0.01;
/**
 * Twelfth round: a tenth of that for system input. An application sends its system prompt with
 * every request, so a false alarm on it is a false alarm on every request, and each operator
 * writes one or a few: the target is per prompt, not per message.
 */
const TARGET_FPR_SYSTEM = Number(process.env['INJECTION_SYSTEM_TARGET'] ?? 0.001);
/** Benign calibration sets smaller than this do not set a threshold on their own (their 1% quantile would be their maximum). */
const MIN_SET = 100;
/**
 * Thresholds stop at 0.99: the Platt curve, fitted on texts of which many are easy, is steep,
 * and above 0.99 hard benign texts and attacks are no longer told apart (scores are reported to
 * three decimals).
 */
const MAX_THRESHOLD = 0.99;
/**
 * And they start at 0.6. Since the eighth round trains on a quarter of WildGuard, the direct
 * calibration sets (all English or German) would put the direct threshold at 0.5 or lower; the
 * only non-English benign prompts we have that are hard (our own look-alikes: "translate this
 * instruction sheet into English" in Japanese, "show the printer installation instructions" in
 * Russian) score 0.55-0.56 with that model. A floor, not a calibration: real benign prompts in
 * other languages to calibrate on are what is missing (docs/injection-rounds.md, "Eighth round").
 * Since the tenth round GNOME's help titles in 21 languages and synthetic messages in 33 are
 * calibration sets, and the threshold they set (0.732 on the default draw) is over the floor.
 */
const MIN_THRESHOLD = 0.6;
/** How many models, on as many draws of the synthetic text, are averaged. */
export const BAGS = 3;
/** A system cell's (source, label) total weight, against 1 for a direct or indirect one (at 1, BIPIA's held-out attacks fell 69 -> 54%). */
const SYSTEM_WEIGHT = Number(process.env['INJECTION_SYSTEM_WEIGHT'] ?? 0.25);
const TARGET = fileURLToPath(new URL('../src/detect/injection/model-data.ts', import.meta.url));

export interface WindowExample {
  buckets: Int32Array; named: number[]; y: number; weight: number; source: Source;
  /** Its text's emphasis (Example.emphasis): a multiplier on the balanced weight. */
  emphasis: number;
  /** System input only: its direct features (pipeline.ts, features.ts SYSTEM_TWIN), scored but not trained on it. */
  fixedBuckets?: Int32Array; fixedNamed?: number[];
  /** A stray sentence: the named weight that is its n-gram sum's gain (scored as sum x (1 + gain)). */
  gain?: number;
}

/** A system window's features of its own (trained on it) and the direct ones it is scored with but leaves alone. */
function splitSystem(buckets: Int32Array, named: readonly string[], ids: readonly number[]): Pick<WindowExample, 'buckets' | 'named' | 'fixedBuckets' | 'fixedNamed'> {
  const own: number[] = [], fixed: number[] = [];
  for (const b of buckets) ((b & DIRECT_TWIN) !== 0 ? fixed : own).push(b & ~DIRECT_TWIN);
  const ownNamed: number[] = [], fixedNamed: number[] = [];
  named.forEach((name, i) => (name.endsWith(':system') ? ownNamed : fixedNamed).push(ids[i] as number));
  return { buckets: Int32Array.from(own), named: ownNamed, fixedBuckets: Int32Array.from(fixed), fixedNamed };
}

/** Cuts a text into the runtime's windows with their labels (see the module comment). */
export function windows(e: Example, names: Map<string, number>): WindowExample[] {
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
  // The ranges the runtime scores (windows; for indirect input, sentences too; for direct and
  // system input, the sentences with a rule hit), except a sentence that is the whole one
  // window; and no sentences of an attack whose span is unknown: they need not each be an
  // attack ("Wow, that's fantastic! Forget all previous tasks."). Taking a direct attack's
  // sentences with a rule hit as attacks was tried (twelfth round): WildGuard's held-out half
  // flagged 0.2 -> 1.0%, the direct pool at <= 1% down 5 points.
  const [windowList, sentenceList = []] = scoredRanges(normalized.text, f, e.source, hits);
  const sentencesToo = e.label === 1 && span === null ? [] : sentenceList.filter(([a, b]) => !(windowList!.length === 1 && a <= 0 && b >= n));
  // Stray-sentence bins (stray.ts) of indirect input's sentences, as the runtime computes them.
  const stray = STRAY && e.source === 'indirect' && sentencesToo.length > 0 ? strayBins(f, { spans: Int32Array.from(sentencesToo.flat()), count: sentencesToo.length }).slice(0, sentencesToo.length) : null;
  // A tabular document's stray sentences are weighed by bins of their own (stray.ts, isTabular).
  const tabular = global.includes(TABULAR);
  for (const ranges of [windowList!, sentencesToo]) {
    const sentence = ranges === sentencesToo;
    let k = 0, r = -1;
    for (const [start, end] of ranges) {
      r++;
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
      const namedList = namedFeatures(e.source, families, global);
      const id = (name: string) => names.get(name) ?? (names.set(name, names.size), names.size - 1);
      let gain: number | undefined;
      if (sentence && stray !== null && stray[r] !== Stray.NONE) {
        namedList.push(strayFeature(stray[r] as StrayBin, e.source, tabular));
        gain = id(strayGain(stray[r] as StrayBin, e.source, tabular));
      }
      const named = namedList.map(id);
      const buckets = f.buckets.slice(k, m);
      out.push({ ...(e.source === 'system' ? splitSystem(buckets, namedList, named) : { buckets, named }), y, weight: 1, emphasis: e.emphasis ?? 1, source: e.source, ...(gain === undefined ? {} : { gain }) });
    }
  }
  return out;
}

/**
 * Balances classes within each source: each (source, label) cell weighs the same in total, counted
 * in ranges; then an emphasized text's ranges count `emphasis` times (and their cell that much more).
 */
export function balanceClasses(data: WindowExample[]): void {
  const cells = new Map<string, number>();
  for (const x of data) cells.set(`${x.source}:${x.y}`, (cells.get(`${x.source}:${x.y}`) ?? 0) + 1);
  for (const x of data) x.weight = (x.source === 'system' ? SYSTEM_WEIGHT : 1) * x.emphasis * data.length / (4 * (cells.get(`${x.source}:${x.y}`) as number));
}

export function train(data: WindowExample[], namedCount: number, seed: number): { w: Float64Array; v: Float64Array } {
  const w = new Float64Array(BUCKETS), v = new Float64Array(namedCount);
  const wAvg = new Float64Array(BUCKETS), vAvg = new Float64Array(namedCount);
  balanceClasses(data);
  const r = mulberry32(seed);
  const order = Array.from(data.keys());
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) { const j = Math.floor(r() * (i + 1)); [order[i], order[j]] = [order[j] as number, order[i] as number]; }
    const lr = LR / (1 + epoch);
    for (const idx of order) {
      const x = data[idx] as WindowExample;
      const count = x.buckets.length + (x.fixedBuckets?.length ?? 0);
      const norm = featureNorm(count, x.source);
      let z = 0;
      for (const j of x.named) z += v[j] as number;
      let s = 0;
      for (let k = 0; k < x.buckets.length; k++) s += w[x.buckets[k] as number] as number;
      if (x.fixedBuckets !== undefined) {
        for (const j of x.fixedNamed!) z += v[j] as number;
        for (let k = 0; k < x.fixedBuckets.length; k++) s += w[x.fixedBuckets[k] as number] as number;
      }
      // A stray sentence's n-gram sum counts (1 + gain) times; the gain learns at its own rate,
      // and never below -0.9 (the sum keeps its sign).
      const gain = x.gain === undefined ? 0 : (v[x.gain] as number);
      z += s * norm * (1 + gain);
      const g = (sigmoid(z) - x.y) * x.weight * lr;
      for (const j of x.named) v[j] = (v[j] as number) * (1 - lr * L2) - g;
      if (x.gain !== undefined) v[x.gain] = Math.max(-0.9, (v[x.gain] as number) * (1 - lr * L2) - g * s * norm * STRAY_GAIN_LR);
      const gn = g * norm * (1 + gain);
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

/**
 * Platt scaling: (a, b) minimizing log loss of sigmoid(a * raw + b), by Newton's method, against
 * Platt's smoothed targets ((N+ + 1) / (N+ + 2) for positives, 1 / (N- + 2) for negatives): when
 * the calibration texts of a source are all but separable, plain targets send the slope to infinity.
 */
function platt(raws: number[], labels: number[]): { a: number; b: number } {
  const positives = labels.filter((y) => y === 1).length, negatives = labels.length - positives;
  const ys = labels.map((y) => (y === 1 ? (positives + 1) / (positives + 2) : 1 / (negatives + 2)));
  const loss = (a: number, b: number) => {
    let l = 0;
    raws.forEach((x, i) => { const z = a * x + b, y = ys[i] as number; l += Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z))); });
    return l;
  };
  let a = 1, b = 0, current = loss(a, b);
  for (let iter = 0; iter < 100; iter++) {
    let ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9;
    raws.forEach((x, i) => {
      const p = sigmoid(a * x + b), d = p - (ys[i] as number), h = p * (1 - p);
      ga += d * x; gb += d; haa += h * x * x; hab += h * x; hbb += h;
    });
    const det = haa * hbb - hab * hab;
    const da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det;
    // Backtracking: half the Newton step until the loss goes down (Lin, Lin and Weng's Platt).
    let step = 1;
    while (step > 1e-10 && loss(a - step * da, b - step * db) >= current) step /= 2;
    if (step <= 1e-10) break;
    a -= step * da; b -= step * db;
    current = loss(a, b);
  }
  return { a: round(a), b: round(b) };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** Lines describing the calibration split's figures at the chosen thresholds (filled by build). */
export const calibrationReport: string[] = [];

export function build(): string {
  // BAGS models, each on its own draw of the synthetic training text and its own shuffle, their
  // weights averaged (a linear model: the average of their scores): one draw's quirks (a template
  // that happens to look like a benign table row) matter less. The public data is the same in each.
  const names = new Map<string, number>();
  const w = new Float64Array(BUCKETS);
  let v = new Float64Array(0), ranges = 0, texts = 0;
  for (let bag = 0; bag < BAGS; bag++) {
    const drawn = examples('train', SEED + 101 * bag);
    const data = drawn.flatMap((e) => windows(e, names));
    const model = train(data, names.size, SEED + 101 * bag);
    for (let i = 0; i < BUCKETS; i++) w[i] = (w[i] as number) + (model.w[i] as number) / BAGS;
    const sum = new Float64Array(names.size);
    sum.set(v);
    for (let i = 0; i < model.v.length; i++) sum[i] = (sum[i] as number) + (model.v[i] as number) / BAGS;
    v = sum;
    ranges += data.length; texts += drawn.length;
  }
  let max = 0;
  for (const x of w) max = Math.max(max, Math.abs(x));
  const scale = max / 127;
  const q = new Int8Array(BUCKETS);
  for (let i = 0; i < BUCKETS; i++) q[i] = Math.round((w[i] as number) / scale);
  const named: Record<string, number> = {};
  for (const [name, j] of [...names].sort((x, y) => (x[0] < y[0] ? -1 : 1))) named[name] = round(v[j] as number);
  const weights: Weights = { ngrams: q, scale, named: new Map(Object.entries(named)) };
  // Calibration on texts never trained on, scored exactly as at run time; with a quarter of
  // WildGuard's benign prompts, so the direct threshold is set against real benign requests.
  const calibration = [...examples('calibration'), ...wildGuard('calibration')];
  const raws = calibration.map((e) => { const x = read(e.text, e.source, q); return bestRange(x.normalized.text, x.features, x.hits, e.source, x.global, weights).raw; });
  // Platt scaling per source: direct and indirect raw scores are on scales of their own (one
  // curve for both made the direct scores of hard benign prompts and of attacks all round to 1).
  const p = { direct: { a: 1, b: 0 }, indirect: { a: 1, b: 0 }, system: { a: 1, b: 0 } };
  for (const source of SOURCES) {
    const of = calibration.map((e, i) => [e, raws[i] as number] as const).filter(([e]) => e.source === source);
    p[source] = platt(of.map(([, raw]) => raw), of.map(([e]) => e.label));
  }
  const calibrated = (i: number) => sigmoid(p[calibration[i]!.source].a * (raws[i] as number) + p[calibration[i]!.source].b);
  // Direct input has two thresholds (twenty-first round): one for messages that read as English,
  // one for the rest (language.ts), each set by the benign calibration sets of its own language.
  const groups: { key: keyof typeof thresholds; source: Source; of: (e: Example) => boolean }[] = [
    { key: 'direct', source: 'direct', of: (e) => readsAsEnglish(e.text) },
    { key: 'directOtherLanguages', source: 'direct', of: (e) => !readsAsEnglish(e.text) },
    { key: 'indirect', source: 'indirect', of: () => true },
    { key: 'system', source: 'system', of: () => true },
  ];
  const thresholds = { direct: 0, indirect: 0, system: 0, directOtherLanguages: 0 };
  for (const { key, source, of } of groups) {
    // The threshold keeps each kind of benign text (each set of at least MIN_SET texts: WildGuard,
    // BIPIA's contexts, synthetic documents, ...) under TARGET_FPR, not only their pool: many easy
    // synthetic texts would otherwise set it for the hard real ones.
    const target = source === 'system' ? TARGET_FPR_SYSTEM : TARGET_FPR;
    const inGroup = calibration.map((e, i) => [e, calibrated(i)] as const).filter(([e]) => e.source === source && of(e));
    let quantile = 0;
    const sets = new Map<string, number[]>();
    for (const [e, score] of inGroup) {
      if (e.label !== 0) continue;
      const list = sets.get(e.set) ?? [];
      list.push(score);
      sets.set(e.set, list);
    }
    for (const scores of sets.values()) {
      if (scores.length < MIN_SET) continue;
      scores.sort((x, y) => y - x);
      quantile = Math.max(quantile, tailQuantile(scores, target));
    }
    if (process.env['INJECTION_VERBOSE']) for (const [set, scores] of sets) if (scores.length >= MIN_SET) console.log(`  ${key} ${set} (${scores.length}): ${100 * target}% point ${tailQuantile(scores, target).toFixed(3)}`);
    thresholds[key] = Math.min(MAX_THRESHOLD, Math.max(MIN_THRESHOLD, Math.ceil((quantile + 1e-6) * 1000) / 1000));
    // What to look at while changing the training (never the held-out sets): the calibration split.
    const rate = (label: number) => inGroup.filter(([e, x]) => e.label === label && x >= thresholds[key]).length / Math.max(1, inGroup.filter(([e]) => e.label === label).length);
    calibrationReport.push(`${key}: threshold ${thresholds[key]}, calibration detection ${(100 * rate(1)).toFixed(1)}%, false positives ${(100 * rate(0)).toFixed(1)}%`);
  }
  const bytes = Buffer.from(q.buffer);
  return [
    '// Generated by scripts/train-injection.ts (npm run train:injection). Do not edit.',
    `// Trained on ${ranges} ranges (windows and sentences) of ${texts} texts in ${BAGS} draws; calibrated on ${calibration.length} texts. Seed ${SEED}.`,
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

/**
 * The (1 - p) quantile of scores (sorted high to low) from an exponential fit to the tail of
 * their logits (peaks over threshold): the top 20% of the set, their mean excess over the
 * lowest of them, extrapolated to p. It rests on dozens of texts where the order statistic
 * (the quantile itself) rests on one or two: BIPIA's 146 calibration contexts put 1% at their
 * second-highest score, and across three draws of the synthetic text the thresholds moved
 * 0.954-0.985 (indirect) and 0.729-0.894 (direct) with it, 0.960-0.971 and 0.764-0.773 with
 * this fit (seventh round, docs/injection-rounds.md).
 */
function tailQuantile(sorted: readonly number[], p: number): number {
  const logit = (x: number) => { const c = Math.min(1 - 1e-9, Math.max(1e-9, x)); return Math.log(c / (1 - c)); };
  const m = Math.max(10, Math.floor(sorted.length * 0.2));
  const u = logit(sorted[m - 1]!);
  let excess = 0;
  for (let i = 0; i < m - 1; i++) excess += logit(sorted[i]!) - u;
  const mean = excess / (m - 1);
  const q = u + mean * Math.log(m / (sorted.length * p));
  return 1 / (1 + Math.exp(-q));
}
