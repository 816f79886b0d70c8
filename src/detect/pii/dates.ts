/**
 * DATE_TIME: dates, which HIPAA counts as identifiers when they relate to an individual (birth,
 * admission, discharge, death, service; every element but the year).
 * - Numeric: ISO 2024-03-14 (with an optional THH:MM[:SS][Z|±HH:MM]), US 03/14/2024, European
 *   14.03.2024 / 14/03/2024, with '/', '-' or '.', a real month and a day that exists in it
 *   (either reading of 03/04/2024 will do). Two-digit years ("3/14/61") are likelier to be
 *   something else: 0.4, context needed.
 * - Written: "March 3, 1961", "Mar. 3rd 1961", "3 March 1961", "3rd of Mar 1961" (0.6); without
 *   the year, "March 3" (0.45), or without the day, "March 1961" (0.4), they need context.
 * Full dates score 0.55-0.6: reported, but a birth/DOB/admission/discharge word nearby raises
 * them to ~0.9, so a stricter threshold keeps only the dates that are about a patient.
 */
import type { Candidate, Recognizer, ScanText } from '../types.ts';
import { K, withAbbreviation } from './keywords.ts';
import { DASH, DOT, type DigitGroups, SLASH, alignedLower, digitGroups, forEachRun, groupLength, isDigitCode, isLetterCode, isWordCode } from './scanners.ts';

const DATE_CONTEXT = [
  'birth', 'born', 'd.o.b', 'admission', 'admitted', 'admit date', 'discharge', 'deceased', 'death', 'died',
  'date of service', 'service date', 'visit', 'appointment', 'surgery', 'procedure', 'diagnosed', 'seen on',
];

export const dateRecognizer: Recognizer = {
  name: 'date_time',
  detector: 'pii',
  types: ['DATE_TIME'],
  context: DATE_CONTEXT,
  mayMatch: (input) => digitGroups(input).count > 0,
  find(input: ScanText): Candidate[] {
    const found = [...numericDates(input), ...writtenDates(input)];
    return found.map((c) => ({ ...c, score: withAbbreviation(input, K.DATE, c.start, c.end, c.score, DATE_CONTEXT) }));
  },
};

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDay(year: number | undefined, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || day > (DAYS[month - 1] ?? 0)) return false;
  if (month === 2 && day === 29 && year !== undefined && year >= 100) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return true;
}

const plausibleYear = (year: number) => year >= 1800 && year <= 2199;

function numericDates(input: ScanText): Candidate[] {
  const { text } = input;
  const groups = digitGroups(input);
  const found: Candidate[] = [];
  for (const sep of [DASH, SLASH, DOT]) {
    forEachRun(groups, sep, (first, last) => {
      if (last !== first + 2) return;
      const start = groups.start[first] ?? 0;
      let end = groups.end[last] ?? 0;
      if ((start > 0 && isWordCode(text.charCodeAt(start - 1))) || (end < text.length && isWordCode(text.charCodeAt(end)) && text.charCodeAt(end) !== 0x54)) return;
      const value = (i: number) => Number(text.slice(groups.start[i], groups.end[i]));
      const [la, lb, lc] = [groupLength(groups, first), groupLength(groups, first + 1), groupLength(groups, last)];
      const [a, b, c] = [value(first), value(first + 1), value(last)];
      let score = 0;
      if (la === 4 && lb <= 2 && lc <= 2) {
        if (plausibleYear(a) && validDay(a, b, c)) score = 0.55;
      } else if (la <= 2 && lb <= 2 && lc === 4) {
        if (plausibleYear(c) && (validDay(c, a, b) || validDay(c, b, a))) score = 0.55;
      } else if (la <= 2 && lb <= 2 && lc === 2 && sep !== DOT) {
        // "1.2.24" is a version far more often than a date.
        if (validDay(undefined, a, b) || validDay(undefined, b, a)) score = 0.4;
      }
      if (score === 0) return;
      end = timeEnd(text, end);
      if (end < text.length && isWordCode(text.charCodeAt(end))) return;
      found.push({ type: 'DATE_TIME', start, end, score });
    });
  }
  return found;
}

/** End of an optional time after a date ("T10:30:00Z", " 10:30", " 10:30:15.123+02:00"); `end` if none. */
function timeEnd(text: string, end: number): number {
  const sep = text.charCodeAt(end);
  if (sep !== 0x54 && sep !== 0x20) return end;
  let i = end + 1;
  const twoDigits = () => isDigitCode(text.charCodeAt(i)) && isDigitCode(text.charCodeAt(i + 1));
  if (!twoDigits() || text.charCodeAt(i + 2) !== 0x3a) return end;
  i += 3;
  if (!twoDigits()) return end;
  i += 2;
  if (text.charCodeAt(i) === 0x3a && isDigitCode(text.charCodeAt(i + 1))) {
    i += 1;
    if (!twoDigits()) return end;
    i += 2;
    if (text.charCodeAt(i) === 0x2e) {
      let j = i + 1;
      while (j < text.length && j - i <= 9 && isDigitCode(text.charCodeAt(j))) j++;
      if (j > i + 1) i = j;
    }
  }
  const zone = text.charCodeAt(i);
  if (zone === 0x5a) return i + 1;
  if ((zone === 0x2b || zone === 0x2d) && isDigitCode(text.charCodeAt(i + 1)) && isDigitCode(text.charCodeAt(i + 2))) {
    let j = i + 3;
    if (text.charCodeAt(j) === 0x3a) j++;
    if (isDigitCode(text.charCodeAt(j)) && isDigitCode(text.charCodeAt(j + 1))) return j + 2;
  }
  return i;
}

/** Month names and their 3-letter abbreviations (and "sept"), lower case, to month numbers. */
const MONTHS: ReadonlyMap<string, number> = (() => {
  const months = new Map<string, number>([['sept', 9]]);
  const names = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
  names.forEach((name, i) => months.set(name, i + 1).set(name.slice(0, 3), i + 1));
  return months;
})();

/** The month named by text[start, end), or 0. "may" must be capitalised: lower case it is a verb. */
function monthAt(input: ScanText, start: number, end: number): number {
  if (end - start < 3 || end - start > 9) return 0;
  const month = MONTHS.get(alignedLower(input).slice(start, end)) ?? 0;
  if (month === 5 && input.text.charCodeAt(start) === 0x6d) return 0;
  return month;
}

function writtenDates(input: ScanText): Candidate[] {
  const groups = digitGroups(input);
  const found: Candidate[] = [];
  let after = 0;
  for (let g = 0; g < groups.count; g++) {
    const s = groups.start[g] ?? 0;
    if (s < after) continue;
    const length = groupLength(groups, g);
    if (length > 2 && length !== 4) continue;
    const date = length === 4 ? monthYear(input, groups, g) : (monthFirst(input, groups, g) ?? dayFirst(input, groups, g));
    if (date === undefined) continue;
    found.push(date);
    after = date.end;
  }
  return found;
}

/** The month word that ends just before `at` ("March 3", "Mar. 3"): [start, month], or undefined. */
function monthBefore(input: ScanText, at: number): readonly [number, number] | undefined {
  const { text } = input;
  let i = at - 1;
  if (text.charCodeAt(i) !== 0x20) return undefined;
  if (text.charCodeAt(i - 1) === 0x2e) i--;
  const end = i;
  while (i > 0 && end - i < 10 && isLetterCode(text.charCodeAt(i - 1))) i--;
  if (i > 0 && isWordCode(text.charCodeAt(i - 1))) return undefined;
  const month = monthAt(input, i, end);
  return month === 0 ? undefined : [i, month];
}

/** End of a day's ordinal suffix ("3rd", "21st"), or `end` if none. */
function ordinalEnd(lower: string, end: number): number {
  const suffix = lower.slice(end, end + 2);
  return (suffix === 'st' || suffix === 'nd' || suffix === 'rd' || suffix === 'th') && !isLetterCode(lower.charCodeAt(end + 2)) ? end + 2 : end;
}

/** A 4-digit year right after `end` (", 1961" or " 1961"): [end of year, year], or undefined. */
function yearAfter(text: string, groups: DigitGroups, g: number, end: number): readonly [number, number] | undefined {
  let i = end;
  if (text.charCodeAt(i) === 0x2c) i++;
  if (text.charCodeAt(i) !== 0x20) return undefined;
  const next = g + 1;
  if (next >= groups.count || groups.start[next] !== i + 1 || groupLength(groups, next) !== 4) return undefined;
  const yearEnd = groups.end[next] ?? 0;
  if (yearEnd < text.length && isWordCode(text.charCodeAt(yearEnd))) return undefined;
  const year = Number(text.slice(i + 1, yearEnd));
  return plausibleYear(year) ? [yearEnd, year] : undefined;
}

/** "March 3", "March 3, 1961", "Mar. 3rd 1961". */
function monthFirst(input: ScanText, groups: DigitGroups, g: number): Candidate | undefined {
  const { text } = input;
  const lower = alignedLower(input);
  const month = monthBefore(input, groups.start[g] ?? 0);
  if (month === undefined) return undefined;
  const day = Number(text.slice(groups.start[g], groups.end[g]));
  const dayEnd = ordinalEnd(lower, groups.end[g] ?? 0);
  if (dayEnd < text.length && isWordCode(text.charCodeAt(dayEnd))) return undefined;
  const year = yearAfter(text, groups, g, dayEnd);
  if (!validDay(year?.[1], month[1], day)) return undefined;
  return { type: 'DATE_TIME', start: month[0], end: year?.[0] ?? dayEnd, score: year ? 0.6 : 0.45 };
}

/** "3 March 1961", "3rd of Mar 1961", "3 Mar". */
function dayFirst(input: ScanText, groups: DigitGroups, g: number): Candidate | undefined {
  const { text } = input;
  const lower = alignedLower(input);
  const start = groups.start[g] ?? 0;
  if (start > 0 && isWordCode(text.charCodeAt(start - 1))) return undefined;
  let i = ordinalEnd(lower, groups.end[g] ?? 0);
  if (text.charCodeAt(i) !== 0x20) return undefined;
  i++;
  if (lower.startsWith('of ', i)) i += 3;
  const monthStart = i;
  while (i < text.length && i - monthStart < 10 && isLetterCode(text.charCodeAt(i))) i++;
  const month = monthAt(input, monthStart, i);
  if (month === 0 || (i < text.length && isWordCode(text.charCodeAt(i)))) return undefined;
  if (text.charCodeAt(i) === 0x2e) i++;
  const year = yearAfter(text, groups, g, i);
  const day = Number(text.slice(start, groups.end[g]));
  if (!validDay(year?.[1], month, day)) return undefined;
  const end = year?.[0] ?? (text.charCodeAt(i - 1) === 0x2e ? i - 1 : i);
  return { type: 'DATE_TIME', start, end, score: year ? 0.6 : 0.45 };
}

/** "March 1961": a month and a year, no day. */
function monthYear(input: ScanText, groups: DigitGroups, g: number): Candidate | undefined {
  const { text } = input;
  const start = groups.start[g] ?? 0;
  const end = groups.end[g] ?? 0;
  if (end < text.length && isWordCode(text.charCodeAt(end))) return undefined;
  const month = monthBefore(input, start);
  if (month === undefined || !plausibleYear(Number(text.slice(start, end)))) return undefined;
  return { type: 'DATE_TIME', start: month[0], end, score: 0.4 };
}
