/**
 * The features of the name-likeness model: the character n-grams (2 to 5 characters) of a
 * lowercase word with its edges marked ("^to", "omi$"), hashed into BUCKETS slots. Shared by
 * the training script (scripts/train-name-model.ts) and the scorer (name-likeness.ts), so the
 * two cannot drift apart.
 */
export const BUCKETS = 1 << 15;
const MIN_N = 2, MAX_N = 5;
const EDGE = 0x5e; // '^' before the word, '$' (0x24) after it

/** Calls `use` with the bucket of every n-gram of `lower` (edges marked); no allocation. */
export function forEachFeature(lower: string, use: (bucket: number) => void): void {
  const n = lower.length + 2;
  const at = (i: number) => (i === 0 ? EDGE : i === n - 1 ? 0x24 : lower.charCodeAt(i - 1));
  for (let start = 0; start < n - 1; start++) {
    let h = 0x811c9dc5;
    for (let k = 0; k < MAX_N && start + k < n; k++) {
      h = Math.imul(h ^ at(start + k), 0x01000193);
      // Each length gets its own hash stream (mixed with k), so "ab" and "abc" do not share a slot by design.
      if (k + 1 >= MIN_N) use((Math.imul(h ^ (k + 1), 0x9e3779b1) >>> 17) & (BUCKETS - 1));
    }
  }
}

/** The buckets of `lower` as a list (training only: the scorer uses forEachFeature). */
export function featuresOf(lower: string): number[] {
  const out: number[] = [];
  forEachFeature(lower, (b) => out.push(b));
  return out;
}
