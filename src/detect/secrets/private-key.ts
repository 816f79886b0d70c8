/**
 * Private key blocks: PEM (PKCS#1, PKCS#8, SEC1, encrypted), OpenSSH and PGP, from the
 * "-----BEGIN ... PRIVATE KEY-----" line to the matching END line. A block pasted without its
 * END line (cut off, or the message was truncated) still leaks the key, so it is reported up to
 * where its base64 body stops. The body may hold PEM header fields (Proc-Type, DEK-Info) and may
 * be written with literal "\n" escapes, as in a JSON service-account file. Placeholders
 * ("MIIE...", "<your key here>") have too short or too uniform a body to count.
 */
import type { Candidate, Recognizer, ScanText } from '../types.ts';
import { shannonEntropy } from './entropy.ts';
import { LITERALS } from './literals.ts';

export const PRIVATE_KEY = 'SECRET_PRIVATE_KEY';

const BEGIN = LITERALS.id('-----begin');
/** The rest of a BEGIN line after "-----BEGIN": a label ending in PRIVATE KEY. Bounded, so linear. */
const HEADER = /[ A-Z0-9_-]{0,40}PRIVATE KEY(?: BLOCK)?-----/iy;
const END = /-----END[ A-Z0-9_-]{0,40}PRIVATE KEY(?: BLOCK)?-----/iy;
/** A PEM or PGP armour header field line inside the body. */
const FIELD = /[A-Za-z][A-Za-z0-9-]{1,30}: [^\r\n\\]{0,200}/y;

/** Fewer base64 characters than this is not a key (an EC P-256 key in PEM has ~160). */
const MIN_BODY = 64;
/** Random base64 carries ~6 bits per character; "AAAA..." or "xxxx..." much less. */
const MIN_BODY_ENTROPY = 4.2;

export const privateKeyRecognizer: Recognizer = {
  name: 'private_key',
  detector: 'secrets',
  types: [PRIVATE_KEY],
  mayMatch: (input) => LITERALS.hits(input).present[BEGIN] === 1,
  find(input: ScanText): Candidate[] {
    const { text } = input;
    const hits = LITERALS.hits(input);
    const out: Candidate[] = [];
    let from = 0;
    for (let j = 0; j < hits.ids.length; j++) {
      if (hits.ids[j] !== BEGIN) continue;
      const start = hits.ends[j]! - '-----begin'.length;
      if (start < from) continue;
      HEADER.lastIndex = hits.ends[j]!;
      if (!HEADER.test(text)) continue;
      const block = body(text, HEADER.lastIndex);
      from = block.end;
      if (block.base64 < MIN_BODY || shannonEntropy(block.sample) < MIN_BODY_ENTROPY) continue;
      out.push({ type: PRIVATE_KEY, start, end: block.end, score: block.complete ? 0.95 : 0.85 });
    }
    return out;
  },
};

/**
 * Scans a key body from `at`: base64, whitespace, "\n" escapes and header fields, up to and
 * including an END line, or up to where the body stops.
 */
function body(text: string, at: number): { end: number; complete: boolean; base64: number; sample: string } {
  let i = at;
  let base64 = 0;
  let lastBody = at;
  let sample = '';
  let lineStart = true;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (lineStart) {
      lineStart = false;
      FIELD.lastIndex = i;
      if (FIELD.test(text)) {
        i = FIELD.lastIndex;
        continue;
      }
    }
    if (isBase64(c)) {
      base64++;
      if (sample.length < 512) sample += text[i];
      i++;
      lastBody = i;
    } else if (c === 0x20 || c === 0x09 || c === 0x0d) i++;
    else if (c === 0x0a) {
      i++;
      lineStart = true;
    } else if (c === 0x5c && (text[i + 1] === 'n' || text[i + 1] === 'r')) {
      i += 2; // "\n" in a JSON string
      lineStart = true;
    } else {
      if (c === 0x2d) {
        END.lastIndex = i;
        if (END.test(text)) return { end: END.lastIndex, complete: true, base64, sample };
      }
      break;
    }
  }
  return { end: lastBody, complete: false, base64, sample };
}

function isBase64(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2f || c === 0x3d;
}
