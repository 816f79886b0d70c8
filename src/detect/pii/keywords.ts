/**
 * Labels and abbreviations, found once per scan, with word boundaries, by one regex over the
 * lowercased text. Two uses:
 * - label-anchored recognizers take the value that follows a label ("MRN: 00123456",
 *   "Member ID XYZ123456789"): a bare number is not a medical record number, a labelled one is;
 * - short abbreviations as context. scanText's context test is a substring test, right for
 *   "passport" but it would find "dea" in "idea", "tin" in "testing" and "vin" in "having", so
 *   recognizers check those here, bounded by words, and add the boost themselves.
 * One alternation over ~150 literals costs about as much as one over 10 (~2.5 ns a character), so
 * every recognizer shares this pass instead of running its own, and it runs only near digits.
 */
import { perScan } from '../scan.ts';
import type { ScanText } from '../types.ts';
import { type DigitGroups, alignedLower, digitGroups } from './scanners.ts';

/** Keyword groups: a hit carries the groups its word belongs to. */
export const K = {
  MRN: 1 << 0,
  PLAN: 1 << 1,
  ACCOUNT: 1 << 2,
  LICENSE: 1 << 3,
  DRIVER: 1 << 4,
  DEVICE: 1 << 5,
  PLATE: 1 << 6,
  CVV: 1 << 7,
  EXPIRY: 1 << 8,
  ITIN: 1 << 10,
  ABA: 1 << 11,
  DEA: 1 << 12,
  MBI: 1 << 13,
  VIN: 1 << 14,
  PHONE: 1 << 15,
  FAX: 1 << 16,
  DATE: 1 << 17,
  CRYPTO: 1 << 18,
  CARD: 1 << 19,
  BANK: 1 << 20,
  PASSPORT: 1 << 21,
} as const;

const VOCABULARY: ReadonlyArray<readonly [number, readonly string[]]> = [
  [K.MRN, ['mrn', 'mrn#', 'medical record', 'med rec', 'medrec', 'chart number', 'chart no', 'chart #', 'chart id', 'patient id', 'patient number', 'patient no', 'patient #', 'pt id', 'hospital number', 'hospital no', 'record number', 'record no', 'record #', 'emr id', 'ehr id']],
  [K.PLAN, ['member id', 'member number', 'member no', 'member #', 'membership number', 'subscriber', 'policy number', 'policy no', 'policy #', 'policy id', 'group number', 'group no', 'group #', 'group id', 'health plan', 'plan id', 'insurance id', 'insurance number', 'insurance no', 'insurance policy', 'beneficiary id', 'beneficiary number', 'medicaid id', 'medicaid number', 'medicaid no', 'medicaid #', 'hicn', 'coverage id']],
  [K.ACCOUNT, ['account', 'acct', 'acct#', 'a/c', 'acc no', 'acc #']],
  [K.LICENSE, ['license', 'licence', 'lic', 'lic#', 'certificate', 'cert', 'cert#', 'certification', 'registration number', 'registration no', 'permit number', 'permit no']],
  [K.DRIVER, ['driver', 'drivers', 'driving', 'dl', 'dl#', 'dln', 'cdl']],
  [K.DEVICE, ['serial', 'serial number', 's/n', 'sn', 'sn#', 'udi', 'imei', 'meid', 'esn', 'device id', 'device identifier', 'device serial']],
  [K.PLATE, ['plate', 'plate number', 'plate no', 'plate #', 'tag number', 'tag no', 'tag #']],
  // The card-specific CVV names are card context in their own right; "security code" is not.
  [K.CVV | K.CARD, ['cvv', 'cvv2', 'cvc', 'cvc2', 'cvn', 'cav2', 'card verification', 'card code', 'card security code']],
  [K.CVV, ['cid', 'csc', 'security code', 'verification code']],
  [K.CARD, ['card', 'cards', 'credit', 'debit', 'visa', 'mastercard', 'amex', 'american express', 'discover', 'diners', 'jcb', 'unionpay', 'maestro', 'cc', 'cc#', 'pan']],
  [K.EXPIRY, ['exp', 'exp.', 'expiry', 'expires', 'expire', 'expiration', 'exp date', 'expiry date', 'expiration date', 'valid thru', 'valid through', 'valid until', 'good thru', 'good through', 'mm/yy']],
  [K.ITIN, ['itin', 'tin', 'tax id', 'taxpayer']],
  [K.ABA, ['aba', 'rtn', 'routing']],
  [K.DEA, ['dea', 'dea#']],
  [K.MBI, ['mbi', 'cms', 'hic', 'medicare']],
  [K.VIN, ['vin', 'vin#']],
  [K.PHONE, ['tel', 'tel.', 'ph', 'ph.', 'cell', 'mob', 'mobile', 'phone', 'telephone', 'call', 'sms', 'text', 'whatsapp', 'dial', 'ring', 'messages', 'texts', 'answering']],
  [K.FAX, ['fax', 'facsimile']],
  [K.DATE, ['dob', 'dos', 'doa', 'dod', 'd.o.b']],
  [K.CRYPTO, ['eth', 'btc', 'wallet']],
  [K.BANK, ['bank', 'banking', 'checking', 'savings', 'deposit', 'routing', 'wire', 'ach']],
  [K.PASSPORT, ['passport', 'passports', 'passport#']],
];

const GROUPS_OF = new Map<string, number>();
for (const [group, words] of VOCABULARY) for (const word of words) GROUPS_OF.set(word, (GROUPS_OF.get(word) ?? 0) | group);

const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\/#]/g, '\\$&');
const alternation = (words: readonly string[]) => [...words].sort((a, b) => b.length - a.length).map(escape).join('|');
const WORDS = [...GROUPS_OF.keys()];
// Longest first, so "medical record" is not cut short by a shorter word at the same place. Each
// alternative is a literal: the regex is linear. A word ending in a letter or digit must not run
// on into another ("dl" is not "dlx"); one ending in "#" or "." ends there ("mrn#123", "tel.555").
const KEYWORD_RE = new RegExp(
  `\\b(?:(?:${alternation(WORDS.filter((w) => /[a-z0-9]$/.test(w)))})(?![a-z0-9])|${alternation(WORDS.filter((w) => !/[a-z0-9]$/.test(w)))})`,
  'g',
);

export interface KeywordHits {
  readonly count: number;
  readonly start: readonly number[];
  readonly end: readonly number[];
  readonly groups: readonly number[];
  /** Union of all hits' groups: a recognizer whose group is absent can stop at once. */
  readonly any: number;
}

/**
 * The keywords near digits. Every value a label introduces, and every candidate an abbreviation
 * is context for, contains a digit, so only the text from REACH_BEFORE characters before each
 * digit group to REACH_AFTER after it is searched: in prose with few numbers, a fraction of it.
 */
export const keywordHits: (input: ScanText) => KeywordHits = perScan((input) => findHits(alignedLower(input), digitGroups(input)));

/** Farthest a keyword that matters starts before a digit: a label, filler and a value's letters. */
const REACH_BEFORE = 96;
/** Farthest after a digit: card context (32) plus the longest keyword. */
const REACH_AFTER = 56;

type Hits = { count: number; start: number[]; end: number[]; groups: number[]; any: number };

function findHits(lower: string, digits: DigitGroups): KeywordHits {
  const hits: Hits = { count: 0, start: [], end: [], groups: [], any: 0 };
  let from = -1;
  let to = -1;
  let scanned = 0;
  for (let g = 0; g <= digits.count; g++) {
    const windowStart = g < digits.count ? Math.max(0, (digits.start[g] ?? 0) - REACH_BEFORE) : Infinity;
    if (from >= 0 && windowStart <= to) {
      to = Math.min(lower.length, (digits.end[g] ?? 0) + REACH_AFTER);
      continue;
    }
    if (from >= 0) scanned = scanWindow(lower, Math.max(from, scanned), to, scanned, hits);
    if (g === digits.count) break;
    from = windowStart;
    to = Math.min(lower.length, (digits.end[g] ?? 0) + REACH_AFTER);
  }
  return hits;
}

/**
 * Adds the keywords in lower[from, to), widened to whole words so that a window never starts
 * inside one ("idea" is not "dea") nor ends inside one, but never back before `floor`, where the
 * previous window ended: windows do not overlap, so the pass is linear and hits stay in order.
 * Returns where this window ended.
 */
function scanWindow(lower: string, from: number, to: number, floor: number, hits: Hits): number {
  let start = from;
  while (start > floor && isWord(lower.charCodeAt(start - 1)) && from - start < 24) start--;
  if (start > floor && isWord(lower.charCodeAt(start - 1))) {
    // Inside a word longer than any keyword: skip to its end rather than read a suffix as a word.
    start = from;
    while (start < to && isWord(lower.charCodeAt(start))) start++;
  }
  let end = to;
  while (end < lower.length && isWord(lower.charCodeAt(end)) && end - to < 24) end++;
  if (end < lower.length && isWord(lower.charCodeAt(end))) {
    // Likewise at the end: stop before that word, so that no prefix of it passes for a keyword.
    end = to;
    while (end > start && isWord(lower.charCodeAt(end - 1))) end--;
  }
  if (end <= start) return Math.max(floor, end);
  keywordsIn(lower.slice(start, end), start, hits);
  return end;
}

/** Every keyword in `lower` (whole words), at offsets shifted by `offset`, appended to `hits`. */
export function keywordsIn(lower: string, offset = 0, hits: Hits = { count: 0, start: [], end: [], groups: [], any: 0 }): KeywordHits {
  KEYWORD_RE.lastIndex = 0;
  for (let match = KEYWORD_RE.exec(lower); match !== null; match = KEYWORD_RE.exec(lower)) {
    const group = GROUPS_OF.get(match[0]) ?? 0;
    hits.start.push(offset + match.index);
    hits.end.push(offset + match.index + match[0].length);
    hits.groups.push(group);
    hits.any |= group;
    hits.count++;
  }
  return hits;
}

/** scanText's default context window, mirrored for the abbreviation check. */
const BEFORE = 48;
const AFTER = 16;

/** Whether a keyword of `group` ends within `before` characters before `start` or begins within `after` after `end`. */
export function keywordNear(hits: KeywordHits, group: number, start: number, end: number, before = BEFORE, after = AFTER): boolean {
  if ((hits.any & group) === 0) return false;
  // First hit that ends after the window opens: binary search, so many candidates stay linear.
  let lo = 0;
  let hi = hits.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((hits.end[mid] ?? 0) <= start - before) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < hits.count && (hits.start[i] ?? 0) < end + after; i++) {
    const s = hits.start[i] ?? 0;
    if (((hits.groups[i] ?? 0) & group) !== 0 && (s < start || s >= end)) return true;
  }
  return false;
}

/** Index of the last hit that ends at or before `pos`, or -1. */
export function lastHitBefore(hits: KeywordHits, pos: number): number {
  let lo = 0;
  let hi = hits.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((hits.end[mid] ?? 0) <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * Whether `start` is the value of a label of `group`: one of the last few keywords before it,
 * with only spaces, punctuation and `fillers` between ("Exp. date: 12/27", "MRN #: 0012345").
 */
export function labelledBy(input: ScanText, group: number, start: number, fillers: ReadonlySet<string> = FILLERS): boolean {
  const hits = keywordHits(input);
  if ((hits.any & group) === 0) return false;
  for (let i = lastHitBefore(hits, start), seen = 0; i >= 0 && seen < 3; i--, seen++) {
    const end = hits.end[i] ?? 0;
    if (start - end > VALUE_REACH) return false;
    if (((hits.groups[i] ?? 0) & group) !== 0) return valueAfter(input, end, fillers) === start;
  }
  return false;
}

/** The boost scanText adds for a context word, which find() adds itself for an abbreviation. */
export const CONTEXT_BOOST = 0.35;

/**
 * The score to report for a candidate whose context may be an abbreviation: `base` plus the
 * boost when an abbreviation of `group` is near and none of `context` is (scanText adds the boost
 * for those itself; adding it here too would count one context twice).
 */
export function withAbbreviation(input: ScanText, group: number, start: number, end: number, base: number, context: readonly string[]): number {
  const hits = keywordHits(input);
  if (!keywordNear(hits, group, start, end)) return base;
  const lower = alignedLower(input);
  const before = lower.slice(Math.max(0, start - BEFORE), start);
  const after = lower.slice(end, end + AFTER);
  for (const word of context) if (before.includes(word) || after.includes(word)) return base;
  return base + CONTEXT_BOOST;
}

/** Words skipped between a label and its value: "MRN number is 123", "Member ID #: X123". */
export const FILLERS: ReadonlySet<string> = new Set([
  'number', 'numbers', 'no', 'num', 'nbr', 'nr', 'id', 'ids', 'is', 'was', 'are', 'of', 'the', 'for', 'a',
  'an', 'code', 'identifier', 'identification', 'value', 'this', 'my', 'his', 'her', 'their', 'your', 'our',
  'patient', 'patients', 'member', 'on', 'file', 'card', 'as', 'reads', 'listed', 'ref', 'reference',
]);

/** How far after a label its value may start. */
const VALUE_REACH = 32;

/**
 * Where the value after a label (ending at `from`) starts: the first word that is not filler,
 * after spaces and punctuation, never past a line end or VALUE_REACH characters. -1 if none.
 * The caller decides whether that word is a value ("MRN: 0012345") or prose ("the patient id card").
 */
export function valueAfter(input: ScanText, from: number, fillers: ReadonlySet<string> = FILLERS): number {
  const { text } = input;
  const lower = alignedLower(input);
  const limit = Math.min(text.length, from + VALUE_REACH);
  // "certificate.fingerprint256": a label followed by ".member" is code, not a labelled value.
  if (text.charCodeAt(from) === 0x2e && isLetter(text.charCodeAt(from + 1))) return -1;
  let i = from;
  while (i < limit) {
    const code = text.charCodeAt(i);
    if (code === 0x0a || code === 0x0d) return -1;
    if (!isWord(code)) {
      i++;
      continue;
    }
    let j = i;
    let digit = false;
    while (j < text.length && j - i < 24 && isWord(text.charCodeAt(j))) {
      if (text.charCodeAt(j) <= 0x39) digit = true;
      j++;
    }
    // "A-0012345": a word joined by '-' to more is an identifier, even if it reads as filler.
    const joined = text.charCodeAt(j) === 0x2d && isWord(text.charCodeAt(j + 1));
    if (digit || joined || !fillers.has(lower.slice(i, j))) return i;
    i = j;
  }
  return -1;
}

const isLetter = (code: number) => (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);

/** Letter or digit (not underscore: values like "ABC_123" are rare, labels never contain one). */
function isWord(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}
