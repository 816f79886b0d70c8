/**
 * The detector's reading of a text, shared by the runtime (index.ts) and the training script:
 * normalize, extract the features (salted by source: each source has its own n-gram weights),
 * find the rule hits, list the whole-text features. Given the runtime's int8 weights, the
 * features come with their weights already summed (features.ts).
 *
 * Most texts need nothing from the normalizer but lower case and a few one-for-one folds ("é" ->
 * "e"): no invisible or look-alike character, no encoded segment, no leetspeak. For them the
 * feature pass runs on the lower-cased text directly and does those folds itself (features.ts,
 * `fast`), which also tells whether the text was such a text; if not, or if a possible encoded
 * segment turns out to decode, the text is read again the full way (normalize.ts). Both ways give
 * the same normalized text (test/detect/injection-normalize.test.ts checks it on every data set).
 */
import { alignedLowerCase } from '../scan.ts';
import { CopyOnWrite, foldConfusableWords } from './confusables.ts';
import { decodePuzzleLines, decodeSegments } from './decode.ts';
import { extract, type Features, foldUnits, lastFeatures, loadUnits, Scan, scan, SOURCE_SALT, SYSTEM_TWIN, unitsToString } from './features.ts';
import { globalFeatures, type Source } from './model.ts';
import { isTabular } from './stray.ts';
import { type Normalized, normalize } from './normalize.ts';
import { findRuleHits, type RuleHit } from './rules.ts';
import { scrambledWords, unscramble } from './scrambled.ts';
import { joinSpacedLetters, spacedRuns } from './spaced.ts';

export interface Reading {
  readonly normalized: Normalized;
  /** Reused buffers: valid until the next call to read(). */
  readonly features: Features;
  readonly hits: RuleHit[];
  readonly global: string[];
  /** Letter-spaced runs joined in place ([start, end) in the normalized text): a passage touching one covers all of it. */
  readonly joined: readonly (readonly [number, number])[];
}

const NONE: never[] = [];

/**
 * The one-pass reading: the normalized text and its features, or null when the text needs the
 * full normalizer. Exported for the test that checks it against normalize().
 */
export function readFast(text: string, salt: number, weights: Int8Array | null, record: boolean, twin = 0): Normalized | null {
  const lower = alignedLowerCase(text);
  const n = lower.length;
  const units = loadUnits(lower);
  // Beyond ASCII (a native count of UTF-8 bytes says so), fold what reads one for one, or give up.
  let flags = Buffer.byteLength(lower, 'utf8') === n ? 0 : foldUnits(units, n);
  if ((flags & Scan.BAIL) !== 0) return null;
  flags |= scan(units, n, salt, weights, record, twin);
  let normalized = (flags & Scan.CHANGED) !== 0 ? unitsToString(n) : lower;
  if ((flags & Scan.SEGMENT) !== 0) {
    // Possibly an encoded segment: decoded from the original (base64 is case-sensitive), as the
    // normalizer would for an ASCII text; only when nothing decodes is this reading its reading.
    if (Buffer.byteLength(text, 'utf8') !== text.length || decodeSegments(text).count > 0) return null;
  }
  if ((flags & Scan.LEET) !== 0) {
    const words = new CopyOnWrite(normalized);
    foldConfusableWords(words);
    const folded = words.toString();
    if (folded !== normalized) {
      normalized = folded;
      extract(normalized, salt, weights, record, twin);
    }
  }
  return { text: normalized, starts: null, ends: null, invisible: NONE, decodedSegments: 0, ascii: (flags & Scan.NON_ASCII) === 0 };
}

/**
 * Reads `text` as `source` input. `weights` (the runtime's) lets the feature pass sum them on
 * the way; without them (training) each feature's bucket and position are recorded instead.
 */
export function read(text: string, source: Source, weights: Int8Array | null = null): Reading {
  // System input is read as direct input plus a correction: each feature counts under the direct
  // salt and again under the system one (features.ts, SYSTEM_TWIN), whose weights are trained on
  // system input alone (scripts/train-injection.ts: the direct ones are fixed while they learn).
  // A system prompt written in a way the few operators' prompts trained on never were still gets
  // everything direct input taught (that "you should never discuss pricing" is ordinary English),
  // and what system input teaches ("You are ... Rules: never ...") stays out of the direct
  // weights, so jailbreak templates sent as user messages are not learnt as benign.
  const salt = SOURCE_SALT[source === 'system' ? 'direct' : source];
  const twin = source === 'system' ? SYSTEM_TWIN : 0;
  const record = weights === null;
  let normalized = readFast(text, salt, weights, record, twin);
  let features: Features;
  if (normalized === null) {
    normalized = normalize(text);
    features = extract(normalized.text, salt, weights, record, twin);
  } else features = lastFeatures();
  let scanned = findRuleHits(normalized.text, features, normalized.ascii);
  if (scanned.puzzles.length >= 2) {
    // ROT13 or reversed lines: decode them in place (same length) and read the text again.
    const decoded = decodePuzzleLines(normalized.text, scanned.puzzles);
    if (decoded.count > 0) {
      normalized = { ...normalized, text: decoded.text, decodedSegments: normalized.decodedSegments + decoded.count };
      features = extract(normalized.text, salt, weights, record, twin);
      scanned = findRuleHits(normalized.text, features, normalized.ascii);
    }
  }
  const scrambled = scrambledWords(normalized.text, features);
  if (scrambled.length > 0) {
    // Scrambled rule words ("ignroe all prevoius instructions"): written back in place (same length) and read again.
    normalized = { ...normalized, text: unscramble(normalized.text, scrambled) };
    features = extract(normalized.text, salt, weights, record, twin);
    scanned = findRuleHits(normalized.text, features, normalized.ascii);
  }
  const spaced = spacedRuns(normalized.text, features);
  let joined: (readonly [number, number])[] = NONE;
  if (spaced.length > 0) {
    // Letter-spaced words ("i g n o r e"): joined in place (same length) and read again.
    joined = spaced.map(({ first, last }) => [features.tokenStart[first]!, features.tokenEnd[last]!] as const);
    normalized = { ...normalized, text: joinSpacedLetters(normalized.text, features, spaced) };
    features = extract(normalized.text, salt, weights, record, twin);
    scanned = findRuleHits(normalized.text, features, normalized.ascii);
  }
  return { normalized, features, hits: scanned.hits, global: globalFeatures(normalized.decodedSegments, normalized.invisible.length, scanned.hits, source, source === 'indirect' && isTabular(features)), joined };
}
