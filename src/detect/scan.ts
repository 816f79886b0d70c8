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
  const input: ScanText = { text, lower: alignedLowerCase(text) };
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

/**
 * The lower-cased text with the same length as the text, so offsets found in one are valid in
 * the other. toLowerCase() lengthens one character (U+0130, dotted capital I, becomes "i" plus
 * a combining dot); anything else that changes length is lower-cased character by character.
 */
export function alignedLowerCase(text: string): string {
  let lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  lower = text.replaceAll('\u0130', 'i').toLowerCase();
  if (lower.length === text.length) return lower;
  let out = '';
  for (const ch of text) {
    const l = ch.toLowerCase();
    out += l.length === ch.length ? l : ch;
  }
  return out;
}

/**
 * Whether a context word occurs in the window before the candidate, or just after it. The words
 * are substrings, searched with one regex alternation per recognizer (built once): two searches
 * per candidate instead of two per word.
 */
function hasContext(lower: string, candidate: Candidate, words: readonly string[] | undefined, window: number): boolean {
  if (words === undefined || words.length === 0) return false;
  let re = contextRegexes.get(words);
  if (re === undefined) contextRegexes.set(words, (re = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'))));
  return re.test(lower.slice(Math.max(0, candidate.start - window), candidate.start)) || re.test(lower.slice(candidate.end, candidate.end + 16));
}
const contextRegexes = new WeakMap<readonly string[], RegExp>();

/** Whether `a` should win over `b` where they overlap: higher score, then longer, then earlier. */
function better(a: Detection, b: Detection): boolean {
  return a.score !== b.score ? a.score > b.score : a.end - a.start !== b.end - b.start ? a.end - a.start > b.end - b.start : a.start < b.start;
}

/**
 * Keeps, among findings that overlap, the best (see `better`); findings that do not overlap
 * are all kept, in text order. One sort and one sweep: a text with thousands of findings
 * (a log of e-mail addresses) must not cost a quadratic comparison.
 */
export function resolveOverlaps(findings: readonly Detection[]): Detection[] {
  if (findings.length < 2) return [...findings];
  const sorted = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Detection[] = [];
  for (const finding of sorted) {
    const last = kept[kept.length - 1];
    if (last === undefined || finding.start >= last.end) kept.push(finding);
    else if (better(finding, last)) {
      // The newcomer wins: drop every kept finding it overlaps (they all end after its start).
      while (kept.length > 0 && (kept[kept.length - 1] as Detection).end > finding.start && better(finding, kept[kept.length - 1] as Detection)) kept.pop();
      const previous = kept[kept.length - 1];
      if (previous === undefined || previous.end <= finding.start) kept.push(finding);
    }
  }
  return kept;
}

const round = (score: number) => Math.round(score * 100) / 100;

/**
 * A value computed at most once per scanned text and shared by the recognizers that need it
 * (digit groups, keyword hits, the secrets literals' hits, the NER analysis). Only the last
 * text's value is kept: scanText hands one ScanText to its recognizers in turn, so a second
 * slot would never be read. A WeakMap keyed by the ScanText did the same at ~0.3 µs an insert,
 * plus the garbage collector's work on its entries, on every scan.
 */
export function perScan<T>(compute: (input: ScanText) => T): (input: ScanText) => T {
  let last: ScanText | undefined;
  let value: T | undefined;
  return (input) => {
    if (input !== last) {
      value = compute(input);
      last = input;
    }
    return value as T;
  };
}
