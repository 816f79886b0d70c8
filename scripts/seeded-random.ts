/**
 * mulberry32: a small seeded pseudo-random generator (32-bit state), returning numbers in
 * [0, 1). Everything that must come out the same on every run uses it: the training scripts
 * (the committed models are retrained byte for byte in tests), the synthetic evaluation sets,
 * and the property tests (a failure reproduces from its seed). Not for anything secret.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [0, n) from a generator. */
export function below(random: () => number, n: number): number {
  return Math.floor(random() * n);
}
