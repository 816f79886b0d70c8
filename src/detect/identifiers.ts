/**
 * Identifiers in a text: the values that tell a tool where to send something or whom to act for
 * (an e-mail address, a URL or host, a phone, account, card or routing number, an IBAN, a wallet
 * address, a @handle), as against the words around them. Argument provenance
 * (guards/argument-provenance.ts) looks each identifier of a proposed tool call up among those of
 * the conversation, to tell who supplied it.
 *
 * Not identifiers: words and names, dates, times, amounts and versions, and the handles of the
 * user's own records (`evt_1on1_r`, `ct_30112`, `lv_501`, a file path), which an agent rightly
 * takes from the tool result that listed them. A number counts from seven digits on (a local
 * phone number), so a record number that long (`INV-2024-1007`) counts too.
 *
 * Each identifier comes with canonical keys, so one value written two ways matches itself:
 * lower case, without spaces, parentheses, '+' and '-' ("DE89 3704 0044 0532 0130 00" and
 * "DE89370400440532013000"; "+1 (415) 555-0134" and "+14155550134"), a number's dots too
 * ("302.555.0148", unless it is an IP address), its last nine digits as well (a phone number
 * with and without its country code or trunk prefix), and for a URL its host (a model that
 * appends a query to an address it read still sends data to that host). Its parts between ':',
 * '=', '?', '&' and '#' ("Routing:031101279", "IBAN:DE89...") are keyed apart.
 *
 * A hand-written scan, linear in the text: no regular expression runs over the text itself, and
 * the few that classify a token (a date, a time, an amount, a number) are anchored, run on
 * tokens of at most MAX_TOKEN characters, and cannot backtrack.
 */

export interface Identifier {
  /** [start, end) in the text. */
  readonly start: number;
  readonly end: number;
  /** Canonical keys of the whole value: its own, its host for a URL, its last nine digits for a long number. */
  readonly keys: readonly string[];
  /** Keys of its parts between ':', '=', '?', '&' and '#', when it has any that are identifiers. */
  readonly parts: readonly string[];
}

/** A lookup table of ASCII characters. */
function table(chars: string): Uint8Array {
  const t = new Uint8Array(128);
  for (const c of chars) t[c.charCodeAt(0)] = 1;
  return t;
}

/** Characters identifiers are made of: ASCII letters and digits and the punctuation of addresses, URLs and numbers. */
const IDENT = table('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@._%+~#=&?/:-');
/** A digit, or a character of an address or URL ('@', '.', ':'): a token without either is a word. */
const DIGIT = 1, MARK = 2;
const CLASS = new Uint8Array(128);
for (const c of '0123456789') CLASS[c.charCodeAt(0)] = DIGIT;
for (const c of '@.:') CLASS[c.charCodeAt(0)] = MARK;
/** Dropped from a key: how one number is written apart ("+1 (415) 555-0134", "0044 0532"). */
const DROPPED = /[ ()+-]/g;
const DROPPED_ANY = /[ ()+-]/;
/** What may separate the digit groups of one number: a space or parenthesis, at most two of them. */
const isGroupGap = (c: number) => c === 32 || c === 40 || c === 41;
const MAX_GAP = 2;
/** The longest IBAN written in groups (34 characters and 8 spaces). */
const MAX_IBAN = 42;
/** Leading and trailing punctuation that belongs to the sentence, not to the value ("write to a@b.example.", "(https://x.example/a)"). */
const TRIM_END = table('.,:;?!&#=/-+');
const TRIM_START = table('.:#?&=-');
/** Where a URL's host ends. */
const HOST_END = table('/:?#');
/** Shorter keys are words, amounts or small numbers that any conversation repeats. */
const MIN_KEY = 6;
/** Longer tokens are data (a blob, a hash of a file, a long query), not a target; only a URL's host is kept from one. */
const MAX_TOKEN = 256;

// Tokens that carry enough digits but name no one: dates and times, amounts.
const DATE = /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[tT][\d:.]+(?:[zZ]|[+-]\d{2}:?\d{2})?)?$|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/;
const TIME = /^\d{1,2}:\d{2}(?::\d{2})?$/;
const AMOUNT = /^\d+[.,]\d{1,2}$/;
const PART_SEPARATOR = /[:=?&#]+/;
const DOMAIN_END = /\.([a-z]{2,24})$/;
/** A number as people write it: digits, and spaces, dots, dashes, parentheses and '+' between them. */
const NUMBER = /^[\d .()+-]+$/;
const NUMBER_SEPARATORS = /[ .()+-]/g;
const IP = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const LONG_NUMBER = /^\d{10,}$/;
/** Digits from which a number names an account, a card or a phone rather than a record. */
const MIN_DIGITS = 7;
/** File names end like domains ("notes.gdoc", "deck.pptx"): these endings are files. */
const FILE_ENDINGS = new Set(['pdf', 'doc', 'docx', 'gdoc', 'xls', 'xlsx', 'gsheet', 'csv', 'ppt', 'pptx', 'txt', 'md', 'json', 'xml', 'yaml', 'yml',
  'png', 'jpg', 'jpeg', 'gif', 'svg', 'zip', 'gz', 'tar', 'mp3', 'mp4', 'mov', 'html', 'htm', 'js', 'ts', 'py', 'java', 'rb', 'go', 'rs', 'sh', 'log', 'ini', 'cfg', 'conf', 'pem', 'key', 'bak', 'sql', 'db']);

/** The identifiers of `text`, in order. */
export function identifiers(text: string): Identifier[] {
  const found: Identifier[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isIdent(text.charCodeAt(i))) { i++; continue; }
    let start = i;
    let end = runEnd(text, i);
    const seen = classesOf(text, start, end);
    // Digit groups of one number, apart: "DE89 3704 0044", "+1 (415) 555-0134". (Each group
    // taken in starts with a digit, so the test of the first is the test of all.)
    if ((seen & DIGIT) !== 0) {
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
    // Most tokens are words: too short, or without a digit or a mark of an address. (What the run
    // held before its ends were trimmed: a mark trimmed off only costs keysOf's time.)
    if (end - start < MIN_KEY || seen === 0) continue;
    const token = text.slice(start, end);
    const keys = keysOf(token);
    const parts: string[] = [];
    if (PART_SEPARATOR.test(token) && !token.includes('://')) for (const part of token.split(PART_SEPARATOR)) for (const key of keysOf(part)) if (!keys.includes(key)) parts.push(key);
    if (keys.length > 0 || parts.length > 0) found.push({ start, end, keys, parts });
  }
  return found;
}

/** The canonical keys of one token, or none when it is not an identifier. */
export function keysOf(raw: string): string[] {
  // JSON's escaped slash ("https:\/\/evil.example\/x"), as PHP writes URLs.
  const token = raw.includes('\\/') ? raw.replaceAll('\\/', '/') : raw;
  const scheme = token.indexOf('://');
  const host = scheme > 0 ? hostOf(token, scheme + 3) : '';
  if (token.length > MAX_TOKEN) return host.length >= MIN_KEY ? [host] : [];
  // (Each of these starts with a digit. A version, "v2.10.3", has too few digits to count.)
  if (isDigit(token.charCodeAt(0)) && (DATE.test(token) || TIME.test(token) || AMOUNT.test(token))) return [];
  const lower = token.toLowerCase();
  const key = NUMBER.test(lower) && !IP.test(lower) ? lower.replace(NUMBER_SEPARATORS, '')
    : DROPPED_ANY.test(lower) ? lower.replace(DROPPED, '') : lower;
  if (key.length < MIN_KEY || !isTarget(key, scheme > 0)) return [];
  const keys = [key];
  if (host !== '' && host !== key) keys.push(host);
  // A phone number with and without its country code or trunk prefix: "+1 929-555-0173" and
  // "929-555-0173", "+33 1 84 88 12 34" and "01 84 88 12 34" (the last nine digits).
  if (LONG_NUMBER.test(key)) keys.push(key.slice(-9));
  return keys;
}

/** A URL's host, lower case: from after "://" to the first '/', ':', '?' or '#'. */
function hostOf(token: string, from: number): string {
  let end = from;
  while (end < token.length && HOST_END[token.charCodeAt(end)] !== 1) end++;
  // A user name before '@' is not part of the host.
  const host = token.slice(from, end).toLowerCase();
  return host.slice(host.lastIndexOf('@') + 1);
}

/** Whether a canonical key names where to send or whom to act for (see the top of this file). */
function isTarget(key: string, url: boolean): boolean {
  if (url) return true;
  const at = key.indexOf('@');
  if (at === 0) return key.length >= 4 && key.indexOf('@', 1) === -1; // a @handle
  if (at > 0 && key.indexOf('.', at) > at + 1) return true; // an e-mail address
  if (IP.test(key)) return true;
  let digits = 0;
  for (let k = 0; k < key.length; k++) if (isDigit(key.charCodeAt(k))) digits++;
  if (digits >= MIN_DIGITS) return true;
  return isBareDomain(key);
}

/** A bare domain ("evil.example"), not a file name ("notes.gdoc") or a path. */
function isBareDomain(key: string): boolean {
  const ending = DOMAIN_END.exec(key);
  return ending !== null && !key.includes('/') && !FILE_ENDINGS.has(ending[1] as string) && isLetter(key.charCodeAt(key.indexOf('.') - 1));
}

/** Schemes of URLs that send somewhere; another scheme (`gid://shopify/Order/1`) names a record. */
const WEB_SCHEME = /^(?:https?|s?ftps?|wss?):\/\//;
const IBAN = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/;
const SPACES = /\s+/g;

/**
 * Whether an identifier's token is one by its digits alone (a number: an account, a phone, a
 * record's), not an address, a web URL, an IP address, a bare domain or an IBAN, which name
 * where something goes whatever the argument holding them is called (guards/record-references.ts).
 */
export function onlyByItsDigits(token: string): boolean {
  const lower = token.toLowerCase();
  if (lower.includes('@') || WEB_SCHEME.test(lower) || IP.test(lower) || isBareDomain(lower)) return false;
  return !IBAN.test(token.replace(SPACES, '').toUpperCase());
}

/** The end of the run of identifier characters at `from`. */
function runEnd(text: string, from: number): number {
  let end = from;
  for (;;) {
    const c = text.charCodeAt(end);
    if (isIdent(c)) end++;
    else if (c === 92 && text.charCodeAt(end + 1) === 47) end += 2; // JSON's "\/"
    else return end;
  }
}

/** The DIGIT and MARK bits of what [from, to) holds. */
function classesOf(text: string, from: number, to: number): number {
  let seen = 0;
  for (let k = from; k < to; k++) seen |= CLASS[text.charCodeAt(k)] ?? 0;
  return seen;
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
