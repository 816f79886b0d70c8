/**
 * Check digits and number-range rules. Each takes the identifier with separators already removed
 * and answers only "could this be issued?": the recognizers decide what a pass is worth.
 */

/** Luhn (ISO/IEC 7812-1) over a string of ASCII digits: cards, NPIs (with a prefix), IMEIs. */
export function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Every character the same ("111111111"): test filler, never a real identifier. */
export function allSame(value: string): boolean {
  for (let i = 1; i < value.length; i++) if (value.charCodeAt(i) !== value.charCodeAt(0)) return false;
  return true;
}

/**
 * ABA routing transit number: weights 3-7-1 sum to a multiple of 10, and the first two digits
 * name a Federal Reserve routing symbol: 00-12 (banks; 00 is the US government), 21-32 (thrifts),
 * 61-72 (electronic), 80 (traveller's cheques).
 */
export function abaRouting(digits: string): boolean {
  if (digits.length !== 9) return false;
  const prefix = Number(digits.slice(0, 2));
  if (!(prefix <= 12 || (prefix >= 21 && prefix <= 32) || (prefix >= 61 && prefix <= 72) || prefix === 80)) return false;
  const w = [3, 7, 1];
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (digits.charCodeAt(i) - 48) * (w[i % 3] ?? 0);
  return sum % 10 === 0 && !allSame(digits);
}

/** National Provider Identifier: 10 digits starting 1 or 2, Luhn over "80840" + the digits (CMS). */
export function npi(digits: string): boolean {
  if (digits.length !== 10 || (digits[0] !== '1' && digits[0] !== '2')) return false;
  return luhn(`80840${digits}`) && !allSame(digits.slice(0, 9));
}

/**
 * DEA registration number: two letters and seven digits; (d1 + d3 + d5) + 2 * (d2 + d4 + d6) ends
 * in d7. The first letter is the registrant type (A-H, J-L, M, P-U, X), the second the initial of
 * the registrant's surname, or 9 for a business.
 */
export function deaNumber(value: string): boolean {
  if (value.length !== 9 || !DEA_TYPES.includes(value.charAt(0))) return false;
  const second = value.charCodeAt(1);
  if (!((second >= 0x41 && second <= 0x5a) || second === 0x39)) return false;
  const d = (i: number) => value.charCodeAt(i) - 48;
  for (let i = 2; i < 9; i++) if (d(i) < 0 || d(i) > 9) return false;
  const sum = d(2) + d(4) + d(6) + 2 * (d(3) + d(5) + d(7));
  return sum % 10 === d(8);
}
const DEA_TYPES = 'ABCDEFGHJKLMPRSTUX';

/**
 * Social Security Number ranges (SSA): area 000, 666 and 900-999 were never issued, nor group 00
 * or serial 0000. 078-05-1120 (printed in a 1938 wallet insert) and 219-09-9999 (a 1940 SSA
 * pamphlet) were advertised as samples and voided by the SSA. Unlike Presidio we keep 123-45-6789:
 * it is in range, and a number typed as an example SSN is worth redacting.
 */
export function ssnValid(digits: string): boolean {
  if (digits.length !== 9) return false;
  const area = digits.slice(0, 3);
  if (area === '000' || area === '666' || digits[0] === '9') return false;
  if (digits.slice(3, 5) === '00' || digits.slice(5) === '0000') return false;
  if (digits === '078051120' || digits === '219099999') return false;
  return !allSame(digits);
}

/** ITIN: 9XX-GG-SSSS where the group GG is 50-65, 70-88, 90-92 or 94-99 (IRS). */
export function itinValid(digits: string): boolean {
  if (digits.length !== 9 || digits[0] !== '9') return false;
  const group = Number(digits.slice(3, 5));
  return (group >= 50 && group <= 65) || (group >= 70 && group <= 88) || (group >= 90 && group <= 92) || group >= 94;
}

/** ISO 7064 MOD 97-10 over an IBAN (no separators): the first four characters move to the end, letters count A=10..Z=35. */
export function ibanMod97(iban: string): boolean {
  let remainder = 0;
  const n = iban.length;
  for (let k = 0; k < n; k++) {
    const code = iban.charCodeAt((k + 4) % n) | 0x20; // fold letters to lowercase; digits are unchanged by the bit
    if (code >= 0x30 && code <= 0x39) remainder = (remainder * 10 + (code - 0x30)) % 97;
    else if (code >= 0x61 && code <= 0x7a) remainder = (remainder * 100 + (code - 0x61 + 10)) % 97;
    else return false;
  }
  return remainder === 1;
}

/**
 * Vehicle Identification Number check digit (49 CFR 565, ISO 3779 in North America): 17 characters
 * without I, O, Q; transliterated and weighted, the sum mod 11 is the 9th character (10 = "X").
 */
export function vinValid(vin: string): boolean {
  if (vin.length !== 17) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = VIN_VALUES[vin.charCodeAt(i) - 0x30];
    if (value === undefined || value < 0) return false;
    sum += value * (VIN_WEIGHTS[i] ?? 0);
  }
  const check = sum % 11;
  const actual = vin.charCodeAt(8);
  return check === 10 ? actual === 0x58 : actual === 0x30 + check;
}
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
/** Indexed by char code - '0': digits are themselves, letters per the standard's table, -1 = not allowed. */
const VIN_VALUES: readonly number[] = (() => {
  const table = new Array<number>(0x5b - 0x30).fill(-1);
  for (let d = 0; d <= 9; d++) table[d] = d;
  const pairs = 'A1B2C3D4E5F6G7H8J1K2L3M4N5P7R9S2T3U4V5W6X7Y8Z9';
  for (let i = 0; i < pairs.length; i += 2) table[pairs.charCodeAt(i) - 0x30] = pairs.charCodeAt(i + 1) - 0x30;
  return table;
})();
