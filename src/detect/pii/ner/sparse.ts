/**
 * Tokenizes only the parts of a text where a name, place or address can be. Splitting all of a
 * 2 KB message into tokens costs ~20 µs in JavaScript (a branch per character and one per
 * token), more than everything else the NER does; yet in cased text every entity holds a
 * capital letter, a digit or a non-ASCII letter, and most of the text is lowercase words that
 * only ever serve as the context just before or after one. So:
 *
 *   1. A native regex finds the anchors: uppercase ASCII letters, digits, non-ASCII characters
 *      (outside General Punctuation, U+2000-206F: curly quotes and dashes are punctuation).
 *   2. An anchor that is a capitalised ordinary word ("The", "Please", "I") that no rule can
 *      make anything of is dismissed by looking at its characters (see `dismissible`).
 *   3. Around every other anchor a region is tokenized: from BACK_CHUNKS whitespace-separated
 *      chunks before it (each holds at least one token, so at least that many tokens), to
 *      where INERT_STOP inert tokens in a row (lowercase words, punctuation) have followed the
 *      last anchor. Regions that meet are one region; between two that do not, the skipped
 *      text becomes one GAP token, which no rule matches.
 *
 * The rules of names.ts and address.ts read at most a few tokens around a chain or a number
 * (a cue phrase of four words before a name; an address walks back over at most five street
 * words with their dots), all within those bounds, so the analysis of the sparse tokens finds
 * exactly what the analysis of all of them finds: test/detect/pii-ner-sparse.test.ts checks
 * that on the evaluation data set and on generated text. A message with no capitalised word
 * at all is analysed from all its tokens (names.ts then has only the lexicon to go on).
 *
 * Linear: anchors are visited once, regions never overlap, every backward look stops at the
 * end of the previous region, and every look around a dismissed anchor is bounded.
 */
import { HASH_SEED, hashStep, isCommonWord, MAX_PARTICLE, L_BOX, L_CUE_END, L_PARTICLE, L_STREET_AFTER, L_STREET_PREFIX, L_STREET_SUFFIX, L_UNIT, lookupRange, STRONG_NAME_CUES } from './lexicon.ts';
import { begin, countCapitalized, F_SPACE, flagsBefore, gap, isSpaceAt, result, run, tokenize, type Tokens } from './tokens.ts';

/** Whitespace-separated chunks tokenized before an anchor: more than any rule looks back. */
const BACK_CHUNKS = 12;
/** Inert tokens in a row after the last anchor that end a region: more than any rule looks ahead over. */
const INERT_STOP = 8;
/** Longest word or whitespace run a dismissal looks at; anything longer is tokenized instead. */
const MAX_LOOK = 40;
/** Characters read before judging whether the text is dense enough to tokenize outright. */
const DENSE_AFTER = 512;
const ANCHOR = /[A-Z0-9\x80-\u1fff\u2070-\uffff]/g;
/** Anything the tokenizer does not skip as whitespace: whether text after the last region holds a token. */
const NOT_SPACE = /[^\s\u0085]/g;
/**
 * Punctuation after which a capitalised word is not skipped: what ends a cue phrase ("name:"),
 * and a list's "&" (names.ts keeps list items; the words are marked L_CUE_END in the lexicon).
 */
const CUE_ENDS: ReadonlySet<string> = new Set([...STRONG_NAME_CUES.map((cue) => cue[cue.length - 1]!).filter((w) => !/^[a-z']+$/.test(w)), ',', '&']);

/** The tokens of `text` around its anchors (`lower` is its same-length lowercase). */
export function tokenizeSparse(text: string, lower: string): Tokens {
  if (lower.length !== text.length) return tokenize(text, lower);
  begin(text);
  const n = text.length;
  let pos = 0; // everything before this is tokenized or skipped
  let tokens = 0; // regions tokenized so far
  let skipped = 0; // characters left out between regions
  ANCHOR.lastIndex = 0;
  while (ANCHOR.test(text)) {
    // Text dense in names (a contact list, a form) leaves little to skip: past halfway tokenized,
    // tokenizing the rest outright is cheaper than finding and checking its anchors one by one.
    if (pos >= DENSE_AFTER && (pos - skipped) * 2 > pos) {
      pos = run(text, pos, pos === 0 ? F_SPACE : 0, 0);
      tokens++;
      break;
    }
    const p = ANCHOR.lastIndex - 1;
    const end = dismissible(text, lower, p);
    if (end > 0) {
      if (end - p > 1 && !isDigit(text.charCodeAt(p))) countCapitalized(); // a lone "I" is not counted as capitalised
      ANCHOR.lastIndex = end;
      continue;
    }
    const start = regionStart(text, p, pos);
    let pending = start === 0 ? F_SPACE : 0;
    if (start > pos) {
      gap(start);
      pending = flagsBefore(text, start);
      skipped += start - pos;
    }
    pos = run(text, start, pending, INERT_STOP);
    tokens++;
    ANCHOR.lastIndex = pos;
    if (pos >= n) break;
  }
  if (tokens > 0 && pos < n) {
    NOT_SPACE.lastIndex = pos;
    if (NOT_SPACE.test(text)) gap(n);
  }
  const t = result(text, lower);
  // No capitalised word anywhere (counted in regions and dismissals alike): a lowercase
  // message, whose names can be any word; analyse all of it.
  return t.capitalized === 0 ? tokenize(text, lower) : t;
}

/** Where the region around anchor `p` starts: BACK_CHUNKS chunks back, not before `floor`. */
function regionStart(text: string, p: number, floor: number): number {
  let k = p;
  while (k > floor && !isSpaceAt(text, k - 1)) k--;
  for (let chunk = 0; chunk < BACK_CHUNKS && k > floor; chunk++) {
    while (k > floor && isSpaceAt(text, k - 1)) k--;
    while (k > floor && !isSpaceAt(text, k - 1)) k--;
  }
  return k;
}

// ASCII character kinds, one table read each (the checks below run for every anchor).
const LETTER = 1, DIGIT = 2, SPACE = 4, NEWLINE = 8, PUNCT = 16, JOINER = 32;
const KIND = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  KIND[c] = (c | 32) >= 97 && (c | 32) <= 122 ? LETTER : c >= 48 && c <= 57 ? DIGIT : c === 10 || c === 13 ? SPACE | NEWLINE
    : c === 32 || c === 9 || c === 11 || c === 12 ? SPACE : c > 32 && c < 127 ? PUNCT | (c === 39 || c === 45 ? JOINER : 0) : 0;
}
/** The kind of the character at i: 0 for anything outside ASCII (or past the ends), which every check treats as doubt. */
const kindAt = (text: string, i: number): number => { const c = text.charCodeAt(i); return c < 128 ? KIND[c]! : 0; };
const isDigit = (c: number) => c >= 48 && c <= 57;
const STREET_BITS = L_STREET_SUFFIX | L_STREET_AFTER | L_STREET_PREFIX;

/**
 * If the anchor at `p` starts a token that no rule makes anything of, where that token ends;
 * else -1. Any doubt (an apostrophe, a non-ASCII neighbour, a long word) means -1: the token
 * is then tokenized with its surroundings instead. Two kinds are dismissed:
 *   - a capitalised ordinary ASCII word ("The", "Please", "I"): in a full analysis it starts a
 *     chain of one word (the next token is not a capitalised word or a particle on the same
 *     line) that names.ts skips as an ordinary word, no cue phrase ending right before it, and
 *     that address.ts does not take for a box ("PO Box", "PSC");
 *   - a number between lowercase words ("under 120 words"): address.ts's streets need a name
 *     word, a street word or another number next to their number.
 */
export function dismissible(text: string, lower: string, p: number): number {
  const n = text.length;
  const c = text.charCodeAt(p);
  const number = isDigit(c);
  if (!(number || (c >= 65 && c <= 90)) || (p > 0 && (kindAt(text, p - 1) & SPACE) === 0)) return -1;
  const body = number ? DIGIT : LETTER;
  let q = p + 1;
  let hash = hashStep(HASH_SEED, c | 32); // of the word in lowercase, for its lexicon lookup
  while (q < n && q - p <= MAX_LOOK && kindAt(text, q) === body) hash = hashStep(hash, text.charCodeAt(q++) | 32);
  if (q - p > MAX_LOOK) return -1;
  // The token must end here: at whitespace, the end, or punctuation that is not inside a word.
  const end = q < n ? kindAt(text, q) : SPACE;
  if ((end & (SPACE | PUNCT)) === 0) return -1;
  if ((end & JOINER) !== 0 && q + 1 < n && (kindAt(text, q + 1) & (SPACE | PUNCT)) === 0) {
    // "It's" is "It" + "'" + "s"; "We'll", "Follow-up" and "12-14" are one token: tokenize those.
    const after = q + 2 < n ? kindAt(text, q + 2) : SPACE;
    if (number || text.charCodeAt(q) !== 39 || (text.charCodeAt(q + 1) | 32) !== 115 || (after & (SPACE | PUNCT)) === 0) return -1;
  }
  if (!number) {
    if (q - p === 1 && c !== 73) return -1; // an initial
    const bits = lookupRange(lower, p, q, hash);
    if (q - p > 1 && (!isCommonWord(bits, '') || (bits & L_BOX) !== 0)) return -1;
  }
  // What follows: on another line, punctuation, or a lowercase word that is not a particle
  // (which would carry a name on: "de Vries"), nor a street word after a number; for a word,
  // a number too.
  if ((end & SPACE) !== 0 && q < n) {
    let r = q, newline = 0, k = 0;
    while (r < n && r - q <= MAX_LOOK && ((k = kindAt(text, r)) & SPACE) !== 0) { newline |= k & NEWLINE; r++; }
    if (r - q > MAX_LOOK) return -1;
    if (newline === 0 && r < n) {
      const d = text.charCodeAt(r);
      if (d >= 97 && d <= 122) {
        // After a word only a particle matters, and none is longer than MAX_PARTICLE: read no further.
        const limit = number ? MAX_LOOK : MAX_PARTICLE;
        let e = r + 1;
        while (e < n && e - r <= limit && kindAt(text, e) === LETTER) e++;
        if (e - r <= limit && (lookupRange(lower, r, e) & (L_PARTICLE | (number ? STREET_BITS | L_UNIT : 0))) !== 0) return -1;
      } else if ((k & PUNCT) === 0 && (number || k !== DIGIT)) return -1; // a capital, a non-ASCII character
    }
  }
  // What precedes: for a word, no cue phrase ends there ("my name is", "Dear", "patient:");
  // for a number, no name word or street word ("Main 12", "Hauptstr. 5").
  let k = p - 1;
  while (k >= 0 && p - k <= MAX_LOOK && (kindAt(text, k) & SPACE) !== 0) k--;
  if (p - k > MAX_LOOK) return -1;
  if (k >= 0) {
    const d = kindAt(text, k);
    if (d === LETTER) {
      let a = k;
      while (a > 0 && k - a <= MAX_LOOK && kindAt(text, a - 1) === LETTER) a--;
      // The word must be a token of its own: not the end of "i'm", "e-mail" or "Straße".
      const before = a > 0 ? kindAt(text, a - 1) : SPACE;
      if ((before & (SPACE | PUNCT)) === 0 || (before & JOINER) !== 0) return -1;
      const bits = lookupRange(lower, a, k + 1);
      if (number ? (bits & STREET_BITS) !== 0 || text.charCodeAt(a) <= 90 : (bits & L_CUE_END) !== 0) return -1;
    } else if ((d & PUNCT) !== 0) {
      if (number ? text.charCodeAt(k) === 46 : CUE_ENDS.has(text[k]!)) return -1; // "St. 5": the dot of an abbreviation
    } else if (d !== DIGIT) return -1;
  }
  return q;
}
