/**
 * Identifiers in a text: the values that tell a tool whom or where to act on (an e-mail address,
 * a URL or host, an account, card or phone number, an IBAN, a username with digits, a wallet
 * address, a file path, an order or record number), as against the words around them. Argument
 * provenance (guards/argument-provenance.ts) looks each identifier of a proposed tool call up
 * among those of the conversation, to tell who supplied it.
 *
 * Each identifier comes with canonical keys, so one value written two ways matches itself:
 * lower case, without spaces, parentheses, '+' and '-' ("DE89 3704 0044 0532 0130 00" and
 * "DE89370400440532013000"; "+1 (415) 555-0134" and "+14155550134"), and for a URL its host as
 * well (a model that appends a query to an address it read still sends data to that host).
 *
 * A hand-written scan, linear in the text: no regular expression runs over the text itself, and
 * the few that classify a token (a date, an amount, a version) are anchored, run on tokens of
 * at most MAX_TOKEN characters, and cannot backtrack.
 */

export interface Identifier {
  /** [start, end) in the text. */
  readonly start: number;
  readonly end: number;
  /** Canonical keys: the value's own, then its host for a URL. */
  readonly keys: readonly string[];
}

/** A lookup table of ASCII characters. */
function table(chars: string): Uint8Array {
  const t = new Uint8Array(128);
  for (const c of chars) t[c.charCodeAt(0)] = 1;
  return t;
}

/** Characters identifiers are made of: ASCII letters and digits and the punctuation of addresses, URLs, paths and codes. */
const IDENT = table('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@._%+~#=&?/:-\\');
/** A digit, or a character of an address, URL or path: a token without one is a word. */
const MARK = table('0123456789@./\\:');
/** Dropped from a key: how one number is written apart ("+1 (415) 555-0134", "0044 0532"). */
const DROPPED = /[ ()+-]/g;
const DROPPED_ANY = /[ ()+-]/;
/** What may separate the digit groups of one number: a space or parenthesis, at most two of them. */
const isGroupGap = (c: number) => c === 32 || c === 40 || c === 41;
const MAX_GAP = 2;
/** The longest IBAN written in groups (34 characters and 8 spaces). */
const MAX_IBAN = 42;
/** Leading and trailing punctuation that belongs to the sentence, not to the value ("see /etc/hosts.", "(https://x.example/a)"). */
const TRIM_END = table('.,:;?!&#=/-+');
const TRIM_START = table('.:#?&=-');
/** Where a URL's host ends. */
const HOST_END = table('/:?#');
/** Shorter keys are words, amounts or small numbers that any conversation repeats. */
const MIN_KEY = 6;
/** Longer tokens are data (a blob, a hash of a file, a long query), not a target; only a URL's host is kept from one. */
const MAX_TOKEN = 256;

// Tokens that carry digits but name no one: dates and times, amounts, software versions.
const DATE = /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[tT][\d:.]+(?:[zZ]|[+-]\d{2}:?\d{2})?)?$|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/;
const TIME = /^\d{1,2}:\d{2}(?::\d{2})?$/;
const AMOUNT = /^\d+[.,]\d{1,2}$/;
const VERSION = /^v?\d+(?:\.\d+){1,2}$/;
const PART_SEPARATOR = /[:=?&#]+/;
const DOMAIN_END = /\.[a-z]{2,24}$/;

/**
 * The identifiers of `text`, in order. `withParts`: each also keyed by its parts between ':',
 * '=', '?', '&' and '#' ("IBAN:DE89...", "https://pay.example/?acct=0123456789"), for a text a
 * value may have been taken from; not for the value itself, whose every part must not count as
 * its origin ("https://evil.example/?to=me@corp.example" is no address the user gave).
 */
export function identifiers(text: string, withParts = false): Identifier[] {
  const found: Identifier[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isIdent(text.charCodeAt(i))) { i++; continue; }
    let start = i;
    let end = runEnd(text, i);
    // Digit groups of one number, apart: "DE89 3704 0044", "+1 (415) 555-0134". (Each group
    // taken in starts with a digit, so the test of the first is the test of all.)
    if (hasDigit(text, start, end)) {
      for (;;) {
        let next = end;
        while (next < n && next - end < MAX_GAP && isGroupGap(text.charCodeAt(next))) next++;
        if (next === end || next >= n || !isDigit(text.charCodeAt(next))) break;
        end = runEnd(text, next);
      }
    }
    // An IBAN in groups of four: "GB29 NWBK 6016 1331 9268 19" (its groups may start with a letter).
    if (end - start === 4 && isIbanStart(text, start)) {
      while (end + 1 < n && text.charCodeAt(end) === 32 && end - start < MAX_IBAN) {
        const group = upperAlnumEnd(text, end + 1);
        if (group - end - 1 < 1 || group - end - 1 > 4 || (group < n && isIdent(text.charCodeAt(group)) && TRIM_END[text.charCodeAt(group)] !== 1)) break;
        end = group;
      }
    }
    i = end;
    while (start < end && TRIM_START[text.charCodeAt(start)] === 1) start++;
    while (end > start && TRIM_END[text.charCodeAt(end - 1)] === 1) end--;
    // Most tokens are words: too short, or without a digit or a mark of an address or a path.
    if (end - start < MIN_KEY || !hasDigitOrMark(text, start, end)) continue;
    const token = text.slice(start, end);
    const keys = keysOf(token);
    if (withParts && PART_SEPARATOR.test(token)) for (const part of token.split(PART_SEPARATOR)) for (const key of keysOf(part)) if (!keys.includes(key)) keys.push(key);
    if (keys.length > 0) found.push({ start, end, keys });
  }
  return found;
}

/** The canonical keys of one token, or none when it is not an identifier. */
export function keysOf(token: string): string[] {
  const scheme = token.indexOf('://');
  const host = scheme > 0 ? hostOf(token, scheme + 3) : '';
  if (token.length > MAX_TOKEN) return host.length >= MIN_KEY ? [host] : [];
  // (Each of these starts with a digit or a 'v'.)
  const first = token.charCodeAt(0);
  if ((isDigit(first) || first === 118) && (DATE.test(token) || TIME.test(token) || AMOUNT.test(token) || VERSION.test(token))) return [];
  const lower = token.toLowerCase();
  const key = DROPPED_ANY.test(lower) ? lower.replace(DROPPED, '') : lower;
  if (key.length < MIN_KEY || !namesSomething(key, scheme > 0)) return [];
  return host !== '' && host !== key ? [key, host] : [key];
}

/** A URL's host, lower case: from after "://" to the first '/', ':', '?' or '#'. */
function hostOf(token: string, from: number): string {
  let end = from;
  while (end < token.length && HOST_END[token.charCodeAt(end)] !== 1) end++;
  // A user name before '@' is not part of the host.
  const host = token.slice(from, end).toLowerCase();
  return host.slice(host.lastIndexOf('@') + 1);
}

/** Whether a canonical key names something: it holds a digit, an address, a URL, a path or a domain. */
function namesSomething(key: string, url: boolean): boolean {
  if (url) return true;
  for (let k = 0; k < key.length; k++) {
    const c = key.charCodeAt(k);
    if (c >= 48 && c <= 57) return true;
  }
  const at = key.indexOf('@');
  if (at > 0 && at < key.length - 1) return true;
  if (key.startsWith('/') || key.startsWith('~/') || key.includes(':\\') || key.startsWith('\\\\')) return key.length > 2;
  return key.includes('.') && DOMAIN_END.test(key) && isLetter(key.charCodeAt(key.indexOf('.') - 1));
}

function runEnd(text: string, from: number): number {
  let end = from;
  while (end < text.length && isIdent(text.charCodeAt(end))) end++;
  return end;
}

/** Whether [from, to) holds a digit or one of '@', '.', '/', '\\', ':' (what namesSomething needs one of). */
function hasDigitOrMark(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (MARK[text.charCodeAt(k)] === 1) return true;
  return false;
}

function hasDigit(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (isDigit(text.charCodeAt(k))) return true;
  return false;
}

/** Two capital letters and two digits: an IBAN's country and check digits. */
function isIbanStart(text: string, at: number): boolean {
  const c0 = text.charCodeAt(at), c1 = text.charCodeAt(at + 1);
  return c0 >= 65 && c0 <= 90 && c1 >= 65 && c1 <= 90 && isDigit(text.charCodeAt(at + 2)) && isDigit(text.charCodeAt(at + 3));
}

/** The end of the run of capital letters and digits at `from`. */
function upperAlnumEnd(text: string, from: number): number {
  let end = from;
  for (let c = text.charCodeAt(end); isDigit(c) || (c >= 65 && c <= 90); c = text.charCodeAt(++end));
  return end;
}

const isIdent = (c: number) => IDENT[c] === 1;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
