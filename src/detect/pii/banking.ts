/**
 * Bank identifiers.
 * - IBAN_CODE: country code, two check digits and the BBAN, compact or in groups of four; the
 *   country's registry length and ISO 7064 MOD 97-10 must both hold (two check digits: strong).
 * - SWIFT_CODE: BIC, 4-letter bank + ISO country + 2-character location (+ 3-character branch).
 *   Eight capitals with a valid country in the middle are common ("BUSINESS": BUSI-NE-SS), so it
 *   needs context ("SWIFT", "BIC").
 * - ABA_ROUTING_NUMBER: 9 digits with the 3-7-1 checksum and a valid Federal Reserve prefix. One
 *   in ten 9-digit numbers passes the checksum, so it also needs context ("routing", "ABA").
 * - US_BANK_NUMBER: 8-17 digits; no checksum at all, so only next to "account", "bank", ...
 */
import type { Candidate, Recognizer, ScanText } from '../types.ts';
import { COUNTRY_CODES, IBAN_LENGTH } from './countries.ts';
import { CONTEXT_BOOST, K, keywordHits, withAbbreviation } from './keywords.ts';
import { DASH, digitGroups, forEachRun, groupLength, isLoneGroup, isUpperCode, isWordCode, runDigits, standsAlone } from './scanners.ts';
import { abaRouting, allSame, ibanMod97 } from './validators.ts';

export const ibanRecognizer: Recognizer = {
  name: 'iban',
  detector: 'pii',
  types: ['IBAN_CODE'],
  context: ['iban', 'bank account', 'account', 'wire', 'transfer', 'sepa'],
  mayMatch: (input) => digitGroups(input).count > 0,
  find(input: ScanText): Candidate[] {
    const { text } = input;
    const groups = digitGroups(input);
    const found: Candidate[] = [];
    let after = 0;
    // The check digits are a digit group right after the two capitals of the country code.
    for (let g = 0; g < groups.count; g++) {
      const start = (groups.start[g] ?? 0) - 2;
      if (start < after || groups.join[g] !== 0 || groupLength(groups, g) < 2) continue;
      // Capitals as printed, or all lower case as typed in chat ("my iban is gb42nawi...").
      const a = text.charCodeAt(start);
      const b = text.charCodeAt(start + 1);
      if (!((isUpperCode(a) && isUpperCode(b)) || (isLowerCode(a) && isLowerCode(b)))) continue;
      if (start > 0 && isWordCode(text.charCodeAt(start - 1))) continue;
      const length = IBAN_LENGTH.get(text.slice(start, start + 2).toUpperCase());
      if (length === undefined) continue;
      const end = ibanEnd(text, start, length);
      if (end < 0) continue;
      const compact = text.slice(start, end).replaceAll(' ', '');
      if (!ibanMod97(compact)) continue;
      found.push({ type: 'IBAN_CODE', start, end, score: 0.95 });
      after = end;
    }
    return found;
  },
};

/**
 * End of an IBAN of `length` characters starting at `start`, written compact or with one space
 * after each group of four; -1 if the text does not hold exactly that.
 */
function ibanEnd(text: string, start: number, length: number): number {
  let i = start;
  let count = 0;
  while (count < length) {
    if (i >= text.length) return -1;
    const code = text.charCodeAt(i);
    if (isIbanChar(code)) {
      count++;
      i++;
    } else if (code === 0x20 && count % 4 === 0 && count > 0 && isIbanChar(text.charCodeAt(i + 1))) {
      i++;
    } else {
      return -1;
    }
  }
  return i < text.length && isWordCode(text.charCodeAt(i)) ? -1 : i;
}

const isLowerCode = (code: number) => code >= 0x61 && code <= 0x7a;
const isIbanChar = (code: number) => (code >= 0x30 && code <= 0x39) || isUpperCode(code) || isLowerCode(code);

const SWIFT_CONTEXT = ['swift', 'bank identifier', 'bic code', 'bic:'];
// Bounded repetitions of disjoint classes: linear.
const BIC = /\b[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?\b/g;

export const swiftRecognizer: Recognizer = {
  name: 'swift_code',
  detector: 'pii',
  types: ['SWIFT_CODE'],
  context: SWIFT_CONTEXT,
  // Without "SWIFT" or "BIC" anywhere no candidate could reach the threshold. (A BIC may have
  // no digit, so the shared keyword pass, which only looks near digits, cannot answer this.)
  mayMatch: (input) => input.lower.includes('swift') || input.lower.includes('bic'),
  find(input: ScanText): Candidate[] {
    const { text } = input;
    const found: Candidate[] = [];
    BIC.lastIndex = 0;
    for (let match = BIC.exec(text); match !== null; match = BIC.exec(text)) {
      const code = match[0];
      if (!COUNTRY_CODES.has(code.slice(4, 6))) continue;
      const start = match.index;
      const end = start + code.length;
      found.push({ type: 'SWIFT_CODE', start, end, score: 0.35 + (bicNear(input.lower, start, end) ? CONTEXT_BOOST : 0) });
    }
    return found;
  },
};

/**
 * "BIC" as a word near [start, end), when none of SWIFT_CONTEXT (which scanText checks, and
 * whose boost must not be added twice) is. A substring test would find "bic" in "public".
 */
function bicNear(lower: string, start: number, end: number): boolean {
  const before = lower.slice(Math.max(0, start - 48), start);
  const after = lower.slice(end, end + 16);
  if (SWIFT_CONTEXT.some((word) => before.includes(word) || after.includes(word))) return false;
  return BIC_WORD.test(before) || BIC_WORD.test(after);
}
const BIC_WORD = /\bbic\b/;

const ABA_CONTEXT = ['routing', 'abarouting', 'transit number', 'bank routing'];

export const abaRoutingRecognizer: Recognizer = {
  name: 'aba_routing_number',
  detector: 'pii',
  types: ['ABA_ROUTING_NUMBER'],
  context: ABA_CONTEXT,
  mayMatch: (input) => digitGroups(input).count > 0,
  find(input: ScanText): Candidate[] {
    const { text } = input;
    const groups = digitGroups(input);
    const found: Candidate[] = [];
    const consider = (first: number, last: number) => {
      const start = groups.start[first] ?? 0;
      const end = groups.end[last] ?? 0;
      if (!standsAlone(text, start, end) || !abaRouting(runDigits(text, groups, first, last))) return;
      found.push({ type: 'ABA_ROUTING_NUMBER', start, end, score: withAbbreviation(input, K.ABA, start, end, 0.4, ABA_CONTEXT) });
    };
    for (let g = 0; g < groups.count; g++) if (groupLength(groups, g) === 9 && isLoneGroup(groups, g)) consider(g, g);
    // Presidio's dashed form: 0123-4567-8.
    forEachRun(groups, DASH, (first, last) => {
      if (last === first + 2 && groupLength(groups, first) === 4 && groupLength(groups, first + 1) === 4 && groupLength(groups, last) === 1) consider(first, last);
    });
    return found;
  },
};

export const usBankNumberRecognizer: Recognizer = {
  name: 'us_bank_number',
  detector: 'pii',
  types: ['US_BANK_NUMBER'],
  context: ['account', 'acct', 'a/c', 'bank', 'checking', 'savings', 'deposit'],
  mayMatch: (input) => digitGroups(input).count > 0 && (keywordHits(input).any & (K.ACCOUNT | K.BANK)) !== 0,
  find(input: ScanText): Candidate[] {
    const { text } = input;
    const groups = digitGroups(input);
    const found: Candidate[] = [];
    for (let g = 0; g < groups.count; g++) {
      const length = groupLength(groups, g);
      if (length < 8 || length > 17 || !isLoneGroup(groups, g)) continue;
      const start = groups.start[g] ?? 0;
      const end = groups.end[g] ?? 0;
      if (!standsAlone(text, start, end) || allSame(text.slice(start, end))) continue;
      found.push({ type: 'US_BANK_NUMBER', start, end, score: 0.3 });
    }
    return found;
  },
};
