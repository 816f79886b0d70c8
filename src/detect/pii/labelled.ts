/**
 * Identifiers that have no shape of their own and are only identifiers because a label says so:
 * "MRN: 0012345", "Member ID XYZ123456789", "S/N C02XK1ABJG5H". Each label (a keyword hit)
 * yields at most the one value that follows it, so the work is bounded per label.
 */
import type { Candidate, ScanText } from '../types.ts';
import { FILLERS, keywordHits, valueAfter } from './keywords.ts';

export interface LabelledSpec {
  readonly type: string;
  /** Keyword group(s) whose words label this identifier. */
  readonly group: number;
  /** Score before context: the label doubles as context, so scanText adds its boost on top. */
  readonly score: number;
  /** Characters (separators removed) an identifier may have. */
  readonly minLength: number;
  readonly maxLength: number;
  /** Digits it must contain: most labelled identifiers are numbers, few are all letters. */
  readonly minDigits: number;
  readonly fillers?: ReadonlySet<string>;
  /** Digit groups one space apart are one identifier ("123 456 789", as New York prints licences). */
  readonly spacedDigits?: boolean;
}

/** The identifier after each label of `spec.group`. */
export function labelledValues(input: ScanText, spec: LabelledSpec): Candidate[] {
  const hits = keywordHits(input);
  if ((hits.any & spec.group) === 0) return [];
  const { text } = input;
  const found: Candidate[] = [];
  let after = 0;
  for (let i = 0; i < hits.count; i++) {
    if (((hits.groups[i] ?? 0) & spec.group) === 0) continue;
    const start = valueAfter(input, hits.end[i] ?? 0, spec.fillers ?? FILLERS);
    if (start < after) continue; // also -1: no value
    let end = identifierEnd(text, start, spec.maxLength + 8);
    if (end < 0) continue;
    if (spec.spacedDigits === true) end = spacedDigitsEnd(text, start, end, spec.maxLength);
    if (!fits(text, start, end, spec)) continue;
    found.push({ type: spec.type, start, end, score: spec.score });
    after = end;
  }
  return found;
}

/** Extends an all-digit identifier over more digit groups joined by single spaces, within `max` characters. */
function spacedDigitsEnd(text: string, start: number, end: number, max: number): number {
  for (let i = start; i < end; i++) if (!isDigit(text.charCodeAt(i))) return end;
  let extended = end;
  while (text.charCodeAt(extended) === 0x20 && isDigit(text.charCodeAt(extended + 1))) {
    let next = extended + 1;
    while (next < text.length && isDigit(text.charCodeAt(next))) next++;
    if (next - start > max || (next < text.length && isAlnum(text.charCodeAt(next)))) break;
    extended = next;
  }
  return extended;
}

const isDigit = (code: number) => code >= 0x30 && code <= 0x39;

function fits(text: string, start: number, end: number, spec: LabelledSpec): boolean {
  let length = 0;
  let digits = 0;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x2d || code === 0x20) continue;
    length++;
    if (code >= 0x30 && code <= 0x39) digits++;
  }
  return length >= spec.minLength && length <= spec.maxLength && digits >= spec.minDigits;
}

/**
 * End of an identifier starting at `start`: letters and digits, with single '-' between them
 * ("W123-456-789"). -1 when longer than `max` (a hash, a base64 blob: not an identifier).
 */
export function identifierEnd(text: string, start: number, max: number): number {
  let i = start;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (isAlnum(code)) i++;
    else if (code === 0x2d && i > start && i + 1 < text.length && isAlnum(text.charCodeAt(i + 1))) i++;
    else break;
    if (i - start > max) return -1;
  }
  return i;
}

function isAlnum(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}
