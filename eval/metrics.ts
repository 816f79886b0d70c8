/**
 * Scores predictions against gold spans two ways.
 *
 * Span level, per entity type: a prediction is correct when its type equals a gold span's type
 * and their characters overlap (at least one character in common); precision is the share of
 * predictions that overlap a gold span of their type, recall the share of gold spans overlapped
 * by a prediction of their type. The exact-boundary figures count only identical [start, end)
 * after trimming whitespace at both ends.
 *
 * Token level, PII vs not: presidio-research's TokenEvaluator, as described in its
 * docs/token_evaluation.md and implemented in presidio_evaluator/evaluation/base_evaluator.py
 * and token_evaluator.py (github.com/microsoft/presidio-research): the text is split into
 * tokens, each token gets an IO label from the gold and from the prediction (the entity type
 * covering it, or "O"), labels outside the evaluated entity set become "O" on both sides
 * (entities_to_keep), and every (gold, predicted) pair is counted, except that a mismatching
 * token that is a skip word (punctuation, spaCy's English stop words and a few address and
 * date words: skipwords.py) is not counted, and a generic prediction ("PII") on a gold entity
 * counts as that entity. Then PII precision = tokens with gold != O and predicted != O over
 * tokens predicted != O; PII recall = the same over tokens with gold != O; F2 weighs recall
 * twice (beta = 2, presidio-research's default, since a missed entity leaks and a false
 * alarm only over-redacts). Tokens are split on whitespace and punctuation, approximating
 * spaCy's tokenizer, which presidio-research uses.
 */
import type { Span } from './dataset.ts';
import { SKIP_WORDS } from './skipwords.ts';

export const GENERIC = 'PII';

export interface Counts { gold: number; predicted: number; goldMatched: number; predictedMatched: number; goldExact: number; predictedExact: number }
export interface Scores { precision: number; recall: number; f1: number; exactPrecision: number; exactRecall: number; exactF1: number; gold: number; predicted: number }

const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

function trim(text: string, s: Span): Span {
  let { start, end } = s;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { type: s.type, start, end };
}

/** Adds one sample's span-level counts, per type, into `into`. */
export function countSpans(text: string, gold: readonly Span[], predicted: readonly Span[], types: ReadonlySet<string>, into: Map<string, Counts>): void {
  for (const type of types) {
    const g = gold.filter((s) => s.type === type).map((s) => trim(text, s));
    const p = predicted.filter((s) => s.type === type).map((s) => trim(text, s));
    const c = into.get(type) ?? { gold: 0, predicted: 0, goldMatched: 0, predictedMatched: 0, goldExact: 0, predictedExact: 0 };
    c.gold += g.length;
    c.predicted += p.length;
    c.goldMatched += g.filter((x) => p.some((y) => overlaps(x, y))).length;
    c.predictedMatched += p.filter((y) => g.some((x) => overlaps(x, y))).length;
    c.goldExact += g.filter((x) => p.some((y) => x.start === y.start && x.end === y.end)).length;
    c.predictedExact += p.filter((y) => g.some((x) => x.start === y.start && x.end === y.end)).length;
    into.set(type, c);
  }
}

const ratio = (a: number, b: number) => (b === 0 ? NaN : a / b);
export const fBeta = (p: number, r: number, beta: number) =>
  Number.isNaN(p) || Number.isNaN(r) || p + r === 0 ? 0 : ((1 + beta * beta) * p * r) / (beta * beta * p + r);

export function scores(c: Counts): Scores {
  const precision = ratio(c.predictedMatched, c.predicted), recall = ratio(c.goldMatched, c.gold);
  const exactPrecision = ratio(c.predictedExact, c.predicted), exactRecall = ratio(c.goldExact, c.gold);
  return {
    precision, recall, f1: fBeta(precision, recall, 1), exactPrecision, exactRecall, exactF1: fBeta(exactPrecision, exactRecall, 1),
    gold: c.gold, predicted: c.predicted,
  };
}

export interface TokenCounts { annotated: number; predicted: number; truePositive: number }

/** Tokens as spaCy would roughly make them: words and numbers, and each punctuation mark alone. */
function tokens(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const m of text.matchAll(/[\p{L}\p{M}\p{N}_]+(?:['’.@\-/][\p{L}\p{M}\p{N}_]+)*|[^\s\p{L}\p{M}\p{N}_]/gu)) {
    out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}

function labelAt(spans: readonly Span[], start: number, end: number, keep: ReadonlySet<string>): string {
  for (const s of spans) if (s.start < end && start < s.end && (keep.has(s.type) || s.type === GENERIC)) return s.type;
  return 'O';
}

/** Adds one sample's token-level PII counts (presidio-research TokenEvaluator rules) into `into`. */
export function countTokens(text: string, gold: readonly Span[], predicted: readonly Span[], keep: ReadonlySet<string>, into: TokenCounts): void {
  for (const tok of tokens(text)) {
    const annotation = labelAt(gold, tok.start, tok.end, keep);
    const prediction = labelAt(predicted, tok.start, tok.end, keep);
    // A mismatch on a skip word is not counted (base_evaluator.__revert_known_errors).
    if (annotation !== prediction && SKIP_WORDS.has(text.slice(tok.start, tok.end).toLowerCase().trim())) continue;
    if (annotation !== 'O') into.annotated++;
    if (prediction !== 'O') into.predicted++;
    if (annotation !== 'O' && prediction !== 'O') into.truePositive++;
  }
}

export function tokenScores(c: TokenCounts): { precision: number; recall: number; f2: number; annotated: number; predicted: number } {
  const precision = ratio(c.truePositive, c.predicted), recall = ratio(c.truePositive, c.annotated);
  return { precision, recall, f2: fBeta(precision, recall, 2), annotated: c.annotated, predicted: c.predicted };
}
