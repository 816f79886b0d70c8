/**
 * Runs recognizers over a text: pre-filters, candidates, context words, thresholds, allow-lists,
 * and overlaps (where two findings cover the same characters, the stronger and longer one wins,
 * so "4111 1111 1111 1111" is one CREDIT_CARD, not also a PHONE_NUMBER).
 */
import type { Candidate, Detection, Recognizer, ScanText } from './types.ts';

export interface ScanOptions {
  /** Findings scoring below this are dropped. Default 0.5. */
  readonly threshold?: number;
  /** Exact matched values never reported (test card numbers, the company's own domain emails, ...). */
  readonly allow?: ReadonlySet<string>;
  /** Characters before a candidate searched for context words. Default 48. */
  readonly contextWindow?: number;
}

const DEFAULT_THRESHOLD = 0.5;
const DEFAULT_WINDOW = 48;
const DEFAULT_BOOST = 0.35;

export function scanText(text: string, recognizers: readonly Recognizer[], options: ScanOptions = {}): Detection[] {
  if (text.length === 0) return [];
  const input: ScanText = { text, lower: text.toLowerCase() };
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const window = options.contextWindow ?? DEFAULT_WINDOW;
  const found: Detection[] = [];
  for (const recognizer of recognizers) {
    if (recognizer.mayMatch !== undefined && !recognizer.mayMatch(input)) continue;
    for (const candidate of recognizer.find(input)) {
      const score = Math.min(1, candidate.score + (hasContext(input.lower, candidate, recognizer.context, window) ? recognizer.contextBoost ?? DEFAULT_BOOST : 0));
      if (score < threshold) continue;
      if (options.allow !== undefined && options.allow.has(text.slice(candidate.start, candidate.end))) continue;
      found.push({ detector: recognizer.detector, type: candidate.type, start: candidate.start, end: candidate.end, score: round(score) });
    }
  }
  return resolveOverlaps(found);
}

/** Whether a context word occurs in the window before the candidate, or just after it. */
function hasContext(lower: string, candidate: Candidate, words: readonly string[] | undefined, window: number): boolean {
  if (words === undefined || words.length === 0) return false;
  const before = lower.slice(Math.max(0, candidate.start - window), candidate.start);
  const after = lower.slice(candidate.end, candidate.end + 16);
  for (const word of words) if (before.includes(word) || after.includes(word)) return true;
  return false;
}

/**
 * Keeps, among findings that overlap, the best: higher score, then longer span, then earlier.
 * Findings that do not overlap are all kept, in text order.
 */
export function resolveOverlaps(findings: readonly Detection[]): Detection[] {
  if (findings.length < 2) return [...findings];
  const ranked = [...findings].sort((a, b) => b.score - a.score || (b.end - b.start) - (a.end - a.start) || a.start - b.start);
  const kept: Detection[] = [];
  for (const finding of ranked) {
    if (kept.every((k) => finding.end <= k.start || finding.start >= k.end)) kept.push(finding);
  }
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}

const round = (score: number) => Math.round(score * 100) / 100;
