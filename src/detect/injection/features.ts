/**
 * The model's features, shared by the runtime and the training script so both see the same
 * numbers: hashed character 4-grams of the normalized text (whitespace collapsed, digits as 0:
 * "nstr", "gnor", "orhe" survive typos, inflection and languages the rules do not know), and
 * hashed word unigrams and bigrams ("previous instructions", "system prompt"). 3- and 5-grams as
 * well were tried: no better on the held-out sets, and the 2 KB budget is a few passes.
 *
 * Each feature is a bucket in a 2^BITS table and a position (the index in the normalized text
 * where it ends), so the scorer can sum the weights of any window of the text with prefix sums.
 * Words are also kept as tokens (start, end, hash, hash of their first 5 characters) for the
 * rules. Buffers are reused between calls: a 2 KB message allocates nothing.
 */

export const BITS = 18;
export const BUCKETS = 1 << BITS;

/** Hash step (FNV-1a's prime): cheap; `bucket` then takes the top bits of a multiplicative hash (Fibonacci hashing). */
const step = (h: number, c: number) => Math.imul(h ^ c, 0x01000193);
const bucket = (h: number) => Math.imul(h, 0x9e3779b1) >>> (32 - BITS);
const SEED = 0x811c9dc5;
const SALT_UNIGRAM = 0x2545f491, SALT_BIGRAM = 0x6c8e9cf5;
const SALT4 = 0x68e31da4;

/** A string's hash as the tokenizer computes it for a word (rules look words up by it). */
export function wordHash(word: string): number {
  let h = SEED;
  for (let i = 0; i < word.length; i++) h = step(h, word.charCodeAt(i));
  return h >>> 0;
}

export interface Features {
  /** Number of hashed features; buckets[i] and positions[i] for i < count. */
  count: number;
  buckets: Int32Array;
  positions: Int32Array;
  /** Word tokens: [tokenStart[i], tokenEnd[i]) in the normalized text. */
  tokens: number;
  tokenStart: Int32Array;
  tokenEnd: Int32Array;
  tokenHash: Int32Array;
  /** Hash of the token's first 5 units (0 for shorter tokens): rules match word stems by it. */
  tokenStem: Int32Array;
  /** Tokens whose hash or stem hash passes ANCHOR_FILTER: the only ones rules.ts looks at. */
  candidates: number;
  candidateTokens: Int32Array;
  /** Where sentences end (after . ! ? before a space, after a line break): sentences() cuts by them. */
  sentenceEnds: number;
  sentenceEnd: Int32Array;
  /** When extract() was given weights: cum[k] = sum of the first k features' weights (exact: int8 sums). */
  cum: Int32Array;
  cumWeights: Int8Array | null;
}

/**
 * 16-bit filter of the hashes that start a rule (filled by rules.ts): a token passing it is a
 * candidate for the rules, so they do not walk every token again.
 */
export const ANCHOR_FILTER = new Uint8Array(1 << 16);

/** ASCII classes by table (1 word, 2 space, 0 other); beyond ASCII, by range. */
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_CLASS[c] = (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) ? 1 : c === 0x20 || (c >= 0x09 && c <= 0x0d) ? 2 : 0;
const classOf = (c: number) => (c < 128 ? (ASCII_CLASS[c] as number)
  : c === 0xa0 || c === 0x3000 ? 2
  : c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && !(c >= 0x2000 && c <= 0x2bff) && !(c >= 0x3000 && c <= 0x303f) && !(c >= 0xff00 && c <= 0xff0f) && c !== 0xfffd ? 1 : 0);

function grow(a: Int32Array, n: number): Int32Array {
  if (a.length >= n) return a;
  return new Int32Array(Math.max(n, a.length * 2));
}

/**
 * Repeats: a feature seen again within REPEAT characters is not counted again, so a document
 * that repeats one sentence ("Thank you for your order." x 80) does not score as if it said it
 * 80 times louder. lastSeen[bucket & 0xffff] holds a position on a clock that runs on across
 * calls (so nothing is cleared per call); sharing the low 16 bits between buckets only rarely
 * drops a feature (a few hundred features per window against 65,536 slots).
 */
export const REPEAT = 320;
const lastSeen = new Int32Array(1 << 16).fill(-(1 << 30));
let clock = 0;
/** Whether bucket b was not emitted within REPEAT characters before clock time `at`; records it. */
function fresh(b: number, at: number): boolean {
  const key = b & 0xffff;
  if (at - (lastSeen[key] as number) <= REPEAT) return false;
  lastSeen[key] = at;
  return true;
}

/** Reused buffers: the result is valid until the next call. */
const shared: Features = {
  count: 0, buckets: new Int32Array(8192), positions: new Int32Array(8192),
  tokens: 0, tokenStart: new Int32Array(1024), tokenEnd: new Int32Array(1024), tokenHash: new Int32Array(1024), tokenStem: new Int32Array(1024),
  candidates: 0, candidateTokens: new Int32Array(256), sentenceEnds: 0, sentenceEnd: new Int32Array(256), cum: new Int32Array(8192), cumWeights: null,
};

/**
 * Salts that give each source its own n-gram weights in the one table: "what is the capital of
 * Brazil?" is an ordinary user message and an injected task inside a retrieved e-mail.
 */
export const SOURCE_SALT = { direct: 0, indirect: 0x3c6ef35f } as const;

/**
 * The features of a normalized (lower-cased) text. Linear; the result's buffers are reused by
 * the next call. With `weights` (the runtime's int8 table) it also sums them as it goes, so the
 * scorer does not walk the features a second time.
 */
export function extract(text: string, salt = 0, weights: Int8Array | null = null): Features {
  const n = text.length;
  const f = shared;
  f.buckets = grow(f.buckets, n + 2 * (n >> 1) + 8);
  f.positions = grow(f.positions, f.buckets.length);
  const maxTokens = (n >> 1) + 2;
  f.tokenStart = grow(f.tokenStart, maxTokens); f.tokenEnd = grow(f.tokenEnd, maxTokens);
  f.tokenHash = grow(f.tokenHash, maxTokens); f.tokenStem = grow(f.tokenStem, maxTokens);
  f.candidateTokens = grow(f.candidateTokens, maxTokens);
  f.sentenceEnd = grow(f.sentenceEnd, n + 1);
  const { buckets, positions, tokenStart, tokenEnd, tokenHash, tokenStem, candidateTokens, sentenceEnd } = f;
  let candidates = 0, ends = 0;
  const saltChar = SALT4 ^ salt, saltUnigram = SALT_UNIGRAM ^ salt, saltBigram = SALT_BIGRAM ^ salt;
  if (clock > (1 << 30)) { lastSeen.fill(-(1 << 30)); clock = 0; }
  const base = clock + REPEAT + 1;
  clock = base + n + 1;
  // Each emission below is "if (fresh(b, base + i)) { buckets[count] = b; positions[count++] = i; }",
  // written out: a closure sharing `count` would keep it in a heap context instead of a register.
  let count = 0, tokens = 0, b = 0;
  let gram = 0, filled = 0;
  let lastSpace = true;
  let wordStart = -1, wordH = SEED, stem = 0, prevWord = 0;
  for (let i = 0; i < n; i++) {
    let c = text.charCodeAt(i);
    const cls = classOf(c);
    // Words: a token ends at the first non-word unit.
    if (cls === 1) {
      if (wordStart < 0) { wordStart = i; wordH = SEED; }
      wordH = step(wordH, c);
      if (i - wordStart === 4) stem = wordH;
    } else if (wordStart >= 0) {
      tokenStart[tokens] = wordStart; tokenEnd[tokens] = i; tokenHash[tokens] = wordH; tokenStem[tokens] = i - wordStart >= 5 ? stem : 0;
      if (ANCHOR_FILTER[wordH & 0xffff] === 1 || (i - wordStart >= 5 && ANCHOR_FILTER[stem & 0xffff] === 1)) candidateTokens[candidates++] = tokens;
      tokens++;
      b = bucket(wordH ^ saltUnigram);
      if (fresh(b, base + i)) { buckets[count] = b; positions[count++] = i; }
      if (prevWord !== 0) { b = bucket(step(prevWord, wordH) ^ saltBigram); if (fresh(b, base + i)) { buckets[count] = b; positions[count++] = i; } }
      prevWord = wordH | 1;
      wordStart = -1;
    }
    // Sentence ends (here, not in a pass of their own): after . ! ? followed by a space or the end, at line breaks, after CJK full stops.
    if (cls !== 1 && (c === 0x0a || ((c === 0x2e || c === 0x21 || c === 0x3f) && (i + 1 >= n || text.charCodeAt(i + 1) <= 0x20)) || c === 0x3002 || c === 0xff01 || c === 0xff1f)) sentenceEnd[ends++] = i + 1;
    // Characters: whitespace runs collapse to one space, digits read as 0.
    if (cls === 2) { if (lastSpace) continue; c = 0x20; lastSpace = true; } else { lastSpace = false; if (c >= 0x30 && c <= 0x39) c = 0x30; }
    // The last four units, a byte each (an ASCII unit as itself, any other as 0x80 + 7 bits of its hash), in one integer.
    gram = (gram << 8) | (c < 0x80 ? c : 0x80 | (Math.imul(c, 0x9e3779b1) >>> 25));
    if (filled >= 3) { b = bucket(gram ^ saltChar); if (fresh(b, base + i)) { buckets[count] = b; positions[count++] = i; } } else filled++;
  }
  if (wordStart >= 0) {
    tokenStart[tokens] = wordStart; tokenEnd[tokens] = n; tokenHash[tokens] = wordH; tokenStem[tokens] = n - wordStart >= 5 ? stem : 0;
    if (ANCHOR_FILTER[wordH & 0xffff] === 1 || (n - wordStart >= 5 && ANCHOR_FILTER[stem & 0xffff] === 1)) candidateTokens[candidates++] = tokens;
    tokens++;
    b = bucket(wordH ^ saltUnigram);
    if (fresh(b, base + n)) { buckets[count] = b; positions[count++] = n; }
    if (prevWord !== 0) { b = bucket(step(prevWord, wordH) ^ saltBigram); if (fresh(b, base + n)) { buckets[count] = b; positions[count++] = n; } }
  }
  f.count = count;
  f.tokens = tokens;
  f.candidates = candidates;
  f.sentenceEnds = ends;
  f.cumWeights = weights;
  if (weights !== null) {
    f.cum = grow(f.cum, count + 1);
    const cum = f.cum;
    let sum = 0;
    for (let k = 0; k < count; k++) { cum[k] = sum; sum += weights[buckets[k] as number] as number; }
    cum[count] = sum;
  }
  return f;
}
