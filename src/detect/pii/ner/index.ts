/**
 * PERSON, LOCATION, ORGANIZATION and STREET_ADDRESS recognizers, built on a shared analysis of
 * the text: one tokenization, addresses first (so that "Colorado Springs" inside an address is
 * not also a place and "Joaquin Suarez 2906" not a person), then names outside addresses.
 * The four recognizers read the same analysis, computed once per scanned text (perScan), so a
 * scan pays for it once however many of them are enabled.
 *
 * Nothing is downloaded: the vocabulary is compromise's lexicon, baked into lexicon-data.ts at
 * build time (see scripts/build-ner-lexicon.ts), and the two models, logistic regressions on the
 * letters of a word (name-likeness.ts) and on what surrounds a chain of capitalised words
 * (person-context.ts), are committed as name-model-data.ts and person-context-data.ts, trained
 * by scripts/train-name-model.ts and scripts/train-person-context.ts from fixed seeds.
 */
import { perScan } from '../../scan.ts';
import type { Candidate, Recognizer, ScanText } from '../../types.ts';
import { findAddresses } from './address.ts';
import { findNames, type PersonObserver } from './names.ts';
import { tokenizeSparse } from './sparse.ts';
import { tokenize } from './tokens.ts';

interface Analysis {
  readonly PERSON: Candidate[];
  readonly LOCATION: Candidate[];
  readonly ORGANIZATION: Candidate[];
  readonly STREET_ADDRESS: Candidate[];
}

const cached = perScan((input) => analyze(input));
/** Tokens inside an address, reused between scans (zeroed for each). */
let covered = new Uint8Array(256);

/**
 * Finds every entity of the four types in the text (exported for tests and the evaluation).
 * `everyToken` analyses all tokens rather than those around anchors (sparse.ts): the same
 * result, slower; the tests compare the two. `observe` sees what the PERSON context model is
 * asked (training only).
 */
export function analyze(input: ScanText, everyToken = false, observe?: PersonObserver): Analysis {
  const t = everyToken ? tokenize(input.text, input.lower) : tokenizeSparse(input.text, input.lower);
  // A message with no capitalised word at all is written in lowercase: names must then be
  // recognised from the lexicon alone.
  const caseless = t.words >= 2 && t.capitalized === 0;
  const analysis: Analysis = { PERSON: [], LOCATION: [], ORGANIZATION: [], STREET_ADDRESS: [] };
  if (covered.length < t.count) covered = new Uint8Array(t.count * 2);
  else covered.fill(0, 0, t.count);
  for (const span of findAddresses(t, caseless)) {
    analysis.STREET_ADDRESS.push({ type: 'STREET_ADDRESS', start: span.start, end: span.end, score: span.score });
    covered.fill(1, span.first, span.last + 1);
  }
  for (const entity of findNames(t, caseless, covered, observe)) analysis[entity.type].push(entity);
  return analysis;
}

/** Any letter in upper case: without one, only a lowercase message can hold a name. */
const hasLetters = (input: ScanText): boolean => input.text !== input.lower || /[a-z]{2}/.test(input.lower);

export const personRecognizer: Recognizer = {
  name: 'person',
  detector: 'pii',
  types: ['PERSON'],
  mayMatch: hasLetters,
  find: (input) => cached(input).PERSON,
};

export const locationRecognizer: Recognizer = {
  name: 'location',
  detector: 'pii',
  types: ['LOCATION'],
  mayMatch: hasLetters,
  find: (input) => cached(input).LOCATION,
};

export const organizationRecognizer: Recognizer = {
  name: 'organization',
  detector: 'pii',
  types: ['ORGANIZATION'],
  mayMatch: hasLetters,
  find: (input) => cached(input).ORGANIZATION,
};

export const streetAddressRecognizer: Recognizer = {
  name: 'street_address',
  detector: 'pii',
  types: ['STREET_ADDRESS'],
  // A bare "Name 12" (no street word) needs one of these nearby to pass the threshold.
  context: ['address', 'live at', 'lives at', 'live on', 'lives on', 'located', 'residence', 'reside', 'ship to', 'deliver', 'mail to', 'send', 'sent to', 'street', 'meet me at', 'office is at'],
  contextBoost: 0.35,
  // Every address has a digit.
  mayMatch: (input) => /\d/.test(input.text),
  find: (input) => cached(input).STREET_ADDRESS,
};

/** The recognizers of this module, for PII_RECOGNIZERS. */
export const NER_RECOGNIZERS: readonly Recognizer[] = [streetAddressRecognizer, personRecognizer, locationRecognizer, organizationRecognizer];
