/**
 * The model's features, shared by the runtime and the training script so both see the same
 * numbers: hashed character 4-grams of the normalized text (whitespace collapsed, digits as 0:
 * "nstr", "gnor", "orhe" survive typos, inflection and languages the rules do not know), hashed
 * word unigrams and bigrams ("previous instructions", "system prompt"), and the first word and
 * first two words of each sentence or line ("write a ...", "ignore ...", "who wrote": an order
 * or a question starting a line of a document reads differently from the same words inside a
 * sentence). 3- and 5-grams as well were tried: no better on the held-out sets.
 *
 * One pass over the text's UTF-16 units, which are first copied into a reused Uint16Array by a
 * native write (reading a typed array in a loop is several times cheaper than charCodeAt), with
 * one class table for every unit. The pass hashes every feature from the char codes (a rolling
 * 4-unit integer, FNV steps for words: no substring, no string per feature), sums the runtime's
 * int8 weights as it goes, and keeps per-position prefix sums of the weights and of the feature
 * count, so the scorer gets any range's sum in O(1). Word tokens are also kept (start, end,
 * hash, hash of their first 5 units) for the rules, and where sentences end. For the training
 * script it can also record each feature's bucket and position. Buffers are reused between
 * calls: a 2 KB message allocates nothing.
 *
 * The same pass serves the one-pass reading of a text that was only lower-cased (pipeline.ts):
 * foldUnits first folds, in place, the few non-ASCII characters the normalizer would rewrite
 * one for one ("é" -> "e", full-width letters) or says the text needs the full normalizer (an
 * invisible or look-alike character, an expansion such as "ß"); the pass then reports whether
 * anything else the normalizer does could apply (a possible encoded segment, a leetspeak digit),
 * so a plain text is normalized and featurized in one loop.
 *
 * The runtime runs the pass as WebAssembly (kernel.ts); the JavaScript here is the reference.
 */
import { foldLatin, LOOKALIKE } from './confusables.ts';
import { Kernel } from './kernel.ts';
import { classify, Cls } from './normalize.ts';

export const BITS = 18;
export const BUCKETS = 1 << BITS;

/** Hash step (FNV-1a's prime): cheap; `bucket` then takes the top bits of a multiplicative hash (Fibonacci hashing). */
const step = (h: number, c: number) => Math.imul(h ^ c, 0x01000193);
const bucket = (h: number) => Math.imul(h, 0x9e3779b1) >>> (32 - BITS);
const SEED = 0x811c9dc5;
const SALT_UNIGRAM = 0x2545f491, SALT_BIGRAM = 0x6c8e9cf5, SALT4 = 0x68e31da4;
const SALT_FIRST = 0x1b873593, SALT_FIRST2 = 0x5bd1e995;

/** A string's hash as the tokenizer computes it for a word (rules look words up by it). */
export function wordHash(word: string): number {
  let h = SEED;
  for (let i = 0; i < word.length; i++) h = step(h, word.charCodeAt(i));
  return h >>> 0;
}

export interface Features {
  /** Length of the text the features are of. */
  n: number;
  /** Its units, as scanned (loadUnits' buffer: valid until the next text is loaded). */
  units: Uint16Array;
  /** Counts feature passes: the buffers below are reused, and a result computed from them (stray.ts) is valid for one pass only. */
  pass: number;
  /**
   * Prefix sums by position: cum[2 * i] and cum[2 * i + 1] are the sum of the int8 weights and
   * the number of the features that end before position i (i <= n).
   */
  cum: Int32Array;
  /** The weights the prefix sums are of. */
  weights: Int8Array | null;
  /** When recording (training): count hashed features, buckets[k] at positions[k], positions ascending. */
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
  /** Where sentences end (after . ! ? before a space, after a line break or a table's cell bar |): sentences() cuts by them. */
  sentenceEnds: number;
  sentenceEnd: Int32Array;
}

/**
 * 16-bit filter of the hashes that start a rule (filled by rules.ts): a token passing it is a
 * candidate for the rules, so they do not walk every token again.
 */
export const ANCHOR_FILTER = new Uint8Array(1 << 16);
let anchorsVersion = 0;
/** Adds a hash to ANCHOR_FILTER. */
export function addAnchor(hash: number): void {
  ANCHOR_FILTER[hash & 0xffff] = 1;
  anchorsVersion++;
}

/**
 * Everything the feature pass needs to know about a UTF-16 unit, in one table for all 65,536:
 * the low byte is the unit as the character 4-grams see it (whitespace as a space, digits as
 * 0, an ASCII unit as itself, any other as 0x80 + 7 bits of its hash), the bits above its classes.
 */
const WORD = 1 << 8, SPACE = 1 << 9, B64 = 1 << 10, HEX = 1 << 11, LETTER = 1 << 12, LEET = 1 << 13, RARE = 1 << 14, STOP = 1 << 15, BREAK = 1 << 16, ESCAPE = 1 << 17;
const INFO = new Uint32Array(1 << 16);
for (let c = 0; c < 1 << 16; c++) {
  const ascii = c < 0x80;
  const letter = ascii ? (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a : c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && !(c >= 0x2000 && c <= 0x2bff) && !(c >= 0x3000 && c <= 0x303f) && !(c >= 0xff00 && c <= 0xff0f) && c !== 0xfffd;
  const digit = c >= 0x30 && c <= 0x39;
  const space = c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x3000;
  let k = space ? 0x20 : digit ? 0x30 : ascii ? c : 0x80 | (Math.imul(c, 0x9e3779b1) >>> 25);
  // Word units: a-z, 0-9 and letters beyond ASCII (upper-case ASCII never reaches here: the text is lower-cased).
  if ((ascii && ((c >= 0x61 && c <= 0x7a) || digit)) || (!ascii && letter)) k |= WORD;
  if (space) k |= SPACE;
  if (ascii && (letter || digit || c === 0x2b || c === 0x2f || c === 0x2d || c === 0x5f)) k |= B64;
  if (digit || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66 && ascii)) k |= HEX;
  if (letter && !(c >= 0xd800 && c <= 0xdfff)) k |= LETTER;
  if (c === 0x30 || c === 0x31 || c === 0x33 || c === 0x34 || c === 0x35 || c === 0x37) k |= LEET;
  if (c === 0x2e || c === 0x21 || c === 0x3f) k |= STOP | RARE;
  // A line break ends a sentence, and (nineteenth round) so does "|": a table's cells are read
  // one by one, so a sentence an attacker appends to a row ("| 2001-02 | EV Landsberg | Develop
  // a speech on ...") is a sentence of its own, with its first words and its stray bin, not the
  // tail of the row (BIPIA's tasks in the middle of a table: found 87 -> 112 of 157).
  if ((c === 0x0a || c === 0x7c || c === 0x3002 || c === 0xff01 || c === 0xff1f) && (k & WORD) === 0) k |= BREAK | RARE;
  if (c === 0x25 || c === 0x5c) k |= ESCAPE | RARE;
  INFO[c] = k;
}

/** What scan() found that the one-for-one reading cannot handle (see pipeline.ts). */
export const Scan = {
  /** A unit the normalizer would drop, expand or fold by context: read it the slow way. */
  BAIL: 1,
  /** A unit was folded to another (the normalized text is not the lower-cased one). */
  CHANGED: 2,
  /** Some unit is beyond ASCII. */
  NON_ASCII: 4,
  /** A run of 16+ base64 characters, a %xx or \x escape, or space-separated 2- or 8-digit groups: an encoded segment may be there. */
  SEGMENT: 8,
  /** A leetspeak digit in a word with letters. */
  LEET: 16,
} as const;

/**
 * How the normalizer reads a lower-cased non-ASCII unit on its own, when that is one unit for
 * one and does not depend on the neighbours: 0 not computed yet, -1 not so (an invisible
 * character, a look-alike, an expansion such as "ß" -> "ss", a surrogate), else the unit.
 */
const ONE_FOR_ONE = new Int32Array(1 << 16);
/** Look-alikes and the lower case of each (the text is lower-cased before this reading: "Β" is a look-alike, "β" is not). */
const LOOKALIKES = new Set<number>();
for (const c of LOOKALIKE.keys()) { LOOKALIKES.add(c); LOOKALIKES.add(String.fromCharCode(c).toLowerCase().charCodeAt(0)); }
function oneForOne(u: number): number {
  let v = -1;
  if (classify(u) === Cls.Visible && !(u >= 0xd800 && u <= 0xdfff) && u !== 0xfffd && !LOOKALIKES.has(u)) {
    const f = foldLatin(u);
    if (typeof f === 'number' && f >= 0) {
      const lower = String.fromCharCode(f).toLowerCase();
      const w = lower.charCodeAt(0);
      if (lower.length === 1 && w >= 0x20 && !LOOKALIKES.has(w)) v = w;
    }
  }
  ONE_FOR_ONE[u] = v;
  return v;
}

/** The runtime weights' stand-in when none are given (training). */
const NO_WEIGHTS = new Int8Array(BUCKETS);

function grow(a: Int32Array, n: number): Int32Array {
  return a.length >= n ? a : new Int32Array(Math.max(n, a.length * 2));
}

/** The text's UTF-16 units, written natively into a reused buffer (the kernel's memory when it takes the text), with a 0 after the last. */
let jsUnitBytes: Buffer = Buffer.alloc(1 << 14);
let jsUnits = new Uint16Array(jsUnitBytes.buffer, jsUnitBytes.byteOffset, jsUnitBytes.length >> 1);
let unitBytes: Buffer = jsUnitBytes;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
export function loadUnits(text: string): Uint16Array {
  const n = text.length;
  if (KERNEL !== null && n <= MAX_KERNEL_TEXT) {
    const views = KERNEL.reserve(n);
    views.unitBytes.write(text, 0, 2 * n, 'utf16le');
    views.units[n] = 0;
    unitBytes = views.unitBytes;
    return views.units;
  }
  if (jsUnits.length < n + 1) {
    jsUnitBytes = Buffer.alloc(Math.max(2 * (n + 1), jsUnitBytes.length * 2));
    jsUnits = new Uint16Array(jsUnitBytes.buffer, jsUnitBytes.byteOffset, jsUnitBytes.length >> 1);
  }
  unitBytes = jsUnitBytes;
  if (LITTLE_ENDIAN) jsUnitBytes.write(text, 0, 2 * n, 'utf16le');
  else for (let i = 0; i < n; i++) jsUnits[i] = text.charCodeAt(i);
  jsUnits[n] = 0;
  return jsUnits;
}
/** The first n units loaded by loadUnits, as a string (after foldUnits folded some). */
export function unitsToString(n: number): string {
  if (LITTLE_ENDIAN) return unitBytes.toString('utf16le', 0, 2 * n);
  let out = '';
  for (let i = 0; i < n; i += 8192) out += String.fromCharCode(...jsUnits.subarray(i, Math.min(n, i + 8192)));
  return out;
}

/**
 * Repeats: a feature seen again within REPEAT characters is not counted again, so a document
 * that repeats one sentence ("Thank you for your order." x 80) does not score as if it said it
 * 80 times louder. seen[bucket & 0xffff] holds a position on a clock that runs on across calls
 * (so nothing is cleared per call); sharing the low 16 bits between buckets only rarely drops a
 * feature (a few hundred features per window against 65,536 slots). Character 4-grams and word
 * features have a table each.
 */
export const REPEAT = 320;
const NEVER = -(1 << 29);
const gramSeen = new Int32Array(1 << 16).fill(NEVER);
const wordSeen = new Int32Array(1 << 16).fill(NEVER);
let clock = 0;

/** Texts up to this many units are scanned by the WebAssembly kernel; longer ones in JavaScript (the memory grown for one would stay). */
export const MAX_KERNEL_TEXT = 1 << 17;
/** What the kernel is built from. */
const KERNEL_INPUT = {
  bits: { WORD, SPACE, B64, HEX, LETTER, LEET, RARE, STOP, BREAK, ESCAPE, SEED, FNV: 0x01000193, GOLDEN: 0x9e3779b1, BITS, REPEAT, SEGMENT: Scan.SEGMENT, LEETSPEAK: Scan.LEET },
  info: INFO,
  never: NEVER,
} as const;
function createKernel(): Kernel | null {
  if (!LITTLE_ENDIAN || process.env['PORTCULLIS_INJECTION_KERNEL'] === 'js') return null;
  try {
    return new Kernel(KERNEL_INPUT.bits, KERNEL_INPUT.info, KERNEL_INPUT.never);
  } catch {
    return null;
  }
}
const KERNEL: Kernel | null = createKernel();
/** Whether the WebAssembly kernel runs (for tests and benchmarks). */
export const kernelAvailable = (): boolean => KERNEL !== null;

/** Reused buffers: the result is valid until the next call. */
const jsBuffers: Record<'cum' | 'tokenStart' | 'tokenEnd' | 'tokenHash' | 'tokenStem' | 'candidateTokens' | 'sentenceEnd', Int32Array> = {
  cum: new Int32Array(8192),
  tokenStart: new Int32Array(1024), tokenEnd: new Int32Array(1024), tokenHash: new Int32Array(1024), tokenStem: new Int32Array(1024),
  candidateTokens: new Int32Array(256), sentenceEnd: new Int32Array(256),
};
const shared: Features = { ...jsBuffers, n: 0, units: new Uint16Array(1), pass: 0, weights: null, count: 0, buckets: new Int32Array(16), positions: new Int32Array(16), tokens: 0, candidates: 0, sentenceEnds: 0 };
/**
 * Salts that give each source its own n-gram weights in the one table: "what is the capital of
 * Brazil?" is an ordinary user message and an injected task inside a retrieved e-mail.
 */
export const SOURCE_SALT = { direct: 0, indirect: 0x3c6ef35f, system: 0x7f4a7c15 } as const;

/**
 * System input is read as direct input with twins (see pipeline.ts): every feature counts twice,
 * under the direct salt and under the system one; `twin` is the xor of the two. Recorded for
 * training, the direct one of each pair is marked with this bit (buckets are under 2^BITS).
 */
export const SYSTEM_TWIN = SOURCE_SALT.system ^ SOURCE_SALT.direct;
export const DIRECT_TWIN = 1 << 30;

/**
 * Folds, in place, the non-ASCII units of a lower-cased text that the normalizer reads one for
 * one (see ONE_FOR_ONE); returns Scan flags (BAIL when some unit needs the full normalizer).
 */
export function foldUnits(u: Uint16Array, n: number): number {
  let flags = 0;
  for (let i = 0; i < n; i++) {
    const c = u[i] as number;
    if (c < 0x80) continue;
    flags |= Scan.NON_ASCII;
    let v = ONE_FOR_ONE[c] as number;
    if (v === 0) v = oneForOne(c);
    if (v < 0) return flags | Scan.BAIL;
    if (v !== c) { u[i] = v; flags |= Scan.CHANGED; }
  }
  return flags;
}

/**
 * The features of the first n units of `u` (loadUnits, u[n] = 0), a normalized text. Also
 * returns Scan flags (SEGMENT, LEET) for the one-pass reading of a text that was only
 * lower-cased and folded (foldUnits; see pipeline.ts). Linear; the features' buffers are reused
 * by the next call.
 *
 * The runtime runs this loop as WebAssembly (kernel.ts, the same loop instruction for
 * instruction: V8 compiles this JavaScript to much slower code, a bounds and type check on
 * every read); the JavaScript is the reference, what the training script runs (it records every
 * feature) and the fallback for very long texts.
 */
export function scan(u: Uint16Array, n: number, salt: number, weights: Int8Array | null, record: boolean, twin = 0): number {
  const f = shared;
  if (clock > (1 << 29)) { gramSeen.fill(NEVER); wordSeen.fill(NEVER); KERNEL?.forget(); clock = 0; }
  const base = clock + REPEAT + 1;
  clock = base + n + 1;
  if (!record && weights !== null && KERNEL !== null && !forceJs && n <= MAX_KERNEL_TEXT && u === KERNEL.views.units) {
    const r = KERNEL.scan(n, [SALT4 ^ salt, SALT_UNIGRAM ^ salt, SALT_BIGRAM ^ salt, SALT_FIRST ^ salt, SALT_FIRST2 ^ salt], twin, base, weights, ANCHOR_FILTER, anchorsVersion);
    const v = KERNEL.views;
    f.tokenStart = v.tokenStart; f.tokenEnd = v.tokenEnd; f.tokenHash = v.tokenHash; f.tokenStem = v.tokenStem;
    f.candidateTokens = v.candidateTokens; f.sentenceEnd = v.sentenceEnd; f.cum = v.cum;
    f.tokens = r.tokens; f.candidates = r.candidates; f.sentenceEnds = r.ends; f.count = 0;
    f.n = n; f.units = u;
    f.pass++;
    f.weights = weights;
    return r.flags;
  }
  const maxTokens = (n >> 1) + 2;
  const js = jsBuffers;
  if (js.tokenStart.length < maxTokens) {
    js.tokenStart = grow(js.tokenStart, maxTokens); js.tokenEnd = grow(js.tokenEnd, maxTokens);
    js.tokenHash = grow(js.tokenHash, maxTokens); js.tokenStem = grow(js.tokenStem, maxTokens);
    js.candidateTokens = grow(js.candidateTokens, maxTokens);
  }
  js.sentenceEnd = grow(js.sentenceEnd, n + 1);
  js.cum = grow(js.cum, 2 * n + 2);
  f.tokenStart = js.tokenStart; f.tokenEnd = js.tokenEnd; f.tokenHash = js.tokenHash; f.tokenStem = js.tokenStem;
  f.candidateTokens = js.candidateTokens; f.sentenceEnd = js.sentenceEnd; f.cum = js.cum;
  if (record) { f.buckets = grow(f.buckets, (twin === 0 ? 4 : 8) * n + 8); f.positions = grow(f.positions, f.buckets.length); }
  const flags = features(u, n, salt, twin, weights ?? NO_WEIGHTS, base, record);
  f.n = n; f.units = u;
  f.pass++;
  f.weights = weights;
  return flags;
}

/**
 * The one loop: word tokens (for the rules) and word features (unigram, bigram, and the first
 * word and first two words of each sentence or line, ending at the word's last unit), sentence
 * ends, character 4-grams (whitespace runs collapse to one space, digits read as 0), the prefix
 * sums, and the Scan flags.
 */
function features(u: Uint16Array, n: number, salt: number, twin: number, w: Int8Array, base: number, record: boolean): number {
  const f = shared;
  const { tokenStart, tokenEnd, tokenHash, tokenStem, candidateTokens, sentenceEnd, cum, buckets, positions } = f;
  const info = INFO, grams = gramSeen, words = wordSeen, anchors = ANCHOR_FILTER;
  const saltChar = SALT4 ^ salt, saltUnigram = SALT_UNIGRAM ^ salt, saltBigram = SALT_BIGRAM ^ salt, saltFirst = SALT_FIRST ^ salt, saltFirst2 = SALT_FIRST2 ^ salt;
  let flags = 0, tokens = 0, candidates = 0, ends = 0, recorded = 0, sum = 0, total = 0;
  // With a twin, each feature also counts under the twin salt; recorded, the first of the pair is marked (DIRECT_TWIN).
  const marked = twin === 0 ? 0 : DIRECT_TWIN;
  let wordStart = -1, wordH = SEED, stem = 0, wordBits = 0, prevWord = 0, firstWord = 0, sentenceWords = 0;
  let wordAll = 0, runStart = 0, groups = 0, lastGroupEnd = -2, gram = 0, lastSpace = 1;
  // Each feature below is "if not seen within REPEAT: add its weight, count it (and record it), and its twin's", written out.
  for (let i = 0; ; i++) {
    const c = u[i] as number; // u[n] is 0: a non-word unit that closes the last word
    const x = info[c] as number;
    if ((x & WORD) === 0 && wordStart >= 0) {
      // A word ends at i: its features end at its last unit, p.
      const length = i - wordStart, p = i - 1, at = base + p;
      tokenStart[tokens] = wordStart; tokenEnd[tokens] = i; tokenHash[tokens] = wordH; tokenStem[tokens] = length >= 5 ? stem : 0;
      if ((anchors[wordH & 0xffff] as number) + (length >= 5 ? (anchors[stem & 0xffff] as number) : 0) !== 0) candidateTokens[candidates++] = tokens;
      tokens++;
      let h = wordH ^ saltUnigram, b = bucket(h), key = b & 0xffff;
      if (at - (words[key] as number) > REPEAT) { words[key] = at; sum += w[b] as number; total++; if (record) { buckets[recorded] = b | marked; positions[recorded++] = p; } if (twin !== 0) { b = bucket(h ^ twin); sum += w[b] as number; total++; if (record) { buckets[recorded] = b; positions[recorded++] = p; } } }
      if (prevWord !== 0) {
        h = step(prevWord, wordH) ^ saltBigram; b = bucket(h); key = b & 0xffff;
        if (at - (words[key] as number) > REPEAT) { words[key] = at; sum += w[b] as number; total++; if (record) { buckets[recorded] = b | marked; positions[recorded++] = p; } if (twin !== 0) { b = bucket(h ^ twin); sum += w[b] as number; total++; if (record) { buckets[recorded] = b; positions[recorded++] = p; } } }
      }
      if (sentenceWords < 2) {
        if (sentenceWords === 0) { firstWord = wordH | 1; h = wordH ^ saltFirst; } else h = step(firstWord, wordH) ^ saltFirst2;
        b = bucket(h); key = b & 0xffff;
        if (at - (words[key] as number) > REPEAT) { words[key] = at; sum += w[b] as number; total++; if (record) { buckets[recorded] = b | marked; positions[recorded++] = p; } if (twin !== 0) { b = bucket(h ^ twin); sum += w[b] as number; total++; if (record) { buckets[recorded] = b; positions[recorded++] = p; } } }
      }
      sentenceWords++;
      prevWord = wordH | 1;
      wordStart = -1;
      // For the one-pass reading: a leetspeak digit among letters; hex pairs or binary bytes separated by single spaces.
      if ((wordBits & (LETTER | LEET)) === (LETTER | LEET)) flags |= Scan.LEET;
      if (i - runStart >= 16) flags |= Scan.SEGMENT;
      if ((length === 2 || length === 8) && c === 0x20 && (wordAll & HEX) !== 0) {
        groups = i - length === lastGroupEnd + 1 ? groups + 1 : 1;
        lastGroupEnd = i;
        if (groups >= 3) flags |= Scan.SEGMENT;
      }
    }
    cum[2 * i] = sum; cum[2 * i + 1] = total;
    if (i === n) break;
    if ((x & WORD) !== 0) {
      if (wordStart < 0) { wordStart = i; wordH = SEED; wordBits = x; wordAll = x; } else { wordBits |= x; wordAll &= x; }
      wordH = step(wordH, c);
      if (i - wordStart === 4) stem = wordH;
    } else {
      if ((x & RARE) !== 0) {
        // Sentence ends: after . ! ? followed by whitespace or the end, at line breaks, after CJK full stops.
        if ((x & BREAK) !== 0 || ((x & STOP) !== 0 && (u[i + 1] as number) <= 0x20)) { sentenceEnd[ends++] = i + 1; sentenceWords = 0; }
        if ((x & ESCAPE) !== 0 && escapeAt(u, i)) flags |= Scan.SEGMENT;
      }
      // A run of 16 base64 characters (letters, digits, + / - _; a word counts whole, at its end).
      if ((x & B64) === 0) runStart = i + 1;
      else if (i + 1 - runStart >= 16) flags |= Scan.SEGMENT;
    }
    // Whitespace runs collapse to one space.
    const space = (x & SPACE) !== 0 ? 1 : 0;
    if ((space & lastSpace) !== 0) continue;
    lastSpace = space;
    // The last four units, a byte each, in one integer.
    gram = (gram << 8) | (x & 0xff);
    const h = gram ^ saltChar, at = base + i;
    let b = bucket(h);
    const key = b & 0xffff;
    if (at - (grams[key] as number) > REPEAT) {
      grams[key] = at;
      sum += w[b] as number; total++; if (record) { buckets[recorded] = b | marked; positions[recorded++] = i; }
      if (twin !== 0) { b = bucket(h ^ twin); sum += w[b] as number; total++; if (record) { buckets[recorded] = b; positions[recorded++] = i; } }
    }
  }
  f.tokens = tokens;
  f.candidates = candidates;
  f.sentenceEnds = ends;
  f.count = recorded;
  return flags;
}

/** A '%' before a hex digit or a '\' before an 'x': an escape may start here. */
function escapeAt(u: Uint16Array, i: number): boolean {
  const next = u[i + 1] as number;
  return u[i] === 0x25 ? ((INFO[next] as number) & HEX) !== 0 : (next | 0x20) === 0x78;
}

/** The features of a normalized (lower-cased) text: scan() over it. `record` keeps each feature's bucket and position (training). */
export function extract(text: string, salt = 0, weights: Int8Array | null = null, record = weights === null, twin = 0): Features {
  scan(loadUnits(text), text.length, salt, weights, record, twin);
  return shared;
}

/** Tests: run the JavaScript scan even where the kernel would. */
let forceJs = false;
export function useJavaScriptScan(on: boolean): void { forceJs = on; }

/** The features scan() left (after a call to it). */
export const lastFeatures = (): Features => shared;
