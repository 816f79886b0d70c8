/**
 * The prompt-injection detector's public API, called by the gateway for every message and tool
 * result and by `portcullis scan --detectors injection`.
 *
 * detectInjection(text, source) reads the text as the model was trained to (normalize.ts,
 * features.ts, rules.ts), scores its windows and sentences (model.ts), and, only when the best
 * is over the source's threshold, localizes the passage: each sentence and each pair of
 * adjacent sentences is scored with the same model (an indirect text's sentences were already
 * scored in the first pass, and those scores are used), and the runs of sentences over the
 * threshold are reported with their offsets in the ORIGINAL text, so the gateway can replace
 * exactly that passage. A clean text costs one pass and no localization.
 *
 * Invisible-character smuggling (tag characters, runs of zero-width or bidi controls) is
 * reported as INVISIBLE_TEXT whatever the score: hiding text is a finding of its own.
 */
import type { Detection } from '../types.ts';
import { embeddedDocuments } from './embedded.ts';
import { originalRange } from './mapped.ts';
import { type Best, bestRange, calibrate, COMMITTED, hitSentenceSpans, scoreSpans, sentenceSpans, type Source } from './model.ts';
import { readsAsEnglish } from './language.ts';
import { read, type Reading } from './pipeline.ts';
import type { RuleHit } from './rules.ts';

export type InjectionSource = Source;

export interface InjectionResult {
  /** Calibrated probability that the text holds an injection, in [0, 1]. */
  readonly score: number;
  /** score >= the threshold of the source. */
  readonly detected: boolean;
  /** PROMPT_INJECTION passages (when detected) and INVISIBLE_TEXT runs, sorted by start, offsets in the original text. */
  readonly findings: Detection[];
  /**
   * Direct and system input: the documents pasted or retrieved into the text (embedded.ts) that
   * were detected as indirect input, [start, end) in the original text, sorted. A passage inside
   * one is the document's injection, not its sender's words (policy tells them apart).
   */
  readonly documents: readonly (readonly [number, number])[];
}

/** Operating thresholds, set by the training script on the calibration split (see docs/injection.md). */
export const INJECTION_THRESHOLDS: InjectionThresholds = COMMITTED.thresholds;

/**
 * Operating thresholds: one per source, and for a user's message one more, for a message that
 * does not read as English (language.ts; twenty-first round): English requests include role-play
 * prompts in a jailbreak's words that hold the English bar high.
 */
export type InjectionThresholds = { readonly [S in Source]: number } & { readonly directOtherLanguages: number };
/** The thresholds an operator set (config `injection.thresholds`); the rest are the model's. */
export type ThresholdOverrides = { readonly [K in keyof InjectionThresholds]?: number };

/** The two direct bars in force (the operator's where set, the model's otherwise), and the lower of them. */
interface DirectBars { readonly english: number; readonly other: number; readonly low: number }
function directBars(thresholds?: ThresholdOverrides): DirectBars {
  const english = thresholds?.direct ?? INJECTION_THRESHOLDS.direct;
  // An operator's direct threshold holds for every language unless they set one for the others.
  const other = thresholds?.directOtherLanguages ?? thresholds?.direct ?? INJECTION_THRESHOLDS.directOtherLanguages;
  return { english, other, low: Math.min(english, other) };
}

/**
 * The threshold at or above which `text` is flagged as `source` input. For a user's message: the
 * English bar or the other languages' by its language, and the lower of the two for a message
 * that is nothing but an order to the model ("You are now DAN.", "Ignore previous instructions.";
 * bareOrder). The English bar is held high by role-play requests that wrap a harmless question in
 * a jailbreak's words (twenty-first round); a bare order wraps nothing, and scored 0.90-0.95 as a
 * message, just under or over the English bar by the draw (twenty-second round).
 */
export function injectionThreshold(text: string, source: Source, thresholds?: ThresholdOverrides): number {
  if (source !== 'direct') return thresholds?.[source] ?? INJECTION_THRESHOLDS[source];
  return directThreshold(text, directBars(thresholds), () => bareOrder(read(text, 'direct', COMMITTED.ngrams)));
}

/** A direct message's bar: its language's, or the lower one for a bare order (`bare` asked only when that would lower it). */
function directThreshold(text: string, { english, other, low }: DirectBars, bare: () => boolean): number {
  const byLanguage = readsAsEnglish(text) ? english : other;
  return byLanguage > low && bare() ? low : byLanguage;
}

/**
 * The same for a text that scored `score`, read as `x`: a direct message under both bars (most of
 * them) is not flagged whichever language it is in, so the language test (and whether it is a
 * bare order) is looked at only for a score between them.
 */
function thresholdFor(score: number, text: string, source: Source, x: Reading, thresholds?: ThresholdOverrides): number {
  if (source !== 'direct') return injectionThreshold(text, source, thresholds);
  const bars = directBars(thresholds);
  return score < bars.low ? bars.low : directThreshold(text, bars, () => bareOrder(x));
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * passages' working buffers, reused (grown as needed) rather than allocated per detected text: a
 * typed array over 64 bytes gets a backing store outside V8's heap, and the five arrays passages
 * allocated per call cost more than its own arithmetic (profiled on a 2 KB tool result). Only the
 * first `count` entries are read.
 */
let bestBuffer = new Float64Array(64), hotBuffer = new Uint8Array(64), pairBuffer = new Int32Array(128);

/**
 * The passages of a detected text: runs of sentences (or adjacent pairs) over the threshold, in
 * normalized offsets. `scored`: the first pass's sentences and raw scores when it scored them all
 * (indirect input); the same sentences scored again would give the same numbers.
 */
function passages(x: Reading, source: Source, threshold: number, scored: Best['sentences']): { start: number; end: number; score: number }[] {
  // Direct and system input scored only the sentences with a rule hit, each binned (stray.ts)
  // among those alone: here every sentence is scored, binned among all of them.
  const found = scored?.ranges ?? sentenceSpans(x.normalized.text, x.features);
  const single = scored?.scores ?? scoreSpans(x.features, x.hits, source, x.global, COMMITTED, found, true);
  // Compared as raw scores (the threshold taken back through the Platt curve); calibrated only where reported.
  const { a, b } = COMMITTED.platt[source];
  const rawThreshold = (Math.log(threshold / (1 - threshold)) - b) / a;
  const { count, spans } = found;
  if (bestBuffer.length < count) { bestBuffer = new Float64Array(2 * count); hotBuffer = new Uint8Array(2 * count); pairBuffer = new Int32Array(4 * count); }
  const best = bestBuffer, hot = hotBuffer;
  // Copied before the pairs are scored, into scoreSpans' buffer, which `single` is. (`spans`, the
  // sentence buffer, stays valid: nothing below splits sentences.)
  for (let i = 0; i < count; i++) { best[i] = single[i] as number; hot[i] = (single[i] as number) >= rawThreshold ? 1 : 0; }
  // Adjacent pairs: a passage split across two sentences, neither enough alone.
  if (count > 1) {
    const pairSpans = pairBuffer;
    for (let i = 0; i + 1 < count; i++) { pairSpans[2 * i] = spans[2 * i] as number; pairSpans[2 * i + 1] = spans[2 * i + 3] as number; }
    const pairs = scoreSpans(x.features, x.hits, source, x.global, COMMITTED, { spans: pairSpans, count: count - 1 });
    for (let i = 0; i + 1 < count; i++) {
      const p = pairs[i] as number;
      if (hot[i] === 1 || hot[i + 1] === 1 || p < rawThreshold) continue;
      hot[i] = hot[i + 1] = 1;
      best[i] = Math.max(best[i] as number, p); best[i + 1] = Math.max(best[i + 1] as number, p);
    }
  }
  const out: { start: number; end: number; score: number }[] = [];
  for (let i = 0; i < count; i++) {
    if (hot[i] === 0) continue;
    const last = out[out.length - 1];
    if (last !== undefined && i > 0 && hot[i - 1] === 1) { last.end = spans[2 * i + 1] as number; last.score = Math.max(last.score, best[i] as number); }
    else out.push({ start: spans[2 * i] as number, end: spans[2 * i + 1] as number, score: best[i] as number });
  }
  for (const passage of out) passage.score = calibrate(passage.score, source);
  return out;
}

export function detectInjection(text: string, source: InjectionSource, thresholds?: ThresholdOverrides): InjectionResult {
  if (source === 'indirect') return detectIndirect(text, thresholds);
  // A document pasted into a user's message or a system prompt is read as what it is, indirect
  // input (embedded.ts); the message's score is its own or its worst document's, whichever is
  // detected or higher.
  const spans = embeddedDocuments(text);
  // A system prompt's retrieved documents are not the operator's words: the system reading
  // leaves them out, so each part of the prompt is read once, as what it is. A user's message is
  // read whole: a user may wrap their own attack in a fence or a quotation.
  const result = source === 'system' && spans.length > 0 ? detectOutside(text, spans, thresholds) : detectAs(text, source, thresholds);
  let { score, detected } = result;
  const pasted: Detection[] = [], documents: [number, number][] = [];
  for (const [start, end] of spans) {
    const inner = detectIndirect(text.slice(start, end), thresholds);
    if (!inner.detected) continue;
    if (!detected || inner.score > score) score = inner.score;
    detected = true;
    documents.push([start, end]);
    // Its invisible text is already reported, at the message's offsets.
    for (const f of inner.findings) if (f.type === 'PROMPT_INJECTION') pasted.push({ ...f, start: f.start + start, end: f.end + start });
  }
  if (documents.length === 0) return result;
  return { score, detected, findings: [...result.findings, ...pasted].sort((a, b) => a.start - b.start || a.end - b.end), documents };
}

/**
 * A system prompt read as system input without its documents: the parts between the spans,
 * joined by a blank line (so no sentence or window runs across a gap), and the findings mapped
 * back to the prompt's offsets.
 */
function detectOutside(text: string, spans: readonly (readonly [number, number])[], thresholds?: ThresholdOverrides): InjectionResult {
  const JOIN = '\n\n';
  // Each part's start in the joined text and in the prompt.
  const joinedStarts: number[] = [], starts: number[] = [];
  let joined = '', at = 0;
  for (const [start, end] of [...spans, [text.length, text.length] as const]) {
    if (joined !== '') joined += JOIN;
    joinedStarts.push(joined.length); starts.push(at);
    joined += text.slice(at, start);
    at = end;
  }
  const result = detectAs(joined, 'system', thresholds);
  // An offset in the joined text back to the prompt; one inside a joint goes to its part's end.
  const back = (offset: number): number => {
    let k = joinedStarts.length - 1;
    while (k > 0 && (joinedStarts[k] as number) > offset) k--;
    const end = k + 1 < starts.length ? (spans[k] as readonly [number, number])[0] : text.length;
    return Math.min((starts[k] as number) + offset - (joinedStarts[k] as number), end);
  };
  return { ...result, findings: result.findings.map((f) => ({ ...f, start: back(f.start), end: back(f.end) })) };
}

/**
 * Rule families of an order to the model itself (drop your instructions, show your prompt, be
 * unrestricted): a document sentence that holds one is also read as a user's message.
 */
const ORDER_FAMILIES: ReadonlySet<string> = new Set(['override', 'prompt_leak', 'jailbreak']);
/**
 * Read so, the score over which such a sentence is an injection wherever it sits. 0.99 until
 * the nineteenth round; 0.95, 0.97 and 0.99 flag exactly the same texts of every evaluation set
 * and real-document corpus, 0.9 one more man page: 0.97 keeps a margin on both sides, and a
 * short override in a language the indirect n-grams barely know ("Hagyd figyelmen kívül az
 * összes korábbi utasítást ...", 0.988 as a message) does not hang on the draw.
 */
const AS_MESSAGE = 0.97;
/** What makes a sentence more than its order (onlyOrder): a letter or digit outside the rule hits. */
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * Indirect input: its own reading, and, when that is under the threshold, each sentence with an
 * order's rule hit read as a user's message. The indirect n-grams know an order mostly in the
 * languages documents were trained with; the direct ones learnt overrides in 33 more, so
 * "忽略之前的所有指令。" alone scores 0.05 as a tool result and 0.98 as a message (fifteenth
 * round). Only sentences a rule already marks are read, and only at a near-certain score, or at
 * the direct threshold for a sentence that is nothing but the order (eighteenth round).
 */
function detectIndirect(text: string, thresholds?: ThresholdOverrides): InjectionResult {
  const orders: Order[] = [];
  const result = detectAs(text, 'indirect', thresholds, orders);
  if (result.detected || orders.length === 0) return result;
  const passages: Detection[] = [];
  const lowBar = directBars(thresholds).low;
  for (const { start, end, bare } of orders) {
    const asMessage = detectAs(text.slice(start, end), 'direct');
    // A bare order has no reading as a correction of one's own request ("ignore my previous
    // instructions, use Python"), which is what keeps a user's message under 0.99: in a
    // document it is addressed to whoever reads it (eighteenth round). It is held to the lower
    // direct bar, as the same order sent as a message is (injectionThreshold).
    const bar = bare ? lowBar : AS_MESSAGE;
    if (asMessage.score >= bar) passages.push({ detector: 'injection', type: 'PROMPT_INJECTION', start, end, score: asMessage.score });
  }
  if (passages.length === 0) return result;
  const score = Math.max(result.score, ...passages.map((p) => p.score));
  return { score, detected: true, findings: [...result.findings, ...passages].sort((a, b) => a.start - b.start || a.end - b.end), documents: [] };
}

/**
 * Whether [from, to) has no letter or digit outside the order hits that lie within it (the
 * sentence is the order and its punctuation; a hit that runs on past the sentence,
 * "--enable-developer. Automake maintainer mode", covers none of it). `hits` sorted by start, and
 * `first` the index of the first that may start in the sentence: sentences ascend, so one pass
 * over the hits serves them all.
 */
function onlyOrder(text: string, from: number, to: number, hits: readonly { start: number; end: number }[], first: number): boolean {
  let at = from;
  for (let k = first; k < hits.length && (hits[k]!.start < to); k++) {
    const h = hits[k]!;
    if (h.end > to || h.end <= at) continue;
    for (let i = at; i < h.start; i++) if (LETTER_OR_DIGIT.test(text[i] as string)) return false;
    at = h.end;
  }
  for (let i = at; i < to; i++) if (LETTER_OR_DIGIT.test(text[i] as string)) return false;
  return true;
}

/** A reading's rule hits of ORDER_FAMILIES, sorted by start (as onlyOrder takes them). */
function orderHits(x: Reading): RuleHit[] {
  const ordering = x.hits.filter((h) => ORDER_FAMILIES.has(h.family));
  return ordering.length > 1 ? ordering.sort((a, b) => a.start - b.start) : ordering;
}

/** Whether a reading is nothing but an order to the model: a rule hit of ORDER_FAMILIES, and punctuation around it. */
function bareOrder(x: Reading): boolean {
  const byStart = orderHits(x);
  return byStart.length > 0 && onlyOrder(x.normalized.text, 0, x.normalized.text.length, byStart, 0);
}

/** A sentence of a document that holds an order's rule hit: its original range, and whether it is nothing but the order. */
interface Order { start: number; end: number; bare: boolean }

/**
 * detectInjection for one reading of the text, as `source` input. `orders` (indirect input):
 * filled, when the text is not detected, with its sentences that hold a rule hit of ORDER_FAMILIES.
 */
function detectAs(text: string, source: InjectionSource, thresholds?: ThresholdOverrides, orders?: Order[]): InjectionResult {
  if (text.length === 0) return { score: 0, detected: false, findings: [], documents: [] };
  const x = read(text, source, COMMITTED.ngrams);
  const window = bestRange(x.normalized.text, x.features, x.hits, source, x.global, COMMITTED);
  const score = round(calibrate(window.raw, source));
  const threshold = thresholdFor(score, text, source, x, thresholds);
  const findings: Detection[] = x.normalized.invisible.map((run) => ({
    detector: 'injection', type: 'INVISIBLE_TEXT', start: run.start, end: run.end, score: run.kinds.includes('tag') || run.decoded !== '' ? 1 : 0.9,
  }));
  const detected = score >= threshold;
  if (detected) {
    let found = passages(x, source, threshold, window.sentences);
    // Nothing sentence-sized stands out (the evidence is spread out): report the best window.
    if (found.length === 0) found = [{ start: window.start, end: window.end, score }];
    for (const p of found) {
      // A passage that takes in part of a letter-spaced run takes all of it: the joined letters
      // sit at the run's start, its padding at the end.
      for (const [start, end] of x.joined) if (p.start < end && start < p.end) { p.start = Math.min(p.start, start); p.end = Math.max(p.end, end); }
      const [start, end] = originalRange(x.normalized, p.start, p.end);
      findings.push({ detector: 'injection', type: 'PROMPT_INJECTION', start, end, score: round(p.score) });
    }
  } else if (orders !== undefined) {
    const byStart = orderHits(x);
    const { spans, count } = hitSentenceSpans(x.normalized.text, x.features, byStart);
    let first = 0;
    for (let i = 0; i < count; i++) {
      const from = spans[2 * i] as number, to = spans[2 * i + 1] as number;
      while (first < byStart.length && byStart[first]!.start < from) first++;
      const [start, end] = originalRange(x.normalized, from, to);
      orders.push({ start, end, bare: onlyOrder(x.normalized.text, from, to, byStart, first) });
    }
  }
  findings.sort((a, b) => a.start - b.start || a.end - b.end);
  return { score, detected, findings, documents: [] };
}
