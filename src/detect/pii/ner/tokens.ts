/**
 * One pass over the text that splits it into words, numbers and punctuation, with the few facts
 * the recognizers ask about each (capitalised? all capitals? a newline before it?), over all of
 * it (tokenize) or over the regions sparse.ts picks (begin, run, gap, result). Offsets are
 * UTF-16 indices into the original text. The arrays are reused between scans, because a scan
 * must cost microseconds and allocating typed arrays per message would dominate it.
 */

export const WORD = 1;
export const NUM = 2;
/** Letters and digits mixed: "12B", "4th", "M5V". */
export const ALNUM = 3;
export const PUNCT = 4;
/** Stands for text left out between two tokenized regions (sparse.ts); never matches anything. */
export const GAP = 5;

/** First letter is uppercase. */
export const F_CAP = 1;
/** Every letter uppercase and at least two letters ("OSLO", "NY"). */
export const F_UPPER = 2;
/** Has a letter outside ASCII ("Szöllösy", "ΠΑΦΟΣ"): never an ordinary English word. */
export const F_FOREIGN = 4;
/** Whitespace before it contains a line break. */
export const F_NEWLINE = 8;
/** Directly preceded by whitespace (or the start of the text). */
export const F_SPACE = 16;

// Character classes, filled in lazily for non-ASCII code units (a regex test per new character).
const C_OTHER = 1, C_LOWER = 2, C_UPPER = 3, C_LETTER = 4, C_MARK = 5, C_DIGIT = 6, C_SPACE = 7, C_NEWLINE = 8;
const classes = new Uint8Array(65536);
for (let c = 0; c < 128; c++) {
  classes[c] = c >= 97 && c <= 122 ? C_LOWER : c >= 65 && c <= 90 ? C_UPPER : c >= 48 && c <= 57 ? C_DIGIT
    : c === 10 || c === 13 ? C_NEWLINE : c === 32 || c === 9 || c === 11 || c === 12 ? C_SPACE : C_OTHER;
}
const reLower = /\p{Ll}/u, reUpper = /\p{Lu}|\p{Lt}/u, reLetter = /\p{L}/u, reMark = /\p{M}/u, reDigit = /\p{Nd}/u, reSpace = /\s/u;
function classify(c: number): number {
  const ch = String.fromCharCode(c);
  return reLower.test(ch) ? C_LOWER : reUpper.test(ch) ? C_UPPER : reLetter.test(ch) ? C_LETTER : reMark.test(ch) ? C_MARK
    : reDigit.test(ch) ? C_DIGIT : c === 0x2028 || c === 0x2029 || c === 0x85 ? C_NEWLINE : reSpace.test(ch) ? C_SPACE : C_OTHER;
}
const charClass = (c: number): number => classes[c] || (classes[c] = classify(c));

export interface Tokens {
  readonly text: string;
  /** `text.toLowerCase()` when it has the same length (so offsets agree), else undefined. */
  readonly lower: string | undefined;
  readonly count: number;
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly kind: Uint8Array;
  readonly flags: Uint8Array;
  /** Capitalised words, not counting a lone "I". */
  readonly capitalized: number;
  readonly words: number;
}

let capacity = 256;
let starts = new Int32Array(capacity), ends = new Int32Array(capacity);
let kinds = new Uint8Array(capacity), flagArr = new Uint8Array(capacity);
// Lowercase forms, computed on first use; a token's entry is valid when its stamp is the current scan's.
let lowerStamp = new Int32Array(capacity);
const lowerCache: string[] = [];
let infoStamp = new Int32Array(capacity), infoValue = new Int32Array(capacity);
let generation = 0;

function grow(): void {
  capacity *= 2;
  const s = new Int32Array(capacity), e = new Int32Array(capacity), k = new Uint8Array(capacity), f = new Uint8Array(capacity);
  s.set(starts); e.set(ends); k.set(kinds); f.set(flagArr);
  starts = s; ends = e; kinds = k; flagArr = f;
  lowerStamp = new Int32Array(capacity);
  infoStamp = new Int32Array(capacity); infoValue = new Int32Array(capacity);
}

/** Splits `text` (`lower` is its lowercase, when the caller has it). The result is valid until the next call. */
export function tokenize(text: string, lower?: string): Tokens {
  begin(text);
  run(text, 0, F_SPACE, 0);
  return result(text, lower);
}

// The scan in progress: what run() appends to, and the counts of what it has appended.
let count = 0, capitalized = 0, words = 0;

/** Starts a scan of `text`: arrays sized for it, per-token caches invalidated. */
export function begin(text: string): void {
  generation = (generation + 1) | 0;
  // A text has at most as many tokens as characters (gaps included: each stands for at least
  // one skipped character): size the arrays once, not per token.
  while (capacity < text.length + 1) grow();
  count = 0; capitalized = 0; words = 0;
}

/** The tokens of the scan begun with begin(). */
export function result(text: string, lower: string | undefined): Tokens {
  const sameLength = lower !== undefined && lower.length === text.length ? lower : undefined;
  return { text, lower: sameLength, count, start: starts, end: ends, kind: kinds, flags: flagArr, capitalized, words };
}

/** Counts a capitalised word that was recognised without being tokenized (see sparse.ts). */
export function countCapitalized(): void { capitalized++; }

/**
 * Marks skipped text between two tokenized regions (sparse.ts): a token of its own kind, so
 * that no rule reading the tokens around it mistakes the next region's first token for the
 * neighbour of the previous region's last.
 */
export function gap(at: number): void {
  starts[count] = at; ends[count] = at; kinds[count] = GAP; flagArr[count] = 0; count++;
}

/** Whitespace as the tokenizer sees it (space or line break). */
export function isSpaceAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  const cls = c < 128 ? classes[c]! : charClass(c);
  return cls === C_SPACE || cls === C_NEWLINE;
}

/** The flags the whitespace before `i` gives the token starting there, as a full scan would. */
export function flagsBefore(text: string, i: number): number {
  let flags = i === 0 ? F_SPACE : 0;
  for (let k = i - 1; k >= 0; k--) {
    const c = text.charCodeAt(k);
    const cls = c < 128 ? classes[c]! : charClass(c);
    if (cls === C_SPACE) flags |= F_SPACE;
    else if (cls === C_NEWLINE) flags |= F_SPACE | F_NEWLINE;
    else return flags;
  }
  return flags | F_SPACE; // only whitespace before it: the start of the text
}

/**
 * Appends the tokens of `text` from `from` on. With `inertStop` > 0 it stops, at whitespace,
 * once that many inert tokens (lowercase words, ASCII punctuation) have followed the last
 * other one: the end of a region for sparse.ts. Returns where it stopped.
 */
export function run(text: string, from: number, pending: number, inertStop: number): number {
  const n = text.length;
  const s = starts, e = ends, k0 = kinds, f0 = flagArr;
  let i = from, inert = 0, cnt = count, caps = 0, wordCount = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const cls = c < 128 ? classes[c]! : charClass(c);
    if (cls === C_SPACE) { if (inertStop > 0 && inert >= inertStop) break; pending |= F_SPACE; i++; continue; }
    if (cls === C_NEWLINE) { if (inertStop > 0 && inert >= inertStop) break; pending |= F_SPACE | F_NEWLINE; i++; continue; }
    const start = i;
    let flags = pending;
    pending = 0;
    if (cls === C_OTHER || cls === C_MARK) {
      s[cnt] = start; e[cnt] = i + 1; k0[cnt] = PUNCT; f0[cnt] = flags; cnt++; i++;
      // Quotes, dashes and bullets (U+2000-206F) are punctuation to every rule; other symbols may not be.
      inert = c < 128 || (c >= 0x2000 && c <= 0x206f) ? inert + 1 : 0;
      continue;
    }
    let letters = 0, uppers = 0, digits = 0;
    if (cls === C_UPPER) flags |= F_CAP;
    // A word runs over letters, marks and digits, and over an apostrophe or hyphen between two of them.
    while (i < n) {
      let d = text.charCodeAt(i);
      // Most characters are lowercase ASCII letters inside a word: skip them in a tight loop.
      while (d >= 97 && d <= 122 && i > start) {
        letters++;
        if (++i === n) break;
        d = text.charCodeAt(i);
      }
      if (i === n) break;
      const k = d < 128 ? classes[d]! : charClass(d);
      if (k === C_LOWER || k === C_UPPER || k === C_LETTER) {
        letters++;
        if (k === C_UPPER) uppers++;
        if (d > 127) flags |= F_FOREIGN;
      } else if (k === C_DIGIT) digits++;
      else if (k === C_MARK) { /* combining accent: part of the letter before */ }
      else if ((d === 39 || d === 0x2019 || d === 45) && i + 1 < n && i > start) {
        const next = charClass(text.charCodeAt(i + 1));
        if (next !== C_LOWER && next !== C_UPPER && next !== C_LETTER && next !== C_DIGIT) break;
        // "Matej's": the possessive is not part of the name.
        if (d !== 45 && (text.charCodeAt(i + 1) | 32) === 115 && (i + 2 >= n || charClass(text.charCodeAt(i + 2)) < C_LOWER || charClass(text.charCodeAt(i + 2)) > C_DIGIT)) break;
      } else break;
      i++;
    }
    if (letters >= 2 && uppers === letters) flags |= F_UPPER;
    if (digits === 0) {
      wordCount++;
      if ((flags & F_CAP) !== 0 && !(i - start === 1 && c === 73)) caps++;
    }
    s[cnt] = start; e[cnt] = i; f0[cnt] = flags;
    k0[cnt] = digits === 0 ? WORD : letters === 0 ? NUM : ALNUM;
    cnt++;
    inert = digits === 0 && (flags & (F_CAP | F_UPPER | F_FOREIGN)) === 0 ? inert + 1 : 0;
  }
  count = cnt; capitalized += caps; words += wordCount;
  return i;
}

/** A number computed once per token and scan from its lowercase form (the lexicon's flags). */
export function cachedInfo(t: Tokens, i: number, compute: (lower: string) => number): number {
  if (infoStamp[i] === generation) return infoValue[i]!;
  const value = compute(lowerOf(t, i));
  infoStamp[i] = generation;
  infoValue[i] = value;
  return value;
}

/** The token's text in lowercase. */
export function lowerOf(t: Tokens, i: number): string {
  if (lowerStamp[i] === generation) return lowerCache[i]!;
  const s = t.start[i]!, e = t.end[i]!;
  const value = t.lower !== undefined ? t.lower.slice(s, e) : t.text.slice(s, e).toLowerCase();
  lowerStamp[i] = generation;
  lowerCache[i] = value;
  return value;
}
export const textOf = (t: Tokens, i: number): string => t.text.slice(t.start[i]!, t.end[i]!);
/** Whether token i is the single character `ch`. */
export const isChar = (t: Tokens, i: number, ch: number): boolean =>
  i >= 0 && i < t.count && t.kind[i] === PUNCT && t.text.charCodeAt(t.start[i]!) === ch;
/** Whether token i directly follows token i-1 with no space between ("St." or "Box:"). */
export const glued = (t: Tokens, i: number): boolean => (t.flags[i]! & F_SPACE) === 0;
