/**
 * The detector's reading of a text, shared by the runtime (index.ts) and the training script:
 * normalize, extract the features (salted by source: each source has its own n-gram weights),
 * find the rule hits, list the whole-text features. Given the runtime's int8 weights, the
 * features come with their weights already summed (features.ts).
 */
import { decodePuzzleLines } from './decode.ts';
import { extract, type Features, SOURCE_SALT } from './features.ts';
import { globalFeatures, type Source } from './model.ts';
import { type Normalized, normalize } from './normalize.ts';
import { findRuleHits, type RuleHit } from './rules.ts';

export interface Reading {
  readonly normalized: Normalized;
  /** Reused buffers: valid until the next call to read(). */
  readonly features: Features;
  readonly hits: RuleHit[];
  readonly global: string[];
}

/** Reads `text` as `source` input; `weights` (the runtime's) lets extract() sum them on the way. */
export function read(text: string, source: Source, weights: Int8Array | null = null): Reading {
  let normalized = normalize(text);
  const salt = SOURCE_SALT[source];
  let features = extract(normalized.text, salt, weights);
  let scan = findRuleHits(normalized.text, features, normalized.ascii);
  if (scan.puzzles.length >= 2) {
    // ROT13 or reversed lines: decode them in place (same length) and read the text again.
    const decoded = decodePuzzleLines(normalized.text, scan.puzzles);
    if (decoded.count > 0) {
      normalized = { ...normalized, text: decoded.text, decodedSegments: normalized.decodedSegments + decoded.count };
      features = extract(normalized.text, salt, weights);
      scan = findRuleHits(normalized.text, features, normalized.ascii);
    }
  }
  return { normalized, features, hits: scan.hits, global: globalFeatures(normalized.decodedSegments, normalized.invisible.length) };
}
