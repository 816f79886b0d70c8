/**
 * redact-pii (npm, 3.4.0) as a baseline. It returns the text with each finding replaced by a
 * placeholder ("PERSON_NAME", "STREET_ADDRESS", ...) rather than spans, so spans are derived by
 * aligning the redacted text with the original: the redacted text is turned into a pattern in
 * which every literal stretch must match the original exactly and every placeholder matches one
 * or more characters ([\s\S]+?), anchored at both ends; the match's group indices (the RegExp
 * `d` flag) are the original characters each placeholder replaced. Placeholders match lazily, so
 * when the characters next to a placeholder could belong to it or to the literal text (rare:
 * it needs the literal to repeat the replaced text's edge), the shorter span is taken. Leading
 * and trailing whitespace inside a span is trimmed (its name rule swallows the space before a
 * name). A text that itself contains a placeholder word cannot be aligned this way; such
 * samples are counted and get no predictions.
 */
import { createRequire } from 'node:module';
import type { Span } from './dataset.ts';
import { GENERIC } from './metrics.ts';

/** redact-pii placeholder -> our entity type. `null`: not PII in this evaluation (credentials are secrets). */
export const REDACT_PII_MAP: Readonly<Record<string, string | null>> = {
  PERSON_NAME: 'PERSON',
  STREET_ADDRESS: 'STREET_ADDRESS',
  ZIPCODE: 'ZIP_CODE',
  CREDIT_CARD_NUMBER: 'CREDIT_CARD',
  PHONE_NUMBER: 'PHONE_NUMBER',
  IP_ADDRESS: 'IP_ADDRESS',
  US_SOCIAL_SECURITY_NUMBER: 'US_SSN',
  EMAIL_ADDRESS: 'EMAIL_ADDRESS',
  URL: 'URL',
  DIGITS: GENERIC, // any run of 4+ digits: PII of no particular type
  USERNAME: null,
  PASSWORD: null,
  CREDENTIALS: null,
};

const PLACEHOLDERS = Object.keys(REDACT_PII_MAP).sort((a, b) => b.length - a.length);
const placeholderRe = new RegExp(`(${PLACEHOLDERS.join('|')})`, 'g');
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Redactor { redact(text: string): string }

export function loadRedactPii(): Redactor {
  const require = createRequire(import.meta.url);
  const { SyncRedactor } = require('redact-pii') as { SyncRedactor: new () => Redactor };
  return new SyncRedactor();
}

/** The spans redact-pii replaced in `text`, or undefined when the output cannot be aligned. */
export function alignRedaction(text: string, redacted: string): Span[] | undefined {
  const parts = redacted.split(placeholderRe); // odd indices are placeholders
  if (parts.length === 1) return [];
  const pattern = parts.map((part, i) => (i % 2 === 1 ? '([\\s\\S]+?)' : escape(part))).join('');
  const match = new RegExp(`^${pattern}$`, 'd').exec(text);
  if (match === null || match.indices === undefined) return undefined;
  const spans: Span[] = [];
  for (let g = 1; g < match.length; g++) {
    const type = REDACT_PII_MAP[parts[2 * g - 1]!];
    const range = match.indices[g];
    if (type === null || type === undefined || range === undefined) continue;
    let [start, end] = range;
    while (start < end && /\s/.test(text[start]!)) start++;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    spans.push({ type, start, end });
  }
  return spans;
}
