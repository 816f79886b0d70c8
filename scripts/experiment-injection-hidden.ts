/**
 * Experiment (issue 6, fourth round): does a small hidden layer over the hashed features
 * (fastText-style) detect more at matched false-positive rates than the committed linear model?
 * Plain JavaScript scoring, no runtime change: both models are trained here on the same windows
 * (scripts/train-injection.ts: same data, same draws, same labels) and scored the same way.
 *
 * Usage: node scripts/experiment-injection-hidden.ts [--held-out]
 *   env INJECTION_SEED   the draw (as for train:injection)
 *       HIDDEN_K         hidden units per bag (the bags' units are concatenated: 3 bags x K)
 *       HIDDEN_BITS      buckets of the embedding table (2^bits, the top bits of the n-gram bucket)
 *       HIDDEN_LR        learning rate of the hidden part, relative to the linear part's
 *       HIDDEN_ACT       tanh | relu
 *       HIDDEN_LINEAR    0: no linear n-gram weights in the candidate (fastText proper: n-grams only through the hidden units)
 *   --held-out  also the held-out pools (only once the settings are chosen on the calibration split)
 *
 * The candidate: a range's raw score is the linear model's plus Σ_k u_k φ(c_k + E_k / √n + R_k),
 * where E_k is the sum of the range's n-gram embeddings (dimension k), n their count (the same
 * √n as the linear part), R_k the rule families' and named features' embeddings. Trained jointly
 * by SGD (back-propagation through φ), with the linear model's schedule, L2 and tail averaging.
 * In the runtime it would need K more prefix sums per position in the kernel.
 *
 * Printed: detection at matched false-positive rates (0.5, 1, 2, 5%) of each source's benign
 * pool, as eval/injection.ts computes them, for the linear model and the candidate, both with
 * int8-quantized n-gram weights and embeddings (one scale per table, as the runtime would).
 *
 * Result (fourth round): no gain at <= 1% held-out false positives over two draws, so the runtime
 * was left linear; the figures and why are in docs/injection-rounds.md ("Fourth round: more capacity").
 */
import { bipiaHeldOut, cyberSecEval, deepset, type Example, notInject, unit, wildGuard } from '../eval/injection-data.ts';
import { BITS, BUCKETS } from '../src/detect/injection/features.ts';
import { featureNorm, namedFeatures, scoredRanges, sigmoid, type Source } from '../src/detect/injection/model.ts';
import { read } from '../src/detect/injection/pipeline.ts';
import { examples } from './injection-training-data.ts';
import { BAGS, balanceClasses, EPOCHS, L2, LR, train, type WindowExample, windows } from './train-injection.ts';
import { mulberry32 } from './seeded-random.ts';

const SEED = Number(process.env['INJECTION_SEED'] ?? 20240601);
const K = Number(process.env['HIDDEN_K'] ?? 4);
const EBITS = Number(process.env['HIDDEN_BITS'] ?? 16);
const HIDDEN_LR = Number(process.env['HIDDEN_LR'] ?? 0.3);
const ACT = process.env['HIDDEN_ACT'] ?? 'tanh';
const LINEAR = process.env['HIDDEN_LINEAR'] !== '0';
const AVERAGED = EPOCHS - Math.ceil(EPOCHS / 2);
const EB = 1 << EBITS;

const phi = ACT === 'relu' ? (x: number) => (x > 0 ? x : 0) : Math.tanh;
const dphi = ACT === 'relu' ? (_x: number, a: number) => (a > 0 ? 1 : 0) : (_x: number, a: number) => 1 - a * a;

/** A model: linear weights (w, v) and hidden units (embeddings E of n-grams and Ev of named features, biases c, output u). */
interface Model { w: Float64Array; v: Float64Array; units: number; E: Float64Array; Ev: Float64Array; c: Float64Array; u: Float64Array }

/** Joint SGD of the linear part and `k` hidden units, the training script's schedule (balanced classes, lr / (1 + epoch), tail averaging). */
function trainHidden(data: WindowExample[], namedCount: number, seed: number, k: number): Model {
  const r = mulberry32(seed ^ 0x5bd1e995);
  const init = (n: number, s: number) => Float64Array.from({ length: n }, () => (2 * r() - 1) * s);
  const cur: Model = { w: new Float64Array(BUCKETS), v: new Float64Array(namedCount), units: k, E: init(EB * k, 0.1), Ev: init(namedCount * k, 0.1), c: new Float64Array(k), u: init(k, 0.5) };
  const avg: Model = { w: new Float64Array(BUCKETS), v: new Float64Array(namedCount), units: k, E: new Float64Array(EB * k), Ev: new Float64Array(namedCount * k), c: new Float64Array(k), u: new Float64Array(k) };
  balanceClasses(data);
  const order = Array.from(data.keys());
  const pre = new Float64Array(k), act = new Float64Array(k), dpre = new Float64Array(k);
  const shift = BITS - EBITS;
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) { const j = Math.floor(r() * (i + 1)); [order[i], order[j]] = [order[j] as number, order[i] as number]; }
    const lr = LR / (1 + epoch), hlr = lr * HIDDEN_LR;
    for (const idx of order) {
      const x = data[idx] as WindowExample, bs = x.buckets, m = bs.length;
      const norm = featureNorm(m, x.source);
      let z = 0, s = 0;
      for (const j of x.named) z += cur.v[j] as number;
      for (let t = 0; t < m; t++) s += cur.w[bs[t] as number] as number;
      z += s * norm;
      for (let h = 0; h < k; h++) pre[h] = 0;
      for (let t = 0; t < m; t++) { const e = ((bs[t] as number) >>> shift) * k; for (let h = 0; h < k; h++) pre[h] = (pre[h] as number) + (cur.E[e + h] as number); }
      for (let h = 0; h < k; h++) {
        let p = (cur.c[h] as number) + (pre[h] as number) * norm;
        for (const j of x.named) p += cur.Ev[j * k + h] as number;
        pre[h] = p; act[h] = phi(p);
        z += (cur.u[h] as number) * (act[h] as number);
      }
      const g = (sigmoid(z) - x.y) * x.weight;
      // Linear part, exactly as train() does it.
      const gl = g * lr;
      for (const j of x.named) cur.v[j] = (cur.v[j] as number) * (1 - lr * L2) - gl;
      const gn = gl * norm;
      if (LINEAR) for (let t = 0; t < m; t++) { const b = bs[t] as number; cur.w[b] = (cur.w[b] as number) * (1 - lr * L2) - gn; }
      // Hidden part: back-propagation through φ.
      for (let h = 0; h < k; h++) {
        dpre[h] = g * (cur.u[h] as number) * dphi(pre[h] as number, act[h] as number);
        cur.u[h] = (cur.u[h] as number) * (1 - hlr * L2) - hlr * g * (act[h] as number);
        cur.c[h] = (cur.c[h] as number) - hlr * (dpre[h] as number);
        for (const j of x.named) cur.Ev[j * k + h] = (cur.Ev[j * k + h] as number) * (1 - hlr * L2) - hlr * (dpre[h] as number);
      }
      for (let t = 0; t < m; t++) {
        const e = ((bs[t] as number) >>> shift) * k;
        for (let h = 0; h < k; h++) cur.E[e + h] = (cur.E[e + h] as number) * (1 - hlr * L2) - hlr * (dpre[h] as number) * norm;
      }
    }
    if (epoch >= EPOCHS / 2) for (const key of ['w', 'v', 'E', 'Ev', 'c', 'u'] as const) { const a = avg[key], b = cur[key]; for (let i = 0; i < a.length; i++) a[i] = (a[i] as number) + (b[i] as number) / AVERAGED; }
  }
  return avg;
}

/** int8 with one scale over the table, as the runtime stores n-gram weights. */
function quantize(a: Float64Array): Float64Array {
  let max = 0;
  for (const x of a) max = Math.max(max, Math.abs(x));
  const scale = max / 127 || 1;
  return a.map((x) => Math.round(x / scale) * scale);
}

/** Bags: the linear parts averaged (as build() does), the hidden units concatenated with their outputs divided by the bag count (the average of the bags' scores). */
function combine(models: Model[], namedCount: number): Model {
  const k = models.reduce((s, m) => s + m.units, 0), n = models.length;
  const out: Model = { w: new Float64Array(BUCKETS), v: new Float64Array(namedCount), units: k, E: new Float64Array(EB * k), Ev: new Float64Array(namedCount * k), c: new Float64Array(k), u: new Float64Array(k) };
  let offset = 0;
  for (const m of models) {
    for (let i = 0; i < BUCKETS; i++) out.w[i] = (out.w[i] as number) + (m.w[i] as number) / n;
    for (let i = 0; i < m.v.length; i++) out.v[i] = (out.v[i] as number) + (m.v[i] as number) / n;
    for (let h = 0; h < m.units; h++) {
      const o = offset + h;
      out.c[o] = m.c[h] as number; out.u[o] = (m.u[h] as number) / n;
      for (let e = 0; e < EB; e++) out.E[e * k + o] = m.E[e * m.units + h] as number;
      for (let j = 0; j < m.v.length; j++) out.Ev[j * k + o] = m.Ev[j * m.units + h] as number;
    }
    offset += m.units;
  }
  return { ...out, w: quantize(out.w), E: quantize(out.E) };
}

/** A text's raw score: its best range's (windows; for indirect input, sentences too), as the runtime scores it. */
function score(m: Model, e: Example, names: Map<string, number>): number {
  const { normalized, features: f, hits, global } = read(e.text, e.source);
  const k = m.units, shift = BITS - EBITS;
  let best = -Infinity;
  const pre = new Float64Array(k);
  for (const ranges of scoredRanges(normalized.text, f, e.source, hits)) {
    let lo = 0;
    for (const [start, end] of ranges) {
      while (lo < f.count && (f.positions[lo] as number) < start) lo++;
      let s = 0, t = lo;
      pre.fill(0);
      for (; t < f.count && (f.positions[t] as number) < end; t++) {
        const b = f.buckets[t] as number, row = (b >>> shift) * k;
        s += m.w[b] as number;
        for (let h = 0; h < k; h++) pre[h] = (pre[h] as number) + (m.E[row + h] as number);
      }
      const count = t - lo, norm = featureNorm(count, e.source);
      const families = new Set(hits.filter((x) => x.start < end && x.end > start).map((x) => x.family));
      const named = namedFeatures(e.source, families, global).map((name) => names.get(name)).filter((j) => j !== undefined);
      let z = s * norm;
      for (const j of named) z += m.v[j] as number;
      for (let h = 0; h < k; h++) {
        let p = (m.c[h] as number) + (pre[h] as number) * norm;
        for (const j of named) p += m.Ev[j * k + h] as number;
        z += (m.u[h] as number) * phi(p);
      }
      best = Math.max(best, z);
    }
  }
  return best;
}

/** Detection at matched false-positive rates, as eval/injection.ts computes it. */
function matched(benign: number[], attacks: number[]): string {
  const sorted = [...benign].sort((a, b) => b - a);
  return [0.005, 0.01, 0.02, 0.05].map((target) => {
    const above = (sorted[Math.floor(sorted.length * target)] ?? 0) + 1e-9;
    const fp = sorted.filter((x) => x >= above).length / sorted.length, det = attacks.filter((x) => x >= above).length / attacks.length;
    return `<=${(100 * target).toFixed(1)}%: ${(100 * det).toFixed(1)} (${(100 * fp).toFixed(1)})`;
  }).join('  ');
}

function report(title: string, models: Record<string, Model>, pools: Record<Exclude<Source, 'system'>, { attacks: Example[]; benign: Example[] }>, names: Map<string, number>): void {
  console.log(`\n${title}`);
  for (const source of ['direct', 'indirect'] as const) {
    for (const [label, m] of Object.entries(models)) {
      const p = pools[source];
      console.log(`  ${source.padEnd(8)} ${label.padEnd(8)} ${matched(p.benign.map((e) => score(m, e, names)), p.attacks.map((e) => score(m, e, names)))}`);
    }
  }
}

const started = performance.now();
const names = new Map<string, number>();
const linear: Model[] = [], hidden: Model[] = [];
for (let bag = 0; bag < BAGS; bag++) {
  const data = examples('train', SEED + 101 * bag).flatMap((e) => windows(e, names));
  const l = train(data, names.size, SEED + 101 * bag);
  linear.push({ w: l.w, v: l.v, units: 0, E: new Float64Array(0), Ev: new Float64Array(0), c: new Float64Array(0), u: new Float64Array(0) });
  hidden.push(trainHidden(data, names.size, SEED + 101 * bag, K));
  console.error(`bag ${bag}: ${data.length} ranges, ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
// Named features first seen in a later bag: earlier bags' tables are shorter (their weight is 0).
const pad = (m: Model): Model => {
  const v = new Float64Array(names.size); v.set(m.v);
  const Ev = new Float64Array(names.size * m.units); Ev.set(m.Ev);
  return { ...m, v, Ev };
};
const models = { linear: combine(linear.map(pad), names.size), [`hidden${K * BAGS}`]: combine(hidden.map(pad), names.size) };
console.log(`seed ${SEED}, K ${K} x ${BAGS} bags, embedding buckets 2^${EBITS}, hidden lr x${HIDDEN_LR}, ${ACT}${LINEAR ? '' : ', no linear n-gram weights'}`);

const calibration = [...examples('calibration'), ...wildGuard('calibration')];
const pool = (xs: Example[]) => ({
  direct: { attacks: xs.filter((e) => e.source === 'direct' && e.label === 1), benign: xs.filter((e) => e.source === 'direct' && e.label === 0) },
  indirect: { attacks: xs.filter((e) => e.source === 'indirect' && e.label === 1), benign: xs.filter((e) => e.source === 'indirect' && e.label === 0) },
});
report('calibration split (pooled per source; raw scores)', models, pool(calibration), names);
// The synthetic calibration texts are all but separated by both models: the real ones tell
// more. deepset's calibration attacks against WildGuard's calibration half (what sets the direct
// threshold); BIPIA's training kinds inserted into BIPIA calibration contexts against those contexts.
const real = (e: Example) => e.set === 'deepset' || e.set === 'wildguard' || e.set === 'inserted:real:bipia' || e.set === 'bipia-context';
report('calibration, real texts only (deepset vs WildGuard; BIPIA in BIPIA contexts vs the contexts)', models, pool(calibration.filter(real)), names);

if (process.argv.includes('--held-out')) {
  const cse = cyberSecEval(), bipia = bipiaHeldOut(), ds = deepset('held-out');
  const heldOut = [...ds, ...cse.direct, ...cse.indirect, ...bipia.attacks, ...notInject('NotInject_one'), ...notInject('NotInject_two'), ...wildGuard('held-out'), ...bipia.benign, ...cse.systemPrompts];
  report('held-out pools (as eval:injection)', models, pool(heldOut), names);
  report('held-out, rows never read (hash >= 0.5)', models, pool(heldOut.filter((e) => unit(`dev:${e.text}`) >= 0.5)), names);
}
console.error(`${((performance.now() - started) / 1000).toFixed(0)} s`);
