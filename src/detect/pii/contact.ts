/**
 * EMAIL_ADDRESS: local@domain with a dotted domain of valid labels and an alphabetic (or
 * punycode) top-level domain. Found from each '@' with bounded walks either way, so "a@a@a@..."
 * costs one step per '@'. (Phone numbers are in phone.ts.)
 */
import type { Candidate, Recognizer, ScanText } from '../types.ts';
import { isWordCode } from './scanners.ts';

export const emailRecognizer: Recognizer = {
  name: 'email_address',
  detector: 'pii',
  types: ['EMAIL_ADDRESS'],
  context: ['email', 'e-mail', 'mail'],
  mayMatch: (input) => input.text.includes('@'),
  find(input: ScanText): Candidate[] {
    const { text } = input;
    const found: Candidate[] = [];
    let floor = 0;
    for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
      let start = at;
      while (start > floor && at - start < 64 && isLocalCode(text.charCodeAt(start - 1))) start--;
      if (start > 0 && isLocalCode(text.charCodeAt(start - 1)) && at - start >= 64) continue; // local part too long
      while (text.charCodeAt(start) === 0x2e) start++; // "...john@": the dots are punctuation
      if (start === at || text.charCodeAt(at - 1) === 0x2e || text.slice(start, at).includes('..')) continue;
      if (text.startsWith('://', start - 3)) continue; // "postgres://user@host": a URL's user, the URL is the finding
      const end = domainEnd(text, at + 1);
      if (end < 0) continue;
      found.push({ type: 'EMAIL_ADDRESS', start, end, score: 0.9 });
      floor = end;
    }
    return found;
  },
};

/** Characters of a local part as people write them (RFC 5322 allows more; nobody uses them). */
function isLocalCode(code: number): boolean {
  return isWordCode(code) || code === 0x2e || code === 0x25 || code === 0x2b || code === 0x2d;
}

/** End of a valid domain starting at `from`, or -1: 2+ labels of 1-63 letters, digits and inner '-', alphabetic TLD. */
function domainEnd(text: string, from: number): number {
  let end = from;
  while (end < text.length && end - from < 255) {
    const code = text.charCodeAt(end);
    if (!(isWordCode(code) || code === 0x2d || code === 0x2e) || code === 0x5f) break;
    end++;
  }
  if (end - from >= 255) return -1;
  // A sentence may end right after the address: "mail jane@example.com."
  while (end > from && (text.charCodeAt(end - 1) === 0x2e || text.charCodeAt(end - 1) === 0x2d)) end--;
  const labels = text.slice(from, end).split('.');
  if (labels.length < 2) return -1;
  for (const label of labels) {
    if (label.length === 0 || label.length > 63 || label.startsWith('-') || label.endsWith('-')) return -1;
  }
  const tld = labels[labels.length - 1] ?? '';
  if (!/^(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{2,59})$/.test(tld)) return -1;
  return end;
}
