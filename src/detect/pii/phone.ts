/**
 * PHONE_NUMBER and FAX_NUMBER.
 * - North American (NANP): (NXX) NXX-XXXX and its variants, with or without +1/1; area and
 *   exchange codes start 2-9 and are not N11, and no area code has 9 in the middle. Formatted:
 *   0.6; ten bare digits could be anything: 0.4; a 7-digit local number NXX-XXXX: 0.3.
 * - International: +CC or 00CC and 8-15 digits (E.164), with "(0)" trunk prefixes: 0.6.
 * - National numbers with a trunk 0 ("0490 75 40 81", "(08) 8747 6301", "03.93.92.16.85"):
 *   9-11 digits in groups of 2+ joined one way: 0.4.
 * Below 0.5 a phone word must be near. Extensions ("x123", "ext. 45") belong to the number.
 * Separators: one space, dash or dot, and parentheses around one group. A number is never taken
 * out of a longer one: "12-415-555-2671" and "415-555-2671.8" are not phone numbers, nor are
 * dates, IPs, versions or card numbers (none has these shapes and rules).
 * FAX_NUMBER: the same, when the nearest phone-ish label before it is "fax" (HIPAA lists fax
 * numbers apart from telephone numbers).
 */
import type { Candidate, Recognizer, ScanText } from '../types.ts';
import { K, keywordHits, labelledBy, lastHitBefore, withAbbreviation } from './keywords.ts';
import { type DigitGroups, digitGroups, groupLength, isDigitCode, isWordCode } from './scanners.ts';

/**
 * Labels of identifiers that are written like phone numbers. Not "bank" or "card": "Bank:
 * (800) 555-0100" is the bank's phone number.
 */
const ID_LABELS = K.ACCOUNT | K.MRN | K.PLAN | K.LICENSE | K.DRIVER | K.DEVICE | K.PLATE | K.PASSPORT | K.ITIN | K.MBI | K.VIN | K.DEA | K.ABA;

const PHONE_CONTEXT = ['phone', 'mobile', 'call', 'contact', 'fax', 'whatsapp', 'text me', 'reach me'];

export const phoneRecognizer: Recognizer = {
  name: 'phone_number',
  detector: 'pii',
  types: ['PHONE_NUMBER', 'FAX_NUMBER'],
  context: PHONE_CONTEXT,
  mayMatch: (input) => digitGroups(input).count > 0,
  find(input: ScanText): Candidate[] {
    const groups = digitGroups(input);
    const found: Candidate[] = [];
    let after = 0;
    for (let g = 0; g < groups.count; g++) {
      if ((groups.start[g] ?? 0) < after) continue;
      const phone = phoneAt(input.text, groups, g, false) ?? (phoneCueBefore(input, groups.start[g] ?? 0) ? phoneAt(input.text, groups, g, true) : undefined);
      if (phone === undefined) continue;
      // "Account 0043-2291-88", "Member ID 212-555-0147": the label says what the number is.
      if (labelledBy(input, ID_LABELS, phone.start)) continue;
      const type = isFax(input, phone.start) ? 'FAX_NUMBER' : 'PHONE_NUMBER';
      const score = withAbbreviation(input, K.PHONE | K.FAX, phone.start, phone.end, phone.score, PHONE_CONTEXT);
      found.push({ type, start: phone.start, end: phone.end, score });
      after = phone.end;
    }
    return found;
  },
};

interface Phone {
  readonly start: number;
  readonly end: number;
  readonly score: number;
}

/** How the groups of a candidate are joined. */
interface Joins {
  /** The first group is in parentheses: "(415) 555-2671". */
  readonly paren: boolean;
  /** A later group is: "1 (415) 555-2671", "+44 (0)20 7946 0958". */
  readonly innerParen: boolean;
  /** Every plain separator is the same character. */
  readonly uniform: boolean;
  /** The last group was opened by '(' and its ')' is still to come. */
  readonly open: boolean;
}

const MAX_GROUPS = 8;

/** The phone number whose first digit group is g, if any. */
function phoneAt(text: string, groups: DigitGroups, g: number, cued: boolean): Phone | undefined {
  const first = groups.start[g] ?? 0;
  const before = text.charCodeAt(first - 1);
  const plus = before === 0x2b;
  const paren = before === 0x28;
  const start = plus || paren ? first - 1 : first;
  if (!plus && !cued && !plausibleFirstGroup(text, first, groupLength(groups, g))) return undefined;
  if (start > 0) {
    const outside = text.charCodeAt(start - 1);
    if (isWordCode(outside) || outside === 0x2b) return undefined;
    // "12-415-555-2671": the number goes on to the left.
    if ((outside === 0x2d || outside === 0x2e || outside === 0x2f) && isDigitCode(text.charCodeAt(start - 2))) return undefined;
  }
  // Right after another number: "(123) 555-2671" is not the local number 555-2671, and after
  // one space ("6789 415-555-2671") only a fully formatted number stands on its own.
  const previousEnd = g > 0 ? (groups.end[g - 1] ?? 0) : -3;
  const gapBefore = gapKind(text, previousEnd, start);
  const afterNumber = gapBefore !== BAD;
  if (afterNumber && !(gapBefore === PLAIN && text.charCodeAt(previousEnd) === 0x20)) return undefined;
  // Gather groups while the gaps are phone separators; joins[k] describes groups g..g+k.
  const joins: Joins[] = [{ paren, innerParen: false, uniform: true, open: paren }];
  let digits = groupLength(groups, g);
  let separator = -1;
  for (let last = g; last + 1 < groups.count && last - g + 1 < MAX_GROUPS; last++) {
    const next = last + 1;
    const from = groups.end[last] ?? 0;
    const gap = gapKind(text, from, groups.start[next] ?? 0);
    const previous = joins[joins.length - 1] as Joins;
    if (gap === BAD || digits + groupLength(groups, next) > 15) break;
    // A group opened by '(' closes right after it, and nothing else closes; one pair at most.
    if (previous.open !== (gap === CLOSE) || (gap === OPEN && (paren || previous.innerParen))) break;
    let uniform = previous.uniform;
    if (gap === PLAIN) {
      const char = text.charCodeAt(from);
      if (separator === -1) separator = char;
      else if (char !== separator) uniform = false;
    }
    joins.push({ paren, innerParen: previous.innerParen || gap === OPEN, uniform, open: gap === OPEN });
    digits += groupLength(groups, next);
  }
  // The longest prefix with a phone's shape; what follows it must be a new word, not more number.
  for (let k = joins.length - 1; k >= 0; k--) {
    const join = joins[k] as Joins;
    if (join.open) continue; // would end inside the parentheses
    const lastGroup = g + k;
    const score = phoneShape(text, groups, g, lastGroup, plus, join) || (cued && !plus ? cuedShape(text, groups, g, lastGroup, join) : 0);
    if (score === 0 || (afterNumber && score < 0.6)) continue;
    const end = extensionEnd(text, groups.end[lastGroup] ?? 0);
    if (endsCleanly(text, end)) return { start, end, score };
  }
  return undefined;
}

/**
 * Without a '+', a phone number starts with "1" (NANP country code), a 3-digit area code, a
 * trunk "0" or "00" prefix, or is 10-11 bare digits. Most digit groups in prose ("500 mg",
 * "2024") fail this at once.
 */
function plausibleFirstGroup(text: string, first: number, length: number): boolean {
  if (length === 3 || length === 10 || length === 11) return true;
  const lead = text.charCodeAt(first);
  if (length === 1) return lead === 0x31;
  return length <= 5 && lead === 0x30;
}

const BAD = 0;
const PLAIN = 1;
const OPEN = 2;
const CLOSE = 3;

/** What lies between two groups: one of " -.", or a parenthesis with at most one of them. */
function gapKind(text: string, from: number, to: number): number {
  const length = to - from;
  if (length < 1 || length > 2) return BAD;
  const a = text.charCodeAt(from);
  const b = length === 2 ? text.charCodeAt(from + 1) : -1;
  const sep = (c: number) => c === 0x20 || c === 0x2d || c === 0x2e;
  if (length === 1) return sep(a) ? PLAIN : a === 0x28 ? OPEN : a === 0x29 ? CLOSE : BAD;
  if (a === 0x29 && sep(b)) return CLOSE;
  if (sep(a) && b === 0x28) return OPEN;
  return BAD;
}

const EXTENSION = /^ ?(?:x|ext\.?|extension) ?[0-9]{1,6}(?![0-9A-Za-z])/i;

/** End of an extension right after the number ("x0135", " ext. 45"), or `end` if none. */
function extensionEnd(text: string, end: number): number {
  const code = text.charCodeAt(end);
  if (code !== 0x78 && code !== 0x58 && code !== 0x65 && code !== 0x45 && code !== 0x20) return end;
  const match = EXTENSION.exec(text.slice(end, end + 20));
  return match === null ? end : end + match[0].length;
}

/** After a phone number: the end of the text, or anything but a letter, digit, or a separator tied to more digits. */
function endsCleanly(text: string, end: number): boolean {
  if (end >= text.length) return true;
  const code = text.charCodeAt(end);
  if (isWordCode(code)) return false;
  if ((code === 0x2d || code === 0x2e || code === 0x2f || code === 0x29) && isDigitCode(text.charCodeAt(end + 1))) return false;
  return true;
}

/** Score of groups first..last as a phone number, 0 if not one. */
function phoneShape(text: string, groups: DigitGroups, first: number, last: number, plus: boolean, joins: Joins): number {
  const count = last - first + 1;
  const len = (i: number) => groupLength(groups, first + i);
  let digits = '';
  for (let i = first; i <= last; i++) digits += text.slice(groups.start[i], groups.end[i]);
  // International: "+CC ..." or "00CC ..." (the 00 is the international call prefix).
  const international = plus ? digits : !joins.paren && digits.startsWith('00') && len(0) >= 3 && len(0) <= 5 && count > 1 ? digits.slice(2) : undefined;
  if (international !== undefined) {
    if (international[0] === '1') return international.length === 11 && nanp(international.slice(1)) ? 0.6 : 0;
    return international.length >= 8 && international.length <= 15 && international[0] !== '0' ? 0.6 : 0;
  }
  if (count === 3 && len(0) === 3 && len(1) === 3 && len(2) === 4 && nanp(digits)) return 0.6;
  if (count === 4 && len(0) === 1 && len(1) === 3 && len(2) === 3 && len(3) === 4 && digits[0] === '1' && nanp(digits.slice(1))) return 0.6;
  if (count === 1) return (digits.length === 10 && nanp(digits)) || (digits.length === 11 && digits[0] === '1' && nanp(digits.slice(1))) ? 0.4 : 0;
  if (count === 2 && len(0) === 3 && len(1) === 4 && !joins.paren && exchange(digits, 0)) return 0.3;
  // National, with a trunk 0: 9-11 digits, groups of 2+, one separator throughout.
  if (count >= 2 && digits[0] === '0' && digits[1] !== '0' && digits.length >= 9 && digits.length <= 11 && joins.uniform && !joins.innerParen) {
    for (let i = 0; i < count; i++) if (len(i) < 2) return 0;
    return 0.4;
  }
  return 0;
}

/**
 * A number right after a phone word ("Phone:\n60-56-85-91", "messages to 699 956 915", "Tel.
 * (99) 645-791"): many national plans have 8- and 9-digit numbers without a trunk 0, which alone
 * look like any other number. Here 7-12 digits in groups of 2+, joined one way (or with the
 * first group in parentheses), are enough; dates and IPv4 addresses keep their own shapes.
 */
function cuedShape(text: string, groups: DigitGroups, first: number, last: number, joins: Joins): number {
  const count = last - first + 1;
  if (count < 2 || joins.innerParen || !(joins.uniform || joins.paren)) return 0;
  let digits = 0;
  const lengths: number[] = [];
  for (let i = first; i <= last; i++) {
    const length = groupLength(groups, i);
    if (length < 2) return 0;
    lengths.push(length);
    digits += length;
  }
  if (digits < 7 || digits > 12) return 0;
  const separator = text.charCodeAt(groups.end[first] ?? 0);
  if (count === 3 && lengths[0] === 3 && lengths[1] === 3 && lengths[2] === 4) return 0; // NANP's shape: its own rules judge it
  if (separator === 0x2e && count === 4 && lengths.every((l) => l <= 3)) return 0; // 192.168.100.200
  if (count === 3 && (lengths[0] === 4 || lengths[2] === 4) && digits === 8 && separator !== 0x20) return 0; // 2024-01-15, 15.01.2024
  return 0.5;
}

/** Words between a phone word and its number: "call me at", "messages to", "Phone no.:". */
const CUE_FILLERS = new Set(['at', 'to', 'on', 'is', 'me', 'us', 'my', 'our', 'her', 'his', 'their', 'number', 'no', 'nr', 'via', 'the']);
/** How far before the number the phone word may end. */
const CUE_REACH = 24;

/** Whether a phone word ends just before `start`, with only separators and filler words between (line breaks too: forms). */
function phoneCueBefore(input: ScanText, start: number): boolean {
  const hits = keywordHits(input);
  if ((hits.any & (K.PHONE | K.FAX)) === 0) return false;
  const i = lastHitBefore(hits, start);
  if (i < 0 || ((hits.groups[i] ?? 0) & (K.PHONE | K.FAX)) === 0) return false;
  const end = hits.end[i] ?? 0;
  if (start - end > CUE_REACH) return false;
  const between = input.lower.slice(end, start);
  for (const word of between.split(/[^a-z]+/)) if (word !== '' && !CUE_FILLERS.has(word)) return false;
  return /^[\s:.#(+\-a-z]*$/.test(between);
}

/** NANP: NXX area code (not N11, no 9 in the middle), NXX exchange (not N11), 4-digit line. */
function nanp(ten: string): boolean {
  if (ten.length !== 10) return false;
  if (ten[0] === '0' || ten[0] === '1' || ten[1] === '9' || (ten[1] === '1' && ten[2] === '1')) return false;
  return exchange(ten, 3);
}

/** An NXX exchange code at `at`: 2-9 first, not N11. */
function exchange(digits: string, at: number): boolean {
  return digits[at] !== '0' && digits[at] !== '1' && !(digits[at + 1] === '1' && digits[at + 2] === '1');
}

/** Whether the nearest phone-ish label before `start` is "fax". */
function isFax(input: ScanText, start: number): boolean {
  const hits = keywordHits(input);
  if ((hits.any & K.FAX) === 0) return false;
  for (let i = lastHitBefore(hits, start), seen = 0; i >= 0 && seen < 4; i--, seen++) {
    if (start - (hits.end[i] ?? 0) > 40) return false;
    const groups = hits.groups[i] ?? 0;
    if ((groups & K.FAX) !== 0) return true;
    if ((groups & K.PHONE) !== 0) return false;
  }
  return false;
}
