/**
 * US government identity numbers.
 * - US_SSN: AAA-GG-SSSS (dashes: 0.6, the shape is nearly unique to SSNs; spaces or dots: 0.5)
 *   or 9 contiguous digits (0.3: needs "SSN" / "social security" nearby), within SSA ranges
 *   (validators.ssnValid).
 * - US_ITIN: the same shapes with 9XX and the IRS group ranges (validators.itinValid).
 * - US_PASSPORT: 9 digits or a letter and 8 digits (the 2021 "next generation" book), only near
 *   "passport".
 * - US_DRIVER_LICENSE: state formats run from 1 letter + 4 digits to 13 digits, letters and
 *   digits mixed (NTSI table; Washington's 12 characters are mostly letters), so any 5-16
 *   character identifier with 3+ digits counts, but only right after a driver's licence label
 *   ("Driver's License #: D1234567", "DL (CA): 123456789").
 * Three-part numbers count only as a whole run joined the same way: "1-123-45-6789" and
 * "123-45-67890" are not SSNs.
 */
import type { Candidate, Recognizer, ScanText } from '../types.ts';
import { FILLERS, K, keywordHits, withAbbreviation } from './keywords.ts';
import { labelledValues } from './labelled.ts';
import { DASH, DOT, SPACE, digitGroups, forEachRun, groupLength, isLoneGroup, isUpperCode, runDigits, standsAlone } from './scanners.ts';
import { allSame, itinValid, ssnValid } from './validators.ts';

interface NineDigitSpec {
  readonly type: string;
  readonly valid: (digits: string) => boolean;
  /** Scores for AAA-GG-SSSS, AAA GG SSSS / AAA.GG.SSSS, and AAAGGSSSS. */
  readonly dashed: number;
  readonly spaced: number;
  readonly contiguous: number;
  /** Abbreviation context checked with word bounds (scanText's substring test would misfire). */
  readonly abbreviations?: number;
  readonly context: readonly string[];
}

function nineDigitCandidates(input: ScanText, spec: NineDigitSpec): Candidate[] {
  const { text } = input;
  const groups = digitGroups(input);
  const found: Candidate[] = [];
  const consider = (first: number, last: number, score: number) => {
    const start = groups.start[first] ?? 0;
    const end = groups.end[last] ?? 0;
    if (!standsAlone(text, start, end) || !spec.valid(runDigits(text, groups, first, last))) return;
    const scored = spec.abbreviations === undefined ? score : withAbbreviation(input, spec.abbreviations, start, end, score, spec.context);
    found.push({ type: spec.type, start, end, score: scored });
  };
  for (let g = 0; g < groups.count; g++) if (groupLength(groups, g) === 9 && isLoneGroup(groups, g)) consider(g, g, spec.contiguous);
  for (const sep of [DASH, SPACE, DOT]) {
    forEachRun(groups, sep, (first, last) => {
      if (last !== first + 2) return;
      if (groupLength(groups, first) !== 3 || groupLength(groups, first + 1) !== 2 || groupLength(groups, last) !== 4) return;
      consider(first, last, sep === DASH ? spec.dashed : spec.spaced);
    });
  }
  return found;
}

const SSN: NineDigitSpec = {
  type: 'US_SSN',
  valid: ssnValid,
  dashed: 0.6,
  spaced: 0.5,
  contiguous: 0.3,
  context: ['ssn', 'social security', 'social sec', 'soc sec', 'ss#', 'ss #'],
};

export const usSsnRecognizer: Recognizer = {
  name: 'us_ssn',
  detector: 'pii',
  types: ['US_SSN'],
  context: SSN.context,
  mayMatch: (input) => digitGroups(input).count > 0,
  find: (input) => nineDigitCandidates(input, SSN),
};

const ITIN: NineDigitSpec = {
  type: 'US_ITIN',
  valid: itinValid,
  dashed: 0.55,
  spaced: 0.5,
  contiguous: 0.3,
  abbreviations: K.ITIN,
  context: ['taxpayer', 'tax id', 'tax identification', 'tax payer'],
};

export const usItinRecognizer: Recognizer = {
  name: 'us_itin',
  detector: 'pii',
  types: ['US_ITIN'],
  context: ITIN.context,
  mayMatch: (input) => digitGroups(input).count > 0,
  find: (input) => nineDigitCandidates(input, ITIN),
};

export const usPassportRecognizer: Recognizer = {
  name: 'us_passport',
  detector: 'pii',
  types: ['US_PASSPORT'],
  context: ['passport'],
  mayMatch: (input) => digitGroups(input).count > 0 && (keywordHits(input).any & K.PASSPORT) !== 0,
  find(input: ScanText): Candidate[] {
    const { text } = input;
    const groups = digitGroups(input);
    const found: Candidate[] = [];
    for (let g = 0; g < groups.count; g++) {
      const length = groupLength(groups, g);
      if ((length !== 9 && length !== 8) || !isLoneGroup(groups, g)) continue;
      let start = groups.start[g] ?? 0;
      const end = groups.end[g] ?? 0;
      if (length === 8) {
        // Next generation: one capital letter, then 8 digits.
        if (start === 0 || !isUpperCode(text.charCodeAt(start - 1))) continue;
        start--;
      }
      if (!standsAlone(text, start, end) || allSame(text.slice(length === 8 ? start + 1 : start, end))) continue;
      found.push({ type: 'US_PASSPORT', start, end, score: length === 8 ? 0.35 : 0.3 });
    }
    return found;
  },
};

/** US state and territory codes, skipped between the label and the number: "Driver's License (CA): D1234567". */
const STATES =
  'al ak az ar ca co ct de dc fl ga hi id il in ia ks ky la me md ma mi mn ms mo mt ne nv nh nj nm ny nc nd oh ok or pa ri sc sd tn tx ut vt va wa wv wi wy pr gu vi as mp';
const DRIVER_FILLERS: ReadonlySet<string> = new Set([...FILLERS, 's', 'license', 'licence', 'lic', 'permit', 'state', 'issued', 'by', 'class', 'commercial', ...STATES.split(' ')]);

const DRIVER_CONTEXT = ['driver', 'driving', 'motor vehicle'];

export const usDriverLicenseRecognizer: Recognizer = {
  name: 'us_driver_license',
  detector: 'pii',
  types: ['US_DRIVER_LICENSE'],
  context: DRIVER_CONTEXT,
  mayMatch: (input) => digitGroups(input).count > 0 && (keywordHits(input).any & K.DRIVER) !== 0,
  find(input: ScanText): Candidate[] {
    const candidates = labelledValues(input, { type: 'US_DRIVER_LICENSE', group: K.DRIVER, score: 0.3, minLength: 5, maxLength: 16, minDigits: 3, fillers: DRIVER_FILLERS, spacedDigits: true });
    return candidates.map((c) => ({ ...c, score: withAbbreviation(input, K.DRIVER, c.start, c.end, c.score, DRIVER_CONTEXT) }));
  },
};
