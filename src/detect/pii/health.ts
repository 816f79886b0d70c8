/**
 * Health-care identifiers (HIPAA Safe Harbor).
 * - MEDICAL_RECORD_NUMBER: any 4-20 character identifier with 3+ digits, only as the value of an
 *   "MRN" / "medical record" / "patient id" label.
 * - HEALTH_PLAN_ID: likewise after "member id", "subscriber", "policy number", "group number", ...
 * - US_NPI: 10 digits starting 1 or 2, Luhn over "80840" + the digits (CMS). One check digit
 *   passes one number in ten, and ten-digit numbers are common (phones), so it needs "NPI" or
 *   "provider" nearby: 0.4 (0.45 as 1234-567-893).
 * - US_DEA_NUMBER: registrant type letter, surname initial (or 9), seven digits with the DEA
 *   check digit. Presidio reports it as MEDICAL_LICENSE; a DEA number is a registration, not a
 *   licence, and that name is kept for certificate/licence numbers. 0.45, context needed.
 * - US_MBI: Medicare Beneficiary Identifier, 11 characters by CMS position rules (C A AN N A AN
 *   N A A N N, letters without S L O I B Z), plain or as 4-3-4. No check digit: context needed.
 */
import type { Candidate, Recognizer, ScanText } from '../types.ts';
import { K, keywordHits, withAbbreviation } from './keywords.ts';
import { labelledValues } from './labelled.ts';
import { DASH, SPACE, digitGroups, forEachRun, groupLength, isDigitCode, isLoneGroup, isUpperCode, isWordCode, runDigits, standsAlone } from './scanners.ts';
import { deaNumber, npi } from './validators.ts';

const MRN_CONTEXT = ['mrn', 'medical record', 'med rec', 'medrec', 'chart', 'patient id', 'patient number', 'patient no', 'patient #', 'pt id', 'hospital n', 'record n', 'record #', 'emr id', 'ehr id'];

export const medicalRecordRecognizer: Recognizer = {
  name: 'medical_record_number',
  detector: 'pii',
  types: ['MEDICAL_RECORD_NUMBER'],
  context: MRN_CONTEXT,
  mayMatch: (input) => digitGroups(input).count > 0 && (keywordHits(input).any & K.MRN) !== 0,
  find: (input) => labelledValues(input, { type: 'MEDICAL_RECORD_NUMBER', group: K.MRN, score: 0.4, minLength: 4, maxLength: 20, minDigits: 3 }),
};

const PLAN_CONTEXT = ['member', 'subscriber', 'policy', 'group n', 'group #', 'group id', 'health plan', 'plan id', 'insurance', 'beneficiary', 'medicaid', 'hicn', 'coverage'];

export const healthPlanRecognizer: Recognizer = {
  name: 'health_plan_id',
  detector: 'pii',
  types: ['HEALTH_PLAN_ID'],
  context: PLAN_CONTEXT,
  mayMatch: (input) => digitGroups(input).count > 0 && (keywordHits(input).any & K.PLAN) !== 0,
  find: (input) => labelledValues(input, { type: 'HEALTH_PLAN_ID', group: K.PLAN, score: 0.4, minLength: 5, maxLength: 20, minDigits: 3 }),
};

export const npiRecognizer: Recognizer = {
  name: 'us_npi',
  detector: 'pii',
  types: ['US_NPI'],
  context: ['npi', 'national provider', 'provider', 'prescriber', 'taxonomy', 'physician', 'attending', 'rendering', 'referring'],
  mayMatch: (input) => digitGroups(input).count > 0,
  find(input: ScanText): Candidate[] {
    const { text } = input;
    const groups = digitGroups(input);
    const found: Candidate[] = [];
    const consider = (first: number, last: number, score: number) => {
      const start = groups.start[first] ?? 0;
      const end = groups.end[last] ?? 0;
      if (standsAlone(text, start, end) && npi(runDigits(text, groups, first, last))) found.push({ type: 'US_NPI', start, end, score });
    };
    for (let g = 0; g < groups.count; g++) if (groupLength(groups, g) === 10 && isLoneGroup(groups, g)) consider(g, g, 0.4);
    for (const sep of [DASH, SPACE]) {
      forEachRun(groups, sep, (first, last) => {
        if (last === first + 2 && groupLength(groups, first) === 4 && groupLength(groups, first + 1) === 3 && groupLength(groups, last) === 3) consider(first, last, 0.45);
      });
    }
    return found;
  },
};

const DEA_CONTEXT = ['dea#', 'dea number', 'dea no', 'dea reg', 'drug enforcement', 'controlled substance', 'prescriber', 'schedule ii'];

export const deaRecognizer: Recognizer = {
  name: 'us_dea_number',
  detector: 'pii',
  types: ['US_DEA_NUMBER'],
  context: DEA_CONTEXT,
  mayMatch: (input) => digitGroups(input).count > 0,
  find(input: ScanText): Candidate[] {
    const { text } = input;
    const groups = digitGroups(input);
    const found: Candidate[] = [];
    for (let g = 0; g < groups.count; g++) {
      const length = groupLength(groups, g);
      // "AB1234563": two letters, seven digits. "A91234563": a business's "9" joins the digits.
      const letters = length === 7 ? 2 : length === 8 && text.charCodeAt(groups.start[g] ?? 0) === 0x39 ? 1 : 0;
      if (letters === 0) continue;
      const start = (groups.start[g] ?? 0) - letters;
      const end = groups.end[g] ?? 0;
      if (start < 0 || !standsAlone(text, start, end)) continue;
      const value = text.slice(start, end);
      if (!deaNumber(value)) continue;
      found.push({ type: 'US_DEA_NUMBER', start, end, score: withAbbreviation(input, K.DEA, start, end, 0.45, DEA_CONTEXT) });
    }
    return found;
  },
};

const MBI_CONTEXT = ['medicare', 'beneficiary', 'medicaid', 'hicn'];
/** Letters an MBI may use: A-Z without S, L, O, I, B, Z. */
const MBI_LETTERS = 'ACDEFGHJKMNPQRTUVWXY';
/** Per position: N numeric, A letter, X either. */
const MBI_POSITIONS = 'NAXNAXNAANN';

export const mbiRecognizer: Recognizer = {
  name: 'us_mbi',
  detector: 'pii',
  types: ['US_MBI'],
  context: MBI_CONTEXT,
  mayMatch: (input) => digitGroups(input).count > 0,
  find(input: ScanText): Candidate[] {
    const { text } = input;
    const groups = digitGroups(input);
    const found: Candidate[] = [];
    for (let g = 0; g < groups.count; g++) {
      // Position 1 is a digit and position 2 a letter: every MBI starts a one-digit group.
      const start = groups.start[g] ?? 0;
      if (groupLength(groups, g) !== 1 || (start > 0 && isWordCode(text.charCodeAt(start - 1)))) continue;
      const dashed = text.charCodeAt(start + 4) === 0x2d;
      const end = start + (dashed ? 13 : 11);
      if (end > text.length || (end < text.length && isWordCode(text.charCodeAt(end)))) continue;
      const value = dashed ? dashedMbi(text, start) : text.slice(start, end).toUpperCase();
      if (value === undefined || !mbiValid(value)) continue;
      found.push({ type: 'US_MBI', start, end, score: withAbbreviation(input, K.MBI, start, end, dashed ? 0.45 : 0.4, MBI_CONTEXT) });
    }
    return found;
  },
};

/** "1EG4-TE5-MK73" without its dashes, if they sit at 4-3-4. */
function dashedMbi(text: string, start: number): string | undefined {
  if (text.charCodeAt(start + 4) !== 0x2d || text.charCodeAt(start + 8) !== 0x2d) return undefined;
  return (text.slice(start, start + 4) + text.slice(start + 5, start + 8) + text.slice(start + 9, start + 13)).toUpperCase();
}

export function mbiValid(value: string): boolean {
  if (value.length !== 11 || value.charCodeAt(0) === 0x30) return false; // position 1 is 1-9
  for (let i = 0; i < 11; i++) {
    const code = value.charCodeAt(i);
    const digit = isDigitCode(code);
    const letter = isUpperCode(code) && MBI_LETTERS.includes(value.charAt(i));
    const rule = MBI_POSITIONS.charAt(i);
    if (rule === 'N' ? !digit : rule === 'A' ? !letter : !(digit || letter)) return false;
  }
  return true;
}
