/**
 * How much one word looks like a given name or surname, 0 to 1, from its letters alone: a
 * logistic regression over character n-grams (name-features.ts), trained by
 * scripts/train-name-model.ts on the name lexicons against English words, places and
 * organisations. names.ts asks it only about capitalised words no list knows, where the lexicon
 * has nothing to say: "Tomomi" and "Szöllösy" score high, "Impulse" and "Webpack" low.
 */
import { forEachFeature } from './name-features.ts';
import { BIAS, SCALE, WEIGHTS } from './name-model-data.ts';

const weights = new Int8Array(Buffer.from(WEIGHTS, 'base64'));
let sum = 0;
const add = (bucket: number): void => { sum += weights[bucket]!; };

/** The probability that `lower` (a lowercase word) is a person's name, by its spelling. */
export function nameLikeness(lower: string): number {
  sum = 0;
  forEachFeature(lower, add);
  return 1 / (1 + Math.exp(-(BIAS + sum * SCALE)));
}

/** The mean name-likeness of a chain's words, initials left out ("Digital Signature" is low, "Alpatu Shervashidze" is not). */
export function meanLikeness(words: readonly string[]): number {
  let sum = 0, count = 0;
  for (const w of words) if (w.length > 1) { sum += nameLikeness(w); count++; }
  return count === 0 ? 1 : sum / count;
}
