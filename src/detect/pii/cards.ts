/**
 * Payment cards (PCI DSS): the card number (PAN), and its expiry date and CVV, which are only
 * cardholder data next to a card, so they are reported only near one.
 * - CREDIT_CARD: 13-19 digits, contiguous or in groups joined by single spaces or dashes; Luhn
 *   AND an issuer's prefix and length (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay).
 *   Maestro (12-19 digits) and JCB's older 15-digit ranges (2131, 1800) are real cards too, but
 *   short or unusual enough that a Luhn-valid look-alike is common: they need a card word nearby.
 *   Any other Luhn-valid 12-19 digit number counts only when the text labels it a card ("card
 *   number 3598...", "my credit card 5874...", "cc 3509..."): issuers' ranges move (co-branded,
 *   private-label and test-issued cards fall outside every public table), and a number the
 *   writer calls a card is cardholder data to PCI DSS whatever its prefix.
 * - CREDIT_CARD_EXPIRY: MM/YY, MM/YYYY, MM-YY after an expiry label ("exp", "valid thru") near a
 *   card or card word, or right after a card number ("4111... 12/27").
 * - CREDIT_CARD_CVV: 3-4 digits after a CVV label ("CVV", "CVC2", "security code") near a card.
 */
import { perScan } from '../scan.ts';
import type { Candidate, Recognizer, ScanText } from '../types.ts';
import { FILLERS, K, keywordHits, keywordNear, labelledBy, valueAfter, withAbbreviation } from './keywords.ts';
import { DASH, type DigitGroups, SLASH, SPACE, alignedLower, digitGroups, forEachRun, groupLength, isLoneGroup, isWordCode, runDigits } from './scanners.ts';
import { luhn } from './validators.ts';

const CARD_SCORE = 0.9;
/** Maestro and legacy JCB: reported only with context (0.45 + the 0.35 context boost). */
const WEAK_CARD_SCORE = 0.45;
const CARD_CONTEXT = ['card', 'credit', 'debit', 'visa', 'mastercard', 'amex', 'american express', 'discover', 'diners', 'jcb', 'unionpay', 'cc#', 'payment'];

/**
 * Whether a Luhn-valid number of this length belongs to an issuer's range. UnionPay issues some
 * cards without a Luhn digit; requiring Luhn for all of them trades those for fewer false alarms.
 */
export function cardIssuer(digits: string): boolean {
  const len = digits.length;
  const p2 = Number(digits.slice(0, 2));
  const p3 = Number(digits.slice(0, 3));
  const p4 = Number(digits.slice(0, 4));
  if (digits[0] === '4') return len === 13 || len === 16 || len === 19; // Visa
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return len === 16; // Mastercard
  if (p2 === 34 || p2 === 37) return len === 15; // American Express
  if (len < 14) return false;
  if (p3 >= 300 && p3 <= 305) return true; // Diners Club
  if (p2 === 36 || p2 === 38 || p2 === 39 || p4 === 3095) return true; // Diners Club International
  if (len < 16) return false;
  if (p4 === 6011 || (p3 >= 644 && p3 <= 649) || p2 === 65) return true; // Discover
  if (p4 >= 3528 && p4 <= 3589) return true; // JCB
  return p2 === 62; // UnionPay (also Discover's 622126-622925)
}

/** Maestro's IIN ranges (12-19 digits) and JCB's 15-digit 2131/1800 ranges. */
export function weakCardIssuer(digits: string): boolean {
  const len = digits.length;
  const p4 = Number(digits.slice(0, 4));
  if (len === 15 && (p4 === 2131 || p4 === 1800)) return true;
  return len >= 12 && [5018, 5020, 5038, 5893, 6304, 6759, 6761, 6762, 6763].includes(p4);
}

/** Any other Luhn-valid number: a card only when labelled as one (see labelledAsCard). */
const UNLISTED_CARD_SCORE = 0.1;
/** The score of a labelled unlisted card: as sure as a weak issuer's number with context. */
const LABELLED_CARD_SCORE = 0.8;

/** The score of a card number, or undefined when it is not one. */
function cardScore(digits: string): number | undefined {
  if (digits.length < 12 || digits.length > 19 || !luhn(digits)) return undefined;
  if (digits.length >= 13 && cardIssuer(digits)) return CARD_SCORE;
  return weakCardIssuer(digits) ? WEAK_CARD_SCORE : UNLISTED_CARD_SCORE;
}

/** How far before a number its label may start: "my credit card number is 3598...". */
const LABEL_REACH = 28;
const CARD_LABEL = /\b(?:card|cc)\b[^.\n\d]*$/;

/**
 * Whether the words just before a number call it a card: "card" or "cc" as a whole word, with
 * no sentence end, line end or other digits between. Narrower than CARD_CONTEXT on purpose:
 * "credit" or "payment" near a Luhn-valid number is as likely an account or a reference.
 */
function labelledAsCard(input: ScanText, start: number): boolean {
  // Bounded slice and an anchored, linear pattern: no backtracking blow-up on hostile text.
  return CARD_LABEL.test(alignedLower(input).slice(Math.max(0, start - LABEL_REACH), start));
}

/** The card numbers in the text, found once per scan: the expiry and CVV recognizers look for them too. */
const cardNumbers = perScan((input): Candidate[] => findCards(input, digitGroups(input)).sort((a, b) => a.start - b.start));

function findCards(input: ScanText, groups: DigitGroups): Candidate[] {
  const { text } = input;
  const found: Candidate[] = [];
  const emit = (first: number, last: number) => {
    const start = groups.start[first] ?? 0;
    const end = groups.end[last] ?? 0;
    if (start > 0 && isWordCode(text.charCodeAt(start - 1))) return false;
    if (end < text.length && isWordCode(text.charCodeAt(end))) return false;
    const lead = text.charCodeAt(start);
    if (lead < 0x31 || lead > 0x36) return false; // issuers' numbers start with 1-6
    let score = cardScore(runDigits(text, groups, first, last));
    if (score === UNLISTED_CARD_SCORE) score = labelledAsCard(input, start) ? LABELLED_CARD_SCORE : undefined;
    if (score === undefined) return false;
    found.push({ type: 'CREDIT_CARD', start, end, score });
    return true;
  };
  for (let g = 0; g < groups.count; g++) {
    const len = groupLength(groups, g);
    // Contiguous: neither run type below covers a group with no same-separator neighbour.
    if (len >= 12 && len <= 19 && isLoneGroup(groups, g) && groups.join[g] !== SPACE && groups.join[g + 1] !== SPACE) emit(g, g);
  }
  for (const sep of [SPACE, DASH]) {
    forEachRun(groups, sep, (first, last) => {
      // The whole run first; failing that (a card followed by its CVV, "4111 1111 1111 1111 123"),
      // the longest valid window of whole groups from each start. At most 19 digits per window.
      if (emit(first, last)) return;
      for (let a = first; a <= last; a++) {
        let digits = 0;
        let b = a;
        while (b <= last && digits + groupLength(groups, b) <= 19) digits += groupLength(groups, b++);
        for (b--; b >= a && digits >= 12; digits -= groupLength(groups, b--)) {
          if (a === first && b === last) continue;
          if (emit(a, b)) {
            a = b;
            break;
          }
        }
      }
    });
  }
  return found;
}

export const creditCardRecognizer: Recognizer = {
  name: 'credit_card',
  detector: 'pii',
  types: ['CREDIT_CARD'],
  context: CARD_CONTEXT,
  mayMatch: (input) => digitGroups(input).count > 0,
  // A weak issuer's number (Maestro's 12 digits) also counts after "cc" as a word ("cc 5038..."),
  // which CARD_CONTEXT cannot hold: as a substring it is in "accept" and "success".
  find: (input) => cardNumbers(input).map((c) => (c.score >= 0.5 ? c : { ...c, score: withAbbreviation(input, K.CARD, c.start, c.end, c.score, CARD_CONTEXT) })),
};

/** Whether a card number lies within `before` characters before `start` or `after` after `end`. */
function cardNear(input: ScanText, start: number, end: number, before: number, after: number): boolean {
  const cards = cardNumbers(input);
  // Binary search to the first card that could reach the window (no card spans more than 37
  // characters), so that many expiry dates next to many cards stay linear.
  let lo = 0;
  let hi = cards.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cards[mid]?.start ?? 0) < start - before - MAX_CARD_SPAN) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < cards.length; i++) {
    const card = cards[i];
    if (card === undefined || card.start >= end + after) break;
    if (card.end > start - before) return true;
  }
  return false;
}
const MAX_CARD_SPAN = 37;

/** Card context for an expiry date or CVV: a card number, or a card word, close by. */
function cardContext(input: ScanText, start: number, end: number): boolean {
  return cardNear(input, start, end, 96, 64) || keywordNear(keywordHits(input), K.CARD, start, end, 96, 32);
}

const EXPIRY_CONTEXT = ['exp', 'expir', 'valid thru', 'valid through', 'valid until', 'good thru', 'good through', 'mm/yy'];

export const cardExpiryRecognizer: Recognizer = {
  name: 'credit_card_expiry',
  detector: 'pii',
  types: ['CREDIT_CARD_EXPIRY'],
  context: EXPIRY_CONTEXT,
  mayMatch: (input) => digitGroups(input).count > 1,
  find(input: ScanText): Candidate[] {
    const { text } = input;
    const groups = digitGroups(input);
    const found: Candidate[] = [];
    for (const sep of [SLASH, DASH]) {
      forEachRun(groups, sep, (first, last) => {
        if (last !== first + 1 || !isExpiry(text, groups, first)) return;
        const start = groups.start[first] ?? 0;
        const end = groups.end[last] ?? 0;
        if ((start > 0 && isWordCode(text.charCodeAt(start - 1))) || (end < text.length && isWordCode(text.charCodeAt(end)))) return;
        // Right after a card number ("4111111111111111 12/27", "...|12/27|123"): an expiry without a label.
        if (cardNear(input, start, end, 8, 0)) {
          found.push({ type: 'CREDIT_CARD_EXPIRY', start, end, score: 0.6 });
          return;
        }
        if (labelledBy(input, K.EXPIRY, start, EXPIRY_FILLERS) && cardContext(input, start, end)) {
          found.push({ type: 'CREDIT_CARD_EXPIRY', start, end, score: 0.45 });
        }
      });
    }
    return found;
  },
};

/** MM/YY or MM/YYYY with a month 1-12 and a year 2000-2099. */
function isExpiry(text: string, groups: DigitGroups, first: number): boolean {
  const monthLength = groupLength(groups, first);
  const yearLength = groupLength(groups, first + 1);
  if (monthLength > 2 || (yearLength !== 2 && yearLength !== 4)) return false;
  const month = Number(text.slice(groups.start[first], groups.end[first]));
  if (month < 1 || month > 12) return false;
  return yearLength === 2 || text.startsWith('20', groups.start[first + 1] ?? 0);
}

const EXPIRY_FILLERS: ReadonlySet<string> = new Set([...FILLERS, 'date', 'dt', 'on', 'is', 'at', 'end', 'of', 'mm', 'yy', 'yyyy', 'the', 'card', 'exp', 'expiry', 'expires', 'expiration']);

export const cardCvvRecognizer: Recognizer = {
  name: 'credit_card_cvv',
  detector: 'pii',
  types: ['CREDIT_CARD_CVV'],
  context: ['cvv', 'cvc', 'cvn', 'cav2', 'csc', 'security code', 'verification', 'card code', 'cid'],
  mayMatch: (input) => digitGroups(input).count > 0 && (keywordHits(input).any & K.CVV) !== 0,
  find(input: ScanText): Candidate[] {
    const { text } = input;
    const hits = keywordHits(input);
    const found: Candidate[] = [];
    for (let i = 0; i < hits.count; i++) {
      if (((hits.groups[i] ?? 0) & K.CVV) === 0) continue;
      const start = valueAfter(input, hits.end[i] ?? 0);
      if (start < 0) continue;
      let end = start;
      while (end < text.length && end - start < 5 && text.charCodeAt(end) >= 0x30 && text.charCodeAt(end) <= 0x39) end++;
      if (end - start < 3 || end - start > 4) continue;
      if (end < text.length && (isWordCode(text.charCodeAt(end)) || isTightJoin(text, end))) continue;
      if (!cardContext(input, start, end)) continue;
      found.push({ type: 'CREDIT_CARD_CVV', start, end, score: 0.45 });
    }
    return found;
  },
};

/** "123-4", "123.45", "123/4": the digits go on past a separator, so they are not a CVV. */
function isTightJoin(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  const next = text.charCodeAt(at + 1);
  return (code === 0x2d || code === 0x2e || code === 0x2f) && next >= 0x30 && next <= 0x39;
}
