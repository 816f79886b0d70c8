/**
 * Whether a capitalised chain that names.ts's rules left open is a person: a small logistic
 * regression over what names.ts knows about the chain (its words' lexicon lists and spelling, its
 * length) and around it (the cues of cues.ts, the sentence's start, a list, the punctuation and
 * the function word on either side). It takes the place of hand-set score sums: the weights are
 * learnt by scripts/train-person-context.ts (npm run train:person) from a fixed seed, on the
 * tuning half of the evaluation set and on sentences that script writes from its own templates
 * (people, products named like people, firms, terms, technical prose), and committed as
 * person-context-data.ts.
 *
 * Every feature is named (FEATURES), so a weight can be read and explained. There are no word
 * identities among them: a version that also weighed the words around the chain (hashed) learnt
 * the wording of its training templates and did worse on templates it had not seen.
 * Scoring is a few dozen multiplications: no allocation, nothing read beyond the next token.
 */
import { FEATURE_WEIGHTS } from './person-context-data.ts';

/** What names.ts has found out about a chain when it asks the model (all about the chain as trimmed). */
export interface PersonFacts {
  /** Words in the chain, initials and inner particles ("van", "de") left out. */
  readonly words: number;
  /** The first word is a known first name (a common one; rare ones are `rareFirst`). */
  readonly headFirst: boolean;
  readonly rareFirst: boolean;
  /** The first word is a name that is also a word or a place ("Grace", "Austin"). */
  readonly ambiguousFirst: boolean;
  readonly anyLast: boolean;
  readonly hasInitial: boolean;
  /** No word is an ordinary word or a place. */
  readonly allUnknown: boolean;
  readonly foreign: boolean;
  readonly upper: boolean;
  /** A word with an English derivational ending ("Cautionary"). */
  readonly english: boolean;
  /** Reads as a product or a handle (an acronym among capitals, an inner capital). */
  readonly productLike: boolean;
  /** A lone word no list knows: its name-likeness minus one half (names.ts), else 0. */
  readonly spelling: number;
  /** Several words, none a known name: their mean name-likeness minus one half, else 0. */
  readonly termSpelling: number;
  /** What makes a lone unknown word a thing: an article or a tool verb before it, code around it. */
  readonly thing: boolean;
  readonly technical: boolean;
  readonly speaksOfPeople: boolean;
  readonly sentenceStart: boolean;
  readonly weakCue: boolean;
  readonly afterCue: boolean;
  /** A verb whose object is a person right before it ("hired", "met", "said"; cues.ts). */
  readonly personVerb: boolean;
  /** A state only people are in said of it ("is tired", "Why is ... so impulsive?"; cues.ts). */
  readonly personState: boolean;
  readonly possessive: boolean;
  readonly speaker: boolean;
  readonly vocative: boolean;
  readonly numberBefore: boolean;
  readonly label: boolean;
  readonly listItem: boolean;
  /** Alone on its line ("Karin Beike\nLeasing consultant"): a signature, a form, a list. */
  readonly lineAlone: boolean;
  /** The tokens just before and after the chain: a word in lowercase, punctuation as itself, a number as "0", '' for none. */
  readonly before: string;
  readonly after: string;
}

/** Prepositions that are not also cues for a person ("with", "by", "to", "for" are: lexicon.ts WEAK_NAME_CUES). */
const PREPOSITIONS = new Set(['of', 'in', 'at', 'on', 'from', 'into', 'about', 'via', 'inside', 'within', 'across']);
/** What may follow a subject: "Stanko is tired", "Pako does not ..." (people and things alike; the weights say how much). */
const COPULAS = new Set(['is', 'was']);
const AUXILIARIES = new Set(['has', 'had', 'will', 'would', 'can', 'could', 'does', 'did', 'should', 'may', 'might', 'must']);

/**
 * The named features, in the order of FEATURE_WEIGHTS. Each is a number (mostly 0 or 1) computed
 * from the facts; crossings are written out where a fact means something only with another
 * (spelling matters for a lone word; a sentence's start matters most for a lone word).
 */
export const FEATURES: readonly [string, (f: PersonFacts) => number][] = [
  ['bias', () => 1],
  ['one word', (f) => +(f.words === 1)],
  ['two words', (f) => +(f.words === 2)],
  ['three or more words', (f) => +(f.words >= 3)],
  ['known first name', (f) => +f.headFirst],
  ['known first name and more', (f) => +(f.headFirst && f.words >= 2)],
  ['rare first name', (f) => +f.rareFirst],
  // Products and languages are often named like the rarer first names ("Pino", "Lua") and come after the words things do.
  ['rare first name, after a preposition or an article', (f) => +(f.rareFirst && (f.thing || PREPOSITIONS.has(f.before) || f.before === 'with' || f.before === 'for'))],
  ['ambiguous first name', (f) => +f.ambiguousFirst],
  ['known surname', (f) => +f.anyLast],
  ['known surname alone', (f) => +(f.anyLast && f.words === 1)],
  ['an initial', (f) => +f.hasInitial],
  ['no ordinary word', (f) => +f.allUnknown],
  ['no ordinary word, several', (f) => +(f.allUnknown && f.words >= 2)],
  ['non-ASCII letters', (f) => +f.foreign],
  ['all capitals', (f) => +f.upper],
  ['English ending', (f) => +f.english],
  ['product-like', (f) => +f.productLike],
  ['spelling', (f) => f.spelling],
  ['spelling at a sentence start', (f) => (f.sentenceStart ? f.spelling : 0)],
  ['spelling in a text about people', (f) => (f.speaksOfPeople ? f.spelling : 0)],
  ['term spelling', (f) => f.termSpelling],
  ['thing context', (f) => +f.thing],
  ['technical text', (f) => +f.technical],
  ['technical text, word unknown', (f) => +(f.technical && f.allUnknown && !f.headFirst && !f.anyLast)],
  ['text about people', (f) => +f.speaksOfPeople],
  ['sentence start', (f) => +f.sentenceStart],
  ['sentence start, one word', (f) => +(f.sentenceStart && f.words === 1)],
  ['weak cue before', (f) => +f.weakCue],
  ['person cue after', (f) => +f.afterCue],
  ['verb taking people before', (f) => +f.personVerb],
  ['state of a person said of it', (f) => +f.personState],
  ['possessive', (f) => +f.possessive],
  ['speaker', (f) => +f.speaker],
  ['addressed', (f) => +f.vocative],
  ['number before', (f) => +f.numberBefore],
  ['field label', (f) => +f.label],
  ['list item', (f) => +f.listItem],
  ['alone on its line', (f) => +f.lineAlone],
  ['comma before', (f) => +(f.before === ',')],
  ['comma after', (f) => +(f.after === ',')],
  ['end of sentence after', (f) => +(f.after === '' || f.after === '.' || f.after === '!' || f.after === '?')],
  ['preposition before', (f) => +PREPOSITIONS.has(f.before)],
  ['"is" or "was" after', (f) => +COPULAS.has(f.after)],
  ['auxiliary after', (f) => +AUXILIARIES.has(f.after)],
  ['lone word, "is" or "was" after', (f) => +(f.words === 1 && COPULAS.has(f.after))],
];

const weights = Float64Array.from(FEATURE_WEIGHTS);

/** The feature values of the facts, in the order of FEATURES (training). */
export const featureValues = (f: PersonFacts): Float64Array => Float64Array.from(FEATURES, ([, value]) => value(f));

/** The model's log-odds that the chain is a person. */
export function personLogit(f: PersonFacts): number {
  let z = 0;
  for (let k = 0; k < FEATURES.length; k++) z += weights[k]! * FEATURES[k]![1](f);
  return z;
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** The probability that the chain is a person, and how much of it its spelling gave (for relate.ts). */
export function personScore(f: PersonFacts): { score: number; spelling: number } {
  const z = personLogit(f);
  const score = sigmoid(z);
  if (f.spelling === 0) return { score, spelling: 0 };
  const without = sigmoid(z - spellingTerms(f));
  return { score, spelling: Math.max(0, score - without) };
}

const SPELLING = ['spelling', 'spelling at a sentence start', 'spelling in a text about people'].map((name) => FEATURES.findIndex(([n]) => n === name));
/** The part of the log-odds the spelling features contribute. */
function spellingTerms(f: PersonFacts): number {
  let z = 0;
  for (const k of SPELLING) z += weights[k]! * FEATURES[k]![1](f);
  return z;
}
