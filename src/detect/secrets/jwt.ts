/**
 * JSON Web Tokens (RFC 7519, compact JWS): three base64url segments separated by dots, whose
 * first decodes to a JSON object with an "alg". Every JSON header starts `{"`, so its base64url
 * starts "eyJ". A signed token is a bearer credential; an unsigned one ("alg": "none", empty
 * signature) is not quite, but its claims still often identify a user or a session.
 */
import type { Candidate, Recognizer, ScanText } from '../types.ts';
import { LITERALS } from './literals.ts';

export const JWT = 'SECRET_JWT';

const EY = LITERALS.id('ey');
/** Shortest header worth decoding: base64url of {"alg":"X"} is 18 characters. */
const MIN_HEADER = 16;
const MIN_PAYLOAD = 4;

export const jwtRecognizer: Recognizer = {
  name: 'jwt',
  detector: 'secrets',
  types: [JWT],
  mayMatch: (input) => LITERALS.hits(input).present[EY] === 1,
  find(input: ScanText): Candidate[] {
    const { text } = input;
    const hits = LITERALS.hits(input);
    const out: Candidate[] = [];
    let from = 0;
    for (let j = 0; j < hits.ids.length; j++) {
      if (hits.ids[j] !== EY) continue;
      const start = hits.ends[j]! - 2;
      // A token starts where a run of token characters starts; inside a run, "ey" is not a start.
      if (start < from || text.charCodeAt(start + 2) !== 0x4a || (start > 0 && isTokenChar(text.charCodeAt(start - 1)))) continue;
      let end = start;
      while (end < text.length && isTokenChar(text.charCodeAt(end))) end++;
      from = end; // each character is looked at once, whatever the run holds
      const token = judge(text.slice(start, end));
      if (token !== null) out.push({ type: JWT, start, end: start + token.length, score: token.score });
    }
    return out;
  },
};

/** The token in a run of base64url and dots, if its segments make a JWS; its length and score. */
function judge(run: string): { length: number; score: number } | null {
  const first = run.indexOf('.');
  const second = first < 0 ? -1 : run.indexOf('.', first + 1);
  if (first < MIN_HEADER || second < first + 1 + MIN_PAYLOAD) return null;
  const third = run.indexOf('.', second + 1);
  const length = third < 0 ? run.length : third; // a fourth dot would be JWE or prose: stop there
  const header = decodeJson(run.slice(0, first));
  if (header === null || typeof header.alg !== 'string') return null;
  if (decodeJson(run.slice(first + 1, second)) === null) return null;
  const signature = length - second - 1;
  const signed = header.alg.toLowerCase() !== 'none' && signature >= 16;
  return { length, score: signed ? 0.95 : 0.8 };
}

function decodeJson(segment: string): Record<string, unknown> | null {
  if (!/^[A-Za-z0-9_-]+$/.test(segment) || segment.length % 4 === 1) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function isTokenChar(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x5f || c === 0x2e;
}
