/**
 * The injection model: logistic regression over hashed n-grams (features.ts) and named
 * features (rule family x source, the source itself, decoded or invisible text), scored over
 * ranges of the normalized text: windows, and for indirect input sentences too.
 *
 * Why ranges: an instruction buried in a 20 KB tool result is a few hundred characters; scored
 * as one bag of n-grams it is diluted by everything around it. A range's raw score is
 *   bias + source + (sum of its n-gram weights) / sqrt(n-gram count) + its named features,
 * the text's raw score is its best range's, and Platt scaling turns that into a calibrated
 * probability. Range sums come from prefix sums over the features, so the cost stays linear.
 * Training (scripts/train-injection.ts) uses these same functions, so the runtime computes
 * exactly what was trained and calibrated.
 */
import { BITS, type Features } from './features.ts';
import { MODEL } from './model-data.ts';
import type { RuleHit } from './rules.ts';

export type Source = 'direct' | 'indirect';

/** Window length and step in normalized characters; a text no longer than WINDOW is one window. */
export const WINDOW = 320;
export const STRIDE = 160;

export interface Weights {
  /** Hashed n-gram weights (2^BITS), already multiplied by `scale` when summed. */
  readonly ngrams: ArrayLike<number>;
  readonly scale: number;
  /** Named feature -> weight. */
  readonly named: ReadonlyMap<string, number>;
}

/** Named features of a window, as the training script also lists them. */
export function namedFeatures(source: Source, families: Iterable<string>, global: readonly string[]): string[] {
  const out = ['bias', `source:${source}`, ...global];
  for (const family of families) out.push(`rule:${family}:${source}`);
  return out;
}

/** Features of the whole text, not of a window: text decoded from an encoding, hidden characters. */
export function globalFeatures(decodedSegments: number, invisibleRuns: number): string[] {
  const out: string[] = [];
  if (decodedSegments > 0) out.push('decoded');
  if (invisibleRuns > 0) out.push('invisible');
  return out;
}

export interface Window { readonly start: number; readonly end: number; readonly raw: number }

/** Window starts for a normalized text of length n. */
export function windowStarts(n: number): number[] {
  if (n <= WINDOW) return [0];
  const starts: number[] = [];
  for (let a = 0; a + WINDOW < n; a += STRIDE) starts.push(a);
  starts.push(n - WINDOW);
  return starts;
}

/**
 * Raw (uncalibrated) scores of the given ranges of a normalized text: one pass over the
 * features (their positions ascend) and the rule hits. `ranges` must ascend by start and by end.
 */
export function scoreRanges(f: Features, hits: readonly RuleHit[], source: Source, global: readonly string[], w: Weights, ranges: readonly (readonly [number, number])[]): number[] {
  // Prefix sums over the feature list: cum[k] = sum of the first k features' weights (summed
  // by extract() when it was given these weights).
  const cum: ArrayLike<number> = f.cumWeights !== null && f.cumWeights === w.ngrams ? f.cum : prefix(f, w.ngrams);
  const out: number[] = [];
  let lo = 0, hi = 0;
  const base = sumNamed(w, namedFeatures(source, [], global));
  // Hits by start, walked with the windows: a text full of hits costs hits x overlap, not hits x windows.
  const sorted = hits.length > 1 ? [...hits].sort((x, y) => x.start - y.start) : hits;
  let longest = 0;
  for (const h of sorted) longest = Math.max(longest, h.end - h.start);
  let h0 = 0;
  for (const [a, b] of ranges) {
    while (lo < f.count && (f.positions[lo] as number) < a) lo++;
    if (hi < lo) hi = lo;
    while (hi < f.count && (f.positions[hi] as number) < b) hi++;
    const n = hi - lo;
    let raw = base + (n > 0 ? ((cum[hi] as number) - (cum[lo] as number)) * w.scale / Math.sqrt(n) : 0);
    if (sorted.length > 0) {
      while (h0 < sorted.length && (sorted[h0] as RuleHit).start < a - longest) h0++;
      const families = new Set<string>();
      for (let k = h0; k < sorted.length && (sorted[k] as RuleHit).start < b; k++) if ((sorted[k] as RuleHit).end > a) families.add((sorted[k] as RuleHit).family);
      for (const family of families) raw += w.named.get(`rule:${family}:${source}`) ?? 0;
    }
    out.push(raw);
  }
  return out;
}

let cumBuffer = new Float64Array(8192);
function prefix(f: Features, ngrams: ArrayLike<number>): Float64Array {
  if (cumBuffer.length < f.count + 1) cumBuffer = new Float64Array(Math.max(f.count + 1, cumBuffer.length * 2));
  const cum = cumBuffer;
  let s = 0;
  cum[0] = 0;
  for (let k = 0; k < f.count; k++) { s += ngrams[f.buckets[k] as number] as number; cum[k + 1] = s; }
  return cum;
}

function sumNamed(w: Weights, names: readonly string[]): number {
  let s = 0;
  for (const name of names) s += w.named.get(name) ?? 0;
  return s;
}

/** Sentences of a normalized text: split after . ! ? followed by a space, and at line breaks; at most 400 characters each. */
export function sentences(text: string, f: Features): [number, number][] {
  const out: [number, number][] = [];
  const MAX = 400;
  let start = 0;
  for (let k = 0; k <= f.sentenceEnds; k++) {
    const end = k < f.sentenceEnds ? (f.sentenceEnd[k] as number) : text.length;
    // A run-on stretch is cut at the first space past every 400 characters (searched within the
    // sentence only: an indexOf could run on past it, over and over in a text with no spaces).
    for (let i = start + MAX; i < end - 1; i++) {
      if (text.charCodeAt(i) !== 0x20) continue;
      pushTrimmed(text, start, i + 1, out);
      start = i + 1;
      i = start + MAX - 1;
    }
    pushTrimmed(text, start, end, out);
    start = end;
  }
  return out;
}

function pushTrimmed(text: string, a: number, b: number, out: [number, number][]): void {
  while (a < b && text.charCodeAt(a) <= 0x20) a++;
  while (b > a && text.charCodeAt(b - 1) <= 0x20) b--;
  if (b > a) out.push([a, b]);
}

/** The windows of a normalized text, as ranges. */
export function windows(n: number): [number, number][] {
  return windowStarts(n).map((a) => [a, Math.min(n, a + WINDOW)]);
}

/**
 * The ranges a text is scored over: its windows, and for indirect input its sentences too: a
 * one-line instruction in a long e-mail is a small part of any window, but all of its
 * sentence. (A user's message is its own author's words: there, a sentence that reads like an
 * order is the point, so direct input is scored by windows.)
 */
export function scoredRanges(text: string, f: Features, source: Source): [number, number][][] {
  return source === 'indirect' ? [windows(text.length), sentences(text, f)] : [windows(text.length)];
}

/** The best-scoring range of a normalized text (see scoredRanges). */
export function bestRange(text: string, f: Features, hits: readonly RuleHit[], source: Source, global: readonly string[], w: Weights): Window {
  let best: Window = { start: 0, end: 0, raw: -Infinity };
  for (const ranges of scoredRanges(text, f, source)) {
    const raws = scoreRanges(f, hits, source, global, w, ranges);
    for (let i = 0; i < raws.length; i++) if ((raws[i] as number) > best.raw) best = { start: ranges[i]![0], end: ranges[i]![1], raw: raws[i] as number };
  }
  if (best.raw === -Infinity) best = { start: 0, end: text.length, raw: scoreRanges(f, hits, source, global, w, [[0, text.length]])[0] as number };
  return best;
}

export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** The committed model, decoded once. */
export interface LoadedModel extends Weights {
  readonly ngrams: Int8Array;
  readonly platt: { readonly a: number; readonly b: number };
  readonly thresholds: { readonly direct: number; readonly indirect: number };
}

function load(): LoadedModel {
  const bytes = Buffer.from(MODEL.ngrams, 'base64');
  if (bytes.length !== 1 << BITS) throw new Error(`injection model: ${bytes.length} weights, expected ${1 << BITS} (retrain with npm run train:injection)`);
  const ngrams = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  return { ngrams, scale: MODEL.scale, named: new Map(Object.entries(MODEL.named)), platt: MODEL.platt, thresholds: MODEL.thresholds };
}

export const COMMITTED: LoadedModel = load();

/** Calibrated probability from a raw score. */
export const calibrate = (raw: number, m: LoadedModel = COMMITTED) => sigmoid(m.platt.a * raw + m.platt.b);
