/**
 * The other HIPAA Safe Harbor identifiers that text can show: numbers that are identifiers only
 * because a label says so, and vehicle identification numbers, which carry a check digit.
 * - ACCOUNT_NUMBER: after "account", "acct", "a/c" (patient and billing accounts). 0.25 + context,
 *   so that an all-digit bank account, also a US_BANK_NUMBER (0.3 + context), is reported as that.
 * - LICENSE_NUMBER: certificate and licence numbers, after "license", "certificate", "cert", ...
 *   0.25 + context, below US_DRIVER_LICENSE for "driver's license" and LICENSE_PLATE for plates.
 * - DEVICE_ID: device identifiers and serial numbers, after "serial", "S/N", "UDI", "IMEI".
 * - LICENSE_PLATE: after "plate", "tag number": 2-8 characters with a digit, "ABC 1234" too.
 * - VIN: 17 characters without I, O, Q, a valid model-year character, the North American check
 *   digit (one in eleven random strings pass it), so 0.45 and context ("VIN", "vehicle").
 */
import type { Candidate, Recognizer, ScanText } from '../types.ts';
import { FILLERS, K, keywordHits, valueAfter, withAbbreviation } from './keywords.ts';
import { identifierEnd, labelledValues } from './labelled.ts';
import { digitGroups, isDigitCode, isLetterCode, isWordCode } from './scanners.ts';
import { allSame, vinValid } from './validators.ts';

export const accountNumberRecognizer: Recognizer = {
  name: 'account_number',
  detector: 'pii',
  types: ['ACCOUNT_NUMBER'],
  context: ['account', 'acct', 'a/c', 'acc no', 'acc #'],
  mayMatch: (input) => digitGroups(input).count > 0 && (keywordHits(input).any & K.ACCOUNT) !== 0,
  find: (input) => labelledValues(input, { type: 'ACCOUNT_NUMBER', group: K.ACCOUNT, score: 0.25, minLength: 4, maxLength: 20, minDigits: 4 }),
};

export const licenseNumberRecognizer: Recognizer = {
  name: 'license_number',
  detector: 'pii',
  types: ['LICENSE_NUMBER'],
  context: ['license', 'licence', 'lic#', 'lic.', 'certificate', 'certification', 'cert', 'registration n', 'permit n'],
  mayMatch: (input) => digitGroups(input).count > 0 && (keywordHits(input).any & K.LICENSE) !== 0,
  find: (input) => labelledValues(input, { type: 'LICENSE_NUMBER', group: K.LICENSE, score: 0.25, minLength: 4, maxLength: 20, minDigits: 3 }),
};

export const deviceIdRecognizer: Recognizer = {
  name: 'device_id',
  detector: 'pii',
  types: ['DEVICE_ID'],
  context: ['serial', 's/n', 'sn#', 'sn:', 'device id', 'device identifier', 'udi', 'imei', 'meid', 'esn'],
  mayMatch: (input) => digitGroups(input).count > 0 && (keywordHits(input).any & K.DEVICE) !== 0,
  find: (input) => labelledValues(input, { type: 'DEVICE_ID', group: K.DEVICE, score: 0.35, minLength: 4, maxLength: 40, minDigits: 2 }),
};

const PLATE_FILLERS: ReadonlySet<string> = new Set([...FILLERS, 'plate', 'tag', 'license', 'licence', 'registration']);

export const licensePlateRecognizer: Recognizer = {
  name: 'license_plate',
  detector: 'pii',
  types: ['LICENSE_PLATE'],
  context: ['plate', 'tag number', 'tag no', 'tag #'],
  mayMatch: (input) => digitGroups(input).count > 0 && (keywordHits(input).any & K.PLATE) !== 0,
  find(input: ScanText): Candidate[] {
    const { text } = input;
    const hits = keywordHits(input);
    const found: Candidate[] = [];
    let after = 0;
    for (let i = 0; i < hits.count; i++) {
      if (((hits.groups[i] ?? 0) & K.PLATE) === 0) continue;
      const start = valueAfter(input, hits.end[i] ?? 0, PLATE_FILLERS);
      if (start < after) continue;
      let end = identifierEnd(text, start, 10);
      if (end < 0) continue;
      // "ABC 1234": a short all-letter part and a short digit part, one space apart.
      if (end - start <= 4 && text.charCodeAt(end) === 0x20 && isDigitCode(text.charCodeAt(end + 1))) {
        const second = identifierEnd(text, end + 1, 5);
        if (second > 0 && second - start <= 9) end = second;
      }
      if (!plateLike(text, start, end)) continue;
      found.push({ type: 'LICENSE_PLATE', start, end, score: 0.35 });
      after = end;
    }
    return found;
  },
};

function plateLike(text: string, start: number, end: number): boolean {
  let chars = 0;
  let digits = 0;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (isDigitCode(code)) digits++;
    if (isWordCode(code)) chars++;
  }
  return chars >= 2 && chars <= 8 && digits >= 1;
}

const VIN_CONTEXT = ['vehicle', 'chassis', 'automobile', 'motor'];

export const vinRecognizer: Recognizer = {
  name: 'vin',
  detector: 'pii',
  types: ['VIN'],
  context: VIN_CONTEXT,
  mayMatch: (input) => digitGroups(input).count > 0,
  find(input: ScanText): Candidate[] {
    const { text } = input;
    const groups = digitGroups(input);
    const found: Candidate[] = [];
    let after = 0;
    // A VIN ends in digits, so every VIN contains a digit group; take the word around each group
    // once (bounded walks), and keep the 17-character ones.
    for (let g = 0; g < groups.count; g++) {
      const s = groups.start[g] ?? 0;
      if (s < after) continue;
      let start = s;
      while (start > 0 && s - start <= 17 && isWordCode(text.charCodeAt(start - 1))) start--;
      let end = groups.end[g] ?? 0;
      while (end < text.length && end - start <= 17 && isWordCode(text.charCodeAt(end))) end++;
      after = end;
      if (end - start !== 17 || (start > 0 && isWordCode(text.charCodeAt(start - 1))) || (end < text.length && isWordCode(text.charCodeAt(end)))) continue;
      const vin = text.slice(start, end);
      if (!vinShape(vin) || !vinValid(vin)) continue;
      found.push({ type: 'VIN', start, end, score: withAbbreviation(input, K.VIN, start, end, 0.45, VIN_CONTEXT) });
    }
    return found;
  },
};

/** Upper case, a letter somewhere (the manufacturer code), a model-year character (no U, Z, 0), a numeric tail. */
function vinShape(vin: string): boolean {
  if (vin !== vin.toUpperCase() || allSame(vin)) return false;
  let letter = false;
  for (let i = 0; i < 17; i++) if (isLetterCode(vin.charCodeAt(i))) letter = true;
  const year = vin.charAt(9);
  if (!letter || year === 'U' || year === 'Z' || year === '0') return false;
  for (let i = 14; i < 17; i++) if (!isDigitCode(vin.charCodeAt(i))) return false;
  return true;
}
